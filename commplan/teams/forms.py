"""The Teams webhook address, checked strictly: https, a Teams Workflows or legacy
incoming-webhook host, and the whole address as Teams gave it."""

from urllib.parse import parse_qs, urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Teams Workflows ("post to a channel when a webhook request is received") and the legacy
# Office 365 connector webhooks.
WORKFLOW_HOSTS = (".logic.azure.com", ".environment.api.powerplatform.com")
LEGACY_HOSTS = (".webhook.office.com",)
MAX_LENGTH = 2000


def validate_webhook_url(url):
    """Raise ValidationError unless `url` is a Teams webhook address; the messages never repeat
    the address (it is a secret, and error reports may be read by others)."""
    if any(character.isspace() for character in url) or len(url) > MAX_LENGTH:
        raise ValidationError(
            _("Paste the address exactly as Teams shows it, in one line."), code="format"
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("This is not a web address."), code="format") from None
    if parts.scheme != "https":
        raise ValidationError(_("The address must start with https://."), code="scheme")
    host = (parts.hostname or "").lower()
    known = WORKFLOW_HOSTS + LEGACY_HOSTS
    if (
        parts.username
        or parts.password
        or port not in (None, 443)
        or parts.fragment
        or not host.endswith(known)
        or not all(
            label.isascii() and label.replace("-", "").isalnum() for label in host.split(".")
        )
    ):
        raise ValidationError(
            _(
                "This is not a Teams webhook address. It ends in logic.azure.com, "
                "environment.api.powerplatform.com or webhook.office.com."
            ),
            code="host",
        )
    if host.endswith(WORKFLOW_HOSTS) and not parse_qs(parts.query).get("sig"):
        raise ValidationError(
            _(
                "The address is incomplete: the part after “sig=” is missing. Copy the whole "
                "HTTP POST URL from the workflow."
            ),
            code="incomplete",
        )
    if len(parts.path.strip("/")) < 8:
        raise ValidationError(
            _("The address is incomplete. Copy the whole HTTP POST URL from the workflow."),
            code="incomplete",
        )


class UnshownURLInput(forms.URLInput):
    """An address field that never writes the address back into the page, even after an
    error: it is a secret, and the page may be on a shared screen."""

    def format_value(self, value):
        return None


class WebhookForm(forms.Form):
    """A new address (empty keeps the current one), the channel's card language, or removal."""

    url = forms.CharField(
        label=_("Webhook address"),
        required=False,
        strip=True,
        max_length=MAX_LENGTH,
        widget=UnshownURLInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "url"}
        ),
        help_text=_(
            "The HTTP POST URL of the Teams workflow “Post to a channel when a webhook request "
            "is received”. Kept encrypted and never shown again in full."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the cards"),
        choices=settings.LANGUAGES,
        help_text=_("The channel's cards are written in this language."),
    )
    remove = forms.BooleanField(
        label=_("Stop posting to Teams and forget the address"), required=False
    )

    def __init__(self, *args, hook=None, for_plan=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.hook = hook
        if not for_plan:
            del self.fields["language"]  # a person's cards follow their own language
        if hook is None:
            del self.fields["remove"]
        else:
            self.fields["url"].help_text = _(
                "Now: %(hint)s. Leave empty to keep it; a new address replaces it."
            ) % {"hint": hook.hint}

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url:
            validate_webhook_url(url)
        return url

    def clean(self):
        cleaned = super().clean()
        if self.hook is None and not cleaned.get("url") and "url" not in self.errors:
            self.add_error("url", _("Enter the workflow's address."))
        return cleaned
