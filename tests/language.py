"""The language check (issue 13, item 7): text a person reads — a page after its main interaction, a DOCX, XLSX or
PDF — must carry none of the vocabulary's internal codes and no English sentence.

``foreign_text(text)`` returns what it found, each with a little context, so a failing test names the text.
What may stay is listed here, with the reason: names of standards and products, units and formula symbols are
not sentences; the only English sentences allowed are Streamlit's own widget texts that version 1.67 does not let
an app set (the file uploader's drop zone).
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from boilerlab.base.vocabulary import codes
from boilerlab.base.vocabulary.codes import CODE_LISTS

#: Codes a person could meet as ordinary text (units, digits): not searched for.
_NOT_SEARCHED = {"kg", "t", "Nm3", "kWh", "MWh", "kJ/kg", "kJ/Nm3", "10^4 Nm3"}
#: Words that betray a missing value or a Python object.
_RAW_WORDS = ("None", "nan", "NaN", "NaT", "n/a", "True", "False", "UNCONFIRMED", "Traceback")


def _searched_codes() -> list[str]:
    found = {code for name in CODE_LISTS for code in codes(name)}
    return sorted((c for c in found if c not in _NOT_SEARCHED and re.search("[A-Za-z]", c) and len(c) >= 3),
                  key=len, reverse=True)


_EDGE = r"(?<![A-Za-z0-9_\-/.])"
_END = r"(?![A-Za-z0-9_\-/])"
CODE_PATTERN = re.compile("|".join(f"{_EDGE}{re.escape(code)}{_END}" for code in [*_searched_codes(), *_RAW_WORDS]))
#: Three or more English words in a row (a sentence or a phrase), e.g. "holds no tests".
SENTENCE_PATTERN = re.compile(r"\b[A-Za-z][a-z]{1,}(?:[ ,]+[A-Za-z][a-z]{1,}){2,}\b")
#: Allowed English: Streamlit's own texts that cannot be set from an app (1.67: the file uploader's drop zone, the
#: keyboard users' skip link shown only on focus), names of fonts.
ALLOWED_SENTENCES = ("Drag and drop file here", "Drag and drop files here", "Skip to main content", "Noto Sans CJK")


def foreign_text(text: str) -> list[str]:
    """Every code and English sentence found in ``text``, each as ``'found' in '…context…'``."""
    found = []
    cleaned = text
    for allowed in ALLOWED_SENTENCES:
        cleaned = cleaned.replace(allowed, " ")
    for pattern in (CODE_PATTERN, SENTENCE_PATTERN):
        for match in pattern.finditer(cleaned):
            context = cleaned[max(0, match.start() - 30):match.end() + 30].replace("\n", " ")
            found.append(f"{match.group(0)!r} in '…{context}…'")
    return found


def docx_text(content: bytes) -> str:
    """Paragraphs, tables, headers and footers of a Word file."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def xlsx_text(content: bytes, skip_sheets: tuple[str, ...] = ()) -> str:
    """Every cell of every sheet but ``skip_sheets`` (a download's interchange sheet keeps codes on purpose)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    parts = []
    for sheet in book.worksheets:
        if sheet.title in skip_sheets:
            continue
        parts.append(sheet.title)
        parts += [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    """The text poppler's pdftotext extracts."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
