"""参数库: the reference tables in use with source, edition and confidence; editing one is an audited action."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from boilerlab.base.vocabulary import chinese_only, display_frame, display_table, heading, local_time
from boilerlab.db import queries
from boilerlab.base.reference import ReferenceDataError, load_reference
from boilerlab.db.permissions import PermissionRefused
from boilerlab.db.reference_edits import ReferenceEditRefused, save_reference_table

ui.page("参数库")
st.title("参数库 · 标准表格与出处")
st.caption("计算所用的全部参考数据: 能效等级、排放限值、排放因子、简单测试系数 m/n、散热损失 q₅、准入规则等。每个结果都记录所用表格的版本 "
           "(版本号 + 文件 SHA-256 前 8 位)。状态为「待核实」的数值尚未与官方文本核实。")

reference = load_reference()
manifest = pd.read_csv(reference.directory / "manifest.csv", dtype=str)
overview = manifest.assign(
    rows=manifest["table"].map(lambda t: len(reference.tables[t])),
    unconfirmed=manifest["table"].map(lambda t: int((reference.tables[t]["status"] == "UNCONFIRMED").sum())),
    version_in_use=manifest["table"].map(reference.versions))
st.dataframe(display_table(overview, columns=[
    "title_cn", "file", "version", "rows", "unconfirmed", "version_in_use"]), hide_index=True, key="ref_overview")


def _title(name: str) -> str:
    """A table as the list names it: its Chinese title and its file."""
    return f"{manifest.set_index('table').at[name, 'title_cn']} ({name}.csv)"


names = manifest["table"].tolist()
name = st.selectbox("查看或修改表格" if ui.may("reference") else "查看表格", names, key="ref_table",
                    format_func=_title)
table = reference.table(name)
statuses = table["status"].value_counts().rename_axis("status").reset_index(name="rows")
left, right = st.columns([1, 3])
left.markdown("**可信度**")
left.dataframe(display_table(statuses, context="reference"), hide_index=True, key="ref_statuses")
right.markdown(f"**出处**: {'; '.join(sorted(table['source_document'].dropna().astype(str).unique()))}")
right.markdown(f"**使用中的版本**: `{reference.versions[name]}` · 文件 `{reference.directory / manifest.set_index('table').at[name, 'file']}`")


def _column_help(table: pd.DataFrame, editor: bool) -> dict:
    """Each column's Chinese header, with its name in the file as its tooltip: the editor's columns are the file's
    (its cells stay as the file stores them — codes and notes — so that an edited table is saved as it was read),
    the read-only view's are already the Chinese headers."""
    return {(name if editor else heading(name, "reference")):
            st.column_config.Column(heading(name, "reference") if editor else None, help=f"数据文件中的列名: {name}")
            for name in table.columns}


def _download(table: pd.DataFrame, name: str) -> None:
    """The table as stored, under its Chinese column names (numbers and codes exactly as in the file)."""
    shown = table.rename(columns={column: heading(column, "reference") for column in table.columns})
    ui.downloads(shown, f"参考数据-{name}", key="ref_download", sheet=name[:31])


def _editor(name: str, table: pd.DataFrame) -> None:
    """The table as an editor with its save (administrators only)."""
    st.markdown("**表格内容** — 可直接修改; 改动或新增的行须写明出处文件与可信度。单元格为数据文件中的原样内容 "
                "(代码与说明); 列名上悬停可见其在文件中的列名。")
    # the version this person started editing from: a save over someone else's newer version is refused
    opened = st.session_state.setdefault(f"ref_opened_{name}", reference.versions[name])
    if opened != reference.versions[name]:
        st.warning(f"「{_title(name)}」已被修改 (版本 {opened} → {reference.versions[name]}); 保存前请点「重新载入」查看最新内容。")
        if st.button("重新载入", key="ref_reload"):
            st.session_state[f"ref_opened_{name}"] = reference.versions[name]
            st.session_state.pop(f"ref_editor_{name}", None)
            st.rerun()
    # every cell the file's own text (a blank stays blank, never "None"; a number as the file writes it)
    try:
        cells = reference.file_cells(name)
    except ReferenceDataError:  # saved by someone else between this page's loading and now: load it again
        st.warning(f"「{_title(name)}」刚被其他用户修改; 请点「重新载入」查看最新内容后再修改。")
        if st.button("重新载入", key="ref_reload_changed"):
            st.rerun()
        return
    edited = st.data_editor(cells, num_rows="dynamic", hide_index=True,
                            key=f"ref_editor_{name}", column_config=_column_help(table, editor=True))
    _download(table, name)
    reason = st.text_input("修改理由 (如新值所依据的文件与条款)", key="ref_reason")
    if st.button("保存修改 (记录审计日志)", key="ref_save", type="primary"):
        try:
            edit = save_reference_table(ui.sessions(), name, edited, who=ui.who(), reason=reason,
                                        expected_version=opened)
        except ReferenceEditRefused as exc:
            st.error("未保存:\n\n" + "\n".join(f"- {chinese_only(p)}" for p in exc.problems))
        except PermissionRefused as exc:
            st.error(str(exc))
        else:
            ui.data_changed()
            st.session_state[f"ref_opened_{name}"] = edit.new_version
            st.success(f"已保存 {name}: 版本 {edit.old_version} → {edit.new_version}; 修改 {len(edit.changes)} 个单元格, "
                       f"新增 {edit.added} 行, 删除 {edit.removed} 行。此后的计算使用新版本。")


if ui.may("reference"):
    _editor(name, table)
else:  # read-only: the table and its download
    st.markdown("**表格内容** — 燃料种类、可信度、风险分类等代码以中文名称显示, 其余单元格 (单位、说明等) 为数据文件中的原样内容; "
                "列名上悬停可见其在文件中的列名; 下载文件中为原样内容。")
    st.dataframe(display_frame(table, "reference", exact=True), hide_index=True, key=f"ref_view_{name}",
                 column_config=_column_help(table, editor=False))
    _download(table, name)
    ui.only_for("reference")

st.subheader("参数修改记录")
log = queries.audit_frame(ui.sessions(), "reference")
if log.empty:
    st.caption("暂无修改记录。")
else:
    log = log.assign(at=local_time(log["at"]), reason=log["detail"].map(lambda d: d.get("reason")),
                     versions=log["detail"].map(lambda d: f"{d.get('old_version')} → {d.get('new_version')}"),
                     cells=log["detail"].map(lambda d: d.get("changed_cells")))
    st.dataframe(display_table(log, columns=["at", "who", "row_key", "reason", "versions", "cells"],
                               context="reference_audit"),
        hide_index=True, key="ref_log")
