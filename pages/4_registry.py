"""设备台账: units and boilers with search and filters; each boiler's test history and efficiency trend."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from boilerlab.analysis import charts
from boilerlab.db import database_url
from boilerlab.documents.test_report import GRADE_CN

ui.page("设备台账")
st.title("设备台账 · 使用单位与锅炉")

url = database_url()
units, boilers = ui.units(url), ui.boilers(url)
a, b, c, d, e = st.columns([2, 1, 1, 1, 1])
search = a.text_input("检索 (单位名称、信用代码、设备代码、登记证号、地址)", key="reg_search").strip()
towns = b.multiselect("街镇", sorted(units["town"].dropna().unique()), key="reg_towns", placeholder="全部")
offices = c.multiselect("监管所", sorted(units["office"].dropna().unique()), key="reg_offices", placeholder="全部")
fuels = d.multiselect("燃料", sorted(boilers["fuel_kind"].dropna().unique()), key="reg_fuels", placeholder="全部",
                      format_func=lambda f: ui.FUEL_CN.get(f, f))
statuses = e.multiselect("状态", sorted(boilers["status"].dropna().unique()), key="reg_status", placeholder="全部")


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

tab_boilers, tab_units = st.tabs([f"锅炉 ({len(shown_boilers)})", f"使用单位 ({len(shown_units)})"])
BOILER_CN = {"device_code": "设备代码", "registration_no": "使用登记证编号", "unit_name": "使用单位", "town": "街镇",
             "office": "监管所", "boiler_kind": "类别", "fuel_kind": "燃料", "rated_capacity_t_h": "额定蒸发量 [t/h]",
             "rated_capacity_mw": "额定热功率 [MW]", "status": "状态", "install_date": "安装日期",
             "last_test_date": "最近测试日期", "last_eta_pct": "最近判定热效率 [%]", "last_grade": "最近等级",
             "tests": "测试次数"}
with tab_boilers:
    table = shown_boilers[list(BOILER_CN)].assign(
        boiler_kind=lambda f: f["boiler_kind"].map(ui.KIND_CN).fillna(f["boiler_kind"]),
        fuel_kind=lambda f: f["fuel_kind"].map(ui.FUEL_CN).fillna(f["fuel_kind"]),
        last_grade=lambda f: f["last_grade"].map(GRADE_CN))
    st.dataframe(table.rename(columns=BOILER_CN), hide_index=True, key="reg_boilers")
    ui.downloads(shown_boilers, "锅炉台账", key="dl_boilers", sheet="boilers")

    st.subheader("锅炉详情与测试历史")
    codes = shown_boilers["device_code"].tolist()
    labels = {row["device_code"]: ui.boiler_label(row) for _, row in shown_boilers.iterrows()}
    device = st.selectbox("选择锅炉", codes, key="reg_boiler", format_func=labels.get,
                          index=None, placeholder="选择一台锅炉查看测试历史")
    if device:
        boiler = shown_boilers.set_index("device_code").loc[device]
        cols = st.columns(4)
        cols[0].markdown(f"**使用单位**  \n{boiler['unit_name']}  \n{boiler['credit_code']}")
        cols[1].markdown(f"**型号**  \n{boiler['model'] or '—'}  \n{boiler['manufacturer'] or '—'}")
        cols[2].markdown(f"**登记**  \n{boiler['registration_no'] or '—'}  \n{boiler['registration_date'] or '—'}")
        cols[3].markdown(f"**状态**  \n{boiler['status']}  \n低氮燃烧: {'是' if boiler['low_nox'] else '否'}")
        history = ui.tests(url, device)
        if history.empty:
            st.info("该锅炉没有测试记录。")
        else:
            limit = history["gb24500_limit_pct"].dropna()
            st.plotly_chart(charts.line(history, "test_date", "eta_governing_pct", "判定用热效率变化", "热效率 [%]",
                                        reference_line=float(limit.iloc[-1]) if len(limit) else None,
                                        reference_label="GB 24500 能效限定值"), key="reg_trend")
            columns = {"test_id": "测试编号", "test_date": "测试日期", "eta_direct_pct": "η₁ [%]",
                       "eta_indirect_pct": "η₂ [%]", "eta_governing_pct": "判定热效率 [%]",
                       "gb24500_limit_pct": "限定值 [%]", "gb24500_grade": "等级", "nox_ref_mg_m3": "NOx 折算 [mg/m³]",
                       "nox_compliant": "NOx 达标", "co2_kg_h": "CO₂ [kg/h]"}
            shown = history[list(columns)].assign(gb24500_grade=lambda f: f["gb24500_grade"].map(GRADE_CN),
                                                  test_date=lambda f: f["test_date"].dt.date)
            st.dataframe(shown.rename(columns=columns), hide_index=True, key="reg_history")
            ui.downloads(history, f"测试历史-{device}", key="dl_history", sheet="tests")
            st.caption("能效测试报告可在「能效测试」页的「测试报告」页签生成。")

with tab_units:
    columns = {"credit_code": "统一社会信用代码", "name": "单位名称", "address": "地址", "town": "街镇", "office": "监管所",
               "key_unit": "重点单位", "district_key": "区级重点", "place_category": "场所类别", "boilers": "锅炉 [台]"}
    st.dataframe(shown_units[list(columns)].rename(columns=columns), hide_index=True, key="reg_units")
    ui.downloads(shown_units, "使用单位台账", key="dl_units", sheet="units")
