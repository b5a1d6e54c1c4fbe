"""minutebook's own objects (``api.record``), votes and declarations in the API.

On the demo council: every ``minutebook:`` object validates against the vocabulary the
API serves and answers at its id; a sensitive interest, a spouse's attribution, an
unpublished or rejected question, an asker's contact details and an action under an
exempt minute never appear, in the API or the export; an object leaving public view
leaves a deleted marker; and a client syncing with ``modified_since`` sees a vote, an
attendance, a declaration and an answer change.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import zipfile
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from jsonschema import Draft7Validator

from minutebook.attendance.models import Attendance
from minutebook.decisions.factories import MinuteItemFactory
from minutebook.interests.models import Declaration, EntryRecord
from minutebook.interests.services import record_entry
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.members.models import RegisterEntry
from minutebook.minutes.models import Motion, RecordedVote
from minutebook.participation.models import PublicQuestion, SubmissionStatus
from minutebook.people.models import Person
from minutebook.scrutiny.models import Action

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TOKEN = "RECORD-CANARY-7f3a"


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(local(url))
    assert response.status_code == status, (url, response.status_code)
    return response.json()


def walk(client: Client, url: str, **params: str) -> list[dict[str, Any]]:
    """Every object of a list, page by page (small pages: the cursor is exercised)."""
    seen: list[dict[str, Any]] = []
    next_url: str | None = f"{url}?{urlencode({'limit': '7', **params})}"
    while next_url:
        page = get(client, next_url)
        seen += page["data"]
        next_url = page["links"].get("next")
    return seen


def body(client: Client, demo: Any) -> dict[str, Any]:
    return get(client, f"/oparl/v1/body/{demo.council.slug}")


def export_text(client: Client, b: dict[str, Any]) -> dict[str, str]:
    response = client.get(local(b["minutebook:export"]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_every_record_object_validates_against_the_vocabulary(demo: Any) -> None:
    client = Client()
    vocabulary = get(client, "/oparl/v1/vocabulary")
    types = {name: Draft7Validator(schema) for name, schema in vocabulary["types"].items()}
    b = body(client, demo)
    assert b["minutebook:vocabulary"] == vocabulary["id"]
    exported = export_text(client, b)
    for name, url in b["minutebook:record"].items():
        objects = walk(client, url)
        assert objects, f"{name}: nothing listed"
        for obj in objects:
            assert obj["type"] == f"minutebook:{name}"
            errors = [e.message for e in types[name].iter_errors(obj)]
            assert errors == [], (obj["id"], errors)
            assert get(client, obj["id"]) == obj
        # The export holds the same objects, line for line.
        lines = [
            json.loads(line)
            for file, text in exported.items()
            if file.endswith(".jsonl")
            for line in text.splitlines()
            if json.loads(line)["type"] == f"minutebook:{name}"
        ]
        assert sorted(o["id"] for o in lines) == sorted(o["id"] for o in objects)

    # Votes and declarations embedded in agenda items validate against their schemas.
    extensions = vocabulary["extensions"]["AgendaItem"]
    votes = Draft7Validator(extensions["minutebook:votes"])
    declared = Draft7Validator(extensions["minutebook:declarations"])
    items = walk(client, b["agendaItem"])
    with_votes = [i for i in items if i.get("minutebook:votes")]
    with_declarations = [i for i in items if i.get("minutebook:declarations")]
    assert with_votes and with_declarations
    for item in items:
        assert not list(votes.iter_errors(item.get("minutebook:votes", [])))
        assert not list(declared.iter_errors(item.get("minutebook:declarations", [])))
        if not item["public"]:
            assert "minutebook:votes" not in item and "minutebook:declarations" not in item
    counted = [v for i in with_votes for v in i["minutebook:votes"] if "for" in v]
    assert counted, "no counted vote in the demo's published minutes"


def test_what_the_law_withholds_never_appears(demo: Any) -> None:
    client = Client()
    councillors = Person.objects.filter(council=demo.council, kind="councillor")
    sensitive, spouse = RegisterEntry.objects.filter(
        person__in=councillors, end_date__isnull=True
    ).order_by("pk")[:2]
    sensitive.description = f"Shares in {TOKEN} Holdings"
    sensitive.save()
    EntryRecord.objects.update_or_create(
        entry=sensitive,
        defaults={
            "notified_on": dt.date(2024, 5, 2),
            "is_sensitive": True,
            "sensitivity_agreed_by": "Monitoring Officer",
            "sensitivity_reason": f"Reason {TOKEN}",
        },
    )
    spouse.spouse_or_partner = True
    spouse.save()

    meeting = Meeting.objects.filter(
        committee__council=demo.council, public_questions__supplement__isnull=False
    ).first()
    assert meeting is not None
    published = PublicQuestion.objects.filter(meeting=meeting, supplement__isnull=False).first()
    published.email = f"{TOKEN.lower()}@example.org"
    published.address = f"1 {TOKEN} Street"
    published.phone = "01632 960 777"
    published.save()
    never = [
        PublicQuestion.objects.create(
            meeting=meeting,
            name=f"Unpublished {TOKEN}",
            text=f"Not yet published {TOKEN}",
            received_at=timezone.now(),
            status=SubmissionStatus.ACCEPTED,
        ),
        PublicQuestion.objects.create(
            meeting=meeting,
            name=f"Rejected {TOKEN}",
            text=f"Rejected {TOKEN}",
            received_at=timezone.now(),
            status=SubmissionStatus.REJECTED,
            supplement=published.supplement,
        ),
    ]

    b = body(client, demo)
    seen = {name: walk(client, url) for name, url in b["minutebook:record"].items()}
    text = json.dumps(seen) + json.dumps(export_text(client, b))
    text += json.dumps(walk(client, b["person"]))
    assert TOKEN not in text and TOKEN.lower() not in text and "960 777" not in text

    entries = {o["id"]: o for o in seen["RegisterEntry"]}
    withheld = entries[f"http://testserver/oparl/v1/minutebook/register-entry/{sensitive.pk}"]
    assert withheld["withheld"] is True
    assert not {"category", "categoryText", "startDate", "section"} & set(withheld)
    # Whose interest it is is never said: the entry holds what any entry holds.
    theirs = entries[f"http://testserver/oparl/v1/minutebook/register-entry/{spouse.pk}"]
    assert set(theirs) == {
        "id",
        "type",
        "person",
        "section",
        "category",
        "categoryText",
        "description",
        "created",
        "modified",
        "deleted",
        "withheld",
        *({"startDate"} if spouse.start_date else set()),
    }
    questions = {o["id"] for o in seen["PublicQuestion"]}
    assert f"http://testserver/oparl/v1/minutebook/public-question/{published.pk}" in questions
    for q in never:
        get(client, f"/oparl/v1/minutebook/public-question/{q.pk}", status=404)


def test_leaving_public_view_leaves_a_deleted_marker(demo: Any) -> None:
    client = Client()
    b = body(client, demo)
    item = AgendaItem.public_objects.filter(
        meeting__committee__council=demo.council, meeting__minutes__isnull=True, is_exempt=False
    ).first()
    minute = MinuteItemFactory(meeting=item.meeting, agenda_item=item)
    action = Action.objects.create(
        committee=item.meeting.committee, minute_item=minute, text=f"Action {TOKEN}"
    )
    url = f"/oparl/v1/minutebook/action/{action.pk}"
    assert get(client, url)["text"] == f"Action {TOKEN}"
    since = (timezone.now() - dt.timedelta(seconds=5)).isoformat(timespec="seconds")

    minute.exempt_paragraphs = ["3"]
    minute.save()
    marker = get(client, url)
    assert marker["deleted"] is True and TOKEN not in json.dumps(marker)
    listed = walk(client, b["minutebook:record"]["Action"], modified_since=since)
    assert marker in listed

    question = (
        PublicQuestion.objects.filter(
            meeting__committee__council=demo.council, supplement__isnull=False
        )
        .exclude(status=SubmissionStatus.WITHDRAWN)
        .first()
    )
    question.status = SubmissionStatus.WITHDRAWN
    question.save()
    qurl = f"/oparl/v1/minutebook/public-question/{question.pk}"
    assert get(client, qurl)["deleted"] is True
    question.status = SubmissionStatus.ANSWERED
    question.save()
    assert get(client, qurl)["deleted"] is False


def test_sync_sees_votes_attendance_declarations_and_answers(demo: Any) -> None:
    client = Client()
    b = body(client, demo)
    council = demo.council
    item = AgendaItem.public_objects.filter(
        meeting__committee__council=council,
        meeting__minutes__isnull=True,
        meeting__published_at__isnull=False,
        is_exempt=False,
    ).first()
    meeting = item.meeting
    member = Person.objects.filter(council=council, kind="councillor").first()
    minute = MinuteItemFactory(meeting=meeting, agenda_item=item)
    motion = Motion.objects.create(
        minute_item=minute,
        text="That the report be noted.",
        outcome="carried",
        vote_method="counts",
        votes_for=5,
        votes_against=1,
        abstentions=0,
    )
    attendance = Attendance.objects.create(
        meeting=meeting, person=member, capacity="member", status="present"
    )
    question = PublicQuestion.objects.filter(
        meeting__committee__council=council, supplement__isnull=False, status="answered"
    ).first()

    time.sleep(1.1)
    since = timezone.localtime().isoformat(timespec="seconds")
    item_id = f"http://testserver/oparl/v1/agenda-item/{item.pk}"
    meeting_id = f"http://testserver/oparl/v1/meeting/{meeting.pk}"

    def changed(list_url: str) -> dict[str, dict[str, Any]]:
        return {o["id"]: o for o in walk(client, list_url, modified_since=since)}

    assert item_id not in changed(b["agendaItem"])

    # A named vote recorded: the item (and its meeting) move.
    RecordedVote.objects.create(motion=motion, person=member, choice="for")
    synced = changed(b["agendaItem"])[item_id]
    assert synced["minutebook:votes"][0]["recorded"] == [
        {"person": f"http://testserver/oparl/v1/person/{member.pk}", "vote": "for"}
    ]
    assert synced["minutebook:votes"][0]["for"] == 5
    assert meeting_id in changed(b["meeting"])

    # Attendance changed: the meeting moves.
    time.sleep(1.1)
    since = timezone.localtime().isoformat(timespec="seconds")
    attendance.status = "apologies"
    attendance.save()
    synced = changed(b["meeting"])[meeting_id]
    assert {
        "person": f"http://testserver/oparl/v1/person/{member.pk}",
        "status": "apologies",
    }.items() <= next(
        a for a in synced["minutebook:attendance"] if a["person"].endswith(f"/{member.pk}")
    ).items()

    # A declaration on the item: item and meeting move.
    time.sleep(1.1)
    since = timezone.localtime().isoformat(timespec="seconds")
    Declaration.objects.create(
        person=member,
        meeting=meeting,
        agenda_item=item,
        kind="other_registrable",
        nature="Member of the trust",
        action="other",
        action_detail="Spoke, did not vote",
    )
    assert changed(b["agendaItem"])[item_id]["minutebook:declarations"][0]["nature"] == (
        "Member of the trust"
    )
    assert meeting_id in changed(b["meeting"])

    # An answer edited: the question moves.
    question.answer = "A fuller answer."
    question.save()
    qid = f"http://testserver/oparl/v1/minutebook/public-question/{question.pk}"
    assert changed(b["minutebook:record"]["PublicQuestion"])[qid]["answer"] == "A fuller answer."


def test_sync_sees_an_interest_marked_sensitive(demo: Any) -> None:
    """The monitoring officer agreeing an interest is sensitive (s32) changes only its
    record: a client syncing with ``modified_since`` must still re-read the entry, or it
    keeps the description the register now withholds."""
    client = Client()
    b = body(client, demo)
    entry = RegisterEntry.objects.filter(
        person__council=demo.council, person__kind="councillor", end_date__isnull=True
    ).exclude(record__is_sensitive=True)[0]
    time.sleep(1.1)
    since = timezone.localtime().isoformat(timespec="seconds")
    record_entry(
        entry,
        notified_on=dt.date(2024, 5, 2),
        is_sensitive=True,
        sensitivity_agreed_by="Monitoring Officer",
    )
    eid = f"http://testserver/oparl/v1/minutebook/register-entry/{entry.pk}"
    listed = {
        o["id"]: o
        for o in walk(client, b["minutebook:record"]["RegisterEntry"], modified_since=since)
    }
    assert listed[eid]["withheld"] is True
    assert "category" not in listed[eid]
