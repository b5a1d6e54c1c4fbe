from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "minutebook.participation"
    label = "participation"
    verbose_name = "Public participation"
