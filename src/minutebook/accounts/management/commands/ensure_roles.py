"""Create or refresh the role groups and their permissions (also run after every migrate)."""

from typing import Any

from django.core.management.base import BaseCommand

from minutebook.accounts.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or update one group per role with its permissions (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for role, count in ensure_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
