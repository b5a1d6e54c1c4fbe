"""The council's substitution rules, set up at /officer/setup/ and applied at meetings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minutebook.attendance import services
from minutebook.attendance.models import AttendanceRules
from minutebook.backoffice.tests.setup_desk import desk, refused, text
from minutebook.meetings.factories import MeetingFactory
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


def test_substitution_rules_saved_applied_and_bad_input_refused() -> None:
    d = desk()
    url = reverse("backoffice:setup_substitutes", args=["exampleshire"])
    assert "Substitute members are allowed" in text(d.client.get(url))
    assert not AttendanceRules.objects.exists()  # a visit writes nothing
    refused(
        d.client.post(url, {"substitute_notice_minutes": "soon"}),
        "Enter a whole number.",
        kept=("soon",),
    )
    refused(
        d.client.post(url, {"substitute_notice_minutes": "99999"}),
        "Enter a notice of at most two weeks",
        kept=("99999",),
    )
    r = d.client.post(url, {"substitute_notice_minutes": "30"})
    assert r.status_code == 302
    rules = AttendanceRules.objects.get(council=d.council)
    assert (rules.substitutes_allowed, rules.substitute_notice_minutes) == (False, 30)
    meeting = MeetingFactory(committee__council=d.council)
    with pytest.raises(services.AttendanceError, match="do not allow substitute members"):
        services.record_substitute(
            meeting,
            CouncillorFactory(council=d.council),
            replaces=CouncillorFactory(council=d.council),
            notice_given_at=None,
        )
    assert (
        d.client.get(reverse("backoffice:setup_substitutes", args=["otherby"])).status_code == 403
    )
