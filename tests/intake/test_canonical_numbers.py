"""A number column of plain texts is parsed at once by Arrow (intake.canonical.plain_numbers): the numbers pandas gives,
bit for bit, and the same canonical frame, messages included, as reading each distinct text."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import boilerlab.intake.canonical as canonical
from boilerlab.intake.canonical import canonical_frame, plain_numbers

FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)
WRITTEN = st.sampled_from([repr, str, "{:.1f}".format, "{:.6g}".format, "{:.3e}".format, lambda x: f"{x:.17g}"])


@given(st.lists(st.tuples(FINITE, WRITTEN) | st.none(), max_size=60))
@settings(max_examples=300)
def test_plain_numbers_are_the_numbers_pandas_reads(cells):
    texts = pd.Series([None if cell is None else cell[1](cell[0]) for cell in cells], dtype=object)
    fast = plain_numbers(texts)
    expected = pd.to_numeric(texts, errors="coerce").to_numpy(float)
    if np.isinf(expected).any():  # 1.798e+308 written with three decimals: left to the cell-by-cell reading
        assert fast is None
    else:
        np.testing.assert_array_equal(fast, expected)


def test_a_column_with_any_other_cell_is_left_to_the_cell_by_cell_reading():
    for odd in ("35,600", "3.5 %", " 7", "/", "未测", "", "１２", 12.5, "inf", "1e400", "9" * 400, "NaN", "nan", "-nan"):
        assert plain_numbers(pd.Series(["1.5", odd, None], dtype=object)) is None, odd
    # a blank as NaN (a frame made in Python) is a blank; -0 is 0, as the cell-by-cell reading gives it
    np.testing.assert_array_equal(plain_numbers(pd.Series(["1.5", np.nan], dtype=object)), [1.5, np.nan])
    for storage in (object, "str"):
        assert np.signbit(plain_numbers(pd.Series(["-0", "-0.0"], dtype=storage))).tolist() == [False, False]


def test_the_canonical_frame_is_the_same_with_and_without_the_fast_reading(monkeypatch):
    """Every cell as text, as a CSV is read: numbers, blanks, a number out of range, in a second column 35,600 and '/'
    (that column read cell by cell) — the same values, errors and warnings either way."""
    rng = np.random.default_rng(3)
    n = 400
    frame = pd.DataFrame({
        "test_id": [f"T{i}" for i in range(n)], "boiler_kind": "hot_water", "fuel_kind": "natural_gas",
        "flue_temp_c": np.round(rng.uniform(90, 200, n), 1).astype(str).astype(object),
        "flue_o2_pct": np.round(rng.uniform(2, 8, n), 2).astype(str).astype(object),
        "water_flow_kg_h": np.round(rng.uniform(1e4, 9e4, n), 0).astype(str).astype(object),
    })
    frame.loc[5, "flue_temp_c"] = None
    frame.loc[6, "flue_o2_pct"] = "-4.0"  # out of range: an error either way
    frame.loc[7, "water_flow_kg_h"] = "35,600"
    frame.loc[8, "water_flow_kg_h"] = "/"
    frame.loc[9, "flue_temp_c"] = "NaN"  # no number: an error either way
    fast = canonical_frame(frame)
    monkeypatch.setattr(canonical, "plain_numbers", lambda values: None)
    slow = canonical_frame(frame)
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert list(fast.errors.text()) == list(slow.errors.text())
    assert list(fast.warnings.text()) == list(slow.warnings.text())
    assert fast.frame["water_flow_kg_h"].iloc[7] == 35600 and np.isnan(fast.frame["water_flow_kg_h"].iloc[8])
    assert fast.errors.text()[6] == "排烟氧含量 的值 -4 超出有效范围 [0, 21) %"
    assert "循环水流量 填写为未测标记" in fast.warnings.text()[8]
    assert fast.errors.text()[9] == "排烟温度 的值 'NaN' 不是数值, 有效范围 [0, 700] °C"
