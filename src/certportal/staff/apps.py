from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "certportal.staff"
    label = "staff"
    verbose_name = _("中心后台")

    def ready(self) -> None:
        from django.conf import settings
        from django.contrib import admin

        admin.site.site_header = _("%(centre)s · 基础数据管理") % {
            "centre": settings.CENTRE["name"]
        }
        admin.site.site_title = _("基础数据管理")
        admin.site.site_url = "/staff/"
