"""REST API v1 for the green supplier label of a supplier."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.campaigns import selectors
from assessments.labels import services as label_services
from core.api import ERRORS
from core.permissions import StaffPermission, acting_user
from suppliers import selectors as supplier_selectors


class LabelDecisionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    by = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    assessment = serializers.IntegerField(allow_null=True)
    score = serializers.FloatField(allow_null=True)
    rules_version = serializers.IntegerField(allow_null=True)


class LabelSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["none", "active", "suspended", "expired", "revoked"])
    granted_at = serializers.DateTimeField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    assessment = serializers.IntegerField(allow_null=True)
    history = LabelDecisionSerializer(many=True)


FAILED_RULES = inline_serializer(
    "LabelRulesFailed",
    {
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        "fields": serializers.DictField(),
        "failed_rules": inline_serializer(
            "FailedRule",
            {"rule": serializers.CharField(), "detail": serializers.CharField()},
            many=True,
            required=False,
        ),
    },
)


class SupplierLabelApi(APIView):
    @extend_schema(responses={200: LabelSerializer, **ERRORS})
    def get(self, request: Request, supplier_id: int) -> Response:
        supplier = supplier_selectors.supplier_get_for_user(
            user=request.user, supplier_id=supplier_id
        )
        return Response(LabelSerializer(label_services.label_status(supplier)).data)


class SupplierLabelGrantApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.grant_label"]}

    class GrantSerializer(serializers.Serializer):
        assessment = serializers.IntegerField(min_value=1)

    @extend_schema(
        request=GrantSerializer, responses={201: LabelSerializer, **ERRORS, 409: FAILED_RULES}
    )
    def post(self, request: Request, supplier_id: int) -> Response:
        supplier = supplier_selectors.supplier_get_for_user(
            user=request.user, supplier_id=supplier_id
        )
        serializer = self.GrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = selectors.assessment_get_for_user(
            user=request.user, assessment_id=serializer.validated_data["assessment"]
        )
        label_services.label_grant(
            supplier=supplier, assessment=assessment, granted_by=acting_user(request)
        )
        return Response(
            LabelSerializer(label_services.label_status(supplier)).data,
            status=status.HTTP_201_CREATED,
        )


class SupplierLabelRevokeApi(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": ["assessments.revoke_label"]}

    class RevokeSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=5000)

    @extend_schema(request=RevokeSerializer, responses={200: LabelSerializer, **ERRORS})
    def post(self, request: Request, supplier_id: int) -> Response:
        supplier = supplier_selectors.supplier_get_for_user(
            user=request.user, supplier_id=supplier_id
        )
        serializer = self.RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        label_services.label_revoke(
            supplier=supplier,
            reason=serializer.validated_data["reason"],
            revoked_by=acting_user(request),
        )
        return Response(LabelSerializer(label_services.label_status(supplier)).data)
