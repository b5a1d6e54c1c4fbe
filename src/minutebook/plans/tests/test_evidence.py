"""Evidence files on plan items: uploaded through the upload gate, listed for officers,
public only when ticked, not removed and the plan published; bad input stays on the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.councils.factories import CouncilFactory
from minutebook.documents.models import Document
from minutebook.packs.tests.builders import appendix_pdf
from minutebook.plans import evidence, services
from minutebook.plans.models import ItemLevel, PlanEvidence


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    council = CouncilFactory(slug="alpha")
    plan = services.create_plan(council, "Corporate improvement plan")
    plan.is_published = True
    plan.save()
    action = services.add_item(plan, ItemLevel.ACTION, "Recruit assessors")
    user = get_user_model().objects.create_user("dso", password="x-long-pass-42")
    RoleAssignment.objects.create(user=user, council=council, role=Role.DEMOCRATIC_SERVICES)
    client = Client()
    client.force_login(user)
    url = reverse("backoffice:plans:item", args=[council.slug, plan.number, action.pk])
    return {"council": council, "plan": plan, "action": action, "client": client, "url": url}


def _pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, appendix_pdf("TRAINING RECORD", 1), "application/pdf")


def _post(w: dict[str, Any], title: str, upload: Any, publish: bool, **extra: str) -> Any:
    data = {"form": "evidence", "evidence-title": title, "evidence-description": "Q3 log"}
    if upload is not None:
        data["evidence-file"] = upload
    if publish:
        data["evidence-publish"] = "on"
    return w["client"].post(w["url"], {**data, **extra})


def _public(w: dict[str, Any]) -> str:
    page = Client().get(f"/{w['council'].slug}/plans/{w['plan'].slug}/")
    assert page.status_code == 200
    return page.content.decode()


def _public_file(w: dict[str, Any], ev: PlanEvidence) -> int:
    return Client().get(f"/{w['council'].slug}/documents/{ev.document_id}/").status_code


def test_published_evidence_reaches_the_public_page_and_private_never(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    assert _post(w, "Training record", _pdf(), publish=True).status_code == 302
    assert _post(w, "Staff names", _pdf("names.pdf"), publish=False).status_code == 302
    shown = PlanEvidence.objects.get(document__title="Training record")
    private = PlanEvidence.objects.get(document__title="Staff names")
    assert shown.document.council == w["council"] and shown.document.media_type == (
        "application/pdf"
    )
    # Officers see both, with download links that work.
    page = w["client"].get(w["url"]).content.decode()
    assert "Training record" in page and "Staff names" in page
    for ev in (shown, private):
        link = reverse(
            "backoffice:plans:evidence_file",
            args=[w["council"].slug, w["plan"].number, w["action"].pk, ev.document_id],
        )
        assert link in page
        response = w["client"].get(link)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert Client().get(link).status_code == 302  # signed out: to the sign-in page
    # The public sees only the ticked one, on the page and at its address.
    public = _public(w)
    assert "Training record" in public and f"/documents/{shown.document_id}/" in public
    assert "Staff names" not in public
    assert _public_file(w, shown) == 200
    assert _public_file(w, private) == 404
    # Withdrawing the plan withdraws its files; publishing it again brings the ticked back.
    w["plan"].is_published = False
    w["plan"].save()
    assert _public_file(w, shown) == 404
    w["plan"].is_published = True
    w["plan"].save()
    assert _public_file(w, shown) == 200 and _public_file(w, private) == 404
    # Removal keeps the row as history and takes the file off the public site.
    response = w["client"].post(w["url"], {"form": "evidence_remove", "remove-evidence": shown.pk})
    assert response.status_code == 302
    shown.refresh_from_db()
    assert shown.removed_at is not None and shown.removed_by.username == "dso"
    assert "Training record" not in _public(w)
    assert _public_file(w, shown) == 404
    assert "Training record" in w["client"].get(w["url"]).content.decode()  # the history


def test_exempt_document_is_never_public_even_if_ticked(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    _post(w, "Training record", _pdf(), publish=True)
    ev = PlanEvidence.objects.get()
    doc = Document.officer_objects.get(pk=ev.document_id)
    doc.exempt_paragraphs = [1]
    doc.save()
    assert "Training record" not in _public(w)
    assert _public_file(w, ev) == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Choose the evidence file."),
        (SimpleUploadedFile("empty.pdf", b""), "The file you chose is empty."),
        (SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\x00" * 200), "PDF"),
        (SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 10)), "up to 1 MB"),
    ],
)
def test_bad_files_are_refused_on_the_form_with_the_input_kept(world, upload, message) -> None:  # type: ignore[no-untyped-def]
    w = world
    w["council"].max_upload_mb = 1
    w["council"].save()
    response = _post(w, "Typed title kept", upload, publish=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "Typed title kept" in page
    assert not PlanEvidence.objects.exists()
    assert not Document.officer_objects.exists()


def test_another_councils_evidence_cannot_be_removed_or_read(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    other = CouncilFactory(slug="bravo")
    plan = services.create_plan(other, "Bravo plan")
    item = services.add_item(plan, ItemLevel.ACTION, "Bravo action")
    foreign = evidence.attach(item, _pdf(), "Bravo file", publish=False)
    response = w["client"].post(
        w["url"], {"form": "evidence_remove", "remove-evidence": foreign.pk}
    )
    assert response.status_code == 200
    assert "That file is not evidence for this item." in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.removed_at is None
    # Bravo's file through Alpha's item address is not found.
    link = reverse(
        "backoffice:plans:evidence_file",
        args=[w["council"].slug, w["plan"].number, w["action"].pk, foreign.document_id],
    )
    assert w["client"].get(link).status_code == 404
    response = w["client"].post(w["url"], {"form": "evidence_remove", "remove-evidence": "x9"})
    assert response.status_code == 200


def test_a_file_leaves_the_site_whatever_route_unpublishes_it(world) -> None:  # type: ignore[no-untyped-def]
    """Not only the officer pages: the admin edits the tick, moves or deletes the item."""
    w = world
    _post(w, "Training record", _pdf(), publish=True)
    ev = PlanEvidence.objects.get()
    assert _public_file(w, ev) == 200
    ev.publish = False  # the tick cleared on the row itself
    ev.save()
    assert _public_file(w, ev) == 404
    ev.publish = True
    ev.save()
    assert _public_file(w, ev) == 200
    # The item moved to a plan that is not published.
    draft = services.create_plan(w["council"], "Draft plan")
    action = w["action"]
    action.plan = draft
    action.save()
    assert _public_file(w, ev) == 404
    action.plan = w["plan"]
    action.save()
    assert _public_file(w, ev) == 200
    # The item deleted (its evidence rows with it): the file, kept, is no longer public.
    action.delete()
    assert not PlanEvidence.objects.exists()
    assert _public_file(w, ev) == 404
    other = services.add_item(w["plan"], ItemLevel.ACTION, "Another action")
    again = evidence.attach(other, _pdf(), "Second record", publish=True)
    assert _public_file(w, again) == 200
    w["plan"].delete()
    assert _public_file(w, again) == 404
