"""Every figure factor set v2 ships, against the value its source cites: one row each.

The expected values are written out by hand (CO2 in kg/GJ / 1000 + CH4 and N2O in kg/TJ x
AR5 GWP / 10^6), never computed by the code under test, so a wrong figure fails its row."""

from decimal import Decimal as D

import pytest

from assessments.models import EmissionFactor, FactorSet

# (kind, activity, unit, value, scope, words the source must cite)
EXPECTED = [
    # Stationary combustion, tCO2e/GJ: IPCC 2006 Vol.2 Table 1.4 CO2, Table 2.4 CH4/N2O.
    ("activity", "natural_gas", "GJ", "0.0562665", 1, ["56.1 kg/GJ", "CH4 5 kg/TJ", "N2O 0.1 kg/TJ", "Table 2.4"]),  # 0.0561 + 0.00014 + 0.0000265
    ("activity", "diesel", "GJ", "0.074539", 1, ["74.1 kg/GJ", "CH4 10 kg/TJ", "N2O 0.6 kg/TJ", "Table 2.4"]),  # 0.0741 + 0.00028 + 0.000159
    ("activity", "gasoline", "GJ", "0.069739", 1, ["69.3 kg/GJ", "CH4 10 kg/TJ", "N2O 0.6 kg/TJ", "Table 2.4"]),  # 0.0693 + 0.00028 + 0.000159
    ("activity", "lpg", "GJ", "0.0632665", 1, ["63.1 kg/GJ", "CH4 5 kg/TJ", "N2O 0.1 kg/TJ", "Table 2.4"]),  # 0.0631 + 0.00014 + 0.0000265
    # Mobile combustion: IPCC 2006 Vol.2 Table 3.2.2.
    ("activity", "natural_gas:mobile", "GJ", "0.059471", 1, ["56.1 kg/GJ", "CH4 92 kg/TJ", "N2O 3 kg/TJ", "Table 3.2.2"]),  # 0.0561 + 0.002576 + 0.000795
    ("activity", "diesel:mobile", "GJ", "0.0752427", 1, ["74.1 kg/GJ", "CH4 3.9 kg/TJ", "N2O 3.9 kg/TJ", "Table 3.2.2"]),  # 0.0741 + 0.0001092 + 0.0010335
    ("activity", "gasoline:mobile", "GJ", "0.071072", 1, ["69.3 kg/GJ", "CH4 33 kg/TJ", "N2O 3.2 kg/TJ", "uncontrolled"]),  # 0.0693 + 0.000924 + 0.000848
    ("activity", "lpg:mobile", "GJ", "0.064889", 1, ["63.1 kg/GJ", "CH4 62 kg/TJ", "N2O 0.2 kg/TJ", "Table 3.2.2"]),  # 0.0631 + 0.001736 + 0.000053
    ("activity", "purchased_heat_steam", "GJ", "0.11", 2, ["0.11 tCO2/GJ"]),
    ("activity", "onsite_renewable", "MWh", "0", 2, ["no emission"]),
    ("activity", "purchased_electricity", "MWh", "0.5703", 2, ["0.5703 tCO2/MWh", "2022"]),
    # Net calorific values, GJ per unit: IPCC 2006 Vol.2 Table 1.2; natural gas China default.
    ("ncv", "diesel", "t", "43.0", None, ["43.0 GJ/t", "Table 1.2"]),
    ("ncv", "gasoline", "t", "44.3", None, ["44.3 GJ/t", "Table 1.2"]),
    ("ncv", "lpg", "t", "47.3", None, ["47.3 GJ/t", "Table 1.2"]),
    ("ncv", "natural_gas", "thousand_m3", "38.931", None, ["389.31 GJ/10^4 m3"]),
    # Densities, kg/L.
    ("density", "diesel", "L", "0.84", None, ["0.84 kg/L"]),
    ("density", "gasoline", "L", "0.74", None, ["0.74 kg/L"]),
    ("density", "lpg", "L", "0.5297", None, ["0.5297 kg/L", "DESNZ"]),
    # GWPs, 100 years; no scope = memo, outside the scopes.
    ("gwp", "r22", "kg", "1760", None, ["HCFC-22", "AR5", "memo"]),
    ("gwp", "r134a", "kg", "1300", 1, ["HFC-134a", "AR5"]),
    ("gwp", "r32", "kg", "677", 1, ["HFC-32", "AR5"]),
    ("gwp", "r410a", "kg", "1923.5", 1, ["50% R-32 (677)", "50% R-125 (3170)"]),  # 338.5 + 1585
    ("gwp", "r407c", "kg", "1624.21", 1, ["23% R-32", "25% R-125", "52% R-134a"]),  # 155.71 + 792.5 + 676
    ("gwp", "r404a", "kg", "3942.8", 1, ["44% R-125", "52% R-143a (4800)", "4% R-134a"]),  # 1394.8 + 2496 + 52
    ("gwp", "r448a", "kg", "1273.22", 1, ["26% R-32", "26% R-125", "21% R-134a", "counted as 0"]),  # 176.02 + 824.2 + 273
    ("gwp", "r290", "kg", "3", 1, ["not listed in AR5", "517/2014"]),
    ("gwp", "r744", "kg", "1", 1, ["CO2"]),
]  # fmt: skip


@pytest.fixture
def v2(db) -> FactorSet:  # type: ignore[no-untyped-def]
    return FactorSet.objects.get(version=2)


@pytest.mark.parametrize(
    ("kind", "activity", "unit", "value", "scope", "cited"),
    EXPECTED,
    ids=[f"{row[0]}-{row[1]}-{row[2]}" for row in EXPECTED],
)
def test_each_shipped_figure_is_its_cited_value(v2, kind, activity, unit, value, scope, cited):  # type: ignore[no-untyped-def]
    row = EmissionFactor.objects.get(factor_set=v2, kind=kind, activity=activity, unit=unit)
    assert row.value == D(value)
    assert row.scope == scope
    for words in cited:
        assert words in row.source, (words, row.source)


def test_the_set_ships_nothing_the_table_does_not_list(v2) -> None:  # type: ignore[no-untyped-def]
    shipped = set(
        EmissionFactor.objects.filter(factor_set=v2).values_list("kind", "activity", "unit")
    )
    assert shipped == {(kind, activity, unit) for kind, activity, unit, *_rest in EXPECTED}


def test_factor_set_v1_is_kept_as_it_was(db) -> None:  # type: ignore[no-untyped-def]
    v1 = FactorSet.objects.get(version=1)
    assert v1.factors.count() == 21
    assert v1.factors.get(activity="r410a").value == 1924
    assert v1.factors.get(activity="diesel", unit="L").value == D(
        "0.002692349"
    )  # 3.205177 x 0.00084, rounded to 9 places
