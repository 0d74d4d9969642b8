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
from boilerlab.standards.inuse import VERDICT_CATEGORIES, verdict_codes
from boilerlab.standards.uncertainty import standard_uncertainty

#: The categories of a verdict column ('' where nothing is judged).
VERDICTS = list(VERDICT_CATEGORIES)

#: Where emission limits and electricity factors are looked up when a row does not say (the bureau is in Shanghai).
DEFAULT_JURISDICTION = "shanghai"


def emission_results(data: pd.DataFrame, rows: Rows, failed: np.ndarray, ref: ReferenceData,
                     warnings: RowMessages, uncertainty: bool = True) -> dict[str, Any]:
    """Concentrations at the reference O₂ with their U (k = 2), the applicable limits, and per pollutant the plain
    pass/fail (``p_compliant``) and the verdict with uncertainty (``p_verdict``: pass, fail or indeterminate)."""
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
        out[f"{pollutant}_ref_u95_mg_m3"] = np.where(
            failed | np.isnan(out[f"{pollutant}_ref_mg_m3"]), np.nan,
            reference_concentration_u95(value, o2, reference_o2, pollutant, ref) if uncertainty else np.nan)
    if not any_measured.any():  # no emission data in the file: limits are not looked up
        for pollutant in LIMITED:
            out[LIMIT_COLUMNS[pollutant]] = np.full(n, np.nan)
            out[f"{pollutant}_compliant"] = pd.array(np.full(n, None), dtype="boolean")
        for pollutant in POLLUTANTS:
            out[f"{pollutant}_margin_pct"] = np.full(n, np.nan)
            out[f"{pollutant}_verdict"] = pd.Categorical.from_codes(np.zeros(n, np.int8), categories=VERDICTS)
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
            verdict = verdict_codes(value_of[pollutant], limit, out[f"{pollutant}_ref_u95_mg_m3"],
                                    higher_is_better=False)
            out[f"{pollutant}_verdict"] = pd.Categorical.from_codes(verdict, categories=VERDICTS)
            warnings.add(verdict == VERDICTS.index("indeterminate"),
                         f"{LABELS[pollutant]} 折算浓度与限值之差在扩展不确定度以内, 不能判定是否超标")
        warnings.add(~np.isnan(value_of[pollutant]) & np.isnan(limit),
                     f"{LABELS[pollutant]} 无适用限值 (排放标准表中无匹配行)")
        warnings.add(np.asarray(passed.fillna(True)) == False,  # noqa: E712 — a BooleanArray with NA
                     f"{LABELS[pollutant]} 超过排放限值")
    out["emission_limit_basis"] = blank_where(limits["limit_basis"].array, ~any_measured | failed)
    return out


def reference_concentration_u95(measured: np.ndarray, o2: np.ndarray, reference_o2: np.ndarray, pollutant: str,
                                ref: ReferenceData) -> np.ndarray:
    """U (k = 2) of a concentration at the reference O₂, ρ = ρ′·f with f = (21 − φ_ref)/(21 − φ′) (GB 13271-2014 (1)).

    u²(ρ) = (f·u_ρ′)² + (ρ·u_φ′/(21 − φ′))² ([JCGM100] eq. 10; ∂ρ/∂φ′ = ρ/(21 − φ′)), with u_ρ′ and u_φ′ from
    ``instrument_uncertainty`` (the analyser, and the O₂ at the emission test point). [mg/m³]
    """
    table = ref.tables["instrument_uncertainty"].set_index("column")
    analyser, oxygen = table.loc[f"{pollutant}_mg_m3"], table.loc["emission_o2_pct"]
    u_rho = standard_uncertainty(measured, analyser["basis"], float(analyser["accuracy"]), analyser["distribution"])
    u_o2 = standard_uncertainty(o2, oxygen["basis"], float(oxygen["accuracy"]), oxygen["distribution"])
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = (21.0 - reference_o2) / (21.0 - o2)
        u = np.sqrt((factor * u_rho) ** 2 + (measured * factor * u_o2 / (21.0 - o2)) ** 2)
    return 2.0 * np.asarray(u, dtype=float)
