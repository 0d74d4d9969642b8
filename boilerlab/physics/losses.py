"""Heat losses of the heat-loss (反平衡) method, q₂ … q₆, as % of the heat input Q_r.

Conventions chosen where GB/T 10180 could not be checked ([GBT10180]; each is reference
data or named here):

* Q_r = Q_net,v,ar (net basis): no external heat; the fuel enters at the cold-air temperature.
* The cold-air temperature t_lk is the reference temperature: q₂ subtracts the enthalpy of the
  air at t_lk; q₆ counts ash enthalpy above t_lk.
* Unburnt carbon: the stoichiometry uses C_ar and q₂, q₃ are multiplied by (100 − q₄)/100, as
  GB/T 10180 practice does ([GBT10180], [GBT10184]).
* Gross basis: each loss is the same heat per unit of fuel divided by Q_gr instead of Q_net, and
  the flue-gas loss also carries the latent heat of the water formed from the fuel (Q_gr − Q_net).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from boilerlab.base.values import as_float_array, like
from boilerlab.base.reference import ReferenceData, load_reference


def loss_flue_gas(flue_gas_enthalpy: Any, cold_air_enthalpy: Any, excess_air_ratio: Any, heat_input: Any,
                  q4: Any = 0.0, condensation_heat: Any = 0.0) -> Any:
    """Flue-gas loss q₂, enthalpy form (排烟热损失; [GBT10180]).

    q₂ = (I_py − α·I⁰_lk − Q_cond)·(100 − q₄)/Q_r

    Parameters
    ----------
    flue_gas_enthalpy : numeric
        I_py at the exhaust temperature, relative to 0 °C. [kJ/kg or kJ/Nm³ of fuel]
    cold_air_enthalpy : numeric
        I⁰_lk, theoretical humid air V⁰ at the cold-air temperature, relative to 0 °C. [kJ/kg or kJ/Nm³]
    excess_air_ratio : numeric
        α at the exhaust. [–]
    heat_input : numeric
        Q_r, the heat input per unit of fuel (net or gross). [kJ/kg or kJ/Nm³]
    q4 : numeric
        Unburnt-solid loss. [%]
    condensation_heat : numeric
        Latent heat released by water condensed in a condensing boiler. [kJ/kg or kJ/Nm³]

    Returns
    -------
    numeric
        q₂. [%]

    References
    ----------
    [GBT10180] q₂ = (I_py − α·I⁰_lk)·(100 − q₄)/Q_r.

    Examples
    --------
    >>> round(float(loss_flue_gas(2000.0, 200.0, 1.2, 35000.0)), 4)  # (2000 − 1.2 × 200)/35000 × 100
    5.0286
    """
    args = (flue_gas_enthalpy, cold_air_enthalpy, excess_air_ratio, heat_input, q4, condensation_heat)
    i_py, i_lk, alpha, q_r, q4_, q_cond = (as_float_array(v) for v in args)
    return like(args, (i_py - alpha * i_lk - q_cond) * (100.0 - q4_) / q_r)


def loss_flue_gas_simple(m: Any, n: Any, excess_air_ratio: Any, flue_temperature: Any, air_temperature: Any,
                         q4: Any = 0.0) -> Any:
    """Flue-gas loss q₂ by the simplified coefficients, q₂ = (m + n·α)·(t_py − t_lk)/100·(1 − q₄/100).

    The 简单测试 form of [TSGG0003]; m and n per fuel are UNCONFIRMED reference
    data (``q2_simple_coefficients``). An estimate: label results 简单测试.

    Parameters
    ----------
    m, n : numeric
        Fuel coefficients. [–]
    excess_air_ratio : numeric
        α at the exhaust. [–]
    flue_temperature : numeric
        Exhaust temperature t_py. [°C]
    air_temperature : numeric
        Cold-air temperature t_lk. [°C]
    q4 : numeric
        Unburnt-solid loss. [%]

    Returns
    -------
    numeric
        q₂ on the net basis. [%]

    References
    ----------
    [TSGG0003] 简单测试: q₂ = (m + n·α)·(t_py − t_lk)/100 (m, n in ``q2_simple_coefficients``, UNCONFIRMED).

    Examples
    --------
    >>> round(float(loss_flue_gas_simple(0.5, 3.45, 1.2, 150.0, 20.0)), 3)  # (0.5 + 3.45 × 1.2) × 130/100
    6.032
    """
    args = (m, n, excess_air_ratio, flue_temperature, air_temperature, q4)
    m_, n_, alpha, t_py, t_lk, q4_ = (as_float_array(v) for v in args)
    return like(args, (m_ + n_ * alpha) * (t_py - t_lk) / 100.0 * (1.0 - q4_ / 100.0))


def loss_unburnt_gas(dry_flue_gas: Any, co_ppm: Any, heat_input: Any, q4: Any = 0.0,
                     reference: ReferenceData | None = None) -> Any:
    """Unburnt-gas loss q₃ from CO (气体未完全燃烧热损失; [GBT10180]).

    q₃ = V_gy·126.36·CO·(100 − q₄)/Q_r, CO in % of dry flue gas (= ppm/10⁴); 126.36 kJ/(Nm³·%)
    is CO's heating value per % (``method_constants``: ``q3_co_heat``, the [GBT10184] form).
    H₂ and CH₄ in the flue gas are not in the interchange columns and are taken as zero.

    Parameters
    ----------
    dry_flue_gas : numeric
        Dry flue-gas volume V_gy at the exhaust α. [Nm³/kg or Nm³/Nm³]
    co_ppm : numeric
        CO in the dry flue gas. [ppm vol]
    heat_input : numeric
        Q_r. [kJ/kg or kJ/Nm³]
    q4 : numeric
        Unburnt-solid loss. [%]

    Returns
    -------
    numeric
        q₃. [%]
    """
    ref = reference or load_reference()
    args = (dry_flue_gas, co_ppm, heat_input, q4)
    v_gy, co, q_r, q4_ = (as_float_array(v) for v in args)
    return like(args, v_gy * ref.constant("q3_co_heat") * co / 1e4 * (100.0 - q4_) / q_r)


def loss_unburnt_solid(ash_ar: Any, heat_input: Any, slag_share: Any, slag_combustible: Any,
                       flyash_share: Any, flyash_combustible: Any, reference: ReferenceData | None = None) -> Any:
    """Unburnt-solid loss q₄ from the ash balance (固体未完全燃烧热损失; [GBT10180]).

    q₄ = (328.66·A_ar/Q_r)·[α_lz·C_lz/(100 − C_lz) + α_fh·C_fh/(100 − C_fh)]; 328.66 kJ/(kg·%)
    (``method_constants``: ``q4_combustible_heat``, UNCONFIRMED; GB/T 10184 uses 337.27). Riddlings
    (漏煤) are not in the interchange columns.

    Parameters
    ----------
    ash_ar : numeric
        Ash, as received. [% mass]
    heat_input : numeric
        Q_r. [kJ/kg]
    slag_share, flyash_share : numeric
        Shares of the fuel ash leaving as slag and fly ash. [%]
    slag_combustible, flyash_combustible : numeric
        Combustible content of slag and fly ash. [% mass]

    Returns
    -------
    numeric
        q₄. [%]
    """
    ref = reference or load_reference()
    args = (ash_ar, heat_input, slag_share, slag_combustible, flyash_share, flyash_combustible)
    a, q_r, s_lz, c_lz, s_fh, c_fh = (as_float_array(v) for v in args)
    bracket = s_lz * c_lz / (100.0 - c_lz) + s_fh * c_fh / (100.0 - c_fh)
    return like(args, ref.constant("q4_combustible_heat") * a / q_r * bracket)


def rated_surface_loss(rated_capacity: Any, unit: str = "t/h", reference: ReferenceData | None = None) -> Any:
    """q₅ at rated load from the rated capacity (散热损失; [GBT10180] table, UNCONFIRMED values in ``q5_rated_loss``).

    Linear interpolation in the ``q5_rated_loss`` table (UNCONFIRMED, indicative values), held
    constant beyond its first and last rows.

    Parameters
    ----------
    rated_capacity : numeric
        Rated evaporation D (unit ``'t/h'``) or rated heat output Q (unit ``'MW'``). [t/h or MW]
    unit : {'t/h', 'MW'}

    Returns
    -------
    numeric
        q₅ at rated load. [%]
    """
    ref = reference or load_reference()
    table = ref.tables["q5_rated_loss"]
    column = {"t/h": "rated_capacity_t_h", "MW": "rated_capacity_mw"}.get(unit)
    if column is None:
        raise ValueError(f"unit must be 't/h' or 'MW', {unit!r} was given")
    table = table.sort_values(column)
    x = as_float_array(rated_capacity)
    q5 = np.interp(x, table[column].to_numpy(float), table["q5_pct"].to_numpy(float))
    return like(rated_capacity, np.where(np.isnan(x), np.nan, q5))


def loss_surface(rated_loss: Any, rated_output: Any, actual_output: Any) -> Any:
    """Surface loss q₅ corrected to the test load, q₅ = q₅,ed·(D_ed/D_sc) ([GBT10180]).

    The surface heat flow is taken as independent of load, so its share grows as the load falls.

    Parameters
    ----------
    rated_loss : numeric
        q₅ at rated load. [%]
    rated_output, actual_output : numeric
        Rated and measured output in the same unit (t/h of steam, or kW/MW of heat). [any]

    Returns
    -------
    numeric
        q₅ at the test load. [%]

    References
    ----------
    [GBT10180] load correction q₅ = q₅,ed·D_ed/D_sc.

    Examples
    --------
    >>> round(float(loss_surface(2.0, 4.0, 3.0)), 4)  # 2.0 × 4/3
    2.6667
    """
    args = (rated_loss, rated_output, actual_output)
    q5, rated, actual = (as_float_array(v) for v in args)
    return like(args, q5 * rated / actual)


def ash_enthalpy(temperature: Any, reference: ReferenceData | None = None) -> Any:
    """Ash/slag enthalpy (ct) = (0.71 + 5.02×10⁻⁴·t)·t relative to 0 °C ([GBT10184] polynomial).

    Parameters
    ----------
    temperature : numeric
        Ash temperature. [°C]

    Returns
    -------
    numeric
        Enthalpy. [kJ/kg]
    """
    ref = reference or load_reference()
    t = as_float_array(temperature)
    return like(temperature, (ref.constant("ash_cp_a") + ref.constant("ash_cp_b") * t) * t)


def loss_ash_sensible(ash_ar: Any, heat_input: Any, slag_share: Any, slag_combustible: Any, slag_temperature: Any,
                      flyash_share: Any, flyash_combustible: Any, flue_temperature: Any, air_temperature: Any,
                      reference: ReferenceData | None = None) -> Any:
    """Ash and slag sensible-heat loss q₆ (灰渣物理热损失; [GBT10180]).

    q₆ = (A_ar/Q_r)·[α_lz·Δ(ct)_lz/(100 − C_lz) + α_fh·Δ(ct)_fh/(100 − C_fh)], Δ(ct) the ash
    enthalpy at its discharge temperature (slag: slag temperature; fly ash: exhaust temperature)
    less that at the cold-air temperature. Fly ash is always included (GB/T 10184 includes it only
    when A_ar ≥ Q_net/419; the difference is small).

    Parameters
    ----------
    ash_ar : numeric
        Ash, as received. [% mass]
    heat_input : numeric
        Q_r. [kJ/kg]
    slag_share, flyash_share : numeric
        Shares of the fuel ash leaving as slag and fly ash. [%]
    slag_combustible, flyash_combustible : numeric
        Combustible content of slag and fly ash. [% mass]
    slag_temperature : numeric
        Slag discharge temperature. [°C]
    flue_temperature : numeric
        Exhaust temperature, taken for the fly ash. [°C]
    air_temperature : numeric
        Cold-air (reference) temperature. [°C]

    Returns
    -------
    numeric
        q₆. [%]
    """
    args = (ash_ar, heat_input, slag_share, slag_combustible, slag_temperature, flyash_share, flyash_combustible,
            flue_temperature, air_temperature)
    a, q_r, s_lz, c_lz, t_lz, s_fh, c_fh, t_py, t_lk = (as_float_array(v) for v in args)
    h_ref = as_float_array(ash_enthalpy(t_lk, reference))
    slag = s_lz * (as_float_array(ash_enthalpy(t_lz, reference)) - h_ref) / (100.0 - c_lz)
    fly = s_fh * (as_float_array(ash_enthalpy(t_py, reference)) - h_ref) / (100.0 - c_fh)
    return like(args, a / q_r * (slag + fly))
