"""Signed links: confirm (valid a week) and unsubscribe (valid as long as emails go out).

Each purpose has its own salt, so a confirmation link cannot be replayed as an
unsubscribe link or the other way round.
"""

from __future__ import annotations

from django.core import signing

CONFIRM_SALT = "minutebook.alerts.confirm"
UNSUBSCRIBE_SALT = "minutebook.alerts.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=CONFIRM_SALT, compress=False)


def unsubscribe_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=UNSUBSCRIBE_SALT, compress=False)


def read_confirm(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def read_unsubscribe(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
