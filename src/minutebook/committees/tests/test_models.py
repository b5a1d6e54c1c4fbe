from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minutebook.committees.factories import (
    CommitteeFactory,
    MembershipFactory,
    PortfolioHolderFactory,
)
from minutebook.committees.models import (
    CommitteeKind,
    MembershipRole,
    StandingItemKind,
    validate_standing_items,
)
from minutebook.people.factories import CouncillorFactory


@pytest.mark.django_db
def test_committee_slug_unique_per_council_only() -> None:
    cabinet = CommitteeFactory(slug="cabinet", name="Cabinet", kind=CommitteeKind.EXECUTIVE)
    CommitteeFactory(slug="cabinet", name="Cabinet")  # another council
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeFactory(council=cabinet.council, slug="cabinet", name="Cabinet (2)")


@pytest.mark.django_db
def test_committee_absolute_url_uses_council_and_committee_slugs() -> None:
    committee = CommitteeFactory(slug="planning", council__slug="exampleshire")
    assert committee.get_absolute_url() == "/exampleshire/planning/"


@pytest.mark.django_db
def test_committee_gets_default_standing_items_as_data() -> None:
    committee = CommitteeFactory()
    kinds = [item["kind"] for item in committee.standing_items]
    assert kinds[0] == StandingItemKind.APOLOGIES
    assert kinds[-1] == StandingItemKind.EXEMPT_BUSINESS
    ends = [item["kind"] for item in committee.standing_items if item["position"] == "end"]
    assert ends == [StandingItemKind.URGENT_ITEMS, StandingItemKind.EXEMPT_BUSINESS]
    committee.full_clean()


def test_standing_item_template_is_validated() -> None:
    validate_standing_items([{"kind": "apologies", "title": "Apologies", "position": "start"}])
    with pytest.raises(ValidationError):
        validate_standing_items([{"kind": "tea_break", "title": "Tea"}])
    with pytest.raises(ValidationError):
        validate_standing_items([{"kind": "apologies"}])
    with pytest.raises(ValidationError):
        validate_standing_items({"kind": "apologies"})


@pytest.mark.django_db
def test_quorum_must_be_positive() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeFactory(quorum=0)


@pytest.mark.django_db
def test_parent_must_be_in_same_council() -> None:
    parent = CommitteeFactory()
    child = CommitteeFactory(parent=parent)
    with pytest.raises(ValidationError):
        child.full_clean()
    child.council = parent.council
    child.full_clean()


@pytest.mark.django_db
def test_membership_roles_and_dates() -> None:
    chair = MembershipFactory(role=MembershipRole.CHAIRMAN, start_date=dt.date(2025, 5, 20))
    assert "Chairman" in str(chair)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(start_date=dt.date(2025, 5, 20), end_date=dt.date(2025, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            committee=chair.committee, person=chair.person, start_date=dt.date(2025, 5, 20)
        )


@pytest.mark.django_db
def test_membership_person_from_another_council_is_rejected() -> None:
    membership = MembershipFactory()
    membership.person = CouncillorFactory()
    with pytest.raises(ValidationError):
        membership.full_clean()


@pytest.mark.django_db
def test_portfolio_holder() -> None:
    holding = PortfolioHolderFactory()
    assert holding.portfolio.holders.get() == holding
    assert str(holding.portfolio) in str(holding)
