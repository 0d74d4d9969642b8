"""Batch evaluation of test records: ``evaluate(frame) -> frame``.

One row is one test condition in the interchange columns of ``shared/spec/test-record.md``. The
chain is steam → fuel → combustion → losses → efficiency → grade, vectorised over the rows; a
row computes whatever its columns allow and says in ``warnings`` what was defaulted, assumed or
implausible, and in ``error`` why it could not be computed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from boilerlab import combustion, efficiency, losses, steam
from boilerlab._messages import RowMessages
from boilerlab.constants import DEFAULT_AIR_HUMIDITY_G_KG
from boilerlab.fuels import (GAS_COMPONENTS, SOLID_ANALYSIS, fuel_library, gas_heating_values, gas_normal_density,
                             hhv_from_lhv, lhv_from_hhv, lhv_mendeleev)
from boilerlab.carbon import CO2_PER_C, electricity_factor, gas_carbon_per_nm3
from boilerlab.emissions import LABELS, POLLUTANTS, applicable_limits, compliance, reference_oxygen, to_reference_oxygen
from boilerlab.grading import grade_gb24500
from boilerlab.records import prepare, range_error
from boilerlab.reference import ReferenceData, load_reference

ENGINE_VERSION = "0.1.0"

RESULT_COLUMNS = (
    "heat_output_kw", "eta_direct_pct", "excess_air_ratio", "q2_pct", "q3_pct", "q4_pct", "q5_pct", "q6_pct",
    "q5_source",
    "eta_indirect_pct", "eta_direct_gross_pct", "eta_indirect_gross_pct", "q2_gross_pct", "q3_gross_pct",
    "method_deviation_pct", "gb24500_grade", "gb24500_limit_pct", "gb24500_meets_limit", "eta_governing_pct",
    "governing_method", "excess_air_method", "q2_method", "lhv_used", "hhv_used", "fuel_basis_unit",
    "nox_ref_mg_m3", "so2_ref_mg_m3", "pm_ref_mg_m3", "nox_limit_mg_m3", "so2_limit_mg_m3", "pm_limit_mg_m3",
    "nox_compliant", "so2_compliant", "pm_compliant", "nox_margin_pct", "so2_margin_pct", "pm_margin_pct",
    "emission_limit_basis", "co2_kg_h", "co2_intensity_kg_gj", "co2_method",
    "engine_version", "reference_versions", "warnings", "error",
)
Q2_METHODS = ("enthalpy", "simple")
#: Water below this temperature at or above the pressure below is subcooled: t_s(0.1 MPa) = 99.606 °C (IF97).
SURELY_SUBCOOLED_C, SURELY_SUBCOOLED_ABOVE_MPA = 99.6, 0.1
#: Where emission limits and electricity factors are looked up when a row does not say (the bureau is in Shanghai).
DEFAULT_JURISDICTION = "shanghai"
#: The stoichiometric volumes per unit of fuel (boilerlab.combustion.stoichiometry_gas/solid keys).
STOICHIOMETRY = ("air_theoretical", "ro2", "n2_theoretical", "h2o_fuel")
#: Conventional equivalence of rated evaporation and rated heat output (the q5 table pairs 1 t/h with 0.7 MW).
MW_PER_T_H = 0.7


class _Rows:
    """Float columns of the prepared frame as read-only arrays, each converted once."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._cache: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._cache:
            values = self.frame[name].to_numpy(dtype=float, na_value=np.nan)
            values.flags.writeable = False  # shared by every caller: nobody may edit it in place
            self._cache[name] = values
        return self._cache[name]


class _Labels:
    """A category column compared through its integer codes (fast on a million rows)."""

    def __init__(self, values: Any) -> None:
        categorical = values if isinstance(values, pd.Categorical) else pd.Categorical(values)
        self.codes = np.asarray(categorical.codes)
        self.categories = list(categorical.categories)

    def __eq__(self, label: object) -> np.ndarray:  # type: ignore[override]
        if label not in self.categories:
            return np.zeros(self.codes.shape, dtype=bool)
        return self.codes == self.categories.index(label)

    def __getitem__(self, mask: np.ndarray) -> np.ndarray:
        return np.array(self.categories + [None], dtype=object)[self.codes[mask]]

    def present(self, mask: np.ndarray) -> list[str]:
        """The labels that occur where ``mask`` is true."""
        return [self.categories[c] for c in np.unique(self.codes[mask]) if c >= 0]


def _text(frame: pd.DataFrame, name: str) -> _Labels:
    return _Labels(frame[name].array)


def _blank_where(labels: pd.Categorical, mask: np.ndarray, blank: str = "") -> pd.Categorical:
    """``labels`` with ``blank`` where ``mask`` is true."""
    categories = list(labels.categories)
    if blank not in categories:
        categories.append(blank)
    codes = np.where(mask, categories.index(blank), np.asarray(labels.codes))
    return pd.Categorical.from_codes(codes, categories=categories)


def _choose(conditions: list[np.ndarray], labels: list[str], default: str = "") -> pd.Categorical:
    """Like ``np.select`` for text, but built as a Categorical (cheap for a million rows)."""
    categories = list(dict.fromkeys([*labels, default]))
    codes = np.select(conditions, [categories.index(label) for label in labels], categories.index(default))
    return pd.Categorical.from_codes(codes, categories=categories)


def evaluate(frame: pd.DataFrame, *, reference: ReferenceData | None = None, q2_method: str = "enthalpy",
             deviation_limit: float | None = None) -> pd.DataFrame:
    """Compute both efficiencies, the losses and the GB 24500 grade of every test record.

    Parameters
    ----------
    frame : pandas.DataFrame
        Test records in the interchange columns (Chinese header aliases accepted).
    reference : ReferenceData, optional
        Reference tables; default the shipped ``data/reference``.
    q2_method : {'enthalpy', 'simple'}
        ``enthalpy``: q₂ from the flue-gas enthalpy balance and q₃ from V_gy·CO (detailed test).
        ``simple``: q₂ = (m + n·α)·Δt/100 and q₃ = 3.2·α·CO (简单测试, UNCONFIRMED coefficients).
    deviation_limit : float, optional
        |η₁ − η₂| above which a warning is given; default ``method_deviation_limit``. [percentage points]

    Returns
    -------
    pandas.DataFrame
        The canonical input columns followed by :data:`RESULT_COLUMNS` (net-basis losses
        ``q2_pct`` … ``q6_pct``). ``q5_pct`` is the surface loss actually used: the measured input
        where given, else the table value corrected to the test load (``q5_source`` says which).

    Raises
    ------
    boilerlab.records.NoUsableColumnsError
        When the frame has none of the interchange columns.
    """
    if q2_method not in Q2_METHODS:
        raise ValueError(f"q2_method must be one of {Q2_METHODS}, {q2_method!r} was given")
    ref = reference or load_reference()
    prepared = prepare(frame)
    data, errors, warnings = prepared.frame, prepared.errors, prepared.warnings
    n = len(data)
    rows = _Rows(data)
    out: dict[str, Any] = {}

    fuel = _resolve_fuel(data, rows, ref, errors, warnings)
    direct = _direct_method(data, rows, fuel, errors, warnings)
    indirect = _indirect_method(data, rows, fuel, direct, ref, q2_method, errors, warnings)

    _impossible_efficiencies(data, direct["eta"], indirect["eta"], ref, errors)
    failed = errors.any()
    eta1 = np.where(failed, np.nan, direct["eta"])
    eta2 = np.where(failed, np.nan, indirect["eta"])
    lhv, hhv = fuel["lhv"], fuel["hhv"]
    ratio = np.where(fuel["state"] == "electric", 1.0, lhv / hhv)

    out["heat_output_kw"] = np.where(failed, np.nan, direct["heat_output"])
    out["eta_direct_pct"] = eta1
    out["excess_air_ratio"] = np.where(failed, np.nan, indirect["alpha"])
    for key in ("q2", "q3", "q4", "q5", "q6"):
        out[f"{key}_pct"] = np.where(failed | np.isnan(eta2), np.nan, indirect[key])
    out["q5_source"] = _blank_where(indirect["q5_source"], np.isnan(out["q5_pct"]))
    out["eta_indirect_pct"] = eta2
    out["eta_direct_gross_pct"] = eta1 * ratio
    out["eta_indirect_gross_pct"] = eta2 * ratio
    # q₂ on the gross basis adds the latent heat of the fuel's water (Q_gr − Q_net) to the same heat.
    out["q2_gross_pct"] = (out["q2_pct"] * lhv + 100.0 * (hhv - lhv)) / hhv
    out["q3_gross_pct"] = out["q3_pct"] * ratio
    deviation = eta1 - eta2
    out["method_deviation_pct"] = deviation
    limit = ref.constant("method_deviation_limit") if deviation_limit is None else deviation_limit
    warnings.add(np.abs(deviation) > limit,
                 f"正反平衡效率偏差超过 {limit:g} 个百分点 / |η₁ − η₂| exceeds {limit:g} percentage points")

    _plausibility(data, rows, fuel, eta1, eta2, indirect, ref, warnings)
    governing, method = _governing(data, rows, eta1, eta2, ref)
    graded = grade_gb24500(governing, data["fuel_kind"].array, data["combustion"].array,
                           data["condensing"].to_numpy(bool), data["boiler_kind"].array,
                           rows["rated_capacity_t_h"], rows["rated_capacity_mw"], np.where(
                               fuel["state"] == "solid", lhv, np.nan), fuel["vdaf"], reference=ref)
    out["gb24500_grade"] = _blank_where(graded["grade"].array, failed, "n/a")
    out["gb24500_limit_pct"] = graded["limit_pct"].to_numpy(float)
    meets = graded["meets_limit"].array.copy()
    meets[failed] = pd.NA
    out["gb24500_meets_limit"] = meets
    note = graded["note"].to_numpy(object)
    warnings.add_each((note != "") & ~failed & ~np.isnan(governing), note[(note != "") & ~failed & ~np.isnan(governing)])
    out["eta_governing_pct"] = governing
    out["governing_method"] = method
    out["excess_air_method"] = _blank_where(indirect["alpha_method"], failed)
    out["q2_method"] = _choose([~np.isnan(eta2)], ["simple (简单测试)" if q2_method == "simple" else "enthalpy"])
    out["lhv_used"] = lhv
    out["hhv_used"] = hhv
    out["fuel_basis_unit"] = _choose([fuel["state"] == "gas", fuel["state"] == "electric"], ["kJ/Nm3", ""], "kJ/kg")
    out["engine_version"] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[ENGINE_VERSION])
    out["reference_versions"] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[ref.version_stamp()])

    out.update(_emissions(data, rows, failed, ref, warnings))
    out.update(_carbon(data, rows, fuel, out["heat_output_kw"], failed, ref, warnings))

    neither = ~failed & np.isnan(eta1) & np.isnan(eta2)
    errors.add(neither, "正平衡与反平衡均无法计算, 原因见 warnings / neither method could be computed, see warnings")
    out["warnings"] = warnings.text()
    out["error"] = errors.text()
    inputs = {name: data[name] for name in data.columns if name not in RESULT_COLUMNS}
    # copy=False keeps one block per column: consolidating a million-row frame would cost a second
    return pd.DataFrame({**inputs, **out}, copy=False)


# --- fuel ---------------------------------------------------------------------------------------

def _resolve_fuel(data: pd.DataFrame, rows: _Rows, ref: ReferenceData, errors: RowMessages,
                  warnings: RowMessages) -> dict[str, np.ndarray]:
    """Composition, heating values and V_daf per row, library defaults filled in with a warning."""
    n = len(data)
    library = fuel_library(ref)
    kinds = _text(data, "fuel_kind")
    codes, uniques = kinds.codes, kinds.categories
    known = np.array([u in library.index for u in uniques] + [False])
    unknown_row = ~known[codes] & (codes >= 0)
    if unknown_row.any():
        valid = "{" + ", ".join(library.index) + "}"
        errors.add_each(unknown_row, [range_error("fuel_kind", v, valid) for v in kinds[unknown_row]])
    lib_rows = library.reindex(list(uniques) + [None])  # code −1 (blank) takes the all-NaN last row

    def library_column(name: str) -> np.ndarray:
        if name not in lib_rows.columns:
            return np.full(n, np.nan)
        return pd.to_numeric(lib_rows[name]).to_numpy(dtype=float, na_value=np.nan)[codes]

    state_codes, state_names = pd.factorize(lib_rows["state"].fillna(""))
    state = _Labels(pd.Categorical.from_codes(state_codes[codes], categories=list(state_names)))
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
        warnings.add(use_library & (kinds == kind), f"燃气组分未填, 取燃料库 {kind} 典型组分 (UNCONFIRMED) / gas "
                                                    f"composition blank, the fuel library's typical {kind} used")
    gas_sum = sum(fuel[c] for c in GAS_COMPONENTS)
    bad_sum = is_gas & (np.abs(gas_sum - 100.0) > 2.0)
    if bad_sum.any():
        errors.add_each(bad_sum, [range_error("ch4_pct…h2s_pct", f"Σ = {s:.2f} %", "100 ± 2 %") for s in gas_sum[bad_sum]])
    # heating values, stoichiometry and carbon of the gas rows. The composition of other rows is all zero, so
    # where most rows burn gas it is cheaper to compute over every row than to gather and scatter the gas rows.
    if is_gas.mean() > 0.5:
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
        warnings.add(proximate_only, "仅有灰分/水分: C、H、O、N、S 按燃料库干燥无灰基组成换算 (UNCONFIRMED) / only ash and "
                                     "moisture given: C, H, O, N, S scaled from the fuel library's dry ash-free analysis")
    fuel["analysis_measured"] = elemental_given
    for kind in kinds.present(is_solid_liquid & ~analysis_given):
        warnings.add(is_solid_liquid & ~analysis_given & (kinds == kind),
                     f"元素分析未填, 取燃料库 {kind} 典型值 (UNCONFIRMED) / ultimate analysis blank, the fuel "
                     f"library's typical {kind} used")
    warnings.add(partly, "元素分析部分缺项, 缺项取燃料库典型值 / ultimate analysis incomplete, blanks filled from the "
                         "fuel library")
    solid_sum = sum(fuel[c] for c in SOLID_ANALYSIS)
    bad_solid = is_solid_liquid & (np.abs(solid_sum - 100.0) > 1.5)
    if bad_solid.any():
        errors.add_each(bad_solid, [range_error("c_ar_pct…moisture_ar_pct", f"Σ = {s:.2f} %", "100 ± 1.5 %")
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
    warnings.add(is_solid_liquid & from_hhv, "低位发热量由高位发热量按 GB/T 213 折算 (Q_net = Q_gr − 206H − 23M) / "
                                             "net heating value derived from the gross value (GB/T 213 form)")
    warnings.add(is_solid_liquid & estimate, "低位发热量未填, 按门捷列夫公式由元素分析估算 / net heating value blank, "
                                             "estimated from the analysis by Mendeleev's formula")
    warnings.add(is_solid_liquid & np.isnan(lhv_given) & np.isnan(hhv_given) & ~elemental_given,
                 "发热量未填, 取燃料库典型值 / heating value blank, the fuel library's typical value used")
    solid_hhv = np.where(~np.isnan(hhv_given), hhv_given,
                         hhv_from_lhv(solid_lhv, fuel["h_ar_pct"], fuel["moisture_ar_pct"], ref))
    warnings.add(is_solid_liquid & np.isnan(hhv_given), "高位发热量按 GB/T 213 由低位发热量折算 / gross heating value "
                                                        "derived from the net value (GB/T 213 form)")

    gas_lhv_given, gas_hhv_given = rows["lhv_kj_nm3"], rows["hhv_kj_nm3"]
    per_kg = ~np.isnan(lhv_given) | ~np.isnan(hhv_given)
    per_nm3 = ~np.isnan(gas_lhv_given) | ~np.isnan(gas_hhv_given)
    def given(mask: np.ndarray, columns: tuple[str, str], values: tuple[np.ndarray, np.ndarray]) -> list[str]:
        """'column = value' of the wrongly filled heating-value cells of each flagged row."""
        return ["; ".join(f"{c} = {v[i]:g}" for c, v in zip(columns, values) if not np.isnan(v[i]))
                for i in np.flatnonzero(mask)]

    wrong = is_gas & per_kg
    if wrong.any():
        errors.add_each(wrong, [f"燃气的发热量须填在 lhv_kj_nm3/hhv_kj_nm3 (kJ/Nm³), 而非 kJ/kg 列 ({cells}) / a gas takes "
                                f"its heating value in lhv_kj_nm3 or hhv_kj_nm3 (kJ/Nm³), not in the per-kg columns ({cells})"
                                for cells in given(wrong, ("lhv_ar_kj_kg", "hhv_ar_kj_kg"), (lhv_given, hhv_given))])
    wrong = is_solid_liquid & per_nm3
    if wrong.any():
        errors.add_each(wrong, [f"固体/液体燃料的发热量须填在 lhv_ar_kj_kg/hhv_ar_kj_kg (kJ/kg), 而非 kJ/Nm³ 列 ({cells}) / "
                                f"a solid or liquid fuel takes its heating value in lhv_ar_kj_kg or hhv_ar_kj_kg (kJ/kg), "
                                f"not in the per-Nm³ columns ({cells})"
                                for cells in given(wrong, ("lhv_kj_nm3", "hhv_kj_nm3"), (gas_lhv_given, gas_hhv_given))])
    latent = gas_hhv - gas_lhv  # latent heat of the water the gas forms, from its composition
    gas_net = np.where(~np.isnan(gas_lhv_given), gas_lhv_given,
                       np.where(~np.isnan(gas_hhv_given), gas_hhv_given - latent, gas_lhv))
    gas_gross = np.where(~np.isnan(gas_hhv_given), gas_hhv_given,
                         np.where(~np.isnan(gas_lhv_given), gas_lhv_given + latent, gas_hhv))
    warnings.add(is_gas & ~per_nm3 & ~per_kg, "燃气发热量未填, 由组分按 ISO 6976 理想气体计算 / gas heating value "
                                               "blank, computed from the composition (ideal gas)")
    warnings.add(is_gas & (np.isnan(gas_lhv_given) ^ np.isnan(gas_hhv_given)),
                 "燃气高低位发热量之一由组分的汽化潜热差折算 / one gas heating value derived through the composition's "
                 "latent heat")
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
                 "挥发分未填, 取燃料库典型值 (影响 GB 24500 分级) / V_daf blank, the library's typical value used "
                 "(affects the GB 24500 grade)")
    return fuel


# --- direct method -------------------------------------------------------------------------------

def _direct_method(data: pd.DataFrame, rows: _Rows, fuel: dict[str, np.ndarray], errors: RowMessages,
                   warnings: RowMessages) -> dict[str, np.ndarray]:
    n = len(data)
    kind = _text(data, "boiler_kind")
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
    warnings.add(steam_rows & ~steam_ok, "缺少蒸汽流量、蒸汽压力或给水温度, 不计算正平衡 / steam flow, steam pressure "
                                         "or feedwater temperature missing: no direct-method result")
    superheated = steam_ok & ~np.isnan(t_steam)
    saturated = steam_ok & np.isnan(t_steam)
    # t_s is looked up only where it can matter: superheated steam, and feedwater that might be at or
    # above saturation (water below 99.6 °C at ≥ 0.1 MPa abs is subcooled: t_s(0.1 MPa) = 99.606 °C)
    fw_check = steam_ok & ~((t_fw < SURELY_SUBCOOLED_C) & (p_fw >= SURELY_SUBCOOLED_ABOVE_MPA))
    t_sat = _on(superheated | (fw_check & (p_fw == p_steam)),
                lambda m: steam.saturation_temperature(p_steam[m], errors="nan"), n)
    too_cold = superheated & (t_steam <= t_sat)
    if too_cold.any():
        errors.add_each(too_cold, [
            f"steam_temp_c(过热蒸汽温度) 的值 {t:g} 不高于 {p:.4g} MPa(绝压) 下的饱和温度 {ts:.2f} °C; 饱和蒸汽请留空 / "
            f"steam_temp_c: value {t:g} is not above the saturation temperature {ts:.2f} °C at {p:.4g} MPa (abs); "
            f"leave it blank for saturated steam" for t, p, ts in zip(t_steam[too_cold], p_steam[too_cold], t_sat[too_cold])])
    t_sat_fw = np.where(p_fw == p_steam, t_sat, np.nan)
    other_fw = fw_check & (p_fw != p_steam)
    if other_fw.any():
        t_sat_fw[other_fw] = steam.saturation_temperature(np.minimum(p_fw[other_fw], steam.P_SATURATION_MAX_MPA), errors="nan")
    # feedwater within 0.01 K of saturation (a deaerator outlet) is saturated water h′(p_fw)
    saturated_feed = fw_check & (np.abs(t_fw - t_sat_fw) <= 0.01)
    hot_feed = fw_check & (t_fw > t_sat_fw) & ~saturated_feed
    if hot_feed.any():
        errors.add_each(hot_feed, [
            f"feedwater_temp_c(给水温度) 的值 {t:g} 不低于给水压力下的饱和温度 {ts:.2f} °C / feedwater_temp_c: value "
            f"{t:g} is not below the saturation temperature {ts:.2f} °C at the feedwater pressure"
            for t, ts in zip(t_fw[hot_feed], t_sat_fw[hot_feed])])
    good = steam_ok & ~too_cold & ~hot_feed
    h_fw = _on(good & ~saturated_feed, lambda m: steam.water_enthalpy(p_fw[m], t_fw[m], errors="nan",
                                                                       phase_checked=True), n)
    if saturated_feed.any():
        h_fw[saturated_feed] = steam.saturated_water_enthalpy(np.minimum(p_fw[saturated_feed], steam.P_SATURATION_MAX_MPA),
                                                              errors="nan")
    omega = np.nan_to_num(rows["steam_humidity_pct"])
    need_sat_water = good & ((saturated & (omega > 0)) | (np.nan_to_num(blowdown) > 0))
    h_sat_water = _on(need_sat_water, lambda m: steam.saturated_water_enthalpy(p_steam[m], errors="nan"), n)
    h_sat_steam = _on(good & saturated, lambda m: steam.saturated_steam_enthalpy(p_steam[m], errors="nan"), n)
    humidity = rows["steam_humidity_pct"]
    warnings.add(good & saturated & np.isnan(humidity), "蒸汽湿度未测, 按干饱和蒸汽计算 / steam humidity not measured, "
                                                        "dry saturated steam assumed")
    warnings.add(good & superheated & (omega > 0), "过热蒸汽不计蒸汽湿度, steam_humidity_pct 未使用 / superheated steam "
                                                   "has no humidity: steam_humidity_pct was not used")
    wetness = np.where(omega > 0, (h_sat_steam - h_sat_water) * omega / 100.0, 0.0)
    h_delivered = np.where(saturated, h_sat_steam - wetness,
                           _on(good & superheated, lambda m: steam.superheated_steam_enthalpy(
                               p_steam[m], t_steam[m], errors="nan", phase_checked=True), n))
    heat = np.where(good, efficiency.useful_heat_steam(flow, h_delivered, h_fw, blowdown, h_sat_water), heat)

    # hot-water boilers
    t_out, t_in, g = rows["supply_temp_c"], rows["return_temp_c"], rows["water_flow_kg_h"]
    water_ok = (water_rows | carrier_rows) & ~np.isnan(t_out) & ~np.isnan(t_in) & ~np.isnan(g)
    warnings.add((water_rows | carrier_rows) & ~water_ok, "缺少循环流量或出/回水温度, 不计算正平衡 / circulation flow "
                                                          "or supply/return temperature missing: no direct-method result")
    backwards = water_ok & (t_out <= t_in)
    if backwards.any():
        errors.add_each(backwards, [f"supply_temp_c(出水温度) {a:g} 不高于 return_temp_c(回水温度) {b:g}, 有效范围: 出水 > 回水 / "
                                    f"supply_temp_c {a:g} is not above return_temp_c {b:g}, valid range: supply > return"
                                    for a, b in zip(t_out[backwards], t_in[backwards])])
    hw = water_rows & water_ok & ~backwards
    p_given = rows["water_pressure_mpa_g"] + baro / 1000.0
    p_water = p_given.copy()
    no_p = hw & np.isnan(p_given)
    if no_p.any():
        # the pressure barely matters for Δh of liquid water; it only has to keep the outlet subcooled
        p_water[no_p] = np.asarray(steam.saturation_pressure(np.maximum(t_out[no_p], 0.01), errors="nan")) + 0.1
        p_water[no_p] = np.maximum(p_water[no_p], baro[no_p] / 1000.0 + 0.1)
        warnings.add(no_p, "热水压力未填, 取出水温度饱和压力 + 0.1 MPa (对焓差影响可忽略) / water pressure blank, "
                           "saturation pressure at the supply temperature + 0.1 MPa assumed (negligible effect)")
    water_check = hw & ~((t_out < SURELY_SUBCOOLED_C) & (p_water >= SURELY_SUBCOOLED_ABOVE_MPA))
    t_sat_w = _on(water_check, lambda m: steam.saturation_temperature(np.minimum(p_water[m], steam.P_SATURATION_MAX_MPA),
                                                                      errors="nan"), n)
    boiling = water_check & (t_out >= t_sat_w)
    if boiling.any():
        errors.add_each(boiling, [f"supply_temp_c(出水温度) 的值 {t:g} 不低于热水压力下的饱和温度 {ts:.2f} °C / "
                                  f"supply_temp_c: value {t:g} is not below the saturation temperature {ts:.2f} °C at "
                                  f"the water pressure" for t, ts in zip(t_out[boiling], t_sat_w[boiling])])
    hw &= ~boiling
    h_out = _on(hw, lambda m: steam.water_enthalpy(p_water[m], t_out[m], errors="nan", phase_checked=True), n)
    h_in = _on(hw, lambda m: steam.water_enthalpy(p_water[m], t_in[m], errors="nan", phase_checked=True), n)
    heat = np.where(hw, efficiency.useful_heat_hot_water(g, h_out, h_in), heat)

    # organic-heat-carrier boilers
    cp = rows["carrier_cp_kj_kg_k"]
    carrier = carrier_rows & water_ok & ~backwards
    warnings.add(carrier & np.isnan(cp), "有机热载体平均比热 carrier_cp_kj_kg_k 未填, 不计算正平衡 / heat-carrier specific "
                                         "heat carrier_cp_kj_kg_k blank: no direct-method result")
    heat = np.where(carrier, efficiency.useful_heat_heat_carrier(g, cp, t_out, t_in), heat)

    # fuel input
    state = fuel["state"]
    gas_by_mass = (state == "gas") & np.isnan(rows["fuel_rate_nm3_h"]) & ~np.isnan(rows["fuel_rate_kg_h"])
    warnings.add(gas_by_mass, "燃气消耗量按质量 (kg/h) 给出, 按组分的标准状态密度换算为 Nm³/h / gas consumption given in "
                              "kg/h, converted to Nm³/h with the composition's normal density")
    rate = np.where(state == "gas", np.where(gas_by_mass, rows["fuel_rate_kg_h"] / fuel["gas_density"],
                                             rows["fuel_rate_nm3_h"]), rows["fuel_rate_kg_h"])
    eta = efficiency.efficiency_direct(heat, rate, fuel["lhv"])
    electric = state == "electric"
    eta = np.where(electric, efficiency.efficiency_electric(heat, rows["electric_power_kw"]), eta)
    missing_input = ~np.isnan(heat) & np.isnan(eta)
    warnings.add(missing_input & (state == "gas"), "燃气消耗量 fuel_rate_nm3_h 未填, 不计算正平衡 / fuel_rate_nm3_h blank: "
                                                   "no direct-method result")
    warnings.add(missing_input & ((state == "solid") | (state == "liquid")),
                 "燃料消耗量 fuel_rate_kg_h 未填, 不计算正平衡 / fuel_rate_kg_h blank: no direct-method result")
    warnings.add(missing_input & electric, "输入电功率 electric_power_kw 未填, 不计算正平衡 / electric_power_kw blank: "
                                           "no direct-method result")
    return {"heat_output": heat, "eta": eta}


def _on(mask: np.ndarray, compute, n: int) -> np.ndarray:
    """Evaluate ``compute(mask)`` on the masked rows only (CoolProp is the costly part)."""
    out = np.full(n, np.nan)
    if mask.any():
        out[mask] = np.asarray(compute(mask), dtype=float)
    return out


# --- heat-loss method ------------------------------------------------------------------------------

def _indirect_method(data: pd.DataFrame, rows: _Rows, fuel: dict[str, np.ndarray], direct: dict[str, np.ndarray],
                     ref: ReferenceData, q2_method: str, errors: RowMessages,
                     warnings: RowMessages) -> dict[str, np.ndarray]:
    n = len(data)
    state = fuel["state"]
    is_solid = state == "solid"
    fuel_kind = _text(data, "fuel_kind")
    t_py, t_lk = rows["flue_temp_c"], rows["air_temp_c"]
    o2, co2, co_ppm = rows["flue_o2_pct"], rows["flue_co2_pct"], rows["flue_co_ppm"]
    baro = rows["barometric_kpa"]
    combustible = ~(state == "electric") & ~(state == "") & (state.codes >= 0)
    result = {k: np.full(n, np.nan) for k in ("eta", "alpha", "q2", "q3", "q4", "q5", "q6")}

    has_flue = ~np.isnan(t_py) & ~np.isnan(t_lk) & (~np.isnan(o2) | ~np.isnan(co2))
    warnings.add(combustible & ~has_flue, "缺少排烟温度、冷空气温度或排烟 O₂/CO₂, 不计算反平衡 / flue temperature, "
                                          "cold-air temperature or flue O₂/CO₂ missing: no heat-loss result")
    warnings.add(state == "electric", "电锅炉不计算反平衡 / no heat-loss method for electric boilers")
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
    # unmeasured CO cell is blank or 0: O₂ with RO₂ → nitrogen method; O₂ alone → 21/(21 − (O₂ − 0.5·CO));
    # RO₂ alone → from the fuel's stoichiometry. A blank CO counts as 0 (q₃ then warns).
    co_pct = co_ppm / 1e4
    co_or_zero = np.nan_to_num(co_pct)
    with_o2, with_ro2 = ~np.isnan(o2), ~np.isnan(co2)
    alpha = np.where(with_o2, combustion.excess_air_from_o2_co(o2, co_or_zero, co2),
                     combustion.excess_air_from_co2(co2, v_ro2, v_n2, v0))
    result["alpha_method"] = _choose(
        [~ok, with_o2 & with_ro2, with_o2],
        ["", "nitrogen method: O2, CO, RO2", "O2 and CO: 21/(21-(O2-0.5CO))"], "RO2 and fuel stoichiometry")
    below_one = ok & (alpha < 1.0)
    if below_one.any():
        errors.add_each(below_one, [f"由排烟成分算得过量空气系数 {a:.3f} < 1, 有效范围 ≥ 1; 请核对 flue_co2_pct(排烟二氧化碳) / "
                                    f"excess-air ratio {a:.3f} < 1 from the flue-gas analysis, valid range ≥ 1; check "
                                    f"flue_co2_pct against the fuel" for a in alpha[below_one]])
    # a measured RO₂ far from what the fuel gives at the O₂-based α points at a wrong analyser or fuel
    expected_ro2 = 100.0 * v_ro2 / combustion.dry_flue_gas_volume(v_ro2, v_n2, v0, combustion.excess_air_from_o2(o2))
    warnings.add(ok & with_o2 & with_ro2 & (np.abs(co2 - expected_ro2) > 1.5),
                 "实测 RO₂ 与燃料成分和 O₂ 推算值相差超过 1.5 个百分点, 请核对分析仪或燃料 / measured RO₂ differs by more "
                 "than 1.5 points from the value the fuel and O₂ imply: check the analyser or the fuel")
    ok &= ~below_one & ~np.isnan(alpha)
    result["alpha"] = np.where(ok, alpha, np.nan)

    # q4 and q6: solid fuels only (ash of liquid fuels is negligible, gases have none), on those rows only
    q4, q6 = np.zeros(n), np.zeros(n)
    ash_ok = _ash_losses(np.flatnonzero(is_solid & ok), rows, fuel, _text(data, "combustion"), ref, q4, q6, errors,
                         warnings)
    ok &= ~is_solid | ash_ok

    # q2 and q3
    humidity = rows["air_humidity_g_kg"]
    warnings.add(ok & np.isnan(humidity), f"空气含湿量未测, 取 {DEFAULT_AIR_HUMIDITY_G_KG:g} g/kg / air humidity not "
                                          f"measured, {DEFAULT_AIR_HUMIDITY_G_KG:g} g/kg assumed")
    humidity = np.where(np.isnan(humidity), DEFAULT_AIR_HUMIDITY_G_KG, humidity)
    warnings.add(ok & np.isnan(co_ppm), "排烟 CO 未测, q3 取 0 / flue CO not measured, q3 taken as 0")
    co_pct0 = np.nan_to_num(co_pct)
    v_h2o = combustion.water_vapour_volume(w_fuel, v0, alpha, humidity)
    v_dry = combustion.dry_flue_gas_volume(v_ro2, v_n2, v0, alpha)
    condensing = data["condensing"].to_numpy(bool)
    cool = ok & (t_py < 99.0)
    dew = _on(cool, lambda m: combustion.water_dew_point(v_h2o[m], v_dry[m], baro[m]), n)
    wet_exit = cool & (t_py < dew)
    warnings.add(wet_exit & ~condensing, "排烟温度低于烟气水露点, 但锅炉非冷凝式 / flue gas below its water dew point on a "
                                         "non-condensing boiler")
    q_cond = np.zeros(n)
    credit = wet_exit & condensing & (q2_method == "enthalpy")
    if credit.any():
        water = np.asarray(combustion.condensed_water(v_h2o[credit], v_dry[credit], t_py[credit], baro[credit]))
        q_cond[credit] = water * np.asarray(steam.latent_heat_at_temperature(t_py[credit], errors="nan"))
        warnings.add(credit, "冷凝式锅炉: 按排烟在排烟温度下饱和计算凝结放热 / condensing boiler: exhaust taken as "
                             "saturated at the flue temperature for the condensation heat")
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
        warnings.add(no_mn, "该燃料无简单测试系数 m、n, 不计算反平衡 / no m, n coefficients for this fuel: no heat-loss result")
        ok &= ~no_mn
        q2 = losses.loss_flue_gas_simple(m, k, alpha, t_py, t_lk, q4)
        q3 = ref.constant("q3_simple_coeff") * alpha * co_pct0 * (1.0 - q4 / 100.0)
        warnings.add(ok, "简单测试: q2、q3 按 m、n 与 3.2·α·CO 估算 (UNCONFIRMED) / simplified test: q2 and q3 "
                         "estimated with m, n and 3.2·α·CO")
        warnings.add(ok & wet_exit & condensing, "简单测试不计冷凝放热, 冷凝锅炉的 η₂ 偏低, 请用详细测试 / the simplified "
                                                 "test gives no condensation credit: η₂ of this condensing boiler is "
                                                 "understated, use the enthalpy method")

    # q5: measured, or the rated-capacity table corrected to the test load
    q5 = rows["q5_pct"]
    kind = _text(data, "boiler_kind")
    cap_t, cap_mw = rows["rated_capacity_t_h"], rows["rated_capacity_mw"]
    by_t = np.where(kind == "steam", ~np.isnan(cap_t), np.isnan(cap_mw) & ~np.isnan(cap_t))
    rated = np.full(n, np.nan)
    rated[by_t] = losses.rated_surface_loss(cap_t[by_t], "t/h", ref)
    rated[~by_t] = losses.rated_surface_loss(cap_mw[~by_t], "MW", ref)
    output = direct["heat_output"]
    steam_flow = rows["steam_flow_kg_h"]
    # load = measured/rated output: steam flow over rated evaporation, else heat output over rated heat output;
    # a boiler rated only in t/h but measured in kW uses the conventional 0.7 MW per t/h (the q5 table's pairs)
    by_steam_flow = by_t & (kind == "steam") & ~np.isnan(steam_flow)
    rated_kw = np.where(np.isnan(cap_mw), cap_t * MW_PER_T_H, cap_mw) * 1000.0
    load = np.where(by_steam_flow, steam_flow / (cap_t * 1000.0), output / rated_kw)
    warnings.add(ok & ~np.isnan(load) & np.isnan(cap_mw) & ~by_steam_flow,
                 "负荷率按 1 t/h ≈ 0.7 MW 由额定蒸发量折算 / load ratio from the rated evaporation at 0.7 MW per t/h")
    needs_table = ok & np.isnan(q5)
    warnings.add(needs_table & np.isnan(rated), "额定容量未填且未实测 q5, 不计算反平衡 / no rated capacity and no measured q5: "
                                                "no heat-loss result")
    ok &= ~(needs_table & np.isnan(rated))
    warnings.add(needs_table & ~np.isnan(rated), "q5 按额定容量查表 (UNCONFIRMED 表) / q5 from the rated-capacity table "
                                                 "(UNCONFIRMED values)")
    warnings.add(needs_table & np.isnan(load), "无实测出力, q5 不作负荷修正 / no measured output: q5 not corrected for load")
    low_load, min_load = ref.constant("load_ratio_warning_below"), ref.constant("load_ratio_min_for_q5")
    warnings.add(needs_table & (load * 100 < low_load) & (load * 100 >= min_load),
                 f"测试负荷低于额定的 {low_load:g} %, q5 负荷修正偏大 / test load below {low_load:g} % of rated: the q5 "
                 f"load correction grows large")
    too_low = needs_table & (load * 100 < min_load)
    warnings.add(too_low, f"测试负荷低于额定的 {min_load:g} %, 查表 q5 不再可信, 请实测 q5, 不计算反平衡 / test load below "
                          f"{min_load:g} % of rated: the table q5 is no longer credible, measure q5; no heat-loss result")
    ok &= ~too_low
    q5_used = np.where(~np.isnan(q5), q5, np.where(np.isnan(load), rated, rated / load))
    result["q5_source"] = _choose([~ok, ~np.isnan(q5), np.isnan(load)],
                                  ["", "measured", "table (rated load)"], "table × rated/test load")

    eta = efficiency.efficiency_indirect(q2, q3, q4, q5_used, q6)
    q2, q3 = np.array(q2, dtype=float), np.array(q3, dtype=float)  # own copies: blanked in place below
    failed_rows = ~ok
    for values in (q2, q3, q4, q5_used, q6, eta):
        values[failed_rows] = np.nan  # few rows: cheaper than np.where over all of them
    result.update(q2=q2, q3=q3, q4=q4, q5=q5_used, q6=q6, eta=eta)
    result["dew_point"] = dew
    return result


def _ash_losses(rows_index: np.ndarray, rows: _Rows, fuel: dict[str, Any], firing: _Labels, ref: ReferenceData,
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
    warnings.add(whole(one_share), "灰平衡份额只给出一项, 另一项取 100 % 之差 / one ash share given, the other taken as "
                                   "the remainder of 100 %")
    shares_bad = ~np.isnan(slag_share) & ~np.isnan(fly_share) & (np.abs(slag_share + fly_share - 100) > 1)
    if shares_bad.any():
        errors.add_each(whole(shares_bad), [range_error("slag_share_pct+flyash_share_pct", f"{s:g}", "100 ± 1 %")
                                            for s in (slag_share + fly_share)[shares_bad]])
    slag_c = np.where(slag_share == 0, 0.0, slag_c)  # a stream that carries no ash needs no combustible content
    fly_c = np.where(fly_share == 0, 0.0, fly_c)
    ash_data = ~np.isnan(slag_share) & ~np.isnan(fly_share) & ~np.isnan(slag_c) & ~np.isnan(fly_c)
    warnings.add(whole(~ash_data), "固体燃料缺少炉渣/飞灰份额或可燃物含量, 不计算反平衡 / solid fuel without ash shares "
                                   "or combustible contents: no heat-loss result")
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
                 "炉渣温度未测, 取方法常数默认值 (UNCONFIRMED) / slag temperature not measured, method default used")
    slag_t = np.where(np.isnan(slag_t), default_slag, slag_t)
    q6[rows_index[good]] = losses.loss_ash_sensible(
        ash[good], lhv[good], slag_share[good], slag_c[good], slag_t[good], fly_share[good], fly_c[good],
        pick("flue_temp_c")[good], pick("air_temp_c")[good], ref)
    ash_ok[rows_index[good]] = True
    return ash_ok


# --- emissions and carbon -----------------------------------------------------------------------

def _emissions(data: pd.DataFrame, rows: _Rows, failed: np.ndarray, ref: ReferenceData,
               warnings: RowMessages) -> dict[str, Any]:
    """Concentrations at the reference O₂, the applicable limits and pass/fail per pollutant."""
    n = len(data)
    measured = {p: rows[f"{p}_mg_m3"] for p in POLLUTANTS}
    any_measured = np.logical_or.reduce([~np.isnan(v) for v in measured.values()])
    o2 = np.where(np.isnan(rows["emission_o2_pct"]), rows["flue_o2_pct"], rows["emission_o2_pct"])
    warnings.add(any_measured & np.isnan(rows["emission_o2_pct"]) & ~np.isnan(rows["flue_o2_pct"]),
                 "排放测点氧含量未填, 用排烟氧含量折算 / emission_o2_pct blank: flue_o2_pct used for the reference-O₂ "
                 "conversion")
    warnings.add(any_measured & np.isnan(o2), "无氧含量, 排放浓度无法折算到基准氧 / no O₂ measured: the emissions "
                                              "cannot be converted to the reference O₂")
    fuel_kind = data["fuel_kind"].array
    kinds = _text(data, "fuel_kind")  # reference O₂ per fuel kind, spread by code
    reference_o2 = np.append(reference_oxygen(np.asarray(kinds.categories, dtype=object), ref), np.nan)[kinds.codes]
    out: dict[str, Any] = {}
    for pollutant, value in measured.items():
        out[f"{pollutant}_ref_mg_m3"] = np.where(failed, np.nan, to_reference_oxygen(value, o2, reference_o2))
    if not any_measured.any():  # no emission data in the file: limits are not looked up
        for pollutant in POLLUTANTS:
            out[f"{pollutant}_limit_mg_m3"] = np.full(n, np.nan)
            out[f"{pollutant}_compliant"] = pd.array(np.full(n, None), dtype="boolean")
            out[f"{pollutant}_margin_pct"] = np.full(n, np.nan)
        out["emission_limit_basis"] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[""])
        return out
    test_date = data["test_date"].to_numpy(dtype="datetime64[D]")
    warnings.add(any_measured & np.isnat(test_date), "测试日期未填, 按今天的限值判定 / test_date blank: the limits in "
                                                     "force today are used")
    test_date = np.where(np.isnat(test_date), np.datetime64("today", "D"), test_date)
    install = data["install_date"].to_numpy(dtype="datetime64[D]")
    warnings.add(any_measured & np.isnat(install), "安装日期未填, 按在用锅炉判定排放限值 / install_date blank: the "
                                                   "boiler is treated as existing (在用) for the emission limits")
    place = data["jurisdiction"].array
    warnings.add(any_measured & (np.asarray(place.codes) < 0), f"所在地未填, 按 {DEFAULT_JURISDICTION} 判定 / "
                                                               f"jurisdiction blank, {DEFAULT_JURISDICTION} assumed")
    place = _blank_where(place, np.asarray(place.codes) < 0, DEFAULT_JURISDICTION)
    limits = applicable_limits(fuel_kind, test_date, install, rows["rated_capacity_t_h"], rows["rated_capacity_mw"],
                               place, data["key_region"].to_numpy(bool), ref)
    for pollutant in POLLUTANTS:
        limit = limits[f"{pollutant}_limit_mg_m3"].to_numpy(float)
        passed, margin = compliance(out[f"{pollutant}_ref_mg_m3"], limit)
        out[f"{pollutant}_limit_mg_m3"] = np.where(any_measured & ~failed, limit, np.nan)
        out[f"{pollutant}_compliant"] = passed
        out[f"{pollutant}_margin_pct"] = margin
        warnings.add(~np.isnan(out[f"{pollutant}_ref_mg_m3"]) & np.isnan(limit),
                     f"{LABELS[pollutant]} 无适用限值 (排放标准表中无匹配行) / no {LABELS[pollutant]} limit applies "
                     f"(no row of the emission-limit table matches)")
        warnings.add(np.asarray(passed.fillna(True)) == False,  # noqa: E712 — a BooleanArray with NA
                     f"{LABELS[pollutant]} 超过排放限值 / {LABELS[pollutant]} exceeds its emission limit")
    out["emission_limit_basis"] = _blank_where(limits["limit_basis"].array, ~any_measured | failed)
    return out


def _carbon(data: pd.DataFrame, rows: _Rows, fuel: dict[str, Any], heat_output_kw: np.ndarray, failed: np.ndarray,
            ref: ReferenceData, warnings: RowMessages) -> dict[str, Any]:
    """CO₂ per hour of test and per GJ of useful heat (the route is named in ``co2_method``)."""
    n = len(data)
    state = fuel["state"]
    kinds = _text(data, "fuel_kind")
    table = ref.tables["carbon_factors"].set_index("fuel_kind").reindex(kinds.categories + [None])
    carbon_per_tj = table["carbon_tc_per_tj"].to_numpy(float)[kinds.codes]
    oxidation = table["oxidation_pct"].to_numpy(float)[kinds.codes] / 100.0
    biogenic = kinds == "biomass"
    gas = state == "gas"
    solid_liquid = (state == "solid") | (state == "liquid")
    rate = np.where(gas, rows["fuel_rate_nm3_h"], rows["fuel_rate_kg_h"])
    if "gas_density" in fuel:  # gas metered by mass
        rate = np.where(gas & np.isnan(rate), rows["fuel_rate_kg_h"] / fuel["gas_density"], rate)
    # default-factor route with the test's own net heating value: B·Q_net → GJ/h × kgC/GJ × OF × 44/12
    by_default = rate * fuel["lhv"] / 1e6 * carbon_per_tj * oxidation * CO2_PER_C
    measured_solid = solid_liquid & ~np.isnan(rows["c_ar_pct"]) & ~biogenic  # the test's own carbon, not the library's
    by_carbon = rate * fuel["c_ar_pct"] / 100.0 * oxidation * CO2_PER_C
    measured_gas = gas & fuel["composition_measured"]
    by_gas_carbon = rate * fuel["gas_carbon_kg_nm3"] * oxidation * CO2_PER_C
    electric = state == "electric"
    # the electricity factor of the row's jurisdiction in force in the test year (electric rows only)
    factor_value = np.full(n, np.nan)
    factor_label = np.full(n, "", dtype=object)
    if electric.any():
        index = np.flatnonzero(electric)
        place = data["jurisdiction"].astype(object).to_numpy()[index]
        place = np.where(pd.isna(place), DEFAULT_JURISDICTION, place)
        years = pd.DatetimeIndex(data["test_date"].to_numpy(dtype="datetime64[D]")[index]).year.to_numpy(dtype=float)
        years = np.where(np.isnan(years), pd.Timestamp.today().year, years)
        for region, year in set(zip(place, years)):
            chosen = electricity_factor(region, at_year=int(year), reference=ref)
            here = index[(place == region) & (years == year)]
            factor_value[here] = chosen["kg_co2_per_kwh"]
            factor_label[here] = (f"electricity_factors {chosen['factor_id']} ({chosen['factor_type']}, "
                                  f"{chosen['data_year']})")
    by_power = rows["electric_power_kw"] * factor_value
    co2 = np.select([biogenic, electric, measured_solid, measured_gas], [0.0 * rate, by_power, by_carbon, by_gas_carbon],
                    by_default)
    co2 = np.where(failed, np.nan, co2)
    labels = sorted({label for label in factor_label[electric & ~np.isnan(co2)]})
    method = _choose(
        [np.isnan(co2), biogenic] + [electric & (factor_label == label) for label in labels] +
        [measured_solid | measured_gas],
        ["", "biogenic CO2 counted as 0 (carbon_factors biomass, UNCONFIRMED)"] + labels +
        ["measured carbon of the test fuel × OF × 44/12 (carbon_factors OF)"],
        "test Q_net × default carbon per heat × OF × 44/12 (carbon_factors, GB/T 32151.22-2024 表C.1)")
    warnings.add(~failed & np.isnan(co2) & ~np.isnan(heat_output_kw), "无燃料消耗量或电功率, 不计算 CO₂ / no fuel rate or "
                                                                      "electric power: no CO₂ result")
    with np.errstate(invalid="ignore", divide="ignore"):
        intensity = co2 / (heat_output_kw * 3.6e-3)  # kW → GJ/h
    return {"co2_kg_h": co2, "co2_intensity_kg_gj": intensity, "co2_method": method}


# --- checks and the governing efficiency -------------------------------------------------------------

def _plausibility(data: pd.DataFrame, rows: _Rows, fuel: dict[str, np.ndarray], eta1: np.ndarray, eta2: np.ndarray,
                  indirect: dict[str, np.ndarray], ref: ReferenceData, warnings: RowMessages) -> None:
    condensing = data["condensing"].to_numpy(bool)
    eta_max = ref.constant("condensing_eta_max")
    for name, eta in (("η₁", eta1), ("η₂", eta2)):
        warnings.add(~condensing & (eta > 100.0), f"非冷凝锅炉 {name} 超过 100 %, 请核对数据 / {name} above 100 % on a "
                                                  f"non-condensing boiler: check the data")
        warnings.add(condensing & (eta > eta_max), f"冷凝锅炉 {name} 超过 {eta_max:g} %, 请核对数据 / {name} above "
                                                   f"{eta_max:g} % on a condensing boiler: check the data")
    alpha = indirect["alpha"]
    firing = _text(data, "combustion")
    for kind in ("chamber", "grate", "fluidized_bed"):
        low, high = ref.constant(f"alpha_min_{kind}"), ref.constant(f"alpha_max_{kind}")
        outside = (firing == kind) & ((alpha < low) | (alpha > high))
        warnings.add(outside, f"过量空气系数超出 {kind} 常见范围 {low:g}…{high:g} / excess-air ratio outside the usual "
                              f"{low:g}…{high:g} for {kind} firing")
    humidity_max = ref.constant("steam_humidity_plausible_max")
    warnings.add(rows["steam_humidity_pct"] > humidity_max, f"蒸汽湿度超过 {humidity_max:g} %, 不常见 / steam humidity "
                                                            f"above {humidity_max:g} % is unusual")
    warnings.add(rows["flue_temp_c"] <= rows["air_temp_c"], "排烟温度不高于冷空气温度 / flue temperature not above the "
                                                             "cold-air temperature")
    warnings.add(~condensing & (indirect["q2"] < 0), "q2 为负, 请核对温度 / negative q2: check the temperatures")


def _impossible_efficiencies(data: pd.DataFrame, eta1: np.ndarray, eta2: np.ndarray, ref: ReferenceData,
                             errors: RowMessages) -> None:
    """An efficiency ≤ 0 or above the condensing maximum is a data error, not a result to grade."""
    eta_max = ref.constant("condensing_eta_max")
    for name, column, eta in (("η₁", "eta_direct_pct", eta1), ("η₂", "eta_indirect_pct", eta2)):
        bad = (eta <= 0) | (eta > eta_max)
        if bad.any():
            errors.add_each(bad, [f"{column}(计算的{name}) {e:.2f} % 不可能, 有效范围 (0, {eta_max:g}] %, 请核对输入数据 / "
                                  f"{column}: computed {name} of {e:.2f} % is impossible, valid range (0, {eta_max:g}] %: "
                                  f"check the input data" for e in eta[bad]])


def _governing(data: pd.DataFrame, rows: _Rows, eta1: np.ndarray, eta2: np.ndarray,
               ref: ReferenceData) -> tuple[np.ndarray, np.ndarray]:
    """η₁ governs for small boilers, η₂ for D ≥ 20 t/h (Q ≥ 14 MW) or without η₁ (standards.md §5, UNCONFIRMED)."""
    large = (rows["rated_capacity_t_h"] >= ref.constant("indirect_governs_from_t_h")) | (
        rows["rated_capacity_mw"] >= ref.constant("indirect_governs_from_mw"))
    use_indirect = (large & ~np.isnan(eta2)) | np.isnan(eta1)
    governing = np.where(use_indirect, eta2, eta1)
    method = _choose([np.isnan(governing), use_indirect], ["", "indirect"], "direct")
    return governing, method


def evaluate_in_parts(frame: pd.DataFrame, progress: Callable[[float, str], None] | None = None, *,
                      rows_per_part: int = 5000, reference: ReferenceData | None = None) -> pd.DataFrame:
    """:func:`evaluate` over consecutive parts of ``frame``, reporting progress after each part.

    Every row is computed independently, so the result equals ``evaluate(frame)``; the parts only let a
    caller show progress on a large file (``progress(fraction_done, text)``).
    """
    ref = reference or load_reference()
    total = len(frame)
    if total <= rows_per_part:
        result = evaluate(frame, reference=ref)
        if progress is not None:
            progress(1.0, f"已计算 {total} / {total} 行")
        return result
    parts = []
    for start in range(0, total, rows_per_part):
        parts.append(evaluate(frame.iloc[start:start + rows_per_part], reference=ref))
        done = min(start + rows_per_part, total)
        if progress is not None:
            progress(done / total, f"已计算 {done} / {total} 行")
    return pd.concat(parts)
