"""Content check of stored files: ``served_inline`` and a ``media_type`` found from content.

Files stored before this change carry the type their uploader picked. Each is checked
again here (documents.uploads.check_stored) so that only a PDF that opens, or
minutebook's own HTML, is ever shown in the browser; a missing file is download-only.
"""

from django.db import migrations, models


def recheck(apps, schema_editor):
    from minutebook.documents.uploads import check_stored

    Document = apps.get_model("documents", "Document")
    for doc in Document._base_manager.exclude(file="").iterator(chunk_size=200):
        try:
            doc.file.open("rb")
        except OSError:
            media_type, inline, pages = "application/octet-stream", False, doc.pages
        else:
            try:
                checked = check_stored(doc.file, generated=doc.source == "generated")
            finally:
                doc.file.close()
            media_type, inline = checked.media_type, checked.inline
            pages = doc.pages or checked.pages
        Document._base_manager.filter(pk=doc.pk).update(
            media_type=media_type, served_inline=inline, pages=pages
        )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_withdrawal_and_made_from"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="served_inline",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Shown in the browser rather than downloaded: only a PDF that passed the content check, or minutebook's own HTML (docs/documents.md).",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="media_type",
            field=models.CharField(
                blank=True,
                default="application/pdf",
                editable=False,
                help_text="Found from the file's content (documents.uploads), never the uploader's word.",
                max_length=100,
            ),
        ),
        migrations.RunPython(recheck, migrations.RunPython.noop, elidable=True),
    ]
