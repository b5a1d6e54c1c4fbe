"""The Django admin for every role, with rows at two councils (docs/permissions.md,
"Who may use the admin").

Every registered ModelAdmin (found from ``admin.site._registry``, so a new admin is
covered without editing this file) is walked for each role: changelist, add, change and
delete of a row of the role's council, and change and delete of a row of the other
council. Administrators and democratic services officers get what their role group's
model permissions give them at their own council; report authors only the report admin
and only their own drafts; clearance officers, members, staff without a role and the
public are sent to the admin's sign-in page; nobody but a superuser opens the other
council's rows.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import reverse

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import ROLE_MODEL_PERMISSIONS, Role, ensure_roles
from minutebook.accounts.scope import council_lookup
from minutebook.accounts.testing import World, build_world, make_user
from minutebook.audit.models import AuditEvent
from minutebook.councils.admin import officer_manager

pytestmark = pytest.mark.django_db

#: Users of the world the admin turns away at the door (and the anonymous public).
SITE_REFUSED = (
    "anonymous",
    "plain",
    "finance",
    "legal",
    "monitoring",
    "councillor",
    "councillor_other",
    "co_opted",
    "legacy_staff",
)
#: The users who use the admin, and the role whose group gives their model permissions.
ADMIN_USERS = {
    "dso": Role.DEMOCRATIC_SERVICES,
    "admin": Role.ADMINISTRATOR,
    "author": Role.REPORT_AUTHOR,
}
#: The models a report author reaches (every other admin refuses them).
AUTHOR_MODELS = {"reports.report"}
#: Admins that are read-only for everyone: a record kept as made.
NO_ADD = {
    "audit.auditevent",
    "accounts.signinfailure",
    "attendance.attendance",
    "attendance.quorumcheck",
    "forwardplan.forwardplanversion",
    "importer.importrecord",
    "minutes.minutes",
    "minutes.minutesversion",
    "minutes.motion",
    "plans.statusupdate",
}
NO_DELETE = {
    "audit.auditevent",
    "meetings.urgencyrecord",
    "minutes.minutes",
    "minutes.minutesversion",
    "minutes.motion",
    "plans.statusupdate",
}


#: Models the scene gives a row at both councils (so their other-council pages are walked).
AT_BOTH = {
    "auth.user",
    "accounts.roleassignment",
    "councils.council",
    "committees.committee",
    "committees.membership",
    "committees.portfolio",
    "meetings.meeting",
    "meetings.venue",
    "meetings.agendaitem",
    "reports.report",
    "documents.document",
    "decisions.decision",
    "decisions.minuteitem",
    "decisions.matter",
    "forwardplan.forwardplanentry",
    "people.person",
    "people.legislativeterm",
    "participation.publicquestion",
    "interests.declaration",
    "scrutiny.action",
}


class Scene:
    def __init__(self, world: World) -> None:
        self.world = world
        self.superuser = make_user("root", is_staff=True, is_superuser=True)

    def client(self, name: str) -> Client:
        client = Client()
        if name == "superuser":
            client.force_login(self.superuser)
        elif name != "anonymous":
            client.force_login(self.world.user(name))
        return client


def populate(council: Any, name: str) -> dict[str, Any]:
    """A row of most council-owned models at ``council``, named after it."""
    import datetime as dt

    from django.utils import timezone

    from minutebook.committees.factories import (
        CommitteeFactory,
        MembershipFactory,
        PortfolioFactory,
    )
    from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
    from minutebook.decisions.models import Matter
    from minutebook.documents.factories import DocumentFactory
    from minutebook.forwardplan.factories import ForwardPlanEntryFactory
    from minutebook.interests.factories import DeclarationFactory
    from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory, VenueFactory
    from minutebook.participation.factories import PublicQuestionFactory
    from minutebook.people.factories import CouncillorFactory, LegislativeTermFactory
    from minutebook.reports.factories import ReportFactory
    from minutebook.scrutiny.factories import ActionFactory

    rows: dict[str, Any] = {}
    rows["committee"] = CommitteeFactory(council=council, name=f"{name} Committee")
    rows["venue"] = VenueFactory(council=council, name=f"{name} Hall")
    rows["meeting"] = MeetingFactory(
        committee=rows["committee"],
        venue=rows["venue"],
        start=timezone.now() + dt.timedelta(days=20),
    )
    rows["report"] = ReportFactory(council=council, title=f"{name} Report")
    rows["item"] = AgendaItemFactory(meeting=rows["meeting"], report=rows["report"])
    rows["person"] = CouncillorFactory(council=council, first_name=name, last_name="Member")
    MembershipFactory(committee=rows["committee"], person=rows["person"])
    PortfolioFactory(council=council)
    LegislativeTermFactory(council=council)
    rows["decision"] = DecisionFactory(meeting=rows["meeting"], title=f"{name} Decision")
    rows["minute"] = MinuteItemFactory(meeting=rows["meeting"], committee=rows["committee"])
    Matter.objects.create(council=council, title=f"{name} Matter")
    ForwardPlanEntryFactory(
        council=council,
        title=f"{name} Entry",
        decision_date=timezone.localdate() + dt.timedelta(days=60),
    )
    rows["document"] = DocumentFactory(council=council, meeting=rows["meeting"])
    PublicQuestionFactory(meeting=rows["meeting"])
    DeclarationFactory(meeting=rows["meeting"], person=rows["person"])
    ActionFactory(committee=rows["committee"], meeting_raised=rows["meeting"])
    return rows


@pytest.fixture
def scene(settings, tmp_path) -> Scene:
    settings.MEDIA_ROOT = tmp_path
    ensure_roles()
    world = build_world()
    populate(world.council, "Home")
    populate(world.other_council, "Away")
    return Scene(world)


def row_of(model: type, council: Any, world: World) -> Any:
    """A row of ``model`` at ``council``: the author's own draft for reports, the council's
    democratic services officer for users."""
    from django.contrib.auth import get_user_model

    if model is get_user_model():
        name = "dso" if council == world.council else "outsider_dso"
        return world.user(name)
    if model._meta.label_lower == "reports.report" and council == world.council:
        return world.public_report
    lookup = council_lookup(model)
    if lookup is None:
        return None
    return officer_manager(model).filter(**{lookup: council.pk}).order_by("pk").first()


def verbs_of(user_name: str, model: type) -> set[str]:
    """What the user's role gives them on ``model`` at their own council."""
    label = model._meta.label_lower
    role = ADMIN_USERS[user_name]
    if role == Role.REPORT_AUTHOR and label not in AUTHOR_MODELS:
        return set()
    app, name = label.split(".")
    verbs = set(ROLE_MODEL_PERMISSIONS[role].get(app, {}).get(name, ()))
    if label == "audit.auditevent":
        verbs = {"view"} if user_name in ("dso", "admin") else set()
    if label == "accounts.roleassignment" and role != Role.ADMINISTRATOR:
        verbs = set()
    if label in NO_ADD:
        verbs -= {"add", "change"}
    if label in NO_DELETE:
        verbs.discard("delete")
    return verbs


def outcome(response: Any) -> str:
    """ "ok" (the page), "login" (sent to sign in) or "refused" (403, 404, or sent back to
    the admin index as Django does for a row outside the admin's queryset)."""
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302:
        if response.url.startswith(reverse("admin:login")):
            return "login"
        if response.url == reverse("admin:index"):
            return "refused"
    if response.status_code in (403, 404):
        return "refused"
    return f"status {response.status_code}"


def pages(model: type, mine: Any, theirs: Any) -> list[tuple[str, str]]:
    """(page, url) of the admin pages of ``model`` the walk opens."""
    base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    found = [("changelist", reverse(f"{base}_changelist")), ("add", reverse(f"{base}_add"))]
    if mine is not None:
        found += [
            ("change", reverse(f"{base}_change", args=[mine.pk])),
            ("delete", reverse(f"{base}_delete", args=[mine.pk])),
        ]
    if theirs is not None:
        found += [
            ("other change", reverse(f"{base}_change", args=[theirs.pk])),
            ("other delete", reverse(f"{base}_delete", args=[theirs.pk])),
        ]
    return found


def expected(user_name: str, model: type, page: str) -> str:
    if user_name in SITE_REFUSED:
        return "login"
    if page.startswith("other"):
        return "refused"
    verbs = verbs_of(user_name, model)
    allowed = {
        "changelist": bool(verbs & {"view", "change"}),
        "add": "add" in verbs,
        "change": bool(verbs & {"view", "change"}),
        "delete": "delete" in verbs,
    }[page]
    return "ok" if allowed else "refused"


@pytest.mark.parametrize("user_name", [*ADMIN_USERS, *SITE_REFUSED])
def test_every_admin_page_for_every_role(scene: Scene, user_name: str) -> None:
    world = scene.world
    client = scene.client(user_name)
    index = outcome(client.get(reverse("admin:index")))
    assert index == ("login" if user_name in SITE_REFUSED else "ok")
    failures, at_both = [], set()
    for model in admin.site._registry:
        mine = row_of(model, world.council, world)
        theirs = row_of(model, world.other_council, world)
        if mine is not None and theirs is not None:
            at_both.add(model._meta.label_lower)
        for page, url in pages(model, mine, theirs):
            got, want = outcome(client.get(url)), expected(user_name, model, page)
            if got != want:
                failures.append(f"{model._meta.label_lower} {page}: {got}, expected {want}")
    assert not failures, "\n".join(failures)
    assert at_both >= AT_BOTH, sorted(AT_BOTH - at_both)


def test_a_superuser_opens_every_admin_at_both_councils(scene: Scene) -> None:
    world, client = scene.world, scene.client("superuser")
    failures = []
    for model in admin.site._registry:
        opts = model._meta
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        for council in (world.council, world.other_council):
            row = row_of(model, council, world)
            if row is not None:
                urls.append(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
                )
        for url in urls:
            if client.get(url).status_code != 200:
                failures.append(url)
    assert not failures, failures


def test_a_report_author_reaches_only_their_own_drafts(scene: Scene) -> None:
    world, client = scene.world, scene.client("author")
    page = client.get(reverse("admin:reports_report_changelist"))
    assert {r.pk for r in page.context["cl"].queryset} == {world.public_report.pk}
    index = client.get(reverse("admin:index"))
    assert [app["app_label"] for app in index.context["app_list"]] == ["reports"]
    for report in (world.exempt_report, world.para3_report, world.submitted_report):
        change = reverse("admin:reports_report_change", args=[report.pk])
        assert outcome(client.get(change)) == "refused"
        assert report.title.encode() not in client.get(change, follow=True).content


# -- finding: a report author read every exempt appendix and the members' pack ----------


@pytest.fixture
def exempt_papers(scene: Scene) -> dict[str, Any]:
    from minutebook.documents.factories import AppendixFactory, DocumentFactory
    from minutebook.documents.models import DocumentKind

    world = scene.world
    return {
        "appendix": AppendixFactory(
            council=world.council,
            report=world.exempt_report,
            title="Staffing appendix",
            exempt_paragraphs=[1],
            extracted_text="Salary of the chief executive: 123,456.",
        ),
        "pack": DocumentFactory(
            council=world.council,
            meeting=world.meeting,
            kind=DocumentKind.AGENDA_PACK,
            title="Members' pack",
            exempt_paragraphs=[1],
            extracted_text="Confidential pack text for members only.",
        ),
    }


def test_a_report_author_cannot_read_exempt_documents_in_the_admin(scene, exempt_papers):
    """Issue 15: a report author read the text of every exempt appendix and the members'
    pack through /admin/documents/document/."""
    client = scene.client("author")
    listing = client.get(reverse("admin:documents_document_changelist"))
    assert outcome(listing) == "refused"
    assert b"Staffing appendix" not in listing.content
    for doc in exempt_papers.values():
        for view in ("change", "history", "delete"):
            response = client.get(reverse(f"admin:documents_document_{view}", args=[doc.pk]))
            assert outcome(response) == "refused", view
            assert doc.extracted_text.encode() not in response.content
    own = client.get(reverse("admin:reports_report_change", args=[scene.world.public_report.pk]))
    assert own.status_code == 200
    for doc in exempt_papers.values():
        assert doc.extracted_text.encode() not in own.content
        assert doc.title.encode() not in own.content


def test_a_report_author_cannot_release_an_appendix_nor_attach_one(scene, exempt_papers):
    """Issue 15: un-marking an exempt appendix and attaching it to a public report put it
    on the public site. The document admin refuses the author outright, and their own
    report's form refuses taking an exemption off its appendix."""
    from minutebook.documents.factories import AppendixFactory
    from minutebook.documents.models import Document

    world, client = scene.world, scene.client("author")
    appendix = exempt_papers["appendix"]
    response = client.post(
        reverse("admin:documents_document_change", args=[appendix.pk]),
        {
            "council": world.council.pk,
            "kind": "appendix",
            "title": appendix.title,
            "report": world.public_report.pk,
            "exempt_paragraphs": [],
        },
    )
    assert outcome(response) == "refused"
    appendix.refresh_from_db()
    assert appendix.report_id == world.exempt_report.pk and appendix.is_exempt

    own = AppendixFactory(
        council=world.council,
        report=world.public_report,
        title="Own exempt appendix",
        exempt_paragraphs=[3],
    )
    change = reverse("admin:reports_report_change", args=[world.public_report.pk])
    data = form_data(client.get(change))
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(own.pk))[:-3]
    data[f"{prefix}-exempt_paragraphs"] = []
    response = client.post(change, data)
    assert response.status_code == 200
    assert "remove an exemption" in response.content.decode()
    own.refresh_from_db()
    assert own.exempt_paragraphs == [3] and own.is_exempt
    assert Document.public_objects.filter(pk=own.pk).count() == 0

    # Attaching someone else's appendix by posting its id in the inline is refused too.
    data = form_data(client.get(change))
    data[f"{prefix}-id"] = str(appendix.pk)
    client.post(change, data)
    appendix.refresh_from_db()
    assert appendix.report_id == world.exempt_report.pk


def test_a_democratic_services_officer_may_release_and_it_is_audited(scene):
    world, client = scene.world, scene.client("dso")
    report = world.para3_report
    change = reverse("admin:reports_report_change", args=[report.pk])
    data = form_data(client.get(change))
    data["exempt_paragraphs"] = []
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report.refresh_from_db()
    assert not report.is_exempt
    assert AuditEvent.objects.filter(action="exempt.released", object_id=str(report.pk)).exists()


# -- every read of exempt content in the admin is audited ---------------------------------


def admin_reads(user: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="exempt.read", actor_id=user.pk).order_by("pk"))


def test_opening_an_exempt_row_in_the_admin_is_audited(scene, exempt_papers):
    world, client = scene.world, scene.client("dso")
    dso = world.user("dso")
    assert client.get(reverse("admin:reports_report_change", args=[world.public_report.pk]))
    assert admin_reads(dso) == []
    opened = [
        ("reports", "report", world.exempt_report),
        ("documents", "document", exempt_papers["pack"]),
        ("meetings", "agendaitem", world.exempt_item),
    ]
    for app, model, obj in opened:
        response = client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
        assert response.status_code == 200
    reads = admin_reads(dso)
    assert {(e.object_type, e.object_id) for e in reads} >= {
        (obj._meta.label_lower, str(obj.pk)) for _app, _model, obj in opened
    }
    assert all(e.after["route"] == "admin" for e in reads)
    # The exempt report's page shows its exempt appendix inline: that is a read too.
    assert ("documents.document", str(exempt_papers["appendix"].pk)) in {
        (e.object_type, e.object_id) for e in reads
    }


def test_the_meeting_page_audits_the_exempt_items_it_shows(scene):
    world, client = scene.world, scene.client("dso")
    response = client.get(reverse("admin:meetings_meeting_change", args=[world.meeting.pk]))
    assert response.status_code == 200
    read = {(e.object_type, e.object_id) for e in admin_reads(world.user("dso"))}
    assert ("meetings.agendaitem", str(world.exempt_item.pk)) in read
    assert ("meetings.agendaitem", str(world.public_item.pk)) not in read


def test_changelists_do_not_show_the_text_of_exempt_documents(scene, exempt_papers):
    client = scene.client("dso")
    listing = client.get(reverse("admin:documents_document_changelist"))
    assert listing.status_code == 200
    assert b"Members&#x27; pack" in listing.content or b"Members' pack" in listing.content
    for doc in exempt_papers.values():
        assert doc.extracted_text.encode() not in listing.content


def test_no_admin_lists_or_searches_the_text_of_documents() -> None:
    """Extracted text is the content itself: changelists show titles only."""
    for model_admin in admin.site._registry.values():
        assert "extracted_text" not in model_admin.list_display, model_admin
        assert "extracted_text" not in model_admin.search_fields, model_admin


# -- staff without a role ------------------------------------------------------------------


def test_staff_without_a_role_cannot_use_the_admin(scene):
    """Issue 15: role-less staff acted as officers at every council, the admin included."""
    client = scene.client("legacy_staff")
    assert scene.world.user("legacy_staff").is_staff
    assert outcome(client.get(reverse("admin:index"))) == "login"
    listing = client.get(reverse("admin:reports_report_changelist"))
    assert outcome(listing) == "login"
    assert not RoleAssignment.objects.filter(user=scene.world.user("legacy_staff")).exists()


def test_superusers_are_never_shown_to_a_council_administrator(scene):
    client = scene.client("admin")
    listing = client.get(reverse("admin:auth_user_changelist"))
    assert listing.status_code == 200
    assert scene.superuser not in listing.context["cl"].queryset
    change = reverse("admin:auth_user_change", args=[scene.superuser.pk])
    assert outcome(client.get(change)) == "refused"


# -- helpers ---------------------------------------------------------------------------


def form_data(response: Any) -> dict[str, Any]:
    """What a browser would post back from an admin change page, unchanged: the main
    form's and every inline's values and management forms."""
    context = response.context
    data: dict[str, Any] = {}
    _add_form(data, context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, "")
        for form in formset.forms:
            _add_form(data, form)
    return data


def _add_form(data: dict[str, Any], form: Any) -> None:
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if callable(value):
            value = value()
        key = form.add_prefix(name)
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[key] = str(getattr(value, "pk", value))
