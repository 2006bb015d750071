"""Give reviewers and approvers their permissions."""

from django.db import migrations

from suppliers.migrations._grant import grant_group_permissions


# The role permissions as they were when this migration was written (frozen).
PERMISSIONS = {
    "reviewer": [
        "assessments.review_assessment",
    ],
    "approver": [
        "assessments.approve_assessment",
    ],
}


def grant(apps, schema_editor):
    grant_group_permissions(apps, PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_review_permissions_and_reminders"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
