from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "minutebook.packs"
    label = "packs"
    verbose_name = "Agenda packs and minutes"
