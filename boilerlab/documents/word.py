"""Word styling every document shares: 宋体 for Chinese on every style, and plain grid tables."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

CHINESE_FONT, LATIN_FONT = "宋体", "Times New Roman"


def set_chinese_fonts(document: Document) -> None:
    """宋体 for Chinese on every style; the theme attributes would otherwise override it (python-docx writes theme font attributes that Word prefers to w:eastAsia)."""
    for style in document.styles:
        if not hasattr(style, "font") or style.font is None:
            continue
        style.font.name = LATIN_FONT
        r_pr = style.element.get_or_add_rPr()
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = r_pr.makeelement(qn("w:rFonts"), {})
            r_pr.append(fonts)
        fonts.set(qn("w:eastAsia"), CHINESE_FONT)
        for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)


def add_table(document: Document, rows: list[tuple[str, str]], headers: tuple[str, ...] = ("项目", "数值")) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text


def a4_page(document: Document) -> None:
    """A4 portrait with margins for printing and binding on the left (GB/T 9704-2012 公文: 210 × 297 mm, binding
    edge 28 mm; top 37 mm there for a 版头, 25 mm here for a report)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(25), Mm(20)
        section.left_margin, section.right_margin = Mm(28), Mm(20)
