from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "minutebook.decisions"
    label = "decisions"
    verbose_name = "Decisions"
