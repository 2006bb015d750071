"""Each unit offered for each energy type computes, with the shipped factor set, the tCO2e
worked out by hand; a unit not offered is refused when saved, naming the row."""

import re
from decimal import Decimal as D

import pytest

from assessments.answers.values import clean_value
from assessments.errors import AnswerInvalidError
from assessments.ghg.calculation import ENERGY_UNITS, calculate
from assessments.ghg.selectors import factor_table
from assessments.models import FactorSet
from assessments.questionnaires.selectors import version_load
from assessments.questionnaires.services import default_questionnaire_load
from tests.factories import LaunchedAssessmentFactory, SavedAnswerFactory

# (energy type, use, quantity, unit, tCO2e by hand). Grid 0.5703 t/MWh; heat 0.11 t/GJ; per GJ:
# natural gas 0.0562665 (mobile 0.059471), diesel 0.074539 (mobile 0.0752427), gasoline
# 0.069739 (mobile 0.071072), LPG 0.0632665 (mobile 0.064889); NCV diesel 43.0, gasoline
# 44.3, LPG 47.3 GJ/t, natural gas 38.931 GJ/thousand m3; densities 0.84, 0.74, 0.5297 kg/L.
PAIRS = [
    ("purchased_electricity", "", "1000", "kWh", "0.5703"),  # 1 MWh
    ("purchased_electricity", "", "2", "MWh", "1.1406"),
    ("purchased_electricity", "", "36", "GJ", "5.703"),  # 36 GJ = 10 MWh
    ("purchased_heat_steam", "", "100", "GJ", "11"),
    ("purchased_heat_steam", "", "10", "MWh", "3.96"),  # 36 GJ x 0.11
    ("purchased_heat_steam", "", "1000", "kWh", "0.396"),  # 3.6 GJ x 0.11
    ("natural_gas", "", "1", "thousand_m3", "2.1905111115"),  # 38.931 x 0.0562665
    ("natural_gas", "", "1000", "m3", "2.1905111115"),
    ("natural_gas", "", "100", "GJ", "5.62665"),
    ("natural_gas", "mobile", "1", "thousand_m3", "2.315265501"),  # 38.931 x 0.059471
    ("diesel", "", "1000", "L", "2.69234868"),  # 840 kg = 36.12 GJ x 0.074539
    ("diesel", "stationary", "1000", "kg", "3.205177"),  # 43.0 GJ x 0.074539
    ("diesel", "", "1", "t", "3.205177"),
    ("diesel", "", "100", "GJ", "7.4539"),
    ("diesel", "mobile", "1000", "L", "2.717766324"),  # 36.12 GJ x 0.0752427
    ("diesel", "mobile", "1", "t", "3.2354361"),  # 43.0 x 0.0752427
    ("gasoline", "", "1000", "L", "2.286183898"),  # 740 kg = 32.782 GJ x 0.069739
    ("gasoline", "", "1000", "kg", "3.0894377"),  # 44.3 x 0.069739
    ("gasoline", "", "1", "t", "3.0894377"),
    ("gasoline", "", "10", "GJ", "0.69739"),
    ("gasoline", "mobile", "1000", "L", "2.329882304"),  # 32.782 x 0.071072
    ("lpg", "", "1000", "L", "1.585130136865"),  # 529.7 kg = 25.05481 GJ x 0.0632665
    ("lpg", "", "1000", "kg", "2.99250545"),  # 47.3 x 0.0632665
    ("lpg", "", "1", "t", "2.99250545"),
    ("lpg", "", "10", "GJ", "0.632665"),
    ("lpg", "mobile", "1", "t", "3.0692497"),  # 47.3 x 0.064889
]


@pytest.fixture
def table(db):  # type: ignore[no-untyped-def]
    return factor_table(FactorSet.objects.get(version=2), 2026)


@pytest.mark.parametrize(("kind", "use", "quantity", "unit", "expected"), PAIRS)
def test_each_unit_and_type_computes_its_hand_checked_result(  # type: ignore[no-untyped-def]
    table, kind, use, quantity, unit, expected
) -> None:
    row = {"energy_type": kind, "quantity": quantity, "unit": unit}
    if use:
        row["use"] = use
    result = calculate(energy=[row], refrigerants=[], revenue=None, factors=table)
    (line,) = result.lines
    assert line.computed and line.tco2e == D(expected) and line.tco2e > 0
    scope = 2 if kind in ("purchased_electricity", "purchased_heat_steam") else 1
    assert (result.scope1, result.scope2) == ((D(expected), 0) if scope == 1 else (0, D(expected)))
    assert line.activity == (f"{kind}:mobile" if use == "mobile" else kind)


def test_every_offered_unit_of_every_type_with_a_factor_is_in_the_table() -> None:
    tested = {(kind, unit) for kind, _use, _q, unit, _e in PAIRS}
    offered = {
        (kind, unit)
        for kind, units in ENERGY_UNITS.items()
        if kind not in ("other_fuel", "onsite_renewable")  # no factor; zero by definition
        for unit in units
    }
    assert offered == tested


@pytest.mark.parametrize("unit", ["kWh", "MWh", "GJ"])
def test_on_site_renewables_are_computed_as_zero_not_left_out(table, unit) -> None:  # type: ignore[no-untyped-def]
    result = calculate(
        energy=[{"energy_type": "onsite_renewable", "quantity": "50", "unit": unit}],
        refrigerants=[], revenue=None, factors=table,
    )  # fmt: skip
    assert result.lines[0].computed and result.lines[0].tco2e == 0 and result.flags == ()


def test_an_other_fuel_is_kept_flagged_and_out_of_the_totals(table) -> None:  # type: ignore[no-untyped-def]
    result = calculate(
        energy=[
            {"energy_type": "other_fuel", "quantity": "5", "unit": "t"},
            {"energy_type": "diesel", "quantity": "1", "unit": "t"},
        ],
        refrigerants=[], revenue="10", factors=table,
    )  # fmt: skip
    other = result.lines[0]
    assert not other.computed and other.reason == "no_factor" and other.factor is None
    assert result.scope1 == D("3.205177") and "lines_without_factor" in result.flags
    assert result.intensity == D("0.3205177")


def test_cfc_and_hcfc_are_a_memo_item_and_kyoto_gases_stay_in_scope_1(table) -> None:  # type: ignore[no-untyped-def]
    result = calculate(
        energy=[],
        refrigerants=[
            {"refrigerant": "r22", "topup_kg": "10"},  # 10 x 1760 / 1000 = 17.6, memo
            {"refrigerant": "r410a", "topup_kg": "10"},  # 10 x 1923.5 / 1000 = 19.235
            {"refrigerant": "other", "topup_kg": "2", "gwp": "100"},  # 0.2, scope 1
            {"refrigerant": "other_cfc_hcfc", "topup_kg": "5", "gwp": "79"},  # 0.395, memo
            {"refrigerant": "other", "topup_kg": "3"},  # no GWP: not computed
        ],
        revenue="1", factors=table,
    )  # fmt: skip
    assert result.scope1 == D("19.435") and result.memo_non_kyoto == D("17.995")
    assert result.intensity == D("19.435")  # the memo is outside the scopes
    assert [line.memo for line in result.lines] == [True, False, False, True, False]
    assert not result.lines[-1].computed and result.lines[-1].reason == "no_gwp"


def test_rows_without_the_use_column_are_stationary(table) -> None:  # type: ignore[no-untyped-def]
    old = calculate(
        energy=[{"energy_type": "gasoline", "quantity": "1", "unit": "t"}],
        refrigerants=[], revenue=None, factors=table,
    )  # fmt: skip
    assert old.lines[0].activity == "gasoline" and old.scope1 == D("3.0894377")


# --- Saving: the allowed units ----------------------------------------------------------------


@pytest.fixture
def energy_question(db):  # type: ignore[no-untyped-def]
    return version_load(default_questionnaire_load()).question("A2.1")


def _row(kind: str, unit: str) -> dict[str, str]:
    return {"energy_type": kind, "quantity": "10", "unit": unit, "data_quality": "metered"}


def test_a_unit_not_offered_for_its_type_is_refused_naming_the_row(energy_question) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError) as error:
        clean_value(energy_question, [_row("diesel", "L"), _row("purchased_electricity", "L")])
    assert (
        str(error.value) == "Row 2: L is not a unit of Purchased electricity; use kWh, MWh or GJ."
    )
    with pytest.raises(
        ValueError,
        match=re.escape("Row 1: thousand m³ is not a unit of Diesel; use L, kg, t or GJ."),
    ):
        clean_value(energy_question, [_row("diesel", "thousand_m3")])


def test_every_offered_unit_is_accepted(energy_question) -> None:  # type: ignore[no-untyped-def]
    rows = [_row(kind, unit) for kind, units in ENERGY_UNITS.items() for unit in units]
    assert len(clean_value(energy_question, rows)) == len(rows)


def test_the_default_questionnaire_offers_exactly_the_mapped_types_and_units(
    energy_question,
) -> None:  # type: ignore[no-untyped-def]
    by_column: dict[str, set[str]] = {}
    for choice in energy_question.choices.all():
        by_column.setdefault(choice.column.code, set()).add(choice.code)
    assert by_column["energy_type"] == set(ENERGY_UNITS)
    assert by_column["unit"] == {unit for units in ENERGY_UNITS.values() for unit in units}
    assert by_column["use"] == {"stationary", "mobile"}


def test_saving_a_unit_not_offered_is_a_field_error(officer) -> None:  # type: ignore[no-untyped-def]
    assessment = LaunchedAssessmentFactory(
        campaign__questionnaire_version=default_questionnaire_load(), campaign__created_by=officer,
        campaign__send_invitations=False,
    )  # fmt: skip
    with pytest.raises(AnswerInvalidError) as error:
        SavedAnswerFactory(
            assessment=assessment, question_code="A2.1", value=[_row("natural_gas", "L")]
        )
    assert error.value.fields["value"] == [
        "Row 1: L is not a unit of Natural gas; use m³, thousand m³ or GJ."
    ]
