"""In-memory table files (formula-neutralised) and evaluation in parts."""

import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.intake.evaluate import evaluate_in_parts
from boilerlab.intake.files import read_table, table_bytes

CASES = Path(__file__).resolve().parents[1] / "data" / "validation_gbt10180.csv"


def test_table_bytes_round_trip_and_neutralise_formulas():
    frame = pd.DataFrame({"名称": ["=1+1", "锅炉"], "η [%]": [91.5, np.nan]})
    back = pd.read_csv(io.BytesIO(table_bytes(frame, "csv")), encoding="utf-8-sig")
    assert back["名称"].tolist() == ["'=1+1", "锅炉"] and back["η [%]"].iloc[0] == 91.5
    sheet = openpyxl.load_workbook(io.BytesIO(table_bytes(frame, "xlsx", sheet_name="结果"))).active
    assert sheet.title == "结果" and sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    with pytest.raises(ValueError, match="csv 或 xlsx"):
        table_bytes(frame, "pdf")


def test_evaluating_in_parts_equals_evaluating_at_once_and_reports_progress():
    frame = read_table(CASES)
    seen = []
    parts = evaluate_in_parts(frame, lambda done, text: seen.append((done, text)), rows_per_part=2)
    whole = evaluate(frame)
    # label columns are categorical per part; joined parts hold the same labels as plain strings
    plain = lambda f: f.reset_index(drop=True).astype(object).where(f.notna().reset_index(drop=True), None)  # noqa: E731
    pd.testing.assert_frame_equal(plain(parts), plain(whole))
    assert seen == [(2 / 3, "已计算 2 / 3 行"), (1.0, "已计算 3 / 3 行")]
