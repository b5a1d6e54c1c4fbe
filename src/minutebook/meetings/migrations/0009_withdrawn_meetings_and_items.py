"""Meetings and agenda items created in error can be withdrawn and stay in the record."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_name_validators"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="withdrawn_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the meeting was withdrawn as created in error; it stays in the record.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="withdrawal_reason",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="withdrawn_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the item was withdrawn: still listed, marked withdrawn, without papers.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="withdrawal_reason",
            field=models.CharField(blank=True, max_length=300),
        ),
    ]
