from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "minutebook.core"
    label = "core"
    verbose_name = "Core"
