from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "minutebook.plans"
    label = "plans"
    verbose_name = "Plans and actions"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from minutebook.plans import evidence
        from minutebook.plans.models import Plan

        # Publishing or withdrawing a plan, from any route, publishes or withdraws its files.
        post_save.connect(evidence.plan_saved, sender=Plan, dispatch_uid="plans.evidence")
