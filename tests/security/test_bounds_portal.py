"""Input bounds on the supplier portal: table row floods, the next area, documents per answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from rest_framework.test import APIClient

from assessments.answers import services as answer_services
from assessments.answers.values import MAX_TABLE_ROWS
from assessments.models import Answer, Assessment, EvidenceDocument
from assessments.portal import forms as portal_forms
from tests.factories import (
    LaunchedCampaignFactory,
    SupplierFactory,
    code_acknowledged,
    supplier_user,
)

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass(frozen=True)
class Portal:
    client: Client
    user: User
    assessment: Assessment

    @property
    def area(self) -> str:
        return f"/portal/assessments/{self.assessment.pk}/areas/A1/"


@pytest.fixture
def portal(officer, celery_eager) -> Portal:  # type: ignore[no-untyped-def]
    supplier = SupplierFactory()
    campaign = LaunchedCampaignFactory(created_by=officer, suppliers=[supplier])
    user = supplier_user(supplier=supplier, username="bounds-user")
    client = Client()
    client.force_login(user)
    assessment = code_acknowledged(campaign.assessments.get(supplier=supplier))
    return Portal(client=client, user=user, assessment=assessment)


def _show_the_table(portal: Portal) -> None:
    """A1.3 (a table of permits) shows once A1.2 says "discharge"."""
    answer_services.answer_save(
        assessment=portal.assessment,
        question_code="A1.2",
        value=["discharge"],
        user=portal.user,
        revision=None,
    )


def test_table_row_flood_is_clamped(portal, monkeypatch, django_assert_max_num_queries) -> None:
    _show_the_table(portal)
    built = {"rows": 0}
    original = portal_forms.TableRowForm.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        built["rows"] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(portal_forms.TableRowForm, "__init__", counting)
    flood = {
        "q-A1.2": ["discharge"],
        "q-A1.2-rev": "1",
        "add-row": "A1.3",
        "q-A1.3-rows": "150000",
        "q-A1.3-rev": "0",
    }
    with django_assert_max_num_queries(30):
        response = portal.client.post(portal.area, flood)
    html = response.content.decode()
    shown = set(re.findall(r'name="q-A1\.3-(\d+)-number"', html))
    assert response.status_code == 400 and "At most 500 rows." in html
    assert len(shown) == MAX_TABLE_ROWS  # the page stops at the limit, "Add a row" too
    assert f'name="q-A1.3-rows" value="{MAX_TABLE_ROWS}"' in html
    # The rows read and the rows shown, never one per posted count.
    assert built["rows"] <= 2 * MAX_TABLE_ROWS
    assert not Answer.objects.filter(assessment=portal.assessment, question__code="A1.3").exists()


def test_a_table_at_the_limit_adds_no_row_past_it(portal) -> None:
    _show_the_table(portal)
    full = {"q-A1.2": ["discharge"], "q-A1.2-rev": "1", "q-A1.3-rev": "0", "add-row": "A1.3"}
    full["q-A1.3-rows"] = str(MAX_TABLE_ROWS)
    response = portal.client.post(portal.area, full)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(set(re.findall(r'name="q-A1\.3-(\d+)-number"', html))) == MAX_TABLE_ROWS


@pytest.mark.parametrize("next_area", ["nope", "A1/../admin", "a b", "A1.4"])
def test_unknown_next_area_is_refused(portal, next_area) -> None:
    response = portal.client.post(
        portal.area, {"q-A1.4": "certified", "q-A1.4-rev": "0", "next-area": next_area}
    )
    assert response.status_code == 400
    assert "There is no such area in this questionnaire." in response.content.decode()
    assert not Answer.objects.filter(assessment=portal.assessment, question__code="A1.4").exists()
    known = portal.client.post(
        portal.area, {"q-A1.4": "certified", "q-A1.4-rev": "0", "next-area": "A2"}
    )
    assert known.status_code == 302 and known.url.endswith("/areas/A2/")


def _png(number: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"scan-{number}.png", PNG + bytes([number]))


@override_settings(EVIDENCE_MAX_PER_ANSWER=3)
def test_evidence_flood_stops_at_the_per_answer_limit(portal) -> None:
    for number in range(3):
        answer_services.evidence_upload(
            assessment=portal.assessment, question_code="A1.4", file=_png(number), user=portal.user
        )
    # The API: refused with a stable code and a clear message.
    api = APIClient()
    api.force_authenticate(portal.user)
    refused = api.post(
        f"/api/v1/assessments/{portal.assessment.pk}/evidence/",
        {"question_code": "A1.4", "file": _png(3)},
        format="multipart",
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "evidence_limit"
    assert "already has 3 documents" in refused.json()["detail"]
    # The portal: the message on the question, nothing stored.
    answer = Answer.objects.get(assessment=portal.assessment, question__code="A1.4")
    page = portal.client.post(
        portal.area,
        {"q-A1.4": "certified", "q-A1.4-rev": str(answer.revision), "q-A1.4-file": _png(4)},
    )
    assert page.status_code == 400 and "already has 3 documents" in page.content.decode()
    assert answer.evidence.count() == 3
    # A removed document does not count: one more may come in its place.
    answer_services.evidence_remove(document=answer.evidence.first(), user=portal.user)
    accepted = api.post(
        f"/api/v1/assessments/{portal.assessment.pk}/evidence/",
        {"question_code": "A1.4", "file": _png(5)},
        format="multipart",
    )
    assert accepted.status_code == 201, accepted.json()
    assert EvidenceDocument.all_objects.filter(answer=answer).count() == 4
    assert answer.evidence.count() == 3


def test_the_default_limit_is_twenty_documents() -> None:
    from django.conf import settings

    assert settings.EVIDENCE_MAX_PER_ANSWER == 20
