from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "minutebook.documents"
    label = "documents"
    verbose_name = "Documents"
