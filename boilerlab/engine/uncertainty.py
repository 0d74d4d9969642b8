"""Step 2b: the expanded uncertainty of η₁, η₂ and q₂ (GUM law of propagation, sensitivities by finite increments).

Each input with an uncertainty — every measured column of ``instrument_uncertainty`` and, as Type B, the defaulted
values (barometric pressure, air humidity, steam humidity, a computed or library heating value, the q₅ table) — is
raised by one standard uncertainty uᵢ in its own copy of the records; all copies go through the efficiency
steps in one batched evaluation (ASME PTC 19.1-2018 §7-3.2, sensitivities by finite increments), so
cᵢ·uᵢ = y(x + uᵢ) − y(x) and u²(y) = Σ (cᵢ·uᵢ)² (JCGM 100:2008 eq. 10, inputs taken as uncorrelated). q₅ enters η₂
with sensitivity −1 exactly (η₂ = 100 − Σq) and needs no copy. Type A from repeated runs is not included: a test
of several runs is not evaluated as such yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.constants import DEFAULT_AIR_HUMIDITY_G_KG
from boilerlab.base.reference import ReferenceData
from boilerlab.base.row_messages import RowMessages
from boilerlab.base.vocabulary import column_name, label
from boilerlab.standards.uncertainty import expanded, standard_uncertainty

#: The most copies (records × inputs) evaluated in one batch: a small file is one batch; a million records go in parts.
BATCH_ROWS = 1_500_000
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
        if name == "heating_value":
            value = fuel["lhv"]
            given = np.zeros(n, bool)
            for column in HEATING_VALUE_COLUMNS:
                if column in data:
                    given |= ~np.isnan(data[column].to_numpy(float, na_value=np.nan))
            burns = ~(fuel["state"] == "electric")
            default = ~given & burns
            given &= burns
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
                    default |= np.isnan(value)
                    value = np.where(np.isnan(value), fill, value)
        u = np.where(given, standard_uncertainty(value, row["basis"], float(row["accuracy"]), row["distribution"]), 0.0)
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
              efficiencies: Callable[[pd.DataFrame, RowMessages], dict[str, np.ndarray]],
              warnings: RowMessages) -> dict[str, Any]:
    """U (k = 2) of η₁, η₂ and q₂, and the three largest contributors to the governing efficiency's variance.

    ``efficiencies(frame, errors)`` evaluates the efficiency steps on a frame and returns ``eta1``, ``eta2``, ``q2``.
    """
    n = len(data)
    names = [name for name in inputs if name != "q5"]
    effects = {key: np.zeros((len(names) + 1, n)) for key in ("eta1", "eta2", "q2")}
    per_batch = max(1, BATCH_ROWS // max(n, 1) - 1)
    for start in range(0, len(names), per_batch):
        chunk = names[start:start + per_batch]
        stacked = pd.concat([data] * (len(chunk) + 1), ignore_index=True)  # copy 0: the unperturbed records
        for i, name in enumerate(chunk, start=1):
            u = inputs[name][0]
            if name == "heating_value":  # the value used, raised, given as the net heating value of its basis
                gas = fuel["state"] == "gas"
                _raise(stacked, "lhv_kj_nm3", i, n, gas & (u > 0), fuel["lhv"] + u)
                _raise(stacked, "lhv_ar_kj_kg", i, n, ~gas & (u > 0), fuel["lhv"] + u)
                continue
            current = stacked[name].to_numpy(float, na_value=np.nan)[i * n:(i + 1) * n]
            if name in BLANK_FILLS:
                current = np.where(np.isnan(current), BLANK_FILLS[name], current)
            _raise(stacked, name, i, n, u > 0, current + u)
        result = efficiencies(stacked, RowMessages(len(stacked)))
        for key in effects:
            y = np.asarray(result[key], dtype=float).reshape(len(chunk) + 1, n)
            effects[key][start + 1:start + 1 + len(chunk)] = y[1:] - y[0]
    # q₅: η₂ = 100 − Σq, so c = −1 for η₂ and 0 for η₁ and q₂
    u_q5 = inputs.get("q5", (np.zeros(n), None))[0]
    effects["eta2"][0] = np.where(np.isnan(base["eta2"]), 0.0, -u_q5)
    order = ["q5", *names]
    unusable = np.isnan(effects["eta1"]) | np.isnan(effects["eta2"]) | np.isnan(effects["q2"])
    lost = unusable.any(axis=0) & ~(np.isnan(base["eta1"]) & np.isnan(base["eta2"]))
    warnings.add(lost, "不确定度: 个别输入增加一个标准不确定度后无法计算, 其影响未计入")
    out = {}
    for key, column in (("eta1", "eta_direct_u95_pp"), ("eta2", "eta_indirect_u95_pp"), ("q2", "q2_u95_pp")):
        variance = np.nansum(effects[key] ** 2, axis=0)
        out[column] = np.where(np.isnan(base[key]), np.nan, expanded(variance))
    out["_effects"] = effects
    out["_order"] = order
    return out


def _raise(stacked: pd.DataFrame, column: str, copy: int, n: int, where: np.ndarray, raised: np.ndarray) -> None:
    """Copy ``copy`` of ``column`` set to ``raised`` where ``where`` holds."""
    values = stacked[column].to_numpy(float, na_value=np.nan).copy()  # never write into the frame's own array
    part = values[copy * n:(copy + 1) * n]
    values[copy * n:(copy + 1) * n] = np.where(where, raised, part)
    stacked[column] = values


def contributors(effects: np.ndarray, order: list[str], defaulted: dict[str, np.ndarray]) -> pd.Categorical:
    """The three largest contributors (cᵢuᵢ)² to a variance, largest first, as Chinese names; '' where none."""
    n = effects.shape[1]
    share = np.nan_to_num(effects ** 2)
    top = np.argsort(-share, axis=0, kind="stable")[:3]  # (3, n) input indices
    k = len(order)
    # each contributor as an index into [name, name (缺省值)] pairs
    flags = np.stack([defaulted[name] if defaulted.get(name) is not None else np.zeros(n, bool) for name in order])
    chosen = top * 2 + np.take_along_axis(flags, top, axis=0).astype(np.int64)
    present = np.take_along_axis(share, top, axis=0) > 0
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
