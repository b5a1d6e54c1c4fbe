"""The demo council: a fictional authority with a year of committee business.

``load_demo(seed)`` writes Wessex Vale Council (40 councillors, six committees, about
fifty meetings around today, reports, attendance, minutes with motions and votes,
decisions and call-ins, questions, declarations, a forward plan, work programmes, plans
and an email alert) and the demo logins, and rebuilds the search index; it is
deterministic for a seed and never loads the council twice. The agenda packs and minutes
PDFs are queued for the task worker once the load commits (``demo.background``).
``demo_logins()`` describes the logins without touching the database, and
``print_logins`` shows them on a rich console.

Imports of Django models happen inside the functions, so importing this package (for
example from the command line before ``django.setup()``) is safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from minutebook.demo.data import COUNCIL_NAME, COUNCIL_SLUG, EMAIL_DOMAIN, EXEMPT_CANARY

if TYPE_CHECKING:
    from rich.console import Console

    from minutebook.councils.models import Council

__all__ = [
    "COUNCIL_SLUG",
    "EXEMPT_CANARY",
    "DemoLogin",
    "DemoLogins",
    "DemoResult",
    "demo_logins",
    "load_demo",
    "print_logins",
]


@dataclass(frozen=True)
class DemoLogin:
    """A demo account. The passwords are public by design: never use them in production.

    ``role_code`` is the ``accounts.roles.Role`` held at the demo council (none for the
    superuser); ``person`` names whom the login belongs to (see ``DemoBuilder.login_people``).
    """

    role: str
    username: str
    password: str
    email: str
    is_superuser: bool = False
    path: str = "/officer/"
    role_code: str = ""
    person: str = ""


LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "Administrator (superuser)",
        "admin",
        "minutebook-demo-admin",
        f"admin@{EMAIL_DOMAIN}",
        is_superuser=True,
        path="/admin/",
    ),
    DemoLogin(
        "Democratic services officer",
        "officer",
        "minutebook-demo-officer",
        f"democratic.services@{EMAIL_DOMAIN}",
        role_code="democratic_services",
        person="officer",
    ),
    DemoLogin(
        "Report author",
        "author",
        "minutebook-demo-author",
        f"report.author@{EMAIL_DOMAIN}",
        role_code="report_author",
        person="author",
    ),
    DemoLogin(
        "Finance officer (clears reports)",
        "finance",
        "minutebook-demo-finance",
        f"finance.clearance@{EMAIL_DOMAIN}",
        role_code="finance_officer",
        person="finance",
    ),
    DemoLogin(
        "Legal officer (clears reports)",
        "legal",
        "minutebook-demo-legal",
        f"legal.clearance@{EMAIL_DOMAIN}",
        role_code="legal_officer",
        person="legal",
    ),
    DemoLogin(
        "Monitoring officer (clears exempt reports)",
        "monitoring",
        "minutebook-demo-monitoring",
        f"monitoring.officer@{EMAIL_DOMAIN}",
        role_code="monitoring_officer",
        person="monitoring",
    ),
    DemoLogin(
        "Councillor (members' area)",
        "councillor",
        "minutebook-demo-councillor",
        f"councillor@{EMAIL_DOMAIN}",
        path="/members/",
        role_code="councillor",
        person="councillor",
    ),
)


@dataclass
class DemoLogins:
    """The demo logins alone, for a database where the demo was loaded earlier."""

    logins: list[DemoLogin] = field(default_factory=lambda: list(LOGINS))
    council: Council | None = None


@dataclass
class DemoResult:
    """What ``load_demo`` did: the council, whether it was created now, and row counts."""

    council: Council
    seed: int
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=lambda: list(LOGINS))


class HasLogins(Protocol):
    logins: list[DemoLogin]


def demo_logins() -> DemoLogins:
    """The demo logins, without creating anything."""
    return DemoLogins()


def load_demo(seed: int = 1, today: date | None = None) -> DemoResult:
    """Load the demo council (idempotent: an existing demo council is left as it is).

    ``today`` places the year of meetings (default: today's local date); names, titles
    and numbers depend on ``seed`` only. The whole load is one transaction, ending with
    the search index; pack and minutes builds are queued when it commits.
    """
    from django.db import transaction
    from django.utils import timezone

    from minutebook.councils.models import Council
    from minutebook.demo import background
    from minutebook.demo.builder import DemoBuilder

    existing = Council.objects.filter(slug=COUNCIL_SLUG).first()
    if existing is None and Council.objects.filter(name=COUNCIL_NAME).exists():
        raise RuntimeError(
            f"A council named {COUNCIL_NAME!r} exists under another slug; not loading the demo."
        )
    with transaction.atomic():
        if existing is not None:
            ensure_users(existing)
            return DemoResult(council=existing, seed=seed, created=False)
        if today is None:
            builder = DemoBuilder(seed=seed, today=timezone.localdate(), now=timezone.now())
        else:
            builder = DemoBuilder(seed=seed, today=today)
        council = builder.build()
        users = ensure_users(council, builder.login_people())
        builder.write_clearances(users)
        record_officer(council, users["officer"])
        counts = dict(builder.counts)
        counts["search_entries"] = background.index(council)
        counts.update(background.queue_builds(council, builder.now))
        return DemoResult(council=council, seed=seed, created=True, counts=counts)


def record_officer(council: Any, officer: Any) -> None:
    """The demo officer published the papers, recorded the decisions, notices and
    attendance, and locked the confirmed minutes.

    Bulk updates are harmless here: they run in the loading transaction on rows created
    moments before, set only who acted (no searched, public or OParl field), and the
    rows' creation is what the audit trail and ``modified`` already show.
    """
    from minutebook.attendance.models import Attendance
    from minutebook.decisions.models import CallInRequest, Decision
    from minutebook.forwardplan.models import ForwardPlanVersion, KeyDecisionException
    from minutebook.meetings.models import Meeting, Supplement, UrgencyRecord
    from minutebook.minutes.models import Minutes, MinutesVersion

    # bulk-update-ok: demo load, attribution only (see docstring)
    Meeting.objects.filter(committee__council=council, published_at__isnull=False).update(
        published_by=officer
    )
    # bulk-update-ok: demo load, attribution only (see docstring)
    Supplement.objects.filter(meeting__committee__council=council).update(published_by=officer)
    # bulk-update-ok: demo load, attribution only (see docstring)
    UrgencyRecord.objects.filter(meeting__committee__council=council).update(recorded_by=officer)
    # bulk-update-ok: demo load, attribution only (see docstring)
    Decision.officer_objects.filter(council=council, published_at__isnull=False).update(
        published_by=officer
    )
    # bulk-update-ok: demo load, attribution only (see docstring)
    CallInRequest.objects.filter(decision_record__council=council).update(recorded_by=officer)
    # bulk-update-ok: demo load, attribution only (see docstring)
    ForwardPlanVersion.objects.filter(council=council).update(published_by=officer)
    # bulk-update-ok: demo load, attribution only (see docstring)
    KeyDecisionException.objects.filter(entry__council=council).update(recorded_by=officer)
    # bulk-update-ok: demo load, attribution only (see docstring)
    Attendance.objects.filter(meeting__committee__council=council).update(recorded_by=officer)
    # bulk-update-ok: demo load, attribution only (see docstring)
    Minutes.objects.filter(meeting__committee__council=council, state="locked").update(
        locked_by=officer
    )
    # bulk-update-ok: demo load, attribution only (see docstring)
    MinutesVersion.objects.filter(minutes__meeting__committee__council=council).update(
        created_by=officer
    )


def ensure_users(council: Any, people: dict[str, Any] | None = None) -> dict[str, Any]:
    """Create the demo logins if missing, with their roles at the council.

    Existing accounts keep their passwords. ``people`` links logins to the demo's
    people (when the council is built now). Returns the users by username.
    """
    from django.contrib.auth import get_user_model

    from minutebook.accounts.models import RoleAssignment
    from minutebook.people.models import Person

    user_model = get_user_model()
    people = people or {}
    users: dict[str, Any] = {}
    hashed = _hash_new_passwords(user_model)
    for login in LOGINS:
        person = people.get(login.person)
        user = user_model.objects.filter(username=login.username).first()
        if user is None:
            user = user_model(username=login.username, email=login.email)
            user.password = hashed[login.username]
            user.is_staff = login.is_superuser
            user.is_superuser = login.is_superuser
            if person is not None:
                user.first_name, user.last_name = person.first_name, person.last_name
            user.save()
        if login.role_code:
            RoleAssignment.objects.get_or_create(user=user, council=council, role=login.role_code)
        if (
            person is not None
            and person.user_id is None
            and not Person.objects.filter(user=user).exists()
        ):
            person.user = user
            person.save(update_fields=["user"])
        users[login.username] = user
    return users


def _hash_new_passwords(user_model: Any) -> dict[str, str]:
    """The password hashes of the logins not created yet, computed side by side: the
    hasher's key stretching (a good part of a second each) runs outside the GIL."""
    from concurrent.futures import ThreadPoolExecutor

    from django.contrib.auth.hashers import make_password

    names = [login.username for login in LOGINS]
    taken = set(user_model.objects.filter(username__in=names).values_list("username", flat=True))
    new = [login for login in LOGINS if login.username not in taken]
    with ThreadPoolExecutor(max_workers=4) as pool:
        hashes = pool.map(make_password, [login.password for login in new])
    return {login.username: h for login, h in zip(new, hashes, strict=True)}


def print_logins(console: Console, result: HasLogins) -> None:
    """Print the demo logins as a table (they are public demo credentials)."""
    from rich.table import Table

    table = Table(title="Demo logins", show_lines=False)
    table.add_column("Username", style="bold", no_wrap=True)
    table.add_column("Password", no_wrap=True)
    table.add_column("Where", no_wrap=True)
    table.add_column("Role")
    for login in result.logins:
        table.add_row(login.username, login.password, login.path, login.role)
    console.print(table)
    council = getattr(result, "council", None)
    if council is not None:
        console.print(f"Public site: [bold]/{council.slug}/[/bold]")
