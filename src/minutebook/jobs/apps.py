from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background work: the task worker, the schedule, and their health."""

    name = "minutebook.jobs"
    label = "jobs"
    default_auto_field = "django.db.models.BigAutoField"
