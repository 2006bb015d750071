"""Let every staff group, auditors included, export and verify audit workbooks."""

from django.db import migrations


def grant(apps, schema_editor):
    from suppliers.roles import EXPORT_GROUP_PERMISSIONS, grant_group_permissions

    grant_group_permissions(apps, EXPORT_GROUP_PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0018_export"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
