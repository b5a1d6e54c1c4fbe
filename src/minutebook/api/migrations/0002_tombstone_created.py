from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="tombstone",
            name="created",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
