from django.urls import path

from . import demo_views

app_name = "demo"
urlpatterns = [path("sms/", demo_views.sms_outbox, name="sms")]
