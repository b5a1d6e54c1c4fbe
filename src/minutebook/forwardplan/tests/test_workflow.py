"""Officer workflow for the forward plan, driven through the officer pages as staff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions.models import Decision
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.models import (
    ExceptionKind,
    ForwardPlanEntry,
    ForwardPlanVersion,
    KeyDecisionException,
)
from minutebook.people.factories import WardFactory


def url(name: str, *args: object) -> str:
    return reverse(f"backoffice:forwardplan:{name}", args=args)


@pytest.fixture
def officer(client, council):
    user = get_user_model().objects.create_user("dso", password="x-very-long-pass")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client.force_login(user)
    return client


@pytest.fixture
def council():
    return CouncilFactory(slug="borough")


@pytest.fixture
def cabinet(council):
    return CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE, name="Cabinet")


def entry_data(cabinet, **overrides):
    data = {
        "title": "Leisure centre contract",
        "description": "Award of the leisure management contract.",
        "decision_maker": cabinet.pk,
        "decision_date": "2025-09-10",
        "spending_amount": "",
        "access": "open",
        "consultation": "Residents; sports clubs",
        "documents_to_be_submitted": "Report; equality impact assessment",
        "officer_text": "Head of Leisure",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_non_staff_are_refused_every_page(client, council) -> None:
    entry = ForwardPlanEntryFactory(council=council)
    pages = [
        url("index"),
        url("plan", council.slug),
        url("entry_create", council.slug),
        url("entry", entry.pk),
        url("entry_edit", entry.pk),
        url("exception_create", entry.pk, "special-urgency"),
        url("publish", council.slug),
        url("versions", council.slug),
        url("exceptions", council.slug),
    ]
    for page in pages:
        assert client.get(page).status_code == 302  # anonymous: sign in first
    user = get_user_model().objects.create_user("resident", password="x-very-long-pass")
    client.force_login(user)
    for page in pages:
        assert client.get(page).status_code == 403, page
    assert client.post(url("publish", council.slug)).status_code == 403
    assert not ForwardPlanVersion.objects.exists()


@pytest.mark.django_db
def test_entry_created_with_keyness_from_amount_and_wards(officer, council, cabinet) -> None:
    wards = WardFactory.create_batch(3, council=council)
    assert officer.get(url("entry_create", council.slug)).status_code == 200
    response = officer.post(
        url("entry_create", council.slug), entry_data(cabinet, spending_amount="650000")
    )
    entry = ForwardPlanEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == url("entry", entry.pk)
    assert entry.key_decision and entry.key_decision_limb == "spending"
    assert entry.first_published is None  # notice only runs from publication
    response = officer.post(
        url("entry_edit", entry.pk),
        entry_data(cabinet, spending_amount="100000", wards_affected=[w.pk for w in wards[:2]]),
    )
    entry.refresh_from_db()
    assert entry.key_decision_limb == "wards"
    officer.post(url("entry_edit", entry.pk), entry_data(cabinet, spending_amount="100000"))
    entry.refresh_from_db()
    assert not entry.key_decision and entry.key_decision_limb == ""
    page = officer.get(url("entry", entry.pk)).content.decode()
    assert "Leisure centre contract" in page and "Head of Leisure" in page


@pytest.mark.django_db
def test_entry_form_refuses_exempt_access_without_paragraphs(officer, council, cabinet) -> None:
    response = officer.post(
        url("entry_create", council.slug), entry_data(cabinet, access="fully exempt")
    )
    assert response.status_code == 200
    assert "Say which Schedule 12A paragraphs apply." in response.content.decode()
    assert not ForwardPlanEntry.objects.exists()
    officer.post(
        url("entry_create", council.slug),
        entry_data(cabinet, access="part exempt", exempt_paragraphs=["3"]),
    )
    assert ForwardPlanEntry.objects.get().exempt_paragraphs == [3]


@pytest.mark.django_db
def test_publishing_versions_and_what_changed(officer, council, cabinet) -> None:
    officer.post(url("entry_create", council.slug), entry_data(cabinet))
    entry = ForwardPlanEntry.objects.get()
    preview = officer.get(url("publish", council.slug)).content.decode()
    assert "Added (1)" in preview
    response = officer.post(url("publish", council.slug))
    assert response.status_code == 302 and response["Location"] == url("version", "borough", 1)
    entry.refresh_from_db()
    assert entry.first_published == timezone.localdate()
    officer.post(url("entry_edit", entry.pk), entry_data(cabinet, decision_date="2025-10-08"))
    officer.post(url("publish", council.slug))
    assert list(ForwardPlanVersion.objects.values_list("number", flat=True)) == [2, 1]
    page = officer.get(url("version", council.slug, 2)).content.decode()
    assert "Changed (1)" in page and "Decision date" in page
    assert "2025-09-10" in page and "2025-10-08" in page
    # Any two versions can be compared: version 1 against 2 shows the change reversed.
    backwards = officer.get(url("version", council.slug, 1) + "?against=2").content.decode()
    assert "since version 2" in backwards and "Changed (1)" in backwards
    assert officer.get(url("version", council.slug, 1) + "?against=9").status_code == 404
    first = officer.get(url("version", council.slug, 1)).content.decode()
    assert "10 September 2025" in first
    listing = officer.get(url("versions", council.slug)).content.decode()
    assert "Version 2" in listing and "Version 1" in listing


@pytest.mark.django_db
def test_late_key_decision_is_flagged_refused_then_taken_after_general_exception(
    officer, council, cabinet
) -> None:
    # Decision Wednesday 10 September 2025; notice due by Tuesday 12 August (28 clear days).
    entry = ForwardPlanEntryFactory(
        council=council,
        title="Depot purchase",
        decision_maker=cabinet,
        decision_date=dt.date(2025, 9, 10),
        first_published=dt.date(2025, 9, 1),
    )
    plan = officer.get(url("plan", council.slug)).content.decode()
    assert "Late: needs an exception" in plan
    decision = {
        "title": "Depot purchase",
        "decision_maker": cabinet.pk,
        "date": "2025-09-10",
        "decision": "To buy the depot.",
        "reasons": "Operational need.",
        "alternatives_rejected": "Leasing.",
        "key_decision": "on",
        "forward_plan_entry": entry.pk,
    }
    create = reverse("backoffice:decisions:create", args=[council.slug])
    refused = officer.post(create, decision)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "28 clear days&#x27; notice (SI 2012/2089 reg 9)" in text
    assert "due by 12 August 2025" in text
    assert not Decision.officer_objects.exists()

    exception_url = url("exception_create", entry.pk, "general-exception")
    common = {"scrutiny_chair_text": "Chair, Overview and Scrutiny", "reason": "Late offer."}
    # Notice on Friday 5 September leaves only 4 clear days before the 10th.
    too_late = officer.post(exception_url, {**common, "notice_published": "2025-09-05"})
    assert too_late.status_code == 200
    assert "give notice by 4 September 2025" in too_late.content.decode()
    assert not KeyDecisionException.objects.exists()
    ok = officer.post(exception_url, {**common, "notice_published": "2025-09-01"})
    assert ok.status_code == 302
    exception = KeyDecisionException.objects.get()
    assert exception.kind == ExceptionKind.GENERAL_EXCEPTION
    assert exception.recorded_by.username == "dso"

    # Notice Monday 1 September: clear days 2 to 6; a decision from Sunday 7 September.
    early = officer.post(create, {**decision, "date": "2025-09-06"})
    assert "allows a decision from 7 September 2025" in early.content.decode()
    assert officer.post(create, decision).status_code == 302
    taken = Decision.officer_objects.get()
    assert taken.key_decision_notice == "general_exception"
    assert "General exception" in officer.get(url("plan", council.slug)).content.decode()
    report = officer.get(url("exceptions", council.slug)).content.decode()
    assert "Depot purchase" in report and "Late offer." in report
    officer.post(url("exceptions", council.slug), {"reported_on": "2025-12-01"})
    exception.refresh_from_db()
    assert exception.reported_to_council_on == dt.date(2025, 12, 1)


@pytest.mark.django_db
def test_late_key_decision_taken_under_special_urgency(officer, council, cabinet) -> None:
    entry = ForwardPlanEntryFactory(
        council=council,
        decision_maker=cabinet,
        decision_date=dt.date(2025, 9, 3),
        first_published=dt.date(2025, 9, 1),
    )
    special = url("exception_create", entry.pk, "special-urgency")
    assert officer.get(special).status_code == 200
    missing = officer.post(special, {"agreed_on": "2025-09-02", "reason": "Grant deadline."})
    assert "Say which scrutiny chair was told or agreed." in missing.content.decode()
    # forwardplan.rules: an agreement dated in the future has not happened; input kept.
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    ahead = officer.post(
        special, {"agreed_on": future, "reason": "Grant deadline.", "scrutiny_chair_text": "C"}
    ).content.decode()
    assert "cannot be in the future" in ahead and f'value="{future}"' in ahead
    officer.post(
        special,
        {"agreed_on": "2025-09-02", "reason": "Grant deadline.", "scrutiny_chair_text": "Chair"},
    )
    response = officer.post(
        reverse("backoffice:decisions:create", args=[council.slug]),
        {
            "title": entry.title,
            "decision_maker": cabinet.pk,
            "date": "2025-09-03",
            "decision": "To accept the grant.",
            "reasons": "Funding.",
            "alternatives_rejected": "None.",
            "key_decision": "on",
            "forward_plan_entry": entry.pk,
        },
    )
    assert response.status_code == 302
    assert Decision.officer_objects.get().key_decision_notice == "special_urgency"


@pytest.mark.django_db
def test_entry_with_full_notice_needs_no_exception(officer, council, cabinet) -> None:
    entry = ForwardPlanEntryFactory(
        council=council, decision_date=dt.date(2025, 9, 10), first_published=dt.date(2025, 8, 12)
    )
    page = officer.get(url("entry", entry.pk)).content.decode()
    assert "No exception needed" in page
    response = officer.post(
        url("exception_create", entry.pk, "special-urgency"),
        {"agreed_on": "2025-09-02", "reason": "x", "scrutiny_chair_text": "Chair"},
    )
    assert "no exception needed" in response.content.decode()
    assert not KeyDecisionException.objects.exists()


@pytest.mark.django_db
def test_plan_page_queries_do_not_grow_with_entries(
    officer, council, cabinet, django_assert_max_num_queries
) -> None:
    ForwardPlanEntryFactory.create_batch(
        12,
        council=council,
        decision_maker=cabinet,
        decision_date=dt.date(2025, 9, 10),
        first_published=dt.date(2025, 9, 1),
    )
    with django_assert_max_num_queries(12):
        response = officer.get(url("plan", council.slug))
    assert response.content.decode().count("Late: needs an exception") == 12
