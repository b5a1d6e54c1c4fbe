"""The audit trail: every audited change appears with before and after; nothing can
change or remove an entry."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from minutebook import audit
from minutebook.accounts.roles import Role
from minutebook.accounts.testing import build_world, grant, make_user
from minutebook.audit.context import acting
from minutebook.audit.models import AppendOnlyError, AuditEvent
from minutebook.audit.recorder import TRACKED_MODELS, tracked_models

pytestmark = pytest.mark.django_db


def events(obj, action=None):
    qs = AuditEvent.objects.for_object(obj)
    return qs.filter(action=action) if action else qs


def test_every_tracked_model_is_installed():
    """A renamed model would silently drop out of the trail."""
    assert len(tracked_models()) == len(TRACKED_MODELS)


def test_changes_to_each_audited_kind_have_before_and_after():
    from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
    from minutebook.documents.factories import DocumentFactory
    from minutebook.interests.factories import DeclarationFactory

    world = build_world()
    dso = world.user("dso")
    decision = DecisionFactory(meeting=world.meeting, council=world.council)
    minute = MinuteItemFactory(meeting=world.meeting)
    declaration = DeclarationFactory(meeting=world.meeting, person=world.people["councillor"])
    document = DocumentFactory(council=world.council, report=world.public_report)
    changes = [
        (world.meeting, "online_url", "https://example.org/new"),
        (world.public_item, "title", "Parks and open spaces strategy"),
        (world.public_report, "recommendations", "1. Approve the strategy."),
        (decision, "decision", "That the strategy be adopted."),
        (minute, "resolution", "That the report be noted with thanks."),
        (declaration, "nature", "Member of the friends of the park group."),
    ]
    with acting(dso, reason="Corrected after the briefing"):
        for obj, name, value in changes:
            before = getattr(obj, name)
            setattr(obj, name, value)
            obj.save()
            event = events(obj).exclude(action="created").latest("at")
            assert event.before == {name: before}, obj
            assert event.after == {name: value}, obj
            assert event.changed_fields == [name]
            assert event.actor_id == dso.pk and "dso" in event.actor_name
            assert event.reason == "Corrected after the briefing"
            assert event.council_id == world.council.pk
        document.exempt_paragraphs = [3]
        document.save()
    exempt = events(document, "exempt_status.changed").get()
    assert exempt.before == {"exempt_paragraphs": [], "is_exempt": False}
    assert exempt.after == {"exempt_paragraphs": [3], "is_exempt": True}


def test_creation_and_deletion_are_recorded():
    world = build_world()
    item = world.public_item
    pk = item.pk
    created = events(item, "created").get()
    assert created.before is None and created.after["title"] == item.title
    item.delete()
    deleted = AuditEvent.objects.get(
        object_type="meetings.agendaitem", object_id=str(pk), action="deleted"
    )
    assert deleted.after is None and deleted.before["title"] == item.title


def test_publication_is_named():
    from django.utils import timezone

    world = build_world()
    meeting = world.meeting
    meeting.published_at = None
    meeting.save()
    meeting.published_at = timezone.now()
    meeting.save()
    assert events(meeting, "published").exists()
    assert events(meeting, "publication.changed").exists()


def test_unchanged_save_records_nothing():
    world = build_world()
    count = AuditEvent.objects.count()
    world.meeting.save()
    assert AuditEvent.objects.count() == count


def test_permissions_are_audited():
    world = build_world()
    user = make_user("newcomer")
    assignment = grant(user, world.council, Role.LEGAL)
    assert events(assignment, "created").exists()
    change = events(user, "permissions.changed").latest("at")
    assert change.before == {"groups": []}
    assert change.after == {"groups": ["Role: Legal officer (clearance)"]}
    staff = events(user).filter(changed_fields=["is_staff"]).get()
    assert staff.before == {"is_staff": False} and staff.after == {"is_staff": True}
    assignment.delete()
    removed = events(user, "permissions.changed").latest("at")
    assert removed.after == {"groups": []}


def test_passwords_never_enter_the_trail():
    user = make_user("secretive")
    user.set_password("another-long-password-1")
    user.save()
    for event in AuditEvent.objects.for_object(user):
        assert "password" not in (event.before or {})
        assert "password" not in (event.after or {})


def test_explicit_record_with_reason():
    world = build_world()
    event = audit.record(
        "agenda.item_withdrawn", world.public_item, user=world.user("dso"), reason="Report late"
    )
    assert event.reason == "Report late" and event.object_repr == str(world.public_item)


def test_the_trail_cannot_be_changed_or_deleted():
    world = build_world()
    event = events(world.meeting).first()
    event.reason = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_updates_too():
    world = build_world()
    event = events(world.meeting).first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == event.reason


def test_admin_is_read_only():
    world = build_world()
    admin = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    event = events(world.meeting).first()
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_officers_browse_and_filter_the_trail():
    world = build_world()
    client = Client()
    client.force_login(world.user("dso"))
    world.meeting.online_url = "https://example.org/changed"
    world.meeting.save()
    page = client.get("/officer/audit/", {"object_type": "meetings.meeting", "action": "updated"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "online_url" in text and "https://example.org/changed" in text
    other = client.get("/officer/audit/", {"object_type": "reports.report"}).content.decode()
    assert "online_url" not in other
    # Another council's officer sees none of this council's events.
    client.force_login(world.user("outsider_dso"))
    assert "online_url" not in client.get("/officer/audit/").content.decode()
    client.force_login(world.user("finance"))
    assert client.get("/officer/audit/").status_code == 403


def test_administrators_see_changes_to_logins():
    world = build_world()
    user = make_user("joiner")
    grant(user, world.council, Role.LEGAL)
    client = Client()
    client.force_login(world.user("admin"))
    text = client.get("/officer/audit/", {"object_type": "auth.user"}).content.decode()
    assert "joiner" in text
    client.force_login(world.user("dso"))
    text = client.get("/officer/audit/", {"object_type": "auth.user"}).content.decode()
    assert "joiner" not in text
