"""Scope 3 Category 1 over the API: the period's figures and their workbook (staff who read
spend)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.scope3 import calculation as calc
from assessments.scope3.selectors import (
    SPECIFIC_NOTE_TEXT,
    Category1,
    category1_compute,
    reason_texts,
)
from assessments.scope3.workbooks import write_scope3_workbook
from core.api import ERRORS
from core.permissions import StaffPermission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Who reads Scope 3: staff who read assessments and spend (it shows spend per supplier).
READ_PERMISSIONS = ["assessments.view_assessment", "assessments.view_spendline"]


class PeriodSerializer(serializers.Serializer):
    period = serializers.IntegerField(min_value=2000, max_value=2100)


PERIOD_PARAMETER = OpenApiParameter(
    "period", int, required=True, description="Reporting period, named by the year it starts in."
)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class MethodTotalSerializer(serializers.Serializer):
    tco2e = serializers.FloatField()
    supplier_count = serializers.IntegerField()


class ByMethodSerializer(serializers.Serializer):
    supplier_declared = MethodTotalSerializer()
    supplier_specific = MethodTotalSerializer()
    spend_based = MethodTotalSerializer()


class CoverageSerializer(serializers.Serializer):
    spend_cny = serializers.FloatField()
    share = serializers.FloatField(allow_null=True, help_text="Share of the period's spend, 0..1.")


class SpendCoverageSerializer(serializers.Serializer):
    supplier_declared = CoverageSerializer()
    supplier_specific = CoverageSerializer()
    spend_based = CoverageSerializer()
    not_computed = CoverageSerializer(help_text="Spend without a figure (e.g. no factor set).")


class FactorSetSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    name = serializers.CharField()


class SupplierLineSerializer(serializers.Serializer):
    supplier = serializers.IntegerField(help_text="The supplier's id.")
    name = serializers.CharField()
    category = serializers.CharField(help_text="The supplier's category code.")
    spend = serializers.FloatField(help_text="CNY, the period's spend lines summed.")
    method = serializers.ChoiceField(choices=list(calc.METHODS))
    scope1 = serializers.FloatField(allow_null=True, help_text="tCO2e, approved assessment.")
    scope2 = serializers.FloatField(allow_null=True, help_text="tCO2e, location-based.")
    revenue = serializers.FloatField(allow_null=True, help_text="CNY.")
    allocation_share = serializers.FloatField(allow_null=True, help_text="spend / revenue.")
    factor = serializers.FloatField(allow_null=True, help_text="kgCO2e per CNY.")
    factor_source = serializers.CharField(allow_blank=True)
    factor_base_year = serializers.IntegerField(allow_null=True)
    declared = serializers.FloatField(allow_null=True, help_text="tCO2e the supplier declared.")
    declared_method = serializers.CharField(allow_blank=True, help_text="Its allocation basis.")
    note = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(
        allow_blank=True, help_text="Why a higher method was not used, or why there is no result."
    )
    reason_codes = serializers.ListField(child=serializers.ChoiceField(choices=list(calc.REASONS)))
    result = serializers.FloatField(allow_null=True, help_text="tCO2e; null without a figure.")


class Category1Serializer(serializers.Serializer):
    period = serializers.IntegerField()
    total = serializers.FloatField(help_text="tCO2e of the suppliers with a figure.")
    by_method = ByMethodSerializer()
    primary_data_share = serializers.FloatField(
        allow_null=True,
        help_text="(supplier_declared + supplier_specific) / total; null when the total is 0.",
    )
    spend_total = serializers.FloatField(help_text="CNY, all spend of the period.")
    spend_coverage = SpendCoverageSerializer()
    factor_set = FactorSetSerializer(allow_null=True)
    supplier_count = serializers.IntegerField()
    suppliers = SupplierLineSerializer(
        many=True, help_text="Every supplier with spend in the period (not paginated)."
    )


def category1_data(category1: Category1) -> dict[str, Any]:
    result = category1.result
    by_method = {item.method: item for item in result.by_method}
    factor_set = category1.factor_set
    return {
        "period": result.period,
        "total": float(result.total),
        "by_method": {
            method: {"tco2e": float(item.tco2e), "supplier_count": item.supplier_count}
            for method, item in by_method.items()
        },
        "primary_data_share": _float(result.primary_data_share),
        "spend_total": float(result.spend_cny),
        "spend_coverage": {
            **{
                method: {"spend_cny": float(item.spend_cny), "share": _float(item.spend_share)}
                for method, item in by_method.items()
            },
            "not_computed": {
                "spend_cny": float(result.not_computed_spend_cny),
                "share": _float(calc.share(result.not_computed_spend_cny, result.spend_cny)),
            },
        },
        "factor_set": None
        if factor_set.version is None
        else {"version": factor_set.version, "name": factor_set.name},
        "supplier_count": result.supplier_count,
        "suppliers": [
            {
                "supplier": row.supplier_id,
                "name": category1.name_of(row.supplier_id),
                "category": row.category,
                "spend": float(row.spend_cny),
                "method": row.method,
                "scope1": _float(row.scope1),
                "scope2": _float(row.scope2),
                "revenue": _float(row.revenue_cny),
                "allocation_share": _float(row.allocation_share),
                "factor": _float(row.factor),
                "factor_source": row.factor_source,
                "factor_base_year": row.factor_base_year,
                "declared": _float(row.declared_tco2e),
                "declared_method": row.declared_method,
                "note": str(SPECIFIC_NOTE_TEXT) if row.note else "",
                "reason": " ".join(reason_texts(row.reasons)),
                "reason_codes": list(row.reasons),
                "result": _float(row.result),
            }
            for row in result.suppliers
        ],
    }


def _period(request: Request) -> int:
    serializer = PeriodSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return int(serializer.validated_data["period"])


class Category1Api(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": READ_PERMISSIONS}

    @extend_schema(
        parameters=[PERIOD_PARAMETER],
        responses={200: Category1Serializer, **ERRORS},
        description=(
            "The buyer's Scope 3 Category 1 (purchased goods and services) for a period, from "
            "supplier data: per supplier the first method of supplier_declared, "
            "supplier_specific (approved Scope 1+2 x spend / revenue) and spend_based (spend x "
            "kgCO2e per CNY of the category), with its inputs. `suppliers` lists every supplier "
            "with spend in the period (bounded by the spend lines), not paginated."
        ),
    )
    def get(self, request: Request) -> Response:
        category1 = category1_compute(period=_period(request))
        return Response(category1_data(category1))


class Category1ExportApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": READ_PERMISSIONS}

    @extend_schema(
        parameters=[PERIOD_PARAMETER],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS},
        description=(
            "The period's Category 1 as a workbook (sheet Scope3), with formulas and checks."
        ),
    )
    def get(self, request: Request) -> HttpResponse:
        period = _period(request)
        return scope3_workbook_response(category1_compute(period=period))


def scope3_workbook_response(category1: Category1) -> HttpResponse:
    stream = io.BytesIO()
    write_scope3_workbook(stream, category1=category1)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="scope3-category1-{category1.result.period}.xlsx"'
    )
    return response
