"""Checks across the methods: impossible and implausible efficiencies, and which efficiency governs the grade."""

from __future__ import annotations


import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.base.vocabulary import label
from boilerlab.base.vocabulary import BY_NAME
from boilerlab.base.row_messages import RowMessages
from boilerlab.engine.rows import Rows, choose, text_labels



def plausibility_warnings(data: pd.DataFrame, rows: Rows, fuel: dict[str, np.ndarray], eta1: np.ndarray, eta2: np.ndarray,
                  indirect: dict[str, np.ndarray], ref: ReferenceData, warnings: RowMessages) -> None:
    condensing = data["condensing"].to_numpy(bool)
    eta_max = ref.constant("condensing_eta_max")
    for name, eta in (("η₁", eta1), ("η₂", eta2)):
        warnings.add(~condensing & (eta > 100.0), f"非冷凝锅炉 {name} 超过 100 %, 请核对数据")
        warnings.add(condensing & (eta > eta_max), f"冷凝锅炉 {name} 超过 {eta_max:g} %, 请核对数据")
    alpha = indirect["alpha"]
    firing = text_labels(data, "combustion")
    for kind in ("chamber", "grate", "fluidized_bed"):
        low, high = ref.constant(f"alpha_min_{kind}"), ref.constant(f"alpha_max_{kind}")
        outside = (firing == kind) & ((alpha < low) | (alpha > high))
        warnings.add(outside, f"过量空气系数超出{label('combustion', kind)}锅炉常见范围 {low:g}…{high:g}")
    humidity_max = ref.constant("steam_humidity_plausible_max")
    warnings.add(rows["steam_humidity_pct"] > humidity_max, f"蒸汽湿度超过 {humidity_max:g} %, 不常见")
    warnings.add(rows["flue_temp_c"] <= rows["air_temp_c"], "排烟温度不高于冷空气温度")
    warnings.add(~condensing & (indirect["q2"] < 0), "q2 为负, 请核对温度")


def impossible_efficiencies(data: pd.DataFrame, eta1: np.ndarray, eta2: np.ndarray, ref: ReferenceData,
                             errors: RowMessages) -> None:
    """An efficiency ≤ 0 or above the condensing maximum is a data error, not a result to grade."""
    eta_max = ref.constant("condensing_eta_max")
    for name, eta in (("正平衡热效率 η₁", eta1), ("反平衡热效率 η₂", eta2)):
        bad = (eta <= 0) | (eta > eta_max)
        if bad.any():
            errors.add_each(bad, [f"算得的{name} {e:.2f} % 不可能, 有效范围 (0, {eta_max:g}] %, 请核对输入数据"
                                  for e in eta[bad]])


#: The measured columns that drive η₁ and the heat output, by boiler kind: named when a result is implausible.
DIRECT_DRIVERS = {"steam": ("steam_flow_kg_h",), "hot_water": ("water_flow_kg_h",),
                  "organic_heat_carrier": ("water_flow_kg_h",)}
FUEL_DRIVERS = ("fuel_rate_kg_h", "fuel_rate_nm3_h", "lhv_ar_kj_kg", "lhv_kj_nm3", "electric_power_kw")


def implausible_results(data: pd.DataFrame, rows: Rows, heat_output: np.ndarray, eta1: np.ndarray, eta2: np.ndarray,
                        ref: ReferenceData, errors: RowMessages) -> None:
    """Results no boiler gives — an efficiency below the plausibility floor, a heat output far from the rated
    capacity — are row errors that say a unit was probably mixed up and name the given columns behind them
    (``method_constants``: ``plausible_eta_floor``, ``plausible_output_ratio_min/max``, UNCONFIRMED settings)."""
    floor = ref.constant("plausible_eta_floor")
    low, high = ref.constant("plausible_output_ratio_min"), ref.constant("plausible_output_ratio_max")
    kind = data["boiler_kind"].astype(object).to_numpy()
    rated_kw = np.where(np.isnan(rows["rated_capacity_mw"]), rows["rated_capacity_t_h"] * 0.7,
                        rows["rated_capacity_mw"]) * 1000.0

    def drivers(i: int, names: tuple[str, ...]) -> str:
        given = [f"{BY_NAME[n].name_cn}({BY_NAME[n].unit}) = {rows[n][i]:g}" for n in names if not np.isnan(rows[n][i])]
        return "、".join(given) or "—"

    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = heat_output / rated_kw
    low_eta1, low_eta2, off_output = eta1 < floor, eta2 < floor, (ratio < low) | (ratio > high)
    errors.add_each(low_eta1, [
        f"正平衡热效率 {eta1[i]:.2f} % 低于合理下限 {floor:g} %, 多为单位错误; 请核对 {drivers(i, DIRECT_DRIVERS.get(kind[i], ()) + FUEL_DRIVERS)}"
        for i in np.flatnonzero(low_eta1)])
    errors.add_each(low_eta2, [
        f"反平衡热效率 {eta2[i]:.2f} % 低于合理下限 {floor:g} %, 多为单位错误; 请核对 {drivers(i, ('flue_temp_c', 'flue_o2_pct', 'flue_co_ppm', 'q5_measured_pct'))}" for i in np.flatnonzero(low_eta2)])
    errors.add_each(off_output, [
        f"锅炉出力 {heat_output[i]:.1f} kW 为额定出力 {rated_kw[i]:.0f} kW 的 {ratio[i]:.2f} 倍, "
        f"合理范围 [{low:g}, {high:g}], 多为单位错误; 请核对 {drivers(i, DIRECT_DRIVERS.get(kind[i], ()) + ('rated_capacity_t_h', 'rated_capacity_mw'))}"
        for i in np.flatnonzero(off_output)])


def governing_efficiency(data: pd.DataFrame, rows: Rows, eta1: np.ndarray, eta2: np.ndarray,
               ref: ReferenceData) -> tuple[np.ndarray, np.ndarray]:
    """η₁ governs for small boilers, η₂ for D ≥ 20 t/h (Q ≥ 14 MW) or without η₁ ([GBT10180] practice on which method governs; clause not verified, UNCONFIRMED)."""
    large = (rows["rated_capacity_t_h"] >= ref.constant("indirect_governs_from_t_h")) | (
        rows["rated_capacity_mw"] >= ref.constant("indirect_governs_from_mw"))
    use_indirect = (large & ~np.isnan(eta2)) | np.isnan(eta1)
    governing = np.where(use_indirect, eta2, eta1)
    method = choose([np.isnan(governing), use_indirect], ["", "indirect"], "direct")
    return governing, method
