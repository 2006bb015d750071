"""REST API v1 for the disclosure figures of a reporting period, as JSON and as a workbook."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.campaigns.models import period_bounds
from assessments.disclosures import selectors
from assessments.disclosures.calculation import Figure
from assessments.disclosures.forms import PeriodForm
from assessments.disclosures.frameworks import mapping_load
from assessments.disclosures.workbooks import write_disclosure_workbook
from core.api import ERRORS
from core.errors import ApplicationError
from core.permissions import StaffPermission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD_PARAMETER = OpenApiParameter(
    "period",
    OpenApiTypes.INT,
    description=(
        "The reporting period, named by the year it starts in (2025 = 1 April 2025 to 31 March "
        "2026); the latest period with a campaign when left out."
    ),
)


class DisclosurePeriodError(ApplicationError):
    code = "invalid_period"
    status_code = 400


def period_from(query: Any) -> int:
    """The period asked for (the latest with a campaign when none is), or DisclosurePeriodError."""
    form = PeriodForm(query)
    if not form.is_valid():
        messages: list[str] = [str(message) for message in form.errors.get("period", [])]
        raise DisclosurePeriodError(" ".join(messages), fields={"period": list(messages)})
    period = form.cleaned_data.get("period")
    return int(period) if period is not None else selectors.disclosure_default_period()


def disclosure_workbook_response(*, user: Any, period: int) -> HttpResponse:
    """The whole set of the period as an xlsx attachment (figures, and suppliers behind each)."""
    figures = selectors.disclosure_figures(user=user, period=period)
    wanted = {supplier_id for figure in figures for supplier_id in figure.supplier_ids}
    start, end = period_bounds(period)
    content = write_disclosure_workbook(
        period=period,
        period_words=f"{start:%Y-%m-%d} – {end:%Y-%m-%d}",
        mapping_version=mapping_load().version,
        figures=figures,
        suppliers=selectors.supplier_rows(user=user, supplier_ids=wanted),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="disclosures-{period}.xlsx"'
    return response


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """A count as a whole number, a percentage or value as a decimal number, or null."""

    def to_representation(self, value: Any) -> Any:
        return value


class ReferenceSerializer(serializers.Serializer):
    framework = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    document = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    citation = serializers.CharField()
    wording = serializers.CharField()


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    references = ReferenceSerializer(many=True)
    value = NumberField(allow_null=True)
    unit = serializers.CharField()
    supplier_count = serializers.IntegerField()
    base = serializers.IntegerField(allow_null=True)
    suppliers = serializers.ListField(child=serializers.IntegerField())
    suppliers_url = serializers.CharField(allow_null=True)
    pending = serializers.CharField(allow_blank=True)


class DisclosureSetSerializer(serializers.Serializer):
    period = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    mapping_version = serializers.CharField()
    figures = FigureSerializer(many=True)


def figure_data(figure: Figure, *, period: int, language: str, request: Any) -> dict[str, Any]:
    """A figure as the API gives it: counts as whole numbers, percentages with one decimal."""
    path = reverse("disclosures:suppliers", args=[figure.code]) + f"?period={period}"
    return {
        "code": figure.code,
        "title": figure.title,
        "definition": figure.definition,
        "references": [
            {
                "framework": ref.framework,
                "code": ref.code,
                "title": ref.title(language),
                "document": ref.document,
                "url": ref.url,
                "citation": ref.citation,
                "wording": ref.wording,
            }
            for ref in figure.references
        ],
        "value": figure.value,
        "unit": figure.unit,
        "supplier_count": figure.supplier_count,
        "base": figure.base,
        "suppliers": list(figure.supplier_ids),
        "suppliers_url": request.build_absolute_uri(path) if figure.supplier_ids else None,
        "pending": figure.pending,
    }


class DisclosureListApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": ["assessments.view_assessment"]}

    @extend_schema(
        parameters=[PERIOD_PARAMETER],
        responses={200: DisclosureSetSerializer, **ERRORS},
        description=(
            "The disclosure figures of a reporting period (GRI 308-1 and 308-2, HKEX B5.1, B5.2, "
            "B5.4 and Part D, MIIT X22, X24 and X26): each with its definition, the framework "
            "references it serves (mapping `mapping_version`), its value and unit (`suppliers`, "
            "`percent`, `tCO2e`), the ids of the suppliers behind it and their drill-down page. "
            "A period that is not a year from 1990 to 2100 is a 400 `invalid_period`."
        ),
    )
    def get(self, request: Request) -> Response:
        period = period_from(request.query_params)
        language = getattr(request, "LANGUAGE_CODE", "") or ""
        figures = selectors.disclosure_figures(user=request.user, period=period)
        start, end = period_bounds(period)
        data = {
            "period": period,
            "period_start": start,
            "period_end": end,
            "mapping_version": mapping_load().version,
            "figures": [
                figure_data(figure, period=period, language=language, request=request)
                for figure in figures
            ],
        }
        return Response(DisclosureSetSerializer(data).data)


class DisclosureExportApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": ["assessments.view_assessment"]}

    @extend_schema(
        parameters=[PERIOD_PARAMETER],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS},
        description=(
            "The disclosure figures of a reporting period as a workbook: sheet `Figures` (code, "
            "figure, value, unit, suppliers behind it, base, definition, references) and sheet "
            "`Suppliers` (one row per figure and supplier)."
        ),
    )
    def get(self, request: Request) -> HttpResponse:
        period = period_from(request.query_params)
        return disclosure_workbook_response(user=request.user, period=period)
