"""One migrate of a new database grants the role groups every permission they need."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group


@pytest.mark.django_db
def test_a_fresh_migrate_leaves_nothing_for_a_second_to_grant() -> None:
    """The test database was made by one migrate: ensure_roles finds nothing to add.

    Before, roles were granted on accounts' own post_migrate, before the apps after it
    had their permissions, so the second migrate of every new site (a restore, a
    `serve`) granted more, and wrote audit events for it.
    """
    from minutebook.accounts.roles import ensure_roles

    before = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    ensure_roles()
    after = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert before == after
    assert any("plan" in codename for codes in after.values() for codename in codes)
