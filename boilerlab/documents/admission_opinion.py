"""The registration clerk's printable opinion (使用登记能效与碳排放准入审查意见书) as a Word document.

It is written from an :class:`~boilerlab.standards.admission.AdmissionDecision` and the application it decided;
nothing here re-checks a rule. Every rule appears with its outcome, the value seen, the threshold and
the reason, then the decision sentence, the annual CO₂ estimate, the reference-table versions (with
the caveat when the admission rules are still UNCONFIRMED) and the sign-off block.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from boilerlab.standards.admission import APPROVED, INCOMPLETE, REJECTED, AdmissionDecision
from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.base.vocabulary import APPLICATION_BY_NAME, codes, label
from boilerlab.base.vocabulary import shown_value as vocabulary_value
from boilerlab.documents.word import a4_page, add_table, set_chinese_fonts

TITLE = "锅炉使用登记能效与碳排放准入审查意见书"
SHOWN = ("unit_name", "credit_code", "town", "boiler_kind", "fuel_kind", "combustion", "condensing", "rated_capacity_t_h",
         "rated_capacity_mw", "rated_pressure_mpa_g", "design_efficiency_pct", "efficiency_source", "design_flue_temp_c",
         "design_excess_air_ratio", "nox_guarantee_mg_m3", "so2_guarantee_mg_m3", "pm_guarantee_mg_m3", "install_date",
         "annual_hours", "annual_load_pct")


def shown_value(name: str, value: Any, unit: str = "") -> str:
    """A field or rule value as printed: Chinese names for coded values, the unit after numbers (the field's, or
    ``unit`` for a rule's value), lists joined. A rule's text value or list is a fuel (the fuel rule's)."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, (list, tuple)):
        return "、".join(label("fuel_kind", v) for v in value)
    if name in ("boiler_kind", "fuel_kind", "combustion", "efficiency_source"):
        return label(name, value)
    if not name and isinstance(value, str) and value in codes("fuel_kind"):
        return label("fuel_kind", value)
    if name == "condensing":
        return vocabulary_value(name, str(value).lower() in ("true", "1", "是"))
    unit = APPLICATION_BY_NAME[name].unit if name in APPLICATION_BY_NAME else unit
    text = f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
    return f"{text} {unit}".strip()


def reason_sentence(result: Any) -> str:
    """One rule not met as a full sentence: the requirement, the value declared, what is required and why — the
    rule's internal id is not printed (the opinion is read by the applicant)."""
    parts = []
    if result.value is not None:
        parts.append(f"申报 {shown_value('', result.value, result.unit)}")
    if result.threshold is not None:
        parts.append(f"要求 {shown_value('', result.threshold, result.unit)}")
    detail = "、".join(parts)
    reason = str(result.reason or "").strip()
    text = "; ".join(part for part in (detail, reason) if part) or "未满足"
    return f"{result.text}: {text}。"


def decision_sentences(decision: AdmissionDecision) -> list[str]:
    """The opinion's conclusion: the decision and, where not approved, each rule that failed or lacks data."""
    failing = decision.failing()
    listed = [f"{number}. {reason_sentence(r)}" for number, r in enumerate(failing, 1)]
    if decision.decision == APPROVED:
        return ["经审查, 该锅炉符合使用登记能效与碳排放准入要求, 同意办理使用登记。"]
    if decision.decision == REJECTED:
        return ["经审查, 该锅炉不符合下列使用登记准入要求, 不予通过; 请整改后重新申请:"] + listed
    if decision.decision == INCOMPLETE:
        return ["申请资料不全, 暂不能作出准入结论; 请补充下列资料后重新提交:"] + listed
    return [f"审查结论: {decision.decision}"]


def opinion_docx(application: Mapping[str, Any], decision: AdmissionDecision, *, clerk: str = "",
                 issued: date | None = None, reference: ReferenceData | None = None) -> bytes:
    """The opinion as the bytes of a .docx file.

    Parameters
    ----------
    application : mapping
        The application fields (admission-application.md names).
    decision : AdmissionDecision
        What :func:`boilerlab.standards.admission.check_admission` returned for it.
    clerk : str
        The clerk's name printed as 经办人 (blank: left to sign by hand).
    issued : date, optional
        Date printed on the opinion (default: today).
    """
    ref = reference or load_reference()
    document = Document()
    a4_page(document)
    set_chinese_fonts(document)
    heading = document.add_heading(TITLE, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"申请编号: {decision.application_id or '—'}    出具日期: {(issued or date.today()).isoformat()}")
    document.add_heading("一、申请登记锅炉基本情况", level=1)
    add_table(document, [(APPLICATION_BY_NAME[name].name_cn, shown_value(name, application.get(name))) for name in SHOWN], ("项目", "申报内容"))
    document.add_heading("二、准入审查项目", level=1)
    add_table(document, [(str(number), r.text, r.status, shown_value("", r.value, r.unit), shown_value("", r.threshold, r.unit),
                          r.reason or "—") for number, r in enumerate(decision.rules, 1)],
              ("序号", "审查内容", "结果", "申报值", "要求", "说明"))
    document.add_heading("三、碳排放估算", level=1)
    if decision.co2_t_per_year is not None:
        intensity = f", CO₂ 排放强度 {decision.co2_intensity_kg_gj:.1f} kg/GJ (有效利用热)" \
            if decision.co2_intensity_kg_gj is not None else ""
        document.add_paragraph(f"按申报的额定容量、设计热效率、年运行小时和平均负荷率估算, 年二氧化碳排放量约 "
                               f"{decision.co2_t_per_year:.1f} t{intensity}。")
    else:
        document.add_paragraph("申报资料不足, 未估算年二氧化碳排放量。")
    document.add_heading("四、审查意见", level=1)
    for sentence in decision_sentences(decision):
        document.add_paragraph(sentence)
    document.add_heading("五、说明", level=1)
    document.add_paragraph("审查依据: GB 24500-2020《工业锅炉能效限定值及能效等级》、GB 13271-2014、DB31/387-2018 及本局使用登记准入规则。")
    if ref.unconfirmed("admission_rules"):
        document.add_paragraph("部分准入规则的限值取自尚未与官方文本核实的参考数据, 作出决定前应核对原文。")
    document.add_paragraph(f"参考数据版本: {decision.reference_versions}")
    document.add_heading("六、签署", level=1)
    add_table(document, [("经办人", clerk), ("审核人", ""), ("日期", ""), ("单位盖章", "")], ("职责", "签名"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
