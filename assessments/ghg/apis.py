"""An assessment's greenhouse-gas emissions over the API, for staff and for the supplier."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.campaigns import selectors
from assessments.ghg.calculation import Line
from assessments.ghg.models import reason_text
from assessments.ghg.selectors import ghg_compute
from core.api import ERRORS
from core.permissions import is_staff_member, is_supplier_user, refuse_archived_supplier_user


class CanViewAssessmentGhg(BasePermission):
    """A supplier user (its own assessments only, by the selector), or staff who may view
    assessments."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if is_supplier_user(request.user):
            refuse_archived_supplier_user(request.user)
            return True
        return is_staff_member(request.user) and bool(
            request.user.has_perm("assessments.view_assessment")
        )


class GhgLineSerializer(serializers.Serializer):
    # The published key is `source` (the metaclass takes declared fields off the class, so
    # it does not shadow Field.source at run time).
    source = serializers.CharField(  # type: ignore[assignment]
        help_text="Energy type (`<type>:mobile` for vehicles) or `refrigerant:<gas>`."
    )
    quantity = serializers.FloatField()
    unit = serializers.CharField()
    factor = serializers.FloatField(allow_null=True, help_text="tCO2e per unit of the line.")
    factor_source = serializers.CharField(allow_blank=True)
    result = serializers.FloatField(help_text="tCO2e; 0 when not computed.")
    computed = serializers.BooleanField()
    reason = serializers.CharField(required=False, help_text="Only when not computed.")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if data.get("computed"):
            data.pop("reason", None)
        return data


class GhgSerializer(serializers.Serializer):
    scope_1 = serializers.FloatField(help_text="tCO2e")
    scope_2 = serializers.FloatField(help_text="tCO2e, location-based")
    memo_non_kyoto = serializers.FloatField(help_text="tCO2e of CFCs and HCFCs, outside the scopes")
    revenue_rmb_million = serializers.FloatField(allow_null=True)
    intensity = serializers.FloatField(
        allow_null=True, help_text="tCO2e (scope 1 + 2) per RMB million"
    )
    factor_set = serializers.IntegerField(allow_null=True, help_text="Factor set version.")
    lines = GhgLineSerializer(many=True)


def _line(line: Line) -> dict[str, Any]:
    return {
        "source": line.activity,
        "quantity": float(line.quantity),
        "unit": line.unit,
        "factor": None if line.factor is None else float(line.factor),
        "factor_source": line.source,
        "result": float(line.tco2e),
        "computed": line.computed,
        "reason": reason_text(line.reason),
    }


class AssessmentGhgApi(APIView):
    permission_classes = [CanViewAssessmentGhg]

    @extend_schema(responses={200: GhgSerializer, **ERRORS})
    def get(self, request: Request, assessment_id: int) -> Response:
        """Scope 1 and 2 and the non-Kyoto memo, computed now from the current answers with
        the factor set in force (nothing is stored); lines that cannot be computed are listed
        with `computed: false` and the reason, and left out of the totals."""
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=assessment_id
        )
        figures = ghg_compute(assessment=assessment)
        if figures is None:
            raise NotFound(_("No emission factor set yet."))
        result = figures.result
        data = {
            "scope_1": float(result.scope1),
            "scope_2": float(result.scope2),
            "memo_non_kyoto": float(result.memo_non_kyoto),
            "revenue_rmb_million": None if result.revenue is None else float(result.revenue),
            "intensity": None if result.intensity is None else float(result.intensity),
            "factor_set": figures.factor_set.version,
            "lines": [_line(line) for line in result.lines],
        }
        return Response(GhgSerializer(data).data)
