"""Writing parsed packs into the database: records, idempotency, updates in place, atomicity,
exempt reports kept from the public, and the PDF path end to end."""

from __future__ import annotations

import copy
import html
import json
from pathlib import Path
from typing import Any

import pytest

from minutebook.committees.models import Committee, Membership, MembershipRole
from minutebook.councils.models import Council
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document, DocumentSource
from minutebook.forwardplan.models import ForwardPlanEntry
from minutebook.importer import writer
from minutebook.importer.errors import PackError
from minutebook.importer.fields import plan_key
from minutebook.importer.models import ImportRecord
from minutebook.importer.pack import Pack
from minutebook.importer.reader import read_pack
from minutebook.importer.tests.conftest import CORPUS_DIR
from minutebook.importer.writer import ImportConflict, norm_key, write_pack
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Person, normalise_name
from minutebook.reports.models import Report, ReportAuthor

pytestmark = pytest.mark.django_db

#: Every table the importer writes to, counted with the managers that see exempt rows too.
COUNTED: dict[str, Any] = {
    "council": Council.objects,
    "committee": Committee.objects,
    "person": Person.objects,
    "membership": Membership.objects,
    "meeting": Meeting.objects,
    "agenda": AgendaItem.public_objects,
    "report": Report.officer_objects,
    "author": ReportAuthor.officer_objects,
    "minute": MinuteItem.officer_objects,
    "decision": Decision.officer_objects,
    "plan": ForwardPlanEntry.objects,
    "document": Document.officer_objects,
    "record": ImportRecord.objects,
}


def snapshot() -> dict[str, list[int]]:
    return {k: sorted(m.values_list("pk", flat=True)) for k, m in COUNTED.items()}


def truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS_DIR / "truth" / f"{path.stem}.json").read_text())
    return data


@pytest.fixture(scope="module")
def packs(corpus_files: list[Path]) -> dict[Path, Pack]:
    """The corpus packs, parsed once (parsing is pure; tests copy before changing them)."""
    return {f: read_pack(f) for f in corpus_files}


def test_corpus_packs_become_records(packs: dict[Path, Pack]) -> None:
    for path, pack in packs.items():
        result = write_pack(pack, council_slug=None, source_path=path)
        assert result.status == "created"
        true = truth(path)
        meeting = Meeting.objects.select_related("committee__council", "venue").get(
            pk=result.meeting_id
        )
        # Header, against the hand-checked truth.
        assert meeting.is_imported
        assert meeting.committee.council.name == true["council"]
        assert norm_key(meeting.committee.name) == norm_key(true["meeting"]["committee"])
        assert meeting.date.isoformat() == true["meeting"]["date"]
        assert meeting.quorum == true["meeting"]["quorum"]
        if true["meeting"]["time"]:
            assert f"{meeting.start.astimezone(meeting_tz()):%H:%M}" == true["meeting"]["time"]
        if true["meeting"]["venue"]:
            assert meeting.venue is not None
        if true["meeting"]["published"]:
            assert meeting.published_at is not None
            assert (
                meeting.published_at.astimezone(meeting_tz()).date().isoformat()
                == (true["meeting"]["published"])
            )
        # Provenance.
        record = meeting.import_record
        assert record is not None and record.meeting_id == meeting.pk
        assert record.source_file == path.name
        assert record.sha256 == pack.source.sha256 and len(record.sha256) == 64
        assert record.parser_version == writer.parser_version()
        assert record.pack == pack.to_dict()
        # Agenda: every truth item, in order, with pages and paragraphs.
        items = list(AgendaItem.public_objects.filter(meeting=meeting).order_by("order"))
        assert [i.number for i in items] == [a["number"] for a in true["meeting"]["agenda"]]
        for item, want in zip(items, true["meeting"]["agenda"], strict=True):
            assert (list(item.pages) if item.pages else None) == want["pages"]
            assert item.exempt_paragraphs == want["exempt_paragraphs"]
            assert item.to_follow == want["to_follow"]
            if item.number[-1].isalpha():
                assert item.parent is not None and item.parent.number == item.number[:-1]
        # Reports hang off their agenda items, with their authors.
        for want in true["reports"]:
            report = Report.officer_objects.get(
                council=meeting.committee.council,
                agenda_items__meeting=meeting,
                agenda_items__number=want["agenda_item"],
            )
            if want["authors"]:
                first = report.authors.order_by("order").first()
                assert first is not None
                assert first.name == want["authors"][0]["name"]
        # Members: a person and a seat covering the meeting date, with the printed role.
        for want in true["meeting"]["members"]:
            seat = Membership.objects.get(
                committee=meeting.committee,
                person__normalised_name=normalise_name(want["name"]),
                start_date__lte=meeting.date,
                end_date__gte=meeting.date,
            )
            assert seat.get_role_display() == want["role"]
        # Minutes: each set filed under its own body and date, numbered as printed.
        for want in true["minutes"]:
            held = Meeting.objects.get(
                committee__council=meeting.committee.council,
                committee__name__iexact=want["committee"],
                date=want["date"],
            )
            assert held.is_imported
            rows = MinuteItem.officer_objects.filter(meeting=held).order_by("number")
            assert [r.printed_number or str(r.number) for r in rows] == [
                i["number"] for i in want["items"]
            ]
        # Forward plan: each truth entry held once for the council.
        council = meeting.committee.council
        for want in true["forward_plan"]:
            entry = ForwardPlanEntry.objects.get(
                council=council, title__iexact=want["title"], decision_date=want["decision_date"]
            )
            assert entry.key_decision == want["key_decision"]
            assert entry.access == want["access"]
        # Documents: one per pack document, with text, flagged as imported.
        docs = Document.officer_objects.filter(meeting=meeting)
        assert docs.count() == len(pack.documents)
        assert all(d.source == DocumentSource.IMPORTED and d.import_record == record for d in docs)
        assert sum(len(d.extracted_text) for d in docs) > 0


def meeting_tz() -> Any:
    from django.utils import timezone

    return timezone.get_default_timezone()


def test_minute_resolutions_become_decisions(packs: dict[Path, Pack]) -> None:
    path, pack = next((p, k) for p, k in packs.items() if k.minutes)
    write_pack(pack, council_slug=None, source_path=path)
    resolved = [i for m in pack.minutes for i in m.items if i.resolution]
    assert resolved
    assert Decision.officer_objects.count() == len(resolved)
    for d in Decision.officer_objects.select_related("minute_item", "meeting"):
        assert d.minute_item is not None and d.meeting == d.minute_item.meeting
        assert d.decision == d.minute_item.resolution


def test_same_file_twice_changes_nothing(packs: dict[Path, Pack]) -> None:
    for path, pack in packs.items():
        write_pack(pack, council_slug=None, source_path=path)
    before = snapshot()
    stamps = dict(ImportRecord.objects.values_list("pk", "imported_at"))
    for path, pack in packs.items():
        result = write_pack(pack, council_slug=None, source_path=path)
        assert result.status == "unchanged"
    assert snapshot() == before
    assert dict(ImportRecord.objects.values_list("pk", "imported_at")) == stamps


def test_changed_file_updates_the_meeting_in_place(packs: dict[Path, Pack]) -> None:
    path, pack = next((p, k) for p, k in packs.items() if k.minutes and k.reports)
    first = write_pack(pack, council_slug=None, source_path=path)
    meetings_before = Meeting.objects.count()

    changed = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    changed.source.sha256 = "f" * 64
    dropped = changed.meeting.agenda.pop()
    changed.reports[0].title = "A corrected report title"
    changed.reports = changed.reports[:-1]
    changed.forward_plan = changed.forward_plan[1:]
    changed.minutes[0].items = changed.minutes[0].items[:-1]
    # It holds less than the import held: refused, nothing changed, unless replace.
    before = snapshot()
    with pytest.raises(writer.SmallerPack, match=r"agenda items .*--replace"):
        write_pack(changed, council_slug=None, source_path=path)
    assert snapshot() == before
    again = write_pack(changed, council_slug=None, source_path=path, replace=True)

    assert again.status == "updated"
    assert again.meeting_id == first.meeting_id and again.record_id == first.record_id
    assert Meeting.objects.count() == meetings_before
    meeting = Meeting.objects.get(pk=first.meeting_id)
    numbers = list(
        AgendaItem.public_objects.filter(meeting=meeting).values_list("number", flat=True)
    )
    assert dropped.number not in numbers and len(numbers) == len(changed.meeting.agenda)
    # The old reports are gone, not orphaned; the corrected title is there.
    assert Report.officer_objects.count() == len(changed.reports)
    assert Report.officer_objects.filter(title="A corrected report title").exists()
    assert ForwardPlanEntry.objects.count() == len(changed.forward_plan)
    assert MinuteItem.officer_objects.count() == sum(len(m.items) for m in changed.minutes)
    assert Document.officer_objects.count() == len(changed.documents)
    record = ImportRecord.objects.get()
    assert record.sha256 == "f" * 64 and record.pack == changed.to_dict()
    # And back again: the original file restores the original records.
    write_pack(pack, council_slug=None, source_path=path)
    assert Report.officer_objects.count() == len(pack.reports)
    assert ForwardPlanEntry.objects.count() == len(pack.forward_plan)
    assert MinuteItem.officer_objects.count() == sum(len(m.items) for m in pack.minutes)


def test_failure_mid_write_leaves_nothing(
    packs: dict[Path, Pack], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, pack = next(iter(packs.items()))

    def boom(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer._Writer, "documents", boom)
    with pytest.raises(RuntimeError):
        write_pack(pack, council_slug=None, source_path=path)
    assert all(not ids for ids in snapshot().values())


def test_failed_update_keeps_the_previous_import(
    packs: dict[Path, Pack], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, pack = next(iter(packs.items()))
    write_pack(pack, council_slug=None, source_path=path)
    before = snapshot()
    changed = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    changed.source.sha256 = "e" * 64
    changed.meeting.agenda = changed.meeting.agenda[:1]

    def boom(*args: object, **kwargs: object) -> int:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(writer._Writer, "forward_plan", boom)
    with pytest.raises(RuntimeError):
        write_pack(changed, council_slug=None, source_path=path, replace=True)
    assert snapshot() == before
    assert ImportRecord.objects.get().sha256 == pack.source.sha256


def _exempt_variant(pack: Pack, paragraphs: list[int]) -> tuple[Pack, str]:
    changed = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    changed.source.sha256 = "d" * 64
    report = next(r for r in changed.reports if r.agenda_item and r.authors)
    report.status = "Exempt"
    report.exempt_paragraphs = paragraphs
    return changed, report.agenda_item or ""


def test_exempt_report_never_reaches_the_public(packs: dict[Path, Pack]) -> None:
    path, pack = next(iter(packs.items()))
    changed, number = _exempt_variant(pack, [3])
    result = write_pack(changed, council_slug=None, source_path=path)
    item = AgendaItem.public_objects.get(meeting_id=result.meeting_id, number=number)
    report = Report.officer_objects.get(pk=item.report_id)
    assert report.is_exempt and report.exempt_paragraphs == [3]
    assert not Report.public_objects.filter(pk=report.pk).exists()
    assert item.is_exempt and item.exempt_paragraphs == [3]  # the item says why, publicly
    assert item.public_report is None
    assert not ReportAuthor.public_objects.filter(report=report).exists()
    assert ReportAuthor.officer_objects.filter(report=report).exists()
    docs = Document.officer_objects.filter(report=report)
    assert docs.exists()
    assert not Document.public_objects.filter(report=report).exists()
    meeting = Meeting.objects.get(pk=result.meeting_id)
    assert report not in meeting.reports.all()


def test_restricted_report_without_paragraph_keeps_only_its_title(
    packs: dict[Path, Pack],
) -> None:
    path, pack = next(iter(packs.items()))
    changed, number = _exempt_variant(pack, [])
    result = write_pack(changed, council_slug=None, source_path=path)
    item = AgendaItem.public_objects.get(meeting_id=result.meeting_id, number=number)
    report = Report.officer_objects.get(pk=item.report_id)
    assert report.title
    assert not (report.recommendations or report.reasons or report.brief_summary)
    assert not ReportAuthor.officer_objects.filter(report=report).exists()
    assert all(not d.extracted_text for d in Document.officer_objects.filter(report=report))
    assert any("restricted" in w for w in result.warnings)


def test_live_meeting_is_not_overwritten(packs: dict[Path, Pack]) -> None:
    path, pack = next(iter(packs.items()))
    first = write_pack(pack, council_slug=None, source_path=path)
    meeting = Meeting.objects.get(pk=first.meeting_id)
    # Make the meeting a live one, then import a changed file for it.
    ImportRecord.objects.all().delete()
    Meeting.objects.filter(pk=meeting.pk).update(is_imported=False, import_record=None)
    before = snapshot()
    changed = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    changed.source.sha256 = "c" * 64
    with pytest.raises(ImportConflict):
        write_pack(changed, council_slug=None, source_path=path)
    assert snapshot() == before


def test_council_by_slug_and_names_matched(packs: dict[Path, Pack]) -> None:
    path, pack = next(iter(packs.items()))
    with pytest.raises(PackError, match="no council"):
        write_pack(pack, council_slug="nowhere", source_path=path)
    council = Council.objects.create(name="Somewhere Borough Council", slug="somewhere")
    assert pack.meeting.committee
    # The committee is already held, in another spelling.
    held = Committee.objects.create(
        council=council,
        name=f"The {pack.meeting.committee.upper()}",
        slug="held",
        kind="other",
    )
    result = write_pack(pack, council_slug="somewhere", source_path=path)
    assert result.council == "somewhere"
    assert Meeting.objects.get(pk=result.meeting_id).committee == held


def test_people_matched_by_normalised_name(packs: dict[Path, Pack]) -> None:
    path, pack = next((p, k) for p, k in packs.items() if k.meeting.members)
    council = Council.objects.create(name=pack.council or "Council", slug="c")
    member = pack.meeting.members[0]
    first, *rest = member.name.split()
    held = Person.objects.create(
        council=council,
        kind="councillor",
        honorific="Cllr",
        first_name=first,
        last_name=" ".join(rest) or first,
    )
    write_pack(pack, council_slug="c", source_path=path)
    assert Person.objects.filter(normalised_name=held.normalised_name).count() == 1
    seat = Membership.objects.get(person=held)
    assert seat.role == {
        "Chairman": MembershipRole.CHAIRMAN,
        "Vice-Chairman": MembershipRole.VICE_CHAIRMAN,
        "Co-opted": MembershipRole.CO_OPTED,
    }.get(member.role, MembershipRole.MEMBER)


def test_pack_without_date_or_council_is_refused() -> None:
    pack = Pack.from_dict(
        {
            "format": "minutebook-pack/1",
            "source": {"file": "x.txt", "sha256": "a" * 64, "pages": None},
            "council": None,
            "meeting": {"committee": "Cabinet", "date": "2020-01-01", "agenda": []},
        }
    )
    with pytest.raises(PackError, match="council"):
        write_pack(pack, council_slug=None, source_path="x.txt")
    pack.council = "Anytown Council"
    pack.meeting.date = None
    with pytest.raises(PackError, match="date"):
        write_pack(pack, council_slug=None, source_path="x.txt")
    assert all(not ids for ids in snapshot().values())


# --------------------------------------------------------------------------- PDF path

SYNTHETIC_PACK = """\
Anytown Borough Council
Licensing Committee
Date: Tuesday, 3 March 2020
Time: 2.00 pm
Venue: Council Chamber, Town Hall, Anytown
Membership:
Cllr Alex Green (Chair), Cllr Sam Brown (Vice-Chair), Cllr Jo White
AGENDA
Item Pages
1. Apologies for Absence
2. Declarations of Interest
3. Minutes 3 - 4
4. Review of Licensing Fees 5 - 6
"""


def render(text: str, out: Path, *, pages: list[str]) -> None:
    """Render one HTML page per chunk, each stamped 'Page N' at the foot."""
    weasyprint = pytest.importorskip("weasyprint")
    css = (
        "@page { size: A4; margin: 20mm; @bottom-center { content: 'Page ' counter(page); } }"
        " body { font-family: sans-serif; font-size: 11pt; } p { margin: 0 0 4pt 0; }"
        " section { break-after: page; }"
    )
    sections = []
    for chunk in [text, *pages]:
        paras = "".join(f"<p>{html.escape(line)}</p>" for line in chunk.splitlines())
        sections.append(f"<section>{paras}</section>")
    doc = f"<html><head><style>{css}</style></head><body>{''.join(sections)}</body></html>"
    weasyprint.HTML(string=doc).write_pdf(out)


def test_pdf_pack_imports_with_page_numbers(tmp_path: Path) -> None:
    pdf = tmp_path / "licensing.pdf"
    render(
        SYNTHETIC_PACK,
        pdf,
        pages=[
            "(blank)",
            "Minutes of the meeting held on 4 February 2020",
            "(continued)",
            "Review of Licensing Fees\nReport of the Head of Regulatory Services",
            "(continued)",
        ],
    )
    pack = read_pack(pdf)
    assert pack.source.pages == 6
    result = write_pack(pack, council_slug=None, source_path=pdf)
    meeting = Meeting.objects.select_related("committee__council").get(pk=result.meeting_id)
    assert meeting.committee.council.name == "Anytown Borough Council"
    assert meeting.committee.name == "Licensing Committee"
    assert meeting.date.isoformat() == "2020-03-03"
    items = {i.number: i for i in AgendaItem.public_objects.filter(meeting=meeting)}
    assert set(items) >= {"1", "2", "3", "4"}
    assert items["4"].pages == (5, 6)
    record = ImportRecord.objects.get(meeting=meeting)
    assert record.source_file == "licensing.pdf"
    assert record.pack["source"]["pages"] == 6


def test_second_meeting_on_the_same_day_is_its_own_meeting(packs: dict[Path, Pack]) -> None:
    path, pack = next((p, k) for p, k in packs.items() if k.meeting.time)
    first = write_pack(pack, council_slug=None, source_path=path)
    later = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    later.source.sha256 = "b" * 64
    later.forward_plan = []
    later.meeting.time = "23:30" if pack.meeting.time != "23:30" else "22:00"
    # Another file with another time that day: a second meeting, the first left alone.
    second = write_pack(later, council_slug=None, source_path="afternoon.txt")
    assert second.status == "created" and second.meeting_id != first.meeting_id
    assert Meeting.objects.get(pk=first.meeting_id).import_record_id == first.record_id
    # The same file again with a corrected time: the same meeting, updated.
    later.source.sha256 = "a" * 64
    later.meeting.time = "21:15"
    third = write_pack(later, council_slug=None, source_path="afternoon.txt")
    assert third.status == "updated" and third.meeting_id == second.meeting_id
    start = Meeting.objects.get(pk=second.meeting_id).start.astimezone(meeting_tz())
    assert f"{start:%H:%M}" == "21:15"


def test_imported_meeting_page_shows_the_agenda_not_the_exempt_report(
    packs: dict[Path, Pack], client: Any
) -> None:
    path, pack = next(iter(packs.items()))
    changed, number = _exempt_variant(pack, [3])
    exempt = next(r for r in changed.reports if r.agenda_item == number)
    result = write_pack(changed, council_slug=None, source_path=path)
    meeting = Meeting.objects.get(pk=result.meeting_id)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    item = AgendaItem.public_objects.get(meeting=meeting, number=number)
    assert html.escape(item.title) in body or item.title in body
    assert exempt.authors[0].email not in body
    assert exempt.authors[0].name not in body
    item_page = client.get(f"{meeting.get_absolute_url()}items/{number}/")
    assert item_page.status_code == 200
    text = item_page.content.decode()
    assert exempt.authors[0].name not in text
    assert exempt.recommendations and exempt.recommendations[:60] not in text


def test_plan_entry_printed_by_two_packs_survives_one_being_reimported(
    packs: dict[Path, Pack],
) -> None:
    path, pack = next((p, k) for p, k in packs.items() if len(k.forward_plan) > 1)
    first = write_pack(pack, council_slug=None, source_path=path)
    # Another meeting's pack printing the same forward plan: matched, not duplicated.
    other = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    other.source.sha256 = "9" * 64
    other.meeting.date = "2001-01-01"
    second = write_pack(other, council_slug=None, source_path="other.txt")
    assert second.plan_entries == 0
    keys = {plan_key(e.title, e.decision_maker, e.decision_date) for e in pack.forward_plan}
    assert ForwardPlanEntry.objects.count() == len(keys)
    # The first pack, corrected, no longer prints the first entry: the other pack still does.
    changed = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    changed.source.sha256 = "8" * 64
    gone = changed.forward_plan.pop(0)
    write_pack(changed, council_slug=None, source_path=path, replace=True)
    assert (
        not ForwardPlanEntry.objects.filter(import_record_id=first.record_id)
        .filter(title__iexact=gone.title, decision_date=gone.decision_date)
        .exists()
    )
    kept = ForwardPlanEntry.objects.get(title__iexact=gone.title, decision_date=gone.decision_date)
    assert kept.import_record_id == second.record_id
    assert ForwardPlanEntry.objects.count() == len(keys)


def test_minutes_printed_by_two_packs_survive_one_being_reimported(
    packs: dict[Path, Pack],
) -> None:
    path, pack = next((p, k) for p, k in packs.items() if k.minutes)
    write_pack(pack, council_slug=None, source_path=path)
    other = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    other.source.sha256 = "7" * 64
    other.meeting.date = "2001-01-01"
    other.forward_plan = []
    write_pack(other, council_slug=None, source_path="other.txt")
    count = MinuteItem.officer_objects.count()
    assert count == sum(len(m.items) for m in pack.minutes)
    # The first pack, corrected, drops its minutes: the other pack still prints them.
    changed = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    changed.source.sha256 = "6" * 64
    changed.minutes = []
    write_pack(changed, council_slug=None, source_path=path, replace=True)
    assert MinuteItem.officer_objects.count() == count
    # Once no pack prints them, they go.
    other.source.sha256 = "5" * 64
    other.minutes = []
    write_pack(other, council_slug=None, source_path="other.txt", replace=True)
    assert MinuteItem.officer_objects.count() == 0


def test_nul_characters_do_not_reach_the_database(packs: dict[Path, Pack]) -> None:
    """PostgreSQL refuses NUL in text and JSON; a stray one must not fail the import."""
    path, pack = next(iter(packs.items()))
    dirty = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    dirty.meeting.agenda[0].title = f"{dirty.meeting.agenda[0].title}\x00"
    dirty.documents[0].text = "a\x00b"
    dirty.warnings.append("odd\x00byte")
    result = write_pack(dirty, council_slug=None, source_path=path)
    record = ImportRecord.objects.get(pk=result.record_id)
    assert "\x00" not in json.dumps(record.pack, ensure_ascii=False)
    assert "\x00" not in json.dumps(record.warnings, ensure_ascii=False)
    titles = AgendaItem.public_objects.values_list("title", flat=True)
    assert titles and all("\x00" not in t for t in titles)
    assert Document.officer_objects.filter(extracted_text="ab").exists()
    # The same pack again is recognised as unchanged.
    assert write_pack(dirty, council_slug=None, source_path=path).status == "unchanged"
