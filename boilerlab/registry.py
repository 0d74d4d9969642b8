"""The registry's import formats (使用单位, 锅炉, 月度燃料消耗) and the 统一社会信用代码 check.

Each field has its canonical name, Chinese header, unit, kind and whether it is required; the test
records use the interchange columns of :mod:`boilerlab.columns` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: GB 32100-2015 code characters (no I, O, S, V, Z) and position weights of the check character.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_digit(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 (GB 32100-2015 §4.4, modulus 31).

    C₁₈ = 31 − (Σ value(cᵢ)·wᵢ mod 31), with 31 written as '0'.

    The code often quoted as the standard's example, 91350100M000100Y43:

    >>> credit_code_check_digit("91350100M000100Y4")
    '3'
    """
    if len(first17) != 17 or any(c not in CREDIT_CODE_CHARS for c in first17):
        raise ValueError(f"the first 17 characters must come from {CREDIT_CODE_CHARS!r}: {first17!r}")
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    """18 characters of the GB 32100 set with a correct check character."""
    code = str(code).strip().upper()
    return (len(code) == 18 and all(c in CREDIT_CODE_CHARS for c in code)
            and credit_code_check_digit(code[:17]) == code[17])


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
