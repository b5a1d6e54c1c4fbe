from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "minutebook.people"
    label = "people"
    verbose_name = "People"
