"""Golden outputs: what `evaluate`, the three report builders and the admission check print today.

The layered-house move (issue 10) must change no number and no sentence. This module computes the
outputs from the library's public entry points; ``test_golden.py`` compares them with the files
committed beside it. After a deliberate change of behaviour, write them anew and commit the diff with
the change that explains it:

    .venv/bin/python tests/golden/snapshot.py --write
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
DATA = ROOT / "tests" / "data"
#: Stored tests whose report tables are locked (every 25th of the demo's tests, in test-id order).
REPORT_EVERY = 25
CAMPAIGN_AS_OF = date(2024, 9, 30)


def _frame_text(frame: pd.DataFrame) -> str:
    """A frame as CSV text with floats at full precision (repr), so any change of a digit shows."""
    return frame.to_csv(index=False, float_format=lambda x: repr(float(x)), lineterminator="\n")


def evaluated_files() -> dict[str, str]:
    """`evaluate` (and the BEE method) on every input file under tests/data."""
    from boilerlab import evaluate
    from boilerlab.intake.evaluate import evaluate_bee

    out = {}
    for path in sorted(DATA.glob("*.csv")):
        raw = pd.read_csv(path)
        out[f"evaluate_{path.stem}.csv"] = _frame_text(evaluate(raw))
        out[f"evaluate_simple_{path.stem}.csv"] = _frame_text(evaluate(raw, q2_method="simple"))
    out["bee_validation_bee.csv"] = _frame_text(evaluate_bee(pd.read_csv(DATA / "validation_bee.csv")))
    return out


def evaluated_demo(demo: dict[str, pd.DataFrame]) -> dict[str, str]:
    """`evaluate` on the demo district's 1,000 tests."""
    from boilerlab import evaluate

    return {"evaluate_demo_tests.csv": _frame_text(evaluate(demo["tests"]))}


def applications() -> list[dict]:
    """Admission applications spanning every rule: the README's two, variants of each rule, gaps, and a seeded grid."""
    good = {"application_id": "G-GOOD", "unit_name": "某酒店", "town": "莘庄镇", "boiler_kind": "hot_water",
            "fuel_kind": "natural_gas", "combustion": "chamber", "condensing": "true", "rated_capacity_mw": 2.8,
            "design_efficiency_pct": 101.5, "efficiency_source": "type_test", "design_flue_temp_c": 60,
            "design_excess_air_ratio": 1.15, "nox_guarantee_mg_m3": 30, "install_date": "2026-10-01",
            "annual_hours": 3000, "annual_load_pct": 60}
    variants = [
        {"design_efficiency_pct": 97.9}, {"nox_guarantee_mg_m3": 50.1}, {"pm_guarantee_mg_m3": 25.0},
        {"design_flue_temp_c": 181.0}, {"design_excess_air_ratio": 1.21},
        {"fuel_kind": "bituminous", "combustion": "grate", "lhv_ar_kj_kg": 20000, "vdaf_pct": 30,
         "condensing": "false", "design_efficiency_pct": 85, "nox_guarantee_mg_m3": 60},
        {"fuel_kind": "diesel", "condensing": "false", "design_efficiency_pct": 92.0},
        {"fuel_kind": "electric", "design_efficiency_pct": 97.0, "condensing": "false"},
        {"boiler_kind": "steam", "rated_capacity_t_h": 4, "rated_capacity_mw": None, "condensing": "false",
         "design_efficiency_pct": 93.0, "design_flue_temp_c": 150},
        {"design_efficiency_pct": None}, {"install_date": None}, {"fuel_kind": None, "boiler_kind": None},
        {"rated_capacity_mw": -1}, {"condensing": "也许"}, {"annual_hours": None, "annual_load_pct": None},
    ]
    out = [good] + [{**good, **change, "application_id": f"G-V{i:02d}"} for i, change in enumerate(variants)]
    rng = np.random.default_rng(10)
    kinds, fuels = ["steam", "hot_water", "organic_heat_carrier"], ["natural_gas", "diesel", "lpg", "heavy_oil",
                                                                     "biomass", "bituminous"]
    for i in range(40):
        fuel = fuels[i % len(fuels)]
        out.append({"application_id": f"G-R{i:02d}", "boiler_kind": kinds[i % 3], "fuel_kind": fuel,
                    "combustion": "grate" if fuel in ("biomass", "bituminous") else "chamber",
                    "condensing": "true" if fuel == "natural_gas" and i % 2 else "false",
                    "rated_capacity_mw": float(np.round(rng.uniform(0.3, 30), 2)),
                    "design_efficiency_pct": float(np.round(rng.uniform(78, 104), 1)),
                    "design_flue_temp_c": float(np.round(rng.uniform(50, 220))),
                    "design_excess_air_ratio": float(np.round(rng.uniform(1.05, 1.6), 2)),
                    "nox_guarantee_mg_m3": float(np.round(rng.uniform(20, 200))),
                    "install_date": "2026-0%d-15" % (1 + i % 9),
                    "lhv_ar_kj_kg": 18000 if fuel in ("biomass", "bituminous") else None,
                    "vdaf_pct": 30 if fuel == "bituminous" else None,
                    "annual_hours": 2000 + 100 * i, "annual_load_pct": 50 + i % 40})
    return out


def admission_outputs() -> dict[str, str]:
    """Every decision (rules, values, thresholds, reasons, CO₂) and the opinion's sentences and shown values."""
    from boilerlab.standards.admission import check_admission
    from boilerlab.documents.admission_opinion import decision_sentences, shown_value

    decisions, sentences = [], []
    for application in applications():
        decision = check_admission(application)
        decisions.append(decision.as_dict())
        sentences.append({"application_id": application["application_id"],
                          "sentences": decision_sentences(decision),
                          "shown": {k: shown_value(k, v) for k, v in application.items()}})
    return {"admission_decisions.json": json.dumps(decisions, ensure_ascii=False, indent=1, default=str) + "\n",
            "admission_opinion.json": json.dumps(sentences, ensure_ascii=False, indent=1, default=str) + "\n"}


def report_outputs(sessions) -> dict[str, str]:
    """The 能效测试报告's tables and conclusions of every 25th stored test, and the demo campaign report's content."""
    from boilerlab.documents.campaign_report import build_report
    from boilerlab.db.campaigns import campaign_frames, list_campaigns
    from boilerlab.db.queries import load_report
    from boilerlab.documents.test_report import conclusions, emission_rows, measured_rows, result_rows
    from boilerlab.db.store import export_table

    ids = sorted(export_table(sessions, "tests")["test_id"])[::REPORT_EVERY]
    reports = []
    for test_id in ids:
        report = load_report(sessions, test_id)
        reports.append({"test_id": test_id, "measured": measured_rows(report), "results": result_rows(report),
                        "emissions": emission_rows(report), "conclusions": conclusions(report)})
    name = list_campaigns(sessions)["name"].iloc[0]
    report = build_report(campaign_frames(sessions, name=name), CAMPAIGN_AS_OF)
    campaign = {"title": report.title, "as_of": str(report.as_of), "summary": report.summary,
                "typical": report.typical, "next_steps": report.next_steps,
                "tables": {key: _frame_text(table) for key, table in report.tables.items()}}
    return {"test_reports.json": json.dumps(reports, ensure_ascii=False, indent=1, default=str) + "\n",
            "campaign_report.json": json.dumps(campaign, ensure_ascii=False, indent=1, default=str) + "\n"}


def demo_sessions(folder: Path):
    """A migrated SQLite database in ``folder`` with the demo district loaded."""
    from boilerlab.db import make_engine, session_factory, upgrade
    from boilerlab.demo.load import load_demo

    url = f"sqlite:///{folder / 'demo.db'}"
    upgrade(url)
    sessions = session_factory(make_engine(url))
    load_demo(sessions)
    return sessions


def everything(sessions, demo: dict[str, pd.DataFrame]) -> dict[str, str]:
    return {**evaluated_files(), **evaluated_demo(demo), **admission_outputs(), **report_outputs(sessions)}


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print(__doc__)
        return 2
    sys.path.insert(0, str(ROOT))
    from boilerlab.demo.district import generate_demo

    with tempfile.TemporaryDirectory() as folder:
        outputs = everything(demo_sessions(Path(folder)), generate_demo())
    for name, text in outputs.items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote tests/golden/{name} ({len(text):,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
