"""The expanded uncertainty of η₁, η₂ and q₂ (issue 12, item 3) against a Monte Carlo propagation.

Oracle: JCGM 101:2008 (GUM Supplement 1) — draw every uncertain input from its own distribution (the half-widths
and distributions of data/reference/instrument_uncertainty.csv), evaluate all draws in one batch with the
uncertainty off, and take U = 2·σ of the outputs. The first-order propagation of boilerlab (finite increments of one
standard uncertainty) must agree within 10 % of U at 10⁵ draws: the functions are nearly linear over ± U, and the
Monte Carlo σ itself carries ≈ 0.2 % sampling error at 10⁵ draws.
"""

import numpy as np
import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.base.constants import DEFAULT_AIR_HUMIDITY_G_KG
from boilerlab.base.reference import load_reference
from boilerlab.standards.uncertainty import DIVISORS, standard_uncertainty

from test_pipeline import COAL_STEAM, GAS_STEAM, HOT_WATER  # noqa: E402 — tests/engine is on the path

TABLE = load_reference().tables["instrument_uncertainty"].set_index("column")
DRAWS = 100_000


def _draw(rng, basis, accuracy, distribution, centre, size):
    """Deviations from ``centre`` drawn from the stated distribution (half-width a → u = a/d)."""
    half = accuracy / 100.0 * abs(centre) if basis == "reading_pct" else accuracy
    if distribution == "rectangular":
        return rng.uniform(-half, half, size)
    return rng.normal(0.0, half / DIVISORS[distribution], size)


def monte_carlo(row: dict, measured_heating_value: bool, rng) -> pd.DataFrame:
    """DRAWS copies of ``row`` with every uncertain input drawn; evaluated without the propagation."""
    base = evaluate(pd.DataFrame([row]), uncertainty=False).iloc[0]
    frame = pd.DataFrame([row] * DRAWS).assign(test_id=[f"mc{i}" for i in range(DRAWS)])
    for column, spec in TABLE.iterrows():
        if column in ("heating_value", "heating_value_from_composition", "q5") or column.endswith("_mg_m3") \
                or column == "emission_o2_pct":
            continue
        value = row.get(column)
        if column == "steam_humidity_pct" and row["boiler_kind"] != "steam":
            continue
        if value is None and isinstance(spec["default_basis"], str):  # a blank the engine fills, with its default u
            fill = {"air_humidity_g_kg": DEFAULT_AIR_HUMIDITY_G_KG, "steam_humidity_pct": 0.0,
                    "barometric_kpa": 101.325}[column]
            frame[column] = fill + _draw(rng, spec["default_basis"], spec["default_accuracy"],
                                         spec["default_distribution"], fill, DRAWS)
        elif value is not None:
            deviation = _draw(rng, spec["basis"], spec["accuracy"], spec["distribution"], value, DRAWS)
            frame[column] = value + deviation
            if column == "slag_share_pct":  # the shares sum to 100 %: fly ash takes the other side
                frame["flyash_share_pct"] = row["flyash_share_pct"] - deviation
    lhv = base["lhv_used"]
    if measured_heating_value:
        spec = TABLE.loc["heating_value"]
        deviation = _draw(rng, spec["basis"], spec["accuracy"], spec["distribution"], lhv, DRAWS)
    else:  # a gas computed from its own analysis
        spec = TABLE.loc["heating_value_from_composition"]
        deviation = _draw(rng, spec["basis"], spec["accuracy"], spec["distribution"], lhv, DRAWS)
    frame["lhv_kj_nm3" if row["fuel_kind"] == "natural_gas" else "lhv_ar_kj_kg"] = lhv + deviation
    out = evaluate(frame, uncertainty=False)
    # q₅ enters η₂ with −1: drawn here as a deviation added to η₂ (the table value ± 30 %, rectangular)
    spec = TABLE.loc["q5"]
    q5_deviation = _draw(rng, spec["default_basis"], spec["default_accuracy"], spec["default_distribution"],
                         base["q5_pct"], DRAWS)
    out["eta_indirect_pct"] = out["eta_indirect_pct"] - q5_deviation
    return out


@pytest.mark.parametrize(("case", "row", "measured_heating_value"), [
    ("gas steam boiler, heating value from the gas analysis", GAS_STEAM, False),
    ("coal steam boiler, laboratory heating value", COAL_STEAM, True),
    ("gas hot-water boiler, composition analysed", dict(HOT_WATER, ch4_pct=96.0, c2h6_pct=1.8, c3h8_pct=0.4,
                                                         c4h10_pct=0.1, n2_pct=1.0, co2_pct=0.7), False),
])
def test_propagated_u95_matches_monte_carlo(case, row, measured_heating_value):
    rng = np.random.default_rng(12)
    first_order = evaluate(pd.DataFrame([row])).iloc[0]
    draws = monte_carlo(row, measured_heating_value, rng)
    assert draws["error"].eq("").all(), case
    for result, column in (("eta_direct_pct", "eta_direct_u95_pp"), ("eta_indirect_pct", "eta_indirect_u95_pp"),
                           ("q2_pct", "q2_u95_pp")):
        u95_mc = 2.0 * draws[result].std()
        assert first_order[column] == pytest.approx(u95_mc, rel=0.10), (case, column, u95_mc)


def test_contributors_name_the_largest_inputs_in_chinese():
    out = evaluate(pd.DataFrame([GAS_STEAM, dict(HOT_WATER)])).iloc[:2]
    gas, water = out["u95_contributors"]
    # gas steam: η₁ governs? whichever governs, its three largest are named, largest first, without codes
    assert len(gas.split("、")) == 3 and "_" not in gas
    # the hot-water test has no gas analysis and no heating value: the library default leads
    assert water.startswith("燃料发热量 (缺省值)")


def test_uncertainty_off_leaves_the_columns_blank():
    out = evaluate(pd.DataFrame([GAS_STEAM]), uncertainty=False).iloc[0]
    assert np.isnan(out["eta_direct_u95_pp"]) and np.isnan(out["eta_indirect_u95_pp"]) and out["u95_contributors"] == ""


def test_consistency_of_the_two_methods_against_the_combined_uncertainty():
    # the coal case: |η₁ − η₂| = 12.6 points far beyond √(U₁² + U₂²) ≈ 2 points → the warning
    out = evaluate(pd.DataFrame([COAL_STEAM, GAS_STEAM])).set_index("test_id")
    text = "正反平衡效率偏差 |η₁ − η₂| 超过两者扩展不确定度的合成值 √(U₁² + U₂²)"
    combined = np.hypot(out["eta_direct_u95_pp"], out["eta_indirect_u95_pp"])
    for test_id in ("c1", "g1"):
        assert (text in out.loc[test_id, "warnings"]) is bool(abs(out.loc[test_id, "method_deviation_pct"])
                                                               > combined[test_id])
    assert text in out.loc["c1", "warnings"]


def test_emission_u95_and_verdict_at_limit_plus_minus_half_u():
    # NOx of a Shanghai gas boiler: limit 50 mg/m³ (DB31/387). At the reference O₂ (3.5 %) ρ = ρ′; U by
    # JCGM 100 eq. (10) on formula (1): u² = u_ρ′² + (ρ·u_O₂/(21 − φ′))², u_ρ′ = 5 %·ρ′/√3, u_O₂ = 0.2/√3.
    site = dict(install_date="2010-05-01", jurisdiction="shanghai", test_date="2024-03-15")
    u = 2.0 * np.hypot(0.05 * 50.0 / np.sqrt(3.0), 50.0 * (0.2 / np.sqrt(3.0)) / 17.5)
    rows = [dict(GAS_STEAM, **site, test_id=f"n{i}", nox_mg_m3=value, emission_o2_pct=3.5)
            for i, value in enumerate([50.0 + u / 2, 50.0 - u / 2, 50.0 + 1.5 * u, 50.0 - 1.5 * u])]
    out = evaluate(pd.DataFrame(rows)).set_index("test_id")
    assert out.loc["n0", "nox_ref_u95_mg_m3"] == pytest.approx(
        2.0 * np.hypot(0.05 * (50 + u / 2) / np.sqrt(3.0), (50 + u / 2) * (0.2 / np.sqrt(3.0)) / 17.5), rel=1e-9)
    assert list(out["nox_verdict"]) == ["indeterminate", "indeterminate", "fail", "pass"]
    assert list(out["nox_compliant"]) == [False, True, False, True]  # the plain comparison stays
    assert "NOx 折算浓度与限值之差在扩展不确定度以内" in out.loc["n0", "warnings"]


def test_standard_uncertainty_divisors():
    # JCGM 100 §4.3.7: rectangular a/√3; §4.3.3: a stated U at k = 2 → U/2
    assert standard_uncertainty(10.0, "absolute", 3.0, "rectangular") == pytest.approx(3.0 / np.sqrt(3.0))
    assert standard_uncertainty(200.0, "reading_pct", 1.0, "normal_k2") == pytest.approx(1.0)
    with pytest.raises(ValueError, match="unknown distribution"):
        standard_uncertainty(1.0, "absolute", 1.0, "uniform")


def test_copies_skipping_the_steps_their_input_cannot_change_give_the_same_uncertainty(monkeypatch):
    """engine.uncertainty.COPY_STAGES lets a batch of copies take the parts of the steps its inputs cannot change
    from the evaluation already made, and ROW_SUBSETS copies only the records an input reaches; every number must
    equal that of whole copies sent through every part. Small batches, so that the inputs go in batches of a few,
    on the demo's tests and the benchmark's mix."""
    import sys
    from pathlib import Path

    import boilerlab.engine.pipeline as pipeline
    import boilerlab.engine.uncertainty as uncertainty
    from boilerlab.demo.district import generate_demo

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_evaluate import synthetic_records

    records = pd.concat([generate_demo(2024)["tests"].head(400), synthetic_records(400)], ignore_index=True)
    monkeypatch.setattr(uncertainty, "BATCH_ROWS", 2 * len(records))  # two inputs per batch
    columns = ["eta_direct_u95_pp", "eta_indirect_u95_pp", "q2_u95_pp", "eta_governing_u95_pp", "u95_contributors",
               "warnings"]
    monkeypatch.setattr(pipeline, "STAGED_COPIES", False)
    monkeypatch.setattr(uncertainty, "ROW_SUBSETS", False)
    every_step = evaluate(records)[columns]
    monkeypatch.setattr(pipeline, "STAGED_COPIES", True)
    monkeypatch.setattr(uncertainty, "ROW_SUBSETS", True)
    staged = evaluate(records)[columns]
    pd.testing.assert_frame_equal(staged.astype(str), every_step.astype(str))
    assert staged["eta_indirect_u95_pp"].notna().sum() > 500


def test_a_large_frame_evaluated_with_uncertainty_in_parts_gives_the_rows_of_the_whole(monkeypatch):
    """Above UNCERTAINTY_PART_ROWS the engine computes a part at a time (the copies of one part held at once);
    each row must come out as the whole frame gives it, in the same order."""
    import boilerlab.engine.pipeline as pipeline
    from boilerlab.demo.district import generate_demo

    records = generate_demo(2024)["tests"].head(700)
    whole = evaluate(records)
    monkeypatch.setattr(pipeline, "UNCERTAINTY_PART_ROWS", 250)  # three parts
    parts = evaluate(records)
    assert list(parts.columns) == list(whole.columns) and list(parts.index) == list(whole.index)
    pd.testing.assert_frame_equal(parts.astype(str), whole.astype(str))
    # the text results stay categories when joined (pipeline.joined_parts), as in one part
    assert parts["warnings"].dtype == "category" and parts["u95_contributors"].dtype == "category"
    assert [str(dtype) for dtype in parts.dtypes] == [str(dtype) for dtype in whole.dtypes]


def test_a_test_with_one_method_only_gets_that_methods_uncertainty_without_a_warning():
    """A gas test without its fuel rate has no η₁; its η₂ still gets U, and the copies' missing η₁ is no
    "could not be computed" (that warning is for an input whose raised value makes a computable result fail)."""
    row = {**GAS_STEAM, "fuel_rate_nm3_h": None}
    out = evaluate(pd.DataFrame([row])).iloc[0]
    assert np.isnan(out["eta_direct_pct"]) and np.isnan(out["eta_direct_u95_pp"])
    assert out["eta_indirect_u95_pp"] > 0
    assert "不确定度: 个别输入增加一个标准不确定度后无法计算" not in out["warnings"]
    assert "燃气消耗量未填, 不计算正平衡" in out["warnings"]


def test_the_contributors_where_fewer_than_three_inputs_have_an_uncertainty():
    """With one or two inputs the list is one or two names long (an empty file has only q₅ among its inputs)."""
    import numpy as np

    from boilerlab.engine.uncertainty import _input_name, contributors

    one = contributors(np.array([[0.3, 0.0]]), ["q5"], {})
    assert list(one) == [_input_name("q5", False), ""]
    two = contributors(np.array([[0.1, 0.0], [0.2, 0.0]]), ["q5", "flue_temp_c"], {"flue_temp_c": np.array([True, False])})
    assert list(two) == [f"{_input_name('flue_temp_c', True)}、{_input_name('q5', False)}", ""]


def test_an_empty_frame_evaluates_to_no_rows_with_and_without_uncertainty():
    empty = pd.DataFrame({"test_id": pd.Series([], dtype=object), "fuel_kind": pd.Series([], dtype=object)})
    for uncertainty in (True, False):
        result = evaluate(empty, uncertainty=uncertainty)
        assert len(result) == 0 and "eta_indirect_u95_pp" in result.columns
