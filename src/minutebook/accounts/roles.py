"""The roles of a committee system, and the Django groups that carry their model permissions.

A role is held *per council* (``RoleAssignment``); the matching group gives the model
permissions Django's admin checks. What each role may do in the workflow is answered
by ``accounts.permissions.can``; the groups only mirror it for the admin, and only for
the roles that use the admin at all (``accounts.admin_scope``, which also decides per
role which admins they reach): clearance officers and members get no model permission.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    DEMOCRATIC_SERVICES = "democratic_services", "Democratic services officer"
    REPORT_AUTHOR = "report_author", "Report author"
    FINANCE = "finance_officer", "Finance officer (clearance)"
    LEGAL = "legal_officer", "Legal officer (clearance)"
    MONITORING_OFFICER = "monitoring_officer", "Monitoring officer (clearance)"
    COUNCILLOR = "councillor", "Councillor"
    CO_OPTED = "co_opted_member", "Co-opted member"
    ADMINISTRATOR = "administrator", "Administrator"


#: Roles that sign reports off before they can go into a pack.
CLEARANCE_ROLES = frozenset({Role.FINANCE, Role.LEGAL, Role.MONITORING_OFFICER})
#: Council staff: they use the officer pages.
OFFICER_ROLES = frozenset(
    {Role.DEMOCRATIC_SERVICES, Role.REPORT_AUTHOR, Role.ADMINISTRATOR, *CLEARANCE_ROLES}
)
#: Elected and co-opted members: they use the members' area.
MEMBER_ROLES = frozenset({Role.COUNCILLOR, Role.CO_OPTED})
#: Roles whose holders must use a second factor (TOTP) to reach officer pages.
SECOND_FACTOR_ROLES = frozenset({Role.ADMINISTRATOR})

GROUP_NAMES: dict[str, str] = {role.value: f"Role: {role.label}" for role in Role}

_READ = ("view",)
_WRITE = ("view", "add", "change")
_ALL = ("view", "add", "change", "delete")

#: Model permissions per role, as {app_label: {model: actions}}, plus custom codenames.
ROLE_MODEL_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    Role.DEMOCRATIC_SERVICES: {
        "meetings": {"meeting": _WRITE, "agendaitem": _ALL, "venue": _WRITE},
        "reports": {"report": _WRITE, "reportauthor": _ALL, "reportclearance": _READ},
        "documents": {"document": _ALL},
        "decisions": {
            "decision": _WRITE,
            "minuteitem": _ALL,
            "callinrequest": _WRITE,
            "matter": _WRITE,
            "consideration": _WRITE,
        },
        "forwardplan": {"forwardplanentry": _WRITE, "keydecisionexception": _WRITE},
        "interests": {"declaration": _ALL},
        "participation": {"publicquestion": _WRITE},
        "committees": {"committee": _READ, "membership": _WRITE},
        "people": {"person": _READ},
        "audit": {"auditevent": _READ},
    },
    # Only the report admin (accounts.admin_scope): their reports, their co-authors, and
    # new appendices through the report's inline (never the document admin).
    Role.REPORT_AUTHOR: {
        "reports": {"report": _WRITE, "reportauthor": _WRITE},
        "documents": {"document": _WRITE},
    },
    # Clearance officers do not use the admin: they work in /officer/.
    Role.FINANCE: {},
    Role.LEGAL: {},
    Role.MONITORING_OFFICER: {},
    Role.COUNCILLOR: {},
    Role.CO_OPTED: {},
    Role.ADMINISTRATOR: {
        "accounts": {"roleassignment": _ALL},
        "auth": {"user": _WRITE},
        "councils": {"council": _WRITE, "closureday": _ALL},
        "audit": {"auditevent": _READ},
    },
}

#: Custom permissions (declared in model Meta) carried by each role.
ROLE_CUSTOM_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    Role.DEMOCRATIC_SERVICES: (("reports", "submit_report"),),
    Role.REPORT_AUTHOR: (("reports", "submit_report"),),
    Role.FINANCE: (("reports", "clear_report"),),
    Role.LEGAL: (("reports", "clear_report"),),
    Role.MONITORING_OFFICER: (("reports", "clear_report"),),
}


def ensure_roles(verbosity: int = 0) -> dict[str, int]:
    """Create or update one group per role with its permissions; safe to run again.

    Permissions of apps that are not installed are skipped. Returns the number of
    permissions set on each group.
    """
    from django.contrib.auth.models import Group, Permission

    counts: dict[str, int] = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role.value])
        wanted = []
        for app_label, models_ in ROLE_MODEL_PERMISSIONS.get(role, {}).items():
            for model, actions in models_.items():
                wanted += [(app_label, f"{action}_{model}") for action in actions]
        wanted += list(ROLE_CUSTOM_PERMISSIONS.get(role, ()))
        perms = []
        for app_label, codename in wanted:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)
        counts[role.value] = len(perms)
    return counts
