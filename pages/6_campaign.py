"""专项检查: 三位一体 special-inspection campaigns — progress, the 双随机 list and public notice, on-site inspection
records with their checklist, findings through rectification, enforcement, and the campaign report."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

import ui
from boilerlab.base.vocabulary import (chinese_only, codes, display_table, heading, headings, label, labelled_table,
                                      local_time, local_today)
from boilerlab.standards import campaign_rules as rules
from boilerlab.standards.campaign_rules import CampaignError
from boilerlab.documents.campaign_report import ChromiumMissingError, write_campaign_report
from boilerlab.db.campaigns import (add_enforcement, create_campaign, draw_record,
                                 latest_test, list_campaigns, move_finding, public_notice, record_inspection,
                                 uncovered_key_units, unit_boilers)
from boilerlab.base.reference import load_reference
from boilerlab.db.joint_enforcement import create_joint_campaign, joint_vehicles
from boilerlab.db.permissions import PermissionRefused
from boilerlab.analysis.vehicle_notice import problem_text
from boilerlab.standards.vehicles import answers_from, prefilled_answers

ui.page("专项检查")
st.title("专项检查 · 锅炉「三位一体」监督检查与内燃场车联合执法")

sessions = ui.sessions()
campaigns = list_campaigns(sessions)
tab_progress, tab_list, tab_inspect, tab_findings, tab_report, tab_new = st.tabs(
    ["检查进度", "检查名录与公示", "现场检查", "问题整改", "专项检查报告", "新建专项检查"])


def _new_campaign() -> bool:
    """The draw of a new campaign (managers); True when one was created."""
    classes = load_reference().table("risk_classes")
    by_class = "、".join(f"{label('risk_class', c)} {r:g} %" for c, r in zip(classes["risk_class"],
                                                                           classes["sample_ratio_pct"]))
    with st.form("new_campaign"):
        a, b, c = st.columns(3)
        name = a.text_input("专项检查名称", value=f"{date.today().year}年锅炉节能专项监督检查", key="new_name")
        year = b.number_input("年度", 2000, 2100, date.today().year, key="new_year")
        method = c.radio(heading("draw_method"), [m for m in codes("draw_method") if m != "joint_vehicle"], key="new_method",
                         format_func=lambda m: label("draw_method", m),
                         help=f"按信用风险分类: 区级重点单位全部检查, 其余单位按分类抽取 ({by_class}, 参数库 risk_classes)")
        a, b, c = st.columns(3)
        ratio = a.number_input("按监管所抽取时其余单位的比例 [%]", 1, 100, 100, key="new_ratio",
                               help="100 % 即全部重点单位 (每年至少检查一次); 按信用风险分类抽取时不用")
        as_of = b.date_input("信用风险分类基准日", value=date.today(), key="new_as_of",
                             help="抽取时按此日及以前的记录对全部单位分类, 分类结果随名单留存")
        seed = c.number_input("随机种子", 0, 2**31 - 1, int(date.today().strftime("%Y%m%d")), key="new_seed")
        a, b = st.columns(2)
        start = a.date_input("计划开始", value=date(date.today().year, 3, 1), key="new_start")
        end = b.date_input("计划结束", value=date(date.today().year, 12, 15), key="new_end")
        basis = st.text_area("工作依据", key="new_basis")
        submitted = st.form_submit_button("抽取并创建", type="primary")
    if submitted:
        try:
            summary = create_campaign(sessions, name=name.strip(), year=int(year), ratio=ratio / 100.0, seed=int(seed),
                                      start=start, end=end, who=ui.who(), basis=basis.strip() or None, method=method,
                                      as_of=as_of)
        except (CampaignError, PermissionRefused) as exc:
            st.error(chinese_only(str(exc)))
        else:
            ui.data_changed()
            st.session_state["campaign_name"] = name.strip()  # the sidebar opens the campaign just drawn
            st.success(f"已创建「{name}」: 检查 {summary['units']} 家单位 (区级重点 {summary['district_level']} 家, "
                       f"随机抽取 {summary['drawn']} 家); 按分类: " +
                       "、".join(f"{label('risk_class', c)} {n} 家" for c, n in summary["by_class"].items()))
            for problem in summary["problems"]:
                st.warning(problem)
            return True
    return False


def _new_joint_campaign() -> bool:
    """A joint enforcement from a quarter's notification of 内燃场车 (managers); True when one was created."""
    quarters = ui.past_quarters()
    with st.form("new_joint"):
        a, b, c = st.columns(3)
        period = a.selectbox("通报季度", quarters, key="joint_period",
                             help="清单即该季度通报 (设备台账 → 场车) 所附联合执法清单: 季末在用、存在问题的内燃场车")
        seed = b.number_input("随机种子 (选派检查人员)", 0, 2**31 - 1, int(date.today().strftime("%Y%m%d")),
                              key="joint_seed")
        start = c.date_input("计划开始 (默认通报期次日)", value=None, key="joint_start")
        end = c.date_input("计划结束 (默认开始日所在季度末)", value=None, key="joint_end")
        submitted = st.form_submit_button("据通报清单建立联合执法", type="primary")
    if submitted:
        try:
            summary = create_joint_campaign(sessions, period, who=ui.who(), seed=int(seed), start=start, end=end)
        except (CampaignError, PermissionRefused) as exc:
            st.error(chinese_only(str(exc)))
        else:
            ui.data_changed()
            st.session_state["campaign_name"] = summary["name"]
            st.success(f"已建立「{summary['name']}」: {summary['units']} 家单位的 {summary['vehicles']} 台问题车辆, "
                       "检查人员按单位所属监管所随机选派。")
            for problem in summary["problems"]:
                st.warning(chinese_only(problem))
            return True
    return False


with tab_new:
    st.markdown("按「双随机、一公开」从重点单位名录抽取检查对象并随机选派检查人员: 区级重点单位全部检查, 其余单位按比例分所抽取; "
                "随机种子记录在案, 同一名录与种子可复现同一结果。")
    if not ui.may("campaign"):
        ui.only_for("campaign")
    elif _new_campaign():
        campaigns = list_campaigns(sessions)
    st.subheader("内燃场车联合执法")
    st.markdown("把季度通报的联合执法清单建为一次检查: 清单上的单位按所属监管所随机选派检查人员, 现场检查逐台登记, "
                "不符合项进入「问题整改」, 整改、复查与执法措施同锅炉专项检查。")
    if not ui.may("campaign"):
        ui.only_for("campaign")
    elif _new_joint_campaign():
        campaigns = list_campaigns(sessions)

if campaigns.empty:
    for tab in (tab_progress, tab_list, tab_inspect, tab_findings, tab_report):
        tab.info("还没有专项检查; 在「新建专项检查」页签创建。")
    st.stop()

with st.sidebar:
    chosen = st.selectbox("专项检查", campaigns["name"].tolist(), key="campaign_name")
frames = ui.campaign_frames(chosen)
info = frames["campaign"]
joint = info["draw_method"] == "joint_vehicle"  # a joint enforcement on in-plant vehicles, not a boiler campaign
with st.sidebar:
    # a past campaign is read as it stood at its planned end, a current one as of today (the key follows the
    # campaign, so choosing another one resets the date to its own default)
    as_of = st.date_input("统计截至", value=rules.default_as_of(info["planned_end"], date.today()),
                          key=f"campaign_as_of_{info['name']}", format="YYYY-MM-DD",
                          help="检查进度、整改与逾期情况按此日结束时的状态统计; 已结束的专项检查默认取计划结束日")
report = ui.campaign_report(chosen, as_of)

with tab_progress:
    figures = report.figures  # the same computation as the report's, for the same date
    cols = st.columns(5)
    cols[0].metric("计划检查单位", f"{figures['planned']} 家")
    cols[1].metric("已检查单位", f"{figures['inspected']} 家",
                   help=f"覆盖率 {100 * figures['inspected'] / max(figures['planned'], 1):.1f} % (截至 {as_of})" +
                   (f"; 清单车辆 {figures['listed']} 台, 已检查 {figures['listed_inspected']} 台; 单位的清单车辆均已检查才计为已检查"
                    if joint else ""))
    cols[2].metric("发现问题", f"{figures['findings']} 项")
    cols[3].metric("整改中", f"{figures['open']} 项")
    cols[4].metric("逾期未整改", f"{figures['overdue']} 项")
    st.caption(f"统计截至 {as_of} 日终")
    if not joint:  # the yearly coverage of key units is the boiler campaigns' matter
        uncovered = uncovered_key_units(sessions, int(info["year"]))
        with st.expander(f"{info['year']} 年尚未检查的重点单位: {len(uncovered)} 家 (每家重点单位每年至少检查一次, 含各次专项检查)"):
            st.dataframe(display_table(uncovered, columns=["credit_code", "unit_name", "town", "office", "district_key"]),
                         hide_index=True, key="campaign_uncovered")
            ui.downloads(uncovered, f"{info['year']}-未覆盖重点单位", key="dl_uncovered", sheet="未覆盖")
    for name, figure in report.charts.items():
        st.plotly_chart(figure, key=f"campaign_chart_{name}")
        ui.downloads(report.tables[name], f"{info['year']}-{name}", key=f"dl_campaign_{name}", sheet=name)
    for name in (("按街镇进度", "执法情况") if joint else
                 ("按街镇进度", "按信用风险分类进度", "能效未达限定值锅炉", "排放超标锅炉", "执法情况")):
        st.subheader(name)
        st.dataframe(labelled_table(report.tables[name]), hide_index=True, key=f"campaign_table_{name}")
        ui.downloads(report.tables[name], f"{info['year']}-{name}", key=f"dl_campaign_{name}", sheet=name)

with tab_list:
    record = draw_record(sessions, info["name"])
    method = record.get("method", "office_ratio")
    how = (f"比例 {record['ratio']:.0%}" if method == "office_ratio" else
           f"通报季度 {record.get('period')}" if joint else
           f"各类比例 {'、'.join(f'{k} {v:.0%}' for k, v in (record.get('class_ratios') or {}).items())}")
    st.caption(f"抽取: {record['who']} 于 {local_time(record['at']):%Y-%m-%d %H:%M} (北京时间), {label('draw_method', method)}; "
               f"随机种子 {record['seed']}, {how}; " +
               (f"通报期末 {record.get('quarter_end')} 在用内燃场车 {record.get('vehicles_in_use')} 台, 清单车辆 "
                f"{record.get('listed_vehicles')} 台、涉及单位 {record['units']} 家; "
                if joint else f"信用风险分类基准日 {record.get('as_of') or '—'}; 名录 {record['directory']} 家, 抽中 "
                f"{record['units']} 家; ") + f"检查人员 {record['inspectors']} 人")
    offices = st.multiselect(heading("office"), sorted(frames["plan"]["office"].unique()), key="list_offices", placeholder="全部", select_all=False)
    listed = frames["plan"][frames["plan"]["office"].isin(offices)] if offices else frames["plan"]
    inspected = rules.inspected_units(frames)
    st.dataframe(display_table(listed.assign(inspected=listed["unit_id"].isin(inspected)), columns=[
                     "unit_name", "credit_code", "town", "office", *([] if joint else ["risk_class"]), "inspector",
                     "planned_date", "selection", "inspected"]),
                 hide_index=True, key="campaign_plan")
    st.markdown("**公示名单** (双随机、一公开; 仅公开字段, 不含检查人员与计划日期)")
    ui.downloads(public_notice(frames), f"{info['year']}-双随机抽查公示名单", key="dl_notice", sheet="公示名单")


def _inspect(plan: pd.DataFrame) -> None:
    """The on-site inspection form for one unit of ``plan`` (inspectors; their own office's units)."""
    todo = plan[~plan["unit_id"].isin(set(frames["inspections"]["unit_id"]))]
    codes = todo["credit_code"].tolist() + plan.loc[~plan.index.isin(todo.index), "credit_code"].tolist()
    names = dict(zip(plan["credit_code"], plan["unit_name"] + " · " + plan["office"]))
    unit_code = st.selectbox("检查单位 (未检查的在前)", codes, format_func=names.get, key="inspect_unit")
    unit_row = plan.set_index("credit_code").loc[unit_code]
    boilers = unit_boilers(sessions, unit_code)
    done_boilers = set(frames["inspections"].loc[frames["inspections"]["unit_id"] == unit_row["unit_id"], "device_code"])
    options = boilers["device_code"].tolist() or [None]
    device = st.selectbox("锅炉", options, key=f"inspect_boiler_{unit_code}",
                          format_func=lambda d: "（单位无在册锅炉）" if d is None else
                          f"{d}{' · 已检查' if d in done_boilers else ''}")
    a, b = st.columns(2)
    # the signed-in inspector records the inspection (a colleague may stand in for the one drawn)
    inspector = a.text_input(heading("inspector"), value=ui.display_name() or unit_row["inspector"],
                             key=f"inspect_by_{unit_code}", help=f"抽取时指派: {unit_row['inspector'] or '—'}")
    inspected_on = b.date_input("检查日期", value=min(local_today(), info["planned_end"]), max_value=local_today(),
                                key="inspect_on")
    reference = load_reference()
    checklist = reference.tables["checklist_items"]
    boiler = boilers.set_index("device_code").loc[device].to_dict() if device is not None else None
    test = latest_test(sessions, device, inspected_on) if device is not None else None
    suggested = rules.prefilled_answers(checklist, boiler, test, reference)
    names = headings(("item_id", "section", "text", "result", "note", "severity", "deadline"))
    sheet = pd.DataFrame({
        "item_id": checklist["item_id"], "section": checklist["section"], "text": checklist["text_cn"],
        "result": [suggested.get(i, ("符合", ""))[0] for i in checklist["item_id"]],
        "note": [suggested.get(i, ("", ""))[1] for i in checklist["item_id"]],
        "severity": rules.SEVERITIES[0], "deadline": inspected_on + timedelta(days=30)}).rename(columns=names)
    edited = st.data_editor(sheet, hide_index=True, disabled=[names["item_id"], names["section"], names["text"]], key=f"sheet_{unit_code}_{device}",
                            height=(len(sheet) + 1) * 35 + 3,
                            column_config={names["result"]: st.column_config.SelectboxColumn(options=list(rules.RESULTS),
                                                                                   required=True),
                                           names["severity"]: st.column_config.SelectboxColumn(options=list(rules.SEVERITIES)),
                                           names["deadline"]: st.column_config.DateColumn()})
    a, b = st.columns(2)
    attachment = a.file_uploader("附件 (照片、记录扫描件, 可选)", key=f"inspect_file_{unit_code}_{device}")
    attach_to = b.selectbox("附件对应的检查项目", checklist["item_id"].tolist(), key="inspect_file_item")
    if st.button("保存检查记录", key="inspect_save", type="primary"):
        sheet = edited.rename(columns={label: name for name, label in names.items()})
        answers = {row["item_id"]: (row["result"], row["note"]) for _, row in sheet.iterrows()}
        findings = [{"item_id": row["item_id"], "severity": row["severity"], "description": row["note"],
                     "deadline": pd.Timestamp(row["deadline"]).date() if pd.notna(row["deadline"]) else None}
                    for _, row in sheet[sheet["result"] == "不符合"].iterrows()]
        try:  # the inspection and its findings go in together, or nothing does
            inspection = record_inspection(
                sessions, campaign=info["name"], credit_code=unit_code, device_code=device,
                inspector=inspector.strip(), inspected_on=inspected_on, answers=answers, who=ui.who(), findings=findings,
                attachments={attach_to: (attachment.name, attachment.getvalue())} if attachment else None)
        except (CampaignError, PermissionRefused) as exc:
            st.error(chinese_only(str(exc)))
        else:  # read again at once: progress, the findings and the unit list show the new record
            ui.data_changed()
            ui.flash("inspect", f"已保存检查记录 {inspection}; 不符合项 {len(findings)} 项已登记为待整改问题")
            st.rerun()


def _inspect_vehicle(plan: pd.DataFrame) -> None:
    """The on-site inspection of one in-plant vehicle of a joint enforcement (inspectors; their own office's units):
    the listed vehicles first, their register problems answered in advance."""
    vehicles = joint_vehicles(sessions, info["name"])
    vehicles = vehicles[vehicles["credit_code"].isin(set(plan["credit_code"]))]
    todo = vehicles["inspection_id"].isna()
    order = pd.concat([vehicles[todo & vehicles["listed"]], vehicles[todo & ~vehicles["listed"]], vehicles[~todo]])
    names = dict(zip(plan["credit_code"], plan["unit_name"]))
    shown = {d: f"{d} · {names.get(c, c)} · {label('power_type', p)}"
                + (f" · {problem_text(q)}" if q else "") + (" · 已检查" if pd.notna(i) else "")
             for d, c, p, q, i in zip(order["device_code"], order["credit_code"], order["power_type"],
                                      order["problems"], order["inspection_id"])}
    if order.empty:
        st.info("清单单位的车辆均已不在台账中。")
        return
    device = st.selectbox("受检车辆 (清单车辆、未检查的在前)", list(shown), format_func=shown.get, key="joint_vehicle")
    row = order.set_index("device_code").loc[device]
    unit_row = plan.set_index("credit_code").loc[row["credit_code"]]
    a, b = st.columns(2)
    inspector = a.text_input(heading("inspector"), value=ui.display_name() or unit_row["inspector"],
                             key=f"joint_by_{device}", help=f"抽取时指派: {unit_row['inspector'] or '—'}")
    # today within the plan, never a later day (before a planned start, the save says the enforcement has not begun)
    planned_day = max(info["planned_start"], min(local_today(), info["planned_end"]))
    inspected_on = b.date_input("检查日期", value=min(planned_day, local_today()), max_value=local_today(), key="joint_on")
    checklist = load_reference().tables["vehicle_checklist"]
    answers = answers_from(prefilled_answers(checklist, row["problems"], listed=bool(row["listed"]),
                                             electric=row["power_type"] == "electric"), checklist)
    names_ = headings(("item_id", "section", "text", "result", "note", "severity", "deadline"))
    sheet = pd.DataFrame({
        "item_id": checklist["item_id"], "section": checklist["section"], "text": checklist["text_cn"],
        "result": [answers[i][0] for i in checklist["item_id"]], "note": [answers[i][1] for i in checklist["item_id"]],
        "severity": rules.SEVERITIES[0], "deadline": inspected_on + timedelta(days=30)}).rename(columns=names_)
    st.caption("清单车辆的 V01–V03 按通报期末的台账核查结果预填, 电动车辆的环保项目为不适用; 其余项目须现场判定, "
               "与现场不同时请改正。不符合项写明问题后登记为待整改问题。")
    edited = st.data_editor(sheet, hide_index=True, disabled=[names_["item_id"], names_["section"], names_["text"]],
                            key=f"joint_sheet_{device}", height=(len(sheet) + 1) * 35 + 3,
                            column_config={names_["result"]: st.column_config.SelectboxColumn(
                                options=list(rules.RESULTS), required=True),
                                names_["severity"]: st.column_config.SelectboxColumn(options=list(rules.SEVERITIES)),
                                names_["deadline"]: st.column_config.DateColumn()})
    attachment = st.file_uploader("附件 (铭牌、环保标志照片等, 可选; 附于第一个不符合项)", key=f"joint_file_{device}")
    if st.button("保存车辆检查记录", key="joint_save", type="primary"):
        sheet = edited.rename(columns={label_: name for name, label_ in names_.items()})
        answers = {r["item_id"]: (r["result"], r["note"]) for _, r in sheet.iterrows()}
        failing = sheet[sheet["result"] == "不符合"]
        findings = [{"item_id": r["item_id"], "severity": r["severity"], "description": r["note"],
                     "deadline": pd.Timestamp(r["deadline"]).date() if pd.notna(r["deadline"]) else None}
                    for _, r in failing.iterrows()]
        attach_to = failing["item_id"].iloc[0] if len(failing) else checklist["item_id"].iloc[0]
        try:
            inspection = record_inspection(
                sessions, campaign=info["name"], credit_code=row["credit_code"], device_code=device,
                inspector=inspector.strip(), inspected_on=inspected_on, answers=answers, who=ui.who(),
                findings=findings, vehicle=True,
                attachments={attach_to: (attachment.name, attachment.getvalue())} if attachment else None)
        except (CampaignError, PermissionRefused) as exc:
            st.error(chinese_only(str(exc)))
        else:
            ui.data_changed()
            ui.flash("inspect", f"已保存车辆 {device} 的检查记录 {inspection}; 不符合项 {len(findings)} 项已登记为待整改问题")
            st.rerun()


with tab_inspect:
    ui.show_flash("inspect")
    mine = ui.own_office(frames["plan"])  # an inspector records the units assigned to the own office
    if not ui.may("inspection"):
        ui.only_for("inspection")
    elif mine.empty:
        st.info(f"本次{'联合执法' if joint else '专项检查'}没有分配给{ui.office() or '您所在监管所'}的单位。")
    elif joint:
        _inspect_vehicle(mine)
    else:
        _inspect(mine)

with tab_findings:
    findings = frames["findings"].assign(overdue=rules.overdue(frames["findings"], as_of)
                                         if len(frames["findings"]) else pd.Series(dtype=bool))
    a, b = st.columns(2)
    states = a.multiselect(heading("status"), list(rules.FINDING_STATES), default=[rules.OPEN, rules.RECTIFIED], key="f_states", select_all=False)
    only_late = b.checkbox("只看逾期", key="f_late")
    shown = findings[findings["status"].isin(states)] if states else findings
    shown = shown[shown["overdue"]] if only_late else shown
    if shown.empty:
        st.info("暂无问题记录: 检查中登记的不符合项会列在这里。" if findings.empty else
                "没有符合所选状态的问题; 请调整状态筛选或取消「只看逾期」。")
    st.dataframe(display_table(shown, context="findings", columns=[
        "finding_id", "unit_name", "office", "device_code", "section", "severity", "description", "deadline", "status",
        "overdue"]),
        hide_index=True, key="findings_table")
    actionable = ui.own_office(shown)  # an inspector records the rectifications of the own office's units
    if len(shown) and actionable.empty:
        st.caption(f"所列问题均不属于{ui.office() or '您所在监管所'}负责的单位, 整改情况由负责的监管所或管理人员登记。")
    ui.show_flash("findings")
    labels = dict(zip(actionable["finding_id"], actionable["unit_name"] + " · " + actionable["description"]))
    # nothing chosen until a person chooses: a finding that leaves the list (reviewed, filtered out) is never
    # silently replaced by another one
    finding_id = st.selectbox("处理问题", actionable["finding_id"].tolist(), format_func=lambda f: f"{f} · {labels[f]}",
                              key="finding_choice", index=None, placeholder="选择要处理的问题") if len(actionable) else None
    if len(actionable) and finding_id is None:
        st.caption("选择一项问题后, 可登记整改、复查或执法措施。")
    if finding_id is not None:
        current = actionable.set_index("finding_id").at[finding_id, "status"]
        a, b = st.columns(2)
        with a:
            st.markdown(f"**整改状态**: {current}")
            evidence = st.file_uploader("整改证明材料 (标记已整改时必附)", key=f"finding_evidence_{finding_id}")
            # a rectification is recorded by the unit's inspector or a manager, reviewed by a manager
            allowed = [t for t in rules.TRANSITIONS[current]
                       if ui.may("rectification" if t == rules.RECTIFIED else "review")]
            target = st.selectbox("改为", allowed or ["—"], key="finding_target",
                                  format_func=lambda t: {"整改中": "整改中 (复查未通过)"}.get(t, t))
            if not allowed and rules.TRANSITIONS[current]:
                ui.only_for("review")
            if st.button("更新状态", key="finding_move", disabled=not allowed) and target != "—":
                try:
                    move_finding(sessions, int(finding_id), target, on=date.today(), who=ui.who(),
                                 evidence=(evidence.name, evidence.getvalue()) if evidence else None)
                except (CampaignError, PermissionRefused) as exc:
                    st.error(chinese_only(str(exc)))
                else:  # read again at once: the panel never shows a status that is no longer true
                    ui.data_changed()
                    ui.flash("findings", f"问题 {finding_id}: {current} → {target}")
                    st.rerun()
        with b:
            if not ui.may("review"):
                ui.only_for("review")
            else:
                action = st.selectbox("执法措施", list(rules.ACTIONS), key="enforce_action")
                document_no = st.text_input("文书编号", key="enforce_no")
                if st.button(f"为问题 {finding_id} 登记执法措施", key="enforce_save"):
                    inspection_id = int(actionable.set_index("finding_id").at[finding_id, "inspection_id"])
                    try:
                        add_enforcement(sessions, inspection_id, finding_id=int(finding_id), action=action,
                                        decided_on=date.today(), who=ui.who(), document_no=document_no.strip() or None)
                    except (CampaignError, PermissionRefused) as exc:
                        st.error(chinese_only(str(exc)))
                    else:
                        ui.data_changed()
                        ui.flash("findings", f"已为问题 {finding_id} 登记执法措施: {action}")
                        st.rerun()

with tab_report:
    st.markdown(f"生成「{report.title}」: Word (正式版式)、Excel (各表分页并附图表)、PDF (内嵌中文字体), 整改情况统计截至 "
                f"{as_of}。文件保存在 reports/campaigns 目录。")
    if not ui.may("campaign"):
        ui.only_for("campaign", action="生成专项检查报告")
    elif st.button("生成专项检查报告", key="campaign_report", type="primary"):
        bar = st.progress(0.0, text="开始…")
        try:
            paths = write_campaign_report(sessions, ui.reports_dir() / "campaigns", name=info["name"], as_of=as_of,
                                          progress=lambda done, text: bar.progress(done, text=text))
        except ChromiumMissingError as error:
            bar.empty()
            st.error(str(error))
        else:
            st.session_state["campaign_files"] = (info["name"], [(p.name, p.read_bytes()) for p in paths])
    files = st.session_state.get("campaign_files")
    if files and files[0] == info["name"]:
        mimes = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".pdf": "application/pdf"}
        for column, (file_name, content) in zip(st.columns(3), files[1]):
            suffix = file_name[file_name.rfind("."):]
            column.download_button(f"下载 {suffix[1:].upper()}", content, file_name=file_name, mime=mimes[suffix],
                                   key=f"campaign_download_{suffix[1:]}")
