"""The campaign report on the demo district's 2024 campaign: DOCX, XLSX and PDF opened back; headings, that
table totals match the database, native charts, an embedded CJK font whose text extracts as written."""

import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import distinct, func, select

from boilerlab.documents.campaign_report import build_report, write_campaign_report
from boilerlab.db.campaigns import campaign_frames
from boilerlab.db import make_engine, session_factory
from boilerlab.db.models import CampaignUnit, Enforcement, Finding, Inspection
from tests.system_tools import needs_chromium

ROOT = Path(__file__).resolve().parents[2]
HEADINGS = ["一、工作依据", "二、检查范围", "三、工作开展情况", "四、统计情况", "五、典型问题", "六、整改情况", "七、下一步工作"]


@pytest.fixture(scope="module")
def written(demo_database_file, tmp_path_factory):
    needs_chromium()
    folder = tmp_path_factory.mktemp("campaign-report")
    engine = make_engine(f"sqlite:///{demo_database_file}")
    sessions = session_factory(engine)
    seen = []
    paths = write_campaign_report(sessions, folder, year=2024, as_of=date(2024, 9, 30),
                                  progress=lambda done, text: seen.append(done))
    with sessions() as session:
        counts = {"planned": session.scalar(select(func.count()).select_from(CampaignUnit)),
                  "inspected": session.scalar(select(func.count(distinct(Inspection.unit_id)))),
                  "findings": session.scalar(select(func.count()).select_from(Finding)),
                  "enforcement": session.scalar(select(func.count()).select_from(Enforcement)),
                  "by_status": dict(session.execute(select(Finding.status, func.count()).group_by(Finding.status)).all())}
    yield {"paths": paths, "counts": counts, "progress": seen, "sessions": sessions}
    engine.dispose()


def test_three_files_with_progress(written):
    docx, xlsx, pdf = written["paths"]
    assert [p.name for p in written["paths"]] == [f"2024年锅炉节能专项监督检查-报告{s}" for s in (".docx", ".xlsx", ".pdf")]
    assert written["progress"][0] == 0.0 and written["progress"][-1] == 1.0
    assert written["progress"] == sorted(written["progress"])


def test_the_word_report_has_the_official_sections_and_the_database_totals(written):
    document = Document(written["paths"][0])
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [h for h in headings if h in HEADINGS] == HEADINGS
    assert document.paragraphs[0].text == "2024年锅炉节能专项监督检查工作报告"
    by_office = next(t for t in document.tables if t.rows[0].cells[0].text == "监管所")
    header = [c.text for c in by_office.rows[0].cells]
    rows = [dict(zip(header, (c.text for c in r.cells))) for r in by_office.rows[1:]]
    counts = written["counts"]
    total = {column: sum(int(r[column]) for r in rows) for column in header if column not in ("监管所", "覆盖率 (%)")}
    assert total["计划检查单位"] == counts["planned"] == 1050
    assert total["已检查单位"] == counts["inspected"]
    assert total["发现问题"] == counts["findings"]
    assert total["整改中"] == counts["by_status"]["整改中"]
    # every non-conforming answer of the demo became one finding
    assert total["安全不符合项次"] + total["节能不符合项次"] + total["环保不符合项次"] == counts["findings"]
    below = next(t for t in document.tables if [c.text for c in t.rows[0].cells][-2:] ==
                 ["限定值 (%)", "在用锅炉热效率判定指标 (%)"])
    assert total["能效未达限定值锅炉"] == len(below.rows) - 1
    assert len(document.inline_shapes) == 3  # the three charts


def test_every_table_on_its_own_sheet_with_native_charts_and_matching_totals(written):
    book = openpyxl.load_workbook(written["paths"][1])
    assert book.sheetnames == ["总体情况", "按监管所进度", "按街镇进度", "按信用风险分类进度", "不符合项按部分", "典型问题",
                               "问题整改情况", "逾期问题清单", "判定统计", "能效未达限定值锅炉", "排放超标锅炉", "执法情况"]
    counts = written["counts"]
    office = book["按监管所进度"]
    assert sum(r[1] for r in office.iter_rows(min_row=2, values_only=True)) == counts["planned"]
    by_class = list(book["按信用风险分类进度"].iter_rows(values_only=True))
    assert by_class[0][:3] == ("信用风险分类", "计划检查单位", "已检查单位")
    assert sum(r[1] for r in by_class[1:]) == counts["planned"]
    assert sum(r[2] for r in by_class[1:]) == counts["inspected"]
    status = list(book["问题整改情况"].iter_rows(values_only=True))
    header = status[0]
    for state in ("整改中", "已整改", "已复查"):
        column = header.index(state)
        assert sum(r[column] for r in status[1:]) == counts["by_status"].get(state, 0)
    assert sum(r[1] for r in book["执法情况"].iter_rows(min_row=2, values_only=True)) == counts["enforcement"]
    town = book["按街镇进度"]
    assert sum(r[2] for r in town.iter_rows(min_row=2, values_only=True)) == counts["inspected"]
    with zipfile.ZipFile(written["paths"][1]) as archive:
        assert len([n for n in archive.namelist() if n.startswith("xl/charts/chart")]) == 3


def test_the_verdict_statistics_count_each_boilers_latest_test(written):
    """判定统计: 达标 / 不达标 / 不确定 per verdict, counted here again from the stored results of each boiler's latest
    test, and the efficiency row agrees with the report's lists and summary."""
    frames = campaign_frames(written["sessions"], year=2024)
    report = build_report(frames, date(2024, 9, 30))
    table = report.tables["判定统计"].set_index("判定项目")
    with written["sessions"]() as session:
        from boilerlab.db.models import Boiler, TestRecord
        rows = session.execute(select(Boiler.device_code, TestRecord.test_date, TestRecord.test_id, TestRecord.results)
                               .join(TestRecord, TestRecord.boiler_id == Boiler.id)
                               .where(TestRecord.test_date <= date(2024, 12, 31))
                               .order_by(TestRecord.test_date, TestRecord.test_id)).all()
    latest = {code: results for code, _, _, results in rows}  # the last test of each boiler
    in_campaign = set(frames["tests"]["device_code"])
    latest = {code: r for code, r in latest.items() if code in in_campaign}
    efficiency = [r.get("inuse_verdict") or {"below": "fail", "1": "pass", "2": "pass", "3": "pass"}.get(
        r.get("gb24500_grade"), "") for r in latest.values()]
    row = table.loc["在用锅炉能效 (判定用热效率)"]
    assert (row["达标"], row["不达标 (超标)"], row["不确定"]) == (
        efficiency.count("pass"), efficiency.count("fail"), efficiency.count("indeterminate"))
    assert row["不达标 (超标)"] == len(report.tables["能效未达限定值锅炉"])
    assert f"{row['不确定']} 台" in dict(report.summary)["能效判定不确定的锅炉"]
    nox = [r.get("nox_verdict") for r in latest.values()]
    assert table.loc["氮氧化物 (以 NO₂ 计)", "达标"] == nox.count("pass")
    assert (table.sum(axis=1) == len(latest)).all()


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no {tool}: `make test` installs poppler-utils")
        pytest.skip(f"PDF check skipped: no {tool} here (make test installs Debian's poppler-utils)")
    return path


def test_the_pdf_embeds_a_cjk_font_and_its_text_extracts_back(written):
    # poppler, the reader most Linux viewers use (pypdf 7.1 mis-decodes fpdf2's CID encoding with NULs)
    fonts = subprocess.run([_poppler("pdffonts"), str(written["paths"][2])], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    assert any("NotoSansCJKSC" in line and "CID" in line for line in fonts)
    text = subprocess.run([_poppler("pdftotext"), str(written["paths"][2]), "-"], capture_output=True, text=True,
                          check=True).stdout
    for phrase in ("2024年锅炉节能专项监督检查工作报告", "一、工作依据", "已检查单位", "特种设备监督管理所", "七、下一步工作"):
        assert phrase in text, phrase
    assert len(PdfReader(written["paths"][2]).pages) >= 3  # and the file is a well-formed PDF for pypdf too


def test_overdue_depends_on_the_status_date(written):
    frames = campaign_frames(written["sessions"], 2024)
    early = build_report(frames, date(2024, 9, 30)).tables["问题整改情况"]["逾期"].sum()
    late = build_report(frames, date(2026, 1, 1)).tables["问题整改情况"]["逾期"].sum()
    assert late == written["counts"]["by_status"]["整改中"] and early < late


def test_the_command_line_writes_the_three_files(demo_database_file, tmp_path):
    env = {"BOILERLAB_DATABASE_URL": f"sqlite:///{demo_database_file}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "boilerlab", "report", "campaign", "--year", "2024", "-o",
                           str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".pdf", ".xlsx"]
    missing = subprocess.run([sys.executable, "-m", "boilerlab", "report", "campaign", "--year", "2019", "-o",
                              str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "2019" in missing.stderr


def test_a_past_campaign_is_reported_at_its_planned_end_and_old_tests_are_flagged(written):
    """Issue 13 item 3: without --as-of a past campaign's status date is its planned end (a current one's today);
    a boiler whose latest test predates the campaign year is named with its test date."""
    from boilerlab.standards.campaign_rules import default_as_of

    assert default_as_of(date(2024, 12, 15), date(2026, 12, 3)) == date(2024, 12, 15)
    assert default_as_of(date(2026, 12, 15), date(2026, 12, 3)) == date(2026, 12, 3)
    frames = campaign_frames(written["sessions"], 2024)
    report = build_report(frames, default_as_of(frames["campaign"]["planned_end"], date(2026, 12, 3)))
    assert report.as_of == date(2024, 12, 15)
    tests = frames["tests"]
    old = tests[pd.to_datetime(tests["test_date"]).dt.year < 2024]
    assert report.figures["old_tests"] == len(old) > 0
    summary = dict(report.summary)
    assert summary["最近一次测试早于本年度的锅炉"].startswith(f"{len(old)} 台 (最早 {pd.to_datetime(old['test_date']).min():%Y-%m-%d}")
    below = report.tables["能效未达限定值锅炉"]
    flagged = below[below["测试时间提示"] == "早于检查年度"]
    assert len(flagged) and (pd.to_datetime(flagged["测试日期"]).dt.year < 2024).all()
    assert (pd.to_datetime(below.loc[below["测试时间提示"] == "", "测试日期"]).dt.year == 2024).all()


def test_without_chromium_the_charts_fail_at_once_saying_why(written, monkeypatch):
    """kaleido's server thread dies when no browser is found and its caller waits for ever; the check comes first."""
    import boilerlab.documents.campaign_report as campaign_report

    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    frames = campaign_frames(written["sessions"], 2024, None)
    with pytest.raises(campaign_report.ChromiumMissingError, match="未安装 Chromium"):
        campaign_report.chart_pngs(build_report(frames, date(2024, 9, 30)))
