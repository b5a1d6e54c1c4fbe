from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "minutebook.publishing"
    label = "publishing"
    verbose_name = "Public site"
