"""One place that answers "may this user do this?": ``can(user, action, obj)``.

Roles are held per council (``RoleAssignment``), and a councillor or co-opted member
also holds their role through the ``Person`` their login is linked to. ``can`` works out
the council of ``obj`` (a report, meeting, agenda item, document, ...) and checks the
roles held there; without ``obj`` it asks whether the user may do it at any council.

A superuser is an administrator at every council. Staff (``is_staff``) holding no role
at all have no rights unless ``MINUTEBOOK_UNASSIGNED_STAFF_ROLE`` names a role for them
(default ``""``: none), a compatibility switch for set-ups from before roles existed.

Exempt papers (LGA 1972 Schedule 12A) follow the council's ``exempt_access_rule``:
members of the committee the paper goes to may read it; under the "all councillors"
rule any councillor may read one whose paragraphs all fall where s100F(2A) still gives
every member the right to inspect (paragraphs 3 and 6), the rest needing the committee
(the need-to-know test is the proper officer's, outside this system). Co-opted members
read only their own committee's papers: s100F(1) gives them nothing wider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from minutebook.accounts.roles import (
    CLEARANCE_ROLES,
    MEMBER_ROLES,
    OFFICER_ROLES,
    Role,
)

#: LGA 1972 s100F(2A) (England): members keep the right to inspect exempt information
#: under these Schedule 12A paragraphs (3 except contract-negotiation terms, and 6).
S100F_MEMBERS_PARAGRAPHS = frozenset({3, 6})

DSO, ADMIN, AUTHOR = Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR, Role.REPORT_AUTHOR
_RUNS_MEETINGS = frozenset({DSO, ADMIN})

_INTERESTS = frozenset({DSO, ADMIN, Role.MONITORING_OFFICER})

#: Which roles may do each action (object-level rules below narrow some of them).
#: Least privilege: report authors and clearance officers reach the reports they work
#: on, not the meetings, minutes, decisions or questions behind them.
ACTION_ROLES: dict[str, frozenset[str]] = {
    "officer.view": OFFICER_ROLES,
    "officer.change": _RUNS_MEETINGS,
    # Fallback for an officer route missing from ROUTE_ACTIONS (the matrix test fails on it).
    "officer.unlisted": _RUNS_MEETINGS,
    "meeting.view": _RUNS_MEETINGS,
    "meeting.change": _RUNS_MEETINGS,
    "agenda.change": _RUNS_MEETINGS,
    "agenda.publish": _RUNS_MEETINGS,
    "minutes.view": _RUNS_MEETINGS,
    "minutes.change": _RUNS_MEETINGS,
    "decision.view": _RUNS_MEETINGS,
    "decision.change": _RUNS_MEETINGS,
    "decision.publish": _RUNS_MEETINGS,
    "forwardplan.view": _RUNS_MEETINGS,
    "forwardplan.change": _RUNS_MEETINGS,
    "participation.view": _RUNS_MEETINGS,
    "participation.change": _RUNS_MEETINGS,
    # Localism Act 2011 s32: the monitoring officer agrees an interest is sensitive, so
    # they read the register's records (and the reasons) with democratic services.
    "interests.view": _INTERESTS,
    "interests.change": _INTERESTS,
    # s33: dispensations are granted by the authority, usually through the monitoring officer.
    "dispensation.grant": _INTERESTS,
    "declaration.change": _RUNS_MEETINGS,
    "scrutiny.view": _RUNS_MEETINGS,
    "scrutiny.change": _RUNS_MEETINGS,
    "plans.view": _RUNS_MEETINGS,
    "plans.change": _RUNS_MEETINGS,
    # Import review: the extracted pack may hold exempt text (officer-only, like the admin's
    # import records).
    "import.view": _RUNS_MEETINGS,
    "import.change": _RUNS_MEETINGS,
    # Set-up: the council's rules, wards, groups, people, committees, portfolios, venues.
    "setup.view": _RUNS_MEETINGS,
    "setup.change": _RUNS_MEETINGS,
    "report.view": OFFICER_ROLES,
    "report.create": frozenset({DSO, ADMIN, AUTHOR}),
    "report.change": frozenset({DSO, ADMIN, AUTHOR}),
    "report.submit": frozenset({DSO, ADMIN, AUTHOR}),
    # Handing a report to an author (or naming one on its cover) gives them the report.
    "report.assign": _RUNS_MEETINGS,
    "report.clear": CLEARANCE_ROLES,
    "report.return": frozenset({DSO, *CLEARANCE_ROLES}),
    "audit.view": frozenset({DSO, ADMIN, Role.MONITORING_OFFICER}),
    "roles.manage": frozenset({ADMIN}),
    "members.view": MEMBER_ROLES,
    "members.notes": MEMBER_ROLES,
    "register.change": MEMBER_ROLES,
    # Councillors' questions and notices of motion: councillors only (not co-opted members).
    "members.submit": frozenset({Role.COUNCILLOR}),
    "exempt.read": OFFICER_ROLES | MEMBER_ROLES,
}

#: The action each officer and members' route needs: one action for every method, or
#: (reading, changing) for GET/HEAD and for anything else. ``officer_required`` and
#: ``member_required`` read it; every route is listed (the permission matrix test fails
#: on one that is not), and an unlisted officer route needs "officer.unlisted".
ROUTE_ACTIONS: dict[str, str | tuple[str, str]] = {
    "backoffice:dashboard": ("officer.view", "officer.change"),
    # Each officer's own notifications and e-mail preference, and the back-office search
    # (its results are narrowed per record kind to what the role may see).
    "backoffice:notifications": ("officer.view", "officer.view"),
    "backoffice:notification_preferences": ("officer.view", "officer.view"),
    "backoffice:search": "officer.view",
    # The way into scrutiny, plans, interests, minutes and attendance (sections by role).
    "backoffice:areas": "officer.view",
    # Meetings and agendas
    "backoffice:meeting_committees": ("meeting.view", "meeting.change"),
    "backoffice:committee_meetings": ("meeting.view", "meeting.change"),
    "backoffice:meeting_create": ("meeting.view", "meeting.change"),
    "backoffice:meeting": ("meeting.view", "meeting.change"),
    "backoffice:meeting_edit": ("meeting.view", "meeting.change"),
    "backoffice:item_add": ("meeting.view", "agenda.change"),
    "backoffice:meeting_publish": ("meeting.view", "agenda.publish"),
    "backoffice:meeting_supplement": ("meeting.view", "agenda.publish"),
    "backoffice:meeting_cancel": ("meeting.view", "meeting.change"),
    "backoffice:meeting_move": ("meeting.view", "meeting.change"),
    "backoffice:item_edit": ("meeting.view", "agenda.change"),
    "backoffice:item_move": "agenda.change",
    "backoffice:item_exempt": ("meeting.view", "agenda.change"),
    "backoffice:item_exempt_clear": "agenda.change",
    "backoffice:meeting_withdraw": ("meeting.view", "meeting.change"),
    "backoffice:meeting_delete": ("meeting.view", "meeting.change"),
    "backoffice:item_withdraw": ("meeting.view", "agenda.change"),
    "backoffice:item_delete": ("meeting.view", "agenda.change"),
    "backoffice:meeting_reinstate": ("meeting.view", "meeting.change"),
    "backoffice:item_reinstate": ("meeting.view", "agenda.change"),
    # History of changes, each undoable while unpublished (backoffice.history)
    "backoffice:history:meeting": "meeting.view",
    "backoffice:history:meeting_undo": "meeting.change",
    "backoffice:history:item": "meeting.view",
    "backoffice:history:item_undo": "agenda.change",
    "backoffice:history:report": "report.view",
    "backoffice:history:report_undo": "report.change",
    "backoffice:history:decision": "decision.view",
    "backoffice:history:decision_undo": "decision.change",
    "backoffice:attendance:register": ("meeting.view", "meeting.change"),
    "backoffice:attendance:substitute": ("meeting.view", "meeting.change"),
    "backoffice:attendance:quorum": ("meeting.view", "meeting.change"),
    "backoffice:attendance:remove": "meeting.change",
    # Forward plan
    "backoffice:forwardplan:index": ("forwardplan.view", "forwardplan.change"),
    "backoffice:forwardplan:entry": ("forwardplan.view", "forwardplan.change"),
    "backoffice:forwardplan:entry_edit": ("forwardplan.view", "forwardplan.change"),
    "backoffice:forwardplan:exception_create": ("forwardplan.view", "forwardplan.change"),
    "backoffice:forwardplan:plan": ("forwardplan.view", "forwardplan.change"),
    "backoffice:forwardplan:entry_create": ("forwardplan.view", "forwardplan.change"),
    "backoffice:forwardplan:publish": ("forwardplan.view", "forwardplan.change"),
    "backoffice:forwardplan:versions": ("forwardplan.view", "forwardplan.change"),
    "backoffice:forwardplan:version": ("forwardplan.view", "forwardplan.change"),
    "backoffice:forwardplan:exceptions": ("forwardplan.view", "forwardplan.change"),
    # Decisions and referrals
    "backoffice:decisions:list": ("decision.view", "decision.change"),
    "backoffice:decisions:detail": ("decision.view", "decision.change"),
    "backoffice:decisions:edit": ("decision.view", "decision.change"),
    "backoffice:decisions:correct": ("decision.view", "decision.change"),
    "backoffice:decisions:publish": "decision.publish",
    "backoffice:decisions:call_in": ("decision.view", "decision.change"),
    "backoffice:decisions:outcome": ("decision.view", "decision.change"),
    "backoffice:decisions:create": ("decision.view", "decision.change"),
    "backoffice:decisions:matters": ("decision.view", "decision.change"),
    "backoffice:decisions:matter": ("decision.view", "decision.change"),
    "backoffice:decisions:matter_create": ("decision.view", "decision.change"),
    "backoffice:decisions:matter_place": ("decision.view", "decision.change"),
    # Reports and clearance
    "backoffice:reports": "report.view",
    "backoffice:report": "report.view",
    "backoffice:report-file": "report.view",
    "backoffice:report-submit": "report.submit",
    "backoffice:report-clear": "report.clear",
    "backoffice:report-return": "report.return",
    "backoffice:report-create": "report.create",
    "backoffice:report-create-for-item": "agenda.change",
    "backoffice:report-edit": "report.change",
    "backoffice:report-authors": ("report.view", "report.assign"),
    "backoffice:report-appendix-replace": "report.change",
    "backoffice:report-appendix-remove": "report.change",
    "backoffice:audit": "audit.view",
    # Logins and their second factor (administrators at their councils)
    "backoffice:users": "roles.manage",
    "backoffice:user-second-factor": "roles.manage",
    "backoffice:user-person": "roles.manage",
    # Public participation (contact details: personal data)
    "backoffice:participation": ("participation.view", "participation.change"),
    "backoffice:participation_meeting": ("participation.view", "participation.change"),
    "backoffice:participation_publish": "participation.change",
    "backoffice:participation_councillor_new": ("participation.view", "participation.change"),
    "backoffice:participation_public_new": ("participation.view", "participation.change"),
    "backoffice:participation_submission": ("participation.view", "participation.change"),
    "backoffice:participation_accept": "participation.change",
    "backoffice:participation_reject": ("participation.view", "participation.change"),
    "backoffice:participation_answer": ("participation.view", "participation.change"),
    # Interests (sensitive interests and the monitoring officer's reasons)
    "backoffice:interests": ("interests.view", "interests.change"),
    "backoffice:interests_person": ("interests.view", "interests.change"),
    "backoffice:interests_dispensation_new": ("interests.view", "dispensation.grant"),
    "backoffice:interests_entry": ("interests.view", "interests.change"),
    "backoffice:interests_entry_new": ("interests.view", "interests.change"),
    "backoffice:interests_meeting": ("interests.view", "declaration.change"),
    # Minutes
    "backoffice:minutes:meeting": ("minutes.view", "minutes.change"),
    "backoffice:minutes:start": "minutes.change",
    "backoffice:minutes:times": ("minutes.view", "minutes.change"),
    "backoffice:minutes:minute_add": ("minutes.view", "minutes.change"),
    "backoffice:minutes:confirm": ("minutes.view", "minutes.change"),
    "backoffice:minutes:lock": "minutes.change",
    "backoffice:minutes:correct": ("minutes.view", "minutes.change"),
    "backoffice:minutes:version": ("minutes.view", "minutes.change"),
    "backoffice:minutes:minute": ("minutes.view", "minutes.change"),
    "backoffice:minutes:motion_add": ("minutes.view", "minutes.change"),
    # Scrutiny
    "backoffice:scrutiny:work_programme": ("scrutiny.view", "scrutiny.change"),
    "backoffice:scrutiny:work_item_add": ("scrutiny.view", "scrutiny.change"),
    "backoffice:scrutiny:work_item": ("scrutiny.view", "scrutiny.change"),
    "backoffice:scrutiny:actions": ("scrutiny.view", "scrutiny.change"),
    "backoffice:scrutiny:action_add": ("scrutiny.view", "scrutiny.change"),
    "backoffice:scrutiny:action": ("scrutiny.view", "scrutiny.change"),
    "backoffice:scrutiny:meeting_sheet": ("scrutiny.view", "scrutiny.change"),
    "backoffice:scrutiny:settings": ("scrutiny.view", "scrutiny.change"),
    # Council plans
    "backoffice:plans:index": ("plans.view", "plans.change"),
    "backoffice:plans:read": ("plans.view", "plans.change"),
    "backoffice:plans:import": ("plans.view", "plans.change"),
    "backoffice:plans:plan": ("plans.view", "plans.change"),
    "backoffice:plans:progress_report": ("plans.view", "plans.change"),
    "backoffice:plans:item": ("plans.view", "plans.change"),
    "backoffice:plans:evidence_file": ("plans.view", "plans.change"),
    # Import review (uploaded archive documents, what was read, corrections)
    "backoffice:imports:index": ("import.view", "import.change"),
    "backoffice:imports:council": ("import.view", "import.change"),
    "backoffice:imports:review": ("import.view", "import.change"),
    "backoffice:imports:page": "import.view",
    # Set-up (democratic services and administrators)
    "backoffice:setup": ("setup.view", "setup.change"),
    "backoffice:setup_council": ("setup.view", "setup.change"),
    "backoffice:setup_rules": ("setup.view", "setup.change"),
    "backoffice:setup_closure_days": ("setup.view", "setup.change"),
    "backoffice:setup_closure_day_remove": "setup.change",
    "backoffice:setup_clearance": ("setup.view", "setup.change"),
    "backoffice:setup_wards": ("setup.view", "setup.change"),
    "backoffice:setup_ward_new": ("setup.view", "setup.change"),
    "backoffice:setup_ward": ("setup.view", "setup.change"),
    "backoffice:setup_ward_delete": ("setup.view", "setup.change"),
    "backoffice:setup_groups": ("setup.view", "setup.change"),
    "backoffice:setup_group_new": ("setup.view", "setup.change"),
    "backoffice:setup_group": ("setup.view", "setup.change"),
    "backoffice:setup_group_delete": ("setup.view", "setup.change"),
    "backoffice:setup_people": ("setup.view", "setup.change"),
    "backoffice:setup_person_new": ("setup.view", "setup.change"),
    "backoffice:setup_person": ("setup.view", "setup.change"),
    "backoffice:setup_person_delete": ("setup.view", "setup.change"),
    "backoffice:setup_surgeries": ("setup.view", "setup.change"),
    "backoffice:setup_surgery_new": ("setup.view", "setup.change"),
    "backoffice:setup_surgery": ("setup.view", "setup.change"),
    "backoffice:setup_committees": ("setup.view", "setup.change"),
    "backoffice:setup_committee_new": ("setup.view", "setup.change"),
    "backoffice:setup_committee": ("setup.view", "setup.change"),
    "backoffice:setup_committee_delete": ("setup.view", "setup.change"),
    "backoffice:setup_standing_items": ("setup.view", "setup.change"),
    "backoffice:setup_memberships": ("setup.view", "setup.change"),
    "backoffice:setup_membership_new": ("setup.view", "setup.change"),
    "backoffice:setup_membership": ("setup.view", "setup.change"),
    "backoffice:setup_named_substitutes": ("setup.view", "setup.change"),
    "backoffice:setup_named_substitute": ("setup.view", "setup.change"),
    "backoffice:setup_named_substitute_remove": "setup.change",
    "backoffice:setup_portfolios": ("setup.view", "setup.change"),
    "backoffice:setup_portfolio_new": ("setup.view", "setup.change"),
    "backoffice:setup_portfolio": ("setup.view", "setup.change"),
    "backoffice:setup_holder_new": ("setup.view", "setup.change"),
    "backoffice:setup_holder": ("setup.view", "setup.change"),
    "backoffice:setup_venues": ("setup.view", "setup.change"),
    "backoffice:setup_venue_new": ("setup.view", "setup.change"),
    "backoffice:setup_venue": ("setup.view", "setup.change"),
    "backoffice:setup_venue_delete": ("setup.view", "setup.change"),
    "backoffice:setup_substitutes": ("setup.view", "setup.change"),
    "backoffice:setup_terms": ("setup.view", "setup.change"),
    "backoffice:setup_term_new": ("setup.view", "setup.change"),
    "backoffice:setup_term": ("setup.view", "setup.change"),
    # The members' area
    "members:home": "members.view",
    "members:meeting": "members.view",
    "members:meeting-pack-pdf": "members.view",
    "members:meeting-pack-html": "members.view",
    "members:supplement-pack-pdf": "members.view",
    "members:supplement-pack-html": "members.view",
    "members:report": ("members.view", "members.notes"),
    "members:document": "members.view",
    "members:interests": ("members.view", "register.change"),
    "members:register-entry": "register.change",
    "members:business": "members.submit",
    "members:question-new": "members.submit",
    "members:motion-new": "members.submit",
    "members:sign-minutes": "members.view",
    "members:notes": "members.view",
    "members:notes-json": "members.view",
    "members:notes-csv": "members.view",
    "member_notifications:list": "members.view",
    "member_notifications:preferences": "members.view",
}

#: Methods that only read.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def route_action(view_name: str, method: str) -> str | None:
    """The action ``ROUTE_ACTIONS`` gives a route for a method (None if it is unlisted)."""
    entry = ROUTE_ACTIONS.get(view_name)
    if entry is None or isinstance(entry, str):
        return entry
    return entry[0] if method in READ_METHODS else entry[1]


def _is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _role_map(user: Any) -> dict[int | None, set[str]]:
    """{council id: roles held there}; key ``None`` holds roles held at every council."""
    cached = getattr(user, "_minutebook_roles", None)
    if cached is not None:
        return cached
    from minutebook.accounts.models import RoleAssignment
    from minutebook.people.models import PersonKind

    held: dict[int | None, set[str]] = {}
    for council_id, role in RoleAssignment.objects.filter(user_id=user.pk).values_list(
        "council_id", "role"
    ):
        held.setdefault(council_id, set()).add(role)
    person = _person(user)
    if person is not None and person.is_active:
        kind = {PersonKind.COUNCILLOR: Role.COUNCILLOR, PersonKind.CO_OPTED: Role.CO_OPTED}
        if person.kind in kind:
            held.setdefault(person.council_id, set()).add(kind[person.kind])
    if user.is_superuser:
        held.setdefault(None, set()).add(ADMIN)
    fallback = getattr(settings, "MINUTEBOOK_UNASSIGNED_STAFF_ROLE", "")
    if user.is_staff and fallback and not any(held.values()):
        held.setdefault(None, set()).add(fallback)
    user._minutebook_roles = held
    return held


def _person(user: Any) -> Any:
    try:
        return user.person
    except Exception:  # RelatedObjectDoesNotExist: no Person linked to this login
        return None


def forget_roles(user: Any) -> None:
    """Drop the per-object cache after roles change (tests, the admin)."""
    if hasattr(user, "_minutebook_roles"):
        del user._minutebook_roles


def roles_for(user: Any, council: Any = None) -> set[str]:
    """Roles the user holds at ``council`` (a Council or its id), or anywhere if None."""
    if not _is_signed_in(user):
        return set()
    held = _role_map(user)
    if council is None:
        return set().union(*held.values()) if held else set()
    council_id = getattr(council, "pk", council)
    return held.get(None, set()) | held.get(council_id, set())


def councils_where(user: Any, roles: Iterable[str]) -> list[int] | None:
    """Ids of the councils where the user holds any of ``roles``; None means every council."""
    if not _is_signed_in(user):
        return []
    wanted = set(roles)
    held = _role_map(user)
    if held.get(None, set()) & wanted:
        return None
    return [cid for cid, got in held.items() if cid is not None and got & wanted]


def council_id_of(obj: Any) -> int | None:
    """The council an object belongs to, following its links as few times as possible."""
    from minutebook.councils.models import Council

    if obj is None:
        return None
    if isinstance(obj, Council):
        return obj.pk
    if getattr(obj, "council_id", None) is not None:
        return obj.council_id
    for link in ("committee", "meeting", "report", "person", "agenda_item", "portfolio"):
        if getattr(obj, f"{link}_id", None) is not None:
            return council_id_of(_officer_related(obj, link))
    return None


def _officer_related(obj: Any, link: str) -> Any:
    """Follow a foreign key with the unfiltered manager (exempt rows included)."""
    field = obj._meta.get_field(link)
    model = field.related_model
    manager = getattr(model, "officer_objects", model._base_manager)
    return manager.filter(pk=getattr(obj, f"{link}_id")).first()


def is_report_author(user: Any, report: Any) -> bool:
    """Assigned to the report, or named as one of its authors through their Person."""
    if not _is_signed_in(user) or report is None:
        return False
    if getattr(report, "assigned_to_id", None) == user.pk:
        return True
    from minutebook.reports.models import ReportAuthor

    return ReportAuthor.officer_objects.filter(
        report_id=report.pk, person__user_id=user.pk
    ).exists()


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether ``user`` may do ``action`` (a key of ``ACTION_ROLES``) to ``obj``."""
    if action not in ACTION_ROLES:
        raise KeyError(f"Unknown action {action!r}: add it to ACTION_ROLES.")
    if action == "exempt.read" and obj is not None and not _is_exempt(obj):
        return True  # public papers: anyone, signed in or not
    if not _is_signed_in(user):
        return False
    council_id = council_id_of(obj) if obj is not None else None
    roles = roles_for(user, council_id) if obj is not None else roles_for(user)
    allowed = roles & ACTION_ROLES[action]
    if not allowed:
        return False
    check = OBJECT_RULES.get(action)
    if obj is None or check is None:
        return True
    return check(user, allowed, obj)


def require(user: Any, action: str, obj: Any = None) -> None:
    """``can`` or ``PermissionDenied``."""
    from django.core.exceptions import PermissionDenied

    if not can(user, action, obj):
        raise PermissionDenied(f"Not permitted: {action}.")


# Object-level rules: (user, roles that allowed the action here, obj) -> bool.


def _report_of(obj: Any) -> Any:
    from minutebook.reports.models import Report

    if isinstance(obj, Report):
        return obj
    if getattr(obj, "report_id", None) is not None:
        return Report.officer_objects.filter(pk=obj.report_id).first()
    return None


def _change_report(user: Any, roles: set[str], obj: Any) -> bool:
    if roles & _RUNS_MEETINGS:
        return True
    report = _report_of(obj)
    editable = getattr(report, "state", "draft") == "draft"
    return editable and is_report_author(user, report)


def _view_report(user: Any, roles: set[str], obj: Any) -> bool:
    """Report authors see the reports they write (and what hangs off them); clearance
    officers the reports sent to them (submitted once, needing their role); no others."""
    if roles & _RUNS_MEETINGS:
        return True
    report = _report_of(obj)
    if roles & CLEARANCE_ROLES and report is not None and report.submitted_at is not None:
        from minutebook.reports.services import required_roles

        if roles & set(required_roles(report)):
            return True
    return AUTHOR in roles and is_report_author(user, report)


def _submit_report(user: Any, roles: set[str], obj: Any) -> bool:
    if roles & _RUNS_MEETINGS:
        return True
    return is_report_author(user, _report_of(obj))


def _clear_report(user: Any, roles: set[str], obj: Any) -> bool:
    from minutebook.reports.services import outstanding_roles

    report = _report_of(obj)
    return report is not None and bool(roles & set(outstanding_roles(report)))


def _change_register(user: Any, roles: set[str], obj: Any) -> bool:
    person = _person(user)
    return person is not None and getattr(obj, "person_id", None) == person.pk


def _is_exempt(obj: Any) -> bool:
    if getattr(obj, "is_exempt", False):
        return True
    report = _report_of(obj) if not hasattr(obj, "is_exempt") else None
    return bool(report is not None and report.is_exempt)


def _paragraphs(obj: Any) -> set[int]:
    found = set(getattr(obj, "exempt_paragraphs", None) or [])
    report = _report_of(obj)
    if report is not None and report is not obj:
        found |= set(report.exempt_paragraphs or [])
    return found


def meetings_of(obj: Any) -> list[Any]:
    """The meetings a paper is for: its own meeting, or those its report is on."""
    from minutebook.meetings.models import AgendaItem, Meeting

    ids: set[int] = set()
    if getattr(obj, "meeting_id", None) is not None:
        ids.add(obj.meeting_id)
    report = _report_of(obj)
    if report is not None:
        ids |= set(
            AgendaItem.public_objects.filter(report_id=report.pk).values_list(
                "meeting_id", flat=True
            )
        )
    return list(Meeting.objects.filter(pk__in=ids).select_related("committee__council"))


def sits_on(person: Any, committee_id: int, on: date | None = None) -> bool:
    """Whether the person is a member of the committee on a day (default: today)."""
    from django.db.models import Q

    from minutebook.committees.models import Membership

    day = on or timezone.localdate()
    return (
        Membership.objects.filter(person=person, committee_id=committee_id)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .exists()
    )


def member_entitled(user: Any, obj: Any, meetings: Iterable[Any] | None = None) -> bool:
    """The council's exempt-access rule for a councillor or co-opted member (see module)."""
    person = _person(user)
    if person is None or not person.is_active:
        return False
    meetings = list(meetings_of(obj) if meetings is None else meetings)
    for meeting in meetings:
        if meeting.committee.council_id != person.council_id:
            continue
        if sits_on(person, meeting.committee_id, None) or sits_on(
            person, meeting.committee_id, meeting.date
        ):
            return True
    council_id = council_id_of(obj)
    if Role.COUNCILLOR not in roles_for(user, council_id):
        return False
    from minutebook.councils.models import Council

    council = Council.objects.filter(pk=council_id).first()
    if council is None or council.exempt_access_rule != "all":
        return False
    paragraphs = _paragraphs(obj)
    return bool(paragraphs) and paragraphs <= S100F_MEMBERS_PARAGRAPHS


def _read_exempt(user: Any, roles: set[str], obj: Any) -> bool:
    if roles & (OFFICER_ROLES - {AUTHOR}):
        return True
    if AUTHOR in roles and is_report_author(user, _report_of(obj)):
        return True
    if roles & MEMBER_ROLES:
        return member_entitled(user, obj)
    return False


OBJECT_RULES: dict[str, Callable[[Any, set[str], Any], bool]] = {
    "report.view": _view_report,
    "report.change": _change_report,
    "report.submit": _submit_report,
    "report.clear": _clear_report,
    "register.change": _change_register,
    "exempt.read": _read_exempt,
}


def needs_second_factor(user: Any) -> bool:
    """The one second-factor rule lives in ``accounts.otp`` (officers, administrators,
    optionally members, anyone with a device); kept here for callers of this name."""
    from minutebook.accounts.otp import needs_second_factor as rule

    return rule(user)
