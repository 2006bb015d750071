"""Spend-based emission factors (versioned reference data) and the programme's Scope 3 target."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SpendFactorSet(models.Model):
    """A version of the spend-based factors, imported whole; a new import is a new version.

    A set with a `period` is the one in force for that period; otherwise the latest set
    without a period is (`assessments.scope3.selectors.spend_factor_set_for`).
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    period = models.PositiveSmallIntegerField(_("reporting period"), null=True, blank=True)
    notes = models.TextField(_("sources and notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("spend-based factor set")
        verbose_name_plural = _("spend-based factor sets")

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class SpendFactor(models.Model):
    factor_set = models.ForeignKey(SpendFactorSet, on_delete=models.CASCADE, related_name="factors")
    category = models.CharField(_("category"), max_length=50)
    kg_per_cny = models.DecimalField(_("kgCO2e per CNY"), max_digits=18, decimal_places=9)
    source = models.CharField(_("source"), max_length=300)
    base_year = models.PositiveSmallIntegerField(_("base year"))

    class Meta:
        ordering = ["factor_set", "category"]
        verbose_name = _("spend-based factor")
        verbose_name_plural = _("spend-based factors")
        constraints = [
            models.UniqueConstraint(
                fields=["factor_set", "category"], name="spend_factor_unique_category"
            ),
            models.CheckConstraint(
                condition=Q(kg_per_cny__gte=0), name="spend_factor_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.kg_per_cny} kgCO2e/CNY"


class Scope3Target(models.Model):
    """The programme owner's Category 1 target: cut the intensity (kgCO2e per CNY of spend)
    by `reduction_pct` percent from the base period by the target year. The latest row is the
    target in force; earlier rows are its history."""

    base_period = models.PositiveSmallIntegerField(_("base period"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    reduction_pct = models.DecimalField(
        _("intensity reduction (percent)"), max_digits=5, decimal_places=2
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-id"]
        verbose_name = _("Scope 3 target")
        verbose_name_plural = _("Scope 3 targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(reduction_pct__gt=0) & Q(reduction_pct__lte=100),
                name="scope3_target_reduction_range",
            ),
            models.CheckConstraint(
                condition=Q(target_year__gt=models.F("base_period")),
                name="scope3_target_after_base",
            ),
        ]

    def __str__(self) -> str:
        return f"-{self.reduction_pct} by {self.target_year} from {self.base_period}"
