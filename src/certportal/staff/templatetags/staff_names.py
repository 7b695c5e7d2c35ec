from typing import Any

from django import template

from certportal.staff.names import full_name as _full_name

register = template.Library()


@register.filter
def full_name(user: Any) -> str:
    """{{ user|full_name }}: see certportal.staff.names.full_name."""
    if user is None:
        return ""
    return _full_name(user)
