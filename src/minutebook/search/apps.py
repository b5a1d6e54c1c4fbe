from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "minutebook.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from minutebook.search import signals  # noqa: F401
