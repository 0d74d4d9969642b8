"""The columns of the tables a person sees besides the test record itself: the registry views, the dashboard and
campaign tables, the saving potential, the reference-data and audit views. Names are those of the frames
the database and analysis functions return; a context gives a column the label it has in one table only
(``below`` counts boilers in a progress table but is a grade code elsewhere)."""

from __future__ import annotations

from boilerlab.base.vocabulary.inputs import Column


def _c(name: str, name_cn: str, unit: str = "", decimals: int | None = None, kind: str = "text") -> Column:
    return Column(name, name_cn, unit, kind if decimals is None else "float", decimals=decimals)


FRAME_COLUMNS: tuple[Column, ...] = (
    # registry
    _c("unit_name", "使用单位"), _c("name", "单位名称"), _c("credit_code", "统一社会信用代码"), _c("address", "地址"),
    _c("town", "街镇"), _c("office", "监管所"), _c("key_unit", "重点单位", kind="bool"),
    _c("district_key", "区级重点", kind="bool"), _c("place_category", "场所类别", kind="enum"),
    _c("device_code", "设备代码"), _c("registration_no", "使用登记证编号"), _c("rated_pressure_mpa_g", "额定工作压力", "MPa", 2),
    _c("manufacturer", "制造单位"), _c("model", "型号"), _c("product_no", "产品编号"), _c("registration_date", "登记日期", kind="date"),
    _c("status", "状态", kind="enum"), _c("low_nox", "低氮燃烧器", kind="bool"), _c("tests", "测试次数", "次", 0),
    _c("last_test_id", "最近测试编号"), _c("last_test_date", "最近测试日期", kind="date"),
    _c("last_eta_pct", "最近判定热效率", "%", 2),
    _c("last_grade", "最近等级", kind="enum"), _c("boilers", "锅炉", "台", 0), _c("month", "月份"),
    _c("quantity", "消耗量", "", 2), _c("unit", "单位", kind="enum"), _c("year", "年度", "", 0),
    # dashboard
    _c("co2_t", "CO₂ 排放", "t", 1), _c("graded", "参与分级", "台", 0), _c("below_share_pct", "未达限定值占比", "%", 1),
    _c("margin_pct", "与限定值之差", "百分点", 2),
    # saving potential
    _c("measure", "措施", kind="enum"), _c("change", "改造内容"), _c("eta_before_pct", "改造前 η₂", "%", 2),
    _c("eta_after_pct", "改造后 η₂", "%", 2), _c("fuel_saved_per_year", "年节约燃料", "", 1),
    _c("fuel_unit", "燃料单位", kind="enum"), _c("cost_saved_cny", "年节约费用", "元", 0), _c("co2_saved_t", "年减排 CO₂", "t", 1),
    # emissions of one test
    _c("pollutant", "污染物", kind="enum"), _c("ref_mg_m3", "折算浓度", "mg/m³", 1), _c("limit_mg_m3", "限值", "mg/m³", 0),
    _c("compliant", "判定", kind="bool"),
    # campaigns
    _c("inspector", "检查人员"), _c("planned_date", "计划日期", kind="date"), _c("selection", "抽取方式", kind="enum"),
    _c("inspected", "进度", kind="bool"), _c("finding_id", "编号"), _c("section", "部分", kind="enum"),
    _c("severity", "严重程度", kind="enum"), _c("description", "问题"), _c("deadline", "整改期限", kind="date"),
    _c("overdue", "逾期", kind="bool"), _c("item_id", "项目编号"), _c("text", "检查项目"), _c("answered", "检查项次", "", 0),
    _c("nonconforming", "不符合项次", "", 0), _c("nonconforming_pct", "不符合率", "%", 1), _c("days", "逾期天数", "", 0),
    _c("action", "措施", kind="enum"), _c("result", "结果", kind="enum"), _c("note", "说明"), _c("rule_id", "编号"), _c("rule_text", "审查内容"),
    _c("declared", "申报值"), _c("threshold", "要求"), _c("exceeded", "超标项目"),
    _c("count", "件数", "", 0), _c("old_test", "测试时间提示"),
    # credit-risk classification
    _c("risk_class", "信用风险分类", kind="enum"), _c("previous_class", "上次分类", kind="enum"),
    _c("score", "风险分值", "分", 0), _c("indicator", "指标", kind="enum"), _c("indicator_value", "指标值", "", 0),
    _c("points", "得分", "分", 0), _c("points_each", "每项分值", "分", 0), _c("max_points", "最高得分", "分", 0),
    _c("veto", "否决项", kind="bool"), _c("vetoes", "否决事项"), _c("reasons", "分类理由"),
    _c("as_of", "分类基准日", kind="date"), _c("classified_at", "分类时间 (北京时间)", kind="date"),
    _c("event_kind", "事件类型", kind="enum"), _c("event_date", "事件日期", kind="date"),
    _c("responsible", "负有责任", kind="bool"), _c("reference_no", "文书编号"),
    _c("min_score", "分值下限", "分", 0), _c("sample_ratio_pct", "抽查比例", "%", 1),
    _c("draw_method", "抽取方式", kind="enum"),
    # in-plant vehicles (issue 17)
    _c("vehicle_kind", "车辆类别", kind="enum"), _c("power_type", "动力类型", kind="enum"),
    _c("engine_maker", "发动机生产厂"), _c("engine_model", "发动机型号"), _c("rated_power_kw", "额定功率", "kW", 1),
    # emission_stage is the nameplate's, named as the import names it (a download's sheet imports again); stage is
    # the one the checks take (nameplate, or derived from the manufacture date)
    _c("manufacture_date", "出厂日期", kind="date"), _c("emission_stage", "排放阶段", kind="enum"),
    _c("stage", "认定排放阶段", kind="enum"), _c("stage_basis", "阶段依据", kind="enum"),
    _c("required_stage", "出厂时应达排放阶段", kind="enum"), _c("env_code", "环保登记编码"),
    _c("problem_text", "问题"), _c("vehicles", "场车", "台", 0), _c("problem_vehicles", "存在问题的场车", "台", 0),
    # online monitoring
    _c("hour", "时间 (北京时间)", kind="date"), _c("first_hour", "首个小时", kind="date"),
    _c("last_hour", "最后小时", kind="date"), _c("hours", "小时数", "h", 0), _c("valid_hours", "有效小时", "h", 0),
    _c("valid_minutes", "有效分钟", "min", 0), _c("capture_rate_pct", "数据有效率", "%", 1),
    _c("co_mg_m3", "一氧化碳", "mg/m³", 1), _c("flue_flow_m3_h", "烟气流量", "m³/h", 0),
    _c("nox_over_hours", "NOx 超标小时", "h", 0), _c("so2_over_hours", "SO₂ 超标小时", "h", 0),
    _c("pm_over_hours", "颗粒物超标小时", "h", 0), _c("over_hours", "超标小时合计", "h", 0),
    _c("alerts", "能效漂移预警", "次", 0), _c("exceeding_boilers", "有超标小时的锅炉", "台", 0),
    _c("alert_boilers", "有漂移预警的锅炉", "台", 0),
    _c("test_eta_pct", "最近测试 η₂", "%", 2), _c("mean_eta_pct", "在线平均 η₂", "%", 2),
    _c("start", "开始", kind="date"), _c("end", "结束", kind="date"), _c("peak", "峰值", "mg/m³", 1),
    _c("reference_eta_pct", "所依据测试 η₂", "%", 2), _c("criterion_pct", "在用判定指标", "%", 1),
    _c("basis", "预警依据", kind="enum"),
    # imports
    _c("row", "行号", "", 0), _c("key", "编号"), _c("reason", "原因"),
    # reference data and the audit log
    _c("table", "表"), _c("file", "文件"), _c("version", "版次"), _c("title_cn", "名称"), _c("title_en", "英文名"),
    _c("rows", "行数", "", 0), _c("unconfirmed", "待核实行数", "", 0), _c("version_in_use", "使用中的版本"),
    _c("at", "时间 (北京时间)", kind="date"), _c("who", "操作人"), _c("row_key", "表"), _c("versions", "版本"),
    _c("cells", "修改单元格数", "", 0),
    _c("chain_seq", "审计链序号", "", 0), _c("previous_hash", "前一条哈希 (SHA-256)"), _c("row_hash", "本条哈希 (SHA-256)"),
)

#: Labels a column has in one kind of table only.
CONTEXTS: dict[str, tuple[Column, ...]] = {
    "campaign_progress": (
        _c("planned", "计划检查单位", "", 0), _c("inspected", "已检查单位", "", 0), _c("coverage_pct", "覆盖率", "%", 1),
        _c("安全", "安全不符合项次", "", 0), _c("节能", "节能不符合项次", "", 0), _c("环保", "环保不符合项次", "", 0),
        _c("total", "发现问题", "", 0), _c("open", "整改中", "", 0), _c("overdue", "逾期未整改", "", 0),
        _c("below", "能效未达限定值锅炉", "", 0), _c("emission", "排放超标锅炉", "", 0)),
    "below_share": (_c("below", "未达限定值", "台", 0),),
    # boilers per grade and year: the grade codes are the columns (labels as the gb24500_grade code list's)
    "grades_by_year": (_c("1", "1级", "台", 0), _c("2", "2级", "台", 0), _c("3", "3级", "台", 0),
                       _c("below", "未达能效限定值", "台", 0), _c("n/a", "不分级", "台", 0), _c("total", "合计", "台", 0)),
    "co2_by_fuel": (_c("fuel", "燃料"),),
    "campaign_tests": (_c("eta_governing_pct", "热效率", "%", 2), _c("gb24500_limit_pct", "限定值", "%", 1)),
    "reference_audit": (_c("reason", "理由"),),
    # the keys of a stored record's values in an audit row ("values", "changes"): the database's own ids are not codes
    # a person knows (the row's key names the record), and a test's inputs and results are whole records of their own
    "audit_values": (
        _c("boiler_id", "锅炉 (数据库编号)"), _c("unit_id", "使用单位 (数据库编号)"), _c("upload_id", "上传文件 (数据库编号)"),
        _c("inputs", "测试输入数据"), _c("results", "计算结果"), _c("reference_versions", "参考数据版本"),
        _c("engine_version", "计算程序版本")),
    # the keys of an audit row's detail (boilerlab.base.vocabulary.audit_detail_text)
    "audit_detail": (
        _c("action", "措施"), _c("added_rows", "新增行数", "", 0), _c("boiler", "锅炉"), _c("campaign", "专项检查"),
        _c("campaign_id", "专项检查编号"), _c("changed_cells", "修改单元格数", "", 0), _c("changes", "修改内容"),
        _c("counts", "各类行数"), _c("deadline", "整改期限"), _c("decision", "结论"), _c("directory", "名录单位数", "", 0),
        _c("display_name", "显示姓名"), _c("district_level", "区级重点单位数", "", 0), _c("drawn", "抽中单位数", "", 0),
        _c("findings", "问题"), _c("inspection", "检查记录"), _c("inspectors", "检查人员数", "", 0), _c("names", "姓名"),
        _c("new_version", "新版本"), _c("nonconforming", "不符合项"), _c("office", "监管所"), _c("old_version", "原版本"),
        _c("on", "日期"), _c("problems", "问题"), _c("ratio", "抽取比例"), _c("reason", "理由"),
        _c("removed_rows", "删除行数", "", 0), _c("role", "角色"), _c("seed", "随机种子"), _c("severity", "严重程度"),
        _c("sha256", "文件 SHA-256"), _c("status", "状态"), _c("unit", "使用单位"), _c("units", "单位数", "", 0),
        _c("upload_id", "上传文件编号"), _c("values", "记录内容"), _c("minutes", "锁定分钟数"), _c("rows", "行数", "", 0),
        _c("method", "抽取方式"), _c("as_of", "信用风险分类基准日"), _c("class_ratios", "各类抽查比例"),
        _c("by_class", "各类单位数"), _c("risk_run_id", "信用风险分类编号"), _c("readings", "读入数据行数", "", 0),
        # a joint enforcement's draw and its vehicle inspections (issue 17)
        _c("period", "通报季度"), _c("quarter_end", "通报期末"), _c("vehicles_in_use", "期末在用内燃场车", "台", 0),
        _c("listed_vehicles", "清单车辆", "台", 0), _c("listed", "联合执法清单"), _c("vehicle", "车辆"),
        _c("vehicle_problem", "问题"),
    ),
    "sign_in": (_c("login", "登录名"), _c("password", "密码")),
    "audit": (_c("who", "账户"), _c("days", "日期范围"), _c("action", "操作", kind="enum"), _c("table_name", "对象", kind="enum"), _c("row_key", "记录编号"),
              _c("detail", "内容")),
    # the columns of the reference tables (data/reference), as the 参数库 shows them
    "reference": (
        _c("status", "可信度", kind="enum"), _c("source_document", "出处文件"), _c("edition", "版次"), _c("clause", "条款"),
        _c("note", "说明"), _c("unit", "计量单位"), _c("key", "常数名"), _c("value", "取值"), _c("rule", "规则"),
        _c("row_id", "行编号"), _c("table", "表号"), _c("fuel_kinds", "适用燃料"), _c("fuel_class_cn", "燃料类别"),
        _c("qnet_min", "低位发热量下限", "kJ/kg"), _c("qnet_min_closed", "发热量含下限"),
        _c("qnet_max", "低位发热量上限", "kJ/kg"), _c("qnet_max_closed", "发热量含上限"),
        _c("vdaf_min", "干燥无灰基挥发分下限", "%"), _c("vdaf_min_closed", "挥发分含下限"),
        _c("vdaf_max", "干燥无灰基挥发分上限", "%"), _c("vdaf_max_closed", "挥发分含上限"),
        _c("capacity_t_h_above", "额定蒸发量大于", "t/h"), _c("capacity_t_h_up_to", "额定蒸发量不大于", "t/h"),
        _c("capacity_mw_above", "额定热功率大于", "MW"), _c("capacity_mw_up_to", "额定热功率不大于", "MW"),
        _c("grade_1_pct", "1级能效", "%"), _c("grade_2_pct", "2级能效", "%"), _c("grade_3_pct", "3级能效 (限定值)", "%"),
        _c("component", "组分"), _c("name_cn", "中文名称"), _c("carbon_atoms", "碳原子数"), _c("hydrogen_atoms", "氢原子数"),
        _c("sulfur_atoms", "硫原子数"), _c("oxygen_demand_mol", "理论需氧量", "mol/mol"),
        _c("molar_mass_g_mol", "摩尔质量", "g/mol"), _c("gross_cv_kj_mol", "高位摩尔发热量", "kJ/mol"),
        _c("net_cv_kj_mol", "低位摩尔发热量", "kJ/mol"), _c("summation_factor_0c", "求和因子 (0 °C)"),
        _c("summation_note", "求和因子说明"), _c("gas", "气体"), _c("a0", "系数 a₀"), _c("a1", "系数 a₁"),
        _c("a2", "系数 a₂"), _c("a3", "系数 a₃"), _c("a4", "系数 a₄"), _c("t_min_k", "适用温度下限", "K"),
        _c("t_max_k", "适用温度上限", "K"), _c("m", "系数 m"), _c("n", "系数 n"), _c("property", "参数"),
        _c("limit_id", "限值编号"), _c("standard", "标准"), _c("table_name", "标准中的表"), _c("boiler_age", "新建/在用"),
        _c("fuel_group", "燃料类别"), _c("excluded_fuel_kinds", "不适用的燃料"),
        _c("new_if_installed_from", "此日起安装为新建锅炉"), _c("in_force_from", "施行日期"), _c("in_force_to", "失效日期"),
        _c("activity_unit", "活动水平单位"), _c("ncv_gj_per_unit", "低位发热量", "GJ/单位"),
        _c("carbon_tc_per_tj", "单位热值含碳量", "tC/TJ"), _c("oxidation_pct", "碳氧化率", "%"),
        _c("table_family", "缺省值表"), _c("factor_id", "因子编号"), _c("factor_type", "因子类型"), _c("region", "地区"),
        _c("data_year", "数据年份"), _c("kg_co2_per_kwh", "排放因子", "kg CO₂/kWh"), _c("default_for", "缺省适用地区"),
        _c("valid_from_year", "起用年份"), _c("ch4_kg_per_tj", "CH₄ 排放因子", "kg/TJ"),
        _c("n2o_kg_per_tj", "N₂O 排放因子", "kg/TJ"), _c("gwp_set", "全球变暖潜势值组"), _c("ch4", "CH₄ 全球变暖潜势"),
        _c("n2o", "N₂O 全球变暖潜势"), _c("check", "审查项"), _c("parameters", "参数"), _c("text_cn", "条文"),
        _c("text_en", "英文条文"), _c("auto_check", "自动核查"), _c("limit_share_pct", "占限定值比例", "%"),
        _c("column", "数据列"), _c("basis", "准确度表示方式"), _c("accuracy", "准确度"), _c("distribution", "分布"),
        _c("default_basis", "缺省值准确度表示方式"), _c("default_accuracy", "缺省值准确度"),
        _c("default_distribution", "缺省值分布"), _c("quantity", "量"), _c("allowed_pp", "允许差值", "百分点"),
        _c("kind", "类型"), _c("applies_to", "对应检查项"), _c("threshold", "阈值"), _c("window_months", "统计期", "月"),
        _c("policy_low_pct", "政策比例下限", "%"), _c("policy_high_pct", "政策比例上限", "%"),
        _c("factor", "监测因子编码"), _c("jurisdiction", "适用地区"),
        _c("stage", "排放阶段"), _c("power_max_kw", "功率上限", "kW"), _c("required_from", "执行日期"),
    ),
    "risk_spread": (_c("total", "合计", "家", 0),),
    "monitoring": (_c("days", "持续天数", "d", 0), _c("flag", "数据标记", kind="enum"), _c("hours", "小时数", "h", 0)),
    # the quarter's notification of in-plant vehicles (boilerlab.analysis.vehicle_notice)
    "vehicle_notice": (_c("stage", "排放阶段", kind="enum"), _c("required_stage", "应达排放阶段", kind="enum"),
                       _c("vehicles", "车辆数", "台", 0), _c("problem_vehicles", "其中存在问题", "台", 0),
                       _c("units", "使用单位数", "", 0), _c("vehicles_with_problem", "存在问题车辆", "台", 0),
                       _c("number", "序号", "", 0), _c("found_on", "发现日期", kind="date"), _c("handling", "处理情况")),
}
