"""Step 3: the heat-loss (反平衡) method — excess air, q₂ … q₆ and η₂ = 100 − Σq, GB/T 10180."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.constants import DEFAULT_AIR_HUMIDITY_G_KG
from boilerlab.base.reference import ReferenceData
from boilerlab.base.row_messages import RowMessages, column_name, range_error
from boilerlab.physics import combustion, efficiency, losses, steam
from boilerlab.engine.rows import Labels, Rows, choose, on_rows, text_labels
from boilerlab.engine.fuel import STOICHIOMETRY

#: Conventional equivalence of rated evaporation and rated heat output (the q5 table pairs 1 t/h with 0.7 MW).
MW_PER_T_H = 0.7


def losses_but_surface(data: pd.DataFrame, rows: Rows, fuel: dict[str, np.ndarray], ref: ReferenceData,
                       q2_method: str, errors: RowMessages, warnings: RowMessages) -> dict[str, Any]:
    """Excess air, q₂, q₃, q₄ and q₆ (not yet blanked), with ``ok`` (rows the heat-loss method can still compute)
    and ``ash_missing`` (a solid fuel without its ash data: q₄, q₆ and η₂ stay blank). Then
    :func:`surface_loss_and_efficiency`; the uncertainty's copies whose input changes only one of the two call
    that one alone."""
    n = len(data)
    state = fuel["state"]
    is_solid = state == "solid"
    fuel_kind = text_labels(data, "fuel_kind")
    t_py, t_lk = rows["flue_temp_c"], rows["air_temp_c"]
    o2, co2, co_ppm = rows["flue_o2_pct"], rows["flue_co2_pct"], rows["flue_co_ppm"]
    baro = rows["barometric_kpa"]
    combustible = ~(state == "electric") & ~(state == "") & (state.codes >= 0)
    result: dict[str, Any] = {}

    has_flue = ~np.isnan(t_py) & ~np.isnan(t_lk) & (~np.isnan(o2) | ~np.isnan(co2))
    warnings.add(combustible & ~has_flue, "缺少排烟温度、冷空气温度或排烟 O₂/CO₂, 不计算反平衡")
    warnings.add(state == "electric", "电锅炉不计算反平衡")
    ok = combustible & has_flue

    # stoichiometry per unit of fuel (kg or Nm³), each fuel state on its own rows
    keys = STOICHIOMETRY
    volumes = {k: fuel["gas_stoichiometry"][k].copy() for k in keys}  # gas rows: computed with the fuel
    solid_rows = ok & ((state == "solid") | (state == "liquid"))
    if solid_rows.any():
        solid = combustion.stoichiometry_solid(*(fuel[c][solid_rows] for c in (
            "c_ar_pct", "h_ar_pct", "o_ar_pct", "n_ar_pct", "s_ar_pct", "moisture_ar_pct")))
        for k in keys:
            volumes[k][solid_rows] = solid[k]
    v0, v_ro2, v_n2, w_fuel = (volumes[k] for k in keys)

    # excess air at the exhaust. The form depends on which gases were measured, never on whether an
    # unmeasured CO cell is blank or 0: O₂ with RO₂ → nitrogen method; O₂ alone → the dry-gas balance on the fuel's
    # own V_RO₂, V⁰_N₂ and V⁰ (21/(21 − (O₂ − 0.5·CO)) only for the simple test, whose m, n go with it, and where the
    # stoichiometry is unknown); RO₂ alone → from the fuel's stoichiometry. A blank CO counts as 0 (q₃ then warns).
    co_pct = co_ppm / 1e4
    co_or_zero = np.nan_to_num(co_pct)
    with_o2, with_ro2 = ~np.isnan(o2), ~np.isnan(co2)
    o2_only = with_o2 & ~with_ro2
    simple = q2_method == "simple"
    no_stoichiometry = ok & o2_only & ~(v0 > 0)
    warnings.add(no_stoichiometry & (not simple), "燃料化学当量未知, 过量空气系数按 21/(21 − (O₂ − 0.5CO)) 近似, q₂ 偏高")
    by_balance = o2_only & (v0 > 0) & (not simple)
    alpha = np.where(with_o2, combustion.excess_air_from_o2_co(o2, co_or_zero, co2),
                     combustion.excess_air_from_co2(co2, v_ro2, v_n2, v0))
    if by_balance.any():
        alpha[by_balance] = combustion.excess_air_from_o2_balance(
            o2[by_balance], co_or_zero[by_balance], v_ro2[by_balance], v_n2[by_balance], v0[by_balance])
    result["alpha_method"] = choose(
        [~ok, with_o2 & with_ro2, by_balance, with_o2],
        ["", "nitrogen method: O2, CO, RO2", "O2, CO and fuel stoichiometry", "O2 and CO: 21/(21-(O2-0.5CO))"],
        "RO2 and fuel stoichiometry")
    below_one = ok & (alpha < 1.0)
    if below_one.any():
        errors.add_each(below_one, [f"由排烟成分算得过量空气系数 {a:.3f} < 1, 有效范围 ≥ 1; 请核对 排烟二氧化碳" for a in alpha[below_one]])
    # a measured RO₂ far from what the fuel gives at the O₂-based α points at a wrong analyser or fuel
    alpha_from_o2 = combustion.excess_air_from_o2_balance(o2, co_or_zero, v_ro2, v_n2, v0)
    expected_ro2 = 100.0 * v_ro2 / combustion.dry_flue_gas_volume(v_ro2, v_n2, v0, alpha_from_o2)
    warnings.add(ok & with_o2 & with_ro2 & (np.abs(co2 - expected_ro2) > 1.5),
                 "实测 RO₂ 与燃料成分和 O₂ 推算值相差超过 1.5 个百分点, 请核对分析仪或燃料")
    ok &= ~below_one & ~np.isnan(alpha)
    result["alpha"] = np.where(ok, alpha, np.nan)

    # q4 and q6: solid fuels only (ash of liquid fuels is negligible, gases have none), on those rows only
    q4, q6 = np.zeros(n), np.zeros(n)
    ash_ok = _ash_losses(np.flatnonzero(is_solid & ok), rows, fuel, text_labels(data, "combustion"), ref, q4, q6, errors,
                         warnings)
    # a solid fuel without its ash data still gets q₂, q₃ and q₅ (q₄ taken as 0 in their (1 − q₄/100) factor);
    # q₄, q₆ and η₂ stay blank
    ash_missing = is_solid & ok & ~ash_ok

    # q2 and q3
    humidity = rows["air_humidity_g_kg"]
    warnings.add(ok & np.isnan(humidity), f"空气含湿量未测, 取 {DEFAULT_AIR_HUMIDITY_G_KG:g} g/kg")
    humidity = np.where(np.isnan(humidity), DEFAULT_AIR_HUMIDITY_G_KG, humidity)
    warnings.add(ok & np.isnan(co_ppm), "排烟 CO 未测, q3 取 0")
    co_pct0 = np.nan_to_num(co_pct)
    v_h2o = combustion.water_vapour_volume(w_fuel, v0, alpha, humidity)
    v_dry = combustion.dry_flue_gas_volume(v_ro2, v_n2, v0, alpha)
    condensing = data["condensing"].to_numpy(bool)
    cool = ok & (t_py < 99.0)
    dew = on_rows(cool, lambda m: combustion.water_dew_point(v_h2o[m], v_dry[m], baro[m]), n)
    wet_exit = cool & (t_py < dew)
    warnings.add(wet_exit & ~condensing, "排烟温度低于烟气水露点, 但锅炉非冷凝式")
    q_cond = np.zeros(n)
    credit = wet_exit & condensing & (q2_method == "enthalpy")
    if credit.any():
        water = np.asarray(combustion.condensed_water(v_h2o[credit], v_dry[credit], t_py[credit], baro[credit]))
        q_cond[credit] = water * np.asarray(steam.latent_heat_at_temperature(t_py[credit], errors="nan"))
        warnings.add(credit, "冷凝式锅炉: 按排烟在排烟温度下饱和计算凝结放热")
    if q2_method == "enthalpy":
        i_py = combustion.flue_gas_enthalpy(v_ro2, v_n2, v_h2o, v0, alpha, t_py, ref)
        i_lk = v0 * combustion.humid_air_enthalpy(t_lk, humidity, ref)
        q2 = losses.loss_flue_gas(i_py, i_lk, alpha, fuel["lhv"], q4, q_cond)
        q3 = losses.loss_unburnt_gas(v_dry, co_pct0 * 1e4, fuel["lhv"], q4, ref)
    else:
        table = ref.tables["q2_simple_coefficients"].set_index("fuel_kind")
        by_code = table.reindex(fuel_kind.categories + [None])
        m = by_code["m"].to_numpy(float)[fuel_kind.codes]
        k = by_code["n"].to_numpy(float)[fuel_kind.codes]
        no_mn = ok & np.isnan(m)
        warnings.add(no_mn, "该燃料无简单测试系数 m、n, 不计算反平衡")
        ok &= ~no_mn
        q2 = losses.loss_flue_gas_simple(m, k, alpha, t_py, t_lk, q4)
        q3 = ref.constant("q3_simple_coeff") * alpha * co_pct0 * (1.0 - q4 / 100.0)
        warnings.add(ok, "简单测试: q2、q3 按 m、n 与 3.2·α·CO 估算 (待确认)")
        warnings.add(ok & wet_exit & condensing, "简单测试不计冷凝放热, 冷凝锅炉的 η₂ 偏低, 请用详细测试")

    return {"alpha": result["alpha"], "alpha_method": result["alpha_method"], "q2": q2, "q3": q3, "q4": q4, "q6": q6,
            "ok": ok, "ash_missing": ash_missing, "dew_point": dew}


def surface_loss_and_efficiency(partial: dict[str, Any], data: pd.DataFrame, rows: Rows, heat_output: np.ndarray,
                                ref: ReferenceData, warnings: RowMessages) -> dict[str, Any]:
    """q₅ (measured, or the rated-capacity table corrected to the test load ``heat_output`` [kW]) and
    η₂ = 100 − Σq (GB/T 10180), the losses of :func:`losses_but_surface` blanked where η₂ cannot be computed."""
    n = len(data)
    ok = partial["ok"].copy()
    q2, q3, q4, q6, ash_missing = (partial[key] for key in ("q2", "q3", "q4", "q6", "ash_missing"))
    result: dict[str, Any] = {"alpha": partial["alpha"], "alpha_method": partial["alpha_method"]}
    # q5: measured, or the rated-capacity table corrected to the test load
    q5 = rows["q5_measured_pct"]
    kind = text_labels(data, "boiler_kind")
    cap_t, cap_mw = rows["rated_capacity_t_h"], rows["rated_capacity_mw"]
    by_t = np.where(kind == "steam", ~np.isnan(cap_t), np.isnan(cap_mw) & ~np.isnan(cap_t))
    rated = np.full(n, np.nan)
    rated[by_t] = losses.rated_surface_loss(cap_t[by_t], "t/h", ref)
    rated[~by_t] = losses.rated_surface_loss(cap_mw[~by_t], "MW", ref)
    output = heat_output
    steam_flow = rows["steam_flow_kg_h"]
    # load = measured/rated output: steam flow over rated evaporation, else heat output over rated heat output;
    # a boiler rated only in t/h but measured in kW uses the conventional 0.7 MW per t/h (the q5 table's pairs)
    by_steam_flow = by_t & (kind == "steam") & ~np.isnan(steam_flow)
    rated_kw = np.where(np.isnan(cap_mw), cap_t * MW_PER_T_H, cap_mw) * 1000.0
    load = np.where(by_steam_flow, steam_flow / (cap_t * 1000.0), output / rated_kw)
    warnings.add(ok & ~np.isnan(load) & np.isnan(cap_mw) & ~by_steam_flow,
                 "负荷率按 1 t/h ≈ 0.7 MW 由额定蒸发量折算")
    needs_table = ok & np.isnan(q5)
    warnings.add(needs_table & np.isnan(rated), "额定容量未填且未实测 q5, 不计算反平衡")
    ok &= ~(needs_table & np.isnan(rated))
    warnings.add(needs_table & ~np.isnan(rated), "q5 按额定容量查表 (表中数值待确认)")
    warnings.add(needs_table & np.isnan(load), "无实测出力, q5 不作负荷修正")
    low_load, min_load = ref.constant("load_ratio_warning_below"), ref.constant("load_ratio_min_for_q5")
    warnings.add(needs_table & (load * 100 < low_load) & (load * 100 >= min_load),
                 f"测试负荷低于额定的 {low_load:g} %, q5 负荷修正偏大")
    too_low = needs_table & (load * 100 < min_load)
    warnings.add(too_low, f"测试负荷低于额定的 {min_load:g} %, 查表 q5 不再可信, 请实测 q5, 不计算反平衡")
    ok &= ~too_low
    q5_used = np.where(~np.isnan(q5), q5, np.where(np.isnan(load), rated, rated / load))
    result["q5_source"] = choose([~ok, ~np.isnan(q5), np.isnan(load)],
                                  ["", "measured", "table (rated load)"], "table × rated/test load")

    eta = efficiency.efficiency_indirect(q2, q3, q4, q5_used, q6)
    q2, q3 = np.array(q2, dtype=float), np.array(q3, dtype=float)  # own copies: blanked in place below
    q4, q6 = q4.copy(), q6.copy()
    failed_rows = ~ok
    for values in (q2, q3, q4, q5_used, q6, eta):
        values[failed_rows] = np.nan  # few rows: cheaper than np.where over all of them
    for values in (q4, q6, eta):
        values[ash_missing] = np.nan
    result.update(q2=q2, q3=q3, q4=q4, q5=q5_used, q6=q6, eta=eta)
    result["dew_point"] = partial["dew_point"]
    return result


def _ash_losses(rows_index: np.ndarray, rows: Rows, fuel: dict[str, Any], firing: Labels, ref: ReferenceData,
                q4: np.ndarray, q6: np.ndarray, errors: RowMessages, warnings: RowMessages) -> np.ndarray:
    """q₄ and q₆ of the solid-fuel rows ``rows_index`` written into ``q4``/``q6``; True where they could be."""
    n = q4.size
    ash_ok = np.zeros(n, dtype=bool)
    if rows_index.size == 0:
        return ash_ok

    def whole(sub_mask: np.ndarray) -> np.ndarray:  # a mask over the selected rows → a mask over all rows
        mask = np.zeros(n, dtype=bool)
        mask[rows_index[sub_mask]] = True
        return mask

    pick = lambda name: rows[name][rows_index]  # noqa: E731
    slag_share, fly_share = pick("slag_share_pct"), pick("flyash_share_pct")
    slag_c, fly_c = pick("slag_combustible_pct"), pick("flyash_combustible_pct")
    one_share = np.isnan(slag_share) ^ np.isnan(fly_share)
    slag_share = np.where(np.isnan(slag_share) & one_share, 100.0 - fly_share, slag_share)
    fly_share = np.where(np.isnan(fly_share) & one_share, 100.0 - slag_share, fly_share)
    warnings.add(whole(one_share), "灰平衡份额只给出一项, 另一项取 100 % 之差")
    shares_bad = ~np.isnan(slag_share) & ~np.isnan(fly_share) & (np.abs(slag_share + fly_share - 100) > 1)
    if shares_bad.any():
        errors.add_each(whole(shares_bad), [range_error("炉渣与飞灰份额之和", f"{s:g} %", "100 ± 1 %")
                                            for s in (slag_share + fly_share)[shares_bad]])
    slag_c = np.where(slag_share == 0, 0.0, slag_c)  # a stream that carries no ash needs no combustible content
    fly_c = np.where(fly_share == 0, 0.0, fly_c)
    ash_data = ~np.isnan(slag_share) & ~np.isnan(fly_share) & ~np.isnan(slag_c) & ~np.isnan(fly_c)
    if (~ash_data).any():  # one message per pattern of missing inputs, naming each (at most 15 patterns)
        names = ("slag_share_pct", "flyash_share_pct", "slag_combustible_pct", "flyash_combustible_pct")
        blanks = np.column_stack([np.isnan(v) for v in (slag_share, fly_share, slag_c, fly_c)])
        for pattern in np.unique(blanks[~ash_data], axis=0):
            warnings.add(whole((blanks == pattern).all(axis=1)),
                         "固体燃料缺少" + "、".join(column_name(n) for n, b in zip(names, pattern) if b)
                         + ", 不计算 q₄、q₆ 与反平衡效率 η₂; q₂、q₃ 未作 q₄ 修正 (略偏高)")
    good = ash_data & ~shares_bad
    ash, lhv = fuel["ash_ar_pct"][rows_index], fuel["lhv"][rows_index]
    q4[rows_index[good]] = losses.loss_unburnt_solid(ash[good], lhv[good], slag_share[good], slag_c[good],
                                                     fly_share[good], fly_c[good], ref)
    slag_t = pick("slag_temp_c")
    codes = firing.codes[rows_index]
    default_slag = np.select([codes == firing.categories.index(k) if k in firing.categories else np.zeros(codes.shape, bool)
                              for k in ("grate", "fluidized_bed")],
                             [ref.constant("slag_temp_default_grate"), ref.constant("slag_temp_default_fluidized_bed")],
                             ref.constant("slag_temp_default_chamber"))
    warnings.add(whole(good & np.isnan(slag_t) & (slag_share > 0)),
                 "炉渣温度未测, 取方法常数默认值 (待确认)")
    slag_t = np.where(np.isnan(slag_t), default_slag, slag_t)
    q6[rows_index[good]] = losses.loss_ash_sensible(
        ash[good], lhv[good], slag_share[good], slag_c[good], slag_t[good], fly_share[good], fly_c[good],
        pick("flue_temp_c")[good], pick("air_temp_c")[good], ref)
    ash_ok[rows_index[good]] = True
    return ash_ok
