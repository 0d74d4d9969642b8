"""A test of several runs (issue 12 item 6): each run evaluated, checked for agreement, averaged, Type A added,
every verdict decided again on the mean; repeats of a test id that are not distinct runs refused."""

import numpy as np
import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.base.reference import load_reference
from boilerlab.engine.runs import combine_runs
from boilerlab.standards.grading import grade_gb24500
from boilerlab.standards.inuse import verdict_against

RUN = dict(test_id="R1", boiler_kind="hot_water", fuel_kind="natural_gas", combustion="chamber", condensing="false",
           test_type="simple", rated_capacity_mw=2.8, fuel_rate_nm3_h=280.0, water_flow_kg_h=86000.0,
           supply_temp_c=85.0, return_temp_c=60.0, flue_temp_c=130.0, air_temp_c=15.0, flue_o2_pct=4.0,
           lhv_kj_nm3=35600.0, nox_mg_m3=40.0, test_date="2024-05-01")
REFERENCE = load_reference()


def _tests(rows: list[dict], **options) -> pd.DataFrame:
    tests, _, _ = combine_runs(evaluate(pd.DataFrame(rows), **options), REFERENCE)
    return tests.set_index("test_id")


def test_the_result_of_two_runs_is_the_mean_of_the_runs_evaluated_alone():
    runs = [dict(RUN, run_no=1), dict(RUN, run_no=2, flue_temp_c=140.0, fuel_rate_nm3_h=284.0)]
    alone = [evaluate(pd.DataFrame([dict(run, test_id=f"alone{k}")])).iloc[0] for k, run in enumerate(runs)]
    test = _tests(runs).loc["R1"]
    for name in ("eta_direct_pct", "eta_indirect_pct", "q2_pct", "heat_output_kw", "nox_ref_mg_m3", "co2_kg_h"):
        assert test[name] == pytest.approx((alone[0][name] + alone[1][name]) / 2, rel=1e-12), name
    assert test["run_count"] == 2
    spread = abs(alone[0]["eta_direct_pct"] - alone[1]["eta_direct_pct"])
    assert test["run_spread_direct_pp"] == pytest.approx(spread, rel=1e-12) and spread > 0.5
    assert test["runs_agree"] is True  # both spreads below the 2-point row of run_agreement
    # U of the mean: the runs' Type B (same instruments: not divided by √n) with the Type A of their scatter
    for value, u95 in (("eta_direct_pct", "eta_direct_u95_pp"), ("eta_indirect_pct", "eta_indirect_u95_pp")):
        type_b = (alone[0][u95] + alone[1][u95]) / 4
        type_a = abs(alone[0][value] - alone[1][value]) / 2  # s/√2 of two values = |x₁ − x₂|/2
        assert test[u95] == pytest.approx(2 * np.hypot(type_b, type_a), rel=1e-12)
        assert test[u95] > type_b * 2
    assert "结果为 2 次试验的平均值" in test["warnings"]


def test_every_verdict_is_decided_again_on_the_mean():
    # run 1 well above and run 2 well below the simple-test criterion: the mean decides, not either run
    runs = [dict(RUN, run_no=1, fuel_rate_nm3_h=262.0), dict(RUN, run_no=2, fuel_rate_nm3_h=340.0)]
    per_run = evaluate(pd.DataFrame(runs), uncertainty=False)
    test = _tests(runs, uncertainty=False).loc["R1"]
    eta = test["eta_governing_pct"]
    assert eta == pytest.approx(per_run["eta_governing_pct"].mean(), rel=1e-12)
    graded = grade_gb24500(eta, "natural_gas", "chamber", False, "hot_water", np.nan, 2.8, reference=REFERENCE)
    assert test["gb24500_grade"] == str(graded["grade"].iloc[0])
    assert test["gb24500_meets_limit"] == bool(graded["meets_limit"].iloc[0])
    assert test["inuse_verdict"] == verdict_against(eta, test["inuse_criterion_pct"], higher_is_better=True)[0]
    assert set(per_run["inuse_verdict"]) == {"pass", "fail"}
    assert test["runs_agree"] is False  # 262 vs 340 Nm³/h: η₁ differs by far more than 2 points
    assert "超过允许差 2 个百分点" in test["warnings"]


def test_a_test_of_one_run_passes_through_unchanged():
    result = evaluate(pd.DataFrame([RUN, dict(RUN, test_id="R2", run_no=1)]))
    tests, first, runs = combine_runs(result, REFERENCE)
    pd.testing.assert_frame_equal(tests, result)
    assert list(first) == [0, 1] and runs == [[], []]


def test_runs_of_different_fuels_or_a_failed_run_give_no_mean():
    rows = [dict(RUN, run_no=1), dict(RUN, run_no=2, fuel_kind="lpg", lhv_kj_nm3=np.nan),
            dict(RUN, test_id="R3", run_no=1), dict(RUN, test_id="R3", run_no=2, fuel_rate_nm3_h=-5.0)]
    tests = _tests(rows)
    assert "各次试验的燃料种类不一致" in tests.at["R1", "error"] and np.isnan(tests.at["R1", "eta_direct_pct"])
    assert tests.at["R3", "error"].startswith("第 2 次试验: 燃气消耗量") and np.isnan(tests.at["R3", "eta_governing_pct"])


@pytest.mark.parametrize("second, message", [
    (dict(run_no=1), "在文件中重复"),  # the same run twice
    (dict(run_no=None), "在文件中重复"),  # a repeated test id without a run number
])
def test_repeats_that_are_not_distinct_runs_are_refused(second, message):
    result = evaluate(pd.DataFrame([dict(RUN, run_no=1), dict(RUN, **second)]))
    assert all(message in e and "试验序号" in e for e in result["error"])


def test_a_run_number_must_be_a_whole_number():
    result = evaluate(pd.DataFrame([dict(RUN, run_no=1.5)]))
    assert "试验序号 1.5 不是整数" in result["error"].iloc[0]
