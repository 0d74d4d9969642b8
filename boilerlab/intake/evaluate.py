"""Test records as read, evaluated: the intake's canonical frame, then the engine (``boilerlab.evaluate``).

A caller that already holds a :class:`~boilerlab.engine.pipeline.CanonicalFrame` (a page that read a file
once) passes it straight to :func:`boilerlab.engine.pipeline.run`; these functions are for a frame still in
the file's own headers and units.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.engine.bee import run_bee
from boilerlab.engine.pipeline import CanonicalFrame, run
from boilerlab.intake.canonical import canonical_frame


def evaluate(frame: pd.DataFrame | CanonicalFrame, *, reference: ReferenceData | None = None,
             q2_method: str = "enthalpy", deviation_limit: float | None = None, uncertainty: bool = True,
             processes: int | None = None) -> pd.DataFrame:
    """Both efficiencies, the losses, the GB 24500 grade, the emissions and the CO₂ of every test record.

    Parameters
    ----------
    frame : pandas.DataFrame or CanonicalFrame
        Test records in the interchange columns (Chinese header aliases and units in brackets accepted), or a
        canonical frame the intake already made.
    reference, q2_method, deviation_limit, uncertainty, processes
        As :func:`boilerlab.engine.pipeline.run`.

    Returns
    -------
    pandas.DataFrame
        The canonical input columns followed by :data:`boilerlab.engine.pipeline.RESULT_COLUMNS`.

    Raises
    ------
    boilerlab.intake.canonical.TableRefused
        When the frame has none of the interchange columns, or two headers name the same column.

    Examples
    --------
    IAPWS-IF97 Table 5 points 1 and 3 as the return and supply water of a hot-water boiler
    (3600 kg/h × (975.542239 − 115.331273) kJ/kg / 3600 s/h = 860.210966 kW, tests/data/README.md):

    >>> row = {"test_id": "T1", "boiler_kind": "hot_water", "fuel_kind": "natural_gas", "water_flow_kg_h": 3600,
    ...        "return_temp_c": 300 - 273.15, "supply_temp_c": 500 - 273.15, "water_pressure_mpa_g": 3 - 0.101325,
    ...        "fuel_rate_nm3_h": 100, "lhv_kj_nm3": 35000}
    >>> round(float(evaluate(pd.DataFrame([row]))["heat_output_kw"].iloc[0]), 4)
    860.211
    """
    canonical = frame if isinstance(frame, CanonicalFrame) else canonical_frame(frame)
    return run(canonical, reference=reference, q2_method=q2_method, deviation_limit=deviation_limit,
               uncertainty=uncertainty, processes=processes)


def evaluate_bee(frame: pd.DataFrame | CanonicalFrame) -> pd.DataFrame:
    """The India BEE heat-loss method (:func:`boilerlab.engine.bee.run_bee`) over test records as read."""
    return run_bee(frame if isinstance(frame, CanonicalFrame) else canonical_frame(frame))


def evaluate_in_parts(frame: pd.DataFrame | CanonicalFrame, progress: Callable[[float, str], None] | None = None, *,
                      rows_per_part: int = 5000, reference: ReferenceData | None = None) -> pd.DataFrame:
    """:func:`evaluate` over consecutive parts of ``frame``, reporting progress after each part.

    The file is read into one canonical frame first, so the checks across rows (a test id given twice) see the
    whole file; every row is then computed independently, so the result equals ``evaluate(frame)``. The parts only
    let a caller show progress on a large file (``progress(fraction_done, text)``).
    """
    ref = reference or load_reference()
    canonical = frame if isinstance(frame, CanonicalFrame) else canonical_frame(frame)
    total = len(canonical.frame)
    if total <= rows_per_part:
        result = run(canonical, reference=ref)
        if progress is not None:
            progress(1.0, f"已计算 {total} / {total} 行")
        return result
    parts = []
    for start in range(0, total, rows_per_part):
        parts.append(run(canonical.part(start, start + rows_per_part), reference=ref))
        done = min(start + rows_per_part, total)
        if progress is not None:
            progress(done / total, f"已计算 {done} / {total} 行")
    return pd.concat(parts)
