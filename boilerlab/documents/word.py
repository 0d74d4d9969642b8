"""Word styling every document shares: 宋体 for Chinese on every style, and plain grid tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


#: The text width of an :func:`a4_page` (210 mm less 28 + 20 mm margins) and the width of one CJK character
#: at 五号 (10.5 pt) with the cell padding Word adds, for sizing table columns. [mm]
TEXT_WIDTH_MM, CJK_CHARACTER_MM, CELL_PADDING_MM = 162.0, 3.8, 2.2


def add_table(document: Document, rows: list[tuple[str, str]], headers: tuple[str, ...] = ("项目", "数值")) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    if len(headers) > 2:  # two-column tables keep Word's own layout
        table.autofit = False
        for column, width in zip(table.columns, column_widths(headers, rows)):
            for cell in column.cells:
                cell.width = Mm(width)


def text_width_mm(text: str) -> float:
    """The printed width of ``text`` at 五号: a CJK character one em, a Latin letter or digit about half. [mm]"""
    return sum(CJK_CHARACTER_MM if ord(c) > 0x2E7F else CJK_CHARACTER_MM * 0.55 for c in text)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], *,
                  measure: Callable[[str], float] = text_width_mm, room: float = TEXT_WIDTH_MM,
                  padding: float = CELL_PADDING_MM) -> list[float]:
    """Column widths [mm] across ``room`` (text widths by ``measure``, a cell's padding added): a column of codes,
    numbers and dates (no CJK, no space) keeps the width of its longest value, so a 设备代码 never breaks
    mid-number; text columns share the rest by their natural widths (a header may take two lines).

    Examples
    --------
    >>> [round(w) for w in column_widths(("设备代码", "使用单位"), [("110031011220150005", "上海某某有限公司" * 3)])]
    [48, 114]
    """
    natural, unbreakable = [], []
    for i, name in enumerate(headers):
        values = [str(row[i]) for row in rows[:500]]
        widest = max((measure(v) for v in values), default=0.0)
        natural.append(max(widest, measure(name) / 2) + padding)
        unbreakable.append(all(v.isascii() and " " not in v for v in values))
    if sum(natural) <= room:
        return [w * room / sum(natural) for w in natural]
    fixed = sum(w for w, keep in zip(natural, unbreakable) if keep)
    flexible = sum(w for w, keep in zip(natural, unbreakable) if not keep)
    if fixed >= room or not flexible:
        return natural
    share = (room - fixed) / flexible
    return [w if keep else w * share for w, keep in zip(natural, unbreakable)]


def a4_page(document: Document) -> None:
    """A4 portrait with margins for printing and binding on the left (GB/T 9704-2012 公文: 210 × 297 mm, binding
    edge 28 mm; top 37 mm there for a 版头, 25 mm here for a report)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(25), Mm(20)
        section.left_margin, section.right_margin = Mm(28), Mm(20)
