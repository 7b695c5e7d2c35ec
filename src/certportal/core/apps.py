from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "certportal.core"
    label = "core"
    verbose_name = _("系统设置")
