"""The manager's figures: CO₂ by month, town, fuel and unit; GB 24500 grades over time; the share of
boilers below the limit value; the energy-saving potential of the worst boilers.

Pure functions over the frames of :mod:`boilerlab.db.queries`; every figure the dashboard draws is one of
these tables, so the page can offer each chart's data for download.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from boilerlab.standards.carbon import co2_by_period, co2_summary
from boilerlab.analysis.potential import saving_potential
from boilerlab.base.reference import ReferenceData

GRADE_ORDER = ("1", "2", "3", "below", "n/a")
POTENTIAL_COLUMNS = ("test_id", "fuel_kind", "measure", "change", "eta_before_pct", "eta_after_pct",
                     "fuel_saved_per_year", "fuel_unit", "cost_saved_cny", "co2_saved_t")


def filter_frame(frame: pd.DataFrame, *, years: Iterable[int] | None = None, towns: Iterable[str] | None = None,
                 fuels: Iterable[str] | None = None, offices: Iterable[str] | None = None) -> pd.DataFrame:
    """Rows whose ``year``, ``town``, ``fuel_kind`` and ``office`` are among those given (``None`` or empty: all)."""
    keep = pd.Series(True, index=frame.index)
    for column, allowed in (("year", years), ("town", towns), ("fuel_kind", fuels), ("office", offices)):
        if allowed:
            values = frame[column].astype(int) if column == "year" else frame[column]
            keep &= values.isin(list(allowed))
    return frame[keep]


def co2_records(fuel_use: pd.DataFrame, reference: ReferenceData | None = None) -> pd.DataFrame:
    """CO₂ of every monthly fuel record (:func:`boilerlab.standards.carbon.co2_by_period`), with an integer ``year``. [t CO₂]"""
    out = co2_by_period(fuel_use, reference=reference)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    return out


def co2_by(records: pd.DataFrame, key: str, top: int | None = None) -> pd.DataFrame:
    """Total CO₂ of :func:`co2_records` output by ``key`` (``month``, ``town``, ``fuel_kind``, ``unit_name``, …),
    largest first except by month; ``top`` keeps the largest few. [t CO₂]"""
    totals = co2_summary(records, key)
    if key != "month":
        totals = totals.sort_values("co2_t", ascending=False, kind="stable")
    return (totals.head(top) if top else totals).reset_index(drop=True)


def latest_per_boiler_year(tests: pd.DataFrame) -> pd.DataFrame:
    """Each boiler's last test of each year (a boiler tested twice in a year counts once, by its latest result)."""
    tested = tests.dropna(subset=["year"])
    key = tested["device_code"].fillna(tested["test_id"])  # a test without a boiler stands for itself
    return tested.assign(_key=key).sort_values("test_date", kind="stable").drop_duplicates(
        ["_key", "year"], keep="last").drop(columns="_key")


def grades_by_year(tests: pd.DataFrame) -> pd.DataFrame:
    """Number of boilers at each GB 24500-2020 grade, per year (latest test of each boiler in the year).

    Returns one row per year and a column per grade of :data:`GRADE_ORDER` plus ``total``.
    """
    latest = latest_per_boiler_year(tests)
    table = pd.crosstab(latest["year"].astype(int), latest["gb24500_grade"].fillna("n/a"))
    table = table.reindex(columns=list(GRADE_ORDER), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.rename_axis(index="year", columns=None).reset_index()


def below_limit_share(tests: pd.DataFrame) -> pd.DataFrame:
    """Per year: graded boilers, those below the GB 24500 limit value, and their share. [%]

    Boilers that cannot be graded (``n/a``, no grade) are not counted in either number.
    """
    latest = latest_per_boiler_year(tests)
    graded = latest[latest["gb24500_grade"].isin(["1", "2", "3", "below"])]
    out = graded.groupby(graded["year"].astype(int)).agg(
        graded=("gb24500_grade", "size"), below=("gb24500_grade", lambda g: int((g == "below").sum())))
    out["below_share_pct"] = 100.0 * out["below"] / out["graded"]
    return out.rename_axis("year").reset_index()


def worst_boilers(tests: pd.DataFrame, count: int | None = 20) -> pd.DataFrame:
    """The ``count`` boilers (all of them when None) whose latest graded test lies furthest under (or least above)
    the limit value.

    ``margin_pct`` = governing efficiency − GB 24500 limit value [percentage points]; most negative first.
    """
    latest = tests.dropna(subset=["eta_governing_pct", "gb24500_limit_pct"]).sort_values("test_date", kind="stable")
    key = latest["device_code"].fillna(latest["test_id"])  # a test without a boiler stands for itself
    latest = latest[~key.duplicated(keep="last")]
    latest = latest.assign(margin_pct=latest["eta_governing_pct"] - latest["gb24500_limit_pct"])
    ordered = latest.sort_values("margin_pct", kind="stable")
    return (ordered if count is None else ordered.head(count)).reset_index(drop=True)


def potential_of(inputs: pd.DataFrame, *, hours: float, fuel_price: dict[str, float] | None = None,
                 reference: ReferenceData | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Energy-saving potential of the given tests (:func:`boilerlab.analysis.potential.saving_potential`).

    Parameters
    ----------
    inputs : pandas.DataFrame
        Stored test inputs (:func:`boilerlab.db.queries.test_inputs`).
    hours : float
        Operating hours per year at the test load, the same for every boiler. [h/a]
    fuel_price : dict, optional
        Price per unit of fuel by ``fuel_kind`` (CNY/Nm³ for gas, CNY/kg otherwise). [CNY per unit]

    Returns
    -------
    (measures, best)
        Every applicable measure per test; and per test the measure that saves the most CO₂.
    """
    if inputs.empty:
        measures = pd.DataFrame(columns=list(POTENTIAL_COLUMNS))
    else:
        measures = saving_potential(inputs, hours=hours, fuel_price=fuel_price, reference=reference)
    best = measures.sort_values("co2_saved_t", ascending=False, kind="stable").drop_duplicates("test_id")
    return measures, best.reset_index(drop=True)


def totals_row(frame: pd.DataFrame, label_column: str, label: str = "合计",
               columns: Iterable[str] | None = None) -> pd.DataFrame:
    """``frame`` with a last row summing ``columns`` (default: every numeric column); the rest of the row is blank."""
    if columns is None:
        columns = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
                   and not pd.api.types.is_bool_dtype(frame[c])]
    sums = {c: frame[c].sum(min_count=1) for c in columns}
    row = {c: sums.get(c, np.nan) for c in frame.columns}
    row[label_column] = label
    return pd.concat([frame, pd.DataFrame([row])], ignore_index=True)


def online_by(summary: pd.DataFrame, key: str) -> pd.DataFrame:
    """The monitored boilers of :func:`boilerlab.db.monitoring.district_summary` per ``key`` (``town``, ``office``):
    boilers, hours stored, valid hours, the hours over each emission limit, the boilers with hours over a limit and
    those with an efficiency-drift alert. [台, h]

    Examples
    --------
    >>> summary = pd.DataFrame({"town": ["七宝镇", "七宝镇", "梅陇镇"], "hours": [24, 24, 24],
    ...                         "valid_hours": [20, 22, 24], "nox_over_hours": [2, 0, 0], "so2_over_hours": 0,
    ...                         "pm_over_hours": 0, "alerts": [0, 1, 0]})
    >>> online_by(summary, "town")[["town", "boilers", "nox_over_hours", "exceeding_boilers", "alert_boilers"]
    ...                            ].values.tolist()
    [['七宝镇', 2, 2, 1, 1], ['梅陇镇', 1, 0, 0, 0]]
    """
    over = summary[["nox_over_hours", "so2_over_hours", "pm_over_hours"]].sum(axis=1)
    table = summary.assign(boilers=1, exceeding_boilers=(over > 0).astype(int),
                           alert_boilers=(summary["alerts"] > 0).astype(int))
    columns = ["boilers", "hours", "valid_hours", "nox_over_hours", "so2_over_hours", "pm_over_hours",
               "exceeding_boilers", "alert_boilers"]
    return table.groupby(key, sort=True)[columns].sum().reset_index()
