"""The officer workflow, driven through the officer pages with the Django test client.

The publication cases use a real Easter: a meeting on Thursday 24 April 2025, 10:00.
Good Friday (18 April) and Easter Monday (21 April) are bank holidays in England.
Counting back the five clear working days of LGA 1972 s100B(3), neither the meeting
day nor the publication day counted:
    Wed 23, Tue 22 (Mon 21 holiday, Sun 20, Sat 19, Fri 18 holiday), Thu 17, Wed 16, Tue 15
so the first clear day is Tuesday 15 April and the agenda must be out by Monday 14 April.
Publishing on Wednesday 16 April leaves only Thu 17, Tue 22, Wed 23: three clear days.
(Counting weekdays but ignoring the bank holidays would have given five, 17/18/21/22/23,
and wrongly let it through.)
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import MembershipRole
from minutebook.councils.factories import ClosureDayFactory, CouncilFactory
from minutebook.meetings import services
from minutebook.meetings.factories import VenueFactory
from minutebook.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingState,
    Supplement,
    UrgencyKind,
    UrgencyRecord,
)
from minutebook.people.factories import CouncillorFactory
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import Report

LONDON = ZoneInfo("Europe/London")

TEMPLATE = [
    # Deliberately listed out of order: "end" items must still come last.
    {"kind": "urgent_items", "title": "Urgent items", "position": "end"},
    {"kind": "apologies", "title": "Apologies", "position": "start"},
    {"kind": "declarations", "title": "Declarations of interest", "position": "start"},
    {"kind": "exempt_business", "title": "Exclusion of the press and public", "position": "end"},
    {"kind": "minutes", "title": "Minutes", "position": "start"},
]


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def freeze(monkeypatch: pytest.MonkeyPatch):
    """Set the current time seen by the services and views."""

    def set_now(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))

    return set_now


@pytest.fixture
def officer(committee) -> object:
    user = get_user_model().objects.create_user("officer", password="x-very-long-pass")
    grant(user, committee.council, Role.DEMOCRATIC_SERVICES)
    return user


@pytest.fixture
def client_as_officer(client: Client, officer) -> Client:
    client.force_login(officer)
    return client


@pytest.fixture
def committee(db):
    council = CouncilFactory(slug="exampleshire", bank_holiday_region="ENG")
    return CommitteeFactory(council=council, slug="cabinet", standing_items=TEMPLATE)


@pytest.fixture
def chair(committee):
    person = CouncillorFactory(council=committee.council, first_name="Robin", last_name="Chair")
    MembershipFactory(committee=committee, person=person, role=MembershipRole.CHAIRMAN)
    return person


@pytest.fixture
def meeting(committee):
    """Thursday 24 April 2025 at 10:00, with the template's items and one report."""
    meeting = services.create_meeting(
        committee,
        start=london(2025, 4, 24, 10, 0),
        end=london(2025, 4, 24, 12, 0),
        online_url="https://example.org/watch",
    )
    services.add_item(
        meeting, title="Budget monitoring", report=ReportFactory(council=committee.council)
    )
    return meeting


def items_of(meeting: Meeting) -> list[tuple[str, str]]:
    return [
        (i.number, i.title)
        for i in AgendaItem.public_objects.filter(meeting=meeting).order_by("order")
    ]


# Creating a meeting and building its agenda -------------------------------------------


def test_create_meeting_from_the_committee_template(client_as_officer, committee, freeze) -> None:
    freeze(london(2025, 4, 1, 9, 0))
    venue = VenueFactory(council=committee.council, name="Council Chamber")
    response = client_as_officer.post(
        reverse("backoffice:meeting_create", args=[committee.pk]),
        {
            "start": "2025-04-24T10:00",
            "end": "2025-04-24T12:30",
            "venue": venue.pk,
            "online_url": "https://example.org/live",
        },
    )
    meeting = Meeting.objects.get(committee=committee)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:meeting", args=[meeting.pk])
    assert meeting.start == london(2025, 4, 24, 10, 0)
    assert meeting.venue == venue and meeting.online_url == "https://example.org/live"
    assert meeting.state == MeetingState.SCHEDULED and meeting.slug == "2025-04-24"
    assert items_of(meeting) == [
        ("1", "Apologies"),
        ("2", "Declarations of interest"),
        ("3", "Minutes"),
        ("4", "Urgent items"),
        ("5", "Exclusion of the press and public"),
    ]
    kinds = list(
        AgendaItem.public_objects.filter(meeting=meeting)
        .order_by("order")
        .values_list("standing_kind", flat=True)
    )
    assert kinds == ["apologies", "declarations", "minutes", "urgent_items", "exempt_business"]


def test_create_meeting_form_errors_are_summarised(client_as_officer, committee) -> None:
    response = client_as_officer.post(
        reverse("backoffice:meeting_create", args=[committee.pk]),
        {"start": "2025-04-24T10:00", "end": "2025-04-24T09:00"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "The end must be after the start." in page
    assert "Choose a venue or give an online link." in page
    assert not Meeting.objects.filter(committee=committee).exists()


def test_meeting_page_shows_state_and_clock_deadlines(client_as_officer, meeting) -> None:
    page = client_as_officer.get(reverse("backoffice:meeting", args=[meeting.pk])).content.decode()
    assert "Scheduled" in page
    # Publish-by from the clock: Monday 14 April 2025 (see the module docstring).
    assert "Monday 14 April 2025" in page
    assert "LGA 1972 s100B(3)" in page
    assert "Budget monitoring" in page


def test_add_items_before_the_closing_standing_items(client_as_officer, meeting) -> None:
    url = reverse("backoffice:item_add", args=[meeting.pk])
    response = client_as_officer.post(
        url, {"title": "Highways plan", "new_report_title": "Highways plan 2025/26"}
    )
    assert response.status_code == 302
    assert items_of(meeting) == [
        ("1", "Apologies"),
        ("2", "Declarations of interest"),
        ("3", "Minutes"),
        ("4", "Budget monitoring"),
        ("5", "Highways plan"),
        ("6", "Urgent items"),
        ("7", "Exclusion of the press and public"),
    ]
    highways = AgendaItem.public_objects.get(meeting=meeting, title="Highways plan")
    assert Report.officer_objects.get(pk=highways.report_id).title == "Highways plan 2025/26"

    budget = AgendaItem.public_objects.get(meeting=meeting, title="Budget monitoring")
    for title in ("Revenue", "Capital"):
        client_as_officer.post(url, {"title": title, "parent": budget.pk})
    assert items_of(meeting)[3:7] == [
        ("4", "Budget monitoring"),
        ("4a", "Revenue"),
        ("4b", "Capital"),
        ("5", "Highways plan"),
    ]

    # Moving item 5 up carries it above item 4 and its sub-items, which are renumbered.
    client_as_officer.post(reverse("backoffice:item_move", args=[highways.pk]), {"direction": "up"})
    assert items_of(meeting)[3:7] == [
        ("4", "Highways plan"),
        ("5", "Budget monitoring"),
        ("5a", "Revenue"),
        ("5b", "Capital"),
    ]
    capital = AgendaItem.public_objects.get(meeting=meeting, title="Capital")
    client_as_officer.post(reverse("backoffice:item_move", args=[capital.pk]), {"direction": "up"})
    assert items_of(meeting)[5:7] == [("5a", "Capital"), ("5b", "Revenue")]


def test_add_item_needs_a_title(client_as_officer, meeting) -> None:
    before = items_of(meeting)
    response = client_as_officer.post(
        reverse("backoffice:item_add", args=[meeting.pk]), {"title": ""}
    )
    assert response.status_code == 200
    assert "Enter the item&#x27;s title." in response.content.decode()
    assert items_of(meeting) == before


def test_mark_exempt_requires_a_paragraph_and_a_reason(client_as_officer, meeting) -> None:
    item = AgendaItem.public_objects.get(meeting=meeting, title="Budget monitoring")
    url = reverse("backoffice:item_exempt", args=[item.pk])

    response = client_as_officer.post(url, {"public_interest_reason": "Commercial terms."})
    assert response.status_code == 200
    assert "Choose the paragraph or paragraphs of Schedule 12A." in response.content.decode()
    response = client_as_officer.post(url, {"paragraphs": ["8"], "public_interest_reason": "x"})
    assert response.status_code == 200  # paragraph 8 does not exist
    response = client_as_officer.post(url, {"paragraphs": ["3"], "public_interest_reason": ""})
    assert "Give the public interest reason." in response.content.decode()
    item.refresh_from_db()
    assert not item.is_exempt

    response = client_as_officer.post(
        url, {"paragraphs": ["3"], "public_interest_reason": "Tender prices still open."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_exempt and item.exempt_paragraphs == [3]
    assert item.public_interest_reason == "Tender prices still open."
    # The report holds the exempt information: it is restricted with the item.
    assert Report.officer_objects.get(pk=item.report_id).is_exempt
    assert item.public_report is None

    # Back to public session: allowed only once the report is reviewed.
    client_as_officer.post(reverse("backoffice:item_exempt_clear", args=[item.pk]))
    item.refresh_from_db()
    assert item.is_exempt


# Publishing the agenda ----------------------------------------------------------------


def test_publish_in_time(client_as_officer, meeting, officer, freeze) -> None:
    freeze(london(2025, 4, 14, 16, 30))  # Monday 14 April: the last day (5 clear days)
    response = client_as_officer.post(reverse("backoffice:meeting_publish", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.AGENDA_PUBLISHED
    assert meeting.published_at == london(2025, 4, 14, 16, 30)
    assert meeting.published_by == officer
    assert not UrgencyRecord.objects.exists()
    assert not AgendaItem.public_objects.filter(meeting=meeting, is_urgent=True).exists()


def test_late_publication_is_refused(client_as_officer, meeting, freeze) -> None:
    freeze(london(2025, 4, 16, 9, 0))  # Wednesday 16 April: three clear days (Easter)
    url = reverse("backoffice:meeting_publish", args=[meeting.pk])
    assert "Late: publishing today leaves 3 clear working days" in (
        client_as_officer.get(url).content.decode()
    )
    response = client_as_officer.post(url, {"chair": "", "urgency_reason": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Too late to publish the agenda without the chair" in page
    assert "leave 3 clear working days" in page
    assert "Monday 14 April 2025" in page
    meeting.refresh_from_db()
    assert meeting.published_at is None and meeting.state == MeetingState.SCHEDULED
    assert not UrgencyRecord.objects.exists()


def test_late_publication_needs_both_chair_and_reasons(meeting, chair, officer) -> None:
    at = london(2025, 4, 16, 9, 0)
    with pytest.raises(services.LatePublication):
        services.publish_agenda(meeting, by=officer, at=at, chair=chair)
    with pytest.raises(services.LatePublication):
        services.publish_agenda(meeting, by=officer, at=at, urgency_reason="Budget deadline.")
    meeting.refresh_from_db()
    assert meeting.published_at is None


def test_a_council_closure_day_counts_against_publication(meeting, officer) -> None:
    # An office closure on Tuesday 15 April leaves Monday 14 April with only four clear days.
    ClosureDayFactory(council=meeting.committee.council, date=dt.date(2025, 4, 15))
    with pytest.raises(services.LatePublication, match="leave 4 clear working days"):
        services.publish_agenda(meeting, by=officer, at=london(2025, 4, 14, 9, 0))


def test_late_publication_accepted_with_the_chairs_urgency(
    client_as_officer, meeting, chair, officer, freeze
) -> None:
    freeze(london(2025, 4, 16, 9, 0))
    reason = "The grant offer expires on 30 April and arrived on 15 April."
    url = reverse("backoffice:meeting_publish", args=[meeting.pk])
    assert f'<option value="{chair.pk}" selected>' in client_as_officer.get(url).content.decode()
    response = client_as_officer.post(url, {"chair": chair.pk, "urgency_reason": reason})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.AGENDA_PUBLISHED
    assert meeting.published_at == london(2025, 4, 16, 9, 0)

    record = UrgencyRecord.objects.get(meeting=meeting)
    assert record.kind == UrgencyKind.AGENDA
    assert record.chair == chair and record.chair_name == "Cllr Robin Chair"
    assert record.reason == reason
    assert record.recorded_by == officer
    assert record.published_at == london(2025, 4, 16, 9, 0)
    assert (record.clear_days, record.required_days) == (3, 5)
    assert record.items.count() == AgendaItem.public_objects.filter(meeting=meeting).count()
    assert all(
        i.is_urgent and i.urgency_reason == reason
        for i in AgendaItem.public_objects.filter(meeting=meeting)
    )
    page = client_as_officer.get(reverse("backoffice:meeting", args=[meeting.pk])).content
    assert reason in page.decode() and "s100B(4)(b)" in page.decode()


def test_publishing_twice_is_refused(meeting, officer) -> None:
    services.publish_agenda(meeting, by=officer, at=london(2025, 4, 10, 9, 0))
    with pytest.raises(services.WorkflowError, match="already published"):
        services.publish_agenda(meeting, by=officer, at=london(2025, 4, 11, 9, 0))


# Supplements --------------------------------------------------------------------------


def test_to_follow_items_go_out_in_supplements_with_their_own_times(
    client_as_officer, meeting, chair, freeze
) -> None:
    add = reverse("backoffice:item_add", args=[meeting.pk])
    client_as_officer.post(add, {"title": "Leisure contract", "to_follow": "on"})
    leisure = AgendaItem.public_objects.get(meeting=meeting, title="Leisure contract")

    freeze(london(2025, 4, 9, 12, 0))
    client_as_officer.post(reverse("backoffice:meeting_publish", args=[meeting.pk]))
    leisure.refresh_from_db()
    assert leisure.published_at is None  # listed, papers to follow
    budget = AgendaItem.public_objects.get(meeting=meeting, title="Budget monitoring")
    assert budget.published_at == london(2025, 4, 9, 12, 0)

    # Supplement 1 in time: Friday 11 April leaves Mon 14, Tue 15, Wed 16, Thu 17, Tue 22,
    # Wed 23 (six clear working days).
    freeze(london(2025, 4, 11, 15, 45))
    url = reverse("backoffice:meeting_supplement", args=[meeting.pk])
    assert client_as_officer.post(url, {"items": [leisure.pk]}).status_code == 302
    first = Supplement.objects.get(meeting=meeting)
    assert (first.number, first.title) == (1, "Supplement 1")
    assert first.published_at == london(2025, 4, 11, 15, 45)
    leisure.refresh_from_db()
    assert leisure.supplement == first and leisure.published_at == first.published_at
    assert not UrgencyRecord.objects.exists()

    # A late item after publication keeps the printed numbers and goes at the end.
    freeze(london(2025, 4, 22, 11, 0))
    client_as_officer.post(add, {"title": "Flood response"})
    flood = AgendaItem.public_objects.get(meeting=meeting, title="Flood response")
    assert flood.number == "8" and flood.published_at is None
    response = client_as_officer.post(url, {"items": [flood.pk]})
    assert response.status_code == 200
    assert "Too late to publish this supplement" in response.content.decode()
    response = client_as_officer.post(
        url, {"items": [flood.pk], "chair": chair.pk, "urgency_reason": "Flooding on 21 April."}
    )
    assert response.status_code == 302
    second = Supplement.objects.get(meeting=meeting, number=2)
    assert second.published_at == london(2025, 4, 22, 11, 0)
    assert first.published_at != second.published_at
    record = UrgencyRecord.objects.get(supplement=second)
    assert record.kind == UrgencyKind.SUPPLEMENT and record.clear_days == 1
    assert list(record.items.all()) == [flood]
    flood.refresh_from_db()
    assert flood.is_urgent and flood.urgency_reason == "Flooding on 21 April."
    budget.refresh_from_db()
    assert not budget.is_urgent
    # Nothing left to publish: a third supplement cannot republish an item.
    with pytest.raises(services.WorkflowError):
        services.publish_supplement(meeting, [flood], by=None, at=london(2025, 4, 22, 12, 0))


def test_supplement_needs_a_published_agenda(meeting) -> None:
    item = AgendaItem.public_objects.filter(meeting=meeting).first()
    with pytest.raises(services.WorkflowError, match="Publish the agenda first"):
        services.publish_supplement(meeting, [item], by=None, at=london(2025, 4, 10, 9, 0))


# Cancelling and moving ----------------------------------------------------------------


def test_cancel_a_meeting(client_as_officer, meeting, officer) -> None:
    url = reverse("backoffice:meeting_cancel", args=[meeting.pk])
    response = client_as_officer.post(url, {"reason": ""})
    assert "Give the reason for cancelling." in response.content.decode()
    response = client_as_officer.post(url, {"reason": "Insufficient business."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED
    assert meeting.cancellation_reason == "Insufficient business."
    assert meeting.cancelled_at is not None
    with pytest.raises(services.WorkflowError, match="cancelled"):
        services.publish_agenda(meeting, by=officer, at=london(2025, 4, 10, 9, 0))


def test_move_before_publication_moves_the_address(client_as_officer, meeting, freeze) -> None:
    freeze(london(2025, 4, 1, 9, 0))
    url = reverse("backoffice:meeting_move", args=[meeting.pk])
    response = client_as_officer.post(url, {"start": "2025-04-29T14:00"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.start == london(2025, 4, 29, 14, 0)
    assert meeting.end == london(2025, 4, 29, 16, 0)  # the two hours are kept
    assert meeting.moved_from == london(2025, 4, 24, 10, 0)
    assert meeting.slug == "2025-04-29"


def test_move_after_publication_keeps_the_address(
    client_as_officer, meeting, chair, officer, freeze
) -> None:
    freeze(london(2025, 4, 14, 10, 0))
    services.publish_agenda(meeting, by=officer, at=london(2025, 4, 14, 9, 0))
    url = reverse("backoffice:meeting_move", args=[meeting.pk])

    # Later: the agenda has even more notice; the public address does not change.
    assert client_as_officer.post(url, {"start": "2025-04-28T18:00"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2025, 4, 28) and meeting.slug == "2025-04-24"

    # Earlier, to Tuesday 22 April: published on 14 April that leaves Tue 15, Wed 16,
    # Thu 17 (Fri 18 and Mon 21 are bank holidays): three clear days. Refused...
    response = client_as_officer.post(url, {"start": "2025-04-22T18:00"})
    assert response.status_code == 200
    assert "leave 3 clear working days" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.start == london(2025, 4, 28, 18, 0)
    # ...unless the chair's urgency is recorded.
    response = client_as_officer.post(
        url,
        {"start": "2025-04-22T18:00", "chair": chair.pk, "urgency_reason": "Election period."},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.start == london(2025, 4, 22, 18, 0) and meeting.slug == "2025-04-24"
    assert UrgencyRecord.objects.get(meeting=meeting).kind == UrgencyKind.MOVE


def test_published_agenda_numbers_are_fixed(client_as_officer, meeting, officer) -> None:
    services.publish_agenda(meeting, by=officer, at=london(2025, 4, 14, 9, 0))
    item = AgendaItem.public_objects.get(meeting=meeting, title="Budget monitoring")
    client_as_officer.post(reverse("backoffice:item_move", args=[item.pk]), {"direction": "up"})
    item.refresh_from_db()
    assert item.number == "4"


# Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["meeting", "meeting_publish", "meeting_supplement", "meeting_cancel", "meeting_move"],
)
def test_officer_pages_are_for_staff_only(client: Client, meeting, name: str) -> None:
    url = reverse(f"backoffice:{name}", args=[meeting.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    resident = get_user_model().objects.create_user("resident", password="x-very-long-pass")
    client.force_login(resident)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED


def test_committee_pages_list_meetings(client_as_officer, meeting) -> None:
    page = client_as_officer.get(reverse("backoffice:meeting_committees")).content.decode()
    assert meeting.committee.name in page
    url = reverse("backoffice:committee_meetings", args=[meeting.committee.pk])
    page = client_as_officer.get(url).content.decode()
    assert reverse("backoffice:meeting", args=[meeting.pk]) in page


def test_every_officer_form_renders_with_csrf(client_as_officer, meeting, officer) -> None:
    item = AgendaItem.public_objects.get(meeting=meeting, title="Budget monitoring")
    urls = [
        reverse("backoffice:meeting_create", args=[meeting.committee.pk]),
        reverse("backoffice:meeting_edit", args=[meeting.pk]),
        reverse("backoffice:item_add", args=[meeting.pk]),
        reverse("backoffice:item_edit", args=[item.pk]),
        reverse("backoffice:item_exempt", args=[item.pk]),
        reverse("backoffice:meeting_publish", args=[meeting.pk]),
        reverse("backoffice:meeting_cancel", args=[meeting.pk]),
        reverse("backoffice:meeting_move", args=[meeting.pk]),
    ]
    for url in urls:
        response = client_as_officer.get(url)
        assert response.status_code == 200, url
        assert 'name="csrfmiddlewaretoken"' in response.content.decode(), url
    services.publish_agenda(meeting, by=officer, at=london(2025, 4, 14, 9, 0))
    response = client_as_officer.get(reverse("backoffice:meeting_supplement", args=[meeting.pk]))
    assert response.status_code == 200


def test_edit_item_attaches_a_report_and_keeps_exemption_on_it(client_as_officer, meeting) -> None:
    item = AgendaItem.public_objects.get(meeting=meeting, title="Minutes")
    services.mark_exempt(item, [1], "Names an individual.")
    report = ReportFactory(council=meeting.committee.council, title="Staffing")
    response = client_as_officer.post(
        reverse("backoffice:item_edit", args=[item.pk]),
        {"title": "Staffing matter", "report": report.pk},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    report.refresh_from_db()
    assert item.title == "Staffing matter" and item.report_id == report.pk
    assert report.is_exempt and report.exempt_paragraphs == [1]
    assert item.public_report is None


def test_change_venue_and_online_link(client_as_officer, meeting) -> None:
    venue = VenueFactory(council=meeting.committee.council, name="Committee Room 2")
    elsewhere = VenueFactory(name="Another council's hall")
    url = reverse("backoffice:meeting_edit", args=[meeting.pk])
    response = client_as_officer.post(url, {"venue": elsewhere.pk})
    assert response.status_code == 200  # not one of this council's venues
    response = client_as_officer.post(url, {"venue": venue.pk, "online_url": ""})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue == venue and meeting.online_url == ""


@pytest.mark.django_db(transaction=True)
def test_publishing_builds_the_public_pack_in_the_background(settings):
    """Publication enqueues the pack build once committed; the pack Document then exists."""
    from minutebook.documents.models import Document, DocumentKind
    from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
    from minutebook.meetings.services import publish_agenda

    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = True
    meeting = MeetingFactory(start=timezone.now() + dt.timedelta(days=30), published_at=None)
    AgendaItemFactory(meeting=meeting, number="1", title="Apologies for absence")
    publish_agenda(meeting, by=None)
    packs = Document.public_objects.filter(meeting=meeting, kind=DocumentKind.AGENDA_PACK)
    pdf = [d for d in packs if d.file.name.endswith(".pdf")]
    assert len(pdf) == 1 and pdf[0].pages >= 1
    assert any(d.file.name.endswith(".html") for d in packs)
