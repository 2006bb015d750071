"""The supplier registry: categories, suppliers, their sites, supplier users and bulk imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import ImportJob


class Region(models.TextChoices):
    """Reporting regions, derived from the registered country (not where the work is done)."""

    MAINLAND_CHINA = "mainland_china", _("Mainland China")
    HONG_KONG = "hong_kong", _("Hong Kong")
    MACAO = "macao", _("Macao")
    TAIWAN = "taiwan", _("Taiwan")
    OTHER = "other", _("Other countries and regions")


COUNTRY_REGIONS = {
    "CN": Region.MAINLAND_CHINA,
    "HK": Region.HONG_KONG,
    "MO": Region.MACAO,
    "TW": Region.TAIWAN,
}


def region_for_country(country: str) -> str:
    return str(COUNTRY_REGIONS.get(country, Region.OTHER))


class Category(models.Model):
    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        language = get_language() or ""
        return self.name_zh if language.startswith("zh") else self.name_en


class SupplierQuerySet(models.QuerySet["Supplier"]):
    def active(self) -> SupplierQuerySet:
        return self.filter(status=Supplier.Status.ACTIVE)

    def not_archived(self) -> SupplierQuerySet:
        return self.exclude(status=Supplier.Status.ARCHIVED)


class RelationshipEndReason(models.TextChoices):
    ENVIRONMENTAL = "environmental", _("Environmental performance")
    OTHER = "other", _("Other reasons")


class Supplier(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(
        _("legal name"),
        max_length=200,
        help_text=_("The registered legal name; in Chinese for suppliers registered in China."),
    )
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    country = CountryField(_("registered country"))
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, editable=False)
    registration_code = models.CharField(
        _("registration code"),
        max_length=50,
        help_text=_(
            "For China the 18-character Unified Social Credit Code; elsewhere the company "
            "registration number."
        ),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="suppliers", verbose_name=_("category")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    contact_name = models.CharField(_("contact name"), max_length=100)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    # GRI 308-2: a relationship ended, and whether for environmental reasons.
    relationship_ended_on = models.DateField(_("relationship ended on"), null=True, blank=True)
    relationship_end_reason = models.CharField(
        _("reason the relationship ended"),
        max_length=20,
        choices=RelationshipEndReason.choices,
        blank=True,
    )
    relationship_end_note = models.TextField(_("why the relationship ended"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = SupplierQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        permissions = [
            ("archive_supplier", _("Can archive suppliers")),
            ("import_suppliers", _("Can import suppliers from a workbook")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_code"], name="supplier_unique_code_per_country"
            ),
            models.CheckConstraint(
                condition=(
                    Q(relationship_ended_on__isnull=True, relationship_end_reason="")
                    | Q(
                        relationship_ended_on__isnull=False,
                        relationship_end_reason__in=["environmental", "other"],
                    )
                ),
                name="supplier_relationship_end_complete",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "suspended", "archived"]),
                name="supplier_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(region__in=["mainland_china", "hong_kong", "macao", "taiwan", "other"]),
                name="supplier_region_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["name", "id"], name="supplier_name_idx"),
            models.Index(fields=["name_en", "id"], name="supplier_name_en_idx"),
            models.Index(fields=["status", "name"], name="supplier_status_name_idx"),
            models.Index(fields=["region", "name"], name="supplier_region_name_idx"),
            models.Index(fields=["category", "name"], name="supplier_category_name_idx"),
            models.Index(fields=["registration_code"], name="supplier_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.region = region_for_country(str(self.country))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED


# What staff may change on a supplier (the region follows the country; the rest is recorded).
SUPPLIER_EDITABLE_FIELDS = (
    "name",
    "name_en",
    "country",
    "registration_code",
    "category",
    "status",
    "contact_name",
    "contact_email",
    "contact_phone",
)


class Site(models.Model):
    """An operating site: where the supplier works, which may differ from where it is registered."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="sites", verbose_name=_("supplier")
    )
    name = models.CharField(_("site name"), max_length=200)
    address = models.CharField(_("address"), max_length=500)
    country = CountryField(_("country"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("operating site")
        verbose_name_plural = _("operating sites")

    def __str__(self) -> str:
        return self.name


class SupplierMembership(models.Model):
    """Makes a user a supplier user: exactly one supplier, and only the supplier portal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supplier_membership",
        verbose_name=_("user"),
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("supplier")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("supplier membership")
        verbose_name_plural = _("supplier memberships")

    def __str__(self) -> str:
        return f"{self.user} → {self.supplier}"


class SupplierImport(ImportJob):
    """A bulk import of suppliers from an uploaded workbook, run by a Celery task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        # Finished, but some rows were refused (`failed` counts them, `errors` says why).
        COMPLETED_WITH_ERRORS = "completed_with_errors", _("Completed with errors")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), upload_to="supplier-imports/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.PENDING
    )
    failed = models.PositiveIntegerField(_("failed"), default=0)
    # The cells of each refused row as read, for the error report: [{"row": 3, "values": {...}}].
    failed_rows = models.JSONField(_("refused rows"), default=list, blank=True)
    # Validate every row and write nothing: the counts say what a real run would do.
    is_dry_run = models.BooleanField(_("dry run"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("supplier import")
        verbose_name_plural = _("supplier imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "running",
                        "succeeded",
                        "completed_with_errors",
                        "failed",
                    ]
                ),
                name="supplier_import_status_valid",
            ),
        ]

    @property
    def status_label(self) -> str:
        """The status in words; "Completed with 3 errors" counts the rows refused."""
        if self.status == self.Status.COMPLETED_WITH_ERRORS:
            return ngettext(
                "Completed with %(count)s error", "Completed with %(count)s errors", self.failed
            ) % {"count": self.failed}
        return str(self.get_status_display())
