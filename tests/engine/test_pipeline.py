"""boilerlab.evaluate over test-record frames: plumbing against the component functions, physical
invariants (hypothesis), net/gross consistency, and every bad-input path."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boilerlab import RESULT_COLUMNS, evaluate

from boilerlab.physics import combustion, efficiency, fuels, losses, steam
from boilerlab.intake.canonical import NoUsableColumnsError
from boilerlab.base.reference import load_reference

GAS_STEAM = dict(test_id="g1", boiler_kind="steam", fuel_kind="natural_gas", combustion="chamber", condensing="false",
                 rated_capacity_t_h=4.0, barometric_kpa=101.3, ch4_pct=96.0, c2h6_pct=1.8, c3h8_pct=0.4,
                 c4h10_pct=0.1, n2_pct=1.0, co2_pct=0.7, fuel_rate_nm3_h=300.0, steam_flow_kg_h=4000.0,
                 steam_pressure_mpa_g=0.8, steam_humidity_pct=1.0, feedwater_temp_c=60.0, blowdown_flow_kg_h=100.0,
                 flue_temp_c=140.0, air_temp_c=20.0, air_humidity_g_kg=8.0, flue_o2_pct=3.5, flue_co_ppm=30.0)
COAL_STEAM = dict(test_id="c1", boiler_kind="steam", fuel_kind="bituminous", combustion="grate", condensing="false",
                  rated_capacity_t_h=10.0, barometric_kpa=101.3, c_ar_pct=55.0, h_ar_pct=3.5, o_ar_pct=8.0,
                  n_ar_pct=0.9, s_ar_pct=0.6, ash_ar_pct=22.0, moisture_ar_pct=10.0, vdaf_pct=32.0,
                  lhv_ar_kj_kg=21000.0, fuel_rate_kg_h=1500.0, steam_flow_kg_h=9000.0, steam_pressure_mpa_g=1.0,
                  steam_humidity_pct=2.0, feedwater_temp_c=60.0, flue_temp_c=170.0, air_temp_c=20.0,
                  air_humidity_g_kg=10.0, flue_o2_pct=8.0, flue_co_ppm=200.0, slag_combustible_pct=10.0,
                  flyash_combustible_pct=20.0, slag_share_pct=80.0, flyash_share_pct=20.0, slag_temp_c=600.0)
HOT_WATER = dict(test_id="w1", boiler_kind="hot_water", fuel_kind="natural_gas", combustion="chamber",
                 condensing="false", rated_capacity_mw=2.8, fuel_rate_nm3_h=280.0, water_flow_kg_h=86000.0,
                 supply_temp_c=85.0, return_temp_c=60.0, water_pressure_mpa_g=0.5, flue_temp_c=130.0,
                 air_temp_c=15.0, flue_o2_pct=4.0, flue_co_ppm=10.0)


def run(*rows, **kwargs):
    return evaluate(pd.DataFrame(list(rows)), **kwargs)


# --- plumbing: evaluate equals the chain of component functions ------------------------------------------

def test_gas_steam_row_equals_component_functions():
    out = run(GAS_STEAM).iloc[0]
    r = GAS_STEAM
    composition = {k: r[k] for k in ("ch4_pct", "c2h6_pct", "c3h8_pct", "c4h10_pct", "n2_pct", "co2_pct")}
    lhv, hhv = fuels.gas_heating_values(composition)
    p = steam.absolute_pressure(r["steam_pressure_mpa_g"], r["barometric_kpa"])
    h_steam = steam.wet_steam_enthalpy(p, r["steam_humidity_pct"])
    h_feed = steam.water_enthalpy(p, r["feedwater_temp_c"])
    q1 = efficiency.useful_heat_steam(r["steam_flow_kg_h"], h_steam, h_feed, r["blowdown_flow_kg_h"],
                                      steam.saturated_water_enthalpy(p))
    eta1 = efficiency.efficiency_direct(q1, r["fuel_rate_nm3_h"], lhv)
    gas = combustion.stoichiometry_gas(composition)
    alpha = combustion.excess_air_from_o2_balance(r["flue_o2_pct"], r["flue_co_ppm"] / 1e4, gas["ro2"],
                                                  gas["n2_theoretical"], gas["air_theoretical"])
    v_h2o = combustion.water_vapour_volume(gas["h2o_fuel"], gas["air_theoretical"], alpha, r["air_humidity_g_kg"])
    v_dry = combustion.dry_flue_gas_volume(gas["ro2"], gas["n2_theoretical"], gas["air_theoretical"], alpha)
    i_py = combustion.flue_gas_enthalpy(gas["ro2"], gas["n2_theoretical"], v_h2o, gas["air_theoretical"], alpha,
                                        r["flue_temp_c"])
    i_lk = gas["air_theoretical"] * combustion.humid_air_enthalpy(r["air_temp_c"], r["air_humidity_g_kg"])
    q2 = losses.loss_flue_gas(i_py, i_lk, alpha, lhv)
    q3 = losses.loss_unburnt_gas(v_dry, r["flue_co_ppm"], lhv)
    q5 = losses.rated_surface_loss(4.0) * 4.0 / 4.0  # tested at the rated 4 t/h
    # identical arithmetic on identical inputs: float round-off only
    assert out["heat_output_kw"] == pytest.approx(q1, rel=1e-12)
    assert out["eta_direct_pct"] == pytest.approx(eta1, rel=1e-12)
    assert out["excess_air_ratio"] == pytest.approx(alpha, rel=1e-12)
    assert out["q2_pct"] == pytest.approx(q2, rel=1e-12)
    assert out["q3_pct"] == pytest.approx(q3, rel=1e-12)
    assert out["q4_pct"] == 0 and out["q6_pct"] == 0
    assert out["q5_pct"] == pytest.approx(q5, rel=1e-12)
    assert out["eta_indirect_pct"] == pytest.approx(100 - q2 - q3 - q5, rel=1e-12)
    assert out["method_deviation_pct"] == pytest.approx(eta1 - (100 - q2 - q3 - q5), rel=1e-9)
    assert out["hhv_used"] == pytest.approx(hhv, rel=1e-12)
    assert out["error"] == ""
    assert out["excess_air_method"] == "O2, CO and fuel stoichiometry"


def test_result_columns_and_provenance_stamp():
    out = run(GAS_STEAM, COAL_STEAM, HOT_WATER)
    for column in RESULT_COLUMNS:
        assert column in out.columns
    stamp = load_reference().version_stamp()
    assert set(out["reference_versions"]) == {stamp}
    assert "gb24500_grades=2020.1+" in stamp
    assert (out["error"] == "").all()
    assert out["eta_direct_pct"].notna().all() and out["eta_indirect_pct"].notna().all()


def test_coal_row_losses_are_all_present_and_plausible():
    out = run(COAL_STEAM).iloc[0]
    assert 0 < out["q4_pct"] < 15 and 0 < out["q6_pct"] < 2 and out["q3_pct"] > 0
    # q4 by hand: 328.66·22/21000·(80·10/90 + 20·20/80) = 0.344311·(8.8889 + 5) = 4.78210
    assert out["q4_pct"] == pytest.approx(328.66 * 22 / 21000 * (80 * 10 / 90 + 20 * 20 / 80), rel=1e-12)
    assert out["gb24500_grade"] in ("1", "2", "3", "below")


# --- invariants -------------------------------------------------------------------------------------------

def gas_row(flue_temp, o2, co=20.0, condensing="false"):
    return dict(HOT_WATER, flue_temp_c=flue_temp, flue_o2_pct=o2, flue_co_ppm=co, condensing=condensing)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(t=st.floats(100.0, 300.0), dt=st.floats(2.0, 80.0), o2=st.floats(1.0, 10.0), do2=st.floats(0.2, 4.0))
def test_eta_indirect_falls_as_flue_temperature_or_oxygen_rises(t, dt, o2, do2):
    out = run(gas_row(t, o2), dict(gas_row(t + dt, o2), test_id="hotter"), dict(gas_row(t, o2 + do2), test_id="leaner"))
    eta = out["eta_indirect_pct"].to_numpy()
    assert eta[1] < eta[0] and eta[2] < eta[0]


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(t=st.floats(100.0, 300.0), o2=st.floats(0.5, 12.0), co=st.floats(0.0, 2000.0),
       slag_c=st.floats(0.0, 40.0), fly_c=st.floats(0.0, 40.0))
def test_losses_are_non_negative_and_net_gross_consistent(t, o2, co, slag_c, fly_c):
    coal = dict(COAL_STEAM, flue_temp_c=t, flue_o2_pct=o2, flue_co_ppm=co, slag_combustible_pct=slag_c,
                flyash_combustible_pct=fly_c)
    out = run(dict(gas_row(t, o2, co), test_id="gas"), coal)
    for column in ("q2_pct", "q3_pct", "q4_pct", "q5_pct", "q6_pct"):
        assert (out[column] >= 0).all(), column
    # the same heat on two bases: η_gross·HHV = η_net·LHV for both methods (round-off only)
    for net, gross in (("eta_direct_pct", "eta_direct_gross_pct"), ("eta_indirect_pct", "eta_indirect_gross_pct")):
        np.testing.assert_allclose(out[gross] * out["hhv_used"], out[net] * out["lhv_used"], rtol=1e-12)
    # gross losses add up to the gross efficiency
    gross_sum = out["q2_gross_pct"] + out["q3_gross_pct"] + (out["q4_pct"] + out["q5_pct"] + out["q6_pct"]) * \
        out["lhv_used"] / out["hhv_used"]
    np.testing.assert_allclose(100 - gross_sum, out["eta_indirect_gross_pct"], rtol=1e-12)


def test_rows_do_not_influence_each_other():
    # a row's result does not depend on which other rows share the frame (vectorised masks stay per row)
    together = run(GAS_STEAM, COAL_STEAM, HOT_WATER)
    for i, row in enumerate((GAS_STEAM, COAL_STEAM, HOT_WATER)):
        alone = run(row).iloc[0]
        for column in ("eta_direct_pct", "eta_indirect_pct", "q2_pct", "q4_pct", "q5_pct", "gb24500_grade"):
            assert together.iloc[i][column] == alone[column] or (pd.isna(alone[column]) and pd.isna(together.iloc[i][column]))


# --- what each row can compute ------------------------------------------------------------------------------

def test_direct_only_and_indirect_only_rows_say_why():
    direct_only = {k: v for k, v in GAS_STEAM.items() if not k.startswith(("flue_", "air_"))}
    indirect_only = {k: v for k, v in GAS_STEAM.items() if k not in ("steam_flow_kg_h", "fuel_rate_nm3_h")}
    out = run(direct_only, dict(indirect_only, test_id="g2"))
    assert out.loc[0, "eta_direct_pct"] > 0 and pd.isna(out.loc[0, "eta_indirect_pct"])
    assert "缺少排烟温度、冷空气温度或排烟 O₂/CO₂, 不计算反平衡" in out.loc[0, "warnings"]
    assert pd.isna(out.loc[1, "eta_direct_pct"]) and out.loc[1, "eta_indirect_pct"] > 0
    assert "缺少蒸汽流量、蒸汽压力或给水温度, 不计算正平衡" in out.loc[1, "warnings"]
    assert out.loc[1, "governing_method"] == "indirect"
    assert (out["error"] == "").all()


def test_nothing_computable_is_an_error():
    out = run(dict(test_id="x", boiler_kind="steam", fuel_kind="natural_gas"))
    assert "正平衡与反平衡均无法计算, 原因见警告" in out.loc[0, "error"]


def test_defaults_are_announced():
    row = {k: v for k, v in HOT_WATER.items()}  # no barometric pressure, air humidity or gas composition
    warnings = run(row).loc[0, "warnings"]
    for text in ("大气压力未填, 取 101.325 kPa", "空气含湿量未测, 取 10 g/kg", "取燃料库天然气典型组分 (待确认)",
                 "q5 按额定容量查表 (表中数值待确认)", "燃气发热量未填, 由组分按 ISO 6976 计算 (真实气体)"):
        assert text in warnings, text


def test_electric_boiler_direct_only_and_graded_on_its_limit():
    row = dict(test_id="e1", boiler_kind="hot_water", fuel_kind="电", condensing="否", rated_capacity_mw=1.0,
               electric_power_kw=1000.0, water_flow_kg_h=21000.0, supply_temp_c=70.0, return_temp_c=30.0)
    out = run(row).iloc[0]
    # Q1 = 21000·(h(70 °C) − h(30 °C))/3600 ≈ 21000·167.5/3600 ≈ 977 kW → η ≈ 97.7 % ≥ 97 % limit
    assert out["eta_direct_pct"] == pytest.approx(out["heat_output_kw"] / 10.0, rel=1e-12)
    assert out["eta_direct_gross_pct"] == out["eta_direct_pct"]
    assert out["gb24500_grade"] == "n/a" and bool(out["gb24500_meets_limit"])
    assert "电锅炉不计算反平衡" in out["warnings"]


def test_condensing_boiler_gets_condensation_heat():
    cold = dict(gas_row(45.0, 3.0, condensing="true"))
    out = run(cold, dict(gas_row(45.0, 3.0, condensing="false"), test_id="w2"))
    # the condensing row is credited with latent heat: q2 < 0 and η₂ > 100 % (LHV basis)
    assert out.loc[0, "q2_pct"] < 0 and out.loc[0, "eta_indirect_pct"] > 100
    assert "冷凝式锅炉: 按排烟在排烟温度下饱和计算凝结放热" in out.loc[0, "warnings"]
    # the same flue gas on a non-condensing boiler: no credit, and a warning about the dew point
    assert out.loc[1, "q2_pct"] > 0
    assert "排烟温度低于烟气水露点, 但锅炉非冷凝式" in out.loc[1, "warnings"]


def test_simple_method_is_labelled():
    out = run(GAS_STEAM, q2_method="simple").iloc[0]
    alpha = out["excess_air_ratio"]
    # (m + n·α)·Δt/100 with the natural-gas row of q2_simple_coefficients (0.5, 3.45)
    assert out["q2_pct"] == pytest.approx((0.5 + 3.45 * alpha) * (140 - 20) / 100, rel=1e-12)
    assert out["q3_pct"] == pytest.approx(3.2 * alpha * 30 / 1e4, rel=1e-12)
    # the simple test keeps the field approximation its m, n go with
    assert alpha == pytest.approx(21 / (21 - (3.5 - 0.5 * 30 / 1e4)), rel=1e-12)
    assert out["excess_air_method"] == "O2 and CO: 21/(21-(O2-0.5CO))"
    assert out["q2_method"] == "simple (简单测试)" and "简单测试: q2、q3 按 m、n 与 3.2·α·CO 估算" in out["warnings"]
    with pytest.raises(ValueError, match="q2_method"):
        run(GAS_STEAM, q2_method="fancy")


def test_chinese_headers_aliases_and_units():
    english = run(GAS_STEAM).iloc[0]
    chinese = pd.DataFrame([{
        "测试编号": "g1", "锅炉类别": "蒸汽锅炉", "燃料种类": "天然气", "燃烧方式": "室燃", "冷凝式": "否",
        "额定蒸发量 (t/h)": 4.0, "大气压力(kPa)": 101.3, "甲烷(%)": 96.0, "乙烷": 1.8, "丙烷": 0.4, "丁烷": 0.1,
        "氮气": 1.0, "燃气二氧化碳": 0.7, "燃气消耗量（Nm³/h）": 300.0, "蒸汽流量(t/h)": 4.0,
        "蒸汽压力(MPa)": 0.8, "蒸汽湿度(%)": 1.0, "给水温度(°C)": 60.0, "排污量(kg/h)": 100.0, "排烟温度": 140.0,
        "冷空气温度": 20.0, "空气含湿量": 8.0, "排烟氧含量": 3.5, "排烟一氧化碳": 30.0}])
    out = evaluate(chinese).iloc[0]
    assert out["steam_flow_kg_h"] == 4000.0  # 4 t/h → kg/h
    for column in ("eta_direct_pct", "eta_indirect_pct", "q2_pct", "gb24500_grade"):
        assert out[column] == english[column]


def test_reevaluating_an_output_frame_gives_the_same_results():
    first = run(GAS_STEAM, COAL_STEAM)
    second = evaluate(first)
    for column in ("eta_direct_pct", "eta_indirect_pct", "q5_pct", "gb24500_grade"):
        assert list(first[column]) == list(second[column])


# --- bad input: column, value, valid range; the rest of the file still computes -----------------------------

@pytest.mark.parametrize("change, expected", [
    ({"flue_o2_pct": 21.0}, "排烟氧含量 的值 21 超出有效范围 [0, 21) %"),
    ({"steam_pressure_mpa_g": "abc"}, "蒸汽压力 的值 'abc' 不是数值, 有效范围 [0, 20.8] MPa(g)"),
    ({"steam_humidity_pct": -1}, "蒸汽湿度 的值 -1 超出有效范围 [0, 100) %"),
    ({"boiler_kind": "kettle"}, "锅炉类别 的值 'kettle' 无效, 可选: 热水锅炉、有机热载体锅炉、蒸汽锅炉"),
    ({"fuel_kind": "coke"}, "燃料种类 的值 'coke' 无效, 燃料库中可选: 无烟煤、"),
    ({"combustion": "rocket"}, "燃烧方式 的值 'rocket' 无效, 可选: 室燃、流化床、层燃"),
    ({"condensing": "maybe"}, "冷凝式 的值 'maybe' 无效, 应为 是 或 否"),
    ({"fuel_kind": None}, "燃料种类 为空, 必填"),
    ({"test_date": "2024-02-30"}, "测试日期 的值 '2024-02-30' 不是日期, 可用格式: 2024-03-05、2024/3/5"),
    ({"steam_temp_c": 150.0}, "过热蒸汽温度 的值 150 不高于 0.9013 MPa(绝压) 下的饱和温度 175.42 °C"),
    ({"feedwater_temp_c": 200.0}, "给水温度 的值 200 不低于给水压力下的饱和温度 175.42 °C"),
    ({"ch4_pct": 80.0}, "燃气组分之和 的值 '84.00 %' 超出有效范围 100 ± 2 %"),
    ({"flue_o2_pct": None, "flue_co2_pct": 20.0}, "由排烟成分算得过量空气系数 0.635 < 1, 有效范围 ≥ 1; 请核对 排烟二氧化碳"),
])
def test_bad_cell_gives_a_chinese_row_error_and_other_rows_still_compute(change, expected):
    bad = dict(GAS_STEAM, test_id="bad", **change)
    out = run(GAS_STEAM, bad, COAL_STEAM)
    error = out.loc[1, "error"]
    assert expected in error
    assert "为空" not in error or change == {"fuel_kind": None}  # an invalid value is not also called blank
    assert pd.isna(out.loc[1, "eta_direct_pct"]) and pd.isna(out.loc[1, "eta_indirect_pct"])
    assert out.loc[1, "gb24500_grade"] == "n/a"
    assert out.loc[0, "error"] == "" and out.loc[2, "error"] == ""
    assert out.loc[0, "eta_direct_pct"] > 0 and out.loc[2, "eta_indirect_pct"] > 0


def test_hot_water_supply_not_above_return_is_an_error():
    out = run(dict(HOT_WATER, supply_temp_c=50.0))
    assert "出水温度 50 不高于 回水温度 60, 有效范围: 出水 > 回水" in out.loc[0, "error"]


def test_solid_analysis_and_ash_shares_must_add_up():
    out = run(dict(COAL_STEAM, c_ar_pct=45.0), dict(COAL_STEAM, test_id="c2", flyash_share_pct=30.0))
    assert "收到基元素分析与灰分、水分之和 的值 '90.00 %' 超出有效范围 100 ± 1.5 %" in out.loc[0, "error"]
    assert "炉渣与飞灰份额之和 的值 '110 %' 超出有效范围 100 ± 1 %" in out.loc[1, "error"]


def test_duplicate_test_ids_are_errors():
    out = run(GAS_STEAM, GAS_STEAM)
    assert all("测试编号 'g1' 在文件中重复" in e for e in out["error"])


def test_no_usable_columns_raises():
    with pytest.raises(NoUsableColumnsError, match="表中没有可识别的测试记录列"):
        evaluate(pd.DataFrame({"foo": [1], "test_id": ["a"]}))


def test_solid_fuel_without_ash_data_gets_q2_q3_q5_but_no_eta2():
    full = run(COAL_STEAM).iloc[0]
    row = {k: v for k, v in COAL_STEAM.items() if "combustible" not in k and "share" not in k}
    out = run(row).iloc[0]
    assert pd.isna(out["eta_indirect_pct"]) and out["eta_direct_pct"] > 0
    assert pd.isna(out["q4_pct"]) and pd.isna(out["q6_pct"]) and pd.isna(out["method_deviation_pct"])
    # q₂ and q₃ as with the ash data but without the (1 − q₄/100) factor; q₅ as with them
    factor = 1.0 - full["q4_pct"] / 100.0
    assert out["q2_pct"] * factor == pytest.approx(full["q2_pct"], rel=1e-12)
    assert out["q3_pct"] * factor == pytest.approx(full["q3_pct"], rel=1e-12)
    assert out["q5_pct"] == pytest.approx(full["q5_pct"], rel=1e-12)
    assert out["excess_air_ratio"] == pytest.approx(full["excess_air_ratio"], rel=1e-12)
    assert ("固体燃料缺少炉渣份额、飞灰份额、炉渣可燃物含量、飞灰可燃物含量, 不计算 q₄、q₆ 与反平衡效率 η₂; "
            "q₂、q₃ 未作 q₄ 修正 (略偏高)") in out["warnings"]
    assert out["error"] == ""


def test_the_missing_ash_inputs_are_named_one_by_one():
    shares_only = {k: v for k, v in COAL_STEAM.items() if "combustible" not in k}
    no_fly_carbon = {k: v for k, v in COAL_STEAM.items() if k != "flyash_combustible_pct"}
    out = run(dict(shares_only, test_id="a"), dict(no_fly_carbon, test_id="b"))
    assert "固体燃料缺少炉渣可燃物含量、飞灰可燃物含量, 不计算" in out.loc[0, "warnings"]
    assert "固体燃料缺少飞灰可燃物含量, 不计算" in out.loc[1, "warnings"]
    assert "炉渣可燃物含量、" not in out.loc[1, "warnings"]
    assert out["q2_pct"].notna().all() and out["eta_indirect_pct"].isna().all()


# --- review findings: units in headers, not-measured marks, misplaced columns, method choices ---------------

def test_header_units_are_converted_or_refused():
    row = {k: v for k, v in HOT_WATER.items() if k != "rated_capacity_mw"}
    converted = evaluate(pd.DataFrame([dict(row, **{"额定热功率(kW)": 2800.0, "燃气低位发热量(MJ/Nm³)": 35.8})])).iloc[0]
    assert converted["rated_capacity_mw"] == pytest.approx(2.8) and converted["lhv_kj_nm3"] == pytest.approx(35800.0)
    assert converted["error"] == ""
    # "m3" has no reference state (0 °C or 20 °C differ by 7 %): refused, naming the header and what is accepted
    refused = evaluate(pd.DataFrame([dict(row, **{"燃气低位发热量(MJ/m3)": 35.8}), dict(row, test_id="w2")]))
    assert "表头 '燃气低位发热量(MJ/m3)' 的单位 'mj/m3' 无法换算, 燃气低位发热量 应为 kJ/Nm³" in refused.loc[0, "error"]
    assert "(可用: kJ/Nm³、MJ/Nm³、kcal/Nm³)" in refused.loc[0, "error"] and "无法换算" in refused.loc[0, "error"]
    assert pd.isna(refused.loc[0, "eta_direct_pct"])
    assert refused.loc[1, "error"] == ""  # the header only concerns rows that filled it


def test_co_in_mg_per_m3_is_converted_to_ppm():
    row = {k: v for k, v in GAS_STEAM.items() if k != "flue_co_ppm"}
    out = evaluate(pd.DataFrame([dict(row, **{"排烟一氧化碳(mg/m3)": 100.0})])).iloc[0]
    assert out["flue_co_ppm"] == pytest.approx(80.0)  # ppm = mg/m³ × 22.4/28


def test_not_measured_marks_read_as_blank_with_a_warning():
    out = run(dict(GAS_STEAM, steam_humidity_pct="/", flue_co_ppm="—")).iloc[0]
    assert out["error"] == "" and out["eta_direct_pct"] > 0
    assert "蒸汽湿度 填写为未测标记 (如 '/'), 按未测处理" in out["warnings"]
    assert "排烟 CO 未测, q3 取 0" in out["warnings"]


def test_heating_value_in_the_wrong_unit_column_is_an_error():
    out = run(dict(GAS_STEAM, lhv_ar_kj_kg=34000.0), dict(COAL_STEAM, lhv_kj_nm3=21000.0))
    assert "燃气的发热量须填在燃气低位/高位发热量 (kJ/Nm³) 列, 而非收到基 (kJ/kg) 列" in out.loc[0, "error"]
    assert "(收到基低位发热量 = 34000)" in out.loc[0, "error"]  # the value given, where it was given
    assert "固体/液体燃料的发热量须填在收到基低位/高位发热量 (kJ/kg) 列, 而非燃气 (kJ/Nm³) 列" in out.loc[1, "error"]
    assert "(燃气低位发热量 = 21000)" in out.loc[1, "error"]
    assert "燃气发热量未填" not in out.loc[0, "warnings"]


def test_lpg_by_mass_is_converted_with_the_normal_density():
    row = dict(HOT_WATER, fuel_kind="lpg", fuel_rate_nm3_h=None, fuel_rate_kg_h=200.0)
    out = run(row).iloc[0]
    density = fuels.gas_normal_density({"c3h8_pct": 50.0, "c4h10_pct": 50.0})  # library LPG, real gas (÷ Z), as the per-Nm³ heating value
    assert out["eta_direct_pct"] == pytest.approx(out["heat_output_kw"] * 3600 / (200.0 / density * out["lhv_used"]) * 100,
                                                  rel=1e-12)
    assert "燃气消耗量按质量 (kg/h) 给出, 按组分的标准状态密度换算为 Nm³/h" in out["warnings"]


def test_excess_air_does_not_depend_on_a_blank_versus_zero_co():
    blank = dict(GAS_STEAM, flue_co2_pct=9.9, flue_co_ppm=None)
    zero = dict(blank, test_id="g2", flue_co_ppm=0.0)
    out = run(blank, zero)
    assert out.loc[0, "excess_air_ratio"] == out.loc[1, "excess_air_ratio"]
    assert out.loc[0, "excess_air_method"] == "nitrogen method: O2, CO, RO2"


def test_measured_ro2_inconsistent_with_the_fuel_is_warned():
    # natural gas at O2 3.5 % gives RO2 ≈ 9.9 %; a reading of 1 % (the fuel's own CO2 typed in the flue column)
    out = run(dict(GAS_STEAM, flue_co2_pct=1.0)).iloc[0]
    assert "实测 RO₂ 与燃料成分和 O₂ 推算值相差超过 1.5 个百分点" in out["warnings"]


def test_hot_water_rated_in_t_h_gets_a_load_correction():
    row = dict(HOT_WATER, rated_capacity_mw=None, rated_capacity_t_h=4.0)
    out = run(row).iloc[0]
    expected_load = out["heat_output_kw"] / (4.0 * 0.7 * 1000)
    assert out["q5_pct"] == pytest.approx(losses.rated_surface_loss(4.0, "t/h") / expected_load, rel=1e-12)
    assert "负荷率按 1 t/h ≈ 0.7 MW 由额定蒸发量折算" in out["warnings"]


def test_impossible_efficiency_is_an_error_not_a_grade():
    out = run(dict(GAS_STEAM, flue_o2_pct=20.95, q5_pct=2.0)).iloc[0]  # α ≈ 420: q2 of thousands of %
    assert "算得的反平衡热效率 η₂" in out["error"] and "不可能, 有效范围 (0, 110] %" in out["error"]
    assert out["gb24500_grade"] == "n/a"


def test_very_low_load_refuses_the_table_q5():
    out = run(dict(GAS_STEAM, steam_flow_kg_h=800.0, fuel_rate_nm3_h=60.0)).iloc[0]  # 20 % of 4 t/h
    assert pd.isna(out["eta_indirect_pct"]) and "查表 q5 不再可信, 请实测 q5" in out["warnings"]
    measured = run(dict(GAS_STEAM, steam_flow_kg_h=800.0, fuel_rate_nm3_h=60.0, q5_pct=9.0)).iloc[0]
    assert measured["q5_pct"] == 9.0 and measured["q5_source"] == "measured"


def test_proximate_analysis_only_scales_the_library_composition():
    elemental = ("c_ar_pct", "h_ar_pct", "o_ar_pct", "n_ar_pct", "s_ar_pct")
    row = {k: v for k, v in COAL_STEAM.items() if k not in elemental}
    library = fuels.fuel_library().loc["bituminous"]
    # by hand: each of C, H, O, N, S = library value × (100 − A − M)/(100 − A_lib − M_lib), A 22, M 10
    scale = (100 - 22.0 - 10.0) / (100 - library["ash_ar_pct"] - library["moisture_ar_pct"])
    explicit = dict(row, test_id="c2", **{c: library[c] * scale for c in elemental})
    out = run(row, explicit)
    assert out.loc[0, "error"] == "" and "仅有灰分/水分: C、H、O、N、S 按燃料库干燥无灰基组成换算" in out.loc[0, "warnings"]
    for column in ("eta_indirect_pct", "q2_pct", "q3_pct", "excess_air_ratio"):
        assert out.loc[0, column] == pytest.approx(out.loc[1, column], rel=1e-12)


def test_superheated_steam_humidity_is_ignored_with_a_warning():
    out = run(dict(GAS_STEAM, steam_temp_c=250.0, steam_humidity_pct=2.0)).iloc[0]
    assert out["eta_direct_pct"] > 0 and "过热蒸汽不计蒸汽湿度, 所填蒸汽湿度未使用" in out["warnings"]


def test_simple_method_on_a_condensing_boiler_says_it_understates():
    out = run(gas_row(45.0, 3.0, condensing="true"), q2_method="simple").iloc[0]
    assert "简单测试不计冷凝放热, 冷凝锅炉的 η₂ 偏低" in out["warnings"]


@pytest.mark.parametrize("text", ["2020", "2020-09", "1/9/2020"])
def test_partial_or_ambiguous_dates_are_errors(text):
    # the installation date decides new or existing boiler, so only full year-first dates are read
    out = run(dict(GAS_STEAM, install_date=text))
    assert f"安装日期 的值 '{text}' 不是日期, 可用格式: 2024-03-05、2024/3/5" in out.loc[0, "error"]


# --- plausibility floors (method_constants: plausible_eta_floor 40 %, output ratio [0.05, 1.5]) ----------------

PART_LOAD_CASE = {"test_id": "P1", "boiler_kind": "hot_water", "fuel_kind": "natural_gas", "rated_capacity_mw": 1.4,
             "fuel_rate_nm3_h": 120.0, "lhv_kj_nm3": 35600.0, "water_flow_kg_h": 36000.0, "supply_temp_c": 80.0,
             "return_temp_c": 55.0, "water_pressure_mpa_g": 0.4}


def test_a_flow_in_the_wrong_unit_is_a_row_error_naming_the_columns_behind_it():
    # 36 t/h typed as 36 kg/h: η₁ ≈ 0.09 % and 1 kW from a 1.4 MW boiler
    out = evaluate(pd.DataFrame([{**PART_LOAD_CASE, "water_flow_kg_h": 36.0}])).iloc[0]
    assert "低于合理下限 40 %, 多为单位错误" in out["error"] and "循环水流量(kg/h) = 36" in out["error"]
    assert "为额定出力 1400 kW 的 0.00 倍" in out["error"]
    assert np.isnan(out["eta_direct_pct"]) and out["gb24500_grade"] == "n/a"  # nothing graded


# 36 t/h from 55 to 80 °C is 1049 kW, 0.75 of 1400 kW: × 0.3 → 0.22 (part load, fine), × 2.5 → 1.87 (> 1.5)
@pytest.mark.parametrize("flow, verdict", [(36000.0, ""), (36000.0 * 0.3, ""), (36000.0 * 2.5, "倍, 合理范围")])
def test_the_output_ratio_bounds_a_test_at_part_load_passes(flow, verdict):
    out = evaluate(pd.DataFrame([{**PART_LOAD_CASE, "water_flow_kg_h": flow, "fuel_rate_nm3_h": 120.0 * flow / 36000}]))
    error = out["error"].iloc[0]
    assert (verdict in error) if verdict else error == ""
