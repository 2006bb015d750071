"""Corrective actions over the API: the reviewer raises one on a submitted assessment, the supplier
answers it (text, documents and, for an action on a question, the improved answer), the reviewer
verifies and closes it (the assessment is rescored and the label reconsidered at once) or reopens
it. Each user sees the actions of the assessments they may see (another supplier's are 404)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.campaigns import selectors as campaign_selectors
from assessments.corrective_actions import selectors as action_selectors
from assessments.corrective_actions import services as action_services
from assessments.models import CorrectiveAction
from core.api import ERRORS
from core.parsers import JSONParser, json_loads
from core.permissions import IsStaffOrSupplierUser, IsSupplierUser, StaffPermission, acting_user

# The documents one answer may carry (each is checked by content and size on upload).
MAX_FILES = 10


class ActionDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class ActionScoreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    overall = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    computed_at = serializers.DateTimeField()


class ActionLabelDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    reason = serializers.CharField()


class CorrectiveActionSerializer(serializers.ModelSerializer):
    question_code = serializers.SerializerMethodField()
    supplier = serializers.IntegerField(source="assessment.supplier_id")
    documents = ActionDocumentSerializer(many=True)
    score_before = ActionScoreSerializer(allow_null=True)
    score_after = ActionScoreSerializer(allow_null=True)
    label_decision = ActionLabelDecisionSerializer(allow_null=True)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "assessment",
            "supplier",
            "question_code",
            "title",
            "description",
            "severity",
            "due_on",
            "status",
            "response",
            "proposed_value",
            "raised_at",
            "responded_at",
            "closed_at",
            "documents",
            "score_before",
            "score_after",
            "label_decision",
        ]

    def get_question_code(self, action: CorrectiveAction) -> str:
        return action.question.code if action.question is not None else ""


def _action_queryset(queryset: Any) -> Any:
    return queryset.select_related(
        "assessment", "question", "score_before", "score_after", "label_decision"
    ).prefetch_related("documents")


def action_data(action: CorrectiveAction) -> dict[str, Any]:
    fresh = _action_queryset(CorrectiveAction.objects.filter(pk=action.pk)).get()
    return dict(CorrectiveActionSerializer(fresh).data)


class ActionRaiseSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    severity = serializers.ChoiceField(choices=CorrectiveAction.Severity.choices)
    due_on = serializers.DateField()
    question_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )


class AssessmentActionsApi(APIView):
    """GET: the assessment's corrective actions. POST (reviewers): raise one."""

    permission_classes = [IsStaffOrSupplierUser]
    required_permissions = {"POST": ["assessments.review_assessment"]}

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [StaffPermission()]
        return list(super().get_permissions())

    @extend_schema(responses={200: CorrectiveActionSerializer(many=True), **ERRORS})
    def get(self, request: Request, assessment_id: int) -> Response:
        assessment = campaign_selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        actions = _action_queryset(assessment.corrective_actions.order_by("due_on", "pk"))
        return Response(CorrectiveActionSerializer(actions, many=True).data)

    @extend_schema(
        request=ActionRaiseSerializer, responses={201: CorrectiveActionSerializer, **ERRORS}
    )
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = campaign_selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        serializer = ActionRaiseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = action_services.action_raise(
            assessment=assessment, raised_by=acting_user(request), **serializer.validated_data
        )
        return Response(action_data(action), status=status.HTTP_201_CREATED)


class ActionDetailApi(APIView):
    permission_classes = [IsStaffOrSupplierUser]

    @extend_schema(responses={200: CorrectiveActionSerializer, **ERRORS})
    def get(self, request: Request, action_id: int) -> Response:
        action = action_selectors.action_get_for_user(user=request.user, action_id=action_id)
        return Response(action_data(action))


class ActionRespondSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=5000)
    improved_value = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text=(
            "For an action on a question: the improved answer, as the answer API takes it. In a "
            "multipart request, JSON text (a value that is not JSON is taken as text)."
        ),
    )
    files = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=MAX_FILES, default=list
    )


def _multipart_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json_loads(value)
    except ValueError:
        return value


class ActionRespondApi(APIView):
    """The supplier answers a corrective action; it then waits for the reviewer."""

    permission_classes = [IsSupplierUser]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        request={
            "application/json": ActionRespondSerializer,
            "multipart/form-data": ActionRespondSerializer,
        },
        responses={200: CorrectiveActionSerializer, **ERRORS},
    )
    def post(self, request: Request, action_id: int) -> Response:
        action = action_selectors.action_get_for_user(user=request.user, action_id=action_id)
        data: Any = request.data
        if request.content_type.startswith("multipart/"):
            data = {
                "response": request.data.get("response", ""),
                "improved_value": _multipart_value(request.data.get("improved_value")),
                "files": request.FILES.getlist("files"),
            }
        serializer = ActionRespondSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        action = action_services.action_respond(
            action=action,
            response=serializer.validated_data["response"],
            files=serializer.validated_data["files"],
            user=acting_user(request),
            improved_value=serializer.validated_data.get("improved_value"),
        )
        return Response(action_data(action))


class ActionVerifyCloseSerializer(serializers.Serializer):
    verified = serializers.BooleanField(
        help_text="The reviewer confirms having verified the supplier's fix (required: true)."
    )


class ActionVerifyCloseApi(APIView):
    """The reviewer verifies the fix and closes the action: the improved answer is applied, the
    assessment rescored in a new score record (`score_before`, `score_after`) and the label
    granted or reinstated if every rule now holds (`label_decision`)."""

    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.review_assessment"]}

    @extend_schema(
        request=ActionVerifyCloseSerializer, responses={200: CorrectiveActionSerializer, **ERRORS}
    )
    def post(self, request: Request, action_id: int) -> Response:
        action = action_selectors.action_get_for_user(user=request.user, action_id=action_id)
        serializer = ActionVerifyCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = action_services.corrective_action_verify_close(
            action=action,
            closed_by=acting_user(request),
            verified=serializer.validated_data["verified"],
        )
        return Response(action_data(action))


class ActionReopenSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000)


class ActionReopenApi(APIView):
    """The reviewer sends the action back to the supplier with a comment."""

    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.review_assessment"]}

    @extend_schema(
        request=ActionReopenSerializer, responses={200: CorrectiveActionSerializer, **ERRORS}
    )
    def post(self, request: Request, action_id: int) -> Response:
        action = action_selectors.action_get_for_user(user=request.user, action_id=action_id)
        serializer = ActionReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = action_services.action_reopen(
            action=action,
            reopened_by=acting_user(request),
            comment=serializer.validated_data["comment"],
        )
        return Response(action_data(action))
