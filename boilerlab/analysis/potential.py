"""Energy-saving potential of tested boilers (节能潜力), on the same heat-loss model as the test.

Each measure changes the test record the way the retrofit would change the exhaust and re-runs
:func:`boilerlab.evaluate`, so the saving comes from the very losses q₂…q₆ the report shows:

* ``lower_o2`` — burner tuning: flue O₂ down to the target of the fuel (``o2_target_*``);
* ``economiser`` — an economiser (省煤器): exhaust temperature down to ``economiser_flue_temp``;
* ``condensing`` — a condensing retrofit of a gas boiler: exhaust at ``condensing_flue_temp``, but never
  below the return (or feed) water temperature + 10 K, with the condensation heat counted.

The useful heat stays what the test measured, so the fuel saved is
ΔB = B·(1 − η₂,before/η₂,after) with B the measured fuel rate (or Q₁/(η₂·Q_net) when it was not
measured); over a year ΔB × hours, with its cost at the given price and its CO₂ by the test's own
CO₂ per unit of fuel. The targets are UNCONFIRMED engineering defaults in ``method_constants``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boilerlab.engine.pipeline import RESULT_COLUMNS
from boilerlab.intake.evaluate import evaluate
from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.base.vocabulary import codes

MEASURES = codes("saving_measure")
GAS_FUELS = ("natural_gas", "lpg")
#: Smallest difference between the exhaust and the water cooling it in a condensing heat exchanger. [K]
CONDENSING_APPROACH_K = 10.0


def _variants(records: pd.DataFrame, ref: ReferenceData) -> dict[str, tuple[pd.DataFrame, np.ndarray]]:
    """Each measure's modified records and the rows it applies to."""
    fuel = records["fuel_kind"].astype(object).to_numpy()
    o2 = pd.to_numeric(records["flue_o2_pct"], errors="coerce").to_numpy(float)
    flue = pd.to_numeric(records["flue_temp_c"], errors="coerce").to_numpy(float)
    condensing = records["condensing"].astype(bool).to_numpy()
    gas = np.isin(fuel, GAS_FUELS)
    oil = np.isin(fuel, ("diesel", "heavy_oil"))
    target_o2 = np.select([gas, oil], [ref.constant("o2_target_gas"), ref.constant("o2_target_oil")],
                          ref.constant("o2_target_solid"))
    economiser = ref.constant("economiser_flue_temp")
    condensing_flue = ref.constant("condensing_flue_temp")
    variants = {}
    applies = o2 > target_o2
    variants["lower_o2"] = (records.assign(flue_o2_pct=np.where(applies, target_o2, o2), flue_co2_pct=np.nan), applies)
    applies = flue > economiser
    variants["economiser"] = (records.assign(flue_temp_c=np.where(applies, economiser, flue)), applies)
    # the exhaust cannot leave colder than the water that cools it: return (hot water) or feedwater (steam)
    # plus a 10 K approach; no cold-side temperature, no retrofit estimate
    cold = np.where(records["boiler_kind"].astype(object).to_numpy() == "steam",
                    pd.to_numeric(records["feedwater_temp_c"], errors="coerce").to_numpy(float),
                    pd.to_numeric(records["return_temp_c"], errors="coerce").to_numpy(float))
    target = np.maximum(condensing_flue, cold + CONDENSING_APPROACH_K)
    applies = gas & ~condensing & (flue > target) & ~np.isnan(cold)
    variants["condensing"] = (records.assign(flue_temp_c=np.where(applies, target, flue),
                                             condensing=np.where(applies, True, condensing)), applies)
    return variants


def saving_potential(records: pd.DataFrame, *, hours: float, fuel_price: float | dict[str, float] | None = None,
                     reference: ReferenceData | None = None) -> pd.DataFrame:
    """Annual fuel, cost and CO₂ each retrofit measure would save on each tested boiler.

    Parameters
    ----------
    records : pandas.DataFrame
        Test records in the interchange columns (as for :func:`boilerlab.evaluate`).
    hours : float
        Operating hours per year at the test load. [h/a]
    fuel_price : float or dict, optional
        Fuel price per unit of fuel (CNY/Nm³ for gas, CNY/kg for solid and liquid fuels), one value or
        one per ``fuel_kind``. [CNY per unit]

    Returns
    -------
    pandas.DataFrame
        One row per test and applicable measure: ``test_id``, ``measure``, ``eta_before_pct``,
        ``eta_after_pct`` (η₂, net basis), ``fuel_saved_per_year`` with ``fuel_unit`` (Nm³ or kg),
        ``cost_saved_cny``, ``co2_saved_t`` and ``change`` (what the measure assumes).
    """
    ref = reference or load_reference()
    # η₂ before and after is all a measure needs; its uncertainty would only cost time
    base = evaluate(records, reference=ref, uncertainty=False)
    eta_before = base["eta_indirect_pct"].to_numpy(float)
    gas = base["fuel_basis_unit"].astype(str).to_numpy() == "kJ/Nm3"
    rate = np.where(gas, base["fuel_rate_nm3_h"].to_numpy(float), base["fuel_rate_kg_h"].to_numpy(float))
    modelled_rate = base["heat_output_kw"].to_numpy(float) * 3600.0 / (eta_before / 100.0 * base["lhv_used"].to_numpy(float))
    rate = np.where(np.isnan(rate), modelled_rate, rate)
    co2_per_unit = base["co2_kg_h"].to_numpy(float) / rate
    rows = []
    inputs = base[[c for c in base.columns if c not in RESULT_COLUMNS]]  # canonical names, parsed values
    for measure, (variant, applies) in _variants(inputs, ref).items():
        after = evaluate(variant, reference=ref, uncertainty=False)
        eta_after = after["eta_indirect_pct"].to_numpy(float)
        saved_rate = rate * (1.0 - eta_before / eta_after)
        keep = applies & ~np.isnan(saved_rate) & (saved_rate > 0)
        for i in np.flatnonzero(keep):
            kind = str(base["fuel_kind"].iloc[i])
            price = fuel_price.get(kind) if isinstance(fuel_price, dict) else fuel_price
            saved = saved_rate[i] * hours
            rows.append({
                "test_id": base["test_id"].iloc[i], "fuel_kind": kind, "measure": measure,
                "change": _describe(measure, inputs.iloc[i], variant.iloc[i]),
                "eta_before_pct": eta_before[i], "eta_after_pct": eta_after[i],
                "fuel_saved_per_year": saved, "fuel_unit": "Nm3" if gas[i] else "kg",
                "cost_saved_cny": saved * price if price is not None else np.nan,
                "co2_saved_t": saved * co2_per_unit[i] / 1000.0,
            })
    columns = ["test_id", "fuel_kind", "measure", "change", "eta_before_pct", "eta_after_pct", "fuel_saved_per_year",
               "fuel_unit", "cost_saved_cny", "co2_saved_t"]
    return pd.DataFrame(rows, columns=columns)


def _describe(measure: str, before: pd.Series, after: pd.Series) -> str:
    """What the measure changes, in the words of the table a person reads (the measure's code has its own label)."""
    if measure == "lower_o2":
        return f"排烟氧量 {before['flue_o2_pct']:g} → {after['flue_o2_pct']:g} %"
    if measure == "economiser":
        return f"排烟温度 {before['flue_temp_c']:g} → {after['flue_temp_c']:g} °C (加装省煤器)"
    return f"冷凝改造: 排烟温度 {before['flue_temp_c']:g} → {after['flue_temp_c']:g} °C"

