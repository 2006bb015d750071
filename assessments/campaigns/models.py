"""Campaigns, the assessments they create, answers, evidence, invitations and the event log."""

from __future__ import annotations

import datetime
from typing import Any, Protocol

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.questionnaires.models import QuestionnaireVersion
from core.validators import validate_single_line
from suppliers.models import Supplier


def fiscal_year_start(today: datetime.date | None = None) -> datetime.date:
    """The reporting period defaults to the fiscal year 1 April to 31 March."""
    today = today or timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(year, 4, 1)


def period_of(day: datetime.date) -> int:
    """The reporting period a date falls in, named by the year it starts in: with the
    default fiscal year (1 April to 31 March), 2026-01-15 is in period 2025."""
    return fiscal_year_start(day).year


def period_bounds(period: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a reporting period (`period_of`): 2025 is 1 April 2025 to
    31 March 2026."""
    start = fiscal_year_start(datetime.date(period, 12, 31))
    return start, datetime.date(start.year + 1, start.month, 1) - datetime.timedelta(days=1)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LAUNCHED = "launched", _("Launched")
        CLOSED = "closed", _("Closed")

    # One line: it is the subject of every reminder and notification email.
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
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
    # The earlier campaign whose approved answers prefill this one's (`prefill.services`).
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("based on"),
    )
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


class UnlockableAnswer(Protocol):
    """What the editability rule reads of an answer (answers.models imports this module)."""

    @property
    def is_unlocked(self) -> bool: ...


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
    # Whose code of conduct was acknowledged (carried acknowledgements keep their source's).
    # Null for acknowledgements recorded before versions carried their code.
    code_acknowledged_version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code of conduct version acknowledged"),
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
        """The supplier may still change something here (not every answer once it is returned)."""
        return self.status in self.EDITABLE_STATUSES

    def is_answer_editable_by_supplier(self, answer: UnlockableAnswer | None) -> bool:
        """May the supplier change this answer (None: not answered yet)?

        Every answer until submission; once the reviewer returns the assessment, only the answers
        they queried (unlocked); never after submission or a decision. The one home of this rule:
        the portal, the services and the templates ask it.
        """
        if self.status == self.Status.RETURNED:
            return answer is not None and answer.is_unlocked
        return self.is_editable_by_supplier


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
        ANSWERS_CARRIED = "answers_carried", _("Answers carried forward")
        CARRIED_CONFIRMED = "carried_confirmed", _("Carried answers confirmed")
        CARRIED_ACCEPTED = "carried_accepted", _("Unchanged carried answers accepted")

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
