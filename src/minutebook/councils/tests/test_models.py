"""Council rules are data, checked when saved."""

import pytest


@pytest.mark.django_db
def test_unreadable_deadline_rule_is_refused_when_saved_through_a_form():
    from django.core.exceptions import ValidationError

    from minutebook.councils.factories import CouncilFactory

    council = CouncilFactory()
    council.public_question_deadline_rule = "whenever the chair feels like it"
    with pytest.raises(ValidationError) as excinfo:
        council.full_clean()
    assert "public_question_deadline_rule" in excinfo.value.message_dict
    council.public_question_deadline_rule = "midday the working day before"
    council.full_clean()
