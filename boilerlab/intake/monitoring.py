"""Hourly monitoring data evaluated as test records: the continuous efficiency (issue 16, item 4).

Each valid hour of a boiler becomes a test record of that boiler — its kind, fuel, firing, capacity, installation
date and jurisdiction from the register, the hour's flue temperature, O₂ and CO, the pollutant concentrations with
the flue O₂ as their measuring point's O₂, and the fuel and output flows where the data have them — and goes through
:func:`boilerlab.evaluate` without the uncertainty: the hourly η₂ (and η₁ where the flows allow it) is the engine's own
number on those readings, the surface loss q₅ corrected to the hour's load when the output is known and taken from
the rated table otherwise (``q5_source`` says which), and the hourly concentrations at the reference O₂ come with the
limit that applies to the boiler that day (:mod:`boilerlab.engine.emissions`).

Monitoring data rarely carry the air temperature; where an hour has none, ``air_temp_default_c`` of
``monitoring_rules.csv`` is used and the record's warnings say so. CO from a CEMS is in mg/m³ and is read as
ppm = mg/m³ × 22.4/28, as a test file's header with that unit is (:mod:`boilerlab.intake.headers`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.intake.evaluate import evaluate
from boilerlab.standards.monitoring import rule

#: ppm of CO per mg/m³ (ideal-gas molar volume 22.4 Nm³/kmol over M(CO) 28 kg/kmol), as a header in mg/m³ is read.
CO_PPM_PER_MG_M3 = 22.4 / 28.0
#: The register's fields a record takes from its boiler.
BOILER_FIELDS = ("boiler_kind", "fuel_kind", "combustion", "condensing", "rated_capacity_t_h", "rated_capacity_mw",
                 "install_date")
#: The hourly columns a record takes as measured (canonical test-record names).
MEASURED = ("flue_temp_c", "flue_o2_pct", "air_temp_c", "nox_mg_m3", "so2_mg_m3", "pm_mg_m3", "fuel_rate_nm3_h",
            "fuel_rate_kg_h", "steam_flow_kg_h", "steam_pressure_mpa_g", "feedwater_temp_c", "water_flow_kg_h",
            "supply_temp_c", "return_temp_c", "water_pressure_mpa_g", "lhv_kj_nm3", "lhv_kj_kg")


def hourly_records(hours: pd.DataFrame, boilers: pd.DataFrame, reference: ReferenceData | None = None) -> pd.DataFrame:
    """The test records of the hours: one per row of ``hours``.

    Parameters
    ----------
    hours : pandas.DataFrame
        ``device_code``, ``hour`` and the hourly values (canonical names; CO as ``co_mg_m3`` [mg/m³]).
    boilers : pandas.DataFrame
        The register's boilers (``device_code`` and :data:`BOILER_FIELDS`).

    Returns
    -------
    pandas.DataFrame
        Test records in the interchange columns, ``test_id`` = device code @ hour.
    """
    reference = reference or load_reference()
    register = boilers.drop_duplicates("device_code").set_index("device_code")
    missing = sorted(set(hours["device_code"]) - set(register.index))
    if missing:
        raise KeyError(f"锅炉 {'、'.join(map(str, missing[:5]))} 不在台账中")
    when = pd.to_datetime(hours["hour"])
    # "B1@2024-03-01 10:00", the text made at once (strftime formats a row at a time)
    stamp = np.char.replace(np.datetime_as_string(when.to_numpy(dtype="datetime64[m]"), unit="m"), "T", " ")
    records = pd.DataFrame({"test_id": hours["device_code"].astype(str).to_numpy(object) + "@" + stamp.astype(object),
                            "boiler_id": hours["device_code"].to_numpy(), "test_date": when.dt.date.to_numpy()})
    for name in BOILER_FIELDS:
        if name in register:
            records[name] = register[name].reindex(hours["device_code"]).to_numpy()
    records["jurisdiction"] = "shanghai"
    for name in MEASURED:
        if name in hours:
            records[name] = hours[name].to_numpy(float)
    given = records["air_temp_c"] if "air_temp_c" in records else pd.Series(np.nan, index=records.index)
    records.attrs["air_temp_defaulted"] = given.isna().to_numpy()
    records["air_temp_c"] = given.fillna(rule(reference, "air_temp_default_c"))
    if "co_mg_m3" in hours:
        records["flue_co_ppm"] = hours["co_mg_m3"].to_numpy(float) * CO_PPM_PER_MG_M3
    records["emission_o2_pct"] = records["flue_o2_pct"]  # the CEMS measures O₂ where it measures the pollutants
    return records


def hourly_efficiency(hours: pd.DataFrame, boilers: pd.DataFrame, reference: ReferenceData | None = None
                      ) -> pd.DataFrame:
    """η₂ (and η₁ where the flows allow), the losses and the emissions at the reference O₂ of every hour:
    :func:`boilerlab.evaluate` of :func:`hourly_records`, without the uncertainty. Rows as ``hours``."""
    reference = reference or load_reference()
    records = hourly_records(hours, boilers, reference)
    defaulted = records.attrs["air_temp_defaulted"]
    # one process: the import already shares its groups of boilers among the cores (db.monitoring)
    result = evaluate(records, reference=reference, uncertainty=False, processes=1)
    result.index = hours.index
    if defaulted.any():  # said on every hour it applies to (per distinct text, not per row)
        note = f"冷空气温度未测, 取 {rule(reference, 'air_temp_default_c'):g} °C (在线监测数据)"
        text = pd.Categorical(result["warnings"].astype(str))
        shown = [f"{t}; {note}" if t else note for t in text.categories]
        result["warnings"] = pd.Categorical(np.where(defaulted, np.asarray(shown, dtype=object)[text.codes],
                                                     np.asarray(text.categories, dtype=object)[text.codes]))
    return result
