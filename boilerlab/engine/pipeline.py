"""The engine: ``run(canonical) -> result frame``, the chain over every row of a canonical test-record frame.

One row is one test condition in the interchange columns of ``shared/spec/test-record.md``. The steps, each a
module of this package and each vectorised over the rows: :mod:`~boilerlab.engine.fuel` →
:mod:`~boilerlab.engine.direct` → :mod:`~boilerlab.engine.indirect` → :mod:`~boilerlab.engine.checks` (and the
GB 24500 grade) → :mod:`~boilerlab.engine.emissions` → :mod:`~boilerlab.engine.carbon`. A row computes whatever its
columns allow and says in ``warnings`` what was defaulted, assumed or implausible, and in ``error`` why it could
not be computed. The canonical frame comes from :mod:`boilerlab.intake` (``boilerlab.evaluate`` does both).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.base.row_messages import RowMessages
from boilerlab.standards.grading import grade_gb24500
from boilerlab.engine.rows import Labels, Rows, blank_where, choose
from boilerlab.engine.carbon import carbon_results
from boilerlab.engine.checks import (governing_efficiency, impossible_efficiencies, implausible_results,
                                     plausibility_warnings)
from boilerlab.engine.direct import direct_method, fuel_input_efficiency, useful_heat
from boilerlab.engine.emissions import emission_results
from boilerlab.engine.fuel import resolve_fuel
from boilerlab.engine.indirect import losses_but_surface, surface_loss_and_efficiency
from boilerlab.engine.inuse import inuse_results
from boilerlab.engine.processes import available_processes, in_processes
from boilerlab.engine.runs import single_run
from boilerlab.physics.steam import recalled_states, remembered_states
from boilerlab.engine.uncertainty import ALL_STAGES, blank_uncertainty, uncertainty_results

ENGINE_VERSION = "0.1.0"

RESULT_COLUMNS = (
    "heat_output_kw", "eta_direct_pct", "excess_air_ratio", "q2_pct", "q3_pct", "q4_pct", "q5_pct", "q6_pct",
    "q5_source",
    "eta_indirect_pct", "eta_direct_gross_pct", "eta_indirect_gross_pct", "q2_gross_pct", "q3_gross_pct",
    "eta_direct_u95_pp", "eta_indirect_u95_pp", "q2_u95_pp", "eta_governing_u95_pp", "u95_contributors",
    "run_count", "run_spread_direct_pp", "run_spread_indirect_pp", "runs_agree", "method_deviation_pct", "gb24500_grade", "gb24500_limit_pct", "gb24500_grade2_pct", "gb24500_grade1_pct",
    "gb24500_meets_limit", "eta_governing_pct", "gb24500_grade_role", "inuse_criterion_pct", "inuse_verdict",
    "inuse_basis",
    "governing_method", "excess_air_method", "q2_method", "lhv_used", "hhv_used", "fuel_basis_unit",
    "nox_ref_mg_m3", "so2_ref_mg_m3", "pm_ref_mg_m3", "hg_ref_mg_m3", "nox_limit_mg_m3", "so2_limit_mg_m3",
    "pm_limit_mg_m3", "hg_limit_mg_m3", "blackness_limit_grade",
    "nox_compliant", "so2_compliant", "pm_compliant", "hg_compliant", "blackness_compliant",
    "nox_margin_pct", "so2_margin_pct", "pm_margin_pct", "hg_margin_pct",
    "nox_ref_u95_mg_m3", "so2_ref_u95_mg_m3", "pm_ref_u95_mg_m3", "hg_ref_u95_mg_m3",
    "nox_verdict", "so2_verdict", "pm_verdict", "hg_verdict",
    "emission_limit_basis", "co2_kg_h", "co2_intensity_kg_gj", "co2_method",
    "engine_version", "reference_versions", "warnings", "error",
)
Q2_METHODS = ("enthalpy", "simple")
#: Whether the uncertainty's copies skip the steps their perturbed input cannot change (False: every copy goes
#: through every step; the two give the same numbers, tests/engine/test_uncertainty.py).
STAGED_COPIES = True
#: With the uncertainty, more rows than this are computed a part at a time (memory: the copies of one part).
UNCERTAINTY_PART_ROWS = 200_000
#: From this many rows on, a batch is shared among the processes :func:`~boilerlab.engine.processes.available_processes`
#: allows (with the uncertainty, and without it): below, starting a worker and taking its results back costs more
#: than it saves.
PARALLEL_MIN_ROWS = {True: 20_000, False: 200_000}


@dataclass
class CanonicalFrame:
    """What the engine takes: test records in the canonical columns, typed, with the row messages found so far
    (built by :func:`boilerlab.intake.canonical.canonical_frame`).

    ``renamed`` maps each file header to the canonical column it was read as.
    """

    frame: pd.DataFrame
    errors: RowMessages
    warnings: RowMessages
    renamed: dict[str, str] = field(default_factory=dict)
    #: Per column, the rows where the intake filled a blank with a default (the barometric pressure).
    defaulted: dict[str, np.ndarray] = field(default_factory=dict)

    def part(self, start: int, stop: int) -> "CanonicalFrame":
        """Rows ``start`` … ``stop − 1`` with their messages, for running a large file in parts."""
        return CanonicalFrame(self.frame.iloc[start:stop], self.errors.part(start, stop),
                              self.warnings.part(start, stop), self.renamed,
                              {name: mask[start:stop] for name, mask in self.defaulted.items()})


def run(canonical: CanonicalFrame, *, reference: ReferenceData | None = None, q2_method: str = "enthalpy",
        deviation_limit: float | None = None, uncertainty: bool = True, processes: int | None = None) -> pd.DataFrame:
    """Compute both efficiencies, the losses and the GB 24500 grade of every test record.

    Parameters
    ----------
    canonical : CanonicalFrame
        Test records as the intake made them; its row messages are copied, not changed, so one canonical frame
        can be run again (another q₂ method, another reference set).
    reference : ReferenceData, optional
        Reference tables; default the shipped ``data/reference``.
    q2_method : {'enthalpy', 'simple'}
        ``enthalpy``: q₂ from the flue-gas enthalpy balance and q₃ from V_gy·CO (detailed test).
        ``simple``: q₂ = (m + n·α)·Δt/100 and q₃ = 3.2·α·CO (简单测试, UNCONFIRMED coefficients).
    deviation_limit : float, optional
        |η₁ − η₂| above which a warning is given; default ``method_deviation_limit``. [percentage points]
    uncertainty : bool
        Compute the expanded uncertainties (k = 2) of η₁, η₂, q₂ and the emissions (:mod:`boilerlab.engine.uncertainty`)
        and let them decide the verdicts (pass / fail / indeterminate); False leaves them blank and the verdicts plain.
    processes : int, optional
        Processes to share the rows among (:mod:`boilerlab.engine.processes`); default all that
        :func:`~boilerlab.engine.processes.available_processes` allows from :data:`PARALLEL_MIN_ROWS` rows on, else
        one. The result is the same whatever the number.

    Returns
    -------
    pandas.DataFrame
        The canonical input columns followed by :data:`RESULT_COLUMNS` (net-basis losses
        ``q2_pct`` … ``q6_pct``). ``q5_pct`` is the surface loss actually used: the measured input
        where given, else the table value corrected to the test load (``q5_source`` says which).
    """
    if q2_method not in Q2_METHODS:
        raise ValueError(f"q2_method must be one of {Q2_METHODS}, {q2_method!r} was given")
    if processes is not None and processes < 1:
        raise ValueError(f"processes must be at least 1, {processes!r} was given")
    ref = reference or load_reference()
    total = len(canonical.frame)
    if processes is None:
        processes = available_processes() if total >= PARALLEL_MIN_ROWS[uncertainty] else 1
    if (processes > 1 and total > 1) or (uncertainty and total > UNCERTAINTY_PART_ROWS):
        # every row is computed on its own (the checks across rows are the intake's): parts give the same rows,
        # and the uncertainty's copies of a part, not of the whole frame, are what is held at once
        largest = UNCERTAINTY_PART_ROWS if uncertainty else total

        def share(start: int, stop: int) -> list[pd.DataFrame]:
            return [run(canonical.part(first, min(first + largest, stop)), reference=ref, q2_method=q2_method,
                        deviation_limit=deviation_limit, uncertainty=uncertainty, processes=1)
                    for first in range(start, stop, largest)]

        inputs = [name for name in canonical.frame.columns if name not in RESULT_COLUMNS]

        def received(sent: pd.DataFrame, first: int) -> pd.DataFrame:  # a worker's numbers beside the part's inputs
            data = canonical.frame.iloc[first:first + len(sent)]
            return pd.DataFrame({**{name: data[name] for name in inputs}, **{name: sent[name] for name in sent.columns}},
                                copy=False)

        # a worker sends its numbers only: the inputs are here already
        return joined_parts(in_processes(total, processes, share, to_send=lambda result: result.iloc[:, len(inputs):],
                                         received=received))
    data, errors, warnings = canonical.frame, canonical.errors.copy(), canonical.warnings.copy()
    n = len(data)
    rows = Rows(data)
    out: dict[str, Any] = {}

    # the states of this evaluation are kept for the uncertainty's perturbed copies, which repeat most of them
    with remembered_states() if uncertainty else contextlib.nullcontext({}) as states:
        fuel, direct, before_surface_loss, indirect = _efficiency_steps(data, rows, ref, q2_method, errors, warnings)

    impossible_efficiencies(data, direct["eta"], indirect["eta"], ref, errors)
    implausible_results(data, rows, direct["heat_output"], direct["eta"], indirect["eta"], ref, errors)
    failed = errors.any()
    eta1 = np.where(failed, np.nan, direct["eta"])
    eta2 = np.where(failed, np.nan, indirect["eta"])
    lhv, hhv = fuel["lhv"], fuel["hhv"]
    ratio = np.where(fuel["state"] == "electric", 1.0, lhv / hhv)

    out["heat_output_kw"] = np.where(failed, np.nan, direct["heat_output"])
    out["eta_direct_pct"] = eta1
    out["excess_air_ratio"] = np.where(failed, np.nan, indirect["alpha"])
    for key in ("q2", "q3", "q4", "q5", "q6"):  # a solid fuel without ash data has q₂, q₃, q₅ but no η₂
        out[f"{key}_pct"] = np.where(failed, np.nan, indirect[key])
    out["q5_source"] = blank_where(indirect["q5_source"], np.isnan(out["q5_pct"]))
    out["eta_indirect_pct"] = eta2
    out["eta_direct_gross_pct"] = eta1 * ratio
    out["eta_indirect_gross_pct"] = eta2 * ratio
    # q₂ on the gross basis adds the latent heat of the fuel's water (Q_gr − Q_net) to the same heat.
    out["q2_gross_pct"] = (out["q2_pct"] * lhv + 100.0 * (hhv - lhv)) / hhv
    out["q3_gross_pct"] = out["q3_pct"] * ratio
    deviation = eta1 - eta2
    out["method_deviation_pct"] = deviation
    limit = ref.constant("method_deviation_limit") if deviation_limit is None else deviation_limit
    warnings.add(np.abs(deviation) > limit,
                 f"正反平衡效率偏差 |η₁ − η₂| 超过 {limit:g} 个百分点")

    plausibility_warnings(data, rows, fuel, eta1, eta2, indirect, ref, warnings)
    governing, method = governing_efficiency(data, rows, eta1, eta2, ref)
    def evaluate_copies(frame: pd.DataFrame, copy_errors: RowMessages, stages: frozenset[str],
                        index: np.ndarray) -> dict[str, np.ndarray]:
        """The efficiencies of copies of the records (row i a copy of record ``index[i]``); the parts ``stages``
        does not name are taken from this evaluation (:data:`boilerlab.engine.uncertainty.COPY_STAGES`)."""
        if not STAGED_COPIES:
            stages = ALL_STAGES
        copy_warnings, copy_rows = RowMessages(len(frame)), Rows(frame)
        with recalled_states(states):
            copy_fuel = resolve_fuel(frame, copy_rows, ref, copy_errors, copy_warnings) if "fuel" in stages else \
                taken(fuel, index)
            heat = useful_heat(frame, copy_rows, copy_errors, copy_warnings) if "heat_output" in stages else \
                direct["heat_output"][index]
            eta1 = fuel_input_efficiency(copy_rows, copy_fuel, heat, copy_warnings) if "fuel_input" in stages else \
                direct["eta"][index]
            partial = losses_but_surface(frame, copy_rows, copy_fuel, ref, q2_method, copy_errors, copy_warnings) \
                if "losses" in stages else taken(before_surface_loss, index)
            if "surface_loss" in stages:
                copy_indirect = surface_loss_and_efficiency(partial, frame, copy_rows, heat, ref, copy_warnings)
                eta2, q2 = copy_indirect["eta"], copy_indirect["q2"]
            else:
                eta2, q2 = indirect["eta"][index], indirect["q2"][index]
        return {"eta1": eta1, "eta2": eta2, "q2": q2}

    spread = uncertainty_results(canonical, fuel, indirect, {"eta1": eta1, "eta2": eta2, "q2": out["q2_pct"]}, method,
                                 ref, evaluate_copies, warnings) if uncertainty else blank_uncertainty(n)
    out.update(spread)
    out.update(single_run(n))
    combined = np.sqrt(spread["eta_direct_u95_pp"] ** 2 + spread["eta_indirect_u95_pp"] ** 2)
    warnings.add(np.abs(deviation) > combined,
                 "正反平衡效率偏差 |η₁ − η₂| 超过两者扩展不确定度的合成值 √(U₁² + U₂²)")
    graded = grade_gb24500(governing, data["fuel_kind"].array, data["combustion"].array,
                           data["condensing"].to_numpy(bool), data["boiler_kind"].array,
                           rows["rated_capacity_t_h"], rows["rated_capacity_mw"], np.where(
                               fuel["state"] == "solid", lhv, np.nan), fuel["vdaf"], reference=ref)
    out["gb24500_grade"] = blank_where(graded["grade"].array, failed, "n/a")
    out["gb24500_limit_pct"] = graded["limit_pct"].to_numpy(float)
    # the band edges, so that a chart draws the bands without grading again
    out["gb24500_grade2_pct"] = graded["grade_2_pct"].to_numpy(float)
    out["gb24500_grade1_pct"] = graded["grade_1_pct"].to_numpy(float)
    meets = graded["meets_limit"].array.copy()
    meets[failed] = pd.NA
    out["gb24500_meets_limit"] = meets
    note = graded["note"].to_numpy(object)
    warnings.add_each((note != "") & ~failed & ~np.isnan(governing), note[(note != "") & ~failed & ~np.isnan(governing)])
    out["eta_governing_pct"] = governing
    out.update(inuse_results(data, governing, out["gb24500_limit_pct"], failed, q2_method, ref,
                             spread["eta_governing_u95_pp"]))
    out["governing_method"] = method
    out["excess_air_method"] = blank_where(indirect["alpha_method"], failed)
    out["q2_method"] = choose([~np.isnan(eta2)], ["simple (简单测试)" if q2_method == "simple" else "enthalpy"])
    out["lhv_used"] = lhv
    out["hhv_used"] = hhv
    out["fuel_basis_unit"] = choose([fuel["state"] == "gas", fuel["state"] == "electric"], ["kJ/Nm3", ""], "kJ/kg")
    out["engine_version"] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[ENGINE_VERSION])
    out["reference_versions"] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[ref.version_stamp()])

    out.update(emission_results(data, rows, failed, ref, warnings, uncertainty))
    out.update(carbon_results(data, rows, fuel, out["heat_output_kw"], failed, ref, warnings))

    neither = ~failed & np.isnan(eta1) & np.isnan(eta2)
    errors.add(neither, "正平衡与反平衡均无法计算, 原因见警告")
    out["warnings"] = warnings.text()
    out["error"] = errors.text()
    inputs = {name: data[name] for name in data.columns if name not in RESULT_COLUMNS}
    # copy=False keeps one block per column: consolidating a million-row frame would cost a second
    return pd.DataFrame({**inputs, **out}, copy=False)


def joined_parts(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The result frames of consecutive parts as one frame, text columns kept as categories.

    ``pd.concat`` turns a category column whose categories differ between parts (the warnings, the contributors)
    into plain text, which costs a second per million rows; its categories are joined first instead.
    """
    if len(parts) == 1:
        return parts[0]
    columns = {}
    for name in parts[0].columns:
        pieces = [part[name] for part in parts]
        if all(isinstance(piece.dtype, pd.CategoricalDtype) for piece in pieces):
            columns[name] = pd.api.types.union_categoricals([piece.array for piece in pieces])
        else:
            columns[name] = pd.concat(pieces, ignore_index=True).array
    index = parts[0].index.append([part.index for part in parts[1:]])
    return pd.DataFrame(columns, index=index, copy=False)


class TakenRows(Mapping):
    """A step's results (a mapping of per-row arrays) for copies of the records ``index``, each item taken when it
    is first read: a copy reads only a few of the fuel's thirty items."""

    def __init__(self, values: Mapping, index: np.ndarray) -> None:
        self._values, self._index, self._taken = values, index, {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._taken:
            self._taken[key] = taken(self._values[key], self._index)
        return self._taken[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def taken(value: Any, index: np.ndarray) -> Any:
    """A step's per-row results for copies of the records ``index``."""
    if isinstance(value, np.ndarray):
        return value[index]
    if isinstance(value, Mapping):
        return TakenRows(value, index)
    if isinstance(value, Labels):
        return value.taken(index)
    if isinstance(value, pd.Categorical):
        return pd.Categorical.from_codes(value.codes[index], categories=value.categories)
    if isinstance(value, (pd.Series, pd.api.extensions.ExtensionArray)):
        return np.asarray(value, dtype=object)[index]
    raise TypeError(f"cannot take the rows of a step result of type {type(value).__name__}")


def _efficiency_steps(data: pd.DataFrame, rows: Rows, ref: ReferenceData, q2_method: str, errors: RowMessages,
                      warnings: RowMessages) -> tuple[dict, dict, dict, dict]:
    """The fuel, the direct method, the losses but q₅, and the heat-loss method: what the uncertainty evaluates
    again, in part, on its copies."""
    fuel = resolve_fuel(data, rows, ref, errors, warnings)
    direct = direct_method(data, rows, fuel, errors, warnings)
    partial = losses_but_surface(data, rows, fuel, ref, q2_method, errors, warnings)
    indirect = surface_loss_and_efficiency(partial, data, rows, direct["heat_output"], ref, warnings)
    return fuel, direct, partial, indirect
