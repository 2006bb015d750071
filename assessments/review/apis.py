"""Review over the API: answer and document decisions, return, approve and reject."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.answers import selectors as answer_selectors
from assessments.answers.apis import AnswerSerializer, EvidenceSerializer
from assessments.campaigns import selectors as campaign_selectors
from assessments.campaigns.apis import AssessmentSummarySerializer
from assessments.models import (
    Answer,
)
from assessments.review import services as review_services
from core.api import ERRORS
from core.permissions import StaffPermission, acting_user


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


class AreaAcceptSerializer(serializers.Serializer):
    area = serializers.CharField(max_length=40)


class AreaAcceptedSerializer(serializers.Serializer):
    area = serializers.CharField()
    answers = serializers.ListField(child=serializers.CharField(), help_text="Question codes.")
    documents = serializers.ListField(child=serializers.IntegerField(), help_text="Evidence ids.")


class AreaAcceptApi(APIView):
    """Accept every answer and document of one area still waiting for review (one event each)."""

    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.review_assessment"]}

    @extend_schema(request=AreaAcceptSerializer, responses={200: AreaAcceptedSerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = campaign_selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        serializer = AreaAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = review_services.area_accept(
            assessment=assessment,
            area_code=serializer.validated_data["area"],
            reviewer=acting_user(request),
        )
        return Response(AreaAcceptedSerializer(result).data)


class AssessmentReturnApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.review_assessment"]}

    @extend_schema(request=ReturnSerializer, responses={200: AssessmentSummarySerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = campaign_selectors.assessment_get_for_user(
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
        assessment = campaign_selectors.assessment_get_for_user(
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
        assessment = campaign_selectors.assessment_get_for_user(
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
        assessment = campaign_selectors.assessment_get_for_user(
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
        document = answer_selectors.evidence_get_for_user(
            user=request.user, evidence_id=evidence_id
        )
        serializer = EvidenceReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = review_services.evidence_review(
            document=document,
            accept=serializer.validated_data["accept"],
            reason=serializer.validated_data["reason"],
            reviewer=acting_user(request),
        )
        return Response(EvidenceSerializer(document).data)
