from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutebook.minutes"
    label = "minutes"
    verbose_name = "Minutes"

    def ready(self) -> None:
        # Model-level guard on decisions.MinuteItem: refuse edits to locked minutes.
        from minutebook.minutes import guards  # noqa: F401
