"""The result columns :func:`boilerlab.evaluate` adds to a test record, each with its Chinese name, unit, decimals
shown and meaning. The engine's :data:`boilerlab.engine.pipeline.RESULT_COLUMNS` names the same set in output order."""

from __future__ import annotations

from boilerlab.base.vocabulary.inputs import Column


def _r(name: str, name_cn: str, unit: str, decimals: int | None, meaning: str, kind: str = "float") -> Column:
    return Column(name, name_cn, unit, kind, decimals=decimals, meaning=meaning)


RESULTS: tuple[Column, ...] = (
    _r("heat_output_kw", "锅炉出力", "kW", 1, "有效利用热量 Q₁ (正平衡)"),
    _r("eta_direct_pct", "正平衡热效率 η₁", "%", 2, "输入输出热量法热效率, 低位发热量基"),
    _r("excess_air_ratio", "排烟处过量空气系数 α", "–", 3, "排烟处的过量空气系数"),
    _r("q2_pct", "排烟热损失 q₂", "%", 2, "排烟带走的热量占输入热量的百分比"),
    _r("q3_pct", "气体未完全燃烧热损失 q₃", "%", 2, "烟气中 CO 等可燃气体的化学热"),
    _r("q4_pct", "固体未完全燃烧热损失 q₄", "%", 2, "灰渣和飞灰中未燃尽碳的热量"),
    _r("q5_pct", "散热损失 q₅", "%", 2, "锅炉本体向环境的散热; 实测值或查表值"),
    _r("q6_pct", "灰渣物理热损失 q₆", "%", 2, "排出灰渣带走的物理热"),
    _r("q5_source", "散热损失来源", "", None, "q₅ 取实测值或查表值", "enum"),
    _r("eta_indirect_pct", "反平衡热效率 η₂", "%", 2, "热损失法热效率 100 − Σq, 低位发热量基"),
    _r("eta_direct_gross_pct", "正平衡热效率 η₁ (高位发热量基)", "%", 2, "η₁ 换算到高位发热量基"),
    _r("eta_indirect_gross_pct", "反平衡热效率 η₂ (高位发热量基)", "%", 2, "η₂ 换算到高位发热量基"),
    _r("q2_gross_pct", "排烟热损失 q₂ (高位发热量基)", "%", 2, "含水蒸气汽化潜热的排烟热损失"),
    _r("q3_gross_pct", "气体未完全燃烧热损失 q₃ (高位发热量基)", "%", 2, "q₃ 换算到高位发热量基"),
    _r("method_deviation_pct", "正反平衡偏差 η₁ − η₂", "百分点", 2, "正平衡与反平衡热效率之差"),
    _r("gb24500_grade", "GB 24500-2020 能效等级", "", None, "判定用热效率对应的能效等级", "enum"),
    _r("gb24500_limit_pct", "GB 24500-2020 能效限定值", "%", 1, "该锅炉适用的能效限定值"),
    _r("gb24500_grade2_pct", "GB 24500-2020 2级能效值", "%", 1, "达到 2 级所需的热效率 (无分级时空白)"),
    _r("gb24500_grade1_pct", "GB 24500-2020 1级能效值", "%", 1, "达到 1 级所需的热效率 (无分级时空白)"),
    _r("gb24500_meets_limit", "是否达到能效限定值", "", None, "判定用热效率不低于限定值", "bool"),
    _r("eta_governing_pct", "判定用热效率", "%", 2, "分级所用的热效率 (反平衡优先, 见判定方法)"),
    _r("gb24500_grade_role", "能效等级性质", "", None, "定型/验收试验为产品能效等级; 运行工况测试仅为参考等级", "enum"),
    _r("inuse_criterion_pct", "在用锅炉热效率判定指标", "%", 1, "运行工况测试的判定指标 (能效限定值 × 比例)"),
    _r("inuse_verdict", "在用锅炉能效判定", "", None, "判定用热效率对判定指标: 达标、不达标或不确定", "enum"),
    _r("inuse_basis", "在用判定依据", "", None, "测试类型、限定值比例与其来源", "text"),
    _r("governing_method", "判定方法", "", None, "判定用热效率取自正平衡或反平衡", "enum"),
    _r("excess_air_method", "过量空气系数算法", "", None, "由哪些烟气成分算得 α", "enum"),
    _r("q2_method", "排烟热损失算法", "", None, "烟气焓平衡或简单测试公式", "enum"),
    _r("lhv_used", "所用低位发热量", "kJ/kg 或 kJ/Nm³", 0, "计算所用的燃料低位发热量 (单位见发热量单位)"),
    _r("hhv_used", "所用高位发热量", "kJ/kg 或 kJ/Nm³", 0, "计算所用的燃料高位发热量"),
    _r("fuel_basis_unit", "发热量单位", "", None, "固体/液体按 kg, 燃气按 Nm³", "enum"),
    _r("nox_ref_mg_m3", "NOx 折算浓度", "mg/m³", 1, "氮氧化物折算到基准氧含量的浓度"),
    _r("so2_ref_mg_m3", "SO₂ 折算浓度", "mg/m³", 1, "二氧化硫折算到基准氧含量的浓度"),
    _r("pm_ref_mg_m3", "颗粒物折算浓度", "mg/m³", 1, "颗粒物折算到基准氧含量的浓度"),
    _r("hg_ref_mg_m3", "汞折算浓度", "mg/m³", 4, "汞及其化合物折算到基准氧含量的浓度"),
    _r("nox_limit_mg_m3", "NOx 排放限值", "mg/m³", 0, "测试日适用于该锅炉的氮氧化物限值"),
    _r("so2_limit_mg_m3", "SO₂ 排放限值", "mg/m³", 0, "测试日适用于该锅炉的二氧化硫限值"),
    _r("pm_limit_mg_m3", "颗粒物排放限值", "mg/m³", 0, "测试日适用于该锅炉的颗粒物限值"),
    _r("hg_limit_mg_m3", "汞排放限值", "mg/m³", 2, "测试日适用于该锅炉的汞及其化合物限值 (燃煤锅炉)"),
    _r("blackness_limit_grade", "烟气黑度限值", "级", 0, "测试日适用的林格曼黑度限值"),
    _r("nox_compliant", "NOx 判定", "", None, "折算浓度不超过限值为达标", "bool"),
    _r("so2_compliant", "SO₂ 判定", "", None, "折算浓度不超过限值为达标", "bool"),
    _r("pm_compliant", "颗粒物判定", "", None, "折算浓度不超过限值为达标", "bool"),
    _r("hg_compliant", "汞判定", "", None, "折算浓度不超过限值为达标", "bool"),
    _r("blackness_compliant", "烟气黑度判定", "", None, "林格曼黑度不超过限值为达标", "bool"),
    _r("nox_margin_pct", "NOx 限值余量", "%", 1, "(限值 − 折算浓度) / 限值"),
    _r("so2_margin_pct", "SO₂ 限值余量", "%", 1, "(限值 − 折算浓度) / 限值"),
    _r("pm_margin_pct", "颗粒物限值余量", "%", 1, "(限值 − 折算浓度) / 限值"),
    _r("hg_margin_pct", "汞限值余量", "%", 1, "(限值 − 折算浓度) / 限值"),
    _r("emission_limit_basis", "排放限值依据", "", None, "所用限值的标准、表号与条件", "text"),
    _r("co2_kg_h", "测试工况 CO₂ 排放", "kg/h", 1, "测试工况下每小时的 CO₂ 排放量"),
    _r("co2_intensity_kg_gj", "CO₂ 排放强度", "kg/GJ", 1, "每 GJ 有效利用热量的 CO₂ 排放"),
    _r("co2_method", "CO₂ 计算方法", "", None, "CO₂ 的核算途径与所用因子", "enum"),
    _r("engine_version", "计算程序版本", "", None, "计算所用 boilerlab 版本", "text"),
    _r("reference_versions", "参考数据版本", "", None, "计算所用各参考数据表的版本", "text"),
    _r("warnings", "计算说明", "", None, "取默认值、假设或数值异常之处", "text"),
    _r("error", "错误", "", None, "该行无法计算的原因", "text"),
)
RESULT_BY_NAME = {c.name: c for c in RESULTS}
