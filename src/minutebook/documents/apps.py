from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "minutebook.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from minutebook.documents import versions

        versions.connect()
