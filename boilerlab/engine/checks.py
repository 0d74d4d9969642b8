"""Checks across the methods: impossible and implausible efficiencies, and which efficiency governs the grade."""

from __future__ import annotations


import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.base.vocabulary import label
from boilerlab.base.row_messages import RowMessages
from boilerlab.engine.rows import Rows, choose, text_labels



def plausibility_warnings(data: pd.DataFrame, rows: Rows, fuel: dict[str, np.ndarray], eta1: np.ndarray, eta2: np.ndarray,
                  indirect: dict[str, np.ndarray], ref: ReferenceData, warnings: RowMessages) -> None:
    condensing = data["condensing"].to_numpy(bool)
    eta_max = ref.constant("condensing_eta_max")
    for name, eta in (("η₁", eta1), ("η₂", eta2)):
        warnings.add(~condensing & (eta > 100.0), f"非冷凝锅炉 {name} 超过 100 %, 请核对数据 / {name} above 100 % on a "
                                                  f"non-condensing boiler: check the data")
        warnings.add(condensing & (eta > eta_max), f"冷凝锅炉 {name} 超过 {eta_max:g} %, 请核对数据 / {name} above "
                                                   f"{eta_max:g} % on a condensing boiler: check the data")
    alpha = indirect["alpha"]
    firing = text_labels(data, "combustion")
    for kind in ("chamber", "grate", "fluidized_bed"):
        low, high = ref.constant(f"alpha_min_{kind}"), ref.constant(f"alpha_max_{kind}")
        outside = (firing == kind) & ((alpha < low) | (alpha > high))
        warnings.add(outside, f"过量空气系数超出{label('combustion', kind)}锅炉常见范围 {low:g}…{high:g} / excess-air ratio outside the usual "
                              f"{low:g}…{high:g} for {kind} firing")
    humidity_max = ref.constant("steam_humidity_plausible_max")
    warnings.add(rows["steam_humidity_pct"] > humidity_max, f"蒸汽湿度超过 {humidity_max:g} %, 不常见 / steam humidity "
                                                            f"above {humidity_max:g} % is unusual")
    warnings.add(rows["flue_temp_c"] <= rows["air_temp_c"], "排烟温度不高于冷空气温度 / flue temperature not above the "
                                                             "cold-air temperature")
    warnings.add(~condensing & (indirect["q2"] < 0), "q2 为负, 请核对温度 / negative q2: check the temperatures")


def impossible_efficiencies(data: pd.DataFrame, eta1: np.ndarray, eta2: np.ndarray, ref: ReferenceData,
                             errors: RowMessages) -> None:
    """An efficiency ≤ 0 or above the condensing maximum is a data error, not a result to grade."""
    eta_max = ref.constant("condensing_eta_max")
    for name, column, eta in (("η₁", "eta_direct_pct", eta1), ("η₂", "eta_indirect_pct", eta2)):
        bad = (eta <= 0) | (eta > eta_max)
        if bad.any():
            errors.add_each(bad, [f"{column}(计算的{name}) {e:.2f} % 不可能, 有效范围 (0, {eta_max:g}] %, 请核对输入数据 / "
                                  f"{column}: computed {name} of {e:.2f} % is impossible, valid range (0, {eta_max:g}] %: "
                                  f"check the input data" for e in eta[bad]])


def governing_efficiency(data: pd.DataFrame, rows: Rows, eta1: np.ndarray, eta2: np.ndarray,
               ref: ReferenceData) -> tuple[np.ndarray, np.ndarray]:
    """η₁ governs for small boilers, η₂ for D ≥ 20 t/h (Q ≥ 14 MW) or without η₁ ([GBT10180] practice on which method governs; clause not verified, UNCONFIRMED)."""
    large = (rows["rated_capacity_t_h"] >= ref.constant("indirect_governs_from_t_h")) | (
        rows["rated_capacity_mw"] >= ref.constant("indirect_governs_from_mw"))
    use_indirect = (large & ~np.isnan(eta2)) | np.isnan(eta1)
    governing = np.where(use_indirect, eta2, eta1)
    method = choose([np.isnan(governing), use_indirect], ["", "indirect"], "direct")
    return governing, method
