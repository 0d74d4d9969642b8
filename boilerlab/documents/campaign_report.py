"""The campaign report: one set of tables and charts, written as a Word document in the official layout, an
Excel workbook (every table on its own sheet, native charts) and a PDF of the same content with an embedded
Chinese font.

Figures come from :func:`boilerlab.db.campaigns.campaign_frames`; nothing here re-decides a rule. Rectification
status is reported as of a stated date (default :func:`~boilerlab.standards.campaign_rules.default_as_of`: the
campaign's planned end once past, else today): a finding still 整改中 after its deadline is overdue.
Charts are drawn by plotly and rendered to PNG by kaleido with the system Chromium (no download).
"""

from __future__ import annotations

import io
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from fpdf import FPDF
from fpdf.fonts import FontFace

from boilerlab.standards import campaign_rules as rules
from boilerlab.base.vocabulary import codes, heading, headings, label, labels
from boilerlab.db import Sessions
from boilerlab.standards.emissions import LIMITED, POLLUTANTS, VERDICT_COLUMNS
from boilerlab.db.campaigns import campaign_frames
from boilerlab.analysis.charts import FONT
from boilerlab.base.reference import load_reference
from boilerlab.documents.word import CHINESE_FONT, a4_page, add_table, column_widths, set_chinese_fonts

#: Noto Sans CJK (Debian fonts-noto-cjk); index 2 of the collection is Simplified Chinese
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FONT_INDEX = 2
_KALEIDO = threading.Lock()  # one kaleido server per process, used by one report at a time


@dataclass
class CampaignReport:
    """Everything the three files show."""

    title: str
    info: dict[str, Any]
    as_of: date
    summary: list[tuple[str, str]]
    tables: dict[str, pd.DataFrame]
    typical: list[str]
    next_steps: list[str]
    charts: dict[str, go.Figure] = field(default_factory=dict)
    #: The headline counts as of ``as_of`` — what the page's figures show too, from this one computation.
    figures: dict[str, int] = field(default_factory=dict)
    #: How the units and inspectors were chosen (section 二).
    scope: str = ""


def _percent(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "—"


def _verdict_counts(tests: pd.DataFrame, efficiency: pd.Series) -> pd.DataFrame:
    """Boilers by verdict (达标 / 不达标 / 不确定 / 无数据), for the efficiency and each pollutant, from each boiler's
    latest test. A test stored before verdicts with uncertainty existed counts by its plain comparison."""
    grade = tests["gb24500_grade"].fillna("")
    efficiency = efficiency.mask(efficiency == "", grade.map({"1": "pass", "2": "pass", "3": "pass", "below": "fail"}))
    rows = [(label("verdict_subject", "efficiency"), efficiency)]
    for pollutant in POLLUTANTS:
        plain = tests[f"{pollutant}_compliant"].map({True: "pass", False: "fail"}) if f"{pollutant}_compliant" in tests \
            else pd.Series(None, index=tests.index, dtype=object)
        given = tests[f"{pollutant}_verdict"].fillna("") if f"{pollutant}_verdict" in tests else plain.fillna("")
        rows.append((label("pollutant_name", pollutant), given.mask(given == "", plain)))
    judged = ("pass", "fail", "indeterminate")
    counts = [(name, *[int((values == code).sum()) for code in judged], int(len(values) - values.isin(judged).sum()))
              for name, values in rows]
    return pd.DataFrame(counts, columns=["判定项目", *(label("verdict_count", c) for c in (*judged, "none"))])


def build_report(frames: dict[str, Any], as_of: date) -> CampaignReport:
    """The report's numbers, tables and sentences from a campaign's frames (:func:`campaign_frames`), as the campaign
    stood at the end of ``as_of`` (:func:`boilerlab.standards.campaign_rules.as_of_date`)."""
    frames = rules.as_of_date(frames, as_of)
    info, plan, inspections = frames["campaign"], frames["plan"], frames["inspections"]
    items, findings, enforcement, tests = frames["items"], frames["findings"], frames["enforcement"], frames["tests"]
    inspected_units = rules.inspected_units(frames)  # a joint enforcement's unit: every listed vehicle inspected
    late = rules.overdue(findings, as_of) if len(findings) else pd.Series(dtype=bool)
    # an operating test is judged against the in-use criterion; a test stored before it existed, by the limit value
    verdict = tests["inuse_verdict"].fillna("") if "inuse_verdict" in tests else pd.Series("", index=tests.index)
    below = tests[(verdict == "fail") | ((verdict == "") & (tests["gb24500_grade"] == "below"))]
    undecided = tests[verdict == "indeterminate"]  # the criterion lies within the test's uncertainty
    emission_bad = tests[(tests[list(VERDICT_COLUMNS)] == False).any(axis=1)]  # noqa: E712
    reference = load_reference()  # a joint enforcement answers the vehicle checklist
    checklist = pd.concat([reference.tables["checklist_items"], reference.tables["vehicle_checklist"]]).set_index("item_id")

    # a boiler's latest test up to the campaign year may be years old: the lists flag it with its date
    old_tests = pd.to_datetime(tests["test_date"]).dt.year < int(info["year"])
    tests = tests.assign(old_test=old_tests.map({True: label("old_test", "yes"), False: ""}))
    old_dates = tests.loc[old_tests, "test_date"]
    below, undecided, emission_bad = (tests.loc[frame.index] for frame in (below, undecided, emission_bad))
    verdicts = _verdict_counts(tests, verdict)
    by_office = _progress(plan, inspected_units, items, findings, below, emission_bad, as_of, "office")
    by_town = _progress(plan, inspected_units, items, findings, below, emission_bad, as_of, "town")
    by_class = _progress(plan, inspected_units, items, findings, below, emission_bad, as_of, "risk_class")
    order = {c: n for n, c in enumerate(codes("risk_class"))}  # A … D, then the units drawn before the classes
    by_class = by_class.sort_values("risk_class", key=lambda c: c.map(order).fillna(len(order)), ignore_index=True)
    by_class["risk_class"] = [label("risk_class", c) if c in order else "未分类" for c in by_class["risk_class"]]
    sections = rules.nonconformities(items, "section") if len(items) else pd.DataFrame(
        columns=["section", "answered", "nonconforming", "nonconforming_pct"])
    per_item = rules.nonconformities(items, "item_id") if len(items) else sections.rename(columns={"section": "item_id"})
    per_item = per_item[per_item["nonconforming"] > 0].sort_values(["nonconforming", "item_id"],
                                                                  ascending=[False, True]).head(10)
    per_item.insert(1, "text", per_item["item_id"].map(checklist["text_cn"]))
    per_item.insert(1, "section", per_item["item_id"].map(checklist["section"]))
    status = pd.crosstab(findings["severity"], findings["status"]).reindex(
        index=list(rules.SEVERITIES), columns=list(rules.FINDING_STATES), fill_value=0) if len(findings) else \
        pd.DataFrame(0, index=list(rules.SEVERITIES), columns=list(rules.FINDING_STATES))
    status["逾期"] = findings[late].groupby("severity").size().reindex(status.index, fill_value=0) if len(findings) else 0
    overdue_list = findings[late].assign(days=(pd.Timestamp(as_of) - pd.to_datetime(findings.loc[late, "deadline"])).dt.days)
    actions = enforcement.groupby("action").size().reindex(list(rules.ACTIONS), fill_value=0)

    progress, tests_context = {"context": "campaign_progress", "brackets": "()"}, {"context": "campaign_tests", "brackets": "()"}
    pollutants = labels("pollutant")
    exceeded = ["、".join(pollutants[p] for p in LIMITED if row[f"{p}_compliant"] is False)
                for _, row in emission_bad.iterrows()]
    tables = {
        "按监管所进度": by_office.rename(columns=headings(by_office.columns, **progress)),
        "按街镇进度": by_town.rename(columns=headings(by_town.columns, **progress)),
        "按信用风险分类进度": by_class.rename(columns=headings(by_class.columns, **progress)),
        "不符合项按部分": sections.rename(columns=headings(sections.columns, brackets="()")),
        "典型问题": per_item.rename(columns=headings(per_item.columns, brackets="()")),
        "问题整改情况": status.rename_axis(heading("severity")).reset_index(),
        "逾期问题清单": overdue_list[list(OVERDUE_COLUMNS)].rename(columns=headings(OVERDUE_COLUMNS)),
        "判定统计": verdicts,
        "能效未达限定值锅炉": below[list(BELOW_COLUMNS)].rename(columns=headings(BELOW_COLUMNS, **tests_context)),
        "排放超标锅炉": emission_bad[list(EMISSION_COLUMNS)].assign(exceeded=exceeded).rename(
            columns=headings([*EMISSION_COLUMNS, "exceeded"])),
        "执法情况": actions.rename_axis(heading("action")).reset_index(name=heading("count")),
    }
    joint = info.get("draw_method") == "joint_vehicle"  # in-plant vehicles: no boiler, test or credit-class figures
    if joint:
        for name in ("按信用风险分类进度", "判定统计", "能效未达限定值锅炉", "排放超标锅炉"):
            del tables[name]
        for name in ("按监管所进度", "按街镇进度"):  # (the vehicle checklist has no energy-saving section)
            tables[name] = tables[name].drop(columns=[heading("below", **progress), heading("emission", **progress),
                                                      heading("节能", **progress)])
    planned, done = len(plan), len(inspected_units)
    rectified = int(findings["status"].isin([rules.RECTIFIED, rules.REVIEWED]).sum()) if len(findings) else 0
    figures = {"planned": planned, "inspected": done, "boilers": int(inspections["device_code"].notna().sum()),
               "findings": len(findings), "open": len(findings) - rectified, "rectified": rectified,
               "reviewed": int((findings["status"] == rules.REVIEWED).sum()) if len(findings) else 0,
               "overdue": int(late.sum()), "below": len(below), "undecided": len(undecided),
               "emission": len(emission_bad), "old_tests": int(old_tests.sum())}
    summary = [
        ("纳入检查的重点单位", f"{planned} 家 (区级重点 {int((plan['selection'] == rules.MUST).sum())} 家)"),
        ("已检查单位", f"{done} 家, 覆盖率 {_percent(done, planned)}"),
        ("检查锅炉", f"{int(inspections['device_code'].notna().sum())} 台"),
        ("发现问题 (隐患)", f"{len(findings)} 项, 已整改 {rectified} 项 (其中已复查 "
                          f"{int((findings['status'] == rules.REVIEWED).sum()) if len(findings) else 0} 项), "
                          f"整改中 {len(findings) - rectified} 项, 逾期 {int(late.sum())} 项"),
        ("能效未达限定值的锅炉", f"{len(below)} 台 (以 {info['year']} 年底前最近一次能效测试为准; 运行工况测试按在用锅炉判定指标)"),
        ("最近一次测试早于本年度的锅炉", f"{int(old_tests.sum())} 台 (最早 {_earliest(old_dates)}; "
                                     f"名单中注「{label('old_test', 'yes')}」)" if old_tests.any() else "无"),
        ("能效判定不确定的锅炉", f"{len(undecided)} 台 (判定指标落在测试结果 ± 扩展不确定度之内)"),
        ("排放超标的锅炉", f"{len(emission_bad)} 台"),
        ("执法措施", "、".join(f"{a} {n} 件" for a, n in actions.items()) or "无"),
    ]
    typical = [f"{row['部分']}: {row['检查项目']} — 不符合 {row['不符合项次']} 项次" for _, row in
               tables["典型问题"].iterrows()]
    next_steps = []
    if joint:
        listed = frames["listed"]
        listed_done = int(listed["device_code"].isin(set(inspections["device_code"])).sum())
        figures |= {"listed": len(listed), "listed_inspected": listed_done}
        summary = [("纳入检查的单位", f"{planned} 家 (季度通报联合执法清单所列单位)"),
                   ("已检查单位", f"{done} 家 (清单车辆均已检查), 覆盖率 {_percent(done, planned)}"),
                   ("清单车辆", f"{len(listed)} 台, 已检查 {listed_done} 台"),
                   ("检查场车", f"{int(inspections['device_code'].notna().sum())} 台 (含清单外车辆)"), summary[3],
                   summary[-1]]
        if done < planned:
            next_steps.append(f"尚有 {planned - done} 家清单单位未检查, 须在 {info['planned_end']} 前完成。")
    elif done < planned:
        next_steps.append(f"尚有 {planned - done} 家重点单位未检查, 须在 {info['planned_end']} 前完成, 确保每家重点单位每年至少检查一次。")
    if late.any():
        next_steps.append(f"对逾期未整改的 {int(late.sum())} 项问题督促整改, 逾期拒不整改的依法处理。")
    if len(below):
        next_steps.append(f"督促 {len(below)} 台能效未达限定值的锅炉开展节能改造或淘汰, 改造后重新进行能效测试。")
    if len(undecided):
        next_steps.append(f"对 {len(undecided)} 台能效判定不确定的锅炉, 要求按详细测试并提供实测燃料发热量重新测试。")
    if len(emission_bad):
        next_steps.append(f"将 {len(emission_bad)} 台排放超标锅炉的情况通报生态环境部门。")
    next_steps.append("对已整改问题组织复查, 巩固专项检查成果。")
    if joint:
        next_steps.append("将检查与整改情况反馈区生态环境局, 并在下一季度通报中核对问题车辆的整改结果。")
    return CampaignReport(title=f"{info['name']}工作报告", info=info, as_of=as_of, summary=summary, tables=tables,
                          typical=typical, next_steps=next_steps, charts=_charts(tables), figures=figures,
                          scope=_scope(info))


def _scope(info: dict[str, Any]) -> str:
    """Section 二's sentence: whom the campaign covers and how they and the inspectors were drawn."""
    if info.get("draw_method") == "joint_vehicle":
        return (f"季度通报联合执法清单所列单位全部检查, 逐台核查清单车辆; 检查人员按「双随机」从单位所属监管所随机选派 "
                f"(随机种子 {info['seed']}, 抽取过程留痕)。")
    scope = ("全部重点单位" if info["sample_ratio"] >= 1 else
             "区级重点单位全部检查, 其余单位按信用风险分类 (A、B、C、D 类) 各自的比例随机抽取"
             if info.get("draw_method") == "risk_class" else
             f"区级重点单位全部检查, 其余单位按 {info['sample_ratio']:.0%} 比例分所随机抽取")
    return f"{scope}; 检查对象与检查人员按「双随机、一公开」随机抽取 (随机种子 {info['seed']}, 抽取过程留痕)。"


def _earliest(dates: pd.Series) -> str:
    return pd.to_datetime(dates).min().date().isoformat()


#: The statistics tables of section 四 (统计情况), in their order.
STATISTICS = ("按监管所进度", "按街镇进度", "按信用风险分类进度", "不符合项按部分", "判定统计", "能效未达限定值锅炉", "排放超标锅炉",
              "执法情况")
#: The columns of the report's lists of findings and boilers (headers from the vocabulary).
OVERDUE_COLUMNS = ("unit_name", "office", "device_code", "section", "description", "deadline", "days")
BELOW_COLUMNS = ("unit_name", "office", "device_code", "test_id", "test_date", "old_test", "eta_governing_pct",
                 "gb24500_limit_pct", "inuse_criterion_pct")
EMISSION_COLUMNS = ("unit_name", "office", "device_code", "test_id", "test_date", "old_test")


def _progress(plan: pd.DataFrame, inspected_units: set, items: pd.DataFrame, findings: pd.DataFrame,
              below: pd.DataFrame, emission_bad: pd.DataFrame, as_of: date, by: str) -> pd.DataFrame:
    """Per office or town: planned and inspected units, non-conformities by section, findings (all, open,
    overdue), boilers below the GB 24500 limit value and boilers over an emission limit."""
    table = rules.coverage(plan, inspected_units, by).set_index(by)
    bad = items[items["result"] == "不符合"]
    table = table.join(bad.groupby([by, "section"]).size().unstack().reindex(columns=list(rules.SECTIONS)))
    if len(findings):
        table = table.join(rules.findings_by(findings, as_of, by).set_index(by)[["total", "open", "overdue"]])
    table = table.reindex(columns=[*table.columns[:3], *rules.SECTIONS, "total", "open", "overdue"])
    table["below"] = below.groupby(by).size()
    table["emission"] = emission_bad.groupby(by).size()
    counts = [c for c in table.columns if c not in ("planned", "inspected", "coverage_pct")]
    table[counts] = table[counts].fillna(0).astype(int)
    return table.reset_index()


def _charts(tables: dict[str, pd.DataFrame]) -> dict[str, go.Figure]:
    office = tables["按监管所进度"]
    coverage = go.Figure([go.Bar(x=office["监管所"], y=office["计划检查单位"], name="计划检查单位"),
                          go.Bar(x=office["监管所"], y=office["已检查单位"], name="已检查单位")])
    coverage.update_layout(barmode="group", title="各监管所检查进度", yaxis_title="单位 [家]")
    sections = tables["不符合项按部分"]
    nonconforming = go.Figure(go.Bar(x=sections["部分"], y=sections["不符合项次"], marker_color="#d62728"))
    nonconforming.update_layout(title="不符合项 (按安全、节能、环保)", yaxis_title="不符合项次")
    status = tables["问题整改情况"]
    findings = go.Figure([go.Bar(x=status["严重程度"], y=status[s], name=s) for s in rules.FINDING_STATES])
    findings.update_layout(barmode="stack", title="问题整改情况 (按严重程度)", yaxis_title="问题 [项]")
    for figure in (coverage, nonconforming, findings):
        figure.update_layout(font_family=FONT, template="plotly_white", margin=dict(l=50, r=20, t=60, b=120))
    return {"按监管所进度": coverage, "不符合项按部分": nonconforming, "问题整改情况": findings}  # by the table they draw


class ChromiumMissingError(RuntimeError):
    """No Chromium to render the charts with (Debian package ``chromium``; nothing is downloaded)."""


def chromium_path() -> str | None:
    """The browser kaleido will use: ``BROWSER_PATH``, else the first Chromium or Chrome on ``PATH``."""
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
    return os.environ.get("BROWSER_PATH") or next((path for name in names if (path := shutil.which(name))), None)


def chart_pngs(report: CampaignReport) -> dict[str, bytes]:
    """The charts as PNG (kaleido + the system Chromium, MathJax off: nothing is fetched).

    Raises ``ChromiumMissingError`` at once when there is no browser: kaleido's server thread would die on it and
    leave the caller waiting for ever."""
    import kaleido

    if chromium_path() is None:
        raise ChromiumMissingError("无法绘制报告图表: 本机未安装 Chromium (Debian 软件包 chromium, make run 会安装)")
    with _KALEIDO:
        kaleido.start_sync_server(n=1, timeout=120, mathjax=False, silence_warnings=True)
        return {name: kaleido.calc_fig_sync(figure, opts={"format": "png", "scale": 2, "width": 1000, "height": 480})
                for name, figure in report.charts.items()}


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def write_docx(report: CampaignReport, pngs: dict[str, bytes], path: Path) -> Path:
    """The report in the official layout: title, basis, scope, work done, statistics with charts, typical problems,
    rectification, next steps; 宋体 on every style."""
    document = Document()
    a4_page(document)
    set_chinese_fonts(document)
    heading = document.add_heading(report.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    info = report.info
    document.add_paragraph(f"统计截至 {report.as_of.isoformat()}    检查期间 {info['planned_start']} 至 {info['planned_end']}")
    document.add_heading("一、工作依据", level=1)
    document.add_paragraph(info.get("basis") or "—")
    document.add_heading("二、检查范围", level=1)
    document.add_paragraph(f"{report.scope}{report.summary[0][0]} {report.summary[0][1]}。")
    document.add_heading("三、工作开展情况", level=1)
    add_table(document, report.summary, ("项目", "情况"))
    document.add_heading("四、统计情况", level=1)
    for name in (n for n in STATISTICS if n in report.tables):
        document.add_heading(name, level=2)
        frame = report.tables[name]
        if len(frame):
            add_table(document, [tuple(_cell(v) for v in row) for row in frame.itertuples(index=False)],
                      tuple(frame.columns))
        else:
            document.add_paragraph("无。")
        if name in pngs:
            document.add_picture(io.BytesIO(pngs[name]), width=Cm(16))
    document.add_heading("五、典型问题", level=1)
    for sentence in report.typical or ["未发现不符合项。"]:
        document.add_paragraph(sentence, style="List Number")
    document.add_heading("六、整改情况", level=1)
    status = report.tables["问题整改情况"]
    add_table(document, [tuple(_cell(v) for v in row) for row in status.itertuples(index=False)], tuple(status.columns))
    if "问题整改情况" in pngs:
        document.add_picture(io.BytesIO(pngs["问题整改情况"]), width=Cm(16))
    overdue = report.tables["逾期问题清单"]
    document.add_paragraph(f"逾期未整改问题 {len(overdue)} 项, 清单见数据表「逾期问题清单」。")
    document.add_heading("七、下一步工作", level=1)
    for sentence in report.next_steps:
        document.add_paragraph(sentence, style="List Number")
    document.save(path)
    return path


def write_xlsx(report: CampaignReport, path: Path) -> Path:
    """Every table on its own sheet (宋体), with native Excel charts beside the progress, section and status tables."""
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False}}) as writer:
        book = writer.book
        text = book.add_format({"font_name": CHINESE_FONT})
        pd.DataFrame(report.summary, columns=["项目", "情况"]).to_excel(writer, sheet_name="总体情况", index=False)
        writer.sheets["总体情况"].set_column(0, 1, 40, text)
        for name, frame in report.tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            writer.sheets[name].set_column(0, max(len(frame.columns) - 1, 0), 16, text)
        charts = (("按监管所进度", "column", ["计划检查单位", "已检查单位"]), ("不符合项按部分", "column", ["不符合项次"]),
                  ("问题整改情况", "column", list(rules.FINDING_STATES)))
        for sheet, kind, series in charts:
            frame = report.tables[sheet]
            if frame.empty:
                continue
            chart = book.add_chart({"type": kind, "subtype": "stacked"} if sheet == "问题整改情况" else {"type": kind})
            for column in series:
                position = list(frame.columns).index(column)
                chart.add_series({"name": column, "categories": [sheet, 1, 0, len(frame), 0],
                                  "values": [sheet, 1, position, len(frame), position]})
            chart.set_title({"name": sheet})
            writer.sheets[sheet].insert_chart(1, len(frame.columns) + 1, chart, {"x_scale": 1.6, "y_scale": 1.3})
    return path


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("cjk", size=8)
        self.cell(0, 8, f"第 {self.page_no()} 页 / 共 {{nb}} 页", align="C")


def _pdf_text(value: Any) -> str:
    # Noto Sans CJK has no subscript digits: write CO2, not CO₂
    return _cell(value).translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))


def write_pdf(report: CampaignReport, pngs: dict[str, bytes], path: Path) -> Path:
    """The same content as a PDF with Noto Sans CJK SC embedded (subset)."""
    if not CJK_FONT.is_file():
        raise FileNotFoundError(f"中文字体缺失 / CJK font missing: {CJK_FONT} (Debian package fonts-noto-cjk)")
    pdf = _Pdf(format="A4")
    pdf.add_font("cjk", "", str(CJK_FONT), collection_font_number=CJK_FONT_INDEX)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 10, _pdf_text(report.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    info = report.info
    pdf.multi_cell(0, 6, f"统计截至 {report.as_of.isoformat()}    检查期间 {info['planned_start']} 至 {info['planned_end']}",
                   align="C", new_x="LMARGIN", new_y="NEXT")

    def heading(text: str, size: int = 12) -> None:
        pdf.ln(2)
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(0, 8, _pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=9)

    def paragraph(text: str) -> None:
        pdf.multi_cell(0, 5.5, _pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def table(frame: pd.DataFrame) -> None:
        if frame.empty:
            paragraph("无。")
            return
        pdf.set_font("cjk", size=7.5)
        header = [_pdf_text(c) for c in frame.columns]
        rows = [[_pdf_text(v) for v in row] for row in frame.itertuples(index=False)]
        with pdf.table(headings_style=FontFace(emphasis=None, fill_color=(230, 230, 230)), line_height=4.5,
                       text_align="LEFT", col_widths=tuple(column_widths(header, rows, measure=pdf.get_string_width,
                                                              room=pdf.epw, padding=2.5))) as grid:
            grid.row(header)
            for row in rows:
                grid.row(row)
        pdf.set_font("cjk", size=9)

    heading("一、工作依据")
    paragraph(info.get("basis") or "—")
    heading("二、检查范围")
    paragraph(f"{report.scope}{report.summary[0][0]} {report.summary[0][1]}。")
    heading("三、工作开展情况")
    table(pd.DataFrame(report.summary, columns=["项目", "情况"]))
    heading("四、统计情况")
    for name in (n for n in STATISTICS if n in report.tables):
        heading(name, 10)
        table(report.tables[name])
        if name in pngs:
            pdf.image(io.BytesIO(pngs[name]), w=170)
    heading("五、典型问题")
    for number, sentence in enumerate(report.typical or ["未发现不符合项。"], 1):
        paragraph(f"{number}. {sentence}")
    heading("六、整改情况")
    table(report.tables["问题整改情况"])
    if "问题整改情况" in pngs:
        pdf.image(io.BytesIO(pngs["问题整改情况"]), w=170)
    paragraph(f"逾期未整改问题 {len(report.tables['逾期问题清单'])} 项。")
    heading("七、下一步工作")
    for number, sentence in enumerate(report.next_steps, 1):
        paragraph(f"{number}. {sentence}")
    pdf.output(str(path))
    return path


def write_campaign_report(sessions: Sessions, folder: str | Path, *, year: int | None = None,
                          name: str | None = None, as_of: date | None = None,
                          progress: Callable[[float, str], None] | None = None) -> tuple[Path, Path, Path]:
    """Write ``<campaign name>-报告.docx``, ``.xlsx`` and ``.pdf`` into ``folder``: the campaign named ``name``, or
    the only one of ``year``."""
    progress = progress or (lambda _done, _text: None)
    progress(0.0, "读取检查数据…")
    frames = campaign_frames(sessions, year, name)
    report = build_report(frames, as_of or rules.default_as_of(frames["campaign"]["planned_end"], date.today()))
    progress(0.2, "绘制图表…")
    pngs = chart_pngs(report)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in frames["campaign"]["name"]) + "-报告"
    progress(0.45, "写入 Word…")
    docx = write_docx(report, pngs, folder / f"{stem}.docx")
    progress(0.6, "写入 Excel…")
    xlsx = write_xlsx(report, folder / f"{stem}.xlsx")
    progress(0.75, "写入 PDF…")
    pdf = write_pdf(report, pngs, folder / f"{stem}.pdf")
    progress(1.0, "报告已生成")
    return docx, xlsx, pdf
