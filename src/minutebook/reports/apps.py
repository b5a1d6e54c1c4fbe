from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "minutebook.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from minutebook.reports.signals import refuse_uncleared_publication

        pre_save.connect(
            refuse_uncleared_publication,
            sender="meetings.Meeting",
            dispatch_uid="reports-refuse-uncleared-publication",
        )
