"""The three journeys in a real browser: the pages by their sidebar links; the inspector uploads the
template and downloads the test report; the clerk downloads the admission opinion; the manager's
dashboard draws its charts and offers their data."""

import io

import pandas as pd
from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from boilerlab import evaluate
from boilerlab.base.vocabulary import heading
from boilerlab.db import make_engine, session_factory
from boilerlab.db.models import TestRecord
from boilerlab.intake.files import read_table

SIDEBAR = {"能效测试": "efficiency_test", "登记准入": "admission", "双碳看板": "dashboard", "设备台账": "registry",
           "参数库": "reference", "专项检查": "campaign", "风险分类": "risk", "在线监测": "monitoring",
           "审计日志": "audit", "首页": ""}


def _document_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows
                                                              for c in r.cells])


def _download(page, button):
    """Click a download button (by its name, or a locator) and return the file's name and bytes."""
    target = page.get_by_role("button", name=button) if isinstance(button, str) else button
    with page.expect_download(timeout=60_000) as download:
        target.click()
    path = download.value.path()
    return download.value.suggested_filename, open(path, "rb").read()


def test_each_page_by_its_sidebar_link(app_server, page, ready):
    page.goto(app_server["url"])
    ready(page)
    for label, path in SIDEBAR.items():
        page.get_by_test_id("stSidebar").get_by_role("link", name=label).click()
        expect(page).to_have_url(f"{app_server['url']}/{path}", timeout=30_000)
        ready(page)
        expect(page.locator("h1").first).to_contain_text(label if path else "工作台", timeout=30_000)
        expect(page.get_by_test_id("stException")).to_have_count(0)


def test_inspector_uploads_the_template_and_sees_the_efficiency(app_server, page, ready):
    page.goto(f"{app_server['url']}/efficiency_test")
    ready(page, "demo.inspector")
    name, content = _download(page, "下载模板 XLSX")
    assert name.endswith(".xlsx")
    expected = evaluate(read_table(content, name))["eta_direct_pct"].iloc[0]
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").first.click()
    chooser.value.set_files(files=[{"name": name, "mimeType": "application/octet-stream", "buffer": content}])
    expect(page.get_by_text("已计算 1 行")).to_be_visible(timeout=60_000)
    metric = page.get_by_test_id("stMetric").filter(has_text="正平衡热效率 η₁").first
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(f"{expected:.2f}", timeout=30_000)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()  # the charts are drawn


def test_inspector_uploads_a_field_file_and_reads_what_the_reader_did_and_what_is_wrong(app_server, page, ready,
                                                                                         tmp_path):
    # as a test institute makes it: a title row, Chinese headers, a units row, one row with a unit mix-up
    rows = [["闵行区锅炉能效测试记录表"], ["测试编号", "锅炉类别", "燃料种类", "额定热功率", "燃气消耗量", "燃气低位发热量", "循环水流量",
                                      "出水温度", "回水温度", "排烟温度", "冷空气温度", "排烟氧含量"],
            ["", "", "", "MW", "Nm³/h", "MJ/Nm³", "t/h", "°C", "°C", "°C", "°C", "%"],
            ["F1", "热水锅炉", "天然气", "1.4", "120", "35.6", "36", "80", "55", "95", "15", "3.5"],
            ["F2", "热水锅炉", "天然气", "1.4", "120", "35.6", "36", "80", "55", "95", "15", "二十"]]
    width = max(map(len, rows))  # the title row padded with empty cells, as a spreadsheet saves it
    content = pd.DataFrame([r + [""] * (width - len(r)) for r in rows]).to_csv(index=False, header=False).encode("utf-8")
    page.goto(f"{app_server['url']}/efficiency_test")
    ready(page, "demo.inspector")
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").first.click()
    chooser.value.set_files(files=[{"name": "field.csv", "mimeType": "text/csv", "buffer": content}])
    expect(page.get_by_text("已计算 2 行, 其中 1 行有错误")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("表头在第 2 行, 其上 1 行 (标题或说明) 未读入")).to_be_visible()
    expect(page.get_by_text("第 3 行为单位行, 已并入表头")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first.locator("canvas").first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(1500)  # the grid paints its cells after it appears; the screenshot is for a person to look at
    page.screenshot(path=str(tmp_path / "field-file.png"), full_page=True)


def test_inspector_downloads_the_test_report_and_it_opens(app_server, page, ready):
    engine = make_engine(app_server["database"])
    with session_factory(engine)() as session:  # the page offers the most recent test first
        latest = session.scalars(select(TestRecord.test_id).order_by(TestRecord.test_date.desc(),
                                                                      TestRecord.test_id.desc())).first()
    engine.dispose()
    page.goto(f"{app_server['url']}/efficiency_test")
    ready(page, "demo.inspector")
    page.get_by_role("tab", name="测试报告").click()
    page.get_by_role("button", name="生成能效测试报告 (DOCX + XLSX)").click()
    expect(page.get_by_role("button", name="下载能效测试报告 (DOCX)")).to_be_visible(timeout=60_000)
    name, content = _download(page, "下载能效测试报告 (DOCX)")
    assert name == f"{latest}-能效测试报告.docx"
    text = _document_text(content)
    assert "锅炉能效测试报告" in text and latest in text and "五、结论" in text
    name, content = _download(page, "下载数据表 (XLSX)")
    assert name == f"{latest}-数据表.xlsx"
    identification = pd.read_excel(io.BytesIO(content), sheet_name="基本信息", engine="openpyxl").set_index("项目")
    assert identification.loc["报告编号", "内容"] == latest


def test_clerk_checks_an_application_and_downloads_the_opinion(app_server, page, ready):
    page.goto(f"{app_server['url']}/admission")
    ready(page, "demo.clerk")
    page.get_by_label("申请编号").fill("DJ-2026-009")
    page.get_by_label("额定热功率 [MW]").fill("2.8")
    page.get_by_role("spinbutton", name=heading("design_efficiency_pct")).fill("91")
    page.get_by_label("预计年运行小时 [h]").fill("3000")
    page.get_by_label(heading("annual_load_pct")).fill("70")
    page.get_by_role("button", name="审查").click()
    expect(page.get_by_text("审查结论: 不通过")).to_be_visible(timeout=30_000)
    name, content = _download(page, "下载准入审查意见书 (DOCX)")
    assert name == "准入审查意见书-DJ-2026-009.docx"
    text = _document_text(content)
    assert "锅炉使用登记能效与碳排放准入审查意见书" in text and "不予通过" in text and "A01" not in text
    assert "设计或定型测试热效率不低于 GB 24500-2020 能效限定值: 申报" in text


def test_manager_dashboard_draws_charts_and_offers_their_data(app_server, page, ready):
    page.goto(f"{app_server['url']}/dashboard")
    ready(page)
    # 6 of the district, 1 of the online data by town, 2 of the campaign
    expect(page.locator(".js-plotly-plot")).to_have_count(9, timeout=60_000)
    total = page.get_by_test_id("stMetric").filter(has_text="CO₂ 排放合计").get_by_test_id("stMetricValue").inner_text()
    name, content = _download(page, page.locator(".st-key-dl_month_csv").get_by_role("button", name="下载 CSV"))  # the data of CO₂ by month
    assert name == "CO2-按月.csv"
    by_month = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    assert list(by_month.columns) == ["月份", "CO₂ 排放 [t]"]  # a person's download: Chinese headers with units
    assert f"{by_month['CO₂ 排放 [t]'].sum() / 1e4:,.1f}" == total  # shown in 万 t


def test_manager_generates_and_downloads_the_campaign_report(app_server, page, ready):
    page.goto(f"{app_server['url']}/campaign")
    ready(page)
    page.get_by_role("tab", name="专项检查报告").click()
    page.get_by_role("button", name="生成专项检查报告").click()
    expect(page.get_by_role("button", name="下载 PDF")).to_be_visible(timeout=120_000)
    name, content = _download(page, "下载 DOCX")
    assert name == "2024年锅炉节能专项监督检查-报告.docx"
    text = _document_text(content)
    assert "2024年锅炉节能专项监督检查工作报告" in text and "七、下一步工作" in text
    name, content = _download(page, "下载 PDF")
    assert name == "2024年锅炉节能专项监督检查-报告.pdf" and content.startswith(b"%PDF")
