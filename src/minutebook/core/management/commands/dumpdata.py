"""``dumpdata`` that dumps every row, exempt ones included.

Django's dumpdata reads each model's default manager unless given ``--all``; ours is the
public one (``core.exempt``), so a plain dumpdata silently left out every exempt report,
item and appendix. Here the base manager is always used. For backups use
``minutebook backup`` (docs/backup.md), which also keeps the files and the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import dumpdata


class Command(dumpdata.Command):
    help = dumpdata.Command.help + " Always includes exempt rows (the base manager)."

    def handle(self, *app_labels: str, **options: Any) -> None:
        options["use_base_manager"] = True
        super().handle(*app_labels, **options)
