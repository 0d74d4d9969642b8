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


def test_a_test_id_given_twice_is_caught_across_the_parts_of_a_large_file():
    from boilerlab.intake.rows import prepare_import

    row = {"boiler_kind": "hot_water", "fuel_kind": "natural_gas", "rated_capacity_mw": 1.4, "fuel_rate_nm3_h": 120,
           "lhv_kj_nm3": 35600, "water_flow_kg_h": 36000, "supply_temp_c": 80, "return_temp_c": 55}
    rows = [{"test_id": f"T{i}", **row} for i in range(5002)]
    rows[-1]["test_id"] = "T0"  # the first part's first id again, in the second part (parts of 5000 rows)
    prepared = prepare_import("tests", pd.DataFrame(rows).to_csv(index=False).encode(), "dup.csv")
    assert [(o.row, o.key) for o in prepared.rejected] == [(2, "T0"), (5003, "T0")]
    assert len(prepared.good) == 5000 and "重复" in prepared.rejected[0].reason


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_table_written_in_parts_reads_back_as_written(tmp_path, monkeypatch, suffix):
    from boilerlab.intake import files

    monkeypatch.setattr(files, "WRITE_ROWS_PER_PART", 3)  # several parts even for a small frame
    frame = pd.DataFrame({"test_id": [f"T{i}" for i in range(8)], "eta": [86.021096 + i for i in range(7)] + [np.nan],
                          "grade": pd.Categorical(["1", "below"] * 4), "ok": [True, False] * 4,
                          "day": pd.to_datetime(["2024-03-05"] * 8), "note": ["=1+1", "plain"] * 4})
    path = files.write_table(frame, tmp_path / f"out{suffix}")
    back = pd.read_csv(path, encoding="utf-8-sig") if suffix == ".csv" else pd.read_excel(path, engine="openpyxl")
    assert back["test_id"].tolist() == frame["test_id"].tolist() and len(back) == 8
    assert back["eta"].iloc[:7].tolist() == frame["eta"].iloc[:7].tolist() and np.isnan(back["eta"].iloc[7])
    assert back["grade"].astype(str).tolist() == ["1", "below"] * 4 and back["ok"].tolist() == [True, False] * 4
    assert pd.to_datetime(back["day"]).dt.date.astype(str).tolist() == ["2024-03-05"] * 8
    assert back["note"].tolist() == ["'=1+1", "plain"] * 4  # formula-like text stays text


def test_a_download_for_a_person_keeps_the_interchange_names_on_a_second_sheet():
    """Issue 13 item 1: the first sheet in Chinese (headers with units, labels), the second in the interchange
    names and codes, which the intake reads back as they were."""
    import io as _io

    import openpyxl

    from boilerlab.base.vocabulary import display_frame
    from boilerlab.intake.canonical import canonical_frame

    frame = pd.DataFrame({"test_id": ["T1"], "fuel_kind": ["natural_gas"], "boiler_kind": ["steam"],
                          "flue_temp_c": [132.456]})
    content = table_bytes(display_frame(frame), "xlsx", sheet_name="结果", more_sheets={"交换格式": frame})
    book = openpyxl.load_workbook(_io.BytesIO(content))
    assert book.sheetnames == ["结果", "交换格式"]
    first = [[c.value for c in row] for row in book["结果"].iter_rows()]
    assert first[0][1:] == ["燃料种类", "锅炉类别", "排烟温度 [°C]"] and first[1][1:3] == ["天然气", "蒸汽锅炉"]
    assert isinstance(first[1][3], float)  # a number stays a number
    back = pd.read_excel(_io.BytesIO(content), sheet_name="交换格式", engine="openpyxl")
    canonical = canonical_frame(back)
    assert canonical.frame.loc[0, "fuel_kind"] == "natural_gas" and canonical.frame.loc[0, "flue_temp_c"] == 132.456


def test_excel_markers_are_found_the_same_with_the_prefix_shortcut():
    """text_matches skips a column where no cell starts with the marker's first character; the cells it finds are
    those the pattern alone finds, on Arrow text and on object columns."""
    from boilerlab.intake.canonical import text_matches
    from boilerlab.intake.cells import EXCEL_PROBLEM

    cells = ["T1", "#DIV/0! @ 数据!$B$3", " #N/A @ 数据!C4", None, "#公式无缓存值 @ Sheet1!D5", "#备注", "A#REF! @ S!A1"]
    plain = [v is not None and EXCEL_PROBLEM.search(v) is not None for v in cells]
    assert plain == [False, True, False, False, True, False, False]
    for values in (pd.Series(cells, dtype="str"), pd.Series(cells, dtype=object)):
        assert text_matches(values, EXCEL_PROBLEM.pattern, prefix="#").tolist() == plain
    none = pd.Series(["T1", "T2", None], dtype="str")
    assert text_matches(none, EXCEL_PROBLEM.pattern, prefix="#").tolist() == [False, False, False]
