from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0007_notice_of_motion_deadline_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="council",
            name="open_data_licence",
            field=models.URLField(
                default="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
                help_text="The address of the licence the council's open data is published under (the OParl Body's license).",
            ),
        ),
    ]
