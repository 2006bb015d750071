"""Audit workbook exports: one row per requested workbook, built by a Celery task."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.jobs import RecoverableJob


class Export(RecoverableJob):
    """An Excel audit workbook of one assessment, one campaign or a filtered supplier list.

    The SHA-256 of the finished file is kept after the file itself has been purged, so a
    workbook can always be traced back to the export that produced it.
    """

    class Scope(models.TextChoices):
        ASSESSMENT = "assessment", _("One assessment")
        CAMPAIGN = "campaign", _("One campaign")
        SUPPLIERS = "suppliers", _("Suppliers under filters")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired (file deleted)")

    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    target_id = models.PositiveIntegerField(_("assessment or campaign"), null=True, blank=True)
    filters = models.JSONField(_("supplier filters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    row_count = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    failure_reason = models.TextField(_("failure reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["assessment", "campaign", "suppliers"]),
                name="export_scope_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "running", "succeeded", "failed", "expired"]),
                name="export_status_valid",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED, self.Status.EXPIRED)

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.SUCCEEDED and bool(self.file)
