"""Water and steam properties, IAPWS-IF97 through CoolProp's ``IF97::Water`` backend.

This is the only module that imports CoolProp. Every function takes scalars, numpy arrays or
pandas Series and returns the same kind. Pressures are absolute MPa, temperatures °C, enthalpies
kJ/kg; :func:`absolute_pressure` turns the gauge pressures (表压) of Chinese nameplates and test
sheets into absolute pressures.

Invalid states raise :class:`SteamStateError` (a ``ValueError``) naming the stream, the value and
the valid range. With ``errors="nan"`` they give NaN instead, for batch code that has already
reported the offending rows itself.

References
----------
IAPWS R7-97(2012), Revised Release on the IAPWS Industrial Formulation 1997 for the Thermodynamic
Properties of Water and Steam. CoolProp 8.0 ``IF97::Water`` implements it (regions 1–5 for (p, T)
inputs, region 4 for saturation).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.values import as_float_array, describe_values, like
from boilerlab.base.constants import T0_K

#: The steam-table backend. Never CoolProp's default HEOS (IAPWS-95): results differ in the 4th–5th digit.
BACKEND = "IF97::Water"

#: IF97 validity: 0 °C ≤ t ≤ 800 °C up to 100 MPa (regions 1–3); 800 °C < t ≤ 2000 °C up to 50 MPa (region 5).
T_MIN_C, T_MAX_C, T_MAX_REGION5_C = 0.0, 800.0, 2000.0
P_MAX_MPA, P_MAX_REGION5_MPA = 100.0, 50.0
#: Triple and critical points. [MPa], [°C]
P_TRIPLE_MPA, P_CRITICAL_MPA = 611.657e-6, 22.064
T_CRITICAL_C = 647.096 - T0_K
#: Upper end of the saturation functions: CoolProp's IF97 saturated states drift from IAPWS-IF97 near
#: the critical point (h′ off by −8.6 kJ/kg at 22.0 MPa against the ``iapws`` package, tests/test_steam.py),
#: and industrial boilers (GB/T 10180: < 3.8 MPa) never come close. t_s(21 MPa) = 369.83 °C.
P_SATURATION_MAX_MPA, T_SATURATION_MAX_C = 21.0, 369.83
ERRORS = ("raise", "nan")


class SteamStateError(ValueError):
    """A water/steam state outside IAPWS-IF97 or inconsistent with its label."""


def _fail(stream: str, message_cn: str, message_en: str, values: np.ndarray) -> None:
    raise SteamStateError(f"{stream}: {message_cn} / {message_en} [{describe_values(values)}]")


def _check_errors_argument(errors: str) -> None:
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {ERRORS}, {errors!r} was given")


def _saturation_pressure_check(p: np.ndarray, stream: str, errors: str) -> np.ndarray:
    _check_errors_argument(errors)
    bad = ~((p >= P_TRIPLE_MPA) & (p <= P_SATURATION_MAX_MPA))
    if errors == "raise" and np.any(bad & ~np.isnan(p)):
        _fail(stream, f"饱和压力须在 {P_TRIPLE_MPA:g}…{P_SATURATION_MAX_MPA:g} MPa(绝压)之间",
              f"saturation pressure must lie within {P_TRIPLE_MPA:g}…{P_SATURATION_MAX_MPA:g} MPa (abs)", p[bad])
    return bad


def _saturation_temperature_check(t: np.ndarray, stream: str, errors: str) -> np.ndarray:
    _check_errors_argument(errors)
    bad = ~((t >= 0.01) & (t <= T_SATURATION_MAX_C))
    if errors == "raise" and np.any(bad & ~np.isnan(t)):
        _fail(stream, f"饱和温度须在 0.01…{T_SATURATION_MAX_C:g} °C 之间",
              f"saturation temperature must lie within 0.01…{T_SATURATION_MAX_C:g} °C", t[bad])
    return bad


def _props(output: str, name1: str, value1: np.ndarray, name2: str, value2: np.ndarray,
           bad: np.ndarray) -> np.ndarray:
    """Vectorised PropsSI over the valid entries only; NaN elsewhere."""
    value1, value2 = np.broadcast_arrays(value1, value2)
    shape = value1.shape
    v1, v2 = value1.ravel(), value2.ravel()
    ok = ~np.broadcast_to(bad, shape).ravel() & ~np.isnan(v1) & ~np.isnan(v2)
    if ok.all():  # the common batch case: no masking copies
        return _call(output, name1, np.ascontiguousarray(v1), name2, np.ascontiguousarray(v2)).reshape(shape)
    out = np.full(v1.shape, np.nan)
    if ok.any():
        out[ok] = _call(output, name1, v1[ok], name2, v2[ok])
    return out.reshape(shape)


#: Calls made during :func:`remembered_states`, looked up during :func:`recalled_states` (per thread or task:
#: two sessions of the app never share them).
_MEMORY: contextvars.ContextVar[dict | None] = contextvars.ContextVar("steam_states_memory", default=None)
_RECALL: contextvars.ContextVar[dict | None] = contextvars.ContextVar("steam_states_recall", default=None)


@contextlib.contextmanager
def remembered_states() -> Iterator[dict]:
    """Keep the inputs and results of every property call made inside, for :func:`recalled_states`.

    The uncertainty evaluates perturbed copies of the records again; most copies leave the water and steam states
    as they were, so the first evaluation answers most of their property calls.

    Examples
    --------
    >>> t = np.linspace(20.0, 90.0, 1000)
    >>> with remembered_states() as memory:
    ...     first = water_enthalpy(1.0, t)
    >>> with recalled_states(memory):
    ...     again = water_enthalpy(1.0, np.concatenate([t[::-1], t + 1.0]))  # states as they were, and raised
    >>> bool(np.array_equal(again[:1000], first[::-1])), bool(np.array_equal(again[1000:], water_enthalpy(1.0, t + 1.0)))
    (True, True)
    """
    memory: dict = {}
    token = _MEMORY.set(memory)
    try:
        yield memory
    finally:
        _MEMORY.reset(token)


@contextlib.contextmanager
def recalled_states(memory: dict) -> Iterator[None]:
    """Inside, a property call takes the result of every point whose state a remembered call of the same property
    computed (in any order, any number of times), and asks CoolProp only the others."""
    token = _RECALL.set(memory)
    try:
        yield
    finally:
        _RECALL.reset(token)


def _call(output: str, name1: str, v1: np.ndarray, name2: str, v2: np.ndarray) -> np.ndarray:
    """PropsSI over arrays; a state CoolProp cannot compute becomes NaN (the callers report it).

    Point by point the result is what CoolProp gives for that state; inside :func:`recalled_states` a state equal
    to one a remembered call of the same property computed is taken from it instead of asked again."""
    key = (output, name1, name2)
    memory = _MEMORY.get()
    if memory is not None:
        result = _props_si(output, name1, v1, name2, v2)
        memory.setdefault(key, []).append((v1.copy(), v2.copy(), result))
        return result
    recall = _RECALL.get()
    if not recall or key not in recall:
        return _props_si(output, name1, v1, name2, v2)
    states, known = _recall_table(recall, key)
    # each state (v1, v2) as one complex number, looked up in a hash table: equal means both values exactly equal
    position = states.get_indexer(_state_keys(v1, v2))
    found = position >= 0
    result = np.empty(v1.shape)
    result[found] = known[position[found]]
    if not found.all():
        new = ~found
        result[new] = _props_si(output, name1, np.ascontiguousarray(v1[new]), name2, np.ascontiguousarray(v2[new]))
    return result


def _recall_table(recall: dict, key: tuple[str, str, str]) -> tuple[pd.Index, np.ndarray]:
    """The distinct states of the remembered calls of one property (as complex v1 + i·v2) and their results; made
    at the first recall and kept beside the calls."""
    table_key = ("table", *key)
    if table_key not in recall:
        calls = recall[key]
        states = pd.Index(np.concatenate([_state_keys(v1, v2) for v1, v2, _ in calls]))
        known = np.concatenate([result for _, _, result in calls])
        first = ~states.duplicated()
        recall[table_key] = (states[first], known[first])
    return recall[table_key]


def _state_keys(v1: np.ndarray, v2: np.ndarray) -> np.ndarray:
    """Each state (v1, v2) as one complex number, its parts set, not computed (v1 + 1j·v2 would lose v1 when v2 is
    infinite)."""
    keys = np.empty(v1.shape, dtype=complex)
    keys.real, keys.imag = v1, v2
    return keys


def _props_si(output: str, name1: str, v1: np.ndarray, name2: str, v2: np.ndarray) -> np.ndarray:
    # imported at the first property call, not with the module: CoolProp loads its whole fluid library on import
    # (seconds), which every command and test process that never computes a water state would pay
    from CoolProp.CoolProp import PropsSI

    try:
        result = np.asarray(PropsSI(output, name1, v1, name2, v2, BACKEND), dtype=float)
    except ValueError:  # raised when every point fails (always so for one point); else failures are ±inf
        return np.full(v1.shape, np.nan)
    result[~np.isfinite(result)] = np.nan
    return result


def absolute_pressure(gauge_pressure: Any, barometric_pressure: Any = 101.325) -> Any:
    """Absolute pressure from a gauge reading (表压 → 绝对压力).

    Parameters
    ----------
    gauge_pressure : numeric
        Gauge pressure. [MPa]
    barometric_pressure : numeric
        Local barometric pressure (大气压力). [kPa]

    Returns
    -------
    numeric
        Absolute pressure, p = p_g + p_amb/1000. [MPa]

    References
    ----------
    Gauge + barometric pressure; 101.325 kPa is the standard atmosphere.

    Examples
    --------
    >>> absolute_pressure(0.7)  # 0.7 MPa(g) + 0.101325 MPa
    0.801325
    """
    p = as_float_array(gauge_pressure) + as_float_array(barometric_pressure) / 1000.0
    return like((gauge_pressure, barometric_pressure), p)


def saturation_temperature(pressure: Any, *, stream: str = "steam", errors: str = "raise") -> Any:
    """Saturation temperature t_s(p), IF97 region 4 (R7-97 eq. 31).

    Parameters
    ----------
    pressure : numeric
        Absolute pressure, triple point (611.657 Pa) to 21 MPa. [MPa]

    Returns
    -------
    numeric
        Saturation temperature. [°C]

    References
    ----------
    [IAPWS-IF97] region 4, the saturation equation (eq. 31) through [COOLPROP].

    Examples
    --------
    >>> round(saturation_temperature(1.0), 4)  # IF97: T_s(1 MPa) = 453.0356 K
    179.8856
    """
    p = as_float_array(pressure)
    bad = _saturation_pressure_check(p, stream, errors)
    return like(pressure, _props("T", "P", p * 1e6, "Q", np.zeros_like(p), bad) - T0_K)


def saturation_pressure(temperature: Any, *, stream: str = "water", errors: str = "raise") -> Any:
    """Saturation pressure p_s(t), IF97 region 4 (R7-97 eq. 30).

    Parameters
    ----------
    temperature : numeric
        Temperature, 0.01 °C to 369.83 °C (t_s at 21 MPa). [°C]

    Returns
    -------
    numeric
        Saturation pressure. [MPa]
    """
    t = as_float_array(temperature)
    bad = _saturation_temperature_check(t, stream, errors)
    return like(temperature, _props("P", "T", t + T0_K, "Q", np.zeros_like(t), bad) / 1e6)


def saturated_water_enthalpy(pressure: Any, *, stream: str = "saturated water", errors: str = "raise") -> Any:
    """Enthalpy of saturated water h′(p) (饱和水焓).

    Parameters
    ----------
    pressure : numeric
        Absolute pressure. [MPa]

    Returns
    -------
    numeric
        Specific enthalpy. [kJ/kg]
    """
    p = as_float_array(pressure)
    bad = _saturation_pressure_check(p, stream, errors)
    return like(pressure, _props("H", "P", p * 1e6, "Q", np.zeros_like(p), bad) / 1e3)


def saturated_steam_enthalpy(pressure: Any, *, stream: str = "saturated steam", errors: str = "raise") -> Any:
    """Enthalpy of dry saturated steam h″(p) (干饱和蒸汽焓).

    Parameters
    ----------
    pressure : numeric
        Absolute pressure. [MPa]

    Returns
    -------
    numeric
        Specific enthalpy. [kJ/kg]
    """
    p = as_float_array(pressure)
    bad = _saturation_pressure_check(p, stream, errors)
    return like(pressure, _props("H", "P", p * 1e6, "Q", np.ones_like(p), bad) / 1e3)


def latent_heat(pressure: Any, *, stream: str = "steam", errors: str = "raise") -> Any:
    """Latent heat of vaporisation r = h″ − h′ at pressure p (汽化潜热).

    Parameters
    ----------
    pressure : numeric
        Absolute pressure. [MPa]

    Returns
    -------
    numeric
        Latent heat. [kJ/kg]
    """
    p = as_float_array(pressure)
    h_steam = as_float_array(saturated_steam_enthalpy(p, stream=stream, errors=errors))
    h_water = as_float_array(saturated_water_enthalpy(p, stream=stream, errors=errors))
    return like(pressure, h_steam - h_water)


def wet_steam_enthalpy(pressure: Any, humidity: Any, *, stream: str = "saturated steam",
                       errors: str = "raise") -> Any:
    """Enthalpy of wet saturated steam from its humidity ω (湿饱和蒸汽焓).

    h = h″ − r·ω/100, the form of the saturated-steam useful heat in [GBT10180] (
    Q₁ = D·(h_bq − h_gs − r·ω/100)). ω is the mass share of liquid water in the steam.

    Parameters
    ----------
    pressure : numeric
        Absolute pressure. [MPa]
    humidity : numeric
        Steam humidity (蒸汽湿度), 0 ≤ ω < 100. [%]

    Returns
    -------
    numeric
        Specific enthalpy. [kJ/kg]

    References
    ----------
    [GBT10180] useful heat of saturated steam; [IAPWS-IF97] region 4 for h″ and r.

    Examples
    --------
    >>> round(wet_steam_enthalpy(1.0, 2.0), 2)  # h″ − r·ω/100 = 2777.12 − 2014.44 × 0.02
    2736.83
    """
    p, w = np.broadcast_arrays(as_float_array(pressure), as_float_array(humidity))
    bad_w = ~((w >= 0) & (w < 100))
    if errors == "raise" and np.any(bad_w & ~np.isnan(w)):
        _fail(stream, "蒸汽湿度须在 0…100 % 之间", "steam humidity must lie within 0…100 %", w[bad_w])
    h_steam = as_float_array(saturated_steam_enthalpy(p, stream=stream, errors=errors))
    h_water = as_float_array(saturated_water_enthalpy(p, stream=stream, errors=errors))
    h = h_steam - (h_steam - h_water) * w / 100.0
    return like((pressure, humidity), np.where(bad_w, np.nan, h))


def _single_phase(pressure: Any, temperature: Any, stream: str, errors: str, phase: str,
                  phase_checked: bool = False) -> Any:
    _check_errors_argument(errors)
    p, t = np.broadcast_arrays(as_float_array(pressure), as_float_array(temperature))
    out_of_range = ~(
        (p >= P_TRIPLE_MPA) & (t >= T_MIN_C)
        & (((t <= T_MAX_C) & (p <= P_MAX_MPA)) | ((t <= T_MAX_REGION5_C) & (p <= P_MAX_REGION5_MPA)))
    )
    known = ~np.isnan(p) & ~np.isnan(t)
    if errors == "raise" and np.any(out_of_range & known):
        _fail(stream, f"状态超出 IF97 适用范围 (p ≥ 611.657 Pa; 0…800 °C 且 ≤ {P_MAX_MPA:g} MPa, 或 ≤ 2000 °C 且 ≤ "
                      f"{P_MAX_REGION5_MPA:g} MPa) (p MPa, t °C)",
              f"state outside IAPWS-IF97 (p ≥ 611.657 Pa; 0…800 °C at ≤ {P_MAX_MPA:g} MPa, or ≤ 2000 °C at ≤ "
              f"{P_MAX_REGION5_MPA:g} MPa) (p MPa, t °C)",
              np.column_stack([p[out_of_range & known], t[out_of_range & known]]))
    below_critical = p < P_CRITICAL_MPA
    t_sat = np.full(p.shape, np.nan)
    if phase_checked:  # the caller has compared t with t_s itself (batch code): skip the second look-up
        phase = "any"
    elif below_critical.any():
        t_sat[below_critical] = saturation_temperature(p[below_critical], stream=stream, errors="nan")
    if phase == "liquid":  # above the critical pressure: liquid-like below the critical temperature
        wrong = (below_critical & (t >= t_sat)) | (~below_critical & (t >= T_CRITICAL_C))
        text = ("温度不低于饱和温度, 不是未饱和水", "temperature is not below saturation, so this is not liquid water")
    elif phase == "vapour":
        wrong = (below_critical & (t <= t_sat)) | (~below_critical & (t <= T_CRITICAL_C))
        text = ("过热蒸汽温度不高于饱和温度", "superheated-steam temperature is not above saturation")
    else:
        wrong = np.zeros(p.shape, dtype=bool)
        text = ("", "")
    if errors == "raise" and np.any(wrong & known & ~out_of_range):
        sel = wrong & known & ~out_of_range
        _fail(stream, text[0] + " (p MPa, t °C, t_s °C)", text[1] + " (p MPa, t °C, t_s °C)",
              np.column_stack([p[sel], t[sel], t_sat[sel]]))
    h = _props("H", "P", p * 1e6, "T", t + T0_K, out_of_range | wrong) / 1e3
    failed = np.isnan(h) & known & ~out_of_range & ~wrong
    if errors == "raise" and failed.any():
        _fail(stream, "IF97 无法计算此状态 (p MPa, t °C)", "IAPWS-IF97 cannot evaluate this state (p MPa, t °C)",
              np.column_stack([p[failed], t[failed]]))
    return like((pressure, temperature), h)


def water_enthalpy(pressure: Any, temperature: Any, *, stream: str = "water", errors: str = "raise",
                   phase_checked: bool = False) -> Any:
    """Enthalpy of subcooled (compressed) water h(p, t), IF97 region 1 (给水 / 热水焓).

    Parameters
    ----------
    pressure : numeric
        Absolute pressure. [MPa]
    temperature : numeric
        Water temperature, below the saturation temperature at ``pressure``. [°C]
    phase_checked : bool
        True when the caller has already made sure that t < t_s(p): saves a saturation look-up.

    Returns
    -------
    numeric
        Specific enthalpy. [kJ/kg]

    References
    ----------
    [IAPWS-IF97] region 1 (Table 5 gives the verification points used here).

    Examples
    --------
    >>> round(water_enthalpy(3.0, 300 - 273.15), 6)  # IF97 Table 5: 3 MPa, 300 K → 115.331273 kJ/kg
    115.331273
    >>> round(water_enthalpy(3.0, 500 - 273.15), 6)  # 3 MPa, 500 K → 975.542239 kJ/kg
    975.542239
    """
    return _single_phase(pressure, temperature, stream, errors, "liquid", phase_checked)


def superheated_steam_enthalpy(pressure: Any, temperature: Any, *, stream: str = "superheated steam",
                               errors: str = "raise", phase_checked: bool = False) -> Any:
    """Enthalpy of superheated steam h(p, t), IF97 regions 2, 3 and 5 (过热蒸汽焓).

    Parameters
    ----------
    pressure : numeric
        Absolute pressure. [MPa]
    temperature : numeric
        Steam temperature, above the saturation temperature at ``pressure``. [°C]
    phase_checked : bool
        True when the caller has already made sure that t > t_s(p): saves a saturation look-up.

    Returns
    -------
    numeric
        Specific enthalpy. [kJ/kg]

    References
    ----------
    [IAPWS-IF97] region 2.

    Examples
    --------
    >>> round(superheated_steam_enthalpy(3.0, 300.0), 1)  # steam tables: 3 MPa, 300 °C → 2994.3 kJ/kg
    2994.3
    """
    return _single_phase(pressure, temperature, stream, errors, "vapour", phase_checked)


def enthalpy(pressure: Any, temperature: Any, *, stream: str = "water/steam", errors: str = "raise") -> Any:
    """Enthalpy h(p, t) of single-phase water or steam, whichever IF97 region (p, t) lies in.

    Parameters
    ----------
    pressure : numeric
        Absolute pressure. [MPa]
    temperature : numeric
        Temperature. [°C]

    Returns
    -------
    numeric
        Specific enthalpy. [kJ/kg]
    """
    return _single_phase(pressure, temperature, stream, errors, "any")


def temperature_from_enthalpy(pressure: Any, specific_enthalpy: Any, *, stream: str = "water/steam") -> Any:
    """Temperature from pressure and enthalpy, IF97 backward equations T(p, h) (R7-97 eqs. 11, 22–24).

    Inside the two-phase region this returns the saturation temperature.

    Parameters
    ----------
    pressure : numeric
        Absolute pressure. [MPa]
    specific_enthalpy : numeric
        Specific enthalpy. [kJ/kg]

    Returns
    -------
    numeric
        Temperature. [°C]
    """
    p, h = np.broadcast_arrays(as_float_array(pressure), as_float_array(specific_enthalpy))
    bad = ~((p > 0) & (p <= P_MAX_MPA))
    if np.any(bad & ~np.isnan(p)):
        _fail(stream, f"压力须在 0…{P_MAX_MPA:g} MPa 之间", f"pressure must lie within 0…{P_MAX_MPA:g} MPa", p[bad])
    t = _props("T", "P", p * 1e6, "H", h * 1e3, bad)
    if np.any(np.isnan(t) & ~np.isnan(h) & ~np.isnan(p)):
        _fail(stream, "焓值超出 IF97 适用范围", "enthalpy outside IAPWS-IF97", h[np.isnan(t)])
    return like((pressure, specific_enthalpy), t - T0_K)


def latent_heat_at_temperature(temperature: Any, *, stream: str = "water", errors: str = "raise") -> Any:
    """Latent heat of vaporisation at saturation temperature t, r(t) = h″(t) − h′(t) (IF97 region 4).

    Parameters
    ----------
    temperature : numeric
        Saturation temperature, 0.01 °C to 369.83 °C (t_s at 21 MPa). [°C]

    Returns
    -------
    numeric
        Latent heat. [kJ/kg]
    """
    t = as_float_array(temperature)
    bad = _saturation_temperature_check(t, stream, errors)
    h_steam = _props("H", "T", t + T0_K, "Q", np.ones_like(t), bad)
    h_water = _props("H", "T", t + T0_K, "Q", np.zeros_like(t), bad)
    return like(temperature, (h_steam - h_water) / 1e3)
