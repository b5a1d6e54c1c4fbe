from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from minutebook.participation.factories import PublicQuestionFactory
from minutebook.participation.models import SubmissionKind


@pytest.mark.django_db
def test_public_view_never_includes_contact_details() -> None:
    question = PublicQuestionFactory(
        name="Resident A", address="1 Secret Lane", email="a@example.org", phone="01632 960000"
    )
    view = question.public_view()
    assert view["name"] == "Resident A"
    flat = " ".join(str(v) for v in view.values())
    for private in ("1 Secret Lane", "a@example.org", "01632 960000"):
        assert private not in flat
    assert {"address", "email", "phone"}.isdisjoint(view)


@pytest.mark.django_db
def test_signatures_only_on_petitions() -> None:
    petition = PublicQuestionFactory(kind=SubmissionKind.PETITION, signatures=1200)
    assert petition.signatures == 1200
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicQuestionFactory(kind=SubmissionKind.QUESTION, signatures=5)


@pytest.mark.django_db
def test_word_count_and_str() -> None:
    question = PublicQuestionFactory(text="One two three four", name="Resident B")
    assert question.word_count == 4
    assert str(question).startswith("Question from Resident B")
    assert list(question.meeting.public_questions.all()) == [question]
