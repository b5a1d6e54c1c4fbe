"""Factories for declarations of interest (deterministic)."""

from __future__ import annotations

import factory

from minutebook.councils.factories import MinutebookFactory
from minutebook.interests.models import Declaration, DeclarationAction, InterestKind
from minutebook.meetings.factories import AgendaItemFactory
from minutebook.people.factories import CouncillorFactory


class DeclarationFactory(MinutebookFactory):
    class Meta:
        model = Declaration

    agenda_item = factory.SubFactory(AgendaItemFactory)
    meeting = factory.LazyAttribute(lambda o: o.agenda_item.meeting)
    person = factory.SubFactory(
        CouncillorFactory, council=factory.SelfAttribute("..meeting.committee.council")
    )
    kind = InterestKind.NON_REGISTRABLE
    nature = "A family member lives near the site."
    action = DeclarationAction.WITHDREW
