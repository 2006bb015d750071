"""Corrective actions a reviewer raises on an assessment, and the documents answering them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.campaigns.models import Assessment
from assessments.labels.models import LabelDecision
from assessments.questionnaires.models import Question
from assessments.scoring.models import Score
from core.models import StoredDocument


class CorrectiveAction(models.Model):
    """A finding raised by a reviewer, answered by the supplier, closed (or reopened) by review."""

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESPONDED = "responded", _("Answered by the supplier")
        CLOSED = "closed", _("Closed")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="corrective_actions"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("finding"), max_length=300)
    description = models.TextField(_("what must be done"), blank=True)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(_("supplier response"), blank=True)
    # The supplier's fix as an improved answer to the linked question (None: no new answer).
    # Checked like any answer when sent; saved to the answer only when a reviewer verifies it.
    proposed_value = models.JSONField(_("improved answer"), null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Verified and closed: the rescoring it caused (both records are kept) and the label decision.
    score_before = models.ForeignKey(
        Score, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score_after = models.ForeignKey(
        Score, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    label_decision = models.ForeignKey(
        LabelDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__in=["low", "medium", "high", "critical"]),
                name="corrective_action_severity_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "responded", "closed"]),
                name="corrective_action_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CorrectiveActionDocument(StoredDocument):
    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="corrective-actions/%Y/%m/")

    class Meta(StoredDocument.Meta):
        verbose_name = _("corrective action document")
        verbose_name_plural = _("corrective action documents")
