"""Who may use the officer pages.

Every officer view is wrapped by :func:`officer_required`: a visitor who is not signed
in is sent to sign in; a signed-in user needs an officer role (``accounts.permissions``)
or gets 403. The action checked is the route's entry in ``ROUTE_ACTIONS`` when it has
one, otherwise "officer.view" for reading (GET, HEAD) and "officer.change" for anything
that changes data, so a clearance officer can read the officer pages but not publish an
agenda. Views that need a particular action use :func:`permission_required`, or
:func:`role_required` for a named role; object-level checks call
``accounts.permissions.require(user, action, obj)`` in the view.

List pages name no record, so they narrow their querysets instead: which councils a
user acts for is ``accounts.scope.officer_councils`` (every council for superusers),
and ``accounts.scope.scope_to_councils`` filters any queryset to them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from minutebook.accounts.permissions import (
    ACTION_ROLES,
    ROUTE_ACTIONS,
    can,
    council_id_of,
    roles_for,
)

View = Callable[..., HttpResponse]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def action_for(request: HttpRequest, default: str | None = None) -> str:
    """The action a request to an officer page needs (see the module docstring)."""
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match is not None else ""
    if name in ROUTE_ACTIONS:
        return ROUTE_ACTIONS[name]
    if default is not None:
        return default
    return "officer.view" if request.method in SAFE_METHODS else "officer.change"


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
    head = route[: route.find("<")].rstrip("/").split("/")
    label = SEGMENT_MODELS.get(head[-1] if head else "")
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
        if (
            obj is not None
            and not roles_for(request.user, council_id_of(obj)) & ACTION_ROLES[action]
        ):
            raise PermissionDenied("That record belongs to a council where you hold no role.")
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
