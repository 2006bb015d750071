"""REST API v1 for procurement spend: imports, lines with their totals, exchange rates."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.spend import selectors, services
from assessments.spend.models import ExchangeRate, SpendImport, SpendLine
from assessments.spend.values import FIRST_PERIOD, LAST_PERIOD
from assessments.spend.workbooks import write_spend_template
from core.api import ERRORS
from core.imports import (
    IMPORT_JOB_FIELDS,
    ImportJobOutputSerializer,
    import_accepted_response,
    import_accepted_schema,
)
from core.parsers import JSONParser
from core.permissions import StaffPermission, acting_user

MIN_RATE = Decimal("0.00000001")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD_PARAMETER = OpenApiParameter(
    "period", int, description="Reporting period: the year it starts in (2025 = FY 2025/26)."
)

# --- Imports ------------------------------------------------------------------------------


class SpendImportErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class SpendImportOutputSerializer(ImportJobOutputSerializer):
    errors = SpendImportErrorSerializer(many=True)  # type: ignore[assignment]  # a field

    class Meta:
        model = SpendImport
        fields = IMPORT_JOB_FIELDS
        read_only_fields = fields


class SpendImportCreateApi(APIView):
    """Upload a spend workbook (multipart field `file`): 202 with the import's `id`; follow it
    at `/api/v1/spend-imports/{id}/`. Nothing is imported unless every row is good."""

    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.add_spendimport"]}
    parser_classes = [MultiPartParser]

    class SpendImportUploadSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        request={"multipart/form-data": SpendImportUploadSerializer},
        responses={
            202: import_accepted_schema("SpendImportAccepted"),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = self.SpendImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.spend_import_create(
            file=serializer.validated_data["file"], created_by=acting_user(request)
        )
        return import_accepted_response(job)


class SpendImportDetailApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": ["assessments.view_spendimport"]}

    @extend_schema(responses={200: SpendImportOutputSerializer, **ERRORS})
    def get(self, request: Request, import_id: int) -> Response:
        job = selectors.spend_import_get_for_user(user=request.user, import_id=import_id)
        return Response(SpendImportOutputSerializer(job).data)


class SpendImportTemplateApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": ["assessments.view_spendimport"]}

    @extend_schema(
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The spend template."),
            **ERRORS,
        }
    )
    def get(self, request: Request) -> HttpResponse:
        return spend_template_response()


def spend_template_response() -> HttpResponse:
    stream = io.BytesIO()
    write_spend_template(stream=stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="greengate-spend-import.xlsx"'
    return response


# --- Lines --------------------------------------------------------------------------------


class SpendQuerySerializer(serializers.Serializer):
    period = serializers.IntegerField(required=False, min_value=FIRST_PERIOD, max_value=LAST_PERIOD)
    supplier = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False)


class SpendLineSerializer(serializers.ModelSerializer):
    supplier_id = serializers.IntegerField()
    registration_code = serializers.CharField(source="supplier.registration_code")
    country = serializers.CharField(source="supplier.country.code")

    class Meta:
        model = SpendLine
        fields = [
            "id",
            "supplier_id",
            "registration_code",
            "country",
            "period",
            "line_reference",
            "amount",
            "currency",
            "rate_to_cny",
            "amount_cny",
            "category",
            "description",
        ]
        read_only_fields = fields


class SpendLineListApi(generics.GenericAPIView):
    """Spend lines, filtered by `period`, `supplier` (id) and `currency`, paginated."""

    permission_classes = [StaffPermission]
    required_permissions = {"GET": ["assessments.view_spendline"]}
    serializer_class = SpendLineSerializer
    filter_backends: list[Any] = []
    queryset = SpendLine.objects.none()  # lines come from the selector; this names the model

    @extend_schema(
        parameters=[SpendQuerySerializer],
        responses={200: SpendLineSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = SpendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        lines = selectors.spend_line_list(
            user=request.user,
            period=data.get("period"),
            supplier_id=data.get("supplier"),
            currency=data.get("currency", "").upper(),
        )
        page = self.paginate_queryset(lines)
        return self.get_paginated_response(SpendLineSerializer(page, many=True).data)


class CurrencyTotalSerializer(serializers.Serializer):
    currency = serializers.CharField()
    lines = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    amount_cny = serializers.DecimalField(max_digits=20, decimal_places=2)


class SpendTotalsSerializer(serializers.Serializer):
    period = serializers.IntegerField(allow_null=True)
    lines = serializers.IntegerField()
    amount_cny = serializers.DecimalField(max_digits=20, decimal_places=2)
    by_currency = CurrencyTotalSerializer(many=True)


class SpendTotalsApi(APIView):
    """Totals of the spend lines per currency and in CNY, for `period` (and `supplier`)."""

    permission_classes = [StaffPermission]
    required_permissions = {"GET": ["assessments.view_spendline"]}

    @extend_schema(
        parameters=[SpendQuerySerializer],
        responses={200: SpendTotalsSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = SpendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        totals = selectors.spend_totals(
            user=request.user, period=data.get("period"), supplier_id=data.get("supplier")
        )
        return Response(
            SpendTotalsSerializer(
                {
                    "period": data.get("period"),
                    "lines": totals.lines,
                    "amount_cny": totals.amount_cny,
                    "by_currency": [total._asdict() for total in totals.by_currency],
                }
            ).data
        )


# --- Exchange rates -----------------------------------------------------------------------


class ExchangeRateSerializer(serializers.ModelSerializer):
    updated_by = serializers.SerializerMethodField()

    class Meta:
        model = ExchangeRate
        fields = ["id", "period", "currency", "rate_to_cny", "source", "updated_at", "updated_by"]
        read_only_fields = fields

    def get_updated_by(self, rate: ExchangeRate) -> str | None:
        return rate.updated_by.get_username() if rate.updated_by else None


class ExchangeRateInputSerializer(serializers.Serializer):
    period = serializers.IntegerField(min_value=FIRST_PERIOD, max_value=LAST_PERIOD)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$")
    rate_to_cny = serializers.DecimalField(
        max_digits=18,
        decimal_places=8,
        min_value=MIN_RATE,
    )
    source = serializers.CharField(max_length=300, min_length=1)  # type: ignore[assignment]


class ExchangeRateUpdateSerializer(serializers.Serializer):
    rate_to_cny = serializers.DecimalField(
        max_digits=18,
        decimal_places=8,
        min_value=MIN_RATE,
        required=False,
    )
    source = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.source
        max_length=300, min_length=1, required=False
    )


class ExchangeRateListCreateApi(generics.GenericAPIView):
    """The CNY rates of currencies per period (`source` required); admins add them."""

    permission_classes = [StaffPermission]
    required_permissions = {
        "GET": ["assessments.view_exchangerate"],
        "POST": ["assessments.add_exchangerate"],
    }
    parser_classes = [JSONParser]
    serializer_class = ExchangeRateSerializer
    filter_backends: list[Any] = []
    queryset = ExchangeRate.objects.none()

    @extend_schema(
        parameters=[PERIOD_PARAMETER],
        responses={200: ExchangeRateSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = SpendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rates = selectors.exchange_rate_list(
            user=request.user, period=query.validated_data.get("period")
        )
        page = self.paginate_queryset(rates)
        return self.get_paginated_response(ExchangeRateSerializer(page, many=True).data)

    @extend_schema(
        request=ExchangeRateInputSerializer, responses={201: ExchangeRateSerializer, **ERRORS}
    )
    def post(self, request: Request) -> Response:
        serializer = ExchangeRateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rate = services.exchange_rate_create(
            created_by=acting_user(request), **serializer.validated_data
        )
        rate = selectors.exchange_rate_get_for_user(user=request.user, rate_id=rate.pk)
        return Response(ExchangeRateSerializer(rate).data, status=status.HTTP_201_CREATED)


class ExchangeRateDetailApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {
        "GET": ["assessments.view_exchangerate"],
        "PATCH": ["assessments.change_exchangerate"],
    }
    parser_classes = [JSONParser]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(responses={200: ExchangeRateSerializer, **ERRORS})
    def get(self, request: Request, rate_id: int) -> Response:
        rate = selectors.exchange_rate_get_for_user(user=request.user, rate_id=rate_id)
        return Response(ExchangeRateSerializer(rate).data)

    @extend_schema(
        request=ExchangeRateUpdateSerializer, responses={200: ExchangeRateSerializer, **ERRORS}
    )
    def patch(self, request: Request, rate_id: int) -> Response:
        rate = selectors.exchange_rate_get_for_user(user=request.user, rate_id=rate_id)
        serializer = ExchangeRateUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.exchange_rate_update(
            rate=rate, updated_by=acting_user(request), **serializer.validated_data
        )
        rate = selectors.exchange_rate_get_for_user(user=request.user, rate_id=rate.pk)
        return Response(ExchangeRateSerializer(rate).data)
