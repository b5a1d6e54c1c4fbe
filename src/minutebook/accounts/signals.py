"""Count failed sign-ins (for the throttle) and clear them on success."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from minutebook.accounts import throttle


def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    username = credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD)
    throttle.record_failure(username, request)


def signed_in(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    throttle.clear_failures(user.get_username())
