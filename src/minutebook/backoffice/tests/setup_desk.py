"""Shared by the set-up page tests of each app: a council with a democratic services
officer signed in, another council beside it, and checks of a refused form."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from django.test import Client

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant, make_user


@dataclass
class Desk:
    council: Any
    other: Any
    client: Client


def desk(username: str = "setup_dso") -> Desk:
    from minutebook.councils.factories import CouncilFactory

    council = CouncilFactory(name="Exampleshire County Council", slug="exampleshire")
    other = CouncilFactory(name="Otherby District Council", slug="otherby")
    user = make_user(username)
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client = Client()
    client.force_login(user)
    return Desk(council=council, other=other, client=client)


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def refused(response: Any, *messages: str, kept: tuple[str, ...] = ()) -> str:
    """The form came back (200) with each message, in the error summary, and the input kept."""
    assert response.status_code == 200, response.status_code
    body = text(response)
    assert "There is a problem" in body
    for message in messages:
        assert message in body, f"missing error: {message!r}"
    for value in kept:
        assert f'value="{value}"' in body or f">{value}</textarea>" in body, (
            f"input not kept: {value!r}"
        )
    return body
