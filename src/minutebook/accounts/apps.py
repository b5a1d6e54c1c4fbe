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
        # Every app's post_migrate, acting on the last: permissions are created app by app
        # in the same signal, so only then do all of them exist to grant.
        post_migrate.connect(_ensure_roles, dispatch_uid="mb-ensure-roles")


def _ensure_roles(app_config: Any = None, **kwargs: Any) -> None:
    """After every migrate: the role groups exist with their current permissions."""
    from django.apps import apps

    from minutebook.accounts.roles import ensure_roles

    if app_config is not list(apps.get_app_configs())[-1]:
        return

    ensure_roles()
