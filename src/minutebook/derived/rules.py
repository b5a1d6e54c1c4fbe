"""The edges of the graph: which copy depends on which source (see docs/architecture.md).

Each resolver answers "which copies does this row feed?" from the row alone (plus a
query where the link runs the other way). Over-marking is cheap: a pack or minutes
rebuild compares the fingerprint of its sources first and does nothing when it is
unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from minutebook.derived.graph import Copy, register

logger = logging.getLogger(__name__)


def _meeting_of(row: Any) -> list[int]:
    return [row.meeting_id] if getattr(row, "meeting_id", None) else []


def _meetings_of_report(report_id: int | None) -> list[int]:
    if report_id is None:
        return []
    from minutebook.meetings.models import AgendaItem

    return list(
        AgendaItem.public_objects.filter(report_id=report_id)
        .values_list("meeting_id", flat=True)
        .distinct()
    )


def _upcoming(**lookup: Any) -> list[int]:
    """Published meetings still to come: their front sheet prints the changed row.

    Past packs are the record of what was published; a renamed committee or a new member
    does not rewrite them.
    """
    from minutebook.meetings.models import Meeting

    return list(
        Meeting.objects.filter(published_at__isnull=False, start__gte=timezone.now(), **lookup)
        .values_list("pk", flat=True)
        .distinct()
    )


def _referred_item_meeting(row: Any) -> list[int]:
    """The meeting whose agenda lists the consideration's item."""
    if row.agenda_item_id is None:
        return []
    from minutebook.meetings.models import AgendaItem

    return list(
        AgendaItem.public_objects.filter(pk=row.agenda_item_id).values_list("meeting_id", flat=True)
    )


def _pack_after_minutes(row: Any) -> list[int]:
    """The next meeting of the committee, whose pack prints these (public) minutes.

    A generated public minutes file that becomes current (first made, corrected,
    confirmed, redacted after an exemption) changes what that pack's minutes item holds.
    """
    if row.product != "minutes" or row.audience != "public" or row.meeting_id is None:
        return []
    from minutebook.meetings.models import Meeting

    held = Meeting.objects.filter(pk=row.meeting_id).values("committee_id", "start").first()
    if held is None:
        return []
    return list(
        Meeting.objects.filter(committee_id=held["committee_id"], start__gt=held["start"])
        .exclude(state="cancelled")
        .filter(withdrawn_at__isnull=True)
        .order_by("start")
        .values_list("pk", flat=True)[:1]
    )


def _pack_of_document(row: Any) -> list[int]:
    if row.source == "generated":  # a pack or minutes file itself: not a source
        return []
    return _meetings_of_report(row.report_id) if row.report_id else _meeting_of(row)


# Rebuilds ---------------------------------------------------------------------------


def _withdrawn(meeting_id: int, products: Iterable[str]) -> bool:
    """A current public copy was withdrawn: rebuild it even if the sources hash the same."""
    from minutebook.documents.models import Document
    from minutebook.packs.models import Audience, GeneratedDocument

    ids = GeneratedDocument.objects.filter(
        meeting_id=meeting_id, product__in=list(products), audience=Audience.PUBLIC
    ).values_list("document_id", flat=True)
    return Document.officer_objects.filter(pk__in=list(ids), withdrawn_at__isnull=False).exists()


def rebuild_agenda_pack(key: str) -> None:
    """The agenda pack and every supplement of a meeting whose agenda was published."""
    from minutebook.meetings.models import Meeting
    from minutebook.packs.models import GeneratedDocument, Product
    from minutebook.packs.services import generate_pack

    meeting = (
        Meeting.objects.select_related("committee__council", "venue").filter(pk=int(key)).first()
    )
    if meeting is None:
        return
    products = [Product.AGENDA_PACK, Product.SUPPLEMENT]
    built = GeneratedDocument.objects.filter(meeting=meeting, product__in=products).exists()
    if meeting.published_at is None and not built:
        return  # never published: the pack is made at publication
    force = _withdrawn(meeting.pk, products)
    generate_pack(meeting, force=force)
    for supplement in meeting.supplements.all():
        generate_pack(meeting, supplement, force=force)


def rebuild_minutes(key: str) -> None:
    """The minutes document of a meeting that has one; locked minutes are left as signed.

    A signed copy is never rebuilt from changed sources: only a correction (a new
    register version) or a redaction after a later exemption makes a new version, and
    the signed one is kept (``packs.minutes.generate_minutes``, docs/minutes.md).
    """
    from minutebook.meetings.models import Meeting
    from minutebook.packs.minutes import generate_minutes
    from minutebook.packs.models import GeneratedDocument, Product
    from minutebook.packs.services import MinutesLocked

    meeting = (
        Meeting.objects.select_related("committee__council", "venue").filter(pk=int(key)).first()
    )
    if meeting is None:
        return
    if not GeneratedDocument.objects.filter(meeting=meeting, product=Product.MINUTES).exists():
        return  # minutes are first made when the clerk starts them
    try:
        generate_minutes(meeting)
    except MinutesLocked:
        logger.info("The minutes of %s are locked; their copies are not rebuilt.", meeting)


# OParl ``modified`` of parents ----------------------------------------------------------

#: The OParl object that embeds a row: a change to the row is a change to it.
PARENT_MODELS = {
    "meeting": "meetings.Meeting",
    "paper": "reports.Report",
    "organization": "committees.Committee",
    "person": "people.Person",
    # Agenda items (and the Consultations that share their ids) print their decisions,
    # minutes, their report's key decision and their meeting's web address.
    "agenda-item": "meetings.AgendaItem",
    # A Membership prints its person's political group (onBehalfOf).
    "membership": "committees.Membership",
    # A Body embeds its legislative terms.
    "body": "councils.Council",
    # minutebook's own objects (api.record) that embed other rows.
    "plan": "plans.Plan",
    "register-entry": "members.RegisterEntry",
    # A forward plan entry is served in the words of the latest plan version listing it.
    "forward-plan-entry": "forwardplan.ForwardPlanEntry",
}


def _parents(pairs: Iterable[tuple[str, int | None]]) -> list[str]:
    return [f"{kind}:{pk}" for kind, pk in pairs if pk]


def bump_modified(keys: list[str]) -> None:
    """Move the parents' ``modified`` to now, in the saving transaction.

    A client syncing with ``modified_since`` fetches the parent again and so sees the
    embedded change, a withdrawal included. Only the stamp changes, so no save signal
    (search, audit) has anything to do.
    """
    from django.apps import apps

    by_kind: dict[str, set[int]] = {}
    for key in keys:
        kind, _, pk = key.partition(":")
        by_kind.setdefault(kind, set()).add(int(pk))
    _embedding(by_kind)
    now = timezone.now()
    for kind, ids in by_kind.items():
        model = apps.get_model(PARENT_MODELS[kind])
        model._base_manager.filter(pk__in=ids).update(modified=now)  # bulk-update-ok: stamp


def _embedding(by_kind: dict[str, set[int]]) -> None:
    """Add the objects that embed the bumped ones: an agenda item's ``modified`` is
    printed inside its meeting and, as its Consultation, inside its paper; a
    membership's inside its person."""
    from django.apps import apps

    items = by_kind.get("agenda-item")
    if items:
        model = apps.get_model(PARENT_MODELS["agenda-item"])
        rows = model._base_manager.filter(pk__in=items).values_list("meeting_id", "report_id")
        for meeting_id, report_id in rows:
            by_kind.setdefault("meeting", set()).add(meeting_id)
            if report_id is not None:
                by_kind.setdefault("paper", set()).add(report_id)
    seats = by_kind.get("membership")
    if seats:
        model = apps.get_model(PARENT_MODELS["membership"])
        people = model._base_manager.filter(pk__in=seats).values_list("person_id", flat=True)
        by_kind.setdefault("person", set()).update(people)


def _item_parents(row: Any) -> list[str]:
    return _parents([("meeting", row.meeting_id), ("paper", row.report_id)])


def _document_parents(row: Any) -> list[str]:
    return _parents([("meeting", row.meeting_id), ("paper", row.report_id)])


def _membership_parents(row: Any) -> list[str]:
    return _parents([("organization", row.committee_id), ("person", row.person_id)])


def _items_of(**lookup: Any) -> list[tuple[str, int | None]]:
    """Agenda items matching ``lookup``: each prints something of the changed row."""
    from minutebook.meetings.models import AgendaItem

    ids = AgendaItem.public_objects.filter(**lookup).values_list("pk", flat=True)
    return [("agenda-item", pk) for pk in ids]


def _venue_parents(row: Any) -> list[str]:
    from minutebook.meetings.models import Meeting

    ids = Meeting.objects.filter(venue_id=row.pk).values_list("pk", flat=True)
    return _parents(("meeting", pk) for pk in ids)


def _papers_on(**lookup: Any) -> list[tuple[str, int | None]]:
    """The papers on agenda items matching ``lookup`` (their date, web and consultations)."""
    from minutebook.meetings.models import AgendaItem

    ids = (
        AgendaItem.public_objects.filter(report__isnull=False, **lookup)
        .values_list("report_id", flat=True)
        .distinct()
    )
    return [("paper", pk) for pk in ids]


def _committee_parents(row: Any) -> list[str]:
    """A meeting is named after its committee; its web address and its papers' carry the slug."""
    from minutebook.meetings.models import Meeting

    ids = Meeting.objects.filter(committee_id=row.pk).values_list("pk", flat=True)
    return _parents(
        [
            *(("meeting", pk) for pk in ids),
            *_papers_on(meeting__committee_id=row.pk),
            *_items_of(meeting__committee_id=row.pk),
        ]
    )


def _meeting_parents(row: Any) -> list[str]:
    """A paper's date and web address are its first meeting's; an item's web address
    is its meeting's."""
    return _parents([*_papers_on(meeting_id=row.pk), *_items_of(meeting_id=row.pk)])


def _report_parents(row: Any) -> list[str]:
    """The agenda items (and the meetings embedding them) print their report's key
    decision flag; a Consultation its purpose and decision maker."""
    return _parents(
        [*(("meeting", pk) for pk in _meetings_of_report(row.pk)), *_items_of(report_id=row.pk)]
    )


def _author_parents(row: Any) -> list[str]:
    return _parents([("paper", row.report_id)])


def _decision_parents(row: Any) -> list[str]:
    """Decisions are embedded in their agenda item (in its meeting) and their paper."""
    from minutebook.meetings.models import AgendaItem

    item_meeting = None
    if row.agenda_item_id:
        item_meeting = (
            AgendaItem.public_objects.filter(pk=row.agenda_item_id)
            .values_list("meeting_id", flat=True)
            .first()
        )
    return _parents(
        [
            ("meeting", row.meeting_id),
            ("meeting", item_meeting),
            ("paper", row.report_id),
            ("agenda-item", row.agenda_item_id),
        ]
    )


def _meeting_row_parents(row: Any) -> list[str]:
    """Minutes, declarations and attendance are embedded in their meeting."""
    return _parents([("meeting", row.meeting_id)])


def _minute_parents(row: Any) -> list[str]:
    """A minute is its agenda item's resolutionText, inside the meeting."""
    return _parents([("meeting", row.meeting_id), ("agenda-item", row.agenda_item_id)])


def _minutes_parents(row: Any) -> list[str]:
    """Confirming (or reopening) the minutes publishes (or withdraws) every resolution."""
    return _parents([("meeting", row.meeting_id), *_items_of(meeting_id=row.meeting_id)])


def _declaration_parents(row: Any) -> list[str]:
    """A declaration is embedded in its meeting and in the item it was declared on."""
    return _parents([("meeting", row.meeting_id), ("agenda-item", row.agenda_item_id)])


def _motion_parents(row: Any) -> list[str]:
    """Motions and their votes are the ``minutebook:votes`` of their minute's agenda item."""
    from minutebook.decisions.models import MinuteItem

    found = MinuteItem.public_objects.filter(pk=row.minute_item_id).values_list(
        "meeting_id", "agenda_item_id"
    )
    return _parents(
        pair for meeting, item in found for pair in (("meeting", meeting), ("agenda-item", item))
    )


def _vote_parents(row: Any) -> list[str]:
    from minutebook.minutes.models import Motion

    motion = Motion.objects.filter(pk=row.motion_id).first()
    return _motion_parents(motion) if motion is not None else []


def _plan_item_parents(row: Any) -> list[str]:
    """A plan embeds its items and prints their status words."""
    return _parents([("plan", row.plan_id)])


def _entry_record_parents(row: Any) -> list[str]:
    """A register entry is printed as withheld once its record says it is sensitive."""
    return _parents([("register-entry", row.entry_id)])


def _person_parents(row: Any) -> list[str]:
    """A person's memberships print their political group (``onBehalfOf``)."""
    from minutebook.committees.models import Membership

    ids = Membership.objects.filter(person_id=row.pk).values_list("pk", flat=True)
    return _parents(("membership", pk) for pk in ids)


def _term_parents(row: Any) -> list[str]:
    return _parents([("body", row.council_id)])


def _ward_parents(row: Any) -> list[str]:
    from minutebook.people.models import Person

    ids = Person.objects.filter(ward_id=row.pk).values_list("pk", flat=True)
    return _parents(("person", pk) for pk in ids)


def _plan_entry_parents(row: Any) -> list[str]:
    from minutebook.reports.models import Report

    ids = Report.public_objects.filter(forward_plan_entry_id=row.pk).values_list("pk", flat=True)
    return _parents(("paper", pk) for pk in ids)


def _plan_version_parents(row: Any) -> list[str]:
    """Publishing the plan gives the entries it lists their public words (an edit since
    the last version reaches the public now), in their own objects and their papers; the
    entries the previous version listed and this one leaves out are off the plan now
    (withdrawn, or decided)."""
    from minutebook.forwardplan.models import ForwardPlanVersion
    from minutebook.reports.models import Report

    def listed(entries: Any) -> list[int]:
        return [e["id"] for e in entries or [] if isinstance(e, dict) and e.get("id")]

    ids = listed(row.entries)
    before = (
        ForwardPlanVersion.objects.filter(council_id=row.council_id, number__lt=row.number)
        .order_by("-number")
        .values_list("entries", flat=True)
        .first()
    )
    now_listed = set(ids)
    ids += [pk for pk in listed(before) if pk not in now_listed]
    papers = Report.public_objects.filter(forward_plan_entry_id__in=ids).values_list(
        "pk", flat=True
    )
    return _parents(
        [*(("forward-plan-entry", pk) for pk in ids), *(("paper", pk) for pk in papers)]
    )


def register_all() -> None:
    register(
        Copy(
            name="agenda-pack",
            description="The agenda pack and supplements, PDF and HTML, public and members'.",
            sources={
                "meetings.meeting": lambda row: [row.pk],
                "meetings.agendaitem": _meeting_of,
                "meetings.supplement": _meeting_of,
                "reports.report": lambda row: _meetings_of_report(row.pk),
                "reports.reportauthor": lambda row: _meetings_of_report(row.report_id),
                "documents.document": _pack_of_document,
                "committees.committee": lambda row: _upcoming(committee_id=row.pk),
                "committees.membership": lambda row: _upcoming(committee_id=row.committee_id),
                "meetings.venue": lambda row: _upcoming(venue_id=row.pk),
                "councils.council": lambda row: _upcoming(committee__council_id=row.pk),
                "councils.closureday": lambda row: _upcoming(committee__council_id=row.council_id),
                # A referred item prints where it came from ("Referred from ...").
                "decisions.consideration": _referred_item_meeting,
                # The previous meeting's minutes, printed under the minutes item.
                "packs.generateddocument": _pack_after_minutes,
            },
            rebuild=rebuild_agenda_pack,
        )
    )
    register(
        Copy(
            name="minutes-document",
            description="The minutes, PDF and HTML, public and members'.",
            sources={
                "meetings.meeting": lambda row: [row.pk],
                "meetings.agendaitem": _meeting_of,
                "meetings.urgencyrecord": _meeting_of,
                "decisions.minuteitem": _meeting_of,
                "decisions.decision": _meeting_of,
                "packs.minutesrecord": _meeting_of,
                "minutes.minutes": _meeting_of,
                "minutes.motion": lambda row: (
                    [row.minute_item.meeting_id] if row.minute_item_id else []
                ),
                "interests.declaration": _meeting_of,
                "participation.publicquestion": _meeting_of,
                "attendance.attendance": _meeting_of,
            },
            rebuild=rebuild_minutes,
        )
    )
    register(
        Copy(
            name="oparl-modified",
            description="OParl parents' modified stamps (meeting, paper, organization, "
            "person, agenda item, membership, body, plan, register entry, forward plan entry).",
            sources={
                "meetings.agendaitem": _item_parents,
                "documents.document": _document_parents,
                "committees.membership": _membership_parents,
                "meetings.venue": _venue_parents,
                "committees.committee": _committee_parents,
                "meetings.meeting": _meeting_parents,
                "reports.report": _report_parents,
                "reports.reportauthor": _author_parents,
                "decisions.decision": _decision_parents,
                "decisions.minuteitem": _minute_parents,
                "minutes.minutes": _minutes_parents,
                "people.person": _person_parents,
                "people.legislativeterm": _term_parents,
                "interests.declaration": _declaration_parents,
                "attendance.attendance": _meeting_row_parents,
                "people.ward": _ward_parents,
                "minutes.motion": _motion_parents,
                "minutes.recordedvote": _vote_parents,
                "plans.planitem": _plan_item_parents,
                "plans.statusoption": _plan_item_parents,
                "interests.entryrecord": _entry_record_parents,
                "forwardplan.forwardplanentry": _plan_entry_parents,
                "forwardplan.forwardplanversion": _plan_version_parents,
            },
            immediate=bump_modified,
        )
    )
