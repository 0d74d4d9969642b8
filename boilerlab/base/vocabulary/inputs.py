"""The input columns of a test record (``shared/spec/test-record.md``): Chinese name, unit, decimals shown,
meaning, valid range and the header aliases a file may use.

The canonical names never change; aliases (Chinese headers) are added here. A header is matched after
:func:`normalise_header`: full-width brackets → ASCII, spaces dropped, lower case (units in brackets are
converted by :mod:`boilerlab.intake.headers`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from boilerlab.base.values import number_shown

INF = math.inf


@dataclass(frozen=True)
class Column:
    """One column: canonical name, Chinese name, unit ('' for text, codes and ratios without one), kind, valid range,
    header aliases, the decimals a person is shown and a one-line meaning."""

    name: str
    name_cn: str
    unit: str = ""
    kind: str = "float"  # float | text | enum | bool | date
    low: float = -INF
    high: float = INF
    low_closed: bool = True
    high_closed: bool = True
    aliases: tuple[str, ...] = ()
    decimals: int | None = None  # numbers only; None for text, codes and dates
    meaning: str = ""

    def range_text(self) -> str:
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{number_shown(self.low)}, {number_shown(self.high)}{right} {self.unit}".strip()  # 2000000, not 2e+06


#: Cell texts that Chinese test sheets use for "not measured"; read as blank, with a warning.
NOT_MEASURED = ("/", "／", "-", "--", "—", "——", "－", "无", "未测", "未检测", "n/a", "N/A", "na", "NA")

_P = (0.0, 100.0)  # a percentage


def _pct(name: str, cn: str, *aliases: str) -> Column:
    return Column(name, cn, "%", "float", *_P, aliases=aliases)


_COLUMNS: tuple[Column, ...] = (
    Column("test_id", "测试编号", kind="text", aliases=("测试编号", "编号", "报告编号")),
    Column("boiler_id", "设备代码", kind="text", aliases=("设备代码", "使用登记证编号", "锅炉编号")),
    Column("test_date", "测试日期", kind="date", aliases=("测试日期", "日期")),
    Column("boiler_kind", "锅炉类别", kind="enum", aliases=("锅炉类别", "锅炉类型")),
    Column("fuel_kind", "燃料种类", kind="enum", aliases=("燃料种类", "燃料")),
    Column("combustion", "燃烧方式", kind="enum", aliases=("燃烧方式",)),
    Column("condensing", "冷凝式", kind="bool", aliases=("冷凝式", "是否冷凝")),
    Column("test_type", "测试类型", kind="enum", aliases=("测试类型", "测试类别", "试验类型", "测试性质")),
    Column("run_no", "试验序号", low=1, high=20, aliases=("试验序号", "工况序号", "试验次数", "测试次数", "试验次序", "run")),
    Column("rated_capacity_t_h", "额定蒸发量", "t/h", low=0, low_closed=False, high=2000, aliases=("额定蒸发量",)),
    Column("rated_capacity_mw", "额定热功率", "MW", low=0, low_closed=False, high=1400, aliases=("额定热功率",)),
    Column("barometric_kpa", "大气压力", "kPa", low=50, high=110, aliases=("大气压力", "大气压")),
    _pct("c_ar_pct", "收到基碳", "收到基碳", "car"),
    _pct("h_ar_pct", "收到基氢", "收到基氢", "har"),
    _pct("o_ar_pct", "收到基氧", "收到基氧", "oar"),
    _pct("n_ar_pct", "收到基氮", "收到基氮", "nar"),
    _pct("s_ar_pct", "收到基硫", "收到基硫", "sar", "收到基全硫"),
    _pct("ash_ar_pct", "收到基灰分", "收到基灰分", "aar"),
    _pct("moisture_ar_pct", "收到基水分", "收到基水分", "mar", "全水分"),
    _pct("vdaf_pct", "干燥无灰基挥发分", "干燥无灰基挥发分", "vdaf"),
    Column("lhv_ar_kj_kg", "收到基低位发热量", "kJ/kg", low=0, low_closed=False, high=60000,
           aliases=("收到基低位发热量", "低位发热量", "qnet,v,ar", "qnetvar", "qnet,ar")),
    Column("hhv_ar_kj_kg", "收到基高位发热量", "kJ/kg", low=0, low_closed=False, high=65000,
           aliases=("收到基高位发热量", "高位发热量", "qgr,v,ar", "qgrvar")),
    _pct("ch4_pct", "甲烷", "甲烷", "ch4"),
    _pct("c2h6_pct", "乙烷", "乙烷", "c2h6"),
    _pct("c3h8_pct", "丙烷", "丙烷", "c3h8"),
    _pct("c4h10_pct", "丁烷", "丁烷", "c4h10"),
    _pct("h2_pct", "氢气", "氢气", "h2"),
    _pct("co_pct", "一氧化碳(燃气)", "燃气一氧化碳"),
    _pct("co2_pct", "二氧化碳(燃气)", "燃气二氧化碳"),
    _pct("n2_pct", "氮气", "氮气", "n2"),
    _pct("o2_pct", "氧气(燃气)", "燃气氧气"),
    _pct("h2s_pct", "硫化氢", "硫化氢", "h2s"),
    Column("lhv_kj_nm3", "燃气低位发热量", "kJ/Nm³", low=0, low_closed=False, high=150000,
           aliases=("燃气低位发热量", "低位发热量(燃气)")),
    Column("hhv_kj_nm3", "燃气高位发热量", "kJ/Nm³", low=0, low_closed=False, high=160000,
           aliases=("燃气高位发热量", "高位发热量(燃气)")),
    Column("fuel_rate_kg_h", "燃料消耗量", "kg/h", low=0, low_closed=False, high=1e6,
           aliases=("燃料消耗量", "燃料耗量")),
    Column("fuel_rate_nm3_h", "燃气消耗量", "Nm³/h", low=0, low_closed=False, high=1e7,
           aliases=("燃气消耗量", "燃气耗量", "燃气流量")),
    Column("electric_power_kw", "输入电功率", "kW", low=0, low_closed=False, high=1e6,
           aliases=("输入电功率", "电功率", "耗电功率")),
    Column("steam_flow_kg_h", "蒸汽流量", "kg/h", low=0, low_closed=False, high=2e6,
           aliases=("蒸汽流量", "蒸发量", "实测蒸发量")),
    Column("steam_pressure_mpa_g", "蒸汽压力", "MPa(g)", low=0, high=20.8,
           aliases=("蒸汽压力", "出口蒸汽压力", "锅筒压力")),
    Column("steam_temp_c", "过热蒸汽温度", "°C", low=0, low_closed=False, high=800,
           aliases=("过热蒸汽温度", "蒸汽温度")),
    Column("steam_humidity_pct", "蒸汽湿度", "%", low=0, high=100, high_closed=False, aliases=("蒸汽湿度",)),
    Column("feedwater_temp_c", "给水温度", "°C", low=0, high=370, aliases=("给水温度",)),
    Column("feedwater_pressure_mpa_g", "给水压力", "MPa(g)", low=0, high=30, aliases=("给水压力",)),
    Column("blowdown_flow_kg_h", "排污量", "kg/h", low=0, high=1e6, aliases=("排污量", "排污流量")),
    Column("water_flow_kg_h", "循环水流量", "kg/h", low=0, low_closed=False, high=1e7,
           aliases=("循环水流量", "循环水量", "介质流量")),
    Column("supply_temp_c", "出水温度", "°C", low=0, high=370, aliases=("出水温度", "供水温度")),
    Column("return_temp_c", "回水温度", "°C", low=0, high=370, aliases=("回水温度",)),
    Column("water_pressure_mpa_g", "热水压力", "MPa(g)", low=0, high=30, aliases=("热水压力", "出水压力")),
    Column("carrier_cp_kj_kg_k", "有机热载体平均比热", "kJ/(kg·K)", low=0, low_closed=False, high=10,
           aliases=("有机热载体平均比热", "导热油比热")),
    Column("flue_temp_c", "排烟温度", "°C", low=0, high=700, aliases=("排烟温度",)),
    Column("air_temp_c", "冷空气温度", "°C", low=-40, high=100, aliases=("冷空气温度", "环境温度", "入口空气温度")),
    Column("air_humidity_g_kg", "空气含湿量", "g/kg", low=0, high=100, aliases=("空气含湿量",)),
    Column("flue_o2_pct", "排烟氧含量", "%", low=0, high=21, high_closed=False, aliases=("排烟氧含量", "排烟处氧量", "排烟o2")),
    Column("flue_co2_pct", "排烟二氧化碳", "%", low=0, low_closed=False, high=30,
           aliases=("排烟二氧化碳", "排烟处二氧化碳", "ro2", "排烟co2")),
    Column("flue_co_ppm", "排烟一氧化碳", "ppm", low=0, high=100000, aliases=("排烟一氧化碳", "排烟处一氧化碳", "排烟co")),
    Column("slag_combustible_pct", "炉渣可燃物含量", "%", low=0, high=100, high_closed=False, aliases=("炉渣可燃物含量", "clz")),
    Column("flyash_combustible_pct", "飞灰可燃物含量", "%", low=0, high=100, high_closed=False, aliases=("飞灰可燃物含量", "cfh")),
    _pct("slag_share_pct", "炉渣份额", "炉渣份额", "炉渣含灰量占入炉总灰量百分比", "alz"),
    _pct("flyash_share_pct", "飞灰份额", "飞灰份额", "飞灰含灰量占入炉总灰量百分比", "afh"),
    Column("slag_temp_c", "炉渣温度", "°C", low=0, high=1600, aliases=("炉渣温度",)),
    # the measured surface loss; files may call it q5_pct, the name of the result column (the q₅ used)
    Column("q5_measured_pct", "实测散热损失", "%", low=0, high=20, aliases=("实测散热损失", "散热损失", "q5", "q5_pct")),
    Column("nox_mg_m3", "氮氧化物", "mg/m³", low=0, high=1e5, aliases=("氮氧化物", "nox")),
    Column("so2_mg_m3", "二氧化硫", "mg/m³", low=0, high=1e5, aliases=("二氧化硫", "so2")),
    Column("pm_mg_m3", "颗粒物", "mg/m³", low=0, high=1e5, aliases=("颗粒物", "烟尘", "pm")),
    Column("hg_mg_m3", "汞及其化合物", "mg/m³", low=0, high=100, aliases=("汞及其化合物", "汞", "hg")),
    Column("blackness_ringelmann", "烟气黑度", "级", low=0, high=5,
           aliases=("烟气黑度", "林格曼黑度", "烟气林格曼黑度", "黑度", "林格曼")),
    Column("emission_o2_pct", "排放测点氧含量", "%", low=0, high=21, high_closed=False, aliases=("排放测点氧含量", "实测氧含量")),
    # beyond the interchange set: what the emission limits depend on
    Column("install_date", "安装日期", kind="date", aliases=("安装日期", "投用日期")),
    Column("jurisdiction", "所在地", kind="enum", aliases=("所在地", "管辖地")),
    Column("key_region", "特别排放限值地区", kind="bool", aliases=("特别排放限值地区", "重点地区")),
)

#: Decimals shown for a number of each unit; a column may say otherwise in :data:`DECIMALS`.
DECIMALS_BY_UNIT = {"%": 2, "t/h": 2, "MW": 3, "kPa": 2, "kJ/kg": 0, "kJ/Nm³": 0, "kg/h": 1, "Nm³/h": 1, "kW": 1,
                    "MPa(g)": 3, "°C": 1, "g/kg": 1, "ppm": 0, "mg/m³": 1, "kJ/(kg·K)": 3}
DECIMALS = {"run_no": 0, "flue_o2_pct": 2, "emission_o2_pct": 2, "flue_co2_pct": 2, "hg_mg_m3": 4, "blackness_ringelmann": 1}

#: One line on what each input column holds (the spec's meaning, in the users' words).
MEANINGS = {
    "test_id": "测试记录的编号, 同一文件内唯一",
    "boiler_id": "被测锅炉的设备代码或使用登记证编号",
    "test_date": "现场测试的日期",
    "boiler_kind": "蒸汽锅炉、热水锅炉或有机热载体锅炉",
    "fuel_kind": "燃料库中的燃料种类",
    "combustion": "层燃、流化床或室燃 (GB 24500 分表依据)",
    "condensing": "是否为冷凝式锅炉",
    "rated_capacity_t_h": "蒸汽锅炉的额定蒸发量",
    "rated_capacity_mw": "热水或有机热载体锅炉的额定热功率",
    "barometric_kpa": "测试时当地大气压力; 未填取 101.325 kPa",
    "c_ar_pct": "固体/液体燃料收到基碳的质量分数",
    "h_ar_pct": "收到基氢的质量分数",
    "o_ar_pct": "收到基氧的质量分数",
    "n_ar_pct": "收到基氮的质量分数",
    "s_ar_pct": "收到基全硫的质量分数",
    "ash_ar_pct": "收到基灰分",
    "moisture_ar_pct": "收到基全水分",
    "vdaf_pct": "干燥无灰基挥发分 (煤种分类依据)",
    "lhv_ar_kj_kg": "固体/液体燃料收到基低位发热量 Q_net,v,ar",
    "hhv_ar_kj_kg": "固体/液体燃料收到基高位发热量 Q_gr,v,ar",
    "ch4_pct": "燃气中甲烷的体积分数 (干基)",
    "c2h6_pct": "燃气中乙烷的体积分数",
    "c3h8_pct": "燃气中丙烷的体积分数",
    "c4h10_pct": "燃气中丁烷的体积分数",
    "h2_pct": "燃气中氢气的体积分数",
    "co_pct": "燃气中一氧化碳的体积分数",
    "co2_pct": "燃气中二氧化碳的体积分数",
    "n2_pct": "燃气中氮气的体积分数",
    "o2_pct": "燃气中氧气的体积分数",
    "h2s_pct": "燃气中硫化氢的体积分数",
    "lhv_kj_nm3": "燃气低位发热量, 标准状态 (0 °C, 101.325 kPa)",
    "hhv_kj_nm3": "燃气高位发热量, 标准状态",
    "fuel_rate_kg_h": "固体/液体燃料消耗量",
    "fuel_rate_nm3_h": "燃气消耗量, 标准状态",
    "electric_power_kw": "电锅炉的输入电功率",
    "steam_flow_kg_h": "蒸汽流量 (或扣除取样的给水流量)",
    "steam_pressure_mpa_g": "锅炉出口蒸汽压力 (表压)",
    "steam_temp_c": "过热蒸汽温度; 空白为饱和蒸汽",
    "steam_humidity_pct": "饱和蒸汽的湿度",
    "feedwater_temp_c": "给水温度",
    "feedwater_pressure_mpa_g": "给水压力 (表压); 空白取蒸汽压力",
    "blowdown_flow_kg_h": "排污量, 以锅筒压力下的饱和水排出",
    "water_flow_kg_h": "热水或有机热载体的循环流量",
    "supply_temp_c": "出水 (供水) 温度",
    "return_temp_c": "回水温度",
    "water_pressure_mpa_g": "热水压力 (表压)",
    "carrier_cp_kj_kg_k": "有机热载体在进出口温度间的平均比热",
    "flue_temp_c": "排烟温度",
    "air_temp_c": "冷空气 (入口空气) 温度, 即基准温度",
    "air_humidity_g_kg": "空气含湿量 (每千克干空气)",
    "flue_o2_pct": "排烟处氧含量 (干基体积分数)",
    "flue_co2_pct": "排烟处 RO₂/CO₂ 含量 (干基体积分数)",
    "flue_co_ppm": "排烟处一氧化碳含量 (干基体积分数)",
    "slag_combustible_pct": "炉渣中可燃物的质量分数",
    "flyash_combustible_pct": "飞灰中可燃物的质量分数",
    "slag_share_pct": "炉渣灰量占入炉总灰量的百分比",
    "flyash_share_pct": "飞灰灰量占入炉总灰量的百分比",
    "slag_temp_c": "排出炉渣的温度",
    "q5_measured_pct": "实测的散热损失; 空白按额定容量查表并按负荷修正 (结果列 q5_pct 为所用值)",
    "nox_mg_m3": "实测氮氧化物浓度 (以 NO₂ 计, 实测氧含量下)",
    "so2_mg_m3": "实测二氧化硫浓度 (实测氧含量下)",
    "pm_mg_m3": "实测颗粒物浓度 (实测氧含量下)",
    "hg_mg_m3": "实测汞及其化合物浓度 (实测氧含量下; 燃煤锅炉限值 0.05 mg/m³)",
    "blackness_ringelmann": "烟囱排放口烟气林格曼黑度 (0–5 级, 不折算)",
    "emission_o2_pct": "排放测点的氧含量; 空白取排烟氧含量",
    "install_date": "锅炉安装 (投用) 日期, 决定新建/在用排放限值",
    "run_no": "同一测试编号下的第几次试验 (GB/T 10180 一个工况的多次试验, 取平均); 空白为单次试验",
    "test_type": "运行工况详细测试、运行工况简单测试或定型/验收试验; 空白按详细测试 (简单测试算法时按简单测试)",
    "jurisdiction": "锅炉所在地, 决定适用的排放标准与电力排放因子",
    "key_region": "是否位于执行特别排放限值的地区",
}


def _described(column: Column) -> Column:
    decimals = DECIMALS.get(column.name, DECIMALS_BY_UNIT.get(column.unit)) if column.kind == "float" else None
    return replace(column, decimals=decimals, meaning=MEANINGS.get(column.name, ""))


COLUMNS: tuple[Column, ...] = tuple(_described(c) for c in _COLUMNS)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
NUMERIC = tuple(c.name for c in COLUMNS if c.kind == "float")


def normalise_header(header: object) -> str:
    """Header → matching key: full-width brackets to ASCII, whitespace dropped, lower case."""
    text = str(header).strip().translate(str.maketrans("（）［］【】：", "()[][]:"))
    return re.sub(r"\s+", "", text).lower()


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for column in COLUMNS:
        table[column.name] = column.name
        for alias in column.aliases:
            table[normalise_header(alias)] = column.name
    return table


ALIASES = _alias_table()
#: Aliases that are also result columns: read as the input only when the input's own name is not in the file too
#: (an evaluate output read back has both, and its result column is not an input).
RESULT_NAMED_ALIASES = {"q5_pct": "q5_measured_pct"}
