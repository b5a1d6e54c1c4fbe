"""Public participation and councillor questions: the council's rules, applied in one place.

Every rule is the council's data (``councils.Council``): the deadline wording for each
kind, evaluated by the statutory clock with the council's bank holidays and closures;
the word limit; how many questions and statements one person may submit for a meeting
(a person is known by their email address, normalised); and the cap, under which only
the first N of each kind are accepted, in order of receipt. A refusal raises
:class:`ParticipationError` with a sentence the public (or the officer) can act on.

Published submissions show the asker's name only: address, email and phone stay with
the officers (``PublicQuestion.PUBLIC_FIELDS``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from minutebook.clock import LONDON, deadline_at
from minutebook.committees.models import StandingItemKind
from minutebook.core.inputs import one_line
from minutebook.core.saving import save_each
from minutebook.meetings.models import Meeting, MeetingState, Supplement
from minutebook.meetings.services import council_clock
from minutebook.participation.models import (
    CouncillorQuestion,
    NoticeOfMotion,
    PublicQuestion,
    SubmissionKind,
    SubmissionStatus,
)
from minutebook.people.models import Person, PersonKind

#: Statuses that still count towards the per-person limits and the cap.
LIVE = (
    SubmissionStatus.RECEIVED,
    SubmissionStatus.ACCEPTED,
    SubmissionStatus.ANSWERED,
    SubmissionStatus.WRITTEN_REPLY,
)
#: Statuses that go into the supplement and the minutes.
PUBLISHABLE = (SubmissionStatus.ACCEPTED, SubmissionStatus.ANSWERED, SubmissionStatus.WRITTEN_REPLY)

#: The council setting holding each kind's deadline wording.
DEADLINE_RULES = {
    SubmissionKind.QUESTION: "public_question_deadline_rule",
    SubmissionKind.STATEMENT: "public_statement_deadline_rule",
    SubmissionKind.PETITION: "petition_deadline_rule",
}
COUNCILLOR_RULE = "councillor_question_deadline_rule"


class ParticipationError(Exception):
    """A submission or step refused by the council's rules; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    """One key per mailbox: lower case, trimmed, without a "+tag" in the local part."""
    email = (email or "").strip().lower()
    local, at, domain = email.partition("@")
    if not at:
        return email
    return f"{local.split('+', 1)[0]}@{domain}"


def word_count(text: str) -> int:
    return len((text or "").split())


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _when(moment: dt.datetime) -> str:
    """ "8:30am on Friday 27 August 2021", "midday on ...", "the end of ..."."""
    local = timezone.localtime(moment, LONDON)
    day = f"{local:%A} {local.day} {local:%B %Y}"
    if (local.hour, local.minute) >= (23, 59):
        return f"the end of {day}"
    if (local.hour, local.minute) == (12, 0):
        return f"midday on {day}"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'} on {day}"


def deadline_for(meeting: Meeting, setting: str) -> dt.datetime:
    """The deadline the council's rule ``setting`` gives for this meeting."""
    council = meeting.committee.council
    rules, cal = council_clock(council)
    return deadline_at(rules.rule(setting), meeting.start, cal, rules.agenda_clear_days)


def submission_deadline(meeting: Meeting, kind: str) -> dt.datetime:
    return deadline_for(meeting, DEADLINE_RULES[SubmissionKind(kind)])


def describe_deadline(moment: dt.datetime) -> str:
    """A deadline as the public reads it: "8:30am on Friday 27 August 2021"."""
    return _when(moment)


def takes_kind(meeting: Meeting, kind: str) -> bool:
    """Whether the meeting's committee has the standing item for this business."""
    wanted = (
        StandingItemKind.COUNCILLOR_QUESTIONS
        if kind == "councillor"
        else StandingItemKind.PUBLIC_PARTICIPATION
    )
    template = meeting.committee.standing_items or []
    return any(entry.get("kind") == wanted for entry in template)


def _check_meeting_open(meeting: Meeting) -> None:
    if meeting.state == MeetingState.CANCELLED:
        raise ParticipationError("This meeting has been cancelled.")
    if meeting.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED):
        raise ParticipationError("This meeting has already been held.")


def _cap_for(meeting: Meeting, kind: str) -> int:
    """0 for no cap; petitions are not capped (the cap is per question and per statement)."""
    if kind == SubmissionKind.PETITION:
        return 0
    return int(meeting.committee.council.public_submissions_cap or 0)


def _per_person(meeting: Meeting, kind: str) -> int | None:
    council = meeting.committee.council
    if kind == SubmissionKind.QUESTION:
        return int(council.public_questions_per_person)
    if kind == SubmissionKind.STATEMENT:
        return int(council.public_statements_per_person)
    return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _asker_key(email: str, name: str) -> str:
    """One key per asker: the mailbox, or for a letter with no e-mail address the name."""
    return normalise_email(email) or f"name:{' '.join((name or '').lower().split())}"


def check_public_submission(
    meeting: Meeting,
    *,
    kind: str,
    email: str,
    text: str,
    at: dt.datetime | None = None,
    name: str = "",
) -> None:
    """Apply the council's rules to a submission not yet saved; raise on the first breach.

    Order: the meeting takes submissions; the deadline; the word limit; the person's
    allowance for the kind; the cap on the kind for the meeting.
    """
    at = _now(at)
    _check_meeting_open(meeting)
    if not takes_kind(meeting, "public"):
        raise ParticipationError("This committee does not take public questions or statements.")
    label = SubmissionKind(kind).label.lower()
    deadline = submission_deadline(meeting, kind)
    if at > deadline:
        raise ParticipationError(
            f"The deadline for {label}s for this meeting has passed: it was "
            f"{describe_deadline(deadline)}."
        )
    council = meeting.committee.council
    limit = int(council.public_word_limit or 0)
    words = word_count(text)
    if limit and words > limit:
        raise ParticipationError(
            f"Your {label} is {words} words long: the limit is {limit} words.", field="text"
        )
    live = list(
        PublicQuestion.objects.filter(meeting=meeting, kind=kind, status__in=LIVE).values_list(
            "email", "name"
        )
    )
    allowance = _per_person(meeting, kind)
    key = _asker_key(email, name)
    if allowance is not None:
        mine = sum(1 for address, asker in live if _asker_key(address, asker) == key)
        if allowance == 0:
            raise ParticipationError(f"This council does not take {label}s from the public.")
        if mine >= allowance:
            raise ParticipationError(
                f"You have already submitted {_plural(mine, label)} for this meeting: each "
                f"person may submit {_plural(allowance, label)}.",
                field="email" if email.strip() else "name",
            )
    cap = _cap_for(meeting, kind)
    if cap and len(live) >= cap:
        raise ParticipationError(
            f"This meeting already has the most {label}s the council takes ({cap}); they are "
            "accepted in the order they arrive. You could submit for a later meeting."
        )


def acknowledgement(submission: PublicQuestion) -> EmailMessage:
    """The acknowledgement email: what was received, the reference, what happens next."""
    meeting = submission.meeting
    council = meeting.committee.council
    label = submission.get_kind_display().lower()
    body = "\n".join(
        [
            f"Dear {submission.name},",
            "",
            f"Thank you. {council.name} has received your {label} for the meeting of "
            f"{meeting.committee.name} on {_when(meeting.start)}.",
            "",
            f"Your reference: {reference(submission)}",
            "",
            "What you sent:",
            submission.text,
            "",
            "Democratic services will check it against the council's rules and tell you "
            "whether it is accepted. Accepted submissions are published with the agenda as "
            "a supplement, showing your name only: your address, email and phone number "
            "are never published.",
        ]
    )
    reply_to = [council.contact_email] if council.contact_email else None
    return EmailMessage(
        # One line whatever the committee's stored name holds: a header cannot break.
        subject=one_line(
            f"{submission.get_kind_display()} received: {meeting.committee.name}, "
            f"{timezone.localtime(meeting.start, LONDON):%d %B %Y}"
        ),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[submission.email],
        reply_to=reply_to,
    )


def reference(submission: PublicQuestion | CouncillorQuestion | NoticeOfMotion) -> str:
    prefix = {CouncillorQuestion: "CQ", NoticeOfMotion: "NM"}.get(type(submission), "PQ")
    return f"{prefix}-{submission.meeting_id}-{submission.pk}"


def submit_public(
    meeting: Meeting,
    *,
    kind: str,
    name: str,
    email: str,
    text: str,
    address: str = "",
    phone: str = "",
    on_behalf_of: str = "",
    addressed_to_text: str = "",
    signatures: int | None = None,
    at: dt.datetime | None = None,
    entered_by: Any = None,
) -> PublicQuestion:
    """Check and save a public submission, then send the acknowledgement email.

    The meeting row is locked while counting, so two submissions arriving together
    cannot both take the last place under the cap. An officer entering a letter gives
    ``at`` (when it was received, which the deadline is checked against) and
    ``entered_by``; a letter with no e-mail address gets no acknowledgement e-mail.
    """
    at = _now(at)
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update()
            .select_related("committee__council")
            .get(pk=meeting.pk)
        )
        check_public_submission(locked, kind=kind, email=email, text=text, at=at, name=name)
        order = (
            PublicQuestion.objects.filter(meeting=locked, kind=kind).aggregate(top=Max("order"))[
                "top"
            ]
            or 0
        ) + 1
        submission = PublicQuestion.objects.create(
            meeting=locked,
            kind=kind,
            order=order,
            name=name.strip(),
            address=address.strip(),
            email=email.strip(),
            phone=phone.strip(),
            on_behalf_of=on_behalf_of.strip(),
            addressed_to_text=addressed_to_text.strip(),
            text=text.strip(),
            signatures=signatures if kind == SubmissionKind.PETITION else None,
            received_at=at,
            entered_by=_user(entered_by),
        )
    if submission.email:
        acknowledgement(submission).send(fail_silently=True)
    return submission


# Councillor questions -------------------------------------------------------------------


def councillor_questions_count(meeting: Meeting, councillor: Person) -> int:
    """Questions and sub-questions the councillor has live for the meeting."""
    return CouncillorQuestion.objects.filter(
        meeting=meeting, councillor=councillor, status__in=LIVE
    ).count()


def submit_councillor_question(
    meeting: Meeting,
    *,
    councillor: Person,
    text: str,
    parent: CouncillorQuestion | None = None,
    addressed_to: Person | None = None,
    addressed_to_text: str = "",
    at: dt.datetime | None = None,
    entered_by: Any = None,
) -> CouncillorQuestion:
    """Record a councillor's question (or a sub-question of one) under the council's rules.

    Each councillor may ask up to the council's ``councillor_questions_per_meeting`` at a
    meeting, sub-questions included; the deadline is the council's councillor rule.
    """
    at = _now(at)
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update()
            .select_related("committee__council")
            .get(pk=meeting.pk)
        )
        _check_meeting_open(locked)
        council = locked.committee.council
        if councillor.council_id != council.pk or councillor.kind != PersonKind.COUNCILLOR:
            raise ParticipationError("Only the council's own councillors ask questions here.")
        if not takes_kind(locked, "councillor"):
            raise ParticipationError("This committee does not take questions from councillors.")
        if parent is not None and (
            parent.meeting_id != locked.pk
            or parent.councillor_id != councillor.pk
            or parent.parent_id is not None
        ):
            raise ParticipationError(
                "A sub-question belongs to one of the same councillor's questions for this "
                "meeting.",
                field="parent",
            )
        deadline = deadline_for(locked, COUNCILLOR_RULE)
        if at > deadline:
            raise ParticipationError(
                "The deadline for councillors' questions for this meeting has passed: it was "
                f"{describe_deadline(deadline)}."
            )
        limit = int(council.councillor_questions_per_meeting)
        asked = councillor_questions_count(locked, councillor)
        if asked >= limit:
            raise ParticipationError(
                f"{councillor.display_name} has already asked {_plural(asked, 'question')} "
                f"for this meeting: the council's rules allow {limit}, sub-questions "
                "included."
            )
        order = (
            CouncillorQuestion.objects.filter(meeting=locked).aggregate(top=Max("order"))["top"]
            or 0
        ) + 1
        return CouncillorQuestion.objects.create(
            meeting=locked,
            councillor=councillor,
            parent=parent,
            order=order,
            addressed_to=addressed_to,
            addressed_to_text=addressed_to_text.strip()
            or (addressed_to.display_name if addressed_to else ""),
            text=text.strip(),
            received_at=at,
            entered_by=_user(entered_by),
        )


# Triage, answers, publication (both kinds) ----------------------------------------------

Submission = PublicQuestion | CouncillorQuestion | NoticeOfMotion


def _user(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def accept(submission: Submission, *, by: Any = None, at: dt.datetime | None = None) -> Submission:
    """Accept a received submission; under a cap only the first N of its kind, in order."""
    if submission.status != SubmissionStatus.RECEIVED:
        raise ParticipationError(
            f"It is {submission.get_status_display().lower()}: only a received one can be accepted."
        )
    if isinstance(submission, PublicQuestion):
        cap = _cap_for(submission.meeting, submission.kind)
        if cap:
            ahead = (
                PublicQuestion.objects.filter(
                    meeting_id=submission.meeting_id, kind=submission.kind, status__in=LIVE
                )
                .exclude(pk=submission.pk)
                .filter(received_at__lte=submission.received_at)
                .count()
            )
            if ahead >= cap:
                raise ParticipationError(
                    f"{cap} earlier submissions of this kind are already in: the council "
                    f"accepts only the first {cap}."
                )
    with transaction.atomic():
        if isinstance(submission, NoticeOfMotion) and submission.agenda_item_id is None:
            submission.agenda_item = _motion_item(submission)
        submission.status = SubmissionStatus.ACCEPTED
        submission.rejection_reason = ""
        submission.decided_at = _now(at)
        submission.decided_by = _user(by)
        submission.save()
    return submission


def _motion_item(motion: NoticeOfMotion) -> Any:
    """The agenda item an accepted motion is debated under, on its meeting's agenda, as a
    referral's is (``meetings.services.add_item``: before the closing standing items, or
    at the end of a published agenda, waiting for a supplement). The motion's text and
    its mover and seconder are printed: a notice of motion is public business."""
    from minutebook.meetings.services import WorkflowError, add_item

    names = f"Moved by {motion.mover}" + (
        f", seconded by {motion.seconder}" if motion.seconder_id else ""
    )
    try:
        return add_item(
            motion.meeting,
            title=f"Notice of motion: {motion.mover}"[:500],
            description=f"{names}.\n\n{motion.text}",
        )
    except WorkflowError as error:
        raise ParticipationError(str(error)) from error


def _take_motion_off(motion: NoticeOfMotion, reason: str, by: Any) -> None:
    """A motion rejected after it was accepted leaves the agenda: deleted while the public
    never saw the item, else withdrawn (kept, marked so)."""
    from minutebook.meetings.services import WorkflowError
    from minutebook.meetings.withdrawal import delete_item, item_published, withdraw_item

    item = motion.agenda_item
    if item is None or item.withdrawn_at is not None:
        return
    motion.agenda_item = None
    motion.save(update_fields=["agenda_item"])
    try:
        if item_published(item):
            withdraw_item(item, reason=f"Notice of motion rejected: {reason}", by=_user(by))
        else:
            delete_item(item, by=_user(by))
    except WorkflowError as error:
        raise ParticipationError(str(error)) from error


def reject(
    submission: Submission, *, reason: str, by: Any = None, at: dt.datetime | None = None
) -> Submission:
    """Reject with a reason (kept for the officer and the asker, never published)."""
    if not reason.strip():
        raise ParticipationError("Give the reason it is rejected.", field="reason")
    if getattr(submission, "supplement_id", None) is not None:
        raise ParticipationError("It is already published in a supplement.")
    if submission.status not in (SubmissionStatus.RECEIVED, SubmissionStatus.ACCEPTED):
        raise ParticipationError("Only a received or accepted one can be rejected.")
    with transaction.atomic():
        if isinstance(submission, NoticeOfMotion):
            _take_motion_off(submission, reason.strip(), by)
        submission.status = SubmissionStatus.REJECTED
        submission.rejection_reason = reason.strip()[:300]
        submission.decided_at = _now(at)
        submission.decided_by = _user(by)
        submission.save()
    if isinstance(submission, PublicQuestion) and submission.email:
        rejection_notice(submission).send(fail_silently=True)
    return submission


def rejection_notice(submission: PublicQuestion) -> EmailMessage:
    """Tell the sender their submission was not accepted, and why."""
    meeting = submission.meeting
    council = meeting.committee.council
    label = submission.get_kind_display().lower()
    body = "\n".join(
        [
            f"Dear {submission.name},",
            "",
            f"Your {label} ({reference(submission)}) for the meeting of "
            f"{meeting.committee.name} on {_when(meeting.start)} has not been accepted.",
            "",
            f"The reason: {submission.rejection_reason}",
            "",
            "If you have a question about this, reply to this email.",
        ]
    )
    return EmailMessage(
        subject=one_line(f"Your {label} was not accepted: {meeting.committee.name}"),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[submission.email],
        reply_to=[council.contact_email] if council.contact_email else None,
    )


def answer(
    submission: Submission,
    *,
    text: str,
    answered_by: Person | None,
    written_reply: bool = False,
    at: dt.datetime | None = None,
) -> Submission:
    """Record the answer (and who gave it), or that a written reply will follow."""
    if submission.status not in PUBLISHABLE:
        raise ParticipationError("Accept it before recording an answer.")
    if not written_reply and not text.strip():
        raise ParticipationError("Write the answer, or say a written reply will follow.", "answer")
    if not written_reply and answered_by is None:
        raise ParticipationError("Say who answered.", field="answered_by")
    council_id = submission.meeting.committee.council_id
    if answered_by is not None and answered_by.council_id != council_id:
        raise ParticipationError("The person answering belongs to another council.")
    submission.answer = text.strip()
    submission.answered_by = answered_by
    submission.answered_at = _now(at)
    submission.status = (
        SubmissionStatus.WRITTEN_REPLY
        if written_reply and not text.strip()
        else SubmissionStatus.ANSWERED
    )
    submission.save()
    return submission


def unpublished(meeting: Meeting) -> tuple[list[PublicQuestion], list[CouncillorQuestion]]:
    public = list(
        PublicQuestion.objects.filter(
            meeting=meeting, status__in=PUBLISHABLE, supplement__isnull=True
        ).order_by("kind", "order", "received_at")
    )
    councillor = list(
        CouncillorQuestion.objects.filter(
            meeting=meeting, status__in=PUBLISHABLE, supplement__isnull=True
        ).order_by("order", "received_at")
    )
    return public, councillor


@transaction.atomic
def publish(
    meeting: Meeting, *, by: Any = None, at: dt.datetime | None = None, title: str = ""
) -> Supplement:
    """Publish the accepted submissions not yet published, as the meeting's next supplement.

    The supplement is numbered with the meeting's other supplements; questions are not
    papers under LGA 1972 s100B(3), so no clear-days rule applies, but it follows the
    agenda and must go out before the meeting starts.
    """
    meeting = (
        Meeting.objects.select_for_update().select_related("committee__council").get(pk=meeting.pk)
    )
    at = _now(at)
    if meeting.state == MeetingState.CANCELLED:
        raise ParticipationError("The meeting is cancelled.")
    if meeting.published_at is None:
        raise ParticipationError("Publish the agenda first: the questions follow it.")
    if at >= meeting.start:
        raise ParticipationError("The meeting has started: the answers go into the minutes.")
    public, councillor = unpublished(meeting)
    if not public and not councillor:
        raise ParticipationError("Nothing accepted is waiting to be published.")
    number = (meeting.supplements.aggregate(top=Max("number"))["top"] or 0) + 1
    supplement = Supplement.objects.create(
        meeting=meeting,
        number=number,
        title=title.strip() or f"Supplement {number}: public participation and questions",
        published_at=at,
        published_by=_user(by),
    )
    save_each(
        PublicQuestion.objects.filter(pk__in=[q.pk for q in public]).order_by("pk"),
        supplement=supplement,
    )
    save_each(
        CouncillorQuestion.objects.filter(pk__in=[q.pk for q in councillor]).order_by("pk"),
        supplement=supplement,
    )
    return supplement


@dataclass(frozen=True)
class PublishedSet:
    """What the public may see for a meeting: supplements and name-only submissions."""

    supplements: list[Supplement]
    public: list[dict[str, Any]]
    councillor: list[dict[str, Any]]


def published_for(meeting: Meeting) -> PublishedSet:
    """The published submissions as ``public_view`` dicts: never an address, email or phone."""
    public_rows = []
    for q in (
        PublicQuestion.objects.published()
        .filter(meeting=meeting)
        .select_related("supplement")
        .order_by("kind", "order", "received_at")
    ):
        row = q.public_view()
        row["kind_label"] = q.get_kind_display()
        row["supplement"] = q.supplement
        row["signatures"] = q.signatures
        public_rows.append(row)
    councillor_rows = []
    for c in (
        CouncillorQuestion.objects.published()
        .filter(meeting=meeting)
        .select_related("councillor", "supplement")
        .order_by("order", "received_at")
    ):
        row = c.public_view()
        row["is_sub_question"] = c.parent_id is not None
        row["supplement"] = c.supplement
        councillor_rows.append(row)
    supplement_ids = {r["supplement"].pk for r in public_rows + councillor_rows}
    supplements = list(Supplement.objects.filter(pk__in=supplement_ids).order_by("number"))
    return PublishedSet(supplements=supplements, public=public_rows, councillor=councillor_rows)


# The minutes ------------------------------------------------------------------------------


def _answer_line(answer_text: str, answered_by: Person | None, status: str) -> list[str]:
    if status == SubmissionStatus.WRITTEN_REPLY and not answer_text:
        return ["A written reply will be sent."]
    if not answer_text:
        return []
    who = f" ({answered_by.display_name})" if answered_by else ""
    return [f"Answer{who}: {answer_text}"]


def minutes_text(meeting: Meeting) -> str:
    """The minute text for the meeting's public participation and councillor questions.

    For the minutes code to call: names only (never contact details), each accepted
    submission in order with its answer or response. Empty when there were none.
    """
    blocks: list[str] = []
    public = list(
        PublicQuestion.objects.filter(meeting=meeting, status__in=PUBLISHABLE)
        .select_related("answered_by")
        .order_by("kind", "order", "received_at")
    )
    groups: dict[str, list[PublicQuestion]] = {}
    for q in public:
        groups.setdefault(q.kind, []).append(q)
    headings = {
        SubmissionKind.QUESTION: "Questions from the public",
        SubmissionKind.STATEMENT: "Statements from the public",
        SubmissionKind.PETITION: "Petitions",
    }
    for kind in (SubmissionKind.QUESTION, SubmissionKind.STATEMENT, SubmissionKind.PETITION):
        rows = groups.get(kind, [])
        if not rows:
            continue
        lines = [f"{headings[kind]}: {len(rows)} received and considered."]
        for i, q in enumerate(rows, start=1):
            who = q.name + (f" ({q.on_behalf_of})" if q.on_behalf_of else "")
            to = f" to {q.addressed_to_text}" if q.addressed_to_text else ""
            extra = f", with {q.signatures} signatures" if kind == SubmissionKind.PETITION else ""
            lines.append("")
            lines.append(f"{i}. {q.get_kind_display()} from {who}{to}{extra}:")
            lines.append(q.text)
            lines.extend(_answer_line(q.answer, q.answered_by, q.status))
        blocks.append("\n".join(lines))
    councillor = list(
        CouncillorQuestion.objects.filter(meeting=meeting, status__in=PUBLISHABLE)
        .select_related("councillor", "answered_by")
        .order_by("order", "received_at")
    )
    if councillor:
        lines = [f"Questions from councillors: {len(councillor)} asked."]
        for i, c in enumerate(councillor, start=1):
            part = "Sub-question" if c.parent_id else "Question"
            to = f" to {c.addressed_to_text}" if c.addressed_to_text else ""
            lines.append("")
            lines.append(f"{i}. {part} from {c.councillor.display_name}{to}:")
            lines.append(c.text)
            lines.extend(_answer_line(c.answer, c.answered_by, c.status))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
