"""The behaviour lock: today's outputs equal the committed golden files, digit for digit.

Exact text comparison on purpose: the layered-house move changes no number, and floats are written at
full precision (repr), so a changed last digit is a changed result. Regenerate only with a deliberate
change of behaviour (`tests/golden/snapshot.py --write`) and commit the diff with it.
"""

import difflib

import pytest

from tests.golden import snapshot


def _compare(outputs: dict[str, str]) -> None:
    for name, text in outputs.items():
        expected = (snapshot.HERE / name).read_text(encoding="utf-8")
        if text != expected:
            diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), "golden/" + name, "now", n=0,
                                        lineterm="")
            pytest.fail(f"{name} differs from its golden file:\n" + "\n".join(list(diff)[:40]))


def test_evaluate_on_every_test_data_file_is_unchanged():
    _compare(snapshot.evaluated_files())


def test_evaluate_on_the_demo_tests_is_unchanged():
    from boilerlab.demo.district import generate_demo

    _compare(snapshot.evaluated_demo(generate_demo()))


def test_admission_decisions_and_opinion_sentences_are_unchanged():
    _compare(snapshot.admission_outputs())


def test_report_tables_are_unchanged(demo_database_file):
    from boilerlab.db import make_engine, session_factory

    engine = make_engine(f"sqlite:///{demo_database_file}")
    try:
        _compare(snapshot.report_outputs(session_factory(engine)))
    finally:
        engine.dispose()


def test_the_golden_files_are_all_produced():
    produced = set(snapshot.evaluated_files()) | {"evaluate_demo_tests.csv"} | set(snapshot.admission_outputs()) | {
        "test_reports.json", "campaign_report.json"}
    committed = {path.name for path in snapshot.HERE.iterdir() if path.suffix in (".csv", ".json")}
    assert committed == produced
