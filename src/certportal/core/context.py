from django.conf import settings
from django.http import HttpRequest


def centre(request: HttpRequest) -> dict[str, object]:
    """The centre's name and hotlines, shown wherever a client may get stuck."""
    return {
        "centre": settings.CENTRE,
        "demo_mode": settings.DEMO,
        "review_days": settings.REVIEW_WORKING_DAYS,
    }
