"""The shared partials on staff pages: one status badge and one export button everywhere."""

import pytest
from django.test import Client
from django.urls import reverse

from core import roles
from tests.factories import CampaignFactory, SupplierFactory, staff_user

pytestmark = pytest.mark.django_db


def _page(role: str, url: str) -> str:
    client = Client()
    client.force_login(staff_user(role, username=f"partials-{role}"))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_status_badges_come_from_the_partial(officer) -> None:
    supplier = SupplierFactory()
    campaign = CampaignFactory(created_by=officer)
    # data-status is written by partials/status_badge.html only
    supplier_list = _page(roles.PROCUREMENT_OFFICER, reverse("suppliers:list"))
    assert 'class="badge badge-active" data-status="active"' in supplier_list
    detail = _page(roles.PROCUREMENT_OFFICER, reverse("suppliers:detail", args=[supplier.pk]))
    assert 'data-status="active" data-testid="status"' in detail
    campaigns = _page(roles.PROCUREMENT_OFFICER, reverse("campaigns:list"))
    assert f'data-status="{campaign.status}"' in campaigns
    campaign_page = _page(
        roles.PROCUREMENT_OFFICER, reverse("campaigns:detail", args=[campaign.pk])
    )
    assert f'data-status="{campaign.status}" data-testid="campaign-status"' in campaign_page


def test_export_buttons_come_from_the_partial(officer) -> None:
    campaign = CampaignFactory(created_by=officer)
    SupplierFactory()
    listed = _page(roles.AUDITOR, reverse("suppliers:list") + "?status=active")
    form = listed.split('data-testid="export-form"')[1].split("</form>")[0]
    assert 'name="scope" value="suppliers"' in form and 'name="status" value="active"' in form
    assert 'title="The suppliers under the current filters' in form
    page = _page(roles.AUDITOR, reverse("campaigns:detail", args=[campaign.pk]))
    form = page.split('data-testid="export-form"')[1].split("</form>")[0]
    assert 'name="scope" value="campaign"' in form and f'name="id" value="{campaign.pk}"' in form


def test_supplier_filters_fold_open_only_when_a_filter_is_set() -> None:
    closed = _page(roles.PROCUREMENT_OFFICER, reverse("suppliers:list") + "?ordering=-name")
    assert '<details class="filter-panel" data-testid="filter-panel">' in closed
    opened = _page(roles.PROCUREMENT_OFFICER, reverse("suppliers:list") + "?region=mainland_china")
    assert '<details class="filter-panel" data-testid="filter-panel" open>' in opened
    assert 'data-testid="active-filters">1<' in opened
