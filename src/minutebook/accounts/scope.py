"""Which councils a user may act for, and narrowing querysets to them.

``can(user, action, obj)`` answers for one record; list pages, form choices and admin
changelists need the same answer for many rows at once. ``permissions.councils_where``
is that answer as ids (the councils where the user holds one of the roles; None for
every council), ``officer_councils`` the same as a ``Council`` queryset (officer roles
by default), and ``scope_to_councils`` filters any queryset by following the model's
foreign keys to its council (``council_lookup``: meeting -> committee -> council, and
so on).

Superusers act for every council; staff holding no role act for none (unless an old
installation names a role for them: ``MINUTEBOOK_UNASSIGNED_STAFF_ROLE``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, TypeVar

from django.db import models

from minutebook.accounts.permissions import councils_where
from minutebook.accounts.roles import OFFICER_ROLES

M = TypeVar("M", bound=models.Model)

#: How far ``council_lookup`` follows foreign keys looking for the council.
_MAX_HOPS = 4


def officer_councils(user: Any, roles: Iterable[str] = OFFICER_ROLES) -> models.QuerySet[Any]:
    """The councils ``user`` may act for as an officer, as a ``Council`` queryset.

    Superusers get every council (as do role-less staff if the setting names a role);
    anyone else only the councils where they hold one of ``roles``.
    """
    from minutebook.councils.models import Council

    ids = councils_where(user, roles)
    return Council.objects.all() if ids is None else Council.objects.filter(pk__in=ids)


@cache
def council_lookup(model: type[models.Model]) -> str | None:
    """The ORM lookup from ``model`` to its Council ("pk" for Council itself).

    Follows forward foreign keys (never to users, content types, or back to a model
    already on the path) and prefers the path with the fewest nullable links, then the
    shortest: an agenda item is ``meeting__committee__council`` (never null), not
    ``report__council`` (an item may have no report). None when the model has no
    council at all (logins, sign-in failures).
    """
    from minutebook.councils.models import Council

    if model is Council:
        return "pk"
    found: list[tuple[int, int, str]] = []
    frontier: list[tuple[type[models.Model], str, int, frozenset[Any]]] = [
        (model, "", 0, frozenset({model}))
    ]
    for depth in range(_MAX_HOPS):
        following = []
        for current, path, nullable, seen in frontier:
            for field in current._meta.get_fields():
                if not (isinstance(field, models.ForeignKey) and field.concrete):
                    continue
                related = field.related_model
                lookup = f"{path}__{field.name}" if path else field.name
                hops = nullable + int(field.null)
                if related is Council:
                    found.append((hops, depth, lookup))
                elif related not in seen and related.__module__.startswith("minutebook."):
                    following.append((related, lookup, hops, seen | {related}))
        frontier = following
    if not found:
        return None
    return min(found)[2]


def scope_to_councils(
    queryset: models.QuerySet[M],
    user: Any,
    lookup: str | None = None,
    roles: Iterable[str] = OFFICER_ROLES,
) -> models.QuerySet[M]:
    """``queryset`` narrowed to the rows of the councils ``user`` may act for.

    ``lookup`` is the path to the council (default: ``council_lookup`` of the model);
    a model with no council is returned unchanged. Rows whose council cannot be
    reached (a null link) are left out for anyone who does not act for every council.
    """
    lookup = lookup or council_lookup(queryset.model)
    if lookup is None:
        return queryset
    ids = councils_where(user, roles)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": ids})


def acts_for(user: Any, obj: models.Model, roles: Iterable[str] = OFFICER_ROLES) -> bool:
    """Whether ``obj`` belongs to a council ``user`` may act for (True if it has none)."""
    model = type(obj)
    lookup = council_lookup(model)
    if lookup is None:
        return True
    ids = councils_where(user, roles)
    if ids is None:
        return True
    council_id = (
        model._base_manager.filter(pk=obj.pk).values_list(lookup, flat=True).first()
        if lookup != "pk"
        else obj.pk
    )
    return council_id is not None and council_id in ids
