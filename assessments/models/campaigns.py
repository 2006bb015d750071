"""Campaigns, the assessments they create, answers, evidence, invitations and the event log."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.questionnaires import Question, QuestionnaireVersion
from suppliers.models import Supplier

DATA_QUALITY_CHOICES = [
    ("metered", _("Metered")),
    ("invoiced", _("Invoiced")),
    ("calculated", _("Calculated")),
    ("estimated", _("Estimated")),
    ("secondary", _("Secondary data")),
]


def fiscal_year_start(today: datetime.date | None = None) -> datetime.date:
    """The reporting period defaults to the fiscal year 1 April to 31 March."""
    today = today or timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(year, 4, 1)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LAUNCHED = "launched", _("Launched")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    questionnaire_version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("questionnaire version"),
    )
    period_start = models.DateField(_("reporting period start"))
    period_end = models.DateField(_("reporting period end"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    supplier_filters = models.JSONField(_("supplier filters"), default=dict, blank=True)
    suppliers = models.ManyToManyField(
        Supplier, blank=True, related_name="+", verbose_name=_("suppliers picked one by one")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="campaign_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "launched", "closed"]),
                name="campaign_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def open(self) -> AssessmentQuerySet:
        return self.filter(status__in=Assessment.OPEN_STATUSES)


class Assessment(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATUSES = ("invited", "in_progress", "returned")
    EDITABLE_STATUSES = ("invited", "in_progress", "returned")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("campaign")
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("supplier")
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("questionnaire version"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    due_on = models.DateField(_("due date"))
    is_overdue = models.BooleanField(_("overdue"), default=False)
    code_acknowledged_at = models.DateTimeField(_("code acknowledged at"), null=True, blank=True)
    code_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attested_at = models.DateTimeField(_("attested at"), null=True, blank=True)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            # One assessment per supplier and campaign: a supplier never holds two at once there.
            models.UniqueConstraint(
                fields=["campaign", "supplier"], name="assessment_one_per_campaign"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "invited",
                        "in_progress",
                        "submitted",
                        "returned",
                        "approved",
                        "rejected",
                    ]
                ),
                name="assessment_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="assessment_status_due_idx")]
        permissions = [
            ("review_assessment", _("Can review assessments")),
            ("approve_assessment", _("Can approve or reject assessments")),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.campaign}"

    @property
    def is_editable_by_supplier(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


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

    class Meta(StoredDocument.Meta):
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")


class Invitation(models.Model):
    """A one-time, expiring link for a supplier contact to become a supplier user."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="invitations")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    # Only a hash of the token is stored: a database leak does not leak usable links.
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.supplier}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class EventImmutableError(Exception):
    pass


class Event(models.Model):
    """The append-only history of an assessment: every state change and every answer change."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Assessment created")
        INVITED = "invited", _("Invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        CODE_ACKNOWLEDGED = "code_acknowledged", _("Code of conduct acknowledged")
        ANSWER_SAVED = "answer_saved", _("Answer saved")
        EVIDENCE_UPLOADED = "evidence_uploaded", _("Evidence uploaded")
        EVIDENCE_REMOVED = "evidence_removed", _("Evidence removed")
        SUBMITTED = "submitted", _("Submitted")
        ANSWER_ACCEPTED = "answer_accepted", _("Answer accepted")
        ANSWER_QUERIED = "answer_queried", _("Answer queried")
        EVIDENCE_ACCEPTED = "evidence_accepted", _("Evidence accepted")
        EVIDENCE_REJECTED = "evidence_rejected", _("Evidence rejected")
        RETURNED = "returned", _("Returned to the supplier")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REMINDER_SENT = "reminder_sent", _("Reminder sent")
        MARKED_OVERDUE = "marked_overdue", _("Marked overdue")
        DUE_DATE_CHANGED = "due_date_changed", _("Due date changed")
        ACTION_RAISED = "action_raised", _("Corrective action raised")
        ACTION_RESPONDED = "action_responded", _("Corrective action answered")
        ACTION_CLOSED = "action_closed", _("Corrective action closed")
        ACTION_REOPENED = "action_reopened", _("Corrective action reopened")

    class Via(models.TextChoices):
        WEB = "web", _("web")
        API = "api", _("API")
        IMPORT = "import", _("import")
        SYSTEM = "system", _("system")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    via = models.CharField(_("via"), max_length=10, choices=Via.choices, default=Via.WEB)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    question_code = models.CharField(_("question"), max_length=40, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    is_supplier_visible = models.BooleanField(_("shown to the supplier"), default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["assessment", "at"], name="event_assessment_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise EventImmutableError("Events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise EventImmutableError("Events are append-only.")


class SentReminder(models.Model):
    """One row per reminder sent: the unique key makes a second beat process send nothing twice."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=40)  # "before:7", "after:1"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="reminder_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.key}"


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
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

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


class RescoringJob(models.Model):
    """Rescoring a campaign after a rule fix: new score records, before and after per supplier."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rescoring_jobs")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("assessments"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    # One entry per assessment: supplier, kind, before, after.
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
    def progress(self) -> int:
        if self.status in (self.Status.SUCCEEDED, self.Status.FAILED):
            return 100
        return min(99, self.processed * 100 // self.total) if self.total else 0
