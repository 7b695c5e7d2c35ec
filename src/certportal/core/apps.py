from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "certportal.core"
    label = "core"
