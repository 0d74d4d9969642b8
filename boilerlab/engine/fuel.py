"""Step 1 of :func:`boilerlab.engine.pipeline.run`: the fuel of every row — composition, heating values, V_daf —
from what the row gives, library defaults filled in with a warning."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.base.vocabulary import BY_NAME, label
from boilerlab.base.row_messages import RowMessages, invalid_value, range_error
from boilerlab.physics import combustion
from boilerlab.physics.fuels import (GAS_COMPONENTS, SOLID_ANALYSIS, fuel_library, gas_heating_values,
                                     gas_normal_density, hhv_from_lhv, lhv_from_hhv, lhv_mendeleev)
from boilerlab.standards.carbon import gas_carbon_per_nm3
from boilerlab.engine.rows import Labels, Rows, text_labels

#: The stoichiometric volumes per unit of fuel (boilerlab.physics.combustion.stoichiometry_gas/solid keys).
STOICHIOMETRY = ("air_theoretical", "ro2", "n2_theoretical", "h2o_fuel")


def resolve_fuel(data: pd.DataFrame, rows: Rows, ref: ReferenceData, errors: RowMessages,
                  warnings: RowMessages) -> dict[str, np.ndarray]:
    """Composition, heating values and V_daf per row, library defaults filled in with a warning."""
    n = len(data)
    library = fuel_library(ref)
    kinds = text_labels(data, "fuel_kind")
    codes, uniques = kinds.codes, kinds.categories
    known = np.array([u in library.index for u in uniques] + [False])
    unknown_row = ~known[codes] & (codes >= 0)
    if unknown_row.any():
        accepted = "燃料库中可选: " + "、".join(label("fuel_kind", code) for code in library.index)
        errors.add_each(unknown_row, [invalid_value("fuel_kind", v, accepted) for v in kinds[unknown_row]])
    lib_rows = library.reindex(list(uniques) + [None])  # code −1 (blank) takes the all-NaN last row

    def library_column(name: str) -> np.ndarray:
        if name not in lib_rows.columns:
            return np.full(n, np.nan)
        return pd.to_numeric(lib_rows[name]).to_numpy(dtype=float, na_value=np.nan)[codes]

    state_codes, state_names = pd.factorize(lib_rows["state"].fillna(""))
    state = Labels(pd.Categorical.from_codes(state_codes[codes], categories=list(state_names)))
    fuel: dict[str, Any] = {"state": state}
    is_gas, is_electric = state == "gas", state == "electric"
    is_solid_liquid = (state == "solid") | (state == "liquid")

    # gaseous fuels: composition given → blanks are 0; none given → the library's composition
    given = [rows[c] for c in GAS_COMPONENTS]
    none_given = np.logical_and.reduce([np.isnan(g) for g in given])
    use_library = is_gas & none_given
    for i, column in enumerate(GAS_COMPONENTS):
        values = np.where(np.isnan(given[i]), 0.0, given[i])
        if use_library.any():
            values[use_library] = np.nan_to_num(library_column(column)[use_library])
        fuel[column] = values
    for kind in kinds.present(use_library):
        warnings.add(use_library & (kinds == kind), f"燃气组分未填, 取燃料库{label('fuel_kind', kind)}典型组分 (待确认)")
    gas_sum = sum(fuel[c] for c in GAS_COMPONENTS)
    bad_sum = is_gas & (np.abs(gas_sum - 100.0) > 2.0)
    if bad_sum.any():
        errors.add_each(bad_sum, [range_error("燃气组分之和", f"{s:.2f} %", "100 ± 2 %") for s in gas_sum[bad_sum]])
    # heating values, stoichiometry and carbon of the gas rows. The composition of other rows is all zero, so
    # where most rows burn gas it is cheaper to compute over every row than to gather and scatter the gas rows.
    if is_gas.sum() > 0.5 * len(is_gas):
        rows_used = slice(None)
    else:
        rows_used = is_gas
    composition = {c: fuel[c][rows_used] for c in GAS_COMPONENTS}
    gas_lhv, gas_hhv = np.full(n, np.nan), np.full(n, np.nan)
    gas_volumes = {k: np.full(n, np.nan) for k in STOICHIOMETRY}
    gas_carbon = np.full(n, np.nan)
    if is_gas.any():
        gas_lhv[rows_used], gas_hhv[rows_used] = gas_heating_values(composition, ref)
        for key, values in combustion.stoichiometry_gas(composition, ref).items():
            gas_volumes[key][rows_used] = values
        gas_carbon[rows_used] = gas_carbon_per_nm3(composition, ref)
    not_gas = ~is_gas
    for values in (gas_lhv, gas_hhv, gas_carbon, *gas_volumes.values()):
        values[not_gas] = np.nan  # zero composition is not a gas
    fuel["gas_stoichiometry"] = gas_volumes
    fuel["gas_carbon_kg_nm3"] = gas_carbon
    fuel["composition_measured"] = is_gas & ~none_given

    # solid and liquid fuels: blanks of the ultimate analysis from the library, with a warning
    analysis = {c: rows[c] for c in SOLID_ANALYSIS}
    blank = {c: np.isnan(v) for c, v in analysis.items()}
    elemental = ("c_ar_pct", "h_ar_pct", "o_ar_pct", "n_ar_pct", "s_ar_pct")
    elemental_given = is_solid_liquid & ~np.logical_and.reduce([blank[c] for c in elemental])
    analysis_given = is_solid_liquid & ~np.logical_and.reduce(list(blank.values()))
    proximate_only = analysis_given & ~elemental_given
    partly = elemental_given & np.logical_or.reduce(list(blank.values()))
    for column, values in analysis.items():
        fill = blank[column] & is_solid_liquid
        if fill.any():
            values = values.copy()  # the cached column is read-only
            values[fill] = library_column(column)[fill]
        fuel[column] = values
    if proximate_only.any():
        # only ash and moisture measured (工业分析): the library's dry ash-free C, H, O, N, S scaled to this fuel
        library_combustible = 100.0 - library_column("ash_ar_pct") - library_column("moisture_ar_pct")
        combustible = 100.0 - fuel["ash_ar_pct"] - fuel["moisture_ar_pct"]
        for column in elemental:
            scaled = library_column(column) / library_combustible * combustible
            fuel[column] = np.where(proximate_only, scaled, fuel[column])
        warnings.add(proximate_only, "仅有灰分/水分: C、H、O、N、S 按燃料库干燥无灰基组成换算 (待确认)")
    fuel["analysis_measured"] = elemental_given
    for kind in kinds.present(is_solid_liquid & ~analysis_given):
        warnings.add(is_solid_liquid & ~analysis_given & (kinds == kind),
                     f"元素分析未填, 取燃料库{label('fuel_kind', kind)}典型值 (待确认)")
    warnings.add(partly, "元素分析部分缺项, 缺项取燃料库典型值")
    solid_sum = sum(fuel[c] for c in SOLID_ANALYSIS)
    bad_solid = is_solid_liquid & (np.abs(solid_sum - 100.0) > 1.5)
    if bad_solid.any():
        errors.add_each(bad_solid, [range_error("收到基元素分析与灰分、水分之和", f"{s:.2f} %", "100 ± 1.5 %")
                                    for s in solid_sum[bad_solid]])

    # heating values: given net > from given gross > estimated from a given analysis > library
    lhv_given, hhv_given = rows["lhv_ar_kj_kg"], rows["hhv_ar_kj_kg"]
    solid_from_hhv = lhv_from_hhv(hhv_given, fuel["h_ar_pct"], fuel["moisture_ar_pct"], ref)
    mendeleev = lhv_mendeleev(fuel["c_ar_pct"], fuel["h_ar_pct"], fuel["o_ar_pct"], fuel["s_ar_pct"],
                              fuel["moisture_ar_pct"])
    lib_lhv = library_column("lhv_ar_kj_kg")
    from_hhv = np.isnan(lhv_given) & ~np.isnan(hhv_given)
    estimate = np.isnan(lhv_given) & np.isnan(hhv_given) & elemental_given
    solid_lhv = np.where(~np.isnan(lhv_given), lhv_given,
                         np.where(from_hhv, solid_from_hhv, np.where(estimate, mendeleev, lib_lhv)))
    warnings.add(is_solid_liquid & from_hhv, "低位发热量由高位发热量按 GB/T 213 折算 (Q_net = Q_gr − 206H − 23M)")
    warnings.add(is_solid_liquid & estimate, "低位发热量未填, 按门捷列夫公式由元素分析估算")
    warnings.add(is_solid_liquid & np.isnan(lhv_given) & np.isnan(hhv_given) & ~elemental_given,
                 "发热量未填, 取燃料库典型值")
    solid_hhv = np.where(~np.isnan(hhv_given), hhv_given,
                         hhv_from_lhv(solid_lhv, fuel["h_ar_pct"], fuel["moisture_ar_pct"], ref))
    warnings.add(is_solid_liquid & np.isnan(hhv_given), "高位发热量按 GB/T 213 由低位发热量折算")

    gas_lhv_given, gas_hhv_given = rows["lhv_kj_nm3"], rows["hhv_kj_nm3"]
    per_kg = ~np.isnan(lhv_given) | ~np.isnan(hhv_given)
    per_nm3 = ~np.isnan(gas_lhv_given) | ~np.isnan(gas_hhv_given)
    def given(mask: np.ndarray, columns: tuple[str, str], values: tuple[np.ndarray, np.ndarray]) -> list[str]:
        """'column = value' of the wrongly filled heating-value cells of each flagged row."""
        return ["; ".join(f"{BY_NAME[c].name_cn} = {v[i]:g}" for c, v in zip(columns, values) if not np.isnan(v[i]))
                for i in np.flatnonzero(mask)]

    wrong = is_gas & per_kg
    if wrong.any():
        errors.add_each(wrong, [f"燃气的发热量须填在燃气低位/高位发热量 (kJ/Nm³) 列, 而非收到基 (kJ/kg) 列 ({cells})"
                                for cells in given(wrong, ("lhv_ar_kj_kg", "hhv_ar_kj_kg"), (lhv_given, hhv_given))])
    wrong = is_solid_liquid & per_nm3
    if wrong.any():
        errors.add_each(wrong, [f"固体/液体燃料的发热量须填在收到基低位/高位发热量 (kJ/kg) 列, 而非燃气 (kJ/Nm³) 列 ({cells})"
                                for cells in given(wrong, ("lhv_kj_nm3", "hhv_kj_nm3"), (gas_lhv_given, gas_hhv_given))])
    latent = gas_hhv - gas_lhv  # latent heat of the water the gas forms, from its composition
    gas_net = np.where(~np.isnan(gas_lhv_given), gas_lhv_given,
                       np.where(~np.isnan(gas_hhv_given), gas_hhv_given - latent, gas_lhv))
    gas_gross = np.where(~np.isnan(gas_hhv_given), gas_hhv_given,
                         np.where(~np.isnan(gas_lhv_given), gas_lhv_given + latent, gas_hhv))
    warnings.add(is_gas & ~per_nm3 & ~per_kg, "燃气发热量未填, 由组分按 ISO 6976 计算 (真实气体)")
    warnings.add(is_gas & (np.isnan(gas_lhv_given) ^ np.isnan(gas_hhv_given)),
                 "燃气高低位发热量之一由组分的汽化潜热差折算")
    fuel["gas_density"] = np.full(n, np.nan)  # needed only for gas metered in kg/h
    by_mass = is_gas & np.isnan(rows["fuel_rate_nm3_h"]) & ~np.isnan(rows["fuel_rate_kg_h"])
    if by_mass.any():
        fuel["gas_density"][by_mass] = gas_normal_density({c: fuel[c][by_mass] for c in GAS_COMPONENTS}, ref)
    fuel["lhv"] = np.where(is_gas, gas_net, np.where(is_solid_liquid, solid_lhv, np.nan))
    fuel["hhv"] = np.where(is_gas, gas_gross, np.where(is_solid_liquid, solid_hhv, np.nan))
    fuel["lhv"] = np.where(is_electric, np.nan, fuel["lhv"])
    vdaf = rows["vdaf_pct"]
    fuel["vdaf"] = np.where(np.isnan(vdaf), library_column("vdaf_pct"), vdaf)
    warnings.add((state == "solid") & np.isnan(vdaf) & ~np.isnan(library_column("vdaf_pct")),
                 "挥发分未填, 取燃料库典型值 (影响 GB 24500 分级)")
    return fuel
