"""Abstract models every app may use; the core app has no tables of its own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.jobs import RecoverableJob


class StoredDocument(models.Model):
    """A file a supplier uploaded: kept privately under a generated name, with its SHA-256."""

    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ImportJob(RecoverableJob):
    """An uploaded workbook imported by a Celery task: its file, counts, errors and lifecycle.

    A concrete import declares its own `file` (its folder), `status` (its choices; they include
    "pending", "running" and "failed", which `core.jobs` sets) and `failed` (its label).
    """

    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    # [{"row": 3, "column": "amount", "message": "..."}] in file order (the spend import adds
    # "sheet").
    errors = models.JSONField(_("errors"), default=list, blank=True)
    failure_reason = models.TextField(_("failure reason"), blank=True)
    # Messages are written in the language of the person who uploaded the file.
    language = models.CharField(_("language"), max_length=10, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    status: Any
    failed: Any

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"  # type: ignore[attr-defined]

    @property
    def is_finished(self) -> bool:
        """Past pending and running: succeeded or failed, whatever the import calls it."""
        return self.status not in ("pending", "running")

    @property
    def progress(self) -> int:
        """Percent done, 0-100."""
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.processed_rows * 100 // self.total_rows)
