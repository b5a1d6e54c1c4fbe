"""End to end: corpus pack 000 imported by the importer, its written statement of action
found among the imported documents, read into a draft and accepted as a plan."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone

from minutebook.documents.models import Document
from minutebook.importer.reader import read_pack
from minutebook.importer.writer import write_pack
from minutebook.plans import services
from minutebook.plans.models import ItemLevel, PlanItem, PlanKind, StatusCategory
from minutebook.plans.parse import DraftPlan
from minutebook.plans.tests.test_parse import WSOA, WSOA_PARTS


@pytest.mark.django_db
@pytest.mark.shared(*WSOA_PARTS)
def test_imported_pack_plan_becomes_a_tracked_plan() -> None:
    write_pack(read_pack(Path(WSOA)), council_slug=None, source_path=WSOA)
    council = Document.officer_objects.exclude(extracted_text="").first().council
    found = services.plan_documents(council)
    assert [d.title for d in found] == [
        "Special Educational Needs and Disability \u2013 Written Statement of Action"
    ]
    draft = services.read_document(found[0])
    read = DraftPlan.from_dict(draft.draft)
    # The importer's text trims empty cells; the reader places the rows all the same.
    assert [[a.reference for a in area.actions] for area in read.areas[:2]] == [
        ["1.1", "", "1.3", "1.4"],
        ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "", "2.9", ""],
    ]
    plan = services.accept_import(
        draft, title="SEND written statement of action", kind=PlanKind.WRITTEN_STATEMENT
    )
    assert [(o.label, o.category) for o in plan.status_options.all()] == [
        ("Complete", StatusCategory.COMPLETE),
        ("On target", StatusCategory.ON_TRACK),
    ]
    areas = PlanItem.objects.filter(plan=plan, level=ItemLevel.AREA, parent=None)
    assert areas.count() == len(read.areas) == 8
    commission = PlanItem.objects.get(plan=plan, level=ItemLevel.ACTION, reference="2.2")
    assert commission.owner_text == "SEN Commissioner, DCC"
    assert commission.end_date == dt.date(2017, 6, 30)
    assert commission.parent.title.startswith("Ensuring assessments, conversions and reviews")
    assert [(m.title, m.status.label) for m in commission.children.order_by("order")] == [
        ("Pilot contract awarded (Jun 17)", "Complete"),
        ("Quality assurance test (Jul 17)", "Complete"),
        ("Providers appointed (Jul 17)", "On target"),
        ("100 conversions completed per month (June \u2013 Mar 18)", "On target"),
        ("100% conversions completed (Mar 18)", "On target"),
    ]
    # Progress counts every action and milestone by its printed status.
    as_at = timezone.make_aware(dt.datetime(2017, 9, 1, 12))
    summary = services.progress(plan, as_at=as_at)
    printed = Counter(m.status or "No status" for m in read.milestones())
    printed.update(a.status or "No status" for a in read.actions())
    assert summary.counts == {k: printed[k] for k in ("Complete", "On target", "No status")}
    # As at September 2017, "On target" milestones due by August 2017 are overdue.
    overdue = {i.title for i in summary.overdue}
    assert "Providers appointed (Jul 17)" in overdue
    assert "Pilot contract awarded (Jun 17)" not in overdue  # complete
    assert "100% conversions completed (Mar 18)" not in overdue  # not yet due
