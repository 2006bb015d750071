"""A supplier's trend over the API: GET /api/v1/suppliers/{id}/trend/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.trends.selectors import supplier_trend
from core.api import ERRORS
from core.permissions import StaffPermission
from suppliers.selectors import supplier_get_for_user


class TrendAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="None when not assessed.")


class TrendEntrySerializer(serializers.Serializer):
    campaign_id = serializers.IntegerField()
    campaign_name = serializers.CharField()
    period = serializers.IntegerField(
        help_text="The reporting period, named by the year it starts in (2025: 1 April 2025 to "
        "31 March 2026)."
    )
    assessment_id = serializers.IntegerField()
    status = serializers.CharField(help_text="The assessment's status.")
    score_kind = serializers.CharField(
        allow_null=True, help_text="provisional or final; null without a score."
    )
    overall = serializers.FloatField(
        allow_null=True, help_text="The shown score: final if any, else the latest provisional."
    )
    areas = TrendAreaSerializer(many=True)
    ghg_intensity = serializers.DecimalField(
        max_digits=18,
        decimal_places=6,
        allow_null=True,
        help_text="tCO2e per RMB million of revenue, from the latest GHG calculation.",
    )
    label_status = serializers.CharField(
        help_text="none, or a label status (as on the label). "
        + "The label as the last decision on this assessment left it; none if no decision.",
    )


class SupplierTrendApi(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(responses={200: TrendEntrySerializer(many=True), **ERRORS})
    def get(self, request: Request, supplier_id: int) -> Response:
        """The supplier's score, area scores, GHG intensity and label per campaign, by period."""
        supplier = supplier_get_for_user(user=request.user, supplier_id=supplier_id)
        return Response(TrendEntrySerializer(supplier_trend(supplier=supplier), many=True).data)
