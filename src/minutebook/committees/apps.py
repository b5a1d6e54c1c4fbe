from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "minutebook.committees"
    label = "committees"
    verbose_name = "Committees"
