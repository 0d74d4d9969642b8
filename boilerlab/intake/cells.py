"""Cells as people type them, made plain before they are typed: Unicode NFKC (full-width digits and brackets →
ASCII), trimmed, invisible characters found, thousands separators and percent signs in numbers, Chinese, slash
and dot dates and Excel serial days.

Every function works on the distinct values of a column (a file has few), so a million cells cost little.

Examples
--------
>>> plain_text("（t/h）１．４ ")
'(t/h)1.4'
>>> number_text("35,600"), number_text("3.5 %", percent=True), number_text("3.5 %")
('35600', '3.5', '3.5 %')
>>> iso_date("2024年3月5日"), iso_date("2024/3/5"), iso_date("2024.11.20"), iso_date("45356")
('2024-03-05', '2024-03-05', '2024-11-20', '2024-03-05')
>>> invisible_positions("T\\u200b1")
[2]
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from boilerlab.base.values import INVISIBLE, INVISIBLE_RE2, invisible_positions, without_invisible  # noqa: F401 (re-exported)

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PERCENT = re.compile(r"^(?P<n>[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)\s*%$")
_CHINESE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_SEPARATED_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})([ T]\d{1,2}:\d{2}(:\d{2})?)?$")
#: Columns that identify a record: an invisible character in one is refused, since it would make a second record
#: that looks like the first.
IDENTIFIER_COLUMNS = frozenset({"test_id", "boiler_id", "device_code", "registration_no", "credit_code",
                                "application_id"})
#: Excel's day 0 (its serial 1 is 1900-01-01, counting the 1900-02-29 that never was).
_EXCEL_EPOCH = date(1899, 12, 30)
#: Serial days read as dates: 1954-10-03 … 2118-12-31, so that an ordinary number is not taken for a date.
_EXCEL_SERIALS = (20000, 80000)


def plain_text(value: str) -> str:
    """NFKC-normalised and trimmed text (full-width ASCII → ASCII, ℃ → °C); invisible characters are kept for
    :func:`invisible_positions` to report."""
    return unicodedata.normalize("NFKC", value).strip()


def number_text(value: str, percent: bool = False) -> str:
    """A number as Python reads it: thousands separators dropped, and a trailing % dropped where ``percent``."""
    compact = value.replace(" ", "")
    if _THOUSANDS.match(compact):
        return compact.replace(",", "")
    match = _PERCENT.match(value) if percent else None
    return match.group("n") if match else value


def is_percent_text(value: str) -> bool:
    """True for a number followed by a percent sign."""
    return _PERCENT.match(value) is not None


def latest_date() -> date:
    """The latest date a record may carry: tomorrow (a test typed in the evening in another time zone still fits)."""
    return date.today() + timedelta(days=1)


#: The date forms :func:`iso_date` takes, named in a date column's message.
DATE_FORMS = "2024-03-05、2024/3/5、2024.3.5、2024年3月5日 或 Excel 日期"


def iso_date(value: str) -> str:
    """A full date in ISO form (YYYY-MM-DD) from 2024年3月5日, 2024/3/5, 2024.3.5, ISO (with a time of day) or an
    Excel serial day; other text is returned as it is (and fails as a date where one is expected)."""
    match = _CHINESE_DATE.match(value) or _SEPARATED_DATE.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups()[:3])
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return value
    if re.fullmatch(r"\d{5}(\.0+)?", value) and _EXCEL_SERIALS[0] <= float(value) <= _EXCEL_SERIALS[1]:
        return (_EXCEL_EPOCH + timedelta(days=int(float(value)))).isoformat()
    return value


#: How a cell the workbook could not give a value for is carried to the validation: Excel's error value (or
#: 公式无缓存值 for a formula saved without its result) and where it is, e.g. ``#DIV/0! @ 记录!F7``.
EXCEL_PROBLEM = re.compile(r"^(?P<error>#[A-Z0-9/!?_]+|#公式无缓存值) @ (?P<cell>.+!\$?[A-Z]+\$?\d+)$")


def excel_problem(value: object) -> tuple[str, str] | None:
    """(error, sheet!cell) when ``value`` is the marker of a cell without a usable value, else None."""
    match = EXCEL_PROBLEM.match(value) if isinstance(value, str) else None
    return (match.group("error"), match.group("cell")) if match else None


def excel_problem_message(name: str, name_cn: str, value: str) -> str:
    """The row error of such a cell: never read as "not measured", since the other method would then govern."""
    error, cell = excel_problem(value)
    what = "公式没有保存计算结果" if error == "#公式无缓存值" else f"为 Excel 错误值 {error}"
    return (f"{name_cn} 在 {cell} {what}, 请在 Excel 中修正并保存后重新导入")
