"""Step 2: the direct (正平衡) method — useful heat Q₁ from the water and steam states (IAPWS-IF97) and η₁ =
Q₁ / (B·Q_r), GB/T 10180."""

from __future__ import annotations


import numpy as np
import pandas as pd

from boilerlab.base.row_messages import RowMessages, column_name
from boilerlab.physics import efficiency, steam
from boilerlab.engine.rows import Rows, on_rows, text_labels

#: Water below this temperature at or above the pressure below is subcooled: t_s(0.1 MPa) = 99.606 °C (IF97).
SURELY_SUBCOOLED_C, SURELY_SUBCOOLED_ABOVE_MPA = 99.6, 0.1


def direct_method(data: pd.DataFrame, rows: Rows, fuel: dict[str, np.ndarray], errors: RowMessages,
                  warnings: RowMessages) -> dict[str, np.ndarray]:
    """Q₁ and η₁ of every row: :func:`useful_heat` then :func:`fuel_input_efficiency` (also called on their own by
    the uncertainty's copies whose perturbed input changes only the fuel input)."""
    heat = useful_heat(data, rows, errors, warnings)
    return {"heat_output": heat, "eta": fuel_input_efficiency(rows, fuel, heat, warnings)}


def useful_heat(data: pd.DataFrame, rows: Rows, errors: RowMessages, warnings: RowMessages) -> np.ndarray:
    """The useful heat output Q₁ of each row from its water and steam states (IAPWS-IF97), GB/T 10180. [kW]"""
    n = len(data)
    kind = text_labels(data, "boiler_kind")
    baro = rows["barometric_kpa"]
    steam_rows, water_rows, carrier_rows = kind == "steam", kind == "hot_water", kind == "organic_heat_carrier"
    heat = np.full(n, np.nan)

    # steam boilers
    p_steam = rows["steam_pressure_mpa_g"] + baro / 1000.0
    t_steam = rows["steam_temp_c"]
    flow = rows["steam_flow_kg_h"]
    t_fw = rows["feedwater_temp_c"]
    p_fw = np.where(np.isnan(rows["feedwater_pressure_mpa_g"]), p_steam, rows["feedwater_pressure_mpa_g"] + baro / 1000.0)
    blowdown = rows["blowdown_flow_kg_h"]
    steam_ok = steam_rows & ~np.isnan(p_steam) & ~np.isnan(flow) & ~np.isnan(t_fw)
    warnings.add(steam_rows & ~steam_ok, "缺少蒸汽流量、蒸汽压力或给水温度, 不计算正平衡")
    superheated = steam_ok & ~np.isnan(t_steam)
    saturated = steam_ok & np.isnan(t_steam)
    # t_s is looked up only where it can matter: superheated steam, and feedwater that might be at or
    # above saturation (water below 99.6 °C at ≥ 0.1 MPa abs is subcooled: t_s(0.1 MPa) = 99.606 °C)
    fw_check = steam_ok & ~((t_fw < SURELY_SUBCOOLED_C) & (p_fw >= SURELY_SUBCOOLED_ABOVE_MPA))
    t_sat = on_rows(superheated | (fw_check & (p_fw == p_steam)),
                lambda m: steam.saturation_temperature(p_steam[m], errors="nan"), n)
    too_cold = superheated & (t_steam <= t_sat)
    if too_cold.any():
        errors.add_each(too_cold, [
            f"过热蒸汽温度 的值 {t:g} 不高于 {p:.4g} MPa(绝压) 下的饱和温度 {ts:.2f} °C; 饱和蒸汽请留空" for t, p, ts in zip(t_steam[too_cold], p_steam[too_cold], t_sat[too_cold])])
    t_sat_fw = np.where(p_fw == p_steam, t_sat, np.nan)
    other_fw = fw_check & (p_fw != p_steam)
    if other_fw.any():
        t_sat_fw[other_fw] = steam.saturation_temperature(np.minimum(p_fw[other_fw], steam.P_SATURATION_MAX_MPA), errors="nan")
    # feedwater within 0.01 K of saturation (a deaerator outlet) is saturated water h′(p_fw)
    saturated_feed = fw_check & (np.abs(t_fw - t_sat_fw) <= 0.01)
    hot_feed = fw_check & (t_fw > t_sat_fw) & ~saturated_feed
    if hot_feed.any():
        errors.add_each(hot_feed, [
            f"给水温度 的值 {t:g} 不低于给水压力下的饱和温度 {ts:.2f} °C"
            for t, ts in zip(t_fw[hot_feed], t_sat_fw[hot_feed])])
    good = steam_ok & ~too_cold & ~hot_feed
    h_fw = on_rows(good & ~saturated_feed, lambda m: steam.water_enthalpy(p_fw[m], t_fw[m], errors="nan",
                                                                       phase_checked=True), n)
    if saturated_feed.any():
        h_fw[saturated_feed] = steam.saturated_water_enthalpy(np.minimum(p_fw[saturated_feed], steam.P_SATURATION_MAX_MPA),
                                                              errors="nan")
    omega = np.nan_to_num(rows["steam_humidity_pct"])
    need_sat_water = good & ((saturated & (omega > 0)) | (np.nan_to_num(blowdown) > 0))
    h_sat_water = on_rows(need_sat_water, lambda m: steam.saturated_water_enthalpy(p_steam[m], errors="nan"), n)
    h_sat_steam = on_rows(good & saturated, lambda m: steam.saturated_steam_enthalpy(p_steam[m], errors="nan"), n)
    humidity = rows["steam_humidity_pct"]
    warnings.add(good & saturated & np.isnan(humidity), "蒸汽湿度未测, 按干饱和蒸汽计算")
    warnings.add(good & superheated & (omega > 0), "过热蒸汽不计蒸汽湿度, 所填蒸汽湿度未使用")
    wetness = np.where(omega > 0, (h_sat_steam - h_sat_water) * omega / 100.0, 0.0)
    h_delivered = np.where(saturated, h_sat_steam - wetness,
                           on_rows(good & superheated, lambda m: steam.superheated_steam_enthalpy(
                               p_steam[m], t_steam[m], errors="nan", phase_checked=True), n))
    heat = np.where(good, efficiency.useful_heat_steam(flow, h_delivered, h_fw, blowdown, h_sat_water), heat)

    # hot-water boilers
    t_out, t_in, g = rows["supply_temp_c"], rows["return_temp_c"], rows["water_flow_kg_h"]
    water_ok = (water_rows | carrier_rows) & ~np.isnan(t_out) & ~np.isnan(t_in) & ~np.isnan(g)
    warnings.add((water_rows | carrier_rows) & ~water_ok, "缺少循环流量或出/回水温度, 不计算正平衡")
    backwards = water_ok & (t_out <= t_in)
    if backwards.any():
        errors.add_each(backwards, [f"{column_name('supply_temp_c')} {a:g} 不高于 {column_name('return_temp_c')} {b:g}, 有效范围: 出水 > 回水"
                                    for a, b in zip(t_out[backwards], t_in[backwards])])
    hw = water_rows & water_ok & ~backwards
    p_given = rows["water_pressure_mpa_g"] + baro / 1000.0
    p_water = p_given.copy()
    no_p = hw & np.isnan(p_given)
    if no_p.any():
        # the pressure barely matters for Δh of liquid water; it only has to keep the outlet subcooled
        p_water[no_p] = np.asarray(steam.saturation_pressure(np.maximum(t_out[no_p], 0.01), errors="nan")) + 0.1
        p_water[no_p] = np.maximum(p_water[no_p], baro[no_p] / 1000.0 + 0.1)
        warnings.add(no_p, "热水压力未填, 取出水温度饱和压力 + 0.1 MPa (对焓差影响可忽略)")
    water_check = hw & ~((t_out < SURELY_SUBCOOLED_C) & (p_water >= SURELY_SUBCOOLED_ABOVE_MPA))
    t_sat_w = on_rows(water_check, lambda m: steam.saturation_temperature(np.minimum(p_water[m], steam.P_SATURATION_MAX_MPA),
                                                                      errors="nan"), n)
    boiling = water_check & (t_out >= t_sat_w)
    if boiling.any():
        errors.add_each(boiling, [f"{column_name('supply_temp_c')} 的值 {t:g} 不低于热水压力下的饱和温度 {ts:.2f} °C" for t, ts in zip(t_out[boiling], t_sat_w[boiling])])
    hw &= ~boiling
    h_out = on_rows(hw, lambda m: steam.water_enthalpy(p_water[m], t_out[m], errors="nan", phase_checked=True), n)
    h_in = on_rows(hw, lambda m: steam.water_enthalpy(p_water[m], t_in[m], errors="nan", phase_checked=True), n)
    heat = np.where(hw, efficiency.useful_heat_hot_water(g, h_out, h_in), heat)

    # organic-heat-carrier boilers
    cp = rows["carrier_cp_kj_kg_k"]
    carrier = carrier_rows & water_ok & ~backwards
    warnings.add(carrier & np.isnan(cp), f"{column_name('carrier_cp_kj_kg_k')}未填, 不计算正平衡")
    return np.where(carrier, efficiency.useful_heat_heat_carrier(g, cp, t_out, t_in), heat)


def fuel_input_efficiency(rows: Rows, fuel: dict[str, np.ndarray], heat: np.ndarray,
                          warnings: RowMessages) -> np.ndarray:
    """η₁ = Q₁ / (B·Q_r) of each row (electric boilers: Q₁ / P), GB/T 10180. [%]"""
    state = fuel["state"]
    gas_by_mass = (state == "gas") & np.isnan(rows["fuel_rate_nm3_h"]) & ~np.isnan(rows["fuel_rate_kg_h"])
    warnings.add(gas_by_mass, "燃气消耗量按质量 (kg/h) 给出, 按组分的标准状态密度换算为 Nm³/h")
    rate = np.where(state == "gas", np.where(gas_by_mass, rows["fuel_rate_kg_h"] / fuel["gas_density"],
                                             rows["fuel_rate_nm3_h"]), rows["fuel_rate_kg_h"])
    eta = efficiency.efficiency_direct(heat, rate, fuel["lhv"])
    electric = state == "electric"
    eta = np.where(electric, efficiency.efficiency_electric(heat, rows["electric_power_kw"]), eta)
    missing_input = ~np.isnan(heat) & np.isnan(eta)
    warnings.add(missing_input & (state == "gas"), f"{column_name('fuel_rate_nm3_h')}未填, 不计算正平衡")
    warnings.add(missing_input & ((state == "solid") | (state == "liquid")),
                 f"{column_name('fuel_rate_kg_h')}未填, 不计算正平衡")
    warnings.add(missing_input & electric, f"{column_name('electric_power_kw')}未填, 不计算正平衡")
    return eta
