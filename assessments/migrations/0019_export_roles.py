"""Let every staff group, auditors included, export and verify audit workbooks."""

from django.db import migrations

from suppliers.migrations._grant import grant_group_permissions


# The role permissions as they were when this migration was written (frozen).
PERMISSIONS = {
    "procurement admin": [
        "assessments.add_export",
        "assessments.view_export",
    ],
    "procurement officer": [
        "assessments.add_export",
        "assessments.view_export",
    ],
    "reviewer": [
        "assessments.add_export",
        "assessments.view_export",
    ],
    "approver": [
        "assessments.add_export",
        "assessments.view_export",
    ],
    "auditor": [
        "assessments.add_export",
        "assessments.view_export",
    ],
}


def grant(apps, schema_editor):
    grant_group_permissions(apps, PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0018_export"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
