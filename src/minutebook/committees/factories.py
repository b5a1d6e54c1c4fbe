"""Factories for committees, memberships and portfolios (deterministic sequences)."""

from __future__ import annotations

import factory

from minutebook.committees.models import (
    Committee,
    CommitteeKind,
    Membership,
    MembershipRole,
    Portfolio,
    PortfolioHolder,
)
from minutebook.councils.factories import CouncilFactory, MinutebookFactory
from minutebook.people.factories import CouncillorFactory


class CommitteeFactory(MinutebookFactory):
    class Meta:
        model = Committee

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Committee {n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")
    kind = CommitteeKind.OTHER
    quorum = 3


class MembershipFactory(MinutebookFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(
        CouncillorFactory, council=factory.SelfAttribute("..committee.council")
    )
    role = MembershipRole.MEMBER


class PortfolioFactory(MinutebookFactory):
    class Meta:
        model = Portfolio

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Portfolio {n}")
    slug = factory.Sequence(lambda n: f"portfolio-{n}")


class PortfolioHolderFactory(MinutebookFactory):
    class Meta:
        model = PortfolioHolder

    portfolio = factory.SubFactory(PortfolioFactory)
    person = factory.SubFactory(
        CouncillorFactory, council=factory.SelfAttribute("..portfolio.council")
    )
