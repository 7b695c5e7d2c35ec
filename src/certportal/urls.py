from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from certportal.api.urls import api

urlpatterns = [
    path("", include("certportal.web.urls")),
    path("staff/", include("certportal.staff.urls")),
    # Staff log in through one door, with its limits and session policy.
    path(
        "staff/records/login/",
        RedirectView.as_view(pattern_name="staff:login", query_string=True),
    ),
    path("staff/records/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Answers 404 unless CERTPORTAL_DEMO is on.
    path("demo/", include("certportal.notify.demo_urls")),
]
