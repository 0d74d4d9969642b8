"""Standard uncertainties of measured and defaulted inputs (JCGM 100:2008, Type B evaluation).

An instrument's accuracy is a half-width ``a`` of the interval the true value lies in, stated either in the
column's unit (``absolute``) or as a percentage of the reading (``reading_pct``); the distribution turns it into a
standard uncertainty u = a/d: rectangular d = √3 (JCGM 100 §4.3.7), triangular d = √6 (§4.3.9), an expanded
uncertainty at k = 2 d = 2 and a standard uncertainty d = 1 (§4.3.3). The accuracies are the editable
``instrument_uncertainty`` table (UNCONFIRMED engineering values until the bureau enters its instruments').
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from boilerlab.base.values import as_float_array, like

#: Divisor d of the half-width per distribution (JCGM 100:2008 §4.3).
DIVISORS = {"rectangular": math.sqrt(3.0), "triangular": math.sqrt(6.0), "normal_k2": 2.0, "normal_k1": 1.0}


def standard_uncertainty(value: Any, basis: str, accuracy: float, distribution: str) -> Any:
    """Standard uncertainty u of a value from the accuracy of its instrument (Type B).

    Parameters
    ----------
    value : numeric
        The reading, in the column's unit (only used for ``reading_pct``). [unit of the column]
    basis : {'absolute', 'reading_pct'}
        How ``accuracy`` is stated: in the column's unit, or as a percentage of the reading.
    accuracy : float
        Half-width a of the interval. [unit of the column, or % of reading]
    distribution : {'rectangular', 'triangular', 'normal_k2', 'normal_k1'}

    Returns
    -------
    numeric
        u = a/d (absolute) or a/100·|value|/d (reading), in the column's unit; NaN where a reading-based value is
        missing.

    References
    ----------
    [JCGM100] §4.3.3 (stated expanded uncertainty), §4.3.7 (rectangular), §4.3.9 (triangular).

    Examples
    --------
    >>> round(float(standard_uncertainty(150.0, 'absolute', 2.0, 'rectangular')), 4)  # 2/√3
    1.1547
    >>> round(float(standard_uncertainty(300.0, 'reading_pct', 1.5, 'rectangular')), 4)  # 4.5/√3
    2.5981
    """
    try:
        divisor = DIVISORS[distribution]
    except KeyError:
        raise ValueError(f"unknown distribution {distribution!r}; valid: {sorted(DIVISORS)}") from None
    x = as_float_array(value)
    if basis == "absolute":
        return like(value, np.broadcast_to(accuracy / divisor, np.shape(x)).astype(float))
    if basis == "reading_pct":
        return like(value, accuracy / 100.0 * np.abs(x) / divisor)
    raise ValueError(f"basis must be 'absolute' or 'reading_pct', {basis!r} was given")


def expanded(u_squared: Any, k: float = 2.0) -> Any:
    """Expanded uncertainty U = k·√(Σ uᵢ²) (JCGM 100:2008 §5.1.2 and §6.2.1; k = 2 for ≈ 95 %).

    Parameters
    ----------
    u_squared : numeric
        Combined variance Σ (cᵢ·uᵢ)². [unit²]
    k : float
        Coverage factor. [-]

    Returns
    -------
    numeric
        U. [unit]

    References
    ----------
    [JCGM100] eq. (10) (law of propagation, uncorrelated inputs) and §6.2 (expanded uncertainty).

    Examples
    --------
    >>> float(expanded(0.25))
    1.0
    """
    return like(u_squared, k * np.sqrt(as_float_array(u_squared)))
