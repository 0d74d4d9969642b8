"""Test helpers: the same case as a scalar, an ndarray and a pandas Series, and the check that a result
keeps the input's kind (a Series its index)."""

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

INPUT_KINDS = ("scalar", "ndarray", "series")
#: A non-default index, so that "the Series keeps its index" is actually tested.
INDEX = pd.Index(["boiler-A", "boiler-B"], name="record")


def as_kind(kind: str, value: float):
    """``value`` as a scalar, a 2-element ndarray or a 2-element Series indexed by INDEX."""
    if kind == "scalar":
        return value
    if kind == "ndarray":
        return np.array([value, value], dtype=float)
    return pd.Series([value, value], index=INDEX, dtype=float)


def check_kind(kind: str, result, expected: float, rtol: float, atol: float = 0.0) -> None:
    """The result has the input's kind (Series with the same index) and the expected value."""
    if kind == "scalar":
        assert isinstance(result, float)
    elif kind == "ndarray":
        assert isinstance(result, np.ndarray) and not isinstance(result, pd.Series)
        assert result.shape == (2,)
    else:
        assert isinstance(result, pd.Series)
        pd.testing.assert_index_equal(result.index, INDEX)
    assert_allclose(np.asarray(result, dtype=float), expected, rtol=rtol, atol=atol)
