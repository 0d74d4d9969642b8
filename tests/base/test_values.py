"""JSON-ready values (boilerlab.base.values): a column converted at once equals the same column converted a cell at
a time, and a test file's stored rows (inputs and results) equal those made record by record, as they were before
the columns were converted at once."""

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from boilerlab.base.values import json_value, json_values
from boilerlab.base.vocabulary import COLUMNS
from boilerlab.engine.pipeline import RESULT_COLUMNS
from boilerlab.intake.rows import prepare_import

DATA = Path(__file__).resolve().parent.parent / "data"


def _cell_by_cell(column: pd.Series) -> list:
    return [json_value(value) for value in column.tolist()]


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=30))
def test_float_columns_equal_cell_by_cell(values):
    column = pd.Series(values, dtype=float)
    assert json_values(column) == _cell_by_cell(column)
    assert all(type(v) in (float, type(None)) for v in json_values(column))


def test_every_kind_of_column_equals_cell_by_cell():
    columns = {
        "float": pd.Series([1.5, np.nan, np.inf, -0.0]),
        "float32": pd.Series([1.5, np.nan, 2.25, 3.0], dtype="float32"),
        "int": pd.Series([1, 2, 3, 4], dtype="int64"),
        "bool": pd.Series([True, False, True, False]),
        "nullable int": pd.Series([1, None, 3, 4], dtype="Int64"),
        "nullable float": pd.Series([1.5, None, 3.0, np.nan], dtype="Float64"),
        "text": pd.Series(["天然气", None, np.nan, "steam"], dtype=object),
        "string": pd.Series(["a", None, "c", "d"], dtype="string"),
        "category": pd.Series(["pass", "fail", None, "pass"], dtype="category"),
        "dates": pd.Series(pd.to_datetime(["2024-03-05", None, "2024-12-31", "2023-01-01"])),
        "objects": pd.Series([date(2024, 3, 5), np.float64(2.5), np.int64(7), np.bool_(True)], dtype=object),
    }
    for name, column in columns.items():
        made = json_values(column)
        assert made == _cell_by_cell(column), name
        assert [type(v) for v in made] == [type(v) for v in _cell_by_cell(column)], name


def _record_by_record(prepared) -> list[tuple[int, dict, dict]]:
    """The stored rows as they were made before (a record's dict, then each cell through json_value)."""
    good = prepared.good
    input_names = [c.name for c in COLUMNS]
    out = []
    for position, record in zip(good._positions, good._result.iloc[good._positions].to_dict(orient="records")):
        results = {k: json_value(record[k]) for k in RESULT_COLUMNS if k in record}
        inputs = {k: json_value(record[k]) for k in input_names if k in record and json_value(record[k]) is not None}
        runs = good._runs[position] if good._runs else []
        if runs:
            results["runs"] = [{k: json_value(v) for k, v in run.items()} for run in runs]
        out.append((good._rows[position], inputs, results))
    return out


def test_stored_test_rows_equal_those_made_record_by_record():
    lines = (DATA / "validation_gbt10180.csv").read_text(encoding="utf-8").splitlines()
    # the second test measured twice: a test of two runs, stored with each run beside the mean
    lines = [lines[0] + ",run_no", *(line + "," for line in lines[1:]), lines[2] + ",2"]
    lines[2] += "1"
    prepared = prepare_import("tests", "\n".join(lines).encode("utf-8"), "validation.csv")
    made = list(prepared.good)
    assert not prepared.rejected and len(made) == 3
    assert sum("runs" in results for _, _, results in made) == 1
    assert made == _record_by_record(prepared)
    # and the same types (1 and 1.0 compare equal, but are stored differently)
    for (_, inputs, results), (_, old_inputs, old_results) in zip(made, _record_by_record(prepared)):
        assert [type(v) for v in inputs.values()] == [type(v) for v in old_inputs.values()]
        assert [type(v) for v in results.values()] == [type(v) for v in old_results.values()]
