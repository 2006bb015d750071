"""The whole assessment cycle in the browser.

A campaign is launched for one supplier; its contact accepts the emailed invitation, acknowledges
the code of conduct, answers the default questionnaire (tables and an upload included) and submits.
A reviewer accepts area by area, then queries one answer and rejects a document on a question
nobody queried, and returns the assessment (the dead end of old: the rejected document's question
was locked while submission demanded that very document). The supplier sees both on its portal
home, replaces the document, fixes the answer and submits again; the reviewer accepts what came
back; an approver, a different person, approves. The event log tells the whole story, in order.
"""

import datetime
import re
from collections import defaultdict
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from playwright.sync_api import Browser, Locator, Page, expect

from assessments.campaigns.services import campaign_create, campaign_launch
from assessments.models import Answer, Assessment, EvidenceDocument, Question
from assessments.questionnaires.services import default_questionnaire_load
from core import roles
from suppliers.models import Category
from tests.e2e.conftest import E2E_DB, PASSWORD, log_in
from tests.factories import SupplierFactory, staff_user

pytestmark = [pytest.mark.e2e, E2E_DB, pytest.mark.usefixtures("celery_eager")]

CONTACT = "wang@supplier.example.com"
SUPPLIER_PASSWORD = "Green-gate-Supplier-2026"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
EVIDENCE = {"name": "evidence.png", "mimeType": "image/png", "buffer": PNG}
RENEWED = {"name": "renewed.png", "mimeType": "image/png", "buffer": PNG + b"renewed"}
DATE = "2026-06-30"
MAX_ROUNDS = 10  # answering rounds: each can open follow-up questions (conditions)
QUERIED = "A1.7"  # a required free-text question: the one the reviewer asks about
NEW_ANSWER = "Wang Fang, environment manager (updated after the reviewer's question)."
STORY = [
    "created",
    "invited",
    "invitation_accepted",
    "code_acknowledged",
    "answer_saved",
    "evidence_uploaded",
    "submitted",
    "answer_accepted",
    "answer_queried",
    "evidence_rejected",
    "returned",
    "evidence_removed",
    "evidence_uploaded",
    "submitted",
    "answer_accepted",
    "approved",
]
STORY_LABELS = [
    "Assessment created",
    "Invitation sent",
    "Invitation accepted",
    "Code of conduct acknowledged",
    "Answer saved",
    "Evidence uploaded",
    "Submitted",
    "Answer accepted",
    "Answer queried",
    "Evidence rejected",
    "Returned to the supplier",
    "Evidence removed",
    "Evidence uploaded",
    "Submitted",
    "Answer accepted",
    "Approved",
]


def _is_subsequence(wanted: list[str], seen: list[str]) -> bool:
    remaining = iter(seen)
    return all(any(item == kind for kind in remaining) for item in wanted)


def _launch() -> tuple[Assessment, str]:
    """Campaign for one logistics supplier, launched; returns its assessment and invitation path."""
    version = default_questionnaire_load()
    supplier = SupplierFactory(
        category=Category.objects.get(slug="logistics"), contact_email=CONTACT
    )
    officer = staff_user(roles.PROCUREMENT_OFFICER, username="e2e-officer", password=PASSWORD)
    campaign = campaign_create(
        name="FY2026 environmental assessment",
        questionnaire_version=version,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        due_on=datetime.date.today() + datetime.timedelta(days=60),
        created_by=officer,
        supplier_ids=[supplier.pk],
    )
    mail.outbox.clear()
    with transaction.atomic():  # the invitation is emailed when this commits
        result = campaign_launch(campaign=campaign, launched_by=officer)
    assert result.assessments_created == 1
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    email = mail.outbox[0]
    assert email.to == [CONTACT]
    match = re.search(r"/portal/invitations/[A-Za-z0-9_-]+/", email.body)
    assert match, email.body
    return Assessment.objects.get(supplier=supplier), match.group(0)


# --- Answering generically ------------------------------------------------------------------


def _first_option(select: Locator) -> str:
    values = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    chosen = next(value for value in values if value)
    select.select_option(chosen)
    return str(chosen)


def _fill_question(page: Page, code: str) -> None:
    """Give question `code` a plausible answer, whatever its type (the area page is open)."""
    # Each change is autosaved and may open follow-ups above this question: wait until the
    # page is still, so that a click lands where it was aimed.
    expect(page.locator("form[data-busy]")).to_have_count(0)
    article = page.locator(f'[id="q-{code}"]')
    expect(article).to_be_visible()
    name = f"q-{code}"
    yes = article.locator(f'input[type=radio][name="{name}"][value="true"]')
    if yes.count():
        yes.check()
    select = article.locator(f'select[name="{name}"]')
    if select.count():
        _first_option(select)
    boxes = article.locator(f'input[type=checkbox][name="{name}"]')
    if boxes.count():
        boxes.first.check()
    text = article.locator(f'input[type=text][name="{name}"]')
    if text.count():
        text.fill("1")
    date = article.locator(f'input[type=date][name="{name}"]')
    if date.count():
        date.fill(DATE)
    textarea = article.locator(f'textarea[name="{name}"]')
    if textarea.count():
        textarea.fill(f"Our answer to {code}: see the attached records.")
    table = article.locator(f'table[data-testid="table-{code}"]')
    if table.count():
        row = table.locator("tbody tr").first
        cells = row.locator("select")
        for index in range(cells.count()):
            _first_option(cells.nth(index))
        inputs = row.locator("input[type=text]")
        for index in range(inputs.count()):
            inputs.nth(index).fill("1")
        dates = row.locator("input[type=date]")
        for index in range(dates.count()):
            dates.nth(index).fill(DATE)
    upload = article.locator(f'input[type=file][name="{name}-file"]')
    if upload.count():
        upload.set_input_files(EVIDENCE)
    quality = article.locator(f'select[name="{name}-dq"]')
    if quality.count():
        quality.select_option("metered")


def _missing(page: Page, server: str, assessment_id: int) -> list[tuple[str, str]]:
    """(code, link) of every missing item on the submit page."""
    page.goto(f"{server}/portal/assessments/{assessment_id}/submit/")
    expect(page.get_by_test_id("submit-form")).to_be_visible()
    links = page.locator("[data-testid=missing] a[data-testid^=missing-]")
    items = []
    for index in range(links.count()):
        link = links.nth(index)
        code = str(link.get_attribute("data-testid")).removeprefix("missing-")
        items.append((code, str(link.get_attribute("href"))))
    return items


def _answer_everything(page: Page, server: str, assessment_id: int) -> None:
    """Follow the submit page's missing-items links until nothing is missing (bounded)."""
    for _round in range(MAX_ROUNDS):
        missing = _missing(page, server, assessment_id)
        if not missing:
            return
        # One visit per area: open its first missing item's link, answer all of that area's
        # missing items on the page, save once (the follow-ups they open show up next round).
        by_area: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code, href in missing:
            by_area[href.split("#")[0]].append((code, href))
        for items in by_area.values():
            page.goto(f"{server}{items[0][1]}")
            for code, _href in items:
                _fill_question(page, code)
            page.get_by_test_id("save").click()
            expect(page.locator(".message-success, .message-error").first).to_be_visible()
            errors = page.locator("ul.errorlist[data-testid^=errors-]")
            assert errors.count() == 0, errors.all_inner_texts()
            expect(page.locator(".message-success").first).to_contain_text("Saved.")
    pytest.fail(f"Still missing after {MAX_ROUNDS} rounds: {_missing(page, server, assessment_id)}")


def _submit(page: Page, server: str, assessment_id: int) -> None:
    page.goto(f"{server}/portal/assessments/{assessment_id}/submit/")
    expect(page.get_by_test_id("missing")).to_have_count(0)
    form = page.get_by_test_id("submit-form")
    form.locator("input[name=attestation]").check()
    form.get_by_test_id("submit").click()
    expect(page).to_have_url(f"{server}/portal/assessments/{assessment_id}/")
    expect(page.get_by_test_id("assessment-status")).to_have_text("Submitted")


def _open_area(page: Page, area: str) -> None:
    """Open one area of the review workbench by its tab (one area is open at a time)."""
    tab = page.get_by_test_id(f"area-{area}")
    if tab.get_attribute("aria-current") != "page":
        tab.click()
        expect(page.get_by_test_id(f"area-{area}")).to_have_attribute("aria-current", "page")


def _accept_every_area(page: Page, server: str, assessment_id: int) -> None:
    """The reviewer accepts everything not yet reviewed, one area at a time."""
    page.goto(f"{server}/campaigns/assessments/{assessment_id}/")
    tabs = page.get_by_test_id("area-tabs").locator("a")
    codes = [str(code) for code in tabs.evaluate_all("ts => ts.map(t => t.dataset.testid)")]
    assert codes, "no area to accept"
    for testid in codes:
        area = testid.removeprefix("area-")
        _open_area(page, area)
        page.get_by_test_id(f"accept-area-{area}").click()
        expect(page.locator(".message-success").first).to_contain_text("accepted")


def _staff_event_log(page: Page, server: str, assessment_id: int) -> list[tuple[str, str]]:
    """(kind, label) of every row of the staff page's event log, oldest first, all its pages."""
    shown: list[tuple[str, str]] = []
    for number in range(1, 50):
        page.goto(f"{server}/campaigns/assessments/{assessment_id}/?events_page={number}")
        rows = page.get_by_test_id("events").locator("tbody tr[data-testid^=event-]")
        expect(rows.first).to_be_visible()
        shown += [
            (str(kind), str(label))
            for kind, label in rows.evaluate_all(
                "rows => rows.map(r => [r.dataset.testid.slice(6), r.cells[3].innerText.trim()])"
            )
        ]
        if not page.locator("nav.pagination a", has_text="Next").count():
            return shown
    pytest.fail("The event log has more pages than expected.")


# --- The test -------------------------------------------------------------------------------


def test_invite_answer_query_resubmit_approve(
    page: Page, browser: Browser, server: str, browser_context_args: dict[str, Any]
) -> None:
    assessment, invitation_path = _launch()
    overview = f"{server}/portal/assessments/{assessment.pk}/"

    # The contact accepts the invitation: sets a password, lands on the portal.
    page.goto(f"{server}{invitation_path}")
    form = page.get_by_test_id("invitation-form")
    expect(page.locator("article.narrow")).to_contain_text(CONTACT)  # the username
    form.locator("input[name=password1]").fill(SUPPLIER_PASSWORD)
    form.locator("input[name=password2]").fill(SUPPLIER_PASSWORD)
    form.get_by_test_id("set-password").click()
    expect(page).to_have_url(f"{server}/portal/")

    # Code of conduct first.
    page.get_by_test_id(f"assessment-{assessment.pk}").click()
    expect(page).to_have_url(overview)
    acknowledge = page.get_by_test_id("acknowledge")
    acknowledge.locator("input[name=acknowledge]").check()
    acknowledge.get_by_test_id("acknowledge-submit").click()
    expect(page.get_by_test_id("areas")).to_be_visible()
    expect(page.get_by_test_id("acknowledge")).to_have_count(0)

    # Answer everything the submit page says is missing, then submit.
    _answer_everything(page, server, assessment.pk)
    tables = Answer.objects.filter(assessment=assessment, question__type=Question.Type.TABLE)
    assert any(isinstance(a.value, list) and a.value for a in tables), "no table answered"
    assert Answer.objects.get(assessment=assessment, question__code="A2.1").value
    documents = EvidenceDocument.objects.filter(answer__assessment=assessment)
    assert documents.exists()
    assert {d.original_name for d in documents} == {"evidence.png"}
    assert all(d.size == len(PNG) and d.content_type == "image/png" for d in documents)
    _submit(page, server, assessment.pk)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"

    # The reviewer accepts area by area, queries one answer, rejects a document on a question
    # nobody queried, and returns the assessment.
    rejected = (
        EvidenceDocument.objects.filter(answer__assessment=assessment)
        .exclude(answer__question__code=QUERIED)
        .select_related("answer__question__area")
        .order_by("answer__question__order")
        .first()
    )
    assert rejected is not None and rejected.answer.question.requires_evidence
    rejected_code = rejected.answer.question.code
    reviewer_context = browser.new_context(**browser_context_args)
    reviewer = reviewer_context.new_page()
    staff_user(roles.REVIEWER, username="e2e-reviewer", password=PASSWORD)
    log_in(reviewer, server, "e2e-reviewer")
    expect(reviewer).to_have_url(f"{server}/campaigns/review/")  # a reviewer lands on the queue
    reviewer.get_by_test_id(f"review-{assessment.pk}").click()
    expect(reviewer).to_have_url(f"{server}/campaigns/assessments/{assessment.pk}/")
    expect(reviewer.get_by_test_id("assessment-status")).to_have_text("Submitted")
    _accept_every_area(reviewer, server, assessment.pk)
    expect(reviewer.get_by_test_id("review-complete")).to_be_visible()
    question = "Please name a person, not a statement: who is accountable?"
    _open_area(reviewer, QUERIED.split(".")[0])
    reviewer.get_by_test_id(f"comment-{QUERIED}").fill(question)
    reviewer.get_by_test_id(f"query-{QUERIED}").click()
    expect(reviewer.get_by_test_id(f"answer-{QUERIED}")).to_contain_text(question)
    expect(reviewer.get_by_test_id(f"answer-{QUERIED}").locator(".badge")).to_have_text("Queried")
    reason = "The permit shown has expired: upload the current one."
    _open_area(reviewer, rejected.answer.question.area.code)
    reviewer.get_by_test_id(f"reason-{rejected.pk}").fill(reason)
    reviewer.get_by_test_id(f"reject-document-{rejected.pk}").click()
    expect(reviewer.get_by_test_id(f"answer-{rejected_code}")).to_contain_text(reason)
    expect(reviewer.get_by_test_id("open-answers_queried")).to_contain_text(rejected_code)
    reviewer.get_by_test_id("return-open").click()  # asked first
    reviewer.get_by_test_id("return-confirm").click()
    expect(reviewer.get_by_test_id("assessment-status")).to_have_text("Returned")
    assessment.refresh_from_db()
    assert assessment.status == "returned"

    # The supplier's home lists both; it replaces the document, fixes the answer, resubmits.
    page.goto(f"{server}/portal/")
    todo = page.get_by_test_id("todo")
    expect(todo.get_by_test_id(f"todo-query-{QUERIED}")).to_contain_text(question)
    expect(todo.get_by_test_id(f"todo-document-{rejected_code}")).to_contain_text(reason)
    todo.get_by_test_id(f"todo-document-{rejected_code}").get_by_role("link").click()
    article = page.locator(f'[id="q-{rejected_code}"]')
    expect(article.get_by_test_id(f"rejected-{rejected.pk}")).to_contain_text(reason)
    article.get_by_test_id(f"remove-{rejected.pk}").check()
    article.locator(f'input[type=file][name="q-{rejected_code}-file"]').set_input_files(RENEWED)
    page.get_by_test_id("save").click()
    expect(page.locator(".message-success").first).to_contain_text("Saved.")
    current = EvidenceDocument.objects.filter(answer=rejected.answer)
    assert [d.original_name for d in current] == ["renewed.png"]
    assert EvidenceDocument.all_objects.get(pk=rejected.pk).removed_at is not None

    page.goto(f"{server}/portal/")
    queried = page.get_by_test_id("todo")
    queried.get_by_test_id(f"todo-query-{QUERIED}").get_by_role("link").click()
    article = page.locator(f'[id="q-{QUERIED}"]')
    expect(article.get_by_test_id(f"query-{QUERIED}")).to_contain_text(question)
    article.locator(f'textarea[name="q-{QUERIED}"]').fill(NEW_ANSWER)
    reply = article.locator(f'input[name="q-{QUERIED}-response"]')
    if reply.count():
        reply.fill("Named the person and the role.")
    page.get_by_test_id("save").click()
    expect(page.locator(".message-success").first).to_contain_text("Saved.")
    assert Answer.objects.get(assessment=assessment, question__code=QUERIED).value == NEW_ANSWER
    _submit(page, server, assessment.pk)

    # The reviewer accepts what came back; the approver (another person) approves.
    _accept_every_area(reviewer, server, assessment.pk)
    expect(reviewer.get_by_test_id("review-complete")).to_be_visible()
    reviewer_context.close()
    approver_context = browser.new_context(**browser_context_args)
    approver = approver_context.new_page()
    staff_user(roles.APPROVER, username="e2e-approver", password=PASSWORD)
    log_in(approver, server, "e2e-approver")
    # The approver lands on what awaits a decision, and the assessment the reviewer finished is there.
    expect(approver).to_have_url(f"{server}/campaigns/review/?status=submitted&review=complete")
    approver.locator(f'a[href="/campaigns/assessments/{assessment.pk}/"]').first.click()
    expect(approver.get_by_test_id("assessment-status")).to_have_text("Submitted")
    expect(approver.get_by_test_id("reviewers")).to_contain_text("e2e-reviewer")
    approver.get_by_test_id("approve-open").click()  # asked first
    approver.get_by_test_id("approve-confirm").click()
    expect(approver.get_by_test_id("assessment-status")).to_have_text("Approved")
    assessment.refresh_from_db()
    assert assessment.status == "approved"

    # The event log, in the database and on the staff page, tells the story in order.
    kinds = list(assessment.events.order_by("at", "id").values_list("kind", flat=True))
    assert _is_subsequence(STORY, kinds), kinds
    shown = _staff_event_log(approver, server, assessment.pk)
    assert [kind for kind, _label in shown] == kinds
    assert _is_subsequence(STORY_LABELS, [label for _kind, label in shown]), shown
    approver_context.close()
