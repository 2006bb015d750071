"""The score of an assessment over the API."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.campaigns import selectors
from assessments.scoring import selectors as score_selectors
from core.api import ERRORS
from core.permissions import (
    IsStaffOrSupplierUser,
    is_supplier_user,
)


class AreaScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="None when not assessed.")
    points = serializers.FloatField()
    max_points = serializers.FloatField()
    weight = serializers.FloatField()
    assessed = serializers.BooleanField(
        help_text="False when nothing in the area has points available (not a zero)."
    )


class QuestionScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.FloatField()
    max_points = serializers.FloatField()
    applicable = serializers.BooleanField()
    reason = serializers.CharField()
    pending_review = serializers.BooleanField(
        default=False,
        help_text="A provisional score credits this question on evidence pending review.",
    )


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
        if is_supplier_user(request.user):
            score = score_selectors.score_for_supplier(assessment)
        else:
            score = score_selectors.latest_score(assessment)
        if score is None:
            raise NotFound(_("No score yet."))
        return Response(
            ScoreSerializer(
                {
                    "kind": score.kind,
                    "overall": None if score.overall is None else float(score.overall),
                    "areas": score.area_results,
                    "critical_failures": score.critical_failures,
                    "questions": score.questions,
                    "computed_at": score.computed_at,
                    "version_hash": score.version_hash,
                }
            ).data
        )
