"""Give the staff role groups their questionnaire permissions."""

from django.db import migrations


def grant(apps, schema_editor):
    from suppliers.roles import ASSESSMENT_GROUP_PERMISSIONS, grant_group_permissions

    grant_group_permissions(apps, ASSESSMENT_GROUP_PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_questionnaires"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
