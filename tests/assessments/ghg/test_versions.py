"""The energy table's `use` column came with a new default questionnaire version: loading it
publishes it as the newest version offered for new campaigns; earlier assessments keep theirs,
and their rows (without `use`) are computed as stationary."""

import json
from decimal import Decimal as D

import pytest

from assessments.campaigns.forms import CampaignForm
from assessments.ghg.services import ghg_calculate
from assessments.models import QuestionnaireVersion
from assessments.questionnaires.services import (
    DEFAULT_DEFINITION,
    default_questionnaire_load,
    definition_load,
)
from tests.factories import AnswerFactory, LaunchedAssessmentFactory

pytestmark = pytest.mark.django_db


def _previous_definition(tmp_path):  # type: ignore[no-untyped-def]
    """The default definition as it was before: no `use` column, no kg."""
    definition = json.loads(DEFAULT_DEFINITION.read_text(encoding="utf-8"))
    definition["columns"] = [
        c for c in definition["columns"] if not (c["question"] == "A2.1" and c["code"] == "use")
    ]
    definition["choices"] = [
        c for c in definition["choices"]
        if not (c["question"] == "A2.1" and (c["column"] == "use" or c["code"] == "kg"))
    ]  # fmt: skip
    path = tmp_path / "previous.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    return path


def test_the_new_default_version_is_current_and_old_assessments_keep_theirs(  # type: ignore[no-untyped-def]
    officer, tmp_path
) -> None:
    old_version = definition_load(path=_previous_definition(tmp_path))
    assessment = LaunchedAssessmentFactory(
        campaign__questionnaire_version=old_version, campaign__created_by=officer,
        campaign__send_invitations=False,
    )  # fmt: skip
    AnswerFactory(assessment=assessment, question_code="A2.1", value=[
        {"energy_type": "gasoline", "quantity": "1", "unit": "t", "data_quality": "metered"},
    ])  # fmt: skip

    new_version = default_questionnaire_load()  # what `load_default_questionnaire` runs

    assert new_version.number == old_version.number + 1
    assert new_version.status == QuestionnaireVersion.Status.PUBLISHED
    assert new_version.questions.get(code="A2.1").columns.filter(code="use").exists()
    assert default_questionnaire_load() == new_version  # idempotent
    offered = list(CampaignForm().fields["questionnaire_version"].queryset)
    same = [v for v in offered if v.questionnaire_id == new_version.questionnaire_id]
    assert same[0] == new_version  # listed first among the questionnaire's versions
    assessment.refresh_from_db()
    assert assessment.version == old_version
    calculation = ghg_calculate(assessment=assessment)
    assert calculation is not None
    calculation.refresh_from_db()
    assert calculation.lines[0]["activity"] == "gasoline"  # stationary
    assert calculation.scope1 == D("3.0894")  # 44.3 GJ x 0.069739, rounded to 4 places
