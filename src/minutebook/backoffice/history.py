"""History pages: every recorded change to a meeting, agenda item, report or decision,
each undoable from here while the thing is unpublished.

The changes are the audit trail's events for the record (``audit.recorder`` keeps the
changed values before and after); an undo is ``audit.undo``, which saves the earlier
values as a new change. Once the public has seen the record, its history is read-only:
a published record is changed through its own steps (withdrawal, correction).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST, require_safe

from minutebook.audit import undo as undoing
from minutebook.audit.models import AuditEvent
from minutebook.audit.reads import record_exempt_read
from minutebook.backoffice.access import officer_required


@dataclass(frozen=True)
class Subject:
    """A kind of record with a history page."""

    label: str
    noun: str
    model: Callable[[], type[models.Model]]
    published: Callable[[Any], bool]
    back: Callable[[Any], str]
    meeting: Callable[[Any], Any] = lambda obj: None


def _meeting_model() -> type[models.Model]:
    from minutebook.meetings.models import Meeting

    return Meeting


def _item_model() -> type[models.Model]:
    from minutebook.meetings.models import AgendaItem

    return AgendaItem


def _report_model() -> type[models.Model]:
    from minutebook.reports.models import Report

    return Report


def _decision_model() -> type[models.Model]:
    from minutebook.decisions.models import Decision

    return Decision


def _meeting_published(meeting: Any) -> bool:
    from minutebook.meetings.withdrawal import meeting_published

    return meeting_published(meeting)


def _item_published(item: Any) -> bool:
    from minutebook.meetings.withdrawal import item_published

    return item_published(item)


def _report_published(report: Any) -> bool:
    """On an agenda the public may inspect (with the agenda or a supplement)."""
    from minutebook.meetings.models import AgendaItem

    return AgendaItem.public_objects.filter(report_id=report.pk).open_to_inspection().exists()


def _decision_published(decision: Any) -> bool:
    return decision.published_at is not None


SUBJECTS: dict[str, Subject] = {
    "meeting": Subject(
        "meetings",
        "meeting",
        _meeting_model,
        _meeting_published,
        lambda m: reverse("backoffice:meeting", args=[m.pk]),
        lambda m: m,
    ),
    "item": Subject(
        "items",
        "agenda item",
        _item_model,
        _item_published,
        lambda i: reverse("backoffice:meeting", args=[i.meeting_id]),
        lambda i: i.meeting,
    ),
    "report": Subject(
        "reports",
        "report",
        _report_model,
        _report_published,
        lambda r: reverse("backoffice:report", args=[r.pk]),
    ),
    "decision": Subject(
        "decisions",
        "decision",
        _decision_model,
        _decision_published,
        lambda d: reverse("backoffice:decisions:detail", args=[d.pk]),
    ),
}


def _record(kind: str, pk: int) -> tuple[Subject, Any]:
    subject = SUBJECTS[kind]
    model = subject.model()
    manager = getattr(model, "officer_objects", model._base_manager)
    obj = manager.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"No such {subject.noun}.")
    return subject, obj


def _events(obj: models.Model) -> Any:
    return AuditEvent.objects.for_object(obj).exclude(action__endswith=".read").order_by("-seq")


def _history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    subject, obj = _record(kind, pk)
    published = subject.published(obj)
    record_exempt_read(request, obj, route="officer", meeting=subject.meeting(obj))
    rows = []
    for event in _events(obj)[:200]:
        fields = undoing.undoable_fields(event)
        changes = [
            (name, (event.before or {}).get(name), (event.after or {}).get(name))
            for name in (event.changed_fields or [])
        ]
        rows.append({"event": event, "changes": changes, "undoable": bool(fields)})
    return render(
        request,
        "backoffice/history/history.html",
        {
            "subject": subject,
            "kind": kind,
            "undo_name": f"backoffice:history:{kind}_undo",
            "obj": obj,
            "published": published,
            "rows": rows,
            "back": subject.back(obj),
            "breadcrumbs": [
                ("Officer dashboard", reverse("backoffice:dashboard")),
                (str(obj)[:80], subject.back(obj)),
            ],
        },
    )


def _undo(request: HttpRequest, kind: str, pk: int, number: int) -> HttpResponse:
    subject, obj = _record(kind, pk)
    event = _events(obj).filter(seq=number).first()
    if event is None:
        raise Http404("No such change of this record.")
    here = reverse(f"backoffice:history:{kind}", args=[pk])
    if subject.published(obj):
        messages.error(
            request,
            f"The {subject.noun} has been published: its history can no longer be undone "
            "here. Withdraw or correct it instead.",
        )
        return redirect(here)
    try:
        undoing.undo(event, obj, by=request.user)
    except undoing.UndoRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Change #{event.seq} undone.")
    return redirect(here)


def _views(kind: str) -> tuple[Any, Any]:
    def history(request: HttpRequest, pk: int) -> HttpResponse:
        return _history(request, kind, pk)

    def undo(request: HttpRequest, pk: int, number: int) -> HttpResponse:
        return _undo(request, kind, pk, number)

    history.__name__ = f"{kind}_history"
    undo.__name__ = f"{kind}_undo"
    return officer_required(require_safe(history)), officer_required(require_POST(undo))


app_name = "history"

urlpatterns = []
for _kind, _subject in SUBJECTS.items():
    _history_view, _undo_view = _views(_kind)
    urlpatterns += [
        path(f"{_subject.label}/<int:pk>/", _history_view, name=_kind),
        path(f"{_subject.label}/<int:pk>/undo/<int:number>/", _undo_view, name=f"{_kind}_undo"),
    ]
