"""Turn an uploaded table into the canonical test-record frame, reporting bad cells per row.

Headers are matched through :mod:`boilerlab.columns` (Chinese aliases, t/h and kcal units);
numeric cells are parsed; every value outside its column's valid range, every unknown category and
every unparsable date becomes a row error naming the column, the value and the valid range in
Chinese and English. Unknown headers pass through untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from boilerlab._messages import RowMessages
from boilerlab.columns import BY_NAME, COLUMNS, ENUMS, FALSE_WORDS, TRUE_WORDS, match_header, normalise_header
from boilerlab.constants import STANDARD_ATMOSPHERE_KPA


class NoUsableColumnsError(ValueError):
    """The table has none of the interchange columns."""


@dataclass
class Prepared:
    """The canonical frame with its per-row errors and warnings."""

    frame: pd.DataFrame
    errors: RowMessages
    warnings: RowMessages
    renamed: dict[str, str]


def _format_value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return repr(str(value)) if not isinstance(value, (int, np.integer)) else str(value)


def range_error(column: str, value: object, valid: str) -> str:
    """The row-error text for one bad cell, Chinese and English."""
    cn = BY_NAME[column].name_cn if column in BY_NAME else column
    shown = _format_value(value)
    return f"{column}({cn}) 的值 {shown} 无效, 有效范围 {valid} / {column}: value {shown} is invalid, valid range {valid}"


def _canonical_headers(frame: pd.DataFrame, warnings: RowMessages) -> tuple[pd.DataFrame, dict[str, str]]:
    renamed: dict[str, str] = {}
    columns: dict[str, pd.Series] = {}
    factors: dict[str, float] = {}
    for header in frame.columns:
        match = match_header(header)
        if match is None:
            columns[str(header)] = frame[header]
            continue
        name, factor = match
        if name in columns:
            warnings.add(np.ones(len(frame), bool), f"列 {header} 与已读入的 {name} 重复, 已忽略 / "
                                                    f"column {header} duplicates {name} and was ignored")
            continue
        columns[name] = frame[header]
        factors[name] = factor
        if str(header) != name:
            renamed[str(header)] = name
    out = pd.DataFrame(columns, index=frame.index)
    for name, factor in factors.items():
        if factor != 1.0:
            out[name] = pd.to_numeric(out[name], errors="coerce") * factor
    return out, renamed


def prepare(frame: pd.DataFrame) -> Prepared:
    """Canonical columns, parsed values and per-row errors/warnings for a test-record table.

    Raises
    ------
    NoUsableColumnsError
        When no header matches an interchange column.
    """
    size = len(frame)
    errors, warnings = RowMessages(size), RowMessages(size)
    data, renamed = _canonical_headers(frame.reset_index(drop=True), warnings)
    known = [c.name for c in COLUMNS if c.name in data.columns]
    if not any(name not in ("test_id", "boiler_id", "test_date") for name in known):
        raise NoUsableColumnsError(
            "表中没有可识别的测试记录列 / the table has none of the test-record columns "
            f"(headers: {', '.join(map(str, frame.columns[:12]))})")
    for column in COLUMNS:
        if column.name not in data.columns:
            data[column.name] = np.nan if column.kind == "float" else pd.NA
    for column in COLUMNS:
        raw = data[column.name]
        if column.kind == "float":
            data[column.name] = _parse_float(raw, column, errors)
        elif column.kind == "enum":
            data[column.name] = _parse_enum(raw, column.name, errors)
        elif column.kind == "bool":
            data[column.name] = _parse_bool(raw, column.name, errors, warnings)
        elif column.kind == "date":
            data[column.name] = _parse_date(raw, errors)
        else:
            data[column.name] = raw.astype("string")
    for name in ("boiler_kind", "fuel_kind"):
        missing = data[name].isna().to_numpy()
        errors.add(missing, f"{name}({BY_NAME[name].name_cn}) 为空, 必填 / {name} is blank but required")
    baro_missing = np.isnan(data["barometric_kpa"].to_numpy(float))
    warnings.add(baro_missing, f"大气压力未填, 取 {STANDARD_ATMOSPHERE_KPA} kPa / barometric_kpa blank, "
                               f"{STANDARD_ATMOSPHERE_KPA} kPa assumed")
    data["barometric_kpa"] = data["barometric_kpa"].fillna(STANDARD_ATMOSPHERE_KPA)
    ids = data["test_id"]
    duplicated = (ids.notna() & ids.duplicated(keep=False)).to_numpy()
    if duplicated.any():
        errors.add_each(duplicated, [f"test_id {v!r} 在文件中重复 / test_id {v!r} is not unique within the file"
                                     for v in ids[duplicated]])
    return Prepared(data, errors, warnings, renamed)


def _parse_float(raw: pd.Series, column, errors: RowMessages) -> pd.Series:
    if pd.api.types.is_float_dtype(raw) or pd.api.types.is_integer_dtype(raw):
        values = raw.astype(float)
        not_number = np.zeros(len(raw), dtype=bool)
    else:
        text = raw.astype("string").str.strip().replace("", pd.NA)
        values = pd.to_numeric(text, errors="coerce").astype(float)
        not_number = (text.notna() & values.isna()).to_numpy()
        if not_number.any():
            errors.add_each(not_number, [
                f"{column.name}({column.name_cn}) 的值 {v!r} 不是数值, 有效范围 {column.range_text()} / "
                f"{column.name}: value {v!r} is not a number, valid range {column.range_text()}"
                for v in text[not_number]])
    x = values.to_numpy()
    with np.errstate(invalid="ignore"):
        low_ok = (x >= column.low) if column.low_closed else (x > column.low)
        high_ok = (x <= column.high) if column.high_closed else (x < column.high)
    bad = ~np.isnan(x) & ~(low_ok & high_ok)
    if bad.any():
        errors.add_each(bad, [range_error(column.name, float(v), column.range_text()) for v in x[bad]])
    return pd.Series(np.where(bad | not_number, np.nan, x), index=raw.index)


def _parse_enum(raw: pd.Series, name: str, errors: RowMessages) -> pd.Series:
    lookup = ENUMS[name]
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    mapped = np.array([lookup.get(normalise_header(u), str(u).strip()) for u in uniques] + [None], dtype=object)
    values = mapped[codes]  # code −1 (blank) picks the trailing None
    if name != "fuel_kind":  # fuel kinds are checked against the fuel library, which is editable
        valid = sorted(set(lookup.values()))
        bad_unique = [i for i, v in enumerate(mapped[:-1]) if v not in valid]
        bad = np.isin(codes, bad_unique)
        if bad.any():
            errors.add_each(bad, [range_error(name, str(v), "{" + ", ".join(valid) + "}") for v in raw[bad]])
            values = np.where(bad, None, values)
    return pd.Series(values, index=raw.index, dtype=object)


def _parse_bool(raw: pd.Series, name: str, errors: RowMessages, warnings: RowMessages) -> pd.Series:
    codes, uniques = pd.factorize(raw.astype("string").str.strip().str.lower(), use_na_sentinel=True)
    mapped = []
    for u in uniques:
        mapped.append(True if u in TRUE_WORDS else False if u in FALSE_WORDS else None)
    mapped_arr = np.array(mapped + [False], dtype=object)
    values = mapped_arr[codes]
    unknown = np.isin(codes, [i for i, v in enumerate(mapped) if v is None])
    if unknown.any():
        errors.add_each(unknown, [range_error(name, str(v), "{true, false}") for v in raw[unknown]])
    warnings.add(codes == -1, f"{name}(冷凝式) 未填, 按非冷凝处理 / {name} blank, taken as false")
    return pd.Series(np.where(unknown, False, values).astype(bool), index=raw.index)


def _parse_date(raw: pd.Series, errors: RowMessages) -> pd.Series:
    text = raw.astype("string").str.strip().replace("", pd.NA)
    parsed = pd.to_datetime(text, errors="coerce", format="mixed")
    bad = (text.notna() & parsed.isna()).to_numpy()
    if bad.any():
        errors.add_each(bad, [range_error("test_date", str(v), "ISO 日期 YYYY-MM-DD / ISO date YYYY-MM-DD")
                              for v in text[bad]])
    return parsed.dt.date.astype(object).where(parsed.notna(), None)
