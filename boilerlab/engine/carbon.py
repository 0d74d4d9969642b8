"""Step 5: the CO₂ of the test — from the fuel's carbon (measured composition or analysis) or the default factors of
the fuel library; electricity by the grid factor of the test year."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.base.row_messages import RowMessages
from boilerlab.standards.carbon import CO2_PER_C, electricity_factor
from boilerlab.engine.rows import Rows, choose, text_labels
from boilerlab.engine.emissions import DEFAULT_JURISDICTION



def carbon_results(data: pd.DataFrame, rows: Rows, fuel: dict[str, Any], heat_output_kw: np.ndarray, failed: np.ndarray,
            ref: ReferenceData, warnings: RowMessages) -> dict[str, Any]:
    """CO₂ per hour of test and per GJ of useful heat (the route is named in ``co2_method``)."""
    n = len(data)
    state = fuel["state"]
    kinds = text_labels(data, "fuel_kind")
    table = ref.tables["carbon_factors"].set_index("fuel_kind").reindex(kinds.categories + [None])
    carbon_per_tj = table["carbon_tc_per_tj"].to_numpy(float)[kinds.codes]
    oxidation = table["oxidation_pct"].to_numpy(float)[kinds.codes] / 100.0
    biogenic = kinds == "biomass"
    gas = state == "gas"
    solid_liquid = (state == "solid") | (state == "liquid")
    rate = np.where(gas, rows["fuel_rate_nm3_h"], rows["fuel_rate_kg_h"])
    if "gas_density" in fuel:  # gas metered by mass
        rate = np.where(gas & np.isnan(rate), rows["fuel_rate_kg_h"] / fuel["gas_density"], rate)
    # default-factor route with the test's own net heating value: B·Q_net → GJ/h × kgC/GJ × OF × 44/12
    by_default = rate * fuel["lhv"] / 1e6 * carbon_per_tj * oxidation * CO2_PER_C
    measured_solid = solid_liquid & ~np.isnan(rows["c_ar_pct"]) & ~biogenic  # the test's own carbon, not the library's
    by_carbon = rate * fuel["c_ar_pct"] / 100.0 * oxidation * CO2_PER_C
    measured_gas = gas & fuel["composition_measured"]
    by_gas_carbon = rate * fuel["gas_carbon_kg_nm3"] * oxidation * CO2_PER_C
    electric = state == "electric"
    # the electricity factor of the row's jurisdiction in force in the test year (electric rows only)
    factor_value = np.full(n, np.nan)
    factor_label = np.full(n, "", dtype=object)
    if electric.any():
        index = np.flatnonzero(electric)
        place = data["jurisdiction"].astype(object).to_numpy()[index]
        place = np.where(pd.isna(place), DEFAULT_JURISDICTION, place)
        years = pd.DatetimeIndex(data["test_date"].to_numpy(dtype="datetime64[D]")[index]).year.to_numpy(dtype=float)
        years = np.where(np.isnan(years), pd.Timestamp.today().year, years)
        for region, year in set(zip(place, years)):
            chosen = electricity_factor(region, at_year=int(year), reference=ref)
            here = index[(place == region) & (years == year)]
            factor_value[here] = chosen["kg_co2_per_kwh"]
            factor_label[here] = (f"electricity_factors {chosen['factor_id']} ({chosen['factor_type']}, "
                                  f"{chosen['data_year']})")
    by_power = rows["electric_power_kw"] * factor_value
    co2 = np.select([biogenic, electric, measured_solid, measured_gas], [0.0 * rate, by_power, by_carbon, by_gas_carbon],
                    by_default)
    co2 = np.where(failed, np.nan, co2)
    labels = sorted({label for label in factor_label[electric & ~np.isnan(co2)]})
    method = choose(
        [np.isnan(co2), biogenic] + [electric & (factor_label == label) for label in labels] +
        [measured_solid | measured_gas],
        ["", "biogenic CO2 counted as 0 (carbon_factors biomass, UNCONFIRMED)"] + labels +
        ["measured carbon of the test fuel × OF × 44/12 (carbon_factors OF)"],
        "test Q_net × default carbon per heat × OF × 44/12 (carbon_factors)")
    warnings.add(~failed & np.isnan(co2) & ~np.isnan(heat_output_kw), "无燃料消耗量或电功率, 不计算 CO₂")
    with np.errstate(invalid="ignore", divide="ignore"):
        intensity = co2 / (heat_output_kw * 3.6e-3)  # kW → GJ/h
    return {"co2_kg_h": co2, "co2_intensity_kg_gj": intensity, "co2_method": method}
