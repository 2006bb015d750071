"""Spend imports (a job like the supplier import), and who may import and read spend."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from suppliers.migrations._grant import grant_group_permissions

# The role permissions as they were when this migration was written (frozen). Reviewers and
# approvers work on assessments, not on procurement figures: they do not see spend.
_READ = [
    "assessments.view_spendline",
    "assessments.view_spendimport",
    "assessments.view_exchangerate",
]
PERMISSIONS = {
    "procurement admin": _READ
    + [
        "assessments.add_spendimport",
        "assessments.add_exchangerate",
        "assessments.change_exchangerate",
    ],
    "procurement officer": _READ + ["assessments.add_spendimport"],
    "auditor": list(_READ),
}


def grant(apps, schema_editor):
    grant_group_permissions(apps, PERMISSIONS, "assessments")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0034_disclosures"),
        ("suppliers", "0002_roles_and_categories"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SpendImport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("run_id", models.CharField(blank=True, max_length=32)),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                (
                    "heartbeat_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="last sign of progress"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        blank=True, upload_to="spend-imports/%Y/%m/", verbose_name="file"
                    ),
                ),
                ("original_name", models.CharField(max_length=255, verbose_name="file name")),
                ("size", models.PositiveBigIntegerField(default=0, verbose_name="size in bytes")),
                ("sha256", models.CharField(blank=True, max_length=64, verbose_name="SHA-256")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("running", "Running"),
                            ("succeeded", "Succeeded"),
                            ("failed", "Failed"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("total_rows", models.PositiveIntegerField(default=0, verbose_name="rows")),
                (
                    "processed_rows",
                    models.PositiveIntegerField(default=0, verbose_name="rows processed"),
                ),
                ("created", models.PositiveIntegerField(default=0, verbose_name="created")),
                ("updated", models.PositiveIntegerField(default=0, verbose_name="updated")),
                ("unchanged", models.PositiveIntegerField(default=0, verbose_name="unchanged")),
                ("failed", models.PositiveIntegerField(default=0, verbose_name="rows refused")),
                ("errors", models.JSONField(blank=True, default=list, verbose_name="errors")),
                ("failure_reason", models.TextField(blank=True, verbose_name="failure reason")),
                (
                    "language",
                    models.CharField(default="en", max_length=10, verbose_name="language"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, db_index=True, verbose_name="created at"
                    ),
                ),
                (
                    "started_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="started at"),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="started by",
                    ),
                ),
            ],
            options={
                "verbose_name": "spend import",
                "verbose_name_plural": "spend imports",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["pending", "running", "succeeded", "failed"])
                        ),
                        name="spend_import_status_valid",
                    )
                ],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
