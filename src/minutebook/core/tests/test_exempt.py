import pytest
from django.core.exceptions import ValidationError

from minutebook.core.exempt import describe_paragraphs, validate_exempt_paragraphs


@pytest.mark.parametrize("paragraphs", [[], [1], [3, 7], [14], [12, 18]])
def test_english_and_welsh_paragraphs_are_accepted(paragraphs):
    validate_exempt_paragraphs(paragraphs)


@pytest.mark.parametrize("paragraphs", [[0], [8], [11], [19], ["3"], "3"])
def test_paragraphs_that_do_not_exist_are_refused(paragraphs):
    with pytest.raises(ValidationError):
        validate_exempt_paragraphs(paragraphs)


def test_description_names_the_paragraphs():
    assert describe_paragraphs([3]) == "exempt under paragraph 3 of Schedule 12A"
    assert describe_paragraphs([3, 1, 3]) == "exempt under paragraphs 1 and 3 of Schedule 12A"
    assert describe_paragraphs([]) == ""
