"""Scope 3 test data: approved assessments of a period with GHG results and answers, spend
lines and spend-based factor sets, written directly."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from assessments.campaigns.models import period_bounds
from assessments.models import (
    Assessment,
    Campaign,
    FactorSet,
    GhgCalculation,
    QuestionnaireVersion,
    SpendFactor,
    SpendFactorSet,
    SpendLine,
)
from suppliers.models import Supplier
from tests.assessments.definitions import small_definition
from tests.factories import AnswerFactory, AssessmentFactory, QuestionnaireVersionFactory


def scope3_definition() -> dict[str, Any]:
    """The small questionnaire with the revenue and allocation questions of the default."""
    definition = small_definition()
    definition["questions"] += [
        {
            "code": "A2.11",
            "area": "A2",
            "type": "number",
            "text_en": "Revenue",
            "text_zh": "营业收入",
            "unit": "RMB million",
            "min": 0,
            "is_required": False,
            "criticality": "info",
        },
        {
            "code": "A4.11",
            "area": "A2",
            "type": "number",
            "text_en": "Allocated to us",
            "text_zh": "分摊给我方",
            "unit": "tCO2e",
            "min": 0,
            "is_required": False,
            "criticality": "info",
        },
        {
            "code": "A4.11.1",
            "area": "A2",
            "type": "single_choice",
            "text_en": "Allocation basis",
            "text_zh": "分摊依据",
            "is_required": False,
            "criticality": "info",
        },
    ]
    definition["choices"] += [
        {
            "question": "A4.11.1",
            "column": "",
            "code": "market_value",
            "label_en": "Market value",
            "label_zh": "市场价值",
            "points": 0,
        },
        {
            "question": "A4.11.1",
            "column": "",
            "code": "other",
            "label_en": "Other",
            "label_zh": "其他",
            "points": 0,
        },
    ]
    return definition  # fmt: skip


def scope3_version() -> QuestionnaireVersion:
    existing = QuestionnaireVersion.objects.filter(questionnaire__code="test-q").first()
    return existing or QuestionnaireVersionFactory(definition=scope3_definition())


def approved(
    supplier: Supplier,
    *,
    period: int = 2025,
    scope1: str | None = None,
    scope2: str | None = None,
    revenue: Any = None,
    declared: Any = None,
    declared_method: str = "",
    status: str = Assessment.Status.APPROVED,
    campaign: Campaign | None = None,
) -> Assessment:
    """An approved assessment of `period` (in `campaign` when given, else in a campaign of its
    own) with a GHG result (when scope1 is given) and the revenue (RMB million) and allocation
    answers given."""
    start, end = period_bounds(period)
    version = scope3_version()
    if campaign is not None:
        assessment = AssessmentFactory(
            supplier=supplier, status=status, decided_at=timezone.now(), campaign=campaign
        )
    else:
        assessment = AssessmentFactory(
            supplier=supplier,
            status=status,
            decided_at=timezone.now(),
            campaign__questionnaire_version=version,
            campaign__period_start=start,
            campaign__period_end=end,
            campaign__due_on=end,
        )
    if scope1 is not None:
        GhgCalculation.objects.create(
            assessment=assessment,
            factor_set=FactorSet.objects.order_by("version").first(),
            scope1=Decimal(scope1),
            scope2=Decimal(scope2 or "0"),
        )
    for code, value in (("A2.11", revenue), ("A4.11", declared), ("A4.11.1", declared_method)):
        if value not in (None, ""):
            AnswerFactory(assessment=assessment, question_code=code, value=value)
    return assessment


def spend(
    supplier: Supplier,
    amount_cny: str,
    *,
    period: int = 2025,
    reference: str = "",
    currency: str = "CNY",
    amount: str | None = None,
    rate: str = "1",
) -> SpendLine:
    count = SpendLine.objects.filter(supplier=supplier, period=period).count()
    return SpendLine.objects.create(
        supplier=supplier,
        period=period,
        line_reference=reference or f"L{count + 1}",
        amount=Decimal(amount or amount_cny),
        currency=currency,
        rate_to_cny=Decimal(rate),
        amount_cny=Decimal(amount_cny),
    )


def factor_set(
    factors: dict[str, str], *, period: int | None = None, name: str = "Test set"
) -> SpendFactorSet:
    version = (
        SpendFactorSet.objects.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    created = SpendFactorSet.objects.create(version=version, name=name, period=period)
    for category, value in factors.items():
        SpendFactor.objects.create(
            factor_set=created,
            category=category,
            kg_per_cny=Decimal(value),
            source=f"Test source for {category}",
            base_year=2020,
        )
    return created  # fmt: skip


DAY = datetime.date(2025, 6, 1)
