"""The one vocabulary: every column and every code with its Chinese name, unit and the decimals a person is shown.

Pages, downloads, charts, templates, documents and messages take their words from here and nowhere else:

* :mod:`~boilerlab.base.vocabulary.inputs` — the input columns of a test record (with valid ranges and aliases);
* :mod:`~boilerlab.base.vocabulary.results` — the result columns of :func:`boilerlab.evaluate`;
* :mod:`~boilerlab.base.vocabulary.fields` — the registry's import fields and an admission application's;
* :mod:`~boilerlab.base.vocabulary.frames` — the columns of the other tables shown;
* :mod:`~boilerlab.base.vocabulary.codes` — every enumerated code with its label and aliases, the yes/no words.

Examples
--------
>>> label("fuel_kind", "natural_gas")
'天然气'
>>> heading("eta_direct_pct")
'正平衡热效率 η₁ [%]'
>>> heading("coverage_pct", context="campaign_progress", brackets="()")
'覆盖率 (%)'
>>> code_of("boiler_kind", "热水")
'hot_water'
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.vocabulary.codes import (CODE_LISTS, COLUMN_CODES, CONTEXT_CODES, COLUMN_FALSE_WORDS, COLUMN_TRUE_WORDS,
                                             FALSE_WORDS, PREFIXED, SHOWN_TRUE_FALSE, TRUE_WORDS, YES_NO, Code)
from boilerlab.base.vocabulary.fields import (APPLICATION_BY_NAME, APPLICATION_FIELDS, BOILER_FIELDS, BOILER_STATUS,
                                              FIELDS, FUEL_USE_FIELDS, FUEL_USE_UNITS, MONTH, PLACE_CATEGORIES,
                                              UNIT_FIELDS, ApplicationField, Field, codes_of)
from boilerlab.base.vocabulary.frames import CONTEXTS, FRAME_COLUMNS
from boilerlab.base.vocabulary.inputs import (ALIASES, BY_NAME, COLUMNS, NOT_MEASURED, NUMERIC, Column,
                                              normalise_header)
from boilerlab.base.vocabulary.results import RESULT_BY_NAME, RESULTS

__all__ = ["ALIASES", "APPLICATION_BY_NAME", "APPLICATION_FIELDS", "ApplicationField", "BOILER_FIELDS",
           "BOILER_STATUS", "BY_NAME", "CODE_LISTS", "COLUMNS", "COLUMN_CODES", "CONTEXTS", "Code", "Column", "ENUMS",
           "FALSE_WORDS", "FIELDS", "FRAME_COLUMNS", "FUEL_USE_FIELDS", "FUEL_USE_UNITS", "Field", "MONTH",
           "NOT_MEASURED", "NUMERIC", "PLACE_CATEGORIES", "RESULTS", "RESULT_BY_NAME", "TRUE_WORDS", "UNIT_FIELDS",
           "audit_detail_text", "chinese_only", "code_of", "codes", "codes_of", "column", "display_frame", "display_table", "false_words",
           "heading", "headings", "label", "labelled_table", "labels", "local_time", "normalise_header", "shown_value",
           "true_words"]

log = logging.getLogger(__name__)
BLANK = "—"
#: Said after a value or limit taken from a reference row still UNCONFIRMED (not yet checked against the official text).
PENDING = "(参考数据待核实)"
#: The issuing authority printed at the head of every document.
BUREAU = "上海市闵行区市场监督管理局"


def _missing(value: Any) -> bool:
    """None, NaN, NaT, pd.NA or an empty string: nothing to show."""
    if value is None or (isinstance(value, str) and value == ""):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array is a value
        return False


@functools.lru_cache(maxsize=None)  # the code lists are fixed; a registry file asks once per cell
def _lookup(code_list: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for code in CODE_LISTS[code_list]:
        table[code.code] = code.code
        for word in (code.label, *code.aliases):  # as written, and NFKC as the cells are: 万 Nm³ and 万 Nm3 alike
            table[normalise_header(word)] = table[normalise_header(unicodedata.normalize("NFKC", word))] = code.code
    return table


#: Input spellings (after :func:`normalise_header`) → code, for the coded input columns of a test record.
ENUMS: dict[str, dict[str, str]] = {name: _lookup(name) for name in ("jurisdiction", "boiler_kind", "combustion",
                                                                       "fuel_kind", "test_type")}
_FRAMES = {c.name: c for c in FRAME_COLUMNS}
_REGISTRY = {f.name: f for fields in FIELDS.values() for f in fields}


def codes(code_list: str) -> tuple[str, ...]:
    """The codes of a code list (``fuel_kind``, ``gb24500_grade`` …), in order."""
    return codes_of(code_list)


def labels(code_list: str) -> dict[str, str]:
    """Code → Chinese label of a code list."""
    return {code.code: code.label for code in CODE_LISTS[code_list]}


def code_of(code_list: str, text: Any) -> str | None:
    """The code a typed or read value stands for (a code, its label or an alias), or None."""
    if text is None:
        return None
    table = _lookup(code_list)
    return table.get(normalise_header(text)) or table.get(normalise_header(unicodedata.normalize("NFKC", str(text))))


def label(code_list_or_column: str, code: Any) -> str:
    """The Chinese label of ``code``. ``code_list_or_column`` is a code list or a column whose values are codes.

    An unknown code is returned as it is, with a warning in the log (a new fuel added to the fuel library without a
    label here, for instance): the vocabulary test keeps the shipped codes complete."""
    if _missing(code):
        return BLANK
    name = COLUMN_CODES.get(code_list_or_column, code_list_or_column)
    text = str(code)
    for item in CODE_LISTS.get(name, ()):
        if item.code == text:
            return item.label
    for prefix, replacement in PREFIXED.get(name, ()):
        if text.startswith(prefix):
            return replacement + text[len(prefix):]
    log.warning("no Chinese label for code %r of %s", text, name)
    return text


def true_words(column: str = "") -> tuple[str, ...]:
    """The words read as true in ``column``."""
    return TRUE_WORDS + COLUMN_TRUE_WORDS.get(column, ())


def false_words(column: str = "") -> tuple[str, ...]:
    """The words read as false in ``column``."""
    return FALSE_WORDS + COLUMN_FALSE_WORDS.get(column, ())


def column(name: str, context: str | None = None) -> Column | None:
    """The definition of a column by its canonical name (in ``context`` first), or None when unknown."""
    for item in CONTEXTS.get(context or "", ()):
        if item.name == name:
            return item
    if name in BY_NAME:
        return BY_NAME[name]
    if name in RESULT_BY_NAME:
        return RESULT_BY_NAME[name]
    if name in _FRAMES:
        return _FRAMES[name]
    if name in APPLICATION_BY_NAME:
        field = APPLICATION_BY_NAME[name]
        return Column(field.name, field.name_cn, field.unit, meaning=field.meaning)
    if name in _REGISTRY:
        field = _REGISTRY[name]
        return Column(field.name, field.name_cn, field.unit, field.kind, decimals=field.decimals)
    return None


def heading(name: str, context: str | None = None, brackets: str = "[]") -> str:
    """A column's Chinese header with its unit in brackets (``正平衡热效率 η₁ [%]``); documents use ``()``."""
    found = column(name, context)
    if found is None:
        log.warning("no Chinese label for column %r", name)
        return name
    unit = found.unit if found.unit not in ("", "–") else ""
    return f"{found.name_cn} {brackets[0]}{unit}{brackets[1]}" if unit else found.name_cn


#: Entries of a list shown in an audit row's text before it is cut short (the row itself keeps every entry).
AUDIT_LIST_SHOWN = 10


def audit_detail_text(detail: Any) -> str:
    """An audit row's detail as a person reads it: ``名称: 值; …`` with the vocabulary's names and labels (a record's
    ``values`` by their column names, a file's ``counts`` by import status).

    Examples
    --------
    >>> audit_detail_text({"role": "clerk", "office": None, "values": {"unit_name": "某厂", "fuel_kind": "natural_gas"}})
    '角色: 登记审查人员; 监管所: —; 记录内容: 使用单位 某厂, 燃料种类 天然气'
    """
    if not isinstance(detail, Mapping) or not detail:
        return ""
    parts = []
    for key, value in detail.items():
        found = column(str(key), "audit_detail")
        title = found.name_cn if found is not None else str(key)
        if isinstance(value, Mapping) and key in ("by_class", "class_ratios"):  # credit-risk class → a count or share
            text = ", ".join(f"{label('risk_class', k)} {v:.0%}" if key == "class_ratios" else f"{label('risk_class', k)} {v}"
                             for k, v in value.items()) or BLANK
        elif isinstance(value, Mapping):
            inner = "import_report" if key == "counts" else "audit_values"
            text = ", ".join(f"{_detail_name(str(k), inner)} {_record_value(str(k), v)}"
                             for k, v in value.items()) or BLANK
        elif isinstance(value, (list, tuple)):
            # a long list (a joint enforcement's vehicles) shows its first entries and its length; the row keeps all
            shown = value[:AUDIT_LIST_SHOWN] if len(value) > 2 * AUDIT_LIST_SHOWN else value
            text = "、".join(shown_value(str(key), v, "audit_detail") if not isinstance(v, (Mapping, list)) else
                            f"({audit_detail_text(v)})" if isinstance(v, Mapping) else str(v) for v in shown) or BLANK
            if len(shown) < len(value):
                text += f" … 共 {len(value)} 项"
        else:
            text = shown_value(str(key), value, "audit_detail")
        parts.append(f"{title}: {text}")
    return "; ".join(parts)


def _detail_name(key: str, context: str | None) -> str:
    if context == "import_report" and key in codes("import_status"):
        return label("import_status", key)
    found = column(key, context)
    return found.name_cn if found is not None else key


#: The keys of a stored record's values that hold a whole record of their own (a test's inputs and results): the
#: audit row of a change keeps them as written, that of a new record their SHA-256 digest; its text says where to
#: read them instead of printing a hundred fields.
WHOLE_RECORDS = ("inputs", "results")


def _record_value(key: str, value: Any) -> str:
    """One of a stored record's values in an audit row's text (a change is [old, new])."""
    if key in WHOLE_RECORDS:
        if isinstance(value, Mapping) and set(value) == {"sha256"}:
            return f"(完整内容见该测试记录; 审计记录保存其 SHA-256 摘要 {str(value['sha256'])[:16]}…)"
        return "(完整内容见该测试记录; 审计记录中原样保存)"
    if isinstance(value, list) and len(value) == 2 and not isinstance(value[0], (list, Mapping)):
        return f"{shown_value(key, value[0])} → {shown_value(key, value[1])}"
    return shown_value(key, value)


def headings(names: Iterable[str], context: str | None = None, brackets: str = "[]") -> dict[str, str]:
    """Column name → :func:`heading`, for ``DataFrame.rename(columns=…)``."""
    return {name: heading(name, context, brackets) for name in names}


def code_list_of(name: str, context: str | None = None) -> str | None:
    """The code list a column's values come from, in one kind of table (None: the values are not codes there)."""
    in_context = CONTEXT_CODES.get(context or "", {})
    return in_context[name] if name in in_context else COLUMN_CODES.get(name)


def shown_value(name: str, value: Any, context: str | None = None) -> str:
    """One value as a person reads it: a code's label, 是/否 (or 达标/超标), a number at the column's decimals."""
    if _missing(value):
        return BLANK
    if isinstance(value, (bool, np.bool_)):
        yes, no = SHOWN_TRUE_FALSE.get(name, YES_NO)
        return yes if value else no
    code_list = code_list_of(name, context)
    if code_list:
        return label(code_list, value)
    found = column(name, context)
    if isinstance(value, (int, float)) and found is not None and found.decimals is not None:
        return f"{value:.{found.decimals}f}"
    return str(value)


def _true_false_column(values: pd.Series) -> bool:
    """Whether an object column holds true/false values and blanks only (and at least one true/false); a text
    column is told at its first text, not after a look at every cell."""
    seen = False
    for value in values.tolist():
        if isinstance(value, (bool, np.bool_)):
            seen = True
        elif not _missing(value):
            return False
    return seen


def _exact_text(value: Any) -> str:
    """A number as the shortest text that reads back exactly (91, 1.502e-05), a blank as "—"."""
    if _missing(value):
        return BLANK
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def display_frame(frame: pd.DataFrame, context: str | None = None, brackets: str = "[]",
                  columns: Iterable[str] | None = None, exact: bool = False) -> pd.DataFrame:
    """``frame`` as a person reads it: codes as labels, true/false as words, numbers rounded to their decimals and
    Chinese headers with units. ``columns`` picks and orders the columns shown.

    ``exact`` shows a table as it is stored (the reference tables): every number as the shortest text that reads
    back exactly, never rounded — a grid would round 1.502e-05 to 0.00002 — and every blank as "—".

    Examples
    --------
    >>> shown = display_frame(pd.DataFrame({"a2": [1.502e-05, 3.0, None]}), exact=True)
    >>> shown.iloc[:, 0].tolist()
    ['1.502e-05', '3', '—']
    """
    out = frame[list(columns)] if columns is not None else frame
    shown = {}
    for name in out.columns:
        values = out[name]
        found = column(str(name), context)
        code_list = code_list_of(str(name), context)
        if code_list:  # each distinct code labelled once: a registry column holds thousands of rows of a few codes
            present = values.notna()
            labelled = {v: label(code_list, v) for v in pd.unique(values[present])}
            shown[name] = values.map(labelled).where(present, None)
        elif pd.api.types.is_bool_dtype(values) or (values.dtype == object and _true_false_column(values)):
            yes, no = SHOWN_TRUE_FALSE.get(str(name), YES_NO)
            shown[name] = values.map(lambda v, yes=yes, no=no: None if _missing(v) else (yes if v else no))
        elif exact and pd.api.types.is_float_dtype(values):
            shown[name] = values.map(_exact_text)
        elif found is not None and found.decimals is not None and pd.api.types.is_numeric_dtype(values):
            shown[name] = values.round(found.decimals)
        else:
            shown[name] = values
        if exact:
            shown[name] = shown[name].astype(object).where(shown[name].notna(), BLANK)
    result = pd.DataFrame(shown, index=out.index)
    result.columns = [heading(str(name), context, brackets) for name in out.columns]
    return result


#: Above this many cells a table is shown without per-cell formatting (pandas' Styler renders every cell). [cells]
STYLED_CELLS_MAX = 200_000


def display_table(frame: pd.DataFrame, context: str | None = None, brackets: str = "[]",
                  columns: Iterable[str] | None = None) -> "pd.io.formats.style.Styler | pd.DataFrame":
    """:func:`display_frame` for a screen: every number with the decimals the vocabulary gives its column
    (91.00, not 91) and every blank as "—" (never None or nan), the values underneath still numbers, so a
    column sorts as numbers. A very large table comes back as a frame with its text blanks as "—".

    Examples
    --------
    >>> shown = display_table(pd.DataFrame({"eta_direct_pct": [91.0, None], "device_code": ["A1", None]}))
    >>> shown.to_string().split()  # doctest: +NORMALIZE_WHITESPACE
    ['正平衡热效率', 'η₁', '[%]', '设备代码', '0', '91.00', 'A1', '1', '—', '—']
    """
    names = [str(name) for name in (list(columns) if columns is not None else frame.columns)]
    shown = display_frame(frame, context, brackets, columns)
    if shown.size > STYLED_CELLS_MAX:
        text = [h for h in shown.columns if not pd.api.types.is_numeric_dtype(shown[h])]
        return shown.assign(**{h: shown[h].astype(object).where(shown[h].notna(), BLANK) for h in text})
    formats = {}
    for name, header in zip(names, shown.columns):
        if pd.api.types.is_float_dtype(shown[header]):
            found = column(name, context)
            decimals = found.decimals if found is not None and found.decimals is not None else 2
            formats[header] = f"{{:.{decimals}f}}"
    return shown.style.format(formats, na_rep=BLANK)


def labelled_table(frame: pd.DataFrame, decimals: int = 1) -> "pd.io.formats.style.Styler":
    """A table whose headers and values are already Chinese (a report's tables) for a screen: numbers at
    ``decimals``, blanks as "—"."""
    return frame.style.format(precision=decimals, na_rep=BLANK)


#: Times are stored in UTC and shown in the bureau's own time.
LOCAL_TIME_ZONE = "Asia/Shanghai"


def local_today() -> date:
    """Today in Shanghai (the bureau's day, whatever the server's clock zone)."""
    return pd.Timestamp.now(tz=LOCAL_TIME_ZONE).date()


def local_time(values: Any) -> Any:
    """A stored time (UTC; naive values are taken as UTC) as Shanghai wall-clock time, naive, for display.

    Examples
    --------
    >>> local_time(pd.Timestamp("2024-03-05 17:30"))
    Timestamp('2024-03-06 01:30:00')
    """
    if isinstance(values, pd.Series):
        times = pd.to_datetime(values)
        times = times.dt.tz_localize("UTC") if times.dt.tz is None else times
        return times.dt.tz_convert(LOCAL_TIME_ZONE).dt.tz_localize(None)
    time = pd.Timestamp(values)
    time = time.tz_localize("UTC") if time.tz is None else time
    return time.tz_convert(LOCAL_TIME_ZONE).tz_localize(None)


def chinese_only(message: str) -> str:
    """A library message as a screen shows it: the English half of a "中文 / English" line dropped (it stays in the
    CLI and the logs).

    Examples
    --------
    >>> chinese_only("计划结束日期 2024-01-01 早于开始日期 2024-03-01 / the planned end is before the start")
    '计划结束日期 2024-01-01 早于开始日期 2024-03-01'
    >>> chinese_only("额定蒸发量 [t/h] 须 > 0")
    '额定蒸发量 [t/h] 须 > 0'
    """
    lines = []
    for line in str(message).splitlines():
        head, separator, tail = line.rpartition(" / ")
        english = separator and not any(_is_cjk(c) for c in tail) and any(c.isalpha() for c in tail) \
            and any(_is_cjk(c) for c in head)
        lines.append(head if english else line)
    return "\n".join(lines)


def _is_cjk(character: str) -> bool:
    return "\u3400" <= character <= "\u9fff" or "\uff00" <= character <= "\uffef"
