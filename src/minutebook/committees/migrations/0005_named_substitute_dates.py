"""Named substitutes get optional start and end dates (a municipal year's appointment).

The plain many-to-many table becomes the table of an explicit ``NamedSubstitute`` model
(state only: same table, same columns), then gains the dates; the old one-row-per-pair
rule gives way to one row per councillor and start date, so a councillor can be named
again for a later year.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0004_committee_named_substitutes"),
        ("people", "0004_public_profile"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NamedSubstitute",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "committee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="committees.committee",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="people.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "committees_committee_named_substitutes",
                        "unique_together": {("committee", "person")},
                    },
                ),
                migrations.AlterField(
                    model_name="committee",
                    name="named_substitutes",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="Councillors named to substitute for this committee's "
                        "members (many councils' procedure rules name them); the attendance "
                        "register lists those named for the meeting's date first.",
                        related_name="substitute_on",
                        through="committees.NamedSubstitute",
                        to="people.person",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="namedsubstitute",
            name="start",
            field=models.DateField(blank=True, help_text="Blank: named from the start.", null=True),
        ),
        migrations.AddField(
            model_name="namedsubstitute",
            name="end",
            field=models.DateField(
                blank=True, help_text="Blank: named until further notice.", null=True
            ),
        ),
        migrations.AlterUniqueTogether(name="namedsubstitute", unique_together=set()),
        migrations.AlterModelOptions(
            name="namedsubstitute",
            options={"ordering": ["committee", "person__last_name", "person__first_name", "start"]},
        ),
        migrations.AddConstraint(
            model_name="namedsubstitute",
            constraint=models.UniqueConstraint(
                fields=("committee", "person", "start"), name="unique_named_substitute_start"
            ),
        ),
        migrations.AddConstraint(
            model_name="namedsubstitute",
            constraint=models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="named_substitute_ends_after_start",
            ),
        ),
    ]
