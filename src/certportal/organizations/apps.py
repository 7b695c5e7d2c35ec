from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "certportal.organizations"
    label = "organizations"
    verbose_name = _("获证组织")
