"""The one source both renderings read: a meeting's pack as plain data.

Officer code: it reads exempt reports and appendices through ``officer_objects``,
because the members' pack holds them and the public pack needs their page counts to
keep the same page numbers. Which audience sees what is decided when the pack is
assembled (``pdf.assemble``, ``html.render_html``), from the flags held here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils import timezone

from minutebook.clock import LONDON
from minutebook.committees.models import Membership, MembershipRole, StandingItemKind
from minutebook.core.exempt import describe_paragraphs
from minutebook.decisions.referrals import referral_notes
from minutebook.documents.models import Document, DocumentKind
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState, Supplement
from minutebook.meetings.services import council_clock
from minutebook.reports.models import Report, ReportAuthor

#: Bump when templates or layout change, so every pack is rebuilt once.
LAYOUT_VERSION = "4"  # 2: tagged PDF; 3: outline, previous minutes, site header;
# 4: an exempt appendix listed under its report by its label only

ROLE_LABELS = [
    (MembershipRole.CHAIRMAN, "Chairman"),
    (MembershipRole.VICE_CHAIRMAN, "Vice-Chairman"),
    (MembershipRole.MEMBER, "Members"),
    (MembershipRole.CO_OPTED, "Co-opted members"),
]


@dataclass
class Block:
    """A piece of report text: a heading, a paragraph or a list."""

    kind: str  # "h", "p", "ul"
    text: str = ""
    items: list[str] = field(default_factory=list)
    anchor: str = ""


_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.)\s+\S.{0,90}$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022])\s+")


def text_blocks(text: str, prefix: str) -> list[Block]:
    """Plain report text as blocks: short numbered lines are headings, dashes are lists.

    Paragraphs are separated by blank lines; a numbered heading line may open a
    paragraph ("5. Details" then its text on the next line).
    """
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        if (
            _HEADING.match(lines[0])
            and not lines[0].endswith((".", ":", ";"))
            and (len(lines) > 1 or len(lines[0]) < 80)
        ):
            blocks.append(Block("h", lines[0]))
            lines = lines[1:]
        if not lines:
            continue
        if all(_BULLET.match(ln) for ln in lines):
            blocks.append(Block("ul", items=[_BULLET.sub("", ln) for ln in lines]))
        else:
            blocks.append(Block("p", " ".join(lines)))
    for n, block in enumerate(blocks, 1):
        block.anchor = f"{prefix}-b{n}"
    return blocks


@dataclass
class Appendix:
    label: str
    title: str
    exempt_paragraphs: list[int]
    document_id: int
    sha256: str
    #: Page sizes in points (width, height), as displayed (rotation applied).
    sizes: list[tuple[float, float]] = field(default_factory=list)
    #: The PDF itself; not part of the fingerprint (``sha256`` is).
    data: bytes = field(default=b"", repr=False)

    @property
    def is_exempt(self) -> bool:
        return bool(self.exempt_paragraphs)

    @property
    def heading(self) -> str:
        return f"{self.label}: {self.title}" if self.label else self.title


@dataclass
class Paper:
    """A report: cover sheet fields, then its text."""

    title: str
    cover: list[tuple[str, str]]
    summary: list[Block]
    recommendations: list[Block]
    reasons: list[Block]
    implications: list[tuple[str, list[Block]]]
    body: list[Block]
    background_papers: list[str]
    authors: list[tuple[str, str]]


@dataclass
class Item:
    number: str
    title: str
    description: str
    depth: int
    exempt_paragraphs: list[int]
    to_follow: bool
    is_urgent: bool
    paper: Paper | None = None
    appendices: list[Appendix] = field(default_factory=list)
    #: Where the supplement prints it, for items published after the agenda.
    supplement_note: str = ""
    #: "Referred from <body> on <date>", for business another body referred.
    referral_note: str = ""
    #: The item's position, which names its anchor when it has no printed number.
    position: int = 0

    @property
    def is_exempt(self) -> bool:
        return bool(self.exempt_paragraphs)

    @property
    def exempt_text(self) -> str:
        return describe_paragraphs(self.exempt_paragraphs)

    @property
    def has_pages(self) -> bool:
        return self.paper is not None or bool(self.appendices)

    @property
    def anchor(self) -> str:
        if not self.number:
            return f"item-at-{self.position}"
        return "item-" + re.sub(r"[^0-9A-Za-z]+", "-", self.number)


@dataclass
class PackSource:
    product: str  # "agenda_pack" or "supplement"
    council: str
    council_address: str
    committee: str
    title: str
    date_text: str
    time_text: str
    venue: str
    online_url: str
    membership: list[tuple[str, list[str]]]
    quorum: int | None
    contact: list[str]
    participation: list[tuple[str, str]]
    published_text: str
    items: list[Item]
    pad_blank_pages: bool
    supplement_number: int | None = None
    #: The public site's addresses the HTML twin links to: the meeting, and the
    #: council's main pages (label, path), so a reader can go back to the site.
    meeting_url: str = ""
    site_nav: list[tuple[str, str]] = field(default_factory=list)
    layout_version: str = LAYOUT_VERSION

    def fingerprint(self) -> str:
        """SHA-256 of everything the pack is built from (appendix files by their hash)."""
        data = asdict(self)
        for item in data["items"]:
            for appendix in item["appendices"]:
                appendix.pop("data", None)
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def long_date(day: dt.date) -> str:
    """'Tuesday, 7 January 2025', as front sheets print it."""
    return f"{day:%A}, {day.day} {day:%B %Y}"


def clock_time(moment: dt.datetime | dt.time) -> str:
    """'10.00 am', '2.30 pm'."""
    t = moment.time() if isinstance(moment, dt.datetime) else moment
    hour = t.hour % 12 or 12
    return f"{hour}.{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, LONDON) if timezone.is_aware(moment) else moment


def _deadline_text(moment: dt.date | dt.datetime) -> str:
    if isinstance(moment, dt.datetime):
        local = _local(moment)
        return f"{clock_time(local)} on {long_date(local.date())}"
    return long_date(moment)


def membership_groups(meeting: Meeting) -> list[tuple[str, list[str]]]:
    """Current members by role, as the front sheet prints them."""
    day = meeting.date
    seats = list(
        Membership.objects.filter(committee=meeting.committee)
        .exclude(start_date__gt=day)
        .exclude(end_date__lt=day)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    groups = []
    for role, label in ROLE_LABELS:
        names = [s.person.full_name for s in seats if s.role == role]
        if names:
            groups.append((label, names))
    return groups


def participation_rules(meeting: Meeting) -> list[tuple[str, str]]:
    """The council's participation and councillor-question rules, with this meeting's deadlines."""
    from minutebook.clock import meeting_deadlines

    council = meeting.council
    rules, cal = council_clock(council)
    deadlines = meeting_deadlines(meeting.start, rules, cal)
    words = council.public_word_limit
    out = [
        (
            "Public questions",
            f"Members of the public may ask up to {council.public_questions_per_person} "
            f"question{'s' if council.public_questions_per_person != 1 else ''} of no more "
            f"than {words} words. Questions must be received by "
            f"{_deadline_text(deadlines['public_question_deadline'])}.",
        ),
        (
            "Public statements",
            f"Up to {council.public_statements_per_person} statement"
            f"{'s' if council.public_statements_per_person != 1 else ''} each, of no more "
            f"than {words} words, received by "
            f"{_deadline_text(deadlines['public_statement_deadline'])}.",
        ),
        (
            "Petitions",
            f"Petitions must be received by {_deadline_text(deadlines['petition_deadline'])}.",
        ),
        (
            "Questions from councillors",
            f"Councillors may ask up to {council.councillor_questions_per_meeting} "
            f"question{'s' if council.councillor_questions_per_meeting != 1 else ''}, "
            f"received in writing by "
            f"{_deadline_text(deadlines['councillor_question_deadline'])}.",
        ),
    ]
    if council.public_submissions_cap:
        out.append(
            (
                "Limit",
                f"Only the first {council.public_submissions_cap} questions and "
                f"{council.public_submissions_cap} statements received are accepted.",
            )
        )
    return out


def contact_lines(meeting: Meeting) -> list[str]:
    """The officer who published the agenda if known, else the council's own contact."""
    council = meeting.council
    lines: list[str] = []
    person = None
    if meeting.published_by_id is not None:
        from minutebook.people.models import Person

        person = Person.objects.filter(user_id=meeting.published_by_id).first()
    if person is not None:
        lines.append(
            f"{person.full_name}, {person.job_title}" if person.job_title else person.full_name
        )
        contact = " - ".join(p for p in (person.email, person.phone) if p)
        if contact:
            lines.append(contact)
    else:
        lines.append("Democratic Services")
    council_contact = " - ".join(p for p in (council.contact_email, council.contact_phone) if p)
    if council_contact and (person is None or not (person.email or person.phone)):
        lines.append(council_contact)
    return lines


def _appendices(report: Report) -> list[Appendix]:
    from pypdf import PdfReader

    out = []
    docs = Document.officer_objects.filter(report=report, kind=DocumentKind.APPENDIX).order_by(
        "order", "title"
    )
    for doc in docs:
        if not doc.file or (doc.media_type and "pdf" not in doc.media_type):
            continue
        with doc.file.open("rb") as handle:
            data = handle.read()
        try:
            reader = PdfReader(io.BytesIO(data))
            sizes = []
            for page in reader.pages:
                w, h = float(page.mediabox.width), float(page.mediabox.height)
                if (page.get("/Rotate") or 0) % 180:
                    w, h = h, w
                sizes.append((round(w, 2), round(h, 2)))
        except Exception:  # an unreadable upload is left out, not fatal to the pack
            continue
        if not sizes:
            continue
        out.append(
            Appendix(
                label=doc.label,
                title=doc.title,
                exempt_paragraphs=list(doc.exempt_paragraphs or []),
                document_id=doc.pk,
                sha256=doc.sha256 or hashlib.sha256(data).hexdigest(),
                sizes=sizes,
                data=data,
            )
        )
    return out


def _paper(report: Report, prefix: str) -> Paper:
    def person_text(text: str, person: Any) -> str:
        return text or (str(person) if person is not None else "")

    cover: list[tuple[str, str]] = []
    for label, value in (
        ("Report of", person_text(report.executive_director_text, report.executive_director)),
        ("Portfolio holder", person_text(report.portfolio_holder_text, report.portfolio_holder)),
        ("Purpose", report.get_purpose_display() if report.purpose else ""),
        (
            "Recommendation to",
            report.recommendation_to_name
            or (str(report.recommendation_to) if report.recommendation_to_id else ""),
        ),
        ("Local councillors", report.local_councillors_text),
        ("Wards affected", ", ".join(w.name for w in report.wards_affected.all())),
        ("Key decision", "Yes" if report.key_decision else "No"),
        ("Status", report.exempt_description.capitalize() if report.is_exempt else "Public"),
        (
            "Public interest",
            report.public_interest_reason if report.is_exempt else "",
        ),
        (
            "Equality impact assessment",
            report.get_eqia_status_display() if report.eqia_status else "",
        ),
        (
            "Risk",
            f"Current {report.get_risk_current_display().lower()}, residual "
            f"{report.get_risk_residual_display().lower()}"
            if report.risk_current and report.risk_residual
            else "",
        ),
    ):
        if value:
            cover.append((label, value))
    implications = []
    for heading, text in (
        ("Financial implications", report.financial_implications),
        ("Legal implications", report.legal_implications),
        ("Climate implications", report.climate_implications),
        ("Well-being and health implications", report.wellbeing_health_implications),
        ("HR implications", report.hr_implications),
        ("Equalities implications", report.equalities_implications),
        ("Risk implications", report.risk_implications),
    ):
        if text.strip():
            slug = heading.split()[0].lower().replace("-", "")
            implications.append((heading, text_blocks(text, f"{prefix}-{slug}")))
    authors = [
        (
            ", ".join(p for p in (a.name, a.job_title) if p),
            " - ".join(p for p in (a.phone, a.email) if p),
        )
        for a in ReportAuthor.officer_objects.filter(report=report).order_by("order")
    ]
    return Paper(
        title=report.title,
        cover=cover,
        summary=text_blocks(report.brief_summary, f"{prefix}-sum"),
        recommendations=text_blocks(report.recommendations, f"{prefix}-rec"),
        reasons=text_blocks(report.reasons, f"{prefix}-rea"),
        implications=implications,
        body=text_blocks(report.body, f"{prefix}-body"),
        background_papers=[
            ln.strip() for ln in report.background_papers.splitlines() if ln.strip()
        ],
        authors=authors,
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The committee's meeting before this one: its minutes are to be approved at this one."""
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, start__lt=meeting.start)
        .exclude(state=MeetingState.CANCELLED)
        .filter(withdrawn_at__isnull=True)
        .order_by("-start")
        .first()
    )


def previous_minutes(meeting: Meeting) -> Document | None:
    """The public minutes (PDF) of the previous meeting, when published; else None.

    Only the public version (``public_objects``: an exempt minute is given by its title
    and paragraph there), so the same file goes into the public and members' packs.
    """
    before = previous_meeting(meeting)
    if before is None:
        return None
    return (
        Document.public_objects.open_to_inspection()
        .filter(meeting=before, kind=DocumentKind.MINUTES, media_type__contains="pdf")
        .exclude(file="")
        .order_by("-version", "-pk")
        .first()
    )


def _is_minutes_item(row: AgendaItem) -> bool:
    if row.standing_kind:
        return row.standing_kind == StandingItemKind.MINUTES
    return row.report_id is None and row.title.lower().startswith("minutes")


def _minutes_appendix(document: Document) -> Appendix | None:
    """The previous minutes as the minutes item's "appendix": merged in like an upload."""
    from pypdf import PdfReader

    with document.file.open("rb") as handle:
        data = handle.read()
    try:
        reader = PdfReader(io.BytesIO(data))
        sizes = [
            (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in reader.pages
        ]
    except Exception:  # an unreadable file is left out, as for appendices
        return None
    if not sizes:
        return None
    when = ""
    if document.meeting_id is not None:
        when = f" of the meeting held on {long_date(document.meeting.date)}"
    return Appendix(
        label="",
        title=f"{document.title or 'Minutes'}{when}",
        exempt_paragraphs=[],
        document_id=document.pk,
        sha256=document.sha256 or hashlib.sha256(data).hexdigest(),
        sizes=sizes,
        data=data,
    )


def _items(meeting: Meeting, supplement: Supplement | None) -> list[Item]:
    rows = list(AgendaItem.public_objects.filter(meeting=meeting).order_by("order"))
    minutes_doc = previous_minutes(meeting) if supplement is None else None
    depth: dict[int, int] = {}
    reports = {
        r.pk: r
        for r in Report.officer_objects.filter(pk__in=[i.report_id for i in rows if i.report_id])
        .select_related("portfolio_holder", "executive_director", "recommendation_to")
        .prefetch_related("wards_affected")
    }
    supplements = {s.pk: s for s in Supplement.objects.filter(meeting=meeting)}
    # Where each item came from; not where it went next (the pack is what was sent).
    referred = referral_notes((r.pk for r in rows), onward=False)
    items = []
    for row in rows:
        depth[row.pk] = depth.get(row.parent_id, -1) + 1 if row.parent_id else 0
        # "To follow" until a supplement publishes it: from then the agenda pack names the
        # supplement instead, and the supplement prints the report.
        waiting = row.to_follow and row.supplement_id is None
        # A withdrawn item stays listed, marked so, without its papers (meetings.withdrawal).
        withdrawn = row.withdrawn_at is not None
        item = Item(
            number=row.number,
            title=f"{row.title} (Withdrawn)" if withdrawn else row.title,
            # Listed by title and paragraph only when exempt: the description may hold
            # what made it exempt.
            description=(
                f"Withdrawn: {row.withdrawal_reason}"
                if withdrawn
                else ("" if row.is_exempt else row.description)
            ),
            depth=depth[row.pk],
            exempt_paragraphs=list(row.exempt_paragraphs or []),
            to_follow=waiting,
            is_urgent=row.is_urgent,
            position=row.order,
            referral_note="; ".join(note.text for note in referred.get(row.pk, [])),
        )
        in_this_pack = (
            row.supplement_id is None if supplement is None else row.supplement_id == supplement.pk
        )
        # A withdrawn meeting's pack lists its items without their papers too: the
        # notice on its front sheet says why.
        no_papers = withdrawn or meeting.withdrawn_at is not None
        report = reports.get(row.report_id) if row.report_id else None
        if in_this_pack and report is not None and not waiting and not no_papers:
            item.paper = _paper(report, item.anchor)
            item.appendices = _appendices(report)
        elif in_this_pack and minutes_doc is not None and not no_papers and _is_minutes_item(row):
            minutes = _minutes_appendix(minutes_doc)
            item.appendices = [minutes] if minutes is not None else []
            minutes_doc = None  # once, under the first minutes item
        elif row.supplement_id is not None and supplement is None:
            item.supplement_note = f"Published in {supplements[row.supplement_id]}"
        if supplement is None or row.supplement_id == supplement.pk:
            items.append(item)
    return items


def build_source(meeting: Meeting, supplement: Supplement | None = None) -> PackSource:
    """Everything the agenda pack (or one supplement pack) of ``meeting`` prints."""
    council = meeting.council
    start = _local(meeting.start)
    venue = meeting.venue
    venue_text = ""
    if venue is not None:
        parts = [
            *venue.name.split(", "),
            *venue.address.replace("\n", ", ").split(", "),
            venue.postcode,
        ]
        seen: list[str] = []
        for part in (p.strip() for p in parts):
            if part and part not in seen:
                seen.append(part)
        venue_text = ", ".join(seen)
    published = supplement.published_at if supplement is not None else meeting.published_at
    title = "Agenda"
    if meeting.withdrawn_at is not None:
        title = f"Agenda (Withdrawn: {meeting.withdrawal_reason})"
    if supplement is not None:
        title = f"Supplement {supplement.number}" + (
            f": {supplement.title}" if supplement.title else ""
        )
    return PackSource(
        product="supplement" if supplement is not None else "agenda_pack",
        council=council.name,
        council_address=council.address,
        committee=meeting.committee.name,
        title=title,
        date_text=long_date(start.date()),
        time_text=clock_time(start),
        venue=venue_text or ("Online" if meeting.online_url else "To be confirmed"),
        online_url=meeting.online_url,
        membership=membership_groups(meeting),
        quorum=meeting.effective_quorum,
        contact=contact_lines(meeting),
        participation=participation_rules(meeting),
        published_text=long_date(_local(published).date()) if published else "",
        items=_items(meeting, supplement),
        pad_blank_pages=council.pad_blank_pages,
        supplement_number=supplement.number if supplement is not None else None,
        meeting_url=meeting.get_absolute_url(),
        site_nav=_site_nav(council.slug),
    )


def _site_nav(slug: str) -> list[tuple[str, str]]:
    """The public site's main sections, as its header lists them."""
    from django.urls import NoReverseMatch, reverse

    links = []
    for label, name in (
        ("Meetings and decisions", "publishing:council"),
        ("Committees", "publishing:committees"),
        ("Decisions", "publishing:decisions"),
        ("Forward plan", "publishing:forward_plan"),
        ("Search", "publishing:search"),
    ):
        try:
            links.append((label, reverse(name, kwargs={"council": slug})))
        except NoReverseMatch:
            continue
    return links
