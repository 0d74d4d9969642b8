"""在线监测 (managers): the online data of the key boilers — per boiler the hourly η₂, O₂, flue temperature and each
pollutant at the reference O₂ against its limit, the hours not valid shaded; the district's data capture, exceedance
hours and efficiency-drift alerts by town and office; downloads; and the import of monitoring files."""

from __future__ import annotations

import streamlit as st

import ui
from boilerlab.analysis import charts, dashboard
from boilerlab.base.vocabulary import chinese_only, display_table, heading
from boilerlab.db.monitoring import MonitoringRefused, import_monitoring
from boilerlab.db.permissions import PermissionRefused

ui.page("在线监测")
st.title("在线监测 · 小时数据、连续能效与超标小时")
st.caption("数据按 HJ 75/HJ 76 判定有效 (仅标记 N 的数据计入; 小时值须 45 分钟有效数据, 日值须 20 小时); 每个有效小时按锅炉台账与"
           "该小时读数计算反平衡热效率 η₂ 及基准氧含量下的排放浓度, 与当日适用的限值比对。判据见参数库 monitoring_rules。")
sessions = ui.sessions()
summary, alerts = ui.monitoring_summary()

tab_district, tab_boiler, tab_import = st.tabs(["全区概况", "单台锅炉", "导入数据"])
with tab_district:
    if summary.empty:
        st.info("还没有在线监测数据: 在「导入数据」页签导入 HJ 212 报文或 DCS/CEMS 导出表, 或运行 make run 载入示范数据。")
    else:
        cols = st.columns(4)
        cols[0].metric("监测锅炉", f"{len(summary)} 台")
        cols[1].metric("平均数据有效率", f"{summary['capture_rate_pct'].mean():.1f} %")
        cols[2].metric("NOx 超标小时合计", f"{int(summary['nox_over_hours'].sum())} h")
        cols[3].metric("能效漂移预警", f"{int((summary['alerts'] > 0).sum())} 台")
        for by in ("town", "office"):
            st.markdown(f"**按{heading(by)}**")
            st.dataframe(display_table(dashboard.online_by(summary, by), context="monitoring"), hide_index=True,
                         key=f"monitoring_by_{by}")
        st.markdown("**各台锅炉**")
        shown = ["device_code", "unit_name", "town", "office", "hours", "valid_hours", "capture_rate_pct",
                 "nox_over_hours", "so2_over_hours", "pm_over_hours", "test_eta_pct", "mean_eta_pct", "alerts"]
        st.dataframe(display_table(summary, context="monitoring", columns=shown), hide_index=True,
                     key="monitoring_boilers")
        ui.downloads(summary[shown], "在线监测-各台锅炉", key="dl_monitoring_boilers", sheet="各台锅炉",
                     context="monitoring")
        st.markdown("**能效漂移预警** (日均 η₂ 连续多日低于当日有效的最近一次测试, 或低于在用判定指标, 超过允许降幅)")
        if alerts.empty:
            st.info("没有能效漂移预警。")
        else:
            columns = ["device_code", "start", "end", "days", "mean_eta_pct", "reference_eta_pct", "criterion_pct",
                       "basis"]
            st.dataframe(display_table(alerts, context="monitoring", columns=columns), hide_index=True,
                         key="monitoring_alerts")
            ui.downloads(alerts[columns], "在线监测-能效漂移预警", key="dl_monitoring_alerts", sheet="预警",
                         context="monitoring")

with tab_boiler:
    if summary.empty:
        st.info("还没有在线监测数据。")
    else:
        names = dict(zip(summary["device_code"], summary["device_code"] + " · " + summary["unit_name"]))
        device = st.selectbox("锅炉", summary["device_code"].tolist(), format_func=names.get, key="monitoring_boiler")
        hours = ui.monitoring_hours(device)
        for column, limit in (("eta_indirect_pct", None), ("flue_o2_pct", None), ("flue_temp_c", None),
                              ("nox_ref_mg_m3", "nox_limit_mg_m3"), ("so2_ref_mg_m3", "so2_limit_mg_m3"),
                              ("pm_ref_mg_m3", "pm_limit_mg_m3")):
            if hours[column].notna().any():
                st.plotly_chart(charts.hourly_series(hours, column, f"{heading(column, brackets='()')} · 小时值",
                                                     heading(column), limit), key=f"monitoring_chart_{column}")
        ui.downloads(hours, f"在线监测小时数据-{device}", key="dl_monitoring_hours", sheet="小时数据",
                     context="monitoring")

with tab_import:
    st.markdown("HJ 212-2017 报文文件 (.txt, 每行一条, 按数采仪 MN 关联锅炉) 或 DCS/CEMS 导出表 (.csv / .xlsx, 含「监测时间」与"
                "「设备代码」列)。重复导入同一数据不会重复记录; 原文件随数据留存。")
    if not ui.may("monitoring"):
        ui.only_for("monitoring")
    else:
        upload = st.file_uploader("在线监测数据文件", type=["txt", "log", "csv", "xlsx"], key="monitoring_file")
        boiler = st.text_input("整个文件属于这台锅炉 (设备代码, 可空)", key="monitoring_file_boiler").strip() or None
        if upload is not None and st.button("导入", key="monitoring_import", type="primary"):
            try:
                report = import_monitoring(sessions, upload.getvalue(), upload.name, who=ui.who(), boiler=boiler)
            except (MonitoringRefused, PermissionRefused) as exc:
                st.error(chinese_only(str(exc)))
            else:
                ui.data_changed()
                (st.success if report.exit_code == 0 else st.warning)(report.summary())
                for note in report.notes:  # what the reader did: factors left out, hours completed from another file
                    st.info(note)
                for reason in report.rejected[:50]:
                    st.caption(reason)
