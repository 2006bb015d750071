"""Give the staff role groups their campaign permissions."""

from django.db import migrations


def grant(apps, schema_editor):
    from suppliers.roles import CAMPAIGN_GROUP_PERMISSIONS, grant_group_permissions

    grant_group_permissions(apps, CAMPAIGN_GROUP_PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_campaigns_and_assessments"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
