"""Give reviewers and approvers their permissions."""

from django.db import migrations


def grant(apps, schema_editor):
    from suppliers.roles import REVIEW_GROUP_PERMISSIONS, grant_group_permissions

    grant_group_permissions(apps, REVIEW_GROUP_PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_review_permissions_and_reminders"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
