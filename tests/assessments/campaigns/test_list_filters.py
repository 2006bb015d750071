"""The assessment list API's filters (django-filter): by campaign, supplier and status."""

import pytest

from assessments.models import Assessment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("campaign=x", "campaign", "A whole number."),
        ("campaign=1.5", "campaign", "A whole number."),
        ("supplier=abc", "supplier", "A whole number."),
        ("status=nope", "status", "Unknown status."),
        ("supplier=99999999999999999999", "supplier", "less than or equal to"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api, query, field, message) -> None:  # type: ignore[no-untyped-def]
    response = api.get(f"/api/v1/assessments/?{query}")
    assert response.status_code == 400
    assert message in response.json()["fields"][field][0]


def test_filters_narrow_the_list(api, submitted) -> None:  # type: ignore[no-untyped-def]
    submitted_assessment, _user = submitted
    assessment = Assessment.objects.get(pk=submitted_assessment.pk)
    base = "/api/v1/assessments/"
    assert api.get(f"{base}?campaign={assessment.campaign_id}").json()["count"] == 1
    assert api.get(f"{base}?campaign={assessment.campaign_id + 1000}").json()["count"] == 0
    assert (
        api.get(f"{base}?supplier={assessment.supplier_id}&status=submitted").json()["count"] == 1
    )
    assert api.get(f"{base}?supplier={assessment.supplier_id}&status=approved").json()["count"] == 0
    assert api.get(f"{base}?status=").json()["count"] == 1
