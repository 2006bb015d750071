"""The shortcuts taken for speed give exactly what the slow, documented paths give."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from assessments.answers.apis import AnswerSerializer, answer_data
from assessments.campaigns.apis import assessment_detail_data
from assessments.models import Answer, QuestionnaireVersion
from assessments.questionnaires import selectors
from tests.factories import PNG, SavedAnswerFactory, UploadedEvidenceFactory, api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def answering(setup):  # type: ignore[no-untyped-def]
    return setup.mine, setup.user


def _api_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _answer_a_few(assessment, user) -> None:  # type: ignore[no-untyped-def]
    SavedAnswerFactory(assessment=assessment, question_code="A1.4", value="certified", user=user)
    SavedAnswerFactory(assessment=assessment, question_code="A2.1", value="1234.50", user=user)
    SavedAnswerFactory(assessment=assessment, question_code="A2.2", value="Electric vans, 节能",
                       user=user, supplier_response="See the plan")  # fmt: skip
    for name in ("permit.png", "second.png"):
        UploadedEvidenceFactory(
            assessment=assessment, question_code="A1.3", name=name, content=PNG + name.encode(),
            user=user,
        )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_answer_data_is_what_the_serializer_gives(answering, language) -> None:  # type: ignore[no-untyped-def]
    assessment, user = answering
    _answer_a_few(assessment, user)
    answers = Answer.objects.filter(assessment=assessment).select_related("question")
    assert answers.count() == 4
    with translation.override(language):
        for answer in answers:
            slow = dict(AnswerSerializer(answer).data)
            assert answer_data(answer) == slow
    with_documents = [a for a in answers if a.documents]
    assert [len(a.documents) for a in with_documents] == [2]


def test_the_assessment_detail_is_what_the_serializer_gives(answering) -> None:  # type: ignore[no-untyped-def]
    assessment, user = answering
    _answer_a_few(assessment, user)
    detail = assessment_detail_data(assessment)
    stored = Answer.objects.filter(assessment=assessment).select_related("question")
    assert sorted(detail["answers"], key=lambda a: a["question_code"]) == sorted(
        (dict(AnswerSerializer(a).data) for a in stored), key=lambda a: a["question_code"]
    )
    response = _api_for(user).get(f"/api/v1/assessments/{assessment.pk}/")
    assert response.json()["answers"] == detail["answers"]


def test_the_answer_save_response_is_what_is_stored(answering) -> None:  # type: ignore[no-untyped-def]
    assessment, user = answering
    _answer_a_few(assessment, user)
    response = _api_for(user).put(
        f"/api/v1/assessments/{assessment.pk}/answers/A1.3/",
        {"value": [{"kind": "water", "number": "W-1", "expires_on": "2027-05-01"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    stored = Answer.objects.select_related("question").get(
        assessment=assessment, question__code="A1.3"
    )
    body = response.json()
    assert body.pop("warnings") == []  # GHG lines that cannot be computed: none here
    assert body == dict(AnswerSerializer(stored).data)
    assert [e["original_name"] for e in response.json()["evidence"]] == ["permit.png", "second.png"]


def test_detail_queries_do_not_grow_with_answers_and_evidence(  # type: ignore[no-untyped-def]
    answering, django_assert_max_num_queries
) -> None:
    assessment, user = answering
    api = _api_for(user)
    api.get(f"/api/v1/assessments/{assessment.pk}/")  # questionnaire content now in memory
    with CaptureQueriesContext(connection) as few:
        api.get(f"/api/v1/assessments/{assessment.pk}/")
    _answer_a_few(assessment, user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = api.get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert len(body["answers"]) == 4


def test_published_content_is_read_once_and_drafts_always(answering) -> None:  # type: ignore[no-untyped-def]
    assessment, _user = answering
    version = QuestionnaireVersion.objects.get(pk=assessment.version_id)
    first = selectors.version_content_cached(version)
    with CaptureQueriesContext(connection) as again:
        second = selectors.version_content_cached(version)
    assert len(again.captured_queries) == 0
    assert [q.code for q in second[1]] == [q.code for q in first[1]]
    assert second[1] is not first[1]  # each caller gets its own list
    # Another version (here a draft clone) is never served from the entry of the first.
    from assessments.questionnaires import services

    draft = services.version_clone(version=version, created_by=None)
    with CaptureQueriesContext(connection) as fresh:
        draft_content = selectors.version_content_cached(draft)
        selectors.version_content_cached(draft)
    assert len(fresh.captured_queries) >= 2 * 4  # read both times
    assert {q.version_id for q in draft_content[1]} == {draft.pk}
