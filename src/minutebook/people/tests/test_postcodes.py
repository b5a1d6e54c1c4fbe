"""Loading the ONS Postcode Directory with ``minutebook load-postcodes``, and reading it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.councils.factories import CouncilFactory
from minutebook.people.factories import WardFactory
from minutebook.people.models import PostcodeWard
from minutebook.people.postcodes import normalise_postcode, ward_for

runner = CliRunner()

#: The ONSPD header's first columns (the real file has about 50), then its ward column.
HEADER = "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward\n"


def onspd(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A small ONSPD-shaped CSV: (postcode, date terminated, ward code) per row."""
    lines = [HEADER]
    for postcode, doterm, ward in rows:
        compact = postcode.replace(" ", "")
        pcd = f"{compact[:-3]:<4}{compact[-3:]}"
        lines.append(f"{pcd},{pcd},{postcode},198001,{doterm},E10000009,,E07000052,{ward}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("  SW1A   1AA ", "SW1A 1AA"),
        ("dt1 1ad", "DT1 1AD"),
        ("M11AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("SW1A", None),
        ("not a postcode", None),
        ("", None),
        ("12345", None),
    ],
)
def test_postcodes_are_normalised(typed, normal):
    assert normalise_postcode(typed) == normal


@pytest.mark.django_db
def test_load_keeps_the_councils_wards_counts_the_rest_and_is_idempotent(tmp_path):
    council = CouncilFactory(slug="vale")
    north = WardFactory(council=council, name="North", gss_code="E05000001")
    south = WardFactory(council=council, name="South", gss_code="E05000002")
    WardFactory(council=council, name="No code yet", gss_code="")
    other_council = CouncilFactory(slug="elsewhere")
    theirs = WardFactory(council=other_council, name="Theirs", gss_code="E05000009")
    PostcodeWard.objects.create(council=other_council, postcode="ZZ1 1ZZ", ward=theirs)
    csv_file = onspd(
        tmp_path / "ONSPD_NOV_2025_UK.csv",
        [
            ("DT1 1AD", "", "E05000001"),
            ("DT1 1AE", "", "e05000001"),
            ("DT2 7BB", "", "E05000002"),
            ("DT3 1XX", "200912", "E05000002"),  # terminated
            ("BA1 1AA", "", "E05009999"),  # a neighbour's ward
            ("BA1 1AB", "", "E05009999"),
            ("BA2 2ZZ", "", "E05008888"),
            ("NOTAPC", "", "E05000001"),  # no valid postcode
        ],
    )
    for _ in range(2):  # the same file twice: the same table
        result = runner.invoke(app, ["load-postcodes", str(csv_file), "--council", "vale"])
        assert result.exit_code == 0, result.output
        assert "Loaded 3 postcodes" in result.output
        assert "Not loaded: 3 postcodes in 2 wards that are not" in result.output
        assert "1 terminated postcodes" in result.output
        assert "1 rows without a valid postcode" in result.output
        assert sorted(
            PostcodeWard.objects.filter(council=council).values_list("postcode", "ward__name")
        ) == [("DT1 1AD", "North"), ("DT1 1AE", "North"), ("DT2 7BB", "South")]
    assert ward_for(council, "DT2 7BB") == south
    assert ward_for(council, "DT1 1AD") == north
    assert ward_for(council, "BA1 1AA") is None
    # Another council's table is untouched.
    assert ward_for(other_council, "ZZ1 1ZZ") == theirs

    # A newer file replaces the table: a postcode gone from it is gone from the finder.
    onspd(csv_file, [("DT1 1AD", "", "E05000002")])
    result = runner.invoke(app, ["load-postcodes", str(csv_file), "--council", "vale"])
    assert result.exit_code == 0, result.output
    assert list(PostcodeWard.objects.filter(council=council).values_list("postcode", "ward")) == [
        ("DT1 1AD", south.pk)
    ]


@pytest.mark.django_db
def test_load_accepts_the_pcd_column_and_refuses_a_file_without_one(tmp_path):
    council = CouncilFactory(slug="vale")
    ward = WardFactory(council=council, gss_code="E05000001")
    plain = tmp_path / "pcd.csv"
    plain.write_text("PCD,OSWARD\nDT1  1AD,E05000001\n", encoding="utf-8")
    result = runner.invoke(app, ["load-postcodes", str(plain)])  # the only council
    assert result.exit_code == 0, result.output
    assert ward_for(council, "DT1 1AD") == ward

    bad = tmp_path / "bad.csv"
    bad.write_text("postcode,ward\nDT1 1AD,E05000001\n", encoding="utf-8")
    result = runner.invoke(app, ["load-postcodes", str(bad)])
    assert result.exit_code == 1
    assert "pcds or pcd" in result.output
    assert ward_for(council, "DT1 1AD") == ward  # the loaded table is kept

    CouncilFactory(slug="another")
    result = runner.invoke(app, ["load-postcodes", str(plain)])
    assert result.exit_code == 2
    assert "--council" in result.output
