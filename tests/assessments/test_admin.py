from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client

from assessments.models import (
    ExchangeRate,
    FactorSet,
    LabelRules,
    Scope3Target,
    SpendFactor,
    SpendFactorSet,
    SpendImport,
    SpendLine,
)
from assessments.questionnaires import services
from tests.assessments.scope3.data import approved, factor_set, spend
from tests.factories import QuestionnaireVersionFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-for-tests-1")
    client = Client()
    client.force_login(user)
    return client


def test_admin_shows_published_versions_read_only(superuser_client) -> None:
    draft = QuestionnaireVersionFactory(is_published=False)
    draft_question = draft.questions.get(code="A1.1")
    page = superuser_client.get(f"/admin/assessments/question/{draft_question.pk}/change/")
    assert 'name="_save"' in page.content.decode()

    published = services.version_publish(
        version=services.version_clone(version=draft, created_by=None), published_by=None
    )
    question = published.questions.get(code="A1.1")
    page = superuser_client.get(f"/admin/assessments/question/{question.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = superuser_client.post(
        f"/admin/assessments/question/{question.pk}/change/", {"text_en": "Changed"}
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text_en == "Do you acknowledge the code?"
    assert (
        superuser_client.post(
            f"/admin/assessments/question/{question.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )


def _admin_data() -> None:
    """One row of every model the assessments admin shows."""
    supplier = SupplierFactory()
    approved(supplier)  # a questionnaire version with areas, questions, columns and choices
    spend(supplier, "1000")
    factor_set({"logistics": "0.2"})
    Scope3Target.objects.create(base_period=2024, target_year=2030, reduction_pct=Decimal("25"))
    ExchangeRate.objects.create(
        period=2025, currency="USD", rate_to_cny=Decimal("7.1"), source="Test"
    )
    SpendImport.objects.create(original_name="spend.xlsx")
    if not FactorSet.objects.exists():
        FactorSet.objects.create(version=1, name="Test")
    if not LabelRules.objects.exists():
        LabelRules.objects.create(version=1)


def test_every_assessments_admin_lists_and_shows_its_rows(superuser_client) -> None:
    _admin_data()
    registered = [model for model in admin.site._registry if model._meta.app_label == "assessments"]
    assert {SpendFactorSet, Scope3Target, SpendLine, SpendImport, ExchangeRate} <= set(registered)
    for model in registered:
        base = f"/admin/assessments/{model._meta.model_name}/"
        assert superuser_client.get(base).status_code == 200, model
        row = model._default_manager.first()
        assert row is not None, model
        assert superuser_client.get(f"{base}{row.pk}/change/").status_code == 200, model


def test_scope3_reference_data_and_spend_are_read_only_in_the_admin(superuser_client) -> None:
    _admin_data()
    factor_set_row = SpendFactorSet.objects.get()
    page = superuser_client.get(f"/admin/assessments/spendfactorset/{factor_set_row.pk}/change/")
    html = page.content.decode()
    assert "0.2" in html and "Test source for logistics" in html  # the factors, inline
    assert 'name="_save"' not in html and 'name="factors-0-kg_per_cny"' not in html
    for model in (SpendFactorSet, Scope3Target, SpendLine, SpendImport):
        base = f"/admin/assessments/{model._meta.model_name}/"
        row = model._default_manager.get()
        assert superuser_client.get(f"{base}add/").status_code == 403, model
        assert superuser_client.post(f"{base}{row.pk}/change/", {}).status_code == 403, model
        deleted = superuser_client.post(f"{base}{row.pk}/delete/", {"post": "yes"})
        assert deleted.status_code == 403, model
    assert SpendFactor.objects.get().kg_per_cny == Decimal("0.2")
