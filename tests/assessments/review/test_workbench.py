"""The review workbench: one area at a time, filtered, decisions answered in place with htmx."""

import pytest
from django.test import Client

from assessments.models import Answer, EvidenceDocument
from core import roles
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def reviewer() -> Client:
    client = Client()
    client.force_login(staff_user(roles.REVIEWER, username="wb-rev"))
    return client


def _page(client: Client, assessment_id: int, query: str = "", **headers: str) -> str:
    response = client.get(f"/campaigns/assessments/{assessment_id}/{query}", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_one_area_is_open_at_a_time(submitted, reviewer) -> None:
    assessment, _user = submitted
    first = _page(reviewer, assessment.pk)
    assert 'id="q-A1.1"' in first and 'id="q-A2.1"' not in first
    assert 'data-testid="area-A2"' in first  # the tab, a link that works without JavaScript
    second = _page(reviewer, assessment.pk, "?area=A2")
    assert 'id="q-A2.1"' in second and 'id="q-A1.1"' not in second
    # an unknown area or filter opens the first area, unfiltered: no error
    assert 'id="q-A1.1"' in _page(reviewer, assessment.pk, "?area=zz&show=%3Cx%3E")


def test_area_tab_with_htmx_returns_the_workbench_only(submitted, reviewer) -> None:
    assessment, _user = submitted
    body = _page(reviewer, assessment.pk, "?area=A2", HTTP_HX_TARGET="workbench", **HTMX)
    assert body.lstrip().startswith('<div id="workbench"')
    assert "<html" not in body and 'id="q-A2.1"' in body and "review-panel" not in body


def test_filters_show_what_is_left_to_review_or_queried(submitted, reviewer) -> None:
    assessment, _user = submitted
    reviewer.post(
        f"/campaigns/assessments/{assessment.pk}/answers/A1.1/review/", {"decision": "accept"}
    )
    reviewer.post(
        f"/campaigns/assessments/{assessment.pk}/answers/A1.4/review/",
        {"decision": "query", "comment": "Which certificate?"},
    )
    to_review = _page(reviewer, assessment.pk, "?area=A1&show=review")
    assert 'id="q-A1.1"' not in to_review and 'id="q-A1.2"' in to_review
    # A1.3 is accepted as an answer but its document is still pending: still to review
    assert 'id="q-A1.3"' in to_review
    queried = _page(reviewer, assessment.pk, "?area=A1&show=queried")
    assert 'id="q-A1.4"' in queried and 'id="q-A1.2"' not in queried
    assert 'id="q-A1.1"' in _page(reviewer, assessment.pk, "?area=A1&show=all")


def test_htmx_decision_returns_the_item_and_the_panel_out_of_band(submitted, reviewer) -> None:
    assessment, _user = submitted
    response = reviewer.post(
        f"/campaigns/assessments/{assessment.pk}/answers/A1.1/review/",
        {"decision": "accept", "area": "A1", "show": "review"},
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<article id="q-A1.1"')
    assert "<html" not in body and 'id="q-A1.2"' not in body
    assert 'id="review-panel"' in body and 'id="wb-nav"' in body
    assert body.count('hx-swap-oob="true"') == 2
    assert "Accepted" in body.split('id="review-panel"')[0]  # the item's new status
    assert Answer.objects.get(assessment=assessment, question__code="A1.1").review_status == (
        "accepted"
    )


def _oob(body: str, element_id: str) -> str:
    """The element swapped out of band (by its id) in an htmx answer."""
    start = body.index(f'id="{element_id}"')
    assert 'hx-swap-oob="true"' in body[start : body.index(">", start)]
    return body[start:]


@pytest.mark.parametrize(
    ("url", "data", "open_text", "to_review"),
    [
        (
            "answers/A1.1/review/",
            {"decision": "accept", "area": "A1", "show": "all"},
            '"open-answers_pending">4 answer(s) not reviewed',
            3,
        ),
        (
            "answers/A1.4/review/",
            {"decision": "query", "comment": "Which one?", "area": "A1"},
            '"open-answers_queried">1 answer(s) queried',
            3,
        ),
        (
            "review/accept-area/",
            {"area": "A1", "show": "all"},
            '"open-answers_pending">1 answer',
            0,
        ),
    ],
)
def test_each_decision_in_place_refreshes_the_side_panel_and_the_counts(
    submitted, reviewer, url, data, open_text, to_review
) -> None:
    """The side panel (open items, score, GHG) and the area tab counts come back out of band,
    with what changed."""
    assessment, _user = submitted
    before = _page(reviewer, assessment.pk)
    assert '"open-answers_pending">5 answer(s) not reviewed' in before
    assert 'data-testid="to-review-A1">4<' in before
    response = reviewer.post(f"/campaigns/assessments/{assessment.pk}/{url}", data, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    panel = _oob(body, "wb-panel")
    assert open_text in panel
    assert 'data-testid="score"' in panel and 'data-testid="overall-score"' in panel
    nav = body[body.index('id="wb-nav"') :]
    if to_review:
        assert f'data-testid="to-review-A1">{to_review}<' in nav
    else:
        assert 'data-testid="to-review-A1"' not in nav
    # The item decided keeps its points (the score's reason), as on the full page.
    if "decision" in data:
        assert 'data-testid="points-' in body.split('id="wb-panel"')[0]


def test_an_area_tab_with_htmx_keeps_the_points_of_each_item(submitted, reviewer) -> None:
    assessment, _user = submitted
    body = _page(reviewer, assessment.pk, "?area=A2", HTTP_HX_TARGET="workbench", **HTMX)
    assert 'data-testid="points-A2.1"' in body


def test_htmx_decision_error_is_shown_in_the_item(submitted, reviewer) -> None:
    assessment, _user = submitted
    response = reviewer.post(
        f"/campaigns/assessments/{assessment.pk}/answers/A1.4/review/",
        {"decision": "query", "comment": ""},
        **HTMX,
    )
    item = response.content.decode().split('id="review-panel"')[0]
    assert 'id="q-A1.4"' in item and 'data-testid="error-A1.4"' in item


def test_without_javascript_a_decision_goes_back_to_the_item_with_its_error(
    submitted, reviewer
) -> None:
    assessment, _user = submitted
    response = reviewer.post(
        f"/campaigns/assessments/{assessment.pk}/answers/A2.1/review/",
        {"decision": "query", "comment": "", "area": "A2", "show": "all"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{assessment.pk}/?area=A2&show=all#q-A2.1")
    page = _page(reviewer, assessment.pk, "?area=A2&show=all")
    item = page.split('id="q-A2.1"')[1].split("</article>")[0]
    assert 'data-testid="error-A2.1"' in item
    assert 'data-testid="error-A2.1"' not in _page(reviewer, assessment.pk, "?area=A2")  # once


def test_document_decision_with_htmx_returns_its_item(submitted, reviewer) -> None:
    assessment, _user = submitted
    document = EvidenceDocument.objects.get(answer__assessment=assessment)
    response = reviewer.post(
        f"/campaigns/evidence/{document.pk}/review/", {"decision": "reject", "reason": ""}, **HTMX
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<article id="q-A1.3"')
    assert 'data-testid="error-A1.3"' in body.split('id="review-panel"')[0]


def test_accept_the_rest_of_an_area_with_htmx_refreshes_the_area(submitted, reviewer) -> None:
    assessment, _user = submitted
    response = reviewer.post(
        f"/campaigns/assessments/{assessment.pk}/review/accept-area/",
        {"area": "A1", "show": "review"},
        **HTMX,
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="workbench"')
    assert 'data-testid="area-success"' in body and 'id="review-panel"' in body
    assert 'data-testid="nothing-shown"' in body  # nothing left to review in A1
    assert not Answer.objects.filter(
        assessment=assessment, question__area__code="A1", review_status="pending"
    ).exists()


def test_area_page_queries_are_bounded(submitted, reviewer, django_assert_max_num_queries) -> None:
    assessment, _user = submitted
    _page(reviewer, assessment.pk)  # warm the loaded version's cache
    with django_assert_max_num_queries(30):
        _page(reviewer, assessment.pk, "?area=A1&show=all")
    with django_assert_max_num_queries(30):
        reviewer.post(
            f"/campaigns/assessments/{assessment.pk}/answers/A1.1/review/",
            {"decision": "accept"},
            **HTMX,
        )


def test_document_viewer_serves_images_inline_to_be_framed_by_this_site(
    submitted, reviewer
) -> None:
    assessment, _user = submitted
    document = EvidenceDocument.objects.get(answer__assessment=assessment)
    page = _page(reviewer, assessment.pk, "?area=A1")
    assert f'src="/evidence/{document.pk}/view/"' in page
    shown = reviewer.get(f"/evidence/{document.pk}/view/")
    assert shown.status_code == 200 and shown["Content-Disposition"].startswith("inline")
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in shown["Content-Security-Policy"]
    downloaded = reviewer.get(f"/evidence/{document.pk}/")
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert downloaded["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in downloaded["Content-Security-Policy"]
    # the same access check as the download: a supplier of another assessment sees nothing
    stranger = Client()
    stranger.force_login(staff_user(roles.REVIEWER, username="wb-other", is_active=False))
    assert stranger.get(f"/evidence/{document.pk}/view/").status_code in (302, 404)


def test_other_types_are_never_inline() -> None:
    from django.core.files.base import ContentFile

    from core.downloads import private_file_response

    class Stored(ContentFile):
        def open(self, mode: str = "rb") -> "Stored":
            return self

    response = private_file_response(
        Stored(b"PK\x03\x04", name="a.xlsx"),  # type: ignore[arg-type]
        filename="a.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        inline=True,
    )
    assert response["Content-Disposition"].startswith("attachment")


def test_area_page_queries_do_not_grow_with_documents(
    submitted, reviewer, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UploadedEvidenceFactory

    assessment, user = submitted
    _page(reviewer, assessment.pk)
    with CaptureQueriesContext(connection) as before:
        _page(reviewer, assessment.pk, "?area=A1")
    assessment.status = "in_progress"
    assessment.save(update_fields=["status"])
    for name in ("a.png", "b.png", "c.png"):
        UploadedEvidenceFactory(assessment=assessment, question_code="A1.3", name=name, user=user)
    assessment.status = "submitted"
    assessment.save(update_fields=["status"])
    with django_assert_num_queries(len(before.captured_queries)):
        _page(reviewer, assessment.pk, "?area=A1")
