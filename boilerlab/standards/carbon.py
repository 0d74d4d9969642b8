"""Carbon (双碳) accounting: CO₂ from fuels and electricity, CH₄/N₂O as CO₂e, totals by period.

Default-factor route (排放因子法; [GBT32150], the sector-wide accounting principles, with the defaults of
[NDRC-2015-IND] 附录二 — the guide for industrial enterprises of any other sector, which a boiler user is):
E = FC × NCV × CC × OF × 44/12 — consumption × net heating value × carbon per unit heat × oxidation.
Measured-carbon route (§1.2): E = FC × C × OF × 44/12 with the fuel's own carbon content.
Electricity: E = kWh × EF, EF chosen by factor type, region and year from ``electricity_factors``.
Every result names the table and row it used. CC in the tables is tC/TJ = kgC/GJ.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.values import as_float_array, like
from boilerlab.base.constants import MOLAR_VOLUME_NM3_KMOL
from boilerlab.physics.fuels import fuel_library, gas_component_property, gas_weighted_sum
from boilerlab.base.reference import ReferenceData, load_reference

#: Mass of CO₂ per mass of carbon, 44/12 (the guides' value; 44.0095/12.011 = 3.6642 would differ by 0.07 %).
CO2_PER_C = 44.0 / 12.0
#: Activity units the default factors accept, with the factor to the table's unit.
QUANTITY_UNITS = {"t": ("t", 1.0), "kg": ("t", 1e-3), "10^4 Nm3": ("10^4 Nm3", 1.0), "Nm3": ("10^4 Nm3", 1e-4),
                  "万Nm3": ("10^4 Nm3", 1.0)}


class CarbonFactorError(KeyError):
    """No default carbon factor for a fuel, or a quantity in a unit the table does not use."""


def carbon_factor(fuel_kind: str, reference: ReferenceData | None = None) -> pd.Series:
    """The ``carbon_factors`` row of a fuel kind (NCV, CC, OF, unit, source)."""
    ref = reference or load_reference()
    table = ref.tables["carbon_factors"].set_index("fuel_kind")
    if fuel_kind not in table.index:
        raise CarbonFactorError(f"no default carbon factor for {fuel_kind!r}; valid: {list(table.index)}")
    return table.loc[fuel_kind]


def co2_default_factor(quantity: Any, fuel_kind: str, unit: str | None = None,
                       reference: ReferenceData | None = None) -> Any:
    """CO₂ by the default-factor route, E = FC × NCV × CC × OF × 44/12 ([NDRC-2015-IND] 附录二 defaults).

    Parameters
    ----------
    quantity : numeric
        Fuel consumed FC, in ``unit``. [t, kg, 10⁴ Nm³ or Nm³]
    fuel_kind : str
        Fuel-library key with a row in ``carbon_factors``.
    unit : str, optional
        Unit of ``quantity``; default the table's (t for solid/liquid, 10⁴ Nm³ for gas).

    Returns
    -------
    numeric
        CO₂. [t]

    References
    ----------
    [GBT32150] (accounting principles); [NDRC-2015-IND] 附录二 (defaults, ``carbon_factors``).

    Examples
    --------
    Natural gas at the national defaults: 10⁴ Nm³ × 389.31 GJ × 15.3 tC/TJ × 99 % × 44/12

    >>> round(co2_default_factor(1.0, "natural_gas"), 2)
    21.62
    """
    row = carbon_factor(fuel_kind, reference)
    factor = _unit_factor(unit or row["activity_unit"], row["activity_unit"])
    amount = as_float_array(quantity) * factor
    if row["carbon_tc_per_tj"] == 0:  # biogenic fuel counted as 0, whatever (or whether) its NCV
        return like(quantity, amount * 0.0)
    energy_gj = amount * row["ncv_gj_per_unit"]
    return like(quantity, energy_gj * row["carbon_tc_per_tj"] / 1000.0 * row["oxidation_pct"] / 100.0 * CO2_PER_C)


def _unit_factor(unit: str, table_unit: str) -> float:
    target, factor = QUANTITY_UNITS.get(unit, (None, None))
    if target != table_unit:
        raise CarbonFactorError(f"quantity unit {unit!r} does not convert to the table's {table_unit!r}; valid: "
                                f"{[u for u, (t, _) in QUANTITY_UNITS.items() if t == table_unit]}")
    return factor


def co2_from_heat(heat_gj: Any, fuel_kind: str, reference: ReferenceData | None = None) -> Any:
    """CO₂ from fuel heat (consumption × the measured NCV) with the default CC and OF.

    Parameters
    ----------
    heat_gj : numeric
        Fuel heat on the net basis, FC × NCV. [GJ]
    fuel_kind : str
        Fuel-library key with a row in ``carbon_factors``.

    Returns
    -------
    numeric
        CO₂. [kg]
    """
    row = carbon_factor(fuel_kind, reference)
    # kgC/GJ × GJ = kgC
    return like(heat_gj, as_float_array(heat_gj) * row["carbon_tc_per_tj"] * row["oxidation_pct"] / 100.0 * CO2_PER_C)


def co2_measured_carbon(quantity_kg: Any, carbon_pct: Any, oxidation_pct: Any) -> Any:
    """CO₂ by the measured-carbon route, E = FC × C_ar × OF × 44/12 ([GBT32150], measured-carbon route).

    Parameters
    ----------
    quantity_kg : numeric
        Fuel consumed. [kg]
    carbon_pct : numeric
        Carbon content as received, C_ar. [% mass]
    oxidation_pct : numeric
        Carbon oxidation factor OF. [%]

    Returns
    -------
    numeric
        CO₂. [kg]

    References
    ----------
    [GBT32150] and [NDRC-2015-IND], the measured-carbon route E = FC × C_ar × OF × 44/12.

    Examples
    --------
    >>> round(float(co2_measured_carbon(1000, 60, 93)), 1)  # 1000 kg × 0.60 × 0.93 × 44/12
    2046.0
    """
    args = (quantity_kg, carbon_pct, oxidation_pct)
    fc, c, of = (as_float_array(v) for v in args)
    return like(args, fc * c / 100.0 * of / 100.0 * CO2_PER_C)


def gas_carbon_per_nm3(composition: dict[str, Any], reference: ReferenceData | None = None) -> Any:
    """Carbon in a fuel gas from its composition: Σ xᵢ·n_C,ᵢ/100 × 12.011/22.414. [kg C/Nm³]"""
    atoms, template = gas_weighted_sum(composition, gas_component_property("carbon_atoms", reference))
    return like(template, atoms * 12.011 / MOLAR_VOLUME_NM3_KMOL)


def electricity_factor(region: str = "shanghai", year: int | None = None, factor_id: str | None = None,
                       reference: ReferenceData | None = None, at_year: int | None = None) -> pd.Series:
    """An electricity emission factor: by id; by region and data year; the region's default factor
    (``default_for``) in force in ``at_year`` (the latest ``valid_from_year`` not after it); or the region's
    current default. Never mixes factor types: a region's defaults share one type.

    Returns the table row (``kg_co2_per_kwh``, ``factor_id``, ``factor_type``, ``data_year``, source).
    """
    ref = reference or load_reference()
    table = ref.tables["electricity_factors"]
    if factor_id is not None:
        chosen = table[table["factor_id"] == factor_id]
    else:
        chosen = table[table["region"] == region]
        if year is not None:
            chosen = chosen[chosen["data_year"] == year]
        elif (table["default_for"] == region).any():
            chosen = table[table["default_for"] == region].sort_values("valid_from_year")
            if at_year is not None:
                chosen = chosen[chosen["valid_from_year"] <= at_year]
            chosen = chosen.tail(1)
        else:
            chosen = chosen[chosen["data_year"] == chosen["data_year"].max()]
    if chosen.empty:
        raise CarbonFactorError(f"no electricity factor for region={region!r}, year={year!r}, id={factor_id!r}; "
                                f"valid ids: {list(table['factor_id'])}")
    return chosen.iloc[0]


def co2_electricity(kwh: Any, factor_kg_per_kwh: float) -> Any:
    """CO₂ of purchased electricity, E = AD × EF ([NDRC-2015-IND] 净购入电力; factors [SH-2022-34], [MEE-NBS-2024-12]).

    Parameters
    ----------
    kwh : numeric
        Electricity consumed. [kWh]
    factor_kg_per_kwh : float
        Emission factor (= t CO₂/MWh). [kg CO₂/kWh]

    Returns
    -------
    numeric
        CO₂. [kg]

    References
    ----------
    [NDRC-2015-IND] E = AD × EF; the Shanghai factor [SH-2022-34] is 0.42 kg/kWh.

    Examples
    --------
    >>> round(float(co2_electricity(10000, 0.42)), 1)
    4200.0
    """
    return like(kwh, as_float_array(kwh) * factor_kg_per_kwh)


def non_co2_co2e(heat_gj: Any, fuel_kind: str, gwp_set: str = "AR6", reference: ReferenceData | None = None) -> Any:
    """CH₄ and N₂O of stationary combustion as CO₂e: heat × (EF_CH₄·GWP_CH₄ + EF_N₂O·GWP_N₂O).

    IPCC 2006 Vol. 2 Ch. 2 Table 2.3 factors (``ghg_factors``, kg/TJ) and a named GWP-100 set (``gwp``).

    Parameters
    ----------
    heat_gj : numeric
        Fuel heat on the net basis. [GJ]
    fuel_kind : str
        Fuel-library key.
    gwp_set : {'SAR', 'AR4', 'AR5', 'AR6'}
        GWP-100 set; default AR6, the set the current national accounting standards name (``gwp`` note;
        AR5 for international comparison).

    Returns
    -------
    numeric
        CO₂e of CH₄ and N₂O. [kg]

    References
    ----------
    [IPCC2006] Vol. 2 Ch. 2 Table 2.3; [IPCC-AR6] Table 7.15 (GWP-100).

    Examples
    --------
    1000 GJ of natural gas: 1 kg CH₄/TJ × 27.9 + 0.1 kg N₂O/TJ × 273 = 55.2 kg CO₂e per TJ

    >>> round(float(non_co2_co2e(1000.0, "natural_gas")), 2)
    55.2
    """
    ref = reference or load_reference()
    group = fuel_library(ref).loc[fuel_kind, "ghg_group"]
    factors = ref.tables["ghg_factors"].set_index("fuel_group").loc[group]
    gwp = ref.tables["gwp"].set_index("gwp_set")
    if gwp_set not in gwp.index:
        raise KeyError(f"unknown GWP set {gwp_set!r}; valid: {list(gwp.index)}")
    per_tj = factors["ch4_kg_per_tj"] * gwp.loc[gwp_set, "ch4"] + factors["n2o_kg_per_tj"] * gwp.loc[gwp_set, "n2o"]
    return like(heat_gj, as_float_array(heat_gj) / 1000.0 * per_tj)


#: The columns :func:`co2_by_period` needs.
FUEL_USE_COLUMNS = ("boiler_id", "month", "fuel_kind", "quantity", "unit")


def co2_by_period(fuel_use: pd.DataFrame, boilers: pd.DataFrame | None = None, *, electricity_region: str = "shanghai",
                  reference: ReferenceData | None = None) -> pd.DataFrame:
    """CO₂ of monthly fuel-consumption records, one row per record, ready to be summed by any key.

    Parameters
    ----------
    fuel_use : pandas.DataFrame
        ``boiler_id``, ``month`` (YYYY-MM), ``fuel_kind``, ``quantity`` and ``unit`` (t, kg, 10^4 Nm3,
        Nm3, kWh, MWh).
    boilers : pandas.DataFrame, optional
        ``boiler_id`` with any of ``unit_name``, ``town``: joined so that totals by unit and town work.
    electricity_region : str
        Region of the electricity factor (``electricity_factors``).

    Returns
    -------
    pandas.DataFrame
        The records with ``co2_t``, ``co2_method`` (table and row used) and ``year``; sum with
        ``groupby`` by boiler, unit, town, fuel or month (see :func:`co2_summary`).
    """
    ref = reference or load_reference()
    missing = [c for c in FUEL_USE_COLUMNS if c not in fuel_use.columns]
    if missing:
        raise KeyError(f"fuel-use records need the columns {list(FUEL_USE_COLUMNS)}; missing: {missing}")
    out = fuel_use.reset_index(drop=True)  # positions, not labels: stacked monthly frames repeat labels
    out["co2_t"] = np.nan
    out["co2_method"] = ""
    quantity = pd.to_numeric(out["quantity"], errors="coerce").to_numpy(float)
    electric = out["fuel_kind"] == "electric"
    if electric.any():
        kwh = quantity * out["unit"].map({"kWh": 1.0, "MWh": 1000.0, "万kWh": 1e4, "10^4 kWh": 1e4}).to_numpy(float)
        years = pd.to_numeric(out["month"].astype(str).str[:4], errors="coerce")
        for year in years[electric].dropna().unique():  # the factor in force in the record's year
            factor = electricity_factor(electricity_region, at_year=int(year), reference=ref)
            here = electric & (years == year)
            out.loc[here, "co2_t"] = (kwh * factor["kg_co2_per_kwh"] / 1000.0)[here.to_numpy()]
            out.loc[here, "co2_method"] = (f"electricity_factors {factor['factor_id']} ({factor['factor_type']}, "
                                           f"{factor['data_year']})")
        bad_unit = electric & out["unit"].map({"kWh": 1, "MWh": 1, "万kWh": 1, "10^4 kWh": 1}).isna()
        out.loc[bad_unit, "co2_method"] = "unit not one of kWh, MWh, 万kWh"
    table = ref.tables["carbon_factors"].set_index("fuel_kind")
    for (kind, unit), rows in out[~electric].groupby(["fuel_kind", "unit"], sort=False, dropna=False):
        if pd.isna(unit):
            out.loc[rows.index, "co2_method"] = "unit blank: no CO2 computed"
            continue
        if kind not in table.index:
            out.loc[rows.index, "co2_method"] = f"no carbon factor for {kind}"
            continue
        try:
            co2 = co2_default_factor(quantity[out.index.get_indexer(rows.index)], kind, unit, ref)
        except CarbonFactorError as exc:
            out.loc[rows.index, "co2_method"] = exc.args[0]  # str() of a KeyError adds quotes
            continue
        out.loc[rows.index, "co2_t"] = co2
        out.loc[rows.index, "co2_method"] = f"carbon_factors {kind} ({table.loc[kind, 'source_document']})"
    if boilers is not None:
        keep = [c for c in ("boiler_id", "unit_name", "town") if c in boilers.columns]
        out = out.merge(boilers[keep].drop_duplicates("boiler_id"), on="boiler_id", how="left")
    out["year"] = out["month"].astype(str).str[:4]
    out.index = fuel_use.index  # the caller's labels back (the left merge keeps the row order)
    return out


def co2_summary(per_record: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Totals of :func:`co2_by_period` output by ``by`` (e.g. ``"town"``, ``["month", "fuel_kind"]``). [t CO₂]"""
    keys = [by] if isinstance(by, str) else list(by)
    return per_record.groupby(keys, dropna=False, sort=True)["co2_t"].sum(min_count=1).reset_index()
