"""REST API v1 for questionnaires: read versions, export and import definitions, clone, publish."""

from __future__ import annotations

import io
import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.errors import DefinitionInvalidError
from assessments.models import Choice, Column, Question, Questionnaire, QuestionnaireVersion
from assessments.questionnaires import selectors, services
from assessments.questionnaires.definitions import QUESTION_KEYS
from assessments.questionnaires.workbooks import (
    parse_definition_json,
    read_definition_workbook,
    write_definition_workbook,
)
from core.api import ERRORS, POSITIVE_INTEGER_MAX
from core.permissions import StaffPermission, acting_user

MAX_DEFINITION_BYTES = 5 * 1024 * 1024


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = QuestionnaireVersion
        fields = ["id", "number", "status", "content_hash", "published_at"]
        extra_kwargs = {"number": {"max_value": POSITIVE_INTEGER_MAX}}


class QuestionnaireSerializer(serializers.ModelSerializer):
    versions = VersionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "code", "name_en", "name_zh", "versions"]


class ChoiceSerializer(serializers.ModelSerializer):
    points = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    exclusive = serializers.BooleanField(source="is_exclusive", read_only=True)

    class Meta:
        model = Choice
        fields = ["code", "label_en", "label_zh", "points", "exclusive"]


class ColumnSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Column
        fields = ["code", "type", "label_en", "label_zh", "unit", "is_required", "choices"]


class ConditionSerializer(serializers.Serializer):
    question = serializers.CharField()
    operator = serializers.CharField()
    value = serializers.JSONField(allow_null=True)


class BandSerializer(serializers.Serializer):
    min = serializers.FloatField(allow_null=True)
    max = serializers.FloatField(allow_null=True)
    points = serializers.FloatField()


class QuestionSerializer(serializers.ModelSerializer):
    min = serializers.DecimalField(
        source="min_value", max_digits=20, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    max = serializers.DecimalField(
        source="max_value", max_digits=20, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    max_points = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    points_yes = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    points_no = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    categories = serializers.ListField(child=serializers.CharField())
    condition = ConditionSerializer(allow_null=True)
    bands = BandSerializer(many=True)
    choices = serializers.SerializerMethodField()
    columns = ColumnSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        # A definition's question keys (the area is the enclosing one), then choices and columns.
        fields = [key for key in QUESTION_KEYS if key != "area"] + ["choices", "columns"]

    @extend_schema_field(ChoiceSerializer(many=True))
    def get_choices(self, question: Question) -> list[dict[str, Any]]:
        own = [choice for choice in question.choices.all() if choice.column_id is None]
        return list(ChoiceSerializer(own, many=True).data)


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    title_en = serializers.CharField()
    title_zh = serializers.CharField()
    weight = serializers.DecimalField(max_digits=6, decimal_places=3, coerce_to_string=False)
    questions = QuestionSerializer(many=True)


class VersionDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    questionnaire = serializers.CharField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=QuestionnaireVersion.Status.choices)
    content_hash = serializers.CharField()
    code_of_conduct_en = serializers.CharField(allow_blank=True)
    code_of_conduct_zh = serializers.CharField(allow_blank=True)
    areas = AreaSerializer(many=True)


def version_detail_data(version: QuestionnaireVersion) -> dict[str, Any]:
    areas, questions = selectors.version_content(version)
    by_area: dict[int, list[Question]] = {}
    for question in questions:
        by_area.setdefault(question.area_id, []).append(question)
    payload = {
        "id": version.pk,
        "questionnaire": version.questionnaire.code,
        "number": version.number,
        "status": version.status,
        "content_hash": version.content_hash,
        "code_of_conduct_en": version.code_of_conduct_en,
        "code_of_conduct_zh": version.code_of_conduct_zh,
        "areas": [
            {
                "code": area.code,
                "title_en": area.title_en,
                "title_zh": area.title_zh,
                "weight": area.weight,
                "questions": by_area.get(area.pk, []),
            }
            for area in areas
        ],
    }
    return dict(VersionDetailSerializer(payload).data)


class QuestionnaireListApi(generics.ListAPIView):
    serializer_class = QuestionnaireSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Questionnaire.objects.none()
        return selectors.questionnaire_list(user=self.request.user)

    @extend_schema(responses={200: QuestionnaireSerializer(many=True), **ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class VersionDetailApi(APIView):
    @extend_schema(responses={200: VersionDetailSerializer, **ERRORS})
    def get(self, request: Request, version_id: int) -> Response:
        version = selectors.version_get_for_user(user=request.user, version_id=version_id)
        return Response(version_detail_data(version))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def definition_file_response(version: QuestionnaireVersion, kind: str) -> HttpResponse:
    definition = selectors.version_to_definition(version)
    name = f"{version.questionnaire.code}-v{version.number}"
    if kind == "json":
        body = json.dumps(definition, ensure_ascii=False, indent=2).encode("utf-8")
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    stream = io.BytesIO()
    write_definition_workbook(definition=definition, stream=stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


class VersionDefinitionXlsxApi(APIView):
    @extend_schema(responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS})
    def get(self, request: Request, version_id: int) -> HttpResponse:
        version = selectors.version_get_for_user(user=request.user, version_id=version_id)
        return definition_file_response(version, "xlsx")


class VersionDefinitionJsonApi(APIView):
    @extend_schema(
        responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT), **ERRORS}
    )
    def get(self, request: Request, version_id: int) -> HttpResponse:
        version = selectors.version_get_for_user(user=request.user, version_id=version_id)
        return definition_file_response(version, "json")


def definition_from_upload(*, name: str, content: bytes) -> dict[str, Any]:
    """The definition in an uploaded .xlsx or .json file, or DefinitionInvalidError."""
    if len(content) > MAX_DEFINITION_BYTES:
        raise DefinitionInvalidError(
            _("The file is larger than 5 MB."),
            errors=[{"sheet": "file", "row": None, "column": "", "message": _("File too large.")}],
        )
    if name.lower().endswith(".json") or content[:1] in (b"{", b"["):
        definition, errors = parse_definition_json(content)
    else:
        definition, errors = read_definition_workbook(io.BytesIO(content))
    if definition is None:
        raise DefinitionInvalidError(
            _("The file could not be read: %(count)s problem(s).") % {"count": len(errors)},
            errors=[error.as_dict() for error in errors],
        )
    return definition


DEFINITION_ERRORS = inline_serializer(
    "DefinitionErrors",
    {
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        "fields": serializers.DictField(),
        "errors": inline_serializer(
            "DefinitionError",
            {
                "sheet": serializers.CharField(),
                "row": serializers.IntegerField(allow_null=True),
                "column": serializers.CharField(),
                "message": serializers.CharField(),
            },
            many=True,
            required=False,
        ),
    },
)


class VersionImportApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.add_questionnaireversion"]}
    parser_classes = [MultiPartParser]

    class DefinitionUploadSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        request={"multipart/form-data": DefinitionUploadSerializer},
        responses={
            201: inline_serializer("VersionCreated", {"id": serializers.IntegerField()}),
            **ERRORS,
            400: DEFINITION_ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = self.DefinitionUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        definition = definition_from_upload(name=upload.name or "", content=upload.read())
        version = services.version_create_from_definition(
            definition=definition, created_by=acting_user(request)
        )
        return Response({"id": version.pk}, status=status.HTTP_201_CREATED)


class VersionCloneApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.add_questionnaireversion"]}

    @extend_schema(
        request=None,
        responses={
            201: inline_serializer("VersionCloned", {"id": serializers.IntegerField()}),
            **ERRORS,
        },
    )
    def post(self, request: Request, version_id: int) -> Response:
        version = selectors.version_get_for_user(user=request.user, version_id=version_id)
        clone = services.version_clone(version=version, created_by=acting_user(request))
        return Response({"id": clone.pk}, status=status.HTTP_201_CREATED)


class VersionPublishApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.publish_questionnaireversion"]}

    @extend_schema(
        request=None, responses={200: VersionSummarySerializer, **ERRORS, 400: DEFINITION_ERRORS}
    )
    def post(self, request: Request, version_id: int) -> Response:
        version = selectors.version_get_for_user(user=request.user, version_id=version_id)
        version = services.version_publish(version=version, published_by=acting_user(request))
        return Response(VersionSummarySerializer(version).data)
