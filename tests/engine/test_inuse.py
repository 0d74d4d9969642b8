"""In-use criteria of operating tests and verdicts with uncertainty (issue 12, items 4 and 5).

Sources: data/reference/inuse_criteria.csv — 90 % of the GB 24500-2020 limit value for the simple operating test
(the Shanghai municipal bureau's 2011 campaign, UNCONFIRMED as current rule) and 100 % for the detailed test (the
boilerlab default, UNCONFIRMED).
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerlab import evaluate
from boilerlab.base.reference import load_reference
from boilerlab.standards.inuse import inuse_criterion, verdict_against

from test_pipeline import COAL_STEAM, GAS_STEAM  # noqa: E402 — tests/engine is on the path

TABLE = load_reference().tables["inuse_criteria"].set_index("test_type")


def test_criteria_rows_carry_their_source():
    assert TABLE.loc["simple", "limit_share_pct"] == 90
    assert "2011" in TABLE.loc["simple", "source_document"] and TABLE.loc["simple", "status"] == "UNCONFIRMED"
    assert TABLE.loc["detailed", "limit_share_pct"] == 100 and TABLE.loc["detailed", "status"] == "UNCONFIRMED"


def test_criterion_is_the_share_of_the_limit():
    criterion, share = inuse_criterion([92.0, 92.0, 92.0, 80.0], ["simple", "detailed", "product", None])
    np.testing.assert_allclose(criterion[:2], [82.8, 92.0], rtol=1e-12)  # 0.9 × 92; 1.0 × 92
    assert np.isnan(criterion[2]) and np.isnan(criterion[3]) and np.isnan(share[2])


@pytest.mark.parametrize(("value", "u95", "expected"), [
    (80.0, 1.0, "indeterminate"),   # at the limit: the interval straddles it
    (80.5, 1.0, "indeterminate"),   # limit + U/2
    (79.5, 1.0, "indeterminate"),   # limit − U/2
    (81.0, 1.0, "pass"),            # limit + U: the interval touches the limit from above
    (78.9, 1.0, "fail"),
    (79.5, np.nan, "fail"),         # U unknown: the plain comparison
    (80.0, np.nan, "pass"),         # at the limit passes (GB 24500: 不低于)
])
def test_verdict_of_an_efficiency(value, u95, expected):
    assert verdict_against(value, 80.0, u95, higher_is_better=True)[0] == expected


def test_verdict_of_an_emission_is_mirrored():
    got = verdict_against([45.0, 49.0, 55.0, 50.0], 50.0, [2.0, 2.0, 2.0, np.nan], higher_is_better=False)
    assert list(got) == ["pass", "indeterminate", "fail", "pass"]
    assert list(verdict_against([np.nan, 1.0], [1.0, np.nan], 0.1, higher_is_better=False)) == ["", ""]


@settings(max_examples=300, deadline=None)
@given(st.floats(50, 100), st.floats(50, 100), st.floats(0.01, 5))
def test_verdict_invariants(value, limit, u95):
    verdict = verdict_against(value, limit, u95, higher_is_better=True)[0]
    # indeterminate exactly when the interval value ± U contains the limit (its ends excluded)
    assert (verdict == "indeterminate") == (abs(value - limit) < u95)
    if verdict != "indeterminate":
        assert verdict == ("pass" if value >= limit else "fail")
    # without U no verdict is indeterminate
    assert verdict_against(value, limit, np.nan, higher_is_better=True)[0] in ("pass", "fail")


def test_evaluate_judges_operating_tests_and_grades_products():
    rows = [dict(GAS_STEAM), dict(GAS_STEAM, test_id="g2", test_type="简单测试"),
            dict(GAS_STEAM, test_id="g3", test_type="定型试验"), dict(COAL_STEAM)]
    out = evaluate(pd.DataFrame(rows)).set_index("test_id")
    limit = out["gb24500_limit_pct"]
    assert out.loc["g1", "inuse_criterion_pct"] == pytest.approx(limit["g1"], rel=1e-12)     # detailed: 100 %
    assert out.loc["g2", "inuse_criterion_pct"] == pytest.approx(0.9 * limit["g2"], rel=1e-12)  # simple: 90 %
    assert np.isnan(out.loc["g3", "inuse_criterion_pct"]) and out.loc["g3", "inuse_verdict"] == ""
    assert list(out["gb24500_grade_role"]) == ["reference", "reference", "product", "reference"]
    for test_id in ("g1", "g2", "c1"):
        eta, criterion = out.loc[test_id, "eta_governing_pct"], out.loc[test_id, "inuse_criterion_pct"]
        u95 = out.loc[test_id, "eta_governing_u95_pp"]
        assert u95 > 0
        expected = "indeterminate" if abs(eta - criterion) < u95 else ("pass" if eta >= criterion else "fail")
        assert out.loc[test_id, "inuse_verdict"] == expected
    assert out.loc["c1", "inuse_verdict"] == "fail"  # 71.1 % against 80 %, U ≈ 1.8 points
    assert out.loc["g1", "inuse_verdict"] == "indeterminate"  # 92.8 % against 92 %, U ≈ 2.3 points
    plain = evaluate(pd.DataFrame(rows), uncertainty=False).set_index("test_id")
    assert plain.loc["g1", "inuse_verdict"] == "pass" and np.isnan(plain.loc["g1", "eta_governing_u95_pp"])
    assert out.loc["g1", "inuse_basis"].endswith("测试类型未填, 按运行工况详细测试判定")
    assert out.loc["g2", "inuse_basis"].startswith("运行工况简单测试: GB 24500-2020 能效限定值的 90 % (上海市质量技术监督局")
    assert out.loc["g3", "inuse_basis"] == ""


def test_blank_test_type_follows_the_simple_method():
    out = evaluate(pd.DataFrame([GAS_STEAM]), q2_method="simple").iloc[0]
    assert out["inuse_criterion_pct"] == pytest.approx(0.9 * out["gb24500_limit_pct"], rel=1e-12)
    assert out["inuse_basis"].endswith("测试类型未填, 按运行工况简单测试判定")


def test_unknown_test_type_is_refused_with_its_chinese_name():
    out = evaluate(pd.DataFrame([dict(GAS_STEAM, test_type="随便")])).iloc[0]
    assert "测试类型" in out["error"] and "随便" in out["error"]
