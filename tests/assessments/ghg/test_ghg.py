"""GHG formulas against hand-computed values."""

from decimal import Decimal as D

import pytest

from assessments.ghg.calculation import Factor, calculate, differs
from assessments.ghg.services import ghg_calculate
from assessments.models import GhgCalculation
from assessments.questionnaires.services import default_questionnaire_load
from tests.factories import AnswerFactory, LaunchedAssessmentFactory

FACTORS = {
    ("purchased_electricity", "MWh"): Factor(
        "purchased_electricity", "MWh", D("0.5703"), 2, "grid"
    ),
    ("diesel", "t"): Factor("diesel", "t", D("3.205177"), 1, "ipcc"),
    ("natural_gas", "thousand_m3"): Factor(
        "natural_gas", "thousand_m3", D("2.190511112"), 1, "ipcc"
    ),
}
GWPS = {"r410a": Factor("r410a", "kg", D(1924), 1, "AR5")}


def test_scope_1_and_2_and_intensity_by_hand() -> None:
    result = calculate(
        energy=[
            {"energy_type": "purchased_electricity", "quantity": "1000", "unit": "MWh"},  # 570.3
            {"energy_type": "diesel", "quantity": "10", "unit": "t"},  # 32.05177
            {"energy_type": "natural_gas", "quantity": "", "unit": "thousand_m3"},  # skipped
        ],
        refrigerants=[
            {"refrigerant": "r410a", "topup_kg": "5"},
            {"refrigerant": "other", "topup_kg": "2", "gwp": "100"},
        ],
        revenue="50",
        factors=FACTORS,
        gwps=GWPS,
    )
    # 10 t diesel x 3.205177 + 5 kg x 1924 / 1000 + 2 kg x 100 / 1000
    assert result.scope1 == D("32.05177") + D("9.62") + D("0.2")
    assert result.scope2 == D("570.3")
    assert result.intensity == (result.scope1 + result.scope2) / 50
    assert [line.activity for line in result.lines] == [
        "purchased_electricity", "diesel", "refrigerant:r410a", "refrigerant:other",
    ]  # fmt: skip
    assert result.flags == ()


def test_unknown_units_are_kept_and_flagged() -> None:
    result = calculate(
        energy=[{"energy_type": "diesel", "quantity": "100", "unit": "L"}],
        refrigerants=[], revenue=None, factors=FACTORS, gwps=GWPS,
    )  # fmt: skip
    line = result.lines[0]
    assert result.scope1 == 0 and not line.computed and line.reason == "no_factor"
    assert "lines_without_factor" in result.flags and result.intensity is None


@pytest.mark.parametrize(
    ("calculated", "declared", "flag"),
    [(D(100), D(100), False), (D(110), D(100), False), (D("110.01"), D(100), True), (D(89), D(100), True),
     (D(5), D(0), True), (D(0), D(0), False), (D(5), None, False)],
)  # fmt: skip
def test_declared_totals_more_than_ten_percent_apart_are_flagged(
    calculated, declared, flag
) -> None:
    assert differs(calculated, declared) is flag


@pytest.mark.django_db
def test_calculation_from_answers_stores_the_factor_set(submitted) -> None:
    assessment, _user = submitted
    calculation = GhgCalculation.objects.filter(assessment=assessment).first()
    assert calculation is not None  # made when the submission was scored
    assert calculation.factor_set.version == 2
    # In the small test questionnaire A2.1 is a number, not the energy table: no activity line.
    assert calculation.lines == [] and calculation.scope1 == 0


@pytest.mark.django_db
def test_calculation_with_the_default_questionnaire(officer) -> None:
    assessment = LaunchedAssessmentFactory(
        campaign__name="GHG", campaign__questionnaire_version=default_questionnaire_load(),
        campaign__created_by=officer, campaign__send_invitations=False,
    )  # fmt: skip
    AnswerFactory(assessment=assessment, question_code="A2.1", value=[
        {"energy_type": "purchased_electricity", "quantity": "200", "unit": "MWh"},
        {"energy_type": "diesel", "quantity": "2", "unit": "t"},
    ])  # fmt: skip
    AnswerFactory(assessment=assessment, question_code="A2.11", value="10")
    AnswerFactory(
        assessment=assessment,
        question_code="A4.4",
        value=[{"source": "mobile_combustion", "emissions": "9"}],
    )
    calculation = ghg_calculate(assessment=assessment)
    assert calculation is not None
    calculation.refresh_from_db()
    assert calculation.scope2 == D("114.0600")  # 200 MWh x 0.5703
    assert calculation.scope1 == D("6.4104")  # 2 t x 3.205177, rounded to 4 places
    assert calculation.intensity == D("12.047035")  # (114.06 + 6.410354) / 10
    assert calculation.flags == ["scope1_differs"]  # declared 9 vs 6.41
    grid = next(line for line in calculation.lines if line["activity"] == "purchased_electricity")
    assert grid["source"] == (
        "MEE national grid average 2022: 0.5703 tCO2/MWh (factor for 2022, used for 2026)"
    )
    assert grid["computed"] is True and calculation.memo_non_kyoto == 0


@pytest.mark.django_db
def test_default_factor_set_values() -> None:
    from assessments.models import EmissionFactor

    v1 = {"factor_set__version": 1}  # v2: see test_factor_table.py
    diesel = EmissionFactor.objects.get(**v1, kind="activity", activity="diesel", unit="t")
    # (74.1 kg CO2 + 10 g CH4 x 28 + 0.6 g N2O x 265) per GJ x 43.0 GJ/t
    assert diesel.value == D("3.205177000")
    grid = EmissionFactor.objects.get(**v1, activity="purchased_electricity", unit="MWh")
    assert grid.value == D("0.5703") and "0.5703" in grid.source
    assert EmissionFactor.objects.get(**v1, activity="r410a").value == 1924


@pytest.mark.django_db
def test_the_grid_factor_of_the_reporting_year_is_used() -> None:
    from assessments.ghg.selectors import factor_table
    from assessments.models import EmissionFactor, FactorSet

    factor_set = FactorSet.objects.get(version=1)
    EmissionFactor.objects.create(
        factor_set=factor_set, kind="activity", activity="purchased_electricity", unit="MWh",
        value=D("0.5"), scope=2, year=2025, source="grid 2025 (test value)",
    )  # fmt: skip
    assert factor_table(factor_set, 2025).activity[("purchased_electricity", "MWh")].value == D(
        "0.5"
    )
    assert factor_table(factor_set, 2026).activity[("purchased_electricity", "MWh")].value == D(
        "0.5"
    )
    older = factor_table(factor_set, 2023).activity[("purchased_electricity", "MWh")]
    assert older.value == D("0.5703") and "used for 2023" in older.source
    assert (
        factor_table(factor_set, 2022)
        .activity[("purchased_electricity", "MWh")]
        .source.endswith("tCO2/MWh")
    )
