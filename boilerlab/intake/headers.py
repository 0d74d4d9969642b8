"""File headers to canonical columns: a Chinese or English alias, and a unit in brackets converted to the
canonical unit or refused.

A header is matched after :func:`boilerlab.base.vocabulary.normalise_header`; an alias may carry a unit in
brackets and a factor to the canonical unit (e.g. 蒸汽流量(t/h) × 1000).
"""

from __future__ import annotations

import re

from boilerlab.base.vocabulary import (ALIASES, APPLICATION_FIELDS, BY_NAME, FIELDS, RESULTS, normalise_header)

#: Units a header may state in brackets, per canonical unit, with the factor to the canonical unit. A unit
#: not listed here is refused (a wrong factor would be a wrong number). "m3" without N is refused on purpose:
#: its reference state (0 °C or 20 °C) is unknown, a 7 % difference.
UNIT_FACTORS: dict[str, dict[str, float]] = {
    "kJ/kg": {"kj/kg": 1.0, "mj/kg": 1000.0, "gj/t": 1000.0, "kcal/kg": 4.1868},
    "kJ/Nm³": {"kj/nm3": 1.0, "mj/nm3": 1000.0, "kcal/nm3": 4.1868},
    "kg/h": {"kg/h": 1.0, "t/h": 1000.0},
    "Nm³/h": {"nm3/h": 1.0},
    "kW": {"kw": 1.0, "mw": 1000.0},
    "MW": {"mw": 1.0, "kw": 0.001},
    "t/h": {"t/h": 1.0},
    "kPa": {"kpa": 1.0, "mpa": 1000.0},
    "MPa(g)": {"mpa": 1.0, "mpa(g)": 1.0, "mpa(表压)": 1.0, "kpa": 0.001, "kpa(g)": 0.001},
    "°C": {"°c": 1.0, "℃": 1.0, "c": 1.0},
    "%": {"%": 1.0},
    "ppm": {"ppm": 1.0},
    "mg/m³": {"mg/m3": 1.0, "mg/nm3": 1.0},
    "g/kg": {"g/kg": 1.0},
    "级": {"级": 1.0, "林格曼级": 1.0},
    "kJ/(kg·K)": {"kj/(kg·k)": 1.0, "kj/kgk": 1.0, "kj/(kgk)": 1.0, "kj/kg·k": 1.0},
}
#: CO read in mg/m³ is converted to ppm: ppm = mg/m³ × 22.4/28 (ideal-gas molar volume 22.4 Nm³/kmol; M(CO) = 28 kg/kmol).
_CO_MG_M3 = {"mg/m3": 22.4 / 28.0, "mg/nm3": 22.4 / 28.0}


class UnknownUnitError(ValueError):
    """A header states a unit that boilerlab does not convert."""


def _normalise_unit(unit: str) -> str:
    return unit.replace("³", "3").replace("．", ".").replace("•", "·").replace("*", "·").lower()


#: A unit in brackets at the end of a header: (t/h), (MPa(g)) or [MW].
_UNIT_IN_BRACKETS = re.compile(r"(\([^()]*(\([^()]*\))?[^()]*\)|\[[^\]]*\])$")


def split_unit(key: str) -> tuple[str, str | None]:
    """A header (after :func:`normalise_header`) split into its name and the unit in brackets at its end, or None
    for the unit when it has none: ``蒸汽流量(t/h)`` → ``('蒸汽流量', 't/h')``."""
    bare = _UNIT_IN_BRACKETS.sub("", key)
    return (key, None) if bare == key else (bare, key[len(bare) + 1:-1])


def match_header(header: object) -> tuple[str, float] | None:
    """The canonical column and unit factor for a file header, or None when the header is unknown.

    Raises
    ------
    UnknownUnitError
        When the header names a known column with a unit in brackets that is not in :data:`UNIT_FACTORS`.
    """
    key = normalise_header(header)
    if key in ALIASES:
        return ALIASES[key], 1.0
    bare, unit = split_unit(key)
    if unit is None or bare not in ALIASES:
        return None
    name = ALIASES[bare]
    unit = _normalise_unit(unit)
    column = BY_NAME[name]
    factors = dict(UNIT_FACTORS.get(column.unit, {}))
    if name == "flue_co_ppm":
        factors.update(_CO_MG_M3)
    if unit in factors:
        return name, factors[unit]
    accepted = "、".join(dict.fromkeys(shown_unit(u) for u in factors)) or "—"
    raise UnknownUnitError(f"表头 {header!r} 的单位 {unit!r} 无法换算, {column.name_cn} 应为 {column.unit or '无单位'} "
                           f"(可用: {accepted})")


#: Lower-case unit parts as a person writes them, for messages: kj/nm3 → kJ/Nm³.
_SHOWN_PARTS = (("kcal", "kcal"), ("kj", "kJ"), ("mj", "MJ"), ("gj", "GJ"), ("nm3", "Nm³"), ("kpa", "kPa"),
                ("mpa", "MPa"), ("kw", "kW"), ("mw", "MW"), ("m3", "m³"), ("°c", "°C"), ("·k", "·K"))


def shown_unit(unit: str) -> str:
    """A matching key of :data:`UNIT_FACTORS` as it is written on paper (``kj/nm3`` → ``kJ/Nm³``)."""
    out = unit
    for key, shown in _SHOWN_PARTS:
        out = out.replace(key, shown)
    return out


def _field_names() -> frozenset[str]:
    names = set(ALIASES) | {normalise_header(c.name) for c in RESULTS}
    for field in (*(f for fields in FIELDS.values() for f in fields), *APPLICATION_FIELDS):
        names |= {normalise_header(field.name), normalise_header(field.name_cn)}
    return frozenset(names)


KNOWN_HEADERS = _field_names()
#: What a units row under the header holds: every unit a header may state, and the usual bare ones.
KNOWN_UNITS = frozenset(_normalise_unit(u) for factors in UNIT_FACTORS.values() for u in factors) | frozenset(
    {"%", "ppm", "mg/m3", "mg/nm3", "t", "kg", "kwh", "mwh", "nm3", "10^4nm3", "万nm3", "mpa", "kpa", "h", "–", "-"})


def is_known_header(cell: object) -> bool:
    """True when ``cell`` names a column of any import kind (with or without a unit in brackets)."""
    key = normalise_header(cell)
    if key in KNOWN_HEADERS:
        return True
    bare = re.sub(r"\(.*\)$|\[.*\]$", "", key)
    return bool(bare) and bare in KNOWN_HEADERS


def is_unit(cell: object) -> bool:
    """True when ``cell`` is a unit as a units row under the header writes it (t/h, (MPa), °C, MJ/Nm³ …)."""
    key = _normalise_unit(normalise_header(cell)).strip("()[]")
    return key in KNOWN_UNITS
