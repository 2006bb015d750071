"""Project-wide REST plumbing: pagination and the one error shape every API answers with."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError

# What a PositiveIntegerField holds on PostgreSQL (an integer column). Django takes a field's
# range from the database in use, so serializers state it to document one schema everywhere.
POSITIVE_INTEGER_MAX = 2**31 - 1


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Any) -> int:
        """A page_size that is not a whole number from 1 is an error, not silently ignored."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        try:
            size = int(values[-1])
        except ValueError:
            size = 0
        if size < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Enter a whole number from 1.")]}
            )
        return min(size, self.max_page_size)


ERROR_CODES = {
    status.HTTP_400_BAD_REQUEST: "invalid",
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_403_FORBIDDEN: "permission_denied",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    status.HTTP_406_NOT_ACCEPTABLE: "not_acceptable",
    status.HTTP_409_CONFLICT: "conflict",
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "too_large",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
}


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error in one shape: {"code": ..., "detail": ..., "fields": {...}}."""
    if isinstance(exc, ApplicationError):
        body = {"code": exc.code, "detail": exc.message, "fields": exc.fields, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        invalid = (
            {key: [str(message) for message in value] for key, value in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"non_field_errors": [str(message) for message in exc.messages]}
        )
        return Response(
            {"code": "invalid", "detail": _("The data is not valid."), "fields": invalid},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        fields = (
            _flatten(detail) if isinstance(detail, dict) else {"non_field_errors": _flatten(detail)}
        )
        message = _("The data is not valid.")
    elif isinstance(detail, dict) and "detail" in detail:
        message = str(detail["detail"])
    else:
        message = str(detail)
    code = getattr(getattr(exc, "detail", None), "code", None)
    if not isinstance(code, str) or isinstance(exc, exceptions.ValidationError):
        code = ERROR_CODES.get(response.status_code, "error")
    response.data = {"code": code, "detail": message, "fields": fields}
    return response


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField()  # type: ignore[assignment]  # a field, not the property


ERRORS = {
    400: ErrorSerializer,
    405: ErrorSerializer,
    406: ErrorSerializer,
    415: ErrorSerializer,
    429: ErrorSerializer,
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    503: ErrorSerializer,  # database_unavailable: nothing was saved, try again
}


def page_not_found(request: Any, exception: Exception | None = None) -> Any:
    """404 for any URL: the API's error shape under /api/, the HTML page elsewhere."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found as html_page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "not_found", "detail": _("Not found."), "fields": {}}, status=404
        )
    return html_page_not_found(request, exception)  # type: ignore[arg-type]


def server_error(request: Any) -> Any:
    from django.http import JsonResponse
    from django.views.defaults import server_error as html_server_error

    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "code": "server_error",
                "detail": _("Server error; it has been logged."),
                "fields": {},
            },
            status=500,
        )
    return html_server_error(request)


def serializer_function(serializer_class: type[serializers.Serializer]) -> Any:
    """`serializer_class(instance).data` as a plain function, derived from its declared fields.

    Building many small objects through DRF costs most of its time in the generic per-field
    machinery (attribute lookup, None checks, the returned ordered dict), not in the fields'
    own conversions. This plan is made once from the serializer's readable fields: each field
    keeps its own `to_representation`, nested `many=True` serializers get a plan of their own,
    and only plain dotted sources are taken. What it returns is exactly what the serializer
    returns; the serializer stays the one description (and the documented schema).
    """
    plan: list[tuple[str, tuple[str, ...], Any]] = []
    for field in serializer_class()._readable_fields:
        if isinstance(field, serializers.ListSerializer):
            inner = serializer_function(type(field.child))  # type: ignore[arg-type]
            convert: Any = lambda items, inner=inner: [inner(item) for item in items]  # noqa: E731
        else:
            convert = field.to_representation
        if field.source == "*" or not all(part.isidentifier() for part in field.source_attrs):
            raise ValueError(f"{serializer_class.__name__}.{field.field_name}: source not plain")
        plan.append((str(field.field_name), tuple(field.source_attrs), convert))

    def represent(instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, attrs, convert in plan:
            value = instance
            for attr in attrs:
                value = getattr(value, attr)
                if value is None:
                    break
            data[name] = None if value is None else convert(value)
        return data

    return represent
