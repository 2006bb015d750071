"""A supplier's answer to one question of an assessment, and the evidence documents behind it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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


class CurrentEvidenceManager(models.Manager["EvidenceDocument"]):
    """The default manager (and so `answer.evidence`): removed documents are not offered, not
    scored and not reviewed; `EvidenceDocument.all_objects` keeps them for the record."""

    def get_queryset(self) -> EvidenceQuerySet:
        return EvidenceQuerySet(self.model, using=self._db).current()


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

    objects = CurrentEvidenceManager()
    all_objects = EvidenceQuerySet.as_manager()

    class Meta(StoredDocument.Meta):
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
