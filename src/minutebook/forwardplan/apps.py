from django.apps import AppConfig


class ForwardplanConfig(AppConfig):
    name = "minutebook.forwardplan"
    label = "forwardplan"
    verbose_name = "Forward plan"
