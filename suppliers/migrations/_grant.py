"""Frozen helpers for data migrations: they never import app code, which keeps changing.

Django's migration loader skips modules whose names start with an underscore.
"""

from django.contrib.auth.management import create_permissions


def grant_group_permissions(apps, mapping, *app_labels):
    """Give groups the permissions of `mapping` (historical models).

    Permissions are normally created after all migrations have run; the groups need them now.
    """
    for app_label in app_labels:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codes in mapping.items():
        group, _created = group_model.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )
