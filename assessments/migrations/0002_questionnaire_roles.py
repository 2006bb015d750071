"""Give the staff role groups their questionnaire permissions."""

from django.db import migrations

from suppliers.migrations._grant import grant_group_permissions


# The role permissions as they were when this migration was written (frozen).
PERMISSIONS = {
    "procurement admin": [
        "assessments.view_questionnaire",
        "assessments.view_questionnaireversion",
        "assessments.add_questionnaireversion",
        "assessments.change_questionnaireversion",
        "assessments.publish_questionnaireversion",
    ],
    "procurement officer": [
        "assessments.view_questionnaire",
        "assessments.view_questionnaireversion",
    ],
    "reviewer": [
        "assessments.view_questionnaire",
        "assessments.view_questionnaireversion",
    ],
    "approver": [
        "assessments.view_questionnaire",
        "assessments.view_questionnaireversion",
        "assessments.publish_questionnaireversion",
    ],
    "auditor": [
        "assessments.view_questionnaire",
        "assessments.view_questionnaireversion",
    ],
}


def grant(apps, schema_editor):
    grant_group_permissions(apps, PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_questionnaires"),
        ("suppliers", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
