from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "certportal.staff"
    label = "staff"
    verbose_name = _("中心后台")
