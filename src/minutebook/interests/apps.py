from django.apps import AppConfig


class InterestsConfig(AppConfig):
    name = "minutebook.interests"
    label = "interests"
    verbose_name = "Interests"
