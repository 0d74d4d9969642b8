"""The interchange columns of a test record (``shared/spec/test-record.md``), their units,
valid ranges and Chinese header aliases.

The canonical names never change; aliases (Chinese headers, other units) are added here. A header
is matched after normalisation: full-width brackets → ASCII, spaces dropped, lower case; an alias
may carry a unit in brackets and a factor to the canonical unit (e.g. 蒸汽流量(t/h) × 1000).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True)
class Column:
    """One interchange column."""

    name: str
    name_cn: str
    unit: str = ""
    kind: str = "float"  # float | text | enum | bool | date
    low: float = -INF
    high: float = INF
    low_closed: bool = True
    high_closed: bool = True
    aliases: tuple[str, ...] = ()

    def range_text(self) -> str:
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{self.low:g}, {self.high:g}{right} {self.unit}".strip()


BOILER_KINDS = {"steam": ("蒸汽", "蒸汽锅炉"), "hot_water": ("热水", "热水锅炉"),
                "organic_heat_carrier": ("有机热载体", "有机热载体锅炉", "导热油", "导热油炉")}
COMBUSTIONS = {"grate": ("层燃", "层状燃烧", "炉排", "链条炉排"), "fluidized_bed": ("流化床", "循环流化床", "流化床燃烧"),
               "chamber": ("室燃", "室燃炉", "室燃锅炉")}
FUEL_ALIASES = {"natural_gas": ("天然气", "ng"), "lpg": ("液化石油气", "液化气"), "diesel": ("柴油", "轻油", "0#柴油"),
                "heavy_oil": ("重油", "燃料油"), "bituminous": ("烟煤",), "lean_coal": ("贫煤",),
                "anthracite": ("无烟煤",), "lignite": ("褐煤",), "biomass": ("生物质", "生物质成型燃料"),
                "electric": ("电", "电加热", "电锅炉")}
#: Cell texts that Chinese test sheets use for "not measured"; read as blank, with a warning.
NOT_MEASURED = ("/", "／", "-", "--", "—", "——", "－", "无", "未测", "未检测", "n/a", "N/A", "na", "NA")
TRUE_WORDS = ("true", "1", "yes", "y", "是", "冷凝", "冷凝式", "t")
FALSE_WORDS = ("false", "0", "no", "n", "否", "非冷凝", "f")

_P = (0.0, 100.0)  # a percentage


def _pct(name: str, cn: str, *aliases: str) -> Column:
    return Column(name, cn, "%", "float", *_P, aliases=aliases)


COLUMNS: tuple[Column, ...] = (
    Column("test_id", "测试编号", kind="text", aliases=("测试编号", "编号", "报告编号")),
    Column("boiler_id", "设备代码", kind="text", aliases=("设备代码", "使用登记证编号", "锅炉编号")),
    Column("test_date", "测试日期", kind="date", aliases=("测试日期", "日期")),
    Column("boiler_kind", "锅炉类别", kind="enum", aliases=("锅炉类别", "锅炉类型")),
    Column("fuel_kind", "燃料种类", kind="enum", aliases=("燃料种类", "燃料")),
    Column("combustion", "燃烧方式", kind="enum", aliases=("燃烧方式",)),
    Column("condensing", "冷凝式", kind="bool", aliases=("冷凝式", "是否冷凝")),
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
    Column("q5_pct", "散热损失", "%", low=0, high=20, aliases=("散热损失", "q5")),
    Column("nox_mg_m3", "氮氧化物", "mg/m³", low=0, high=1e5, aliases=("氮氧化物", "nox")),
    Column("so2_mg_m3", "二氧化硫", "mg/m³", low=0, high=1e5, aliases=("二氧化硫", "so2")),
    Column("pm_mg_m3", "颗粒物", "mg/m³", low=0, high=1e5, aliases=("颗粒物", "烟尘", "pm")),
    Column("emission_o2_pct", "排放测点氧含量", "%", low=0, high=21, high_closed=False, aliases=("排放测点氧含量", "实测氧含量")),
    # beyond the interchange set: what the emission limits depend on
    Column("install_date", "安装日期", kind="date", aliases=("安装日期", "投用日期")),
    Column("jurisdiction", "所在地", kind="enum", aliases=("所在地", "管辖地")),
    Column("key_region", "特别排放限值地区", kind="bool", aliases=("特别排放限值地区", "重点地区")),
)

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

#: Units a header may state in brackets, per canonical unit, with the factor to the canonical unit. A unit
#: not listed here is refused (a wrong factor would be a wrong number). "m3" without N is refused on purpose:
#: its reference state (0 °C or 20 °C) is unknown, a 7 % difference.
UNIT_FACTORS: dict[str, dict[str, float]] = {
    "kJ/kg": {"kj/kg": 1.0, "mj/kg": 1000.0, "gj/t": 1000.0, "kcal/kg": 4.1868},
    "kJ/Nm³": {"kj/nm3": 1.0, "mj/nm3": 1000.0, "kcal/nm3": 4.1868},
    "kg/h": {"kg/h": 1.0, "t/h": 1000.0},
    "Nm³/h": {"nm3/h": 1.0},
    "kW": {"kw": 1.0, "mw": 1000.0},
    "MW": {"mw": 1.0, "kw": 0.001},
    "t/h": {"t/h": 1.0},
    "kPa": {"kpa": 1.0, "mpa": 1000.0},
    "MPa(g)": {"mpa": 1.0, "mpa(g)": 1.0, "mpa(表压)": 1.0, "kpa": 0.001, "kpa(g)": 0.001},
    "°C": {"°c": 1.0, "℃": 1.0, "c": 1.0},
    "%": {"%": 1.0},
    "ppm": {"ppm": 1.0},
    "mg/m³": {"mg/m3": 1.0, "mg/nm3": 1.0},
    "g/kg": {"g/kg": 1.0},
    "kJ/(kg·K)": {"kj/(kg·k)": 1.0, "kj/kgk": 1.0, "kj/(kgk)": 1.0, "kj/kg·k": 1.0},
}
#: CO read in mg/m³ is converted to ppm: ppm = mg/m³ × 22.4/28 (standards.md §3.5 "field units").
_CO_MG_M3 = {"mg/m3": 22.4 / 28.0, "mg/nm3": 22.4 / 28.0}


class UnknownUnitError(ValueError):
    """A header states a unit that boilerlab does not convert."""


def _normalise_unit(unit: str) -> str:
    return unit.replace("³", "3").replace("．", ".").replace("•", "·").replace("*", "·").lower()


def match_header(header: object) -> tuple[str, float] | None:
    """The canonical column and unit factor for a file header, or None when the header is unknown.

    Raises
    ------
    UnknownUnitError
        When the header names a known column with a unit in brackets that is not in :data:`UNIT_FACTORS`.
    """
    key = normalise_header(header)
    if key in ALIASES:
        return ALIASES[key], 1.0
    bare = re.sub(r"(\([^()]*(\([^()]*\))?[^()]*\)|\[[^\]]*\])$", "", key)
    if bare == key or bare not in ALIASES:
        return None
    name = ALIASES[bare]
    unit = _normalise_unit(key[len(bare):][1:-1])
    column = BY_NAME[name]
    factors = dict(UNIT_FACTORS.get(column.unit, {}))
    if name == "flue_co_ppm":
        factors.update(_CO_MG_M3)
    if unit in factors:
        return name, factors[unit]
    raise UnknownUnitError(
        f"表头 {header!r} 的单位 {unit!r} 无法换算, {name}({column.name_cn}) 应为 {column.unit or '无单位'} "
        f"(可用: {', '.join(factors) or '-'}) / header {header!r}: unit {unit!r} is not converted, {name} takes "
        f"{column.unit or 'no unit'} (accepted: {', '.join(factors) or '-'})")


def _enum_lookup(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table = {key: key for key in mapping}
    for key, words in mapping.items():
        for word in words:
            table[normalise_header(word)] = key
    return table


JURISDICTIONS = {"shanghai": ("上海", "上海市"), "national": ("全国", "其他")}

ENUMS: dict[str, dict[str, str]] = {
    "jurisdiction": _enum_lookup(JURISDICTIONS),
    "boiler_kind": _enum_lookup(BOILER_KINDS),
    "combustion": _enum_lookup(COMBUSTIONS),
    "fuel_kind": _enum_lookup(FUEL_ALIASES),
}
