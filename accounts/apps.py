from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .middleware import mark_signed_in

        user_logged_in.connect(mark_signed_in, dispatch_uid="accounts.mark_signed_in")
