"""Every workbench page on the demo database, headless (Streamlit AppTest): it renders without exceptions and
its main interaction gives the expected numbers. The browser suite (tests/browser) drives the same pages in
Chromium."""

import json
import logging
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.io
import pytest
from docx import Document
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from boilerlab.base.reference import load_reference
from boilerlab.base.vocabulary import heading
from ui import SIGNED_IN  # the session key the sign-in form sets
from boilerlab.db import make_engine, session_factory
from boilerlab.db.models import Application, AuditLog, Boiler, FuelUse, RiskRun, TestRecord, Unit

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parents[1] / "data" / "validation_gbt10180.csv"
# GB/T 10180 IF97 region-1 hot-water case (tests/cli/test_cli.py gives its derivation): η₁ = 86.0210966 %
IF97_REGION1_ETA = 86.0210966


#: Who uses each page in these tests: the demo account of the role the page is for (ui.PAGE_ROLES).
USER = {None: "demo.manager", "1_efficiency_test.py": "demo.inspector", "2_admission.py": "demo.clerk",
        "3_dashboard.py": "demo.manager", "4_registry.py": "demo.manager", "5_reference.py": "demo.admin",
        "6_campaign.py": "demo.manager", "7_audit.py": "demo.manager", "8_risk.py": "demo.manager",
        "9_monitoring.py": "demo.manager"}


def _app(page: str | None = None, login: str | None = "") -> AppTest:
    """The app on ``page``, signed in as ``login`` (a demo account; default: the page's user; None: not signed in)."""
    login = USER[page] if login == "" else login
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if login:
        app.session_state[SIGNED_IN] = login
    app.run()
    assert not app.exception, app.exception
    if page:
        app.switch_page(f"pages/{page}").run()
        assert not app.exception, app.exception
    return app


def _count(url: str, query) -> int:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            return session.scalar(query)
    finally:
        engine.dispose()


def _frame(app: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with ``column`` (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


def _button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def _sign_in(app: AppTest, login: str = "demo.inspector") -> None:
    """Continue as another demo account (what the sign-in form would leave in the session)."""
    app.session_state[SIGNED_IN] = login
    app.run()


def test_home_page_counts_what_the_database_holds(demo_url):
    app = _app()
    counts = {m.label: m.value for m in app.metric}
    assert counts["使用单位"] == f"{_count(demo_url, select(func.count()).select_from(Unit))} 家" == "1050 家"
    assert counts["锅炉"] == f"{_count(demo_url, select(func.count()).select_from(Boiler))} 台"
    below = _count(demo_url, select(func.count()).select_from(TestRecord).where(TestRecord.gb24500_grade == "below"))
    assert counts["未达能效限定值的测试"] == f"{below} 条"
    assert [link.label for link in app.sidebar.get("page_link")] == ["首页", "能效测试", "登记准入", "双碳看板", "设备台账",
                                                                     "参数库", "专项检查", "风险分类", "在线监测",
                                                                     "审计日志"]


def test_efficiency_page_evaluates_an_upload_saves_it_and_writes_its_report(demo_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BOILERLAB_REPORTS_DIR", str(tmp_path / "reports"))
    app = _app("1_efficiency_test.py")
    app.file_uploader(key="tests_file").set_value(("cases.csv", CASES.read_bytes(), "text/csv")).run()
    assert not app.exception, app.exception
    assert app.success[0].value == "已计算 3 行"
    eta = heading("eta_direct_pct")
    table = _frame(app, eta)
    assert table[eta].iloc[0] == round(IF97_REGION1_ETA, 2)  # shown at the vocabulary's two decimals
    assert app.metric[0].value == "86.02"  # the first row's detail view, two decimals
    assert app.get("progress")[0].value == 100
    sankey = json.loads(app.get("plotly_chart")[1].proto.spec)
    assert sankey["data"][0]["type"] == "sankey" and "有效利用热 η₁ 86.02 %" in sankey["data"][0]["node"]["label"]

    before = _count(demo_url, select(func.count()).select_from(TestRecord))
    _sign_in(app)
    _button(app, "保存测试记录").click().run()
    assert not app.exception, app.exception
    assert "新增 3" in app.success[-1].value
    assert _count(demo_url, select(func.count()).select_from(TestRecord)) == before + 3

    # the report picker names each test with its date, unit and boiler, so typing any of them finds it
    from boilerlab.db import queries

    engine = make_engine(demo_url)
    try:
        stored = queries.tests_frame(session_factory(engine)).set_index("test_id")
    finally:
        engine.dispose()
    demo_choice = next(o for o in app.selectbox(key="report_choice").options if o.startswith("T2024-"))
    test_id = demo_choice.split(" · ")[0]
    row = stored.loc[test_id]
    assert demo_choice == f"{test_id} · {row['test_date']:%Y-%m-%d} · {row['unit_name']} · {row['device_code']}"
    app.selectbox(key="report_choice").set_value("if97-region1").run()
    _button(app, "生成能效测试报告 (DOCX + XLSX)").click().run()
    assert not app.exception, app.exception
    assert [d.label for d in app.get("download_button") if "报告" in d.label or "数据表" in d.label] == [
        "下载能效测试报告 (DOCX)", "下载数据表 (XLSX)"]
    written = sorted((tmp_path / "reports" / "tests").glob("if97-region1-*"))
    document = Document(next(p for p in written if p.suffix == ".docx"))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "锅炉能效测试报告" in text and "if97-region1" in text and "86.02" in text


def test_efficiency_page_says_in_one_box_what_the_reader_skipped_and_merged(demo_url):
    frame = pd.read_csv(CASES)
    text = "闵行区锅炉能效测试记录表\n" + frame.to_csv(index=False)  # a title row above the header
    app = _app("1_efficiency_test.py")
    app.file_uploader(key="tests_file").set_value(("titled.csv", text.encode(), "text/csv")).run()
    notes = [box.value for box in app.info if "读表说明" in box.value]
    assert len(notes) == 1 and "表头在第 2 行, 其上 1 行 (标题或说明) 未读入" in notes[0]
    assert app.success[0].value == f"已计算 {len(frame)} 行"


def test_efficiency_page_reports_bad_rows_and_computes_the_rest(demo_url):
    frame = pd.read_csv(CASES)
    frame.loc[1, "feedwater_temp_c"] = 450  # beyond the valid range of a feedwater temperature
    app = _app("1_efficiency_test.py")
    app.file_uploader(key="tests_file").set_value(("bad.csv", frame.to_csv(index=False).encode(), "text/csv")).run()
    assert app.success[0].value == "已计算 3 行, 其中 1 行有错误"
    errors = _frame(app, heading("row"))
    error = errors[heading("error")].iloc[0]
    assert errors[heading("row")].tolist() == [3] and "给水温度 的值 450 超出有效范围" in error
    eta = heading("eta_direct_pct")
    assert _frame(app, eta)[eta].iloc[0] == round(IF97_REGION1_ETA, 2)


def test_efficiency_page_shows_a_test_of_two_runs_and_their_mean(demo_url):
    from tests.engine.test_runs import RUN

    runs = pd.DataFrame([dict(RUN, run_no=1), dict(RUN, run_no=2, flue_temp_c=140.0, fuel_rate_nm3_h=284.0)])
    app = _app("1_efficiency_test.py")
    app.file_uploader(key="tests_file").set_value(("runs.csv", runs.to_csv(index=False).encode(), "text/csv")).run()
    assert not app.exception, app.exception
    assert app.success[0].value == "已计算 2 行"
    eta, count = heading("eta_direct_pct"), heading("run_count")
    per_run = next(d.value for d in app.dataframe if heading("run_no") in d.value.columns)
    averaged = _frame(app, count)
    assert averaged[count].tolist() == [2]
    assert averaged[eta].iloc[0] == pytest.approx(per_run[eta].mean(), abs=0.006)  # both shown at two decimals
    assert averaged[heading("runs_agree")].iloc[0] == "一致"
    assert any("多次试验的测试 (1 个)" in m.value for m in app.markdown)


def test_efficiency_form_computes_one_test_like_the_file(demo_url):
    app = _app("1_efficiency_test.py")
    app.selectbox(key="form_boiler_kind").set_value("hot_water")
    app.selectbox(key="form_fuel_kind").set_value("natural_gas")
    app.text_input(key="form_test_id").set_value("F-001")
    for name, value in {"rated_capacity_mw": 1.0, "barometric_kpa": 101.325, "lhv_kj_nm3": 36000,
                        "fuel_rate_nm3_h": 100, "water_flow_kg_h": 3600, "supply_temp_c": 226.85,
                        "return_temp_c": 26.85, "water_pressure_mpa_g": 2.898675}.items():
        app.number_input(key=f"form_{name}").set_value(value)
    _button(app, "计算").click().run()
    assert not app.exception, app.exception
    assert app.metric[0].label == "正平衡热效率 η₁ [%]" and app.metric[0].value == "86.02"
    _sign_in(app)
    _button(app, "保存本条测试").click().run()
    assert "新增 1" in app.success[-1].value
    engine = make_engine(demo_url)
    with session_factory(engine)() as session:
        stored = session.scalar(select(TestRecord).where(TestRecord.test_id == "F-001"))
        assert stored.eta_direct_pct == pytest.approx(IF97_REGION1_ETA, abs=1e-6)
    engine.dispose()


def _apply(app: AppTest, efficiency: float) -> AppTest:
    app.text_input(key="adm_application_id").set_value("DJ-2026-001")
    app.text_input(key="adm_unit_name").set_value("上海某食品有限公司")
    app.text_input(key="adm_credit_code").set_value("91350100M000100Y43")
    app.selectbox(key="adm_town").set_value("莘庄镇")
    app.date_input(key="adm_install_date").set_value(date(2026, 5, 1))
    app.selectbox(key="adm_boiler_kind").set_value("hot_water")
    app.selectbox(key="adm_fuel_kind").set_value("natural_gas")
    for name, value in {"rated_capacity_mw": 2.8, "design_efficiency_pct": efficiency, "design_flue_temp_c": 120,
                        "design_excess_air_ratio": 1.2, "nox_guarantee_mg_m3": 30, "annual_hours": 3000,
                        "annual_load_pct": 70}.items():
        app.number_input(key=f"adm_{name}").set_value(value)
    _button(app, "审查").click().run()
    assert not app.exception, app.exception
    return app


def test_admission_page_decides_explains_and_prints_the_opinion(demo_url):
    app = _apply(_app("2_admission.py"), efficiency=91)
    assert app.error[0].value == "审查结论: 不通过"
    rules = app.table[0].value
    # GB 24500-2020: gas-fired hot-water boiler, 2.8 MW: limit value 92 % (gb24500_grades) > 91 %
    assert rules.loc["A01", "结果"] == "不符合" and rules.loc["A01", "要求"] == "92 %"
    # CO₂: 2.8 MW × 70 % × 3000 h useful heat / 0.91, national defaults (carbon_factors): 15.3 tC/TJ, OF 99 %, 44/12
    expected = 2.8 * 0.7 * 3000 * 3.6 / 0.91 * 15.3e-3 * 0.99 * 44 / 12
    assert float(app.metric[0].value) == pytest.approx(expected, abs=0.05)
    opinion = next(d for d in app.get("download_button") if d.proto.label == "下载准入审查意见书 (DOCX)")
    assert opinion.proto.label
    _sign_in(app, "demo.clerk")
    app = _apply(app, efficiency=91)
    _button(app, "保存申请及结论 (留痕)").click().run()
    assert app.success[-1].value == "已保存申请 DJ-2026-001 及结论「不通过」"
    assert _count(demo_url, select(func.count()).select_from(Application).where(
        Application.decision == "不通过")) == 1
    assert _count(demo_url, select(func.count()).select_from(AuditLog).where(AuditLog.who == "demo.clerk")) == 1

    app = _apply(app, efficiency=93)
    assert app.success[0].value == "审查结论: 通过"


def test_dashboard_totals_match_the_database(demo_url):
    app = _app("3_dashboard.py")
    # natural gas, the records in 10^4 Nm³: the national defaults (carbon_factors) give 21.62 t CO₂ per 10^4 Nm³ (389.31 GJ,
    # 15.3 tC/TJ, OF 99 %)
    app.multiselect(key="f_fuels").set_value(["natural_gas"]).run()
    assert not app.exception, app.exception
    quantity = _count(demo_url, select(func.sum(FuelUse.quantity)).where(FuelUse.fuel_kind == "natural_gas",
                                                                         FuelUse.unit == "10^4 Nm3"))
    others = _count(demo_url, select(func.count()).select_from(FuelUse).where(FuelUse.fuel_kind == "natural_gas",
                                                                              FuelUse.unit != "10^4 Nm3"))
    assert others == 0
    assert app.metric[0].label == "CO₂ 排放合计 [万 t]"  # above 100,000 t the bureau writes 万 t
    total = float(app.metric[0].value.replace(",", ""))
    assert total == pytest.approx(quantity * 389.31 * 15.3e-3 * 0.99 * 44 / 12 / 1e4, abs=0.05)  # shown to 0.1 万 t

    app.multiselect(key="f_fuels").set_value([]).run()
    app.multiselect(key="f_years").set_value([2024]).run()
    share = _frame(app, heading("graded"))
    # independently: each boiler's last 2024 test; the share of graded ones below the limit value
    engine = make_engine(demo_url)
    with session_factory(engine)() as session:
        rows = session.execute(select(TestRecord.boiler_id, TestRecord.test_date, TestRecord.test_id,
                                      TestRecord.gb24500_grade).order_by(TestRecord.test_date, TestRecord.test_id)).all()
    engine.dispose()
    last = {}
    for boiler, day, _, grade in rows:
        if day.year == 2024:
            last[boiler] = grade
    graded = [g for g in last.values() if g in ("1", "2", "3", "below")]
    assert share[heading("graded")].tolist() == [len(graded)]
    # shown at one decimal
    assert share[heading("below_share_pct")].iloc[0] == round(100 * graded.count("below") / len(graded), 1)
    saved = heading("co2_saved_t")
    potential = _frame(app, saved)
    assert len(potential) == 21 and potential[heading("test_id")].iloc[-1] == "合计"  # 20 boilers and the totals row
    # the totals row adds the unrounded values: equal to the shown sum within the rounding of 20 rows
    assert potential[saved].iloc[-1] == pytest.approx(potential[saved].iloc[:-1].sum(), abs=20 * 0.05)
    assert (potential[heading("margin_pct")].iloc[:-1].diff().dropna() >= 0).all()  # worst first


def test_dashboard_online_section_counts_the_hours_over_a_limit_in_the_database(demo_url):
    from boilerlab.db.models import MonitoringHour
    from boilerlab.db.monitoring import district_summary

    over = sum(_count(demo_url, select(func.count()).select_from(MonitoringHour).where(
        getattr(MonitoringHour, f"{p}_ref_mg_m3") > getattr(MonitoringHour, f"{p}_limit_mg_m3")))
        for p in ("nox", "so2", "pm"))
    assert over > 0
    app = _app("3_dashboard.py")
    shown = {m.label: m.value for m in app.metric}
    assert shown["监测锅炉"] == "20 台" and shown["超标小时合计"] == f"{over:,} h"
    engine = make_engine(demo_url)
    try:
        summary, _ = district_summary(session_factory(engine))
    finally:
        engine.dispose()
    assert shown["能效漂移预警"] == f"{int((summary['alerts'] > 0).sum())} 台"
    by_town = _frame(app, heading("exceeding_boilers"))
    assert by_town[heading("boilers")].sum() == 20
    assert by_town[heading("nox_over_hours")].sum() + by_town[heading("so2_over_hours")].sum() + by_town[
        heading("pm_over_hours")].sum() == over
    # a year without online data: the section says so
    app.multiselect(key="f_years").set_value([2023]).run()
    assert not app.exception and any("没有在线监测数据" in i.value for i in app.info)
    # one town: only its boilers
    town = by_town[heading("town")].iloc[0]
    app.multiselect(key="f_years").set_value([])
    app.multiselect(key="f_towns").set_value([town]).run()
    assert {m.label: m.value for m in app.metric}["监测锅炉"] == f"{by_town[heading('boilers')].iloc[0]} 台"


def test_registry_lists_the_vehicles_their_problems_and_writes_the_quarters_notification(demo_url):
    from boilerlab.db.models import Vehicle

    vehicles = _count(demo_url, select(func.count()).select_from(Vehicle))
    assert vehicles == 1500  # the demo's register
    app = _app("4_registry.py")
    listed = _frame(app, heading("problem_text"))
    assert len(listed) == vehicles
    assert set(listed[heading("power_type")]) <= {"柴油", "汽油", "液化石油气", "天然气", "电动"}
    app.toggle(key="veh_problems").set_value(True).run()
    problems = _frame(app, heading("problem_text"))
    assert 0 < len(problems) < vehicles and (problems[heading("problem_text")] != "").all()
    # every in-use internal-combustion vehicle without its code is listed with that problem
    no_code = _count(demo_url, select(func.count()).select_from(Vehicle).where(
        Vehicle.status == "在用", Vehicle.power_type != "electric", func.coalesce(Vehicle.env_code, "") == ""))
    assert problems[heading("problem_text")].str.contains("缺少环保登记编码或标志").sum() == no_code
    app.selectbox(key="veh_period").set_value("2024Q3").run()
    _button(app, "生成通报").click().run()
    assert not app.exception, app.exception
    names = [b.proto.label for b in app.get("download_button")]
    assert "下载 内燃场车环保信息通报-2024Q3.docx" in names and "下载 内燃场车环保信息通报-2024Q3.xlsx" in names


def test_dashboard_counts_the_vehicles_in_use_and_their_problems(demo_url):
    from boilerlab.db.models import Vehicle

    in_use = _count(demo_url, select(func.count()).select_from(Vehicle).where(Vehicle.status == "在用",
                                                                              Vehicle.power_type != "electric"))
    shown = {m.label: m.value for m in _app("3_dashboard.py").metric}
    assert shown["在用内燃场车"] == f"{in_use:,} 台"
    assert int(shown["缺少环保登记编码或标志"].split()[0].replace(",", "")) == _count(
        demo_url, select(func.count()).select_from(Vehicle).where(
            Vehicle.status == "在用", Vehicle.power_type != "electric", func.coalesce(Vehicle.env_code, "") == ""))


def test_registry_page_finds_a_boiler_and_its_test_history(demo_url):
    engine = make_engine(demo_url)
    with session_factory(engine)() as session:
        code, tests = session.execute(
            select(Boiler.device_code, func.count(TestRecord.id)).join(TestRecord, TestRecord.boiler_id == Boiler.id)
            .group_by(Boiler.device_code).order_by(func.count(TestRecord.id).desc(), Boiler.device_code)).first()
    engine.dispose()
    app = _app("4_registry.py")
    app.text_input(key="reg_search").set_value(code).run()
    assert _frame(app, heading("last_grade"))[heading("device_code")].tolist() == [code]
    app.selectbox(key="reg_boiler").set_value(code).run()
    assert not app.exception, app.exception
    assert len(_frame(app, heading("eta_governing_pct"))) == tests > 1
    trend = plotly.io.from_json(app.get("plotly_chart")[0].proto.spec)
    assert len(trend.data[0].x) == tests  # one point per test (y is sent base64-encoded)


def test_reference_page_lists_tables_and_refuses_an_empty_edit(demo_url, reference_copy):
    from boilerlab.db.reference_edits import save_reference_table

    app = _app("5_reference.py")
    overview = _frame(app, heading("unconfirmed"))
    titles = pd.read_csv(load_reference().directory / "manifest.csv", dtype=str).set_index("table")["title_cn"]
    assert set(overview[heading("title_cn")]) >= set(titles[["gb24500_grades", "q5_rated_loss", "q2_simple_coefficients",
                                                             "emission_limits", "carbon_factors", "admission_rules"]])
    _sign_in(app, "demo.admin")
    app.text_input(key="ref_reason").set_value("核对").run()
    _button(app, "保存修改 (记录审计日志)").click().run()
    assert "表格没有改动" in app.error[0].value

    # an edit made through the library shows in the page's log with its versions
    table = load_reference().table("q5_rated_loss")
    table["q5_pct"] = table["q5_pct"].astype(float)
    table.loc[0, "q5_pct"] = 4.8
    engine = make_engine(demo_url)
    edit = save_reference_table(session_factory(engine), "q5_rated_loss", table, who="demo.admin",
                                reason="按 GB/T 10180 原文")
    engine.dispose()
    app.run()
    log = _frame(app, heading("who"))
    assert log[heading("who")].tolist() == ["demo.admin"] and log[heading("versions")].iloc[0] == f"{edit.old_version} → {edit.new_version}"


def test_a_table_saved_by_someone_else_while_the_page_loads_asks_for_a_reload(demo_url, reference_copy, monkeypatch):
    from boilerlab.base.reference import ReferenceData, ReferenceDataError

    def changed(self, name):
        raise ReferenceDataError(f"{name} changed since it was loaded")

    app = _app("5_reference.py")
    with monkeypatch.context() as patch:  # the file saved between the page's loading and the editor's reading
        patch.setattr(ReferenceData, "file_cells", changed)
        app.run()
        assert not app.exception, app.exception
        assert any("刚被其他用户修改" in w.value for w in app.warning)
        assert not [b for b in app.button if b.label == "保存修改 (记录审计日志)"]  # nothing to save from
    _button(app, "重新载入").click().run()
    assert not app.exception and not any("刚被其他用户修改" in w.value for w in app.warning)
    assert [b for b in app.button if b.label == "保存修改 (记录审计日志)"]


def test_the_offered_template_uploads_and_computes_its_example_row(demo_url):
    """The template offered beside the uploader is accepted by the uploader and computes its example row."""
    from boilerlab import evaluate
    from boilerlab.intake.templates import template
    from boilerlab.intake.files import read_table, table_bytes

    content = table_bytes(template("tests"), "xlsx", sheet_name="tests")
    app = _app("1_efficiency_test.py")
    app.file_uploader(key="tests_file").set_value(("模板.xlsx", content, "application/octet-stream")).run()
    assert app.success[0].value == "已计算 1 行"
    expected = evaluate(read_table(content, "模板.xlsx"))
    eta = heading("eta_direct_pct")
    assert _frame(app, eta)[eta].iloc[0] == round(expected["eta_direct_pct"].iloc[0], 2)


def test_a_test_entered_for_a_registered_boiler_takes_its_data_and_is_stored_on_it(demo_url):
    from boilerlab import evaluate

    engine = make_engine(demo_url)
    with session_factory(engine)() as session:
        boiler = session.scalars(select(Boiler).where(Boiler.fuel_kind == "natural_gas", Boiler.boiler_kind == "hot_water",
                                                      Boiler.rated_capacity_mw.is_not(None)).order_by(Boiler.id)).first()
    app = _app("1_efficiency_test.py")
    app.selectbox(key="form_boiler").set_value(boiler.device_code).run()
    suffix = f"@{boiler.device_code}"
    assert app.number_input(key=f"form_rated_capacity_mw{suffix}").value == boiler.rated_capacity_mw
    assert app.selectbox(key=f"form_boiler_kind{suffix}").value == "hot_water"
    measured = {"lhv_kj_nm3": 35600, "fuel_rate_nm3_h": 0.1 * boiler.rated_capacity_mw * 1000,
                "water_flow_kg_h": 30000 * boiler.rated_capacity_mw, "supply_temp_c": 80, "return_temp_c": 55,
                "water_pressure_mpa_g": 0.4, "flue_temp_c": 110, "air_temp_c": 15, "flue_o2_pct": 3.5}
    app.text_input(key="form_test_id").set_value("F-REG-1")
    for name, value in measured.items():
        app.number_input(key=f"form_{name}{suffix}").set_value(value)
    _button(app, "计算").click().run()
    assert not app.exception, app.exception
    record = {"test_id": "F-REG-1", "boiler_id": boiler.device_code, "boiler_kind": "hot_water",
              "fuel_kind": "natural_gas", "combustion": boiler.combustion, "condensing": boiler.condensing,
              "rated_capacity_mw": boiler.rated_capacity_mw, "test_date": pd.Timestamp.today().date().isoformat(),
              "install_date": boiler.install_date.isoformat(), **measured}
    expected = evaluate(pd.DataFrame([record])).iloc[0]
    shown = {m.label: m.value for m in app.metric}
    assert shown["正平衡热效率 η₁ [%]"] == f"{expected['eta_direct_pct']:.2f}"
    assert shown["反平衡热效率 η₂ [%]"] == f"{expected['eta_indirect_pct']:.2f}"
    _sign_in(app)
    _button(app, "保存本条测试").click().run()
    with session_factory(engine)() as session:
        stored = session.scalar(select(TestRecord).where(TestRecord.test_id == "F-REG-1"))
        assert stored.boiler_id == boiler.id
        assert stored.eta_indirect_pct == pytest.approx(expected["eta_indirect_pct"], rel=1e-12)
    engine.dispose()


def test_admission_takes_a_registered_boilers_data(demo_url):
    engine = make_engine(demo_url)
    with session_factory(engine)() as session:
        boiler = session.scalars(select(Boiler).order_by(Boiler.id)).first()
        unit = session.get(Unit, boiler.unit_id)
    engine.dispose()
    app = _app("2_admission.py")
    app.selectbox(key="adm_boiler").set_value(boiler.device_code).run()
    suffix = f"@{boiler.device_code}"
    assert app.text_input(key=f"adm_unit_name{suffix}").value == unit.name
    assert app.text_input(key=f"adm_credit_code{suffix}").value == unit.credit_code
    assert app.selectbox(key=f"adm_fuel_kind{suffix}").value == boiler.fuel_kind
    assert app.date_input(key=f"adm_install_date{suffix}").value == boiler.install_date


def test_campaign_page_shows_progress_records_an_inspection_and_moves_a_finding(demo_url, tmp_path, monkeypatch):
    from boilerlab.db.models import CampaignUnit, Finding, Inspection

    monkeypatch.setenv("BOILERLAB_REPORTS_DIR", str(tmp_path / "reports"))
    app = _app("6_campaign.py")
    shown = {m.label: m.value for m in app.metric}
    inspected = _count(demo_url, select(func.count(func.distinct(Inspection.unit_id))))
    assert shown["计划检查单位"] == f"{_count(demo_url, select(func.count()).select_from(CampaignUnit))} 家"
    assert shown["已检查单位"] == f"{inspected} 家"
    assert shown["发现问题"] == f"{_count(demo_url, select(func.count()).select_from(Finding))} 项"

    # an on-site inspection of the first unit not yet inspected, with the pre-filled checklist
    _sign_in(app, "demo.inspector")
    before = _count(demo_url, select(func.count()).select_from(Inspection))
    findings_before = _count(demo_url, select(func.count()).select_from(Finding))
    sheet = _frame(app, "检查项目")
    _button(app, "保存检查记录").click().run()
    assert not app.exception, app.exception
    assert app.success[-1].value.startswith("已保存检查记录")
    assert _count(demo_url, select(func.count()).select_from(Inspection)) == before + 1
    nonconforming = int((sheet["结果"] == "不符合").sum())
    assert _count(demo_url, select(func.count()).select_from(Finding)) == findings_before + nonconforming
    assert _count(demo_url, select(func.count(func.distinct(Inspection.unit_id)))) == inspected + 1

    # an open finding rectified with evidence; nothing is chosen until a person chooses
    choice = app.selectbox(key="finding_choice")
    assert choice.value is None and not [b for b in app.button if b.label == "更新状态"]
    finding = int(choice.options[0].split(" · ")[0])
    choice.set_value(finding).run()
    app.selectbox(key="finding_target").set_value("已整改")
    _button(app, "更新状态").click().run()
    assert "证明材料" in app.error[-1].value and "evidence" not in app.error[-1].value  # Chinese only on screen
    app.file_uploader(key=f"finding_evidence_{finding}").set_value(("整改照片.jpg", b"\xff\xd8 photo", "image/jpeg"))
    app.selectbox(key="finding_target").set_value("已整改")
    _button(app, "更新状态").click().run()
    assert app.success[-1].value == f"问题 {finding}: 整改中 → 已整改"
    assert _count(demo_url, select(Finding.status).where(Finding.id == int(finding))) == "已整改"
    assert "**整改状态**: 已整改" in [m.value for m in app.markdown]  # the panel shows the new status at once


def test_a_joint_enforcement_is_made_from_the_notification_and_a_vehicle_inspected(demo_url):
    """Issue 17: a manager turns 2024Q3's joint-enforcement list into a campaign; an inspector of an office on it
    records a listed vehicle, whose register problems come answered; its 不符合 items are findings of the campaign."""
    from boilerlab.db.models import Campaign, Finding, Inspection

    app = _app("6_campaign.py", login="demo.manager")
    app.selectbox(key="joint_period").set_value("2024Q3")
    _button(app, "据通报清单建立联合执法").click().run()
    assert not app.exception, app.exception
    assert any(m.value.startswith("已建立「2024年第三季度内燃场车联合执法」") for m in app.success), \
        [m.value for m in app.success] + [m.value for m in app.error]
    assert _count(demo_url, select(Campaign.draw_method).where(Campaign.name == "2024年第三季度内燃场车联合执法")) == \
        "joint_vehicle"
    _sign_in(app, "demo.inspector")
    app.selectbox(key="campaign_name").set_value("2024年第三季度内燃场车联合执法").run()
    vehicle = app.selectbox(key="joint_vehicle").value
    sheet = _frame(app, "检查项目")
    assert set(sheet["项目编号"]) == {"V01", "V02", "V03", "V04", "V05", "V06"}
    assert (sheet["结果"] == "不符合").any()  # a listed vehicle has a problem, answered from the register
    _button(app, "保存车辆检查记录").click().run()
    assert not app.exception, app.exception
    assert any(m.value.startswith(f"已保存车辆 {vehicle} 的检查记录") for m in app.success)
    assert _count(demo_url, select(func.count()).select_from(Inspection).where(Inspection.vehicle_id.is_not(None))) == 1
    found = _count(demo_url, select(func.count()).select_from(Finding).join(Inspection).where(
        Inspection.vehicle_id.is_not(None)))
    assert found == int((sheet["结果"] == "不符合").sum())
    findings = _frame(app, "逾期")  # 问题整改 lists them at once, under the vehicle's code
    assert (findings["设备代码"] == vehicle).sum() == found


def test_a_reviewed_finding_leaving_the_list_is_not_replaced_by_another(demo_url):
    """Found in a walk through the app: after a review the finding left the default filter, the picker fell back
    to the first finding listed and the next enforcement was recorded against that one."""
    from boilerlab.db.models import Enforcement, Finding

    app = _app("6_campaign.py", login="demo.manager")
    choice = app.selectbox(key="finding_choice")
    rectified = next(int(o.split(" · ")[0]) for o in choice.options
                     if _count(demo_url, select(Finding.status).where(Finding.id == int(o.split(" · ")[0]))) == "已整改")
    choice.set_value(rectified).run()
    app.selectbox(key="finding_target").set_value("已复查")
    _button(app, "更新状态").click().run()
    assert not app.exception, app.exception
    assert f"问题 {rectified}: 已整改 → 已复查" in [m.value for m in app.success]
    assert app.selectbox(key="finding_choice").value is None  # it left the list: nothing is chosen in its place
    assert not [b for b in app.button if "登记执法措施" in b.label]
    before = _count(demo_url, select(func.count()).select_from(Enforcement))
    choice = app.selectbox(key="finding_choice")
    other = int(choice.options[0].split(" · ")[0])
    choice.set_value(other).run()
    _button(app, f"为问题 {other} 登记执法措施").click().run()
    assert f"已为问题 {other} 登记执法措施: 责令整改" in [m.value for m in app.success]
    assert _count(demo_url, select(func.count()).select_from(Enforcement).where(Enforcement.finding_id == other)) >= 1
    assert _count(demo_url, select(func.count()).select_from(Enforcement)) == before + 1


def test_campaign_page_figures_equal_the_reports_for_any_status_date(demo_url):
    """Issue 13 item 3: a past campaign opens at its planned end (not today), and for every status date the page
    shows the figures the report prints — one computation (build_report) for both."""
    from boilerlab.documents.campaign_report import build_report
    from boilerlab.db.campaigns import campaign_frames

    app = _app("6_campaign.py")
    engine = make_engine(demo_url)
    try:
        frames = campaign_frames(session_factory(engine), year=2024)
    finally:
        engine.dispose()
    end = frames["campaign"]["planned_end"]
    chosen = next(d for d in app.sidebar.date_input if d.label == "统计截至")
    assert chosen.value == end < date.today()
    seen = set()
    for day in (date(2024, 4, 30), date(2024, 7, 31), date(2024, 9, 30), end, date(2025, 6, 30)):
        if day != chosen.value:
            chosen.set_value(day).run()
            assert not app.exception, app.exception
        figures = build_report(frames, day).figures
        shown = {m.label: m.value for m in app.metric}
        assert shown["计划检查单位"] == f"{figures['planned']} 家"
        assert shown["已检查单位"] == f"{figures['inspected']} 家"
        assert shown["发现问题"] == f"{figures['findings']} 项"
        assert shown["整改中"] == f"{figures['open']} 项"
        assert shown["逾期未整改"] == f"{figures['overdue']} 项"
        assert f"统计截至 {day} 日终" in [c.value for c in app.caption]
        seen.add((figures["inspected"], figures["overdue"]))
        chosen = next(d for d in app.sidebar.date_input if d.label == "统计截至")
    assert len(seen) >= 3  # the dates do give different figures


def test_campaign_page_writes_the_report_and_draws_a_new_campaign(demo_url, tmp_path, monkeypatch):
    from boilerlab.db.models import Campaign

    monkeypatch.setenv("BOILERLAB_REPORTS_DIR", str(tmp_path / "reports"))
    app = _app("6_campaign.py")
    _button(app, "生成专项检查报告").click().run()
    assert not app.exception, app.exception
    assert app.get("progress")[-1].value == 100
    assert sorted(p.name for p in (tmp_path / "reports" / "campaigns").iterdir()) == [
        "2024年锅炉节能专项监督检查-报告.docx", "2024年锅炉节能专项监督检查-报告.pdf", "2024年锅炉节能专项监督检查-报告.xlsx"]
    assert [d.label for d in app.get("download_button") if str(d.key).startswith("campaign_download_")] == [
        "下载 DOCX", "下载 XLSX", "下载 PDF"]

    _sign_in(app, "demo.manager")
    app.text_input(key="new_name").set_value("2025年锅炉节能专项抽查")
    app.number_input(key="new_year").set_value(2025)
    app.number_input(key="new_ratio").set_value(30)
    app.number_input(key="new_seed").set_value(77)
    _button(app, "抽取并创建").click().run()
    assert not app.exception, app.exception
    assert "区级重点 150 家" in app.success[-1].value
    assert _count(demo_url, select(func.count()).select_from(Campaign)) == 2
    assert app.selectbox(key="campaign_name").value == "2025年锅炉节能专项抽查"  # the new campaign is opened

    # by credit-risk class: every D unit, 5 % of the A units … (risk_classes), each unit's class kept with the draw
    from boilerlab.db.models import CampaignUnit

    app.text_input(key="new_name").set_value("2025年按信用风险分类抽查")
    app.radio(key="new_method").set_value("risk_class")
    app.date_input(key="new_as_of").set_value(date(2024, 9, 30))
    _button(app, "抽取并创建").click().run()
    assert not app.exception, app.exception
    message = app.success[-1].value
    assert "按分类: A类 (信用风险低)" in message and "D类 (信用风险高)" in message
    campaign_id = _count(demo_url, select(Campaign.id).where(Campaign.name == "2025年按信用风险分类抽查"))
    assert _count(demo_url, select(Campaign.draw_method).where(Campaign.id == campaign_id)) == "risk_class"
    assert _count(demo_url, select(func.count()).select_from(CampaignUnit).where(
        CampaignUnit.campaign_id == campaign_id, CampaignUnit.risk_class.is_(None))) == 0


def test_nothing_but_the_sign_in_form_before_signing_in_and_the_form_signs_in(demo_url):
    app = _app("4_registry.py", login=None)
    assert [t.label for t in app.text_input] == ["登录名", "密码"] and not app.dataframe and not app.sidebar.button
    app.text_input(key="sign_in_login").set_value("demo.clerk")
    app.text_input(key="sign_in_password").set_value("not the password")
    app.button[0].click().run()
    assert app.error[0].value == "登录名或密码不正确" and not app.dataframe
    app.text_input(key="sign_in_password").set_value("demo-clerk-2026")
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert app.dataframe and app.session_state[SIGNED_IN] == "demo.clerk"
    assert "演示账户 (demo.*) 仍可登录" in app.warning[0].value  # the demo banner on every page
    assert any("李登记" in m.value for m in app.sidebar.markdown)
    next(b for b in app.sidebar.button if b.label == "退出登录").click().run()
    assert [t.label for t in app.text_input] == ["登录名", "密码"] and app.info[0].value == "已退出登录。"


def test_an_idle_session_and_a_disabled_account_are_signed_out(demo_url, monkeypatch):
    from boilerlab.db.accounts import disable_account

    app = _app("3_dashboard.py")
    monkeypatch.setenv("BOILERLAB_IDLE_MINUTES", "0.0001")  # 6 ms
    import time
    time.sleep(0.05)
    app.run()
    assert [t.label for t in app.text_input] == ["登录名", "密码"] and "未操作, 已自动退出登录" in app.info[0].value
    monkeypatch.delenv("BOILERLAB_IDLE_MINUTES")
    app = _app("3_dashboard.py", login="demo.manager")
    disable_account(session_factory(make_engine(demo_url)), "demo.manager", who="demo.admin")
    app.run()
    assert app.info[0].value == "该账户已停用, 请联系管理员。" and not app.metric


def _sidebar(app: AppTest) -> list[str]:
    return [link.label for link in app.sidebar.get("page_link")]


def test_each_role_is_offered_its_own_pages_and_refused_the_others(demo_url):
    """Issue 14, item 3: the sidebar lists a role's pages only, and a page opened by its address says whom it is for."""
    assert _sidebar(_app(login="demo.clerk")) == ["首页", "登记准入", "设备台账", "参数库"]
    assert _sidebar(_app(login="demo.inspector")) == ["首页", "能效测试", "设备台账", "参数库", "专项检查"]
    assert _sidebar(_app(login="demo.admin")) == ["首页", "设备台账", "参数库", "审计日志"]
    for page, login, roles in (("6_campaign.py", "demo.clerk", "能效检验人员、管理人员"), ("8_risk.py", "demo.inspector", "管理人员"),
                               ("3_dashboard.py", "demo.inspector", "管理人员"),
                               ("1_efficiency_test.py", "demo.admin", "能效检验人员、管理人员")):
        app = _app(page, login=login)
        assert app.error[0].value.startswith(f"「{app.title[0].value}」仅供{roles}使用; 您的账户角色是")
        assert not app.dataframe and not app.metric and not app.main.button and not app.tabs


def test_a_page_offers_only_the_actions_the_role_may_take(demo_url, caplog):
    # 参数库 for a clerk: the tables and their downloads, no editor and no save
    app = _app("5_reference.py", login="demo.clerk")
    assert not [b for b in app.button if b.label == "保存修改 (记录审计日志)"] and app.dataframe
    # the table as the file stores it, under the Chinese column names (the file's own name as each one's tooltip):
    # numbers exactly as stored, the confidence in words, a blank as "—"
    app.selectbox(key="ref_table").set_value("instrument_uncertainty").run()
    stored = load_reference().table("instrument_uncertainty").reset_index(drop=True)
    headers = [heading(c, "reference") for c in stored.columns]
    assert headers[:4] == ["数据列", "准确度表示方式", "准确度", "分布"]
    shown = next(d for d in app.dataframe if list(d.value.columns) == headers)
    view = shown.value.reset_index(drop=True).set_axis(stored.columns, axis=1)
    assert [float(text) for text in view["accuracy"]] == stored["accuracy"].tolist()  # each number read back exactly
    assert view["column"].tolist() == stored["column"].tolist()
    assert set(view["status"]) == {"待核实"} and set(stored["status"]) == {"UNCONFIRMED"}
    assert (view["default_basis"] == "—").sum() == stored["default_basis"].isna().sum() > 0
    assert not {"None", "nan", "NaN", "True", "False"} & set(view.astype(str).to_numpy().ravel().tolist())
    config = json.loads(shown.proto.columns)
    assert config["准确度"]["help"] == "数据文件中的列名: accuracy"
    # a small coefficient as the file has it, not as a grid rounds a number (1.502e-05 would show 0.00002)
    app.selectbox(key="ref_table").set_value("gas_heat_capacity").run()
    stored = load_reference().table("gas_heat_capacity").reset_index(drop=True)
    headers = [heading(c, "reference") for c in stored.columns]
    view = next(d for d in app.dataframe if list(d.value.columns) == headers).value.reset_index(drop=True)
    view = view.set_axis(stored.columns, axis=1)
    assert view.loc[stored["gas"] == "co2", "a2"].tolist() == ["1.502e-05"]
    assert [float(text) for text in view["a3"]] == stored["a3"].tolist()
    assert any(c.value.startswith("修改参数库限系统管理员; 您的账户角色是登记审查人员") for c in app.caption)
    # every table: codes with their Chinese names where the vocabulary has the list (natural_gas → 天然气), the file's
    # own words (units such as kJ/kg, bases, regions) never looked up in a list they do not belong to
    caplog.set_level(logging.WARNING, logger="boilerlab.base.vocabulary")
    for table_name in load_reference().tables:
        app.selectbox(key="ref_table").set_value(table_name).run()
    unnamed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("no Chinese label")]
    assert not unnamed, unnamed
    app.selectbox(key="ref_table").set_value("fuels").run()
    stored = load_reference().table("fuels").reset_index(drop=True)
    view = next(d for d in app.dataframe if list(d.value.columns) == [heading(c, "reference") for c in stored.columns])
    view = view.value.reset_index(drop=True).set_axis(stored.columns, axis=1)
    assert set(view.loc[stored["fuel_kind"] == "natural_gas", "fuel_kind"]) == {"天然气"}
    assert view["unit"].tolist() == stored["unit"].fillna("—").tolist()
    # 能效测试 for a manager: computes, does not save
    app = _app("1_efficiency_test.py", login="demo.manager")
    app.file_uploader(key="tests_file").set_value(("cases.csv", CASES.read_bytes(), "text/csv")).run()
    assert app.success[0].value == "已计算 3 行" and not [b for b in app.button if b.label == "保存测试记录"]
    assert any(c.value.startswith("保存能效测试记录限能效检验人员") for c in app.caption)
    # 专项检查 for an inspector: no draw, no report, no enforcement; the own office's units and findings only
    app = _app("6_campaign.py", login="demo.inspector")
    labels = {b.label for b in app.button}
    assert not labels & {"抽取并创建", "生成专项检查报告"} and "保存检查记录" in labels
    assert any(c.value.startswith("生成专项检查报告限管理人员") for c in app.caption)
    office = "七宝市场监督管理所"  # demo.inspector's (boilerlab.db.accounts.DEMO_ACCOUNTS)
    assert all(shown.endswith(f" · {office}") for shown in app.selectbox(key="inspect_unit").options)  # name · office
    engine = make_engine(demo_url)
    try:
        from boilerlab.db.campaigns import campaign_frames

        findings = campaign_frames(session_factory(engine), year=2024)["findings"].set_index("finding_id")
    finally:
        engine.dispose()
    offered = [int(o.split(" · ")[0]) for o in app.selectbox(key="finding_choice").options]
    assert offered and set(findings.loc[offered, "office"]) == {office}
    # the only move an inspector may make is the rectification; a review and enforcement are a manager's
    open_one = next(f for f in offered if findings.at[f, "status"] == "整改中")
    app.selectbox(key="finding_choice").set_value(open_one).run()
    assert app.selectbox(key="finding_target").options == ["已整改"]
    assert not [b for b in app.button if "登记执法措施" in b.label]
    assert any(c.value.startswith("复查整改与登记执法措施限管理人员") for c in app.caption)


def test_risk_page_shows_the_classes_their_changes_the_d_list_and_classifies_again(demo_url):
    from boilerlab.db.risk import classification, risk_runs

    engine = make_engine(demo_url)
    try:
        sessions = session_factory(engine)
        runs, table = risk_runs(sessions), classification(sessions)
    finally:
        engine.dispose()
    app = _app("8_risk.py")
    shown = {m.label: m.value for m in app.metric}
    latest = runs.iloc[0]
    assert shown == {"A类 (信用风险低)": f"{latest['A']} 家", "B类 (信用风险一般)": f"{latest['B']} 家",
                     "C类 (信用风险较高)": f"{latest['C']} 家", "D类 (信用风险高)": f"{latest['D']} 家"}
    assert min(latest[["A", "B", "C", "D"]]) > 0  # the demo district shows all four classes
    by_office = _frame(app, heading("office"))
    assert by_office[["A类 (信用风险低)", "B类 (信用风险一般)", "C类 (信用风险较高)", "D类 (信用风险高)"]].sum().tolist() == \
        latest[["A", "B", "C", "D"]].tolist()
    changed = table[table["previous_class"].notna() & (table["previous_class"] != table["risk_class"])]
    assert len(_frame(app, heading("previous_class"))) == len(changed) > 0
    d_list = next(d.value for d in app.dataframe if heading("reasons") in d.value.columns
                  and heading("previous_class") not in d.value.columns)
    assert len(d_list) == latest["D"] and set(d_list[heading("risk_class")]) == {"D类 (信用风险高)"}
    worst = table[table["risk_class"] == "D"].sort_values("score", ascending=False).iloc[0]
    app.selectbox(key="risk_unit").set_value(worst["credit_code"]).run()
    assert any(worst["reasons"].split("; ")[0] in m.value for m in app.markdown)
    # a new classification as of another day is kept as a run of its own
    app.date_input(key="risk_as_of").set_value(date(2024, 6, 30))
    next(b for b in app.button if b.label.startswith("按基准日重新分类")).click().run()
    assert not app.exception, app.exception
    assert any(m.value.startswith("已分类 1050 家单位 (截至 2024-06-30)") for m in app.success)
    assert _count(demo_url, select(func.count()).select_from(RiskRun)) == len(runs) + 1


def test_registry_shows_a_units_class_and_its_reasons(demo_url):
    from boilerlab.db.risk import classification

    engine = make_engine(demo_url)
    try:
        table = classification(session_factory(engine)).set_index("credit_code")
    finally:
        engine.dispose()
    app = _app("4_registry.py", login="demo.inspector")
    units = _frame(app, heading("risk_class"))
    assert units[heading("risk_class")].notna().all() and len(units) == len(table)
    code = table.index[table["risk_class"] == "C"][0]
    app.selectbox(key="reg_unit_risk").set_value(code).run()
    text = "\n".join(m.value for m in app.markdown)
    assert "C类 (信用风险较高)" in text and table.at[code, "reasons"].split("; ")[0] in text


def test_monitoring_page_shows_the_district_a_boilers_hours_and_the_alerts(demo_url):
    from boilerlab.db.monitoring import boiler_hours, district_summary

    engine = make_engine(demo_url)
    try:
        sessions = session_factory(engine)
        summary, alerts = district_summary(sessions)
        first = summary["device_code"].iloc[0]
        hours = boiler_hours(sessions, first)
    finally:
        engine.dispose()
    assert len(summary) == 20 and len(hours) == 8784  # the demo: twenty boilers, every hour of 2024
    app = _app("9_monitoring.py")
    shown = {m.label: m.value for m in app.metric}
    assert shown["监测锅炉"] == "20 台" and shown["NOx 超标小时合计"] == f"{int(summary['nox_over_hours'].sum())} h"
    assert int(summary["nox_over_hours"].sum()) > 0 and not alerts.empty  # the demo has episodes and drift
    boilers = _frame(app, heading("capture_rate_pct"))
    assert len(boilers) == 20
    assert len(next(d.value for d in app.dataframe if heading("basis") in d.value.columns)) == len(alerts)
    charts = app.get("plotly_chart")
    assert len(charts) >= 4  # η₂, O₂, flue temperature, NOx against its limit
    assert app.selectbox(key="monitoring_boiler").value == first

    # two exports cut at 10:37 on a day of 2025: the second import says it completed the cut hour from the first
    for name, times in (("a.csv", pd.date_range("2025-01-06 08:00", "2025-01-06 10:36", freq="min")),
                        ("b.csv", pd.date_range("2025-01-06 10:37", "2025-01-06 12:59", freq="min"))):
        export = pd.DataFrame({"监测时间": times.strftime("%Y-%m-%d %H:%M"), "排烟温度(℃)": 120.0, "排烟氧含量(%)": 3.5})
        app.file_uploader(key="monitoring_file").set_value((name, export.to_csv(index=False).encode(), "text/csv"))
        app.text_input(key="monitoring_file_boiler").set_value(first).run()
        _button(app, "导入").click().run()
        assert not app.exception, app.exception
    assert any("2025-01-06 10时的数据不完整, 与此前导入的文件 a.csv 中同一小时的 37 条读数合并计算" in m.value for m in app.info)
