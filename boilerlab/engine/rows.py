"""Column access the engine's steps share: float columns as read-only arrays, text columns compared through
their category codes, and text results built as Categoricals (cheap on a million rows)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd




class Rows:
    """Float columns of the prepared frame as read-only arrays, each converted once."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._cache: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._cache:
            values = self.frame[name].to_numpy(dtype=float, na_value=np.nan)
            values.flags.writeable = False  # shared by every caller: nobody may edit it in place
            self._cache[name] = values
        return self._cache[name]


class Labels:
    """A category column compared through its integer codes (fast on a million rows)."""

    def __init__(self, values: Any) -> None:
        categorical = values if isinstance(values, pd.Categorical) else pd.Categorical(values)
        self.codes = np.asarray(categorical.codes)
        self.categories = list(categorical.categories)

    def __eq__(self, label: object) -> np.ndarray:  # type: ignore[override]
        if label not in self.categories:
            return np.zeros(self.codes.shape, dtype=bool)
        return self.codes == self.categories.index(label)

    def __getitem__(self, mask: np.ndarray) -> np.ndarray:
        return np.array(self.categories + [None], dtype=object)[self.codes[mask]]

    def taken(self, index: np.ndarray) -> "Labels":
        """The labels of the rows ``index`` (copies of the rows, in any order)."""
        out = Labels.__new__(Labels)
        out.codes, out.categories = self.codes[index], self.categories
        return out

    def present(self, mask: np.ndarray) -> list[str]:
        """The labels that occur where ``mask`` is true."""
        return [self.categories[c] for c in np.unique(self.codes[mask]) if c >= 0]


def text_labels(frame: pd.DataFrame, name: str) -> Labels:
    return Labels(frame[name].array)


def blank_where(labels: pd.Categorical, mask: np.ndarray, blank: str = "") -> pd.Categorical:
    """``labels`` with ``blank`` where ``mask`` is true."""
    categories = list(labels.categories)
    if blank not in categories:
        categories.append(blank)
    codes = np.where(mask, categories.index(blank), np.asarray(labels.codes))
    return pd.Categorical.from_codes(codes, categories=categories)


def choose(conditions: list[np.ndarray], labels: list[str], default: str = "") -> pd.Categorical:
    """Like ``np.select`` for text, but built as a Categorical (cheap for a million rows)."""
    categories = list(dict.fromkeys([*labels, default]))
    codes = np.select(conditions, [categories.index(label) for label in labels], categories.index(default))
    return pd.Categorical.from_codes(codes, categories=categories)



def on_rows(mask: np.ndarray, compute, n: int) -> np.ndarray:
    """Evaluate ``compute(mask)`` on the masked rows only (CoolProp is the costly part)."""
    out = np.full(n, np.nan)
    if mask.any():
        out[mask] = np.asarray(compute(mask), dtype=float)
    return out
