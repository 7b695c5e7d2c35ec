from django.contrib import admin
from django.urls import include, path

from certportal.api.urls import api

urlpatterns = [
    path("", include("certportal.web.urls")),
    path("staff/", include("certportal.staff.urls")),
    path("staff/records/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Answers 404 unless CERTPORTAL_DEMO is on.
    path("demo/", include("certportal.notify.demo_urls")),
]
