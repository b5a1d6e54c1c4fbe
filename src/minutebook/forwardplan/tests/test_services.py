"""Forward plan services: reg 8 keyness, published versions and their diff, late notice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minutebook.councils.factories import CouncilFactory
from minutebook.forwardplan import services
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.models import ForwardPlanVersion, KeyDecisionLimb
from minutebook.forwardplan.services import key_decision_test
from minutebook.people.factories import WardFactory

UTC = dt.UTC  # 10:00 UTC falls on the same day in London


@pytest.mark.parametrize(
    ("amount", "wards", "key", "limb"),
    [
        (Decimal("499999.99"), 1, False, ""),
        (Decimal("500000"), 1, True, KeyDecisionLimb.SPENDING),  # "at or over" the threshold
        (Decimal("-750000"), 0, True, KeyDecisionLimb.SPENDING),  # savings count as much
        (None, 2, True, KeyDecisionLimb.WARDS),  # two or more wards
        (None, 1, False, ""),
        (Decimal("2000000"), 5, True, KeyDecisionLimb.BOTH),
    ],
)
def test_key_decision_limbs(amount, wards, key, limb) -> None:
    result = key_decision_test(amount, wards, threshold=Decimal("500000"), wards_threshold=2)
    assert (result.key, result.limb) == (key, limb)
    assert bool(result.reason) == key


def test_keyness_follows_the_councils_own_levels() -> None:
    # A council with a £250,000 threshold and a three-ward test.
    assert key_decision_test(300_000, 0, threshold=250_000, wards_threshold=3).key
    assert not key_decision_test(None, 2, threshold=250_000, wards_threshold=3).key
    assert key_decision_test(None, 3, threshold=250_000, wards_threshold=3).limb == "wards"


@pytest.mark.django_db
def test_apply_key_decision_test_uses_wards_affected() -> None:
    entry = ForwardPlanEntryFactory(key_decision=False, spending_amount=None)
    entry.wards_affected.set(WardFactory.create_batch(2, council=entry.council))
    result = services.apply_key_decision_test(entry)
    assert result.key and entry.key_decision and entry.key_decision_limb == "wards"
    entry.wards_affected.clear()
    services.apply_key_decision_test(entry)
    assert not entry.key_decision and entry.key_decision_limb == ""


@pytest.mark.django_db
def test_all_wards_meets_the_councils_own_wards_level() -> None:
    # A three-ward council rule with no wards recorded yet: "all wards" is still key.
    council = CouncilFactory(key_decision_wards=3)
    entry = ForwardPlanEntryFactory(
        council=council, key_decision=False, spending_amount=None, all_wards=True
    )
    assert services.wards_count(entry) == 3
    assert services.apply_key_decision_test(entry).key


@pytest.mark.django_db
def test_publishing_stamps_first_published_once_and_numbers_versions() -> None:
    council = CouncilFactory()
    first = ForwardPlanEntryFactory(council=council, first_published=None, title="Depot")
    v1 = services.publish_plan(council, now=dt.datetime(2025, 6, 2, 10, tzinfo=UTC))
    first.refresh_from_db()
    assert v1.number == 1 and first.first_published == dt.date(2025, 6, 2)
    second = ForwardPlanEntryFactory(council=council, first_published=None, title="Library")
    first.title = "Depot renewal"
    first.save()
    v2 = services.publish_plan(council, now=dt.datetime(2025, 6, 9, 10, tzinfo=UTC))
    first.refresh_from_db()
    second.refresh_from_db()
    assert v2.number == 2
    assert first.first_published == dt.date(2025, 6, 2)  # unchanged by later versions
    assert second.first_published == dt.date(2025, 6, 9)
    assert v2.previous() == v1
    assert ForwardPlanVersion.objects.get(council=council, number=1).entries[0]["title"] == "Depot"


@pytest.mark.django_db
def test_diff_between_versions_lists_added_removed_and_changed_fields() -> None:
    council = CouncilFactory()
    kept = ForwardPlanEntryFactory(council=council, first_published=None, title="Kept")
    dropped = ForwardPlanEntryFactory(council=council, first_published=None, title="Dropped")
    v1 = services.publish_plan(council, now=dt.datetime(2025, 6, 2, 10, tzinfo=UTC))
    dropped.is_withdrawn = True
    dropped.save()
    kept.decision_date = dt.date(2025, 9, 17)
    kept.save()
    added = ForwardPlanEntryFactory(council=council, first_published=None, title="Added")
    v2 = services.publish_plan(council, now=dt.datetime(2025, 6, 9, 10, tzinfo=UTC))
    diff = services.version_diff(v2)
    assert [e["id"] for e in diff.added] == [added.pk]
    assert [e["id"] for e in diff.removed] == [dropped.pk]
    assert len(diff.changed) == 1 and diff.changed[0].id == kept.pk
    changed = {c.name: (c.old, c.new) for c in diff.changed[0].fields}
    assert changed["decision_date"][1] == "2025-09-17"
    assert set(changed) == {"decision_date", "when"}
    assert services.version_diff(v1).added and not services.diff_versions(v1.entries, v1.entries)


@pytest.mark.django_db
def test_late_key_decision_is_flagged_on_28_clear_days() -> None:
    # Decision Wednesday 30 July 2025: 2 to 29 July are the 28 clear days, so notice by
    # Tuesday 1 July. Published 1 July: in time; 2 July: late.
    on_time = ForwardPlanEntryFactory(
        decision_date=dt.date(2025, 7, 30), first_published=dt.date(2025, 7, 1)
    )
    late = ForwardPlanEntryFactory(
        decision_date=dt.date(2025, 7, 30), first_published=dt.date(2025, 7, 2)
    )
    not_key = ForwardPlanEntryFactory(
        key_decision=False, decision_date=dt.date(2025, 7, 30), first_published=dt.date(2025, 7, 2)
    )
    assert services.notice_due_by(on_time) == dt.date(2025, 7, 1)
    assert not services.is_late(on_time)
    assert services.is_late(late)
    assert not services.is_late(not_key)
    assert services.notice_route(on_time, dt.date(2025, 7, 30)) == "forward_plan"
    with pytest.raises(services.LateKeyDecisionError, match="1 July 2025"):
        services.notice_route(late, dt.date(2025, 7, 30))
    # An unpublished entry is judged as if published on the day asked about.
    draft = ForwardPlanEntryFactory(decision_date=dt.date(2025, 7, 30), first_published=None)
    assert not services.is_late(draft, as_of=dt.date(2025, 6, 30))
    assert services.is_late(draft, as_of=dt.date(2025, 7, 5))
    # But a decision cannot rest on notice that was never published.
    with pytest.raises(services.LateKeyDecisionError, match="not yet in the forward plan"):
        services.notice_route(draft, dt.date(2025, 7, 30))


@pytest.mark.django_db
def test_general_exception_needs_five_clear_days() -> None:
    # Notice Monday 1 September 2025: clear days 2 to 6 September; decision from Sunday 7th.
    entry = ForwardPlanEntryFactory(
        decision_date=dt.date(2025, 9, 10), first_published=dt.date(2025, 9, 1)
    )
    with pytest.raises(ValidationError, match="give notice by 4 September 2025"):
        services.record_general_exception(
            entry, reason="Contract terms only settled now.", notice_published=dt.date(2025, 9, 5),
            scrutiny_chair_text="Chair of Scrutiny",
        )  # fmt: skip
    exception = services.record_general_exception(
        entry,
        reason="Contract terms only settled now.",
        notice_published=dt.date(2025, 9, 1),
        scrutiny_chair_text="Chair of Scrutiny",
    )
    assert exception.effective_from == dt.date(2025, 9, 7)
    with pytest.raises(services.LateKeyDecisionError):
        services.notice_route(entry, dt.date(2025, 9, 6))
    assert services.notice_route(entry, dt.date(2025, 9, 7)) == "general_exception"
    assert list(services.exceptions_for_report(entry.council)) == [exception]
    assert services.mark_reported(entry.council, dt.date(2025, 12, 1)) == 1
    assert not services.exceptions_for_report(entry.council).exists()


@pytest.mark.django_db
def test_special_urgency_needs_the_chairs_agreement_and_a_reason() -> None:
    entry = ForwardPlanEntryFactory(
        decision_date=dt.date(2025, 9, 3), first_published=dt.date(2025, 9, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.record_special_urgency(entry, reason=" ", agreed_on=dt.date(2025, 9, 2))
    assert set(error.value.message_dict) == {"reason", "scrutiny_chair_text"}
    services.record_special_urgency(
        entry,
        reason="Grant offer expires on 4 September.",
        agreed_on=dt.date(2025, 9, 2),
        scrutiny_chair_text="Chair of Scrutiny",
    )
    assert services.notice_route(entry, dt.date(2025, 9, 3)) == "special_urgency"


@pytest.mark.django_db
def test_no_exception_for_an_entry_with_full_notice() -> None:
    entry = ForwardPlanEntryFactory(
        decision_date=dt.date(2025, 7, 30), first_published=dt.date(2025, 6, 1)
    )
    with pytest.raises(ValidationError, match="no exception needed"):
        services.record_special_urgency(
            entry, reason="x", agreed_on=dt.date(2025, 7, 1), scrutiny_chair_text="Chair"
        )
