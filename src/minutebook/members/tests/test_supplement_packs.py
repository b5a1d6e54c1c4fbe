"""The members' version of each published supplement pack is linked from the members'
meeting page and served under the members' pack rule (``exempt.read`` on the document,
the council's rule under LGA 1972 s100F), and each read is audited.

A real supplement is generated: item 4 (its report exempt under paragraph 3, holding
``CANARY``) moves into Supplement 1 of the packs app's small scenario."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.accounts.testing import make_user
from minutebook.audit.models import AuditEvent
from minutebook.audit.reads import EXEMPT_READ
from minutebook.committees.factories import MembershipFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.models import AgendaItem, Supplement
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product
from minutebook.packs.services import generate_pack, members_packs
from minutebook.packs.tests.builders import CANARY, build_pack_scenario
from minutebook.packs.tests.pdfcheck import page_texts
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> Any:
    scenario = build_pack_scenario(paragraphs=2)
    meeting = scenario.meeting
    supplement = Supplement.objects.create(meeting=meeting, number=1, published_at=timezone.now())
    AgendaItem.public_objects.filter(pk=scenario.exempt_item.pk).update(supplement=supplement)
    generate_pack(meeting)
    generate_pack(meeting, supplement)
    scenario.supplement = supplement
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


def urls(meeting: Any, number: int = 1) -> dict[str, str]:
    base = f"/members/meetings/{meeting.pk}/supplements/{number}/members-pack"
    return {"pdf": f"{base}.pdf", "html": f"{base}.html"}


def test_entitled_member_gets_the_supplements_members_pack(scenario):
    meeting = scenario.meeting
    client = councillor(meeting.council, "cabinet_member", meeting.committee)
    page = client.get(f"/members/meetings/{meeting.pk}/").content.decode()
    for url in urls(meeting).values():
        assert f'href="{url}"' in page
    assert "Supplement 1: members' version" in page

    response = client.get(urls(meeting)["pdf"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    texts = page_texts(body(response))
    assert texts[0].startswith("Harrowdene Borough Council\nSupplement 1")
    assert any(CANARY in text for text in texts)

    html = client.get(urls(meeting)["html"])
    assert html.status_code == 200
    assert CANARY in body(html).decode()

    generated = dict(
        GeneratedDocument.objects.filter(
            supplement=scenario.supplement, product=Product.SUPPLEMENT, audience=Audience.MEMBERS
        ).values_list("format", "document_id")
    )
    events = AuditEvent.objects.filter(action=EXEMPT_READ).order_by("id")
    assert [(e.object_id, e.after["format"]) for e in events] == [
        (str(generated[Format.PDF]), "pdf"),
        (str(generated[Format.HTML]), "html"),
    ]
    assert all(e.after["supplement"] == 1 for e in events)
    assert all(e.after["meeting_id"] == meeting.pk for e in events)


def test_the_public_supplement_never_holds_the_exempt_text(scenario):
    public = GeneratedDocument.objects.get(
        supplement=scenario.supplement, audience=Audience.PUBLIC, format=Format.PDF
    )
    with public.document.file.open("rb") as handle:
        assert not any(CANARY in text for text in page_texts(handle.read()))


def test_member_not_entitled_is_refused_and_told_why(scenario):
    meeting = scenario.meeting  # the council's rule: committee members only
    client = councillor(meeting.council, "backbencher")
    page = client.get(f"/members/meetings/{meeting.pk}/").content.decode()
    assert "supplements/1/members-pack" not in page
    assert "Supplement 1: holds exempt papers you are not entitled to" in page
    for url in urls(meeting).values():
        assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(action=EXEMPT_READ).exists()


def test_another_councils_councillor_is_refused_and_the_public_sent_to_sign_in(scenario):
    meeting = scenario.meeting
    outsider = councillor(CouncilFactory(), "elsewhere")
    for url in urls(meeting).values():
        assert outsider.get(url).status_code == 404
        anonymous = Client().get(url)
        assert anonymous.status_code == 302
        assert "/accounts/login/" in anonymous["Location"]
    assert not AuditEvent.objects.filter(action=EXEMPT_READ).exists()


def test_unpublished_or_unknown_supplement_is_not_served(scenario):
    meeting = scenario.meeting
    client = councillor(meeting.council, "cabinet_member", meeting.committee)
    assert client.get(urls(meeting, number=2)["pdf"]).status_code == 404
    later = timezone.now() + dt.timedelta(days=2)
    Supplement.objects.filter(pk=scenario.supplement.pk).update(published_at=later)
    assert client.get(urls(meeting)["pdf"]).status_code == 404
    page = client.get(f"/members/meetings/{meeting.pk}/").content.decode()
    assert "supplements/1/members-pack" not in page


def test_members_packs_finds_the_agenda_pack_and_each_published_supplement_in_one_look(
    scenario,
):
    meeting = scenario.meeting

    def current(product: str) -> dict[str, int]:
        return dict(
            GeneratedDocument.objects.filter(
                meeting=meeting, product=product, audience=Audience.MEMBERS
            ).values_list("format", "document_id")
        )

    packs = members_packs(meeting)
    assert {fmt: doc.pk for fmt, doc in packs.agenda.items()} == current(Product.AGENDA_PACK)
    assert set(packs.agenda) == {Format.PDF, Format.HTML}
    [(supplement, files)] = packs.supplements
    assert supplement == scenario.supplement
    assert {fmt: doc.pk for fmt, doc in files.items()} == current(Product.SUPPLEMENT)
    assert set(files) == {Format.PDF, Format.HTML}

    later = timezone.now() + dt.timedelta(days=2)
    Supplement.objects.filter(pk=scenario.supplement.pk).update(published_at=later)
    unpublished = members_packs(meeting)
    assert unpublished.supplements == []
    assert unpublished.agenda == packs.agenda
