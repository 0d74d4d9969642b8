"""Online data (boilerlab.standards.monitoring) against hand-made series: valid hours from minutes with each flag,
valid days, the capture rate, exceedance hours and episodes, and drift alerts built to trigger and built not to."""

import numpy as np
import pandas as pd
import pytest

from boilerlab.base.reference import load_reference
from boilerlab.intake.hj212 import FLAGS
from boilerlab.standards.monitoring import (capture_rate, daily_validity, drift_alerts, episodes, exceedance_hours,
                                            formal_test_in_force, hourly_values, rule)

REFERENCE = load_reference()


def test_the_rules_are_those_of_hj_76():
    assert [rule(REFERENCE, r) for r in ("hour_min_valid_minutes", "day_min_valid_hours", "month_min_valid_days",
                                         "february_min_valid_days")] == [45, 20, 25, 23]
    with pytest.raises(KeyError, match="valid:"):
        rule(REFERENCE, "nope")


@pytest.mark.parametrize("flag", [f for f in FLAGS if f != "N"])
@pytest.mark.parametrize("normal, valid", [(45, True), (44, False), (60, True), (0, False)])
def test_an_hour_needs_45_normal_minutes_whatever_flag_the_others_carry(flag, normal, valid):
    # minute readings 10:00–10:59: the first `normal` flagged N at 2.0 % O₂, the rest `flag` at 9.0 % (never averaged)
    minutes = pd.DataFrame({"boiler": "B1", "time": pd.date_range("2024-03-01 10:00", periods=60, freq="min"),
                            "flue_o2_pct": [2.0] * normal + [9.0] * (60 - normal),
                            "flag_flue_o2_pct": ["N"] * normal + [flag] * (60 - normal)})
    hour = hourly_values(minutes, ["flue_o2_pct"], 45).iloc[0]
    assert hour["valid_minutes_flue_o2_pct"] == normal
    if valid:
        assert (hour["flue_o2_pct"], hour["flag_flue_o2_pct"]) == (2.0, "N")
    else:
        assert np.isnan(hour["flue_o2_pct"]) and hour["flag_flue_o2_pct"] == (flag if normal < 60 else "N")


def test_hourly_readings_count_as_whole_hours_and_missing_minutes_count_as_lost():
    hours = pd.DataFrame({"boiler": ["B1"] * 3, "time": pd.date_range("2024-03-01", periods=3, freq="h"),
                          "nox_mg_m3": [30.0, 40.0, 50.0], "flag_nox_mg_m3": ["N", "D", None]})
    out = hourly_values(hours, ["nox_mg_m3"], 45)
    assert out["valid_minutes_nox_mg_m3"].tolist() == [60.0, 0.0, 60.0]  # a blank flag is N
    assert out["nox_mg_m3"].tolist()[::2] == [30.0, 50.0] and out["flag_nox_mg_m3"].tolist() == ["N", "D", "N"]
    # minute data with 20 minutes missing from the file: 40 valid minutes, the hour is lost
    sparse = pd.DataFrame({"boiler": "B2", "time": pd.date_range("2024-03-01 10:00", periods=40, freq="min"),
                           "nox_mg_m3": 30.0})
    assert np.isnan(hourly_values(sparse, ["nox_mg_m3"], 45)["nox_mg_m3"].iloc[0])


def _day_of_hours(valid_hours: int, day: str = "2024-03-01") -> pd.DataFrame:
    hours = pd.date_range(day, periods=24, freq="h")
    values = [1.0] * valid_hours + [np.nan] * (24 - valid_hours)
    flags = ["N"] * valid_hours + ["F"] * (24 - valid_hours)
    return pd.DataFrame({"boiler": "B1", "hour": hours, "flue_o2_pct": values, "flag_flue_o2_pct": flags})


def test_a_day_needs_20_valid_hours_and_the_capture_rate_leaves_stopped_hours_out():
    hours = pd.concat([_day_of_hours(20, "2024-02-01"), _day_of_hours(19, "2024-02-02")], ignore_index=True)
    days = daily_validity(hours, "flue_o2_pct", rule(REFERENCE, "day_min_valid_hours"))
    assert days["valid_hours"].tolist() == [20, 19] and days["valid"].tolist() == [True, False]
    rate = capture_rate(hours, "flue_o2_pct").iloc[0]
    # February 2024: 29 × 24 = 696 hours; 9 stopped (flag F); 39 valid
    assert (rate["hours"], rate["stopped_hours"], rate["valid_hours"]) == (696, 9, 39)
    assert rate["capture_rate_pct"] == pytest.approx(100 * 39 / (696 - 9), rel=1e-12)


def test_exceedance_hours_and_episodes_of_a_hand_made_series():
    # NOx at reference O₂ against 50 mg/m³: over at 02, 03, 04 (an episode of 3, peak 80), 07 (1), and 23 in April
    values = [40, 45, 55, 80, 60, 50, 30, 51, np.nan, 49]
    hours = pd.DataFrame({"boiler": "B1", "hour": pd.date_range("2024-03-31 00:00", periods=10, freq="h"),
                          "nox_ref_mg_m3": values, "nox_limit_mg_m3": 50.0})
    table = exceedance_hours(hours, "nox_ref_mg_m3", "nox_limit_mg_m3")
    assert table.to_dict("records") == [{"boiler": "B1", "month": "2024-03", "valid_hours": 9, "over_hours": 4}]
    found = episodes(hours, "nox_ref_mg_m3", "nox_limit_mg_m3")
    assert found[["hours", "peak"]].values.tolist() == [[3, 80.0], [1, 51.0]]
    assert found["start"].tolist() == [pd.Timestamp("2024-03-31 02:00"), pd.Timestamp("2024-03-31 07:00")]
    assert found["end"].tolist() == [pd.Timestamp("2024-03-31 04:00"), pd.Timestamp("2024-03-31 07:00")]
    # two boilers' exceedances at the same hours are two episodes; an hour's gap splits one
    other = hours.assign(boiler="B2")
    assert len(episodes(pd.concat([hours, other]), "nox_ref_mg_m3", "nox_limit_mg_m3")) == 4


def _daily(etas, boiler="B1"):
    return pd.DataFrame({"boiler": boiler, "day": pd.date_range("2024-03-01", periods=len(etas)), "eta_pct": etas})


def test_a_drift_built_to_trigger_triggers_and_one_built_not_to_does_not():
    test_eta, criterion = pd.Series({"B1": 90.0, "B2": 90.0}), pd.Series({"B1": 82.8, "B2": 82.8})
    # B1: four days 2.5 points below its test, then back; B2: only two days below, and one day 1.9 below
    daily = pd.concat([_daily([90.1, 87.5, 87.4, 87.0, 87.3, 89.9]), _daily([89.0, 87.0, 87.0, 88.1, 89.0], "B2")])
    alerts = drift_alerts(daily, test_eta, criterion, 2.0, 3)
    assert alerts[["boiler", "days", "basis"]].values.tolist() == [["B1", 4, "test"]]
    assert alerts.iloc[0]["start"] == pd.Timestamp("2024-03-02") and alerts.iloc[0]["mean_eta_pct"] == pytest.approx(
        (87.5 + 87.4 + 87.0 + 87.3) / 4)
    # more than the margin below the in-use criterion while the test itself was low: the criterion decides
    low = drift_alerts(_daily([80.0, 79.5, 80.5]), pd.Series({"B1": 83.0}), pd.Series({"B1": 82.8}), 2.0, 3)
    assert low[["days", "basis"]].values.tolist() == [[3, "criterion"]]
    # below the criterion, but by less than the margin, and not below the test by more: no alert
    assert drift_alerts(_daily([81.5, 81.2, 81.0]), pd.Series({"B1": 83.0}), pd.Series({"B1": 82.8}), 2.0, 3).empty
    # a day without valid data (a Sunday stopped) neither breaks nor extends the run; a valid good day breaks it
    gapped = _daily([87.0, 87.0, 87.0]).assign(day=pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-04"]))
    assert drift_alerts(gapped, test_eta, criterion, 2.0, 3)["days"].tolist() == [3]
    broken = _daily([87.0, 87.0, 89.5, 87.0, 87.0])
    assert drift_alerts(broken, test_eta, criterion, 2.0, 3).empty


def test_each_day_is_judged_against_the_formal_test_in_force_that_day():
    """A test made in May is no reference for April; from its day on it is, and a new test breaks a run."""
    daily = _daily([87.0] * 8).assign(day=pd.date_range("2024-04-28", periods=8))
    tests = pd.DataFrame({"boiler": ["B1", "B1", "B2"], "test_date": pd.to_datetime(["2023-05-01", "2024-05-02",
                                                                                     "2024-01-01"]),
                          "eta_indirect_pct": [90.0, 88.0, 95.0], "inuse_criterion_pct": [80.0, 80.0, 80.0]})
    judged = formal_test_in_force(daily, tests)
    assert judged["reference_eta_pct"].tolist() == [90.0] * 4 + [88.0] * 4  # B2's test is not B1's
    assert judged["test_date"].tolist() == [pd.Timestamp("2023-05-01")] * 4 + [pd.Timestamp("2024-05-02")] * 4
    alerts = drift_alerts(judged, None, None, 2.0, 3)
    # 3 points below the 2023 test for four days; 1 point below the new one: no drift from 2 May
    assert alerts[["start", "end", "days", "reference_eta_pct"]].values.tolist() == [
        [pd.Timestamp("2024-04-28"), pd.Timestamp("2024-05-01"), 4, 90.0]]
    before_any = formal_test_in_force(_daily([87.0]).assign(day=pd.to_datetime(["2022-01-01"])), tests)
    assert before_any["reference_eta_pct"].isna().all() and drift_alerts(before_any, None, None, 2.0, 1).empty


@pytest.mark.parametrize("every, readings, valid", [("10min", 6, True), ("10min", 4, False), ("30s", 90, True),
                                                     ("30s", 89, False)])
def test_a_reading_is_worth_its_spacing_not_one_minute(every, readings, valid):
    """Found in review: 10-minute data counted 6 minutes an hour (every hour lost), 30-second data 2 minutes a minute."""
    times = pd.date_range("2024-03-01 10:00", periods=readings, freq=every)
    hours = hourly_values(pd.DataFrame({"boiler": "B1", "time": times, "flue_o2_pct": 3.0}), ["flue_o2_pct"], 45)
    first = hours.iloc[0]
    step = pd.Timedelta(every).total_seconds() / 60
    assert first["valid_minutes_flue_o2_pct"] == pytest.approx(step * min(readings, 60 / step))
    assert bool(first["flue_o2_pct"] == 3.0) == valid
