from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "minutebook.alerts"
    label = "alerts"
    verbose_name = "Email alerts"

    def ready(self) -> None:
        from minutebook.alerts import services

        services.connect()
