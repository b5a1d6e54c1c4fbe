"""Who is acting, and why: set per request by the middleware, or by service code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    name: str = ""
    ip_address: str | None = None
    reason: str = ""


_current: ContextVar[Actor | None] = ContextVar("minutebook_audit_actor", default=None)


def current() -> Actor:
    value = _current.get()
    if isinstance(value, _LazyActor):
        return value.resolve()
    return value or Actor()


def actor_for(user: Any, ip_address: str | None = None) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(ip_address=ip_address)
    name = user.get_full_name() or user.get_username()
    if name != user.get_username():
        name = f"{name} ({user.get_username()})"
    return Actor(user_id=user.pk, name=name, ip_address=ip_address)


@contextmanager
def acting(user: Any = None, reason: str = "") -> Iterator[Actor]:
    """Record changes inside the block as made by ``user`` (default: the current one) for
    ``reason``; nested blocks keep the outer actor unless given one."""
    outer = current()
    actor = actor_for(user, outer.ip_address) if user is not None else outer
    if reason:
        actor = replace(actor, reason=reason)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


class AuditContextMiddleware:
    """Makes the signed-in user the actor of every change made while handling a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ip = request.META.get("REMOTE_ADDR") or None
        token = _current.set(_LazyActor(request, ip))  # type: ignore[arg-type]
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class _LazyActor:
    """Reads ``request.user`` only when a change is recorded (a view may sign someone in)."""

    def __init__(self, request: HttpRequest, ip: str | None) -> None:
        self._request, self.ip_address = request, ip

    def resolve(self) -> Actor:
        return actor_for(getattr(self._request, "user", None), self.ip_address)
