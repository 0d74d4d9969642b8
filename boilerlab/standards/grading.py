"""GB 24500-2020 《工业锅炉能效限定值及能效等级》 grading.

The grade table is reference data (``gb24500_grades``, transcribed from a secondary source,
[GB24500] tables 1–4). Rules ([GB24500] clause 5):

* η ≥ grade-1 value → ``'1'``; ≥ grade 2 → ``'2'``; ≥ grade 3 (= the limit value 能效限定值) →
  ``'3'``; below → ``'below'`` (未达限定值).
* Capacity: steam boilers by rated evaporation D, hot-water and heat-carrier boilers by rated heat
  output Q; every capacity boundary is closed on the ≤ side (D = 20 t/h is in "≤ 20"). When both
  D and Q are given and fall in different columns, the row gets no grade (容量列不一致).
* Fuel conditions on Q_net,v,ar and V_daf carry their own closed/open flags in the table.
* Electric boilers have only a limit value (≥ 97 %, clause 5.2): ``'below'`` under it, otherwise
  ``'n/a'`` with ``meets_limit`` true. Biomass fuel with Q_net,v,ar < 8374 kJ/kg: the table does not
  apply (limit = the design efficiency), ``'n/a'``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.values import as_float_array
from boilerlab.base.reference import ReferenceData, load_reference

GRADES = ("1", "2", "3", "below", "n/a")


def _codes(values: Any, size: int) -> tuple[np.ndarray, list[str]]:
    """Integer codes (−1 for blank) and their labels, without touching a million strings twice."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.Categorical):
        return np.asarray(values.codes, dtype=np.int64), [str(c) for c in values.categories]
    if np.ndim(values) == 0:
        blank = values is None or (isinstance(values, float) and np.isnan(values))
        return np.full(size, -1 if blank else 0, dtype=np.int64), ([] if blank else [str(values)])
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), [str(u) for u in uniques]


def _bounded(x: np.ndarray, low: float, low_closed: Any, high: float, high_closed: Any) -> np.ndarray:
    """x within (low, high) with the given closed flags; NaN bounds are open-ended."""
    ok = np.ones(x.shape, dtype=bool)
    if not np.isnan(low):
        ok &= (x >= low) if str(low_closed).lower() == "true" else (x > low)
    if not np.isnan(high):
        ok &= (x <= high) if str(high_closed).lower() == "true" else (x < high)
    return ok


def grade_codes(eta: np.ndarray, grade_1: np.ndarray, grade_2: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """Integer codes into :data:`GRADES` of efficiencies against their band edges (GB 24500-2020 clause 5.2).

    Parameters
    ----------
    eta : numpy.ndarray
        The governing thermal efficiency. [%]
    grade_1, grade_2, limit : numpy.ndarray
        The 1-grade value, the 2-grade value and the limit value (grade 3) of each row; NaN where the table gives
        none (a row without a limit cannot be graded: 'n/a'). [%]

    Returns
    -------
    numpy.ndarray of int8
        0 … 4 for '1', '2', '3', 'below', 'n/a'; 'n/a' also where only a limit exists and it is met (electric).

    References
    ----------
    [GB24500] clause 5.2 and tables 1–4: a boiler is in the highest grade whose value it reaches.

    Examples
    --------
    >>> [GRADES[c] for c in grade_codes(np.array([93.0, 90.5, 88.0, 80.0]), np.full(4, 92.0), np.full(4, 90.0),
    ...                                 np.full(4, 86.0))]
    ['1', '2', '3', 'below']
    """
    eta, g1, g2, g3 = (np.asarray(v, dtype=float) for v in (eta, grade_1, grade_2, limit))
    grade = np.full(eta.shape, 4, dtype=np.int8)  # integer codes: cheap for a million rows
    known = ~np.isnan(eta) & ~np.isnan(g3)
    with np.errstate(invalid="ignore"):
        grade[known & (eta < g3)] = 3
        grade[known & (eta >= g3)] = 2
        grade[known & (eta >= g2)] = 1
        grade[known & (eta >= g1)] = 0
        grade[known & np.isnan(g1) & (eta >= g3)] = 4
    return grade


def grade_gb24500(efficiency: Any, fuel_kind: Any, combustion: Any, condensing: Any, boiler_kind: Any,
                  capacity_t_h: Any, capacity_mw: Any, lhv_ar: Any = np.nan, vdaf: Any = np.nan,
                  reference: ReferenceData | None = None) -> pd.DataFrame:
    """Grade efficiencies against GB 24500-2020 (tables 1–4 and clause 5.2).

    Parameters
    ----------
    efficiency : numeric
        The governing thermal efficiency, net (LHV) basis. [%]
    fuel_kind : str or sequence of str
        Fuel-library key (``bituminous``, ``natural_gas``, ``electric`` …).
    combustion : str or sequence of str
        ``grate``, ``fluidized_bed`` or ``chamber``.
    condensing : bool or sequence of bool
        Condensing boiler (冷凝式).
    boiler_kind : str or sequence of str
        ``steam``, ``hot_water`` or ``organic_heat_carrier``.
    capacity_t_h : numeric
        Rated evaporation D. [t/h]
    capacity_mw : numeric
        Rated heat output Q. [MW]
    lhv_ar : numeric
        Fuel Q_net,v,ar (solid fuels; design fuel for type tests). [kJ/kg]
    vdaf : numeric
        Fuel volatile matter, dry ash-free. [%]

    Returns
    -------
    pandas.DataFrame
        One row per input: ``grade`` (one of :data:`GRADES`), ``limit_pct`` (the limit value),
        ``grade_1_pct``, ``grade_2_pct``, ``meets_limit``, ``table_row`` (the matched row id) and
        ``note`` (why there is no grade, Chinese and English; empty otherwise).

    References
    ----------
    [GB24500] table 4 (室燃 gas and oil boilers) and clause 5; values in ``gb24500_grades``.

    Examples
    --------
    >>> import math
    >>> row = grade_gb24500(93.0, 'natural_gas', 'chamber', False, 'hot_water', math.nan, 2.8).iloc[0]
    >>> row['grade'], *(float(row[c]) for c in ('limit_pct', 'grade_2_pct', 'grade_1_pct'))  # gas hot water, 2.8 MW
    ('3', 92.0, 94.0, 96.0)
    """
    ref = reference or load_reference()
    table = ref.tables["gb24500_grades"]
    eta = np.atleast_1d(as_float_array(efficiency))
    size = eta.size
    cap_t, cap_mw, q_net, v_daf = (np.broadcast_to(np.atleast_1d(as_float_array(v)), (size,)).astype(float)
                                   for v in (capacity_t_h, capacity_mw, lhv_ar, vdaf))
    fuel_codes, fuels = _codes(fuel_kind, size)
    firing_codes, firings = _codes(combustion, size)
    kind_codes, kinds = _codes(boiler_kind, size)
    cond = np.asarray(condensing)
    if cond.dtype != bool:  # None/NaN count as non-condensing
        cond = pd.Series(np.atleast_1d(cond).astype(object)).fillna(False).astype(bool).to_numpy()
    cond_codes = np.broadcast_to(np.atleast_1d(cond), (size,)).astype(np.int64)
    # one cell per (fuel, firing, condensing) combination; table rows are matched per cell first
    n_firing = len(firings) + 1
    cell = ((fuel_codes + 1) * n_firing + (firing_codes + 1)) * 2 + cond_codes
    cell_labels = [(f, c, k) for f in [None, *fuels] for c in [None, *firings] for k in ("false", "true")]

    matched = np.full(size, -1)
    conflict = np.zeros(size, dtype=bool)
    is_steam = kind_codes == (kinds.index("steam") if "steam" in kinds else -2)
    use_t = np.where(is_steam, ~np.isnan(cap_t), np.isnan(cap_mw) & ~np.isnan(cap_t))
    for position, row in enumerate(table.itertuples(index=False)):
        row_fuels = str(row.fuel_kinds).split(";")
        lookup = np.array([f in row_fuels and row.combustion in ("any", c) and row.condensing in ("any", k)
                           for f, c, k in cell_labels])
        if not lookup.any():
            continue
        idx = np.flatnonzero(lookup[cell] & (matched < 0))
        if idx.size == 0:
            continue
        ok = _bounded(q_net[idx], row.qnet_min, row.qnet_min_closed, row.qnet_max, row.qnet_max_closed)
        ok &= _bounded(v_daf[idx], row.vdaf_min, row.vdaf_min_closed, row.vdaf_max, row.vdaf_max_closed)
        if not (np.isnan(row.capacity_t_h_above) and np.isnan(row.capacity_t_h_up_to)):
            in_t = _bounded(cap_t[idx], row.capacity_t_h_above, "false", row.capacity_t_h_up_to, "true")
            in_mw = _bounded(cap_mw[idx], row.capacity_mw_above, "false", row.capacity_mw_up_to, "true")
            both = ~np.isnan(cap_t[idx]) & ~np.isnan(cap_mw[idx])
            conflict[idx] |= both & (in_t != in_mw) & ok
            ok &= np.where(both, in_t & in_mw, np.where(use_t[idx], in_t, in_mw))
        matched[idx[ok]] = position

    has_row = matched >= 0
    # one take per column; index −1 (no row) picks the NaN appended at the end
    g1, g2, g3 = (np.append(table[f"grade_{k}_pct"].to_numpy(float), np.nan)[matched] for k in (1, 2, 3))

    known = has_row & ~np.isnan(eta)
    grade = grade_codes(eta, g1, g2, g3)
    with np.errstate(invalid="ignore"):
        only_limit = known & np.isnan(g1) & (eta >= g3)

    note = np.full(size, "", dtype=object) if not (~has_row | only_limit | np.isnan(eta)).any() else None
    if note is None:
        note = np.full(size, "", dtype=object)
        biomass_low = (fuel_codes == (fuels.index("biomass") if "biomass" in fuels else -2)) & (q_net < 8374)
        note[~has_row] = ("GB 24500-2020 能效等级表中无匹配行(燃料、燃烧方式、发热量、挥发分或容量)")
        note[~has_row & conflict] = ("额定蒸发量与额定热功率落在不同容量列 (容量列不一致)")
        note[biomass_low] = ("生物质燃料 Q_net,v,ar < 8374 kJ/kg: 限定值为设计热效率, 不按表3分级")
        note[only_limit] = "电锅炉仅有限定值, 无能效等级"
        note[has_row & np.isnan(eta)] = "无效率结果, 不分级"
    with np.errstate(invalid="ignore"):
        meets = pd.array(np.where(known, eta >= g3, False), dtype="boolean")
    meets[~known] = pd.NA
    return pd.DataFrame({
        "grade": pd.Categorical.from_codes(grade, categories=list(GRADES)),
        "limit_pct": g3,
        "grade_1_pct": g1,
        "grade_2_pct": g2,
        "meets_limit": meets,
        "table_row": pd.Categorical.from_codes(matched, categories=list(table["row_id"])),
        "note": pd.Series(note, dtype=object),
    }, copy=False)
