from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "minutebook.meetings"
    label = "meetings"
    verbose_name = "Meetings"
