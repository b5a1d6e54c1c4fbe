"""What the API must remember that no other model does: objects gone from public view.

OParl clients keep copies. When a committee, meeting or paper is deleted, or a report or
file becomes exempt, a client syncing with ``modified_since`` must learn that it is gone:
the spec's soft deletion (``deleted: true``). A ``Tombstone`` keeps only the type, the id
and when it went, never any content.
"""

from __future__ import annotations

from django.db import models

from minutebook.councils.models import Council


class OParlType(models.TextChoices):
    ORGANIZATION = "Organization"
    #: Political groups are OParl Organizations with ids of their own (``/group/<pk>``).
    POLITICAL_GROUP = "PoliticalGroup"
    PERSON = "Person"
    MEMBERSHIP = "Membership"
    MEETING = "Meeting"
    AGENDA_ITEM = "AgendaItem"
    PAPER = "Paper"
    CONSULTATION = "Consultation"
    FILE = "File"
    LOCATION = "Location"
    LEGISLATIVE_TERM = "LegislativeTerm"
    # minutebook's own objects (``minutebook:`` types, ``api.record``): deleted too.
    FORWARD_PLAN_ENTRY = "ForwardPlanEntry"
    PUBLIC_QUESTION = "PublicQuestion"
    COUNCILLOR_QUESTION = "CouncillorQuestion"
    REGISTER_ENTRY = "RegisterEntry"
    FORWARD_PLAN_VERSION = "ForwardPlanVersion"
    WORK_PROGRAMME_ITEM = "WorkProgrammeItem"
    ACTION = "Action"
    PLAN = "Plan"


class Tombstone(models.Model):
    #: No database constraint: a council's tombstones may be written while it is deleted.
    council = models.ForeignKey(
        Council, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    oparl_type = models.CharField(max_length=32, choices=OParlType.choices)
    object_id = models.BigIntegerField()
    #: When the object was made (OParl keeps ``created`` on a deleted object); None for
    #: tombstones written before it was kept.
    created = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(db_index=True)
    #: The object that embedded this one when it went (a Paper's consultations and
    #: files): the parent's own deleted marker lists it, so a client that reads only the
    #: parent, as meine-stadt-transparent does, learns that the embedded objects went too.
    parent_type = models.CharField(max_length=32, blank=True, choices=OParlType.choices)
    parent_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["oparl_type", "object_id"], name="unique_tombstone"),
        ]
        indexes = [
            models.Index(fields=["council", "oparl_type", "deleted_at"]),
            models.Index(fields=["parent_type", "parent_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.oparl_type} {self.object_id} (gone {self.deleted_at:%Y-%m-%d})"
