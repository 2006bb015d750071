"""The review workbench in the browser, at the real size of the default questionnaire.

A logistics supplier has answered the 125-question default questionnaire (through the services,
with PNG and PDF evidence) and submitted. A reviewer works area by area: accepts the rest of an
area, moves to the next by its tab, queries an answer, sees an error at the item it belongs to,
accepts one by keyboard, rejects a document and returns the assessment; the supplier fixes both
and submits again; the reviewer accepts what came back and an approver approves. No decision
reloads the page: a marker set in the window before them is still there after each.
"""

import datetime
import re
import struct
import time
import zlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, Page, expect

from assessments.answers import selectors as answer_selectors
from assessments.answers import services as answer_services
from assessments.models import Answer, Assessment, EvidenceDocument, Question
from assessments.questionnaires.services import default_questionnaire_load
from core import roles
from suppliers.models import Category
from tests.e2e.conftest import (
    E2E_DB,
    LOCALES,
    PASSWORD,
    SCREENSHOTS,
    VIEWPORTS,
    assert_no_horizontal_overflow,
    axe_violations,
    log_in,
    shoot,
)
from tests.factories import LaunchedAssessmentFactory, SupplierFactory, staff_user, supplier_user

pytestmark = [pytest.mark.e2e, E2E_DB, pytest.mark.usefixtures("celery_eager")]

DATE = "2026-06-30"


def _png(width: int = 160, height: int = 100) -> bytes:
    """A real (green) PNG, so the viewer shows a picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + bytes((46, 125, 50)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 20 100 Td (Discharge permit) Tj ET\nendstream\n"
    b"endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _value(question: Question) -> Any:
    """A plausible, valid answer of the question's type."""
    own = [c for c in question.choices.all() if c.column_id is None]
    if question.type == "yes_no":
        return True
    if question.type == "single_choice":
        return own[0].code
    if question.type == "multi_choice":
        return [own[0].code]
    if question.type == "number":
        return "1"
    if question.type == "date":
        return DATE
    if question.type == "text":
        return f"Our answer to {question.code}: see the attached records."
    if question.type == "table":
        row: dict[str, Any] = {}
        for column in question.columns.all():
            choices = list(column.choices.all())
            row[column.code] = (
                choices[0].code if column.type == "single_choice" and choices
                else True if column.type == "yes_no"
                else DATE if column.type == "date"
                else "1" if column.type == "number"
                else "P-1"
            )  # fmt: skip
        return [row]
    return None


def _submitted() -> tuple[Assessment, Any]:
    """The default questionnaire answered in full by a logistics supplier, and submitted."""
    version = default_questionnaire_load()
    assert version.questions.count() == 125
    supplier = SupplierFactory(
        category=Category.objects.get(slug="logistics"), name="华东物流有限公司"
    )
    assessment = LaunchedAssessmentFactory(
        supplier=supplier,
        campaign__questionnaire_version=version,
        campaign__name="FY2026 environmental assessment",
        campaign__due_on=datetime.date.today() + datetime.timedelta(days=60),
    )
    user = supplier_user(supplier=supplier, username="wb-supplier")
    questions = {
        q.code: q for q in version.questions.prefetch_related("choices", "columns__choices")
    }
    uploads = 0
    for _round in range(10):  # answers open follow-up questions (conditions)
        answers = answer_selectors.assessment_answers(assessment)
        todo = [
            q
            for q in answer_selectors.visible_questions(assessment, answers)
            if q.code not in answers
        ]
        if not todo:
            break
        for shown in todo:
            question = questions[shown.code]
            answer_services.answer_save(
                assessment=assessment,
                question_code=question.code,
                value=_value(question),
                user=user,
                revision=None,
                data_quality="metered" if question.data_quality else "",
            )
            if question.requires_evidence or question.type == "file":
                pdf = uploads % 2 == 1
                name = f"permit-{question.code}.{'pdf' if pdf else 'png'}"
                answer_services.evidence_upload(
                    assessment=assessment,
                    question_code=question.code,
                    file=SimpleUploadedFile(name, PDF if pdf else _png()),
                    user=user,
                )
                uploads += 1
    answer_services.assessment_submit(assessment=assessment, attestation=True, user=user)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    return assessment, user


def _stays(page: Page) -> None:
    """The window of before: no full page load happened."""
    assert page.evaluate("() => window.__stay") == 1, "the page was reloaded"


def _open_page(
    browser: Browser, args: dict[str, Any], server: str, username: str, **extra: Any
) -> Page:
    page = browser.new_context(**{**args, **extra}).new_page()
    log_in(page, server, username)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def test_a_reviewer_decides_in_place_from_submitted_to_returned_to_approved(
    browser: Browser, server: str, browser_context_args: dict[str, Any]
) -> None:
    assessment, supplier = _submitted()
    staff_user(roles.REVIEWER, username="wb-reviewer", password=PASSWORD)
    url = f"{server}/campaigns/assessments/{assessment.pk}/"
    page = _open_page(
        browser, browser_context_args, server, "wb-reviewer", viewport=VIEWPORTS["laptop"]
    )
    page.goto(url)
    expect(page.get_by_test_id("assessment-status")).to_have_text("Submitted")
    tabs = page.get_by_test_id("area-tabs").locator("a")
    areas = [
        str(t).removeprefix("area-")
        for t in tabs.evaluate_all("ts => ts.map(t => t.dataset.testid)")
    ]
    assert len(areas) >= 3, areas
    # One area open: its items only, a small part of the 125 questions.
    shown = page.locator(".wb-item").count()
    assert 0 < shown < 60, shown
    page.evaluate("() => { window.__stay = 1; }")

    # Accept the rest of the first area: the area refreshes in place, and the side panel with
    # it (fewer answers open before approval).
    first, second = areas[0], areas[1]
    open_before = page.get_by_test_id("open-answers_pending").inner_text()
    page.get_by_test_id(f"accept-area-{first}").click()
    expect(page.get_by_test_id("area-success")).to_contain_text("accepted")
    expect(page.get_by_test_id("open-answers_pending")).not_to_have_text(open_before)
    expect(page.get_by_test_id("side-panel").get_by_test_id("score")).to_be_visible()
    _stays(page)

    # The next area by its tab: swapped in place, the address follows.
    page.get_by_test_id(f"area-{second}").click()
    expect(page).to_have_url(f"{url}?area={second}&show=all")
    expect(page.get_by_test_id("area-section")).to_contain_text(second)
    _stays(page)
    codes = [
        str(t).removeprefix("answer-")
        for t in page.locator(".wb-item").evaluate_all("items => items.map(i => i.dataset.testid)")
    ]
    queried, unexplained, by_key = codes[0], codes[1], codes[2]

    # Query one answer: the item changes in place, the open items and the tab's count follow.
    question = "Please name a person, not a statement: who is accountable?"
    count_before = page.get_by_test_id(f"to-review-{second}").inner_text()
    pending_before = page.get_by_test_id("open-answers_pending").inner_text()
    page.get_by_test_id(f"comment-{queried}").fill(question)
    page.get_by_test_id(f"query-{queried}").click()
    item = page.get_by_test_id(f"answer-{queried}")
    expect(item.locator(".wb-item-head .badge")).to_have_text("Queried")
    expect(item).to_contain_text(question)
    expect(page.get_by_test_id("open-answers_queried")).to_contain_text(queried)
    expect(page.get_by_test_id("open-answers_pending")).not_to_have_text(pending_before)
    expect(page.get_by_test_id(f"to-review-{second}")).to_have_text(str(int(count_before) - 1))
    _stays(page)

    # A query without a question: the error is at the item, not at the top of the page.
    page.get_by_test_id(f"query-{unexplained}").click()
    expect(
        page.get_by_test_id(f"answer-{unexplained}").get_by_test_id(f"error-{unexplained}")
    ).to_be_visible()
    assert page.locator("main > .message-error").count() == 0
    _stays(page)

    # The keyboard: j to the next item (from the one before), a to accept it.
    page.get_by_test_id(f"answer-{unexplained}").focus()
    page.keyboard.press("j")
    expect(page.get_by_test_id(f"answer-{by_key}")).to_be_focused()
    page.keyboard.press("a")
    expect(page.get_by_test_id(f"answer-{by_key}").locator(".wb-item-head .badge")).to_have_text(
        "Accepted"
    )
    expect(page.get_by_test_id(f"answer-{by_key}")).to_be_focused()
    # Once htmx has settled the swap, the focus is still on the item: the keys go on from it.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')"
    )
    page.wait_for_timeout(300)
    expect(page.get_by_test_id(f"answer-{by_key}")).to_be_focused()
    page.keyboard.press("q")
    expect(page.get_by_test_id(f"comment-{by_key}")).to_be_focused()
    page.keyboard.press("j")  # typed into the field, not a move
    expect(page.get_by_test_id(f"comment-{by_key}")).to_have_value("j")
    page.get_by_test_id(f"comment-{by_key}").fill("")
    _stays(page)

    # A decision by mouse, its answer late: the reviewer moves on meanwhile (j) and stays there
    # when the swap comes in; the focus never falls to the top of the page.
    after, later = codes[3], codes[4]

    def slow(route: Any) -> None:
        time.sleep(1.0)
        route.continue_()

    page.route(re.compile(r".*/answers/[^/]+/review/$"), slow)
    page.get_by_test_id(f"accept-{after}").click()
    page.keyboard.press("j")
    expect(page.get_by_test_id(f"answer-{later}")).to_be_focused()
    expect(page.get_by_test_id(f"answer-{after}").locator(".wb-item-head .badge")).to_have_text(
        "Accepted"
    )
    page.wait_for_timeout(300)
    expect(page.get_by_test_id(f"answer-{later}")).to_be_focused()
    page.unroute(re.compile(r".*/answers/[^/]+/review/$"))
    # The focus lost to the page (as between a swap and its settling): j goes on from the place.
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("k")
    expect(page.get_by_test_id(f"answer-{after}")).to_be_focused()
    # A decided item's button had the focus: the item gets it back after the swap.
    page.get_by_test_id(f"accept-{later}").click()
    expect(page.get_by_test_id(f"answer-{later}").locator(".wb-item-head .badge")).to_have_text(
        "Accepted"
    )
    expect(page.get_by_test_id(f"answer-{later}")).to_be_focused()
    _stays(page)

    # The "to review" filter leaves out what is decided.
    page.get_by_test_id("show-review").click()
    expect(page).to_have_url(f"{url}?area={second}&show=review")
    expect(page.get_by_test_id(f"answer-{by_key}")).to_have_count(0)
    _stays(page)

    # Reject a document shown in the viewer (the open items link to its area).
    document = (
        EvidenceDocument.objects.filter(answer__assessment=assessment, review_status="pending")
        .exclude(answer__question__area__code=first)
        .select_related("answer__question__area")
        .order_by("answer__question__order")
        .first()
    )
    assert document is not None
    code, area = document.answer.question.code, document.answer.question.area.code
    page.get_by_test_id("open-documents_pending").get_by_role("link", name=code, exact=True).click()
    expect(page).to_have_url(f"{url}?area={area}&show=all#q-{code}")
    page.evaluate("() => { window.__stay = 1; }")  # that was a link followed, not a decision
    expect(page.get_by_test_id(f"viewer-{document.pk}")).to_be_visible()
    reason = "The permit shown has expired: upload the current one."
    page.get_by_test_id(f"reason-{document.pk}").fill(reason)
    page.get_by_test_id(f"reject-document-{document.pk}").click()
    expect(page.get_by_test_id(f"answer-{code}")).to_contain_text(reason)
    _stays(page)

    # Return: asked first, the consequence stated; done in place.
    page.get_by_test_id("return-open").click()
    expect(page.get_by_test_id("return-consequence")).to_contain_text("queried questions")
    page.get_by_test_id("return-confirm").click()
    expect(page.get_by_test_id("assessment-status")).to_have_text("Returned")
    _stays(page)
    assessment.refresh_from_db()
    assert assessment.status == "returned"

    # The supplier answers the question, replaces the document and submits again.
    answer = Answer.objects.get(assessment=assessment, question__code=queried)
    answer_services.answer_save(
        assessment=assessment, question_code=queried, value=_value(answer.question), user=supplier,
        revision=None, supplier_response="Named the person and the role.",
    )  # fmt: skip
    answer_services.evidence_remove(document=document, user=supplier)
    answer_services.evidence_upload(
        assessment=assessment, question_code=code,
        file=SimpleUploadedFile("renewed.png", _png(120, 80)), user=supplier,
    )  # fmt: skip
    answer_services.assessment_submit(assessment=assessment, attestation=True, user=supplier)

    # The reviewer accepts what came back, area by area, without a reload.
    page.goto(url)
    expect(page.get_by_test_id("assessment-status")).to_have_text("Submitted")
    page.evaluate("() => { window.__stay = 1; }")
    for each in areas:
        tab = page.get_by_test_id(f"area-{each}")
        if tab.get_attribute("aria-current") != "page":
            tab.click()
            expect(page.get_by_test_id(f"area-{each}")).to_have_attribute("aria-current", "page")
        page.get_by_test_id(f"accept-area-{each}").click()
        expect(page.get_by_test_id("area-success")).to_be_visible()
        _stays(page)
    # Both that came back still need their own word (queried answers keep their decision).
    page.goto(f"{url}?area={second}&show=all#q-{queried}")
    page.evaluate("() => { window.__stay = 1; }")
    page.get_by_test_id(f"accept-{queried}").click()
    expect(page.get_by_test_id(f"answer-{queried}").locator(".wb-item-head .badge")).to_have_text(
        "Accepted"
    )
    _stays(page)
    if page.get_by_test_id("open-answers_queried").count():
        for link in page.get_by_test_id("open-answers_queried").locator("a").all():
            pending = str(link.inner_text())
            link.click()
            page.evaluate("() => { window.__stay = 1; }")
            page.get_by_test_id(f"accept-{pending}").click()
            _stays(page)
    expect(page.get_by_test_id("review-complete")).to_be_visible()
    page.context.close()

    # An approver, another person, approves: asked first, done in place.
    staff_user(roles.APPROVER, username="wb-approver", password=PASSWORD)
    approver = _open_page(
        browser, browser_context_args, server, "wb-approver", viewport=VIEWPORTS["laptop"]
    )
    approver.goto(url)
    approver.evaluate("() => { window.__stay = 1; }")
    approver.get_by_test_id("approve-open").click()
    expect(approver.get_by_test_id("approve-consequence")).to_contain_text("final score")
    approver.get_by_test_id("approve-confirm").click()
    expect(approver.get_by_test_id("assessment-status")).to_have_text("Approved")
    _stays(approver)
    assessment.refresh_from_db()
    assert assessment.status == "approved"
    approver.context.close()


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_workbench_fits_and_is_accessible(
    browser: Browser, server: str, browser_context_args: dict[str, Any], size: str, locale: str
) -> None:
    assessment, _supplier = _submitted()
    staff_user(roles.REVIEWER, username="wb-reviewer", password=PASSWORD)
    page = _open_page(
        browser, browser_context_args, server, "wb-reviewer",
        viewport=VIEWPORTS[size], locale=LOCALES[locale],
    )  # fmt: skip
    document = (
        EvidenceDocument.objects.filter(answer__assessment=assessment, content_type="image/png")
        .select_related("answer__question__area")
        .order_by("answer__question__order")
        .first()
    )
    assert document is not None
    area = document.answer.question.area.code
    page.goto(f"{server}/campaigns/assessments/{assessment.pk}/?area={area}&show=all")
    expect(page.get_by_test_id(f"viewer-{document.pk}")).to_be_visible()
    assert (
        page.evaluate(
            f"() => document.querySelector('[data-testid=\"viewer-{document.pk}\"]').naturalWidth"
        )
        > 0
    ), "the image is not shown"
    assert_no_horizontal_overflow(page)
    assert axe_violations(page) == []
    assert_no_horizontal_overflow(page)
    shoot(page, f"review-workbench-{locale}")
    # What a reviewer sees first, and an item with its document beside it (as seen, not full).
    size_name = f"{VIEWPORTS[size]['width']}x{VIEWPORTS[size]['height']}"
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"review-workbench-{locale}-top-{size_name}.png"))
    page.get_by_test_id(f"answer-{document.answer.question.code}").scroll_into_view_if_needed()
    page.get_by_test_id(f"answer-{document.answer.question.code}").evaluate(
        "e => e.scrollIntoView()"
    )
    page.screenshot(path=str(SCREENSHOTS / f"review-workbench-{locale}-item-{size_name}.png"))
    page.context.close()
