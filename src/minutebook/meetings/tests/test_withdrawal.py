"""Withdraw and delete with history (meetings.withdrawal, backoffice.history): a published
item or meeting is withdrawn, kept and marked on the public page and in the pack the
worker rebuilds; deletes only before publication; edits undone from the history page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.audit.models import AuditEvent
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.derived.graph import rebuild_all
from minutebook.meetings import services
from minutebook.meetings.factories import VenueFactory
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import build_pack_scenario


def _officer(client: Client, council) -> Client:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user("officer", password="x-very-long-pass")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client.force_login(user)
    return client


def _public_pack(meeting: Meeting) -> str:
    """The public HTML agenda pack, as an anonymous visitor gets it."""
    response = Client().get(f"{meeting.get_absolute_url()}agenda-pack.html")
    assert response.status_code == 200
    content = getattr(response, "streaming_content", None)
    data = b"".join(content) if content is not None else response.content
    return data.decode("utf-8")


@pytest.mark.django_db
def test_withdrawing_after_publication_marks_the_public_page_and_rebuilt_pack(
    client: Client,
) -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting, item = scenario.meeting, scenario.public_item
    generate_pack(meeting)
    assert "Met from the existing budget" in _public_pack(meeting)
    officer = _officer(client, meeting.committee.council)

    # Published: deleting is refused, and says to withdraw instead.
    response = officer.post(reverse("backoffice:item_delete", args=[item.pk]))
    assert response.status_code in (200, 400)
    assert "withdraw it instead" in response.content.decode().lower()
    assert AgendaItem.public_objects.filter(pk=item.pk).exists()
    response = officer.post(reverse("backoffice:meeting_delete", args=[meeting.pk]))
    assert "withdraw" in response.content.decode().lower()
    assert Meeting.objects.filter(pk=meeting.pk).exists()

    # A withdrawal needs a reason: the error is on the form.
    url = reverse("backoffice:item_withdraw", args=[item.pk])
    page = officer.post(url, {"reason": ""}).content.decode()
    assert "Give the reason for the withdrawal." in page
    reason = "Created in error: the report goes to the next meeting."
    assert officer.post(url, {"reason": reason}).status_code == 302
    item.refresh_from_db()
    assert item.withdrawn_at is not None

    # The worker rebuilds the pack: the item is listed as withdrawn, without its report.
    rebuild_all()
    text = _public_pack(meeting)
    assert "Library opening hours (Withdrawn)" in text and "Created in error" in text
    assert "Met from the existing budget" not in text
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Withdrawn" in public and "the report goes to the next meeting" in public
    item_page = client.get(f"{meeting.get_absolute_url()}items/{item.number}/")
    if item_page.status_code == 200:
        assert "Withdrawn" in item_page.content.decode()
        assert "Met from the existing budget" not in item_page.content.decode()

    # The history lists the change; once published it is not undone there.
    history = reverse("backoffice:history:item", args=[item.pk])
    page = officer.get(history).content.decode()
    assert "withdrawal_reason" in page and "Undo<span" not in page
    change = AuditEvent.objects.for_object(item).filter(action="updated").latest("seq")
    undo = reverse("backoffice:history:item_undo", args=[item.pk, change.seq])
    response = officer.post(undo, follow=True)
    assert "has been published" in response.content.decode()
    item.refresh_from_db()
    assert item.withdrawn_at is not None

    # Withdrawing the whole meeting: marked on the public page and in the pack's title.
    url = reverse("backoffice:meeting_withdraw", args=[meeting.pk])
    assert officer.post(url, {"reason": "Duplicate of the meeting on 13 March."}).status_code == 302
    rebuild_all()
    assert "Agenda (Withdrawn: Duplicate of the meeting on 13 March.)" in _public_pack(meeting)
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Withdrawn: this meeting will not take place as listed" in public
    # Calendars drop it; its agenda lines say which item went.
    ics = client.get(f"{meeting.get_absolute_url()}calendar.ics").content.decode()
    assert "STATUS:CANCELLED" in ics and "SUMMARY:Withdrawn: Cabinet" in ics
    assert "Library opening hours (withdrawn)" in ics.replace("\r\n ", "")
    # The report's history page opens for the officer.
    assert (
        officer.get(
            reverse("backoffice:history:report", args=[scenario.public_report.pk])
        ).status_code
        == 200
    )


@pytest.mark.django_db
def test_unpublished_things_are_deleted_and_their_edits_undone(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    council = CouncilFactory(slug="exampleshire")
    committee = CommitteeFactory(council=council, slug="planning")
    meeting = services.create_meeting(
        committee, start=now + dt.timedelta(days=20), venue=VenueFactory(council=council)
    )
    first = services.add_item(meeting, title="Planning application 1")
    second = services.add_item(meeting, title="Planning application 2")
    officer = _officer(client, council)

    # Edit the title twice, then undo the later edit from the history page.
    edit = reverse("backoffice:item_edit", args=[second.pk])
    for title in ("Planning application 2: Mill Lane", "Planning application 2: Mill Lane (typo"):
        assert officer.post(edit, {"title": title}).status_code == 302
    history = reverse("backoffice:history:item", args=[second.pk])
    page = officer.get(history).content.decode()
    assert "Mill Lane (typo" in page and "Undo" in page
    edits = list(AuditEvent.objects.for_object(second).filter(action="updated").order_by("seq"))
    older, later = edits[-2], edits[-1]
    # The older edit was overtaken by the later one: refused until that is undone.
    response = officer.post(
        reverse("backoffice:history:item_undo", args=[second.pk, older.seq]), follow=True
    )
    assert "changed again after this change" in response.content.decode()
    response = officer.post(
        reverse("backoffice:history:item_undo", args=[second.pk, later.seq]), follow=True
    )
    assert f"Change #{later.seq} undone." in response.content.decode()
    second.refresh_from_db()
    assert second.title == "Planning application 2: Mill Lane"
    assert AuditEvent.objects.for_object(second).latest("seq").reason == (
        f"Undo of change #{later.seq}"
    )
    officer.post(reverse("backoffice:history:item_undo", args=[second.pk, older.seq]))
    second.refresh_from_db()
    assert second.title == "Planning application 2"

    # Never published: the first item is deleted and the agenda renumbered.
    number = second.number
    assert officer.post(reverse("backoffice:item_delete", args=[first.pk])).status_code == 302
    assert not AgendaItem.public_objects.filter(pk=first.pk).exists()
    second.refresh_from_db()
    assert int(second.number) == int(number) - 1
    assert AuditEvent.objects.filter(
        action="deleted", object_type="meetings.agendaitem", object_id=str(first.pk)
    ).exists()

    # The meeting too, with what is left of its agenda.
    url = reverse("backoffice:meeting_delete", args=[meeting.pk])
    assert "Delete the meeting" in officer.get(url).content.decode()
    assert officer.post(url).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
