"""双碳看板 (manager): CO₂ by month, town, fuel and unit; GB 24500 grades over time; the share of boilers below the
limit value; the energy-saving potential of the worst boilers; campaign progress. Every chart's data is downloadable."""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from boilerlab.base.vocabulary import codes, display_table, heading, headings, label
from boilerlab.analysis import charts, dashboard
from boilerlab.db import database_url
from boilerlab.db.campaigns import list_campaigns

ui.page("双碳看板")
st.title("双碳看板 · 碳排放与能效")

url = database_url()
tests = ui.tests(url)
co2 = ui.co2_records(url, ui.reference_versions())
if tests.empty and co2.empty:
    st.info("数据库中还没有测试记录或燃料消耗数据: 请先在「能效测试」页上传测试记录, 或导入燃料消耗数据 "
            "(boilerlab import fuel-use)。")
    st.stop()

years = sorted(set(tests["year"].dropna().astype(int)) | set(co2["year"].dropna().astype(int)))
towns = sorted(set(tests["town"].dropna()) | set(co2["town"].dropna()))
fuels = sorted(set(tests["fuel_kind"].dropna()) | set(co2["fuel_kind"].dropna()))
offices = sorted(set(tests["office"].dropna()) | set(co2["office"].dropna()))
a, b, c, d = st.columns(4)
chosen = dict(years=a.multiselect(heading("year"), years, key="f_years", placeholder="全部", select_all=False),
              towns=b.multiselect(heading("town"), towns, key="f_towns", placeholder="全部", select_all=False),
              fuels=c.multiselect(heading("fuel_kind"), fuels, key="f_fuels", format_func=lambda f: ui.FUEL_CN.get(f, f),
                                  placeholder="全部", select_all=False),
              offices=d.multiselect(heading("office"), offices, key="f_offices", placeholder="全部", select_all=False))
co2_here = dashboard.filter_frame(co2, **chosen)
tests_here = dashboard.filter_frame(tests, **chosen)

st.header("碳排放 (CO₂)")
total = co2_here["co2_t"].sum()
cols = st.columns(3)
divisor, unit = charts.tonnes_scale([total])
cols[0].metric(f"CO₂ 排放合计 [{unit}]", f"{total / divisor:,.1f}" if divisor > 1 else f"{total:,.0f}")
cols[1].metric("燃料消耗记录", f"{len(co2_here):,} 条")
cols[2].metric("涉及锅炉", f"{co2_here['boiler_id'].nunique():,} 台")
uncomputed = co2_here["co2_t"].isna().sum()
if uncomputed:
    st.warning(f"{uncomputed} 条燃料记录未能计算 CO₂ (原因见下载数据的 co2_method 列)。")

by_month = dashboard.co2_by(co2_here, "month")
st.plotly_chart(charts.co2(by_month, "month", "CO₂ 排放 (按月)", as_line=True), key="chart_month")
ui.downloads(by_month, "CO2-按月", key="dl_month")
left, right = st.columns(2)
with left:
    by_town = dashboard.co2_by(co2_here, "town")
    st.plotly_chart(charts.co2(by_town, "town", "CO₂ 排放 (按街镇)"), key="chart_town")
    ui.downloads(by_town, "CO2-按街镇", key="dl_town")
with right:
    by_fuel = dashboard.co2_by(co2_here, "fuel_kind").assign(
        fuel=lambda f: f["fuel_kind"].map(lambda k: ui.FUEL_CN.get(k, k)))
    st.plotly_chart(charts.co2(by_fuel, "fuel", "CO₂ 排放 (按燃料)"), key="chart_fuel")
    ui.downloads(by_fuel, "CO2-按燃料", key="dl_fuel", context="co2_by_fuel")
top = st.slider("排放最多的单位数", 5, 50, 15, key="top_units")
by_unit = dashboard.co2_by(co2_here, "unit_name", top=top)
st.plotly_chart(charts.co2(by_unit, "unit_name", f"CO₂ 排放最多的 {top} 家单位"), key="chart_unit")
ui.downloads(by_unit, "CO2-按单位", key="dl_unit")

st.header("能效等级 (GB 24500-2020)")
st.caption("每台锅炉每年取最后一次测试; 不分级 (如生物质低热值燃料) 不计入未达限定值占比的分母。")
if tests_here.empty:
    st.info("所选范围内没有测试记录。")
else:
    grades = dashboard.grades_by_year(tests_here)
    labels = {g: ui.GRADE_CN[g] for g in dashboard.GRADE_ORDER}
    left, right = st.columns(2)
    with left:
        st.plotly_chart(charts.bar(grades, "year", list(dashboard.GRADE_ORDER), "各能效等级锅炉台数 (按年)", heading("boilers"),
                                   stacked=True, labels=labels, colours=charts.GRADE_COLOURS),
                        key="chart_grades")
        ui.downloads(grades, "能效等级-按年", key="dl_grades", context="grades_by_year")
    with right:
        share = dashboard.below_limit_share(tests_here)
        st.plotly_chart(charts.line(share, "year", "below_share_pct", "未达能效限定值的锅炉占比", heading("below_share_pct"),
                                    from_zero=True), key="chart_below")
        st.dataframe(display_table(share, columns=["year", "graded", "below", "below_share_pct"], context="below_share"), hide_index=True, key="table_below",
                     column_config={heading("year"): st.column_config.NumberColumn(format="%d")})
        ui.downloads(share, "未达限定值占比", key="dl_below", context="below_share")

    st.header("节能潜力 (能效最差的锅炉)")
    a, b, c, d = st.columns(4)
    count = a.number_input("锅炉台数", 1, 200, 20, key="worst_count")
    hours = b.number_input("年运行小时 [h/a]", 100, 8760, 4000, step=100, key="worst_hours",
                           help="按测试工况负荷连续运行的等效小时数, 所有锅炉相同")
    gas_price = c.number_input("天然气价格 [元/Nm³] (可不填)", value=None, format="%g", key="price_gas")
    oil_price = d.number_input("柴油价格 [元/kg] (可不填)", value=None, format="%g", key="price_diesel")
    worst = dashboard.worst_boilers(tests_here, int(count))
    prices = {k: v for k, v in (("natural_gas", gas_price), ("diesel", oil_price)) if v is not None}
    measures, best = ui.potential(url, tuple(worst["test_id"]), float(hours), tuple(sorted(prices.items())),
                                  ui.reference_versions())
    table = worst[["test_id", "device_code", "unit_name", "town", "fuel_kind", "eta_governing_pct", "gb24500_limit_pct",
                   "margin_pct"]].merge(best.drop(columns=["fuel_kind"]), on="test_id", how="left")
    # only costs and CO₂ add up: efficiencies do not, nor do Nm³ and kg of fuel
    table = dashboard.totals_row(table.drop(columns=["eta_before_pct"]), "test_id",
                                 columns=("cost_saved_cny", "co2_saved_t"))
    cols = st.columns(3)
    cols[0].metric("可节约 CO₂ [t/a]", f"{best['co2_saved_t'].sum():,.1f}")
    cols[1].metric("有改造措施的锅炉", f"{best['test_id'].nunique()} 台")
    cols[2].metric("可节约费用 [元/a]", f"{best['cost_saved_cny'].sum(min_count=1):,.0f}"
                   if best["cost_saved_cny"].notna().any() else "—", help="填写燃料价格后计算")
    st.dataframe(display_table(table, columns=[
        "test_id", "device_code", "unit_name", "town", "fuel_kind", "eta_governing_pct", "gb24500_limit_pct", "margin_pct",
        "measure", "change", "eta_after_pct", "fuel_saved_per_year", "fuel_unit", "cost_saved_cny", "co2_saved_t"]),
        hide_index=True, key="table_potential")
    ui.downloads(table, "节能潜力", key="dl_potential")
    with st.expander("每台锅炉的全部可行措施"):
        st.dataframe(display_table(measures), hide_index=True, key="table_measures")
        ui.downloads(measures, "节能潜力-全部措施", key="dl_measures")

st.header("在线监测 (重点锅炉)")
online, online_alerts = ui.monitoring_summary(tuple(chosen["years"]))
online = dashboard.filter_frame(online, towns=chosen["towns"], fuels=chosen["fuels"], offices=chosen["offices"])
if online.empty:
    st.info("所选范围内没有在线监测数据 (见「在线监测」页)。")
else:
    st.caption("超标小时: 基准氧含量下的小时均值高于当日适用的排放限值 (仅有效小时); 能效漂移预警: 日均 η₂ 连续多日低于当日有效的"
               "测试或在用判定指标超过允许降幅 (参数库 monitoring_rules)。" + ("" if not chosen["years"] else
                                                                 f" 时段: {min(chosen['years'])}–{max(chosen['years'])} 年。"))
    cols = st.columns(4)
    cols[0].metric("监测锅炉", f"{len(online)} 台")
    cols[1].metric("超标小时合计", f"{int(online['over_hours'].sum()):,} h",
                   help="NOx、SO₂、颗粒物超标小时之和")
    cols[2].metric("有超标小时的锅炉", f"{int((online['over_hours'] > 0).sum())} 台")
    cols[3].metric("能效漂移预警", f"{int((online['alerts'] > 0).sum())} 台")
    by_town = dashboard.online_by(online, "town")
    st.plotly_chart(charts.bar(by_town, "town", ["nox_over_hours", "so2_over_hours", "pm_over_hours"],
                               "超标小时 (按街镇)", heading("over_hours"), stacked=True,
                               labels=headings(["nox_over_hours", "so2_over_hours", "pm_over_hours"])),
                    key="chart_online_town")
    st.dataframe(display_table(by_town, context="monitoring"), hide_index=True, key="table_online_town")
    ui.downloads(by_town, "在线监测-按街镇", key="dl_online_town", context="monitoring")
    st.page_link("pages/9_monitoring.py", label="在线监测详情 (每台锅炉的小时数据与预警)", icon=":material/sensors:")

st.header("内燃场车环保信息")
vehicles = dashboard.filter_frame(ui.vehicles(), towns=chosen["towns"], offices=chosen["offices"])
combustion = vehicles[(vehicles["power_type"] != "electric") & (vehicles["status"] == "在用")]
if vehicles.empty:
    st.info("所选范围内没有场(厂)内专用机动车辆 (见「设备台账」页)。")
else:
    st.caption("在用内燃场车按今天判定 (参数库 vehicle_stages、vehicle_rules); 季度通报在「设备台账」页的场车页签生成。")
    cols = st.columns(5)
    cols[0].metric("在用内燃场车", f"{len(combustion):,} 台")
    cols[1].metric("存在问题", f"{int((combustion['problems'] != '').sum()):,} 台")
    for column_, code in zip(cols[2:], codes("vehicle_problem")):
        having = int(combustion["problems"].str.contains(code, regex=False).sum())
        column_.metric(label("vehicle_problem", code), f"{having:,} 台")

st.header("专项检查进度")
campaigns = list_campaigns(ui.sessions())
if campaigns.empty:
    st.info("还没有专项检查。")
else:
    name = st.selectbox("专项检查", campaigns["name"].tolist(), key="dash_campaign")
    progress = ui.campaign_report(name, date.today())
    st.caption(" · ".join(f"{label}: {value}" for label, value in progress.summary[:4]) + " (整改情况截至今天)")
    left, right = st.columns(2)
    with left:
        st.plotly_chart(progress.charts["按监管所进度"], key="dash_campaign_coverage")
        ui.downloads(progress.tables["按监管所进度"], f"{name}-按监管所进度", key="dl_campaign_office")
    with right:
        st.plotly_chart(progress.charts["问题整改情况"], key="dash_campaign_findings")
        ui.downloads(progress.tables["问题整改情况"], f"{name}-问题整改情况", key="dl_campaign_findings")
