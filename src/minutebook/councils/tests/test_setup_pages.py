"""The council's rules and closure days, set up at /officer/setup/ (no admin needed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minutebook.backoffice.tests.setup_desk import desk, refused, text
from minutebook.councils.factories import ClosureDayFactory
from minutebook.councils.forms import RULE_SECTIONS
from minutebook.councils.models import ClosureDay, Council

pytestmark = pytest.mark.django_db


def _rules_data(council: Council, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {}
    for _, names in RULE_SECTIONS:
        for name in names:
            value = getattr(council, name)
            if isinstance(value, bool):
                if value:
                    data[name] = "on"
            else:
                data[name] = "" if value is None else value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_rules_saved_and_shown_on_the_public_site() -> None:
    d = desk()
    index = d.client.get(reverse("backoffice:setup"))
    assert "Exampleshire County Council" in text(index)
    assert "Otherby" not in text(index)  # a council where the officer holds no role
    hub = d.client.get(reverse("backoffice:setup_council", args=["exampleshire"]))
    assert "Closure days" in text(hub) and "Venues" in text(hub)
    url = reverse("backoffice:setup_rules", args=["exampleshire"])
    assert d.client.get(url).status_code == 200
    response = d.client.post(
        url,
        _rules_data(
            d.council,
            contact_email="committees@exampleshire.gov.uk",
            contact_phone="01632 960123",
            call_in_signatories=3,
            public_question_deadline_rule="midday the working day before",
            pad_blank_pages="on",
            open_data_licence="https://creativecommons.org/licenses/by/4.0/",
        ),
    )
    assert response.status_code == 302, text(response)
    d.council.refresh_from_db()
    assert d.council.open_data_licence == "https://creativecommons.org/licenses/by/4.0/"
    body = d.client.get(f"/oparl/v1/body/{d.council.slug}").json()
    assert body["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert d.council.call_in_signatories == 3
    assert d.council.pad_blank_pages is True
    assert d.council.public_question_deadline_rule == "midday the working day before"
    public = text(d.client.get(f"/{d.council.slug}/"))
    assert "committees@exampleshire.gov.uk" in public and "01632 960123" in public


def test_rules_refused_in_plain_english_with_input_kept() -> None:
    d = desk()
    url = reverse("backoffice:setup_rules", args=["exampleshire"])
    response = d.client.post(
        url,
        _rules_data(
            d.council,
            name="",
            short_name="x" * 101,
            agenda_clear_days=3,  # below the statutory five
            call_in_signatories="five",
            public_question_deadline_rule="whenever suits",
            default_quorum_fraction="2",
            key_decision_threshold="-5",
            default_quorum="0",
            contact_email="committees@exampleshire.gov.uk",
        ),
    )
    refused(
        response,
        "Enter the name.",
        "Ensure this value has at most 100 characters",
        "Ensure this value is greater than or equal to 5.",
        "Enter a whole number.",
        "Enter the quorum fraction between 0 and 1",
        "Enter the key decision threshold as 0 or more.",
        "Enter a quorum of at least 1, or leave it blank.",
        kept=("x" * 101, "five", "whenever suits", "committees@exampleshire.gov.uk"),
    )
    assert "Deadline rule" in text(response) or "deadline" in text(response).lower()
    d.council.refresh_from_db()
    assert d.council.name == "Exampleshire County Council"
    assert d.council.contact_email != "committees@exampleshire.gov.uk"
    # Another council's rules: the officer holds no role there.
    other = d.client.post(reverse("backoffice:setup_rules", args=["otherby"]), _rules_data(d.other))
    assert other.status_code == 403


def test_closure_days_move_the_clock_and_duplicates_are_refused() -> None:
    from minutebook.meetings.factories import MeetingFactory
    from minutebook.meetings.services import deadlines_for

    d = desk()
    meeting = MeetingFactory(
        committee__council=d.council,
        start=timezone.make_aware(dt.datetime(2027, 1, 14, 18, 0)),
    )
    before = {x.key: x.value for x in deadlines_for(meeting)}
    url = reverse("backoffice:setup_closure_days", args=["exampleshire"])
    response = d.client.post(url, {"date": "2027-01-06", "reason": "Office move"})
    assert response.status_code == 302
    day = ClosureDay.objects.get(council=d.council)
    assert (day.date, day.reason) == (dt.date(2027, 1, 6), "Office move")
    after = {x.key: x.value for x in deadlines_for(meeting)}
    assert after != before  # a working day fewer before the meeting
    listed = text(d.client.get(url))
    assert "Wednesday 6 January 2027" in listed and "Office move" in listed
    # The same day again, a date that is no date, an over-long reason: refused, kept.
    again = d.client.post(url, {"date": "06/01/2027", "reason": "Again"})
    refused(again, "06 January 2027 is already a closure day.", kept=("Again",))
    bad = d.client.post(url, {"date": "31/02/2027", "reason": "r" * 201})
    refused(
        bad,
        "Enter the date as a date, for example 14/05/2025.",
        "Ensure this value has at most 200 characters",
        kept=("31/02/2027", "r" * 201),
    )
    empty = d.client.post(url, {"date": "", "reason": ""})
    refused(empty, "Enter the date.")
    assert ClosureDay.objects.filter(council=d.council).count() == 1
    # Removing: one's own council's day goes; another council's is refused.
    theirs = ClosureDayFactory(council=d.other)
    remove = "backoffice:setup_closure_day_remove"
    assert d.client.post(reverse(remove, args=[theirs.pk])).status_code == 403
    assert d.client.post(reverse(remove, args=[day.pk])).status_code == 302
    assert not ClosureDay.objects.filter(pk=day.pk).exists()
    assert ClosureDay.objects.filter(pk=theirs.pk).exists()
