"""Every output whose score would be low carries a warning (issue 16: "confidence, not silence").

Each parser is fed the other parsers' documents: the parts of the corpus packs and of the
synthetic fixtures (a set of minutes, a report, a front sheet, as the splitter cuts them) are
parsed on their own, once as the classifier sees them and once forced to each wrong kind (a set
of minutes read as a front sheet, a report as minutes, a front sheet as a report).  Each output
is scored with the shared scorer against the truth of that part (the records of the pack's
truth that the part prints), and every output scoring under 0.9 must carry a warning.  The
whole packs, which score 1.0, must carry none of ``parse.plausibility``'s warnings.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from minutebook.core.testing_shared import needs_shared
from minutebook.importer.errors import PackError
from minutebook.importer.pack import AgendaItem, Meeting, Member, Minutes, Pack, Report, Source
from minutebook.importer.parse import parse_text
from minutebook.importer.parse.plausibility import PREFIX, check, is_implausibility
from minutebook.importer.parse.text import find_date

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "packs"
LOW = 0.9
#: The wrong kinds each part is forced through (``parse_text(kind_hint=...)``).
FORCED = (None, "frontsheet", "minutes", "report")
PART_KINDS = ("frontsheet", "minutes", "report")


def _packs() -> list[tuple[Path, Path]]:
    corpus = needs_shared("corpus")
    out = [(p, corpus / "truth" / f"{p.stem}.json") for p in sorted(corpus.glob("*.txt"))]
    out += [
        (p, p.with_suffix(".json"))
        for p in sorted(FIXTURES.iterdir())
        if p.suffix in (".txt", ".md")
    ]
    return out


def _score(scorer: ModuleType, pred: dict[str, Any], truth: dict[str, Any]) -> float | None:
    f1s = [v[2] for v in scorer.score(pred, truth).values() if v[5]]
    return sum(f1s) / len(f1s) if f1s else None


def _part_truth(scorer: ModuleType, truth: dict[str, Any], kind: str, text: str) -> dict[str, Any]:
    """The records of ``truth`` that a part of this kind prints (by their titles)."""
    norm = scorer.norm
    body = norm(text)
    head = norm("\n".join(text.splitlines()[:40]))
    out: dict[str, Any] = {"meeting": {}, "reports": [], "minutes": [], "forward_plan": []}
    if kind == "frontsheet":
        out["meeting"] = truth["meeting"]
    elif kind == "report":
        out["reports"] = [r for r in truth.get("reports", []) if norm(r["title"]) in head]
    elif kind == "minutes":
        printed = {found[0].isoformat() for ln in text.splitlines() if (found := find_date(ln))}
        sets = truth.get("minutes", [])
        seen: dict[str, int] = {}
        for m in sets:
            for t in {norm(i.get("title")) for i in m["items"]}:
                seen[t] = seen.get(t, 0) + 1
        for m in sets:
            if m.get("date") not in printed:
                continue  # another set (its generic titles, "Minutes", may be printed here)
            items = [i for i in m["items"] if i.get("title") and norm(i["title"]) in body]
            # A title that only this set has ("Apologies" is in every set) says it is here.
            own = [i for i in items if seen[norm(i["title"])] == 1]
            if own and len(items) >= max(2, len(m["items"]) / 2):
                out["minutes"].append({**m, "items": items})
    return out


def _outputs(scorer: ModuleType) -> list[tuple[str, float, Pack]]:
    """(label, score, pack) for every part of every pack, read as every kind in FORCED."""
    found = []
    for path, truth_path in _packs():
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        whole = parse_text(path.read_text(encoding="utf-8"), file=path.name)
        for k, doc in enumerate(whole.documents):
            if doc.kind not in PART_KINDS or len(doc.text) < 200:
                continue
            part = _part_truth(scorer, truth, doc.kind, doc.text)
            for hint in FORCED:
                name = f"{path.stem}-part{k}-{doc.kind}.txt"
                try:
                    out = parse_text(doc.text, file=name, kind_hint=hint)
                except PackError:
                    continue  # refused with a message: not silent
                score = _score(scorer, out.to_dict(), part)
                if score is not None:
                    found.append((f"{name} read as {hint or 'classified'}", score, out))
    return found


def test_every_low_scoring_output_carries_a_warning(scorer: ModuleType) -> None:
    outputs = _outputs(scorer)
    low = [(label, s, p) for label, s, p in outputs if s < LOW]
    # The test means something only if wrong readings happen and score low.
    assert len(outputs) >= 40, len(outputs)
    assert len(low) >= 10, [(label, round(s, 2)) for label, s, _ in outputs]
    silent = [(label, round(s, 3)) for label, s, p in low if not p.warnings]
    assert not silent, f"low-scoring outputs without a warning: {silent}"


@pytest.mark.parametrize("kind", [None, "frontsheet"])
def test_minutes_read_as_an_agenda_are_flagged(scorer: ModuleType, kind: str | None) -> None:
    """The failure the issue names: numbered minutes taken for agenda items."""
    path, _truth = _packs()[0]
    whole = parse_text(path.read_text(encoding="utf-8"), file=path.name)
    minutes = [d for d in whole.documents if d.kind == "minutes"]
    assert minutes
    for doc in minutes:
        out = parse_text(doc.text, file="minutes.txt", kind_hint=kind)
        if out.meeting.agenda:
            assert out.warnings, [a.title for a in out.meeting.agenda]


def test_whole_packs_carry_no_implausibility_when_good(scorer: ModuleType) -> None:
    """The corpus packs score high with none of these warnings; any whole pack (fixtures
    being worked on included) that scores low carries a warning."""
    corpus = needs_shared("corpus")
    for path, truth_path in _packs():
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        pack = parse_text(path.read_text(encoding="utf-8"), file=path.name)
        score = _score(scorer, pack.to_dict(), truth)
        assert score is not None
        if path.parent == corpus:
            assert score >= 0.98, (path.name, score)
        if score >= 0.95:
            assert not [w for w in pack.warnings if is_implausibility(w)], path.name
        elif score < LOW:
            assert pack.warnings, (path.name, score)


# --- each check on its own ----------------------------------------------------------------


def _pack(**meeting: Any) -> Pack:
    m = Meeting(committee="Cabinet", date="2024-03-07", published="2024-02-27")
    for k, v in meeting.items():
        setattr(m, k, v)
    return Pack(source=Source(file="agenda.txt", sha256="0" * 64), meeting=m)


def _warned(pack: Pack, words: str) -> bool:
    return any(w.startswith(PREFIX) and words in w for w in check(pack, []))


def test_a_plausible_pack_has_no_warning() -> None:
    pack = _pack(
        members=[Member("Councillor Ann Lee", "Chair"), Member("Bob Stone")],
        agenda=[AgendaItem(str(n), f"Item {n}") for n in range(1, 8)],
    )
    assert check(pack, []) == []


def test_category_members_are_flagged() -> None:
    pack = _pack(members=[Member("Parent Governor"), Member("Vacancy"), Member("Ann Lee")])
    assert _warned(pack, "category")
    assert _warned(_pack(members=[Member("  ")]), "no name")


def test_far_dates_are_flagged() -> None:
    assert _warned(_pack(published="2023-01-10"), "publication date")
    named = _pack()
    named.source.file = "Agenda frontsheet 09th-Jan-2025 10.00 Cabinet.pdf"
    assert _warned(named, "file name")
    near = _pack(date="2025-01-09", published=None)
    near.source.file = "Agenda frontsheet 09th-Jan-2025 10.00 Cabinet.pdf"
    assert check(near, []) == []


def test_missing_meeting_and_empty_sections_are_flagged() -> None:
    assert _warned(_pack(committee=None), "No committee")
    assert _warned(_pack(date=None), "No meeting date")
    empty = _pack()
    empty.minutes = [Minutes("Cabinet", "2024-01-10")]
    assert _warned(empty, "no minute items")
    reports = _pack(agenda=[AgendaItem("5", "Budget")])
    reports.reports = [Report("5", "Budget"), Report("6", "Fees")]
    assert _warned(reports, "no author")
    assert _warned(reports, "name no agenda item")


def test_an_agenda_of_paragraphs_is_flagged() -> None:
    sentences = [
        AgendaItem(str(n), "The Committee noted the report and asked officers to return.")
        for n in range(1, 5)
    ]
    assert _warned(_pack(agenda=sentences), "sentences")
    restarted = [AgendaItem(str(n), f"Heading {n}") for n in (1, 2, 3, 1, 2, 3, 1, 2)]
    assert _warned(_pack(agenda=restarted), "starts again")
    many = [AgendaItem(str(n), f"Heading {n}") for n in range(1, 60)]
    assert _warned(_pack(agenda=many), "more than an agenda")


def test_item_count_against_pages_is_proportionate() -> None:
    """A village body lists a dozen and more short items on one page; that is an agenda.  Far
    more items than a page could list, or items whose titles run to paragraphs, are not."""
    short = _pack(agenda=[AgendaItem(str(n), f"Allotments matter {n}") for n in range(1, 17)])
    short.source.pages = 1
    assert not _warned(short, "-page document")
    crowded = _pack(agenda=[AgendaItem(str(n), f"Footpath {n}") for n in range(1, 41)])
    crowded.source.pages = 1
    assert _warned(crowded, "-page document")
    wordy = "The clerk reported on the state of the churchyard wall and the quotes received so far"
    long = _pack(agenda=[AgendaItem(str(n), f"{wordy} ({n})") for n in range(1, 17)])
    long.source.pages = 1
    assert _warned(long, "-page document")


# --- --strict ------------------------------------------------------------------------------

_BAD_AGENDA = (
    "Cabinet\n\nDate: Thursday 7 March 2024\nPublished: 1 June 2023\n\nAGENDA\n\n"
    + "".join(f"{n}. Heading number {n}\n\n" for n in range(1, 9))
)


def test_strict_refuses_an_implausible_pack(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from minutebook import cli

    src = tmp_path / "agenda.txt"
    src.write_text(_BAD_AGENDA, encoding="utf-8")
    lenient = CliRunner().invoke(cli.app, ["import", "--dry-run", "--json", str(src)])
    assert lenient.exit_code == 0, lenient.output
    strict = CliRunner().invoke(cli.app, ["import", "--dry-run", "--strict", "--json", str(src)])
    assert strict.exit_code == 1
    assert "refused by --strict" in strict.output and "publication date" in strict.output


# --- the real PDFs (their hand-written truth is in fixtures/real_truth) ---------------------

REAL_TRUTH = Path(__file__).resolve().parent / "fixtures" / "real_truth"
#: Larger documents are left to test_real_documents: reading them four times costs minutes.
REAL_MAX_PAGES = 40


def test_real_pdfs_read_as_any_kind_warn_when_they_score_low(scorer: ModuleType) -> None:
    from minutebook.importer.reader import read_pdf_pages

    real = needs_shared("corpus", "real")
    outputs = []
    for truth_path in sorted(REAL_TRUTH.glob("*/*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if (truth["source"].get("pages") or 0) > REAL_MAX_PAGES:
            continue
        pdf = real / truth_path.parent.name / truth["source"]["file"]
        pages = read_pdf_pages(pdf.read_bytes())
        for hint in FORCED:
            try:
                out = parse_text("\n".join(pages), file=pdf.name, page_texts=pages, kind_hint=hint)
            except PackError:
                continue
            score = _score(scorer, out.to_dict(), truth)
            if score is not None:
                outputs.append((f"{pdf.name} read as {hint or 'classified'}", score, out))
    assert len(outputs) >= 20
    silent = [(label, round(s, 3)) for label, s, p in outputs if s < LOW and not p.warnings]
    assert not silent, f"low-scoring outputs without a warning: {silent}"
