"""A meeting folder (issue 16 item 3): ``minutebook import DIR`` where DIR holds one meeting's
documents as separate PDFs imports one meeting with each document in its place.

The synthetic folder is made here with WeasyPrint (a front sheet, a report, its appendix, and
the minutes of the previous meeting), so it runs without ../shared; the real Kent folders run
when ../shared is present.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook import cli
from minutebook.decisions.models import MinuteItem
from minutebook.documents.models import Document, DocumentKind
from minutebook.importer.folder import FolderPart, is_meeting_folder, merge, similarity
from minutebook.importer.folder_docs import dedupe, is_title, rank_reports, stem_title
from minutebook.importer.models import ImportRecord
from minutebook.importer.pack import AgendaItem as PackAgendaItem
from minutebook.importer.pack import Meeting as PackMeeting
from minutebook.importer.pack import Pack, PackDocument, Source
from minutebook.importer.pack import Report as PackReport
from minutebook.importer.tests.conftest import CORPUS_DIR
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.reports.models import Report

runner = CliRunner()

FRONT_SHEET = """Thornbury County Council

Environment and Transport Committee

Date: Thursday, 15 May 2025
Time: 2.00 pm
Venue: Council Chamber, Shire Hall, Market Street, Thornbury, TH1 4AA

Membership:
Councillor Alice Marsh (Chairman)
Councillor Peter Quayle (Vice-Chairman)
Councillor Ruth Okafor
Councillor Daniel Frost

Contact: Sam Hollis, Democratic Services Officer
Date of publication: Wednesday, 7 May 2025

AGENDA

Item        Page No.

1           Apologies for Absence

2           Declarations of Interest

3           Minutes of the previous meeting                                3 - 6

4           Highways Winter Service Plan 2025/26                            7 - 14

5           Work Programme                                                  15 - 16
"""

REPORT = """Agenda Item 4

Report to Environment and Transport Committee

Date of meeting
15 May 2025
Title of report
Highways Winter Service Plan 2025/26
Report of
Director of Highways
Report author
Nadia Rowe, Winter Service Manager
Email
nadia.rowe@thornbury.gov.uk
Report status
Public

Recommendations

That the Committee approves the Winter Service Plan as set out in Appendix A.

Reasons for recommendations

The plan must be in place before October each year.

1. Background

1.1 The plan sets out which roads are gritted and when. Appendix A - Gritting routes and
priorities lists the routes.
"""

APPENDIX = """Appendix A - Gritting routes and priorities

Priority 1 routes are treated before every forecast frost.

Priority 2 routes are treated in prolonged cold spells.
"""

MINUTES = """THORNBURY COUNTY COUNCIL

ENVIRONMENT AND TRANSPORT COMMITTEE

Minutes of a meeting of the Environment and Transport Committee held at Shire Hall,
Thornbury on Thursday, 13 March 2025 at 2.00 pm

Present:
Councillor Alice Marsh (Chairman)
Councillor Peter Quayle
Councillor Ruth Okafor

Apologies for absence: Councillor Daniel Frost

Apologies for Absence

21 An apology for absence was received from Councillor Daniel Frost.

Declarations of Interest

22 There were no declarations of interest.

Bus Service Improvement Plan

23 The Committee considered the annual update.
RESOLVED: That the update be noted.

(The meeting ended at 3.10 pm)

CHAIRMAN
"""


def _pdf(path: Path, text: str) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    body = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in text.splitlines())
    page = (
        "<html><head><style>@page { size: A4; margin: 2cm } "
        "p { margin: 0; font: 10pt sans-serif; white-space: pre }</style></head>"
        f"<body>{body}</body></html>"
    )
    weasyprint.HTML(string=page).write_pdf(path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A meeting folder as a council website publishes it: one PDF per document."""
    root = tmp_path / "Environment and Transport 2025-05-15"
    root.mkdir()
    _pdf(root / "Agenda frontsheet.pdf", FRONT_SHEET)
    _pdf(root / "Winter service plan report.pdf", REPORT)
    _pdf(root / "Appendix A - Gritting routes.pdf", APPENDIX)
    _pdf(root / "Minutes 13 March 2025.pdf", MINUTES)
    return root


@pytest.mark.django_db
def test_a_folder_of_pdfs_is_one_meeting_with_its_documents_in_place(folder: Path) -> None:
    done = runner.invoke(cli.app, ["import", str(folder)])
    assert done.exit_code == 0, done.stderr
    assert f"{folder.name}: created" in done.stderr
    assert ImportRecord.objects.filter(meeting__isnull=False).count() == 1

    meeting = Meeting.objects.get(import_records__isnull=False)
    assert meeting.date.isoformat() == "2025-05-15"
    assert meeting.committee.name == "Environment and Transport Committee"
    items = {i.number: i for i in AgendaItem.public_objects.filter(meeting=meeting)}
    assert sorted(items) == ["1", "2", "3", "4", "5"]
    # The report goes to the item it states, its appendix to the same item and report.
    report = Report.officer_objects.get()
    assert items["4"].report_id == report.pk
    appendix = Document.officer_objects.get(meeting=meeting, kind=DocumentKind.APPENDIX)
    assert appendix.report_id == report.pk
    # The earlier meeting's minutes go to that meeting, not this one.
    earlier = Meeting.objects.get(committee=meeting.committee, start__date="2025-03-13")
    assert MinuteItem.officer_objects.filter(meeting=earlier).count() == 3
    assert not MinuteItem.officer_objects.filter(meeting=meeting).exists()

    # Again, and renamed: nothing changes, ids are kept.
    before = sorted(Document.officer_objects.values_list("pk", flat=True))
    again = runner.invoke(cli.app, ["import", str(folder)])
    assert again.exit_code == 0 and "unchanged" in again.stderr, again.stderr
    moved = folder.rename(folder.parent / "renamed meeting folder")
    third = runner.invoke(cli.app, ["import", str(moved)])
    assert third.exit_code == 0 and "unchanged" in third.stderr, third.stderr
    assert sorted(Document.officer_objects.values_list("pk", flat=True)) == before


def _part(name: str, kind: str, committee: str | None, day: str | None) -> FolderPart:
    pack = Pack(
        source=Source(file=name, sha256=name.ljust(64, "0")),
        meeting=PackMeeting(committee=committee, date=day),
        kind=kind,
    )
    return FolderPart(Path(name), pack)


def test_a_directory_of_whole_packs_is_not_a_meeting_folder() -> None:
    one = _part("a.pdf", "pack", "Cabinet", "2024-01-10")
    two = _part("b.pdf", "pack", "Cabinet", "2024-02-14")
    report = _part("c.pdf", "report", None, None)
    assert not is_meeting_folder([one, two])
    assert not is_meeting_folder([one, two, report])
    assert is_meeting_folder([one, report])
    assert not is_meeting_folder([one])
    # Without a front sheet the meeting comes from the covers, then from the minutes.
    cover = _part("d.pdf", "report", "Cabinet", "2024-03-13")
    assert merge([cover, report], name="x").meeting.date == "2024-03-13"
    assert similarity("Winter Service Plan", "Highways Winter Service Plan 2025/26") == 1.0
    assert similarity("Budget", "Gritting routes") == 0.0


@pytest.mark.shared("corpus", "real")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["kent-county-council-2025-01-09", "kent-county-council-2025-02-13"]
)
def test_real_meeting_folders(name: str) -> None:
    folder = CORPUS_DIR / "real" / name
    done = runner.invoke(cli.app, ["import", str(folder)])
    assert f"{name}: created" in done.stderr, done.stderr
    record = ImportRecord.objects.get(meeting__isnull=False, source_file=name)
    meeting = record.meeting
    assert meeting is not None
    pack = record.pack
    # One meeting, on the date its front sheet gives; every parsed file's documents in it.
    assert meeting.date.isoformat() == pack["meeting"]["date"]
    assert AgendaItem.public_objects.filter(meeting=meeting).count() == len(
        pack["meeting"]["agenda"]
    )
    assert Document.officer_objects.filter(meeting=meeting).count() == len(pack["documents"])
    # Documents as an officer lists them: real titles, each once, one agenda.
    titles = [d["title"] for d in pack["documents"]]
    named = [d["title"] for d in pack["documents"] if d["kind"] != "front_sheet"]
    assert all(is_title(t) for t in named), named
    assert len(set(titles)) == len(titles), titles
    assert [d["kind"] for d in pack["documents"]].count("front_sheet") == 1
    reports = [r["title"] for r in pack["reports"]]
    assert len(set(reports)) == len(reports), reports
    # Every file is there: as its own document or as one of the supplement's reprints.
    assert (
        len(pack["documents"])
        >= len([p for p in folder.glob("*.pdf") if "supplement" not in p.name.lower()])
        - len([line for line in done.stderr.splitlines() if line.startswith("error:")])
        - 3
    )
    # Reports sit on agenda items; minutes of this meeting and earlier ones are filed.
    assert Report.officer_objects.filter(agenda_items__meeting=meeting).exists()
    assert MinuteItem.officer_objects.exists()


def test_titles_are_what_a_person_would_list() -> None:
    for label in (
        "To: Leaders of all district councils and",
        "From: Jane Smith, Leader of the Council",
        "Ref",
        "Likelihood",
        "Direct Dial/Ext: 01234 567890",
        "Page 1 Agenda Item 6",
        "Core 2024-25 Total Core 2025-26 Total Core 2026-27 Total",
        "Dear Member",
    ):
        assert not is_title(label), label
    assert not is_title("THORNBURY COUNTY COUNCIL", council="Thornbury County Council")
    assert is_title("Appendix B: Gritting Routes Summary Table")
    assert is_title("Highways Winter Service Plan 2025/26")
    assert stem_title(Path("Appendix A - Gritting routes_1.pdf")) == "Appendix A - Gritting routes"
    assert stem_title(Path("Winter Plan Report - FINAL.pdf")) == "Winter Plan Report"


SUPPLEMENT = f"""Thornbury County Council

Environment and Transport Committee

Date: Thursday, 15 May 2025

Supplementary agenda

4           Highways Winter Service Plan 2025/26

{REPORT}

{APPENDIX}
"""

TABLE_APPENDIX = """Route Priority Total Route Priority Total Route Priority Total

A1 1 12.5 B2 2 14.0 C3 2 3.1

Appendix B sets out the priority of each route for the winter season.
"""


@pytest.mark.django_db
def test_an_archive_tree_with_a_supplement_and_a_readme(tmp_path: Path, client: object) -> None:
    """The supplement's reprints are not second copies; the README beside the meeting folder
    is skipped; each document is titled as a person would list it, on its item."""
    root = tmp_path / "archive"
    meeting_dir = root / "2025-05-15"
    meeting_dir.mkdir(parents=True)
    (root / "README.md").write_text("# Our archive\n\nDownloaded from the website.\n")
    (meeting_dir / "notes.md").write_text("Fetched on a Tuesday; two files were re-sent.\n")
    _pdf(meeting_dir / "Agenda frontsheet.pdf", FRONT_SHEET)
    _pdf(meeting_dir / "Winter service plan report - FINAL.pdf", REPORT)
    _pdf(meeting_dir / "Appendix A - Gritting routes.pdf", APPENDIX)
    _pdf(meeting_dir / "Appendix B - Route priorities.pdf", TABLE_APPENDIX)
    _pdf(meeting_dir / "Item 4 Supplement 15th-May-2025.pdf", SUPPLEMENT)
    done = runner.invoke(cli.app, ["import", str(root)])
    assert done.exit_code == 0, done.stderr
    assert "README.md: skipped" in done.stderr
    assert "notes.md: skipped" in done.stderr
    meeting = Meeting.objects.get(import_records__isnull=False)
    report = Report.officer_objects.get()
    assert report.title == "Highways Winter Service Plan 2025/26"
    docs = Document.officer_objects.filter(meeting=meeting)
    titles = sorted(d.title for d in docs)
    assert len(titles) == len(set(titles)), titles
    assert docs.filter(kind=DocumentKind.AGENDA_PACK).count() <= 1
    assert docs.filter(kind=DocumentKind.REPORT).count() == 1
    assert "Appendix A - Gritting routes and priorities" in titles
    assert "Appendix B - Route priorities" in titles  # a table's header row is no title
    assert not any("notes" in t.lower() for t in titles), titles
    again = runner.invoke(cli.app, ["import", str(root)])
    assert again.exit_code == 0 and f"{meeting_dir.name}: unchanged" in again.stderr
    for appendix in docs.filter(kind=DocumentKind.APPENDIX):
        assert appendix.report_id == report.pk, appendix.title
    # A file named on the command line that is no council document is still an error.
    alone = runner.invoke(cli.app, ["import", str(root / "README.md")])
    assert alone.exit_code == 1
    # The public pages list them with those titles: the meeting's own documents on its page,
    # the report's appendices on its item's page.
    page = client.get(meeting.get_absolute_url())  # type: ignore[attr-defined]
    assert page.status_code == 200
    item = AgendaItem.public_objects.get(meeting=meeting, report=report)
    url = f"{meeting.get_absolute_url()}items/{item.number}/"
    body = client.get(url).content.decode()  # type: ignore[attr-defined]
    assert "Appendix B - Route priorities" in body
    assert "Route Priority Total Route" not in body
    assert "Appendix B: Appendix B" not in body  # the label is not printed twice


def test_dedupe_keeps_two_papers_and_fails_closed() -> None:
    """The same title on two stated items is two papers; a dropped exempt reprint leaves its
    twin exempt; one agenda."""
    text = "\n".join(
        f"Paragraph {n} of the gritting routes for the coming winter" for n in range(6)
    )
    own = PackDocument(kind="appendix", title="Appendix A - Routes", agenda_item="4", text=text)
    reprint = PackDocument(
        kind="appendix",
        title="Appendix 1: Routes",
        agenda_item="4",
        text=text + "\nPage 7",
        access="exempt",
        exempt_paragraphs=[3],
    )
    pack = Pack(
        source=Source(file="x", sha256="0" * 64),
        reports=[
            PackReport(agenda_item="4", title="Winter Plan"),
            PackReport(agenda_item=None, title="Winter  plan"),
            PackReport(agenda_item="7", title="Winter Plan"),
        ],
        documents=[
            PackDocument(kind="front_sheet", title="Agenda", text="a"),
            own,
            PackDocument(kind="front_sheet", title="Agenda", text="b"),
            reprint,
        ],
    )
    dedupe(pack, {id(reprint)})
    assert [(r.agenda_item, r.title) for r in pack.reports] == [
        ("4", "Winter Plan"),
        ("7", "Winter Plan"),
    ]
    assert [d.title for d in pack.documents] == ["Agenda", "Appendix A - Routes"]
    assert own.access == "exempt" and own.exempt_paragraphs == [3]


def test_an_items_own_report_comes_first() -> None:
    """The writer makes an item's first report its report: the one like the item's title,
    not an amendment or a covering note filed under the same item."""
    pack = Pack(
        source=Source(file="x", sha256="0" * 64),
        meeting=PackMeeting(agenda=[PackAgendaItem(number="6", title="Revenue Budget 2025-26")]),
        reports=[
            PackReport(agenda_item="6", title="Opposition group alternative proposals"),
            PackReport(agenda_item="6", title="Revenue Budget 2025-26 covering note"),
            PackReport(agenda_item="6", title="Revenue Budget 2025-26"),
        ],
        documents=[
            PackDocument(kind="report", title="Revenue Budget 2025-26", text="x" * 900),
            PackDocument(kind="report", title="Revenue Budget 2025-26 covering note", text="y"),
        ],
    )
    rank_reports(pack, similarity)
    assert [r.title for r in pack.reports] == [
        "Revenue Budget 2025-26",
        "Revenue Budget 2025-26 covering note",
        "Opposition group alternative proposals",
    ]
