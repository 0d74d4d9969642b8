"""boilerlab — Streamlit entry point and home page (首页).

The pages live in ``pages/`` (Streamlit's own page discovery, no ``st.navigation``), so every page also opens
by its deep link on a freshly started server; each page sets itself up through ``ui.page``.
"""

from __future__ import annotations

import streamlit as st

import ui
from boilerlab.db import database_url

ui.page("首页")
st.title("boilerlab 锅炉能效与排放工作台")
st.caption("闵行区市场监督管理局 特种设备「三位一体」(安全·节能·环保) 监管: 能效测试、使用登记准入、双碳统计。")

units, boilers, tests = ui.units(database_url()), ui.boilers(database_url()), ui.tests(database_url())
cols = st.columns(4)
cols[0].metric("使用单位", f"{len(units)} 家", help=f"其中区级重点 {int(units['district_key'].sum())} 家")
cols[1].metric("锅炉", f"{len(boilers)} 台", help=f"在用 {int((boilers['status'] == '在用').sum())} 台")
cols[2].metric("能效测试记录", f"{len(tests)} 条")
below = tests["gb24500_grade"].eq("below").sum()
cols[3].metric("未达能效限定值的测试", f"{int(below)} 条")

st.markdown("""
**三条工作流程**

1. **能效测试** (能效检验人员): 上传现场测试数据 (或单条录入) → 正平衡、反平衡热效率与各项热损失 → GB 24500-2020 等级 →
   排放与限值比对、CO₂ → 保存到锅炉 → 下载《锅炉能效测试报告》(DOCX) 与数据表 (XLSX)。
2. **登记准入** (登记审查人员): 填写准入申请或选择已登记锅炉 → 逐条规则判定及理由 → 打印准入审查意见书 (DOCX)。
3. **双碳看板** (管理人员): 按月份、街镇、燃料、单位统计 CO₂; 能效等级变化; 低于限定值的锅炉占比; 重点锅炉节能潜力。

另有 **设备台账** (单位与锅炉检索、测试历史、信用风险分类)、**参数库** (标准表格及其出处、版本与可信度; 修改留痕)、
**专项检查** (双随机抽取、现场检查、问题整改) 与 **风险分类** (使用单位 A–D 类信用风险分类及其理由, 决定双随机抽查比例)。
""")
for path, label, icon in ui.PAGES[1:]:
    if ui.role() in ui.PAGE_ROLES[label]:  # the pages this role may open
        st.page_link(path, label=label, icon=icon)

with st.expander("参考数据版本"):
    st.code(ui.reference_versions().replace("; ", "\n"))
