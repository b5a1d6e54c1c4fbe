"""The public form keeps what was typed when an answer is too long or cannot be published.

A 3 MB paste was over Django's 2.5 MB body limit: the visitor got a bare 400 and lost
everything they had typed. The body limit is now above that (settings
DATA_UPLOAD_MAX_MEMORY_SIZE), and the text itself is bounded by the form, so the page
comes back with the message and every other answer.
"""

from __future__ import annotations

import html

from django.core import mail
from django.test import Client

from minutebook.committees.models import Committee
from minutebook.meetings.models import Meeting
from minutebook.participation.models import PublicQuestion
from minutebook.participation.tests.test_views import ADDRESS, _fresh, meeting, post

__all__ = ["_fresh", "meeting"]  # fixtures


def test_a_three_megabyte_text_is_refused_with_the_form_kept(
    client: Client, meeting: Meeting
) -> None:
    response = post(client, meeting, text="Footpaths. " * 300_000)  # 3.3 MB
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Keep this to 100,000 characters or fewer" in page
    assert 'value="Pat Resident"' in page
    assert ADDRESS in page
    assert "Footpaths. Footpaths." in page  # what was typed is still in the box
    assert not PublicQuestion.objects.exists()


def test_a_name_on_two_lines_is_refused_with_the_form_kept(
    client: Client, meeting: Meeting
) -> None:
    response = post(client, meeting, name="Pat\nResident")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "no line breaks or control characters" in page
    assert "When will the footpath on Mill Lane be repaired?" in page
    assert not PublicQuestion.objects.exists()


def test_a_nul_byte_in_the_text_is_dropped_and_the_question_received(
    client: Client, meeting: Meeting
) -> None:
    response = post(client, meeting, text="When will\x00 the footpath be repaired?")
    assert response.status_code == 302
    assert PublicQuestion.objects.get().text == "When will the footpath be repaired?"


def test_a_petition_with_more_signatures_than_a_database_holds_is_refused(
    client: Client, meeting: Meeting
) -> None:
    response = post(client, meeting, kind="petition", signatures="9" * 30)
    assert response.status_code == 200
    assert "up to 10,000,000" in html.unescape(response.content.decode())
    assert not PublicQuestion.objects.exists()


def test_a_committee_name_stored_with_a_line_break_cannot_break_the_acknowledgement(
    client: Client, meeting: Meeting
) -> None:
    """An older row, or an import, may hold one: an e-mail header with a line break is
    refused by Django when the mail is sent, which was a 500 after the question was saved."""
    Committee.objects.filter(pk=meeting.committee_id).update(name="Cabinet\r\nBcc: x@evil")
    response = post(client, meeting)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("Question received: Cabinet Bcc: x@evil, ")
    assert message.recipients() == ["pat.resident@example.org"]
