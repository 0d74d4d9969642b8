"""The 准入审查意见书: sentences and the Word document."""

import io

from docx import Document
from boilerlab.standards.admission import check_admission
from boilerlab.documents.admission_opinion import decision_sentences, opinion_docx


APPLICATION = {"application_id": "DJ-1", "unit_name": "上海某厂", "credit_code": "91350100M000100Y43", "town": "莘庄镇",
               "boiler_kind": "hot_water", "fuel_kind": "natural_gas",
               "combustion": "chamber", "rated_capacity_mw": 2.8, "design_efficiency_pct": 91,
               "design_flue_temp_c": 120, "design_excess_air_ratio": 1.2, "nox_guarantee_mg_m3": 30,
               "annual_hours": 3000, "annual_load_pct": 70, "install_date": "2026-05-01"}


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_opinion_of_a_rejected_application_names_the_failing_rule():
    decision = check_admission(APPLICATION)
    text = _text(opinion_docx(APPLICATION, decision, clerk="李登记"))
    assert "锅炉使用登记能效与碳排放准入审查意见书" in text and "不予通过" in text
    # a full sentence: the requirement, the declared value, what is required, the standard — no internal rule id
    assert decision_sentences(decision)[1] == ("1. 设计或定型测试热效率不低于 GB 24500-2020 能效限定值: 申报 91 %、要求 92 %; "
                                               "能效等级 未达能效限定值 (限定值 92 %)。")
    assert "A01" not in text and "序号" in text
    assert "李登记" in text and "DJ-1" in text and "尚未与官方文本核实" in text and decision.reference_versions in text
    assert "UNCONFIRMED" not in text  # the caveat is said in Chinese
    assert f"{decision.co2_t_per_year:.1f} t" in text


def test_opinion_of_an_approved_and_of_an_incomplete_application():
    approved = check_admission({**APPLICATION, "design_efficiency_pct": 93})
    assert approved.decision == "通过" and "同意办理使用登记" in _text(opinion_docx(APPLICATION, approved))
    incomplete = check_admission({k: v for k, v in APPLICATION.items() if k != "design_efficiency_pct"})
    sentences = decision_sentences(incomplete)
    assert incomplete.decision == "需补充材料" and sentences[0].startswith("申请资料不全") and len(sentences) > 1


def test_opinion_document_sets_a_chinese_font_on_every_style():
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(opinion_docx(APPLICATION, check_admission(APPLICATION))))
    for style in document.styles:
        fonts = style.element.rPr.find(qn("w:rFonts")) if getattr(style, "font", None) is not None and \
            style.element.rPr is not None else None
        if fonts is not None:
            assert fonts.get(qn("w:eastAsia")) == "宋体", style.name
