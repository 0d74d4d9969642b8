"""Fuels: analysis bases, heating values and the fuel library.

Solid and liquid fuels are described by their ultimate analysis on the as-received basis (收到基,
subscript ar) in mass %, gaseous fuels by their dry volume composition in %. Heating values are
kJ/kg (solid, liquid) or kJ/Nm³ (gas, 0 °C and 101.325 kPa); "net" is the lower heating value
Q_net,v,ar (LHV, 低位发热量), "gross" the higher Q_gr,v,ar (HHV, 高位发热量).

All functions take scalars, numpy arrays and pandas Series alike.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.values import as_float_array, describe_values, like
from boilerlab.base.constants import MOLAR_VOLUME_NM3_KMOL
from boilerlab.base.reference import ReferenceData, load_reference

BASES = ("ar", "ad", "d", "daf")
#: Fuel-library properties that are words, not numbers.
TEXT_PROPERTIES = ("state", "name_cn", "emission_group", "ghg_group")

#: Columns of an as-received ultimate analysis, in the interchange names. [% mass]
SOLID_ANALYSIS = ("c_ar_pct", "h_ar_pct", "o_ar_pct", "n_ar_pct", "s_ar_pct", "ash_ar_pct", "moisture_ar_pct")
#: Columns of a dry gas composition, in the interchange names. [% vol]
GAS_COMPONENTS = ("ch4_pct", "c2h6_pct", "c3h8_pct", "c4h10_pct", "h2_pct", "co_pct", "co2_pct", "n2_pct",
                  "o2_pct", "h2s_pct")


# --- analysis bases (GB/T 483) ------------------------------------------------------------------

def _to_dry_factor(basis: str, moisture_ar: np.ndarray, moisture_ad: np.ndarray, ash_dry: np.ndarray) -> np.ndarray:
    """Factor turning a content on ``basis`` into the dry basis."""
    if basis == "ar":
        return 100.0 / (100.0 - moisture_ar)
    if basis == "ad":
        return 100.0 / (100.0 - moisture_ad)
    if basis == "d":
        return np.ones_like(moisture_ar)
    if basis == "daf":
        return (100.0 - ash_dry) / 100.0
    raise ValueError(f"unknown analysis basis {basis!r}; valid: {list(BASES)}")


def convert_basis(value: Any, from_basis: str, to_basis: str, *, moisture_ar: Any = np.nan,
                  moisture_ad: Any = np.nan, ash_dry: Any = np.nan) -> Any:
    """Convert a fuel content between the ar, ad, d and daf bases (基准换算).

    The conversion factors of GB/T 483 (煤炭分析试验方法一般规定), written through the dry basis:
    x_d = x_ar·100/(100 − M_ar) = x_ad·100/(100 − M_ad) = x_daf·(100 − A_d)/100. Only the moisture and
    ash values the two bases need are required. Not for heating values: a net heating value also
    changes by the latent heat of the moisture (see :func:`lhv_from_hhv`).

    Parameters
    ----------
    value : numeric
        Content (C, H, ash, volatile matter …) on ``from_basis``. [% mass]
    from_basis, to_basis : {'ar', 'ad', 'd', 'daf'}
        As received (收到基), air-dried (空气干燥基), dry (干燥基), dry ash-free (干燥无灰基).
    moisture_ar : numeric
        Total moisture as received M_ar (M_t). [% mass]
    moisture_ad : numeric
        Air-dried moisture M_ad. [% mass]
    ash_dry : numeric
        Ash on the dry basis A_d. [% mass]

    Returns
    -------
    numeric
        Content on ``to_basis``. [% mass]

    References
    ----------
    [GBT483], the conversion factors between the ar, ad, d and daf bases.

    Examples
    --------
    >>> round(float(convert_basis(30.0, 'd', 'ar', moisture_ar=10.0)), 6)  # 30 × (100 − 10)/100
    27.0
    """
    x = as_float_array(value)
    if from_basis == to_basis and from_basis in BASES:
        return like((value, moisture_ar, moisture_ad, ash_dry), x)
    m_ar, m_ad, a_d = (as_float_array(v) for v in (moisture_ar, moisture_ad, ash_dry))
    factor = _to_dry_factor(from_basis, m_ar, m_ad, a_d) / _to_dry_factor(to_basis, m_ar, m_ad, a_d)
    return like((value, moisture_ar, moisture_ad, ash_dry), x * factor)


# --- net and gross heating values -----------------------------------------------------------------

def lhv_from_hhv(hhv_ar: Any, h_ar: Any, moisture_ar: Any, reference: ReferenceData | None = None) -> Any:
    """Net from gross heating value of a solid or liquid fuel, as-received basis.

    GB/T 213-2008 form on the ar basis: Q_net,v,ar = Q_gr,v,ar − 206·H_ar − 23·M_ar. The two
    coefficients are reference data (``method_constants``: ``hhv_lhv_hydrogen_coeff``,
    ``hhv_lhv_moisture_coeff``), recalled and UNCONFIRMED.

    Parameters
    ----------
    hhv_ar : numeric
        Gross heating value Q_gr,v,ar. [kJ/kg]
    h_ar : numeric
        Hydrogen, as received. [% mass]
    moisture_ar : numeric
        Total moisture, as received. [% mass]

    Returns
    -------
    numeric
        Net heating value Q_net,v,ar. [kJ/kg]

    References
    ----------
    [GBT213], Q_net,v,ar = Q_gr,v,ar − 206·H_ar − 23·M_t (coefficients in ``method_constants``).

    Examples
    --------
    >>> float(lhv_from_hhv(25000, 4.0, 10.0))  # 25000 − 206 × 4 − 23 × 10
    23946.0
    """
    ref = reference or load_reference()
    k_h, k_m = ref.constant("hhv_lhv_hydrogen_coeff"), ref.constant("hhv_lhv_moisture_coeff")
    out = as_float_array(hhv_ar) - k_h * as_float_array(h_ar) - k_m * as_float_array(moisture_ar)
    return like((hhv_ar, h_ar, moisture_ar), out)


def hhv_from_lhv(lhv_ar: Any, h_ar: Any, moisture_ar: Any, reference: ReferenceData | None = None) -> Any:
    """Gross from net heating value, the inverse of :func:`lhv_from_hhv` (GB/T 213-2008 form).

    Parameters
    ----------
    lhv_ar : numeric
        Net heating value Q_net,v,ar. [kJ/kg]
    h_ar : numeric
        Hydrogen, as received. [% mass]
    moisture_ar : numeric
        Total moisture, as received. [% mass]

    Returns
    -------
    numeric
        Gross heating value Q_gr,v,ar. [kJ/kg]
    """
    ref = reference or load_reference()
    k_h, k_m = ref.constant("hhv_lhv_hydrogen_coeff"), ref.constant("hhv_lhv_moisture_coeff")
    out = as_float_array(lhv_ar) + k_h * as_float_array(h_ar) + k_m * as_float_array(moisture_ar)
    return like((lhv_ar, h_ar, moisture_ar), out)


def gas_weighted_sum(composition: dict[str, Any], weights: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Σ xᵢ·wᵢ/100 over the components of a gas composition (blank = 0), and the inputs.

    ``weights`` are in :data:`GAS_COMPONENTS` order. A loop over the ten components with scalar weights
    is cheaper for a million rows than stacking them into one matrix.

    Raises
    ------
    KeyError
        For a component name that is not one of :data:`GAS_COMPONENTS`.
    """
    unknown = sorted(set(composition) - set(GAS_COMPONENTS))
    if unknown:
        raise KeyError(f"unknown gas component(s) {unknown}; valid: {list(GAS_COMPONENTS)}")
    total: Any = 0.0
    for column, weight in zip(GAS_COMPONENTS, weights):
        if column not in composition or weight == 0.0:
            continue
        share = as_float_array(composition[column])
        if np.isnan(share).any():
            share = np.nan_to_num(share)
        total = total + share * (weight / 100.0)
    return np.asarray(total, dtype=float), tuple(composition.values())


def gas_component_property(name: str, reference: ReferenceData | None = None) -> np.ndarray:
    """Column ``name`` of the ``gas_components`` table in :data:`GAS_COMPONENTS` order."""
    ref = reference or load_reference()
    table = ref.tables["gas_components"].set_index("component")
    return table.loc[[c.removesuffix("_pct") for c in GAS_COMPONENTS], name].to_numpy(dtype=float)


def gas_compression_factor(composition: dict[str, Any], reference: ReferenceData | None = None) -> Any:
    """Compression factor of a fuel gas at 0 °C and 101.325 kPa, Z = 1 − (Σ xᵢ·√bᵢ)² (ISO 6976:2016, eq. 3).

    The summation factors √bᵢ are the ``summation_factor_0c`` column of ``gas_components`` (ISO 6976
    Table 2 at the metering reference 0 °C, 101.325 kPa). Natural gas of 95 % methane has Z ≈ 0.9975.

    Parameters
    ----------
    composition : dict
        ``{'ch4_pct': …, …}``, dry volume composition; missing components count as 0. [% vol]

    Returns
    -------
    numeric
        Compression factor at 0 °C and 101.325 kPa. [-]

    References
    ----------
    [ISO6976] clause 5 (compression factor by the summation method) and Table 2 (summation factors).

    Examples
    --------
    >>> round(float(gas_compression_factor({'ch4_pct': 100.0})), 6)  # 1 − 0.04886²
    0.997613
    """
    summed, template = gas_weighted_sum(composition, gas_component_property("summation_factor_0c", reference))
    return like(template, 1.0 - summed ** 2)


def gas_heating_values(composition: dict[str, Any], reference: ReferenceData | None = None) -> tuple[Any, Any]:
    """Net and gross heating value of a fuel gas per real Nm³ from its dry volume composition.

    ISO 6976:2016 clause 7: the ideal-gas volumetric value Σ xᵢ·Qᵢ/100 ÷ V⁰ (component molar calorific
    values of ``gas_components``, combustion reference 15 °C, V⁰ = 22.414 Nm³/kmol at 0 °C) divided by
    the compression factor Z of :func:`gas_compression_factor`: a real Nm³ holds 1/Z times the moles of an
    ideal one, about 0.25 % more for natural gas. A supplier's measured heating value (``lhv_kj_nm3``)
    still takes precedence.

    Parameters
    ----------
    composition : dict
        ``{'ch4_pct': …, 'c2h6_pct': …, …}``, any subset of :data:`GAS_COMPONENTS`; missing = 0. [% vol]

    Returns
    -------
    (numeric, numeric)
        Net (LHV) and gross (HHV) heating value at 0 °C and 101.325 kPa, real gas. [kJ/Nm³]

    References
    ----------
    [ISO6976] Table 3 (molar calorific values), clause 7 (volumetric calorific value, real gas).

    Examples
    --------
    >>> [round(float(v)) for v in gas_heating_values({'ch4_pct': 100.0})]  # methane, net and gross kJ/Nm³
    [35896, 39870]
    """
    # kJ/mol ÷ (Nm³/kmol) × 1000 mol/kmol = kJ/Nm³ (ideal), ÷ Z for the real gas
    per_nm3 = 1000.0 / MOLAR_VOLUME_NM3_KMOL
    net, template = gas_weighted_sum(composition, gas_component_property("net_cv_kj_mol", reference) * per_nm3)
    gross, _ = gas_weighted_sum(composition, gas_component_property("gross_cv_kj_mol", reference) * per_nm3)
    z = as_float_array(gas_compression_factor(composition, reference))
    return like(template, net / z), like(template, gross / z)


def gas_normal_density(composition: dict[str, Any], reference: ReferenceData | None = None) -> Any:
    """Density of a fuel gas at 0 °C and 101.325 kPa, real gas: ρ_n = Σ xᵢ·Mᵢ/100/22.414/Z (ISO 6976 clause 8).

    Parameters
    ----------
    composition : dict
        ``{'ch4_pct': …, …}``, dry volume composition; missing components count as 0. [% vol]

    Returns
    -------
    numeric
        Normal density. [kg/Nm³]

    References
    ----------
    [ISO6976] clause 8 (density of the real gas) and Table 2 (summation factors).

    Examples
    --------
    >>> round(float(gas_normal_density({'ch4_pct': 100.0})), 4)  # 16.043/22.414/0.997613
    0.7175
    """
    mass, template = gas_weighted_sum(composition, gas_component_property("molar_mass_g_mol", reference))
    z = as_float_array(gas_compression_factor(composition, reference))
    return like(template, mass / MOLAR_VOLUME_NM3_KMOL / z)


# --- correlations for when only the analysis is known ------------------------------------------

def lhv_mendeleev(c_ar: Any, h_ar: Any, o_ar: Any, s_ar: Any, moisture_ar: Any) -> Any:
    """Net heating value by Mendeleev's formula (门捷列夫公式), as-received basis.

    Q_net,ar = 339·C + 1030·H − 109·(O − S) − 25·M  [kJ/kg], all in % ar. The usual estimate in
    Chinese boiler practice for coal and other solid fuels when no calorimeter value exists
    (锅炉原理 textbooks). Typical deviation from a bomb-calorimeter value: a few percent. The
    coefficients are recalled (UNCONFIRMED) but reproduced by a public biomass code
    (wrxa/SG_Project initBiomassCHP.py).

    Parameters
    ----------
    c_ar, h_ar, o_ar, s_ar : numeric
        Carbon, hydrogen, oxygen, sulphur, as received. [% mass]
    moisture_ar : numeric
        Total moisture, as received. [% mass]

    Returns
    -------
    numeric
        Net heating value Q_net,v,ar. [kJ/kg]

    References
    ----------
    Mendeleev's formula as Chinese coal handbooks give it: 339·C + 1030·H − 109·(O − S) − 25·M [kJ/kg].

    Examples
    --------
    >>> float(lhv_mendeleev(60, 4, 8, 1, 10))  # 20340 + 4120 − 763 − 250
    23447.0
    """
    c, h, o, s, m = (as_float_array(v) for v in (c_ar, h_ar, o_ar, s_ar, moisture_ar))
    return like((c_ar, h_ar, o_ar, s_ar, moisture_ar), 339.0 * c + 1030.0 * h - 109.0 * (o - s) - 25.0 * m)


def hhv_mendeleev(c_ar: Any, h_ar: Any, o_ar: Any, s_ar: Any) -> Any:
    """Gross heating value by Mendeleev's formula: Q_gr,ar = 339·C + 1256·H − 109·(O − S) [kJ/kg].

    The net form (:func:`lhv_mendeleev`) subtracts 226·H + 25·M, the latent heat of the water
    formed and of the moisture (≈ 2510 kJ/kg of water).

    Parameters
    ----------
    c_ar, h_ar, o_ar, s_ar : numeric
        Carbon, hydrogen, oxygen, sulphur, as received. [% mass]

    Returns
    -------
    numeric
        Gross heating value Q_gr,v,ar. [kJ/kg]
    """
    c, h, o, s = (as_float_array(v) for v in (c_ar, h_ar, o_ar, s_ar))
    return like((c_ar, h_ar, o_ar, s_ar), 339.0 * c + 1256.0 * h - 109.0 * (o - s))


def hhv_dulong(c: Any, h: Any, o: Any, s: Any) -> Any:
    """Gross heating value by the modified Dulong formula (Perry's Chemical Engineers' Handbook, 9th ed., 2018).

    HHV = 338·C + 1428·(H − O/8) + 95·S  [kJ/kg], contents in mass % on the same basis as the
    result. Valid only for oxygen ≤ 10.5 % (the limit the ``chemicals`` library applies).

    Parameters
    ----------
    c, h, o, s : numeric
        Carbon, hydrogen, oxygen, sulphur. [% mass]

    Returns
    -------
    numeric
        Gross heating value. [kJ/kg]

    Raises
    ------
    ValueError
        If any oxygen content exceeds 10.5 %.
    """
    c_, h_, o_, s_ = (as_float_array(v) for v in (c, h, o, s))
    if np.any(o_ > 10.5):
        raise ValueError(f"Dulong 公式仅适用于含氧量 ≤ 10.5 % / Dulong's formula is valid only for O ≤ 10.5 % "
                         f"(o = {describe_values(o_[o_ > 10.5])} given)")
    return like((c, h, o, s), 338.0 * c_ + 1428.0 * (h_ - o_ / 8.0) + 95.0 * s_)


def hhv_boie(c: Any, h: Any, o: Any, n: Any, s: Any) -> Any:
    """Gross heating value by Boie's formula (Perry's Chemical Engineers' Handbook, 9th ed., 2018).

    HHV = 347.3·C + 1151·H + 29·N + 42·S − 108·O  [kJ/kg], contents in mass % on the same basis as
    the result; suited to oxygen-rich fuels (biomass) where Dulong is not.

    Parameters
    ----------
    c, h, o, n, s : numeric
        Carbon, hydrogen, oxygen, nitrogen, sulphur. [% mass]

    Returns
    -------
    numeric
        Gross heating value. [kJ/kg]
    """
    c_, h_, o_, n_, s_ = (as_float_array(v) for v in (c, h, o, n, s))
    return like((c, h, o, n, s), 347.3 * c_ + 1151.0 * h_ + 29.0 * n_ + 42.0 * s_ - 108.0 * o_)


# --- the fuel library ----------------------------------------------------------------------------

def fuel_library(reference: ReferenceData | None = None) -> pd.DataFrame:
    """The typical fuels of ``data/reference/fuels.csv``, one row per ``fuel_kind``.

    Numeric properties are floats (NaN where the library has none); ``state`` is one of
    ``solid``, ``liquid``, ``gas``, ``electric``. Every value's source is in the long table.
    """
    ref = reference or load_reference()
    return ref.derived("fuel_library", _wide_fuel_library).copy()  # (pivoted once per reference set)


def _wide_fuel_library(ref: ReferenceData) -> pd.DataFrame:
    long = ref.tables["fuels"]
    wide = long.pivot(index="fuel_kind", columns="property", values="value")
    for column in wide.columns:
        if column not in TEXT_PROPERTIES:
            wide[column] = pd.to_numeric(wide[column])
    return wide


def fuel_kinds(reference: ReferenceData | None = None) -> list[str]:
    """The ``fuel_kind`` keys the library knows."""
    return list(fuel_library(reference).index)
