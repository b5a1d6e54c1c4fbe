"""Who may use the officer pages.

Every officer view is wrapped by :func:`officer_required`: a visitor who is not signed
in is sent to sign in; a signed-in user needs an officer role (``accounts.permissions``)
or gets 403. The action checked is the route's entry in ``ROUTE_ACTIONS`` (one for
reading, one for changing); a route missing from it needs "officer.unlisted", which
only democratic services and administrators hold, so a forgotten route is never open
to report authors or clearance officers. Where the route names a record, the role
must be held at that record's council and the action's object rule must pass (a report
author reaches only their own reports). Views that need a further check call
``accounts.permissions.require(user, action, obj)``.

List pages name no record, so they narrow their querysets with :func:`scoped`: the
rows of the councils where the user holds a role allowed the route's action.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse

from minutebook.accounts.permissions import (
    ACTION_ROLES,
    READ_METHODS,
    can,
    council_id_of,
    roles_for,
    route_action,
)
from minutebook.accounts.scope import scope_to_councils

View = Callable[..., HttpResponse]

SAFE_METHODS = READ_METHODS
UNLISTED = "officer.unlisted"

M = TypeVar("M", bound=models.Model)


def action_for(request: HttpRequest, default: str | None = None) -> str:
    """The action a request to an officer page needs (see the module docstring)."""
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match is not None else ""
    action = route_action(name, request.method or "GET")
    if action is not None:
        return action
    return default if default is not None else UNLISTED


def scoped(
    queryset: models.QuerySet[M],
    request: HttpRequest,
    action: str | None = None,
    lookup: str | None = None,
) -> models.QuerySet[M]:
    """``queryset`` narrowed to the councils where the user may do the route's action."""
    wanted = action or action_for(request)
    return scope_to_councils(queryset, request.user, lookup, roles=ACTION_ROLES[wanted])


#: What an officer route's ``<pk>`` stands for, by the path segment before it; and the
#: ``<council>`` slug. ``officer_required`` loads it to check the role at *its* council,
#: so an officer of one council cannot act on another's records.
SEGMENT_MODELS: dict[str, str] = {
    "meetings": "meetings.Meeting",
    "items": "meetings.AgendaItem",
    "committee": "committees.Committee",
    "entries": "forwardplan.ForwardPlanEntry",
    "decisions": "decisions.Decision",
    "referrals": "decisions.Matter",
    "reports": "reports.Report",
    "people": "people.Person",
    "register-entries": "members.RegisterEntry",
    "public": "participation.PublicQuestion",
    "councillor": "participation.CouncillorQuestion",
    "motion": "participation.NoticeOfMotion",
    # set-up
    "closure-days": "councils.ClosureDay",
    "wards": "people.Ward",
    "groups": "people.PoliticalGroup",
    "committees": "committees.Committee",
    "memberships": "committees.Membership",
    "named-substitutes": "committees.NamedSubstitute",
    "portfolios": "committees.Portfolio",
    "portfolio-holders": "committees.PortfolioHolder",
    "venues": "meetings.Venue",
    "terms": "people.LegislativeTerm",
    "surgeries": "people.Surgery",
}


def route_object(request: HttpRequest, kwargs: dict[str, Any]) -> Any:
    """The record an officer route acts on, if it names one (None if unknown or missing)."""
    from django.apps import apps

    if "council" in kwargs:
        from minutebook.councils.models import Council

        return Council.objects.filter(slug=kwargs["council"]).first()
    match = getattr(request, "resolver_match", None)
    pk = kwargs.get("pk", kwargs.get("id"))
    if match is None or pk is None:
        return None
    route = match.route
    at = route.find("<int:pk>") if "pk" in kwargs else route.find("<int:id>")
    head = route[: at if at >= 0 else route.find("<")].rstrip("/").split("/")
    segment = head[-1] if head else ""
    named = re.fullmatch(r"<(?:\w+:)?(\w+)>", segment)
    if named:  # e.g. <submissionkind:kind>/<int:pk>: the kind names the model
        segment = str(kwargs.get(named.group(1), ""))
    label = SEGMENT_MODELS.get(segment)
    if label is None:
        return None
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    manager = getattr(model, "officer_objects", model._base_manager)
    return manager.filter(pk=pk).first()


def officer_required(view: View) -> View:
    """Signed-in officers only; anyone else signs in first, then gets 403.

    Where the route names a record, the role must be held at that record's council.
    """

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, "officer.view"):
            raise PermissionDenied("Officer pages are for council staff.")
        action = action_for(request)
        if not can(request.user, action):
            raise PermissionDenied(f"Your role does not allow this ({action}).")
        obj = route_object(request, kwargs)
        if obj is not None:
            if not roles_for(request.user, council_id_of(obj)) & ACTION_ROLES[action]:
                raise PermissionDenied("That record belongs to a council where you hold no role.")
            if not can(request.user, action, obj):
                raise PermissionDenied(f"Your role does not allow this here ({action}).")
        return view(request, *args, **kwargs)

    return wrapped


def permission_required(action: str) -> Callable[[View], View]:
    """Sign in, then ``can(user, action)`` at some council, else 403.

    The view still checks the object (``require(user, action, obj)``).
    """

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not can(request.user, action):
                raise PermissionDenied(f"Your role does not allow this ({action}).")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def role_required(*roles: str) -> Callable[[View], View]:
    """Sign in, then hold at least one of ``roles`` at some council, else 403."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not roles_for(request.user) & set(roles):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
