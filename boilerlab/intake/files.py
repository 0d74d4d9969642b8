"""Reading and writing tables: CSV (UTF-8, UTF-8 with BOM, GBK) and XLSX.

Every cell is read as text, so that a value like "1,2" or "12 ℃" reaches the validator as written
and comes back in the row error instead of being silently dropped.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError

from boilerlab.base.vocabulary import APPLICATION_FIELDS

ENCODINGS = ("utf-8-sig", "gb18030")  # utf-8-sig also reads plain UTF-8; GB18030 is a superset of GBK


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class UnreadableFileError(ValueError):
    """The file cannot be read as a table."""


def read_table(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file (a path, or bytes with a file ``name``) into a text frame.

    Raises
    ------
    UnreadableFileError
        Unknown extension, undecodable text, a broken workbook or an empty table.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise UnreadableFileError(f"无法读取文件 / cannot read file {path}: {exc.strerror}") from exc
    else:
        content = source
        name = name or "upload"
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame = _read_xlsx(content, name)
    elif suffix in (".csv", ".txt"):
        frame = _read_csv(content, name)
    else:
        raise UnreadableFileError(f"不支持的文件类型 {suffix or '(无扩展名)'}, 请用 .csv 或 .xlsx / unsupported file type "
                                  f"{suffix or '(none)'}: use .csv or .xlsx")
    frame = frame.dropna(how="all")
    if frame.empty or len(frame.columns) == 0:
        raise UnreadableFileError(f"{name}: 表中没有数据行 / the table has no data rows")
    return frame.reset_index(drop=True)


def _read_csv(content: bytes, name: str) -> pd.DataFrame:
    for encoding in ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        try:
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                               skip_blank_lines=True)
        except pd.errors.EmptyDataError as exc:
            raise UnreadableFileError(f"{name}: 文件为空 / the file is empty") from exc
        except pd.errors.ParserError as exc:
            raise UnreadableFileError(f"{name}: CSV 格式错误 / malformed CSV: {exc}") from exc
    raise UnreadableFileError(f"{name}: 无法按 UTF-8 或 GBK 解码 / cannot decode as UTF-8 or GBK")


def _read_xlsx(content: bytes, name: str) -> pd.DataFrame:
    try:  # calamine (Rust) reads a 10,000-row sheet about three times faster than openpyxl
        return pd.read_excel(io.BytesIO(content), dtype=str, engine="calamine")
    except (CalamineError, zipfile.BadZipFile) as exc:
        raise UnreadableFileError(f"{name}: 不是有效的 xlsx 文件 / not a valid xlsx file ({exc})") from exc
    except (ValueError, KeyError, OSError) as exc:  # damaged workbook parts
        raise UnreadableFileError(f"{name}: 无法读取 Excel 文件 / cannot read the workbook: {exc}") from exc


def table_bytes(frame: pd.DataFrame, fmt: str, sheet_name: str = "results") -> bytes:
    """``frame`` as the bytes of a CSV (UTF-8 with BOM, which Excel opens correctly) or XLSX file, formula-neutralised."""
    if fmt == "csv":
        return neutralise(frame).to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="xlsxwriter",
                            engine_kwargs={"options": {"strings_to_formulas": False}}) as writer:
            neutralise(frame).to_excel(writer, index=False, sheet_name=sheet_name)
        return buffer.getvalue()
    raise ValueError(f"格式须为 csv 或 xlsx / the format must be csv or xlsx, {fmt!r} was given")


def write_table(frame: pd.DataFrame, path: str | Path, sheet_name: str = "results") -> Path:
    """Write ``frame`` to CSV (UTF-8 with BOM) or XLSX by the extension (see :func:`table_bytes`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"输出文件须为 .csv 或 .xlsx / the output must be .csv or .xlsx, {path.name!r} was given")
    path.write_bytes(table_bytes(frame, suffix[1:], sheet_name))
    return path


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
            raise UnreadableFileError(f"{path.name}: 无法读取 JSON / cannot read the JSON: {exc}") from exc
        items = [data] if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise UnreadableFileError(f"{path.name}: JSON 须为对象或对象列表 / the JSON must be an object or a list of "
                                      f"objects")
        return [_application_names(i) for i in items]
    frame = read_table(path)
    return [_application_names(row) for row in frame.to_dict(orient="records")]


def _application_names(application: dict) -> dict:
    """Chinese field names (the vocabulary's application fields) to the canonical ones; others pass through."""
    by_chinese = {field.name_cn: field.name for field in APPLICATION_FIELDS}
    return {by_chinese.get(str(key).strip(), str(key).strip()): value for key, value in application.items()}


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
