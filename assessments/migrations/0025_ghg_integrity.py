"""GHG without silent zeros: the memo item for non-Kyoto gases, and factor set v2.

Factor set v1 stays as it was, so that calculations made with it can be repeated. v2 gives the
combustion factors per GJ and the conversions of every unit the energy table offers into GJ,
one row per cited figure:

- Combustion, per GJ: CO2 from IPCC 2006 Vol. 2 ch. 1 Table 1.4; CH4 and N2O of stationary
  combustion from ch. 2 Table 2.4 (commercial/institutional); CH4 and N2O of fuel burnt in
  vehicles from ch. 3 Table 3.2.2 (road transport; motor gasoline uncontrolled); converted with
  the AR5 100-year GWPs CH4 28 and N2O 265.
- Net calorific values: IPCC 2006 Vol. 2 ch. 1 Table 1.2 (GJ/t); natural gas by volume uses
  China's default 389.31 GJ per 10^4 m3 (as v1).
- Densities: diesel 0.84 and gasoline 0.74 kg/L, the conventional values v1 used; LPG
  0.5297 kg/L (liquid, UK DESNZ GHG conversion factors, fuel properties).
- Electricity: the grid factor(s) of the latest set, per MWh (kWh and GJ are exact
  conversions); purchased heat 0.11 tCO2/GJ.
- GWPs, 100 years: IPCC AR5 WG1 ch. 8 Table 8.A.1 where AR5 lists the gas. Blends are the
  mass-weighted sum of their components' AR5 GWPs (compositions of ASHRAE Standard 34;
  HFO components, which AR5 lists as <1, counted as 0). Propane (R-290), which AR5 does not
  list: 3, Regulation (EU) No 517/2014 Annex IV. CO2 (R-744): 1 by definition.
  HCFC-22 has no scope: a memo item outside the scopes (not a Kyoto gas).
"""

from decimal import Decimal

from django.db import migrations, models

AR5 = "AR5 GWP CH4 28, N2O 265"
CO2 = "CO2 IPCC 2006 Vol.2 Table 1.4"
STATIONARY = "CH4/N2O stationary, IPCC 2006 Vol.2 Table 2.4 (commercial/institutional)"
MOBILE = "CH4/N2O mobile, IPCC 2006 Vol.2 Table 3.2.2 (road transport)"


def per_gj(co2_kg: str, ch4_kg_per_tj: str, n2o_kg_per_tj: str) -> Decimal:
    """tCO2e per GJ from kg CO2/GJ, kg CH4/TJ (= g/GJ) and kg N2O/TJ, with AR5 GWPs."""
    return (
        Decimal(co2_kg) / 1000
        + Decimal(ch4_kg_per_tj) * 28 / 10**6
        + Decimal(n2o_kg_per_tj) * 265 / 10**6
    )


def combustion(fuel: str, co2: str, ch4: str, n2o: str, table: str) -> str:
    return f"{fuel}: {CO2} {co2} kg/GJ; {table} CH4 {ch4} kg/TJ, N2O {n2o} kg/TJ; {AR5}"


# (activity, unit, tCO2e per unit, scope, source)
ACTIVITY = [
    ("natural_gas", "GJ", per_gj("56.1", "5", "0.1"), 1,
     combustion("Natural gas", "56.1", "5", "0.1", STATIONARY)),
    ("diesel", "GJ", per_gj("74.1", "10", "0.6"), 1,
     combustion("Gas/diesel oil", "74.1", "10", "0.6", STATIONARY)),
    ("gasoline", "GJ", per_gj("69.3", "10", "0.6"), 1,
     combustion("Motor gasoline", "69.3", "10", "0.6", STATIONARY)),
    ("lpg", "GJ", per_gj("63.1", "5", "0.1"), 1,
     combustion("LPG", "63.1", "5", "0.1", STATIONARY)),
    ("natural_gas:mobile", "GJ", per_gj("56.1", "92", "3"), 1,
     combustion("Natural gas (CNG vehicles)", "56.1", "92", "3", MOBILE)),
    ("diesel:mobile", "GJ", per_gj("74.1", "3.9", "3.9"), 1,
     combustion("Gas/diesel oil (vehicles)", "74.1", "3.9", "3.9", MOBILE)),
    ("gasoline:mobile", "GJ", per_gj("69.3", "33", "3.2"), 1,
     combustion("Motor gasoline, uncontrolled (vehicles)", "69.3", "33", "3.2", MOBILE)),
    ("lpg:mobile", "GJ", per_gj("63.1", "62", "0.2"), 1,
     combustion("LPG (vehicles)", "63.1", "62", "0.2", MOBILE)),
    ("purchased_heat_steam", "GJ", Decimal("0.11"), 2,
     "China GHG accounting guidelines default: 0.11 tCO2/GJ"),
    ("onsite_renewable", "MWh", Decimal(0), 2, "On-site renewable generation: no emission"),
]  # fmt: skip
DEFAULT_GRID = [(2022, Decimal("0.5703"), "MEE national grid average 2022: 0.5703 tCO2/MWh")]
NCV = [
    ("diesel", "t", Decimal("43.0"), "NCV gas/diesel oil 43.0 GJ/t, IPCC 2006 Vol.2 Table 1.2"),
    ("gasoline", "t", Decimal("44.3"), "NCV motor gasoline 44.3 GJ/t, IPCC 2006 Vol.2 Table 1.2"),
    ("lpg", "t", Decimal("47.3"), "NCV LPG 47.3 GJ/t, IPCC 2006 Vol.2 Table 1.2"),
    ("natural_gas", "thousand_m3", Decimal("38.931"),
     "NCV natural gas 389.31 GJ/10^4 m3, China GHG accounting guidelines default"),
]  # fmt: skip
DENSITY = [
    ("diesel", Decimal("0.84"), "Diesel 0.84 kg/L (conventional value, as factor set v1)"),
    ("gasoline", Decimal("0.74"), "Gasoline 0.74 kg/L (conventional value, as factor set v1)"),
    ("lpg", Decimal("0.5297"), "LPG 0.5297 kg/L liquid (UK DESNZ GHG conversion factors)"),
]
AR5_TABLE = "IPCC AR5 100-year GWP (WG1 ch.8 Table 8.A.1)"
BLEND = "computed from AR5 100-year GWPs of the components (ASHRAE 34 composition): "
# (gas, GWP, scope, source); scope None: a memo item outside the scopes.
GWP = [
    ("r22", "1760", None, f"HCFC-22: {AR5_TABLE}; not a Kyoto gas, memo item"),
    ("r134a", "1300", 1, f"HFC-134a: {AR5_TABLE}"),
    ("r32", "677", 1, f"HFC-32: {AR5_TABLE}"),
    ("r410a", "1923.5", 1, BLEND + "50% R-32 (677) + 50% R-125 (3170)"),
    ("r407c", "1624.21", 1, BLEND + "23% R-32 (677) + 25% R-125 (3170) + 52% R-134a (1300)"),
    ("r404a", "3942.8", 1, BLEND + "44% R-125 (3170) + 52% R-143a (4800) + 4% R-134a (1300)"),
    ("r448a", "1273.22", 1, BLEND + "26% R-32 (677) + 26% R-125 (3170) + 21% R-134a (1300) "
     "+ 20% R-1234yf + 7% R-1234ze(E) (AR5: <1, counted as 0)"),
    ("r290", "3", 1, "Propane: not listed in AR5; 3 per Regulation (EU) No 517/2014 Annex IV"),
    ("r744", "1", 1, "CO2: 1 by definition"),
]  # fmt: skip
NOTES = __doc__


def create(apps, schema_editor):
    FactorSet = apps.get_model("assessments", "FactorSet")
    EmissionFactor = apps.get_model("assessments", "EmissionFactor")
    if FactorSet.objects.filter(name__startswith="IPCC 2006 stationary and mobile").exists():
        return
    latest = FactorSet.objects.order_by("-version").first()
    grid = [
        (row.year, row.value, row.source)
        for row in EmissionFactor.objects.filter(
            factor_set=latest, kind="activity", activity="purchased_electricity", unit="MWh"
        )
    ] if latest is not None else []  # fmt: skip
    factor_set = FactorSet.objects.create(
        version=(latest.version if latest is not None else 0) + 1,
        name="IPCC 2006 stationary and mobile fuels, unit conversions, AR5 GWPs",
        notes=NOTES,
    )

    def add(kind, activity, unit, value, scope, source, year=None):
        EmissionFactor.objects.create(
            factor_set=factor_set, kind=kind, activity=activity, unit=unit,
            value=Decimal(value).quantize(Decimal("0.000000001")), scope=scope, year=year,
            source=source,
        )  # fmt: skip

    for year, value, source in grid or DEFAULT_GRID:
        add("activity", "purchased_electricity", "MWh", value, 2, source, year)
    for activity, unit, value, scope, source in ACTIVITY:
        add("activity", activity, unit, value, scope, source)
    for fuel, unit, value, source in NCV:
        add("ncv", fuel, unit, value, None, source)
    for fuel, value, source in DENSITY:
        add("density", fuel, "L", value, None, source)
    for gas, value, scope, source in GWP:
        add("gwp", gas, "kg", value, scope, source)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0024_definition_rules")]

    operations = [
        migrations.AddField(
            model_name="ghgcalculation",
            name="memo_non_kyoto",
            field=models.DecimalField(
                decimal_places=4,
                default=0,
                max_digits=18,
                verbose_name="memo: non-Kyoto gases (tCO2e)",
            ),
        ),
        migrations.AlterField(
            model_name="emissionfactor",
            name="kind",
            field=models.CharField(
                choices=[
                    ("activity", "Activity factor (tCO2e per unit)"),
                    ("gwp", "Global warming potential (kgCO2e per kg)"),
                    ("ncv", "Net calorific value (GJ per unit)"),
                    ("density", "Density (kg per litre)"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
