"""``{% load officer %}``: ``user|may:"action"`` so the officer pages only link to what
the user may open (the views check again; this only keeps dead links out)."""

from __future__ import annotations

from typing import Any

from django import template

from minutebook.accounts.permissions import can

register = template.Library()


@register.filter
def may(user: Any, action: str) -> bool:
    return can(user, action)
