"""Notifications: one in-app row per user and occasion, one email row per address and occasion."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0025_ghg_integrity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NotificationEmail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=80)),
                ("email", models.EmailField(max_length=254)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("submitted", "Assessment submitted"),
                            ("resubmitted", "Assessment resubmitted"),
                            ("returned", "Assessment returned"),
                            ("queried", "Answer queried"),
                            ("document_rejected", "Document rejected"),
                            ("action_raised", "Corrective action raised"),
                            ("action_due_soon", "Corrective action due soon"),
                            ("approved", "Assessment approved"),
                            ("rejected", "Assessment rejected"),
                            ("label_decision", "Green supplier label decision"),
                        ],
                        max_length=30,
                    ),
                ),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "notification email",
                "verbose_name_plural": "notification emails",
                "constraints": [
                    models.UniqueConstraint(fields=("key", "email"), name="notification_email_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("submitted", "Assessment submitted"),
                            ("resubmitted", "Assessment resubmitted"),
                            ("returned", "Assessment returned"),
                            ("queried", "Answer queried"),
                            ("document_rejected", "Document rejected"),
                            ("action_raised", "Corrective action raised"),
                            ("action_due_soon", "Corrective action due soon"),
                            ("approved", "Assessment approved"),
                            ("rejected", "Assessment rejected"),
                            ("label_decision", "Green supplier label decision"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("key", models.CharField(max_length=80)),
                ("params", models.JSONField(blank=True, default=dict)),
                ("link", models.CharField(max_length=300, verbose_name="link")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["recipient", "-created_at"], name="notification_recipient_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("recipient", "key"), name="notification_once"),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "submitted",
                                    "resubmitted",
                                    "returned",
                                    "queried",
                                    "document_rejected",
                                    "action_raised",
                                    "action_due_soon",
                                    "approved",
                                    "rejected",
                                    "label_decision",
                                ],
                            )
                        ),
                        name="notification_kind_valid",
                    ),
                ],
            },
        ),
    ]
