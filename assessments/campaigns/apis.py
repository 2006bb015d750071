"""REST API v1 for campaigns, assessments, answers, evidence and invitations.

Staff see every assessment; a supplier token sees only its own supplier's (404 for the rest)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.answers import selectors as answer_selectors
from assessments.answers import services as answer_services
from assessments.answers.apis import AnswerSerializer, answer_data
from assessments.campaigns import selectors as campaign_selectors
from assessments.campaigns import services as campaign_services
from assessments.campaigns.filters import AssessmentFilter
from assessments.models import (
    Assessment,
    Campaign,
    Event,
    QuestionnaireVersion,
)
from assessments.questionnaires import selectors as questionnaire_selectors
from core.api import ERRORS
from core.permissions import IsStaffOrSupplierUser, IsSupplierUser, StaffPermission, acting_user
from core.validators import validate_single_line


class SupplierFiltersSerializer(serializers.Serializer):
    category = serializers.CharField(required=False, allow_blank=True)
    region = serializers.CharField(required=False, allow_blank=True)
    status = serializers.CharField(required=False, allow_blank=True)


class CampaignSerializer(serializers.ModelSerializer):
    questionnaire_version = serializers.PrimaryKeyRelatedField(read_only=True)  # type: ignore[var-annotated]
    suppliers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    supplier_filters = SupplierFiltersSerializer()
    assessment_count = serializers.IntegerField(read_only=True)
    based_on = serializers.PrimaryKeyRelatedField(read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "questionnaire_version",
            "period_start",
            "period_end",
            "due_on",
            "status",
            "suppliers",
            "supplier_filters",
            "assessment_count",
            "based_on",
            "created_at",
            "launched_at",
        ]


class CampaignCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, min_length=1, validators=[validate_single_line])
    questionnaire_version = serializers.PrimaryKeyRelatedField(
        queryset=QuestionnaireVersion.objects.all()
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    due_on = serializers.DateField()
    suppliers = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    supplier_filters = SupplierFiltersSerializer(required=False)
    # The earlier campaign whose approved answers prefill this one's (launched or closed).
    based_on = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.all(),
        required=False,
        allow_null=True,
        error_messages={
            "does_not_exist": gettext_lazy("There is no campaign {pk_value} to base this one on.")
        },
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The campaign's date rule (the same the form and the service apply).
        errors = campaign_services.campaign_date_errors(
            period_start=attrs.get("period_start"),
            period_end=attrs.get("period_end"),
            due_on=attrs.get("due_on"),
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class CampaignListCreateApi(generics.GenericAPIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.add_campaign"]}
    serializer_class = CampaignSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        return campaign_selectors.campaign_list(user=self.request.user).prefetch_related(
            "suppliers"
        )

    @extend_schema(responses={200: CampaignSerializer(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CampaignSerializer(page, many=True).data)

    @extend_schema(request=CampaignCreateSerializer, responses={201: CampaignSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        serializer = CampaignCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        campaign = campaign_services.campaign_create(
            name=data["name"],
            questionnaire_version=data["questionnaire_version"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            due_on=data["due_on"],
            supplier_ids=data.get("suppliers", []),
            supplier_filters=data.get("supplier_filters"),
            based_on=data.get("based_on"),
            created_by=acting_user(request),
        )
        campaign = campaign_selectors.campaign_get_for_user(
            user=request.user, campaign_id=campaign.pk
        )
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailApi(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(responses={200: CampaignSerializer, **ERRORS})
    def get(self, request: Request, campaign_id: int) -> Response:
        campaign = campaign_selectors.campaign_get_for_user(
            user=request.user, campaign_id=campaign_id
        )
        return Response(CampaignSerializer(campaign).data)


class CampaignLaunchApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.change_campaign"]}

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "CampaignLaunched",
                {
                    "assessments_created": serializers.IntegerField(),
                    "invitations_queued": serializers.IntegerField(),
                },
            ),
            **ERRORS,
        },
    )
    def post(self, request: Request, campaign_id: int) -> Response:
        campaign = campaign_selectors.campaign_get_for_user(
            user=request.user, campaign_id=campaign_id
        )
        result = campaign_services.campaign_launch(
            campaign=campaign, launched_by=acting_user(request)
        )
        return Response(
            {
                "assessments_created": result.assessments_created,
                "invitations_queued": result.invitations_queued,
            }
        )


class CampaignCloseApi(APIView):
    """Close the campaign (as on its page): its suppliers answer and submit nothing more."""

    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.change_campaign"]}

    @extend_schema(request=None, responses={200: CampaignSerializer, **ERRORS})
    def post(self, request: Request, campaign_id: int) -> Response:
        campaign = campaign_selectors.campaign_get_for_user(
            user=request.user, campaign_id=campaign_id
        )
        campaign_services.campaign_close(campaign=campaign)
        campaign = campaign_selectors.campaign_get_for_user(
            user=request.user, campaign_id=campaign.pk
        )
        return Response(CampaignSerializer(campaign).data)


class CampaignExtendApi(APIView):
    """A new due date for the campaign and its open assessments (as on its page)."""

    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.change_campaign"]}

    class ExtendSerializer(serializers.Serializer):
        due_on = serializers.DateField()

        def validate_due_on(self, value: Any) -> Any:
            campaign = self.context.get("campaign")
            errors = campaign_services.campaign_date_errors(
                period_start=campaign.period_start if campaign else None,
                period_end=None,
                due_on=value,
            )
            if errors:
                raise serializers.ValidationError(errors["due_on"])
            return value

    @extend_schema(request=ExtendSerializer, responses={200: CampaignSerializer, **ERRORS})
    def post(self, request: Request, campaign_id: int) -> Response:
        campaign = campaign_selectors.campaign_get_for_user(
            user=request.user, campaign_id=campaign_id
        )
        serializer = self.ExtendSerializer(data=request.data, context={"campaign": campaign})
        serializer.is_valid(raise_exception=True)
        campaign_services.campaign_extend(
            campaign=campaign,
            due_on=serializer.validated_data["due_on"],
            changed_by=acting_user(request),
        )
        campaign = campaign_selectors.campaign_get_for_user(
            user=request.user, campaign_id=campaign.pk
        )
        return Response(CampaignSerializer(campaign).data)


class AreaProgressSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    answered = serializers.IntegerField()
    required = serializers.IntegerField()  # type: ignore[assignment]  # a field, not the flag
    percent = serializers.IntegerField()


class AssessmentSummarySerializer(serializers.ModelSerializer):
    supplier = serializers.PrimaryKeyRelatedField(read_only=True)  # type: ignore[var-annotated]
    campaign = serializers.PrimaryKeyRelatedField(read_only=True)  # type: ignore[var-annotated]
    questionnaire_version = serializers.PrimaryKeyRelatedField(  # type: ignore[var-annotated]
        source="version", read_only=True
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "campaign",
            "supplier",
            "questionnaire_version",
            "status",
            "is_overdue",
            "due_on",
            "submitted_at",
            "updated_at",
        ]


# The questionnaire version whose code of conduct was acknowledged (null before it was recorded).
def _acknowledged_version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        source="code_acknowledged_version_id", read_only=True, allow_null=True
    )


class AssessmentDetailSerializer(AssessmentSummarySerializer):
    code_acknowledged_version = _acknowledged_version_field()
    areas = AreaProgressSerializer(many=True)
    answers = AnswerSerializer(many=True)

    class Meta(AssessmentSummarySerializer.Meta):
        fields = [
            *AssessmentSummarySerializer.Meta.fields,
            "code_acknowledged_at",
            "code_acknowledged_version",
            "areas",
            "answers",
        ]


def assessment_detail_data(assessment: Assessment) -> dict[str, Any]:
    answers = answer_selectors.assessment_answers(assessment)
    questions = answer_selectors.visible_questions(assessment, answers)
    fields = ("id", "status", "is_overdue", "due_on", "submitted_at", "updated_at")
    payload = {field: getattr(assessment, field) for field in fields}
    payload.update(
        campaign=assessment.campaign,
        supplier=assessment.supplier,
        version=assessment.version,
        code_acknowledged_at=assessment.code_acknowledged_at,
        code_acknowledged_version_id=assessment.code_acknowledged_version_id,
        areas=answer_selectors.area_progress(
            areas=questionnaire_selectors.version_load(assessment.version).areas,
            questions=questions,
            answers=answers,
        ),
        answers=[],
    )
    data = dict(AssessmentDetailSerializer(payload).data)
    data["answers"] = [answer_data(answer) for answer in answers.values()]
    return data


class AssessmentListApi(generics.ListAPIView):
    permission_classes = [IsStaffOrSupplierUser]
    serializer_class = AssessmentSummarySerializer
    filterset_class = AssessmentFilter

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return campaign_selectors.assessment_list(user=self.request.user).order_by("-id")

    @extend_schema(responses={200: AssessmentSummarySerializer(many=True), **ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AssessmentDetailApi(APIView):
    permission_classes = [IsStaffOrSupplierUser]

    @extend_schema(responses={200: AssessmentDetailSerializer, **ERRORS})
    def get(self, request: Request, assessment_id: int) -> Response:
        assessment = campaign_selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        return Response(assessment_detail_data(assessment))


class AssessmentSubmitApi(APIView):
    permission_classes = [IsSupplierUser]

    class SubmitSerializer(serializers.Serializer):
        attestation = serializers.BooleanField()

    @extend_schema(request=SubmitSerializer, responses={200: AssessmentSummarySerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = campaign_selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        serializer = self.SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = answer_services.assessment_submit(
            assessment=assessment,
            attestation=serializer.validated_data["attestation"],
            user=acting_user(request),
            via=Event.Via.API,
        )
        return Response(AssessmentSummarySerializer(assessment).data)


class AssessmentAcknowledgementSerializer(AssessmentSummarySerializer):
    code_acknowledged_version = _acknowledged_version_field()

    class Meta(AssessmentSummarySerializer.Meta):
        fields = [
            *AssessmentSummarySerializer.Meta.fields,
            "code_acknowledged_at",
            "code_acknowledged_version",
        ]


class AssessmentAcknowledgeApi(APIView):
    """The supplier's user acknowledges the code of conduct (as in the portal), which answering
    and submitting need; once per supplier, its other assessments carry it. Calling it again
    changes nothing."""

    permission_classes = [IsSupplierUser]

    @extend_schema(request=None, responses={200: AssessmentAcknowledgementSerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = campaign_selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        assessment = answer_services.assessment_acknowledge_code(
            assessment=assessment, user=acting_user(request), via=Event.Via.API
        )
        return Response(AssessmentAcknowledgementSerializer(assessment).data)


class InvitationAcceptApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    class AcceptSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=100)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

    @extend_schema(
        request=AcceptSerializer,
        responses={
            201: inline_serializer("InvitationAccepted", {"username": serializers.CharField()}),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = self.AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = campaign_services.invitation_accept(
            token=serializer.validated_data["token"], password=serializer.validated_data["password"]
        )
        return Response({"username": user.username}, status=status.HTTP_201_CREATED)
