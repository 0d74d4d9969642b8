"""The demo district's online data: 2024 hourly readings of about twenty key gas boilers, reproducible from a seed,
as a DCS/CEMS export (CSV, Chinese headers, a 设备代码 column) — some boilers drift (the flue temperature creeping up
as the heating surfaces foul), some have NOx exceedance episodes, and every one has gaps: Sundays stopped (F), a
weekly calibration hour (C), maintenance days (M), faults (D) and lost communication (B).

Everything here is SYNTHETIC, like the rest of the demo district.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: How many boilers carry online data, and which of them drift or exceed (by position in the chosen list).
BOILERS = 20
DRIFTING = (0, 3, 7, 11)
EXCEEDING = (1, 3, 5, 9, 14)
YEAR = 2024


def monitoring_export(boilers: pd.DataFrame, units: pd.DataFrame, tests: pd.DataFrame, seed: int = 2024,
                      count: int = BOILERS) -> pd.DataFrame:
    """The export of the chosen boilers (in-use gas boilers of district-level key units first): one row per boiler
    and hour of :data:`YEAR`, headers as a DCS writes them. Each boiler runs around the flue temperature and O₂ of
    its formal test in force, so that the online η₂ starts near that test's."""
    rng = np.random.default_rng(seed + 16)
    district = set(units.loc[units["district_key"].astype(bool), "credit_code"])
    gas = boilers[(boilers["fuel_kind"] == "natural_gas") & (boilers["status"] == "在用")]
    gas = gas.assign(first=~gas["credit_code"].isin(district)).sort_values(["first", "device_code"])
    chosen = gas["device_code"].head(count).tolist()
    hours = pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31 23:00", freq="h")
    n = len(hours)
    frames = []
    for position, device in enumerate(chosen):
        running = hours.day_of_week < 6  # round the clock, stopped on Sundays
        flag = np.where(running, "N", "F").astype(object)
        flag[(hours.hour == 7) & (hours.day_of_week == 0) & running] = "C"  # the weekly calibration, Monday 07:00
        for day in rng.choice(366, 3, replace=False):  # maintenance days
            flag[(hours.day_of_year == day + 1) & running] = "M"
        flag[rng.random(n) < 0.004] = "D"
        lost = rng.random(n) < 0.01
        flag[lost] = "B"
        tested = tests[tests["boiler_id"] == device].sort_values("test_date")
        if len(tested):
            # each hour runs around the formal test in force (the first one for the hours before it), so that the
            # online η₂ starts near the test the drift is judged against
            dates = pd.to_datetime(tested["test_date"]).to_numpy(dtype="datetime64[ns]")
            which = np.clip(np.searchsorted(dates, hours.to_numpy(dtype="datetime64[ns]"), side="right") - 1, 0, None)
            base_temp = tested["flue_temp_c"].to_numpy(float)[which]
            base_o2 = np.nan_to_num(tested["flue_o2_pct"].to_numpy(float), nan=3.6)[which]
        else:
            base_temp, base_o2 = rng.uniform(105, 140), 3.6
        drift = np.zeros(n)
        if position in DRIFTING:  # from mid-year the flue gas leaves 25–35 K hotter by December
            start = np.searchsorted(hours, pd.Timestamp(f"{YEAR}-06-15"))
            drift[start:] = np.linspace(0, rng.uniform(45, 60), n - start)
        temp = base_temp + drift + rng.normal(0, 2.5, n)
        o2 = np.clip(rng.normal(base_o2, 0.3, n), 1.5, 9.0)
        nox = np.clip(rng.normal(34, 4, n), 10, None)
        if position in EXCEEDING:  # episodes of a few hours with the burner out of tune
            for start in rng.choice(np.flatnonzero(running), 6, replace=False):
                nox[start:start + int(rng.integers(2, 7))] = rng.uniform(58, 95)
        co = np.clip(rng.normal(15, 6, n), 0, None)
        frame = pd.DataFrame({"监测时间": hours.strftime("%Y-%m-%d %H:%M"), "设备代码": device,
                              "排烟温度(°C)": temp.round(1), "排烟氧含量(%)": o2.round(2),
                              "排烟一氧化碳(mg/m3)": co.round(1), "氮氧化物(mg/m3)": nox.round(1),
                              "数据标记": flag})
        frame.loc[lost, ["排烟温度(°C)", "排烟氧含量(%)", "排烟一氧化碳(mg/m3)", "氮氧化物(mg/m3)"]] = np.nan
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
