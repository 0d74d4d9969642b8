"""A CSV file read a part at a time, so that a million rows are never held as text at once.

The same reading as :func:`boilerlab.intake.files.read_table` (header among the first rows, a units row merged,
cells made plain, blank rows dropped, spreadsheet rows kept), done in two passes over the file: the first looks
at every row once for what must be known of the whole file — which test ids occur twice and which columns without
a header hold anything — and the second gives the parts. Each part, evaluated, equals the same rows of the whole
file evaluated (``tests/intake/test_streaming.py``).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO
from pathlib import Path

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.engine.bee import run_bee
from boilerlab.engine.pipeline import run
from boilerlab.engine.runs import repeated_runs
from boilerlab.intake.canonical import canonical_frame
from boilerlab.intake.files import (ENCODINGS, HEADER_SCAN_ROWS, TableWriter, UnreadableFileError, data_rows,
                                    header_of, plain_frame, read_table)
from boilerlab.intake.headers import UnknownUnitError, match_header

#: Rows read, evaluated and written at a time.
ROWS_PER_PART = 50_000


def _encoding(open_binary: Callable[[], BinaryIO], name: str) -> str:
    """The first of :data:`ENCODINGS` that decodes the whole file, checked block by block (no second copy)."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open_binary() as source:
                while block := source.read(1 << 20):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnreadableFileError(f"{name}: 无法按 UTF-8 或 GBK 解码")


class CsvParts:
    """A CSV file's data rows in parts (:meth:`parts`), with what the reader found of the whole file.

    ``notes`` says what was skipped or merged; ``repeated_ids`` holds the test ids that occur more than once in
    the file other than as numbered runs (a part alone cannot see a repeat in another part); ``multi_run_ids`` the
    test ids given as several numbered runs; ``rows`` is the number of data rows.

    ``path`` may be the file's bytes (an upload; ``name`` its file name). ``whole_file_pass=False`` skips the first
    pass, for a table without test ids: every column is then given (``kept`` is every header) and ``rows`` is None.

    Raises
    ------
    UnreadableFileError
        As :func:`boilerlab.intake.files.read_table`.
    """

    def __init__(self, path: str | Path | bytes, rows_per_part: int | None = None, *, name: str | None = None,
                 whole_file_pass: bool = True) -> None:
        if isinstance(path, bytes):  # a file held in memory (an upload), named ``name``
            self.path, self.content, self.name = None, path, name or "upload"
            if not path:
                raise UnreadableFileError(f"{self.name}: 文件为空")
        else:
            self.path, self.content = Path(path), None
            self.name = name or self.path.name
            if not self.path.is_file():
                raise UnreadableFileError(f"无法读取文件 {self.path}: 文件不存在")
            if self.path.stat().st_size == 0:
                raise UnreadableFileError(f"{self.name}: 文件为空")
        self.rows_per_part = rows_per_part or ROWS_PER_PART
        self.encoding = _encoding(self._open, self.name)
        self.width = self._width()
        top = self._read(nrows=HEADER_SCAN_ROWS + 1)
        self.names, self.start, self.notes = header_of(plain_frame(top), self.name)
        if whole_file_pass:
            self.repeated_ids, self.kept = self._look_at_every_row()
        else:  # no test ids to look for: every column is given, and the parts say how many rows there were
            self.repeated_ids, self.kept, self.multi_run_ids, self.rows = frozenset(), list(self.names), frozenset(), None

    def _open(self) -> BinaryIO:
        return io.BytesIO(self.content) if self.content is not None else self.path.open("rb")

    def _width(self) -> int:
        """The most fields among the first records, as read_table finds it: title rows above the header have fewer."""
        limit = csv.field_size_limit()
        csv.field_size_limit(sys.maxsize)  # one cell may be longer than the csv module's default limit
        try:
            with io.TextIOWrapper(self._open(), encoding=self.encoding, newline="") as source:
                widths = [len(row) for row in itertools.islice(csv.reader(source), HEADER_SCAN_ROWS + 2)]
        finally:
            csv.field_size_limit(limit)
        if not widths or max(widths) == 0:
            raise UnreadableFileError(f"{self.name}: 文件为空")
        return max(widths)

    def _read(self, **options) -> pd.DataFrame | Iterator[pd.DataFrame]:
        try:
            source = io.BytesIO(self.content) if self.content is not None else self.path
            return pd.read_csv(source, encoding=self.encoding, dtype=str, header=None, names=range(self.width),
                               keep_default_na=False, na_values=[""], skip_blank_lines=False, **options)
        except pd.errors.EmptyDataError as exc:
            raise UnreadableFileError(f"{self.name}: 文件为空") from exc
        except pd.errors.ParserError as exc:
            raise UnreadableFileError(f"{self.name}: CSV 格式错误, 无法按行列读取") from exc

    def _raw_parts(self) -> Iterator[pd.DataFrame]:
        """The data rows as plain text, indexed by file line from 0."""
        reader = self._read(skiprows=self.start, chunksize=self.rows_per_part)
        while True:
            try:
                raw = next(reader)
            except StopIteration:
                return
            except pd.errors.ParserError as exc:  # a row wider than the header, found half-way through the file
                raise UnreadableFileError(f"{self.name}: CSV 格式错误, 某行的列数多于表头 ({self.width} 列)") from exc
            raw.index = raw.index + self.start
            yield plain_frame(raw)

    def _column(self, canonical: str) -> str | None:
        """The file's header read as the canonical column ``canonical`` (the first such), if any."""
        for name in self.names:
            try:
                if (match_header(name) or (None,))[0] == canonical:
                    return name
            except UnknownUnitError:
                continue
        return None

    def _look_at_every_row(self) -> tuple[frozenset, list[str]]:
        id_column, run_column = self._column("test_id"), self._column("run_no")
        ids, run_numbers, filled, rows = [], [], set(), 0
        for raw in self._raw_parts():
            part = data_rows(raw, self.names, keep=self.names)
            rows += len(part)
            filled |= {n for n in self.names if n.startswith("未命名列") and part[n].notna().any()}
            if id_column is not None:
                given = part[id_column].notna()
                ids.append(part.loc[given, id_column])
                run_numbers.append(pd.to_numeric(part.loc[given, run_column], errors="coerce") if run_column
                                   else pd.Series(np.nan, index=part.index[given]))
        if rows == 0:
            raise UnreadableFileError(f"{self.name}: 表中没有数据行")
        self.rows = rows
        kept = [n for n in self.names if not n.startswith("未命名列") or n in filled]
        self.multi_run_ids = frozenset()
        if id_column is None or not ids:
            return frozenset(), kept
        every = pd.concat(ids, ignore_index=True)
        runs = pd.concat(run_numbers, ignore_index=True)
        bad = repeated_runs(every, runs)
        repeated = every.duplicated(keep=False).to_numpy(bool)
        self.multi_run_ids = frozenset(every[repeated & ~bad].tolist()) - frozenset(every[bad].tolist())
        return frozenset(every[bad].tolist()), kept

    def parts(self) -> Iterator[pd.DataFrame]:
        """The data rows, a part at a time, each as :func:`read_table` would give them (``attrs["rows"]``: the
        spreadsheet rows; ``attrs["notes"]``: the reader's notes)."""
        for raw in self._raw_parts():
            part = data_rows(raw, self.names, keep=self.kept)
            if len(part):
                part.attrs["notes"] = self.notes
                yield part


def evaluate_file(source: str | Path, output: str | Path, *, reference: ReferenceData | None = None,
                  q2_method: str = "enthalpy", method: str = "gbt10180",
                  notes: Callable[[list[str]], None] | None = None) -> tuple[int, int]:
    """Evaluate a test-record file into ``output`` (CSV or XLSX) a part at a time: (rows, rows with an error).

    A CSV input is read in parts (:class:`CsvParts`), so neither its text nor the whole result is ever held at once;
    an XLSX input is read whole (a sheet holds at most 1,048,576 rows) and evaluated and written in parts. The
    result is written to a temporary file beside ``output`` and renamed when complete, so a refusal or a failure
    half-way leaves no half-written output. ``notes(list)`` is told what the reader skipped or merged.

    Raises
    ------
    UnreadableFileError, boilerlab.intake.canonical.TableRefused
        For a file that cannot be read, or has no test-record column.
    ValueError
        For an output that is neither .csv nor .xlsx.
    """
    source, output = Path(source), Path(output)
    if output.suffix.lower() not in (".csv", ".xlsx"):  # before reading: a long file must not be read for nothing
        raise ValueError(f"输出文件须为 .csv 或 .xlsx, 而非 {output.name!r}")
    ref = reference or load_reference()
    if source.suffix.lower() in (".csv", ".txt"):
        reader = CsvParts(source)
        found, repeated = reader.notes, reader.repeated_ids
        canonicals = (canonical_frame(part, repeated) for part in reader.parts())
    else:
        frame = read_table(source)
        found = frame.attrs.get("notes", [])
        whole = canonical_frame(frame)
        del frame
        canonicals = (whole.part(start, start + ROWS_PER_PART) for start in range(0, len(whole.frame), ROWS_PER_PART))
    if notes is not None:
        notes(found)
    partial = output.with_name(f".{output.stem}.incomplete{output.suffix}")
    rows = failed = 0
    try:
        with TableWriter(partial) as writer:
            for canonical in canonicals:
                result = run_bee(canonical) if method == "bee" else run(canonical, reference=ref, q2_method=q2_method)
                writer.write(result)
                rows, failed = rows + len(result), failed + int((result["error"].astype(str) != "").sum())
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return rows, failed
