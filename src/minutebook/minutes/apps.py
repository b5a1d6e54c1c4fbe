from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class MinutesConfig(AppConfig):
    name = "minutebook.minutes"
    label = "minutes"
    verbose_name = "Minutes"

    def ready(self) -> None:
        # Model-level guards on decisions.MinuteItem and signed copies (documents.Document):
        # refuse edits to signed minutes; and draft minutes follow the council's
        # publish_draft_minutes setting when it changes.
        from minutebook.minutes import guards, publication, triggers  # noqa: F401

        # The database triggers: off on SQLite while migrations run (it rebuilds tables to
        # alter them), put back with current columns after every migrate.
        pre_migrate.connect(
            triggers.remove_for_migrate, sender=self, dispatch_uid="minutes-triggers-off"
        )
        post_migrate.connect(
            triggers.reinstall, sender=self, dispatch_uid="minutes-immutable-triggers"
        )
