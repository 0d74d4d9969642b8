"""Registration admission check: rules one by one and together, missing data, the CLI.

Thresholds come from data/reference/admission_rules.csv (UNCONFIRMED parameters, editable) and the
limit tables; each expected outcome below is read off those rows."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from boilerlab.standards.admission import (APPROVED, FAIL, INCOMPLETE, MISSING, PASS, REJECTED, annual_co2,
                                 check_admission)
from boilerlab.cli import main

ROOT = Path(__file__).resolve().parents[2]

GOOD = {"application_id": "MH-1", "unit_name": "某酒店", "credit_code": "91350100M000100Y43", "town": "莘庄镇",
        "boiler_kind": "hot_water",
        "fuel_kind": "natural_gas", "combustion": "chamber", "condensing": "true", "rated_capacity_mw": 2.8,
        "design_efficiency_pct": 101.5, "efficiency_source": "type_test", "design_flue_temp_c": 60,
        "design_excess_air_ratio": 1.15, "nox_guarantee_mg_m3": 30, "install_date": "2026-10-01",
        "annual_hours": 3000, "annual_load_pct": 60}


def rule(decision, rule_id):
    return next(r for r in decision.rules if r.rule_id == rule_id)


def test_a_complete_compliant_application_passes():
    decision = check_admission(GOOD)
    assert decision.decision == APPROVED
    assert not decision.failing()
    # A01: condensing natural gas, table 4 limit 98 % (grade 2 at 101 %)
    assert rule(decision, "A01").status == PASS and rule(decision, "A01").threshold == 98.0
    # A03: Shanghai DB31/387-2018 NOx 50 mg/m³ for gas boilers (emission_limits SH-S2/SH-new rows)
    assert rule(decision, "A03").threshold == 50.0


@pytest.mark.parametrize("change, rule_id, threshold", [
    ({"design_efficiency_pct": 97.9}, "A01", 98.0),            # below the condensing-gas limit value
    ({"fuel_kind": "bituminous", "combustion": "grate", "lhv_ar_kj_kg": 20000, "vdaf_pct": 30,
      "condensing": "false", "design_efficiency_pct": 85, "nox_guarantee_mg_m3": 60}, "A02", None),  # coal not permitted
    ({"nox_guarantee_mg_m3": 50.1}, "A03", 50.0),
    ({"pm_guarantee_mg_m3": 25.0}, "A05", 20.0),              # GB 13271 table 2 gas PM 20
    ({"design_flue_temp_c": 181.0}, "A06", 180),               # 0.7–2.8 MW: ≤ 180 °C
    ({"design_excess_air_ratio": 1.21}, "A07", 1.2),           # chamber firing ≤ 1.2
])
def test_each_rule_fails_on_its_own(change, rule_id, threshold):
    decision = check_admission({**GOOD, **change})
    assert decision.decision == REJECTED
    failing = rule(decision, rule_id)
    assert failing.status == FAIL
    if threshold is not None:
        assert failing.threshold == pytest.approx(threshold)
    assert rule_id in [r.rule_id for r in decision.failing()]


def test_boundaries_are_inclusive():
    at_limits = {**GOOD, "design_efficiency_pct": 98.0, "nox_guarantee_mg_m3": 50.0, "design_flue_temp_c": 180.0,
                 "design_excess_air_ratio": 1.2}
    assert check_admission(at_limits).decision == APPROVED


def test_flue_temperature_classes():
    # steam < 1 t/h ≤ 230 °C; 1–4 t/h ≤ 180 °C (4 t/h inside); > 4 t/h ≤ 170 °C
    steam = {**GOOD, "boiler_kind": "steam", "rated_capacity_mw": None}
    for capacity, limit in ((0.5, 230), (1.0, 180), (4.0, 180), (6.0, 170)):
        result = rule(check_admission({**steam, "rated_capacity_t_h": capacity, "design_flue_temp_c": 175}), "A06")
        assert result.threshold == limit


def test_missing_fields_ask_for_more_material_and_never_raise():
    decision = check_admission({"application_id": "MH-3", "boiler_kind": "steam", "fuel_kind": "natural_gas"})
    assert decision.decision == INCOMPLETE
    missing = {r.rule_id for r in decision.rules if r.status == MISSING}
    assert {"A01", "A03", "A06", "A07", "A08"} <= missing
    assert "缺少设计热效率" in rule(decision, "A01").reason
    assert check_admission({}).decision == INCOMPLETE
    garbage = {**GOOD, "design_efficiency_pct": "九十", "install_date": "someday", "rated_capacity_mw": float("nan")}
    assert check_admission(garbage).decision in (INCOMPLETE, REJECTED)


def test_a_failure_outweighs_missing_material():
    decision = check_admission({"fuel_kind": "bituminous", "boiler_kind": "steam"})
    assert decision.decision == REJECTED
    assert {r.status for r in decision.rules} >= {FAIL, MISSING}


def test_annual_co2_hand_value():
    # useful heat 2.8 MW × 60 % × 3000 h × 3.6 GJ/MWh = 18144 GJ; fuel heat / 1.015 = 17875.9 GJ;
    # × 15.3 kgC/GJ × 0.99 × 44/12 = 992.8 t CO₂; intensity 992.8 t / 18144 GJ = 54.72 kg/GJ
    co2, intensity = annual_co2(GOOD)
    useful = 2.8 * 0.6 * 3000 * 3.6
    assert co2 == pytest.approx(useful / 1.015 * 15.3 * 0.99 * 44 / 12 / 1000, rel=1e-12)
    assert intensity == pytest.approx(co2 * 1000 / useful, rel=1e-12)
    # electric: the Shanghai factor 0.42 kg/kWh on the electricity used
    co2_e, _ = annual_co2({**GOOD, "fuel_kind": "electric", "design_efficiency_pct": 98.0})
    assert co2_e == pytest.approx(useful / 0.98 / 3.6e-3 * 0.42 / 1000, rel=1e-12)
    assert annual_co2({**GOOD, "annual_hours": None}) == (None, None)


def test_cli_text_json_and_refusal(tmp_path, capsys):
    applications = tmp_path / "apps.json"
    applications.write_text(json.dumps([GOOD, {**GOOD, "application_id": "MH-2", "nox_guarantee_mg_m3": 80}]),
                            encoding="utf-8")
    assert main(["admit", str(applications)]) == 0
    text = capsys.readouterr().out
    assert "申请 MH-1: 通过" in text and "申请 MH-2: 不通过" in text
    assert main(["admit", str(applications), "--json"]) == 0
    decisions = json.loads(capsys.readouterr().out)
    assert [d["decision"] for d in decisions] == [APPROVED, REJECTED]
    # a spreadsheet with Chinese field names, one application per row
    sheet = tmp_path / "apps.xlsx"
    pd.DataFrame([{"申请编号": "MH-9", "锅炉类别": "hot_water", "燃料种类": "natural_gas"}]).to_excel(sheet, index=False)
    assert main(["admit", str(sheet), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["decision"] == INCOMPLETE
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["admit", str(broken)]) == 2
    assert "无法读取 JSON" in capsys.readouterr().err


def test_module_entry_point(tmp_path):
    applications = tmp_path / "one.json"
    applications.write_text(json.dumps(GOOD), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "boilerlab", "admit", str(applications)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "通过" in done.stdout


def test_aliases_are_read_as_the_clerk_writes_them():
    # 所在地=上海 must select the Shanghai DB31/387 NOx limit (50), not the national 200 (review finding)
    shanghai = check_admission({**GOOD, "jurisdiction": "上海", "nox_guarantee_mg_m3": 60, "fuel_kind": "天然气"})
    assert shanghai.decision == REJECTED and rule(shanghai, "A03").threshold == 50.0
    assert rule(shanghai, "A02").status == PASS  # 天然气 = natural_gas, a permitted fuel
    # condensing written as 1.0 is condensing: 96 % then fails the 98 % condensing limit
    condensing = check_admission({**GOOD, "condensing": 1.0, "design_efficiency_pct": 96.0})
    assert rule(condensing, "A01").status == FAIL and rule(condensing, "A01").threshold == 98.0
    unknown = check_admission({**GOOD, "jurisdiction": "Shanghia"})
    assert rule(unknown, "A03").status == MISSING and "所在地 的值 'Shanghia' 无效, 可选: 全国、上海市" in rule(unknown, "A03").reason


@pytest.mark.parametrize("change, field, message", [
    ({"annual_load_pct": -70}, "annual_load_pct", "预计平均负荷率 的值 '-70' 超出有效范围 (0, 100]"),
    ({"annual_load_pct": 170}, "annual_load_pct", "预计平均负荷率 的值 '170' 超出有效范围 (0, 100]"),
    ({"design_efficiency_pct": "inf"}, "design_efficiency_pct", "设计热效率 的值 'inf' 超出有效范围 (0, 110]"),
    ({"design_efficiency_pct": "93%"}, "design_efficiency_pct", "设计热效率 的值 '93%' 不是数值, 有效范围 (0, 110]"),
    ({"rated_capacity_mw": 0}, "rated_capacity_mw", "额定热功率 的值 '0' 超出有效范围 (0, 1400]"),
    ({"design_flue_temp_c": "abc"}, "design_flue_temp_c", "设计排烟温度 的值 'abc' 不是数值, 有效范围 (0, 400]"),
    ({"install_date": "2020"}, "install_date", "安装日期 的值 '2020' 不是日期, 应为 YYYY-MM-DD"),
    ({"fuel_kind": ["natural_gas"]}, "fuel_kind", "燃料种类 的值 \"['natural_gas']\" 无效, 可选: 无烟煤、"),
])
def test_invalid_values_are_named_and_never_used(change, field, message):
    decision = check_admission({**GOOD, **change})
    assert decision.decision in (INCOMPLETE, REJECTED)
    reasons = " ".join(r.reason for r in decision.rules)
    assert message in reasons
    if field in ("annual_load_pct", "design_efficiency_pct", "rated_capacity_mw"):
        assert decision.co2_t_per_year is None  # no CO₂ from an invalid input


def test_electric_boiler_in_shanghai_does_not_crash():
    decision = check_admission({**GOOD, "fuel_kind": "electric", "jurisdiction": "上海", "design_efficiency_pct": 98.0,
                                "combustion": None, "nox_guarantee_mg_m3": None})
    assert decision.decision in (APPROVED, INCOMPLETE, REJECTED) and decision.co2_t_per_year > 0


def test_an_application_lists_every_missing_field_and_a_wrong_check_character_with_the_right_one():
    # GB 32100-2015 §4.4: the first 17 characters of 91350100M000100Y43 give '3'; a '4' typed is answered with it
    decision = check_admission({**GOOD, "credit_code": "91350100m000100y44", "town": " ", "install_date": None})
    complete = rule(decision, "A00")
    assert decision.decision != APPROVED and complete.status == MISSING
    assert "校验码 (第 18 位) 应为 '3', 填写为 '4' (GB 32100-2015 §4.4)" in complete.reason
    assert complete.reason.endswith("缺少所在街镇、安装日期")
    assert rule(check_admission(GOOD), "A00").status == PASS
    too_short = rule(check_admission({**GOOD, "credit_code": "9135010"}), "A00").reason
    assert "应为 18 位, 填写了 7 位" in too_short


def test_the_town_is_one_of_the_districts_and_may_be_written_without_its_suffix():
    from boilerlab.base.reference import load_reference
    from boilerlab.demo.district import TOWNS
    from boilerlab.standards.admission import normalise_application

    towns = load_reference().table("towns")
    # the shipped list is the demo district's: 4 街道, 9 镇 and 莘庄工业区, each with its office and provenance
    assert list(towns["town"]) == list(TOWNS) and towns["office"].str.endswith("市场监督管理所").all()
    assert towns[["source_document", "edition", "status"]].notna().all().all()
    assert normalise_application({**GOOD, "town": "莘庄"})["town"] == "莘庄镇"  # 莘庄工业区 is not 莘庄 without 镇
    assert normalise_application({**GOOD, "town": "江川路"})["town"] == "江川路街道"
    assert rule(check_admission({**GOOD, "town": " 七宝镇 "}), "A00").status == PASS
    outside = rule(check_admission({**GOOD, "town": "黄浦区"}), "A00")
    assert outside.status == MISSING and outside.reason.startswith("所在街镇 的值 '黄浦区' 不是本区街镇, 可选: 江川路街道、")
