"""The members' agenda pack (with exempt papers) is linked from the members' meeting page
and served only to members the council's exempt-access rule entitles (LGA 1972 s100F).

A real pack is generated (the packs app's small scenario: item 4 and an appendix of
item 3 are exempt under paragraph 3 and hold ``CANARY``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from minutebook.accounts.testing import make_user
from minutebook.committees.factories import MembershipFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.packs.models import Audience, Format, GeneratedDocument
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import CANARY, build_pack_scenario
from minutebook.packs.tests.pdfcheck import page_texts
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack() -> Any:
    scenario = build_pack_scenario(paragraphs=2)
    generate_pack(scenario.meeting)
    return scenario


def councillor(council: Any, username: str, committee: Any = None) -> Client:
    person = CouncillorFactory(council=council, user=make_user(username))
    if committee is not None:
        MembershipFactory(committee=committee, person=person)
    client = Client()
    client.force_login(person.user)
    return client


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_entitled_member_gets_the_members_pack_from_the_meeting_page(pack):
    meeting = pack.meeting
    client = councillor(meeting.council, "cabinet_member", meeting.committee)
    page = client.get(f"/members/meetings/{meeting.pk}/").content.decode()
    pdf_url = f"/members/meetings/{meeting.pk}/members-pack.pdf"
    html_url = f"/members/meetings/{meeting.pk}/members-pack.html"
    assert f'href="{pdf_url}"' in page and f'href="{html_url}"' in page

    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    data = body(response)
    assert data.startswith(b"%PDF-")
    assert any(CANARY in text for text in page_texts(data))

    html = client.get(html_url)
    assert html.status_code == 200
    assert CANARY in body(html).decode()


def test_member_not_entitled_is_refused_and_offered_the_public_pack(pack):
    meeting = pack.meeting  # the council's rule is "committee" members only
    client = councillor(meeting.council, "backbencher")
    page = client.get(f"/members/meetings/{meeting.pk}/").content.decode()
    assert "members-pack.pdf" not in page
    assert f"{meeting.get_absolute_url()}agenda-pack.pdf" in page
    for fmt in ("pdf", "html"):
        response = client.get(f"/members/meetings/{meeting.pk}/members-pack.{fmt}")
        assert response.status_code == 403


def test_all_councillors_rule_opens_a_paragraph_3_pack_to_any_councillor(pack):
    meeting = pack.meeting
    meeting.council.exempt_access_rule = "all"
    meeting.council.save()
    client = councillor(meeting.council, "backbencher")
    response = client.get(f"/members/meetings/{meeting.pk}/members-pack.pdf")
    assert response.status_code == 200
    assert any(CANARY in text for text in page_texts(body(response)))


def test_another_councils_councillor_and_the_public_are_refused(pack):
    meeting = pack.meeting
    url = f"/members/meetings/{meeting.pk}/members-pack.pdf"
    outsider = councillor(CouncilFactory(), "elsewhere")
    assert outsider.get(url).status_code == 404
    assert outsider.get(f"/members/meetings/{meeting.pk}/").status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_public_pack_address_never_serves_the_members_pack(pack):
    meeting = pack.meeting
    members_ids = set(
        GeneratedDocument.objects.filter(meeting=meeting, audience=Audience.MEMBERS).values_list(
            "document_id", flat=True
        )
    )
    assert len(members_ids) == 2
    public = Client().get(f"{meeting.get_absolute_url()}agenda-pack.pdf")
    assert public.status_code == 200
    data = body(public)
    assert not any(CANARY in text for text in page_texts(data))
    public_row = GeneratedDocument.objects.get(
        meeting=meeting, audience=Audience.PUBLIC, format=Format.PDF, supplement=None
    )
    assert public_row.document_id not in members_ids
    html = body(Client().get(f"{meeting.get_absolute_url()}agenda-pack.html")).decode()
    assert CANARY not in html


def test_no_members_pack_before_the_agenda_is_published(pack):
    from minutebook.meetings.models import Meeting

    meeting = pack.meeting
    Meeting.objects.filter(pk=meeting.pk).update(published_at=None)
    client = councillor(meeting.council, "cabinet_member", meeting.committee)
    assert client.get(f"/members/meetings/{meeting.pk}/members-pack.pdf").status_code == 404
