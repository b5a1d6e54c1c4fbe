"""``minutebook manage rebuild_search_index [--council SLUG]``: rebuild the public index."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutebook.councils.models import Council
from minutebook.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the public search index from what the public may see now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", help="Only this council (its slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        council_id = None
        if options["council"]:
            council = Council.objects.filter(slug=options["council"]).first()
            if council is None:
                raise CommandError(f"No council with slug {options['council']!r}.")
            council_id = council.pk
        count = rebuild(council_id)
        self.stdout.write(f"Indexed {count} public records.")
