"""The quarter's notification of 内燃场车 environmental information to the environment bureau: a Word letter in the
official layout (addressee, the figures, the tables by stage, power type and town, the units concerned, the request
for joint enforcement, the sender's block) and an Excel workbook with every table on its own sheet — the vehicle
list and the joint-enforcement list in full.

Figures come from :func:`boilerlab.analysis.vehicle_notice.build_notice`; nothing here re-decides a check.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from boilerlab.analysis.vehicle_notice import VehicleNotice, vehicle_notice
from boilerlab.base.vocabulary import label
from boilerlab.documents.word import CHINESE_FONT, a4_page, add_table, set_chinese_fonts

ADDRESSEE = "闵行区生态环境局"
SENDER = "闵行区市场监督管理局"
#: The tables printed in the letter itself; the long lists go to the workbook only.
IN_LETTER = ("按排放阶段", "按动力类型", "按街镇", "涉及单位")


def _rows(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    return [tuple("—" if pd.isna(v) or v == "" else str(v) for v in row) for row in frame.itertuples(index=False)]


def chinese_date(day: date) -> str:
    """``2024年9月30日`` (no leading zeros, as a letter writes it).

    >>> chinese_date(date(2024, 7, 1))
    '2024年7月1日'
    """
    return f"{day.year}年{day.month}月{day.day}日"


def letter_sentences(notice: VehicleNotice) -> list[str]:
    """The letter's body: what was counted, what is wrong, what is asked of the environment bureau."""
    f = notice.figures
    period = f"{chinese_date(notice.start)}至{chinese_date(notice.end)}"
    sentences = [f"根据特种设备安全监管与生态环境部门协作要求, 现将本区{period}在用内燃场(厂)内专用机动车辆 (以下简称内燃场车) "
                 f"环保信息情况通报如下。",
                 f"截至{chinese_date(notice.end)}, 本区在用内燃场车 {f['vehicles']} 台, 涉及使用单位 {f['units']} 家 "
                 f"(另有在用电动场车 {f['electric']} 台, 不在本次通报范围)。其中 {f['problem_vehicles']} 台存在问题, "
                 f"涉及单位 {f['problem_units']} 家: "
                 + "、".join(f"{label('vehicle_problem', code)} {f[code]} 台" for code in
                             ("stage_below_required", "label_missing", "registered_below_stage4"))
                 + " (同一车辆可能存在多项问题)。"]
    if f["derived"]:
        sentences.append(f"在用内燃场车中 {f['derived']} 台铭牌排放阶段未登记, 按出厂日期推定为当时应达到的阶段 (不据此认定问题), "
                         "请在联合检查中核对铭牌。")
    if f["no_date"]:
        sentences.append(f"在用内燃场车中 {f['no_date']} 台出厂日期与铭牌排放阶段均未登记, 无法判定排放阶段, 请一并核查。")
    sentences.append("使用状态与环保登记编码按本通报编制时的台账记录。")
    sentences.append("请贵局对存在问题的车辆及其使用单位依法核查处理; 本局将会同贵局开展联合执法, "
                     "联合执法清单见附件, 处理情况请反馈本局。")
    return sentences


def write_notice_docx(notice: VehicleNotice, path: Path, *, issued: date | None = None) -> Path:
    """The letter (A4, 宋体): title, addressee, body, the tables of :data:`IN_LETTER`, attachments and sender."""
    document = Document()
    a4_page(document)
    set_chinese_fonts(document)
    title = document.add_heading(notice.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"{ADDRESSEE}:")
    for sentence in letter_sentences(notice):
        document.add_paragraph(sentence)
    for number, name in enumerate(IN_LETTER, 1):
        document.add_heading(f"{'一二三四五'[number - 1]}、{name}", level=1)
        frame = notice.tables[name]
        if len(frame):
            add_table(document, _rows(frame), tuple(frame.columns))
        else:
            document.add_paragraph("无。")
    document.add_heading("附件", level=1)
    document.add_paragraph(f"1. 存在问题的内燃场车清单 ({len(notice.tables['问题车辆'])} 台, 见数据表「问题车辆」)")
    document.add_paragraph(f"2. 联合执法清单 ({len(notice.tables['联合执法清单'])} 项, 见数据表「联合执法清单」)")
    document.add_paragraph("说明: 排放阶段的要求按出厂日期对照 GB 20891-2014、HJ 1014-2020 等规定 (本系统参考数据, 待与官方文本核实); "
                           "环保登记编码按《上海市非道路移动机械申报登记和标志管理办法》核查。")
    sender = document.add_paragraph(SENDER)
    sender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    when = document.add_paragraph(chinese_date(issued or date.today()))
    when.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("(联系人:              联系电话:              )")
    document.save(path)
    return path


def write_notice_xlsx(notice: VehicleNotice, path: Path) -> Path:
    """Every table on its own sheet (宋体), the figures first."""
    figures = pd.DataFrame([("在用内燃场车 (台)", notice.figures["vehicles"]),
                            ("涉及使用单位 (家)", notice.figures["units"]),
                            ("存在问题车辆 (台)", notice.figures["problem_vehicles"]),
                            ("存在问题单位 (家)", notice.figures["problem_units"]),
                            *((f"{label('vehicle_problem', c)} (台)", notice.figures[c]) for c in
                              ("stage_below_required", "label_missing", "registered_below_stage4")),
                            ("排放阶段按出厂日期推定 (台)", notice.figures["derived"]),
                            ("出厂日期与排放阶段均未登记 (台)", notice.figures["no_date"]),
                            ("在用电动场车 (台, 不在通报范围)", notice.figures["electric"])], columns=["项目", "数量"])
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False}}) as writer:
        text = writer.book.add_format({"font_name": CHINESE_FONT})
        figures.to_excel(writer, sheet_name="总体情况", index=False)
        writer.sheets["总体情况"].set_column(0, 1, 34, text)
        for name, frame in notice.tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            writer.sheets[name].set_column(0, max(len(frame.columns) - 1, 0), 18, text)
    return path


def write_vehicle_notice(notice: VehicleNotice, folder: str | Path, *, issued: date | None = None) -> list[Path]:
    """Both files in ``folder``: ``内燃场车环保信息通报-2024Q3.docx`` and ``.xlsx``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"内燃场车环保信息通报-{notice.period}"
    return [write_notice_docx(notice, folder / f"{stem}.docx", issued=issued),
            write_notice_xlsx(notice, folder / f"{stem}.xlsx")]


def write_notice(sessions, period: str, folder: str | Path, *, issued: date | None = None) -> list[Path]:
    """The letter and the workbook of the quarter ``period`` from the database (:func:`vehicle_notice`)."""
    return write_vehicle_notice(vehicle_notice(sessions, period), folder, issued=issued)
