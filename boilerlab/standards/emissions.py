"""Air-pollutant emissions: analyser units, the reference-O₂ conversion and the applicable limits.

Concentrations are mg/m³ of dry flue gas at the standard state (0 °C, 101.325 kPa), NOx as NO₂
(GB 13271-2014 §3.5); mercury and its compounds are limited for coal boilers, and the flue-gas blackness
(林格曼黑度, a grade, not converted to the reference O₂) for all. The limit tables (``emission_limits``) hold
GB 13271-2014 tables 1–3 and the
Shanghai DB31/387-2018 NOx values (several UNCONFIRMED, editable); the limit that applies to a
boiler is the strictest of the layers in force for it on the test date: the national table for its
age, the special limits where the area is a key region, and the local standard of its jurisdiction.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.values import as_float_array, like
from boilerlab.base.vocabulary import PENDING, labels
from boilerlab.physics.fuels import fuel_library
from boilerlab.base.reference import ReferenceData, load_reference

#: The pollutants measured as concentrations (converted to the reference O₂).
POLLUTANTS = ("nox", "so2", "pm", "hg")
#: Everything with a limit: the concentrations and the blackness grade.
LIMITED = POLLUTANTS + ("blackness",)
LABELS = labels("pollutant_short")
#: The result column holding each item's limit ([mg/m³], the blackness [级]).
LIMIT_COLUMNS = {**{p: f"{p}_limit_mg_m3" for p in POLLUTANTS}, "blackness": "blackness_limit_grade"}
#: The pass/fail result column of each limited item.
VERDICT_COLUMNS = tuple(f"{p}_compliant" for p in LIMITED)
#: Molar masses for ppm ⇄ mg/m³; NOx is expressed as NO₂ (GB 13271-2014). [g/mol]
MOLAR_MASS_G_MOL = {"nox": 46.0055, "no2": 46.0055, "so2": 64.066, "co": 28.010}
JURISDICTIONS = ("national", "shanghai")


def ppm_to_mg_m3(ppm: Any, pollutant: str, reference: ReferenceData | None = None) -> Any:
    """Analyser ppm to mg/m³ at the standard state: mg/m³ = ppm × M/22.4 (ideal-gas molar volume 22.4 Nm³/kmol at 0 °C, 101.325 kPa).

    Parameters
    ----------
    ppm : numeric
        Volume concentration. [ppm]
    pollutant : {'nox', 'no2', 'so2', 'co'}
        The gas; NOx readings (NO + NO₂) convert with the molar mass of NO₂.

    Returns
    -------
    numeric
        Mass concentration. [mg/m³]

    References
    ----------
    Ideal gas at 0 °C and 101.325 kPa: mg/m³ = ppm × M/22.4 (NOx as NO₂, [GB13271]).

    Examples
    --------
    >>> round(float(ppm_to_mg_m3(100.0, 'co')), 2)  # 100 × 28.01/22.4
    125.04
    """
    ref = reference or load_reference()
    factor = _molar_mass(pollutant) / ref.constant("ppm_molar_volume")
    return like(ppm, as_float_array(ppm) * factor)


def mg_m3_to_ppm(concentration: Any, pollutant: str, reference: ReferenceData | None = None) -> Any:
    """mg/m³ at the standard state to ppm, the inverse of :func:`ppm_to_mg_m3`.

    Parameters
    ----------
    concentration : numeric
        Mass concentration. [mg/m³]
    pollutant : {'nox', 'no2', 'so2', 'co'}

    Returns
    -------
    numeric
        Volume concentration. [ppm]
    """
    ref = reference or load_reference()
    factor = ref.constant("ppm_molar_volume") / _molar_mass(pollutant)
    return like(concentration, as_float_array(concentration) * factor)


def _molar_mass(pollutant: str) -> float:
    try:
        return MOLAR_MASS_G_MOL[pollutant]
    except KeyError:
        raise KeyError(f"unknown pollutant {pollutant!r}; valid: {sorted(MOLAR_MASS_G_MOL)}") from None


def to_reference_oxygen(concentration: Any, measured_o2: Any, reference_o2: Any) -> Any:
    """Concentration at the reference O₂, ρ = ρ′·(21 − φ(O₂))/(21 − φ′(O₂)) (GB 13271-2014 §5.2, formula (1)).

    Parameters
    ----------
    concentration : numeric
        Measured concentration ρ′, dry flue gas. [mg/m³]
    measured_o2 : numeric
        O₂ at the measuring point φ′, dry, 0 ≤ φ′ < 21. [%]
    reference_o2 : numeric
        Reference O₂ φ of the boiler's fuel (9 % coal, 3.5 % oil and gas). [%]

    Returns
    -------
    numeric
        Concentration at the reference O₂; NaN where φ′ is outside [0, 21). [mg/m³]

    References
    ----------
    [GB13271] clause 5.2, formula (1): ρ = ρ′·(21 − φ(O₂)ref)/(21 − φ′(O₂)).

    Examples
    --------
    >>> round(float(to_reference_oxygen(30.0, 6.0, 3.5)), 6)  # 30 × 17.5/15
    35.0
    """
    args = (concentration, measured_o2, reference_o2)
    rho, o2, o2_ref = (as_float_array(v) for v in args)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where((o2 >= 0) & (o2 < 21.0), rho * (21.0 - o2_ref) / (21.0 - o2), np.nan)
    return like(args, out)


def reference_oxygen(fuel_kind: Any, reference: ReferenceData | None = None) -> np.ndarray:
    """Reference O₂ per fuel kind: 9 % for the coal group (biomass briquettes included), 3.5 % for oil
    and gas (GB 13271-2014 §5.2; ``method_constants``); NaN for electric or unknown fuels. [%]"""
    ref = reference or load_reference()
    groups = emission_groups(fuel_kind, ref)
    return np.select([groups == "coal", (groups == "oil") | (groups == "gas")],
                     [ref.constant("reference_o2_coal"), ref.constant("reference_o2_oil_gas")], np.nan)


def emission_groups(fuel_kind: Any, reference: ReferenceData | None = None) -> np.ndarray:
    """The GB 13271 limit group (``coal``, ``oil``, ``gas``; '' for electric or unknown) of each fuel kind."""
    ref = reference or load_reference()
    groups = ref.derived("emission_groups", lambda r: fuel_library(r)["emission_group"].dropna().to_dict())
    kinds = pd.Series(np.atleast_1d(np.asarray(fuel_kind, dtype=object)))
    codes, uniques = pd.factorize(kinds)
    mapped = np.array([groups.get(u, "") for u in uniques] + [""], dtype=object)
    return mapped[codes]


def applicable_limits(fuel_kind: Any, test_date: Any, install_date: Any = None, capacity_t_h: Any = np.nan,
                      capacity_mw: Any = np.nan, jurisdiction: Any = "shanghai", key_region: Any = False,
                      reference: ReferenceData | None = None) -> pd.DataFrame:
    """The emission limits in force for each boiler on its test date.

    A table row applies when its fuel group, jurisdiction layer (``national`` always, ``key_region``
    where the area is designated, ``shanghai`` for Shanghai boilers), boiler age (``new`` when installed
    on or after the row's ``new_if_installed_from``; an unknown installation date counts as existing),
    dates in force and capacity condition all match. Several applicable rows: the strictest governs.

    Parameters
    ----------
    fuel_kind : str or sequence
        Fuel-library key.
    test_date : date-like or sequence
        The date the limit must hold on.
    install_date : date-like or sequence, optional
        Installation date; None/NaT = unknown (treated as an existing boiler).
    capacity_t_h, capacity_mw : numeric
        Rated evaporation [t/h] and rated heat output [MW] (GB 13271 table 1 dates depend on them).
    jurisdiction : str or sequence
        ``shanghai`` or ``national``.
    key_region : bool or sequence
        Whether GB 13271 table 3 special limits are in force in the area (§4.4).

    Returns
    -------
    pandas.DataFrame
        Per row and pollutant p: ``p_limit_mg_m3`` and ``p_limit_id`` (the governing table row); for the
        blackness ``blackness_limit_grade`` [级] and ``blackness_limit_id``; and ``limit_basis`` (the
        standards and tables that applied).

    References
    ----------
    [GB13271] tables 1–3; [DB31-387] for Shanghai (NOx rows UNCONFIRMED in ``emission_limits``).

    Examples
    --------
    >>> limits = applicable_limits('natural_gas', '2024-06-01', '2020-09-01').iloc[0]
    >>> float(limits['nox_limit_mg_m3']), float(limits['pm_limit_mg_m3'])  # a Shanghai gas boiler in 2024
    (50.0, 20.0)
    >>> coal = applicable_limits('bituminous', '2024-06-01', '2010-05-01', 20.0).iloc[0]  # GB 13271 表1
    >>> float(coal['hg_limit_mg_m3']), float(coal['blackness_limit_grade'])
    (0.05, 1.0)
    """
    ref = reference or load_reference()
    size = len(fuel_kind) if isinstance(fuel_kind, (pd.Categorical, pd.Series)) else np.atleast_1d(
        np.asarray(fuel_kind, dtype=object)).size
    kind_codes, kind_labels = _codes(fuel_kind, size)
    place_codes, place_labels = _codes(jurisdiction, size)
    tested, installed = _dates(test_date, size), _dates(install_date, size)
    cap_t, cap_mw = (np.broadcast_to(np.atleast_1d(as_float_array(v)), (size,)) for v in (capacity_t_h, capacity_mw))
    key = np.broadcast_to(np.atleast_1d(np.asarray(key_region, dtype=bool)), (size,))
    # A boiler's limits depend only on which side of each boundary of the table it lies: evaluate the table
    # once per distinct profile (a few dozen), not once per row (a million).
    test_edges, install_edges, caps = ref.derived("emission_limit_edges", _limit_edges)
    parts = [kind_codes, place_codes, key.astype(np.int64),
             np.where(np.isnat(tested), -1, np.searchsorted(test_edges, tested, side="right")),
             np.where(np.isnat(installed), -1, np.searchsorted(install_edges, installed, side="right"))]
    parts += [((cap_t > t) | (cap_mw > m)).astype(np.int64) for t, m in caps]
    profile = np.zeros(size, dtype=np.int64)
    for part in parts:
        profile = profile * (int(part.max(initial=0)) + 2) + (part + 1)
    inverse, uniques = pd.factorize(profile)
    first = np.zeros(len(uniques), dtype=np.int64)
    first[inverse[::-1]] = np.arange(size)[::-1]  # the first row of each profile represents it
    with_blank = lambda labels, codes: np.append(labels, None)[codes]  # noqa: E731 — code −1 → None
    limits = _limits_of(with_blank(kind_labels, kind_codes[first]), tested[first], installed[first], cap_t[first],
                        cap_mw[first], with_blank(place_labels, place_codes[first]), key[first], ref)
    return limits.iloc[inverse].reset_index(drop=True)


def _limits_of(kinds: np.ndarray, tested: np.ndarray, installed: np.ndarray, cap_t: np.ndarray, cap_mw: np.ndarray,
               place: np.ndarray, key: np.ndarray, ref: ReferenceData) -> pd.DataFrame:
    """The limits row by row (see :func:`applicable_limits`)."""
    table = ref.tables["emission_limits"]
    size = kinds.size
    # integer codes: a million rows are compared as numbers, never as strings
    kind_codes, kind_names = pd.factorize(pd.Series(kinds))
    group_of_kind = emission_groups(np.asarray(kind_names, dtype=object), ref) if len(kind_names) else np.array([])
    group_codes, group_names = pd.factorize(pd.Series(np.append(group_of_kind, "")))
    groups = group_codes[np.where(kind_codes >= 0, kind_codes, len(kind_names))]
    place_codes, place_names = pd.factorize(pd.Series(place))
    in_shanghai = place_codes == (list(place_names).index("shanghai") if "shanghai" in list(place_names) else -2)
    layer_ok = {"national": np.ones(size, bool), "key_region": key, "shanghai": in_shanghai}

    def codes_of(names: list[str], universe) -> list[int]:
        universe = list(universe)
        return [universe.index(name) for name in names if name in universe]

    out: dict[str, Any] = {}
    chosen_all = []
    for pollutant in LIMITED:
        limit = np.full(size, np.inf)
        chosen = np.full(size, -1)
        for position, row, new_from, in_force_from, in_force_to in ref.derived("emission_limit_rows", _limit_rows):
            if row.pollutant != pollutant:
                continue
            wanted = codes_of(str(row.fuel_group).split(";"), group_names)
            if not wanted:
                continue
            match = np.isin(groups, wanted) & layer_ok[row.jurisdiction]
            if isinstance(row.excluded_fuel_kinds, str) and row.excluded_fuel_kinds:
                match &= ~np.isin(kind_codes, codes_of(row.excluded_fuel_kinds.split(";"), kind_names))
            is_new = installed >= new_from  # NaT compares False: existing
            if row.boiler_age == "new":
                match &= is_new
            elif row.boiler_age == "existing":
                match &= ~is_new
            match &= tested >= in_force_from
            if in_force_to is not None:
                match &= tested <= in_force_to
            if not (np.isnan(row.capacity_t_h_above) and np.isnan(row.capacity_mw_above)):
                match &= (cap_t > row.capacity_t_h_above) | (cap_mw > row.capacity_mw_above)
            stricter = match & (row.limit_mg_m3 < limit)
            limit[stricter] = row.limit_mg_m3
            chosen[stricter] = position
        out[LIMIT_COLUMNS[pollutant]] = np.where(np.isinf(limit), np.nan, limit)
        out[f"{pollutant}_limit_id"] = pd.Categorical.from_codes(chosen, categories=list(table["limit_id"]))
        chosen_all.append(chosen)
    # the basis text per distinct combination of governing rows
    # an UNCONFIRMED row says so wherever its limit is quoted (reports, opinions)
    names = (table["standard"] + " " + table["table_name"] +
             np.where(table["status"] == "UNCONFIRMED", f" {PENDING}", "")).tolist()
    combined = sum((c + 1) * (len(table) + 1) ** i for i, c in enumerate(chosen_all))
    inverse, combos = pd.factorize(combined)
    texts = []
    for combo in combos:
        parts = []
        for i, pollutant in enumerate(LIMITED):
            row = int(combo) // (len(table) + 1) ** i % (len(table) + 1) - 1
            if row >= 0:
                parts.append(f"{LABELS[pollutant]}: {names[row]}")
        texts.append("; ".join(parts))
    categories = list(dict.fromkeys(texts))
    out["limit_basis"] = pd.Categorical.from_codes(np.array([categories.index(t) for t in texts])[inverse],
                                                   categories=categories)
    return pd.DataFrame(out, copy=False)


def _limit_edges(ref: ReferenceData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The dates and capacities at which ``emission_limits`` changes: test dates (a period starts on in_force_from
    and on the day after an inclusive in_force_to), installation dates, and the (t/h, MW) capacity conditions."""
    table = ref.tables["emission_limits"]
    ends = pd.to_datetime(table["in_force_to"].dropna()) + pd.Timedelta(days=1)
    test_edges = np.unique(pd.concat([pd.to_datetime(table["in_force_from"]), ends]).to_numpy(dtype="datetime64[D]"))
    install_edges = np.unique(pd.to_datetime(table["new_if_installed_from"]).to_numpy(dtype="datetime64[D]"))
    caps = table[["capacity_t_h_above", "capacity_mw_above"]].dropna(how="all").drop_duplicates().to_numpy(float)
    return test_edges, install_edges, caps


def _limit_rows(ref: ReferenceData) -> list[tuple]:
    """The ``emission_limits`` rows with their dates as numpy dates: (position, row, new_if_installed_from,
    in_force_from, in_force_to or None), read once per reference set."""
    rows = []
    for position, row in enumerate(ref.tables["emission_limits"].itertuples(index=False)):
        until = np.datetime64(row.in_force_to) if isinstance(row.in_force_to, str) and row.in_force_to else None
        rows.append((position, row, np.datetime64(row.new_if_installed_from), np.datetime64(row.in_force_from), until))
    return rows


def _dates(values: Any, size: int) -> np.ndarray:
    if values is None:
        return np.full(size, np.datetime64("NaT"), dtype="datetime64[D]")
    array = np.atleast_1d(np.asarray(values))
    if np.issubdtype(array.dtype, np.datetime64):  # already dates: no parsing of a million values
        return np.broadcast_to(array.astype("datetime64[D]"), (size,))
    parsed = pd.to_datetime(pd.Series(array.astype(object)), errors="coerce")
    return np.broadcast_to(parsed.to_numpy(dtype="datetime64[D]"), (size,))


def _codes(values: Any, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and labels of a Categorical (free) or of any other sequence (hashed once)."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.Categorical):
        return np.asarray(values.codes, dtype=np.int64), np.asarray(values.categories, dtype=object)
    codes, labels = pd.factorize(pd.Series(np.broadcast_to(np.atleast_1d(np.asarray(values, dtype=object)), (size,))))
    return np.asarray(codes, dtype=np.int64), np.asarray(labels, dtype=object)


def compliance(reference_concentration: Any, limit: Any) -> tuple[np.ndarray, np.ndarray]:
    """Pass/fail and margin of a concentration at reference O₂ against its limit.

    Parameters
    ----------
    reference_concentration : numeric
        Concentration at the reference O₂. [mg/m³]
    limit : numeric
        Applicable limit. [mg/m³]

    Returns
    -------
    (pandas.arrays.BooleanArray, numpy.ndarray)
        ``True`` when the value does not exceed the limit (NA where either is missing), and the
        margin (limit − value)/limit·100, negative when exceeded. [%]
    """
    value, cap = np.atleast_1d(as_float_array(reference_concentration)), np.atleast_1d(as_float_array(limit))
    known = ~np.isnan(value) & ~np.isnan(cap)
    with np.errstate(invalid="ignore", divide="ignore"):
        # a value at the limit passes; 1e-9 relative absorbs the round-off of the O₂ conversion (0.05·12/12)
        passed = pd.array(np.where(known, value <= cap * (1.0 + 1e-9), False), dtype="boolean")
        margin = np.where(known, (cap - value) / cap * 100.0, np.nan)
    passed[~known] = pd.NA
    return passed, margin
