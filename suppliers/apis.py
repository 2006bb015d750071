"""REST API v1 for the supplier registry: one class per operation, services do the work."""

from __future__ import annotations

import io
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_countries.serializer_fields import CountryField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status

# DRF's credential check only (username, password, `authenticate`); the tokens are knox's.
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS, ErrorSerializer
from core.authentication import (
    TokenAuthentication,
    token_create,
    token_revoke,
    tokens_revoke_for_user,
)
from core.clients import AnonRateThrottle
from core.imports import (
    IMPORT_JOB_FIELDS,
    ImportJobOutputSerializer,
    import_accepted_response,
    import_accepted_schema,
)
from core.pagination import RowsByKey
from core.parsers import JSONParser
from core.permissions import StaffPermission, acting_user, refuse_archived_supplier_user
from suppliers import selectors, services
from suppliers.errors import LockedOutError
from suppliers.filters import SupplierFilter
from suppliers.models import Category, RelationshipEndReason, Site, Supplier, SupplierImport
from suppliers.workbooks import write_import_error_report, write_import_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- Serializers --------------------------------------------------------------------------


class SiteSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=200, min_length=1)
    address = serializers.CharField(max_length=500, min_length=1)
    country = CountryField()

    class Meta:
        model = Site
        fields = ["id", "name", "address", "country"]
        read_only_fields = ["id"]


class SupplierOutputSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    sites = SiteSerializer(many=True, read_only=True)
    relationship_end_reason = serializers.CharField(
        read_only=True,
        help_text="environmental or other; empty while the relationship goes on.",
    )

    class Meta:
        model = Supplier
        fields = [
            "id",
            "name",
            "name_en",
            "country",
            "region",
            "registration_code",
            "category",
            "status",
            "contact_name",
            "contact_email",
            "contact_phone",
            "sites",
            "relationship_ended_on",
            "relationship_end_reason",
            "relationship_end_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SupplierInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, min_length=1)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    country = CountryField()
    registration_code = serializers.CharField(max_length=50, min_length=1)
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.filter(is_active=True)
    )
    status = serializers.ChoiceField(
        choices=[Supplier.Status.ACTIVE, Supplier.Status.SUSPENDED], required=False
    )
    contact_name = serializers.CharField(max_length=100, min_length=1)
    contact_email = serializers.EmailField(max_length=254)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    sites = SiteSerializer(many=True, required=False)


class SupplierUpdateSerializer(SupplierInputSerializer):
    status = serializers.ChoiceField(choices=Supplier.Status.choices, required=False)

    def validate_sites(self, sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A PATCH makes every field optional, nested ones too; but `sites` replaces the whole
        list, so each site given must be complete."""
        for index, site in enumerate(sites):
            missing = [field for field in ("name", "address", "country") if field not in site]
            if missing:
                raise serializers.ValidationError(
                    _("Site %(number)s: %(fields)s required.")
                    % {"number": index + 1, "fields": ", ".join(missing)}
                )
        return sites


# --- Authentication -----------------------------------------------------------------------


class BoundedAuthTokenSerializer(AuthTokenSerializer):
    """DRF's token serializer with the lengths of Django's user model (a longer name cannot
    exist, and would overflow the failed-login records on PostgreSQL)."""

    username = serializers.CharField(label="Username", max_length=150, write_only=True)
    password = serializers.CharField(
        label="Password",
        max_length=4096,
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
    )


class AuthTokenApi(APIView):
    """POST username and password, get a new token to send as `Authorization: Token <token>`,
    valid until `expiry` (API_TOKEN_TTL_HOURS) or until revoked. Each call issues another
    token, so every client has its own and logs out on its own."""

    permission_classes: list[Any] = []
    throttle_classes = [AnonRateThrottle]
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    renderer_classes = [JSONRenderer]
    serializer_class = BoundedAuthTokenSerializer

    @extend_schema(
        request=BoundedAuthTokenSerializer,
        responses={
            200: inline_serializer(
                "AuthToken",
                {"token": serializers.CharField(), "expiry": serializers.DateTimeField()},
            ),
            400: ErrorSerializer,
            401: ErrorSerializer,  # an Authorization header with an unknown token
            403: ErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if (
            isinstance(username, str)
            and len(username) <= 150
            and AxesProxyHandler.is_locked(request._request, credentials={"username": username})
        ):
            raise LockedOutError(
                _("Too many failed log-in attempts from this address; try again later.")
            )
        serializer = BoundedAuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        refuse_archived_supplier_user(serializer.validated_data["user"])  # no new token either
        record, token = token_create(user=serializer.validated_data["user"])
        expiry = serializers.DateTimeField().to_representation(record.expiry)
        return Response({"token": token, "expiry": expiry})


class AuthLogoutApi(APIView):
    """POST with a token: that token stops working (the client logs out of the API)."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None, 401: ErrorSerializer, 429: ErrorSerializer})
    def post(self, request: Request) -> Response:
        token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuthLogoutAllApi(APIView):
    """POST with a token: every token of its user stops working (all clients log out)."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None, 401: ErrorSerializer, 429: ErrorSerializer})
    def post(self, request: Request) -> Response:
        tokens_revoke_for_user(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Supplier APIs ------------------------------------------------------------------------


def _site_data(sites: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if sites is None:
        return None
    return [{"name": s["name"], "address": s["address"], "country": s["country"]} for s in sites]


class SupplierListCreateApi(generics.GenericAPIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["suppliers.add_supplier"]}
    serializer_class = SupplierOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SupplierFilter

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Supplier.objects.none()
        return selectors.supplier_list(user=self.request.user).prefetch_related("sites")

    @extend_schema(responses={200: SupplierOutputSerializer(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        suppliers = self.get_queryset()
        found = RowsByKey(
            self.filter_queryset(suppliers), rows_for=lambda keys: suppliers.filter(pk__in=keys)
        )
        page = self.paginate_queryset(found)  # type: ignore[arg-type]
        return self.get_paginated_response(SupplierOutputSerializer(page, many=True).data)

    @extend_schema(
        request=SupplierInputSerializer, responses={201: SupplierOutputSerializer, **ERRORS}
    )
    def post(self, request: Request) -> Response:
        serializer = SupplierInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        sites = _site_data(data.pop("sites", None)) or []
        supplier = services.supplier_create(created_by=acting_user(request), sites=sites, **data)
        supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier.pk)
        return Response(SupplierOutputSerializer(supplier).data, status=status.HTTP_201_CREATED)


class SupplierDetailApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"PATCH": ["suppliers.change_supplier"]}
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(responses={200: SupplierOutputSerializer, **ERRORS})
    def get(self, request: Request, supplier_id: int) -> Response:
        supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
        return Response(SupplierOutputSerializer(supplier).data)

    @extend_schema(
        request=SupplierUpdateSerializer, responses={200: SupplierOutputSerializer, **ERRORS}
    )
    def patch(self, request: Request, supplier_id: int) -> Response:
        supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
        serializer = SupplierUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        sites = _site_data(data.pop("sites", None))
        services.supplier_update(
            supplier=supplier, updated_by=acting_user(request), sites=sites, **data
        )
        supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier.pk)
        return Response(SupplierOutputSerializer(supplier).data)


class SupplierArchiveApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["suppliers.archive_supplier"]}

    @extend_schema(request=None, responses={200: SupplierOutputSerializer, **ERRORS})
    def post(self, request: Request, supplier_id: int) -> Response:
        supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
        services.supplier_archive(supplier=supplier, archived_by=acting_user(request))
        supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier.pk)
        return Response(SupplierOutputSerializer(supplier).data)


class MayEndRelationship(StaffPermission):
    """Procurement admins only (`selectors.may_end_relationship`)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and selectors.may_end_relationship(
            request.user
        )


class SupplierRelationshipEndApi(APIView):
    """GRI 308-2: the date, reason and note of the end of a supplier relationship."""

    permission_classes = [MayEndRelationship]

    class InputSerializer(serializers.Serializer):
        relationship_ended_on = serializers.DateField(allow_null=True)
        relationship_end_reason = serializers.ChoiceField(
            choices=["", *RelationshipEndReason.values],
            allow_blank=True,
            help_text="environmental or other; blank (with a null date) when it goes on.",
        )
        relationship_end_note = serializers.CharField(
            allow_blank=True, required=False, default="", max_length=5000
        )

    @extend_schema(request=InputSerializer, responses={200: SupplierOutputSerializer, **ERRORS})
    def post(self, request: Request, supplier_id: int) -> Response:
        supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.supplier_relationship_end(
            supplier=supplier,
            ended_on=data["relationship_ended_on"],
            reason=data["relationship_end_reason"],
            note=data["relationship_end_note"],
            ended_by=acting_user(request),
        )
        supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier.pk)
        return Response(SupplierOutputSerializer(supplier).data)


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.SerializerMethodField()
    action = serializers.SerializerMethodField()
    subject = serializers.CharField()
    changes = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_by(self, entry: selectors.HistoryEntry) -> str | None:
        return entry.by.get_username() if entry.by is not None else None

    @extend_schema_field(
        {"type": "string", "enum": ["created", "changed", "deleted"]}  # type: ignore[arg-type]
    )
    def get_action(self, entry: selectors.HistoryEntry) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[entry.kind]

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"old": {}, "new": {}},
                "required": ["old", "new"],
            },
        }
    )
    def get_changes(self, entry: selectors.HistoryEntry) -> dict[str, dict[str, Any]]:
        return {change.field: {"old": change.old, "new": change.new} for change in entry.changes}


class SupplierHistoryApi(generics.GenericAPIView):
    serializer_class = HistoryEntrySerializer
    queryset = Supplier.objects.none()  # entries come from the selector; this only names the model

    @extend_schema(responses={200: HistoryEntrySerializer(many=True), **ERRORS})
    def get(self, request: Request, supplier_id: int) -> Response:
        supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
        entries = selectors.supplier_history(supplier=supplier)
        page = self.paginate_queryset(entries)  # type: ignore[arg-type]
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)


# --- Import APIs --------------------------------------------------------------------------


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class SupplierImportOutputSerializer(ImportJobOutputSerializer):
    errors = ImportErrorSerializer(many=True)  # type: ignore[assignment]  # a field
    dry_run = serializers.BooleanField(source="is_dry_run")

    class Meta:
        model = SupplierImport
        fields = [*IMPORT_JOB_FIELDS[:2], "dry_run", *IMPORT_JOB_FIELDS[2:]]  # after status
        read_only_fields = fields


class SupplierImportCreateApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["suppliers.import_suppliers"]}
    parser_classes = [MultiPartParser]

    class SupplierImportUploadSerializer(serializers.Serializer):
        file = serializers.FileField()
        dry_run = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Only check every row and report the errors; no supplier is written.",
        )

    @extend_schema(
        request={"multipart/form-data": SupplierImportUploadSerializer},
        responses={
            202: import_accepted_schema("SupplierImportAccepted"),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = self.SupplierImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.supplier_import_create(
            file=serializer.validated_data["file"],
            created_by=acting_user(request),
            is_dry_run=serializer.validated_data["dry_run"],
        )
        return import_accepted_response(job)


class SupplierImportDetailApi(APIView):
    @extend_schema(responses={200: SupplierImportOutputSerializer, **ERRORS})
    def get(self, request: Request, import_id: int) -> Response:
        job = selectors.supplier_import_get_for_user(user=request.user, import_id=import_id)
        return Response(SupplierImportOutputSerializer(job).data)


class SupplierImportErrorReportApi(APIView):
    """The refused rows of an import as a workbook: their cells and a column naming each problem."""

    @extend_schema(
        responses={
            (200, XLSX): OpenApiResponse(
                OpenApiTypes.BINARY, description="The rows the import refused, with the problems."
            ),
            **ERRORS,
        }
    )
    def get(self, request: Request, import_id: int) -> HttpResponse:
        job = selectors.supplier_import_get_for_user(user=request.user, import_id=import_id)
        return import_error_report_response(job)


class SupplierImportTemplateApi(APIView):
    @extend_schema(
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY, description="The supplier import template."),
            **ERRORS,
        }
    )
    def get(self, request: Request) -> HttpResponse:
        return import_template_response()


def import_error_report_response(job: SupplierImport) -> HttpResponse:
    stream = io.BytesIO()
    write_import_error_report(stream=stream, rows=selectors.supplier_import_error_rows(job=job))
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="greengate-supplier-import-{job.pk}-errors.xlsx"'
    )
    return response


def import_template_response() -> HttpResponse:
    stream = io.BytesIO()
    write_import_template(
        stream=stream,
        category_slugs=selectors.category_list(active_only=True).values_list("slug", flat=True),
    )
    response = HttpResponse(
        stream.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="greengate-supplier-import.xlsx"'
    return response
