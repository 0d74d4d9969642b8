"""Rows of an import file validated before anything is written: the registry kinds (units, boilers, fuel use)
field by field, the test records through the engine. The report types every import prints live here too.

Nothing here touches the database: :mod:`boilerlab.db.imports` writes what these functions let through.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.values import is_blank, json_value, json_values
from boilerlab.base.vocabulary import COLUMNS as TEST_COLUMNS
from boilerlab.base.vocabulary import (COLUMN_CODES, FIELDS, MONTH, Field, code_of, codes, false_words, label,
                                      normalise_header, true_words)
from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.engine.pipeline import RESULT_COLUMNS, run
from boilerlab.engine.runs import combine_runs, several_runs
from boilerlab.intake.canonical import DATE_PATTERN, TableRefused, canonical_frame
from boilerlab.intake.evaluate import evaluate_in_parts
from boilerlab.intake.streaming import CsvParts
from boilerlab.base.row_messages import column_name, cut
from boilerlab.intake.cells import (DATE_FORMS, IDENTIFIER_COLUMNS, excel_problem, excel_problem_message, invisible_positions,
                                    iso_date, latest_date, number_text, plain_text, without_invisible)
from boilerlab.intake.files import UnreadableFileError, read_table, spreadsheet_rows
from boilerlab.physics.fuels import fuel_kinds
from boilerlab.standards.credit_code import credit_code_problem, is_valid_credit_code

KINDS = codes("import_kind")
PRESENT = "__present__"  # the file's columns, carried with each validated row
INSERTED, UPDATED, UNCHANGED, REJECTED = codes("import_status")


class FileRefused(ValueError):
    """The file cannot be imported at all (unreadable, wrong kind, no usable columns)."""


@dataclass
class RowOutcome:
    row: int  # the spreadsheet row: the header is row 1
    key: str
    status: str
    reason: str = ""


@dataclass
class ImportReport:
    kind: str
    filename: str
    sha256: str
    outcomes: list[RowOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader skipped, merged or cleaned

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        """0 when every row went in (inserted, updated or already there), 1 when some were rejected."""
        return 1 if self.count(REJECTED) else 0

    def summary(self) -> str:
        return (f"{label('import_kind', self.kind)} {self.filename}: 新增 {self.count(INSERTED)}, 更新 {self.count(UPDATED)}, 未变 {self.count(UNCHANGED)}, "
                f"拒绝 {self.count(REJECTED)}")

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([o.__dict__ for o in self.outcomes], columns=["row", "key", "status", "reason"])



# --- reading and validating ------------------------------------------------------------------------

def _canonical(frame: pd.DataFrame, fields: tuple[Field, ...]) -> pd.DataFrame:
    """Canonical column names; a header naming a known field with another unit in brackets refuses the file
    (a silently ignored or unconverted unit would be a wrong number)."""
    lookup, units, names = {}, {}, {}
    for f in fields:
        names[f.name] = f.name_cn
        lookup[normalise_header(f.name)] = lookup[normalise_header(f.header)] = lookup[normalise_header(f.name_cn)] = f.name
        units[f.name] = f.unit
    renamed = {}
    for header in frame.columns:
        key = normalise_header(header)
        if key in lookup:
            twice = [h for h, name in renamed.items() if name == lookup[key]]
            if twice:
                raise FileRefused(f"表头 {twice[0]!r} 与 {header!r} 都是{names[lookup[key]]}, 无法确定用哪一列; 请删去其一")
            renamed[header] = lookup[key]
            continue
        bare = key.split("(")[0]
        if bare in lookup:
            name = lookup[bare]
            raise FileRefused(f"表头 {header!r} 的单位与{names[name]}不符, 应为 {units[name] or '无单位 (单位另列)'}")
    return frame.rename(columns=renamed)[list(dict.fromkeys(renamed.values()))]


def _value(f: Field, raw: Any, fuels: list[str]) -> tuple[Any, str]:
    """(parsed value, '' or the reason it is invalid): the reason names the column by its Chinese name, quotes the
    value (cut to 60 characters) and gives the valid range or the accepted forms."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)) or str(raw).strip() in ("", "nan"):
        return None, (f"{f.name_cn}为空, 必填" if f.required else "")
    if excel_problem(raw):
        return None, excel_problem_message(f.name, f.name_cn, raw)
    text = plain_text(str(raw))

    def bad(problem: str) -> tuple[None, str]:
        return None, f"{f.name_cn} 的值 {cut(text)} {problem}"

    hidden = invisible_positions(text)
    if hidden and f.name in IDENTIFIER_COLUMNS:
        return bad(f"含不可见字符 (第 {', '.join(map(str, hidden))} 个字符), 编号与代码中不得含不可见字符")
    text = without_invisible(text)  # free text: stripped, and the import notes say so
    if f.kind == "float":
        valid = f"[{f.low:g}, {f.high:g}]" + (f" {f.unit}" if f.unit else "")
        try:
            number = float(number_text(text, percent=f.unit == "%"))
        except ValueError:
            return bad(f"不是数值, 有效范围 {valid}")
        if (f.low is not None and number < f.low) or (f.high is not None and number > f.high) or math.isnan(number):
            return bad(f"超出有效范围 {valid}")
        return number, ""
    if f.kind == "bool":
        word = normalise_header(text)
        if word in true_words(f.name):
            return True, ""
        return (False, "") if word in false_words(f.name) else bad("无效, 应为 是 或 否")
    if f.kind == "date":
        text = iso_date(text)
        parsed = pd.to_datetime(text, errors="coerce") if re.match(DATE_PATTERN, text) else pd.NaT
        if pd.isna(parsed):
            return bad(f"不是日期, 可用格式: {DATE_FORMS}")
        if parsed.date() > latest_date():
            return bad(f"晚于明天 ({latest_date()}), 日期不得在将来")
        return parsed.date(), ""
    if f.kind == "month":
        if not MONTH.match(text):
            return bad("不是月份, 应为 YYYY-MM (如 2024-03)")
        latest = latest_date().isoformat()[:7]
        return (text, "") if text <= latest else bad(f"晚于 {latest}, 月份不得在将来")
    if f.kind == "enum":
        choices = f.choices or tuple(fuels)
        code_list = COLUMN_CODES.get(f.name, f.name)
        code = text if text in choices else code_of(code_list, text)
        if code in choices:
            return code, ""
        return bad(f"无效, 可选: {'、'.join(label(code_list, c) for c in choices)}")
    if f.kind == "text" and len(text) > f.max_length:
        return bad(f"有 {len(text)} 个字符, 至多 {f.max_length} 个")
    if f.name == "credit_code":
        code = text.upper()
        return (code, "") if is_valid_credit_code(code) else bad(f"无效: {credit_code_problem(code)}")
    return text, ""


def validate_rows(frame: pd.DataFrame, kind: str) -> tuple[list[tuple[int, dict]], list[RowOutcome], list[str]]:
    """Every row of a registry file field by field: (good rows, rejected rows, notes on what was cleaned)."""
    fields = FIELDS[kind]
    table = _canonical(frame, fields)
    missing = [f.name for f in fields if f.required and f.name not in table.columns]
    if missing:
        raise FileRefused(f"缺少必填列: {'、'.join(f.name_cn for f in fields if f.name in missing)}")
    fuels = fuel_kinds()
    good, rejected, notes = [], [], []
    present = frozenset(table.columns)  # an update changes only the columns the file has
    known: dict[tuple, tuple[Any, str]] = {}  # a cell's outcome by field and value: a column repeats a few values
    for row, record in zip(spreadsheet_rows(frame), table.to_dict(orient="records")):
        values, reasons = {}, []
        for f in fields:
            raw = record.get(f.name)
            cell = (f.name, type(raw), raw)  # the type too: 1, 1.0 and True are equal keys, but not the same text
            try:
                value, reason = known[cell]
            except KeyError:
                value, reason = known[cell] = _value(f, raw, fuels)
            values[f.name] = value
            if reason:
                reasons.append(reason)
            elif isinstance(record.get(f.name), str) and invisible_positions(record[f.name]):
                notes.append(f"第 {row} 行 {f.name_cn}: 不可见字符已删除")
        for earlier in ("install_date", "manufacture_date"):  # a boiler installed, a vehicle made, before registered
            before, registered = values.get(earlier), values.get("registration_date")
            if before and registered and before > registered:
                cn = {f.name: f.name_cn for f in fields}
                reasons.append(f"{cn[earlier]} {before} 晚于{cn['registration_date']} {registered}, "
                               f"{cn[earlier]}应不晚于{cn['registration_date']}")
        key = _key_text(tuple(_as_written(record.get(name)) if values.get(name) is None else values[name]
                              for name in KEY_FIELDS[kind]))  # a bad key is named as the file wrote it
        if reasons:
            rejected.append(RowOutcome(row, key, REJECTED, "; ".join(reasons)))
        else:
            values[PRESENT] = present
            good.append((row, values))
    keys = [_natural_key(kind, v) for _, v in good]
    duplicates = pd.Series(keys).duplicated(keep=False).to_numpy()
    rows_of: dict[Any, list[int]] = {}
    for (row, _), key, dup in zip(good, keys, duplicates):
        if dup:
            rows_of.setdefault(key, []).append(row)
    for (row, _), key, dup in zip(good, keys, duplicates):
        if dup:
            rejected.append(RowOutcome(row, _key_text(key), REJECTED,
                                       f"{_key_name(kind)} {cut(_key_text(key))} 在文件中重复 (第 "
                                       f"{'、'.join(map(str, rows_of[key]))} 行), 同一记录只能有一行"))
    good = [g for g, dup in zip(good, duplicates) if not dup]
    return good, rejected, notes


#: The fields that identify a record of each registry kind (its natural key).
KEY_FIELDS = {"units": ("credit_code",), "boilers": ("device_code",), "fuel-use": ("boiler_id", "month", "fuel_kind"),
              "unit-events": ("credit_code", "event_kind", "event_date"), "vehicles": ("device_code",)}


def _key_name(kind: str) -> str:
    """The Chinese name of a kind's key, for messages: 设备代码/月份/燃料种类."""
    return "/".join(f.name_cn for name in KEY_FIELDS[kind] for f in FIELDS[kind] if f.name == name)


def _as_written(raw: Any) -> str:
    """A cell as the file wrote it, made plain, for naming a row whose key is invalid ('' for a blank)."""
    return "" if is_blank(raw) else without_invisible(plain_text(str(raw)))[:60]


def _key_text(key: Any) -> str:
    return "/".join(str(part) for part in key) if isinstance(key, tuple) else str(key)


def _natural_key(kind: str, values: dict) -> Any:
    key = tuple(values[name] for name in KEY_FIELDS[kind])
    return key[0] if len(key) == 1 else key


#: Test records turned into stored rows at a time: the memory of a part, not of the whole file.
ROWS_PER_PART = 5_000


class GoodTests:
    """The good rows of an evaluated test file as ``(spreadsheet row, inputs, results)``, made a part at a time
    from the result frame (a million rows of dicts would hold gigabytes). A sequence: ``len``, iteration, indexing
    and :meth:`parts`."""

    def __init__(self, result: pd.DataFrame, positions: np.ndarray, rows: list[int],
                 runs: list[list[dict]] | None = None) -> None:
        self._result, self._positions, self._rows, self._runs = result, positions, rows, runs
        #: The outcomes of the second and later runs of a test, whose status is the stored test's.
        self.merged: list[RowOutcome] = []

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, index: int) -> tuple[int, dict, dict]:
        return self._records(np.array([self._positions[index]]))[0]

    def __iter__(self):
        for part in self.parts():
            yield from part

    def parts(self, size: int = ROWS_PER_PART):
        """The good rows in lists of at most ``size``."""
        for start in range(0, len(self._positions), size):
            yield self._records(self._positions[start:start + size])

    def _records(self, positions: np.ndarray) -> list[tuple[int, dict, dict]]:
        frame = self._result.iloc[positions]
        result_names = [k for k in RESULT_COLUMNS if k in frame.columns]
        input_names = [c.name for c in TEST_COLUMNS if c.name in frame.columns]
        # each column made JSON-ready at once, then the rows' dicts taken from the lists (a call per cell cost most)
        cells = {k: json_values(frame[k]) for k in dict.fromkeys(result_names + input_names)}
        out = []
        for i, position in enumerate(positions):
            results = {k: cells[k][i] for k in result_names}
            inputs = {k: cells[k][i] for k in input_names if cells[k][i] is not None}
            runs = self._runs[position] if self._runs else []
            if runs:  # a test of several runs: the mean is the result, each run is kept beside it
                results["runs"] = [{k: json_value(v) for k, v in run_record.items()} for run_record in runs]
            out.append((self._rows[position], inputs, results))
        return out


def test_rows(result: pd.DataFrame, rows: list[int] | None = None,
              runs: list[list[dict]] | None = None) -> tuple[GoodTests, list[RowOutcome]]:
    """The evaluated test records split: rows with an error are rejected, the others carry inputs and results.

    ``runs``, per row, the runs of a test of several runs (:func:`boilerlab.engine.runs.combine_runs`), stored
    with its results as ``runs``.

    The inputs are the canonical columns of the result frame as the file gave them (``q5_measured_pct`` is the
    measured surface loss; the result's ``q5_pct`` is the one used), so nothing is read or parsed again. The good
    rows are made lazily, a part at a time (:class:`GoodTests`)."""
    rows = list(rows) if rows else list(range(2, len(result) + 2))
    test_ids = result["test_id"]
    blank = test_ids.isna().to_numpy()
    errors = result["error"].astype(str).to_numpy()
    id_text = test_ids.astype("string").fillna("")
    boiler_text = (result["boiler_id"].astype("string").fillna("") if "boiler_id" in result.columns
                   else pd.Series("", index=result.index, dtype="string"))
    too_long = ((id_text.str.len() > 60) | (boiler_text.str.len() > 40)).to_numpy(bool)
    rejected = []
    for position in np.flatnonzero(blank | (errors != "") | too_long):
        row, test_id = rows[position], str(id_text.iat[position])
        if blank[position]:
            rejected.append(RowOutcome(row, "", REJECTED, f"{column_name('test_id')}为空, 必填"))
        elif errors[position]:
            rejected.append(RowOutcome(row, test_id, REJECTED, errors[position]))
        else:
            reason = "; ".join(f"{cn} 的值 {value[:30]!r}… 有 {len(value)} 个字符, 至多 {limit} 个"
                               for cn, value, limit in ((column_name("test_id"), test_id, 60),
                                                        (column_name("boiler_id"), str(boiler_text.iat[position]), 40))
                               if len(value) > limit)
            rejected.append(RowOutcome(row, test_id[:60], REJECTED, reason))
    good = np.flatnonzero(~(blank | (errors != "") | too_long))
    return GoodTests(result, good, rows, runs), rejected


def tests_of(result: pd.DataFrame, rows: list[int], reference: ReferenceData | None = None
             ) -> tuple[pd.DataFrame, GoodTests, list[RowOutcome]]:
    """The tests of an evaluated file, a test of several runs as one (their mean), split into good and rejected;
    the second and later runs of a test get an outcome of their own saying where they went."""
    tests, first, runs = combine_runs(result, reference or load_reference())
    tests = tests.reset_index(drop=True)
    good, rejected = test_rows(tests, [rows[p] for p in first], runs)
    first_row = dict(zip(tests["test_id"].astype(object), (rows[p] for p in first)))
    refused = {o.key for o in rejected}
    for position in np.flatnonzero(several_runs(result) & ~np.isin(np.arange(len(result)), first)):
        test_id = str(result["test_id"].iat[position])
        where = f"第 {int(result['run_no'].iat[position])} 次试验, 与第 {first_row.get(test_id, '?')} 行的试验"
        if test_id in refused:
            rejected.append(RowOutcome(rows[position], test_id, REJECTED, f"{where}同属一条测试, 该测试未能保存 (原因见该行)"))
        else:
            good.merged.append(RowOutcome(rows[position], test_id, "", f"{where}合为一条测试记录 (取平均)"))
    return tests, good, rejected


@dataclass
class PreparedImport:
    """A file read once and validated, ready to be stored (:func:`boilerlab.db.imports.store_import`) or shown.

    ``result`` holds the evaluated test records of a ``tests`` file (every row, rejected ones included), one row per
    run; ``tests`` the same with a test of several runs as one row, the mean of its runs."""

    kind: str
    filename: str
    content: bytes
    sha256: str
    good: Any  # a list of (row, values); for tests a GoodTests
    rejected: list[RowOutcome]
    result: pd.DataFrame | None = None
    rows: list[int] = field(default_factory=list)  # the spreadsheet row of each row of the file
    notes: list[str] = field(default_factory=list)  # what the reader skipped or merged (表头在第 3 行 …)
    tests: pd.DataFrame | None = None


def _refused(exc: Exception, notes: list[str]) -> FileRefused:
    """A refusal that says too where the reader took the header from (表头在第 3 行 …)."""
    return FileRefused("; ".join([str(exc), *notes]))


def prepare_import(kind: str, content: bytes, filename: str,
                   progress: Callable[[float, str], None] | None = None) -> PreparedImport:
    """Read ``content`` once, validate every row (test records are evaluated) and keep what will be written.

    Raises
    ------
    FileRefused
        For an unknown kind, an unreadable file or a test file without any interchange column.
    """
    if kind not in KINDS:
        raise FileRefused(f"未知的导入类别 {kind!r}, 可选: {', '.join(KINDS)}")
    try:
        frame = read_table(content, filename)
    except UnreadableFileError as exc:
        raise FileRefused(str(exc)) from exc
    digest = hashlib.sha256(content).hexdigest()
    if kind != "tests":
        try:
            good, rejected, notes = validate_rows(frame, kind)
        except FileRefused as exc:
            raise _refused(exc, frame.attrs.get("notes", [])) from exc
        return PreparedImport(kind, filename, content, digest, good, rejected, None, spreadsheet_rows(frame),
                              frame.attrs.get("notes", []) + notes)
    try:
        result = evaluate_in_parts(frame, progress)
    except TableRefused as exc:
        raise _refused(exc, frame.attrs.get("notes", [])) from exc
    rows = spreadsheet_rows(frame)
    result = result.reset_index(drop=True)
    tests, good, rejected = tests_of(result, rows)
    return PreparedImport(kind, filename, content, digest, good, rejected, result, rows, frame.attrs.get("notes", []),
                          tests)


class StreamedTests:
    """The good rows of a CSV test file read, evaluated and split a part at a time (:class:`CsvParts`), for an
    import that must not hold a million evaluated rows at once. Iterated again (a retried transaction), it reads
    the file again; ``rejected`` then holds the rejected rows of the last pass."""

    def __init__(self, reader: CsvParts, reference: ReferenceData) -> None:
        self.reader, self.reference, self.rejected = reader, reference, []
        self.merged: list[RowOutcome] = []

    def __len__(self) -> int:
        return self.reader.rows  # the data rows: what is written once the rejected are known is the rest

    def __iter__(self):
        for part in self.parts():
            yield from part

    def parts(self, size: int = ROWS_PER_PART):
        self.rejected.clear()
        self.merged.clear()
        held, held_rows = [], []  # the runs of tests of several runs, which may lie in different parts
        for frame in self.reader.parts():
            result = run(canonical_frame(frame, self.reader.repeated_ids), reference=self.reference)
            result = result.reset_index(drop=True)
            rows = list(frame.attrs["rows"])
            runs = result["test_id"].isin(self.reader.multi_run_ids).to_numpy(bool)
            if runs.any():
                held.append(result[runs])
                held_rows += [r for r, is_run in zip(rows, runs) if is_run]
                result, rows = result[~runs].reset_index(drop=True), [r for r, is_run in zip(rows, runs) if not is_run]
            good, rejected = test_rows(result, rows)
            self.rejected.extend(rejected)
            yield from good.parts(size)
        if held:
            _, good, rejected = tests_of(pd.concat(held, ignore_index=True), held_rows, self.reference)
            self.rejected.extend(rejected)
            self.merged.extend(good.merged)
            yield from good.parts(size)


def prepare_import_file(kind: str, path: str | Path) -> PreparedImport:
    """:func:`prepare_import` of a file on disk; a CSV test file is read and evaluated a part at a time when it is
    stored (:class:`StreamedTests`), so its size costs the memory of a part, not of the file. The file's bytes are
    still read whole: they are stored with the import, byte for byte.

    Raises
    ------
    FileRefused
        As :func:`prepare_import`, and for a file that cannot be opened.
    """
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise FileRefused(f"无法读取文件 {path}: {exc.strerror}") from exc
    if kind != "tests" or path.suffix.lower() not in (".csv", ".txt"):
        return prepare_import(kind, content, path.name)
    try:
        reader = CsvParts(path)
    except UnreadableFileError as exc:
        raise FileRefused(str(exc)) from exc
    try:
        canonical_frame(next(reader.parts()).head(1))  # a file without any test-record column is refused now
    except (UnreadableFileError, TableRefused) as exc:
        raise _refused(exc, reader.notes) from exc
    streamed = StreamedTests(reader, load_reference())
    return PreparedImport(kind, path.name, content, hashlib.sha256(content).hexdigest(), streamed, streamed.rejected,
                          None, [], list(reader.notes))
