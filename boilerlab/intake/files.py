"""Reading and writing tables: CSV (UTF-8, UTF-8 with BOM, GBK) and XLSX.

Every cell is read as text, so that a value like "1,2" or "12 ℃" reaches the validator as written
and comes back in the row error instead of being silently dropped.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import zipfile
from xml.etree import ElementTree
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from python_calamine import CalamineError

from boilerlab.base.values import is_blank
from boilerlab.base.vocabulary import APPLICATION_FIELDS, normalise_header
from boilerlab.intake.cells import iso_date, number_text, plain_text
from boilerlab.intake.headers import is_known_header, is_unit, split_unit

ENCODINGS = ("utf-8-sig", "gb18030")  # utf-8-sig also reads plain UTF-8; GB18030 is a superset of GBK


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class UnreadableFileError(ValueError):
    """The file cannot be read as a table."""


#: How far down a file the header row is looked for (title and note rows above it are skipped).
HEADER_SCAN_ROWS = 15


def read_table(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file (a path, or bytes with a file ``name``) into a text frame.

    The header is the row among the first :data:`HEADER_SCAN_ROWS` that names the most known columns; title and
    note rows above it are skipped, and a row of units directly under it is merged into it (蒸汽流量 + t/h →
    蒸汽流量(t/h)). Every cell is NFKC-normalised and trimmed. ``frame.attrs["rows"]`` holds the spreadsheet row
    of each data row (blank rows dropped), ``frame.attrs["notes"]`` what was skipped or merged, in Chinese.

    Raises
    ------
    UnreadableFileError
        Unknown extension, undecodable text, a broken workbook, an empty table, or a header named twice.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise UnreadableFileError(f"无法读取文件 {path}: {exc.strerror}") from exc
    else:
        content = source
        name = name or "upload"
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = _read_xlsx(content, name)
    elif suffix in (".csv", ".txt"):
        raw = _read_csv(content, name)
    else:
        raise UnreadableFileError(f"不支持的文件类型 {suffix!r}, 请用 .csv 或 .xlsx" if suffix else "文件无扩展名, 请用 .csv 或 .xlsx")
    return _with_header(plain_frame(raw), name)


def plain_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Every text cell NFKC-normalised and trimmed (blank → missing), over the distinct values of each column.
    ``raw`` is emptied column by column as it goes, so that the file is held once, not twice."""
    out, index = {}, raw.index
    for column in list(raw.columns):
        codes, uniques = pd.factorize(raw.pop(column), use_na_sentinel=True)  # popped: one copy of the file at a time
        # taken out as Python values at once: an Arrow text array gives them one call at a time, 2 µs each
        cleaned = [plain_text(str(u)) for u in np.asarray(uniques, dtype=object)]
        values = pd.array([c if c != "" else None for c in cleaned] + [None], dtype=object)
        out[column] = values[codes]
    return pd.DataFrame(out, index=index)


def header_of(top: pd.DataFrame, name: str) -> tuple[list[str], int, list[str]]:
    """From the first rows of a file (plain text, no header): the column names, the index of the first data row and
    the notes on what was skipped or merged. The header is the row among the first :data:`HEADER_SCAN_ROWS` that
    names the most known columns; a units row right under it is merged into it.

    Raises
    ------
    UnreadableFileError
        For an empty table or a header named twice.
    """
    if top.empty or len(top.columns) == 0:
        raise UnreadableFileError(f"{name}: 表中没有数据行")
    top = top.head(HEADER_SCAN_ROWS + 1)
    scan = top.head(HEADER_SCAN_ROWS)
    scores = [sum(is_known_header(v) for v in row if not is_blank(v)) for row in scan.itertuples(index=False)]
    header = max(range(len(scores)), key=lambda i: (scores[i], -i)) if max(scores) > 0 else 0
    notes = [f"表头在第 {header + 1} 行, 其上 {header} 行 (标题或说明) 未读入"] if header else []
    if max(scores) == 0:  # the refusal that follows names the row it took
        notes = [f"前 {len(scores)} 行中没有可识别的表头 (列名见模板), 按第 1 行作表头读入"]
    names = [str(v) if not is_blank(v) else "" for v in top.iloc[header]]
    start = header + 1
    if start < len(top):
        below = [v for v in top.iloc[start] if not is_blank(v)]
        if below and sum(is_unit(v) for v in below) >= max(1, 0.5 * len(below)):
            names = [f"{n}({str(u).strip('()[]')})" if n and not is_blank(u) and is_unit(u) else n
                     for n, u in zip(names, top.iloc[start])]
            notes.append(f"第 {start + 1} 行为单位行, 已并入表头")
            start += 1
    filled = [n for n in names if n]
    repeated = sorted({n for n in filled if filled.count(n) > 1})
    if repeated:
        raise UnreadableFileError(f"{name}: 表头 {'、'.join(map(repr, repeated))} 出现不止一次, 无法确定用哪一列")
    return [n or f"未命名列{i + 1}" for i, n in enumerate(names)], start, notes


def data_rows(raw: pd.DataFrame, names: list[str], keep: list[str] | None = None) -> pd.DataFrame:
    """The data rows of ``raw`` (plain text, indexed by file line from 0) under ``names``: blank rows dropped, and
    the columns without a header kept only where they hold something (or those named in ``keep``);
    ``attrs["rows"]`` is the spreadsheet row of each."""
    frame = raw.set_axis(names, axis=1).dropna(how="all")
    if keep is None:
        keep = [n for n in names if not n.startswith("未命名列") or frame[n].notna().any()]
    frame = frame.loc[:, keep]
    rows = RowNumbers(int(i) + 1 for i in frame.index)  # the spreadsheet row of each data row
    frame = frame.reset_index(drop=True)
    frame.attrs["rows"] = rows
    return frame


class RowNumbers(list):
    """The spreadsheet row of each data row (``frame.attrs["rows"]``). pandas deep-copies a frame's attrs with every
    column taken from it; these numbers are never changed once made, so their copy is the list itself (copying
    50,000 numbers for each of a file's columns cost 8 s per 50,000 rows of ``boilerlab evaluate``).

    Examples
    --------
    >>> import copy
    >>> rows = RowNumbers([4, 5])
    >>> copy.deepcopy(rows) is rows, rows == [4, 5]
    (True, True)
    """

    def __deepcopy__(self, memo: dict) -> "RowNumbers":
        return self


def _with_header(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    names, start, notes = header_of(raw, name)
    frame = data_rows(raw.iloc[start:], names)
    if frame.empty or len(frame.columns) == 0:
        raise UnreadableFileError(f"{name}: 表中没有数据行")
    frame.attrs["notes"] = notes
    return frame


def spreadsheet_rows(frame: pd.DataFrame) -> list[int]:
    """The spreadsheet row of each row of a frame :func:`read_table` made (header in row 1 for any other frame)."""
    rows = frame.attrs.get("rows")
    return list(rows) if rows is not None and len(rows) == len(frame) else list(range(2, len(frame) + 2))


def _read_csv(content: bytes, name: str) -> pd.DataFrame:
    for encoding in ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise UnreadableFileError(f"{name}: 文件为空")
        # the widest of the first records sets the columns: title rows above the header have fewer fields
        width = _csv_width(text)
        try:
            return pd.read_csv(io.StringIO(text), dtype=str, header=None, names=range(width), keep_default_na=False,
                               na_values=[""], skip_blank_lines=False)
        except pd.errors.EmptyDataError as exc:
            raise UnreadableFileError(f"{name}: 文件为空") from exc
        except pd.errors.ParserError as exc:
            raise UnreadableFileError(f"{name}: CSV 格式错误, 无法按行列读取") from exc
    raise UnreadableFileError(f"{name}: 无法按 UTF-8 或 GBK 解码")


def _csv_width(text: str) -> int:
    """The most fields among the first records (a cell may be longer than the csv module's default limit)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text)))
    try:
        # newline="": a file with CR-only line ends (old Mac Excel) is split into lines too
        return max(len(row) for row in itertools.islice(csv.reader(io.StringIO(text, newline="")), HEADER_SCAN_ROWS + 2))
    finally:
        csv.field_size_limit(limit)


def _read_xlsx(content: bytes, name: str) -> pd.DataFrame:
    try:  # calamine (Rust) reads a 10,000-row sheet about three times faster than openpyxl
        frame = pd.read_excel(io.BytesIO(content), dtype=str, engine="calamine", header=None)
    except (CalamineError, zipfile.BadZipFile) as exc:
        raise UnreadableFileError(f"{name}: 不是有效的 xlsx 文件 (文件已损坏或并非 Excel 工作簿)") from exc
    except (ValueError, KeyError, OSError) as exc:  # damaged workbook parts
        raise UnreadableFileError(f"{name}: 无法读取 Excel 文件 (工作簿已损坏或受密码保护)") from exc
    for (row, column), marker in _problem_cells(content).items():  # calamine reads them as blank
        if row < len(frame) and column < len(frame.columns):
            frame.iat[row, column] = marker
    return frame


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _problem_cells(content: bytes) -> dict[tuple[int, int], str]:
    """The cells of the first sheet that hold an Excel error or a formula saved without its result, by (row, column)
    from 0, as markers :func:`boilerlab.intake.cells.excel_problem` reads. A sheet with neither costs one scan."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
        if first is None:
            return {}
        sheet_name, rel = first.get("name"), first.get(f"{_RELATIONSHIPS}id")
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        target = next((r.get("Target") for r in rels if r.get("Id") == rel), None)
        if target is None:
            return {}
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        xml = book.read(path)
    if b't="e"' not in xml and b"<f" not in xml:
        return {}
    problems = {}
    for _, cell in ElementTree.iterparse(io.BytesIO(xml)):
        if cell.tag != f"{_MAIN}c":
            continue
        value = cell.find(f"{_MAIN}v")
        if cell.get("t") == "e":
            error = value.text if value is not None and value.text else "#VALUE!"
        elif cell.get("t") != "str" and cell.find(f"{_MAIN}f") is not None and (value is None or not value.text):
            error = "#公式无缓存值"
        else:
            cell.clear()
            continue
        reference = cell.get("r", "")
        letters = "".join(ch for ch in reference if ch.isalpha())
        column = 0
        for ch in letters:
            column = column * 26 + ord(ch.upper()) - 64
        problems[(int(reference[len(letters):]) - 1, column - 1)] = f"{error} @ {sheet_name}!{reference}"
        cell.clear()
    return problems


def table_bytes(frame: pd.DataFrame, fmt: str, sheet_name: str = "results",
                more_sheets: dict[str, pd.DataFrame] | None = None) -> bytes:
    """``frame`` as the bytes of a CSV (UTF-8 with BOM, which Excel opens correctly) or XLSX file, formula-neutralised;
    an XLSX file also gets ``more_sheets`` (name → frame) after the first."""
    if fmt == "csv":
        return neutralise(frame).to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="xlsxwriter",
                            engine_kwargs={"options": {"strings_to_formulas": False}}) as writer:
            for name, sheet in {sheet_name: frame, **(more_sheets or {})}.items():
                neutralise(sheet).to_excel(writer, index=False, sheet_name=name[:31])
        return buffer.getvalue()
    raise ValueError(f"格式须为 csv 或 xlsx, 而非 {fmt!r}")


#: Rows converted and written at a time by :func:`write_table`: memory stays that of one part, not of the file.
WRITE_ROWS_PER_PART = 20_000


def write_table(frame: pd.DataFrame, path: str | Path, sheet_name: str = "results") -> Path:
    """Write ``frame`` to CSV (UTF-8 with BOM) or XLSX by the extension, formula-neutralised, streaming: the file is
    written part by part (CSV appended, XLSX in xlsxwriter's constant-memory mode), so a million rows cost the memory
    of a part, not of a second copy of the frame."""
    with TableWriter(path, sheet_name) as writer:
        for start in range(0, max(len(frame), 1), WRITE_ROWS_PER_PART):
            writer.write(frame.iloc[start:start + WRITE_ROWS_PER_PART])
    return Path(path)


class TableWriter:
    """A CSV or XLSX file written a part at a time (``with TableWriter(path) as out: out.write(part)``): the header
    comes from the first part, later parts must have the same columns. Formula-like text is neutralised."""

    def __init__(self, path: str | Path, sheet_name: str = "results") -> None:
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in (".csv", ".xlsx"):
            raise ValueError(f"输出文件须为 .csv 或 .xlsx, 而非 {self.path.name!r}")
        self.sheet_name, self.rows, self.columns = sheet_name[:31], 0, None
        self._csv = self._book = None

    def __enter__(self) -> "TableWriter":
        if self.suffix == ".csv":
            self._csv = self.path.open("w", encoding="utf-8-sig", newline="")
        else:
            self._book = xlsxwriter.Workbook(str(self.path), {"constant_memory": True, "strings_to_formulas": False,
                                                              "strings_to_urls": False})
            self._sheet = self._book.add_worksheet(self.sheet_name)
            self._bold = self._book.add_format({"bold": True})
            self._day = self._book.add_format({"num_format": "yyyy-mm-dd"})
        return self

    def __exit__(self, *exc_info) -> None:
        if self._csv is not None:
            self._csv.close()
        if self._book is not None:
            if self.columns is None:
                self._sheet.write_row(0, 0, [])
            self._book.close()

    def write(self, part: pd.DataFrame) -> None:
        """Append the rows of ``part`` (the first part also writes the header)."""
        first = self.columns is None
        if first:
            self.columns = [str(c) for c in part.columns]
        elif [str(c) for c in part.columns] != self.columns:
            raise ValueError("各部分的列须与第一部分相同")
        part = neutralise(part)
        if self._csv is not None:
            part.to_csv(self._csv, index=False, header=first)
            self.rows += len(part)
            return
        if first:
            self._sheet.write_row(0, 0, self.columns, self._bold)
        dates = [pd.api.types.is_datetime64_any_dtype(part[c]) for c in part.columns]
        sheet, row = self._sheet, self.rows + 1
        for values in part.itertuples(index=False, name=None):
            for column, value in enumerate(values):
                if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
                    continue  # a blank cell
                if dates[column]:
                    sheet.write_datetime(row, column, pd.Timestamp(value).to_pydatetime(), self._day)
                elif isinstance(value, (bool, np.bool_)):
                    sheet.write_boolean(row, column, bool(value))
                elif isinstance(value, (int, float, np.integer, np.floating)):
                    sheet.write_number(row, column, float(value))
                else:
                    sheet.write_string(row, column, str(value))
            row += 1
        self.rows += len(part)


def read_applications(source: str | Path) -> list[dict]:
    """Admission applications from .csv/.xlsx (one per row, Chinese field names accepted) or .json.

    Raises
    ------
    UnreadableFileError
        As :func:`read_table`, or for JSON that is not an object or a list of objects.
    """
    path = Path(source)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UnreadableFileError(f"{path.name}: 无法读取 JSON (第 {getattr(exc, 'lineno', '?')} 行格式错误)") from exc
        items = [data] if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise UnreadableFileError(f"{path.name}: JSON 须为对象或对象列表")
        return [_application_names(i) for i in items]
    frame = read_table(path)
    return [_application_names(row) for row in frame.to_dict(orient="records")]


def _application_field(key: object) -> str | None:
    """The application field a header names — its canonical or Chinese name, bare or with its own unit in (), [] or
    【】 — or None for a header that is not a field. A field's name with another unit refuses the file: unconverted,
    it would be a wrong number."""
    bare, unit = split_unit(normalise_header(plain_text(str(key))))
    for field in APPLICATION_FIELDS:
        if bare in (normalise_header(field.name), normalise_header(plain_text(field.name_cn))):
            if unit is None or unit == normalise_header(plain_text(field.unit)):
                return field.name
            raise UnreadableFileError(f"表头 {str(key)!r} 的单位与{field.name_cn}不符, 应为 {field.unit or '无单位'}")
    return None


def _application_names(application: dict) -> dict:
    """Chinese field names (the vocabulary's application fields) to the canonical ones, others passing through;
    text cells made plain as in every other file (full-width → ASCII, 35,600, 90 % in a percent field, 2024年3月5日).
    Two headers naming one field refuse the file, naming both."""
    units = {field.name: field.unit for field in APPLICATION_FIELDS}
    out, given = {}, {}
    for key, value in application.items():
        name = _application_field(key) or str(key).strip()
        if name in given:
            cn = next(f.name_cn for f in APPLICATION_FIELDS if f.name == name) if name in units else name
            raise UnreadableFileError(f"表头 {given[name]!r} 与 {str(key)!r} 都是{cn}, 无法确定用哪一列; 请删去其一")
        given[name] = str(key)
        if isinstance(value, str):
            value = plain_text(value)
            if name == "install_date":
                value = iso_date(value)
            elif units.get(name):
                value = number_text(value, percent=units[name] == "%")
        out[name] = value
    return out


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting with = + - @ (or a tab or carriage return) get a leading apostrophe, so a spreadsheet
    never runs them as formulas (OWASP "CSV injection"). Numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):  # rename the few categories, not the million cells
            categories = list(values.cat.categories)
            renamed = ["'" + c if isinstance(c, str) and c.startswith(FORMULA_START) else c for c in categories]
            if renamed != categories:
                out[column] = values.cat.rename_categories(renamed)
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            is_text = values.map(lambda v: isinstance(v, str)) if values.dtype == object else values.notna()
            text = values.astype("string")
            risky = (text.str.startswith(FORMULA_START).fillna(False) & is_text).to_numpy(bool)
            if risky.any():
                out[column] = values.where(~risky, "'" + text)
    return out
