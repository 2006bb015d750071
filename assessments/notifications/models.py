"""What people are told: one in-app notification per user and occasion, one email per address.

A notification stores its kind and parameters, not its words: the page renders it in the
reader's language when it is shown (texts.py), and the email renders it in Chinese and English.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.campaigns.models import Event
from assessments.notifications.texts import NotificationText, notification_text

# The event kinds that may tell someone: `event_record` queues the notification task for these
# only, and the task decides who is told (services.event_occasion).
NOTIFIED_EVENT_KINDS = frozenset(
    {
        Event.Kind.SUBMITTED,
        Event.Kind.RETURNED,
        Event.Kind.ANSWER_QUERIED,
        Event.Kind.EVIDENCE_REJECTED,
        Event.Kind.ACTION_RAISED,
        Event.Kind.APPROVED,
        Event.Kind.REJECTED,
    }
)


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Assessment submitted")
    RESUBMITTED = "resubmitted", _("Assessment resubmitted")
    RETURNED = "returned", _("Assessment returned")
    QUERIED = "queried", _("Answer queried")
    DOCUMENT_REJECTED = "document_rejected", _("Document rejected")
    ACTION_RAISED = "action_raised", _("Corrective action raised")
    ACTION_DUE_SOON = "action_due_soon", _("Corrective action due soon")
    APPROVED = "approved", _("Assessment approved")
    REJECTED = "rejected", _("Assessment rejected")
    LABEL_DECISION = "label_decision", _("Green supplier label decision")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One occasion told to one user; `key` names the occasion ("event:12", "label:3")."""

    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    key = models.CharField(max_length=80)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300)  # a path on this site, e.g. /portal/…
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # A re-delivered task or a second worker adds nothing: one row per occasion and user.
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once"),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.key}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> NotificationText:
        """The words, in the language active now."""
        return notification_text(self.kind, self.params)


class NotificationEmail(models.Model):
    """One row per address an occasion was emailed to: the unique key sends nothing twice."""

    key = models.CharField(max_length=80)
    email = models.EmailField()
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notification email")
        verbose_name_plural = _("notification emails")
        constraints = [
            models.UniqueConstraint(fields=["key", "email"], name="notification_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.email}"
