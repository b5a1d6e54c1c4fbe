from django.apps import AppConfig


class MirrorConfig(AppConfig):
    name = "minutebook.mirror"
    label = "mirror"
    verbose_name = "OParl mirrors"
