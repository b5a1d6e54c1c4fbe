"""What a decision page links to, and what links back to a decision.

A decision record names its agenda item, report and forward plan entry by id. Each is
shown only when the public may read it: the item once its agenda is open to
inspection, the report only through an item that carries it publicly (not exempt,
not withdrawn: the rule of the item page), the entry once a published plan listed it,
in the words last published (``forwardplan.published``).
"""

from __future__ import annotations

from typing import Any

from minutebook.councils.models import Council
from minutebook.decisions.history import entry_url, matter_history, related_decisions
from minutebook.decisions.models import Decision
from minutebook.decisions.register import RestrictedDecision
from minutebook.forwardplan.published import published_entry
from minutebook.meetings.item_links import item_url
from minutebook.meetings.models import AgendaItem
from minutebook.reports.models import Report


def _report_item(report_id: int, preferred: AgendaItem | None) -> AgendaItem | None:
    """The agenda item through which the report is public: this one, else its first."""
    carriers = (
        AgendaItem.public_objects.open_to_inspection()
        .filter(report_id=report_id, is_exempt=False, withdrawn_at__isnull=True)
        .select_related("meeting__committee__council")
        .order_by("meeting__start", "order")
    )
    if preferred is not None and carriers.filter(pk=preferred.pk).exists():
        return preferred
    return carriers.first()


def decision_links(council: Council, decision: Decision) -> dict[str, Any]:
    """Context for the public decision page: item, report, entry and the matter's history."""
    item = (
        AgendaItem.public_objects.open_to_inspection()
        .filter(pk=decision.agenda_item_id)
        .select_related("meeting__committee__council")
        .first()
        if decision.agenda_item_id
        else None
    )
    report_id = decision.report_id or (item.report_id if item is not None else None)
    report = Report.public_objects.filter(pk=report_id).first() if report_id else None
    carrier = _report_item(report.pk, item) if report is not None else None
    entry = (
        published_entry(council, decision.forward_plan_entry_id)
        if decision.forward_plan_entry_id
        else None
    )
    return {
        "agenda_item": item,
        "agenda_item_url": item_url(item.meeting, item) if item is not None else "",
        "report": report if carrier is not None else None,
        "report_url": item_url(carrier.meeting, carrier) if carrier is not None else "",
        "entry": entry,
        "entry_url": entry_url(entry) if entry is not None else "",
        "history": matter_history(council, decision_id=decision.pk),
    }


def restricted_links(council: Council, decision: RestrictedDecision) -> dict[str, Any]:
    """The same for a decision taken in private: never its report."""
    item = decision.agenda_item
    entry = decision.forward_plan_entry
    return {
        "agenda_item_url": item_url(item.meeting, item) if item is not None else "",
        "entry_url": entry_url(entry) if entry is not None else "",
        "history": matter_history(council, decision_id=decision.pk),
    }


def item_decisions(council: Council, item: AgendaItem) -> list[Decision | RestrictedDecision]:
    """Decisions taken on an agenda item, for its page (exempt ones restricted)."""
    return related_decisions(council, item_ids={item.pk})
