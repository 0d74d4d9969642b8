"""Step 6: a test of several runs (GB/T 10180 一个工况的多次试验) — each run evaluated, checked for agreement, averaged.

Rows of one test id with distinct ``run_no`` are the runs of one test condition. :func:`combine_runs` turns the
evaluated runs into one row per test: every number the mean of the runs, the run-to-run spread of η₁ and η₂
against the allowed difference (``run_agreement``), a Type A uncertainty from the scatter of the runs combined with
the runs' Type B, and every verdict decided again on the mean. A test whose runs cannot all be computed, or whose
runs name different boilers or fuels, is not averaged: it carries an error.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.base.values import number_shown
from boilerlab.base.row_messages import column_name
from boilerlab.base.vocabulary import label
from boilerlab.standards.emissions import LIMIT_COLUMNS, POLLUTANTS, compliance
from boilerlab.standards.grading import GRADES, grade_codes
from boilerlab.standards.inuse import verdict_against

#: Columns the runs of one test must share.
SAME_IN_EVERY_RUN = ("boiler_id", "boiler_kind", "fuel_kind", "combustion", "test_type")
#: Each value with its expanded uncertainty: the mean's U adds the Type A of the runs' scatter.
WITH_UNCERTAINTY = {"eta_direct_pct": "eta_direct_u95_pp", "eta_indirect_pct": "eta_indirect_u95_pp",
                    "q2_pct": "q2_u95_pp", "eta_governing_pct": "eta_governing_u95_pp",
                    **{f"{p}_ref_mg_m3": f"{p}_ref_u95_mg_m3" for p in POLLUTANTS}}
#: Per run, what the report prints beside the mean (inputs and results).
RUN_DETAIL = ("run_no", "test_date", "fuel_rate_kg_h", "fuel_rate_nm3_h", "electric_power_kw", "steam_flow_kg_h",
              "water_flow_kg_h", "supply_temp_c", "return_temp_c", "feedwater_temp_c", "flue_temp_c", "air_temp_c",
              "flue_o2_pct", "flue_co_ppm", "heat_output_kw", "eta_direct_pct", "excess_air_ratio", "q2_pct", "q3_pct",
              "q4_pct", "q5_pct", "q6_pct", "eta_indirect_pct", "eta_governing_pct", "eta_governing_u95_pp",
              "nox_ref_mg_m3", "so2_ref_mg_m3", "pm_ref_mg_m3")


def single_run(n: int) -> dict[str, Any]:
    """The run columns of ``n`` rows each evaluated on its own (one run each)."""
    return {"run_count": np.ones(n), "run_spread_direct_pp": np.full(n, np.nan),
            "run_spread_indirect_pp": np.full(n, np.nan), "runs_agree": pd.array(np.full(n, None), dtype="boolean")}


def repeated_runs(ids: pd.Series, run_no: pd.Series) -> np.ndarray:
    """Every row of a test id that occurs more than once without being distinct runs: the same (test id, run number)
    twice, or a blank run number on any of its rows. All its rows, so that no part of such a test is stored.

    Examples
    --------
    >>> repeated_runs(pd.Series(["A", "A", "A", "B", "B", "C"]), pd.Series([1, 2, 2, 1, 2, None])).tolist()
    [True, True, True, False, False, False]
    """
    ids, run_no = ids.reset_index(drop=True), run_no.reset_index(drop=True)
    given = ids.notna().to_numpy()
    repeated = given & ids.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return repeated
    same_run = given & pd.DataFrame({"id": ids, "run": run_no}).duplicated(keep=False).to_numpy()
    blank_run = repeated & run_no.isna().to_numpy()
    return repeated & ids.isin(set(ids[same_run | blank_run])).to_numpy()


def several_runs(result: pd.DataFrame) -> np.ndarray:
    """Rows that are runs of a test with more than one run: the test id repeats and every run has its own number
    (the intake refuses any other repeat of a test id)."""
    ids = result["test_id"]
    if "run_no" not in result:
        return np.zeros(len(result), bool)
    numbered = (ids.notna() & result["run_no"].notna()).to_numpy(bool)
    repeated = numbered & ids.duplicated(keep=False).to_numpy(bool)
    return repeated & ~repeated_runs(ids, result["run_no"])


def combine_runs(result: pd.DataFrame, ref: ReferenceData) -> tuple[pd.DataFrame, np.ndarray, list[list[dict]]]:
    """One row per test: a test of one run as evaluated, a test of several runs as the mean of its runs.

    Parameters
    ----------
    result : pandas.DataFrame
        Evaluated test records (:func:`boilerlab.engine.pipeline.run`), one row per run.
    ref : ReferenceData
        For ``run_agreement`` (the allowed difference between the runs' efficiencies). [percentage points]

    Returns
    -------
    (pandas.DataFrame, numpy.ndarray, list of list of dict)
        The tests in the order of their first run; the position in ``result`` of each test's first run; and per
        test the runs as records of :data:`RUN_DETAIL` (empty for a test of one run).

    Notes
    -----
    The result of a test of several runs is the arithmetic mean of the runs' results ([GBT10180]: the test result is
    the mean of the runs of one condition). Its U (k = 2) is 2·√(u_B² + u_A²): u_B the mean of the runs' standard
    uncertainties (the instruments' errors are the same in every run, so they do not average out) and
    u_A = s/√n, the experimental standard deviation of the mean of n runs ([JCGM100] 4.2.3).

    References
    ----------
    [GBT10180] test conditions and runs; [JCGM100] 4.2 (Type A), 5.1.2 (combination).

    Examples
    --------
    >>> from boilerlab.base.reference import load_reference
    >>> runs = pd.DataFrame({"test_id": ["T", "T"], "run_no": [1.0, 2.0], "eta_direct_pct": [90.0, 91.0],
    ...                      "eta_direct_u95_pp": [1.0, 1.0], "error": ["", ""], "warnings": ["", ""]})
    >>> tests, first, detail = combine_runs(runs, load_reference())
    >>> float(tests["eta_direct_pct"].iloc[0]), round(float(tests["eta_direct_u95_pp"].iloc[0]), 3)
    (90.5, 1.414)
    """
    multi = several_runs(result)
    positions = np.arange(len(result))
    if not multi.any():
        return result, positions, [[] for _ in positions]
    ids = result["test_id"].astype(object).to_numpy()
    first_of = pd.Series(positions).groupby(ids, sort=False).transform("min").to_numpy()
    keep = ~multi | (first_of == positions)
    runs = result[multi]
    group = pd.Series(ids[multi], index=runs.index)
    combined = _mean_rows(runs, group, ref)
    out = result.copy()
    rows = np.flatnonzero(multi & (first_of == positions))
    for column in combined.columns:
        values = combined[column].loc[ids[rows]]
        if column not in out:  # a frame without every result column (a partial evaluation)
            out[column] = np.nan if pd.api.types.is_float_dtype(values.dtype) else None
        if pd.api.types.is_float_dtype(out[column].dtype):
            column_values = out[column].to_numpy(float, copy=True)
            column_values[rows] = values.to_numpy(float, na_value=np.nan)
        else:  # codes and flags: decided again on the mean, so no longer of the per-run categories
            column_values = out[column].astype(object).to_numpy(copy=True)
            column_values[rows] = values.to_numpy(object)
        out[column] = column_values
    detail_columns = [c for c in RUN_DETAIL if c in result.columns]
    details: dict[Any, list[dict]] = {}
    for test_id, part in runs[detail_columns].groupby(group, sort=False):
        details[test_id] = part.sort_values("run_no").to_dict(orient="records")
    kept = np.flatnonzero(keep)
    detail = [details.get(ids[p], []) if multi[p] else [] for p in kept]
    return out.iloc[kept], kept, detail


def _mean_rows(runs: pd.DataFrame, group: pd.Series, ref: ReferenceData) -> pd.DataFrame:
    """The columns of the combined row of every test of several runs, indexed by test id."""
    grouped = runs.groupby(group, sort=False)
    numeric = [c for c in runs.columns if pd.api.types.is_float_dtype(runs[c].dtype) and c != "run_no"]
    mean = grouped[numeric].mean()
    count = grouped.size().astype(float)
    out = mean.copy()
    out["run_count"] = count
    if "run_no" in runs:
        out["run_no"] = np.nan
    for value, u95 in WITH_UNCERTAINTY.items():
        if value in runs and u95 in runs:
            type_a = grouped[value].std(ddof=1) / np.sqrt(count)  # [JCGM100] eq. (5)
            type_b = grouped[u95].mean() / 2.0
            out[u95] = 2.0 * np.sqrt(type_b ** 2 + type_a ** 2)
    spread = {}
    for value in ("eta_direct_pct", "eta_indirect_pct"):
        if value in runs:
            spread[value] = grouped[value].max() - grouped[value].min()
    out["run_spread_direct_pp"] = spread.get("eta_direct_pct", np.nan)
    out["run_spread_indirect_pp"] = spread.get("eta_indirect_pct", np.nan)
    allowed = ref.tables["run_agreement"].set_index("quantity")["allowed_pp"].astype(float)
    checked = pd.DataFrame({v: s <= allowed[v] for v, s in spread.items()}).where(pd.DataFrame(spread).notna())
    agree = checked.apply(lambda row: pd.NA if row.isna().all() else bool(row.dropna().all()), axis=1) \
        if len(checked.columns) else pd.Series(pd.NA, index=mean.index)
    out["runs_agree"] = agree
    _verdicts(out, grouped)
    out["warnings"] = _warnings(runs, group, out, allowed)
    out["error"] = _errors(runs, group)
    failed = (out["error"] != "").to_numpy(bool)
    if failed.any():  # nothing of a test that cannot be averaged is shown as its result
        for column in out.columns:
            if column in ("error", "warnings", "run_count"):
                continue
            if pd.api.types.is_float_dtype(out[column].dtype):
                out.loc[failed, column] = np.nan
            else:
                out[column] = out[column].astype(object)
                out.loc[failed, column] = None
    return out


def _verdicts(out: pd.DataFrame, grouped) -> None:
    """Every pass/fail decided again on the mean (the runs' limits belong to the same boiler and fuel)."""
    first = grouped.first()
    if "eta_governing_pct" in out:
        eta = out["eta_governing_pct"].to_numpy(float)
        limit = out["gb24500_limit_pct"].to_numpy(float)
        codes = grade_codes(eta, out["gb24500_grade1_pct"], out["gb24500_grade2_pct"], limit)
        out["gb24500_grade"] = np.where(np.isnan(eta), first["gb24500_grade"].astype(object), np.array(GRADES)[codes])
        with np.errstate(invalid="ignore"):
            out["gb24500_meets_limit"] = [pd.NA if np.isnan(e) or np.isnan(l) else bool(e >= l) for e, l in zip(eta, limit)]
        out["inuse_verdict"] = verdict_against(eta, out["inuse_criterion_pct"], out["eta_governing_u95_pp"],
                                               higher_is_better=True)
    for pollutant in POLLUTANTS:
        value, limit_column = f"{pollutant}_ref_mg_m3", LIMIT_COLUMNS[pollutant]
        if value not in out or limit_column not in out:
            continue
        passed, margin = compliance(out[value].to_numpy(float), out[limit_column].to_numpy(float))
        out[f"{pollutant}_compliant"] = list(passed)
        out[f"{pollutant}_margin_pct"] = margin
        out[f"{pollutant}_verdict"] = verdict_against(out[value], out[limit_column], out[f"{pollutant}_ref_u95_mg_m3"],
                                                      higher_is_better=False)
    if "blackness_ringelmann" in out and "blackness_limit_grade" in out:
        worst = grouped["blackness_ringelmann"].max()  # a grade: the darkest run counts, not a mean
        out["blackness_ringelmann"] = worst
        passed, _ = compliance(worst.to_numpy(float), out["blackness_limit_grade"].to_numpy(float))
        out["blackness_compliant"] = list(passed)


def _warnings(runs: pd.DataFrame, group: pd.Series, out: pd.DataFrame, allowed: pd.Series) -> pd.Series:
    """The runs' distinct warnings, then what the combination found."""
    texts = {}
    for test_id, part in runs["warnings"].astype(str).groupby(group, sort=False):
        seen = dict.fromkeys(w for text in part for w in text.split("; ") if w)
        row = out.loc[test_id]
        for value, name in (("eta_direct_pct", "run_spread_direct_pp"), ("eta_indirect_pct", "run_spread_indirect_pp")):
            if value in allowed and row[name] > allowed[value]:
                seen[f"各次试验的{column_name(value)}相差 {number_shown(round(float(row[name]), 2))} 个百分点, 超过允许差 "
                     f"{number_shown(float(allowed[value]))} 个百分点 (GB/T 10180), 应重做试验"] = None
        seen[f"结果为 {int(row['run_count'])} 次试验的平均值"] = None
        texts[test_id] = "; ".join(seen)
    return pd.Series(texts)


def _errors(runs: pd.DataFrame, group: pd.Series) -> pd.Series:
    """Why a test of several runs cannot be averaged ('' where it can)."""
    texts = {}
    for test_id, part in runs.groupby(group, sort=False):
        problems = [f"第 {int(no)} 次试验: {error}" for no, error in zip(part["run_no"], part["error"].astype(str))
                    if error]
        for column in SAME_IN_EVERY_RUN:
            if column in part and part[column].astype(object).where(part[column].notna()).nunique(dropna=False) > 1:
                given = "、".join(dict.fromkeys("—" if pd.isna(v) else label(column, v) if column != "boiler_id"
                                                else str(v) for v in part[column].astype(object)))
                problems.append(f"各次试验的{column_name(column)}不一致 ({given}), 同一测试的各次试验须相同")
        texts[test_id] = "; ".join(problems)
    return pd.Series(texts, dtype=object)
