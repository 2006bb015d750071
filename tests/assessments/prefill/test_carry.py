"""Carrying the approved answers into the next cycle: which questions, which documents, events."""

import pytest

from assessments.campaigns import services as campaign_services
from assessments.models import Answer, Event, EvidenceDocument
from assessments.prefill import services as prefill_services
from assessments.prefill.selectors import carried_documents
from tests.factories import SupplierFactory

from .conftest import approved_year_one

pytestmark = pytest.mark.django_db


def test_only_compatible_questions_are_carried_unconfirmed(cycles) -> None:
    answers = {
        answer.question.code: answer
        for answer in Answer.objects.filter(assessment=cycles.mine).select_related("question")
    }
    # A1.4 changed type and A2.2 was removed: neither is carried; A1.1's scoring changed: it is.
    assert sorted(answers) == ["A1.1", "A1.2", "A1.3", "A2.1"]
    assert all(a.carried_forward and not a.confirmed for a in answers.values())
    assert answers["A1.2"].value == ["discharge"]
    assert answers["A1.1"].carried_from.assessment.campaign == cycles.year_one
    assert answers["A1.1"].review_status == "pending"


def test_accepted_documents_come_with_the_carried_answer_on_the_same_file(cycles) -> None:
    carried = EvidenceDocument.objects.get(answer__assessment=cycles.mine)
    source = EvidenceDocument.objects.get(answer=carried.answer.carried_from)
    assert carried.pk != source.pk
    assert carried.file.name == source.file.name and carried.sha256 == source.sha256
    assert carried.review_status == "accepted"
    assert carried.file.read()  # the stored file is there


def test_carried_documents_keeps_only_accepted_ones(cycles) -> None:
    document = EvidenceDocument.objects.filter(answer__assessment__campaign=cycles.year_one)[0]
    today = document.uploaded_at.date()
    assert carried_documents([document], on=today) == [document]
    document.review_status = EvidenceDocument.ReviewStatus.REJECTED
    assert carried_documents([document], on=today) == []
    document.review_status = EvidenceDocument.ReviewStatus.PENDING
    assert carried_documents([document], on=today) == []


def test_one_carry_event_per_assessment_naming_its_source(cycles) -> None:
    event = Event.objects.get(assessment=cycles.mine, kind=Event.Kind.ANSWERS_CARRIED)
    source = cycles.year_one.assessments.get(supplier=cycles.mine.supplier)
    assert event.data["from_assessment"] == source.pk
    assert event.data["from_campaign"] == cycles.year_one.pk
    assert event.data["questions"] == ["A1.1", "A1.2", "A1.3", "A2.1"]
    assert event.data["documents"] == 1


def test_only_approved_assessments_are_carried(officer, cycles) -> None:
    source = cycles.year_one.assessments.get(supplier=cycles.other.supplier)
    cycles.other.answers.all().delete()
    type(source).objects.filter(pk=source.pk).update(status="rejected")
    result = prefill_services.assessments_carry_forward(
        campaign=cycles.year_two, assessments=[cycles.other]
    )
    assert result.answers == 0
    assert not cycles.other.answers.exists()


def test_a_campaign_without_based_on_starts_empty(officer, cycles) -> None:
    campaign = campaign_services.campaign_create(
        name="Fresh",
        questionnaire_version=cycles.year_two.questionnaire_version,
        period_start=cycles.year_two.period_start,
        period_end=cycles.year_two.period_end,
        due_on=cycles.year_two.due_on,
        supplier_ids=[cycles.mine.supplier_id],
        created_by=officer,
    )
    campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    assert not Answer.objects.filter(assessment__campaign=campaign).exists()


@pytest.mark.parametrize("count", [1, 6])
def test_carrying_takes_the_same_queries_for_any_number_of_suppliers(
    count, officer, cycles, django_assert_max_num_queries
) -> None:
    suppliers = [SupplierFactory() for _ in range(count)]
    year_one = approved_year_one(
        version=cycles.year_one.questionnaire_version,
        suppliers=suppliers,
        officer=officer,
        reviewer=cycles.reviewer,
        approver=cycles.approver,
    )
    campaign = campaign_services.campaign_create(
        name="Next",
        questionnaire_version=cycles.year_two.questionnaire_version,
        period_start=cycles.year_two.period_start,
        period_end=cycles.year_two.period_end,
        due_on=cycles.year_two.due_on,
        supplier_ids=[supplier.pk for supplier in suppliers],
        created_by=officer,
        based_on=year_one,
    )
    assessments = [
        type(cycles.mine).objects.create(
            campaign=campaign,
            supplier=supplier,
            version=campaign.questionnaire_version,
            due_on=campaign.due_on,
        )
        for supplier in suppliers
    ]
    # Whatever the count: sources, suppliers, answers, documents, the two versions' contents
    # for the diff (ten) and three inserts.
    with django_assert_max_num_queries(20):
        result = prefill_services.assessments_carry_forward(
            campaign=campaign, assessments=assessments
        )
    assert result.assessments == count and result.answers == 4 * count
    assert result.documents == count
