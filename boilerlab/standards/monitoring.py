"""Online monitoring data: valid hours, days and months as HJ 75/HJ 76 define them, exceedance hours and episodes,
and the efficiency-drift alert. Pure functions over DataFrames (one row per boiler and time).

Rules [HJ75] [HJ76] (thresholds in ``monitoring_rules.csv``, UNCONFIRMED): only data flagged N (正常) count; an hourly
value is the mean of the valid minutes of the hour and needs at least 45 of them; a daily value needs at least 20 valid
hours; a month at least 25 valid days (23 in February). The data capture rate of a boiler and month is its valid hours
over the hours it was not stopped (flag F). An hour exceeds a limit when its value at the reference O₂ is above the
limit that applies to the boiler that day; consecutive exceeding hours make one episode.

References
----------
[HJ75] HJ 75-2017 固定污染源烟气 (SO₂、NOx、颗粒物) 排放连续监测技术规范, 数据审核和处理.
[HJ76] HJ 76-2017 固定污染源烟气 (SO₂、NOx、颗粒物) 排放连续监测系统技术要求及检测方法, 附录 B.
[HJ212] HJ 212-2017 污染物在线监控(监测)系统数据传输标准 (the data flags).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData

NORMAL, STOPPED = "N", "F"
#: Days without a valid daily value after which a drift run starts again (a stop of a week or more). [d]
MAX_GAP_DAYS = 7


def rule(reference: ReferenceData, name: str) -> float:
    """One value of ``monitoring_rules`` (a KeyError names the rules there are)."""
    rules = reference.table("monitoring_rules").set_index("rule")["value"]
    if name not in rules:
        raise KeyError(f"unknown monitoring rule {name!r}; valid: {sorted(rules.index)}")
    return float(rules[name])


def hourly_values(readings: pd.DataFrame, columns: list[str], min_minutes: float) -> pd.DataFrame:
    """Hourly values from readings of any interval, per boiler ([HJ76] 附录 B).

    Parameters
    ----------
    readings : pandas.DataFrame
        ``boiler``, ``time`` and per column its value and ``flag_<column>`` (N 正常, F 停运 …; blank: N). Each
        reading is worth the boiler's median spacing between readings (an hour at most): readings closer than an
        hour apart are averaged into hours, hourly readings are taken as they are, worth 60 valid minutes when N.
    columns : list of str
        The measured columns.
    min_minutes : float
        Valid minutes an hour needs. [min]

    Returns
    -------
    pandas.DataFrame
        ``boiler``, ``hour`` and per column the hourly mean of its valid readings (blank where the hour is not
        valid), ``valid_minutes_<column>`` [min] and ``flag_<column>``: N for a valid hour, else the flag other than N
        that most of its readings carried — why the hour is lost (N when all were normal but too few).

    Examples
    --------
    >>> minutes = pd.DataFrame({"boiler": "B1", "time": pd.date_range("2024-03-01 10:00", periods=60, freq="min"),
    ...                         "flue_o2_pct": 3.0, "flag_flue_o2_pct": ["N"] * 44 + ["C"] * 16})
    >>> hourly_values(minutes, ["flue_o2_pct"], 45)[["flue_o2_pct", "valid_minutes_flue_o2_pct", "flag_flue_o2_pct"]]
    ... # doctest: +NORMALIZE_WHITESPACE
       flue_o2_pct  valid_minutes_flue_o2_pct flag_flue_o2_pct
    0          NaN                       44.0                C
    """
    frame = readings.copy()
    frame["time"] = pd.to_datetime(frame["time"])
    frame["hour"] = frame["time"].dt.floor("h")
    # each reading is worth the boiler's usual spacing between readings (10-minute data: 10 minutes; 30-second
    # real-time data: half a minute), an hour at most; a boiler with a single reading, an hour
    spacing = frame.sort_values("time").groupby("boiler")["time"].diff().groupby(frame["boiler"]).median()
    minutes_apart = (spacing.dt.total_seconds() / 60.0).clip(upper=60.0)
    worth = frame["boiler"].map(minutes_apart).fillna(60.0).to_numpy(float)
    # the boiler-hours, numbered once: every column's sums are then one grouping by that number (pandas sums a
    # group with Kahan's compensation, as before)
    grouped = frame.groupby([frame["boiler"], frame["hour"]], sort=True)
    group = grouped.ngroup().to_numpy()
    found = grouped.size().index
    out = pd.DataFrame({"boiler": np.asarray(found.get_level_values(0), dtype=object),
                        "hour": pd.to_datetime(found.get_level_values(1))})
    normals, weighted = {}, {}
    for column in columns:
        flags = frame[f"flag_{column}"] if f"flag_{column}" in frame else pd.Series(NORMAL, index=frame.index)
        normal = ((flags == NORMAL) | flags.isna()).to_numpy()  # (compared as they are: text or categories)
        values = frame[column].astype(float) if column in frame else pd.Series(np.nan, index=frame.index)
        valid = normal & values.notna().to_numpy()
        normals[column] = (flags, normal)
        weighted[f"minutes {column}"] = np.where(valid, worth, 0.0)
        weighted[f"total {column}"] = np.where(valid, values.fillna(0.0).to_numpy(float) * worth, 0.0)
    keyed = group >= 0  # (a reading without a boiler or a time is in no hour: -1)
    sums = pd.DataFrame(weighted)[keyed].groupby(group[keyed], sort=True).sum() if weighted else pd.DataFrame()
    for column in columns:
        flags, normal = normals[column]
        minutes = sums[f"minutes {column}"].to_numpy()
        enough = minutes >= min_minutes
        out[column] = np.where(enough, sums[f"total {column}"].to_numpy() / np.maximum(minutes, 1e-300), np.nan)
        out[f"valid_minutes_{column}"] = minutes
        # the flag most readings of an invalid hour carried (counted without a loop over the hours)
        other = pd.DataFrame({"boiler": frame["boiler"][~normal], "hour": frame["hour"][~normal],
                              "flag": flags[~normal].astype(str)})
        counted = other.groupby(["boiler", "hour", "flag"]).size().rename("n").reset_index()
        dominant = counted.sort_values(["boiler", "hour", "n"], ascending=[True, True, False]).drop_duplicates(
            ["boiler", "hour"]).set_index(["boiler", "hour"])["flag"]
        shown = dominant.reindex(pd.MultiIndex.from_frame(out[["boiler", "hour"]])).fillna(NORMAL).to_numpy(object)
        out[f"flag_{column}"] = np.where(enough, NORMAL, shown)
    return out


def daily_validity(hours: pd.DataFrame, column: str, min_hours: float) -> pd.DataFrame:
    """Per boiler and day: ``valid_hours`` of ``column`` and whether the day is valid (``valid``: ≥ ``min_hours``).
    [h]"""
    day = pd.to_datetime(hours["hour"]).dt.normalize()
    counted = hours[column].notna().groupby([hours["boiler"], day]).sum().rename("valid_hours").reset_index()
    counted = counted.rename(columns={"hour": "day"})
    counted["valid"] = counted["valid_hours"] >= min_hours
    return counted


def capture_rate(hours: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per boiler and month (YYYY-MM): the hours of the month, the stopped hours (flag F), the valid hours of
    ``column`` and the capture rate ``valid / (hours − stopped)``. [%]"""
    table = pd.DataFrame({"boiler": hours["boiler"], "month": _month_number(hours["hour"]),
                          "valid": hours[column].notna(), "stopped": hours[f"flag_{column}"] == STOPPED})
    out = table.groupby(["boiler", "month"], sort=True).agg(valid_hours=("valid", "sum"),
                                                            stopped_hours=("stopped", "sum")).reset_index()
    out["month"] = _month_text(out["month"])
    out["hours"] = pd.to_datetime(out["month"] + "-01").dt.days_in_month * 24
    running = out["hours"] - out["stopped_hours"]
    out["capture_rate_pct"] = np.where(running > 0, 100.0 * out["valid_hours"] / running.where(running > 0), np.nan)
    return out


def exceedances(hours: pd.DataFrame, value: str, limit: str) -> pd.Series:
    """Whether each valid hour's ``value`` (at the reference O₂) is above its ``limit`` (blank values never exceed).
    [mg/m³]"""
    return (hours[value] > hours[limit]).fillna(False).astype(bool)


def exceedance_hours(hours: pd.DataFrame, value: str, limit: str) -> pd.DataFrame:
    """Per boiler and month: the valid hours and the hours over the limit."""
    over = exceedances(hours, value, limit)
    table = pd.DataFrame({"boiler": hours["boiler"], "month": _month_number(hours["hour"]),
                          "valid": hours[value].notna(), "over": over})
    out = table.groupby(["boiler", "month"], sort=True).agg(valid_hours=("valid", "sum"),
                                                            over_hours=("over", "sum")).reset_index()
    out["month"] = _month_text(out["month"])
    return out


def _month_number(when: pd.Series) -> pd.Series:
    """YYYYMM as a number: grouping a year of hours by it costs a fraction of formatting each hour as text."""
    when = pd.to_datetime(when)
    return when.dt.year * 100 + when.dt.month


def _month_text(numbers: pd.Series) -> pd.Series:
    """YYYYMM numbers as ``YYYY-MM``."""
    return (numbers // 100).astype(str) + "-" + (numbers % 100).astype(str).str.zfill(2)


def episodes(hours: pd.DataFrame, value: str, limit: str) -> pd.DataFrame:
    """Exceedance episodes: runs of consecutive exceeding hours of a boiler, with ``start``, ``end`` (the last hour
    over), ``hours`` and the ``peak`` value. [mg/m³]

    Examples
    --------
    >>> hours = pd.DataFrame({"boiler": "B1", "hour": pd.date_range("2024-03-01", periods=6, freq="h"),
    ...                       "nox_ref_mg_m3": [40, 60, 70, 40, 55, np.nan], "nox_limit_mg_m3": 50.0})
    >>> episodes(hours, "nox_ref_mg_m3", "nox_limit_mg_m3")[["start", "hours", "peak"]].values.tolist()
    [[Timestamp('2024-03-01 01:00:00'), 2, 70.0], [Timestamp('2024-03-01 04:00:00'), 1, 55.0]]
    """
    frame = hours[["boiler", "hour", value]].assign(hour=pd.to_datetime(hours["hour"]),
                                                    over=exceedances(hours, value, limit))
    frame = frame[frame["over"]].sort_values(["boiler", "hour"])
    if frame.empty:
        return pd.DataFrame(columns=["boiler", "start", "end", "hours", "peak"])
    gap = frame["hour"].diff() != pd.Timedelta(hours=1)
    new = gap | (frame["boiler"] != frame["boiler"].shift())
    run = new.cumsum()
    out = frame.groupby(run).agg(boiler=("boiler", "first"), start=("hour", "min"), end=("hour", "max"),
                                 hours=("hour", "size"), peak=(value, "max")).reset_index(drop=True)
    return out


def formal_test_in_force(daily: pd.DataFrame, tests: pd.DataFrame) -> pd.DataFrame:
    """Each day's formal test in force: the boiler's latest test dated on or before that day (a test made later in
    the year is no reference for the months before it).

    Parameters
    ----------
    daily : pandas.DataFrame
        ``boiler`` and ``day`` (any other columns are kept).
    tests : pandas.DataFrame
        ``boiler``, ``test_date``, ``eta_indirect_pct`` and ``inuse_criterion_pct`` of every formal test. [%]

    Returns
    -------
    pandas.DataFrame
        ``daily`` with ``test_date``, ``reference_eta_pct`` and ``criterion_pct`` (blank before a boiler's first
        test), in the order of ``daily``.

    Examples
    --------
    >>> daily = pd.DataFrame({"boiler": "B1", "day": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-06-01"])})
    >>> tests = pd.DataFrame({"boiler": "B1", "test_date": pd.to_datetime(["2024-02-01", "2024-05-01"]),
    ...                       "eta_indirect_pct": [91.0, 89.5], "inuse_criterion_pct": 80.0})
    >>> formal_test_in_force(daily, tests)["reference_eta_pct"].tolist()
    [nan, 91.0, 89.5]
    """
    # one resolution on both sides (dates read back from a database come in seconds, hours in microseconds)
    frame = daily.assign(day=pd.to_datetime(daily["day"]).astype("datetime64[ns]"), _order=np.arange(len(daily)))
    found = tests.assign(test_date=pd.to_datetime(tests["test_date"]).astype("datetime64[ns]"),
                         boiler=tests["boiler"].astype(frame["boiler"].dtype) if len(frame) else tests["boiler"])
    found = found.dropna(subset=["test_date"]).sort_values("test_date")[
        ["boiler", "test_date", "eta_indirect_pct", "inuse_criterion_pct"]]
    merged = pd.merge_asof(frame.sort_values("day"), found, left_on="day", right_on="test_date", by="boiler",
                           direction="backward")
    merged = merged.rename(columns={"eta_indirect_pct": "reference_eta_pct", "inuse_criterion_pct": "criterion_pct"})
    merged[["reference_eta_pct", "criterion_pct"]] = merged[["reference_eta_pct", "criterion_pct"]].astype(float)
    return merged.sort_values("_order").drop(columns="_order").reset_index(drop=True)


def _same_values(values: pd.Series) -> pd.Series:
    """Whether each value equals the one before it (two blanks are the same)."""
    before = values.shift()
    return (values == before) | (values.isna() & before.isna())


def drift_alerts(daily: pd.DataFrame, reference_eta: pd.Series | None, criterion: pd.Series | None, margin: float,
                 days: int) -> pd.DataFrame:
    """Boilers whose daily mean η₂ stayed below their formal test's η₂, or below their in-use criterion, by more
    than ``margin`` (the online estimate runs on a default air temperature and the rated q₅) for at least ``days`` consecutive valid days (a day without a valid value — the boiler stopped,
    the data lost — neither breaks nor extends the run; a new test in force does break it).

    Parameters
    ----------
    daily : pandas.DataFrame
        ``boiler``, ``day`` and ``eta_pct``, the mean η₂ of the valid hours of a valid day [%]; with
        ``reference_eta_pct`` and ``criterion_pct`` per day (:func:`formal_test_in_force`) when the reference changes
        over the period. [%]
    reference_eta, criterion : pandas.Series or None
        Per boiler: the formal test's η₂ and the in-use criterion (blank where unknown); ``None`` when ``daily``
        carries them per day. [%]
    margin : float
        [percentage points]
    days : int
        Consecutive days. [d]

    Returns
    -------
    pandas.DataFrame
        One row per alert: ``boiler``, ``start``, ``end``, ``days``, ``mean_eta_pct``, ``reference_eta_pct``,
        ``criterion_pct`` and ``basis`` (``test``: below the test by the margin; ``criterion``: below the criterion by
        the margin).

    Examples
    --------
    >>> daily = pd.DataFrame({"boiler": "B1", "day": pd.date_range("2024-03-01", periods=5),
    ...                       "eta_pct": [90.0, 87.5, 87.0, 87.2, 90.0]})
    >>> drift_alerts(daily, pd.Series({"B1": 90.0}), pd.Series({"B1": 80.0}), 2.0, 3)[["start", "days", "basis"]]
    ... # doctest: +NORMALIZE_WHITESPACE
           start  days basis
    0 2024-03-02     3  test
    """
    frame = daily.sort_values(["boiler", "day"]).assign(day=lambda f: pd.to_datetime(f["day"]))
    if reference_eta is not None:
        frame["reference_eta_pct"] = frame["boiler"].map(reference_eta).astype(float)
    if criterion is not None:
        frame["criterion_pct"] = frame["boiler"].map(criterion).astype(float)
    below_test = frame["eta_pct"] < frame["reference_eta_pct"] - margin
    below_criterion = frame["eta_pct"] < frame["criterion_pct"] - margin
    frame["low"] = (below_test | below_criterion).fillna(False)
    frame["basis"] = np.where(below_criterion.fillna(False), "criterion", "test")
    # a run is broken by a valid day that is not low, or by more than MAX_GAP_DAYS without a valid value; a few days
    # without one (stopped on a Sunday) neither break nor extend it
    long_gap = frame["day"].diff() > pd.Timedelta(days=MAX_GAP_DAYS)
    new_test = ~_same_values(frame["reference_eta_pct"]) | ~_same_values(frame["criterion_pct"])
    run = ((frame["boiler"] != frame["boiler"].shift()) | (frame["low"] != frame["low"].shift()) | long_gap
           | new_test).cumsum()
    low = frame[frame["low"]]
    if low.empty:
        return pd.DataFrame(columns=["boiler", "start", "end", "days", "mean_eta_pct", "reference_eta_pct",
                                     "criterion_pct", "basis"])
    grouped = low.groupby(run[frame["low"]]).agg(
        boiler=("boiler", "first"), start=("day", "min"), end=("day", "max"), days=("day", "size"),
        mean_eta_pct=("eta_pct", "mean"), reference_eta_pct=("reference_eta_pct", "first"),
        criterion_pct=("criterion_pct", "first"),
        basis=("basis", lambda b: "criterion" if (b == "criterion").any() else "test"))
    return grouped[grouped["days"] >= days].reset_index(drop=True)
