"""Per-row warnings and errors for batch work, collected without a Python loop over rows.

Fixed messages are bits of a per-row mask; only the few distinct masks are joined into text.
Messages that quote a row's own value (column, value, valid range) are formatted for the
offending rows only, and kept as codes into their distinct texts: a note repeated on a million rows
(the grade table has no row for this fuel) is one text, not a million.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boilerlab.base.values import number_shown
from boilerlab.base.vocabulary import BY_NAME


class RowMessages:
    """Messages for ``size`` rows, joined with '; ' into one text per row."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._fixed: list[str] = []
        self._masks: list[np.ndarray] = []
        # one entry per add_each call: the rows, each row's code into the call's distinct texts, the texts
        self._each: list[tuple[np.ndarray, np.ndarray, list[str]]] = []

    def copy(self) -> "RowMessages":
        """An independent copy: adding to it leaves this one as it is."""
        other = RowMessages(self.size)
        other._fixed = list(self._fixed)
        other._masks = [mask.copy() for mask in self._masks]
        other._each = list(self._each)  # the arrays are never changed in place
        return other

    def part(self, start: int, stop: int) -> "RowMessages":
        """The messages of rows ``start`` … ``stop − 1``, renumbered from 0."""
        stop = min(stop, self.size)
        other = RowMessages(stop - start)
        other._fixed = list(self._fixed)
        other._masks = [mask[start:stop].copy() for mask in self._masks]
        for rows, codes, texts in self._each:
            inside = (rows >= start) & (rows < stop)
            if inside.any():
                other._each.append((rows[inside] - start, codes[inside], texts))
        return other

    def add(self, mask: np.ndarray, message: str) -> None:
        """Attach ``message`` to every row where ``mask`` is true."""
        mask = np.broadcast_to(np.asarray(mask, dtype=bool), (self.size,))
        if not mask.any():
            return
        if message in self._fixed:
            self._masks[self._fixed.index(message)] |= mask
        else:
            self._fixed.append(message)
            self._masks.append(mask.copy())

    def add_each(self, mask: np.ndarray, texts: "list[str] | np.ndarray") -> None:
        """Attach row-specific texts; ``texts`` is indexed like the rows where ``mask`` is true."""
        rows = np.flatnonzero(np.broadcast_to(np.asarray(mask, dtype=bool), (self.size,)))
        if len(rows):
            codes, distinct = pd.factorize(np.asarray(texts, dtype=object))
            self._each.append((rows, codes.astype(np.int64), [str(text) for text in distinct]))

    def any(self) -> np.ndarray:
        """Rows with at least one message."""
        out = np.zeros(self.size, dtype=bool)
        for mask in self._masks:
            out |= mask
        for rows, _, _ in self._each:
            out[rows] = True
        return out

    def text(self) -> pd.Categorical:
        """One text per row ('' where there is none), as a Categorical: rows share few texts."""
        bits = np.zeros(self.size, dtype=np.int64)
        for position, mask in enumerate(self._masks):
            bits |= mask.astype(np.int64) << position
        if len(self._masks) > 62:
            raise RuntimeError("RowMessages holds at most 62 distinct fixed messages")
        inverse, codes = pd.factorize(bits)  # hashing: cheaper than sorting a million masks
        texts = ["; ".join(m for i, m in enumerate(self._fixed) if int(code) >> i & 1) for code in codes]
        inverse = inverse.astype(np.int64)
        if self._each:  # each row: its fixed messages, then its text of every add_each call in order
            steps = []  # per call: each combined key's key before the call, and its code in the call (−1: none)
            for rows, call_codes, distinct in self._each:
                width = len(distinct) + 1
                per_row = np.zeros(self.size, dtype=np.int64)
                per_row[rows] = call_codes + 1
                inverse, combined = pd.factorize(inverse * width + per_row)  # hashing again, no sort
                steps.append((combined // width, combined % width - 1))
            found = np.arange(len(steps[-1][0]))
            call_codes = []
            for before, code in reversed(steps):  # back from the combined keys to the fixed messages' pattern
                call_codes.insert(0, code[found])
                found = before[found]
            texts = ["; ".join(t for t in [texts[base], *(self._each[c][2][codes_[k]] for c, codes_ in
                                                          enumerate(call_codes) if codes_[k] >= 0)] if t)
                     for k, base in enumerate(found)]
            inverse = inverse.astype(np.int64)
        categories = list(dict.fromkeys(texts))
        if len(categories) != len(texts):  # identical texts from different rows: share one category
            position = {t: i for i, t in enumerate(categories)}
            inverse = np.array([position[t] for t in texts], dtype=np.int64)[inverse]
        return pd.Categorical.from_codes(inverse, categories=categories)


#: The longest value a message quotes; a longer one is cut and says how long it was.
SHOWN_CHARACTERS = 60


def cut(value: object) -> str:
    """``value`` quoted for a message, cut to :data:`SHOWN_CHARACTERS` characters."""
    text = str(value)
    if len(text) <= SHOWN_CHARACTERS:
        return repr(text)
    return repr(text[:SHOWN_CHARACTERS]) + f"… (共 {len(text)} 个字符)"


def _format_value(value: object) -> str:
    if isinstance(value, float):
        return number_shown(value)
    return cut(value) if not isinstance(value, (int, np.integer)) else str(value)


def column_name(column: str) -> str:
    """The Chinese name a message gives a column: the vocabulary's, or ``column`` itself when it is already a
    Chinese description (a sum of several columns, say)."""
    return BY_NAME[column].name_cn if column in BY_NAME else column


def range_error(column: str, value: object, valid: str) -> str:
    """The row error of a value outside its valid range: ``排烟温度 的值 -5 超出有效范围 [-40, 600] °C``."""
    return f"{column_name(column)} 的值 {_format_value(value)} 超出有效范围 {valid}"


def invalid_value(column: str, value: object, accepted: str) -> str:
    """The row error of a value that is not one of the accepted forms: ``锅炉类别 的值 'kettle' 无效, 可选: …``."""
    return f"{column_name(column)} 的值 {_format_value(value)} 无效, {accepted}"
