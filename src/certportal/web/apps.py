from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "certportal.web"
    label = "web"
    verbose_name = _("企业端")
