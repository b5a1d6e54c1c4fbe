"""``manage.py settle_call_ins``: mark decisions whose call-in period ended uncalled as in force.

The public status is worked out from the dates on every view, so nothing shows wrongly
if this is not run; it keeps the stored state (used by lists and filters) in step. Run it
daily, for example from cron shortly after midnight.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from minutebook.decisions.services import settle_expired_call_ins


class Command(BaseCommand):
    help = "Mark decisions whose call-in period has ended without a call-in as in force."

    def handle(self, *args: Any, **options: Any) -> None:
        count = settle_expired_call_ins()
        self.stdout.write(f"{count} decision{'s' if count != 1 else ''} now in force.")
