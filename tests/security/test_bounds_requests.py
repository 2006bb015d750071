"""Requests that broke the server rather than the rules: deeply nested JSON, NUL in the path,
lone surrogates in text. Each is a 400 in the project's error shape before any query runs."""

from __future__ import annotations

import inspect

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import parsers as rest_parsers
from rest_framework.test import APIClient
from rest_framework.views import APIView

from assessments.answers.values import clean_value
from assessments.models import Answer, Question
from core.parsers import JSON_MAX_DEPTH, JSONRefusedError, json_loads
from tests.factories import LaunchedAssessmentFactory, code_acknowledged, supplier_user

pytestmark = pytest.mark.django_db
DEEP = "[" * 1000 + "]" * 1000  # 2 KB
LONE_SURROGATE = '{"value": "Solar panels \\ud800 on the roof"}'


def _json(client, method: str, url: str, body: str):  # type: ignore[no-untyped-def]
    return client.generic(method, url, body, content_type="application/json")


@pytest.fixture
def supplier_api(officer, celery_eager):  # type: ignore[no-untyped-def]
    assessment = code_acknowledged(LaunchedAssessmentFactory(campaign__created_by=officer))
    user = supplier_user(supplier=assessment.supplier, username="requests-user")
    client = APIClient()
    client.force_authenticate(user)
    return client, assessment


def test_deeply_nested_json_is_400_anonymous_and_authenticated(supplier_api, api) -> None:
    client, assessment = supplier_api
    answer_url = f"/api/v1/assessments/{assessment.pk}/answers/A2.2/"
    for who, method, url in (
        (APIClient(), "POST", "/api/v1/invitations/accept/"),  # anonymous
        (APIClient(), "POST", "/api/v1/auth/token/"),  # anonymous, on a view naming its parsers
        (client, "PUT", answer_url),  # a supplier
        (api, "POST", "/api/v1/exports/"),  # staff, on a view naming its parser
    ):
        for body in (DEEP, '{"value": ' + DEEP + "}"):
            response = _json(who, method, url, body)
            assert response.status_code == 400, (url, response.content[:200])
            assert response.json() == {
                "code": "parse_error",
                "detail": f"The JSON is nested more than {JSON_MAX_DEPTH} levels deep.",
                "fields": {},
            }
    nested = {"value": "x"}
    for _level in range(JSON_MAX_DEPTH - 1):
        nested = {"value": nested}  # type: ignore[dict-item]
    at_the_bound = client.put(answer_url, nested, format="json")  # parsed: the rules decide
    assert at_the_bound.status_code < 500 and at_the_bound.json().get("code") != "parse_error"


def test_json_read_by_hand_is_bounded_too() -> None:
    with pytest.raises(JSONRefusedError):
        json_loads(DEEP)
    with pytest.raises(JSONRefusedError):
        json_loads("[" * 33 + "]" * 33)
    deepest: list = []
    for _level in range(JSON_MAX_DEPTH - 1):
        deepest = [deepest]
    assert json_loads("[" * JSON_MAX_DEPTH + "]" * JSON_MAX_DEPTH) == deepest
    from assessments.questionnaires.workbooks import parse_definition_json

    data, errors = parse_definition_json(('{"format": ' + DEEP + "}").encode())
    assert data is None and "nested more than" in errors[0].message


def _api_views(resolver: URLResolver | None = None):  # type: ignore[no-untyped-def]
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if inspect.isclass(view) and issubclass(view, APIView):
                yield view


def test_every_json_endpoint_uses_the_bounded_parser() -> None:
    unbounded = sorted(
        view.__name__
        for view in _api_views()
        if any(parser is rest_parsers.JSONParser for parser in view.parser_classes)
    )
    assert unbounded == []


def test_nul_in_path_is_400(supplier_api) -> None:
    client, assessment = supplier_api
    anonymous = Client()
    for url in (
        "/portal/invitations/abc%00def/",  # a token looked up in the database
        f"/portal/assessments/{assessment.pk}/areas/A1%00/",
        "/api/v1/auth/token/%00/",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = anonymous.get(url)
        assert response.status_code == 400, url
        assert queries.captured_queries == []  # refused before anything reaches the database
    refused = client.put(f"/api/v1/assessments/{assessment.pk}/answers/A2.2%00/", {"value": "x"})
    assert refused.status_code == 400
    assert refused.json() == {
        "code": "invalid",
        "detail": "Text may not contain NUL characters.",
        "fields": {},
    }


def test_lone_surrogate_answer_is_400(supplier_api) -> None:
    client, assessment = supplier_api
    url = f"/api/v1/assessments/{assessment.pk}/answers/A2.2/"  # a text question
    for body in (
        LONE_SURROGATE,
        '{"value": "ok", "justification": "\\udfff"}',
        '{"value": "ok", "\\ud83d": 1}',  # in a key
    ):
        with CaptureQueriesContext(connection) as queries:
            response = _json(client, "PUT", url, body)
        assert response.status_code == 400, body
        assert response.json()["code"] == "parse_error"
        assert response.json()["detail"] == "The text contains a character that cannot be stored."
        # Authentication and the permission check have run; nothing was looked up or saved.
        assert not any("answer" in query["sql"] for query in queries.captured_queries)
    assert not Answer.objects.filter(assessment=assessment, question__code="A2.2").exists()
    # A pair that makes a real character (an emoji) is fine.
    saved = _json(client, "PUT", url, '{"value": "Solar \\ud83c\\udf1e"}')
    assert saved.status_code == 200 and saved.json()["value"] == "Solar \U0001f31e"
    # The answer cleaning refuses it too, for a value that did not come through the parser.
    text = Question(type=Question.Type.TEXT)
    with pytest.raises(ValueError, match="cannot be stored"):
        clean_value(text, "Solar \ud800")


@pytest.mark.django_db
def test_a_patch_with_an_incomplete_site_is_400_not_500() -> None:
    from rest_framework.test import APIClient

    from core import roles
    from tests.factories import SupplierFactory, staff_user

    supplier = SupplierFactory()
    client = APIClient()
    client.force_authenticate(staff_user(roles.PROCUREMENT_ADMIN, username="patch-sites"))
    response = client.patch(
        f"/api/v1/suppliers/{supplier.pk}/", {"sites": [{"name": "Depot"}]}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "address" in str(response.json()["fields"])
