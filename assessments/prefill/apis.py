"""The next cycle prefilled over the API: the supplier confirms an area's carried answers, the
reviewer accepts an area's unchanged ones."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.answers import services as answer_services
from assessments.campaigns import selectors as campaign_selectors
from assessments.models import Event
from assessments.review import services as review_services
from core.api import ERRORS
from core.permissions import IsSupplierUser, StaffPermission, acting_user


class CarriedConfirmInputSerializer(serializers.Serializer):
    question_codes = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        max_length=500,
        help_text="Only these questions of the area; all its carried answers when absent.",
    )


class CarriedDoneSerializer(serializers.Serializer):
    area = serializers.CharField()
    question_codes = serializers.ListField(child=serializers.CharField())


class CarriedConfirmApi(APIView):
    """The supplier confirms the carried answers of one area as they are (the permission and
    rules of saving an answer); submission needs every carried answer confirmed or changed."""

    permission_classes = [IsSupplierUser]

    @extend_schema(
        request=CarriedConfirmInputSerializer, responses={200: CarriedDoneSerializer, **ERRORS}
    )
    def post(self, request: Request, assessment_id: int, area_code: str) -> Response:
        assessment = campaign_selectors.assessment_ref_for_user(
            user=request.user, assessment_id=assessment_id
        )
        serializer = CarriedConfirmInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        codes = answer_services.carried_answers_confirm(
            assessment=assessment,
            area_code=area_code,
            question_codes=serializer.validated_data.get("question_codes"),
            user=acting_user(request),
            via=Event.Via.API,
        )
        return Response({"area": area_code, "question_codes": codes})


class CarriedAcceptApi(APIView):
    """The reviewer accepts every carried answer of one area the supplier confirmed unchanged
    (one review decision each); changed answers are reviewed one by one."""

    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.review_assessment"]}

    @extend_schema(request=None, responses={200: CarriedDoneSerializer, **ERRORS})
    def post(self, request: Request, assessment_id: int, area_code: str) -> Response:
        assessment = campaign_selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        codes = review_services.carried_answers_accept(
            assessment=assessment, area_code=area_code, reviewer=acting_user(request)
        )
        return Response({"area": area_code, "question_codes": codes})
