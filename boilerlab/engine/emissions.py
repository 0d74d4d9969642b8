"""Step 4: emissions — the measured concentrations at the reference O₂ and the limit that applies to the boiler on
its test date (GB 13271-2014, DB31/387-2018)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.base.row_messages import RowMessages
from boilerlab.base.vocabulary import label
from boilerlab.standards.emissions import (LABELS, LIMIT_COLUMNS, LIMITED, POLLUTANTS, applicable_limits, compliance,
                                           reference_oxygen, to_reference_oxygen)
from boilerlab.engine.rows import Rows, blank_where, text_labels

#: Where emission limits and electricity factors are looked up when a row does not say (the bureau is in Shanghai).
DEFAULT_JURISDICTION = "shanghai"


def emission_results(data: pd.DataFrame, rows: Rows, failed: np.ndarray, ref: ReferenceData,
               warnings: RowMessages) -> dict[str, Any]:
    """Concentrations at the reference O₂, the applicable limits and pass/fail per pollutant and for the blackness."""
    n = len(data)
    measured = {p: rows[f"{p}_mg_m3"] for p in POLLUTANTS}
    blackness = rows["blackness_ringelmann"]
    any_measured = np.logical_or.reduce([~np.isnan(v) for v in [*measured.values(), blackness]])
    o2 = np.where(np.isnan(rows["emission_o2_pct"]), rows["flue_o2_pct"], rows["emission_o2_pct"])
    warnings.add(any_measured & np.isnan(rows["emission_o2_pct"]) & ~np.isnan(rows["flue_o2_pct"]),
                 "排放测点氧含量未填, 用排烟氧含量折算")
    warnings.add(any_measured & np.isnan(o2), "无氧含量, 排放浓度无法折算到基准氧")
    fuel_kind = data["fuel_kind"].array
    kinds = text_labels(data, "fuel_kind")  # reference O₂ per fuel kind, spread by code
    reference_o2 = np.append(reference_oxygen(np.asarray(kinds.categories, dtype=object), ref), np.nan)[kinds.codes]
    out: dict[str, Any] = {}
    for pollutant, value in measured.items():
        out[f"{pollutant}_ref_mg_m3"] = np.where(failed, np.nan, to_reference_oxygen(value, o2, reference_o2))
    if not any_measured.any():  # no emission data in the file: limits are not looked up
        for pollutant in LIMITED:
            out[LIMIT_COLUMNS[pollutant]] = np.full(n, np.nan)
            out[f"{pollutant}_compliant"] = pd.array(np.full(n, None), dtype="boolean")
        for pollutant in POLLUTANTS:
            out[f"{pollutant}_margin_pct"] = np.full(n, np.nan)
        out["emission_limit_basis"] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[""])
        return out
    test_date = data["test_date"].to_numpy(dtype="datetime64[D]")
    warnings.add(any_measured & np.isnat(test_date), "测试日期未填, 按今天的限值判定")
    test_date = np.where(np.isnat(test_date), np.datetime64("today", "D"), test_date)
    install = data["install_date"].to_numpy(dtype="datetime64[D]")
    warnings.add(any_measured & np.isnat(install), "安装日期未填, 按在用锅炉判定排放限值")
    place = data["jurisdiction"].array
    warnings.add(any_measured & (np.asarray(place.codes) < 0), f"所在地未填, 按{label('jurisdiction', DEFAULT_JURISDICTION)}判定")
    place = blank_where(place, np.asarray(place.codes) < 0, DEFAULT_JURISDICTION)
    limits = applicable_limits(fuel_kind, test_date, install, rows["rated_capacity_t_h"], rows["rated_capacity_mw"],
                               place, data["key_region"].to_numpy(bool), ref)
    # the blackness grade is compared as read: GB 13271 limits it at the stack, not at a reference O₂
    value_of = {**{p: out[f"{p}_ref_mg_m3"] for p in POLLUTANTS}, "blackness": np.where(failed, np.nan, blackness)}
    for pollutant in LIMITED:
        limit = limits[LIMIT_COLUMNS[pollutant]].to_numpy(float)
        passed, margin = compliance(value_of[pollutant], limit)
        out[LIMIT_COLUMNS[pollutant]] = np.where(any_measured & ~failed, limit, np.nan)
        out[f"{pollutant}_compliant"] = passed
        if pollutant in POLLUTANTS:
            out[f"{pollutant}_margin_pct"] = margin
        warnings.add(~np.isnan(value_of[pollutant]) & np.isnan(limit),
                     f"{LABELS[pollutant]} 无适用限值 (排放标准表中无匹配行)")
        warnings.add(np.asarray(passed.fillna(True)) == False,  # noqa: E712 — a BooleanArray with NA
                     f"{LABELS[pollutant]} 超过排放限值")
    out["emission_limit_basis"] = blank_where(limits["limit_basis"].array, ~any_measured | failed)
    return out
