"""The hash chain: ``seq``, ``prev_hash`` and ``hash`` on every event; existing events
chained in order of time, then id.

Order of time rather than of id alone: before this migration ``at`` was set when the
event object was made and ``id`` when it was inserted, so two concurrent writers could
leave ids and times in different orders, which ``audit verify`` would then report as a
backdated event. The append-only triggers of 0002 are dropped first (chaining rewrites
every row); 0004 creates the new guards once the table has its final shape (SQLite drops
a table's triggers when Django rebuilds it to alter a column).
"""

from django.db import migrations, models

from minutebook.audit import chain

OLD_TRIGGERS = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent",
        "DROP FUNCTION IF EXISTS audit_event_append_only()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS audit_event_no_update"],
}


def drop_old_triggers(apps, schema_editor):
    for statement in OLD_TRIGGERS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def restore_old_triggers(apps, schema_editor):
    from importlib import import_module

    old = import_module("minutebook.audit.migrations.0002_append_only_triggers")
    old.up(apps, schema_editor)


def chain_existing(apps, schema_editor):
    event_model = apps.get_model("audit", "AuditEvent")
    manager = event_model._base_manager.using(schema_editor.connection.alias)
    previous, batch = chain.GENESIS, []
    events = manager.order_by("at", "id").iterator(chunk_size=2000)
    for seq, event in enumerate(events, start=1):
        event.seq, event.prev_hash = seq, previous
        event.hash = previous = chain.event_hash(event)
        batch.append(event)
        if len(batch) >= 500:
            manager.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    if batch:
        manager.bulk_update(batch, ["seq", "prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(drop_old_triggers, restore_old_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(
                editable=False,
                help_text="Position in the hash chain: 1, 2, 3, ...",
                unique=True,
            ),
        ),
    ]
