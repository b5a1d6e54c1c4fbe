"""The second factor: who must use one, and the administrator-issued enrolment codes.

One rule (:func:`needs_second_factor`) decides who is held back from the officer pages,
the admin, the members' area and operations until verified with a TOTP code:

- anyone who has an authenticator set up uses it;
- with ``MINUTEBOOK_REQUIRE_OFFICER_OTP`` (on in production) every officer role,
  superusers included (they are administrators everywhere);
- with ``MINUTEBOOK_REQUIRE_ADMIN_OTP`` administrators and superusers (the narrower,
  older switch, for a council that turns the officer one off);
- with ``MINUTEBOOK_REQUIRE_MEMBER_OTP`` (off unless the council wants it) councillors
  and co-opted members.

Enrolment is not first come, first served: whoever learned a password could otherwise
bind their own phone to the account before its owner did. An administrator issues a
code (:func:`issue`), hands it over out of band, and the user, signed in with their
password, redeems it (:func:`redeem`) to see the key and confirm a first code.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from minutebook.accounts.models import EnrolmentCode, RoleAssignment
from minutebook.accounts.roles import MEMBER_ROLES, OFFICER_ROLES, Role

#: Letters and digits nobody misreads (no 0/O, 1/I/L); 12 of them are about 59 bits.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
_HASH_SALT = "minutebook.accounts.otp.enrolment"
#: Throttle key prefix for wrong codes: a password sign-in clears the username's own
#: failures, so codes keep a count of their own (":" never occurs in a username).
THROTTLE_PREFIX = "otp:"


def required_roles() -> set[str]:
    """The roles whose holders must verify with a second factor, from the settings."""
    roles: set[str] = set()
    if getattr(settings, "MINUTEBOOK_REQUIRE_OFFICER_OTP", True):
        roles |= OFFICER_ROLES
    if getattr(settings, "MINUTEBOOK_REQUIRE_ADMIN_OTP", True):
        roles.add(Role.ADMINISTRATOR)
    if getattr(settings, "MINUTEBOOK_REQUIRE_MEMBER_OTP", False):
        roles |= MEMBER_ROLES
    return roles


def needs_second_factor(user: Any) -> bool:
    """Whether ``user`` must be verified with a TOTP code before the protected pages."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    from django_otp import user_has_device

    from minutebook.accounts.permissions import roles_for

    if user_has_device(user):
        return True
    return bool(roles_for(user) & required_roles())


def throttle_key(user: Any) -> str:
    return f"{THROTTLE_PREFIX}{user.get_username()}"


def hash_code(code: str) -> str:
    """Keyed with SECRET_KEY, so a copy of the database alone does not let one test codes."""
    return salted_hmac(_HASH_SALT, normalise(code), algorithm="sha256").hexdigest()


def normalise(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isalnum())[:64]


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def councils_of(user: Any) -> set[int]:
    """The councils where ``user`` holds a role, or sits as a member (their Person)."""
    ids = set(RoleAssignment.objects.filter(user=user).values_list("council_id", flat=True))
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    if person is not None:
        ids.add(person.council_id)
    return ids


def issuing_council(issuer: Any, user: Any) -> tuple[bool, int | None]:
    """May ``issuer`` issue ``user`` a code, and for which council (audit attribution)?

    Superusers may for anyone. An administrator may for a user holding a role (or a
    seat) at a council they administer; never for a superuser, never for themselves:
    that would be the self-enrolment this exists to prevent.
    """
    from minutebook.accounts.permissions import councils_where

    theirs = sorted(councils_of(user))
    if issuer.pk == user.pk or not user.is_active:
        return False, None
    if issuer.is_superuser:
        return True, theirs[0] if theirs else None
    if user.is_superuser:
        return False, None
    mine = councils_where(issuer, {Role.ADMINISTRATOR})
    if mine is None:
        return True, theirs[0] if theirs else None
    shared = [cid for cid in theirs if cid in set(mine)]
    return (True, shared[0]) if shared else (False, None)


@dataclass
class Issued:
    code: str
    enrolment: EnrolmentCode
    removed_devices: int


def issue(
    user: Any, issued_by: Any = None, *, council_id: int | None = None, remove_devices: bool
) -> Issued:
    """A new code for ``user``; earlier unused codes are revoked, and with
    ``remove_devices`` (a lost phone) every authenticator the user has now goes too."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from minutebook import audit

    now = timezone.now()
    hours = int(getattr(settings, "MINUTEBOOK_OTP_ENROLMENT_HOURS", 72))
    code = new_code()
    with transaction.atomic():
        EnrolmentCode.objects.filter(
            user=user, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)  # bulk-update-ok: enrolment codes feed no copy; issuing is audited
        enrolment = EnrolmentCode.objects.create(
            user=user,
            council_id=council_id,
            issued_by=issued_by,
            code_hash=hash_code(code),
            created=now,
            expires=now + timedelta(hours=hours),
        )
        removed = 0
        if remove_devices:
            for device in TOTPDevice.objects.filter(user=user):
                audit.record(
                    "otp.device_removed",
                    enrolment,
                    before={"device_id": device.pk, "name": device.name},
                    reason="Removed by the administrator issuing a new enrolment code.",
                    user=issued_by,
                )
                device.delete()
                removed += 1
        audit.record(
            "otp.enrolment_issued",
            enrolment,
            after={
                "user_id": user.pk,
                "username": user.get_username(),
                "expires": enrolment.expires.isoformat(),
                "devices_removed": removed,
            },
            user=issued_by,
        )
    return Issued(code=code, enrolment=enrolment, removed_devices=removed)


def redeem(user: Any, code: str) -> EnrolmentCode | None:
    """Use ``user``'s outstanding code once; None if wrong, used, revoked or expired.

    The conditional UPDATE marks it used, so two requests racing with one code cannot
    both succeed.
    """
    now = timezone.now()
    hashed = hash_code(code)
    with transaction.atomic():
        taken = EnrolmentCode.objects.filter(
            user=user,
            code_hash=hashed,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires__gt=now,
        ).update(
            used_at=now
        )  # bulk-update-ok: a conditional claim (one winner); enrolling is audited
        if taken != 1:
            return None
        return EnrolmentCode.objects.get(user=user, code_hash=hashed)


def outstanding(user: Any) -> EnrolmentCode | None:
    """The user's code still waiting to be used, if any."""
    return (
        EnrolmentCode.objects.filter(
            user=user,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires__gt=timezone.now(),
        )
        .order_by("-created")
        .first()
    )
