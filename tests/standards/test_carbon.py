"""Carbon accounting (boilerlab.standards.carbon): default-factor and measured-carbon CO₂, electricity, CH₄/N₂O as CO₂e,
totals by period, and the CO₂ columns of evaluate.

Sources of the pinned numbers:
  * data/reference/carbon_factors.csv (the 2015 national guide for other industries, 附录二; numbers via [E1]) and the "Derived" columns of
    emissions-and-carbon.md §2.1 Table A (CC × OF × 44/12 and × NCV, printed to 3–4 digits);
  * §1.2 worked power-sector example (natural gas, CC 0.01532 tC/GJ);
  * electricity_factors.csv (沪环气〔2022〕34号 0.42; MEE/NBS national 2021–2023, regional, provincial, ETS);
  * ghg_factors.csv (IPCC 2006 Vol. 2 Ch. 2 Table 2.3) and gwp.csv (SAR/AR4/AR5/AR6).
Tolerances: ``EXACT`` (rel 1e-12) where the test repeats the library's arithmetic on the same inputs (float
round-off only); printed document values are compared after rounding to their printed digits.
"""

import shutil

import numpy as np
import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.standards.carbon import (CO2_PER_C, CarbonFactorError, carbon_factor, co2_by_period, co2_default_factor,
                              co2_electricity, co2_from_heat, co2_measured_carbon, co2_summary, electricity_factor,
                              gas_carbon_per_nm3, non_co2_co2e)
from boilerlab.base.reference import DEFAULT_DIRECTORY, load_reference

EXACT = dict(rel=1e-12, abs=0)


def test_co2_per_c_is_44_over_12():
    # §1.1: EF = CC × OF × 44/12 (the guides' value, not 44.0095/12.011)
    assert CO2_PER_C == 44.0 / 12.0


# --- default-factor route: E = FC × NCV × CC × OF × 44/12 ----------------------------------------------------

def test_natural_gas_per_10k_nm3():
    # carbon_factors natural_gas: 389.31 GJ/10⁴Nm³ × 15.3 tC/TJ /1000 × 0.99 × 44/12 = 21.62188809 t CO₂
    expected = 389.31 * 15.3 / 1000 * 0.99 * 44 / 12
    assert co2_default_factor(1.0, "natural_gas") == pytest.approx(expected, **EXACT)
    assert round(co2_default_factor(1.0, "natural_gas"), 2) == 21.62  # the issue text / Table A "21.62"


@pytest.mark.parametrize("fuel, ncv, cc, of, printed, digits", [
    # (fuel_kind, carbon_factors NCV, CC, OF) and §2.1 Table A "Derived (tCO₂/unit)" with its printed decimals
    ("anthracite", 26.7, 27.4, 94, 2.522, 3),     # 26.7×27.4/1000×0.94×44/12 = 2.52151
    ("bituminous", 19.570, 26.1, 93, 1.742, 3),   # 1.74175
    ("lignite", 11.9, 28.0, 96, 1.173, 3),        # 1.17286
    ("heavy_oil", 41.816, 21.1, 98, 3.170, 3),    # 燃料油 row: 3.17046
    ("diesel", 42.652, 20.2, 98, 3.096, 3),       # 3.09591
    ("lpg", 50.179, 17.2, 98, 3.101, 3),          # 3.10133
    ("natural_gas", 389.31, 15.3, 99, 21.62, 2),  # 21.6219
    ("lean_coal", 19.570, 26.1, 93, 1.742, 3),    # carbon_factors: no 贫煤 row, the 烟煤 row is used
])
def test_default_factor_against_table_a(fuel, ncv, cc, of, printed, digits):
    row = carbon_factor(fuel)
    assert (row["ncv_gj_per_unit"], row["carbon_tc_per_tj"], row["oxidation_pct"]) == (ncv, cc, of)
    value = co2_default_factor(1.0, fuel)
    assert value == pytest.approx(ncv * cc / 1000 * of / 100 * 44 / 12, **EXACT)
    assert round(value, digits) == printed


@pytest.mark.parametrize("fuel, printed_ef", [
    # §2.1 Table A "Derived EF (kgCO₂/GJ)" = CC × OF × 44/12, printed to 2 decimals; co2_from_heat of 1 GJ in kg
    ("anthracite", 94.44), ("bituminous", 89.00), ("lignite", 98.56), ("heavy_oil", 75.82), ("diesel", 72.59),
    ("lpg", 61.81), ("natural_gas", 55.54),
])
def test_co2_from_heat_against_table_a_ef(fuel, printed_ef):
    assert round(co2_from_heat(1.0, fuel), 2) == printed_ef


@pytest.mark.parametrize("fuel", ["natural_gas", "lpg", "diesel", "heavy_oil", "bituminous", "anthracite", "lignite",
                                  "lean_coal"])
def test_co2_from_heat_consistent_with_default_factor(fuel):
    # heat = quantity × table NCV → the same CO₂ (kg vs t): identical factors, round-off only
    quantity = 7.5
    heat = quantity * carbon_factor(fuel)["ncv_gj_per_unit"]
    assert co2_from_heat(heat, fuel) == pytest.approx(co2_default_factor(quantity, fuel) * 1000.0, **EXACT)


@pytest.mark.parametrize("fuel, quantity, unit, same_as", [
    ("diesel", 2500.0, "kg", 2.5),              # 1 kg = 1e-3 t
    ("bituminous", 1000.0, "kg", 1.0),
    ("diesel", 2.5, "t", 2.5),
    ("natural_gas", 15000.0, "Nm3", 1.5),       # 1 Nm³ = 1e-4 × 10⁴ Nm³
    ("natural_gas", 1.5, "10^4 Nm3", 1.5),
    ("natural_gas", 1.5, "万Nm3", 1.5),
])
def test_default_factor_unit_conversions(fuel, quantity, unit, same_as):
    assert co2_default_factor(quantity, fuel, unit) == pytest.approx(co2_default_factor(same_as, fuel), **EXACT)


@pytest.mark.parametrize("fuel, unit", [
    ("natural_gas", "t"), ("natural_gas", "kg"), ("diesel", "Nm3"), ("diesel", "10^4 Nm3"), ("diesel", "kWh"),
    ("natural_gas", "m3"),  # m³ at 20 °C is not Nm³ (§7): refused, not silently converted
])
def test_wrong_unit_raises(fuel, unit):
    with pytest.raises(CarbonFactorError, match="does not convert"):
        co2_default_factor(1.0, fuel, unit)


def test_unknown_fuel_raises():
    with pytest.raises(CarbonFactorError, match="no default carbon factor for 'coke'"):
        co2_default_factor(1.0, "coke")
    with pytest.raises(KeyError):  # CarbonFactorError is a KeyError
        co2_from_heat(1.0, "electric")


def test_default_factor_keeps_the_input_kind():
    series = pd.Series([1.0, 2.0], index=["jan", "feb"])
    out = co2_default_factor(series, "natural_gas")
    assert isinstance(out, pd.Series) and list(out.index) == ["jan", "feb"]
    assert out["feb"] == pytest.approx(2 * 389.31 * 15.3 / 1000 * 0.99 * 44 / 12, **EXACT)


def test_biomass_default_factor_is_zero():
    # carbon_factors biomass: CC 0, note "biogenic CO2 counted as 0"
    assert co2_from_heat(100.0, "biomass") == 0.0
    assert co2_default_factor(5.0, "biomass") == 0.0


# --- measured-carbon route (§1.2): E = FC × C × OF × 44/12 ------------------------------------------------------

def test_co2_measured_carbon_hand_value():
    # 1000 kg × 60 % C × 93 % × 44/12 = 1000·0.6·0.93·3.66667 = 2046.0 kg
    assert co2_measured_carbon(1000.0, 60.0, 93.0) == pytest.approx(2046.0, rel=1e-12)


def test_co2_measured_carbon_vectorised():
    out = co2_measured_carbon(pd.Series([1000.0, 500.0], index=[4, 8]), 60.0, np.array([93.0, 100.0]))
    assert list(out.index) == [4, 8]
    # 500·0.6·1.0·44/12 = 1100 kg
    np.testing.assert_allclose(out.to_numpy(), [2046.0, 1100.0], rtol=1e-12)


def test_gas_carbon_per_nm3():
    # pure CH₄: 1 C atom per molecule, 1 kmol = 22.414 Nm³ → 12.011/22.414 = 0.535870 kg C/Nm³
    assert gas_carbon_per_nm3({"ch4_pct": 100.0}) == pytest.approx(12.011 / 22.414, **EXACT)
    # mixture: Σ x·n_C = 96·1 + 1.8·2 + 0.4·3 + 0.1·4 + 0.7·1 (CO₂ carbon) = 101.9 % → 1.019·12.011/22.414
    mix = dict(ch4_pct=96.0, c2h6_pct=1.8, c3h8_pct=0.4, c4h10_pct=0.1, n2_pct=1.0, co2_pct=0.7)
    assert gas_carbon_per_nm3(mix) == pytest.approx(1.019 * 12.011 / 22.414, **EXACT)
    # CO and CO₂ carry one carbon each, H₂/N₂ none
    assert gas_carbon_per_nm3({"co_pct": 50.0, "h2_pct": 50.0}) == pytest.approx(0.5 * 12.011 / 22.414, **EXACT)


def test_power_sector_worked_example_section_1_2(tmp_path):
    """§1.2 template "化石燃料燃烧排放-发电-2023": 21 × 10⁴ Nm³ of natural gas, NCV 389.31, CC 0.01532 tC/GJ, OF 99 %.

    Tested: (1) the arithmetic chain with the library's CO2_PER_C; (2) co2_from_heat and co2_default_factor
    with CC 15.32 tC/TJ in an edited copy of the reference tables (the power-sector default instead of the
    GB/T 32151 15.3). The template's 454.33 t uses C_ar rounded to 5.96 tC/10⁴Nm³; the unrounded chain gives
    454.65 t (0.07 % higher).
    """
    heat = 21 * 389.31
    assert round(heat, 2) == 8175.51  # GJ, as printed
    c_ar = 389.31 * 0.01532  # tC/10⁴Nm³ = 5.96423
    assert round(c_ar, 2) == 5.96
    assert round(21 * round(c_ar, 2) * 0.99 * CO2_PER_C, 2) == 454.33  # the template's E with rounded C_ar
    unrounded = 21 * c_ar * 0.99 * CO2_PER_C  # = 454.653 t
    assert round(unrounded, 2) == 454.65

    folder = tmp_path / "reference"
    shutil.copytree(DEFAULT_DIRECTORY, folder)
    path = folder / "carbon_factors.csv"
    text = path.read_text(encoding="utf-8")
    old = "natural_gas,天然气,10^4 Nm3,389.31,15.3,99,"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "natural_gas,天然气,10^4 Nm3,389.31,15.32,99,"), encoding="utf-8")
    edited = load_reference(folder)
    # same product in a different order of multiplication: float round-off only
    assert co2_from_heat(heat, "natural_gas", edited) / 1000 == pytest.approx(unrounded, rel=1e-12)
    assert co2_default_factor(21.0, "natural_gas", reference=edited) == pytest.approx(unrounded, rel=1e-12)
    # and the route of co2_measured_carbon with C_ar per 10⁴ Nm³ (t/t units → t): 21 × 5.96423 × 0.99 × 44/12
    assert co2_measured_carbon(21.0, c_ar * 100, 99.0) == pytest.approx(unrounded, rel=1e-12)


# --- electricity (§3) -----------------------------------------------------------------------------------------------

def test_electricity_factor_shanghai_default():
    row = electricity_factor()
    # electricity_factors SH-local-2022: 4.2 t CO₂/10⁴ kWh = 0.42 kg/kWh, 沪环气〔2022〕34号
    assert row["factor_id"] == "SH-local-2022" and row["kg_co2_per_kwh"] == 0.42
    assert row["source_document"] == "沪环气〔2022〕34号"


@pytest.mark.parametrize("kwargs, factor_id, value", [
    (dict(region="national"), "CN-avg-2023", 0.5306),             # default_for national: MEE/NBS 2023
    (dict(region="national", year=2021), "CN-avg-2021", 0.5568),
    (dict(region="national", year=2022), "CN-avg-2022", 0.5366),
    (dict(region="east_china"), "EC-avg-2023", 0.5500),           # default_for east_china
    (dict(region="east_china", year=2022), "EC-avg-2022", 0.5617),
    (dict(region="shanghai_province"), "SH-prov-2022", 0.5849),   # no default row: the latest year
    (dict(region="national_ets"), "ETS-grid-2022", 0.5703),
    (dict(factor_id="SH-prov-2021"), "SH-prov-2021", 0.5834),
    (dict(region="anything", factor_id="CN-avg-2022"), "CN-avg-2022", 0.5366),  # the id wins
])
def test_electricity_factor_selection(kwargs, factor_id, value):
    row = electricity_factor(**kwargs)
    assert row["factor_id"] == factor_id and row["kg_co2_per_kwh"] == value


@pytest.mark.parametrize("kwargs", [dict(region="mars"), dict(region="shanghai", year=2023),
                                    dict(factor_id="CN-avg-1999")])
def test_electricity_factor_unknown_raises(kwargs):
    with pytest.raises(CarbonFactorError, match="no electricity factor"):
        electricity_factor(**kwargs)


def test_electricity_regions_never_mix_factor_types():
    # §3.2: "record the factor type and data year, never mix types" — one type per region
    table = load_reference().tables["electricity_factors"]
    assert (table.groupby("region")["factor_type"].nunique() == 1).all()


def test_co2_electricity():
    # E = AD × EF: 12 500 kWh × 0.42 kg/kWh = 5250 kg (§3.1; 1 kg/kWh = 1 t/MWh)
    assert co2_electricity(12500.0, 0.42) == pytest.approx(5250.0, **EXACT)
    out = co2_electricity(pd.Series([1000.0, 2000.0]), 0.5306)
    np.testing.assert_allclose(out.to_numpy(), [530.6, 1061.2], rtol=1e-12)


# --- CH₄ and N₂O as CO₂e (IPCC 2006 Table 2.3 × GWP) -----------------------------------------------------------

@pytest.mark.parametrize("fuel, gwp_set, per_tj", [
    ("natural_gas", "AR5", 1 * 28 + 0.1 * 265),     # gas 1/0.1 kg/TJ × AR5 28/265 = 54.5 kg CO₂e/TJ
    ("lpg", "AR6", 1 * 27.9 + 0.1 * 273),           # = 55.2
    ("diesel", "AR5", 3 * 28 + 0.6 * 265),          # oil 3/0.6 → 243
    ("heavy_oil", "AR4", 3 * 25 + 0.6 * 298),       # = 253.8
    ("bituminous", "AR4", 10 * 25 + 1.5 * 298),     # coal 10/1.5 → 697
    ("biomass", "SAR", 30 * 21 + 4 * 310),          # biomass 30/4, SAR 21/310 → 1870
])
def test_non_co2_co2e(fuel, gwp_set, per_tj):
    # heat GJ/1000 → TJ × Σ EF·GWP; 2500 GJ of natural gas (AR5) = 2.5·54.5 = 136.25 kg CO₂e
    assert non_co2_co2e(2500.0, fuel, gwp_set) == pytest.approx(2.5 * per_tj, **EXACT)


def test_non_co2_default_set_is_ar6():
    # AR6 the default (gwp.csv note, review of issue 12): 1 kg CH₄/TJ × 27.9 + 0.1 kg N₂O/TJ × 273 = 55.2
    assert non_co2_co2e(1000.0, "natural_gas") == pytest.approx(55.2, **EXACT)


def test_non_co2_unknown_gwp_set_raises():
    with pytest.raises(KeyError, match="unknown GWP set 'AR7'"):
        non_co2_co2e(1000.0, "natural_gas", "AR7")


# --- totals by period -----------------------------------------------------------------------------------------------

NG = 389.31 * 15.3 / 1000 * 0.99 * 44 / 12          # t CO₂ per 10⁴ Nm³ (carbon_factors natural_gas)
DIESEL = 42.652 * 20.2 / 1000 * 0.98 * 44 / 12      # t CO₂ per t (carbon_factors diesel)
EF_SH = 0.42                                        # kg/kWh = t/MWh (SH-local-2022)
FUEL_USE = pd.DataFrame([
    # boiler, month, fuel, quantity, unit                       hand CO₂ [t]
    ("B1", "2024-01", "natural_gas", 2.0, "10^4 Nm3"),          # 2·NG = 43.24378
    ("B1", "2024-02", "natural_gas", 15000.0, "Nm3"),           # 1.5·NG = 32.43283
    ("B1", "2024-01", "electric", 1000.0, "kWh"),               # 1000·0.42/1000 = 0.42
    ("B2", "2024-01", "diesel", 3.0, "t"),                      # 3·DIESEL = 9.28773
    ("B2", "2024-02", "electric", 2.0, "MWh"),                  # 2000·0.42/1000 = 0.84
    ("B2", "2024-02", "natural_gas", 0.5, "万Nm3"),              # 0.5·NG = 10.81094
], columns=["boiler_id", "month", "fuel_kind", "quantity", "unit"])
BOILERS = pd.DataFrame({"boiler_id": ["B1", "B2"], "town": ["Town A", "Town B"], "unit_name": ["Unit 1", "Unit 2"]})
HAND = np.array([2 * NG, 1.5 * NG, 1.0 * EF_SH, 3 * DIESEL, 2.0 * EF_SH, 0.5 * NG])


def summary_dict(frame, by):
    table = co2_summary(frame, by)
    return dict(zip(table[by], table["co2_t"]))


def test_co2_by_period_per_record():
    out = co2_by_period(FUEL_USE, BOILERS)
    np.testing.assert_allclose(out["co2_t"].to_numpy(), HAND, rtol=1e-12)  # same factors, round-off only
    assert list(out["town"]) == ["Town A"] * 3 + ["Town B"] * 3
    assert list(out["unit_name"]) == ["Unit 1"] * 3 + ["Unit 2"] * 3
    assert list(out["year"]) == ["2024"] * 6
    assert out.loc[0, "co2_method"] == ("carbon_factors natural_gas "
                                        "(《工业其他行业企业温室气体排放核算方法与报告指南（试行）》 (发改办气候〔2015〕1722号))")
    assert out.loc[2, "co2_method"].startswith("electricity_factors SH-local-2022")
    assert out.loc[3, "co2_method"].startswith("carbon_factors diesel (《工业其他行业企业温室气体排放核算方法与报告指南")


def test_co2_summary_totals_equal_hand_sums():
    out = co2_by_period(FUEL_USE, BOILERS)
    by_boiler = summary_dict(out, "boiler_id")
    assert by_boiler["B1"] == pytest.approx(3.5 * NG + 0.42, rel=1e-12)   # 75.67661 + 0.42
    assert by_boiler["B2"] == pytest.approx(3 * DIESEL + 0.84 + 0.5 * NG, rel=1e-12)
    by_town = summary_dict(out, "town")
    assert by_town == pytest.approx({"Town A": by_boiler["B1"], "Town B": by_boiler["B2"]}, rel=1e-12)
    by_fuel = summary_dict(out, "fuel_kind")
    assert by_fuel == pytest.approx({"natural_gas": 4.0 * NG, "diesel": 3 * DIESEL, "electric": 1.26}, rel=1e-12)
    by_month = summary_dict(out, "month")
    assert by_month == pytest.approx({"2024-01": 2 * NG + 0.42 + 3 * DIESEL,
                                      "2024-02": 1.5 * NG + 0.84 + 0.5 * NG}, rel=1e-12)
    assert summary_dict(out, "year")["2024"] == pytest.approx(HAND.sum(), rel=1e-12)
    two_keys = co2_summary(out, ["month", "fuel_kind"])
    jan_gas = two_keys[(two_keys["month"] == "2024-01") & (two_keys["fuel_kind"] == "natural_gas")]["co2_t"]
    assert jan_gas.item() == pytest.approx(2 * NG, rel=1e-12)
    assert len(two_keys) == 5  # 2024-01: gas, electric, diesel; 2024-02: gas, electric


def test_co2_by_period_national_electricity():
    out = co2_by_period(FUEL_USE, electricity_region="national")
    # records of 2024 take the latest national factor published before 2025 (electricity_factors valid_from_year):
    # CN-avg-2021 0.5568 t/MWh (公告2024年第12号): 1 MWh → 0.5568 t, 2 MWh → 1.1136 t
    np.testing.assert_allclose(out.loc[[2, 4], "co2_t"].to_numpy(), [0.5568, 1.1136], rtol=1e-12)
    assert out.loc[2, "co2_method"].startswith("electricity_factors CN-avg-2021")


def test_electricity_factor_follows_the_record_year():
    # Shanghai: 7.88 t/10⁴ kWh before 2022, 4.2 from 2022 (沪环气〔2022〕34号): 1000 kWh → 0.788 t and 0.42 t
    records = pd.DataFrame([("B1", "2021-12", "electric", 1000.0, "kWh"), ("B1", "2022-01", "electric", 1000.0, "kWh")],
                           columns=FUEL_USE.columns)
    out = co2_by_period(records)
    np.testing.assert_allclose(out["co2_t"].to_numpy(), [0.788, 0.42], rtol=1e-12)
    assert out.loc[0, "co2_method"].startswith("electricity_factors SH-local-legacy")


def test_unknown_unit_or_fuel_is_reported_not_counted():
    records = pd.concat([FUEL_USE, pd.DataFrame([
        ("B2", "2024-02", "coke", 1.0, "t"),
        ("B2", "2024-02", "natural_gas", 100.0, "m3"),
        ("B2", "2024-02", "electric", 1.0, "GWh"),
        ("B2", "2024-02", "diesel", 1.0, "Nm3"),
    ], columns=FUEL_USE.columns)], ignore_index=True)
    out = co2_by_period(records, BOILERS)
    bad = out.iloc[6:]
    assert bad["co2_t"].isna().all()
    assert bad.iloc[0]["co2_method"] == "no carbon factor for coke"
    assert "quantity unit 'm3' does not convert" in bad.iloc[1]["co2_method"]
    assert bad.iloc[2]["co2_method"] == "unit not one of kWh, MWh, 万kWh"
    assert "quantity unit 'Nm3' does not convert to the table's 't'" in bad.iloc[3]["co2_method"]
    # the totals skip them: unchanged from the clean frame
    assert summary_dict(out, "town")["Town B"] == pytest.approx(3 * DIESEL + 0.84 + 0.5 * NG, rel=1e-12)


def test_blank_unit_is_reported():
    records = pd.DataFrame([("B1", "2024-01", "diesel", 1.0, None)], columns=FUEL_USE.columns)
    out = co2_by_period(records)
    assert out.loc[0, "co2_method"] != ""


def test_biomass_records_count_zero():
    records = pd.DataFrame([("B1", "2024-01", "biomass", 5.0, "t")], columns=FUEL_USE.columns)
    out = co2_by_period(records)
    assert out.loc[0, "co2_t"] == 0.0
    assert co2_summary(out, "boiler_id")["co2_t"].item() == 0.0


def test_concatenated_months_with_repeated_index():
    records = pd.concat([FUEL_USE.iloc[:3], FUEL_USE.iloc[3:].reset_index(drop=True)])  # index 0, 1, 2, 0, 1, 2
    assert list(records.index) == [0, 1, 2, 0, 1, 2]
    # both gas and diesel present so that the per-(fuel, unit) groups need the index lookup
    out = co2_by_period(records)
    np.testing.assert_allclose(out["co2_t"].to_numpy(), HAND, rtol=1e-12)


def test_non_default_index_is_kept_and_results_align():
    records = FUEL_USE.set_axis([10, 20, 30, 40, 50, 60])
    out = co2_by_period(records)
    assert list(out.index) == [10, 20, 30, 40, 50, 60]
    np.testing.assert_allclose(out["co2_t"].to_numpy(), HAND, rtol=1e-12)


@pytest.mark.parametrize("missing", ["boiler_id", "month", "fuel_kind", "quantity", "unit"])
def test_missing_columns_raise(missing):
    with pytest.raises(KeyError, match=f"missing: \\['{missing}'\\]"):
        co2_by_period(FUEL_USE.drop(columns=missing))


def test_co2_by_period_does_not_modify_its_input():
    before = FUEL_USE.copy()
    co2_by_period(FUEL_USE, BOILERS)
    pd.testing.assert_frame_equal(FUEL_USE, before)


# --- through boilerlab.evaluate -------------------------------------------------------------------------------------

GAS = dict(test_id="g1", boiler_kind="steam", fuel_kind="natural_gas", combustion="chamber", condensing="false",
           rated_capacity_t_h=4.0, barometric_kpa=101.3, ch4_pct=96.0, c2h6_pct=1.8, c3h8_pct=0.4, c4h10_pct=0.1,
           n2_pct=1.0, co2_pct=0.7, fuel_rate_nm3_h=300.0, steam_flow_kg_h=4000.0, steam_pressure_mpa_g=0.8,
           steam_humidity_pct=1.0, feedwater_temp_c=60.0, blowdown_flow_kg_h=100.0, flue_temp_c=140.0,
           air_temp_c=20.0, air_humidity_g_kg=8.0, flue_o2_pct=3.5, flue_co_ppm=30.0)
DIESEL_ROW = dict(test_id="d1", boiler_kind="steam", fuel_kind="diesel", combustion="chamber", condensing="false",
                  rated_capacity_t_h=4.0, barometric_kpa=101.3, lhv_ar_kj_kg=42652.0, fuel_rate_kg_h=250.0,
                  steam_flow_kg_h=4000.0, steam_pressure_mpa_g=0.8, feedwater_temp_c=60.0)
ELECTRIC = dict(test_id="e1", boiler_kind="hot_water", fuel_kind="electric", condensing="false", rated_capacity_mw=1.0,
                electric_power_kw=1000.0, water_flow_kg_h=21000.0, supply_temp_c=70.0, return_temp_c=30.0)
BIOMASS = dict(test_id="b1", boiler_kind="steam", fuel_kind="biomass", combustion="grate", condensing="false",
               rated_capacity_t_h=10.0, barometric_kpa=101.3, fuel_rate_kg_h=3000.0, steam_flow_kg_h=9000.0,
               steam_pressure_mpa_g=1.0, feedwater_temp_c=60.0)
COAL = dict(test_id="c1", boiler_kind="steam", fuel_kind="bituminous", combustion="grate", condensing="false",
            rated_capacity_t_h=10.0, barometric_kpa=101.3, c_ar_pct=55.0, h_ar_pct=3.5, o_ar_pct=8.0, n_ar_pct=0.9,
            s_ar_pct=0.6, ash_ar_pct=22.0, moisture_ar_pct=10.0, vdaf_pct=32.0, lhv_ar_kj_kg=21000.0,
            fuel_rate_kg_h=1500.0, steam_flow_kg_h=9000.0, steam_pressure_mpa_g=1.0, feedwater_temp_c=60.0)
HOT_WATER_GAS = dict(test_id="w1", boiler_kind="hot_water", fuel_kind="natural_gas", combustion="chamber",
                     condensing="false", rated_capacity_mw=2.8, fuel_rate_nm3_h=280.0, water_flow_kg_h=86000.0,
                     supply_temp_c=85.0, return_temp_c=60.0)


@pytest.fixture(scope="module")
def carbon_rows():
    out = evaluate(pd.DataFrame([GAS, DIESEL_ROW, ELECTRIC, BIOMASS, COAL, HOT_WATER_GAS]))
    assert (out["error"] == "").all(), list(out["error"])
    return out.set_index("test_id")


def intensity(row):
    # kg CO₂/h ÷ (kW × 3.6e-3 GJ/h per kW) = kg CO₂ per GJ of useful heat
    return row["co2_kg_h"] / (row["heat_output_kw"] * 0.0036)


def test_evaluate_gas_measured_composition(carbon_rows):
    row = carbon_rows.loc["g1"]
    # 300 Nm³/h × Σx·n_C (1.019) × 12.011/22.414 × 0.99 (carbon_factors OF) × 44/12 = 594.651 kg/h
    expected = 300.0 * 1.019 * 12.011 / 22.414 * 0.99 * 44 / 12
    assert row["co2_kg_h"] == pytest.approx(expected, **EXACT)
    assert row["co2_intensity_kg_gj"] == pytest.approx(intensity(row), **EXACT)
    assert row["co2_method"] == "measured carbon of the test fuel × OF × 44/12 (carbon_factors OF)"


def test_evaluate_diesel_default_route(carbon_rows):
    row = carbon_rows.loc["d1"]
    # only the LHV given: 250 kg/h × 42652 kJ/kg /1e6 × 20.2 kgC/GJ × 0.98 × 44/12 = 773.977 kg/h
    expected = 250.0 * 42652.0 / 1e6 * 20.2 * 0.98 * 44 / 12
    assert row["co2_kg_h"] == pytest.approx(expected, **EXACT)
    assert row["co2_intensity_kg_gj"] == pytest.approx(intensity(row), **EXACT)
    assert row["co2_method"].startswith("test Q_net × default carbon per heat × OF × 44/12")
    assert row["co2_method"].endswith("(carbon_factors)")  # the table's rows name their source (issue 12)
    # at the table NCV the hourly CO₂ equals co2_default_factor of 0.25 t
    assert row["co2_kg_h"] == pytest.approx(co2_default_factor(0.25, "diesel") * 1000, **EXACT)


def test_evaluate_gas_without_composition_uses_the_default_route(carbon_rows):
    row = carbon_rows.loc["w1"]
    # 280 Nm³/h × LHV (kJ/Nm³, library composition) /1e6 × 15.3 × 0.99 × 44/12
    expected = 280.0 * row["lhv_used"] / 1e6 * 15.3 * 0.99 * 44 / 12
    assert row["co2_kg_h"] == pytest.approx(expected, **EXACT)
    assert row["co2_method"].startswith("test Q_net × default carbon per heat")


def test_evaluate_electric(carbon_rows):
    row = carbon_rows.loc["e1"]
    # 1000 kW × 0.42 kg/kWh (SH-local-2022) = 420 kg/h
    assert row["co2_kg_h"] == pytest.approx(420.0, **EXACT)
    assert row["co2_intensity_kg_gj"] == pytest.approx(intensity(row), **EXACT)
    assert row["co2_method"] == "electricity_factors SH-local-2022 (上海市碳排放核算电力排放因子, 2022)"


def test_evaluate_biomass_is_zero(carbon_rows):
    row = carbon_rows.loc["b1"]
    assert row["co2_kg_h"] == 0.0 and row["co2_intensity_kg_gj"] == 0.0
    assert row["co2_method"].startswith("biogenic CO2 counted as 0")


def test_evaluate_solid_measured_carbon(carbon_rows):
    row = carbon_rows.loc["c1"]
    # analysis given: 1500 kg/h × 55 % C × 0.93 (carbon_factors bituminous OF) × 44/12 = 2813.25 kg/h
    assert row["co2_kg_h"] == pytest.approx(1500 * 0.55 * 0.93 * 44 / 12, **EXACT)
    assert row["co2_kg_h"] == pytest.approx(co2_measured_carbon(1500.0, 55.0, 93.0), **EXACT)
    assert row["co2_method"].startswith("measured carbon of the test fuel")


def test_evaluate_no_fuel_rate_no_co2():
    row = {k: v for k, v in DIESEL_ROW.items() if k != "fuel_rate_kg_h"}
    out = evaluate(pd.DataFrame([dict(row, flue_temp_c=180.0, air_temp_c=20.0, flue_o2_pct=4.0)])).iloc[0]
    assert np.isnan(out["co2_kg_h"]) and np.isnan(out["co2_intensity_kg_gj"]) and out["co2_method"] == ""
