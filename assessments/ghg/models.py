"""Emission factors and GWPs as versioned reference data, and each GHG calculation made."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.campaigns.models import Assessment

# Why a line was not computed (the codes of ghg/calculation.py), in words.
REASON_TEXTS = {
    "no_factor": _("No emission factor for this energy type: not counted in the totals."),
    "no_conversion": _("No conversion for this unit: not counted in the totals."),
    "no_gwp": _("No GWP for this refrigerant: not counted in the totals."),
}


def reason_text(reason: str) -> str:
    text = REASON_TEXTS.get(reason)
    return reason if text is None else str(text)


class FactorSet(models.Model):
    """A version of the reference data; admins add a new version instead of editing one."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    notes = models.TextField(_("sources and notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("emission factor set")
        verbose_name_plural = _("emission factor sets")

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class EmissionFactor(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Activity factor (tCO2e per unit)")
        GWP = "gwp", _("Global warming potential (kgCO2e per kg)")
        # The conversions of a fuel line's unit into GJ (factor set v2 and later).
        NCV = "ncv", _("Net calorific value (GJ per unit)")
        DENSITY = "density", _("Density (kg per litre)")

    factor_set = models.ForeignKey(FactorSet, on_delete=models.CASCADE, related_name="factors")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    activity = models.CharField(_("activity or gas"), max_length=60)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=9)
    # A GWP without a scope is a gas outside the Kyoto basket (CFC, HCFC): a memo item.
    scope = models.PositiveSmallIntegerField(_("scope"), null=True, blank=True)
    # For factors published per year (the national grid factor): the year it is for.
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["factor_set", "kind", "activity", "unit"]
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        constraints = [
            models.UniqueConstraint(
                fields=["factor_set", "kind", "activity", "unit", "year"],
                name="emission_factor_unique_per_year",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="emission_factor_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.unit} {self.value}"


class GhgCalculation(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="ghg_calculations"
    )
    factor_set = models.ForeignKey(FactorSet, on_delete=models.PROTECT, related_name="+")
    scope1 = models.DecimalField(_("scope 1 (tCO2e)"), max_digits=18, decimal_places=4)
    scope2 = models.DecimalField(
        _("scope 2, location-based (tCO2e)"), max_digits=18, decimal_places=4
    )
    intensity = models.DecimalField(
        _("intensity (tCO2e per RMB million)"), max_digits=18, decimal_places=6, null=True
    )
    # CFC and HCFC top-ups, reported outside the scopes (GHG Protocol Corporate Standard).
    memo_non_kyoto = models.DecimalField(
        _("memo: non-Kyoto gases (tCO2e)"), max_digits=18, decimal_places=4, default=0
    )
    declared_scope1 = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    declared_scope2 = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    lines = models.JSONField(_("activity lines"), default=list)
    flags = models.JSONField(_("flags"), default=list)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = _("GHG calculation")
        verbose_name_plural = _("GHG calculations")

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.scope1} + {self.scope2} tCO2e"

    @property
    def uncomputed_lines(self) -> list[dict[str, Any]]:
        """Lines left out of the totals, each with its reason in words (calculations before
        factor set v2 have no `computed` key: a line without a factor was not computed)."""
        return [
            {**line, "reason_text": reason_text(line.get("reason") or "") or line.get("note")}
            for line in self.lines
            if line.get("computed") is False or line.get("factor") is None
        ]
