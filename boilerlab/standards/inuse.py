"""In-use versus product: the criterion an operating test of an in-use boiler is judged against.

GB 24500-2020 grades the product — the design or type-test (定型) efficiency, as the admission check uses it. An
operating test (运行工况测试) of an in-use boiler is judged against a criterion of its own: a share of the GB 24500
limit value per test type, from ``inuse_criteria`` (the Shanghai municipal bureau's 90 % for the simple test of
its 2011 campaign; 100 % for the detailed test until the bureau sets otherwise — both UNCONFIRMED, editable). For
such a test the GB 24500 grade is printed only as a labelled reference (参考等级).

A verdict against a limit carries the expanded uncertainty U (k = 2) of the value when it is known: ``pass`` when
the whole interval value ± U is on the good side, ``fail`` when it is wholly on the bad side, ``indeterminate``
when it straddles the limit (JCGM 106:2012 guarded acceptance is not applied: the interval decides, as the issue
asks). Without U the plain comparison decides.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.base.values import as_float_array

#: Test types; ``product`` (定型/验收试验) is graded by GB 24500 itself and has no in-use criterion.
TEST_TYPES = ("detailed", "simple", "product")
VERDICTS = ("pass", "fail", "indeterminate")


def inuse_criterion(limit_pct: Any, test_type: Any, reference: ReferenceData | None = None) -> tuple[np.ndarray,
                                                                                                     np.ndarray]:
    """The in-use efficiency criterion: a share of the GB 24500-2020 limit value by test type.

    Parameters
    ----------
    limit_pct : numeric
        GB 24500-2020 limit value (能效限定值) of the boiler. [%]
    test_type : str or sequence of str
        ``detailed`` or ``simple`` (operating tests); ``product`` and blanks give NaN.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Criterion η_crit = share/100 × limit [%], and the share used [%] (NaN where none applies).

    References
    ----------
    ``inuse_criteria`` (UNCONFIRMED): [SH-2011-INUSE] 90 % of the limit value for the simple operating test;
    the detailed test at the limit value itself (boilerlab default).

    Examples
    --------
    >>> criterion, share = inuse_criterion([80.0, 80.0, 80.0], ["simple", "detailed", "product"])
    >>> [round(float(v), 1) for v in criterion], [float(v) for v in share[:2]]
    ([72.0, 80.0, nan], [90.0, 100.0])
    """
    ref = reference or load_reference()
    shares = ref.tables["inuse_criteria"].set_index("test_type")["limit_share_pct"].astype(float).to_dict()
    kinds = np.atleast_1d(np.asarray(test_type, dtype=object))
    limit = np.broadcast_to(np.atleast_1d(as_float_array(limit_pct)), kinds.shape)
    codes, uniques = pd.factorize(kinds)  # a few distinct test types: looked up once each
    share = np.append([shares.get(k, np.nan) if isinstance(k, str) else np.nan for k in uniques], np.nan)[codes]
    return limit * share / 100.0, share


def verdict_against(value: Any, limit: Any, u95: Any = np.nan, *, higher_is_better: bool) -> np.ndarray:
    """``pass``, ``fail`` or ``indeterminate`` of a value with expanded uncertainty U (k = 2) against a limit.

    Parameters
    ----------
    value : numeric
        The measured or computed value (an efficiency [%], a concentration [mg/m³]).
    limit : numeric
        The limit, same unit.
    u95 : numeric, optional
        Expanded uncertainty U of ``value`` (k = 2, ≈ 95 %), same unit; NaN = unknown: plain comparison.
    higher_is_better : bool
        True for an efficiency (value ≥ limit passes), False for an emission (value ≤ limit passes).

    Returns
    -------
    numpy.ndarray of object
        ``pass``, ``fail``, ``indeterminate``, or '' where the value or the limit is missing.

    References
    ----------
    [JCGM100] clause 6 (expanded uncertainty); [JCGM106] clause 8 (the interval straddling a limit: conformity
    neither shown nor disproved).

    Examples
    --------
    >>> list(verdict_against([80.3, 82.0, 78.0, 80.0], 80.0, [1.0, 1.0, 1.0, np.nan], higher_is_better=True))
    ['indeterminate', 'pass', 'fail', 'pass']
    """
    return np.asarray(VERDICT_CATEGORIES, dtype=object)[verdict_codes(value, limit, u95,
                                                                      higher_is_better=higher_is_better)]


#: The verdicts as categories, '' (nothing judged) first: :func:`verdict_codes` indexes this.
VERDICT_CATEGORIES = ("", *VERDICTS)


def verdict_codes(value: Any, limit: Any, u95: Any = np.nan, *, higher_is_better: bool) -> np.ndarray:
    """:func:`verdict_against` as codes into :data:`VERDICT_CATEGORIES` (0 '', 1 pass, 2 fail, 3 indeterminate), for
    ``pandas.Categorical.from_codes``: a million verdicts without a million strings.

    Examples
    --------
    >>> verdict_codes([80.3, 82.0, 78.0, np.nan], 80.0, 1.0, higher_is_better=True).tolist()
    [3, 1, 2, 0]
    """
    x, cap, u = np.broadcast_arrays(np.atleast_1d(as_float_array(value)), np.atleast_1d(as_float_array(limit)),
                                    np.atleast_1d(as_float_array(u95)))
    margin = (x - cap) if higher_is_better else (cap - x)  # > 0 on the good side
    u = np.where(np.isnan(u), 0.0, np.abs(u))
    # a value at the limit passes; 1e-9 relative absorbs round-off
    tolerance = 1e-9 * np.abs(cap)
    codes = np.where(margin >= -tolerance, 1, 2).astype(np.int8)
    codes[(u > 0) & (np.abs(margin) < u)] = 3  # the interval straddles the limit
    codes[np.isnan(x) | np.isnan(cap)] = 0
    return codes
