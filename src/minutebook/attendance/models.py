"""Who attended a meeting, how, and in what capacity; the council's rules for it as data.

Presence is a legal fact, not a courtesy. In England a member is "present" at a meeting
only when physically in the room: LGA 1972 Sch 12 para 6 (quorum) and the Local
Government Act 1972 provisions on voting speak of members present, and the High Court
held that this means physical presence once the Coronavirus Regulations 2020 lapsed
(R (Hertfordshire County Council) v Secretary of State for Levelling Up, Housing and
Communities [2021] EWHC 1093 (Admin)). So a member attending remotely may speak but has
no vote and does not count to the quorum, unless the council's ``AttendanceRules`` say
the law it works under allows otherwise (e.g. Wales: Local Government and Elections
(Wales) Act 2021 s47).

Substitution is each council's own procedure rule (there is no statutory scheme), held
per council in ``AttendanceRules`` and applied by ``attendance.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minutebook.committees.models import Membership
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting
from minutebook.people.models import Person


class AttendanceRules(models.Model):
    """The council's substitution and remote-attendance rules (one row per council)."""

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, related_name="attendance_rules"
    )
    substitutes_allowed = models.BooleanField(
        default=True, help_text="The council's procedure rules allow substitute members."
    )
    substitute_same_group = models.BooleanField(
        default=True,
        help_text="A substitute must be from the same political group as the member replaced.",
    )
    substitute_notice_minutes = models.PositiveIntegerField(
        default=0,
        help_text="Notice of a substitution must reach the proper officer this many minutes "
        "before the meeting starts (0: at any time before the start).",
    )
    remote_attendance_counts = models.BooleanField(
        default=False,
        help_text="Remote attendees vote and count to the quorum. Leave off in England "
        "(LGA 1972 Sch 12 para 6; R (Hertfordshire CC) v SSLUHC [2021] EWHC 1093 (Admin)).",
    )

    class Meta:
        verbose_name = "attendance rules"
        verbose_name_plural = "attendance rules"

    def __str__(self) -> str:
        return f"Attendance rules of {self.council}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    REMOTE = "remote", "Remote"


class Capacity(models.TextChoices):
    MEMBER = "member", "Member"
    CO_OPTED = "co_opted", "Co-opted member"
    SUBSTITUTE = "substitute", "Substitute"
    OTHER = "other", "Also attending"


class Attendance(models.Model):
    """One person's attendance at one meeting.

    ``has_vote`` and ``counts_to_quorum`` are derived by the service when the row is
    recorded (membership voting right, substitution, remote attendance) and stored, so
    the record shows what applied on the day even if a membership later changes.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The seat attended in (for a substitute: the seat of the member replaced).",
    )
    capacity = models.CharField(max_length=12, choices=Capacity.choices)
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    mode = models.CharField(
        max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    substitute_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substituted_by",
        help_text="The committee member this substitute replaces.",
    )
    notice_given_at = models.DateTimeField(
        null=True, blank=True, help_text="When notice of the substitution was given."
    )
    has_vote = models.BooleanField(default=False)
    counts_to_quorum = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "capacity", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once"),
            models.UniqueConstraint(
                fields=["meeting", "substitute_for"],
                condition=Q(substitute_for__isnull=False),
                name="one_substitute_per_member",
            ),
            models.CheckConstraint(
                condition=Q(counts_to_quorum=False) | Q(status="present", has_vote=True),
                name="quorum_counts_only_present_voters",
            ),
            models.CheckConstraint(
                condition=Q(substitute_for__isnull=True) | Q(capacity="substitute"),
                name="substitute_for_only_substitutes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.display_name}: {self.get_status_display()} ({self.meeting})"


class QuorumCheck(models.Model):
    """The quorum as it stood after each change to the register: the meeting's record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="quorum_checks")
    required = models.PositiveSmallIntegerField()
    present = models.PositiveSmallIntegerField(
        help_text="Voting members present in person (remote attendees excluded in England)."
    )
    remote = models.PositiveSmallIntegerField(default=0)
    basis = models.CharField(max_length=200, help_text="Where the required number comes from.")
    checked_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "-checked_at", "-pk"]
        get_latest_by = "checked_at"

    def __str__(self) -> str:
        state = "quorate" if self.is_quorate else "inquorate"
        return f"{self.meeting}: {self.present} of {self.required} ({state})"

    @property
    def is_quorate(self) -> bool:
        return self.present >= self.required
