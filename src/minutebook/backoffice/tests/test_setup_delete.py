"""Deleting set-up records never used (backoffice.setup_delete), through the pages: a
ward, group, venue, committee and person nothing refers to go after a confirming tick;
one in use stays, with what uses it and how to retire it instead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minutebook.audit.models import AuditEvent
from minutebook.backoffice.tests.setup_desk import desk, refused, text
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import Committee, Membership
from minutebook.meetings import services
from minutebook.meetings.factories import VenueFactory
from minutebook.meetings.models import Venue
from minutebook.people.factories import CouncillorFactory
from minutebook.people.models import Person, PoliticalGroup, Ward

pytestmark = pytest.mark.django_db


def test_unused_records_are_deleted_and_used_ones_kept() -> None:
    d = desk()
    c = d.council
    used_ward = Ward.objects.create(council=c, name="Abbey", slug="abbey")
    spare_ward = Ward.objects.create(council=c, name="Spare", slug="spare")
    group = PoliticalGroup.objects.create(council=c, name="Green Party")
    sitting = CouncillorFactory(council=c, ward=used_ward, political_group=None)
    newcomer = CouncillorFactory(council=c, ward=None, political_group=None)
    held = CommitteeFactory(council=c, name="Planning", slug="planning")
    never = CommitteeFactory(council=c, name="Shadow Board", slug="shadow-board")
    MembershipFactory(committee=never, person=sitting)  # seats go with a committee never met
    room = VenueFactory(council=c, name="Committee Room 1")
    spare_room = VenueFactory(council=c, name="Old Annexe")
    services.create_meeting(held, start=timezone.now() + dt.timedelta(days=20), venue=room)

    # The edit page links to the deletion.
    page = text(d.client.get(reverse("backoffice:setup_ward", args=[spare_ward.pk])))
    assert reverse("backoffice:setup_ward_delete", args=[spare_ward.pk]) in page

    # In use: the page says by what and what to do instead; a post deletes nothing.
    for route, obj, used_by, instead in [
        ("backoffice:setup_ward_delete", used_ward, "1 person", "change their ward"),
        ("backoffice:setup_committee_delete", held, "1 meeting", "untick \u201cActive\u201d"),
        ("backoffice:setup_venue_delete", room, "1 meeting", "leave it"),
        ("backoffice:setup_person_delete", sitting, "1 membership", "untick \u201cActive\u201d"),
    ]:
        url = reverse(route, args=[obj.pk])
        body = text(d.client.get(url))
        assert "is in use, so it cannot be deleted" in body and used_by in body, (route, body)
        assert instead in body
        response = d.client.post(url, {"confirm": "on"})
        assert response.status_code == 200 and "is in use" in text(response)
        assert type(obj)._base_manager.filter(pk=obj.pk).exists()

    # Unused: an empty post is refused on the form; a ticked one deletes.
    url = reverse("backoffice:setup_ward_delete", args=[spare_ward.pk])
    refused(d.client.post(url, {}), "Tick the box to confirm the deletion.")
    assert Ward.objects.filter(pk=spare_ward.pk).exists()
    for route, obj in [
        ("backoffice:setup_ward_delete", spare_ward),
        ("backoffice:setup_group_delete", group),
        ("backoffice:setup_venue_delete", spare_room),
        ("backoffice:setup_committee_delete", never),
        ("backoffice:setup_person_delete", newcomer),
    ]:
        response = d.client.post(reverse(route, args=[obj.pk]), {"confirm": "on"})
        assert response.status_code == 302, (route, text(response)[:2000])
        assert not type(obj)._base_manager.filter(pk=obj.pk).exists(), route
    assert not Membership.objects.filter(committee_id=never.pk).exists()
    assert Committee.objects.filter(pk=held.pk).exists()
    assert Venue.objects.filter(pk=room.pk).exists() and Person.objects.filter(pk=sitting.pk)
    # The deletion is in the audit trail with its reason.
    assert AuditEvent.objects.filter(action="deleted", reason="Deleted: never used").exists()

    # Another council's record: 403, and it stays.
    theirs = Ward.objects.create(council=d.other, name="Elsewhere", slug="elsewhere")
    url = reverse("backoffice:setup_ward_delete", args=[theirs.pk])
    assert d.client.post(url, {"confirm": "on"}).status_code == 403
    assert Ward.objects.filter(pk=theirs.pk).exists()


def test_a_reference_with_no_reverse_name_counts_as_a_use() -> None:
    """A forward plan entry names its lead officer through a relation with no reverse
    accessor (``related_name="+"``, ``SET_NULL``): deleting the person would have emptied
    the entry's officer silently. It is a use like any other."""
    from minutebook.forwardplan.factories import ForwardPlanEntryFactory

    d = desk()
    officer = CouncillorFactory(council=d.council, ward=None, political_group=None)
    entry = ForwardPlanEntryFactory(council=d.council, officer=officer)
    url = reverse("backoffice:setup_person_delete", args=[officer.pk])
    body = text(d.client.get(url))
    assert "is in use, so it cannot be deleted" in body and "1 forward plan entry" in body
    assert d.client.post(url, {"confirm": "on"}).status_code == 200
    assert Person.objects.filter(pk=officer.pk).exists()
    entry.refresh_from_db()
    assert entry.officer_id == officer.pk
