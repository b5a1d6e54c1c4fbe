"""The public minutes of a meeting: attendance, declarations, questions, numbered minutes,
motions and votes, and links to the minutes document.

Nothing of draft minutes is shown unless the council publishes drafts
(``Council.publish_draft_minutes``), and then only the minutes the clerk marked ready:
the rows come through ``MinuteItem.public_objects`` (``MinuteItemQuerySet.published``).
Signed (locked) minutes are shown as their latest version's public snapshot, written
when the version was made (exempt minutes reduced to their number, agenda item title
and paragraph); earlier versions are listed with the reason for each correction.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting
from minutebook.minutes import services
from minutebook.minutes.models import MinutesState
from minutebook.minutes.publication import is_published


def minutes_files(meeting: Meeting) -> list[tuple[str, str]]:
    """(label, address) of the current public minutes PDF and HTML, PDF first."""
    from minutebook.documents.models import Document
    from minutebook.packs.models import Audience, GeneratedDocument, Product

    rows = GeneratedDocument.objects.filter(
        meeting=meeting, product=Product.MINUTES, audience=Audience.PUBLIC
    ).order_by("-format")
    ids = [g.document_id for g in rows]
    public = {d.pk: d for d in Document.public_objects.filter(pk__in=ids, meeting=meeting)}
    council = meeting.committee.council.slug
    out = []
    for pk in ids:
        document = public.get(pk)
        if document is not None and document.file:
            label = "PDF" if document.media_type == "application/pdf" else "Web page"
            url = reverse("publishing:document", kwargs={"council": council, "pk": pk})
            out.append((f"{document.title} ({label})", url))
    return out


@require_safe
def public_minutes(
    request: HttpRequest, council: str, committee: str, meeting: str
) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    body = get_object_or_404(Committee, council=obj, slug=committee)
    event = get_object_or_404(
        Meeting.objects.select_related("committee__council"), committee=body, slug=meeting
    )
    minutes = services.minutes_for(event)
    shown = minutes is not None and is_published(event)
    versions = list(minutes.versions.order_by("number")) if minutes and shown else []
    record: dict = {}
    if minutes is not None and shown:
        if minutes.state == MinutesState.LOCKED and versions:
            record = versions[-1].public_snapshot
        else:
            record = services.build_snapshot(event, minutes, public=True)
    return render(
        request,
        "minutes/public_minutes.html",
        {
            "council": obj,
            "committee": body,
            "meeting": event,
            "minutes": minutes if shown else None,
            "record": record,
            "rows": record.get("minutes", []),
            "attendance": record.get("attendance", {}),
            "versions": versions,
            "files": minutes_files(event) if shown else [],
            "breadcrumbs": [
                (obj.short_name or obj.name, obj.get_absolute_url()),
                (body.name, body.get_absolute_url()),
                # The meeting's local date (start is stored in UTC: a meeting soon after
                # midnight in summer would otherwise be dated the day before).
                (f"{body.name}, {event.date.day} {event.date:%B %Y}", event.get_absolute_url()),
            ],
        },
    )
