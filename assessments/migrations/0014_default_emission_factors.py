"""Version 1 of the emission factors and GWPs, with their sources.

Fuels: IPCC 2006 Guidelines, Vol. 2 ch. 1 (net calorific values, Table 1.2; CO2 factors,
Table 1.4) and ch. 2 (CH4 and N2O of stationary combustion, commercial/institutional, Table 2.4),
converted with AR5 100-year GWPs (CH4 28, N2O 265); natural gas uses the Chinese default net
calorific value 389.31 GJ per 10,000 m3. Electricity: the national average grid factor
0.5703 tCO2/MWh (Ministry of Ecology and Environment, for 2022). Purchased heat: 0.11 tCO2/GJ
(the default of China's GHG accounting guidelines). Refrigerants: IPCC AR5 100-year GWPs.
"""

from decimal import Decimal

from django.db import migrations

IPCC = "IPCC 2006 Vol.2 (NCV, CO2, CH4, N2O) with AR5 GWPs"


def per_gj(co2_kg: str, ch4_g: str, n2o_g: str) -> Decimal:
    """tCO2e per GJ from kg CO2/GJ, g CH4/GJ and g N2O/GJ."""
    return Decimal(co2_kg) / 1000 + Decimal(ch4_g) * 28 / 10**6 + Decimal(n2o_g) * 265 / 10**6


NATURAL_GAS = per_gj("56.1", "5", "0.1") * Decimal("38.931")  # per thousand m3
DIESEL = per_gj("74.1", "10", "0.6") * Decimal("43.0")  # per tonne
GASOLINE = per_gj("69.3", "10", "0.6") * Decimal("44.3")
LPG = per_gj("63.1", "5", "0.1") * Decimal("47.3")

ACTIVITY = [
    ("purchased_electricity", "MWh", Decimal("0.5703"), 2, "MEE national grid average 2022: 0.5703 tCO2/MWh"),
    ("purchased_electricity", "kWh", Decimal("0.0005703"), 2, "MEE national grid average 2022: 0.5703 tCO2/MWh"),
    ("purchased_heat_steam", "GJ", Decimal("0.11"), 2, "China GHG accounting guidelines default: 0.11 tCO2/GJ"),
    ("natural_gas", "thousand_m3", NATURAL_GAS, 1, IPCC + "; NCV 389.31 GJ/10^4 m3 (China default)"),
    ("natural_gas", "m3", NATURAL_GAS / 1000, 1, IPCC + "; NCV 389.31 GJ/10^4 m3 (China default)"),
    ("diesel", "t", DIESEL, 1, IPCC + "; NCV 43.0 GJ/t"),
    ("diesel", "L", DIESEL * Decimal("0.00084"), 1, IPCC + "; NCV 43.0 GJ/t; 0.84 kg/L"),
    ("gasoline", "t", GASOLINE, 1, IPCC + "; NCV 44.3 GJ/t"),
    ("gasoline", "L", GASOLINE * Decimal("0.00074"), 1, IPCC + "; NCV 44.3 GJ/t; 0.74 kg/L"),
    ("lpg", "t", LPG, 1, IPCC + "; NCV 47.3 GJ/t"),
    ("onsite_renewable", "MWh", Decimal(0), 2, "On-site renewable generation: no emission"),
    ("onsite_renewable", "kWh", Decimal(0), 2, "On-site renewable generation: no emission"),
]
GWP = [
    ("r22", "1760"), ("r134a", "1300"), ("r410a", "1924"), ("r407c", "1624"), ("r404a", "3943"),
    ("r32", "677"), ("r448a", "1273"), ("r290", "3"), ("r744", "1"),
]  # fmt: skip


def create(apps, schema_editor):
    FactorSet = apps.get_model("assessments", "FactorSet")
    EmissionFactor = apps.get_model("assessments", "EmissionFactor")
    if FactorSet.objects.exists():
        return
    factor_set = FactorSet.objects.create(
        version=1,
        name="IPCC 2006 fuels, China grid 2022, AR5 GWPs",
        notes=__doc__,
    )
    for activity, unit, value, scope, source in ACTIVITY:
        EmissionFactor.objects.create(
            factor_set=factor_set, kind="activity", activity=activity, unit=unit,
            value=value.quantize(Decimal("0.000000001")), scope=scope, source=source,
        )  # fmt: skip
    for gas, value in GWP:
        EmissionFactor.objects.create(
            factor_set=factor_set, kind="gwp", activity=gas, unit="kg", value=Decimal(value),
            scope=1, source="IPCC AR5 100-year GWP",
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("assessments", "0013_ghg_reference_data")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
