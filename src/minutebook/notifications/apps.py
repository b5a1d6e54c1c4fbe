from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "minutebook.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The domain apps never import this one: it listens to their save signals.
        from minutebook.notifications import events

        events.connect()
