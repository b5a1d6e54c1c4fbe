"""Database-level guard: signed minutes and issued decision records cannot change.

LGA 1972 Sch 12 para 41(1): once the minutes are signed (state ``confirmed``, then
``locked``) they are the record. Whoever connects, the database refuses (outside a
flush's maintenance window, ``minutebook.core.db``):

- ``minutes_minutes``: any UPDATE or DELETE of signed minutes, except the one step from
  confirmed to locked (state, lock time, who locked) and filling in or clearing who
  locked them (a ``SET_NULL`` when that user goes; a demo load names its officer);
- ``decisions_minuteitem`` of signed minutes: INSERT, DELETE and any UPDATE except
  (a) the exempt state (``is_exempt``, ``exempt_paragraphs``, ``public_interest_reason``):
  a minute made exempt after signature (Schedule 12A) withdraws the public copies and a
  redacted copy is published, the signed text is unchanged; and (b) a title, text or
  resolution set to the value of a *pending* correction (``minutes_minutescorrection``
  row whose version is not yet written, with the old value as its ``before``): the
  correction service writes that row, the change, then the new version with its reason;
- ``minutes_motion`` and ``minutes_recordedvote`` of signed minutes: INSERT, UPDATE,
  DELETE;
- ``minutes_minutesversion``, ``minutes_minutescorrection``, ``minutes_signedcopy``: no
  UPDATE (but filling in or clearing ``created_by``), no DELETE; a correction is inserted
  only for locked minutes and only as the next version;
- ``decisions_decision`` once issued (published, or recorded under a minute of signed
  minutes: SI 2012/2089 regs 12-13, LGA 1972 Sch 12 para 41): no DELETE, and an UPDATE
  only of its exempt state and call-in columns (the scrutiny procedure moves them after
  publication), publication filled in once, secondary links cleared (``SET_NULL``) or
  filled in where empty (who published it, a key decision's forward plan entry), and
  the decision text set to a pending correction of its minute's resolution;
- ``documents_document`` rows that are signed copies (``minutes_signedcopy``): no DELETE,
  and no UPDATE but of the exempt state and withdrawal (a later exemption withdraws the
  copy) and clearing its meeting (a newer version, correction or redaction, becomes
  current). Its file name, sha256, text and version never change.

The SQL is built by ``minutebook.minutes.triggers``. This migration installs the
triggers on PostgreSQL; on both databases they are installed (again) when every
``migrate`` ends, and on SQLite taken off while migrations run, since SQLite rebuilds a
table to alter it and refuses that while another table's trigger names it.
"""

from django.db import migrations

from minutebook.minutes import triggers


def record_signed_copies(apps, schema_editor):
    """Minutes copies already locked before this migration become signed copies."""
    generated = apps.get_model("packs", "GeneratedDocument")
    signed = apps.get_model("minutes", "SignedCopy")
    version = apps.get_model("minutes", "MinutesVersion")
    for row in generated.objects.filter(locked=True).select_related("document"):
        if signed.objects.filter(document_id=row.document_id).exists():
            continue
        numbers = version.objects.filter(minutes__meeting_id=row.meeting_id)
        signed.objects.create(
            document_id=row.document_id,
            meeting_id=row.meeting_id,
            minutes_version=max(numbers.values_list("number", flat=True), default=0),
            sha256=row.document.sha256,
            file_name=row.document.file.name or "",
        )


def up(apps, schema_editor):
    # On SQLite the triggers are installed when ``migrate`` ends (``triggers.reinstall``):
    # a later migration rebuilding a table they name would otherwise be refused.
    if schema_editor.connection.vendor == "postgresql":
        triggers.install(schema_editor.connection, apps)


def down(apps, schema_editor):
    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0003_correction_and_signed_copy"),
        ("decisions", "0005_minuteitem_ready_for_public"),
        ("documents", "0005_withdrawal_and_made_from"),
        ("packs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(record_signed_copies, migrations.RunPython.noop),
        migrations.RunPython(up, down),
    ]
