"""REST API v1 for audit workbook exports: start, follow, download and verify."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.exports import selectors
from assessments.exports import services as export_services
from assessments.models import Export
from core.api import ERRORS
from core.errors import ApplicationError
from core.parsers import JSONParser
from core.permissions import StaffPermission, acting_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportOutputSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    requested_by = serializers.SerializerMethodField()

    class Meta:
        model = Export
        fields = [
            "id",
            "status",
            "progress",
            "row_count",
            "sha256",
            "download_url",
            "scope",
            "target_id",
            "filters",
            "title",
            "file_name",
            "size",
            "failure_reason",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
        ]
        read_only_fields = fields

    def get_download_url(self, export: Export) -> str | None:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        own = user is not None and (user.is_superuser or export.created_by_id == user.pk)
        if not export.is_downloadable or not own:
            return None
        path = reverse("api-export-file", args=[export.pk])
        return request.build_absolute_uri(path) if request is not None else path

    def get_requested_by(self, export: Export) -> str | None:
        return export.created_by.get_username() if export.created_by else None


class ExportListApi(generics.ListAPIView):
    permission_classes = [StaffPermission]
    required_permissions = {
        "GET": ["assessments.view_export"],
        "POST": ["assessments.add_export"],
    }
    parser_classes = [JSONParser]

    class ExportInputSerializer(serializers.Serializer):
        scope = serializers.ChoiceField(choices=Export.Scope.choices)
        id = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=2**31 - 1
        )
        filters = serializers.DictField(
            child=serializers.CharField(allow_blank=True, max_length=200), required=False
        )

    serializer_class = ExportOutputSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.export_list(user=self.request.user)

    @extend_schema(responses={200: ExportOutputSerializer(many=True), **ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ExportInputSerializer,
        responses={202: ExportOutputSerializer, **ERRORS},
        description=(
            "Start an audit workbook export: `scope` is `assessment` or `campaign` with `id`, "
            "or `suppliers` with the supplier-list `filters` (search, category, region, status, "
            "green, ordering). Returns 202 with the export's `id`; follow it at "
            "`/api/v1/exports/{id}/`."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = self.ExportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        export = export_services.export_create(
            user=acting_user(request),
            scope=data["scope"],
            target_id=data.get("id"),
            filters=data.get("filters"),
            language=get_language() or "en",
        )
        export.refresh_from_db()
        return Response(
            ExportOutputSerializer(export, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )


class ExportDetailApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": ["assessments.view_export"]}

    @extend_schema(responses={200: ExportOutputSerializer, **ERRORS})
    def get(self, request: Request, export_id: int) -> Response:
        export = selectors.export_get_for_user(user=request.user, export_id=export_id)
        return Response(ExportOutputSerializer(export, context={"request": request}).data)


class ExportFileApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": ["assessments.view_export"]}

    @extend_schema(responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS})
    def get(self, request: Request, export_id: int) -> HttpResponseBase:
        export = selectors.export_get_for_user(user=request.user, export_id=export_id)
        return export_file_response(export)


def export_file_response(export: Export) -> FileResponse:
    """The finished workbook; 409 while it is being built, after it failed or expired."""
    if not export.is_downloadable:
        raise ExportNotReadyError(
            _("This export has no file to download: it is %(status)s.")
            % {"status": export.get_status_display().lower()},
            status=export.status,
        )
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.file_name,
        content_type=XLSX,
    )


class ExportNotReadyError(ApplicationError):
    code = "export_not_ready"
    status_code = 409


class ExportVerifyApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.view_export"]}
    parser_classes = [MultiPartParser]

    class VerifyUploadSerializer(serializers.Serializer):
        file = serializers.FileField()

    class VerifyResultSerializer(serializers.Serializer):
        match = serializers.BooleanField()
        sha256 = serializers.CharField()
        detail = serializers.CharField()
        export = ExportOutputSerializer(allow_null=True)

    @extend_schema(
        request={"multipart/form-data": VerifyUploadSerializer},
        responses={200: VerifyResultSerializer, **ERRORS},
        description=(
            "Whether a workbook is exactly a file this app produced (same SHA-256), and which "
            "export it was. Any change to the file, even opening and saving it, makes it differ."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = self.VerifyUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        digest, export = export_services.export_verify(file=serializer.validated_data["file"])
        return Response(verify_result(digest, export, request))


def verify_result(digest: str, export: Export | None, request: Any) -> dict[str, Any]:
    if export is None:
        return {
            "match": False,
            "sha256": digest,
            "detail": _(
                "No export of this app has this SHA-256: the file was not produced here, "
                "or it was changed after it was downloaded."
            ),
            "export": None,
        }
    return {
        "match": True,
        "sha256": digest,
        "detail": _("This file is exactly export %(id)s, produced on %(at)s by %(by)s.")
        % {
            "id": export.pk,
            "at": export.finished_at.isoformat(timespec="seconds") if export.finished_at else "",
            "by": export.created_by.get_username() if export.created_by else "—",
        },
        "export": ExportOutputSerializer(export, context={"request": request}).data,
    }
