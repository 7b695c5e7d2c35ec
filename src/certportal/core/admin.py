from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from certportal.accounts import roles

from .models import CalendarDay, CalendarYear


class CentreAdminAccess(admin.ModelAdmin):
    """Records the centre's administrators keep; deleting stays with superusers.

    Roles are groups without model permissions, so access is decided here.
    """

    def _centre_admin(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.has_role(roles.CENTRE_ADMIN))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._centre_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._centre_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._centre_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._centre_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


@admin.register(CalendarDay)
class CalendarDayAdmin(CentreAdminAccess):
    list_display = ["day", "working", "note"]
    list_filter = ["working"]
    date_hierarchy = "day"


@admin.register(CalendarYear)
class CalendarYearAdmin(CentreAdminAccess):
    list_display = ["year", "note"]


class ViewOnlyAdmin(admin.ModelAdmin):
    """Records staff may read in the back office but never add, change or delete.

    Subclasses say who may look by overriding may_view.
    """

    def may_view(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.may_view(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_view(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
