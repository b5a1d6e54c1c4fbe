"""Two councils, Alpha and Bravo; an officer with roles at Alpha only.

Every officer list page (routes discovered from the URL configuration, as the
permission matrix does) and every admin changelist of a council-owned model shows the
officer Alpha's records and none of Bravo's; Bravo's records cannot be opened in the
admin, nor attached to Alpha's records by posting their ids. A superuser sees both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.scope import council_lookup, officer_councils, scope_to_councils
from minutebook.accounts.testing import grant, make_user
from minutebook.accounts.tests.test_matrix import discover, fill

pytestmark = pytest.mark.django_db

#: Every record of a council is named "<Council> <kind>", so a page leaks Bravo's
#: records exactly when it contains "Bravo".
KINDS = (
    "District Council",
    "Planning Committee",
    "Leisure Report",
    "Parks Decision",
    "Referral Matter",
    "Forward Plan Entry",
    "Councillor",
    "Audit Note",
)


@dataclass
class Side:
    council: Any
    records: dict[str, Any] = field(default_factory=dict)


def build_council(name: str) -> Side:
    from minutebook.audit.models import AuditEvent
    from minutebook.committees.factories import (
        CommitteeFactory,
        MembershipFactory,
        PortfolioFactory,
    )
    from minutebook.councils.factories import CouncilFactory
    from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
    from minutebook.decisions.models import Matter
    from minutebook.documents.factories import DocumentFactory
    from minutebook.forwardplan.factories import ForwardPlanEntryFactory
    from minutebook.interests.factories import DeclarationFactory
    from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory, VenueFactory
    from minutebook.participation.factories import PublicQuestionFactory
    from minutebook.people.factories import CouncillorFactory, LegislativeTermFactory
    from minutebook.plans.factories import PlanFactory, PlanItemFactory, StatusOptionFactory
    from minutebook.reports.factories import ReportFactory
    from minutebook.reports.models import ReportState
    from minutebook.scrutiny.factories import ActionFactory

    council = CouncilFactory(name=f"{name} District Council", slug=name.lower(), short_name=name)
    r: dict[str, Any] = {}
    r["committee"] = CommitteeFactory(council=council, name=f"{name} Planning Committee")
    r["venue"] = VenueFactory(council=council, name=f"{name} Town Hall")
    r["meeting"] = MeetingFactory(
        committee=r["committee"],
        venue=r["venue"],
        start=timezone.now() + dt.timedelta(days=20),
    )
    r["report"] = ReportFactory(
        council=council,
        title=f"{name} Leisure Report",
        state=ReportState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    r["item"] = AgendaItemFactory(meeting=r["meeting"], title=f"{name} item", report=r["report"])
    r["councillor"] = CouncillorFactory(
        council=council, honorific="", first_name=name, last_name="Councillor"
    )
    r["membership"] = MembershipFactory(committee=r["committee"], person=r["councillor"])
    r["portfolio"] = PortfolioFactory(council=council)
    r["term"] = LegislativeTermFactory(council=council)
    r["decision"] = DecisionFactory(meeting=r["meeting"], title=f"{name} Parks Decision")
    r["minute"] = MinuteItemFactory(meeting=r["meeting"], committee=r["committee"])
    r["matter"] = Matter.objects.create(council=council, title=f"{name} Referral Matter")
    r["entry"] = ForwardPlanEntryFactory(
        council=council,
        title=f"{name} Forward Plan Entry",
        decision_date=timezone.localdate() + dt.timedelta(days=60),
    )
    r["document"] = DocumentFactory(council=council, meeting=r["meeting"])
    r["question"] = PublicQuestionFactory(meeting=r["meeting"])
    r["declaration"] = DeclarationFactory(meeting=r["meeting"], person=r["councillor"])
    r["action"] = ActionFactory(committee=r["committee"], meeting_raised=r["meeting"])
    r["plan"] = PlanFactory(council=council, title=f"{name} plan", slug=f"{name.lower()}-plan")
    r["plan_item"] = PlanItemFactory(plan=r["plan"])
    r["status"] = StatusOptionFactory(plan=r["plan"])
    r["audit"] = AuditEvent.objects.create(
        council_id=council.pk,
        action="update",
        object_type="meetings.meeting",
        object_id=str(r["meeting"].pk),
        object_repr=f"{name} Audit Note",
    )
    r["login"] = make_user(f"{name.lower()}_clerk")
    grant(r["login"], council, Role.DEMOCRATIC_SERVICES)
    return Side(council=council, records=r)


@dataclass
class Scene:
    alpha: Side
    bravo: Side
    officer: Any
    superuser: Any

    def client(self, who: str) -> Client:
        client = Client(raise_request_exception=True)
        client.force_login(getattr(self, who))
        return client


@pytest.fixture
def scene(settings, tmp_path) -> Scene:
    settings.MEDIA_ROOT = tmp_path
    alpha, bravo = build_council("Alpha"), build_council("Bravo")
    officer = make_user("alpha_officer")
    grant(officer, alpha.council, Role.DEMOCRATIC_SERVICES)
    grant(officer, alpha.council, Role.ADMINISTRATOR)
    grant(make_user("bravo_officer"), bravo.council, Role.DEMOCRATIC_SERVICES)
    # Every model permission, so what the admin hides is hidden by council, not by role.
    officer.user_permissions.set(Permission.objects.all())
    officer.refresh_from_db()
    assert officer.is_staff and not officer.is_superuser
    superuser = make_user("root", is_staff=True, is_superuser=True)
    return Scene(alpha, bravo, officer, superuser)


# -- the one place that answers "which councils" ---------------------------------------


def test_officer_councils_are_where_the_user_holds_an_officer_role(scene):
    assert list(officer_councils(scene.officer)) == [scene.alpha.council]
    assert set(officer_councils(scene.superuser)) >= {scene.alpha.council, scene.bravo.council}


def test_council_lookup_follows_the_never_null_path():
    from minutebook.meetings.models import AgendaItem
    from minutebook.minutes.models import MinutesVersion

    assert council_lookup(AgendaItem) == "meeting__committee__council"
    assert council_lookup(MinutesVersion) == "minutes__meeting__committee__council"


def test_scope_to_councils_keeps_exempt_rows_of_the_officer_manager(scene):
    from minutebook.reports.factories import ReportFactory
    from minutebook.reports.models import Report

    exempt = ReportFactory(council=scene.alpha.council, exempt_paragraphs=[1])
    scoped = scope_to_councils(Report.officer_objects.all(), scene.officer)
    assert exempt in scoped
    assert scene.bravo.records["report"] not in scoped


# -- officer list pages ----------------------------------------------------------------


#: List pages of logins, not of a council's records (their scoping is tested with them,
#: in accounts/tests/test_second_factor.py); the user's own notifications and e-mail
#: choice; the search, empty until asked (its scoping is tested in
#: test_dashboard_and_search.py).
NOT_COUNCIL_LISTS = {
    "backoffice:users",
    "backoffice:notifications",
    "backoffice:notification_preferences",
    "backoffice:search",
}


def list_routes() -> list[tuple[str, str]]:
    """Officer routes that take no argument: the list pages."""
    return [
        (route, name)
        for route, name in discover(("officer/",))
        if "<" not in route and name not in NOT_COUNCIL_LISTS
    ]


def test_every_officer_list_page_shows_only_the_officers_councils(scene):
    officer, superuser = scene.client("officer"), scene.client("superuser")
    routes = list_routes()
    assert {"backoffice:dashboard", "backoffice:decisions:list"} <= {n for _, n in routes}
    failures = []
    for route, name in routes:
        url = "/" + route
        seen = superuser.get(url, follow=True)
        if seen.status_code == 405:
            continue
        everyone = seen.content.decode()
        mine = officer.get(url, follow=True)
        assert mine.status_code == 200, f"{name}: {mine.status_code}"
        page = mine.content.decode()
        listed = [k for k in KINDS if f"Bravo {k}" in everyone]
        if not listed:
            failures.append(f"{name}: the superuser sees none of Bravo's records")
        for kind in listed:
            if f"Alpha {kind}" not in everyone:
                failures.append(f"{name}: the superuser misses Alpha {kind}")
            if f"Alpha {kind}" not in page:
                failures.append(f"{name}: the Alpha officer misses Alpha {kind}")
        if "Bravo" in page:
            at = page.index("Bravo")
            failures.append(f"{name}: shows Bravo's records ({page[at - 60 : at + 40]!r})")
    assert not failures, "\n".join(failures)


def test_alpha_record_pages_offer_nothing_of_bravo(scene):
    """Forms on Alpha's record pages (committee, people and report pickers) list only Alpha's."""
    from minutebook.forwardplan.models import ExceptionKind
    from minutebook.importer.models import ImportReview, ReviewStatus
    from minutebook.members.models import RegisterEntry

    a = scene.alpha.records
    entry = RegisterEntry.objects.create(
        person=a["councillor"], category="employment", description="Teacher"
    )
    review = ImportReview.objects.create(
        council=scene.alpha.council,
        status=ReviewStatus.READY,
        pack={"meeting": {"committee": "Cabinet", "date": "2025-01-09"}, "warnings": []},
    )
    from minutebook.committees.models import PortfolioHolder
    from minutebook.councils.factories import ClosureDayFactory

    closure_day = ClosureDayFactory(council=scene.alpha.council)
    from minutebook.committees.models import NamedSubstitute

    named = NamedSubstitute.objects.create(committee=a["committee"], person=a["councillor"])
    holding = PortfolioHolder.objects.create(portfolio=a["portfolio"], person=a["councillor"])
    from minutebook.people.models import Surgery

    surgery = Surgery.objects.create(
        council=scene.alpha.council, person=a["councillor"], where="Library", when="Mondays"
    )
    known = {
        "slug/pk": review.pk,  # an import review (backoffice:imports:review)
        # set-up pages of Alpha's records (their pickers must list none of Bravo's)
        "closure-days/pk": closure_day.pk,
        "named-substitutes/pk": named.pk,
        "wards/pk": a["councillor"].ward_id,
        "groups/pk": a["councillor"].political_group_id,
        "committees/pk": a["committee"].pk,
        "memberships/pk": a["membership"].pk,
        "portfolios/pk": a["portfolio"].pk,
        "portfolio-holders/pk": holding.pk,
        "venues/pk": a["venue"].pk,
        "terms/pk": a["term"].pk,
        "surgeries/pk": surgery.pk,
        "documents": a["document"].pk,
        "files/document": a["document"].pk,  # not the report's: a 404, nothing shown
        "appendices/document": a["document"].pk,  # likewise
        "committee": a["committee"].pk,
        "meetings": a["meeting"].pk,
        "items": a["item"].pk,
        "entries": a["entry"].pk,
        "decisions": a["decision"].pk,
        "referrals": a["matter"].pk,
        "people": a["councillor"].pk,
        "register-entries": entry.pk,
        "<submissionkind:kind>": a["question"].pk,
        "submissionkind": "public",
        "reports": a["report"].pk,
        "users/pk": a["login"].pk,
        "council": "alpha",
        "kind": ExceptionKind.values[0],
        "number": 1,
        "request_pk": 1,
    }
    officer = scene.client("officer")
    opened, failures = [], []
    for route, name in discover(("officer/",)):
        if "<" not in route:
            continue
        world = SimpleNamespace(submitted_report=a["report"])
        response = officer.get(fill(route, name, world, known))
        if response.status_code != 200:
            continue
        opened.append(name)
        page = response.content.decode()
        if "Bravo" in page:
            at = page.index("Bravo")
            failures.append(f"{name}: names Bravo ({page[at - 80 : at + 40]!r})")
    assert not failures, "\n".join(failures)
    assert {
        "backoffice:item_add",
        "backoffice:meeting_edit",
        "backoffice:decisions:create",
        "backoffice:forwardplan:entry_create",
        "backoffice:attendance:register",
        "backoffice:setup_membership",
        "backoffice:setup_holder",
    } <= set(opened)


@pytest.mark.parametrize("route", ["decisions:list", "decisions:matters"])
def test_filtering_a_list_by_another_council_is_not_found(scene, route):
    response = scene.client("officer").get(reverse(f"backoffice:{route}"), {"council": "bravo"})
    assert response.status_code == 404


def test_forward_plan_index_goes_straight_to_the_officers_only_council(scene):
    response = scene.client("officer").get(reverse("backoffice:forwardplan:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:forwardplan:plan", args=["alpha"])


# -- foreign ids posted to officer forms -----------------------------------------------


def test_another_councils_report_cannot_be_attached_to_an_agenda(scene):
    from minutebook.meetings.models import AgendaItem

    meeting = scene.alpha.records["meeting"]
    foreign = scene.bravo.records["report"]
    before = set(AgendaItem._base_manager.values_list("pk", "report_id"))
    response = scene.client("officer").post(
        reverse("backoffice:item_add", args=[meeting.pk]),
        {"title": "Borrowed report", "report": str(foreign.pk)},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "report" in form.errors
    assert "Choose one of this council's reports" in form.errors["report"][0]
    assert "Choose one of this council&#x27;s reports" in response.content.decode()
    assert set(AgendaItem._base_manager.values_list("pk", "report_id")) == before


def test_another_councils_report_cannot_replace_an_items_report(scene):
    item = scene.alpha.records["item"]
    foreign = scene.bravo.records["report"]
    response = scene.client("officer").post(
        reverse("backoffice:item_edit", args=[item.pk]),
        {"title": item.title, "report": str(foreign.pk)},
    )
    assert response.status_code == 200
    assert "report" in response.context["form"].errors
    item.refresh_from_db()
    assert item.report_id == scene.alpha.records["report"].pk


def test_another_councils_committee_cannot_take_an_officers_decision(scene):
    from minutebook.decisions.models import Decision

    before = Decision.officer_objects.count()
    response = scene.client("officer").post(
        reverse("backoffice:decisions:create", args=["alpha"]),
        {
            "title": "Borrowed decision maker",
            "decision_maker": str(scene.bravo.records["committee"].pk),
            "date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "decision_maker" in response.context["form"].errors
    assert Decision.officer_objects.count() == before


def test_officer_pages_of_another_council_are_refused(scene):
    client = scene.client("officer")
    bravo = scene.bravo.records
    for url in (
        reverse("backoffice:item_add", args=[bravo["meeting"].pk]),
        reverse("backoffice:committee_meetings", args=[bravo["committee"].pk]),
        reverse("backoffice:decisions:create", args=["bravo"]),
    ):
        assert client.get(url).status_code == 403, url


# -- the Django admin ------------------------------------------------------------------

#: Models the scene gives rows at both councils; each must be scoped in the admin.
COVERED = {
    "councils.council",
    "committees.committee",
    "committees.membership",
    "committees.portfolio",
    "meetings.meeting",
    "meetings.venue",
    "meetings.agendaitem",
    "reports.report",
    "decisions.decision",
    "decisions.minuteitem",
    "decisions.matter",
    "forwardplan.forwardplanentry",
    "documents.document",
    "people.person",
    "people.ward",
    "people.politicalgroup",
    "people.legislativeterm",
    "participation.publicquestion",
    "interests.declaration",
    "scrutiny.action",
    "plans.plan",
    "plans.planitem",
    "accounts.roleassignment",
}


def council_owned() -> list[tuple[type, Any]]:
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if council_lookup(model) is not None
    ]


def rows_of(model: type, council: Any) -> set[Any]:
    from minutebook.councils.admin import officer_manager

    lookup = council_lookup(model)
    return set(officer_manager(model).filter(**{lookup: council.pk}).values_list("pk", flat=True))


def changelist(client: Client, model: type) -> tuple[int, set[Any], str]:
    """Status, the pks the changelist lists, and its page (rows, filters, search)."""
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    if response.status_code != 200:
        return response.status_code, set(), ""
    pks = {obj.pk for obj in response.context["cl"].queryset}
    return 200, pks, response.content.decode()


def test_every_council_owned_admin_changelist_shows_only_the_officers_council(scene):
    officer, superuser = scene.client("officer"), scene.client("superuser")
    alpha, bravo = scene.alpha.council, scene.bravo.council
    failures, covered = [], set()
    for model, _ in council_owned():
        label = model._meta.label_lower
        mine, theirs = rows_of(model, alpha), rows_of(model, bravo)
        status, shown, page = changelist(officer, model)
        if status != 200:
            failures.append(f"{label}: changelist {status} for the Alpha officer")
            continue
        if "Bravo" in page:
            at = page.index("Bravo")
            failures.append(f"{label}: page names Bravo ({page[at - 60 : at + 40]!r})")
        if shown != mine:
            failures.append(
                f"{label}: shows {sorted(shown)}, Alpha's are {sorted(mine)} "
                f"(Bravo's {sorted(theirs)})"
            )
        if theirs:
            covered.add(label)
            status, everything, _ = changelist(superuser, model)
            if not (mine | theirs) <= everything:
                failures.append(f"{label}: the superuser does not see both councils")
    assert not failures, "\n".join(failures)
    assert covered >= COVERED, f"no Bravo rows for {sorted(COVERED - covered)}"


def test_admin_pages_of_another_councils_objects_are_refused(scene):
    officer, superuser = scene.client("officer"), scene.client("superuser")
    bravo = scene.bravo.council
    failures = []
    for model, _ in council_owned():
        theirs = rows_of(model, bravo)
        if not theirs:
            continue
        opts = model._meta
        pk = min(theirs)
        for page in ("change", "delete", "history"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[pk])
            status = officer.get(url).status_code
            if status not in (302, 403, 404):
                failures.append(f"{opts.label_lower} {page}: {status}")
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
        if superuser.get(change).status_code != 200:
            failures.append(f"{opts.label_lower}: the superuser cannot open Bravo's row")
    assert not failures, "\n".join(failures)


def test_admin_object_permissions_refuse_another_councils_object(scene):
    from django.test import RequestFactory

    from minutebook.meetings.models import Meeting

    request = RequestFactory().get("/admin/")
    request.user = scene.officer
    model_admin = admin.site._registry[Meeting]
    theirs, mine = scene.bravo.records["meeting"], scene.alpha.records["meeting"]
    for check in ("has_view_permission", "has_change_permission", "has_delete_permission"):
        assert getattr(model_admin, check)(request, mine)
        assert not getattr(model_admin, check)(request, theirs)


def test_admin_choices_offer_only_the_officers_councils(scene):
    from minutebook.meetings.models import Meeting

    response = scene.client("officer").get(reverse("admin:meetings_meeting_add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    committees = set(form.fields["committee"].queryset)
    assert scene.alpha.records["committee"] in committees
    assert scene.bravo.records["committee"] not in committees
    venues = set(form.fields["venue"].queryset)
    assert scene.bravo.records["venue"] not in venues
    assert Meeting in admin.site._registry


def test_admin_refuses_a_posted_id_of_another_council(scene):
    from minutebook.people.models import Ward

    before = Ward.objects.count()
    response = scene.client("officer").post(
        reverse("admin:people_ward_add"),
        {"council": str(scene.bravo.council.pk), "name": "Borrowed ward", "slug": "borrowed"},
    )
    assert response.status_code == 200
    assert "council" in response.context["adminform"].form.errors
    assert Ward.objects.count() == before


def test_admin_autocomplete_offers_only_the_officers_councils(scene):
    response = scene.client("officer").get(
        reverse("admin:autocomplete"),
        {"app_label": "meetings", "model_name": "meeting", "field_name": "committee", "term": ""},
    )
    assert response.status_code == 200
    texts = {r["text"] for r in response.json()["results"]}
    assert any("Alpha" in t for t in texts)
    assert not any("Bravo" in t for t in texts)


def test_audit_admin_shows_only_the_officers_councils_events(scene):
    response = scene.client("officer").get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset)
    assert scene.alpha.records["audit"] in shown
    assert scene.bravo.records["audit"] not in shown
    foreign = reverse("admin:audit_auditevent_change", args=[scene.bravo.records["audit"].pk])
    assert scene.client("officer").get(foreign).status_code in (302, 403, 404)
