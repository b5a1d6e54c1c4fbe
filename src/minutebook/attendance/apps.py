from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "minutebook.attendance"
    label = "attendance"
    verbose_name = "Attendance"
