"""Word styling every document shares: 宋体 for Chinese on every style, and plain grid tables."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn

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
