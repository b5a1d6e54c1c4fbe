from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minutebook.interests.factories import DeclarationFactory
from minutebook.interests.models import DeclarationAction, InterestKind
from minutebook.meetings.factories import AgendaItemFactory


@pytest.mark.django_db
def test_declaration_per_item_and_str() -> None:
    declaration = DeclarationFactory(agenda_item__number="7")
    assert declaration.agenda_item.meeting == declaration.meeting
    assert "(item 7)" in str(declaration)
    assert list(declaration.meeting.declarations.all()) == [declaration]
    declaration.full_clean()


@pytest.mark.django_db
def test_same_declaration_twice_is_rejected() -> None:
    declaration = DeclarationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclarationFactory(
            person=declaration.person,
            agenda_item=declaration.agenda_item,
            kind=declaration.kind,
        )


@pytest.mark.django_db
def test_item_must_be_on_the_meetings_agenda() -> None:
    declaration = DeclarationFactory()
    declaration.agenda_item = AgendaItemFactory()
    with pytest.raises(ValidationError):
        declaration.clean()


@pytest.mark.django_db
def test_dpi_staying_needs_a_dispensation_and_other_needs_detail() -> None:
    declaration = DeclarationFactory(kind=InterestKind.DPI, action=DeclarationAction.DISPENSATION)
    with pytest.raises(ValidationError):
        declaration.clean()
    declaration.dispensation_reference = "DISP/2025/3"
    declaration.clean()
    declaration.action = DeclarationAction.OTHER
    with pytest.raises(ValidationError):
        declaration.clean()
