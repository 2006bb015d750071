"""The staff supplier list (sortable columns, page numbers, score and label, filters kept in the
address) and detail page (assessments with scores, label history, corrective actions, history
in words)."""

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import (
    CorrectiveAction,
    GreenLabel,
    LabelDecision,
    LabelRules,
    Score,
)
from suppliers import services
from suppliers.models import Category, Supplier
from tests.factories import AssessmentFactory, CampaignFactory, CategoryFactory, SupplierFactory

pytestmark = pytest.mark.django_db

LIST = "/suppliers/"


def _rows(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-testid="row-(\d+)"', html)]


def _score(assessment, overall, kind="final") -> Score:  # type: ignore[no-untyped-def]
    return Score.objects.create(
        assessment=assessment, kind=kind, overall=overall, version_hash="x" * 64
    )


def _label(supplier, assessment, score, status="active") -> GreenLabel:  # type: ignore[no-untyped-def]
    return GreenLabel.objects.create(
        supplier=supplier, status=status, assessment=assessment, score=score,
        rules=LabelRules.objects.order_by("-version").first(),
        granted_at=timezone.now(), valid_until=datetime.date(2030, 1, 1),
    )  # fmt: skip


@pytest.fixture
def three():  # type: ignore[no-untyped-def]
    """Three suppliers, in the same ascending order (a, b, c) on every sortable column."""
    categories = [CategoryFactory(slug=f"sort-{n}", sort_order=100 + n) for n in range(3)]
    campaign = CampaignFactory(status="launched")
    rows = []
    for n, (country, status, overall, label) in enumerate(
        [
            ("HK", "active", "41.5", "active"),
            ("MO", "archived", "62.0", "expired"),
            ("CN", "suspended", "88.25", "suspended"),
        ]
    ):
        supplier = SupplierFactory(
            name=f"{'abc'[n]} supplier", registration_code=f"R{n}", country=country,
            category=categories[n], status=status,
        )  # fmt: skip
        assessment = AssessmentFactory(campaign=campaign, supplier=supplier)
        _label(supplier, assessment, _score(assessment, Decimal(overall)), status=label)
        rows.append(supplier.pk)
    return rows


@pytest.mark.parametrize(
    "column", ["name", "registration_code", "category", "region", "status", "score", "label"]
)
def test_every_column_sorts_both_ways(officer_client, three, column) -> None:
    ascending = officer_client.get(f"{LIST}?ordering={column}").content.decode()
    descending = officer_client.get(f"{LIST}?ordering=-{column}").content.decode()
    assert _rows(ascending) == three
    assert _rows(descending) == three[::-1]


def test_the_sorted_header_links_to_the_other_direction_and_says_so(officer_client, three) -> None:
    html = officer_client.get(f"{LIST}?ordering=score").content.decode()
    header = re.search(r'<th[^>]*sortable-score[^>]*>\s*<a href="([^"]+)"', html)
    assert header and 'aria-sort="ascending"' in html.split("sortable-score")[0][-80:]
    assert parse_qs(urlsplit(header.group(1).replace("&amp;", "&")).query)["ordering"] == ["-score"]


def test_suppliers_without_a_score_or_label_come_last_either_way(officer_client, three) -> None:
    unscored = SupplierFactory(name="0 unscored").pk
    for column in ("score", "label"):
        for sign in ("", "-"):
            rows = _rows(officer_client.get(f"{LIST}?ordering={sign}{column}").content.decode())
            assert rows[-1] == unscored


def test_score_and_label_columns_show_the_shown_score_and_label(officer_client, three) -> None:
    supplier = Supplier.objects.get(pk=three[0])
    assessment = supplier.assessments.get()
    _score(assessment, Decimal("99"), kind="provisional")  # newer, but the final one is shown
    html = officer_client.get(LIST).content.decode()
    score_cell = re.search(rf'data-testid="score-{supplier.pk}">([^<]*)<', html)
    assert score_cell and score_cell.group(1).strip() == "41.5"
    assert f'data-testid="green-{supplier.pk}"' in html
    assert "Expired" in html.split(f'data-testid="label-{three[1]}"')[1].split("</td>")[0]


def test_the_list_reads_a_bounded_number_of_queries(
    officer_client, django_assert_max_num_queries
) -> None:
    campaign = CampaignFactory(status="launched")

    def grow(n: int) -> None:
        for supplier in SupplierFactory.create_batch(n):
            assessment = AssessmentFactory(campaign=campaign, supplier=supplier)
            _label(supplier, assessment, _score(assessment, Decimal("70")))

    grow(2)
    with django_assert_max_num_queries(12) as small:
        officer_client.get(f"{LIST}?ordering=-score")
    grow(28)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = officer_client.get(f"{LIST}?ordering=-score")
    assert len(_rows(response.content.decode())) == 25


def test_page_numbers_and_every_link_keeps_the_filters(officer_client) -> None:
    SupplierFactory.create_batch(60, status="active")
    html = officer_client.get(f"{LIST}?status=active&ordering=-name&page=2").content.decode()
    assert 'aria-current="page"' in html
    numbers = re.findall(r'href="\?([^"]*page=(\d+))"', html)
    assert {number for _, number in numbers} >= {"1", "2", "3"}
    for query, _ in numbers:
        params = parse_qs(query.replace("&amp;", "&"))
        assert params["status"] == ["active"] and params["ordering"] == ["-name"]
    sort_links = re.findall(r'data-testid="sort-\w+"', html)
    assert len(sort_links) == 7
    for href in re.findall(r'<a href="\?([^"]+)" data-testid="sort-', html):
        params = parse_qs(href.replace("&amp;", "&"))
        assert params["status"] == ["active"] and "page" not in params
    # The filter form keeps the sort, so filtering again keeps it.
    assert re.search(r'<option value="-name" selected', html)


def test_nonsense_parameters_do_not_break_the_list(officer_client) -> None:
    for query in ("ordering=nope", "page=-3", "page=abc", "ordering=score,label,-nope"):
        assert officer_client.get(f"{LIST}?{query}").status_code == 200


def _form(supplier: Supplier, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": supplier.name, "name_en": supplier.name_en, "country": "CN",
        "registration_code": supplier.registration_code, "category": supplier.category_id,
        "status": supplier.status, "contact_name": "王芳", "contact_email": "w@example.com",
        "contact_phone": "", "sites-TOTAL_FORMS": "1", "sites-INITIAL_FORMS": "0",
        "sites-MIN_NUM_FORMS": "0", "sites-MAX_NUM_FORMS": "1000",
        "sites-0-name": "", "sites-0-address": "", "sites-0-country": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in response.context["messages"]]


def test_each_change_says_it_succeeded(officer_client) -> None:
    supplier = SupplierFactory()
    edit = reverse("suppliers:edit", args=[supplier.pk])
    response = officer_client.post(edit, _form(supplier, contact_phone="1"), follow=True)
    assert _messages(response) == [f"Changes to {supplier.name} saved."]
    response = officer_client.post(
        edit,
        _form(supplier, **{"sites-0-name": "Plant", "sites-0-address": "1 Rd", "sites-0-country": "CN"}),
        follow=True,
    )  # fmt: skip
    assert _messages(response) == [f"Changes to {supplier.name} and its sites saved."]
    response = officer_client.post(reverse("suppliers:archive", args=[supplier.pk]), follow=True)
    assert _messages(response) == [f"{supplier.name} archived; its records are kept."]
    html = response.content.decode()
    assert 'data-testid="unarchive"' in html and 'data-testid="archive"' not in html
    response = officer_client.post(reverse("suppliers:unarchive", args=[supplier.pk]), follow=True)
    assert _messages(response) == [f"{supplier.name} is active again."]
    supplier.refresh_from_db()
    assert supplier.status == "active"
    again = officer_client.post(reverse("suppliers:unarchive", args=[supplier.pk]), follow=True)
    assert _messages(again) == ["This supplier is not archived."]
    assert officer_client.get(reverse("suppliers:unarchive", args=[supplier.pk])).status_code == 405


def test_unarchive_needs_the_archive_permission(client, auditor) -> None:
    supplier = SupplierFactory(status="archived")
    client.force_login(auditor)
    response = client.post(reverse("suppliers:unarchive", args=[supplier.pk]))
    assert response.status_code == 403
    supplier.refresh_from_db()
    assert supplier.status == "archived"


@pytest.fixture
def detailed(officer):  # type: ignore[no-untyped-def]
    supplier = SupplierFactory()
    campaign = CampaignFactory(status="launched", name="FY2026 review")
    assessment = AssessmentFactory(
        campaign=campaign, supplier=supplier, status="approved",
        due_on=datetime.date(2027, 1, 31),
    )  # fmt: skip
    score = _score(assessment, Decimal("73.4"))
    _label(supplier, assessment, score)
    LabelDecision.objects.create(
        supplier=supplier, kind="granted", actor=officer, reason="Meets every rule.",
        assessment=assessment, score=score,
    )  # fmt: skip
    CorrectiveAction.objects.create(
        assessment=assessment, title="Renew the discharge permit", severity="critical",
        due_on=datetime.date(2027, 3, 1), raised_by=officer,
    )  # fmt: skip
    return supplier, assessment


def test_detail_shows_assessments_label_history_and_corrective_actions(
    officer_client, officer, detailed
) -> None:
    supplier, assessment = detailed
    html = officer_client.get(reverse("suppliers:detail", args=[supplier.pk])).content.decode()
    row = html.split(f'data-testid="assessment-{assessment.pk}"')[1].split("</tr>")[0]
    assert "FY2026 review" in row and "Approved" in row and "2027-01-31" in row and "73.4" in row
    assert reverse("campaigns:assessment", args=[assessment.pk]) in row
    history = html.split('data-testid="label-history"')[1].split("</table>")[0]
    assert "Granted" in history and officer.username in history and "Meets every rule." in history
    actions = html.split('data-testid="corrective-actions"')[1].split("</section>")[0]
    for text in ("Renew the discharge permit", "Critical", "Open", "2027-03-01"):
        assert text in actions


def test_detail_sections_are_paginated_and_bounded(
    officer_client, officer, detailed, django_assert_max_num_queries
) -> None:
    supplier, _ = detailed
    url = reverse("suppliers:detail", args=[supplier.pk])
    with django_assert_max_num_queries(30) as small:
        officer_client.get(url)
    for n in range(12):
        campaign = CampaignFactory(status="launched", name=f"C{n}")
        assessment = AssessmentFactory(campaign=campaign, supplier=supplier)
        _score(assessment, Decimal(n))
        LabelDecision.objects.create(supplier=supplier, kind="renewed", actor=officer)
        CorrectiveAction.objects.create(
            assessment=assessment, title=f"Fix {n}", severity="low",
            due_on=datetime.date(2027, 3, 1), raised_by=officer,
        )  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = officer_client.get(url + "?assessments_page=2&history_page=1")
    html = response.content.decode()
    for anchor in ("assessments", "label", "actions"):
        assert f'data-testid="page-numbers-{anchor}"' in html
    assessments = html.split('data-testid="assessments"')[1].split("</section>")[0]
    assert assessments.count('data-testid="assessment-') == 3  # 13 assessments, 10 a page
    # The label history's page links keep the assessments' page.
    label_pages = html.split('data-testid="page-numbers-label"')[1].split("</nav>")[0]
    assert "assessments_page=2" in label_pages and "labels_page=2" in label_pages


@pytest.mark.parametrize(
    ("language", "category_name", "country_name"),
    [("en", "Office IT", "Hong Kong"), ("zh-hans", "办公 IT", "香港")],
)
def test_history_shows_labels_not_codes(
    officer_client, officer, language, category_name, country_name
) -> None:
    supplier = SupplierFactory(category=Category.objects.get(slug="logistics"), country="CN")
    services.supplier_update(
        supplier=supplier, updated_by=officer,
        category=Category.objects.get(slug="office_it"), status="suspended", country="HK",
    )  # fmt: skip
    officer_client.cookies["django_language"] = language
    html = officer_client.get(reverse("suppliers:detail", args=[supplier.pk])).content.decode()
    history = html.split('data-testid="history"')[1].split("</table>")[0]
    with translation.override(language):
        suspended = str(Supplier.Status.SUSPENDED.label)
    changes: dict[str, str] = {}  # the newest change of each field (history is newest first)
    for field, text in re.findall(r'data-field="(\w+)">(.*?)</div>', history, flags=re.S):
        changes.setdefault(field, text)
    assert category_name in changes["category"] and "office_it" not in changes["category"]
    assert suspended in changes["status"] and "suspended" not in changes["status"]
    assert country_name in changes["country"] and ">HK<" not in changes["country"]
