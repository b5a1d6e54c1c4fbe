"""Officers browse and filter the audit trail (read-only: there is nothing else to do)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_safe

from minutebook.accounts.permissions import councils_where
from minutebook.audit.models import AuditEvent
from minutebook.audit.reads import (
    EXEMPT_READ,
    PERSONAL_READ,
    is_exempt_content,
    record_exempt_reads,
)
from minutebook.backoffice.access import officer_required

AUDIT_READERS = {"democratic_services", "administrator", "monitoring_officer"}
READS = {EXEMPT_READ, PERSONAL_READ}
FILTERS = ("action", "object_type", "object_id", "actor", "meeting", "since", "until", "q")


def visible_events(user: Any) -> QuerySet[AuditEvent]:
    """Events of the councils where the user may read the audit trail.

    Events that belong to no council (sign-ins, groups) are for administrators and
    monitoring officers only. The officer page and the admin both read through this.
    """
    events = AuditEvent.objects.all()
    councils = councils_where(user, AUDIT_READERS)
    if councils is not None:
        scope = Q(council_id__in=councils)
        if councils_where(user, {"administrator", "monitoring_officer"}):
            scope |= Q(council_id__isnull=True)  # logins and groups belong to no council
        events = events.filter(scope)
    return events


@require_safe
@officer_required
def audit_list(request: HttpRequest) -> HttpResponse:
    visible = visible_events(request.user)
    events = visible
    values = {name: request.GET.get(name, "").strip() for name in FILTERS}
    if values["action"]:
        events = events.filter(action=values["action"])
    if values["object_type"]:
        events = events.filter(object_type=values["object_type"])
    if values["object_id"]:
        events = events.filter(object_id=values["object_id"])
    if values["actor"]:
        events = events.filter(actor_name__icontains=values["actor"])
    if values["meeting"].isdigit():  # reads of exempt papers name the meeting they were for
        events = events.filter(after__meeting_id=int(values["meeting"]))
    if values["q"]:
        events = events.filter(object_repr__icontains=values["q"])
    since, until = parse_date(values["since"] or ""), parse_date(values["until"] or "")
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(at__gte=datetime.combine(since, time.min, zone))
    if until:
        events = events.filter(at__lte=datetime.combine(until, time.max, zone))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in values.items() if v})
    response = render(
        request,
        "backoffice/audit/list.html",
        {
            "page": page,
            "values": values,
            "query": query,
            "actions": visible.order_by("action").values_list("action", flat=True).distinct(),
            "object_types": visible.order_by("object_type")
            .values_list("object_type", flat=True)
            .distinct(),
        },
    )
    record_exempt_reads(request, _exempt_records(page.object_list), route="officer")
    return response


def _exempt_records(events: Any) -> list[Any]:
    """The exempt records whose before and after values a page of events prints.

    The trail keeps the changed values of exempt decisions, minutes and reports, so
    showing them is a read of exempt content, recorded like any other (``audit.reads``).
    """
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.action not in READS and (event.before or event.after) and event.object_id:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    found: list[Any] = []
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        manager = getattr(model, "officer_objects", model._base_manager)
        numeric = model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
        keys = [i for i in ids if i.isdigit()] if numeric else list(ids)
        found += [obj for obj in manager.filter(pk__in=keys) if is_exempt_content(obj)]
    return found
