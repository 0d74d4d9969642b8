"""The language check on every document the workbench writes (issue 13, item 7): the 能效测试报告 (DOCX and XLSX)
of demo tests of every fuel, the 准入审查意见书 of an approved, a rejected and an incomplete application, and the
campaign report in its three formats carry no internal code and no English sentence (:mod:`tests.language`)."""

import logging
from datetime import date

import pandas as pd
import pytest

from boilerlab.db.queries import tests_frame as stored_tests  # not collected as a test
from boilerlab.documents.admission_opinion import opinion_docx
from boilerlab.documents.campaign_report import write_campaign_report
from boilerlab.documents.test_report import write_test_report
from boilerlab.standards.admission import check_admission
from tests.documents.test_admission_opinion import APPLICATION
from tests.system_tools import needs_chromium
from tests.language import docx_text, foreign_text, pdf_text, xlsx_text


@pytest.fixture(autouse=True)
def _every_header_and_code_has_its_chinese_name(caplog):
    """A column or code the vocabulary does not know would be written as itself (the vocabulary warns): none."""
    caplog.set_level(logging.WARNING, logger="boilerlab.base.vocabulary")
    yield
    unnamed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("no Chinese label")]
    assert not unnamed, unnamed


def _one_test_per_fuel_and_grade(sessions) -> list[str]:
    """A stored test of every fuel and of every grade the demo holds (the documents differ most between them)."""
    tests = stored_tests(sessions)
    picked = pd.concat([tests.drop_duplicates("fuel_kind"), tests.drop_duplicates("gb24500_grade")])
    return sorted(set(picked["test_id"]))


def test_every_test_report_is_in_chinese(demo_sessions, tmp_path):
    test_ids = _one_test_per_fuel_and_grade(demo_sessions)
    assert len(test_ids) >= 6  # the demo has six fuels: the check must have read several reports
    problems = []
    for test_id in test_ids:
        docx_path, xlsx_path = write_test_report(demo_sessions, test_id, tmp_path / test_id)
        problems += [f"{docx_path.name}: {found}" for found in foreign_text(docx_text(docx_path.read_bytes()))]
        problems += [f"{xlsx_path.name}: {found}" for found in foreign_text(xlsx_text(xlsx_path.read_bytes()))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("change", [{}, {"design_efficiency_pct": 80.0, "fuel_kind": "diesel"},
                                    {"design_efficiency_pct": None, "credit_code": "", "town": ""}],
                         ids=["approved", "rejected", "incomplete"])
def test_every_admission_opinion_is_in_chinese(change):
    application = {**APPLICATION, **change}
    text = docx_text(opinion_docx(application, check_admission(application), clerk="李登记"))
    assert "审查意见" in text  # the document was read
    assert not foreign_text(text), "\n".join(foreign_text(text))


def test_the_campaign_report_is_in_chinese_in_all_three_formats(demo_sessions, tmp_path):
    needs_chromium()
    paths = write_campaign_report(demo_sessions, tmp_path, year=2024, as_of=date(2024, 9, 30))
    texts = {path.suffix: (docx_text(path.read_bytes()) if path.suffix == ".docx" else
                           xlsx_text(path.read_bytes()) if path.suffix == ".xlsx" else pdf_text(path)) for path in paths}
    assert set(texts) == {".docx", ".xlsx", ".pdf"} and all("已检查单位" in text for text in texts.values())
    problems = [f"{suffix}: {found}" for suffix, text in texts.items() for found in foreign_text(text)]
    assert not problems, "\n".join(problems)
