"""登记准入 (registration clerk): the admission application, the decision with every rule and reason, the
printable opinion (DOCX)."""

from __future__ import annotations


import pandas as pd
import streamlit as st

import ui
from boilerlab.standards.admission import APPROVED, REJECTED, check_admission
from boilerlab.db import database_url
from boilerlab.base.vocabulary import chinese_only, column, heading, headings
from boilerlab.base.vocabulary import labels as code_labels
from boilerlab.documents.admission_opinion import opinion_docx, shown_value
from boilerlab.db.permissions import PermissionRefused
from boilerlab.db.store import save_application

#: The columns of the rules table (labels from the vocabulary).
RULE_COLUMNS = ("rule_id", "rule_text", "result", "declared", "threshold", "note")

ui.page("登记准入")
st.title("登记准入 · 使用登记能效与碳排放准入审查")
st.caption("新装锅炉办理使用登记前, 按 GB 24500-2020 能效限定值、燃料与排放要求逐条审查, 并估算年 CO₂ 排放。")

boilers = ui.boilers(database_url()).sort_values("device_code")
labels = ui.boiler_labels(boilers)
device = st.selectbox("从已登记锅炉带入基本信息 (可选)", [None] + boilers["device_code"].tolist(), key="adm_boiler",
                      format_func=lambda d: "（新申请, 手工填写）" if d is None else labels[d])
known = boilers.set_index("device_code").loc[device].to_dict() if device else {}
suffix = f"@{device}" if device else ""  # a chosen boiler gives new widgets, filled with its registered values


def _value(name: str):
    value = known.get(name)
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


fuels = ui.fuel_choices()
kinds, firings = list(ui.KIND_CN), list(ui.FIRING_CN)
with st.form("application_form"):
    a, b, c, d = st.columns(4)
    application_id = a.text_input(heading("application_id"), key="adm_application_id")
    unit_name = b.text_input(heading("unit_name"), value=_value("unit_name") or "", key=f"adm_unit_name{suffix}")
    credit_code = c.text_input(heading("credit_code"), value=_value("credit_code") or "", key=f"adm_credit_code{suffix}")
    towns = ui.town_choices()
    town = d.selectbox(heading("town"), towns, index=towns.index(known["town"]) if known.get("town") in towns else None,
                       placeholder="请选择街镇", key=f"adm_town{suffix}")
    a, b, c, d = st.columns(4)
    boiler_kind = a.selectbox(heading("boiler_kind"), kinds, format_func=ui.KIND_CN.get, key=f"adm_boiler_kind{suffix}",
                              index=kinds.index(known["boiler_kind"]) if known.get("boiler_kind") in kinds else 1)
    fuel_kind = b.selectbox(heading("fuel_kind"), fuels, format_func=lambda f: ui.FUEL_CN.get(f, f), key=f"adm_fuel_kind{suffix}",
                            index=fuels.index(known.get("fuel_kind")) if known.get("fuel_kind") in fuels else
                            fuels.index("natural_gas"))
    combustion = c.selectbox(heading("combustion"), firings, format_func=ui.FIRING_CN.get, key=f"adm_combustion{suffix}",
                             index=firings.index(known["combustion"]) if known.get("combustion") in firings else 2)
    condensing = d.checkbox(heading("condensing"), value=bool(known.get("condensing", False)), key=f"adm_condensing{suffix}")
    a, b, c, d = st.columns(4)
    capacity_t_h = a.number_input(heading("rated_capacity_t_h"), value=_value("rated_capacity_t_h"), format="%g",
                                  key=f"adm_rated_capacity_t_h{suffix}")
    capacity_mw = b.number_input(heading("rated_capacity_mw"), value=_value("rated_capacity_mw"), format="%g",
                                 key=f"adm_rated_capacity_mw{suffix}")
    pressure = c.number_input(heading("rated_pressure_mpa_g"), value=_value("rated_pressure_mpa_g"), format="%g",
                              key=f"adm_rated_pressure_mpa_g{suffix}")
    # never today by default: a date nobody entered would be printed on the opinion as the installation date
    install = d.date_input(heading("install_date"), value=_value("install_date"), key=f"adm_install_date{suffix}")
    a, b, c, d = st.columns(4)
    efficiency = a.number_input(heading("design_efficiency_pct"), value=None, format="%g", key="adm_design_efficiency_pct",
                                help=column("design_efficiency_pct").meaning)
    sources = code_labels("efficiency_source")
    source = b.selectbox(heading("efficiency_source"), list(sources), format_func=sources.get, key="adm_efficiency_source")
    flue = c.number_input(heading("design_flue_temp_c"), value=None, format="%g", key="adm_design_flue_temp_c")
    alpha = d.number_input(heading("design_excess_air_ratio"), value=None, format="%g", key="adm_design_excess_air_ratio",
                                help=column("design_excess_air_ratio").meaning)
    a, b, c, d = st.columns(4)
    nox = a.number_input(heading("nox_guarantee_mg_m3"), value=None, format="%g", key="adm_nox_guarantee_mg_m3",
                                help=column("nox_guarantee_mg_m3").meaning)
    so2 = b.number_input(heading("so2_guarantee_mg_m3"), value=None, format="%g", key="adm_so2_guarantee_mg_m3")
    pm = c.number_input(heading("pm_guarantee_mg_m3"), value=None, format="%g", key="adm_pm_guarantee_mg_m3")
    hours = d.number_input(heading("annual_hours"), value=None, format="%g", key="adm_annual_hours")
    load = st.number_input(heading("annual_load_pct"), value=None, format="%g", key="adm_annual_load_pct")
    submitted = st.form_submit_button("审查", type="primary")

if submitted:
    application = {
        "application_id": application_id.strip(), "unit_name": unit_name.strip(), "credit_code": credit_code.strip(),
        "town": town, "boiler_kind": boiler_kind, "fuel_kind": fuel_kind, "combustion": combustion,
        "condensing": condensing, "rated_capacity_t_h": capacity_t_h, "rated_capacity_mw": capacity_mw,
        "rated_pressure_mpa_g": pressure, "design_efficiency_pct": efficiency, "efficiency_source": source,
        "design_flue_temp_c": flue, "design_excess_air_ratio": alpha, "nox_guarantee_mg_m3": nox,
        "so2_guarantee_mg_m3": so2, "pm_guarantee_mg_m3": pm, "install_date": install.isoformat() if install else None,
        "annual_hours": hours, "annual_load_pct": load, "jurisdiction": "shanghai",
    }
    st.session_state["adm_application"] = {k: v for k, v in application.items() if v is not None and v != ""}

application = st.session_state.get("adm_application")
if application is not None:
    decision = check_admission(application)
    show = {APPROVED: st.success, REJECTED: st.error}.get(decision.decision, st.warning)
    show(f"审查结论: {decision.decision}")
    rules = pd.DataFrame([{"rule_id": r.rule_id, "rule_text": r.text, "result": r.status,
                           "declared": shown_value("", r.value, r.unit), "threshold": shown_value("", r.threshold, r.unit),
                           "note": r.reason} for r in decision.rules]).rename(columns=headings(RULE_COLUMNS))
    st.table(rules.set_index(heading("rule_id")))  # a static table: the reasons wrap instead of being cut off
    if decision.co2_t_per_year is not None:
        st.metric("估算年 CO₂ 排放 [t/a]", ui.fmt(decision.co2_t_per_year, 1),
                  help=f"CO₂ 强度 {ui.fmt(decision.co2_intensity_kg_gj, 1)} kg/GJ (有效利用热)")
    left, right = st.columns(2)
    if not ui.may("admission"):  # the opinion carries the clerk's name: only a clerk prints and files it
        ui.only_for("admission")
    else:
        left.download_button("下载准入审查意见书 (DOCX)", opinion_docx(application, decision, clerk=ui.display_name()),
                             file_name=f"准入审查意见书-{decision.application_id or '未编号'}.docx", key="adm_opinion",
                             mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        if right.button("保存申请及结论 (留痕)", key="adm_save"):
            try:
                save_application(ui.sessions(), application, who=ui.who())
            except (ValueError, PermissionRefused) as exc:
                st.error(chinese_only(str(exc)))
            else:
                st.success(f"已保存申请 {application['application_id']} 及结论「{decision.decision}」")
