"""Step 2b: the expanded uncertainty of η₁, η₂ and q₂ (GUM law of propagation, sensitivities by finite increments).

Each input with an uncertainty — every measured column of ``instrument_uncertainty`` and, as Type B, the defaulted
values (barometric pressure, air humidity, steam humidity, a computed or library heating value, the q₅ table) — is
raised by one standard uncertainty uᵢ in its own copy of the records it reaches; the copies go through the parts
of the efficiency steps that input can change in batched evaluations, never a loop over records (ASME PTC
19.1-2018 §7-3.2, sensitivities by finite increments), so
cᵢ·uᵢ = y(x + uᵢ) − y(x) and u²(y) = Σ (cᵢ·uᵢ)² (JCGM 100:2008 eq. 10, inputs taken as uncorrelated). q₅ enters η₂
with sensitivity −1 exactly (η₂ = 100 − Σq) and needs no copy. This is the Type B of one run; the Type A of a test
of several runs is added where the runs are combined (:mod:`boilerlab.engine.runs`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.constants import DEFAULT_AIR_HUMIDITY_G_KG
from boilerlab.base.reference import ReferenceData
from boilerlab.base.row_messages import RowMessages
from boilerlab.base.row_messages import column_name
from boilerlab.base.vocabulary import label
from boilerlab.standards.uncertainty import expanded, standard_uncertainty

#: The most copies (records × inputs) evaluated in one batch: a small file is one batch; a million records go in parts.
BATCH_ROWS = 500_000
HEATING_VALUE_COLUMNS = ("lhv_kj_nm3", "hhv_kj_nm3", "lhv_ar_kj_kg", "hhv_ar_kj_kg")
#: What the engine takes for a blank input that has a default uncertainty (engine.indirect, engine.direct).
BLANK_FILLS = {"air_humidity_g_kg": DEFAULT_AIR_HUMIDITY_G_KG, "steam_humidity_pct": 0.0}


def _input_name(name: str, defaulted: bool) -> str:
    text = label("uncertainty_input", name) if name in ("heating_value", "q5") else column_name(name)
    return f"{text} (缺省值)" if defaulted else text


def input_uncertainties(data: pd.DataFrame, fuel: dict[str, np.ndarray], q5: np.ndarray, q5_from_table: np.ndarray,
                        defaulted: dict[str, np.ndarray], ref: ReferenceData) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per input: (standard uncertainty u per row, whether the value was a default) — 0 where the input is unused."""
    table = ref.tables["instrument_uncertainty"].set_index("column")
    n = len(data)
    out = {}
    for name, row in table.iterrows():
        if name in ("nox_mg_m3", "so2_mg_m3", "pm_mg_m3", "hg_mg_m3", "emission_o2_pct"):
            continue  # the emissions' uncertainty is propagated analytically (engine.emissions)
        if name == "heating_value_from_composition":
            continue  # used with heating_value
        if name == "heating_value":
            value = fuel["lhv"]
            given = np.zeros(n, bool)
            for column in HEATING_VALUE_COLUMNS:
                if column in data:
                    given |= ~np.isnan(data[column].to_numpy(float, na_value=np.nan))
            burns = ~(fuel["state"] == "electric")
            # computed (ISO 6976) from the gas's own analysis: that analysis's uncertainty, not a default's
            from_analysis = ~given & burns & np.asarray(fuel["composition_measured"], dtype=bool)
            given = (given & burns) | from_analysis
            default = ~given & burns
            analysis_row = table.loc["heating_value_from_composition"]
            u_analysis = standard_uncertainty(value, analysis_row["basis"], float(analysis_row["accuracy"]),
                                              analysis_row["distribution"])
        elif name == "q5":
            value, given, default = q5, ~q5_from_table, q5_from_table
        elif name not in data:
            continue
        else:
            value = data[name].to_numpy(float, na_value=np.nan).copy()
            default = defaulted.get(name, np.zeros(n, bool)).copy()
            given = ~np.isnan(value) & ~default
            if isinstance(row["default_basis"], str) and row["default_basis"]:
                # a blank the engine fills (humidity, steam humidity): the default it uses gets the default's u
                fill = BLANK_FILLS.get(name)
                if fill is not None:
                    blank = np.isnan(value)
                    if name == "steam_humidity_pct":  # only a steam boiler's output depends on it
                        blank &= np.asarray(data["boiler_kind"], dtype=object) == "steam"
                    default |= blank
                    value = np.where(np.isnan(value), fill, value)
        u = np.where(given, standard_uncertainty(value, row["basis"], float(row["accuracy"]), row["distribution"]), 0.0)
        if name == "heating_value":
            u = np.where(from_analysis, u_analysis, u)
        if isinstance(row["default_basis"], str) and row["default_basis"]:
            u_default = standard_uncertainty(value, row["default_basis"], float(row["default_accuracy"]),
                                             row["default_distribution"])
            u = np.where(default & ~given, u_default, u)
        u = np.nan_to_num(np.asarray(u, dtype=float))
        if (u > 0).any():
            out[name] = (u, default & ~given)
    return out


def propagate(data: pd.DataFrame, fuel: dict[str, np.ndarray], base: dict[str, np.ndarray],
              inputs: dict[str, tuple[np.ndarray, np.ndarray]],
              efficiencies: Callable[[pd.DataFrame, RowMessages, frozenset[str], np.ndarray], dict[str, np.ndarray]],
              warnings: RowMessages) -> dict[str, Any]:
    """U (k = 2) of η₁, η₂ and q₂, and the three largest contributors to the governing efficiency's variance.

    ``efficiencies(frame, errors, stages, index)`` evaluates the efficiency steps on a frame of copies, row i a
    copy of record ``index[i]``, and returns ``eta1``, ``eta2``, ``q2``; ``stages`` (:data:`COPY_STAGES`) names the
    parts the perturbed inputs can change. Each copy is compared with the evaluation already made (``base``: NaN
    where a record failed, which gets no uncertainty).
    """
    n = len(data)
    groups: dict[frozenset[str], list[str]] = {}
    for name in inputs:
        if name != "q5":
            groups.setdefault(COPY_STAGES.get(name, ALL_STAGES), []).append(name)
    names = [name for group in groups.values() for name in group]
    order = ["q5", *names]
    # a copy whose efficiency can be unchanged where its input has no uncertainty starts as y₀ − y₀ (0, or NaN
    # where y₀ is)
    effects = {key: np.broadcast_to(base[key] - base[key], (len(order), n)).copy() for key in ("eta1", "eta2", "q2")}
    for stages, group in groups.items():
        # copies of only the records the input reaches (the water and steam states they leave unchanged are
        # recalled from the evaluation already made, steam.recalled_states)
        batch: list[tuple[str, np.ndarray]] = []
        for name in group:
            records = np.flatnonzero(inputs[name][0] > 0) if ROW_SUBSETS else np.arange(n)
            if batch and sum(len(r) for _, r in batch) + len(records) > BATCH_ROWS:
                _evaluate_batch(data, fuel, base, inputs, batch, stages, efficiencies, effects, order)
                batch = []
            batch.append((name, records))
        if batch:
            _evaluate_batch(data, fuel, base, inputs, batch, stages, efficiencies, effects, order)
    # q₅: η₂ = 100 − Σq, so c = −1 for η₂ and 0 for η₁ and q₂
    u_q5 = inputs.get("q5", (np.zeros(n), None))[0]
    effects["eta2"][0] = np.where(np.isnan(base["eta2"]), np.nan, -u_q5)
    effects["eta1"][0] = np.where(np.isnan(base["eta1"]), np.nan, 0.0)
    effects["q2"][0] = np.where(np.isnan(base["q2"]), np.nan, 0.0)
    # a raised input that makes a computable efficiency uncomputable: its effect is not known
    lost = np.zeros(n, dtype=bool)
    for key in effects:
        lost |= np.isnan(effects[key]).any(axis=0) & ~np.isnan(base[key])
    warnings.add(lost, "不确定度: 个别输入增加一个标准不确定度后无法计算, 其影响未计入")
    out = {}
    for key, column in (("eta1", "eta_direct_u95_pp"), ("eta2", "eta_indirect_u95_pp"), ("q2", "q2_u95_pp")):
        variance = np.nansum(effects[key] ** 2, axis=0)
        out[column] = np.where(np.isnan(base[key]), np.nan, expanded(variance))
    out["_effects"] = effects
    out["_order"] = order
    return out


def _evaluate_batch(data: pd.DataFrame, fuel: dict[str, np.ndarray], base: dict[str, np.ndarray],
                    inputs: dict[str, tuple[np.ndarray, np.ndarray]], batch: list[tuple[str, np.ndarray]],
                    stages: frozenset[str], efficiencies: Callable, effects: dict[str, np.ndarray],
                    order: list[str]) -> None:
    """One batch of copies, each input raised by its u on its own records, evaluated at once; effects written."""
    index = np.concatenate([records for _, records in batch])
    stacked = CopiedRecords(data, index)
    raised: dict[str, np.ndarray] = {}  # column → its values in the stack, perturbed

    def column(name: str) -> np.ndarray:
        if name not in raised:
            raised[name] = data[name].to_numpy(float, na_value=np.nan)[index]  # a new array, never the frame's
        return raised[name]

    start = 0
    for name, records in batch:
        part = slice(start, start + len(records))
        start += len(records)
        u = inputs[name][0][records]
        if name == "heating_value":  # the value used, raised, given as the net heating value of its basis
            gas = fuel["state"][records] == "gas"
            value = fuel["lhv"][records] + u
            for target, where in (("lhv_kj_nm3", gas & (u > 0)), ("lhv_ar_kj_kg", ~gas & (u > 0))):
                values = column(target)
                values[part] = np.where(where, value, values[part])
            continue
        values = column(name)
        current = values[part]
        if name in BLANK_FILLS:
            current = np.where(np.isnan(current), BLANK_FILLS[name], current)
        values[part] = np.where(u > 0, current + u, values[part])
        if name == "slag_share_pct":  # the two shares sum to 100 %: the fly ash gives what the slag takes
            flyash = column("flyash_share_pct")
            flyash[part] = np.where((u > 0) & ~np.isnan(flyash[part]), flyash[part] - u, flyash[part])
    for name, values in raised.items():
        stacked.replace(name, values)
    result = efficiencies(stacked, RowMessages(len(stacked)), stages, index)
    start = 0
    for name, records in batch:
        row = order.index(name)
        for key in effects:
            y = np.asarray(result[key], dtype=float)[start:start + len(records)]
            effects[key][row, records] = y - base[key][records]
        start += len(records)


class CopiedRecords:
    """Copies of records ``index`` of ``frame``, as the efficiency steps read a frame (``len``, ``frame[column]``),
    each column taken when it is first read: the steps read a few dozen of the record's columns."""

    def __init__(self, frame: pd.DataFrame, index: np.ndarray) -> None:
        self._frame, self._index, self._columns = frame, index, {}

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, name: object) -> bool:
        return name in self._frame

    def __getitem__(self, name: str) -> pd.Series:
        if name not in self._columns:
            self._columns[name] = pd.Series(self._frame[name].array.take(self._index), name=name)
        return self._columns[name]

    def replace(self, name: str, values: np.ndarray) -> None:
        """Column ``name`` of the copies set to ``values`` (an input raised)."""
        self._columns[name] = pd.Series(values, name=name)


def contributors(effects: np.ndarray, order: list[str], defaulted: dict[str, np.ndarray]) -> pd.Categorical:
    """The three largest contributors (cᵢuᵢ)² to a variance, largest first, as Chinese names; '' where none."""
    n = effects.shape[1]
    share = np.nan_to_num(effects ** 2)
    k = len(order)
    top = np.argsort(-share, axis=0, kind="stable")[:3]  # (3, n) input indices; fewer where fewer inputs
    top = np.concatenate([top, np.zeros((3 - len(top), n), dtype=top.dtype)]) if len(top) < 3 else top
    # each contributor as an index into [name, name (缺省值)] pairs
    flags = np.stack([defaulted[name] if defaulted.get(name) is not None else np.zeros(n, bool) for name in order])
    chosen = top * 2 + np.take_along_axis(flags, top, axis=0).astype(np.int64)
    present = (np.take_along_axis(share, top, axis=0) > 0) & (np.arange(3) < k)[:, None]
    chosen = np.where(present, chosen, 2 * k)  # 2k: nothing
    code = (chosen[0] * (2 * k + 1) + chosen[1]) * (2 * k + 1) + chosen[2]
    inverse, uniques = pd.factorize(code)
    labels = [_input_name(order[i // 2], bool(i % 2)) for i in range(2 * k)] + [""]
    texts = []
    for value in uniques:
        parts = [int(value) // (2 * k + 1) ** 2, int(value) // (2 * k + 1) % (2 * k + 1), int(value) % (2 * k + 1)]
        texts.append("、".join(labels[p] for p in parts if p < 2 * k))
    categories = list(dict.fromkeys(texts))
    return pd.Categorical.from_codes(np.array([categories.index(t) for t in texts], dtype=np.int64)[inverse]
                                     if len(texts) else np.zeros(n, np.int64), categories=categories or [""])


#: The parts of the efficiency steps, in the order they are computed: the fuel (engine.fuel), the useful heat Q₁ and
#: the fuel input B·Q_r (engine.direct), the losses but q₅ and then q₅ with η₂ (engine.indirect).
ALL_STAGES = frozenset(("fuel", "heat_output", "fuel_input", "losses", "surface_loss"))
#: The parts an input's copies must compute again (by what each part reads); the others are taken from the
#: evaluation already made. q₅ (the surface loss) and η₂ are recomputed whenever a loss or the load changes. An
#: input not named here goes through every part. Checked against all parts in tests/engine/test_uncertainty.py.
COPY_STAGES = {**dict.fromkeys(("flue_temp_c", "air_temp_c", "flue_o2_pct", "flue_co2_pct", "flue_co_ppm",
                                "air_humidity_g_kg", "slag_combustible_pct", "flyash_combustible_pct",
                                "slag_share_pct", "slag_temp_c"), frozenset(("losses", "surface_loss"))),
               **dict.fromkeys(("fuel_rate_nm3_h", "fuel_rate_kg_h", "electric_power_kw"), frozenset(("fuel_input",))),
               # the heat output: η₁, and η₂ through the load that corrects the table's q₅
               **dict.fromkeys(("steam_flow_kg_h", "water_flow_kg_h", "steam_pressure_mpa_g", "steam_temp_c",
                                "feedwater_temp_c", "supply_temp_c", "return_temp_c", "steam_humidity_pct",
                                "blowdown_flow_kg_h"), frozenset(("heat_output", "fuel_input", "surface_loss"))),
               # the pressure of every water and steam state, and the flue gas's dew point
               "barometric_kpa": frozenset(("heat_output", "fuel_input", "losses", "surface_loss")),
               # the fuel's data and the input B·Q_r; the heat output does not depend on them
               "heating_value": ALL_STAGES - {"heat_output"}}
#: Whether an input's copies hold only the records it reaches (u > 0) (False: whole copies; the two give the same
#: numbers, tests/engine/test_uncertainty.py).
ROW_SUBSETS = True


#: The result columns this step fills.
UNCERTAINTY_COLUMNS = ("eta_direct_u95_pp", "eta_indirect_u95_pp", "q2_u95_pp", "eta_governing_u95_pp",
                       "u95_contributors")


def blank_uncertainty(n: int) -> dict[str, Any]:
    """The uncertainty columns left blank (``uncertainty=False``)."""
    out: dict[str, Any] = {name: np.full(n, np.nan) for name in UNCERTAINTY_COLUMNS[:-1]}
    out["u95_contributors"] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[""])
    return out


def uncertainty_results(canonical: Any, fuel: dict[str, np.ndarray], indirect: dict[str, Any],
                        base: dict[str, np.ndarray], method: pd.Categorical, ref: ReferenceData,
                        evaluate_copies: Callable[[pd.DataFrame, RowMessages, frozenset[str], np.ndarray],
                                                  dict[str, np.ndarray]],
                        warnings: RowMessages) -> dict[str, Any]:
    """U (k = 2) of η₁, η₂, q₂ and of the governing efficiency, and the three largest contributors to the latter."""
    data = canonical.frame
    q5 = np.asarray(indirect["q5"], dtype=float)
    source = np.asarray(indirect["q5_source"], dtype=object)
    q5_from_table = ~np.isnan(q5) & (source != "measured")
    inputs = input_uncertainties(data, fuel, np.nan_to_num(q5), q5_from_table, canonical.defaulted, ref)
    spread = propagate(data, fuel, base, inputs, evaluate_copies, warnings)
    effects, order = spread.pop("_effects"), spread.pop("_order")
    chosen = np.asarray(method, dtype=object)
    indirect_governs = chosen == "indirect"
    direct_governs = chosen == "direct"
    spread["eta_governing_u95_pp"] = np.select([indirect_governs, direct_governs],
                                               [spread["eta_indirect_u95_pp"], spread["eta_direct_u95_pp"]], np.nan)
    governing_effects = np.where(indirect_governs[None, :], effects["eta2"], effects["eta1"])
    governing_effects[:, ~(indirect_governs | direct_governs)] = 0.0
    defaulted = {name: flags for name, (_, flags) in inputs.items()}
    spread["u95_contributors"] = contributors(governing_effects, order, defaulted)
    return spread
