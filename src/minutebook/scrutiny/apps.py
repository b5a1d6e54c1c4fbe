from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "minutebook.scrutiny"
    label = "scrutiny"
    verbose_name = "Scrutiny"
