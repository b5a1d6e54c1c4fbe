from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "minutebook.councils"
    label = "councils"
    verbose_name = "Councils"
