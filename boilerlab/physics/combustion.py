"""Combustion: air demand, flue-gas volumes, excess air and gas enthalpies.

Volumes are normal m³ (0 °C, 101.325 kPa) per kg of solid/liquid fuel or per Nm³ of gaseous fuel.
Flue-gas analyses (O₂, CO₂, CO) are % of the dry flue gas. Conventions of the Chinese standards
kept here: air is 21 % O₂ and 79 % "atmospheric N₂" (argon counted with N₂); SO₂ is counted with
CO₂ as RO₂ and takes CO₂'s heat capacity.

Gas enthalpies: ideal-gas heat-capacity polynomials of Poling, Prausnitz & O'Connell, *The
Properties of Gases and Liquids*, 5th ed. (2001), Appendix A (table ``gas_heat_capacity``),
integrated from 0 °C — not the standard's printed (cθ) table, which was not available. They agree
with CoolProp's ideal-gas heat capacities to better than 0.5 % (see the tests).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from boilerlab.physics import fuels, steam
from boilerlab.base.values import as_float_array, like
from boilerlab.base.constants import (AIR_DENSITY_KG_NM3, AIR_O2_PCT, MOLAR_VOLUME_NM3_KMOL, T0_K,
                                 WATER_VAPOUR_NM3_PER_KG)
from boilerlab.base.reference import ReferenceData, load_reference

#: Universal gas constant. [kJ/(kmol·K)]
R_KJ_KMOL_K = 8.314462618


def _nan0(x: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(x), 0.0, x)


# --- stoichiometry ------------------------------------------------------------------------------

def stoichiometry_solid(c_ar: Any, h_ar: Any, o_ar: Any, n_ar: Any, s_ar: Any, moisture_ar: Any) -> dict[str, Any]:
    """Theoretical air and flue-gas volumes of a solid or liquid fuel ([GBT10184] form, as [GBT10180] practice uses it).

    * V⁰ = 0.0889·(C + 0.375·S) + 0.265·H − 0.0333·O  (theoretical dry air)
    * V_RO₂ = 1.866·(C + 0.375·S)/100
    * V⁰_N₂ = 0.79·V⁰ + 0.8·N/100
    * V_H₂O,fuel = 1.24·(9·H + M)/100  (water from the fuel's hydrogen and moisture; the air's
      moisture is added by :func:`water_vapour_volume`)

    The [GBT10184] forms, as [GBT10180] practice uses them. The carbon is
    the as-received carbon: unburnt carbon is accounted for by the (1 − q₄/100) factor on q₂ and q₃.

    Parameters
    ----------
    c_ar, h_ar, o_ar, n_ar, s_ar : numeric
        Carbon, hydrogen, oxygen, nitrogen, sulphur, as received. [% mass]
    moisture_ar : numeric
        Total moisture, as received. [% mass]

    Returns
    -------
    dict
        ``air_theoretical`` V⁰, ``ro2`` V_RO₂, ``n2_theoretical`` V⁰_N₂, ``h2o_fuel`` V_H₂O,fuel. [Nm³/kg]

    References
    ----------
    [GBT10184] forms: V⁰ = 0.0889·(C + 0.375·S) + 0.265·H − 0.0333·O; V_RO₂ = 1.866·(C + 0.375·S)/100.

    Examples
    --------
    >>> volumes = stoichiometry_solid(60, 4, 8, 1, 1, 10)
    >>> round(volumes['air_theoretical'], 4)  # 0.0889 × 60.375 + 0.265 × 4 − 0.0333 × 8
    6.1609
    """
    c, h, o, n, s, m = (as_float_array(v) for v in (c_ar, h_ar, o_ar, n_ar, s_ar, moisture_ar))
    v0 = 0.0889 * (c + 0.375 * s) + 0.265 * h - 0.0333 * o
    template = (c_ar, h_ar, o_ar, n_ar, s_ar, moisture_ar)
    return {
        "air_theoretical": like(template, v0),
        "ro2": like(template, 1.866 * (c + 0.375 * s) / 100.0),
        "n2_theoretical": like(template, 0.79 * v0 + 0.8 * n / 100.0),
        "h2o_fuel": like(template, WATER_VAPOUR_NM3_PER_KG * (9.0 * h + m) / 100.0),
    }


def stoichiometry_gas(composition: dict[str, Any], reference: ReferenceData | None = None) -> dict[str, Any]:
    """Theoretical air and flue-gas volumes of a gaseous fuel (from the composition, [GBT10180]/[GBT10184] form).

    * V⁰ = 0.0476·[0.5·CO + 0.5·H₂ + 1.5·H₂S + Σ(m + n/4)·CₘHₙ − O₂]
    * V_RO₂ = 0.01·(CO₂ + CO + H₂S + Σ m·CₘHₙ)
    * V⁰_N₂ = 0.79·V⁰ + N₂/100
    * V_H₂O,fuel = 0.01·(H₂ + H₂S + Σ (n/2)·CₘHₙ)  (dry fuel gas; the air's moisture is added by
      :func:`water_vapour_volume`)

    Textbook relations (UNCONFIRMED as GB/T 10180 wording). The oxygen demand, carbon and hydrogen
    atoms of each component come from the ``gas_components`` table; 0.0476 = 1/21.

    Parameters
    ----------
    composition : dict
        ``{'ch4_pct': …, …}``, dry volume composition; missing components count as 0. [% vol]

    Returns
    -------
    dict
        ``air_theoretical``, ``ro2``, ``n2_theoretical``, ``h2o_fuel``. [Nm³/Nm³]

    References
    ----------
    [GBT10180] gas-composition form: V⁰ = 0.0476·(0.5·H₂ + 0.5·CO + 2·CH₄ + 3.5·C₂H₆ + … − O₂).

    Examples
    --------
    >>> round(float(stoichiometry_gas({'ch4_pct': 100.0})['air_theoretical']), 4)  # 2 Nm³ O₂ / 0.21
    9.5238
    """
    prop = lambda name: fuels.gas_component_property(name, reference)  # noqa: E731
    v0, template = fuels.gas_weighted_sum(composition, prop("oxygen_demand_mol") * 100.0 / AIR_O2_PCT)
    ro2, _ = fuels.gas_weighted_sum(composition, prop("carbon_atoms") + prop("sulfur_atoms"))
    h2o, _ = fuels.gas_weighted_sum(composition, prop("hydrogen_atoms") / 2.0)
    n2, _ = fuels.gas_weighted_sum(composition, (np.array(fuels.GAS_COMPONENTS) == "n2_pct") * 1.0)  # N₂/100
    return {
        "air_theoretical": like(template, v0),
        "ro2": like(template, ro2),
        "n2_theoretical": like(template, 0.79 * v0 + n2),
        "h2o_fuel": like(template, h2o),
    }


def dry_flue_gas_volume(ro2: Any, n2_theoretical: Any, air_theoretical: Any, excess_air_ratio: Any) -> Any:
    """Dry flue-gas volume V_gy = V_RO₂ + V⁰_N₂ + (α − 1)·V⁰ ([GBT10184] form).

    Parameters
    ----------
    ro2 : numeric
        Triatomic-gas volume V_RO₂. [Nm³/kg or Nm³/Nm³]
    n2_theoretical : numeric
        Theoretical nitrogen volume V⁰_N₂. [Nm³/kg or Nm³/Nm³]
    air_theoretical : numeric
        Theoretical dry air V⁰. [Nm³/kg or Nm³/Nm³]
    excess_air_ratio : numeric
        Excess-air ratio α at the point considered. [–]

    Returns
    -------
    numeric
        Dry flue-gas volume. [Nm³/kg or Nm³/Nm³]

    References
    ----------
    [GBT10184]: V_gy = V_RO₂ + V⁰_N₂ + (α − 1)·V⁰.

    Examples
    --------
    >>> round(float(dry_flue_gas_volume(1.0, 7.52, 9.52, 1.2)), 3)  # 1 + 7.52 + 0.2 × 9.52
    10.424
    """
    args = (ro2, n2_theoretical, air_theoretical, excess_air_ratio)
    v_ro2, v_n2, v0, alpha = (as_float_array(v) for v in args)
    return like(args, v_ro2 + v_n2 + (alpha - 1.0) * v0)


def water_vapour_volume(h2o_fuel: Any, air_theoretical: Any, excess_air_ratio: Any, air_humidity: Any) -> Any:
    """Water-vapour volume in the flue gas, V_H₂O = V_H₂O,fuel + 1.24·1.293·α·V⁰·d_k ([GBT10184] form, as [GBT10180] practice uses it).

    Parameters
    ----------
    h2o_fuel : numeric
        Water vapour from the fuel (hydrogen and moisture). [Nm³/kg or Nm³/Nm³]
    air_theoretical : numeric
        Theoretical dry air V⁰. [Nm³/kg or Nm³/Nm³]
    excess_air_ratio : numeric
        Excess-air ratio α. [–]
    air_humidity : numeric
        Humidity of the combustion air d_k. [g/kg dry air]

    Returns
    -------
    numeric
        Water-vapour volume. [Nm³/kg or Nm³/Nm³]
    """
    args = (h2o_fuel, air_theoretical, excess_air_ratio, air_humidity)
    w_fuel, v0, alpha, d = (as_float_array(v) for v in args)
    return like(args, w_fuel + WATER_VAPOUR_NM3_PER_KG * AIR_DENSITY_KG_NM3 * alpha * v0 * d / 1000.0)


# --- excess air -----------------------------------------------------------------------------------

def excess_air_from_o2(o2: Any) -> Any:
    """Excess-air ratio from dry O₂ alone: α = 21/(21 − O₂) (the usual field approximation of [GBT10180] practice).

    Exact only when the dry flue gas of complete stoichiometric combustion has the volume of the
    theoretical air; it overstates α for hydrogen-rich fuels (natural gas: 1.40 for 1.36 at 6 % O₂). The engine
    uses it only for the simple test and where the fuel's stoichiometry is unknown; otherwise
    :func:`excess_air_from_o2_balance`.

    Parameters
    ----------
    o2 : numeric
        O₂ in the dry flue gas, 0 ≤ O₂ < 21. [% vol]

    Returns
    -------
    numeric
        Excess-air ratio α. [–]

    References
    ----------
    The field approximation α = 21/(21 − O₂) of [GBT10180] practice.

    Examples
    --------
    >>> round(float(excess_air_from_o2(3.5)), 6)  # 21 / 17.5
    1.2
    """
    x = as_float_array(o2)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where((x >= 0) & (x < AIR_O2_PCT), AIR_O2_PCT / (AIR_O2_PCT - x), np.nan)
    return like(o2, alpha)


def excess_air_from_o2_co(o2: Any, co: Any, ro2: Any = np.nan) -> Any:
    """Excess-air ratio from O₂ and CO, the nitrogen method ([GBT10184] form).

    α = 21 / [21 − 79·(O₂ − 0.5·CO)/(100 − RO₂ − O₂ − CO)]. Where RO₂ is not measured (NaN) the
    dry-gas nitrogen is taken as 79 %, i.e. α = 21/[21 − (O₂ − 0.5·CO)].

    Parameters
    ----------
    o2 : numeric
        O₂ in the dry flue gas. [% vol]
    co : numeric
        CO in the dry flue gas. [% vol]
    ro2 : numeric, optional
        RO₂ (CO₂ + SO₂) in the dry flue gas. [% vol]

    Returns
    -------
    numeric
        Excess-air ratio α. [–]
    """
    x_o2, x_co, x_ro2 = (as_float_array(v) for v in (o2, co, ro2))
    nitrogen = np.where(np.isnan(x_ro2), 79.0, 100.0 - x_ro2 - x_o2 - x_co)
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = AIR_O2_PCT - 79.0 * (x_o2 - 0.5 * x_co) / nitrogen
        alpha = np.where(denominator > 0, AIR_O2_PCT / denominator, np.nan)
    return like((o2, co, ro2), alpha)


def excess_air_from_o2_balance(o2: Any, co: Any, ro2: Any, n2_theoretical: Any, air_theoretical: Any) -> Any:
    """Excess-air ratio from dry O₂ and CO on the fuel's own stoichiometry (no RO₂ measurement needed).

    A balance of the dry flue gas per unit of fuel, with the carbon that forms CO leaving ½ O₂ unused:
    V_d·(1 − CO/200) = V⁰_gy + (α − 1)·V⁰ and V_d·(O₂ − 0.5·CO)/100 = 0.21·(α − 1)·V⁰, where V⁰_gy =
    V_RO₂ + V⁰_N₂ is the dry flue gas of complete stoichiometric combustion. Hence

    α = 1 + (O₂ − 0.5·CO)·V⁰_gy / {[21·(1 − CO/200) − (O₂ − 0.5·CO)]·V⁰}.

    With CO = 0 this is α = 1 + O₂·V⁰_gy/((21 − O₂)·V⁰), which reduces to 21/(21 − O₂) only where
    V⁰_gy = V⁰. For natural gas V⁰_gy/V⁰ ≈ 0.9, so 21/(21 − O₂) overstates α (1.40 against 1.36 at 6 % O₂) and with it
    q₂. The same balance underlies the nitrogen method of [GBT10184]; here the fuel's V_RO₂ and V⁰_N₂ take the place
    of a measured RO₂. Unburnt H₂ and CH₄ in the flue gas are neglected (as the nitrogen method does).

    Parameters
    ----------
    o2 : numeric
        O₂ in the dry flue gas, 0 ≤ O₂ < 21. [% vol]
    co : numeric
        CO in the dry flue gas; 0 where not measured. [% vol]
    ro2 : numeric
        Triatomic-gas volume V_RO₂ of the fuel (CO₂ + SO₂ of complete combustion). [Nm³/kg or Nm³/Nm³]
    n2_theoretical : numeric
        Theoretical nitrogen volume V⁰_N₂. [Nm³/kg or Nm³/Nm³]
    air_theoretical : numeric
        Theoretical dry air V⁰. [Nm³/kg or Nm³/Nm³]

    Returns
    -------
    numeric
        Excess-air ratio α; NaN where O₂ is outside [0, 21) or the balance has no positive solution. [–]

    References
    ----------
    [GBT10184] dry flue-gas volume V_gy = V_RO₂ + V⁰_N₂ + (α − 1)·V⁰ and the nitrogen method it rests on, solved for α
    with the CO term (derivation above); pinned in the tests to ``chemicals.combustion.fuel_air_spec_solver``.

    Examples
    --------
    >>> volumes = stoichiometry_gas({'ch4_pct': 100.0})  # V_RO₂ 1, V⁰_N₂ 7.52, V⁰ 9.52 Nm³/Nm³
    >>> round(float(excess_air_from_o2_balance(6.0, 0.0, volumes['ro2'], volumes['n2_theoretical'],
    ...                                        volumes['air_theoretical'])), 4)  # 1 + 6 × 8.524 / (15 × 9.524)
    1.358
    """
    args = (o2, co, ro2, n2_theoretical, air_theoretical)
    x_o2, x_co, v_ro2, v_n2, v0 = (as_float_array(v) for v in args)
    free_o2 = x_o2 - 0.5 * x_co  # the O₂ that excess air brings
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = AIR_O2_PCT * (1.0 - x_co / 200.0) - free_o2
        alpha = 1.0 + free_o2 * (v_ro2 + v_n2) / (denominator * v0)
    valid = (x_o2 >= 0) & (x_o2 < AIR_O2_PCT) & (denominator > 0) & (v0 > 0)
    return like(args, np.where(valid, alpha, np.nan))


def excess_air_from_co2(co2: Any, ro2: Any, n2_theoretical: Any, air_theoretical: Any) -> Any:
    """Excess-air ratio from the measured RO₂ (CO₂) when O₂ is missing.

    From RO₂ = 100·V_RO₂/V_gy and V_gy = V_RO₂ + V⁰_N₂ + (α − 1)·V⁰ (complete combustion):
    α = 1 + (100·V_RO₂/RO₂ − V_RO₂ − V⁰_N₂)/V⁰. This is the exact form of the textbook
    α ≈ RO₂,max/RO₂ (UNCONFIRMED as GB/T 10180 wording), which it equals when V⁰_gy = V⁰.

    Parameters
    ----------
    co2 : numeric
        Measured RO₂ (CO₂ + SO₂) in the dry flue gas. [% vol]
    ro2 : numeric
        Triatomic-gas volume V_RO₂ of the fuel. [Nm³/kg or Nm³/Nm³]
    n2_theoretical : numeric
        Theoretical nitrogen volume V⁰_N₂. [Nm³/kg or Nm³/Nm³]
    air_theoretical : numeric
        Theoretical dry air V⁰. [Nm³/kg or Nm³/Nm³]

    Returns
    -------
    numeric
        Excess-air ratio α. [–]
    """
    args = (co2, ro2, n2_theoretical, air_theoretical)
    x, v_ro2, v_n2, v0 = (as_float_array(v) for v in args)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1.0 + (100.0 * v_ro2 / x - v_ro2 - v_n2) / v0
    return like(args, np.where(x > 0, alpha, np.nan))


def max_ro2(ro2: Any, n2_theoretical: Any) -> Any:
    """RO₂,max, the RO₂ of stoichiometric dry flue gas: 100·V_RO₂/(V_RO₂ + V⁰_N₂). [% vol]"""
    v_ro2, v_n2 = as_float_array(ro2), as_float_array(n2_theoretical)
    return like((ro2, n2_theoretical), 100.0 * v_ro2 / (v_ro2 + v_n2))


# --- enthalpies ------------------------------------------------------------------------------------

def gas_enthalpy(gas: str, temperature: Any, reference: ReferenceData | None = None) -> Any:
    """Ideal-gas enthalpy per normal m³ relative to 0 °C, the (cθ) of the standards.

    h(t) = (R/V_m)·∫ from 273.15 K to T of Cp/R dT, Cp/R = a₀ + a₁T + a₂T² + a₃T³ + a₄T⁴
    (Poling et al. 2001, App. A; table ``gas_heat_capacity``), V_m = 22.414 Nm³/kmol.

    Parameters
    ----------
    gas : {'co2', 'n2', 'o2', 'h2o', 'so2', 'air'}
        Gas; ``air`` is dry air as 21 % O₂ and 79 % N₂.
    temperature : numeric
        Gas temperature, −223 … 726 °C (the polynomials' 50–1000 K). [°C]

    Returns
    -------
    numeric
        Enthalpy (cθ). [kJ/Nm³]
    """
    if gas == "air":
        h_o2 = as_float_array(gas_enthalpy("o2", temperature, reference))
        h_n2 = as_float_array(gas_enthalpy("n2", temperature, reference))
        return like(temperature, 0.21 * h_o2 + 0.79 * h_n2)
    ref = reference or load_reference()
    table = ref.tables["gas_heat_capacity"].set_index("gas")
    if gas not in table.index:
        raise KeyError(f"unknown gas {gas!r}; valid: {list(table.index) + ['air']}")
    a = table.loc[gas, ["a0", "a1", "a2", "a3", "a4"]].to_numpy(dtype=float) / np.arange(1, 6)
    t_k = as_float_array(temperature) + T0_K
    # Horner's scheme for ∫Cp/R dT = Σ aₖ·T^(k+1)/(k+1), in place: one array allocated, not ten
    h = t_k * a[4]
    for coefficient in a[3::-1]:
        h += coefficient
        h *= t_k
    h -= T0_K * (a[0] + T0_K * (a[1] + T0_K * (a[2] + T0_K * (a[3] + T0_K * a[4]))))
    h *= R_KJ_KMOL_K / MOLAR_VOLUME_NM3_KMOL
    return like(temperature, h)


def humid_air_enthalpy(temperature: Any, air_humidity: Any, reference: ReferenceData | None = None) -> Any:
    """Enthalpy of humid air per Nm³ of dry air: (cθ)_k + 1.24·1.293·d_k·(cθ)_H₂O.

    Parameters
    ----------
    temperature : numeric
        Air temperature. [°C]
    air_humidity : numeric
        Humidity d_k. [g/kg dry air]

    Returns
    -------
    numeric
        Enthalpy relative to 0 °C. [kJ/Nm³ dry air]
    """
    d = as_float_array(air_humidity) / 1000.0
    h = (as_float_array(gas_enthalpy("air", temperature, reference))
         + WATER_VAPOUR_NM3_PER_KG * AIR_DENSITY_KG_NM3 * d * as_float_array(gas_enthalpy("h2o", temperature, reference)))
    return like((temperature, air_humidity), h)


def flue_gas_enthalpy(ro2: Any, n2_theoretical: Any, h2o: Any, air_theoretical: Any, excess_air_ratio: Any,
                      temperature: Any, reference: ReferenceData | None = None) -> Any:
    """Flue-gas enthalpy I_py per unit of fuel ([GBT10180], q₂ by the flue-gas enthalpy).

    I_py = V_RO₂·(cθ)_CO₂ + V⁰_N₂·(cθ)_N₂ + V_H₂O·(cθ)_H₂O + (α − 1)·V⁰·(cθ)_air, relative to 0 °C.
    V_H₂O is the total water vapour at α (so the excess air's moisture is in it); fly-ash sensible
    heat is not included here but in q₆.

    Parameters
    ----------
    ro2, n2_theoretical, h2o, air_theoretical : numeric
        V_RO₂, V⁰_N₂, V_H₂O, V⁰. [Nm³/kg or Nm³/Nm³]
    excess_air_ratio : numeric
        Excess-air ratio α at the exhaust. [–]
    temperature : numeric
        Flue-gas temperature. [°C]

    Returns
    -------
    numeric
        Flue-gas enthalpy. [kJ/kg or kJ/Nm³ of fuel]
    """
    args = (ro2, n2_theoretical, h2o, air_theoretical, excess_air_ratio, temperature)
    v_ro2, v_n2, v_h2o, v0, alpha, t = (as_float_array(v) for v in args)
    h_n2 = as_float_array(gas_enthalpy("n2", t, reference))
    h_air = 0.21 * as_float_array(gas_enthalpy("o2", t, reference)) + 0.79 * h_n2  # as gas_enthalpy("air")
    enthalpy = (v_ro2 * as_float_array(gas_enthalpy("co2", t, reference)) + v_n2 * h_n2
                + v_h2o * as_float_array(gas_enthalpy("h2o", t, reference)) + (alpha - 1.0) * v0 * h_air)
    return like(args, enthalpy)


def water_dew_point(h2o: Any, dry_flue_gas: Any, barometric_pressure: Any = 101.325) -> Any:
    """Water dew point of the flue gas: t_s at the vapour's partial pressure (IF97 region 4).

    p_H₂O = p·V_H₂O/(V_gy + V_H₂O).

    Parameters
    ----------
    h2o : numeric
        Water-vapour volume V_H₂O. [Nm³/kg or Nm³/Nm³]
    dry_flue_gas : numeric
        Dry flue-gas volume V_gy. [Nm³/kg or Nm³/Nm³]
    barometric_pressure : numeric
        Flue-gas (barometric) pressure. [kPa]

    Returns
    -------
    numeric
        Dew point. [°C]
    """
    args = (h2o, dry_flue_gas, barometric_pressure)
    v_h2o, v_dry, p = (as_float_array(v) for v in args)
    partial = p * v_h2o / (v_dry + v_h2o) / 1000.0
    return like(args, as_float_array(steam.saturation_temperature(partial, stream="flue-gas water vapour",
                                                                  errors="nan")))


def condensed_water(h2o: Any, dry_flue_gas: Any, temperature: Any, barometric_pressure: Any = 101.325) -> Any:
    """Water condensed from the flue gas when it leaves saturated at ``temperature``.

    Convention for condensing boilers (no condensate measurement in the interchange columns): the
    exhaust carries at most saturated vapour, V_H₂O,max = V_gy·p_s(t)/(p − p_s(t)); the rest
    condensed. Zero above the dew point.

    Parameters
    ----------
    h2o : numeric
        Water-vapour volume before condensation V_H₂O. [Nm³/kg or Nm³/Nm³]
    dry_flue_gas : numeric
        Dry flue-gas volume V_gy. [Nm³/kg or Nm³/Nm³]
    temperature : numeric
        Exhaust temperature. [°C]
    barometric_pressure : numeric
        Flue-gas (barometric) pressure. [kPa]

    Returns
    -------
    numeric
        Condensed water. [kg per kg or per Nm³ of fuel]
    """
    args = (h2o, dry_flue_gas, temperature, barometric_pressure)
    v_h2o, v_dry, t, p = (as_float_array(v) for v in args)
    p_s = as_float_array(steam.saturation_pressure(np.clip(t, 0.01, 99.0), errors="nan")) * 1000.0
    capacity = v_dry * p_s / np.maximum(p - p_s, 1e-9)
    condensed_volume = np.where(t < 99.0, np.maximum(v_h2o - capacity, 0.0), 0.0)
    return like(args, condensed_volume / WATER_VAPOUR_NM3_PER_KG)
