"""India BEE heat-loss method (gross, HHV basis) — an international cross-check, not GB/T 10180.

The Bureau of Energy Efficiency guide-book method [BEE], as re-implemented
publicly (desarrollo-indesca/sievep_indesca ``calderas/evaluacion.py``, ``evaluar_metodo_indirecto``).
It works in kcal, kg and °C with mass-based flue gas, a fixed c_p = 0.23 kcal/(kg·°C) for dry flue
gas, 0.45 for steam and 584 kcal/kg latent heat, so its losses are gross-basis and larger than the
GB/T 10180 net-basis q₂. The functions keep BEE's units; :func:`boilerlab.engine.bee.run_bee` converts at the edges.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from boilerlab.base.values import as_float_array, like
from boilerlab.base.constants import T0_K

#: BEE constants: dry-flue-gas and superheated-steam specific heats [kcal/(kg·°C)], latent heat [kcal/kg].
CP_FLUE_GAS, CP_STEAM, LATENT_HEAT = 0.23, 0.45, 584.0


def theoretical_air(c: Any, h: Any, o: Any, s: Any) -> Any:
    """Theoretical air TA = [11.6·C + 34.8·(H − O/8) + 4.35·S]/100 ([BEE]).

    Parameters
    ----------
    c, h, o, s : numeric
        Carbon, hydrogen, oxygen, sulphur of the fuel. [% mass]

    Returns
    -------
    numeric
        Theoretical air. [kg/kg fuel]
    """
    c_, h_, o_, s_ = (as_float_array(v) for v in (c, h, o, s))
    return like((c, h, o, s), (11.6 * c_ + 34.8 * (h_ - o_ / 8.0) + 4.35 * s_) / 100.0)


def excess_air(o2: Any) -> Any:
    """Excess air EA = O₂·100/(21 − O₂) (BEE). [%] from O₂ in the flue gas [% vol]."""
    x = as_float_array(o2)
    return like(o2, x * 100.0 / (21.0 - x))


def dry_flue_gas_mass(c: Any, n: Any, s: Any, actual_air: Any, theoretical_air_mass: Any) -> Any:
    """Dry flue gas m = C·44/12 + S·64/32 + N + AAS·0.77 + (AAS − TA)·0.23 (BEE).

    Parameters
    ----------
    c, n, s : numeric
        Carbon, nitrogen, sulphur of the fuel. [% mass]
    actual_air : numeric
        Actual air supplied AAS = (1 + EA/100)·TA. [kg/kg fuel]
    theoretical_air_mass : numeric
        Theoretical air TA. [kg/kg fuel]

    Returns
    -------
    numeric
        Dry flue gas. [kg/kg fuel]
    """
    args = (c, n, s, actual_air, theoretical_air_mass)
    c_, n_, s_, aas, ta = (as_float_array(v) for v in args)
    return like(args, c_ / 100 * 44.0 / 12.0 + s_ / 100 * 64.0 / 32.0 + n_ / 100 + aas * 0.77 + (aas - ta) * 0.23)


def surface_flux(surface_temperature: Any, ambient_temperature: Any, wind_speed: Any) -> Any:
    """Surface radiation and convection flux, the BEE/US-DOE empirical formula ([BEE]).

    q = 0.548·[(T_s/55.55)⁴ − (T_a/55.55)⁴] + 1.957·(T_s − T_a)^1.25·√[(196.85·V + 68.9)/68.9]

    Parameters
    ----------
    surface_temperature, ambient_temperature : numeric
        Boiler surface and ambient temperature. [°C]
    wind_speed : numeric
        Wind speed over the surface. [m/s]

    Returns
    -------
    numeric
        Heat flux. [W/m²]
    """
    args = (surface_temperature, ambient_temperature, wind_speed)
    ts, ta, v = (as_float_array(x) + (T0_K if i < 2 else 0.0) for i, x in enumerate(args))
    radiation = 0.548 * ((ts / 55.55) ** 4 - (ta / 55.55) ** 4)
    convection = 1.957 * np.abs(ts - ta) ** 1.25 * np.sqrt((196.85 * v + 68.9) / 68.9)
    return like(args, radiation + convection)


def losses(c: Any, h: Any, o: Any, n: Any, s: Any, moisture: Any, gcv_kcal_kg: Any, o2: Any, flue_temperature: Any,
           ambient_temperature: Any, air_humidity: Any, fuel_rate: Any = np.nan, surface_temperature: Any = np.nan,
           surface_area: Any = np.nan, wind_speed: Any = np.nan) -> dict[str, Any]:
    """All BEE losses and the gross efficiency η = 100 − ΣL ([BEE]).

    Parameters
    ----------
    c, h, o, n, s, moisture : numeric
        Ultimate analysis of the fuel. [% mass]
    gcv_kcal_kg : numeric
        Gross calorific value. [kcal/kg]
    o2 : numeric
        O₂ in the flue gas. [% vol]
    flue_temperature, ambient_temperature : numeric
        Flue-gas temperature T_f and ambient temperature T_a. [°C]
    air_humidity : numeric
        Humidity of the combustion air. [kg/kg dry air]
    fuel_rate : numeric
        Fuel firing rate, for the surface loss L6. [kg/h]
    surface_temperature : numeric
        Boiler surface temperature. [°C]
    surface_area : numeric
        Boiler surface area. [m²]
    wind_speed : numeric
        Wind speed. [m/s]

    Returns
    -------
    dict
        ``theoretical_air``, ``actual_air`` [kg/kg], ``excess_air`` [%], ``dry_flue_gas`` [kg/kg],
        ``l1`` … ``l4``, ``l6`` [%], ``surface_flux`` [W/m²], ``efficiency`` [%] (L6 counts as 0 when
        the surface data are missing).
    """
    ta = as_float_array(theoretical_air(c, h, o, s))
    ea = as_float_array(excess_air(o2))
    aas = (1.0 + ea / 100.0) * ta
    m = as_float_array(dry_flue_gas_mass(c, n, s, aas, ta))
    gcv = as_float_array(gcv_kcal_kg)
    dt = as_float_array(flue_temperature) - as_float_array(ambient_temperature)
    l1 = m * CP_FLUE_GAS * dt / gcv * 100.0
    l2 = 9.0 * as_float_array(h) / 100.0 * (LATENT_HEAT + CP_STEAM * dt) / gcv * 100.0
    l3 = as_float_array(moisture) / 100.0 * (LATENT_HEAT + CP_STEAM * dt) / gcv * 100.0
    l4 = aas * as_float_array(air_humidity) * CP_STEAM * dt / gcv * 100.0
    flux = as_float_array(surface_flux(surface_temperature, ambient_temperature, wind_speed))
    l6 = flux * 0.86 * as_float_array(surface_area) / (as_float_array(fuel_rate) * gcv) * 100.0  # W → kcal/h: × 0.86
    eta = 100.0 - (l1 + l2 + l3 + l4 + np.nan_to_num(l6))
    return {"theoretical_air": ta, "actual_air": aas, "excess_air": ea, "dry_flue_gas": m, "l1": l1, "l2": l2,
            "l3": l3, "l4": l4, "surface_flux": flux, "l6": l6, "efficiency": eta}
