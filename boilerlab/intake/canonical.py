"""Turn an uploaded table into the canonical test-record frame, reporting bad cells per row.

Headers are matched through :mod:`boilerlab.base.vocabulary` (Chinese aliases, t/h and kcal units);
numeric cells are parsed; every value outside its column's valid range, every unknown category and
every unparsable date becomes a row error naming the column, the value and the valid range in
Chinese and English. Unknown headers pass through untouched.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from boilerlab.base.row_messages import RowMessages, column_name, cut, invalid_value, range_error
from boilerlab.base.values import number_shown
from boilerlab.intake.cells import DATE_FORMS, EXCEL_PROBLEM, INVISIBLE_RE2, latest_date, excel_problem_message, invisible_positions, is_percent_text, iso_date, number_text, plain_text
from boilerlab.engine.pipeline import CanonicalFrame
from boilerlab.engine.runs import repeated_runs
from boilerlab.base.vocabulary import (BY_NAME, COLUMNS, ENUMS, NOT_MEASURED, false_words, label, normalise_header,
                                      true_words)
from boilerlab.base.vocabulary.inputs import RESULT_NAMED_ALIASES
from boilerlab.intake.headers import UnknownUnitError, match_header
from boilerlab.base.constants import STANDARD_ATMOSPHERE_KPA


#: A full date, year first (Excel cells may carry a time of day).
DATE_PATTERN = r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$"


class TableRefused(ValueError):
    """The table cannot be read as test records at all; nothing of it is computed or stored."""


class NoUsableColumnsError(TableRefused):
    """The table has none of the interchange columns."""


class DuplicateColumnsError(TableRefused):
    """Two headers of the table name the same column."""


def _canonical_headers(frame: pd.DataFrame, errors: RowMessages,
                       warnings: RowMessages) -> tuple[dict[str, pd.Series], dict[str, str]]:
    renamed: dict[str, str] = {}
    columns: dict[str, pd.Series] = {}
    present = {normalise_header(h) for h in frame.columns}
    for header in frame.columns:
        if RESULT_NAMED_ALIASES.get(normalise_header(header)) in present:
            continue  # a result column beside the input of the same meaning (an evaluate output read back)
        try:
            match = match_header(header)
        except UnknownUnitError as exc:  # the column is not used; every filled cell of it is a row error
            filled = frame[header].notna().to_numpy() & (frame[header].astype("string").str.strip() != "").to_numpy()
            errors.add(filled, str(exc))
            continue
        if match is None:
            columns[str(header)] = frame[header]
            continue
        name, factor = match
        if name in columns:
            first = next(h for h, n in renamed.items() if n == name) if name in renamed.values() else name
            raise DuplicateColumnsError(
                f"表头 {first!r} 与 {header!r} 都是 {BY_NAME[name].name_cn}, 无法确定用哪一列; 请删去其一")
        columns[name] = frame[header] if factor == 1.0 else _scaled(frame[header], factor, BY_NAME[name].unit == "%")
        if str(header) != name:
            renamed[str(header)] = name
    return columns, renamed


def _number_cells(raw: pd.Series, percent: bool) -> pd.Series:
    """Text cells as numbers are written (NFKC, trimmed, 35,600 → 35600, and 3.5 % → 3.5 where ``percent``), over the
    distinct values; numeric cells are left as they are."""
    if pd.api.types.is_numeric_dtype(raw):
        return raw
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    cleaned = [u if not isinstance(u, str) else number_text(plain_text(u), percent) for u in uniques]
    return pd.Series(pd.array(cleaned + [None], dtype=object)[codes], index=raw.index)


def _scaled(raw: pd.Series, factor: float, percent: bool) -> pd.Series:
    """Numbers scaled to the canonical unit; text that is not a number stays as it was, for the row error."""
    raw = _number_cells(raw, percent)
    numbers = pd.to_numeric(raw, errors="coerce")
    return (numbers * factor).astype(object).where(numbers.notna(), raw)


def canonical_frame(frame: pd.DataFrame, repeated_ids: frozenset | None = None) -> CanonicalFrame:
    """Canonical columns, parsed values and per-row errors/warnings for a test-record table.

    ``repeated_ids``, for a part of a file read in parts, are the test ids that occur more than once in the whole
    file (:class:`boilerlab.intake.streaming.CsvParts`); without it the repeats are those within ``frame``.

    Numeric columns become float, category columns (boiler_kind, fuel_kind, combustion) pandas
    Categoricals of their canonical keys, ``condensing`` bool and ``test_date`` dates; columns the
    interchange set does not know pass through unchanged.

    Raises
    ------
    NoUsableColumnsError
        When no header matches an interchange column.
    """
    size = len(frame)
    errors, warnings = RowMessages(size), RowMessages(size)
    columns, renamed = _canonical_headers(frame.reset_index(drop=True), errors, warnings)
    known = [c.name for c in COLUMNS if c.name in columns]
    _refuse_excel_problems(columns, errors)
    if not any(name not in ("test_id", "boiler_id", "test_date") for name in known):
        raise NoUsableColumnsError(
            f"表中没有可识别的测试记录列 (表头: {', '.join(map(str, frame.columns[:12]))})")
    filled: dict[str, np.ndarray] = {}
    blank = np.full(size, np.nan)
    blank.flags.writeable = False  # shared by every absent numeric column
    for column in COLUMNS:
        if column.name not in columns:
            columns[column.name] = (blank if column.kind == "float" else np.full(size, np.datetime64("NaT", "D"))
                                    if column.kind == "date" else np.full(size, None, dtype=object))
            if column.kind in ("float", "text", "date"):
                continue
        raw = pd.Series(columns[column.name])
        if column.name in ("boiler_kind", "fuel_kind"):  # an invalid value is reported as such, not also as blank
            filled[column.name] = (raw.notna() & raw.astype("string").str.strip().ne("")).fillna(False).to_numpy(bool)
        if column.kind == "float":
            columns[column.name] = _parse_float(raw, column, errors, warnings)
        elif column.kind == "enum":
            columns[column.name] = _parse_enum(raw, column.name, errors)
        elif column.kind == "bool":
            columns[column.name] = _parse_bool(raw, column.name, errors, warnings)
        elif column.kind == "date":
            columns[column.name] = _parse_date(raw, column.name, errors)
    for name in ("test_id", "boiler_id"):
        _refuse_invisible(pd.Series(columns[name]), name, errors)
    _check_date_order(columns, errors)
    for name in ("boiler_kind", "fuel_kind"):
        missing = np.asarray(columns[name].isna()) & ~filled[name]
        errors.add(missing, f"{BY_NAME[name].name_cn} 为空, 必填")
    baro = columns["barometric_kpa"]
    baro_missing = np.isnan(baro)
    warnings.add(baro_missing, f"大气压力未填, 取 {STANDARD_ATMOSPHERE_KPA} kPa")
    columns["barometric_kpa"] = np.where(baro_missing, STANDARD_ATMOSPHERE_KPA, baro)
    run_no = columns["run_no"]
    fractional = ~np.isnan(run_no) & (run_no != np.round(run_no))
    errors.add_each(fractional, [f"{column_name('run_no')} {number_shown(v)} 不是整数, 有效值为 "
                                 f"{BY_NAME['run_no'].range_text()} 内的整数" for v in run_no[fractional]])
    columns["run_no"] = np.where(fractional, np.nan, run_no)
    ids = pd.Series(columns["test_id"])
    duplicated = repeated_runs(ids, pd.Series(columns["run_no"]))
    if repeated_ids:
        duplicated = duplicated | ids.isin(repeated_ids).to_numpy(bool)
    if duplicated.any():
        errors.add_each(duplicated, [f"{column_name('test_id')} {v!r} 在文件中重复 (同一测试的多次试验须各填不同的"
                                     f"{column_name('run_no')})" for v in ids[duplicated]])
    # copy=False keeps one block per column: consolidating a million-row frame costs a second
    data = pd.DataFrame({name: pd.Series(v, dtype=object) if isinstance(v, np.ndarray) and v.dtype == object else v
                         for name, v in columns.items()}, copy=False)
    return CanonicalFrame(data, errors, warnings, renamed, {"barometric_kpa": baro_missing})


def plain_numbers(values: pd.Series) -> np.ndarray | None:
    """A text column whose every cell is a plain number (1234.5, -0.3, 1e3) or blank, parsed at once by Arrow's cast:
    the same numbers as ``pd.to_numeric`` gives (bit for bit, tests/intake/test_canonical_numbers.py), many times
    faster than cleaning each distinct text in Python. None when any cell is written otherwise (35,600, 3.5 %, a
    space, '/', a word, a number among texts) or is infinite or 'NaN', for the caller's cell-by-cell reading.

    Examples
    --------
    >>> plain_numbers(pd.Series(["1.5", None, "1e3"], dtype=object)).tolist()
    [1.5, nan, 1000.0]
    >>> plain_numbers(pd.Series(["35,600"], dtype=object)) is None
    True
    """
    try:
        parsed = pc.cast(pa.array(values.array if isinstance(values.array, pd.arrays.ArrowStringArray) else
                                  values.to_numpy(object), type=pa.large_string(), from_pandas=True), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    numbers = parsed.to_numpy(zero_copy_only=False).astype(float, copy=False)  # a blank is NaN
    # 'inf', digits beyond a double (Arrow: ∞; pandas: no number) and 'NaN' written in a cell (Arrow: a number; the
    # intake: no number, said) are left to the cell-by-cell reading
    if np.isinf(numbers).any() or (np.isnan(numbers) & ~np.asarray(parsed.is_null(), dtype=bool)).any():
        return None
    return numbers + 0.0  # -0 read as 0, as the cell-by-cell reading gives it


def _parse_float(raw: pd.Series, column, errors: RowMessages, warnings: RowMessages) -> np.ndarray:
    if pd.api.types.is_float_dtype(raw) or pd.api.types.is_integer_dtype(raw):
        x = raw.to_numpy(dtype=float, na_value=np.nan)
        not_number = None
    elif (plain := plain_numbers(raw)) is not None:  # every cell a plain number or blank: no text to clean
        x, not_number = plain, None
    else:
        text = _number_cells(raw, column.unit == "%").astype("string").str.strip().replace("", pd.NA)
        dash = text.isin(NOT_MEASURED).to_numpy()
        if dash.any():  # "/", "—", "未测" … are how Chinese sheets write "not measured"
            warnings.add(dash, f"{column.name_cn} 填写为未测标记 (如 '/'), 按未测处理")
            text = text.mask(dash)
        values = pd.to_numeric(text, errors="coerce").astype(float)
        not_number = (text.notna() & values.isna()).to_numpy()
        if not_number.any():
            errors.add_each(not_number, [_not_a_number(column, v) for v in text[not_number]])
        x = values.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        low_ok = (x >= column.low) if column.low_closed else (x > column.low)
        high_ok = (x <= column.high) if column.high_closed else (x < column.high)
    bad = ~(low_ok & high_ok) & ~np.isnan(x)
    if bad.any():
        errors.add_each(bad, [range_error(column.name, float(v), column.range_text()) for v in x[bad]])
        x = np.where(bad, np.nan, x)
    if not_number is not None and not_number.any():
        x = np.where(not_number, np.nan, x)
    return x


def _parse_enum(raw: pd.Series, name: str, errors: RowMessages) -> pd.Categorical:
    """Canonical keys as a Categorical; unknown values are row errors (fuel kinds: checked later)."""
    lookup = ENUMS[name]
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    mapped = [lookup.get(normalise_header(u), str(u).strip()) for u in uniques]
    if name != "fuel_kind":  # fuel kinds are checked against the fuel library, which is editable
        valid = sorted(set(lookup.values()))
        bad_unique = [i for i, v in enumerate(mapped) if v not in valid]
        bad = np.isin(codes, bad_unique)
        if bad.any():
            accepted = "可选: " + "、".join(label(name, code) for code in valid)
            errors.add_each(bad, [invalid_value(name, str(v), accepted) for v in raw[bad]])
            codes = np.where(bad, -1, codes)
    categories = list(dict.fromkeys(mapped))  # several spellings may map to one key
    remap = np.array([categories.index(v) for v in mapped] + [-1], dtype=np.int64)
    return pd.Categorical.from_codes(remap[codes], categories=categories)


def _parse_bool(raw: pd.Series, name: str, errors: RowMessages, warnings: RowMessages) -> np.ndarray:
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    words = [normalise_header(u) for u in uniques]
    yes, no = true_words(name), false_words(name)
    mapped = [True if w in yes else False if w in no else None for w in words]
    unknown = np.isin(codes, [i for i, v in enumerate(mapped) if v is None])
    if unknown.any():
        errors.add_each(unknown, [invalid_value(name, str(v), "应为 是 或 否") for v in raw[unknown]])
    if name == "condensing":
        warnings.add(codes == -1, f"{column_name(name)}未填, 按非冷凝处理")
    truth = np.array([bool(v) for v in mapped] + [False])
    return truth[codes]


def _refuse_excel_problems(columns: dict[str, pd.Series], errors: RowMessages) -> None:
    """Excel error values and formulas saved without a result, in a known column: row errors naming the cell, and the
    cell blanked so that it is reported once (never read as "not measured")."""
    for name in [c.name for c in COLUMNS if c.name in columns]:
        values = pd.Series(columns[name])
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        marked = text_matches(values, EXCEL_PROBLEM.pattern, prefix="#")  # every marker starts with #
        if marked.any():
            errors.add_each(marked, [excel_problem_message(name, BY_NAME[name].name_cn, v) for v in values[marked]])
            columns[name] = values.mask(marked)


def _refuse_invisible(values: pd.Series, name: str, errors: RowMessages) -> None:
    """Ids with an invisible character are row errors naming its position: stored, they would make a second
    record that looks like the first."""
    bad = text_matches(values, INVISIBLE_RE2)
    if bad.any():
        errors.add_each(bad, [f"{BY_NAME[name].name_cn} 的值 {cut(v)} 含不可见字符 (第 {', '.join(map(str, invisible_positions(v)))} "
                              "个字符), 有效值不含不可见字符" for v in pd.Series(values)[bad]])


def text_matches(values: pd.Series | np.ndarray, pattern: str, prefix: str | None = None) -> np.ndarray:
    """Which cells are text that ``pattern`` (RE2 syntax) matches anywhere — computed once per distinct value, by
    Arrow's regex engine, so a million ids cost milliseconds, not a Python call each. ``prefix``: the pattern only
    matches text that starts with it (it is anchored there), so a column where no cell does is not searched."""
    series = pd.Series(values)
    if isinstance(series.dtype, pd.StringDtype):  # already Arrow text (or made so cheaply): no Python pass at all
        text = pa.array(series.array, type=pa.string())
        if prefix is not None and not pc.any(pc.starts_with(text, prefix)).as_py():
            return np.zeros(len(series), dtype=bool)  # a tenth of the regex's time on a million cells
        hit = pc.match_substring_regex(text, pattern).fill_null(False)
        return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = pa.array([u if isinstance(u, str) else None for u in uniques], type=pa.string())
    hit = pc.match_substring_regex(texts, pattern).fill_null(False).to_numpy(zero_copy_only=False)
    return np.append(np.asarray(hit, dtype=bool), False)[codes]


def _not_a_number(column, value: str) -> str:
    """The row error of a cell that is not a number, saying why where a reason is plain (a percent sign)."""
    shown = cut(value)
    why = (f", 该列单位为 {column.unit}, 不带百分号" if is_percent_text(value) else "")
    return (f"{column.name_cn} 的值 {shown} 不是数值{why}, 有效范围 {column.range_text()}")


def _parse_date(raw: pd.Series, name: str, errors: RowMessages) -> np.ndarray:
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)  # a test file has few distinct dates
    uniques = [iso_date(plain_text(u)) if isinstance(u, str) else u for u in uniques]
    text = pd.Series(uniques, dtype=object).astype("string").str.strip().replace("", pd.NA)
    # only full dates: "2020" or "2020-09" would silently become the 1st of January or of the month
    full = text.str.match(DATE_PATTERN).fillna(False).astype(bool)
    parsed = pd.to_datetime(text.where(full), errors="coerce", format="mixed")
    bad_unique = (text.notna() & parsed.isna()).to_numpy()
    bad = np.isin(codes, np.flatnonzero(bad_unique))
    if bad.any():
        errors.add_each(bad, [f"{BY_NAME[name].name_cn} 的值 {cut(str(v))} 不是日期, 可用格式: {DATE_FORMS}"
                              for v in raw[bad]])
    dates = np.append(parsed.to_numpy(dtype="datetime64[D]"), np.datetime64("NaT", "D"))
    dates = dates[np.where(bad, -1, codes)]
    latest = np.datetime64(latest_date(), "D")
    future = dates > latest
    if future.any():
        errors.add_each(future, [f"{BY_NAME[name].name_cn} {d} 晚于明天 ({latest}), 日期不得在将来"
                                 for d in dates[future]])
        dates = np.where(future, np.datetime64("NaT", "D"), dates)
    return dates


def _check_date_order(columns: dict, errors: RowMessages) -> None:
    """A boiler is installed before it is tested: install_date ≤ test_date, both values named."""
    installed, tested = columns["install_date"], columns["test_date"]
    wrong = installed > tested  # NaT compares false
    if wrong.any():
        errors.add_each(wrong, [f"{column_name('install_date')} {i} 晚于 {column_name('test_date')} {t}, 应不晚于测试日期" for i, t in zip(installed[wrong], tested[wrong])])
