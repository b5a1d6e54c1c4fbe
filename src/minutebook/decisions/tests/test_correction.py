"""Issue 15, item 3: an issued decision record not in minutes is corrected as a new
version with its reason, through the officer route (``/officer/decisions/<pk>/correct/``).

Before this there was no way at all: the edit page refused a published record and the
database refuses any change to it. Each test goes through the real route with a
democratic services login; the old row must stay exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant, make_user
from minutebook.alerts.models import NewPaper
from minutebook.audit.models import AuditEvent
from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.decisions import services
from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import CallInState, Decision, MinuteItem
from minutebook.meetings.factories import MeetingFactory
from minutebook.minutes.tests.test_minutes import Setup, _locked
from minutebook.search.models import EntryKind, SearchEntry

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TEXT = "That the depot lease be granted to Acme Ltd for 10 years."
FIXED = "That the depot lease be granted to Acme Ltd for 15 years."
REASON = "The term was misprinted: the report and the vote were for 15 years"


def _published(**extra: Any) -> Decision:
    cabinet = CommitteeFactory(kind=CommitteeKind.EXECUTIVE, name="Cabinet", slug="cabinet")
    day = dt.date.today() - dt.timedelta(days=3)
    start = dt.datetime.combine(day, dt.time(18), tzinfo=LONDON)
    meeting = MeetingFactory(committee=cabinet, start=start)
    decision = DecisionFactory(meeting=meeting, decision=TEXT, **extra)
    now = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(12), tzinfo=LONDON)
    return services.publish_decision(decision, now=now)


def _client(council: Any, role: str = Role.DEMOCRATIC_SERVICES) -> Client:
    user = make_user(f"user-{role}")
    grant(user, council, role)
    client = Client()
    client.force_login(user)
    return client


def _url(decision: Decision) -> str:
    return reverse("backoffice:decisions:correct", args=[decision.pk])


def _form(record: Decision, **changes: str) -> dict[str, str]:
    data = {
        "title": record.title,
        "decision": record.decision,
        "reasons": record.reasons,
        "alternatives_rejected": record.alternatives_rejected,
        "declarations_noted": record.declarations_noted,
        "dispensations": record.dispensations,
        "urgency_reason": record.urgency_reason,
        "reason": REASON,
    }
    return data | changes


def _row(pk: int) -> dict[str, Any]:
    return Decision._base_manager.filter(pk=pk).values().get()


def test_the_reason_is_required_and_the_form_keeps_the_text() -> None:
    decision = _published()
    client = _client(decision.council)
    response = client.post(_url(decision), _form(decision, decision=FIXED, reason=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the reason for the correction" in page
    assert FIXED in page  # what was typed is kept
    assert Decision.officer_objects.count() == 1


def test_the_form_is_prefilled_with_the_current_text() -> None:
    decision = _published()
    response = _client(decision.council).get(_url(decision))
    assert response.status_code == 200
    assert TEXT in response.content.decode()


def test_a_correction_is_a_new_published_version_and_the_old_row_is_untouched() -> None:
    decision = _published()
    before = _row(decision.pk)
    NewPaper.objects.all().delete()
    client = _client(decision.council)
    response = client.post(_url(decision), _form(decision, decision=FIXED))
    assert response.status_code == 302
    new = Decision.officer_objects.get(corrects=decision)
    assert response.url == reverse("backoffice:decisions:detail", args=[new.pk])
    assert _row(decision.pk) == before
    assert new.decision == FIXED
    assert new.correction_reason == REASON
    assert new.published_at is not None and new.published_at > decision.published_at
    # Copied as it is: a correction of the record does not reopen call-in.
    assert (new.call_in_state, new.call_in_expires, new.in_force_date) == (
        CallInState.OPEN,
        decision.call_in_expires,
        decision.in_force_date,
    )
    assert (new.meeting_id, new.date, new.decision_maker_id) == (
        decision.meeting_id,
        decision.date,
        decision.decision_maker_id,
    )
    event = AuditEvent.objects.get(action="decision.corrected")
    assert event.object_id == str(new.pk)
    assert event.reason == REASON
    assert event.before["decision"] == TEXT and event.after["decision"] == FIXED
    # Search: the correction replaces the record; subscribers are not alerted again.
    entries = SearchEntry.objects.filter(kind=EntryKind.DECISION)
    assert list(entries.values_list("object_id", flat=True)) == [new.pk]
    assert not NewPaper.objects.exists()
    # The officer page shows the chain; the old version can no longer be corrected.
    page = client.get(reverse("backoffice:decisions:detail", args=[new.pk])).content.decode()
    assert "Versions of this record" in page and REASON in page
    again = client.get(_url(decision))
    assert again.status_code == 302 and again.url == _url(new)


def test_the_public_register_lists_the_correction_once_and_both_pages_link() -> None:
    decision = _published()
    _client(decision.council).post(_url(decision), _form(decision, decision=FIXED))
    new = Decision.officer_objects.get(corrects=decision)
    slug = decision.council.slug
    public = Client()
    register = public.get(reverse("publishing:decisions", kwargs={"council": slug}))
    assert list(register.context["page"].object_list) == [new]
    old_url = reverse("publishing:decision", kwargs={"council": slug, "pk": decision.pk})
    new_url = reverse("publishing:decision", kwargs={"council": slug, "pk": new.pk})
    old_page = public.get(old_url).content.decode()
    assert "Corrected on" in old_page and REASON in old_page
    assert f'href="{new_url}"' in old_page and TEXT in old_page
    new_page = public.get(new_url).content.decode()
    assert "This corrects the record published on" in new_page
    assert f'href="{old_url}"' in new_page and FIXED in new_page
    feed = public.get(reverse("feeds:decisions_rss", kwargs={"council": slug})).content.decode()
    assert FIXED in feed and TEXT not in feed


def test_the_correction_of_an_exempt_decision_stays_exempt() -> None:
    decision = _published(exempt_paragraphs=[1], public_interest_reason="Named staff.")
    client = _client(decision.council)
    response = client.post(_url(decision), _form(decision, decision=FIXED))
    assert response.status_code == 302
    new = Decision.officer_objects.get(corrects=decision)
    assert new.is_exempt and new.exempt_paragraphs == [1]
    assert not Decision.public_objects.filter(pk__in=[decision.pk, new.pk]).exists()
    slug = decision.council.slug
    url = reverse("publishing:decision", kwargs={"council": slug, "pk": new.pk})
    _assert_taken_in_private(Client().get(url))
    assert not SearchEntry.objects.filter(kind=EntryKind.DECISION).exists()


def test_making_one_version_exempt_makes_every_version_exempt() -> None:
    decision = _published()
    _client(decision.council).post(_url(decision), _form(decision, decision=FIXED))
    new = Decision.officer_objects.get(corrects=decision)
    new.exempt_paragraphs = [3]
    new.save(update_fields=["exempt_paragraphs", "modified"])
    assert Decision.officer_objects.get(pk=decision.pk).exempt_paragraphs == [3]
    old_url = reverse(
        "publishing:decision", kwargs={"council": decision.council.slug, "pk": decision.pk}
    )
    _assert_taken_in_private(Client().get(old_url))


def _assert_taken_in_private(response: Any) -> None:
    """The register lists a decision taken in private, never what was decided."""
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="decision-exempt"' in text
    for wording in (TEXT, FIXED, REASON):
        assert wording not in text


def test_a_report_author_may_not_correct() -> None:
    decision = _published()
    client = _client(decision.council, Role.REPORT_AUTHOR)
    assert client.get(_url(decision)).status_code == 403
    assert client.post(_url(decision), _form(decision, decision=FIXED)).status_code == 403
    assert Decision.officer_objects.count() == 1


def test_a_decision_in_signed_minutes_is_sent_to_the_minutes_correction() -> None:
    s = Setup()
    minutes = _locked(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).order_by("number")[0]
    decision = DecisionFactory(meeting=minutes.meeting, minute_item=minute, decision=TEXT)
    services.publish_decision(decision)
    client = _client(s.council)
    minutes_url = reverse("backoffice:minutes:correct", args=[minutes.meeting.pk])
    for response in (
        client.get(_url(decision)),
        client.post(_url(decision), _form(decision, decision=FIXED)),
        client.get(reverse("backoffice:decisions:edit", args=[decision.pk])),
    ):
        assert response.status_code == 302 and response.url == minutes_url
    assert Decision.officer_objects.count() == 1


def test_the_edit_page_of_a_published_decision_points_to_the_correction() -> None:
    decision = _published()
    response = _client(decision.council).get(
        reverse("backoffice:decisions:edit", args=[decision.pk])
    )
    assert response.status_code == 302 and response.url == _url(decision)


def test_a_call_in_of_the_corrected_record_moves_every_version() -> None:
    from minutebook.people.factories import CouncillorFactory

    decision = _published()
    client = _client(decision.council)
    client.post(_url(decision), _form(decision, decision=FIXED))
    new = Decision.officer_objects.get(corrects=decision)
    old_page = client.get(reverse("backoffice:decisions:detail", args=[decision.pk]))
    assert old_page.context["can_call_in"] is False  # recorded on the current version
    assert client.get(reverse("backoffice:decisions:detail", args=[new.pk])).context["can_call_in"]
    councillors = CouncillorFactory.create_batch(5, council=decision.council)
    services.request_call_in(new, signatories=councillors, grounds="Inadequate consultation.")
    states = Decision.officer_objects.filter(pk__in=[decision.pk, new.pk])
    assert set(states.values_list("call_in_state", "in_force_date")) == {
        (CallInState.CALLED_IN, None)
    }
