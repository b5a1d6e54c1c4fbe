from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "minutebook.api"
    label = "api"
    verbose_name = "OParl API"

    def ready(self) -> None:
        from minutebook.api import record_signals, signals

        signals.connect()
        record_signals.connect()
