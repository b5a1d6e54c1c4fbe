"""Import review in the back office: upload (files or a meeting zip), read by the task worker,
correct, accept through the real writer; officer-only; corrections kept on the record."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.councils.factories import CouncilFactory
from minutebook.importer import review as service
from minutebook.importer.models import ImportRecord, ImportReview, ReviewStatus
from minutebook.meetings.models import Meeting

pytestmark = pytest.mark.django_db

FRONT_SHEET = """Northwold District Council

Licensing Committee

Date: Monday 4 March 2024
Time: 2.00 pm
Venue: Council Chamber, Civic Offices, Market Square
Dispatched: Friday 23 February 2024

Membership: Councillors Ann Lee (Chair), Bob Stone and Cara Hill

AGENDA

1. Apologies for absence

2. Minutes of the previous meeting (Pages 3 - 6)

3. Review of the Licensing Policy (Pages 7 - 20)

4. Taxi fares review (Pages 21 - 30)
"""


@pytest.fixture
def council() -> Any:
    return CouncilFactory(slug="northwold", name="Northwold District Council")


def _user(council: Any, name: str, role: str | None) -> Any:
    user = get_user_model().objects.create_user(name, password="x-very-long-pass")
    if role:
        grant(user, council, role)
    return user


@pytest.fixture
def officer(council: Any) -> Any:
    return _user(council, "dso", Role.DEMOCRATIC_SERVICES)


@pytest.fixture
def officer_client(client: Client, officer: Any) -> Client:
    client.force_login(officer)
    return client


def _upload(name: str, data: bytes, media: str = "text/plain") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=media)


def _post_files(client: Client, council: Any, *files: SimpleUploadedFile, hooks: Any) -> Any:
    url = reverse("backoffice:imports:council", args=[council.slug])
    with hooks(execute=True):
        return client.post(url, {"documents": list(files)})


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _management(prefix: str, n: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(n),
        f"{prefix}-INITIAL_FORMS": str(n),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _accept_data(review: ImportReview, **changes: str) -> dict[str, str]:
    from minutebook.importer.forms import agenda_initial, meeting_initial, reports_initial

    data: dict[str, str] = {}
    for k, v in meeting_initial(review.pack).items():
        data[f"meeting-{k}"] = v or ""
    agenda = agenda_initial(review.pack)
    data.update(_management("agenda", len(agenda)))
    for i, item in enumerate(agenda):
        for k, v in item.items():
            data[f"agenda-{i}-{k}"] = v or ""
    reports = reports_initial(review.pack)
    data.update(_management("reports", len(reports)))
    for i, rep in enumerate(reports):
        for k, v in rep.items():
            data[f"reports-{i}-{k}"] = v or ""
    data.update(changes)
    return data


def test_upload_read_correct_accept(
    officer_client: Client, council: Any, officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = _post_files(
        officer_client,
        council,
        _upload("Agenda frontsheet 04th-Mar-2024 Licensing Committee.txt", FRONT_SHEET.encode()),
        hooks=django_capture_on_commit_callbacks,
    )
    review = ImportReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "backoffice:imports:review", args=[council.slug, review.pk]
    )
    assert review.status == ReviewStatus.READY, review.error
    assert review.pack["meeting"]["committee"] == "Licensing Committee"
    assert review.pack["provenance"]["meeting.date"]["line"] >= 0

    page = officer_client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Review of the Licensing Policy" in body
    # The source line of a text file is shown beside the field read from it.
    assert "Venue: Council Chamber, Civic Offices, Market Square" in body

    # Corrections: the venue, an agenda title; a form error keeps what was typed.
    bad = _accept_data(review, **{"meeting-venue": "Room 2, Civic Offices", "meeting-date": "x"})
    again = officer_client.post(response["Location"], bad)
    assert again.status_code == 200
    assert "Room 2, Civic Offices" in again.content.decode()
    assert not Meeting.objects.exists()

    good = _accept_data(
        review,
        **{"meeting-venue": "Room 2, Civic Offices", "agenda-3-title": "Hackney carriage fares"},
    )
    done = officer_client.post(response["Location"], good)
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED
    meeting = Meeting.objects.get()
    assert meeting.venue is not None and meeting.venue.name.startswith("Room 2")
    assert meeting.agenda_items.filter(title="Hackney carriage fares").exists()
    record = ImportRecord.objects.get(pk=review.record_id)
    assert record.imported_by == officer
    fields = {c["field"]: c for c in record.corrections}
    assert set(fields) == {"meeting.venue", "meeting.agenda.3.title"}
    assert fields["meeting.venue"]["extracted"] == "Council Chamber, Civic Offices, Market Square"
    assert fields["meeting.venue"]["corrected"] == "Room 2, Civic Offices"
    assert fields["meeting.venue"]["by"] == "dso" and fields["meeting.venue"]["at"]
    # Accepted once: a second accept is refused.
    assert officer_client.post(response["Location"], good).status_code == 302
    assert ImportRecord.objects.count() == 1


def test_a_meeting_zip_is_unpacked_safely(council: Any) -> None:
    data = _zip(
        {
            "../../etc/agenda.txt": FRONT_SHEET.encode(),
            "__MACOSX/._agenda.txt": b"junk",
            "folder/": b"",
        }
    )
    files = service.unpack([_upload("meeting.zip", data, "application/zip")], max_mb=5)
    assert [f.name for f in files] == ["agenda.txt"]  # no path kept, metadata skipped


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"a.exe": b"MZ\x90\x00" + b"\x00" * 100}, "a program"),
        ({"page.html": b"<html><script>alert(1)</script></html>"}, "page.html"),
        ({f"f{i}.txt": b"Cabinet\n" for i in range(service.ZIP_MAX_MEMBERS + 1)}, "holds"),
        ({"big.txt": b"a" * (2 * 1024 * 1024)}, "limit"),
        ({"empty/": b""}, "no documents"),
    ],
)
def test_a_bad_zip_is_refused(council: Any, members: dict[str, bytes], message: str) -> None:
    upload = _upload("meeting.zip", _zip(members), "application/zip")
    with pytest.raises(service.ReviewError, match=message):
        service.unpack([upload], max_mb=1)


def test_a_zip_bomb_is_refused(council: Any) -> None:
    upload = _upload("meeting.zip", _zip({"bomb.txt": b"0" * (200 * 1024 * 1024)}), "x")
    with pytest.raises(service.ReviewError, match=r"expand|bomb|limit"):
        service.unpack([upload], max_mb=300)


def test_the_gate_refuses_what_the_importer_cannot_read(
    officer_client: Client, council: Any, django_capture_on_commit_callbacks: Any
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = _post_files(
        officer_client,
        council,
        _upload("scan.png", png, "image/png"),
        hooks=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert "the importer reads PDF and text files" in response.content.decode()
    assert not ImportReview.objects.exists()


def test_a_file_that_is_not_a_pack_fails_with_its_reason(
    officer_client: Client, council: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _post_files(
        officer_client,
        council,
        _upload("note.txt", b"Nothing here.\n"),
        hooks=django_capture_on_commit_callbacks,
    )
    review = ImportReview.objects.get()
    assert review.status == ReviewStatus.FAILED and review.error
    page = officer_client.get(reverse("backoffice:imports:review", args=[council.slug, review.pk]))
    assert "could not be read" in page.content.decode()


@pytest.mark.parametrize("role", [None, Role.REPORT_AUTHOR, Role.COUNCILLOR])
def test_only_officers_who_run_meetings_see_reviews(
    client: Client, council: Any, officer: Any, role: str | None
) -> None:
    review = ImportReview.objects.create(
        council=council,
        created_by=officer,
        status=ReviewStatus.READY,
        pack={"meeting": {"committee": "Cabinet"}, "warnings": []},
    )
    client.force_login(_user(council, "someone", role))
    for name, args in [
        ("backoffice:imports:council", [council.slug]),
        ("backoffice:imports:review", [council.slug, review.pk]),
        ("backoffice:imports:page", [council.slug, review.pk, 1]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403, name


def test_another_councils_review_is_not_found(
    officer_client: Client, council: Any, officer: Any
) -> None:
    other = CouncilFactory(slug="southmoor")
    review = ImportReview.objects.create(council=other, created_by=officer, pack={})
    url = reverse("backoffice:imports:review", args=[other.slug, review.pk])
    assert officer_client.get(url).status_code == 403
    wrong = reverse("backoffice:imports:review", args=[council.slug, review.pk])
    assert officer_client.get(wrong).status_code == 404


def test_warnings_are_shown_as_uncertain(
    officer_client: Client, council: Any, officer: Any
) -> None:
    review = ImportReview.objects.create(
        council=council,
        created_by=officer,
        status=ReviewStatus.READY,
        pack={
            "meeting": {"committee": "Cabinet", "date": "2024-03-07", "agenda": [], "members": []},
            "warnings": ["Check: 3 members are named by a category or place, not a person."],
        },
    )
    page = officer_client.get(reverse("backoffice:imports:review", args=[council.slug, review.pk]))
    body = page.content.decode()
    assert "looks wrong" in body and "named by a category" in body
    assert "Not located" in body


def test_a_pdf_page_is_shown_with_the_value_marked(
    officer_client: Client, council: Any, django_capture_on_commit_callbacks: Any, tmp_path: Any
) -> None:
    from PIL import Image, ImageChops
    from weasyprint import HTML

    html = "<html><body>" + "".join(f"<p>{line}</p>" for line in FRONT_SHEET.splitlines())
    # A cover page first: the front sheet is the PDF's second page.
    cover = "<html><body><h1>Cover</h1><p style='page-break-after: always'>x</p>"
    pdf = tmp_path / "agenda.pdf"
    HTML(string=cover + html[len("<html><body>") :]).write_pdf(pdf)
    _post_files(
        officer_client,
        council,
        _upload("agenda.pdf", pdf.read_bytes(), "application/pdf"),
        hooks=django_capture_on_commit_callbacks,
    )
    review = ImportReview.objects.get()
    assert review.status == ReviewStatus.READY, review.error
    page = officer_client.get(reverse("backoffice:imports:review", args=[council.slug, review.pk]))
    body = page.content.decode()
    assert "Page 2 of agenda.pdf" in body  # found in the PDF, whatever the stamps say
    url = reverse("backoffice:imports:page", args=[council.slug, review.pk, 2])
    plain = officer_client.get(url)
    marked = officer_client.get(url + "?field=meeting.venue")
    assert plain.status_code == marked.status_code == 200
    assert plain["Content-Type"] == "image/png" and plain["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in plain["Cache-Control"] or "no-store" in plain["Cache-Control"]
    a = Image.open(io.BytesIO(plain.content)).convert("RGB")
    b = Image.open(io.BytesIO(marked.content)).convert("RGB")
    changed = sum(ImageChops.difference(a, b).convert("L").histogram()[1:])
    assert changed > 500  # the venue's line is marked
    assert officer_client.get(url.replace("/2/", "/9/")).status_code == 404


REPORT = """Northwold District Council

Agenda Item 3

Report to: Licensing Committee
Date of meeting: 4 March 2024
Title: Review of the Licensing Policy
Report author: Dan Wu, Licensing Manager
Status: Public

1. Purpose of the report

1.1 This report asks the Committee to agree a draft policy for consultation.
"""


def test_a_meeting_zip_is_read_as_one_meeting(
    officer_client: Client, council: Any, django_capture_on_commit_callbacks: Any
) -> None:
    data = _zip(
        {
            "meeting/Report - Licensing Policy.txt": REPORT.encode(),
            "meeting/Agenda frontsheet 04th-Mar-2024.txt": FRONT_SHEET.encode(),
        }
    )
    _post_files(
        officer_client,
        council,
        _upload("meeting.zip", data, "application/zip"),
        hooks=django_capture_on_commit_callbacks,
    )
    review = ImportReview.objects.get()
    assert review.status == ReviewStatus.READY, review.error
    assert review.files.count() == 2
    front = review.files.get(name="Agenda frontsheet 04th-Mar-2024.txt")
    assert review.pack["provenance_file"] == front.position
    assert review.pack["meeting"]["committee"] == "Licensing Committee"
    assert "meeting.venue" in review.pack["provenance"]
    page = officer_client.get(reverse("backoffice:imports:review", args=[council.slug, review.pk]))
    body = page.content.decode()
    assert "were read as one meeting" in body
    assert "Venue: Council Chamber, Civic Offices, Market Square" in body


def test_an_exempt_appendix_stays_exempt_through_review(
    officer_client: Client, council: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from minutebook.documents.models import Document
    from minutebook.importer.tests.test_exempt_import import (
        EXEMPT_HEADING,
        PACK,
        SECRET,
        _crawl,
        _leaks,
        _public_urls,
    )

    text = PACK.replace("{marker}", EXEMPT_HEADING)
    _post_files(
        officer_client,
        council,
        _upload("cabinet.txt", text.encode()),
        hooks=django_capture_on_commit_callbacks,
    )
    review = ImportReview.objects.get()
    assert review.status == ReviewStatus.READY, review.error
    url = reverse("backoffice:imports:review", args=[council.slug, review.pk])
    assert "1 exempt or withheld" in officer_client.get(url).content.decode()
    done = officer_client.post(url, _accept_data(review, **{"meeting-venue": "Room 4"}))
    assert done.status_code == 302
    meeting = Meeting.objects.get()
    holding = [
        d for d in Document.officer_objects.filter(meeting=meeting) if SECRET in d.extracted_text
    ]
    assert len(holding) == 1 and holding[0].is_exempt and holding[0].exempt_paragraphs == [3]
    assert not _leaks(_crawl(Client(), _public_urls(meeting)))


def test_a_review_is_accepted_once(council: Any, officer: Any) -> None:
    review = ImportReview.objects.create(council=council, created_by=officer)
    review.status = ReviewStatus.READY
    review.pack = {
        "format": "minutebook-pack/1",
        "source": {"file": "a.txt", "sha256": "0" * 64, "pages": None},
        "council": "Northwold District Council",
        "meeting": {"committee": "Cabinet", "date": "2024-03-07", "members": [], "agenda": []},
    }
    review.save()
    data = {"committee": "Cabinet", "date": None, "time": None, "venue": None}
    data.update({"members": [], "agenda": [], "reports": []})
    with pytest.raises(service.ReviewError, match="date"):
        service.accept(review, data, officer)  # refused by the writer: the claim is released
    review.refresh_from_db()
    assert review.accepted_at is None and review.status == ReviewStatus.READY
    data["date"] = dt.date(2024, 3, 7)
    record = service.accept(review, data, officer)
    assert [c["field"] for c in record.corrections] == []
    with pytest.raises(service.ReviewError, match="not yet accepted"):
        service.accept(review, data, officer)
    assert ImportRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "shown"), [(Role.DEMOCRATIC_SERVICES, True), (Role.REPORT_AUTHOR, False)]
)
def test_the_officer_navigation_links_imports_for_those_who_may_review(
    client: Client, council: Any, role: str, shown: bool
) -> None:
    """Officers find the review from every back-office page, not by typing its address."""
    client.force_login(_user(council, f"nav-{role}", role))
    page = client.get(reverse("backoffice:dashboard")).content.decode()
    assert (reverse("backoffice:imports:index") in page) is shown


def test_a_file_that_would_exhaust_the_worker_fails_alone(
    officer_client: Client,
    council: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An uploaded PDF that inflates to gigabytes in PDFium is parsed in a child within the
    review's limits: its review fails with one line, and the worker goes on (the next
    upload is read)."""
    from minutebook.importer.isolate import Limits
    from minutebook.importer.tests.test_archive import bomb_pdf

    monkeypatch.setattr(service, "REVIEW_LIMITS", Limits(max_memory_mb=150, timeout=60))
    _post_files(
        officer_client,
        council,
        _upload("agenda.pdf", bomb_pdf(40), "application/pdf"),
        hooks=django_capture_on_commit_callbacks,
    )
    review = ImportReview.objects.get()
    assert review.status == ReviewStatus.FAILED
    assert "memory" in review.error, review.error
    _post_files(
        officer_client,
        council,
        _upload("Agenda frontsheet 04th-Mar-2024 Licensing Committee.txt", FRONT_SHEET.encode()),
        hooks=django_capture_on_commit_callbacks,
    )
    assert ImportReview.objects.latest("pk").status == ReviewStatus.READY
