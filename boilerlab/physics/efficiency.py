"""Thermal efficiency by the direct (正平衡) and heat-loss (反平衡) methods.

Direct method (正平衡), [GBT10180]: η₁ = Q₁/(B·Q_r)·100. Q_r = Q_net,v,ar: no external
heat (fuel sensible heat, externally heated air, atomising steam) is in the interchange columns,
so none is added. Heat-loss method: η₂ = 100 − (q₂ + q₃ + q₄ + q₅ + q₆).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from boilerlab.base.values import as_float_array, like


def useful_heat_steam(steam_flow: Any, steam_enthalpy: Any, feedwater_enthalpy: Any, blowdown_flow: Any = 0.0,
                      blowdown_enthalpy: Any = 0.0) -> Any:
    """Useful heat of a steam boiler, Q₁ = D·(h_q − h_gs) + D_pw·(h′ − h_gs) ([GBT10180], useful heat of the boiler kind).

    For saturated steam pass h_q = h″ − r·ω/100 (:func:`boilerlab.physics.steam.wet_steam_enthalpy`); for
    superheated steam h_q = h(p, t). Blowdown leaves as saturated water h′ at drum pressure. Steam
    sampling during the test, if any, is already out of ``steam_flow`` (test-record convention).

    Parameters
    ----------
    steam_flow : numeric
        Steam output D. [kg/h]
    steam_enthalpy : numeric
        Enthalpy of the delivered steam h_q. [kJ/kg]
    feedwater_enthalpy : numeric
        Feedwater enthalpy h_gs. [kJ/kg]
    blowdown_flow : numeric
        Blowdown D_pw; NaN counts as none. [kg/h]
    blowdown_enthalpy : numeric
        Saturated-water enthalpy h′ at drum pressure. [kJ/kg]

    Returns
    -------
    numeric
        Useful heat Q₁. [kW]
    """
    args = (steam_flow, steam_enthalpy, feedwater_enthalpy, blowdown_flow, blowdown_enthalpy)
    d, h_q, h_gs, d_pw, h_pw = (as_float_array(v) for v in args)
    d_pw = np.where(np.isnan(d_pw), 0.0, d_pw)
    blowdown = np.where(d_pw > 0, d_pw * (h_pw - h_gs), 0.0)
    return like(args, (d * (h_q - h_gs) + blowdown) / 3600.0)


def useful_heat_hot_water(water_flow: Any, supply_enthalpy: Any, return_enthalpy: Any) -> Any:
    """Useful heat of a hot-water boiler, Q₁ = G·(h_cs − h_js) ([GBT10180], useful heat of the boiler kind).

    Parameters
    ----------
    water_flow : numeric
        Circulating water G. [kg/h]
    supply_enthalpy, return_enthalpy : numeric
        Enthalpy of the outlet (出水) and return (回水) water. [kJ/kg]

    Returns
    -------
    numeric
        Useful heat Q₁. [kW]

    References
    ----------
    [GBT10180] Q₁ = G·(h_cs − h_js); enthalpies from [IAPWS-IF97].

    Examples
    --------
    >>> round(float(useful_heat_hot_water(3600.0, 975.542239, 115.331273)), 6)  # IF97 Table 5 points, kg/h → kW
    860.210966
    """
    args = (water_flow, supply_enthalpy, return_enthalpy)
    g, h_out, h_in = (as_float_array(v) for v in args)
    return like(args, g * (h_out - h_in) / 3600.0)


def useful_heat_heat_carrier(carrier_flow: Any, specific_heat: Any, outlet_temperature: Any,
                             inlet_temperature: Any) -> Any:
    """Useful heat of an organic-heat-carrier boiler, Q₁ = G·c_m·(t_out − t_in) ([GBT10180], useful heat of the boiler kind).

    Parameters
    ----------
    carrier_flow : numeric
        Heat-carrier mass flow G. [kg/h]
    specific_heat : numeric
        Mean specific heat c_m of the carrier between inlet and outlet temperature. [kJ/(kg·K)]
    outlet_temperature, inlet_temperature : numeric
        Carrier temperatures. [°C]

    Returns
    -------
    numeric
        Useful heat Q₁. [kW]
    """
    args = (carrier_flow, specific_heat, outlet_temperature, inlet_temperature)
    g, c, t_out, t_in = (as_float_array(v) for v in args)
    return like(args, g * c * (t_out - t_in) / 3600.0)


def efficiency_direct(heat_output: Any, fuel_rate: Any, heat_input: Any) -> Any:
    """Direct-method efficiency η₁ = Q₁/(B·Q_r)·100 ([GBT10180], 正平衡 / input-output method).

    Parameters
    ----------
    heat_output : numeric
        Useful heat Q₁. [kW]
    fuel_rate : numeric
        Fuel consumption B. [kg/h or Nm³/h]
    heat_input : numeric
        Heat input per unit of fuel Q_r (net or gross heating value). [kJ/kg or kJ/Nm³]

    Returns
    -------
    numeric
        η₁ on the basis of ``heat_input``. [%]

    References
    ----------
    [GBT10180] 正平衡: η₁ = Q₁/(B·Q_r)·100.

    Examples
    --------
    >>> round(float(efficiency_direct(860.210966, 100.0, 35000.0)), 3)  # 860.21 × 3600/(100 × 35000) × 100
    88.479
    """
    args = (heat_output, fuel_rate, heat_input)
    q1, b, q_r = (as_float_array(v) for v in args)
    return like(args, q1 * 3600.0 / (b * q_r) * 100.0)


def efficiency_electric(heat_output: Any, electric_power: Any) -> Any:
    """Efficiency of an electric boiler, η = Q₁/P·100 (GB 24500-2020 clause 5.2 limit ≥ 97 %).

    Parameters
    ----------
    heat_output : numeric
        Useful heat Q₁. [kW]
    electric_power : numeric
        Electrical input P. [kW]

    Returns
    -------
    numeric
        η. [%]
    """
    args = (heat_output, electric_power)
    q1, p = (as_float_array(v) for v in args)
    return like(args, q1 / p * 100.0)


def efficiency_indirect(q2: Any, q3: Any, q4: Any, q5: Any, q6: Any) -> Any:
    """Heat-loss-method efficiency η₂ = 100 − (q₂ + q₃ + q₄ + q₅ + q₆) ([GBT10180], 反平衡 / heat-loss method).

    Parameters
    ----------
    q2, q3, q4, q5, q6 : numeric
        Flue-gas, unburnt-gas, unburnt-solid, surface and ash-sensible-heat losses. [%]

    Returns
    -------
    numeric
        η₂. [%]

    References
    ----------
    [GBT10180] 反平衡: η₂ = 100 − (q₂ + q₃ + q₄ + q₅ + q₆).

    Examples
    --------
    >>> round(float(efficiency_indirect(5.0, 0.1, 0.0, 2.0, 0.0)), 6)
    92.9
    """
    args = (q2, q3, q4, q5, q6)
    total = sum(as_float_array(v) for v in args)
    return like(args, 100.0 - total)


def to_gross_basis(value: Any, net_heating_value: Any, gross_heating_value: Any) -> Any:
    """Re-express an efficiency or a loss from the net (LHV) to the gross (HHV) basis.

    The heat is the same, only the divisor changes: x_gr = x_net·Q_net/Q_gr.

    Parameters
    ----------
    value : numeric
        Efficiency or loss on the net basis. [%]
    net_heating_value, gross_heating_value : numeric
        Q_net and Q_gr of the fuel. [kJ/kg or kJ/Nm³]

    Returns
    -------
    numeric
        The same quantity on the gross basis. [%]
    """
    args = (value, net_heating_value, gross_heating_value)
    x, q_net, q_gr = (as_float_array(v) for v in args)
    return like(args, x * q_net / q_gr)
