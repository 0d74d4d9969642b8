"""The 能效测试报告 of one stored test: a Word document and an Excel data sheet.

Both are written from what the database holds (the stored inputs and results of
:func:`boilerlab.evaluate`, the boiler and its unit); nothing here recomputes physics. The layout
follows the field set of a TSG G0003-2010-style report ([TSGG0003] App. C): header, boiler
identification, measured data, results, emissions, CO₂, conclusions in the standard phrases, the
reference-data caveat and the sign-off block.
"""

from __future__ import annotations

import math

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from boilerlab.base.vocabulary import BUREAU, BY_NAME, COLUMNS, PENDING, RESULT_BY_NAME, heading, label, shown_value
from boilerlab.db import Sessions
from boilerlab.documents.word import CHINESE_FONT, a4_page, add_table, set_chinese_fonts
from boilerlab.db.queries import TestReport, load_report
from boilerlab.engine.runs import RUN_DETAIL
from boilerlab.physics.fuels import fuel_library
from boilerlab.standards.admission import excess_air_limits
from boilerlab.base.reference import load_reference
from boilerlab.standards.emissions import LABELS, LIMIT_COLUMNS, LIMITED, POLLUTANTS, reference_oxygen

#: The fuel's analysis: as measured, or the fuel library's typical values the engine took in their place.
#: Each group stands in for itself: a measured ultimate analysis with the library's V_daf, say, is printed so.
FUEL_ANALYSIS = (("c_ar_pct", "h_ar_pct", "o_ar_pct", "n_ar_pct", "s_ar_pct", "ash_ar_pct", "moisture_ar_pct"),
                 ("vdaf_pct",),
                 ("ch4_pct", "c2h6_pct", "c3h8_pct", "c4h10_pct", "h2_pct", "co_pct", "h2s_pct", "co2_pct", "n2_pct",
                  "o2_pct"))
#: Inputs printed with the boiler's identification, not among the measured data.
NOT_MEASURED_DATA = ("run_no", "rated_capacity_t_h", "rated_capacity_mw")
MEASURED_HEADINGS = ("项目", "数值", "单位", "来源")
#: The result rows of the report, in order (labels and units from the vocabulary).
RESULT_ROWS = ("heat_output_kw", "eta_direct_pct", "eta_indirect_pct", "excess_air_ratio", "q2_pct", "q3_pct", "q4_pct",
               "q5_pct", "q6_pct", "method_deviation_pct", "eta_governing_pct", "gb24500_limit_pct", "co2_kg_h",
               "co2_intensity_kg_gj", "eta_governing_u95_pp", "eta_direct_u95_pp", "eta_indirect_u95_pp",
               "u95_contributors")


#: The columns of the emission table (DOCX, PDF and XLSX).
EMISSION_HEADINGS = ("污染物", "实测值", "折算到基准氧含量", "限值", "单位", "判定")


def conclusions(report: TestReport) -> list[str]:
    """The standard conclusion sentences ([TSGG0003] App. C, [GB24500] wording)."""
    r, i = report.results, report.inputs
    sentences = []
    grade, limit, eta = r.get("gb24500_grade"), r.get("gb24500_limit_pct"), r.get("eta_governing_pct")
    if eta is None or limit is None:
        sentences.append("本次测试数据不足以按 GB 24500-2020 判定锅炉热效率。")
    elif r.get("inuse_verdict"):  # an operating test: the in-use criterion decides, the grade is a reference
        sentences.extend(_inuse_sentences(r, eta))
    elif grade == "below":
        sentences.append(f"锅炉热效率 {eta:.2f} % 不符合 GB 24500-2020 规定的工业锅炉能效限定值 ({limit:g} %) 的要求。")
    else:
        level = f", 能效等级为{label('gb24500_grade', str(grade))}" if grade in ("1", "2", "3") else ""
        sentences.append(f"锅炉热效率 {eta:.2f} % 符合 GB 24500-2020 规定的工业锅炉能效限定值 ({limit:g} %) 的要求{level}。")
    runs = r.get("runs") or []
    if len(runs) >= 2 and r.get("runs_agree") is False:
        sentences.append(f"本测试 {len(runs)} 次试验的热效率之差超过 GB/T 10180 规定的允许差 (参考数据待核实), "
                         "上述判定所依据的平均值代表性不足, 应重做试验。")
    elif len(runs) >= 2:
        sentences.append(f"以上热效率为同一工况 {len(runs)} 次试验的平均值, 各次试验之差在允许范围内。")
    alpha_limits = excess_air_limits()
    firing = i.get("combustion") or "chamber"
    alpha = r.get("excess_air_ratio")
    flue = i.get("flue_temp_c")
    high_alpha = alpha is not None and firing in alpha_limits and alpha > alpha_limits[firing]
    high_flue = flue is not None and flue > 170 and not i.get("condensing")
    if high_flue and high_alpha:
        sentences.append("排烟温度和排烟处过量空气系数偏高, 建议增加烟气余热回收装置, 调整配风系统。")
    elif high_flue:
        sentences.append("排烟温度偏高, 建议增加烟气余热回收装置。")
    elif high_alpha:
        sentences.append("排烟处过量空气系数偏高, 建议调整配风系统。")
    for pollutant in LIMITED:
        if r.get(f"{pollutant}_compliant") is False:
            basis = [part for part in str(r.get("emission_limit_basis")).split("; ")
                     if part.startswith(LABELS[pollutant])]
            caveat = "(该限值取自尚待与官方文本核实的参考数据)" if basis and PENDING in basis[0] else ""
            limit = r[LIMIT_COLUMNS[pollutant]]
            if pollutant == "blackness":
                sentences.append(f"烟气林格曼黑度 {i.get('blackness_ringelmann'):g} 级超过适用限值 {limit:g} 级{caveat}。")
                continue
            name = BY_NAME[f"{pollutant}_mg_m3"].name_cn
            digits = RESULT_BY_NAME[f"{pollutant}_ref_mg_m3"].decimals
            sentences.append(f"{name}排放浓度 (折算) {r[f'{pollutant}_ref_mg_m3']:.{digits}f} mg/m³ 超过适用排放限值 "
                             f"{limit:g} mg/m³{caveat}。")
    return sentences


def _inuse_sentences(r: dict[str, Any], eta: float) -> list[str]:
    """The verdict of an operating test against the in-use criterion, and its GB 24500 grade as a reference."""
    criterion, verdict = r["inuse_criterion_pct"], r["inuse_verdict"]
    basis = str(r.get("inuse_basis") or "").split(" (")[0]  # "运行工况简单测试: GB 24500-2020 能效限定值的 90 %"
    u95 = r.get("eta_governing_u95_pp")
    spread = f" (扩展不确定度 U = {u95:.1f} 个百分点, k = 2)" if isinstance(u95, float) and not math.isnan(u95) else ""
    head = f"锅炉运行工况热效率 {eta:.2f} %{spread}, 在用锅炉热效率判定指标为 {criterion:.1f} % ({basis})"
    if verdict == "pass":
        first = f"{head}, 判定为达标。"
    elif verdict == "fail":
        first = f"{head}, 判定为不达标。"
    else:
        first = f"{head}; 判定指标落在测试结果的不确定度区间内, 不能判定达标与否 (不确定), 建议按详细测试复测。"
    grade = r.get("gb24500_grade")
    reference = (f"按 GB 24500-2020 对照, 参考等级为{label('gb24500_grade', str(grade))} (该标准用于产品的设计或定型试验热效率, "
                 "运行工况测试结果仅作参考)。") if grade not in (None, "n/a") else ""
    return [first, reference] if reference else [first]


def _number(value: Any, digits: int = 2) -> str:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def measured_items(report: TestReport) -> list[tuple[str, float, str, int, str]]:
    """Every number the computation used, in the vocabulary's order: (name, value, unit, decimals, source).

    Source is 实测 for a value the file gave, 缺省值 for the barometric pressure the intake filled in, and 燃料库典型值
    for the fuel analysis the engine took from the fuel library because none was measured."""
    i = report.inputs
    library = _library_analysis(i.get("fuel_kind"))
    typical = {name: library[name] for group in FUEL_ANALYSIS if all(i.get(n) is None for n in group)
               for name in group if name in library}
    # the intake fills a blank barometric pressure and says so among the warnings (engine.pipeline keeps no flag)
    barometric_default = "大气压力未填" in str(report.results.get("warnings") or "")
    items = []
    for column in COLUMNS:
        if column.kind != "float" or column.name in NOT_MEASURED_DATA:
            continue
        value, source = i.get(column.name), "measured"
        if value is None and column.name in typical:
            value, source = typical[column.name], "library"
        if value is None:
            continue
        if column.name == "barometric_kpa" and barometric_default:
            source = "default"
        items.append((column.name_cn, float(value), column.unit, column.decimals if column.decimals is not None else 2,
                      label("input_source", source)))
    return items


def _library_analysis(fuel_kind: str | None) -> dict[str, float]:
    """The fuel library's typical analysis of ``fuel_kind`` (what the engine uses when none is measured)."""
    library = fuel_library()
    if fuel_kind not in library.index:
        return {}
    row = library.loc[fuel_kind]
    return {name: float(row[name]) for group in FUEL_ANALYSIS for name in group
            if name in row.index and pd.notna(row[name])}


def measured_rows(report: TestReport) -> list[tuple[str, str, str, str]]:
    """:func:`measured_items` as the document prints them (each number at its column's decimals)."""
    return [(name, f"{value:.{digits}f}", unit, source) for name, value, unit, digits, source in measured_items(report)]


def result_rows(report: TestReport) -> list[tuple[str, str, str]]:
    """The result table: (name, value as shown, unit), in the order of :func:`_result_names`."""
    r = report.results
    reference = r.get("gb24500_grade_role") == "reference"
    rows = []
    for name in _result_names(report):
        column = RESULT_BY_NAME[name]
        title = ("GB 24500-2020 参考等级 (运行工况测试, 仅供参考)" if name == "gb24500_grade" and reference
                 else column.name_cn)
        rows.append((title, shown_value(name, r.get(name)), column.unit))
    return rows


def run_headings(report: TestReport) -> tuple[str, ...]:
    """The headings of the table of runs: 项目, 第 1 次 … 第 n 次, 平均值, 单位 (empty for a test of one run)."""
    runs = report.results.get("runs") or []
    if len(runs) < 2:
        return ()
    return ("项目", *[f"第 {_number(run.get('run_no'), 0)} 次" for run in runs], "平均值", "单位")


def run_rows(report: TestReport) -> list[tuple[str, ...]]:
    """Each run and the mean, quantity by quantity (the inputs and results each run was evaluated with)."""
    runs = report.results.get("runs") or []
    if len(runs) < 2:
        return []
    rows = []
    for name in RUN_DETAIL:
        if name in ("run_no", "test_date") or all(run.get(name) is None for run in runs):
            continue
        column = BY_NAME.get(name) or RESULT_BY_NAME[name]
        digits = column.decimals if column.decimals is not None else 2
        mean = report.results.get(name) if name in RESULT_BY_NAME else report.inputs.get(name)
        rows.append((column.name_cn, *[_number(run.get(name), digits) for run in runs], _number(mean, digits),
                     column.unit))
    for name in ("run_spread_direct_pp", "run_spread_indirect_pp"):
        if report.results.get(name) is not None:
            rows.append((RESULT_BY_NAME[name].name_cn, *["" for _ in runs], _number(report.results[name], 2), "百分点"))
    rows.append((RESULT_BY_NAME["runs_agree"].name_cn, *["" for _ in runs],
                 shown_value("runs_agree", report.results.get("runs_agree")), ""))
    return rows


def emission_rows(report: TestReport) -> list[tuple[str, ...]]:
    r = report.results
    rows = []
    for pollutant in POLLUTANTS:
        if report.inputs.get(f"{pollutant}_mg_m3") is None:
            continue
        verdict = shown_value(f"{pollutant}_compliant", r.get(f"{pollutant}_compliant"))
        ref, limit = RESULT_BY_NAME[f"{pollutant}_ref_mg_m3"], RESULT_BY_NAME[LIMIT_COLUMNS[pollutant]]
        rows.append((label("pollutant_name", pollutant), _number(report.inputs.get(f"{pollutant}_mg_m3"), ref.decimals),
                     _number(r.get(ref.name), ref.decimals), _number(r.get(limit.name), limit.decimals), "mg/m³",
                     verdict))
    if report.inputs.get("blackness_ringelmann") is not None:  # a grade at the stack: nothing to convert
        rows.append((label("pollutant_name", "blackness"), _number(report.inputs["blackness_ringelmann"], 1), "—",
                     _number(r.get("blackness_limit_grade"), 0), "级",
                     shown_value("blackness_compliant", r.get("blackness_compliant"))))
    return rows


def type_of_test(report: TestReport) -> str:
    """The test type as given, or as the method implies it when the record does not say."""
    given = report.inputs.get("test_type")
    if given:
        return label("test_type", given)
    implied = "simple" if "simple" in str(report.results.get("q2_method")) else "detailed"
    return f"{label('test_type', implied)} (未填, 按计算方法推定)"


def oxygen_basis(report: TestReport) -> str:
    """The reference-O₂ basis of the emission table and the O₂ it was converted from."""
    i = report.inputs
    reference_o2 = float(reference_oxygen(np.array([i.get("fuel_kind")], dtype=object))[0])
    measured, where = i.get("emission_o2_pct"), "排放测点实测氧含量"
    if measured is None:
        measured, where = i.get("flue_o2_pct"), "排放测点氧含量未填, 取排烟氧含量"
    basis = f"{reference_o2:g} %" if not math.isnan(reference_o2) else "—"
    o2 = f"{measured:.2f} % ({where})" if measured is not None else "—"
    return (f"折算: 按 GB 13271-2014 将实测浓度折算到基准氧含量 {basis} "
            f"({label('fuel_kind', i.get('fuel_kind'))}锅炉); 实测氧含量 {o2}。")


def limit_basis(report: TestReport) -> str:
    """The basis of each limit quoted in the emission table (only the pollutants measured)."""
    measured = {LABELS[p] for p in POLLUTANTS if report.inputs.get(f"{p}_mg_m3") is not None}
    if report.inputs.get("blackness_ringelmann") is not None:
        measured.add(LABELS["blackness"])
    parts = [part for part in str(report.results.get("emission_limit_basis") or "").split("; ")
             if part.split(":")[0] in measured]
    return "; ".join(parts) or "—"


def versions_text(stamp: str | None) -> str:
    """``fuels=2026.2+53322df9; …`` as the tables' Chinese titles with their versions, the UNCONFIRMED ones marked."""
    if not stamp:
        return "—"
    ref = load_reference()
    titles = pd.read_csv(ref.directory / "manifest.csv", dtype=str).set_index("table")["title_cn"]
    parts = []
    for pair in stamp.split("; "):
        name, _, version = pair.partition("=")
        pending = f" {PENDING}" if name in ref.tables and ref.unconfirmed(name) else ""
        parts.append(f"{titles.get(name, name)} {version}{pending}")
    return "参考数据: " + "; ".join(parts)


def write_docx(report: TestReport, path: Path) -> Path:
    """The 能效测试报告 as a Word document."""
    document = Document()
    a4_page(document)
    set_chinese_fonts(document)
    authority = document.add_paragraph(BUREAU)
    authority.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_heading("锅炉能效测试报告", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t, b, u = report.test, report.boiler, report.unit
    document.add_paragraph(f"报告编号: {t['test_id']}    测试日期: {t.get('test_date') or '—'}    "
                           f"测试类型: {type_of_test(report)}")
    document.add_paragraph(f"受检单位: {u.get('name', '—')}    统一社会信用代码: {u.get('credit_code', '—')}    "
                           f"所在街镇: {u.get('town', '—')}")
    document.add_heading("一、锅炉基本情况", level=1)
    capacity = (f"{b['rated_capacity_t_h']:g} t/h" if b.get("rated_capacity_t_h") else
                f"{b['rated_capacity_mw']:g} MW" if b.get("rated_capacity_mw") else "—")
    add_table(document, [(heading("device_code"), b.get("device_code") or report.inputs.get("boiler_id") or "—"),
                         *[(heading(name), b.get(name) or "—") for name in ("registration_no", "model", "manufacturer",
                                                                           "product_no")],
                         *[(heading(name), label(name, report.inputs.get(name)))
                           for name in ("boiler_kind", "fuel_kind", "combustion")],
                         ("额定容量", capacity), (heading("install_date"), str(b.get("install_date") or "—"))])
    document.add_heading("二、测试数据", level=1)
    add_table(document, measured_rows(report), MEASURED_HEADINGS)
    if run_rows(report):
        document.add_paragraph(f"本测试为同一工况的 {len(report.results['runs'])} 次试验, 测试数据为各次的平均值; "
                               "测试结果为各次试验结果的算术平均值 (GB/T 10180), 扩展不确定度含各次试验的重复性 (A 类)。")
        add_table(document, run_rows(report), run_headings(report))
    document.add_heading("三、测试结果", level=1)
    add_table(document, result_rows(report), ("项目", "结果", "单位"))
    rows = emission_rows(report)
    if rows:
        document.add_heading("四、大气污染物排放", level=1)
        add_table(document, rows, EMISSION_HEADINGS)
        document.add_paragraph(oxygen_basis(report))
        document.add_paragraph(f"限值依据: {limit_basis(report)}")
    document.add_heading("五、结论", level=1)
    for sentence in conclusions(report):
        document.add_paragraph(sentence, style="List Number")
    document.add_heading("六、说明", level=1)
    document.add_paragraph("计算依据 GB/T 10180 方法 (正平衡、反平衡), 能效等级依据 GB 24500-2020, 排放限值依据 GB 13271-2014 "
                           f"及 DB31/387-2018。标注「{PENDING}」的参考数据尚未与官方文本核实。所用参考数据及其版本:")
    document.add_paragraph(f"计算程序版本 {t.get('engine_version')}; {versions_text(t.get('reference_versions'))}")
    if report.results.get("inuse_basis"):
        document.add_paragraph(f"在用锅炉能效判定依据: {report.results['inuse_basis']}。GB 24500-2020 用于锅炉产品的设计或"
                               "定型试验热效率, 对运行工况测试仅给出参考等级。")
    if report.results.get("warnings"):
        document.add_paragraph(f"计算提示: {report.results['warnings']}")
    document.add_heading("七、签署", level=1)
    add_table(document, [("记录", ""), ("校对", ""), ("审核", ""), ("批准", "")], ("职责", "签名 / 日期"))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.size = run.font.size or Pt(10.5)
    document.save(path)
    return path


def result_items(report: TestReport) -> list[tuple[str, Any, str, int | None]]:
    """The result rows for the data sheet: (name, value, unit, decimals) — a number stays a number, a code its label."""
    items = []
    for (name_cn, text, unit), name in zip(result_rows(report), _result_names(report), strict=True):
        column = RESULT_BY_NAME[name]
        value = report.results.get(name)
        if column.kind == "float" and isinstance(value, (int, float)) and not math.isnan(value):
            items.append((name_cn, float(value), unit, column.decimals))
        else:
            items.append((name_cn, text, unit, None))
    return items


def _result_names(report: TestReport) -> list[str]:
    """The result columns of the report in order: the grade after the limit comparison, and for an operating test the
    in-use criterion and verdict right after it."""
    names = list(RESULT_ROWS)
    names.insert(10, "gb24500_grade")
    if report.results.get("inuse_verdict"):  # the in-use criterion and verdict right after the efficiency they judge
        names[11:11] = ["inuse_criterion_pct", "inuse_verdict"]
    return names


def _number_format(decimals: int | None) -> str:
    return "0" if not decimals else "0." + "0" * decimals


def write_xlsx(report: TestReport, path: Path) -> Path:
    """The data sheet: identification, measured data, results, emissions, runs and conclusions, one sheet each.
    Numbers are written as numbers with the number format of their decimals, so they can be computed with."""
    identification = [("报告编号", report.test["test_id"]), ("测试日期", str(report.test.get("test_date") or "")),
                      ("受检单位", report.unit.get("name") or "—"), ("设备代码", report.boiler.get("device_code") or "—"),
                      (heading("boiler_kind"), label("boiler_kind", report.inputs.get("boiler_kind"))),
                      (heading("fuel_kind"), label("fuel_kind", report.inputs.get("fuel_kind"))),
                      ("测试类型", type_of_test(report)), ("计算程序版本", report.test.get("engine_version") or "—"),
                      ("参考数据版本", versions_text(report.test.get("reference_versions")))]
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        book = writer.book
        text = book.add_format({"font_name": CHINESE_FONT})
        bold = book.add_format({"font_name": CHINESE_FONT, "bold": True, "bg_color": "#E6E6E6", "border": 1})
        formats: dict[int | None, Any] = {}

        def number_format(decimals: int | None):
            if decimals not in formats:
                formats[decimals] = book.add_format({"font_name": CHINESE_FONT, "num_format": _number_format(decimals)})
            return formats[decimals]

        def sheet(name: str, headings: tuple[str, ...], rows: list[tuple], decimals: list[int | None] | None = None):
            worksheet = book.add_worksheet(name)
            for column, heading_text in enumerate(headings):
                worksheet.write(0, column, heading_text, bold)
            for r, row in enumerate(rows, start=1):
                for column, value in enumerate(row):
                    if isinstance(value, float):
                        worksheet.write_number(r, column, value, number_format(decimals[r - 1] if decimals else 2))
                    else:
                        worksheet.write_string(r, column, "" if value is None else str(value), text)
            worksheet.set_column(0, 0, 34, text)
            worksheet.set_column(1, max(len(headings) - 1, 1), 16, text)

        sheet("基本信息", ("项目", "内容"), identification)
        measured = measured_items(report)
        sheet("测试数据", MEASURED_HEADINGS, [(n, v, u, src) for n, v, u, _, src in measured], [d for *_, d, _ in measured])
        results = result_items(report)
        sheet("测试结果", ("项目", "结果", "单位"), [(n, v, u) for n, v, u, _ in results], [d for *_, d in results])
        sheet("排放", EMISSION_HEADINGS, emission_rows(report))
        if run_rows(report):
            sheet("各次试验", run_headings(report), run_rows(report))
        sheet("结论", ("结论",), [(sentence,) for sentence in conclusions(report)])
    return path


def write_test_report(sessions: Sessions, test_id: str, folder: str | Path) -> tuple[Path, Path]:
    """Write ``<test_id>-能效测试报告.docx`` and ``<test_id>-数据表.xlsx`` into ``folder``."""
    report = load_report(sessions, test_id)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in test_id)
    return (write_docx(report, folder / f"{safe}-能效测试报告.docx"), write_xlsx(report, folder / f"{safe}-数据表.xlsx"))
