"""风险分类 (managers): the units' credit-risk classes — distribution by office and town, the units whose class changed
since the classification before, the D list, one unit's indicators and history — a new classification as of a date,
and the units' credit events (complaints, accidents, refusals) imported."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from boilerlab.analysis import charts
from boilerlab.base.vocabulary import chinese_only, display_table, heading, label, labels, local_time
from boilerlab.db.imports import import_file
from boilerlab.db.permissions import PermissionRefused
from boilerlab.db.risk import classify_units, risk_runs, unit_history
from boilerlab.intake.files import table_bytes
from boilerlab.intake.rows import FileRefused
from boilerlab.intake.templates import template
from boilerlab.standards.risk import CLASSES

ui.page("风险分类")
st.title("风险分类 · 使用单位信用风险分类")
st.caption("按《关于推进企业信用风险分类管理进一步提升监管效能的意见》(国市监信发〔2022〕6号) 将使用单位分为 A、B、C、D 四类; "
           "指标、分值、否决项与各类抽查比例见参数库 risk_indicators、risk_classes (待核实, 由本局确定)。"
           "分类只读取基准日及以前的登记、测试、检查、问题、执法与信用事件, 任一过去日期的分类均可重算。")

sessions = ui.sessions()
CLASS_CN = labels("risk_class")


def _classify_form() -> None:
    with st.form("risk_classify"):
        a, b = st.columns([1, 3])
        as_of = a.date_input("分类基准日", value=date.today(), max_value=date.today(), key="risk_as_of")
        b.markdown("&nbsp;")
        submitted = b.form_submit_button("按基准日重新分类 (留存本次结果)", type="primary")
    if submitted:
        try:
            summary = classify_units(sessions, as_of, who=ui.who())
        except PermissionRefused as refused:
            st.error(str(refused))
        else:
            ui.data_changed()
            st.success(f"已分类 {summary['units']} 家单位 (截至 {as_of}): " + "、".join(
                f"{CLASS_CN[c]} {n} 家" for c, n in summary["counts"].items()))


if ui.may("risk"):
    _classify_form()
else:
    ui.only_for("risk")

runs = risk_runs(sessions)
if runs.empty:
    st.info("还没有信用风险分类: 用上面的按钮按基准日分类, 或在命令行运行 boilerlab risk classify --who 登录名。")
    st.stop()
choices = runs["run_id"].tolist()
shown_runs = {r.run_id: f"截至 {r.as_of} · {local_time(r.classified_at):%Y-%m-%d %H:%M} 由 {r.who} 分类"
              for r in runs.itertuples()}
run_id = st.selectbox("查看的分类", choices, format_func=shown_runs.get, key="risk_run")
table = ui.risk(int(run_id))
chosen = runs.set_index("run_id").loc[run_id]
# the run before: the one classifying as of the latest earlier date (as the changes tab compares)
earlier = runs[(runs["as_of"] < chosen["as_of"]) | ((runs["as_of"] == chosen["as_of"]) & (runs["run_id"] < run_id))]
previous = earlier.sort_values(["as_of", "run_id"], ascending=False)
cols = st.columns(4)
for place, risk_class in zip(cols, CLASSES):
    count = int((table["risk_class"] == risk_class).sum())
    before = int(previous.iloc[0][risk_class]) if len(previous) else None
    place.metric(CLASS_CN[risk_class], f"{count} 家", delta=None if before is None else f"{count - before:+d} 家",
                 delta_color="off", help="与上一次分类相比" if before is not None else None)

tab_spread, tab_changed, tab_d, tab_unit, tab_events = st.tabs(
    ["分布", "分类变化", "D类名单", "单位分类理由", "单位信用事件"])
UNIT_COLUMNS = ["credit_code", "unit_name", "town", "office", "risk_class", "score", "reasons"]


def _by(column: str) -> pd.DataFrame:
    spread = pd.crosstab(table[column].fillna("（未填）"), table["risk_class"]).reindex(columns=list(CLASSES),
                                                                                         fill_value=0)
    spread["total"] = spread.sum(axis=1)
    return spread.reset_index()


with tab_spread:
    for column, title in (("office", "按监管所"), ("town", "按街镇")):
        spread = _by(column)
        st.markdown(f"**{title}** (单位数)")
        st.plotly_chart(charts.bar(spread, column, list(CLASSES), f"信用风险分类 · {title}", "单位数 [家]",
                                   stacked=True, labels=CLASS_CN,
                                   colours={"A": "#2ca02c", "B": "#1f77b4", "C": "#ff7f0e", "D": "#d62728"}),
                        key=f"risk_chart_{column}")
        named = spread.rename(columns={column: heading(column), **CLASS_CN, "total": heading("total", "risk_spread")})
        st.dataframe(named, hide_index=True, key=f"risk_table_{column}")
        ui.downloads(named, f"信用风险分类-{title}", key=f"dl_risk_{column}", sheet=title)

with tab_changed:
    changed = table[table["previous_class"].notna() & (table["previous_class"] != table["risk_class"])]
    if not len(previous):
        st.info("这是第一次分类, 没有可比较的上一次分类。")
    elif changed.empty:
        st.info("与上一次分类相比, 没有单位的分类发生变化。")
    else:
        st.markdown(f"与上一次分类 (截至 {previous.iloc[0]['as_of']}) 相比, **{len(changed)}** 家单位分类变化。")
        st.dataframe(display_table(changed, columns=["credit_code", "unit_name", "office", "previous_class",
                                                     "risk_class", "score", "reasons"]),
                     hide_index=True, key="risk_changed")
        ui.downloads(changed[["credit_code", "unit_name", "office", "previous_class", "risk_class", "score", "reasons"]],
                     "信用风险分类变化", key="dl_risk_changed", sheet="分类变化")

with tab_d:
    worst = table[table["risk_class"] == "D"].sort_values("score", ascending=False)
    if worst.empty:
        st.info("本次分类没有 D 类单位。")
    else:
        st.markdown(f"D 类 (信用风险高) 单位 **{len(worst)}** 家: 双随机抽查比例最高, 应优先检查。")
        st.dataframe(display_table(worst, columns=UNIT_COLUMNS), hide_index=True, key="risk_d")
        ui.downloads(worst[UNIT_COLUMNS], "D类单位名单", key="dl_risk_d", sheet="D类单位")

with tab_unit:
    names = dict(zip(table["credit_code"], table["unit_name"] + " · " + table["risk_class"].map(CLASS_CN)))
    code = st.selectbox("使用单位", table["credit_code"].tolist(), format_func=lambda c: f"{names[c]} · {c}",
                        index=None, placeholder="输入单位名称或信用代码", key="risk_unit")
    if code:
        row = table.set_index("credit_code").loc[code]
        a, b = st.columns([1, 2])
        a.metric(heading("risk_class"), CLASS_CN[row["risk_class"]], help=f"{heading('score')}: {row['score']:g} 分")
        b.markdown("**分类理由**  \n" + "  \n".join(f"- {line}" for line in row["reasons"].split("; ")))
        indicators = pd.DataFrame({"indicator": list(row["indicators"]),
                                   "indicator_value": list(row["indicators"].values())})
        indicators["points"] = indicators["indicator"].map(row["points"]).fillna(0.0)
        if len(indicators):
            st.dataframe(display_table(indicators), hide_index=True, key="risk_unit_indicators")
        history = unit_history(sessions, code)
        st.markdown("**历次分类**")
        st.dataframe(display_table(history), hide_index=True, key="risk_unit_history")

with tab_events:
    st.markdown("投诉举报属实、事故 (注明是否负有责任)、拒绝或阻碍检查、拒不执行停用决定: 检查记录之外的信用事件, 按模板导入; "
                "同一单位同一类事件同一天只记一条, 重复导入不会重复记录。")
    st.download_button("下载单位信用事件模板 (XLSX)", table_bytes(template("unit-events"), "xlsx",
                                                                   sheet_name="单位信用事件"),
                       file_name="单位信用事件模板.xlsx", key="risk_event_template",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if not ui.may("risk"):
        ui.only_for("risk")
    else:
        upload = st.file_uploader("导入单位信用事件 (XLSX / CSV)", type=["xlsx", "xls", "csv"], key="risk_events_file")
        if upload is not None and st.button("导入", key="risk_events_import", type="primary"):
            try:
                report = import_file(sessions, "unit-events", upload.getvalue(), upload.name, who=ui.who())
            except (FileRefused, PermissionRefused) as exc:
                st.error(chinese_only(str(exc)))
            else:
                ui.data_changed()
                (st.success if report.exit_code == 0 else st.warning)(report.summary() + " · 导入后请重新分类。")
                rejected = report.frame()
                rejected = rejected[rejected["status"] == "rejected"]
                if len(rejected):
                    st.dataframe(display_table(rejected, context="import_report"), hide_index=True,
                                 key="risk_events_rejected")
    st.caption(f"事件类型: {'、'.join(labels('unit_event_kind').values())}。{label('risk_indicator', 'accident_responsible')}"
               "、拒绝或阻碍检查、拒不执行停用决定为否决项, 直接定为 D 类。")
