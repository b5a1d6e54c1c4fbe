"""Records the permission matrix's world lacks, added for the page-by-page tests (axe and
bad input) so that every officer and members' page has something to show.

``enrich`` adds Alpha's records behind pages the matrix would answer with a 404 (a plan,
a work programme item) and returns the *spare* route arguments: records in another
state than the world's own (an agenda item with no report, a called-in decision, minutes
confirmed and locked, a meeting of full council, ...). A page that none of the world's
records opens is tried again with these; the matrix's world itself stays as it is, so
its tests keep their meaning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minutebook.accounts.tests.matrix_world import Scene

#: A plan table as an inspection action plan prints it (the plans reader's input).
PLAN_TEXT = """\
Improvement plan

1. Getting assessments done on time
Ref\tAction\tBy when\tOwner\tMilestones\tRAG
A1.1\tRecruit assessors\tMarch 2025\tHead of Service\tAdvert placed (Jan 25)\tComplete
A1.2\tReport monthly to the board\tOngoing\tDirector\tFirst report (Apr 25)\tNot started
"""

#: A front sheet as a council's agenda prints it (the import review's input).
FRONT_SHEET = """Alpha District Council

Alpha Cabinet

Date: Monday 4 March 2024
Time: 2.00 pm
Venue: Council Chamber, Civic Offices

AGENDA

1. Apologies for absence

2. Review of the licensing policy
"""


def enrich(scene: Scene) -> list[dict[str, Any]]:
    """Add Alpha's extra records; return the spare argument sets, tried in turn on the
    pages the world's own records do not open."""
    from minutebook.plans import services as plans
    from minutebook.plans.models import ItemLevel
    from minutebook.scrutiny import services as scrutiny

    alpha = scene.alpha
    plan = plans.create_plan(alpha.council, "Corporate improvement plan")
    plan_item = plans.add_item(plan, ItemLevel.ACTION, "Recruit assessors")
    scrutiny.add_work_item(alpha.committee, subject="Library opening hours")
    scrutiny.raise_action(
        alpha.committee,
        text="Circulate the briefing note.",
        meeting=alpha.meeting,
        owner_text="Head of libraries",
    )
    # A plan's item page: "items/pk" is otherwise an agenda item's.
    plan_pages = {"number": plan.number, "items/pk": plan_item.pk}
    return [_held_business(scene), _waiting_business(scene), plan_pages]


def _held_business(scene: Scene) -> dict[str, Any]:
    """An executive's two past meetings: the first's minutes confirmed at the second and
    locked (version 1), a decision of the second published and called in; an agenda item
    with no report; a referral waiting for a body's agenda; a read plan document; a
    published forward plan; an import review of a PDF agenda; a councillor's surgery."""
    from minutebook.committees.factories import CommitteeFactory
    from minutebook.committees.models import CommitteeKind
    from minutebook.decisions import services as decisions
    from minutebook.decisions.factories import DecisionFactory
    from minutebook.documents.models import Document, DocumentKind
    from minutebook.forwardplan import services as forward_plan
    from minutebook.importer import review
    from minutebook.importer.models import ReviewStatus
    from minutebook.meetings import services as meetings
    from minutebook.meetings.factories import AgendaItemFactory
    from minutebook.minutes import services as minutes
    from minutebook.people.factories import CouncillorFactory
    from minutebook.people.models import Surgery
    from minutebook.plans import services as plans

    alpha, dso = scene.alpha, scene.users["dso"]
    council = alpha.council
    executive = CommitteeFactory(
        council=council, kind=CommitteeKind.EXECUTIVE, name="Alpha Executive", slug="executive"
    )
    now = timezone.now().replace(second=0, microsecond=0)
    first, second = (
        meetings.create_meeting(
            executive, start=now - dt.timedelta(days=days), end=now - dt.timedelta(days=days)
        )
        for days in (14, 2)
    )
    held = minutes.start_minutes(first)
    minutes.confirm_minutes(
        held, at=second, signed_by=alpha.councillor, signed_at=second.start, by=dso
    )
    minutes.lock_minutes(held, by=dso)

    decision = DecisionFactory(meeting=second, council=council, title="Leisure fees decision")
    decisions.publish_decision(decision, now=now - dt.timedelta(days=1))
    signatories = CouncillorFactory.create_batch(council.call_in_signatories, council=council)
    call_in = decisions.request_call_in(
        decision, signatories=signatories, grounds="The consultation was too short."
    )

    bare_item = AgendaItemFactory(meeting=alpha.meeting, title="Any other business")
    matter = decisions.start_matter(
        council,
        title="Alpha library hours",
        committee=alpha.committee,
        recommendation="That the opening hours be extended.",
    )
    plan_document = Document.officer_objects.create(
        council=council, kind=DocumentKind.APPENDIX, title="Action plan", extracted_text=PLAN_TEXT
    )
    plans.read_document(plan_document, by=dso)
    forward_plan.publish_plan(council, user=dso)
    upload = SimpleUploadedFile("agenda.pdf", _pdf(FRONT_SHEET), "application/pdf")
    import_review = review.create_review(council, dso, [upload])
    import_review.refresh_from_db()
    if import_review.status != ReviewStatus.READY:
        # The worker's job, queued on commit: already run where the test commits.
        review.read_review(import_review.pk)
    surgery = Surgery.objects.create(
        council=council, person=alpha.councillor, where="Central Library", when="Saturdays"
    )
    return {
        "meetings/pk": first.pk,
        "decisions/pk": decision.pk,
        "request_pk": call_in.pk,
        "items/pk": bare_item.pk,
        "referrals/pk": matter.pk,
        "documents/pk": plan_document.pk,
        # an import review: /officer/imports/<council>/<pk>/
        "slug/pk": import_review.pk,
        "kind": "general-exception",
        "surgeries/pk": surgery.pk,
    }


def _waiting_business(scene: Scene) -> dict[str, Any]:
    """A meeting of full council a month ahead, open to notices of motion, which the
    councillor chairs (the chairman signs the minutes the meeting confirms)."""
    from minutebook.committees.factories import CommitteeFactory, MembershipFactory
    from minutebook.committees.models import CommitteeKind, MembershipRole
    from minutebook.meetings.factories import MeetingFactory

    council = CommitteeFactory(
        council=scene.alpha.council,
        kind=CommitteeKind.FULL_COUNCIL,
        name="Alpha Council",
        slug="council",
    )
    councillor = scene.users["councillor"].person
    MembershipFactory(committee=council, person=councillor, role=MembershipRole.CHAIRMAN)
    meeting = MeetingFactory(
        committee=council, start=timezone.now() + dt.timedelta(days=40), published_at=None
    )
    return {"meetings/pk": meeting.pk}


def _pdf(text: str) -> bytes:
    """A PDF printing ``text`` line by line (WeasyPrint, as a council's own would be)."""
    from html import escape

    from weasyprint import HTML

    lines = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line)
    return HTML(string=f"<body style='font-size:11pt'>{lines}</body>").write_pdf()
