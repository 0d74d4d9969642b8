"""A test of several runs imported: one stored test record (the mean) with its runs beside it, every row of the file
accounted for, the streamed import storing the same, and the 能效测试报告 printing each run and the mean."""

import openpyxl
import pandas as pd
import pytest
from docx import Document
from sqlalchemy import select

from boilerlab.db.imports import import_file, store_import
from boilerlab.db.models import TestRecord
from boilerlab.documents.test_report import write_test_report
from boilerlab.intake import streaming
from boilerlab.intake.rows import prepare_import_file
from tests.db.test_streamed_import import sessions as sessions, twin_sessions as twin_sessions  # the fixtures
from tests.engine.test_runs import RUN

ROWS = [dict(RUN, run_no=1), dict(RUN, test_id="single"), dict(RUN, run_no=2, flue_temp_c=140.0, fuel_rate_nm3_h=284.0),
        dict(RUN, test_id="twice", run_no=1), dict(RUN, test_id="twice", run_no=1), dict(RUN, test_id="twice", run_no=2)]


def _file(tmp_path):
    path = tmp_path / "runs.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False)
    return path


def _stored(sessions) -> dict:
    with sessions() as session:
        return {t.test_id: (t.inputs, t.results, t.eta_governing_pct) for t in session.scalars(select(TestRecord))}


def test_the_runs_are_stored_as_one_test_with_its_runs(sessions, tmp_path):
    path = _file(tmp_path)
    report = import_file(sessions, "tests", path.read_bytes(), path.name, who="测试")
    outcomes = {o.row: (o.key, o.status, o.reason) for o in report.outcomes}
    assert sorted(outcomes) == [2, 3, 4, 5, 6, 7]  # every row of the file has its outcome
    assert outcomes[2][:2] == ("R1", "inserted") and outcomes[4][:2] == ("R1", "inserted")
    assert "与第 2 行的试验合为一条测试记录" in outcomes[4][2]
    assert outcomes[5][1] == outcomes[6][1] == outcomes[7][1] == "rejected"  # run 1 twice: no part of it stored
    stored = _stored(sessions)
    assert set(stored) == {"R1", "single"}
    inputs, results, governing = stored["R1"]
    runs = results["runs"]
    assert [r["run_no"] for r in runs] == [1, 2] and results["run_count"] == 2
    assert governing == pytest.approx((runs[0]["eta_governing_pct"] + runs[1]["eta_governing_pct"]) / 2, rel=1e-12)
    assert inputs["flue_temp_c"] == pytest.approx(135.0) and "run_no" not in inputs
    assert "runs" not in stored["single"][1] and stored["single"][1]["run_count"] == 1
    again = import_file(sessions, "tests", path.read_bytes(), path.name, who="测试")
    assert again.count("inserted") == 0 and again.count("unchanged") == 3  # R1 (two rows) and single


def test_the_streamed_import_stores_the_same(sessions, tmp_path, monkeypatch, twin_sessions):
    monkeypatch.setattr(streaming, "ROWS_PER_PART", 2)  # the two runs of R1 fall in different parts
    path = _file(tmp_path)
    parts = store_import(sessions, prepare_import_file("tests", path), who="测试")
    whole = import_file(twin_sessions, "tests", path.read_bytes(), path.name, who="测试")
    assert sorted((o.row, o.key, o.status, o.reason) for o in parts.outcomes) == \
        sorted((o.row, o.key, o.status, o.reason) for o in whole.outcomes)
    assert _stored(sessions) == _stored(twin_sessions)


def test_the_report_prints_each_run_and_the_mean(sessions, tmp_path):
    path = _file(tmp_path)
    import_file(sessions, "tests", path.read_bytes(), path.name, who="测试")
    docx_path, xlsx_path = write_test_report(sessions, "R1", tmp_path)
    runs = _stored(sessions)["R1"][1]["runs"]
    document = Document(docx_path)
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "第 1 次")
    assert [c.text for c in table.rows[0].cells] == ["项目", "第 1 次", "第 2 次", "平均值", "单位"]
    flue = next(r for r in table.rows if r.cells[0].text == "排烟温度")
    assert [c.text for c in flue.cells[1:]] == ["130.0", "140.0", "135.0", "°C"]
    eta = next(r for r in table.rows if r.cells[0].text == "判定用热效率")
    assert eta.cells[1].text == f"{runs[0]['eta_governing_pct']:.2f}" and eta.cells[2].text == f"{runs[1]['eta_governing_pct']:.2f}"
    agree = next(r for r in table.rows if r.cells[0].text == "各次试验是否一致")
    assert agree.cells[3].text == "一致"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "同一工况 2 次试验的平均值" in text and "2 次试验, 测试数据为各次的平均值" in text
    sheet = openpyxl.load_workbook(xlsx_path)["各次试验"]
    assert [c.value for c in sheet[1]] == ["项目", "第 1 次", "第 2 次", "平均值", "单位"]
