from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "minutebook.importer"
    label = "importer"
    verbose_name = "Archive import"
