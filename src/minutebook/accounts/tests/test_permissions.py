"""can(): roles per council, object rules, and exempt papers under the council's rule."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.permissions import ACTION_ROLES, can, forget_roles, roles_for
from minutebook.accounts.roles import GROUP_NAMES, Role, ensure_roles
from minutebook.accounts.testing import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_roles_are_per_council(world):
    dso = world.user("dso")
    assert Role.DEMOCRATIC_SERVICES in roles_for(dso, world.council)
    assert roles_for(dso, world.other_council) == set()
    outsider = world.user("outsider_dso")
    assert not can(outsider, "agenda.publish", world.meeting)
    assert can(dso, "agenda.publish", world.meeting)


def test_councillor_role_comes_from_the_linked_person(world):
    assert roles_for(world.user("councillor"), world.council) == {Role.COUNCILLOR}
    assert roles_for(world.user("co_opted"), world.council) == {Role.CO_OPTED}
    assert not can(world.user("councillor"), "officer.view")


def test_anonymous_and_plain_users_can_do_nothing(world):
    for user in (AnonymousUser(), world.user("plain")):
        for action in ACTION_ROLES:
            if action == "exempt.read":
                continue
            assert not can(user, action), action


def test_unknown_action_is_an_error(world):
    with pytest.raises(KeyError):
        can(world.user("dso"), "meeting.destroy")


def test_staff_without_a_role_have_no_rights_at_any_council(world, settings):
    """Issue 15: role-less staff acted as officers at every council. Now they act nowhere
    unless an old installation names a role for them in the setting."""
    staff = world.user("legacy_staff")
    assert staff.is_staff
    for action in ACTION_ROLES:
        assert not can(staff, action), action
    assert not can(staff, "agenda.publish", world.meeting)
    assert not can(staff, "exempt.read", world.exempt_report)
    settings.MINUTEBOOK_UNASSIGNED_STAFF_ROLE = "democratic_services"
    forget_roles(staff)
    assert can(staff, "agenda.publish", world.meeting)


def test_author_changes_only_own_drafts(world):
    author = world.user("author")
    assert can(author, "report.change", world.public_report)
    assert not can(author, "report.change", world.exempt_report)
    assert not can(author, "exempt.read", world.exempt_report)
    assert can(author, "exempt.read", world.public_report)


def test_clearance_roles_clear_only_what_is_outstanding(world):
    report = world.submitted_report  # public: finance and legal by default
    assert can(world.user("finance"), "report.clear", report)
    assert can(world.user("legal"), "report.clear", report)
    assert not can(world.user("monitoring"), "report.clear", report)
    assert not can(world.user("dso"), "report.clear", report)
    assert not can(world.user("finance"), "report.clear", world.public_report)  # a draft


def test_exempt_papers_committee_rule(world):
    paper = world.exempt_report
    allowed = {"dso", "finance", "legal", "monitoring", "admin", "councillor"}
    allowed.add("co_opted")  # sits on the committee
    for name, user in world.users.items():
        assert can(user, "exempt.read", paper) == (name in allowed), name
    assert not can(AnonymousUser(), "exempt.read", paper)
    assert can(AnonymousUser(), "exempt.read", world.public_report)
    # The exempt agenda item's content follows the same rule.
    assert can(world.user("councillor"), "exempt.read", world.exempt_item)
    assert not can(world.user("councillor_other"), "exempt.read", world.exempt_item)


def test_exempt_papers_all_councillors_rule_keeps_s100f_limits():
    world = build_world(exempt_access_rule="all")
    other = world.user("councillor_other")
    assert can(other, "exempt.read", world.para3_report)  # paragraph 3: s100F(2A)
    assert not can(other, "exempt.read", world.exempt_report)  # paragraph 1: committee only
    assert can(world.user("councillor"), "exempt.read", world.exempt_report)


def test_co_opted_members_never_read_beyond_their_committee():
    world = build_world(exempt_access_rule="all")
    world.committee.memberships.filter(person=world.people["co_opted"]).delete()
    forget_roles(world.user("co_opted"))
    assert not can(world.user("co_opted"), "exempt.read", world.para3_report)


def test_former_committee_member_loses_access(world):
    import datetime as dt

    membership = world.committee.memberships.get(person=world.people["councillor"])
    membership.end_date = dt.date(2000, 1, 1)
    membership.start_date = dt.date(1999, 1, 1)
    membership.save()
    assert not can(world.user("councillor"), "exempt.read", world.exempt_report)


def test_role_assignment_keeps_groups_and_staff_in_step(world):
    finance = world.user("finance")
    assert finance.is_staff
    assert finance.groups.filter(name=GROUP_NAMES[Role.FINANCE]).exists()
    RoleAssignment.objects.get(user=finance).delete()
    finance.refresh_from_db()
    assert not finance.is_staff
    assert not finance.groups.filter(name=GROUP_NAMES[Role.FINANCE]).exists()
    forget_roles(finance)
    assert not can(finance, "officer.view")


def test_ensure_roles_is_idempotent():
    first = ensure_roles()
    second = ensure_roles()
    assert first == second
    assert Group.objects.filter(name__startswith="Role: ").count() == len(Role)
    dso = Group.objects.get(name=GROUP_NAMES[Role.DEMOCRATIC_SERVICES])
    assert dso.permissions.filter(codename="change_meeting").exists()
    finance = Group.objects.get(name=GROUP_NAMES[Role.FINANCE])
    assert finance.permissions.filter(codename="clear_report").exists()
    assert not finance.permissions.filter(codename="change_meeting").exists()


def test_administrators_grant_roles_only_at_their_councils(world, client):
    client.force_login(world.user("admin"))
    page = client.get("/admin/accounts/roleassignment/add/")
    assert page.status_code == 200
    text = page.content.decode()
    assert world.council.name in text and world.other_council.name not in text
    listing = client.get("/admin/accounts/roleassignment/").content.decode()
    assert "outsider_dso" not in listing and "finance" in listing
    client.force_login(world.user("dso"))
    assert client.get("/admin/accounts/roleassignment/").status_code == 403
