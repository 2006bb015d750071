"""Give the staff role groups their campaign permissions."""

from django.db import migrations

from suppliers.migrations._grant import grant_group_permissions


# The role permissions as they were when this migration was written (frozen).
PERMISSIONS = {
    "procurement admin": [
        "assessments.view_campaign",
        "assessments.view_assessment",
        "assessments.add_campaign",
        "assessments.change_campaign",
    ],
    "procurement officer": [
        "assessments.view_campaign",
        "assessments.view_assessment",
        "assessments.add_campaign",
        "assessments.change_campaign",
    ],
    "reviewer": [
        "assessments.view_campaign",
        "assessments.view_assessment",
    ],
    "approver": [
        "assessments.view_campaign",
        "assessments.view_assessment",
    ],
    "auditor": [
        "assessments.view_campaign",
        "assessments.view_assessment",
    ],
}


def grant(apps, schema_editor):
    grant_group_permissions(apps, PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_campaigns_and_assessments"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
