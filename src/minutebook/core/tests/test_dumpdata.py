"""A plain dumpdata keeps exempt rows (the default manager would hide them)."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management import call_command

from minutebook.reports.models import Report


def test_dumpdata_includes_exempt_reports(scenario: Any) -> None:
    exempt = Report.officer_objects.filter(is_exempt=True).values_list("pk", flat=True)
    assert exempt
    out = io.StringIO()
    call_command("dumpdata", "reports.report", stdout=out)
    dumped = {row["pk"] for row in json.loads(out.getvalue())}
    assert set(exempt) <= dumped
