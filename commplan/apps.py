from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommplanConfig(AppConfig):
    name = "commplan"
    verbose_name = _("Communication plans")
