"""Every enumerated code boilerlab stores or prints, with its Chinese label and the aliases a file may use.

A code is what the interchange files, the database and the engine hold (``natural_gas``, ``below``,
``lower_o2``); the label is what a person reads (天然气, 未达能效限定值, 燃烧调整). Codes that are Chinese
already (a finding's 整改中, a checklist's 符合) are listed too, each as its own label, so that every value a
screen may show is known here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One code: the stored value, its Chinese label, and other spellings accepted on input."""

    code: str
    label: str
    aliases: tuple[str, ...] = ()


def _codes(*items: tuple) -> tuple[Code, ...]:
    return tuple(Code(*item) for item in items)


def _own(*labels: str) -> tuple[Code, ...]:
    """Codes that are their own Chinese label."""
    return tuple(Code(label, label) for label in labels)


CODE_LISTS: dict[str, tuple[Code, ...]] = {
    "boiler_kind": _codes(("steam", "蒸汽锅炉", ("蒸汽", "蒸汽锅炉")), ("hot_water", "热水锅炉", ("热水", "热水锅炉")),
                          ("organic_heat_carrier", "有机热载体锅炉", ("有机热载体", "有机热载体锅炉", "导热油", "导热油炉"))),
    "combustion": _codes(("grate", "层燃", ("层燃", "层状燃烧", "炉排", "链条炉排")),
                         ("fluidized_bed", "流化床", ("流化床", "循环流化床", "流化床燃烧")),
                         ("chamber", "室燃", ("室燃", "室燃炉", "室燃锅炉"))),
    "fuel_kind": _codes(("natural_gas", "天然气", ("天然气", "ng")), ("lpg", "液化石油气", ("液化石油气", "液化气")),
                        ("diesel", "柴油", ("柴油", "轻油", "0#柴油")), ("heavy_oil", "重油", ("重油", "燃料油")),
                        ("bituminous", "烟煤", ("烟煤",)), ("lean_coal", "贫煤", ("贫煤",)),
                        ("anthracite", "无烟煤", ("无烟煤",)), ("lignite", "褐煤", ("褐煤",)),
                        ("biomass", "生物质", ("生物质", "生物质成型燃料")), ("electric", "电", ("电", "电加热", "电锅炉"))),
    "jurisdiction": _codes(("shanghai", "上海市", ("上海", "上海市")), ("national", "全国", ("全国", "其他"))),
    "gb24500_grade": _codes(("1", "1级"), ("2", "2级"), ("3", "3级"), ("below", "未达能效限定值"), ("n/a", "不分级")),
    "governing_method": _codes(("direct", "正平衡"), ("indirect", "反平衡")),
    "test_type": _codes(("detailed", "运行工况详细测试", ("详细测试", "运行工况详细测试", "详细", "运行工况热效率详细测试")),
                        ("simple", "运行工况简单测试", ("简单测试", "运行工况简单测试", "简单", "运行工况热效率简单测试")),
                        ("product", "定型/验收试验", ("定型试验", "验收试验", "定型", "验收", "定型能效测试", "产品试验"))),
    "verdict": _codes(("pass", "达标"), ("fail", "不达标"), ("indeterminate", "不确定")),
    "emission_verdict": _codes(("pass", "达标"), ("fail", "超标"), ("indeterminate", "不确定")),
    "verdict_subject": _codes(("efficiency", "在用锅炉能效 (判定用热效率)"),),
    "input_source": _codes(("measured", "实测"), ("default", "缺省值"), ("library", "燃料库典型值")),
    "old_test": _codes(("yes", "早于检查年度"),),
    "verdict_count": _codes(("pass", "达标"), ("fail", "不达标 (超标)"), ("indeterminate", "不确定"),
                            ("none", "无数据")),
    "grade_role": _codes(("product", "产品能效等级"), ("reference", "参考等级 (运行工况测试, 仅供参考)")),
    "q2_method": _codes(("enthalpy", "烟气焓平衡 (详细测试)"), ("simple (简单测试)", "简单测试 q₂ = (m + n·α)·Δt/100")),
    "excess_air_method": _codes(("nitrogen method: O2, CO, RO2", "氮平衡法: O₂、CO、RO₂"),
                                ("O2, CO and fuel stoichiometry", "由 O₂、CO 与燃料化学当量 (干烟气平衡)"),
                                ("O2 and CO: 21/(21-(O2-0.5CO))", "由 O₂ 与 CO 近似: α = 21/(21 − (O₂ − 0.5CO))"),
                                ("RO2 and fuel stoichiometry", "由 RO₂ 与燃料化学当量")),
    "q5_source": _codes(("measured", "实测"), ("table (rated load)", "查表 (额定负荷)"),
                        ("table × rated/test load", "查表并按额定/实际负荷修正")),
    "co2_method": _codes(
        ("biogenic CO2 counted as 0 (carbon_factors biomass, UNCONFIRMED)", "生物质燃料的生物源 CO₂ 计为 0 (参考数据待核实)"),
        ("measured carbon of the test fuel × OF × 44/12 (carbon_factors OF)", "实测燃料含碳量 × 碳氧化率 × 44/12"),
        ("test Q_net × default carbon per heat × OF × 44/12 (carbon_factors)", "低位发热量 × 单位热值含碳量缺省值 × 碳氧化率 × 44/12"),
        # the code stored by results computed before issue 12 (same route; only the citation moved)
        ("test Q_net × default carbon per heat × OF × 44/12 (carbon_factors, GB/T 32151.22-2024 表C.1)",
         "低位发热量 × 单位热值含碳量缺省值 × 碳氧化率 × 44/12")),
    "fuel_basis_unit": _codes(("kJ/kg", "kJ/kg"), ("kJ/Nm3", "kJ/Nm³")),
    "pollutant": _codes(("nox", "NOx"), ("so2", "SO₂"), ("pm", "颗粒物"), ("hg", "汞"), ("blackness", "烟气黑度")),
    # the short names of the limit basis and the row messages ("NOx: GB 13271-2014 表1 …", "汞 超过排放限值")
    "pollutant_short": _codes(("nox", "NOx"), ("so2", "SO₂"), ("pm", "PM"), ("hg", "汞"), ("blackness", "林格曼黑度")),
    # inputs of the uncertainty that are not a column of the test record
    "uncertainty_input": _codes(("heating_value", "燃料发热量"), ("q5", "散热损失 q₅")),
    "pollutant_name": _codes(("nox", "氮氧化物 (以 NO₂ 计)"), ("so2", "二氧化硫"), ("pm", "颗粒物"),
                             ("hg", "汞及其化合物"), ("blackness", "烟气黑度 (林格曼黑度)")),
    "place_category": _codes(("school", "学校"), ("kindergarten", "幼儿园"), ("hospital", "医院"), ("station", "车站"),
                             ("mall", "商场"), ("hotel", "宾馆酒店"), ("factory", "工厂"), ("office", "办公楼"),
                             ("other", "其他")),
    "boiler_status": _own("在用", "停用", "报废"),
    "fuel_use_unit": _codes(("t", "t"), ("kg", "kg"), ("10^4 Nm3", "万 Nm³"), ("Nm3", "Nm³"), ("kWh", "kWh"),
                            ("MWh", "MWh")),
    "saving_measure": _codes(("lower_o2", "燃烧调整 (降低排烟氧含量)"), ("economiser", "加装节能器"),
                             ("condensing", "冷凝式改造")),
    "efficiency_source": _codes(("design", "设计值"), ("type_test", "定型能效测试"), ("site_test", "现场测试")),
    "admission_decision": _own("通过", "不通过", "需补充材料"),
    "rule_status": _own("符合", "不符合", "缺少资料", "记录"),
    "checklist_result": _own("符合", "不符合", "不适用"),
    "checklist_section": _own("安全", "节能", "环保"),
    "severity": _own("一般", "较大", "重大"),
    "finding_status": _own("整改中", "已整改", "已复查"),
    "enforcement_action": _own("责令整改", "停用", "处罚", "移送"),
    "selection": _own("区级重点必查", "随机抽取", "联合执法清单"),
    # credit-risk classes (SAMR 国市监信发〔2022〕6号: A 信用风险低 … D 信用风险高) and what classifies a unit
    "risk_class": _codes(("A", "A类 (信用风险低)"), ("B", "B类 (信用风险一般)"), ("C", "C类 (信用风险较高)"),
                         ("D", "D类 (信用风险高)")),
    "risk_indicator": _codes(
        ("registration_incomplete", "在用锅炉使用登记信息不全"), ("inspection_overdue", "定期检验超期"),
        ("operators_uncertified", "作业人员未持证上岗"), ("no_safety_officer", "未配备安全总监或安全员"),
        ("findings_general", "一般问题 (近24个月)"), ("findings_major", "较大问题 (近24个月)"),
        ("findings_serious", "重大问题 (近24个月)"), ("rectification_overdue", "逾期未整改问题"),
        ("review_failed", "复查未通过 (近24个月)"), ("enforcement_order", "责令整改 (近24个月)"),
        ("enforcement_penalty", "停用、处罚或移送 (近24个月)"), ("efficiency_below", "在用能效不达标锅炉"),
        ("emission_exceeded", "排放超标锅炉"), ("online_exceedance", "在线监测小时排放超标的锅炉 (近12个月)"),
        ("online_drift", "在线监测能效漂移预警的锅炉 (近12个月)"), ("equipment_old", "使用超过15年的在用锅炉"),
        ("equipment_count", "在用锅炉台数"), ("public_place", "公众聚集场所"),
        ("complaints_verified", "投诉举报属实 (近24个月)"), ("accidents", "事故 (近24个月)"),
        ("accident_responsible", "负有责任的事故 (近24个月)"), ("inspection_refused", "拒绝、阻碍检查 (近24个月)"),
        ("stop_order_ignored", "拒不执行停用决定 (近24个月)")),
    "unit_event_kind": _codes(("complaint_verified", "投诉举报属实", ("投诉举报属实", "投诉属实", "举报属实")),
                              ("accident", "事故", ("事故", "特种设备事故")),
                              ("inspection_refused", "拒绝、阻碍检查", ("拒绝检查", "阻碍检查", "拒绝、阻碍检查")),
                              ("stop_order_ignored", "拒不执行停用决定", ("拒不执行停用决定", "未执行停用", "停用令未执行"))),
    # online monitoring (HJ 212-2017): the data flags of HJ 75/HJ 76 and the kinds of data message
    "monitoring_flag": _codes(("N", "正常"), ("F", "停运"), ("M", "维护"), ("S", "手工输入"), ("D", "故障"),
                              ("C", "校准"), ("T", "超测定上限"), ("B", "通讯异常")),
    "drift_basis": _codes(("test", "低于当日有效测试的反平衡热效率 (超过允许降幅)"),
                          ("criterion", "低于在用锅炉判定指标 (超过允许降幅)")),
    # in-plant vehicles (场(厂)内专用机动车辆, TSG N0001-2017) and their environmental information
    "vehicle_kind": _codes(("forklift", "叉车", ("叉车", "内燃叉车", "电动叉车", "机动工业车辆")),
                           ("sightseeing_car", "观光车", ("观光车", "非公路用旅游观光车")),
                           ("sightseeing_train", "观光列车", ("观光列车",))),
    "power_type": _codes(("diesel", "柴油", ("柴油", "柴油机", "内燃柴油")), ("gasoline", "汽油", ("汽油", "汽油机")),
                         ("lpg", "液化石油气", ("液化石油气", "液化气", "lpg", "汽油/液化石油气", "双燃料")),
                         ("natural_gas", "天然气", ("天然气", "cng", "lng")),
                         ("electric", "电动", ("电动", "纯电动", "蓄电池", "电瓶", "锂电"))),
    "emission_stage": _codes(("1", "国一", ("国一", "国1", "国i", "国Ⅰ", "第一阶段", "一阶段", "1")),
                             ("2", "国二", ("国二", "国2", "国ii", "国Ⅱ", "第二阶段", "二阶段", "2")),
                             ("3", "国三", ("国三", "国3", "国iii", "国Ⅲ", "第三阶段", "三阶段", "3")),
                             ("4", "国四", ("国四", "国4", "国iv", "国Ⅳ", "第四阶段", "四阶段", "4"))),
    "stage_basis": _codes(("nameplate", "铭牌"), ("derived", "按出厂日期推定"),
                          ("no_date", "出厂日期未登记, 无法判定"), ("unknown", "未知 (无适用阶段要求)"),
                          ("not_applicable", "不适用 (电动)")),
    "vehicle_problem": _codes(("stage_below_required", "排放阶段低于出厂时的要求"),
                              ("label_missing", "缺少环保登记编码或标志"),
                              ("registered_below_stage4", "第四阶段实施后登记但低于国四")),
    "hj212_cn": _codes(("2011", "实时数据"), ("2051", "分钟数据"), ("2061", "小时数据"), ("2031", "日数据")),
    "draw_method": _codes(("office_ratio", "按监管所同一比例抽取"), ("risk_class", "按信用风险分类比例抽取"),
                          ("joint_vehicle", "内燃场车通报的联合执法清单")),
    "import_kind": _codes(("units", "使用单位"), ("boilers", "锅炉"), ("tests", "测试记录"), ("fuel-use", "月度燃料消耗"),
                          ("unit-events", "单位信用事件"), ("vehicles", "场(厂)内专用机动车辆")),
    "import_status": _codes(("inserted", "新增"), ("updated", "更新"), ("unchanged", "未变"), ("rejected", "拒绝")),
    "audit_action": _codes(("insert", "新增"), ("update", "修改"), ("delete", "删除"), ("restore", "恢复"),
                           ("import", "导入文件"), ("draw", "抽取检查名单"), ("edit-reference", "修改参数表"),
                           ("lock", "锁定账户"), ("password", "重设密码"), ("disable", "停用账户"),
                           ("classify", "信用风险分类")),
    "audit_table": _codes(("unit", "使用单位"), ("boiler", "锅炉"), ("test_record", "测试记录"), ("fuel_use", "月度燃料消耗"),
                          ("units", "使用单位台账文件"), ("boilers", "锅炉台账文件"), ("tests", "测试记录文件"),
                          ("fuel-use", "燃料消耗文件"), ("application", "准入申请"), ("campaign", "专项检查"),
                          ("inspector", "检查人员"), ("inspection", "检查记录"), ("finding", "问题"),
                          ("enforcement", "执法措施"), ("reference", "参数表"), ("account", "账户"),
                          ("unit_event", "单位信用事件"), ("unit-events", "单位信用事件文件"), ("risk_run", "信用风险分类"),
                          ("monitoring", "在线监测数据"), ("vehicle", "场(厂)内专用机动车辆"),
                          ("vehicles", "场车台账文件")),
    "role": _codes(("inspector", "能效检验人员"), ("clerk", "登记审查人员"), ("manager", "管理人员"),
                   ("admin", "系统管理员")),
    # what a role may do (boilerlab.db.permissions); the label completes "无权…"
    "permission": _codes(("tests", "保存能效测试记录"), ("registry", "导入使用单位与锅炉台账"),
                         ("admission", "保存登记准入申请与审查意见"), ("campaign", "建立专项检查与双随机抽取"),
                         ("inspection", "记录现场检查与问题"), ("rectification", "登记问题整改"),
                         ("review", "复查整改与登记执法措施"), ("reference", "修改参数库"), ("accounts", "管理账户"),
                         ("deletion", "删除或恢复记录"), ("risk", "信用风险分类与登记单位信用事件"),
                         ("monitoring", "导入在线监测数据")),
    "reference_status": _codes(("UNCONFIRMED", "待核实"), ("CONFIRMED-structural", "结构已核实"),
                               ("CONFIRMED-secondary", "二手来源已核实"), ("VERIFIED-official", "已与官方文本核对")),
}

#: Codes whose text carries a parameter: the label replaces the leading English words.
PREFIXED = {"co2_method": (("electricity_factors ", "电力排放因子 "),)}

#: Which code list the values of a column come from (columns of files, results, database views and reports).
COLUMN_CODES = {
    "boiler_kind": "boiler_kind", "combustion": "combustion", "fuel_kind": "fuel_kind", "jurisdiction": "jurisdiction",
    "gb24500_grade": "gb24500_grade", "last_grade": "gb24500_grade", "governing_method": "governing_method",
    "test_type": "test_type", "inuse_verdict": "verdict", "gb24500_grade_role": "grade_role",
    "nox_verdict": "emission_verdict", "so2_verdict": "emission_verdict", "pm_verdict": "emission_verdict",
    "hg_verdict": "emission_verdict",
    "q2_method": "q2_method", "excess_air_method": "excess_air_method", "q5_source": "q5_source",
    "co2_method": "co2_method", "fuel_basis_unit": "fuel_basis_unit", "place_category": "place_category",
    "status": "boiler_status", "unit": "fuel_use_unit", "fuel_unit": "fuel_use_unit", "measure": "saving_measure",
    "efficiency_source": "efficiency_source", "decision": "admission_decision", "section": "checklist_section",
    "severity": "severity", "result": "checklist_result", "selection": "selection", "action": "enforcement_action",
    "risk_class": "risk_class", "previous_class": "risk_class", "indicator": "risk_indicator",
    "event_kind": "unit_event_kind", "draw_method": "draw_method", "basis": "drift_basis",
    "vehicle_kind": "vehicle_kind", "power_type": "power_type", "emission_stage": "emission_stage",
    "stage": "emission_stage", "required_stage": "emission_stage", "stage_basis": "stage_basis",
}

#: Columns whose codes come from another list in one kind of table (a finding's status is not a boiler's); None: not
#: codes there.
CONTEXT_CODES = {"findings": {"status": "finding_status"}, "import_report": {"status": "import_status"},
                 # a reference table's units, bases, regions and firing methods are the file's own words, not codes
                 "reference": {"status": "reference_status", "unit": None, "basis": None, "jurisdiction": None,
                               "combustion": None}, "monitoring": {"flag": "monitoring_flag"},
                 "audit": {"action": "audit_action", "table_name": "audit_table"},
                 "audit_detail": {"role": "role", "status": "finding_status", "action": "enforcement_action",
                                  "method": "draw_method", "vehicle_problem": "vehicle_problem",
                                  "unit": None}}  # an inspection's unit is its credit code, not a fuel's unit

#: Yes/no words accepted in a true/false column (after :func:`normalise_header`), and the extra words of columns whose
#: Chinese sheets write the property itself (冷凝 / 非冷凝).
TRUE_WORDS = ("true", "1", "yes", "y", "是", "t")
FALSE_WORDS = ("false", "0", "no", "n", "否", "f")
COLUMN_TRUE_WORDS = {"condensing": ("冷凝", "冷凝式")}
COLUMN_FALSE_WORDS = {"condensing": ("非冷凝",)}

#: How a true/false value is shown: verdicts against a limit as 达标/超标 (or 未达标), any other flag as 是/否.
SHOWN_TRUE_FALSE = {"nox_compliant": ("达标", "超标"), "so2_compliant": ("达标", "超标"), "pm_compliant": ("达标", "超标"),
                    "hg_compliant": ("达标", "超标"), "blackness_compliant": ("达标", "超标"), "compliant": ("达标", "超标"), "gb24500_meets_limit": ("达标", "未达标"),
                    "runs_agree": ("一致", "超出允许差"), "inspected": ("已检查", "未检查"), "veto": ("是 (直接定为D类)", "否")}
YES_NO = ("是", "否")
