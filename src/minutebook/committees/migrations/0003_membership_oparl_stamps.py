import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0002_name_validators"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="created",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="membership",
            name="modified",
            field=models.DateTimeField(auto_now=True),
        ),
    ]
