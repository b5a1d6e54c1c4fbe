"""Report covers of other councils' styles (issue 16): memo covers (From/To/Subject/
Classification), authors at the end of a report, headings for titles, masthead covers."""

from __future__ import annotations

from minutebook.importer.parse.text import normalise

MEMO_COVER = """\
From: Jo Carter, Cabinet Member for Highways and Transport
To: Cabinet \u2013 10th April 2025
Subject: Winter Service Policy
2025-26
Decision No: 25/00031
Classification: Unrestricted
Summary:
This report sets out the winter service policy.
Recommendations:
The Cabinet is asked to approve the policy.
1. Introduction
1.1 Text.
6. Report Authors:
Sam Wade, Head of Highway Operations
Lee Park, Winter Service Manager
7. Appendices:
Appendix 1: Policy
Appendix 2: Gritting routes
"""


def test_memo_cover_from_to_subject_classification() -> None:
    from minutebook.importer.parse import parse_text

    pack = parse_text(MEMO_COVER, file="memo.txt")
    assert pack.kind == "report"
    assert (pack.meeting.committee, pack.meeting.date) == ("Cabinet", "2025-04-10")
    [r] = pack.reports
    assert r.title == "Winter Service Policy 2025-26"
    assert r.portfolio_holder == "Cabinet Member for Highways and Transport"
    assert r.status == "Public"
    assert [(a.name, a.job_title) for a in r.authors] == [
        ("Sam Wade", "Head of Highway Operations"),
        ("Lee Park", "Winter Service Manager"),
    ]


def test_memo_cover_from_an_officer_has_no_portfolio_holder() -> None:
    from minutebook.importer.parse import parse_text

    text = (
        "From: Ann Lee, Director of Finance\nTo: Council\nSubject: Robustness of the Estimates\n"
        "Classification: Unrestricted\nSummary:\nText.\n"
    )
    pack = parse_text(text, file="s25.txt")
    [r] = pack.reports
    assert (r.title, r.portfolio_holder, r.authors) == ("Robustness of the Estimates", None, [])
    assert (pack.meeting.committee, pack.meeting.date) == ("Council", None)


def test_bulleted_contact_details_at_the_end() -> None:
    from minutebook.importer.parse import parse_text

    text = (
        "From: Pat Doe, Leader\nTo: County Council 13th February 2025\n"
        "Subject: Revenue Budget 2025-26\nClassification: Unrestricted\nRecommendations:\n"
        "Agree the budget.\n1. Background\nText.\nContact details\nReport Author(s)\n"
        "\u2022 Dana Shaw (Head of Finance Policy)\n\u2022 01632 960419\n"
        "\u2022 dana.shaw@example.gov.uk\n\u2022 Cath Head (Head of Finance Operations)\n"
        "\u2022 01632 960934\nRelevant Corporate Director:\n\u2022 Joe Bell (Director of Finance)\n"
    )
    [r] = parse_text(text, file="budget.txt").reports
    assert [(a.name, a.job_title, a.phone, a.email) for a in r.authors] == [
        ("Dana Shaw", "Head of Finance Policy", "01632 960419", "dana.shaw@example.gov.uk"),
        ("Cath Head", "Head of Finance Operations", "01632 960934", None),
    ]


def test_report_without_labelled_title_takes_its_heading() -> None:
    from minutebook.importer.parse import parse_text

    text = (
        "Draft Revenue Budget 2025-26 and Medium Term Plan,\nand Capital Programme 2025-35\n"
        "Section\tPage\nSummary\t1\n"
        "Report author\tHead of Finance Policy; Dana Shaw\nCirculated to\tCabinet\n"
        "Classification\tUnrestricted\nContact details\n1. Summary\nText.\n"
    )
    pack = parse_text(text, file="budget.txt")
    [r] = pack.reports
    assert (
        r.title
        == "Draft Revenue Budget 2025-26 and Medium Term Plan, and Capital Programme 2025-35"
    )
    assert (r.status, [a.name for a in r.authors]) == ("Public", ["Dana Shaw"])
    assert pack.meeting.committee is None and any("names no meeting" in w for w in pack.warnings)


def test_masthead_report_of_cover_in_a_pack() -> None:
    from minutebook.importer.parse.context import Context
    from minutebook.importer.parse.reports import parse_reports

    text = (
        "Health Board\t13 November 2024\n\nReport of the Director of Public Health\n\n"
        "Annual Public Health Report 2024\n\nSummary\n\n1. This report presents the report.\n\n"
        "Recommendations\n\n2. The Board is asked to note it.\n\nContact details\n\nAuthor:\n"
        "Pia North\nDirector of Public Health\nTel: 01632 960224\nEmail: pia.north@example.gov.uk\n"
    )
    [r] = parse_reports(normalise(text), Context())
    assert r.title == "Annual Public Health Report 2024"
    a = r.authors[0]
    assert (a.name, a.job_title, a.phone, a.email) == (
        "Pia North",
        "Director of Public Health",
        "01632 960224",
        "pia.north@example.gov.uk",
    )


def test_stamped_report_without_a_cover_asks_its_body() -> None:
    from minutebook.importer.parse import parse_text

    text = (
        "Date: 27 February 2025\nDear Member\nCOUNCIL - THURSDAY, 13 FEBRUARY 2025\n"
        "Enclosed are the amendments that were proposed during the meeting.\n"
        "Yours sincerely\n\nThis page is intentionally left blank\n\nAgenda Item 6\n\n"
        "Opposition Group - Alternative Budget\n\nAmendment to the Revenue Budget 2025-26\n"
        "Proposed by Ann Member\nSeconded by Bob Member\n"
        "Council is asked to agree the following:\nTo replace recommendation (d).\n"
    )
    pack = parse_text(text, file="supp.txt")
    assert pack.kind == "supplement"
    assert (pack.meeting.committee, pack.meeting.date, pack.meeting.published) == (
        "Council",
        "2025-02-13",
        "2025-02-27",
    )
    assert [(r.agenda_item, r.title) for r in pack.reports] == [
        ("6", "Opposition Group - Alternative Budget")
    ]
