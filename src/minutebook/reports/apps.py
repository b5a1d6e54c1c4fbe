from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "minutebook.reports"
    label = "reports"
    verbose_name = "Reports"
