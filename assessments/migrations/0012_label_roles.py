"""Give approvers and procurement admins their label permissions."""

from django.db import migrations

from suppliers.migrations._grant import grant_group_permissions


# The role permissions as they were when this migration was written (frozen).
PERMISSIONS = {
    "approver": [
        "assessments.grant_label",
    ],
    "procurement admin": [
        "assessments.revoke_label",
        "assessments.add_labelrules",
    ],
}


def grant(apps, schema_editor):
    grant_group_permissions(apps, PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0011_label_permissions"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
