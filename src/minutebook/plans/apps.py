from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "minutebook.plans"
    label = "plans"
    verbose_name = "Plans and actions"
