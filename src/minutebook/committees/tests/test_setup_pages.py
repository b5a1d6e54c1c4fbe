"""Committees, their members and standing items, and portfolios, set up at /officer/setup/:
one chairman at a time, one seat per person, dates in order, never raw JSON."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minutebook.backoffice.tests.setup_desk import desk, refused, text
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import Committee, Membership, Portfolio, PortfolioHolder
from minutebook.people.factories import CouncillorFactory
from minutebook.publishing.registers import councillor_url

pytestmark = pytest.mark.django_db


def _seat(person: object, role: str = "member", **extra: str) -> dict[str, object]:
    return {"person": person.pk, "role": role, "voting_right": "on", **extra}  # type: ignore[attr-defined]


def test_committee_members_and_standing_items_reach_the_public_site() -> None:
    from minutebook.meetings import services
    from minutebook.meetings.factories import VenueFactory

    d = desk()
    c = d.client
    r = c.post(
        reverse("backoffice:setup_committee_new", args=["exampleshire"]),
        {"name": "Licensing Committee", "kind": "regulatory", "quorum": "3", "is_active": "on"},
    )
    assert r.status_code == 302, text(r)
    committee = Committee.objects.get(council=d.council)
    assert committee.slug == "licensing-committee"
    assert "Licensing Committee" in text(c.get(f"/{d.council.slug}/committees/"))
    meetings_page = text(c.get(reverse("backoffice:committee_meetings", args=[committee.pk])))
    assert reverse("backoffice:setup_standing_items", args=[committee.pk]) in meetings_page
    # Members: a chairman, then a member; both on the public committee page.
    chair = CouncillorFactory(council=d.council, first_name="Rhian", last_name="Cadwallader")
    member = CouncillorFactory(council=d.council, first_name="Tom", last_name="Ashby")
    new_seat = reverse("backoffice:setup_membership_new", args=[committee.pk])
    assert c.get(new_seat).status_code == 200
    start = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    assert c.post(new_seat, _seat(chair, "chairman", start_date=start)).status_code == 302
    assert c.post(new_seat, _seat(member)).status_code == 302
    public = text(c.get(committee.get_absolute_url()))
    assert "Rhian Cadwallader" in public and "Tom Ashby" in public
    assert "Chairman" in public
    seats = text(c.get(reverse("backoffice:setup_memberships", args=[committee.pk])))
    assert "Rhian Cadwallader" in seats
    # Ending a seat takes the member off the public page.
    seat = Membership.objects.get(person=member)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    r = c.post(
        reverse("backoffice:setup_membership", args=[seat.pk]),
        _seat(member, end_date=yesterday),
    )
    assert r.status_code == 302
    assert "Tom Ashby" not in text(c.get(committee.get_absolute_url()))
    # Standing items: a form a row per item, in the order given; new agendas use them.
    url = reverse("backoffice:setup_standing_items", args=[committee.pk])
    page = text(c.get(url))
    assert "Declarations of interest" in page and '"kind"' not in page
    committee.standing_items = []
    committee.save()
    rows = [
        ("apologies", "Apologies for absence", "start", "1"),
        ("declarations", "Declarations of interest", "start", "2"),
        ("urgent_items", "Urgent business", "end", "3"),
    ]
    data = {"items-TOTAL_FORMS": "4", "items-INITIAL_FORMS": "0"}
    for i, (kind, title, position, order) in enumerate(rows):
        data |= {
            f"items-{i}-kind": kind,
            f"items-{i}-title": title,
            f"items-{i}-position": position,
            f"items-{i}-ORDER": order,
        }
    data |= {"items-3-kind": "minutes", "items-3-title": "Old item", "items-3-position": "start"}
    data |= {"items-3-DELETE": "on", "items-TOTAL_FORMS": "6"}  # and two untouched rows
    data |= {f"items-{i}-{f}": "" for i in (4, 5) for f in ("kind", "title", "position")}
    assert c.post(url, data).status_code == 302
    committee.refresh_from_db()
    assert [i["title"] for i in committee.standing_items] == [r[1] for r in rows]
    meeting = services.create_meeting(
        committee,
        start=timezone.now() + dt.timedelta(days=40),
        end=None,
        venue=VenueFactory(council=d.council),
        online_url="",
        is_extraordinary=False,
    )
    titles = list(meeting.agenda_items.order_by("order").values_list("title", flat=True))
    assert titles[0] == "Apologies for absence" and titles[-1] == "Urgent business"


def test_membership_rules_refused_on_the_form_with_input_kept() -> None:
    d = desk()
    c = d.client
    committee = CommitteeFactory(council=d.council, name="Planning Committee", slug="planning")
    chair = CouncillorFactory(council=d.council, first_name="Ann", last_name="Chair")
    MembershipFactory(
        committee=committee, person=chair, role="chairman", start_date=dt.date(2026, 5, 20)
    )
    rival = CouncillorFactory(council=d.council, first_name="Bob", last_name="Rival")
    new_seat = reverse("backoffice:setup_membership_new", args=[committee.pk])
    # A second chairman while the first is still in the chair.
    r = c.post(new_seat, _seat(rival, "chairman", start_date="2026-09-01"))
    refused(
        r,
        "Cllr Ann Chair is already Chairman of Planning Committee from 20 May 2026 with no "
        "end date: a committee has one Chairman at a time.",
        kept=("2026-09-01",),
    )
    # The same person twice at overlapping dates.
    r = c.post(new_seat, _seat(chair, start_date="2027-01-01", end_date="2027-12-31"))
    refused(r, "Cllr Ann Chair is already a member of Planning Committee", kept=("2027-12-31",))
    # End before start; a date that is no date; nothing chosen; another council's person.
    r = c.post(new_seat, _seat(rival, start_date="2027-05-01", end_date="2027-04-01"))
    refused(r, "The end date must be the same as or after the start date.", kept=("2027-04-01",))
    r = c.post(new_seat, {"role": "member", "start_date": "next Tuesday"})
    refused(
        r,
        "Choose the person who holds the seat.",
        "Enter the start date as a date",
        kept=("next Tuesday",),
    )
    outsider = CouncillorFactory(council=d.other)
    r = c.post(new_seat, _seat(outsider))
    refused(r, "Choose one of the options listed")
    assert Membership.objects.filter(committee=committee).count() == 1
    # A chairman after the first one's term ends is fine.
    first = Membership.objects.get(person=chair)
    first.end_date = dt.date(2027, 5, 19)
    first.save()
    r = c.post(new_seat, _seat(rival, "chairman", start_date="2027-05-20"))
    assert r.status_code == 302
    # Committee form: duplicate name, a slug taken by a public page, bad quorum, long name.
    r = c.post(
        reverse("backoffice:setup_committee_new", args=["exampleshire"]),
        {"name": "Planning Committee", "slug": "decisions", "kind": "regulatory", "quorum": "0"},
    )
    refused(
        r,
        "There is already a committee called Planning Committee.",
        "decisions is the address of another public page",
        "Enter a quorum of at least 1",
        kept=("decisions",),
    )
    r = c.post(
        reverse("backoffice:setup_committee_new", args=["exampleshire"]),
        {"name": "P" * 201, "kind": "", "parent": "abc"},
    )
    refused(r, "Ensure this value has at most 200 characters", "Enter the kind of body.")
    # Standing items: a missing title, an unknown kind.
    url = reverse("backoffice:setup_standing_items", args=[committee.pk])
    data = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-kind": "banquet",
        "items-0-title": "",
        "items-0-position": "start",
        "items-0-ORDER": "x",
    }
    refused(
        c.post(url, data),
        "Standing item 1: Enter the title.",
        "Select a valid choice. banquet is not one of the available choices.",
        "Enter the order as a whole number.",
        kept=("x",),
    )
    # A committee cannot sit under its own sub-committee.
    panel = CommitteeFactory(council=d.council, name="Planning Panel", parent=committee)
    r = c.post(
        reverse("backoffice:setup_committee", args=[committee.pk]),
        {
            "name": "Planning Committee",
            "slug": "planning",
            "kind": "regulatory",
            "parent": panel.pk,
        },
    )
    refused(r, "Planning Panel is part of this committee, so it cannot be its parent.")
    # Another council's committee.
    theirs = CommitteeFactory(council=d.other)
    for route in ("setup_committee", "setup_memberships", "setup_standing_items"):
        assert c.get(reverse(f"backoffice:{route}", args=[theirs.pk])).status_code == 403


def test_portfolio_and_holder() -> None:
    d = desk()
    c = d.client
    r = c.post(
        reverse("backoffice:setup_portfolio_new", args=["exampleshire"]),
        {"title": "Adult Social Care", "description": "Care and health.", "is_active": "on"},
    )
    assert r.status_code == 302
    portfolio = Portfolio.objects.get(council=d.council)
    holder = CouncillorFactory(council=d.council, first_name="Nia", last_name="Holder")
    new = reverse("backoffice:setup_holder_new", args=[portfolio.pk])
    r = c.post(new, {"person": holder.pk, "role": "holder", "start_date": "2026-05-20"})
    assert r.status_code == 302
    assert PortfolioHolder.objects.get(portfolio=portfolio).person == holder
    page = text(c.get(reverse("backoffice:setup_portfolio", args=[portfolio.pk])))
    assert "Cllr Nia Holder" in page
    assert c.get(councillor_url(holder)).status_code == 200
    # Bad input: dates out of order, the same holder twice, a title too long, a bad slug.
    r = c.post(
        new,
        {"person": holder.pk, "role": "holder", "start_date": "2026-09-01", "end_date": "1/1/2026"},
    )
    refused(r, "The end date must be the same as or after the start date.", kept=("1/1/2026",))
    r = c.post(new, {"person": holder.pk, "role": "holder", "start_date": "2026-09-01"})
    refused(r, "already holds this portfolio for some of those dates")
    r = c.post(
        reverse("backoffice:setup_portfolio_new", args=["exampleshire"]),
        {"title": "T" * 201, "slug": "adult-social-care"},
    )
    refused(r, "Ensure this value has at most 200 characters", kept=("adult-social-care",))
    r = c.post(
        reverse("backoffice:setup_portfolio_new", args=["exampleshire"]),
        {"title": "Adult Social Care"},
    )
    refused(r, "There is already a portfolio called Adult Social Care.")
