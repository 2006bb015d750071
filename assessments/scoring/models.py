"""Score records (provisional and final) and rescoring jobs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.campaigns.models import Assessment, Campaign
from assessments.scoring.calculation import area_assessed


class Score(models.Model):
    """One scoring of an assessment. Rescoring adds a record; none is overwritten."""

    class Kind(models.TextChoices):
        PROVISIONAL = "provisional", _("Provisional")
        FINAL = "final", _("Final")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    overall = models.DecimalField(_("overall score"), max_digits=5, decimal_places=2, null=True)
    areas = models.JSONField(_("area scores"), default=list)
    questions = models.JSONField(_("question scores"), default=list)
    critical_failures = models.JSONField(_("critical items failed"), default=list)
    version_hash = models.CharField(_("questionnaire content hash"), max_length=64)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["provisional", "final"]), name="score_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(overall__isnull=True) | (Q(overall__gte=0) & Q(overall__lte=100)),
                name="score_overall_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.kind} {self.overall}"

    @property
    def area_results(self) -> list[dict[str, Any]]:
        """The stored area scores, each with "assessed" (scores stored before the flag had a
        None score for a not-assessed area)."""
        return [{**area, "assessed": area_assessed(area)} for area in self.areas or []]

    @property
    def pending_review_codes(self) -> list[str]:
        """Questions a provisional score credits on evidence still pending review."""
        return [q["code"] for q in self.questions or [] if q.get("pending_review")]


class RescoringJob(models.Model):
    """Rescoring a campaign after a rule fix: new score records, before and after per supplier."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        # Finished, but some assessments could not be scored: their results say why.
        PARTIAL = "partial", _("Finished with failures")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.SUCCEEDED, Status.PARTIAL, Status.FAILED)

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rescoring_jobs")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("assessments"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    # One entry per assessment: supplier, kind, before, after; "error" when it was not scored.
    results = models.JSONField(_("results"), default=list, blank=True)
    failure_reason = models.TextField(_("failure reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rescoring job")
        verbose_name_plural = _("rescoring jobs")

    def __str__(self) -> str:
        return f"{self.campaign} {self.status}"

    @property
    def failures(self) -> list[dict[str, Any]]:
        """The assessments this job could not score (each keeps its earlier score)."""
        return [entry for entry in self.results or [] if entry.get("error")]

    @property
    def progress(self) -> int:
        if self.status in self.FINISHED:
            return 100
        return min(99, self.processed * 100 // self.total) if self.total else 0
