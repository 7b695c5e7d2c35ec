from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from certportal.api.urls import api

urlpatterns = [
    path("", include("certportal.web.urls")),
    path("staff/", include("certportal.staff.urls")),
    path("staff/records/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEMO:
    urlpatterns.append(path("demo/", include("certportal.notify.demo_urls")))
