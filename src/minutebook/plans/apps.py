from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "minutebook.plans"
    label = "plans"
    verbose_name = "Plans and actions"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from minutebook.plans import evidence
        from minutebook.plans.models import Plan, PlanEvidence, PlanItem

        # An evidence file's publication follows its tick, its item's plan and that plan's
        # publication, from any route; a deleted evidence row withdraws its file.
        post_save.connect(evidence.plan_saved, sender=Plan, dispatch_uid="plans.evidence")
        post_save.connect(evidence.item_saved, sender=PlanItem, dispatch_uid="plans.evidence")
        post_save.connect(
            evidence.evidence_saved, sender=PlanEvidence, dispatch_uid="plans.evidence"
        )
        post_delete.connect(
            evidence.evidence_deleted, sender=PlanEvidence, dispatch_uid="plans.evidence"
        )
