"""Give approvers and procurement admins their label permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    from suppliers.roles import LABEL_GROUP_PERMISSIONS

    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("assessments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in LABEL_GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0011_label_permissions"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
