"""设备台账: units, boilers and in-plant vehicles with search and filters; each boiler's test history and efficiency
trend; the quarter's notification of 内燃场车 environmental information to the environment bureau."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from boilerlab.base.vocabulary import codes, display_table, heading, label, shown_value
from boilerlab.analysis import charts
from boilerlab.db import database_url

ui.page("设备台账")
st.title("设备台账 · 使用单位、锅炉与场车")

url = database_url()
units, boilers = ui.units(url), ui.boilers(url)
a, b, c, d, e = st.columns([2, 1, 1, 1, 1])
search = a.text_input("检索 (单位名称、信用代码、设备代码、登记证号、地址)", key="reg_search").strip()
towns = b.multiselect(heading("town"), sorted(units["town"].dropna().unique()), key="reg_towns", placeholder="全部", select_all=False)
offices = c.multiselect(heading("office"), sorted(units["office"].dropna().unique()), key="reg_offices", placeholder="全部", select_all=False)
fuels = d.multiselect(heading("fuel_kind"), sorted(boilers["fuel_kind"].dropna().unique()), key="reg_fuels", placeholder="全部",
                      format_func=lambda f: ui.FUEL_CN.get(f, f), select_all=False)
statuses = e.multiselect(heading("status"), sorted(boilers["status"].dropna().unique()), key="reg_status", placeholder="全部", select_all=False)


def _matches(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    if not search:
        return pd.Series(True, index=frame.index)
    hit = pd.Series(False, index=frame.index)
    for column in columns:
        hit |= frame[column].astype(str).str.contains(search, case=False, regex=False, na=False)
    return hit


shown_boilers = boilers[_matches(boilers, ["unit_name", "credit_code", "device_code", "registration_no"])
                        & (boilers["town"].isin(towns) if towns else True)
                        & (boilers["office"].isin(offices) if offices else True)
                        & (boilers["fuel_kind"].isin(fuels) if fuels else True)
                        & (boilers["status"].isin(statuses) if statuses else True)]
shown_units = units[_matches(units, ["name", "credit_code", "address"])
                    & (units["town"].isin(towns) if towns else True)
                    & (units["office"].isin(offices) if offices else True)]

vehicles = ui.vehicles()
shown_vehicles = vehicles[_matches(vehicles, ["unit_name", "credit_code", "device_code", "registration_no", "env_code"])
                          & (vehicles["town"].isin(towns) if towns else True)
                          & (vehicles["office"].isin(offices) if offices else True)]
tab_boilers, tab_units, tab_vehicles = st.tabs([f"锅炉 ({len(shown_boilers)})", f"使用单位 ({len(shown_units)})",
                                                f"场(厂)内专用机动车辆 ({len(shown_vehicles)})"])
BOILER_COLUMNS = ("device_code", "registration_no", "unit_name", "town", "office", "boiler_kind", "fuel_kind",
                  "rated_capacity_t_h", "rated_capacity_mw", "status", "install_date", "last_test_date", "last_eta_pct",
                  "last_grade", "tests")
if units.empty and boilers.empty:
    st.info("台账中还没有使用单位和锅炉: 用命令 boilerlab import 导入台账 (模板: boilerlab template), "
            "或运行 make run 载入示范区数据。")
with tab_boilers:
    if boilers.size and shown_boilers.empty:
        st.info("没有符合检索与筛选条件的锅炉; 请放宽检索词或清除筛选。")
    st.dataframe(display_table(shown_boilers, columns=BOILER_COLUMNS), hide_index=True, key="reg_boilers")
    ui.downloads(shown_boilers, "锅炉台账", key="dl_boilers", sheet="锅炉")

    st.subheader("锅炉详情与测试历史")
    device_codes = shown_boilers["device_code"].tolist()
    labels = ui.boiler_labels(shown_boilers)
    device = st.selectbox("选择锅炉", device_codes, key="reg_boiler", format_func=labels.get,
                          index=None, placeholder="选择一台锅炉查看测试历史")
    if device:
        boiler = shown_boilers.set_index("device_code").loc[device]
        cols = st.columns(4)
        cols[0].markdown(f"**使用单位**  \n{boiler['unit_name']}  \n{boiler['credit_code']}")
        cols[1].markdown(f"**型号**  \n{boiler['model'] or '—'}  \n{boiler['manufacturer'] or '—'}")
        cols[2].markdown(f"**登记**  \n{boiler['registration_no'] or '—'}  \n{boiler['registration_date'] or '—'}")
        cols[3].markdown(f"**状态**  \n{boiler['status']}  \n{heading('low_nox')}: {shown_value('low_nox', bool(boiler['low_nox']))}")
        history = ui.tests(url, device)
        if history.empty:
            st.info("该锅炉没有测试记录。")
        else:
            limit = history["gb24500_limit_pct"].dropna()
            st.plotly_chart(charts.line(history, "test_date", "eta_governing_pct", "判定用热效率变化", heading("eta_governing_pct"),
                                        reference_line=float(limit.iloc[-1]) if len(limit) else None,
                                        reference_label="GB 24500 能效限定值"), key="reg_trend")
            shown = history.assign(test_date=lambda f: f["test_date"].dt.date)
            st.dataframe(display_table(shown, columns=[
                "test_id", "test_date", "eta_direct_pct", "eta_indirect_pct", "eta_governing_pct", "gb24500_limit_pct",
                "gb24500_grade", "nox_ref_mg_m3", "nox_compliant", "co2_kg_h"]), hide_index=True, key="reg_history")
            ui.downloads(history, f"测试历史-{device}", key="dl_history", sheet="测试")
            st.caption("能效测试报告可在「能效测试」页的「测试报告」页签生成。")

with tab_units:
    risk = ui.risk()  # the latest credit-risk classification (风险分类)
    classified = shown_units.merge(risk[["credit_code", "risk_class", "score", "reasons", "as_of"]], on="credit_code",
                                   how="left")
    st.dataframe(display_table(classified, columns=["credit_code", "name", "address", "town", "office", "key_unit",
                                                    "district_key", "place_category", "boilers", "risk_class",
                                                    "score"]),
                 hide_index=True, key="reg_units")
    ui.downloads(classified.drop(columns=["as_of"]), "使用单位台账", key="dl_units", sheet="使用单位")
    if risk.empty:
        st.caption("还没有信用风险分类 (管理人员在「风险分类」页分类)。")
    else:
        st.subheader("单位信用风险分类及理由")
        st.caption(f"最近一次分类, 截至 {risk['as_of'].iloc[0]}。")
        names = dict(zip(classified["credit_code"], classified["name"]))
        code = st.selectbox("选择使用单位", classified["credit_code"].tolist(), format_func=lambda c: f"{names[c]} · {c}",
                            index=None, placeholder="选择一家单位查看其分类理由", key="reg_unit_risk")
        if code:
            row = classified.set_index("credit_code").loc[code]
            if pd.isna(row["risk_class"]):
                st.info("该单位在最近一次分类之后才登记, 尚未分类。")
            else:
                st.markdown(f"**{heading('risk_class')}**: {shown_value('risk_class', row['risk_class'])} · "
                            f"{heading('score')} {row['score']:g}  \n" +
                            "  \n".join(f"- {line}" for line in row["reasons"].split("; ")))

with tab_vehicles:
    st.caption("排放阶段: 铭牌登记的阶段; 铭牌未登记的内燃场车按出厂日期推定为当时应达到的阶段 (阶段依据「按出厂日期推定」)。"
               "问题按今天判定, 依据参数库 vehicle_stages、vehicle_rules (待核实)。")
    a, b, c = st.columns(3)
    powers = a.multiselect(heading("power_type"), codes("power_type"), key="veh_power", placeholder="全部",
                           format_func=lambda p: label("power_type", p), select_all=False)
    stages = b.multiselect(heading("stage"), codes("emission_stage"), key="veh_stage", placeholder="全部",
                           format_func=lambda p: label("emission_stage", p), select_all=False)
    only_problems = c.toggle("只看存在问题的场车", key="veh_problems")
    keep = pd.Series(True, index=shown_vehicles.index)
    if powers:
        keep &= shown_vehicles["power_type"].isin(powers)
    if stages:
        keep &= shown_vehicles["stage"].isin(stages)
    if only_problems:
        keep &= shown_vehicles["problems"] != ""
    listed = shown_vehicles[keep]
    if vehicles.empty:
        st.info("台账中还没有场车: 用命令 boilerlab import vehicles 导入 (模板: boilerlab template vehicles), "
                "或运行 make run 载入示范区数据。")
    columns = ["device_code", "registration_no", "unit_name", "town", "vehicle_kind", "power_type", "rated_power_kw",
               "manufacture_date", "registration_date", "stage", "stage_basis", "required_stage", "env_code", "status",
               "problem_text"]
    st.dataframe(display_table(listed, columns=columns), hide_index=True, key="reg_vehicles")
    # the download carries every import column too, so that its interchange sheet imports again
    fields = ["device_code", "registration_no", "credit_code", "vehicle_kind", "power_type", "engine_maker",
              "engine_model", "rated_power_kw", "manufacture_date", "registration_date", "emission_stage", "env_code",
              "status"]
    ui.downloads(listed[fields + [c for c in columns if c not in fields]], "场车台账", key="dl_vehicles", sheet="场车")
    st.subheader("内燃场车环保信息季度通报")
    st.caption("致区生态环境局的通报函 (DOCX) 与数据表 (XLSX): 按排放阶段、动力类型和街镇的统计, 存在问题的车辆与单位, 联合执法清单。")
    quarters = ui.past_quarters()
    period = st.selectbox("通报季度", quarters, key="veh_period")
    if st.button("生成通报", key="veh_notice"):
        st.session_state["veh_notice_period"] = period
    if st.session_state.get("veh_notice_period") == period:
        for (name, content), column_ in zip(ui.vehicle_notice_files(period), st.columns(2)):
            column_.download_button(f"下载 {name}", content, file_name=name, key=f"dl_notice_{name[-4:]}",
                                    on_click="ignore")
