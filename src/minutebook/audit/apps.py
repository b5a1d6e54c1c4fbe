from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "minutebook.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from minutebook.audit.recorder import connect

        connect()
