from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "minutebook.api"
    label = "api"
    verbose_name = "OParl API"

    def ready(self) -> None:
        from minutebook.api import signals

        signals.connect()
