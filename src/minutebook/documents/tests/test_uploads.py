"""The upload gate, through the real back office as a signed-in democratic services officer.

Finding (issue 15): a report author uploaded a JavaScript file and an HTML page that
loads it (the officer picked the file's type); a .exe, a fake PDF and an 11 MB file
were accepted and published. Each hostile file below is refused with a message naming
what it is, nothing is stored, and the rest of the form comes back as typed; the good
files are stored with the type their content shows, whatever the form said.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import PASSWORD, grant, make_user
from minutebook.councils.factories import CouncilFactory
from minutebook.documents.models import Document
from minutebook.documents.tests import filemakers as make
from minutebook.documents.uploads import MB

pytestmark = pytest.mark.django_db

ADD = "/admin/documents/document/add/"


@pytest.fixture
def council() -> Any:
    return CouncilFactory(max_upload_mb=10)


@pytest.fixture
def officer(council: Any) -> Client:
    """A democratic services officer, signed in with a password like anyone else."""
    user = make_user("dso_uploads")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client = Client()
    assert client.login(username="dso_uploads", password=PASSWORD)
    return client


def post(client: Client, council: Any, name: str, data: Any, claimed: str) -> Any:
    """The admin's add form, with the type an attacker would claim (now ignored)."""
    upload = data if hasattr(data, "read") else SimpleUploadedFile(name, data, claimed)
    return client.post(
        ADD,
        {
            "council": council.pk,
            "kind": "appendix",
            "label": "Appendix 4",
            "order": 4,
            "title": "Consultation responses by ward",
            "file": upload,
            "media_type": claimed,
            "public_interest_reason": "",
            "version": 1,
            "source": "generated",
            "source_url": "https://www.example.gov.uk/consultation",
            "extracted_text": "",
        },
    )


def assert_refused(response: Any, message: str) -> None:
    """Refused with ``message``; nothing stored; the rest of what was typed is kept."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert escape(message) in page, page[page.find("errorlist") - 200 :][:1500]
    assert 'value="Consultation responses by ward"' in page
    assert 'value="Appendix 4"' in page
    assert 'value="https://www.example.gov.uk/consultation"' in page
    assert not Document.officer_objects.exists()


ACCEPTED = (
    "upload a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text or image "
    "(PNG, JPEG, GIF, WebP) file."
)

HOSTILE = [
    ("appendix.html", make.HTML_PAGE, "text/html", f"This file is an HTML page; {ACCEPTED}"),
    # The same page named as harmless text is still a page.
    ("appendix.txt", make.HTML_PAGE, "text/plain", f"This file is an HTML page; {ACCEPTED}"),
    (
        "map.svg",
        make.SVG_WITH_SCRIPT,
        "image/svg+xml",
        f"This file is an SVG image (which can carry scripts); {ACCEPTED}",
    ),
    (
        "appendix.js",
        make.JAVASCRIPT,
        "application/pdf",
        f"This file is a JavaScript file; {ACCEPTED}",
    ),
    (
        "minutes.exe",
        make.EXE,
        "application/pdf",
        f"This file is a program (an executable); {ACCEPTED}",
    ),
    (
        "minutes.pdf",
        make.EXE,
        "application/pdf",
        f"This file is a program (an executable); {ACCEPTED}",
    ),
    (
        "budget.pdf",
        make.FAKE_PDF,
        "application/pdf",
        "This file's name ends .pdf but it is plain text; rename it to end .txt, "
        "or upload the file you meant.",
    ),
    (
        "budget.pdf",
        make.polyglot_html_first(),
        "application/pdf",
        f"This file is a PDF hidden behind other content (it does not start as a PDF does); "
        f"{ACCEPTED}",
    ),
    (
        "budget.pdf",
        make.polyglot_pdf_first(),
        "application/pdf",
        f"This file is a PDF with a web page inside it; {ACCEPTED}",
    ),
    (
        "budget.pdf",
        make.pdf()[:400],
        "application/pdf",
        "This file is a damaged PDF (it could not be opened); save or print it to PDF again "
        f"and upload that; {ACCEPTED}",
    ),
    (
        "budget.pdf",
        make.pdf(user_password="secret"),
        "application/pdf",
        "This PDF is password-protected; save a copy without a password and upload that.",
    ),
    (
        "papers.zip",
        make.plain_zip(),
        "application/zip",
        f"This file is a zip archive; upload the documents in it one by one; {ACCEPTED}",
    ),
    (
        "budget.docm",
        make.office("docx", macros=True),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"This file is an Office file with macros; {ACCEPTED}",
    ),
    (
        "notes.txt",
        "Caf\u00e9 notes\n".encode("cp1252"),
        "text/plain",
        'This text file is not UTF-8; save it as UTF-8 (for a spreadsheet, "CSV UTF-8") and '
        "upload it again.",
    ),
    (
        "notes.txt",
        b"Notes\x01\x02\x03 and binary after them",
        "text/plain",
        f"This file is not a type this site accepts; {ACCEPTED}",
    ),
    (
        "legacy.doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "application/msword",
        "This file is in the old Office format (.doc, .xls, .ppt) or is password-protected; "
        "save it as .docx, .xlsx or .pptx without a password and upload that.",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "claimed", "message"),
    HOSTILE,
    ids=[
        "html",
        "html-named-txt",
        "svg-script",
        "javascript",
        "exe",
        "exe-named-pdf",
        "fake-pdf",
        "polyglot-html-first",
        "polyglot-pdf-first",
        "broken-pdf",
        "password-pdf",
        "zip",
        "macros",
        "not-utf8",
        "control-characters",
        "old-office",
    ],
)
def test_hostile_files_are_refused_and_the_form_is_kept(
    officer: Client, council: Any, name: str, data: bytes, claimed: str, message: str
) -> None:
    assert_refused(post(officer, council, name, data, claimed), message)


def test_a_zip_bomb_is_refused_without_inflating_it(
    officer: Client, council: Any, tmp_path: Path
) -> None:
    data = make.zip_bomb(tmp_path / "bomb.docx", inflated_mb=300)
    assert len(data) < 2 * MB  # small on the wire, 300 MB inflated
    response = post(officer, council, "budget.docx", data, "application/pdf")
    assert_refused(
        response, f"This file is a zip bomb (it would expand to far more than it holds); {ACCEPTED}"
    )


def test_a_file_over_the_council_limit_is_refused(officer: Client, council: Any) -> None:
    data = b"%PDF-1.7\n" + bytes(11 * MB - 9)  # exactly 11 MB
    response = post(officer, council, "survey.pdf", data, "application/pdf")
    assert_refused(response, "This file is 11.0 MB; this council accepts files up to 10 MB.")


def test_the_limit_is_the_councils_own(officer: Client, council: Any) -> None:
    council.max_upload_mb = 12
    council.save()
    good = make.pdf() + b"%" + bytes(11 * MB) + b"\n"  # padded after %%EOF; opens
    response = post(officer, council, "survey.pdf", good, "text/html")
    assert response.status_code == 302, response.content.decode()[:2000]
    council.max_upload_mb = 1
    council.save()
    response = post(officer, council, "survey.pdf", make.pdf() + bytes(MB), "application/pdf")
    assert response.status_code == 200
    assert "this council accepts files up to 1 MB." in response.content.decode()


def test_a_50_mb_file_is_refused(
    officer: Client, council: Any, tmp_path: Path, settings: Any
) -> None:
    """Django spools it to a temporary file; the gate refuses it on its size, unread."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    big = tmp_path / "everything.pdf"
    with big.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        out.truncate(50 * MB)
    with big.open("rb") as handle:
        response = post(officer, council, "everything.pdf", handle, "application/pdf")
    assert_refused(response, "This file is 50.0 MB; this council accepts files up to 10 MB.")


GOOD = [
    ("report.pdf", make.pdf(3), "application/pdf", True, 3),
    (
        "responses.docx",
        make.office("docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        False,
        None,
    ),
    (
        "budget.xlsx",
        make.office("xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        False,
        None,
    ),
    (
        "slides.pptx",
        make.office("pptx"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        False,
        None,
    ),
    ("notes.odt", make.odt(), "application/vnd.oasis.opendocument.text", False, None),
    ("site-plan.png", make.png(), "image/png", False, None),
    ("photo.jpg", make.jpeg(), "image/jpeg", False, None),
    ("responses.csv", make.CSV, "text/csv", False, None),
    ("background.txt", make.TEXT, "text/plain", False, None),
    # An owner password only (no password to open): every reader opens it.
    ("report.pdf", make.pdf(user_password=""), "application/pdf", True, 1),
]


@pytest.mark.parametrize(
    ("name", "data", "media_type", "inline", "pages"),
    GOOD,
    ids=["pdf", "docx", "xlsx", "pptx", "odt", "png", "jpeg", "csv", "text", "owner-only-pdf"],
)
def test_good_files_are_stored_with_the_type_their_content_shows(
    officer: Client,
    council: Any,
    name: str,
    data: bytes,
    media_type: str,
    inline: bool,
    pages: int | None,
) -> None:
    response = post(officer, council, name, data, "text/html")
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.officer_objects.get()
    assert (document.media_type, document.served_inline) == (media_type, inline)
    assert document.pages == pages
    assert document.source == "uploaded"  # provenance is recorded, not typed
    assert document.file.read() == data


def test_a_new_version_of_a_document_passes_the_gate_too(officer: Client, council: Any) -> None:
    response = post(officer, council, "report.pdf", make.pdf(), "application/pdf")
    assert response.status_code == 302
    document = Document.officer_objects.get()
    change = f"/admin/documents/document/{document.pk}/change/"
    response = officer.post(
        change,
        {
            "council": council.pk,
            "kind": "appendix",
            "label": "Appendix 4",
            "order": 4,
            "title": "Consultation responses by ward",
            "file": SimpleUploadedFile("report.pdf", make.HTML_PAGE, "application/pdf"),
            "public_interest_reason": "",
            "version": 1,
            "source_url": "",
            "extracted_text": "",
        },
    )
    assert response.status_code == 200
    assert escape(f"This file is an HTML page; {ACCEPTED}") in response.content.decode()
    document.refresh_from_db()
    assert (document.media_type, document.served_inline) == ("application/pdf", True)


class _FormFields(HTMLParser):
    """The fields of the admin's change form as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self._select: tuple[str, bool] | None = None
        self._textarea: str | None = None

    def _put(self, name: str, value: str, many: bool = False) -> None:
        if "__prefix__" in name:
            return
        if many:
            self.data.setdefault(name, []).append(value)
        else:
            self.data[name] = value

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a:
                    self._put(name, a.get("value", "on"), many=a.get("type") == "checkbox")
            else:
                self._put(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a)
        elif tag == "option" and self._select and "selected" in a:
            self._put(self._select[0], a.get("value", ""), many=self._select[1])
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = name
            self._put(name, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the newline that follows <textarea>.
            value = self.data[self._textarea]
            self.data[self._textarea] = value[1:] if value.startswith("\n") else value
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] = self.data[self._textarea] + data


def test_an_appendix_added_under_a_report_passes_the_gate(officer: Client, council: Any) -> None:
    """The report admin's appendix inline: the same gate, and the council from the report."""
    from minutebook.reports.factories import ReportFactory

    report = ReportFactory(council=council, title="Library service review")
    url = f"/admin/reports/report/{report.pk}/change/"
    page = officer.get(url)
    assert page.status_code == 200
    parser = _FormFields()
    parser.feed(page.content.decode())
    data = parser.data
    data["title"] = "Library service review (revised)"
    n = int(data["documents-TOTAL_FORMS"])
    data["documents-TOTAL_FORMS"] = str(n + 1)
    new = {
        "label": "Appendix 1",
        "order": "1",
        "kind": "appendix",
        "title": "Opening hours survey",
        "pages": "",
        "version": "1",
        "public_interest_reason": "",
    }
    data.update({f"documents-{n}-{key}": value for key, value in new.items()})
    data["_save"] = "Save"

    data[f"documents-{n}-file"] = SimpleUploadedFile(
        "survey.js", make.JAVASCRIPT, "application/pdf"
    )
    refused = officer.post(url, data)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert escape(f"This file is a JavaScript file; {ACCEPTED}") in text
    assert 'value="Library service review (revised)"' in text
    assert 'value="Opening hours survey"' in text
    assert not Document.officer_objects.exists()

    data[f"documents-{n}-file"] = SimpleUploadedFile("survey.pdf", make.pdf(2), "text/html")
    saved = officer.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    appendix = Document.officer_objects.get()
    assert (appendix.council, appendix.report) == (council, report)
    assert (appendix.media_type, appendix.served_inline, appendix.pages) == (
        "application/pdf",
        True,
        2,
    )
