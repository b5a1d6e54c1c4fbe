"""Issue 14's lifecycle canary: every change reaches every copy, and exempt stays exempt.

One council is built through the officers' services, with a unique token
(``CANARY-<field>-<hex>``) in every field that can hold exempt information: agenda item
descriptions, report summaries, recommendations, reasons and bodies, an appendix's PDF
text and its extracted text, minute texts and resolutions, decisions and their reasons,
imported reports and their files. Then, one transition at a time (publish; make an item,
a report, an appendix, a minute and a decision exempt; edit a report; move the meeting;
cancel another; publish a supplement; approve minutes; re-import), an anonymous visitor
crawls every public surface (``minutebook.core.testing_crawl``: pages, every version of
every document ever made, HTML twins, search, feeds, calendars, OParl, the export) and:

- no token that is exempt (or not yet published) appears anywhere, and a search for it
  finds nothing;
- each current public token is where it must be: its item page, the current pack PDF
  and HTML twin, search, the OParl paper or file text.

Failures are collected per transition and reported together, so one run says every
place that still leaks.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import CommitteeKind, MembershipRole
from minutebook.core.testing_crawl import Crawl, crawl, public_patterns
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.factories import AppendixFactory
from minutebook.documents.models import Document
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory, VenueFactory
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.packs.models import Audience, GeneratedDocument, Product
from minutebook.people.factories import CouncillorFactory, LegislativeTermFactory
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import Report

#: Public URL patterns an anonymous crawl of the canary council cannot reach, and why.
UNREACHABLE = {
    "alerts/confirm/<str:token>/": "needs the secret token mailed to a subscriber",
    "alerts/unsubscribe/<str:token>/": "needs the secret token mailed to a subscriber",
    "<slug:council>/forward-plan/versions/<int:number>/": "the council has no forward plan",
    "<slug:council>/forward-plan/entries/<int:pk>/": "the council has no forward plan",
    "oparl/v1/forward-plan-entry/<pk>": "the council has no forward plan",
    "<slug:council>/plans/<slug:plan>/": "the council has no plans",
    "oparl/v1/minutebook/plan/<pk>": "the council has no plans",
    "oparl/v1/minutebook/action/<pk>": "the council keeps no action sheet",
    "oparl/v1/minutebook/forward-plan-version/<pk>": "the council has no forward plan",
    "oparl/v1/minutebook/public-question/<pk>": "no question is asked (the demo crawl has them)",
    "oparl/v1/minutebook/councillor-question/<pk>": "no question is asked (the demo crawl has them)",
    "oparl/v1/minutebook/work-programme-item/<pk>": "the council has no scrutiny work programme",
    "oparl/v1/minutebook/register-entry/<pk>": "no councillor has registered an interest",
    "<slug:council>/councillors/<int:pk>-<slug:name>/photo.jpg": "no councillor has a photo "
    "(people/tests: the photo is served and checked)",
}


def _now() -> dt.datetime:
    return timezone.now().replace(microsecond=0)


def _at(days: int, hour: int = 18) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@lru_cache(maxsize=8)
def small_pdf(text: str) -> bytes:
    """A one-page A4 PDF saying ``text`` (WeasyPrint, as a council's upload would be)."""
    from weasyprint import HTML

    return HTML(string=f"<p style='font-size:11pt'>Appendix. {text}</p>").write_pdf()


# Tokens -----------------------------------------------------------------------------


@dataclass
class Token:
    name: str
    value: str
    #: "public": must be found where ``where`` says; "secret": must be found nowhere;
    #: "free": no claim (e.g. draft minutes before the council's rule is settled).
    state: str = "public"
    where: list[str] = field(default_factory=list)
    #: The site search must find it (public) / must find nothing (secret).
    searchable: bool = True
    #: A public token's search is checked once, in the step it became public.
    search_checked: bool = False

    @property
    def hex(self) -> str:
        return self.value.rsplit("-", 1)[-1]


_LETTERS = str.maketrans("0123456789", "ghijklmnop")


class Ledger:
    def __init__(self) -> None:
        self.tokens: dict[str, Token] = {}

    def new(self, name: str, *, state: str = "public", searchable: bool = True) -> str:
        # Letters only: PostgreSQL's text search reads "6e4b..." as a number and a word.
        suffix = "q" + uuid.uuid4().hex[:11].translate(_LETTERS)
        value = f"CANARY-{name}-{suffix}"
        self.tokens[name] = Token(name, value, state, searchable=searchable)
        return value

    def __getitem__(self, name: str) -> Token:
        return self.tokens[name]

    def secret(self, *names: str) -> None:
        for name in names:
            self.tokens[name].state = "secret"
            self.tokens[name].where = []

    def public(self, name: str, *where: str) -> None:
        token = self.tokens[name]
        if token.state != "public":
            token.search_checked = False
        token.state = "public"
        token.where = list(where)

    def of(self, state: str) -> list[Token]:
        return [t for t in self.tokens.values() if t.state == state]


# The canary council ------------------------------------------------------------------


@dataclass
class Canary:
    council: Any
    committee: Any
    main: Meeting
    other: Meeting
    held: Meeting
    confirming: Meeting
    item_public: AgendaItem  # report A: edited later; its appendix X made exempt later
    item_exempt: AgendaItem  # item B: made exempt
    item_report: AgendaItem  # item C: its report made exempt
    item_follow: AgendaItem  # item D: to follow, in a supplement
    item_other: AgendaItem  # the meeting that is cancelled
    report_a: Report
    report_c: Report
    appendix_x: Document
    minute_public: MinuteItem
    minute_exempt: MinuteItem
    decision_public: Decision
    decision_exempt: Decision
    decision_alone: Decision
    chair: Any = None
    imported: Meeting | None = None
    tokens: Ledger = field(default_factory=Ledger)

    def url(self, meeting: Meeting, suffix: str = "") -> str:
        meeting.refresh_from_db()
        return meeting.get_absolute_url() + suffix

    def item_url(self, item: AgendaItem) -> str:
        item.refresh_from_db()
        return self.url(item.meeting, f"items/{item.number}/")


def _report(council: Any, ledger: Ledger, key: str, title: str, **extra: Any) -> Report:
    return ReportFactory(
        council=council,
        title=title,
        brief_summary=f"Summary. {ledger.new(key + 'summary')}",
        recommendations=f"That the plan be agreed. {ledger.new(key + 'recs')}",
        reasons=f"Because. {ledger.new(key + 'reasons')}",
        body=f"The report says. {ledger.new(key + 'body')}",
        **extra,
    )


def build_canary() -> Canary:
    """The council, its meetings and papers, through the officers' services."""
    from minutebook.meetings import services as meetings
    from minutebook.minutes import services as minutes

    t = Ledger()
    council = CouncilFactory(name="Canary Vale District Council", slug="canary-vale")
    committee = CommitteeFactory(
        council=council,
        name="Cabinet",
        slug="cabinet",
        kind=CommitteeKind.EXECUTIVE,
        # One standing item (where minutes are confirmed) keeps the crawl small.
        standing_items=[{"kind": "minutes", "title": "Minutes", "position": "start"}],
    )
    for role in (MembershipRole.CHAIRMAN, MembershipRole.MEMBER):
        MembershipFactory(committee=committee, role=role, person=CouncillorFactory(council=council))
    chair = committee.memberships.first().person
    venue = VenueFactory(council=council, name="Council Chamber")
    LegislativeTermFactory(council=council)

    # The meeting whose papers change: four items of business.
    main = meetings.create_meeting(committee, start=_at(30), venue=venue)
    report_a = _report(council, t, "A", "Library opening hours")
    appendix_x = AppendixFactory(
        council=council,
        report=report_a,
        title="Usage figures",
        label="Appendix 1",
        order=1,
        pages=1,
        file=ContentFile(small_pdf(t.new("Xpdf")), name="usage.pdf"),
        extracted_text=f"Appendix. {t['Xpdf'].value} {t.new('Xtext')}",
    )
    AppendixFactory(
        council=council,
        report=report_a,
        title="Contract prices",
        label="Appendix 2",
        order=2,
        pages=1,
        exempt_paragraphs=[3],
        public_interest_reason="Commercial terms.",
        file=ContentFile(small_pdf(t.new("Epdf", state="secret")), name="prices.pdf"),
        extracted_text=f"Appendix. {t['Epdf'].value} {t.new('Etext', state='secret')}",
    )
    item_public = meetings.add_item(
        main, title="Library opening hours", description=t.new("Adesc"), report=report_a
    )
    report_b = _report(council, t, "B", "Depot land")
    item_exempt = meetings.add_item(
        main, title="Depot land", description=t.new("Bdesc"), report=report_b
    )
    report_c = _report(council, t, "C", "Parks contract")
    item_report = meetings.add_item(
        main, title="Parks contract", description=t.new("Cdesc"), report=report_c
    )
    report_d = _report(council, t, "D", "Late budget paper")
    item_follow = meetings.add_item(
        main,
        title="Budget monitoring",
        description=t.new("Ddesc"),
        report=report_d,
        to_follow=True,
    )
    # Papers "to follow" are not public until their supplement is.
    t.secret(*(f"D{f}" for f in ("summary", "recs", "reasons", "body")))

    # A second meeting, to be cancelled.
    other = meetings.create_meeting(committee, start=_at(40), venue=venue)
    report_o = _report(council, t, "O", "Allotments")
    item_other = meetings.add_item(other, title="Allotments", report=report_o)

    # A held meeting with minutes and decisions, and a later one that confirms them.
    held = meetings.create_meeting(committee, start=_at(-20), venue=venue)
    h1 = meetings.add_item(
        held, title="Housing allocations", report=_report(council, t, "H", "Housing")
    )
    h2 = meetings.add_item(held, title="Staffing restructure")
    meetings.publish_agenda(held, by=None, at=_at(-35, 9))
    minutes.start_minutes(held)
    minute_public = MinuteItem.officer_objects.get(meeting=held, agenda_item=h1)
    minute_exempt = MinuteItem.officer_objects.get(meeting=held, agenda_item=h2)
    for minute, key in ((minute_public, "M1"), (minute_exempt, "M2")):
        minutes.update_minute(
            minute,
            title=minute.title,
            text=f"Members discussed. {t.new(key + 'text', state='free')}",
            resolution=f"RESOLVED that it be done. {t.new(key + 'res', state='free')}",
            reasons=f"Reasons. {t.new(key + 'reasons', state='free')}",
        )
    decision_public = Decision.officer_objects.get(minute_item=minute_public)
    decision_exempt = Decision.officer_objects.get(minute_item=minute_exempt)
    from minutebook.decisions.services import publish_decision

    # A decision of its own (no minute), to be made exempt by itself.
    decision_alone = DecisionFactory(
        meeting=held,
        title="Depot lease",
        decision=f"To grant the lease. {t.new('Ndec')}",
        reasons=f"Best value. {t.new('Nreasons')}",
        alternatives_rejected=f"To sell. {t.new('Nalt')}",
    )
    for decision in (decision_public, decision_exempt, decision_alone):
        decision.alternatives_rejected = decision.alternatives_rejected or "To do nothing."
        decision.save()
        publish_decision(decision)
    confirming = MeetingFactory(
        committee=committee,
        start=_at(-3),
        venue=venue,
        state=MeetingState.HELD,
        published_at=_at(-12, 9),
    )
    AgendaItemFactory(
        meeting=confirming, order=1, number="1", title="Minutes", standing_kind="minutes"
    )
    canary = Canary(
        council=council,
        committee=committee,
        main=main,
        other=other,
        held=held,
        confirming=confirming,
        item_public=item_public,
        item_exempt=item_exempt,
        item_report=item_report,
        item_follow=item_follow,
        item_other=item_other,
        report_a=report_a,
        report_c=report_c,
        appendix_x=appendix_x,
        minute_public=minute_public,
        minute_exempt=minute_exempt,
        decision_public=decision_public,
        decision_exempt=decision_exempt,
        decision_alone=decision_alone,
        chair=chair,
        tokens=t,
    )
    return canary


# Imported meetings --------------------------------------------------------------------

PACK_TEXT = """\
Canary Vale District Council
Licensing Committee
Date: Tuesday, 4 March 2025
Time: 2.00 pm
Venue: Council Chamber, Town Hall, Canary Vale
Membership:
Cllr Alex Green (Chair), Cllr Sam Brown (Vice-Chair), Cllr Jo White
AGENDA
Item Pages
1. Apologies for Absence
2. Review of Taxi Fares 3 - 4
3. Exclusion of the Press and Public
4. Enforcement Update 5 - 6
"""


def import_pack(canary: Canary, path: Path, *, version: int) -> None:
    """Import the small text pack; version 2 makes item 2's report exempt and adds item 5."""
    from minutebook.importer.pack import Pack
    from minutebook.importer.reader import read_pack
    from minutebook.importer.writer import write_pack

    t = canary.tokens
    text = PACK_TEXT + ("5. Street Trading Consents 7 - 8\n" if version == 2 else "")
    path.write_text(text)
    data = read_pack(path).to_dict()
    if version == 1:
        t.new("I2recs"), t.new("I2doc"), t.new("I4recs", state="secret")
        t.new("I4doc", state="secret")
    else:
        t.new("I5recs"), t.new("I5doc")
    exempt_2 = version == 2
    for item in data["meeting"]["agenda"]:
        if item["number"] == "4" or (item["number"] == "2" and exempt_2):
            item["exempt_paragraphs"] = [3]
    reports = [
        ("2", "Review of Taxi Fares", exempt_2),
        ("4", "Enforcement Update", True),
    ] + ([("5", "Street Trading Consents", False)] if version == 2 else [])
    data["reports"] = [
        {
            "agenda_item": number,
            "title": title,
            "status": "Exempt" if exempt else None,
            "exempt_paragraphs": [3] if exempt else [],
            "recommendations": f"That the committee agrees. {t[f'I{number}recs'].value}",
            "authors": [{"name": "Pat Officer", "job_title": "Licensing Manager"}],
        }
        for number, title, exempt in reports
    ]
    data["documents"] = [d for d in data["documents"] if d["kind"] == "front_sheet"]
    for d in data["documents"]:
        d["text"] = text
    data["documents"] += [
        {
            "kind": "report",
            "title": title,
            "agenda_item": number,
            "text": f"{title}. {t[f'I{number}doc'].value}",
            "access": "exempt" if exempt else "public",
            "exempt_paragraphs": [3] if exempt else [],
        }
        for number, title, exempt in reports
    ]
    pack = Pack.from_dict(data)
    pack.source.sha256 = f"{version:x}" * 64
    result = write_pack(pack, council_slug=canary.council.slug, source_path=path)
    canary.imported = Meeting.objects.get(pk=result.meeting_id)


# Crawling ------------------------------------------------------------------------------


def secret_query(ledger: Ledger) -> str:
    """One search for every secret token at once (the site search takes OR)."""
    return quote(" OR ".join(t.hex for t in ledger.of("secret") if t.searchable))


def crawl_everything(canary: Canary, ledger: Ledger) -> Crawl:
    """Every public surface, as an anonymous visitor and as an attacker guessing ids."""
    slug = canary.council.slug
    probes: list[str] = []
    # Every document ever made, superseded versions and members' packs included: the test
    # enumerates ids (an attacker counts upwards); only the public views are asked.
    for pk in Document.officer_objects.values_list("pk", flat=True).order_by("pk"):
        probes += [f"/{slug}/documents/{pk}/", f"/oparl/v1/file/{pk}", f"/oparl/v1/file/{pk}/text"]
    for pk in Report.officer_objects.values_list("pk", flat=True):
        probes.append(f"/oparl/v1/paper/{pk}")
    # Searches: all secret tokens in one query (each alone only when it finds something,
    # see ``check``); each public token once, when it becomes public.
    query = secret_query(ledger)
    probes += [f"/search/?q={query}", f"/{slug}/search/?q={query}"]
    for token in ledger.of("public"):
        if token.searchable and not token.search_checked:
            probes.append(f"/{slug}/search/?q={token.hex}")
    return crawl(
        Client(),
        starts=["/", f"/{slug}/", "/oparl/v1/"],
        probes=probes,
        max_pages=1500,
        list_params={"modified_since": "2000-01-01T00:00:00Z"},
    )


_RESULTS = re.compile(r"(?:More than )?(\d+) results?\b")


def search_hits(text: str) -> int | None:
    if "No results" in text:
        return 0
    match = _RESULTS.search(text)
    return int(match.group(1)) if match else None


def page_hits(pages: Crawl, url: str) -> int | None:
    page = pages.pages.get(url)
    if page is None or page.status != 200:
        return None
    return search_hits(page.text)


def short(url: str, length: int = 90) -> str:
    return url if len(url) <= length else url[: length - 3] + "..."


def check(canary: Canary, pages: Crawl, step: str) -> list[str]:
    """Every broken promise of this step, one line each."""
    slug = canary.council.slug
    failures: list[str] = []
    secrets = canary.tokens.of("secret")
    for token in secrets:
        for url in pages.find(token.value):
            failures.append(f"{step}: secret {token.name} found at {short(url)}")
    query = secret_query(canary.tokens)
    for url in (f"/search/?q={query}", f"/{slug}/search/?q={query}"):
        hits = page_hits(pages, url)
        if hits is None:
            failures.append(
                f"{step}: the search for the secret tokens did not answer: {short(url)}"
            )
        elif hits:
            client = Client()
            for token in secrets:
                one = f"/{slug}/search/?q={token.hex}"
                found = search_hits(client.get(one).content.decode())
                if found:
                    failures.append(f"{step}: secret {token.name}: search {one} finds {found}")
    for token in canary.tokens.of("public"):
        found = set(pages.find(token.value, statuses=[200]))
        for url in token.where:
            if url not in pages.pages:
                failures.append(f"{step}: public {token.name}: {url} was never reached")
            elif url not in found:
                status = pages.pages[url].status
                failures.append(f"{step}: public {token.name} missing from {url} ({status})")
        if token.searchable and not token.search_checked:
            url = f"/{slug}/search/?q={token.hex}"
            token.search_checked = True
            if not page_hits(pages, url):
                failures.append(f"{step}: public {token.name}: search {url} finds nothing")
    return failures


def pack_urls(canary: Canary, meeting: Meeting) -> list[str]:
    return [canary.url(meeting, "agenda-pack.pdf"), canary.url(meeting, "agenda-pack.html")]


def report_places(canary: Canary, item: AgendaItem, report: Report) -> list[str]:
    """Where a public report's text must be: item page, current pack, twin, OParl paper."""
    return [canary.item_url(item), *pack_urls(canary, item.meeting), f"/oparl/v1/paper/{report.pk}"]


def expect_report(canary: Canary, key: str, item: AgendaItem, report: Report) -> None:
    places = report_places(canary, item, report)
    t = canary.tokens
    t.public(f"{key}summary", *places)
    t.public(f"{key}recs", *places)
    t.public(f"{key}reasons", *places[:3])
    t.public(f"{key}body", *places[:3])


# The self-test of the crawler -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_crawler_reaches_every_public_route_and_reads_every_format(
    settings: Any, tmp_path: Path
) -> None:
    """The crawl is only as good as its reach: planted public tokens are found in a pack
    PDF, an HTML twin, a feed, a calendar, OParl file text and the export, and every
    public URL pattern is reached except those listed with a reason."""
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = True
    settings.MINUTEBOOK_REBUILD_STALE_COPIES = True
    from minutebook.meetings import services as meetings

    canary = build_canary()
    meetings.publish_agenda(canary.main, by=None)
    meetings.publish_agenda(canary.other, by=None)
    import_pack(canary, tmp_path / "licensing.txt", version=1)
    pages = crawl_everything(canary, canary.tokens)
    t = canary.tokens

    assert not pages.truncated
    assert pages.errors() == {}
    assert pages.broken() == {}
    pdf, html = pack_urls(canary, canary.main)
    assert pages.pages[pdf].content_type == "application/pdf"
    # A PDF (the pack and the appendix's own file), an HTML twin, OParl, search.
    assert pdf in pages.find(t["Asummary"].value)
    assert html in pages.find(t["Asummary"].value)
    assert pdf in pages.find(t["Xpdf"].value)
    assert any("/documents/" in u for u in pages.find(t["Xpdf"].value))
    assert any(u.startswith("/oparl/v1/paper/") for u in pages.find(t["Arecs"].value))
    # A feed (the decisions feed prints the decision), a calendar, the export.
    decision = t["M1res"].value
    assert any(u.endswith((".rss", ".atom")) for u in pages.find(decision)), pages.find(decision)
    assert any(u.endswith(".ics") for u in pages.find("Library opening hours"))
    assert any(u.endswith("export.zip") for u in pages.find(t["Arecs"].value))
    # OParl file text of an imported paper held as text.
    held_as_text = pages.find(t["I2doc"].value)
    assert any(re.fullmatch(r"/oparl/v1/file/\d+/text", u) for u in held_as_text), held_as_text

    # Generic reach: every public pattern but the listed ones.
    unreached = set(pages.unreached_patterns())
    assert unreached - set(UNREACHABLE) == set(), "public routes the crawl never reached"
    assert set(UNREACHABLE) - unreached == set(), "reached now: take them off UNREACHABLE"
    assert set(UNREACHABLE) <= set(public_patterns())


def test_find_sees_tokens_split_across_lines_tags_and_hyphenation() -> None:
    from minutebook.core.testing_crawl import Page, html_text

    token = "CANARY-Abody-0123456789ab"
    for text in (
        "x CANARY-Abody-\n0123456789ab y",
        "CANARY-Abody- 0123\u00ad456789ab",
        "CANARY-Ab-\nody-0123456789ab",
        html_text("<p>CANARY-Abody-<mark>0123456789ab</mark></p>")[0],
    ):
        assert Page(url="/", status=200, text=text).holds(token), text
    assert not Page(url="/", status=200, text="CANARY-Abody-0123456789").holds(token)


# The lifecycle --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_lifecycle_every_copy_follows_every_change(settings: Any, tmp_path: Path) -> None:
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = True
    settings.MINUTEBOOK_REBUILD_STALE_COPIES = True
    from minutebook.meetings import services as meetings
    from minutebook.minutes import services as minutes

    canary = build_canary()
    t = canary.tokens
    failures: list[str] = []
    timings: list[tuple[str, float]] = []

    def step(name: str) -> Crawl:
        started = time.perf_counter()
        pages = crawl_everything(canary, t)
        assert not pages.truncated, f"{name}: the crawl hit its page cap"
        if os.environ.get("MINUTEBOOK_CANARY_DUMP"):  # a directory: every step's crawl
            pages.dump(os.path.join(os.environ["MINUTEBOOK_CANARY_DUMP"], f"{name}.json"))
        failures.extend(check(canary, pages, name))
        timings.append((name, time.perf_counter() - started))
        return pages

    # 1. Publish the agendas; import an archived meeting.
    meetings.publish_agenda(canary.main, by=None)
    meetings.publish_agenda(canary.other, by=None)
    import_pack(canary, tmp_path / "licensing.txt", version=1)
    expect_report(canary, "A", canary.item_public, canary.report_a)
    expect_report(canary, "B", canary.item_exempt, canary.item_exempt.report)
    expect_report(canary, "C", canary.item_report, canary.report_c)
    # Descriptions are printed on the agenda: the meeting page and the pack.
    for key in ("Adesc", "Bdesc", "Cdesc", "Ddesc"):
        t.public(key, canary.url(canary.main), *pack_urls(canary, canary.main))
    x_url = f"/{canary.council.slug}/documents/{canary.appendix_x.pk}/"
    t.public("Xpdf", x_url, *pack_urls(canary, canary.main))
    t.public("Xtext", f"/oparl/v1/file/{canary.appendix_x.pk}/text")
    expect_report(canary, "O", canary.item_other, canary.item_other.report)
    held_item = AgendaItem.public_objects.get(meeting=canary.held, report__isnull=False)
    t.public("Hsummary", canary.item_url(held_item))
    for name in ("Hrecs", "Hreasons", "Hbody"):
        t.public(name)
    imported = canary.imported
    assert imported is not None
    i2 = AgendaItem.public_objects.get(meeting=imported, number="2")
    t.public("I2recs", canary.item_url(i2))
    doc2 = Document.public_objects.get(meeting=imported, report=i2.report_id)
    t.public("I2doc", f"/oparl/v1/file/{doc2.pk}/text")
    # Published decisions are public; draft minutes make no claim yet.
    decision_1 = f"/{canary.council.slug}/decisions/{canary.decision_public.pk}/"
    decision_2 = f"/{canary.council.slug}/decisions/{canary.decision_exempt.pk}/"
    t.public("M1res", decision_1)
    t.public("M1reasons", decision_1)
    t.public("M2res", decision_2)
    t.public("M2reasons", decision_2)
    decision_3 = f"/{canary.council.slug}/decisions/{canary.decision_alone.pk}/"
    for key in ("Ndec", "Nreasons", "Nalt"):
        t.public(key, decision_3)
    step("publish")

    # 2. An agenda item made exempt (its report goes with it).
    meetings.mark_exempt(canary.item_exempt, [3], "Negotiations are under way.")
    t.secret("Bdesc", "Bsummary", "Brecs", "Breasons", "Bbody")
    step("item exempt")

    # 3. A report made exempt (its item then is too).
    report_c = Report.officer_objects.get(pk=canary.report_c.pk)
    report_c.exempt_paragraphs = [3]
    report_c.public_interest_reason = "Commercial terms."
    report_c.save()
    t.secret("Csummary", "Crecs", "Creasons", "Cbody")
    # The item's own description: its report is exempt, so the item is too.
    t.secret("Cdesc")
    step("report exempt")

    # 4. An appendix of a public report made exempt.
    appendix = Document.officer_objects.get(pk=canary.appendix_x.pk)
    appendix.exempt_paragraphs = [3]
    appendix.public_interest_reason = "Commercial terms."
    appendix.save()
    t.secret("Xpdf", "Xtext")
    step("appendix exempt")

    # 5. A minute made exempt (its decision follows it through the minutes service).
    minute = MinuteItem.officer_objects.get(pk=canary.minute_exempt.pk)
    minute.exempt_paragraphs = [1]
    minute.public_interest_reason = "Named staff."
    minute.save()
    # The minute's resolution is its decision record: exempt with it.
    t.secret("M2text", "M2res", "M2reasons")
    step("minute exempt")

    # 6. A decision (of its own, no minute) made exempt.
    decision = Decision.officer_objects.get(pk=canary.decision_alone.pk)
    decision.exempt_paragraphs = [3]
    decision.public_interest_reason = "Commercial terms."
    decision.save()
    t.secret("Ndec", "Nreasons", "Nalt")
    step("decision exempt")

    # 7. A public report edited: the new text everywhere, the old text nowhere current.
    report_a = Report.officer_objects.get(pk=canary.report_a.pk)
    old = t["Abody"].value
    report_a.body = f"The report now says. {t.new('Abody2')}"
    report_a.save()
    t.tokens["Abody"].state = "free"  # kept by the first pack version, a true record
    places = report_places(canary, canary.item_public, report_a)
    t.public("Abody2", *places[:3])
    step_pages = step("edit")
    for url in places[:3]:
        if url in step_pages.find(old):
            failures.append(f"edit: the replaced text Abody is still at {url}")

    # 8. The meeting moved: the new date in the current pack and calendar.
    new_start = _at(33, 10)
    meetings.move_meeting(canary.main, start=new_start)
    pages = step("move")
    when = f"{new_start:%-d %B %Y}"
    for url in [*pack_urls(canary, canary.main), canary.url(canary.main)]:
        if url not in pages.find(when):
            failures.append(f"move: the new date {when!r} is missing from {url}")

    # 9. The other meeting cancelled.
    meetings.cancel_meeting(canary.other, reason="Not quorate.")
    pages = step("cancel")
    for url in (canary.url(canary.other), canary.url(canary.other, "calendar.ics")):
        if url not in pages.find("Not quorate.") and url not in pages.find("CANCELLED"):
            failures.append(f"cancel: {url} does not say the meeting is cancelled")

    # 10. A supplement publishes the item to follow.
    meetings.publish_supplement(canary.main, [canary.item_follow], by=None)
    expect_report(canary, "D", canary.item_follow, canary.item_follow.report)
    # Its papers are in the supplement's pack, which has no stable address of its own.
    supplement_pdf = GeneratedDocument.objects.filter(
        meeting=canary.main, product=Product.SUPPLEMENT, audience=Audience.PUBLIC, format="pdf"
    ).first()
    if supplement_pdf is None:
        failures.append("supplement: no public supplement pack was built")
        places = [canary.item_url(canary.item_follow)]
    else:
        doc_url = f"/{canary.council.slug}/documents/{supplement_pdf.document_id}/"
        places = [canary.item_url(canary.item_follow), doc_url]
    for name in ("Dsummary", "Drecs", "Dreasons", "Dbody"):
        t.public(name, *places)
    t.public("Dsummary", *places, f"/oparl/v1/paper/{canary.item_follow.report_id}")
    step("supplement")

    # 11. The minutes confirmed at the next meeting and locked.
    record = minutes.minutes_for(canary.held)
    assert record is not None
    minutes.confirm_minutes(record, at=canary.confirming, signed_by=canary.chair, signed_at=_now())
    minutes.lock_minutes(record)
    minutes_url = canary.url(canary.held, "minutes/")
    t.public("M1text", minutes_url)
    t.public("M1res", minutes_url, decision_1)
    step("approve minutes")

    # 12. The archived meeting re-imported: item 2's report is now exempt.
    import_pack(canary, tmp_path / "licensing.txt", version=2)
    t.secret("I2recs", "I2doc")
    i5 = AgendaItem.public_objects.get(meeting=canary.imported, number="5")
    t.public("I5recs", canary.item_url(i5))
    doc5 = Document.public_objects.filter(meeting=canary.imported, report=i5.report_id).first()
    t.public("I5doc", f"/oparl/v1/file/{doc5.pk}/text" if doc5 else "(no public file for item 5)")
    step("re-import")

    print("\n".join(f"{name}: {seconds:.1f}s" for name, seconds in timings))
    assert failures == [], "\n".join(failures)
