from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutebook.minutes"
    label = "minutes"
    verbose_name = "Minutes"

    def ready(self) -> None:
        # Model-level guard on decisions.MinuteItem: refuse edits to locked minutes; and
        # draft minutes follow the council's publish_draft_minutes setting when it changes.
        from minutebook.minutes import guards, publication  # noqa: F401
