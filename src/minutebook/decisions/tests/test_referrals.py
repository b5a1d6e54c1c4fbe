"""Referrals onto agendas: a recommendation lands on the receiving body's agenda and both
public meeting pages (and the receiving pack, once the worker rebuilds it) say so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions import services
from minutebook.decisions.models import Consideration
from minutebook.derived.graph import rebuild_all
from minutebook.derived.models import StaleCopy
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import AgendaItem, MeetingState
from minutebook.meetings.services import add_item, publish_agenda
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product


def url(name: str, *args: object) -> str:
    return reverse(f"backoffice:decisions:{name}", args=args)


def day(meeting) -> str:
    return f"{meeting.date.day} {meeting.date:%B %Y}"


@pytest.fixture
def world(client):
    council = CouncilFactory(slug="borough")
    user = get_user_model().objects.create_user("dso", password="x-very-long-pass")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client.force_login(user)
    scrutiny = CommitteeFactory(
        council=council, kind=CommitteeKind.OVERVIEW_SCRUTINY, name="Scrutiny Board"
    )
    cabinet = CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE, name="Cabinet")
    now = timezone.now()
    held = MeetingFactory(committee=scrutiny, start=now - dt.timedelta(days=3))
    item = add_item(held, title="Review of bus subsidies")
    publish_agenda(held, by=user, at=held.start - dt.timedelta(days=20))
    nxt = MeetingFactory(committee=cabinet, start=now + dt.timedelta(days=40))
    later = MeetingFactory(committee=cabinet, start=now + dt.timedelta(days=70))
    matter = services.start_matter(
        council,
        title="Bus subsidies",
        committee=scrutiny,
        meeting=held,
        recommendation="Review the subsidies.",
    )
    return {
        "client": client,
        "user": user,
        "council": council,
        "scrutiny": scrutiny,
        "cabinet": cabinet,
        "held": held,
        "item": item,
        "next": nxt,
        "later": later,
        "matter": matter,
    }


@pytest.mark.django_db
def test_a_referral_goes_on_the_next_agenda_and_both_public_pages_and_the_pack_say_so(
    world,
) -> None:
    officer, matter, held, nxt = world["client"], world["matter"], world["held"], world["next"]
    page = url("matter", matter.pk)
    # An item of another meeting is refused, with the input kept.
    other = add_item(nxt, title="Budget monitoring")
    refused = officer.post(
        page,
        {
            "meeting": held.pk,
            "outcome": "recommended",
            "resolution": "That cabinet reduces the subsidies.",
            "refer_to": world["cabinet"].pk,
            "agenda_item": other.pk,
        },
    )
    text = refused.content.decode()
    assert refused.status_code == 200
    assert "Select a valid choice" in text  # another body's item is not offered
    assert "That cabinet reduces the subsidies." in text
    # A cabinet meeting already held cannot take the item: said on the form, nothing kept.
    past = MeetingFactory(
        committee=world["cabinet"],
        start=timezone.now() - dt.timedelta(days=1),
        state=MeetingState.HELD,
    )
    good = {
        "meeting": held.pk,
        "outcome": "recommended",
        "resolution": "That cabinet reduces the subsidies.",
        "refer_to": world["cabinet"].pk,
        "agenda_item": world["item"].pk,
    }
    refused = officer.post(page, {**good, "next_meeting": past.pk}).content.decode()
    assert "The meeting has been held: you cannot add items." in refused
    assert "That cabinet reduces the subsidies." in refused
    assert not Consideration.objects.filter(referred_from__isnull=False).exists()
    assert matter.current.outcome == ""
    response = officer.post(page, good)
    assert response.status_code == 302, response.content.decode()[:3000]
    onward = Consideration.objects.get(referred_from__isnull=False)
    # The cabinet's next meeting, not the later one; before its closing standing items.
    assert onward.meeting == nxt and onward.agenda_item is not None
    assert onward.agenda_item.meeting_id == nxt.pk
    assert onward.agenda_item.title == "Bus subsidies"
    detail = officer.get(page).content.decode()
    assert "On the agenda:" in detail

    publish_agenda(nxt, by=world["user"])
    public = Client()
    referring = public.get(held.get_absolute_url()).content.decode()
    assert f"Referred to Cabinet on {day(nxt)}" in referring
    assert nxt.get_absolute_url() in referring
    receiving = public.get(nxt.get_absolute_url()).content.decode()
    assert f"Referred from Scrutiny Board on {day(held)}" in receiving
    number = AgendaItem.public_objects.get(pk=onward.agenda_item_id).number
    item_page = public.get(
        reverse(
            "publishing:item",
            args=[world["council"].slug, world["cabinet"].slug, nxt.slug, number],
        )
    )
    assert f"Referred from Scrutiny Board on {day(held)}" in item_page.content.decode()

    # The worker builds the published agenda's pack: it prints where the item came from.
    # (Only the receiving meeting's copies are rebuilt here, to keep the test quick.)
    StaleCopy.objects.exclude(copy="agenda-pack", key=str(nxt.pk)).delete()
    rebuild_all()
    row = GeneratedDocument.objects.get(
        meeting=nxt, product=Product.AGENDA_PACK, audience=Audience.PUBLIC, format=Format.HTML
    )
    html = row.document.file.read().decode()
    assert f"Referred from Scrutiny Board on {day(held)}" in html


@pytest.mark.django_db
def test_the_officer_picks_the_meeting_when_none_was_placed(world) -> None:
    officer, matter, cabinet = world["client"], world["matter"], world["cabinet"]
    first = matter.current
    # Cabinet has no meeting to come when the recommendation is recorded: nothing placed.
    later_meetings = [world["next"], world["later"]]
    for meeting in later_meetings:
        meeting.state = MeetingState.CANCELLED
        meeting.save()
    onward = services.record_consideration(
        first,
        outcome="recommended",
        resolution="That cabinet reviews it.",
        refer_to=cabinet,
    )
    assert onward is not None and onward.agenda_item is None and onward.meeting is None
    page = url("matter", matter.pk)
    assert "Cabinet has no meeting scheduled" in officer.get(page).content.decode()

    place = url("matter_place", matter.pk)
    empty = officer.post(place, {})
    assert "Choose the meeting whose agenda the matter goes on." in empty.content.decode()
    # Another council's meeting, a held one and another body's are not choices.
    elsewhere = MeetingFactory(
        committee=CommitteeFactory(kind=CommitteeKind.EXECUTIVE),
        start=timezone.now() + dt.timedelta(days=9),
    )
    for bad in (elsewhere.pk, world["held"].pk, "not-a-number"):
        refused = officer.post(place, {"place-meeting": bad})
        assert refused.status_code == 200
        assert "Choose one of this body&#x27;s meetings still to come." in refused.content.decode()
    assert not AgendaItem.public_objects.filter(meeting=elsewhere).exists()

    picked = MeetingFactory(committee=cabinet, start=timezone.now() + dt.timedelta(days=20))
    done = officer.post(place, {"place-meeting": picked.pk})
    assert done.status_code == 302
    onward.refresh_from_db()
    assert onward.meeting == picked and onward.agenda_item.meeting == picked
    # Placed once: the form is gone and a second post changes nothing.
    again = officer.post(place, {"place-meeting": picked.pk}, follow=True)
    assert "Nothing on this matter is waiting for an agenda." in again.content.decode()
    assert AgendaItem.public_objects.filter(meeting=picked).count() == 1
