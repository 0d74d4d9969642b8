"""boilerlab — Streamlit entry point.

Until the workbench pages land this is a single page: upload a test-record file, see both
efficiencies, the losses and the GB 24500 grade per row, download the results.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from boilerlab import evaluate
from boilerlab.db import database_url
from boilerlab.records import NoUsableColumnsError
from boilerlab.reference import load_reference
from boilerlab.tables import UnreadableFileError, read_table

st.set_page_config(page_title="boilerlab 锅炉能效", layout="wide")

SHOWN = {
    "test_id": "测试编号", "boiler_kind": "锅炉类别", "fuel_kind": "燃料", "heat_output_kw": "出力 (kW)",
    "eta_direct_pct": "正平衡效率 η₁ (%)", "eta_indirect_pct": "反平衡效率 η₂ (%)", "excess_air_ratio": "过量空气系数 α",
    "q2_pct": "q2 (%)", "q3_pct": "q3 (%)", "q4_pct": "q4 (%)", "q5_pct": "q5 (%)", "q6_pct": "q6 (%)",
    "method_deviation_pct": "η₁ − η₂ (百分点)", "gb24500_grade": "GB 24500 等级",
    "nox_ref_mg_m3": "NOx 折算 (mg/m³)", "nox_limit_mg_m3": "NOx 限值 (mg/m³)", "nox_compliant": "NOx 达标",
    "co2_kg_h": "CO₂ (kg/h)", "co2_intensity_kg_gj": "CO₂ 强度 (kg/GJ)", "warnings": "提示", "error": "错误",
}


@st.cache_data(show_spinner=False)
def _evaluate(content: bytes, name: str) -> pd.DataFrame:
    return evaluate(read_table(content, name))


st.title("boilerlab 锅炉能效测试计算")
st.caption("按 GB/T 10180 正平衡、反平衡法计算热效率, 按 GB 24500-2020 分级。上传测试记录 (CSV 或 XLSX, 中文或英文表头)。")

upload = st.file_uploader("测试记录文件 (.csv / .xlsx)", type=["csv", "xlsx"], key="tests")
if upload is not None:
    try:
        result = _evaluate(upload.getvalue(), upload.name)
    except (UnreadableFileError, NoUsableColumnsError) as exc:
        st.error(str(exc))
    else:
        failed = int((result["error"] != "").sum())
        st.success(f"已计算 {len(result)} 行" + (f", 其中 {failed} 行有错误" if failed else ""))
        st.dataframe(result[list(SHOWN)].rename(columns=SHOWN), hide_index=True)
        buffer = io.BytesIO()
        result.to_csv(buffer, index=False, encoding="utf-8-sig")
        st.download_button("下载完整结果 (CSV)", buffer.getvalue(), file_name="boilerlab-results.csv",
                           mime="text/csv", key="download")

@st.cache_resource
def _sessions(url: str):
    from boilerlab.db import make_engine, session_factory, upgrade

    upgrade(url)
    return session_factory(make_engine(url))


@st.cache_data(ttl=60, show_spinner=False)
def _registry_counts(url: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from boilerlab.db.models import Boiler, FuelUse, TestRecord, Unit

    with _sessions(url)() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model).where(
            model.deleted_at.is_(None))) for model in (Unit, Boiler, TestRecord, FuelUse)}


counts = _registry_counts(database_url())
st.caption(f"数据库: {counts['unit']} 家使用单位, {counts['boiler']} 台锅炉, {counts['test_record']} 条测试记录, "
           f"{counts['fuel_use']} 条月度燃料记录")

with st.expander("参考数据版本 (reference tables)"):
    st.code(load_reference().version_stamp().replace("; ", "\n"))
