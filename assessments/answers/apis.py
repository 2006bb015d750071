"""The supplier's answers and evidence over the API: save one answer, upload one document."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.answers import offline
from assessments.answers import selectors as answer_selectors
from assessments.answers import services as answer_services
from assessments.campaigns import selectors
from assessments.ghg import selectors as ghg_selectors
from assessments.models import (
    Answer,
    Assessment,
    Event,
    EvidenceDocument,
)
from core.api import ERRORS, POSITIVE_INTEGER_MAX, serializer_function
from core.permissions import (
    IsStaffOrSupplierUser,
    IsSupplierUser,
    acting_user,
)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceDocument
        fields = [
            "id",
            "original_name",
            "size",
            "sha256",
            "content_type",
            "uploaded_at",
            "review_status",
            "review_reason",
            "valid_from",
            "valid_until",
        ]


class AnswerSerializer(serializers.ModelSerializer):
    question_code = serializers.CharField(source="question.code")
    value = serializers.JSONField(allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True, source="documents")

    class Meta:
        model = Answer
        fields = [
            "question_code",
            "value",
            "not_applicable",
            "justification",
            "data_quality",
            "revision",
            "review_status",
            "review_comment",
            "supplier_response",
            "is_unlocked",
            "carried_forward",
            "confirmed",
            "updated_at",
            "evidence",
        ]
        extra_kwargs = {"revision": {"max_value": POSITIVE_INTEGER_MAX}}


# What the assessment detail and the answer save send: the serializers' output, without DRF's
# per-field overhead on sixty answers with their evidence (a test keeps the two identical).
evidence_data = serializer_function(EvidenceSerializer)
answer_data = serializer_function(AnswerSerializer)


class AnswerInputSerializer(serializers.Serializer):
    value = serializers.JSONField(required=False, allow_null=True)
    not_applicable = serializers.BooleanField(required=False, default=False)
    justification = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    data_quality = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20
    )
    revision = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    supplier_response = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class AnswerSaveOutputSerializer(AnswerSerializer):
    # Lines of the energy or refrigerant table that cannot be computed (GHG), in words.
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(AnswerSerializer.Meta):
        fields = [*AnswerSerializer.Meta.fields, "warnings"]


class AnswerSaveApi(APIView):
    permission_classes = [IsSupplierUser]

    @extend_schema(
        request=AnswerInputSerializer, responses={200: AnswerSaveOutputSerializer, **ERRORS}
    )
    def put(self, request: Request, assessment_id: int, question_code: str) -> Response:
        assessment = selectors.assessment_ref_for_user(
            user=request.user, assessment_id=assessment_id
        )
        serializer = AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answer = answer_services.answer_save(
            assessment=assessment,
            question_code=question_code,
            value=data.get("value"),
            not_applicable=data["not_applicable"],
            justification=data["justification"],
            data_quality=data["data_quality"],
            revision=data.get("revision"),
            supplier_response=data.get("supplier_response"),
            user=acting_user(request),
            via=Event.Via.API,
        )
        warnings = ghg_selectors.ghg_save_warnings(
            assessment=assessment, question_codes=[question_code]
        )
        # The saved instance holds what was stored (values are cleaned to JSON types).
        return Response({**answer_data(answer), "warnings": warnings})


class EvidenceUploadApi(APIView):
    permission_classes = [IsSupplierUser]
    parser_classes = [MultiPartParser]

    class EvidenceUploadSerializer(serializers.Serializer):
        question_code = serializers.CharField(max_length=40)
        file = serializers.FileField()
        # Required on a question that asks for a permit or certificate (`requires_validity`).
        valid_from = serializers.DateField(required=False, allow_null=True)
        valid_until = serializers.DateField(required=False, allow_null=True)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer, **ERRORS},
    )
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = selectors.assessment_ref_for_user(
            user=request.user, assessment_id=assessment_id
        )
        serializer = self.EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = answer_services.evidence_upload(
            assessment=assessment,
            question_code=serializer.validated_data["question_code"],
            file=serializer.validated_data["file"],
            user=acting_user(request),
            via=Event.Via.API,
            valid_from=serializer.validated_data.get("valid_from"),
            valid_until=serializer.validated_data.get("valid_until"),
        )
        return Response(EvidenceSerializer(document).data, status=status.HTTP_201_CREATED)


class EvidenceRemoveApi(APIView):
    """The supplier removes one of its documents (before submission, or on a reopened question
    after a return); the file is kept privately for the record."""

    permission_classes = [IsSupplierUser]

    @extend_schema(request=None, responses={204: None, **ERRORS})
    def delete(self, request: Request, evidence_id: int) -> Response:
        document = answer_selectors.evidence_get_for_user(
            user=request.user, evidence_id=evidence_id
        )
        answer_services.evidence_remove(
            document=document, user=acting_user(request), via=Event.Via.API
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Answers offline: the answers workbook and its import ----------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def offline_workbook_response(assessment: Assessment) -> HttpResponse:
    """The answers workbook as a download (for the API and the portal's offline page)."""
    body = offline.offline_workbook_bytes(assessment=assessment)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="greengate-answers-{assessment.pk}.xlsx"'
    )
    return response


class AnswersWorkbookApi(APIView):
    """The answers workbook of an assessment: the supplier's users and staff may download it."""

    permission_classes = [IsStaffOrSupplierUser]

    @extend_schema(
        responses={
            (200, XLSX): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="One sheet per area and per table question, with drop-downs.",
            ),
            **ERRORS,
        }
    )
    def get(self, request: Request, assessment_id: int) -> HttpResponse:
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        return offline_workbook_response(assessment)


OFFLINE_PROBLEM = inline_serializer(
    "OfflineImportProblem",
    {
        "sheet": serializers.CharField(),
        "row": serializers.IntegerField(allow_null=True, help_text="As Excel numbers it."),
        "column": serializers.CharField(help_text="The column's letter; empty for a whole row."),
        "message": serializers.CharField(),
    },
    many=True,
    required=False,  # present when the workbook was read; absent when the file itself is refused
)


class AnswersImportApi(APIView):
    """Apply an answers workbook all or nothing; only the supplier's own users may."""

    permission_classes = [IsSupplierUser]
    parser_classes = [MultiPartParser]

    class UploadSerializer(serializers.Serializer):
        file = serializers.FileField()

    class OutputSerializer(serializers.Serializer):
        changed = serializers.IntegerField()
        unchanged = serializers.IntegerField()

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            200: OutputSerializer,
            **ERRORS,
            400: inline_serializer(
                "OfflineImportErrors",
                {
                    "code": serializers.CharField(),
                    "detail": serializers.CharField(),
                    "fields": serializers.DictField(),
                    "errors": OFFLINE_PROBLEM,
                },
            ),
            409: inline_serializer(
                "OfflineImportConflicts",
                {
                    "code": serializers.CharField(),
                    "detail": serializers.CharField(),
                    "fields": serializers.DictField(),
                    "conflicts": serializers.ListField(child=serializers.CharField()),
                },
            ),
        },
    )
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        serializer = self.UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = offline.answers_import_workbook(
            assessment=assessment,
            file=serializer.validated_data["file"],
            user=acting_user(request),
            via=Event.Via.IMPORT,
        )
        return Response({"changed": result.changed, "unchanged": result.unchanged})
