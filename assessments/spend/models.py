"""Spend lines and exchange rates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ImportJob
from suppliers.models import Supplier


class ExchangeRate(models.Model):
    """CNY per unit of a currency for a reporting period, maintained by admins with its source."""

    period = models.PositiveSmallIntegerField(_("reporting period"))
    currency = models.CharField(_("currency"), max_length=3)
    rate_to_cny = models.DecimalField(_("CNY per unit"), max_digits=18, decimal_places=8)
    source = models.CharField(_("source"), max_length=300)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["-period", "currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["period", "currency"], name="exchange_rate_unique"),
            models.CheckConstraint(condition=Q(rate_to_cny__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.currency} = {self.rate_to_cny} CNY"


class SpendLine(models.Model):
    """The buyer's spend with a supplier in a reporting period, one line of an import.

    A line is known by supplier, period and line reference (re-importing it is idempotent).
    `amount_cny` and `rate_to_cny` are fixed when the line is imported: the figure keeps the
    rate it used.
    """

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="spend_lines", verbose_name=_("supplier")
    )
    period = models.PositiveSmallIntegerField(_("reporting period"), db_index=True)
    line_reference = models.CharField(_("line reference"), max_length=100)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    rate_to_cny = models.DecimalField(_("CNY per unit"), max_digits=18, decimal_places=8, default=1)
    amount_cny = models.DecimalField(_("amount in CNY"), max_digits=18, decimal_places=2)
    category = models.CharField(_("spend category"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["period", "supplier_id", "line_reference"]
        verbose_name = _("spend line")
        verbose_name_plural = _("spend lines")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "period", "line_reference"], name="spend_line_unique"
            ),
            models.CheckConstraint(condition=Q(rate_to_cny__gt=0), name="spend_rate_positive"),
        ]
        indexes = [models.Index(fields=["period", "supplier"], name="spend_period_supplier")]

    def __str__(self) -> str:
        return (
            f"{self.supplier_id} {self.period} {self.line_reference}: {self.amount} {self.currency}"
        )


class SpendImport(ImportJob):
    """A spend workbook import, run by a Celery task: every row is checked first, and the lines
    are written only if none is refused (all or nothing, in one transaction)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), upload_to="spend-imports/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    failed = models.PositiveIntegerField(_("rows refused"), default=0)
    # `errors` (from ImportJob) name the sheet too:
    # [{"sheet": "Spend", "row": 3, "column": "amount", "message": "..."}], in file order.

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("spend import")
        verbose_name_plural = _("spend imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "running", "succeeded", "failed"]),
                name="spend_import_status_valid",
            ),
        ]
