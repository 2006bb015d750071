"""Property-based API tests with schemathesis, driven by our own OpenAPI schema, in process.

Every operation is called with generated data, once with a real staff token and once with a
supplier user's token: no response may be a 5xx, every response must match the schema (status
code, content type, body), and no response to the supplier names another supplier's ids.
"""

import json

import pytest
import schemathesis
from django.conf import settings as django_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from assessments.campaigns import services as campaign_services
from assessments.models import Assessment
from config.wsgi import application
from core import roles
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    CampaignFactory,
    EvidenceDocumentFactory,
    QuestionnaireVersionFactory,
    SiteFactory,
    SupplierFactory,
    api_token,
    staff_user,
    supplier_user,
)

RAW_SCHEMA = json.loads(
    OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
)
schema = schemathesis.openapi.from_dict(RAW_SCHEMA)
schema.app = application  # every request, probes included, goes to the WSGI app in process

STATE: dict[str, object] = {}
# Test data is generated at collection time, before the database exists: a fixed token key.
TOKEN_KEY = "f" * 40


SUPPLIER_TOKEN_KEY = "5" * 40
# Another supplier's records get ids no generated value or own record is likely to have.
OTHER_SUPPLIER, OTHER_ASSESSMENT, OTHER_EVIDENCE = 987_654, 876_543, 765_432


@schema.auth(refresh_interval=None)
class StaffToken:
    def get(self, case, ctx):  # type: ignore[no-untyped-def]
        return STATE.get("token", TOKEN_KEY)

    def set(self, case, data, ctx):  # type: ignore[no-untyped-def]
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


@schema.hook
def map_path_parameters(ctx, path_parameters):  # type: ignore[no-untyped-def]
    # Half the cases hit a real supplier, so the success paths are exercised too.
    if (
        "supplier_id" in STATE
        and path_parameters
        and isinstance(path_parameters.get("supplier_id"), int)
        and path_parameters["supplier_id"] % 2
    ):
        path_parameters["supplier_id"] = STATE["supplier_id"]
    if (
        "version_id" in STATE
        and path_parameters
        and isinstance(path_parameters.get("version_id"), int)
        and path_parameters["version_id"] % 2
    ):
        path_parameters["version_id"] = STATE["version_id"]
    # The supplier run aims at its own assessment and at the other supplier's records.
    if "own_assessment_id" in STATE and path_parameters:
        assessment_id = path_parameters.get("assessment_id")
        if isinstance(assessment_id, int) and assessment_id % 3 == 1:
            path_parameters["assessment_id"] = STATE["own_assessment_id"]
        elif isinstance(assessment_id, int) and assessment_id % 3 == 2:
            path_parameters["assessment_id"] = OTHER_ASSESSMENT
        if (
            isinstance(path_parameters.get("evidence_id"), int)
            and path_parameters["evidence_id"] % 2
        ):
            path_parameters["evidence_id"] = OTHER_EVIDENCE
    supplier_id = (path_parameters or {}).get("supplier_id")
    if "own_assessment_id" in STATE and isinstance(supplier_id, int) and supplier_id % 2:
        path_parameters["supplier_id"] = OTHER_SUPPLIER
    return path_parameters


@pytest.fixture
def fuzz_state(transactional_db):  # type: ignore[no-untyped-def]
    user = staff_user(roles.PROCUREMENT_ADMIN, username="fuzzer")
    api_token(user, key=TOKEN_KEY)
    supplier = SupplierFactory()
    SiteFactory(supplier=supplier)
    STATE["supplier_id"] = supplier.pk
    STATE["version_id"] = QuestionnaireVersionFactory(created_by=user).pk
    yield
    STATE.clear()


def test_schema_names_every_route_of_the_contract() -> None:
    paths = set(RAW_SCHEMA["paths"])
    assert {
        "/api/v1/auth/token/",
        "/api/v1/suppliers/",
        "/api/v1/suppliers/{supplier_id}/",
        "/api/v1/suppliers/{supplier_id}/archive/",
        "/api/v1/suppliers/{supplier_id}/history/",
        "/api/v1/supplier-imports/",
        "/api/v1/supplier-imports/{import_id}/",
        "/api/v1/supplier-imports/template.xlsx",
        "/api/v1/questionnaires/",
        "/api/v1/questionnaire-versions/{version_id}/",
        "/api/v1/questionnaire-versions/{version_id}/definition.xlsx",
        "/api/v1/questionnaire-versions/{version_id}/definition.json",
        "/api/v1/questionnaire-versions/import/",
        "/api/v1/questionnaire-versions/{version_id}/clone/",
        "/api/v1/questionnaire-versions/{version_id}/publish/",
    } <= paths


# The WSGI app closes the database connection after each request, as in production: that
# needs a transactional test database (serialized so migration-seeded data comes back).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@schema.parametrize()
@settings(
    max_examples=django_settings.SCHEMATHESIS_MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, fuzz_state, celery_eager) -> None:  # type: ignore[no-untyped-def]
    # Left out on purpose: positive_data_acceptance (a request can match the schema and still be
    # refused by a domain rule: unknown category, wrong check character, wrong password) and
    # negative_data_rejection (an empty filter such as `status=` means "any", as the web form
    # sends it). Server errors, schema conformance of every response, status codes, content
    # types and authentication are all checked.
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])


@pytest.fixture
def supplier_fuzz_state(transactional_db, celery_eager):  # type: ignore[no-untyped-def]
    """A supplier user with an assessment to answer, and another supplier with answers and
    evidence under distinctive ids."""
    officer = staff_user(roles.PROCUREMENT_OFFICER, username="fuzz-officer")
    mine = SupplierFactory()
    other = SupplierFactory(pk=OTHER_SUPPLIER)
    campaign = CampaignFactory(
        name="Fuzz", questionnaire_version=QuestionnaireVersionFactory(created_by=officer),
        created_by=officer, suppliers=[mine, other],
    )  # fmt: skip
    theirs = AssessmentFactory(
        pk=OTHER_ASSESSMENT, campaign=campaign, supplier=other, status="in_progress"
    )
    EvidenceDocumentFactory(
        pk=OTHER_EVIDENCE, answer=AnswerFactory(assessment=theirs, question_code="A1.3", value=[]),
        original_name="secret.png", stored_name="secret.png", content=b"\x89PNG\r\n\x1a\n\x00",
        sha256="a" * 64,
    )  # fmt: skip
    campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    user = supplier_user(supplier=mine, username="fuzz-supplier")
    api_token(user, key=SUPPLIER_TOKEN_KEY)
    STATE.update(
        token=SUPPLIER_TOKEN_KEY,
        own_assessment_id=Assessment.objects.get(supplier=mine).pk,
    )
    yield
    STATE.clear()


def _readable(response) -> str:  # type: ignore[no-untyped-def]
    """The response as text: a workbook (the answers download) by the values of its cells."""
    if "spreadsheetml" not in (response.headers.get("content-type") or [""])[0]:
        return response.text
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@schema.parametrize()
@settings(
    max_examples=django_settings.SCHEMATHESIS_MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_with_a_supplier_token_never_shows_another_supplier(  # type: ignore[no-untyped-def]
    case, supplier_fuzz_state
) -> None:
    response = case.call_and_validate(
        excluded_checks=[positive_data_acceptance, negative_data_rejection]
    )
    body = _readable(response)
    for other_id in (OTHER_SUPPLIER, OTHER_ASSESSMENT, OTHER_EVIDENCE):
        assert str(other_id) not in body, (case.method, case.formatted_path, body[:500])
    assert "secret.png" not in body
