"""The continuous efficiency (boilerlab.intake.monitoring): an hour of monitoring data gives the η₂, the q₅ and the
emissions that boilerlab.evaluate gives for the same readings written as a test record, as an inspector would write
them (Chinese headers, CO in mg/m³, the boiler's register data); the default air temperature is said."""

import numpy as np
import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.intake.monitoring import hourly_efficiency

BOILERS = pd.DataFrame({"device_code": ["B-GAS", "B-OIL"], "boiler_kind": ["steam", "hot_water"],
                        "fuel_kind": ["natural_gas", "diesel"], "combustion": ["chamber", "chamber"],
                        "condensing": [False, False], "rated_capacity_t_h": [4.0, np.nan],
                        "rated_capacity_mw": [np.nan, 2.8], "install_date": ["2015-06-01", "2012-03-01"]})


def _hours(n=48, seed=3):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"device_code": np.where(np.arange(n) % 2, "B-OIL", "B-GAS"),
                         "hour": pd.date_range("2024-03-01", periods=n, freq="h"),
                         "flue_temp_c": rng.uniform(90, 180, n), "flue_o2_pct": rng.uniform(2, 9, n),
                         "co_mg_m3": rng.uniform(0, 60, n), "nox_mg_m3": rng.uniform(20, 120, n),
                         "air_temp_c": np.where(np.arange(n) % 3 == 0, np.nan, rng.uniform(5, 30, n))})


def test_an_hour_gives_what_evaluate_gives_for_the_same_readings_as_a_test_record():
    hours = _hours()
    hourly = hourly_efficiency(hours, BOILERS)
    register = BOILERS.set_index("device_code").loc[hours["device_code"]].reset_index(drop=True)
    # the same readings as an inspector's test file: Chinese headers, CO in mg/m³ under its header's unit
    written = pd.DataFrame({
        "测试编号": [f"T{i}" for i in range(len(hours))], "测试日期": hours["hour"].dt.strftime("%Y-%m-%d"),
        "锅炉类别": register["boiler_kind"], "燃料种类": register["fuel_kind"], "燃烧方式": register["combustion"],
        "冷凝式": register["condensing"], "额定蒸发量(t/h)": register["rated_capacity_t_h"],
        "额定热功率(MW)": register["rated_capacity_mw"], "安装日期": register["install_date"], "所在地": "上海",
        "排烟温度(°C)": hours["flue_temp_c"], "排烟氧含量(%)": hours["flue_o2_pct"],
        "排烟一氧化碳(mg/m3)": hours["co_mg_m3"], "冷空气温度(°C)": hours["air_temp_c"].fillna(20.0),
        "氮氧化物(mg/m3)": hours["nox_mg_m3"], "排放测点氧含量(%)": hours["flue_o2_pct"]})
    expected = evaluate(written, uncertainty=False)
    for column in ("eta_indirect_pct", "q2_pct", "q3_pct", "q5_pct", "excess_air_ratio", "nox_ref_mg_m3",
                   "nox_limit_mg_m3"):
        np.testing.assert_allclose(hourly[column].to_numpy(float), expected[column].to_numpy(float), rtol=1e-12,
                                   err_msg=column)
    assert hourly["eta_indirect_pct"].notna().all() and (hourly["q5_source"] == expected["q5_source"]).all()
    assert hourly["eta_direct_pct"].isna().all()  # no fuel or output flow in these hours: no η₁


def test_the_default_air_temperature_is_said_on_the_hours_it_applies_to():
    hours = _hours()
    warnings = hourly_efficiency(hours, BOILERS)["warnings"].astype(str)
    said = warnings.str.contains("冷空气温度未测, 取 20 °C (在线监测数据)", regex=False)
    assert (said == hours["air_temp_c"].isna()).all()


def test_an_unregistered_boiler_is_refused_by_name():
    with pytest.raises(KeyError, match="B-NONE 不在台账中"):
        hourly_efficiency(_hours().assign(device_code="B-NONE"), BOILERS)
