"""The 能效测试报告: written from the stored test, opened back with python-docx and openpyxl."""

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from boilerlab.db import make_engine, session_factory, upgrade
from boilerlab.db.imports import import_file
from boilerlab.db.queries import ReportError, load_report
from boilerlab.documents.test_report import conclusions, write_test_report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A SQLite database with part of the demo district: its units and boilers and 60 of its tests."""
    from boilerlab.demo.district import generate_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'r.db'}"
    upgrade(url)
    sessions = session_factory(make_engine(url))
    frames = generate_demo(2024)
    import_file(sessions, "units", frames["units"].to_csv(index=False).encode(), "u.csv")
    import_file(sessions, "boilers", frames["boilers"].to_csv(index=False).encode(), "b.csv")
    import_file(sessions, "tests", frames["tests"].head(60).to_csv(index=False).encode(), "t.csv")
    return url, sessions, frames["tests"].head(60)


def test_docx_and_xlsx_carry_the_stored_numbers(demo, tmp_path):
    url, sessions, tests = demo
    test_id = tests["test_id"].iloc[0]
    docx_path, xlsx_path = write_test_report(sessions, test_id, tmp_path)
    stored = load_report(sessions, test_id)
    document = Document(docx_path)
    text = [p.text for p in document.paragraphs]
    for heading in ("锅炉能效测试报告", "一、锅炉基本情况", "二、测试数据", "三、测试结果", "五、结论", "七、签署"):
        assert heading in text
    results = {row.cells[0].text: row.cells[1].text for row in document.tables[2].rows}
    assert results["正平衡热效率 η₁"] == f"{stored.results['eta_direct_pct']:.2f}"
    assert results["反平衡热效率 η₂"] == f"{stored.results['eta_indirect_pct']:.2f}"
    assert stored.unit["name"] in text[2]
    assert any(sentence in text for sentence in conclusions(stored))
    assert stored.test["reference_versions"] in "\n".join(text)
    # Chinese text gets 宋体 on the styles (python-docx has no API for it: set through w:eastAsia)
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体" and fonts.get(qn("w:eastAsiaTheme")) is None
    workbook = openpyxl.load_workbook(xlsx_path)
    assert workbook.sheetnames == ["基本信息", "测试数据", "测试结果", "排放", "结论"]
    sheet = {row[0].value: row[1].value for row in workbook["测试结果"].iter_rows(min_row=2)}
    assert sheet["正平衡热效率 η₁"] == f"{stored.results['eta_direct_pct']:.2f}"


def test_conclusion_sentences_follow_the_grade_and_the_emissions(demo):
    url, sessions, tests = demo
    seen = set()
    for test_id in tests["test_id"]:
        report = load_report(sessions, test_id)
        sentences = conclusions(report)
        grade = report.results["gb24500_grade"]
        if grade == "below":
            assert "不符合 GB 24500-2020" in sentences[0]
        elif grade in ("1", "2", "3"):
            assert "符合 GB 24500-2020" in sentences[0] and f"{grade}级" in sentences[0]
        if report.results.get("nox_compliant") is False:
            assert any(s.startswith("氮氧化物排放浓度") for s in sentences)
        seen.add(grade)
    assert {"below", "2"} <= seen  # the demo's first 60 tests cover both verdicts


def test_unknown_test_and_cli(demo, tmp_path):
    url, sessions, tests = demo
    with pytest.raises(ReportError, match="测试记录 'NOPE' 不存在"):
        load_report(sessions, "NOPE")
    env = {"BOILERLAB_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "boilerlab", *a], cwd=ROOT, env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=120)
    done = run("report", "test", str(tests["test_id"].iloc[1]), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1 and len(list((tmp_path / "out").glob("*.xlsx"))) == 1
    assert run("report", "test", "NOPE", "-o", str(tmp_path / "x")).returncode == 2
