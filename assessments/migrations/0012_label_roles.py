"""Give approvers and procurement admins their label permissions."""

from django.db import migrations


def grant(apps, schema_editor):
    from suppliers.roles import LABEL_GROUP_PERMISSIONS, grant_group_permissions

    grant_group_permissions(apps, LABEL_GROUP_PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0011_label_permissions"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
