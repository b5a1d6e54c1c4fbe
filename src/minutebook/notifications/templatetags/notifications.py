"""``{% load notifications %}``: a person's unread notifications on a page of their own
(the members' home), without the page's app importing this one."""

from __future__ import annotations

from typing import Any

from django import template

from minutebook.notifications.models import Notification

register = template.Library()

SHOWN = 5


@register.simple_tag
def unread_notifications(user: Any) -> dict[str, Any]:
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    return {"rows": list(rows.order_by("-created", "-pk")[:SHOWN]), "count": rows.count()}
