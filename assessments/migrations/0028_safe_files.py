"""Campaign names are one line (they are email subjects); names stored before are made one line."""

import re

from django.db import migrations, models

import core.validators

# As core.validators.LINE_BREAKS, frozen here.
LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def names_to_one_line(apps, schema_editor):  # type: ignore[no-untyped-def]
    Campaign = apps.get_model("assessments", "Campaign")
    for campaign in Campaign.objects.only("pk", "name").iterator():
        name = " ".join(LINE_BREAKS.sub(" ", campaign.name).split())
        if name != campaign.name:
            Campaign.objects.filter(pk=campaign.pk).update(name=name or "Campaign")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0027_input_bounds")]

    operations = [
        migrations.AlterField(
            model_name="campaign",
            name="name",
            field=models.CharField(
                max_length=200,
                validators=[core.validators.validate_single_line],
                verbose_name="name",
            ),
        ),
        migrations.RunPython(names_to_one_line, migrations.RunPython.noop),
    ]
