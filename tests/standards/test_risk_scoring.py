"""Credit-risk scoring and the draw by class (issue 15), on hand-made indicator values: the score is the sum of the
indicator points, the classes change exactly at the thresholds of risk_classes, each veto makes a unit D, and the
draw gives every unit of a class the same chance, reproducibly from the seed."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerlab.base.reference import load_reference
from boilerlab.standards.campaign_rules import DRAWN, MUST, CampaignError
from boilerlab.standards.risk import CLASSES, INDICATORS, class_ratios, classify, draw_by_class, reasons

REFERENCE = load_reference()
TABLE = REFERENCE.table("risk_indicators").set_index("indicator")
VETOES = TABLE.index[TABLE["veto"]].tolist()


def _units(**values) -> pd.DataFrame:
    """One unit with the given indicator values, every other indicator 0."""
    return pd.DataFrame([{i: values.get(i, 0) for i in INDICATORS}])


def test_the_indicator_table_has_every_indicator_once_with_a_source():
    assert sorted(TABLE.index) == sorted(INDICATORS) and TABLE.index.is_unique
    assert TABLE["source_document"].notna().all() and (TABLE["status"] == "UNCONFIRMED").all()
    assert set(VETOES) == {"accident_responsible", "inspection_refused", "stop_order_ignored"}
    classes = REFERENCE.table("risk_classes")
    assert classes["risk_class"].tolist() == list(CLASSES) and classes["min_score"].is_monotonic_increasing
    # the default ratios lie in the bands the policy example gives (A ≤ 5 %, B 5–20 %, C 21–60 %, D 61–100 %)
    assert ((classes["sample_ratio_pct"] >= classes["policy_low_pct"])
            & (classes["sample_ratio_pct"] <= classes["policy_high_pct"])).all()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=len(INDICATORS), max_size=len(INDICATORS)))
def test_the_score_is_the_sum_of_the_indicator_points(counts):
    values = pd.DataFrame([dict(zip(INDICATORS, counts))])
    result = classify(values, REFERENCE).iloc[0]
    expected = sum(min(n * TABLE.at[i, "points_each"], TABLE.at[i, "max_points"]) for i, n in zip(INDICATORS, counts))
    assert result["score"] == min(100, expected)
    assert sum(result[f"points_{i}"] for i in INDICATORS) == expected  # each indicator's points, before the cap
    vetoed = any(n > 0 for i, n in zip(INDICATORS, counts) if i in VETOES)
    assert (result["risk_class"] == "D") if vetoed else True
    assert set(result["vetoes"]) == {i for i, n in zip(INDICATORS, counts) if i in VETOES and n > 0}


@pytest.mark.parametrize("score, risk_class", [(0, "A"), (9, "A"), (10, "B"), (24, "B"), (25, "C"), (44, "C"),
                                               (45, "D"), (100, "D")])
def test_the_class_changes_exactly_at_the_thresholds(score, risk_class):
    # the score made of whole points, largest items first: accidents 20 each (≤ 40), serious findings 15 (≤ 30),
    # penalties 10 (≤ 20), major findings 6 (≤ 18), general findings 2 (≤ 10), boilers beyond the first 1 (≤ 5)
    counts = {}
    left = score
    for indicator in ("accidents", "findings_serious", "enforcement_penalty", "findings_major", "findings_general",
                      "equipment_count"):
        each, cap = TABLE.at[indicator, "points_each"], TABLE.at[indicator, "max_points"]
        n = int(min(left, cap) // each)
        counts[indicator], left = n, left - n * each
    assert left == 0, "the test's own decomposition of the score"
    result = classify(_units(**counts), REFERENCE).iloc[0]
    assert (result["score"], result["risk_class"]) == (score, risk_class)


@pytest.mark.parametrize("veto", ["accident_responsible", "inspection_refused", "stop_order_ignored"])
def test_each_veto_makes_a_unit_d_whatever_its_score(veto):
    result = classify(_units(**{veto: 1}), REFERENCE).iloc[0]
    assert (result["score"], result["risk_class"], result["vetoes"]) == (0, "D", (veto,))
    assert reasons(pd.Series({veto: 1.0}), pd.Series({veto: 0.0}), result["vetoes"])[0].endswith("(直接定为 D 类)")


def test_the_score_is_capped_at_100():
    full = {i: 10 for i in INDICATORS if i not in VETOES}
    assert classify(_units(**full), REFERENCE).iloc[0]["score"] == 100


def test_a_negative_or_missing_value_is_refused():
    with pytest.raises(CampaignError, match="非负数"):
        classify(_units(findings_general=-1), REFERENCE)


def _directory(sizes: dict[str, int], district: int = 3) -> pd.DataFrame:
    rows = [{"risk_class": c} for c, n in sizes.items() for _ in range(n)]
    frame = pd.DataFrame(rows)
    frame["unit_id"] = range(len(frame))
    frame["credit_code"] = [f"C{i:05d}" for i in frame["unit_id"]]
    frame["office"] = np.where(frame["unit_id"] % 2, "七宝市场监督管理所", "马桥市场监督管理所")
    frame["district_key"] = frame["unit_id"] < district
    return frame


def test_the_draw_takes_each_class_at_its_ratio_and_every_district_level_unit():
    directory = _directory({"A": 60, "B": 30, "C": 20, "D": 10})
    ratios = class_ratios(REFERENCE)
    assert ratios == {"A": 0.05, "B": 0.15, "C": 0.40, "D": 1.0}
    drawn = draw_by_class(directory, ratios, seed=7)
    assert set(drawn.loc[drawn["selection"] == MUST, "unit_id"]) == {0, 1, 2}  # the district-level units (all A)
    rest = directory[~directory["district_key"]]
    for risk_class, ratio in ratios.items():
        n = int((rest["risk_class"] == risk_class).sum())
        taken = int(((drawn["selection"] == DRAWN) & (drawn["risk_class"] == risk_class)).sum())
        assert taken == math.ceil(ratio * n - 1e-9)
    assert draw_by_class(directory, ratios, seed=7).equals(drawn)  # reproducible from the seed
    assert not draw_by_class(directory, ratios, seed=8).equals(drawn)


def test_over_many_seeds_each_unit_is_drawn_at_its_class_share_within_the_binomial_spread():
    directory = _directory({"A": 57, "B": 40, "C": 25, "D": 8}, district=0)
    ratios = class_ratios(REFERENCE)
    seeds = 400
    times = np.zeros(len(directory))
    for seed in range(seeds):
        times[draw_by_class(directory, ratios, seed)["unit_id"].to_numpy()] += 1
    for risk_class, ratio in ratios.items():
        members = (directory["risk_class"] == risk_class).to_numpy()
        n = members.sum()
        p = math.ceil(ratio * n - 1e-9) / n  # each unit's chance under a fixed-size draw of its class
        sigma = math.sqrt(p * (1 - p) / seeds)
        share = times[members] / seeds
        # every unit within 4.5 σ of p (over 130 units the chance of a false alarm is below 1e-3), and the class's mean
        # share exactly p (the class always gives the same number of units)
        assert np.all(np.abs(share - p) <= 4.5 * sigma + 1e-12), (risk_class, share.min(), share.max(), p)
        assert share.mean() == pytest.approx(p, abs=1e-12)


def test_a_unit_without_a_class_stops_the_draw():
    directory = _directory({"A": 5, "B": 5}).astype({"risk_class": object})
    directory.loc[6, "risk_class"] = None
    with pytest.raises(CampaignError, match="没有信用风险分类"):
        draw_by_class(directory, class_ratios(REFERENCE), seed=1)
