"""Who holds which role at which council, and failed sign-ins for throttling."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction

from minutebook.accounts.roles import GROUP_NAMES, OFFICER_ROLES, Role
from minutebook.councils.models import Council


class RoleAssignment(models.Model):
    """A user holds a role at one council (an officer may clear for one council only).

    The user is also put in the role's group, so the admin's model permissions follow;
    the group is left when the user holds the role at no council any more.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=24, choices=Role.choices, db_index=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council", "role"], name="unique_role_held"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} ({self.council})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            super().save(*args, **kwargs)
            sync_role_groups(self.user)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        user = self.user
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            sync_role_groups(user)
        return result


def sync_role_groups(user: Any) -> None:
    """Put the user in exactly the role groups of the roles they hold somewhere.

    An officer role also makes the user staff (the admin needs it); losing the last one
    ends that, so a former officer does not fall back to the rights of unassigned staff.
    """
    from django.contrib.auth.models import Group

    from minutebook.accounts.permissions import forget_roles

    held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if role in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    staff = bool(held & OFFICER_ROLES) or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    forget_roles(user)


class SignInFailure(models.Model):
    """One failed sign-in; recent ones lock the username (and, in bulk, the address)."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip_address or 'unknown'} at {self.at:%Y-%m-%d %H:%M}"


class EnrolmentCode(models.Model):
    """A one-time code an administrator issues so a user can set up an authenticator app.

    Nobody adds a second factor to their own account unaided (docs/sign-in.md): the
    code is handed over out of band and only its keyed hash is kept. It works once,
    for its own user, until it expires or a newer code revokes it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes"
    )
    #: The council the issuer administers for this user (audit attribution); none when a
    #: superuser or the command line issued it for a user tied to no council.
    council = models.ForeignKey(
        Council, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField()
    expires = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Enrolment code for {self.user} issued {self.created:%Y-%m-%d %H:%M}"
