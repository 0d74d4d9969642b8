"""能效测试 (inspector): upload a test file or enter one test, see both methods, the grade, emissions and CO₂,
save to a boiler, and download the 能效测试报告."""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

import ui
from boilerlab.base.vocabulary import COLUMNS, chinese_only, display_table, heading
from boilerlab.db import database_url
from boilerlab.db.imports import store_import
from boilerlab.db.permissions import PermissionRefused
from boilerlab.db.queries import ReportError
from boilerlab.documents.test_report import write_test_report
from boilerlab.intake.files import table_bytes
from boilerlab.intake.rows import REJECTED, FileRefused, PreparedImport, prepare_import
from boilerlab.intake.templates import template

ui.page("能效测试")
st.title("能效测试 · 热效率计算、分级与报告")
st.caption("GB/T 10180 正平衡 (输入输出热量法) 与反平衡 (热损失法) 并列计算, 按 GB 24500-2020 分级, "
           "排放按 GB 13271-2014 / DB31/387-2018 折算比对, CO₂ 按 GB/T 32150-2015 与《工业其他行业企业温室气体排放核算方法与报告指南 (试行)》缺省值。")

#: The result columns of the table of a whole file (labels, units and decimals from the vocabulary).
SHOWN = ("test_id", "run_no", "boiler_id", "boiler_kind", "fuel_kind", "heat_output_kw", "eta_direct_pct", "eta_indirect_pct",
         "method_deviation_pct", "eta_governing_u95_pp", "q2_pct", "q3_pct", "q4_pct", "q5_pct", "q6_pct",
         "gb24500_grade", "inuse_criterion_pct", "inuse_verdict", "nox_ref_mg_m3", "nox_verdict", "co2_kg_h", "warnings",
         "error")
#: The table of the tests of several runs: their means and verdicts.
RUNS_SHOWN = ("test_id", "run_count", "eta_direct_pct", "eta_indirect_pct", "run_spread_direct_pp",
              "run_spread_indirect_pp", "runs_agree", "eta_governing_pct", "eta_governing_u95_pp", "gb24500_grade",
              "inuse_criterion_pct", "inuse_verdict", "nox_ref_mg_m3", "nox_verdict", "warnings", "error")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _prepared(content: bytes, filename: str, key: str) -> PreparedImport | None:
    """The file read and evaluated once per content and reference version (kept for the save that may follow)."""
    digest = (hashlib.sha256(content).hexdigest(), filename, ui.reference_versions())
    cached = st.session_state.get(key)
    if cached is None or cached[0] != digest:
        bar = st.progress(0.0, text="计算中…")
        try:
            prepared = prepare_import("tests", content, filename, lambda done, text: bar.progress(done, text=text))
        except FileRefused as exc:
            st.error(chinese_only(str(exc)))
            prepared = None
        cached = (digest, prepared)
        st.session_state[key] = cached
    return cached[1]


def _save(prepared: PreparedImport) -> None:
    """Store the tests already read and evaluated, and show what happened to each row."""
    bar = st.progress(0.0, text="保存中…")
    try:
        report = store_import(ui.sessions(), prepared, who=ui.who(),
                              progress=lambda done, text: bar.progress(done, text=text))
    except PermissionRefused as refused:  # the role or the account changed since the page was drawn
        bar.empty()
        st.error(str(refused))
        return
    ui.data_changed()
    (st.success if report.exit_code == 0 else st.warning)(report.summary())
    outcomes = report.frame()
    rejected = outcomes[outcomes["status"] == REJECTED]
    if not rejected.empty:
        st.dataframe(display_table(rejected, context="import_report"), hide_index=True, key="save_rejected")
    stored = outcomes.loc[outcomes["status"] != REJECTED, "key"].tolist()
    if stored:
        st.session_state["report_test"] = stored[0]
        st.info(f"已保存的测试可在「测试报告」页签生成报告: {', '.join(stored[:10])}"
                + (" …" if len(stored) > 10 else ""))


tab_file, tab_form, tab_report = st.tabs(["上传测试记录", "单条录入", "测试报告"])

with tab_file:
    left, right = st.columns([3, 1])
    upload = left.file_uploader("测试记录文件 (.csv / .xlsx, 中文或英文表头, 单位写在表头括号内)", type=["csv", "xlsx"],
                                key="tests_file")
    with right:
        st.markdown("**导入模板** (含示例行)")
        st.download_button("下载模板 XLSX", table_bytes(template("tests"), "xlsx", sheet_name="tests"),
                           file_name="能效测试记录模板.xlsx", mime=XLSX, key="template_xlsx")
        st.download_button("下载模板 CSV", table_bytes(template("tests"), "csv"), file_name="能效测试记录模板.csv",
                           mime="text/csv", key="template_csv")
    if upload is not None:
        prepared = _prepared(upload.getvalue(), upload.name, "evaluated")
        if prepared is not None:
            result = prepared.result
            failed = result["error"].astype(str) != ""
            st.success(f"已计算 {len(result)} 行" + (f", 其中 {int(failed.sum())} 行有错误" if failed.any() else ""))
            if prepared.notes:  # what the reader skipped, merged or cleaned: one box, not one per note
                st.info("读表说明:\n" + "\n".join(f"- {note}" for note in prepared.notes))
            if failed.any():
                with st.expander(f"行错误 ({int(failed.sum())} 行): 其余各行照常计算", expanded=True):
                    rows = pd.Series(prepared.rows, index=result.index)
                    errors = pd.DataFrame({"row": rows[failed], "test_id": result.loc[failed, "test_id"],
                                           "error": result.loc[failed, "error"]})
                    st.dataframe(display_table(errors), hide_index=True, key="row_errors")
            st.dataframe(display_table(result, columns=[c for c in SHOWN if c in result.columns]), hide_index=True,
                         key="results_table")
            ui.downloads(result, "boilerlab-结果", key="results", sheet="结果")
            tests = prepared.tests
            if tests is not None and (tests["run_count"] > 1).any():
                averaged = tests[tests["run_count"] > 1]
                st.markdown(f"**多次试验的测试 ({len(averaged)} 个)**: 同一测试编号的各次试验分别计算 (上表), "
                            "下表为各次的平均值及其判定, 保存时每个测试存为一条记录")
                st.dataframe(display_table(averaged, columns=[c for c in RUNS_SHOWN if c in averaged.columns]),
                             hide_index=True, key="averaged_table")
            good = result.index[~failed].tolist()
            if good:
                choice = st.selectbox("查看单条测试", good, key="row_choice",
                                      format_func=lambda i: f"第 {prepared.rows[i]} 行 · {result.at[i, 'test_id']}")
                ui.show_result(result.loc[choice].to_dict(), key="file")
            st.divider()
            st.markdown("**保存到数据库** — 按「设备代码」关联已登记锅炉; 原文件原样保存; 有错误的行不写入, 其余行写入。")
            if not ui.may("tests"):
                ui.only_for("tests")
            elif st.button("保存测试记录", key="save_file", type="primary"):
                _save(prepared)

with tab_form:
    boilers = ui.boilers(database_url())
    in_use = boilers.sort_values("device_code")
    options = [None] + in_use["device_code"].tolist()
    labels = ui.boiler_labels(in_use)
    device = st.selectbox("关联已登记锅炉 (设备代码)", options, key="form_boiler",
                          format_func=lambda d: "（不关联, 手工填写锅炉参数）" if d is None else labels[d])
    known = in_use.set_index("device_code").loc[device].to_dict() if device else {}
    fuels = ui.fuel_choices()

    suffix = f"@{device}" if device else ""  # a new boiler gives new widgets, filled with its registered values

    def number(name: str, container=st):
        value = known.get(name)
        value = None if value is None or pd.isna(value) else float(value)
        return container.number_input(heading(name), value=value, key=f"form_{name}{suffix}", format="%g")

    with st.form("entry"):
        a, b, c, d = st.columns(4)
        test_id = a.text_input(heading("test_id"), key="form_test_id")
        test_date = b.date_input(heading("test_date"), value=date.today(), key="form_test_date")
        kinds = list(ui.KIND_CN)
        kind = c.selectbox(heading("boiler_kind"), kinds, format_func=ui.KIND_CN.get, key=f"form_boiler_kind{suffix}",
                           index=kinds.index(known["boiler_kind"]) if known.get("boiler_kind") in kinds else 0)
        fuel = d.selectbox(heading("fuel_kind"), fuels, format_func=lambda f: ui.FUEL_CN.get(f, f), key=f"form_fuel_kind{suffix}",
                           index=fuels.index(known["fuel_kind"]) if known.get("fuel_kind") in fuels else
                           fuels.index("natural_gas"))
        a, b, c, d = st.columns(4)
        firings = list(ui.FIRING_CN)
        firing = a.selectbox(heading("combustion"), firings, format_func=ui.FIRING_CN.get, key=f"form_combustion{suffix}",
                             index=firings.index(known["combustion"]) if known.get("combustion") in firings else 2)
        condensing = b.checkbox(heading("condensing"), value=bool(known.get("condensing", False)), key=f"form_condensing{suffix}")
        capacity_t_h = number("rated_capacity_t_h", container=c)
        capacity_mw = number("rated_capacity_mw", container=d)
        st.markdown("**燃料与工质** (蒸汽锅炉填蒸汽项, 热水/有机热载体锅炉填循环水项)")
        values = {}
        groups = (("fuel_rate_nm3_h", "lhv_kj_nm3", "fuel_rate_kg_h", "lhv_ar_kj_kg"),
                  ("steam_flow_kg_h", "steam_pressure_mpa_g", "feedwater_temp_c", "steam_humidity_pct"),
                  ("water_flow_kg_h", "supply_temp_c", "return_temp_c", "water_pressure_mpa_g"))
        for group in groups:
            for name, col in zip(group, st.columns(4)):
                values[name] = number(name, container=col)
        st.markdown("**烟气、灰渣与排放**")
        for group in (("flue_temp_c", "air_temp_c", "flue_o2_pct", "flue_co_ppm"),
                      ("slag_combustible_pct", "flyash_combustible_pct", "barometric_kpa", "emission_o2_pct"),
                      ("nox_mg_m3", "so2_mg_m3", "pm_mg_m3", "q5_measured_pct")):
            for name, col in zip(group, st.columns(4)):
                values[name] = number(name, container=col)
        used = {"rated_capacity_t_h", "rated_capacity_mw", *values}
        more = [c.name for c in COLUMNS if c.kind == "float" and c.name not in used]
        with st.expander("更多参数 (燃料成分、过热蒸汽、排污、灰渣份额等)"):
            for start in range(0, len(more), 4):
                for name, col in zip(more[start:start + 4], st.columns(4)):
                    values[name] = number(name, container=col)
        submitted = st.form_submit_button("计算", type="primary")
    if submitted:
        record = {"test_id": test_id.strip() or None, "boiler_id": device, "test_date": test_date.isoformat(),
                  "boiler_kind": kind, "fuel_kind": fuel, "combustion": firing, "condensing": condensing,
                  "rated_capacity_t_h": capacity_t_h, "rated_capacity_mw": capacity_mw,
                  **{k: v for k, v in values.items() if v is not None}}
        if known.get("install_date") is not None and pd.notna(known.get("install_date")):
            record["install_date"] = str(known["install_date"])
        st.session_state["form_record"] = record
    record = st.session_state.get("form_record")
    if record is not None and record.get("boiler_id") != device:  # computed for another boiler: compute again
        record = None
    if record is not None:
        content = pd.DataFrame([record]).to_csv(index=False).encode("utf-8")
        prepared = _prepared(content, f"form-{record.get('test_id') or 'entry'}.csv", "form_evaluated")
        result = prepared.result.iloc[0].to_dict() if prepared is not None else None
        if result is not None:
            ui.show_result(result, key="form")
        if result is not None and not result.get("error"):
            st.markdown("**保存到数据库** — 录入内容作为一行 CSV 原样保存, 并关联所选锅炉。")
            if not ui.may("tests"):
                ui.only_for("tests")
            elif st.button("保存本条测试", key="save_form", type="primary"):
                if not record.get("test_id"):
                    st.error("请填写测试编号, 保存测试须有测试编号")
                else:
                    _save(prepared)

with tab_report:
    stored = ui.tests(database_url())
    newest = stored.sort_values(["test_date", "test_id"], ascending=False)
    ids = newest["test_id"].tolist()
    if not ids:
        st.info("数据库中还没有测试记录; 先在「上传测试记录」或「单条录入」保存一条测试。")
    else:
        wanted = st.session_state.get("report_test")
        # each choice names the test, its date, the unit and the boiler: typing any of them narrows the list
        parts = zip(newest["test_id"], newest["test_date"].dt.strftime("%Y-%m-%d").fillna(""),
                    newest["unit_name"].fillna(""), newest["device_code"].fillna(""))
        named = {test: " · ".join(part for part in row if part) for test, row in zip(ids, parts)}
        test_id = st.selectbox("测试 (可输入测试编号、日期、使用单位或设备代码检索)", ids,
                               index=ids.index(wanted) if wanted in ids else 0, key="report_choice",
                               format_func=lambda test: named.get(test, test))
        if st.button("生成能效测试报告 (DOCX + XLSX)", key="make_report", type="primary"):
            bar = st.progress(0.0, text="读取测试记录…")
            try:
                bar.progress(0.3, text="写入 Word 报告与 Excel 数据表…")
                docx_path, xlsx_path = write_test_report(ui.sessions(), test_id, ui.reports_dir() / "tests")
                bar.progress(1.0, text="报告已生成")
                st.session_state["report_files"] = (test_id, docx_path.read_bytes(), docx_path.name,
                                                    xlsx_path.read_bytes(), xlsx_path.name)
            except ReportError as exc:
                st.error(chinese_only(str(exc)))
        files = st.session_state.get("report_files")
        if files and files[0] == test_id:
            left, right = st.columns(2)
            left.download_button("下载能效测试报告 (DOCX)", files[1], file_name=files[2], key="report_docx",
                                 mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            right.download_button("下载数据表 (XLSX)", files[3], file_name=files[4], mime=XLSX, key="report_xlsx")
