"""The fields of the registry's import files (使用单位, 锅炉, 月度燃料消耗) and of an admission application
(``shared/spec/admission-application.md``), each with its Chinese name and unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from boilerlab.base.vocabulary.codes import CODE_LISTS


def codes_of(name: str) -> tuple[str, ...]:
    """The codes of one code list, in their order."""
    return tuple(code.code for code in CODE_LISTS[name])


@dataclass(frozen=True)
class Field:
    """One import field: canonical name, Chinese name (the template's header, with the unit in brackets), kind,
    whether required, allowed codes, valid range, the database column's width and the decimals shown."""

    name: str
    name_cn: str
    kind: str = "text"  # text | float | bool | date | month | enum
    required: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    max_length: int = 200  # the column width in the database (boilerlab.db.models)
    unit: str = ""
    decimals: int | None = None

    @property
    def header(self) -> str:
        """The template's header: the Chinese name with the unit in brackets."""
        return f"{self.name_cn}({self.unit})" if self.unit else self.name_cn


PLACE_CATEGORIES = codes_of("place_category")
BOILER_STATUS = codes_of("boiler_status")
FUEL_USE_UNITS = codes_of("fuel_use_unit")

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
    Field("boiler_kind", "锅炉类别", "enum", True, codes_of("boiler_kind")),
    Field("fuel_kind", "燃料种类", "enum", True),
    Field("combustion", "燃烧方式", "enum", choices=codes_of("combustion")),
    Field("condensing", "冷凝式", "bool"),
    Field("rated_capacity_t_h", "额定蒸发量", "float", low=0, high=2000, unit="t/h", decimals=2),
    Field("rated_capacity_mw", "额定热功率", "float", low=0, high=1400, unit="MW", decimals=3),
    Field("rated_pressure_mpa_g", "额定工作压力", "float", low=0, high=30, unit="MPa", decimals=2),
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
    Field("quantity", "消耗量", "float", True, low=0, high=1e9, decimals=2),
    Field("unit", "单位", "enum", True, FUEL_USE_UNITS),
)
#: A dated fact of a unit's credit record that no inspection holds (issue 15): a complaint found true, an accident, a
#: refusal of inspection, a 停用 decision not carried out. One per unit, kind and day.
UNIT_EVENT_FIELDS = (
    Field("credit_code", "统一社会信用代码", required=True),
    Field("event_kind", "事件类型", "enum", True, codes_of("unit_event_kind")),
    Field("event_date", "事件日期", "date", True),
    Field("responsible", "负有责任", "bool"),
    Field("reference_no", "文书编号", max_length=60),
    Field("description", "情况说明", max_length=500),
)
#: 场(厂)内专用机动车辆 (TSG N0001-2017) with their environmental information (issue 17): one row per vehicle,
#: keyed by its 设备代码. The stage is the nameplate's (blank: derived from the manufacture date, and said so).
VEHICLE_FIELDS = (
    Field("device_code", "设备代码", required=True, max_length=40),
    Field("registration_no", "使用登记证编号", max_length=40),
    Field("credit_code", "使用单位统一社会信用代码", required=True),
    Field("vehicle_kind", "车辆类别", "enum", True, codes_of("vehicle_kind")),
    Field("power_type", "动力类型", "enum", True, codes_of("power_type")),
    Field("engine_maker", "发动机生产厂", max_length=120),
    Field("engine_model", "发动机型号", max_length=60),
    Field("rated_power_kw", "额定功率", "float", low=0, high=1000, unit="kW", decimals=1),
    Field("manufacture_date", "出厂日期", "date"),
    Field("registration_date", "登记日期", "date"),
    Field("emission_stage", "排放阶段", "enum", choices=codes_of("emission_stage")),
    Field("env_code", "环保登记编码", max_length=40),
    Field("status", "状态", "enum", choices=BOILER_STATUS),
)
FIELDS = {"units": UNIT_FIELDS, "boilers": BOILER_FIELDS, "fuel-use": FUEL_USE_FIELDS, "unit-events": UNIT_EVENT_FIELDS,
          "vehicles": VEHICLE_FIELDS}
MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class ApplicationField:
    """One field of an admission application: Chinese name and unit."""

    name: str
    name_cn: str
    unit: str = ""
    meaning: str = ""


APPLICATION_FIELDS: tuple[ApplicationField, ...] = tuple(ApplicationField(*f) for f in (
    ("application_id", "申请编号"), ("unit_name", "使用单位名称"), ("credit_code", "统一社会信用代码"),
    ("town", "所在街镇"), ("boiler_kind", "锅炉类别"), ("fuel_kind", "燃料种类"), ("combustion", "燃烧方式"),
    ("condensing", "冷凝式"), ("rated_capacity_t_h", "额定蒸发量", "t/h"), ("rated_capacity_mw", "额定热功率", "MW"),
    ("rated_pressure_mpa_g", "额定工作压力", "MPa"), ("design_efficiency_pct", "设计热效率", "%", "低位发热量基; 设计值或定型能效测试值"),
    ("efficiency_source", "热效率来源"), ("design_flue_temp_c", "设计排烟温度", "°C"),
    ("design_excess_air_ratio", "设计过量空气系数", "", "排烟处"), ("nox_guarantee_mg_m3", "NOx 保证值", "mg/m³", "折算到基准氧含量"),
    ("so2_guarantee_mg_m3", "SO₂ 保证值", "mg/m³"), ("pm_guarantee_mg_m3", "颗粒物保证值", "mg/m³"),
    ("install_date", "安装日期"), ("annual_hours", "预计年运行小时", "h"), ("annual_load_pct", "预计平均负荷率", "%"),
    ("jurisdiction", "所在地")))
APPLICATION_BY_NAME = {f.name: f for f in APPLICATION_FIELDS}
