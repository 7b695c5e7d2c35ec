from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "certportal.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login and logout are recorded)
