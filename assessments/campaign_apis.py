"""REST API v1 for campaigns, assessments, answers, evidence and invitations.

Staff see every assessment; a supplier token sees only its own supplier's (404 for the rest).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import selectors
from assessments.models import (
    Answer,
    Assessment,
    Campaign,
    Event,
    EvidenceDocument,
    QuestionnaireVersion,
)
from assessments.services import answers as answer_services
from assessments.services import campaigns as campaign_services
from assessments.services import review as review_services
from assessments.services import scores as score_services
from config.api import ERRORS
from suppliers.permissions import StaffPermission, acting_user, is_staff_member, is_supplier_user


class IsStaffOrSupplierUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_member(request.user) or is_supplier_user(request.user)


class IsSupplierUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_supplier_user(request.user)


# --- Campaigns ----------------------------------------------------------------------------


class SupplierFiltersSerializer(serializers.Serializer):
    category = serializers.CharField(required=False, allow_blank=True)
    region = serializers.CharField(required=False, allow_blank=True)
    status = serializers.CharField(required=False, allow_blank=True)


class CampaignSerializer(serializers.ModelSerializer):
    questionnaire_version = serializers.PrimaryKeyRelatedField(read_only=True)  # type: ignore[var-annotated]
    suppliers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    supplier_filters = SupplierFiltersSerializer()
    assessment_count = serializers.IntegerField(read_only=True)

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
            "created_at",
            "launched_at",
        ]


class CampaignCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, min_length=1)
    questionnaire_version = serializers.PrimaryKeyRelatedField(
        queryset=QuestionnaireVersion.objects.all()
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    due_on = serializers.DateField()
    suppliers = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    supplier_filters = SupplierFiltersSerializer(required=False)


class CampaignListCreateApi(generics.GenericAPIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.add_campaign"]}
    serializer_class = CampaignSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        return selectors.campaign_list(user=self.request.user).prefetch_related("suppliers")

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
            created_by=acting_user(request),
        )
        campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign.pk)
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailApi(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(responses={200: CampaignSerializer, **ERRORS})
    def get(self, request: Request, campaign_id: int) -> Response:
        campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
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
        campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
        result = campaign_services.campaign_launch(
            campaign=campaign, launched_by=acting_user(request)
        )
        return Response(
            {
                "assessments_created": result.assessments_created,
                "invitations_queued": result.invitations_queued,
            }
        )


# --- Assessments --------------------------------------------------------------------------


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
            "updated_at",
            "evidence",
        ]


_DATETIME = serializers.DateTimeField()


def evidence_data(document: EvidenceDocument) -> dict[str, Any]:
    """What EvidenceSerializer gives, written out (see `answer_data`)."""
    return {
        "id": document.pk,
        "original_name": document.original_name,
        "size": document.size,
        "sha256": document.sha256,
        "content_type": document.content_type,
        "uploaded_at": _DATETIME.to_representation(document.uploaded_at),
        "review_status": document.review_status,
        "review_reason": document.review_reason,
    }


def answer_data(answer: Answer) -> dict[str, Any]:
    """What AnswerSerializer gives, written out.

    The serializer stays the documented schema; this is what the assessment detail and the
    answer save send, because building sixty answers with their evidence through DRF fields
    took half of the detail's time. A test keeps the two identical.
    """
    return {
        "question_code": answer.question.code,
        "value": answer.value,
        "not_applicable": answer.not_applicable,
        "justification": answer.justification,
        "data_quality": answer.data_quality,
        "revision": answer.revision,
        "review_status": answer.review_status,
        "review_comment": answer.review_comment,
        "supplier_response": answer.supplier_response,
        "is_unlocked": answer.is_unlocked,
        "updated_at": _DATETIME.to_representation(answer.updated_at),
        "evidence": [evidence_data(document) for document in answer.documents],
    }


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


class AssessmentDetailSerializer(AssessmentSummarySerializer):
    areas = AreaProgressSerializer(many=True)
    answers = AnswerSerializer(many=True)

    class Meta(AssessmentSummarySerializer.Meta):
        fields = [
            *AssessmentSummarySerializer.Meta.fields,
            "code_acknowledged_at",
            "areas",
            "answers",
        ]


def assessment_detail_data(assessment: Assessment) -> dict[str, Any]:
    answers = answer_services.assessment_answers(assessment)
    questions = answer_services.visible_questions(assessment, answers)
    fields = ("id", "status", "is_overdue", "due_on", "submitted_at", "updated_at")
    payload = {field: getattr(assessment, field) for field in fields}
    payload.update(
        campaign=assessment.campaign,
        supplier=assessment.supplier,
        version=assessment.version,
        code_acknowledged_at=assessment.code_acknowledged_at,
        areas=selectors.area_progress(
            areas=selectors.version_content_cached(assessment.version)[0],
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

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        queryset = selectors.assessment_list(user=self.request.user).order_by("-id")
        params = self.request.query_params
        for key, field in (("campaign", "campaign_id"), ("supplier", "supplier_id")):
            if params.get(key):
                try:
                    queryset = queryset.filter(**{field: int(params[key])})
                except ValueError as exc:
                    raise serializers.ValidationError({key: ["A whole number."]}) from exc
        if params.get("status"):
            if params["status"] not in Assessment.Status.values:
                raise serializers.ValidationError({"status": ["Unknown status."]})
            queryset = queryset.filter(status=params["status"])
        return queryset

    @extend_schema(responses={200: AssessmentSummarySerializer(many=True), **ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AssessmentDetailApi(APIView):
    permission_classes = [IsStaffOrSupplierUser]

    @extend_schema(responses={200: AssessmentDetailSerializer, **ERRORS})
    def get(self, request: Request, assessment_id: int) -> Response:
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        return Response(assessment_detail_data(assessment))


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


class AnswerSaveApi(APIView):
    permission_classes = [IsSupplierUser]

    @extend_schema(request=AnswerInputSerializer, responses={200: AnswerSerializer, **ERRORS})
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
        # The saved instance holds what was stored (values are cleaned to JSON types).
        return Response(answer_data(answer))


class EvidenceUploadApi(APIView):
    permission_classes = [IsSupplierUser]
    parser_classes = [MultiPartParser]

    class EvidenceUploadSerializer(serializers.Serializer):
        question_code = serializers.CharField(max_length=40)
        file = serializers.FileField()

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
        )
        return Response(EvidenceSerializer(document).data, status=status.HTTP_201_CREATED)


class AssessmentSubmitApi(APIView):
    permission_classes = [IsSupplierUser]

    class SubmitSerializer(serializers.Serializer):
        attestation = serializers.BooleanField()

    @extend_schema(request=SubmitSerializer, responses={200: AssessmentSummarySerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = selectors.assessment_get_for_user(
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


# --- Invitations --------------------------------------------------------------------------


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


# --- Review (staff) -----------------------------------------------------------------------


class ReturnSerializer(serializers.Serializer):
    questions = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    comment = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class AnswerReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    comment = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")


class EvidenceReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")


class AssessmentReturnApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.review_assessment"]}

    @extend_schema(request=ReturnSerializer, responses={200: AssessmentSummarySerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = review_services.assessment_return(
            assessment=assessment,
            question_codes=serializer.validated_data.get("questions", []),
            comment=serializer.validated_data["comment"],
            reviewer=acting_user(request),
        )
        return Response(AssessmentSummarySerializer(assessment).data)


class AssessmentApproveApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.approve_assessment"]}

    @extend_schema(request=None, responses={200: AssessmentSummarySerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        assessment = review_services.assessment_approve(
            assessment=assessment, approver=acting_user(request)
        )
        return Response(AssessmentSummarySerializer(assessment).data)


class AssessmentRejectApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.approve_assessment"]}

    @extend_schema(request=RejectSerializer, responses={200: AssessmentSummarySerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = review_services.assessment_reject(
            assessment=assessment,
            approver=acting_user(request),
            reason=serializer.validated_data["reason"],
        )
        return Response(AssessmentSummarySerializer(assessment).data)


class AnswerReviewApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.review_assessment"]}

    @extend_schema(request=AnswerReviewSerializer, responses={200: AnswerSerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int, question_code: str) -> Response:
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        answer = Answer.objects.filter(assessment=assessment, question__code=question_code).first()
        if answer is None:
            raise NotFound()
        serializer = AnswerReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = review_services.answer_review(
            answer=answer,
            accept=serializer.validated_data["accept"],
            comment=serializer.validated_data["comment"],
            reviewer=acting_user(request),
        )
        return Response(AnswerSerializer(answer).data)


class EvidenceReviewApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.review_assessment"]}

    @extend_schema(request=EvidenceReviewSerializer, responses={200: EvidenceSerializer, **ERRORS})
    def post(self, request: Request, evidence_id: int) -> Response:
        document = selectors.evidence_get_for_user(user=request.user, evidence_id=evidence_id)
        serializer = EvidenceReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = review_services.evidence_review(
            document=document,
            accept=serializer.validated_data["accept"],
            reason=serializer.validated_data["reason"],
            reviewer=acting_user(request),
        )
        return Response(EvidenceSerializer(document).data)


# --- Scores -------------------------------------------------------------------------------


class AreaScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    points = serializers.FloatField()
    max_points = serializers.FloatField()
    weight = serializers.FloatField()


class QuestionScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.FloatField()
    max_points = serializers.FloatField()
    applicable = serializers.BooleanField()
    reason = serializers.CharField()


class ScoreSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["provisional", "final"])
    overall = serializers.FloatField(allow_null=True)
    areas = AreaScoreSerializer(many=True)
    critical_failures = serializers.ListField(child=serializers.CharField())
    questions = QuestionScoreSerializer(many=True)
    computed_at = serializers.DateTimeField()
    version_hash = serializers.CharField()


class AssessmentScoreApi(APIView):
    permission_classes = [IsStaffOrSupplierUser]

    @extend_schema(responses={200: ScoreSerializer, **ERRORS})
    def get(self, request: Request, assessment_id: int) -> Response:
        """The final score if approved, else the latest provisional one (staff only)."""
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        score = score_services.latest_score(assessment)
        supplier_may_see = (
            score is not None
            and score.kind == "final"
            and assessment.status == Assessment.Status.APPROVED
        )
        if score is None or (is_supplier_user(request.user) and not supplier_may_see):
            raise NotFound(_("No score yet."))
        return Response(
            ScoreSerializer(
                {
                    "kind": score.kind,
                    "overall": None if score.overall is None else float(score.overall),
                    "areas": score.areas,
                    "critical_failures": score.critical_failures,
                    "questions": score.questions,
                    "computed_at": score.computed_at,
                    "version_hash": score.version_hash,
                }
            ).data
        )
