"""A supplier's answer to one question of an assessment, and the evidence documents behind it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.campaigns.models import Assessment
from assessments.questionnaires.models import Question
from core.models import StoredDocument

DATA_QUALITY_CHOICES = [
    ("metered", _("Metered")),
    ("invoiced", _("Invoiced")),
    ("calculated", _("Calculated")),
    ("estimated", _("Estimated")),
    ("secondary", _("Secondary data")),
]


class Answer(models.Model):
    class ReviewStatus(models.TextChoices):
        PENDING = "pending", _("Not reviewed")
        ACCEPTED = "accepted", _("Accepted")
        QUERIED = "queried", _("Queried")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("value"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    data_quality = models.CharField(
        _("data quality"), max_length=20, choices=DATA_QUALITY_CHOICES, blank=True
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    review_status = models.CharField(
        _("review"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    review_comment = models.TextField(_("reviewer comment"), blank=True)
    supplier_response = models.TextField(_("supplier response"), blank=True)
    # After a return, only the queried answers are open to the supplier again.
    is_unlocked = models.BooleanField(_("open for changes"), default=False)
    # Prefilled from the supplier's approved answer of the campaign this one is based on
    # (`prefill.services`): true while it still says what was carried; a change makes it a
    # normal answer (false) and `carried_from` keeps the source, so the reviewer sees old -> new.
    carried_forward = models.BooleanField(_("carried forward"), default=False)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried forward from"),
    )
    # The supplier stands by this answer: true for every answer it gave, false for a carried
    # answer until confirmed (submission needs it: `answers.selectors.assessment_requirements`).
    confirmed = models.BooleanField(_("confirmed"), default=True)

    class Meta:
        ordering = ["question__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="answer_one_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.question.code}"

    # Set by `selectors.with_documents()` or `assessment_answers`: the evidence, loaded with
    # the answer.
    evidence_documents: list[EvidenceDocument] | None

    @property
    def documents(self) -> list[EvidenceDocument]:
        """The evidence, oldest first: the list loaded with the answer, or one query.

        `selectors.with_documents()` and `assessment_answers` load the lists of many answers
        in one query; Django's own prefetch_related("evidence") builds a filtered queryset per
        answer, which costs more than the query itself on a page of sixty answers.
        """
        loaded: list[EvidenceDocument] | None = getattr(self, "evidence_documents", None)
        return loaded if loaded is not None else list(self.evidence.all())


class EvidenceQuerySet(models.QuerySet["EvidenceDocument"]):
    def current(self) -> EvidenceQuerySet:
        """The documents the supplier has not removed."""
        return self.filter(removed_at__isnull=True)

    def valid_on(self, on: datetime.date) -> EvidenceQuerySet:
        """The documents valid on `on` (see `EvidenceDocument.is_valid_on`, the same rule)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        )


class CurrentEvidenceManager(models.Manager["EvidenceDocument"]):
    """The default manager (and so `answer.evidence`): removed documents are not offered, not
    scored and not reviewed; `EvidenceDocument.all_objects` keeps them for the record."""

    def get_queryset(self) -> EvidenceQuerySet:
        return EvidenceQuerySet(self.model, using=self._db).current()

    def valid_on(self, on: datetime.date) -> EvidenceQuerySet:
        return self.get_queryset().valid_on(on)


class EvidenceDocument(StoredDocument):
    class ReviewStatus(models.TextChoices):
        PENDING = "pending", _("Not reviewed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    review_status = models.CharField(
        _("review"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    review_reason = models.TextField(_("review reason"), blank=True)
    # Removed by the supplier (replaced or withdrawn): the file is kept privately for the record.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # A permit's or certificate's validity, as the supplier states it on upload (required on
    # questions that `requires_validity`); both open when the document has no term.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = CurrentEvidenceManager()
    all_objects = EvidenceQuerySet.as_manager()

    class Meta(StoredDocument.Meta):
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=F("valid_until")),
                name="evidence_validity_ordered",
            ),
        ]

    def is_valid_on(self, on: datetime.date) -> bool:
        """Within its validity on `on` (an open end never expires). The one rule, with
        `EvidenceQuerySet.valid_on`; carrying documents forward asks this."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or self.valid_until >= on
        )

    def validity_on(self, on: datetime.date) -> str:
        """What the reviewer and the supplier are shown: "expired" (past `valid_until`),
        "expiring" (within the longest reminder, DOCUMENT_EXPIRY_REMINDER_DAYS), "valid", or ""
        for a document without an end date."""
        if self.valid_until is None:
            return ""
        if self.valid_until < on:
            return "expired"
        soon = max(settings.GREENGATE_DOCUMENT_EXPIRY_REMINDER_DAYS, default=0)
        if (self.valid_until - on).days <= soon:
            return "expiring"
        return "valid"

    @property
    def validity(self) -> str:
        """`validity_on` today, for templates."""
        return self.validity_on(timezone.localdate())
