from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "minutebook.backoffice"
    label = "backoffice"
    verbose_name = "Officer pages"
