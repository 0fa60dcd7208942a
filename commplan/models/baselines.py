from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..validators import one_line


class Baseline(models.Model):
    """A named snapshot of a plan's rows ("Pilot approved") to compare the plan with later."""

    plan = models.ForeignKey(
        "commplan.CommunicationPlan",
        on_delete=models.CASCADE,
        related_name="baselines",
        verbose_name=_("plan"),
    )
    name = models.CharField(_("name"), max_length=200, validators=[one_line])
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="baseline_name_unique_in_plan"),
        ]

    def __str__(self):
        return self.name
