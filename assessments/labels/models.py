"""The green supplier label: versioned rules, the current label of a supplier, every decision."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.campaigns.models import Assessment
from assessments.scoring.models import Score
from suppliers.models import Supplier

SCORE_RANGE = [MinValueValidator(0), MaxValueValidator(100)]


class LabelRulesQuerySet(models.QuerySet["LabelRules"]):
    def in_force(self) -> LabelRules | None:
        """The rules in force: the latest version (None before any exists)."""
        return self.order_by("-version").first()


class LabelRules(models.Model):
    """The programme's label rules. A change is a new version; decisions name the one they used.

    The defaults are the product's documented proposal (the source report gives no thresholds).
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    min_overall = models.DecimalField(
        _("minimum overall score"),
        max_digits=5,
        decimal_places=2,
        default=70,
        validators=SCORE_RANGE,
    )
    min_area = models.DecimalField(
        _("minimum score in every area"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=SCORE_RANGE,
    )
    # An area in which nothing applies has no score; by default that is not a pass, so a label
    # never rests on an area nobody assessed.
    not_assessed_area_passes = models.BooleanField(
        _("an area not assessed passes the per-area minimum"), default=False
    )
    forbid_critical_failures = models.BooleanField(_("no failed critical item"), default=True)
    forbid_open_critical_actions = models.BooleanField(
        _("no open critical corrective action"), default=True
    )
    forbid_expired_permits = models.BooleanField(
        _("no expired permit among the answers"), default=True
    )
    validity_months = models.PositiveIntegerField(_("validity in months"), default=12)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LabelRulesQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("label rules")
        verbose_name_plural = _("label rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_overall__gte=0)
                & Q(min_overall__lte=100)
                & Q(min_area__gte=0)
                & Q(min_area__lte=100),
                name="label_rules_thresholds_range",
            ),
            models.CheckConstraint(
                condition=Q(validity_months__gte=1), name="label_rules_validity"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Label rules are versioned: create a new version instead.")
        super().save(*args, **kwargs)


class GreenLabel(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    supplier = models.OneToOneField(Supplier, on_delete=models.CASCADE, related_name="green_label")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="+")
    rules = models.ForeignKey(LabelRules, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("granted at"))
    valid_until = models.DateField(_("valid until"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("green supplier label")
        verbose_name_plural = _("green supplier labels")
        permissions = [
            ("grant_label", _("Can grant the green supplier label")),
            ("revoke_label", _("Can revoke the green supplier label")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["active", "suspended", "expired", "revoked"]),
                name="green_label_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="green_label_status_idx")]

    def __str__(self) -> str:
        return f"{self.supplier} {self.status}"


class LabelDecision(models.Model):
    """Append-only: who decided what about a label, when, why, on which score and rules."""

    class Kind(models.TextChoices):
        GRANTED = "granted", _("Granted")
        RENEWED = "renewed", _("Renewed")
        SUSPENDED = "suspended", _("Suspended")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="label_decisions")
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.ForeignKey(
        Score, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rules = models.ForeignKey(
        LabelRules, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The key of a scheduled decision ("expired:2027-04-01"), so a second beat run adds nothing.
    key = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("label decision")
        verbose_name_plural = _("label decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "key"], condition=~Q(key=""), name="label_decision_key_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.kind} {self.at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Label decisions are append-only.")
        super().save(*args, **kwargs)
