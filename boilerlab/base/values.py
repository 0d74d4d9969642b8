"""Private helpers: scalar / ndarray / Series in, the same kind out."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

import numpy as np
import pandas as pd


#: Characters nobody can see: NUL and other C0 controls, zero-width spaces and joiners, the byte-order mark, and
#: the bidirectional controls that make text read in another order than it is stored.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


#: :data:`INVISIBLE` in RE2 syntax (Arrow's regex engine takes no raw control characters): each character as \\x{…}.
INVISIBLE_RE2 = "".join(c if c in "[]-" else f"\\x{{{ord(c):x}}}" for c in INVISIBLE.pattern)


def invisible_positions(value: str) -> list[int]:
    """1-based positions of the invisible characters in ``value``."""
    return [match.start() + 1 for match in INVISIBLE.finditer(value)]


def without_invisible(value: str) -> str:
    """``value`` with its invisible characters removed."""
    return INVISIBLE.sub("", value)



def number_shown(value: float) -> str:
    """A number as a message quotes it: every digit the value has (700.0004, not 700) and no exponent (2000000).

    >>> number_shown(700.0004), number_shown(2e6), number_shown(1e-7)
    ('700.0004', '2000000', '0.0000001')
    """
    return str(np.format_float_positional(value, trim="-"))


def number_or_none(value: Any) -> float | None:
    """``value`` as a float, or None when it is missing, NaN or not a number (display and form values)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def is_blank(value: Any) -> bool:
    """None, NaN or a string of spaces: a cell nobody filled in."""
    return value is None or (isinstance(value, float) and np.isnan(value)) or (isinstance(value, str) and
                                                                                not value.strip())


def as_float_array(value: Any) -> np.ndarray:
    """Return ``value`` as a float ndarray (a 0-d array for a scalar); ``None`` becomes NaN."""
    if value is None:
        return np.array(np.nan)
    if isinstance(value, pd.Series):
        return pd.to_numeric(value, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.asarray(value, dtype=float)


def like(template: Any, result: np.ndarray) -> Any:
    """Give ``result`` the kind of ``template``: a Series keeps its index, a scalar stays a float.

    ``template`` may be a tuple of inputs; the first Series among them decides the index.
    """
    candidates = template if isinstance(template, tuple) else (template,)
    for item in candidates:
        if isinstance(item, pd.Series):
            result = np.asarray(result, dtype=float)
            values = result if result.shape == item.shape else np.broadcast_to(result, item.shape).copy()
            return pd.Series(values, index=item.index)
    arrays = [np.shape(item) for item in candidates if isinstance(item, (np.ndarray, list)) and np.ndim(item) > 0]
    if arrays:  # an output that does not depend on the array input still gets its shape
        result = np.asarray(result, dtype=float)
        shape = np.broadcast_shapes(*arrays)
        return result if result.shape == shape else np.broadcast_to(result, shape).copy()
    result = np.asarray(result, dtype=float)
    return float(result) if result.ndim == 0 else result


def describe_values(values: np.ndarray, limit: int = 3) -> str:
    """Short text listing a few offending values."""
    flat = np.atleast_1d(values).ravel()
    shown = ", ".join(f"{v:g}" for v in flat[:limit])
    return shown + (f" … ({flat.size} values)" if flat.size > limit else "")


def json_value(value: Any) -> Any:
    """A JSON-able Python value: NaN/NA → None, numpy scalars → Python, dates → ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None  # JSON has no NaN or infinity
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, date, np.datetime64)):
        return str(pd.Timestamp(value).date())
    return str(value) if not isinstance(value, (int, str)) else value


def json_values(column: pd.Series) -> list:
    """:func:`json_value` of every cell of ``column``, as a list, made a column at a time.

    A float column (most of a test record) is converted at once, its NaN and infinities becoming None; any other
    column goes cell by cell through :func:`json_value`, text passed through as it is. The same values as
    ``[json_value(v) for v in column.tolist()]`` (tests/base/test_values.py).
    """
    numpy_dtype = isinstance(column.dtype, np.dtype)  # pandas' nullable and categorical dtypes go cell by cell
    if numpy_dtype and column.dtype.kind == "f":
        values = column.to_numpy()
        out = values.tolist()
        for position in np.flatnonzero(~np.isfinite(values)).tolist():
            out[position] = None
        return out
    if numpy_dtype and column.dtype.kind in "iub":
        return column.to_numpy().tolist()  # numpy integers and booleans as Python's
    return [value if type(value) is str else json_value(value) for value in column.tolist()]
