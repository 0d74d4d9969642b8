"""审计日志 (managers and administrators): every audited change, filtered by account, action, object and day, its
export, and the check of the tamper-evident chain."""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from boilerlab.base.vocabulary import audit_detail_text, display_table, heading, label, local_time
from boilerlab.db import queries
from boilerlab.db.audit import verify_audit, verify_test_records

ui.page("审计日志")  # managers and administrators only (ui.PAGE_ROLES)
st.title("审计日志 · 谁在何时改了什么")
st.caption("每条记录带有其内容与前一条记录的 SHA-256 哈希 (审计链): 记录被修改、删除或插入, 校验即可发现。时间为北京时间。")

sessions = ui.sessions()
choices = queries.audit_choices(sessions)
a, b, c, d = st.columns([2, 2, 2, 2])
who = a.multiselect(heading("who", "audit"), choices["who"], key="audit_who", placeholder="全部", select_all=False)
actions = b.multiselect(heading("action", "audit"), choices["action"], key="audit_actions", placeholder="全部",
                        format_func=lambda code: label("audit_action", code), select_all=False)
tables = c.multiselect(heading("table_name", "audit"), choices["table_name"], key="audit_tables", placeholder="全部",
                       format_func=lambda code: label("audit_table", code), select_all=False)
days = d.date_input(heading("days", "audit"), value=(), key="audit_days", max_value=date.today(), format="YYYY-MM-DD")
start, end = (days[0], days[-1]) if days else (None, None)
entries = queries.audit_entries(sessions, who=who, actions=actions, tables=tables, start=start, end=end)
if len(entries):
    entries["at"] = local_time(entries["at"]).dt.floor("s")  # to the second, as a person reads a time
shown = entries.assign(detail=entries["detail"].map(audit_detail_text))
if entries.empty:
    st.info("没有符合条件的审计记录; 请调整筛选条件。")
else:
    st.caption(f"最近 {len(entries)} 条 (最多显示 5000 条; 导出同样以筛选为准)")
st.dataframe(display_table(shown, context="audit"), hide_index=True, key="audit_table")
ui.downloads(shown, "审计日志", key="dl_audit", sheet="审计日志", context="audit")

st.subheader("审计链校验")
st.caption("同时核对每条测试记录: 其输入数据与计算结果是否仍与审计记录所留的摘要 (或最近一次修改后的内容) 一致。")
if st.button("校验审计链", key="audit_verify"):
    check = verify_audit(sessions)
    if check.intact:
        st.success(f"审计链完整: 共 {check.rows} 条; 链头哈希 {check.last_hash or '—'} (可另行留存, 以备核对)")
        records = verify_test_records(sessions)
        if records.intact:
            st.success(records.text())
        else:
            st.error(records.text(shown=50))
    else:
        st.error(f"审计链不完整: {check.problem}")
