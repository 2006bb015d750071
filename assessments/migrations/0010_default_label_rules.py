"""The first version of the label rules, with the documented defaults."""

from django.db import migrations


def create(apps, schema_editor):
    LabelRules = apps.get_model("assessments", "LabelRules")
    if not LabelRules.objects.exists():
        LabelRules.objects.create(version=1)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0009_green_label")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
