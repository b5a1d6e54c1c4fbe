"""A public form whose deadlines have passed says so, with the next deadline, before
anyone types (issue 19): no form to fill in, a link to the next meeting's form."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.participation import services
from minutebook.participation.models import SubmissionKind
from minutebook.participation.tests.test_views import _start, form_url
from minutebook.participation.tests.test_views import meeting as meeting  # the fixture


def test_form_after_its_deadlines_says_closed_and_names_the_next(
    client: Client, meeting: Meeting
) -> None:
    soon = MeetingFactory(
        committee=meeting.committee,
        start=_start(1),
        state=MeetingState.AGENDA_PUBLISHED,
        published_at=timezone.now(),
    )
    now = timezone.now()
    assert all(services.submission_deadline(soon, k) < now for k in SubmissionKind)
    body = client.get(form_url(soon)).content.decode()
    assert "You can no longer send a question, statement or petition" in body
    assert "The deadlines for this meeting have passed." in body
    assert '<form method="post"' not in body
    # The next meeting taking submissions, with its first deadline and a link to its form.
    first = min(services.submission_deadline(meeting, k) for k in SubmissionKind)
    assert services.describe_deadline(first) in body
    assert f'href="{form_url(meeting)}"' in body

    # The open meeting's own form is there to fill in.
    open_body = client.get(form_url(meeting)).content.decode()
    assert '<form method="post"' in open_body and "You can no longer send" not in open_body


def test_held_meeting_form_is_closed_without_a_later_meeting(
    client: Client, meeting: Meeting
) -> None:
    meeting.start = timezone.now() - dt.timedelta(days=3)
    meeting.state = MeetingState.HELD
    meeting.save()
    body = client.get(form_url(meeting)).content.decode()
    assert "This meeting has already been held." in body
    assert "No later meeting of Cabinet is taking questions yet." in body
    assert '<form method="post"' not in body
