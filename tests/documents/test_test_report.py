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
from boilerlab.base.vocabulary import label
from boilerlab.documents.test_report import conclusions, write_test_report
from tests.staff import CLERK, INSPECTOR, STAFF, add_staff

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A SQLite database with part of the demo district: its units and boilers and 60 of its tests."""
    from boilerlab.demo.district import generate_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'r.db'}"
    upgrade(url)
    sessions = session_factory(make_engine(url))
    frames = generate_demo(2024)
    add_staff(sessions, **STAFF)
    import_file(sessions, "units", frames["units"].to_csv(index=False).encode(), "u.csv", who=CLERK)
    import_file(sessions, "boilers", frames["boilers"].to_csv(index=False).encode(), "b.csv", who=CLERK)
    import_file(sessions, "tests", frames["tests"].head(60).to_csv(index=False).encode(), "t.csv", who=INSPECTOR)
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
    assert text[0] == "上海市闵行区市场监督管理局"
    assert any(stored.unit["name"] in line and line.startswith("受检单位") for line in text)
    assert any(sentence in text for sentence in conclusions(stored))
    whole = "\n".join(text)
    for pair in stored.test["reference_versions"].split("; "):  # every table's version, under its Chinese title
        assert pair.split("=")[1] in whole
    assert "UNCONFIRMED" not in whole and "natural_gas" not in whole
    section = document.sections[0]  # A4, with a binding margin
    assert (round(section.page_width.mm), round(section.page_height.mm), round(section.left_margin.mm)) == (210, 297, 28)
    measured = document.tables[1]
    assert [c.text for c in measured.rows[0].cells] == ["项目", "数值", "单位", "来源"]
    sources = {r.cells[0].text: r.cells[3].text for r in measured.rows[1:]}
    if not stored.inputs.get("ch4_pct") and stored.inputs.get("fuel_kind") == "natural_gas":
        assert sources["甲烷"] == "燃料库典型值"  # the composition the engine used, said where it came from
    if stored.inputs.get("nox_mg_m3") is not None:  # the reference-O₂ basis of GB 13271-2014 §5.2: 9 % coal, 3.5 % gas/oil
        basis = 9 if stored.inputs["fuel_kind"] in ("bituminous", "anthracite", "lean_coal", "lignite", "biomass") else 3.5
        assert f"折算: 按 GB 13271-2014 将实测浓度折算到基准氧含量 {basis:g} %" in whole
    # Chinese text gets 宋体 on the styles (python-docx has no API for it: set through w:eastAsia)
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体" and fonts.get(qn("w:eastAsiaTheme")) is None
    workbook = openpyxl.load_workbook(xlsx_path)
    assert workbook.sheetnames == ["基本信息", "测试数据", "测试结果", "排放", "结论"]
    sheet = {row[0].value: row[1] for row in workbook["测试结果"].iter_rows(min_row=2)}
    # numbers as numbers, shown at the vocabulary's decimals by their number format
    assert sheet["正平衡热效率 η₁"].value == pytest.approx(stored.results["eta_direct_pct"], rel=1e-12)
    assert sheet["正平衡热效率 η₁"].number_format == "0.00"
    assert sheet["排烟处过量空气系数 α"].number_format == "0.000"
    assert isinstance(sheet["在用锅炉能效判定"].value, str)


def test_conclusion_sentences_follow_the_grade_and_the_emissions(demo):
    url, sessions, tests = demo
    seen = set()
    for test_id in tests["test_id"]:
        report = load_report(sessions, test_id)
        sentences = conclusions(report)
        grade = report.results["gb24500_grade"]
        # the demo's tests are operating tests: the in-use verdict first, the GB 24500 grade as a reference
        verdict = report.results["inuse_verdict"]
        assert report.results["gb24500_grade_role"] == "reference"
        if report.results.get("gb24500_limit_pct") is None or report.results.get("eta_governing_pct") is None:
            assert sentences[0] == "本次测试数据不足以按 GB 24500-2020 判定锅炉热效率。" and not verdict
            continue
        assert sentences[0].startswith("锅炉运行工况热效率")
        assert {"pass": "判定为达标。", "fail": "判定为不达标。",
                "indeterminate": "不能判定达标与否 (不确定)"}[verdict] in sentences[0]
        assert f"U = {report.results['eta_governing_u95_pp']:.1f} 个百分点" in sentences[0]
        assert f"{report.results['inuse_criterion_pct']:.1f} %" in sentences[0]
        if grade in ("1", "2", "3", "below"):
            assert sentences[1].startswith("按 GB 24500-2020 对照, 参考等级为")
            assert label("gb24500_grade", grade) in sentences[1]
        if report.results.get("nox_compliant") is False:
            assert any(s.startswith("氮氧化物排放浓度") for s in sentences)
        seen.add(grade)
    assert {"below", "2"} <= seen  # the demo's first 60 tests cover both grades


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


def test_mercury_and_blackness_rows_and_sentence(demo, tmp_path):
    # A gas test with mercury and blackness measured: Hg has no limit for a gas boiler (GB 13271: coal boilers only),
    # the blackness 2 级 exceeds ≤ 1 级; the report's emission table and conclusions say both.
    url, sessions, tests = demo
    row = tests.iloc[[2]].assign(test_id="HG-BK-1", hg_mg_m3=0.004, blackness_ringelmann=2.0,
                                 nox_mg_m3=20.0, emission_o2_pct=3.5)
    import_file(sessions, "tests", row.to_csv(index=False).encode(), "hg.csv", who=INSPECTOR)
    report = load_report(sessions, "HG-BK-1")
    assert report.results["blackness_compliant"] is False
    docx_path, xlsx_path = write_test_report(sessions, "HG-BK-1", tmp_path)
    table = Document(docx_path).tables[3]
    assert [c.text for c in table.rows[0].cells] == ["污染物", "实测值", "折算到基准氧含量", "限值", "单位", "判定"]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["汞及其化合物"] == ["汞及其化合物", "0.0040", "0.0040", "—", "mg/m³", "—"]
    assert rows["烟气黑度 (林格曼黑度)"] == ["烟气黑度 (林格曼黑度)", "2.0", "—", "1", "级", "超标"]
    assert "烟气林格曼黑度 2 级超过适用限值 1 级。" in conclusions(report)
    sheet = openpyxl.load_workbook(xlsx_path)["排放"]
    assert [c.value for c in sheet[1]] == ["污染物", "实测值", "折算到基准氧含量", "限值", "单位", "判定"]


def test_product_test_is_graded_and_operating_test_judged_in_the_docx(demo, tmp_path):
    # The same test as a 定型试验 (product): the GB 24500 grade is the product grade, no in-use criterion; as an
    # operating test (the demo's): 参考等级 and the in-use criterion and verdict rows.
    url, sessions, tests = demo
    import_file(sessions, "tests", tests.iloc[[4]].assign(test_id="PRODUCT-1", test_type="定型试验")
                .to_csv(index=False).encode(), "p.csv", who=INSPECTOR)
    product = load_report(sessions, "PRODUCT-1")
    assert product.results["gb24500_grade_role"] == "product" and not product.results["inuse_verdict"]
    assert "GB 24500-2020" in conclusions(product)[0] and "参考等级" not in conclusions(product)[0]
    docx_path, _ = write_test_report(sessions, "PRODUCT-1", tmp_path / "p")
    rows = {row.cells[0].text for row in Document(docx_path).tables[2].rows}
    assert "GB 24500-2020 能效等级" in rows and "在用锅炉能效判定" not in rows
    operating = str(tests["test_id"].iloc[4])
    docx_path, _ = write_test_report(sessions, operating, tmp_path / "o")
    document = Document(docx_path)
    rows = {row.cells[0].text: row.cells[1].text for row in document.tables[2].rows}
    stored = load_report(sessions, operating).results
    assert rows["GB 24500-2020 参考等级 (运行工况测试, 仅供参考)"] == label("gb24500_grade", stored["gb24500_grade"])
    assert rows["在用锅炉热效率判定指标"] == f"{stored['inuse_criterion_pct']:.1f}"
    assert rows["在用锅炉能效判定"] == label("inuse_verdict", stored["inuse_verdict"])
    text = "\n".join(p.text for p in document.paragraphs)
    assert "在用锅炉能效判定依据: 运行工况" in text
