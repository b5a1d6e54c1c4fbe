from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "minutebook.accounts"
    label = "accounts"
    verbose_name = "Roles and sign-in"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from minutebook.accounts import signals

        user_login_failed.connect(signals.sign_in_failed, dispatch_uid="mb-sign-in-failed")
        user_logged_in.connect(signals.signed_in, dispatch_uid="mb-signed-in")
        post_migrate.connect(_ensure_roles, sender=self, dispatch_uid="mb-ensure-roles")


def _ensure_roles(**kwargs: Any) -> None:
    """After every migrate: the role groups exist with their current permissions."""
    from minutebook.accounts.roles import ensure_roles

    ensure_roles()
