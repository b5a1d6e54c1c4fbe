"""The whole text pipeline: corpus score, errors, speed, and the pack model's JSON."""

from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from minutebook.importer.errors import PackError
from minutebook.importer.pack import FORMAT, Pack
from minutebook.importer.parse import parse_text
from minutebook.importer.reader import decode_text, read_pack

# The level reached on the corpus by all section parsers together; raise it as they improve.
CORPUS_SCORE_FLOOR = 0.995
FRONT_SHEET_SECTIONS = ("meeting", "members", "agenda")


def _parse_corpus(corpus_dir: Path) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    out = {}
    for truth in sorted((corpus_dir / "truth").glob("*.json")):
        pack = read_pack(corpus_dir / f"{truth.stem}.txt")
        out[truth.stem] = (pack.to_dict(), json.loads(truth.read_text(encoding="utf-8")))
    assert out, "no truth files"
    return out


def test_corpus_score(corpus_dir: Path, scorer: ModuleType) -> None:
    packs = _parse_corpus(corpus_dir)
    scores = []
    for name, (pred, truth) in packs.items():
        result = scorer.score(pred, truth)
        for section in FRONT_SHEET_SECTIONS:
            f1 = result[section][2]
            assert f1 == 1.0, f"{name} {section} F1={f1:.3f}"
        f1s = [v[2] for v in result.values() if v[5]]
        scores.append(sum(f1s) / len(f1s))
    overall = sum(scores) / len(scores)
    assert overall >= CORPUS_SCORE_FLOOR, f"corpus score {overall:.3f}"


def test_corpus_source_and_sha(corpus_dir: Path) -> None:
    for name, (pred, truth) in _parse_corpus(corpus_dir).items():
        assert pred["format"] == FORMAT
        assert pred["source"] == truth["source"], name
        assert pred["council"] == truth["council"], name


def test_round_trip_through_json(corpus_dir: Path) -> None:
    for pred, _ in _parse_corpus(corpus_dir).values():
        again = Pack.from_dict(json.loads(json.dumps(pred))).to_dict()
        assert again == pred


def test_spec_key_order(corpus_dir: Path) -> None:
    pred, _ = next(iter(_parse_corpus(corpus_dir).values()))
    assert list(pred)[:7] == [
        "format",
        "source",
        "council",
        "meeting",
        "reports",
        "minutes",
        "forward_plan",
    ]
    assert list(pred["meeting"]) == [
        "committee",
        "date",
        "time",
        "venue",
        "quorum",
        "published",
        "members",
        "agenda",
    ]
    assert list(pred["meeting"]["agenda"][0]) == [
        "number",
        "title",
        "pages",
        "exempt_paragraphs",
        "to_follow",
    ]


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n\t", "\x00\x01\x02binary\x03" * 100, "just some words\nwith no meeting\n"],
)
def test_not_a_pack(text: str) -> None:
    with pytest.raises(PackError):
        parse_text(text, file="x.txt")


def test_minimal_pack() -> None:
    pack = parse_text("Cabinet\nDate: 1 June 2024\n1. Apologies\n2. Minutes\n", file="m.txt")
    assert pack.meeting.committee == "Cabinet"
    assert pack.source.sha256 and pack.source.file == "m.txt"
    assert [a.number for a in pack.meeting.agenda] == ["1", "2"]


def test_from_dict_rejects_bad_input() -> None:
    with pytest.raises(PackError):
        Pack.from_dict({"format": "other/1"})
    with pytest.raises(PackError):
        Pack.from_dict({"format": FORMAT, "source": {}, "meeting": {"agenda": [{"pages": "x"}]}})
    with pytest.raises(PackError):
        Pack.from_dict({"format": FORMAT, "meeting": {"quorum": "three"}})


def test_read_pack_text_encodings(tmp_path: Path) -> None:
    body = "Cabinet\nDate: 1 June 2024\n1. Caf\u00e9 licences \u2013 review\n2. Minutes\n"
    p = tmp_path / "cp.txt"
    p.write_bytes(body.encode("cp1252"))
    pack = read_pack(p)
    assert pack.meeting.agenda[0].title == "Caf\u00e9 licences \u2013 review"
    assert decode_text("\ufeffA".encode()) == "A"
    with pytest.raises(PackError):
        read_pack(tmp_path / "missing.txt")
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\x01" * 100)
    with pytest.raises(PackError):
        read_pack(bad)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf at all")
    with pytest.raises(PackError):
        read_pack(fake)


# --- the same packs in other renderings --------------------------------------------------------


def _pipes(t: str) -> str:
    return "\n".join(
        "| " + " | ".join(c.strip() for c in ln.split("\t")) + " |" if "\t" in ln else ln
        for ln in t.splitlines()
    )


def _no_blank(t: str) -> str:
    return "\n".join(ln for ln in t.splitlines() if ln.strip())


def _wrap(t: str, width: int) -> str:
    out: list[str] = []
    for ln in t.splitlines():
        if len(ln) > width and "\t" not in ln:
            out.extend(textwrap.wrap(ln, width))
        else:
            out.append(ln)
    return "\n".join(out)


def _stamps(t: str, every: int = 37, header: str | None = None) -> str:
    out: list[str] = []
    page = 1
    for i, ln in enumerate(t.splitlines()):
        out.append(ln)
        if i and i % every == 0:
            out.append(f"Page {page}")
            page += 1
            if header:
                out.append(header)
    return "\n".join(out)


def _html(t: str) -> str:
    return "\n".join(
        f"<p>{html.escape(ln, quote=False)}</p>" if ln.strip() and "\t" not in ln else ln
        for ln in t.splitlines()
    )


def _short(ln: str) -> bool:
    return bool(ln.strip()) and len(ln) < 70 and not ln.rstrip().endswith((".", ":"))


def _md_headings(t: str) -> str:
    return "\n".join(f"## {ln}" if _short(ln) and "\t" not in ln else ln for ln in t.splitlines())


def _bold(t: str) -> str:
    return "\n".join(
        f"**{ln.strip()}**" if _short(ln) and "\t" not in ln else ln for ln in t.splitlines()
    )


def _form_feeds(t: str, every: int = 45) -> str:
    lines = t.splitlines()
    return "\f".join("\n".join(lines[i : i + every]) for i in range(0, len(lines), every))


RENDERINGS = {
    "form-feed pages": _form_feeds,
    "form-feed pages with stamps": lambda t: _form_feeds(_stamps(t, 44)),
    "layout columns": lambda t: t.replace("\t", "     "),
    "pipe tables": _pipes,
    "no blank lines": _no_blank,
    "wrapped at 50": lambda t: _wrap(t, 50),
    "wrapped at 70, no blanks": lambda t: _no_blank(_wrap(t, 70)),
    "page stamps": _stamps,
    "stamps and repeated header": lambda t: _stamps(t, 29, "Agenda pack - repeated header"),
    "html paragraphs": _html,
    "html, no blanks": lambda t: _no_blank(_html(t)),
    "markdown headings": _md_headings,
    "bold lines": _bold,
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "indented": lambda t: "\n".join("  " + ln if ln.strip() else ln for ln in t.splitlines()),
}


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
def test_front_sheet_survives_other_renderings(
    corpus_dir: Path, rendering: str, scorer: ModuleType
) -> None:
    change = RENDERINGS[rendering]
    for truth_path in sorted((corpus_dir / "truth").glob("*.json")):
        text = (corpus_dir / f"{truth_path.stem}.txt").read_text(encoding="utf-8")
        pack = parse_text(change(text), file=f"{truth_path.stem}.txt")
        result = scorer.score(pack.to_dict(), json.loads(truth_path.read_text(encoding="utf-8")))
        for section in FRONT_SHEET_SECTIONS:
            assert result[section][2] == 1.0, f"{truth_path.stem} {section} {result[section]}"


def test_dev_cli_writes_json(corpus_dir: Path, tmp_path: Path) -> None:
    from minutebook.importer.parse.__main__ import main

    src = sorted(corpus_dir.glob("*.txt"))[0]
    md = tmp_path / "pack.md"
    md.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--out", str(out), "--no-text", str(md)]) == 0
    data = json.loads((out / "pack.json").read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["meeting"]["agenda"]
    assert all(d["text"] == "" for d in data["documents"])
    assert main(["--out", str(out), str(tmp_path / "missing.txt")]) == 1
