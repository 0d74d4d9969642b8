"""Campaign logic: the reproducible stratified draw, inspector assignment, checklist answers, findings, coverage."""

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerlab.standards import campaign_rules as campaign
from boilerlab.standards.campaign_rules import CampaignError
from boilerlab.base.reference import load_reference

CHECKLIST = load_reference().table("checklist_items")


def _directory(n_per_office=(10, 7, 3), district=5):
    rows = []
    for o, n in enumerate(n_per_office):
        rows += [{"unit_id": 100 * o + i, "credit_code": f"9131{o:02d}{i:012d}", "office": f"所{o}",
                  "district_key": False} for i in range(n)]
    rows += [{"unit_id": 900 + i, "credit_code": f"9139{i:014d}", "office": "特种设备监督管理所", "district_key": True}
             for i in range(district)]
    return pd.DataFrame(rows)


def test_the_draw_keeps_every_district_unit_and_samples_each_office_at_the_ratio():
    drawn = campaign.draw_units(_directory(), 0.3, seed=7)
    assert (drawn["selection"] == campaign.MUST).sum() == 5
    per_office = drawn[drawn["selection"] == campaign.DRAWN].groupby("office").size().to_dict()
    assert per_office == {"所0": 3, "所1": 3, "所2": 1}  # ⌈0.3 × 10⌉, ⌈0.3 × 7⌉, ⌈0.3 × 3⌉


def test_the_draw_is_reproducible_from_its_seed_whatever_the_row_order():
    directory = _directory()
    first = campaign.draw_units(directory, 0.5, seed=2024)
    again = campaign.draw_units(directory.sample(frac=1, random_state=1), 0.5, seed=2024)
    assert first["unit_id"].tolist() == again["unit_id"].tolist()
    assert first["unit_id"].tolist() != campaign.draw_units(directory, 0.5, seed=2025)["unit_id"].tolist()


def test_ratio_one_inspects_every_unit_and_a_bad_ratio_is_refused():
    assert len(campaign.draw_units(_directory(), 1.0, seed=1)) == 25
    for ratio in (0, -0.1, 1.5, float("nan")):
        with pytest.raises(CampaignError, match="抽查比例"):
            campaign.draw_units(_directory(), ratio, seed=1)


@settings(max_examples=60, deadline=None)
@given(ratio=st.floats(0.01, 1.0), seed=st.integers(0, 2**32 - 1))
def test_the_draw_never_repeats_a_unit_and_never_leaves_an_office_empty(ratio, seed):
    drawn = campaign.draw_units(_directory(), ratio, seed)
    assert drawn["unit_id"].is_unique
    assert set(drawn["office"]) == {"所0", "所1", "所2", "特种设备监督管理所"}


def _pool():
    return pd.DataFrame({"name": ["甲", "乙", "丙", "丁"], "office": ["所0", "所0", "所0", "所1"]})


def test_inspectors_are_evenly_loaded_and_not_last_years_where_the_office_allows():
    selected = _directory((9, 2, 1), district=0)
    last = {unit: "甲" for unit in selected["unit_id"]}
    assigned, problems = campaign.assign_inspectors(selected, _pool(), seed=3, last_year=last)
    office0 = assigned[selected["office"] == "所0"]
    assert "甲" not in set(office0) and office0.value_counts().tolist() == [5, 4]  # 乙 and 丙 only, even
    assert set(assigned[selected["office"] == "所1"]) == {"丁"}
    assert assigned[selected["office"] == "所2"].isna().all()
    assert any("所2" in p for p in problems)
    again, _ = campaign.assign_inspectors(selected, _pool(), seed=3, last_year=last)
    assert again.equals(assigned)


def test_a_lone_inspector_keeps_the_unit_and_says_so():
    selected = pd.DataFrame({"unit_id": [1], "office": ["所1"], "credit_code": ["x"]})
    assigned, problems = campaign.assign_inspectors(selected, _pool(), seed=0, last_year={1: "丁"})
    assert assigned.tolist() == ["丁"] and "上年检查人员" in problems[0]


def test_planned_dates_spread_each_inspectors_units_over_the_period():
    selected = _directory((4,), district=0)
    dates = campaign.plan_dates(selected, pd.Series("甲", index=selected.index), date(2024, 3, 1), date(2024, 11, 30))
    assert dates.tolist() == sorted(dates) and dates.min() >= date(2024, 3, 1) and dates.max() <= date(2024, 11, 30)
    assert len(set(dates)) == 4
    with pytest.raises(CampaignError):
        campaign.plan_dates(selected, pd.Series("甲", index=selected.index), date(2024, 3, 1), date(2024, 1, 1))


def test_answers_must_cover_the_checklist_and_explain_nonconformities():
    answers = {item: ("符合", "") for item in CHECKLIST["item_id"]}
    assert campaign.check_answers(answers, CHECKLIST) == []
    answers["S07"] = ("不符合", " ")
    answers["E05"] = ("合格", "")
    del answers["H04"]
    answers["X99"] = ("符合", "")
    problems = campaign.check_answers(answers, CHECKLIST)
    assert len(problems) == 4 and any("S07" in p and "写明问题" in p for p in problems)
    assert any("H04" in p for p in problems) and any("X99" in p for p in problems) and any("合格" in p for p in problems)


def test_answers_suggested_from_the_latest_test_and_the_register():
    boiler = {"fuel_kind": "natural_gas", "combustion": "chamber", "condensing": False, "low_nox": False}
    test = {"test_id": "T1", "gb24500_grade": "below", "eta_governing_pct": 88.5, "gb24500_limit_pct": 92.0,
            "flue_temp_c": 185.0, "excess_air_ratio": 1.15, "nox_compliant": False, "so2_compliant": True}
    suggested = campaign.suggest_answers(CHECKLIST, boiler, test, {"chamber": 1.2})
    assert suggested["E02"] == ("不符合", "测试 T1: 热效率 88.50 % 低于限定值 92 %")
    assert suggested["E03"][0] == "不符合" and suggested["E04"][0] == "符合" and suggested["H01"][0] == "不符合"
    assert suggested["H02"] == ("不符合", "台账: 未低氮改造")
    without_test = campaign.suggest_answers(CHECKLIST, {**boiler, "fuel_kind": "bituminous"}, None, {})
    assert without_test == {"H02": ("不适用", "非燃气锅炉")}


def test_findings_move_only_forward_and_rectification_needs_evidence():
    assert campaign.next_status("整改中", "已整改", evidence=True) == "已整改"
    assert campaign.next_status("已整改", "已复查") == "已复查"
    assert campaign.next_status("已整改", "整改中") == "整改中"  # a failed review
    with pytest.raises(CampaignError, match="证明材料"):
        campaign.next_status("整改中", "已整改")
    for current, target in (("整改中", "已复查"), ("已复查", "整改中"), ("已复查", "已整改")):
        with pytest.raises(CampaignError, match="不能从"):
            campaign.next_status(current, target, evidence=True)


FINDINGS = pd.DataFrame({"status": ["整改中", "整改中", "已整改", "已复查", "整改中"],
                         "deadline": ["2024-06-30", "2024-07-01", "2024-05-01", "2024-05-01", "2024-08-01"],
                         "office": ["甲", "甲", "甲", "乙", "乙"], "section": ["安全", "节能", "节能", "环保", "安全"]})


def test_overdue_means_open_after_the_deadline_day():
    assert campaign.overdue(FINDINGS, date(2024, 7, 1)).tolist() == [True, False, False, False, False]
    table = campaign.findings_by(FINDINGS, date(2024, 7, 1), "office").set_index("office")
    assert table.loc["甲"].tolist() == [3, 2, 1, 0, 1] and table.loc["乙"].tolist() == [2, 1, 0, 1, 0]


def test_coverage_and_nonconformities():
    plan = pd.DataFrame({"unit_id": [1, 2, 3, 4], "office": ["甲", "甲", "甲", "乙"], "town": ["a", "a", "b", "b"]})
    table = campaign.coverage(plan, {1, 4}, "office").set_index("office")
    assert table.loc["甲", ["planned", "inspected"]].tolist() == [3, 1]
    assert table.loc["甲", "coverage_pct"] == pytest.approx(100 / 3) and table.loc["乙", "coverage_pct"] == 100.0
    items = pd.DataFrame({"section": ["节能", "安全", "安全", "节能"], "result": ["不适用", "不符合", "符合", "不符合"]})
    assert campaign.nonconformities(items)["section"].tolist() == ["安全", "节能"]  # the standard order
    ncs = campaign.nonconformities(items).set_index("section")
    assert ncs.loc["安全"].tolist() == [2, 1, 50.0] and ncs.loc["节能"].tolist() == [1, 1, 100.0]


def test_units_without_an_office_stop_the_draw_instead_of_vanishing():
    directory = _directory()
    directory.loc[3, "office"] = None
    with pytest.raises(CampaignError, match="未填监管所"):
        campaign.draw_units(directory, 1.0, seed=1)


def test_the_campaign_as_it_stood_on_a_date():
    frames = {"inspections": pd.DataFrame({"inspection_id": [1, 2], "inspected_on": [date(2024, 4, 1), date(2024, 8, 1)]}),
              "items": pd.DataFrame({"inspection_id": [1, 2], "result": ["不符合", "不符合"]}),
              "findings": pd.DataFrame({"inspection_id": [1, 1, 1, 2], "status": ["已复查", "已复查", "已整改", "整改中"],
                                        "rectified_on": [date(2024, 4, 20), date(2024, 6, 20), date(2024, 6, 25), None],
                                        "reviewed_on": [date(2024, 4, 30), date(2024, 7, 20), None, None],
                                        "deadline": [date(2024, 5, 1)] * 3 + [date(2024, 9, 1)]}),
              "enforcement": pd.DataFrame({"inspection_id": [1, 2], "decided_on": [date(2024, 4, 1), date(2024, 8, 1)]})}
    then = campaign.as_of_date(frames, date(2024, 6, 22))
    assert then["inspections"]["inspection_id"].tolist() == [1] and len(then["items"]) == 1
    assert then["findings"]["status"].tolist() == ["已复查", "已整改", "整改中"]  # reviewed later: only rectified then
    assert len(then["enforcement"]) == 1
    assert campaign.overdue(then["findings"], date(2024, 6, 22)).tolist() == [False, False, True]


def test_suggestions_leave_unknown_values_to_the_inspector():
    boiler = {"fuel_kind": "natural_gas", "combustion": "chamber", "condensing": False, "low_nox": None}
    test = {"test_id": "T9", "gb24500_grade": "below", "eta_governing_pct": None, "gb24500_limit_pct": float("nan")}
    suggested = campaign.suggest_answers(CHECKLIST, boiler, test, {})
    assert "H02" not in suggested and suggested["E02"] == ("不符合", "测试 T9: 热效率 — % 低于限定值 — %")
