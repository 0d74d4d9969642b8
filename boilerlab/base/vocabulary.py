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


# --- the registry's import formats (使用单位, 锅炉, 月度燃料消耗) ---------------------------------------

@dataclass(frozen=True)
class Field:
    name: str
    name_cn: str
    kind: str = "text"  # text | float | bool | date | month | enum
    required: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    max_length: int = 200  # the column width in the database (boilerlab.db.models)


PLACE_CATEGORIES = ("school", "kindergarten", "hospital", "station", "mall", "hotel", "factory", "office", "other")
BOILER_STATUS = ("在用", "停用", "报废")
FUEL_USE_UNITS = ("t", "kg", "10^4 Nm3", "Nm3", "kWh", "MWh")

UNIT_FIELDS = (
    Field("unit_name", "使用单位名称", required=True),
    Field("credit_code", "统一社会信用代码", required=True),
    Field("address", "地址", max_length=300),
    Field("town", "街镇", required=True, max_length=40),
    Field("office", "监管所", max_length=60),
    Field("key_unit", "重点单位", "bool"),
    Field("district_key", "区级重点", "bool"),
    Field("place_category", "场所类别", "enum", choices=PLACE_CATEGORIES),
)
BOILER_FIELDS = (
    Field("device_code", "设备代码", required=True, max_length=40),
    Field("registration_no", "使用登记证编号", max_length=40),
    Field("credit_code", "使用单位统一社会信用代码", required=True),
    Field("boiler_kind", "锅炉类别", "enum", True, ("steam", "hot_water", "organic_heat_carrier")),
    Field("fuel_kind", "燃料种类", "enum", True),
    Field("combustion", "燃烧方式", "enum", choices=("grate", "fluidized_bed", "chamber")),
    Field("condensing", "冷凝式", "bool"),
    Field("rated_capacity_t_h", "额定蒸发量(t/h)", "float", low=0, high=2000),
    Field("rated_capacity_mw", "额定热功率(MW)", "float", low=0, high=1400),
    Field("rated_pressure_mpa_g", "额定工作压力(MPa)", "float", low=0, high=30),
    Field("manufacturer", "制造单位", max_length=120),
    Field("model", "型号", max_length=60),
    Field("product_no", "产品编号", max_length=60),
    Field("install_date", "安装日期", "date"),
    Field("registration_date", "登记日期", "date"),
    Field("status", "状态", "enum", choices=BOILER_STATUS),
    Field("low_nox", "低氮燃烧器", "bool"),
)
FUEL_USE_FIELDS = (
    Field("boiler_id", "设备代码", required=True, max_length=40),
    Field("month", "月份", "month", True),
    Field("fuel_kind", "燃料种类", "enum", True),
    Field("quantity", "消耗量", "float", True, low=0, high=1e9),
    Field("unit", "单位", "enum", True, FUEL_USE_UNITS),
)
FIELDS = {"units": UNIT_FIELDS, "boilers": BOILER_FIELDS, "fuel-use": FUEL_USE_FIELDS}
MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
