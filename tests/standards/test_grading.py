"""GB 24500-2020 grading against the transcribed tables (standards.md §6, [S1]–[S3]).

Expected grades are read off the tables in standards.md §6.2–6.6; the boundary cases are those the
EquipEffi boundary tests pin [S3] (closed ≤ capacity sides, Q = 14400 / 17700 / 21000, V = 6.5 / 20).
Grade thresholds are exact table values, so comparisons are exact.
"""

import numpy as np
import pandas as pd
import pytest

from boilerlab.standards.grading import GRADES, _bounded, grade_gb24500
from boilerlab.base.reference import load_reference


def grade(eta, fuel="natural_gas", combustion="chamber", condensing=False, kind="steam", t_h=np.nan, mw=np.nan,
          q=np.nan, v=np.nan):
    return grade_gb24500(eta, fuel, combustion, condensing, kind, t_h, mw, q, v).iloc[0]


@pytest.mark.parametrize("eta, expected", [
    (96.0, "1"), (95.99, "2"), (94.0, "2"), (93.99, "3"), (92.0, "3"), (91.99, "below")])
def test_natural_gas_non_condensing_thresholds(eta, expected):
    # Table 4, 天然气 非冷凝: 96 / 94 / 92; "≥ value" reaches the grade
    assert grade(eta)["grade"] == expected


@pytest.mark.parametrize("eta, expected", [(103.0, "1"), (101.0, "2"), (98.0, "3"), (97.9, "below")])
def test_natural_gas_condensing(eta, expected):
    # Table 4, 天然气 冷凝: 103 / 101 / 98 (LHV basis, hence above 100)
    assert grade(eta, condensing=True)["grade"] == expected


def test_oil_and_pulverised_coal_rows():
    # Table 4: 燃油 95/93/90; 煤粉 (chamber-fired coal) 92/90/88
    assert grade(93.0, fuel="diesel")["grade"] == "2"
    assert grade(90.0, fuel="heavy_oil")["limit_pct"] == 90
    assert grade(90.0, fuel="bituminous", q=20000, v=30)["grade"] == "2"


@pytest.mark.parametrize("t_h, expected_limit", [(20.0, 80.0), (20.01, 81.0), (1.0, 80.0)])
def test_grate_bituminous_capacity_boundary_closed_at_20(t_h, expected_limit):
    # Table 1 烟煤Ⅱ: D ≤ 20 t/h → 85/82/80; D > 20 → 86/83/81; D = 20 belongs to "≤ 20"
    row = grade(85.0, fuel="bituminous", combustion="grate", t_h=t_h, q=19000, v=30)
    assert row["limit_pct"] == expected_limit


@pytest.mark.parametrize("mw, expected_limit", [(14.0, 80.0), (14.5, 81.0)])
def test_hot_water_capacity_by_mw(mw, expected_limit):
    # hot-water boilers by Q: Q = 14 MW is in "≤ 14"
    row = grade(85.0, fuel="bituminous", combustion="grate", kind="hot_water", mw=mw, q=19000, v=30)
    assert row["limit_pct"] == expected_limit


def test_capacity_columns_in_conflict_give_no_grade():
    # D = 10 t/h (≤ 20) but Q = 20 MW (> 14): 容量列不一致 → no grade, with the reason
    row = grade(85.0, fuel="bituminous", combustion="grate", t_h=10, mw=20, q=19000, v=30)
    assert row["grade"] == "n/a"
    assert "容量列不一致" in row["note"]


@pytest.mark.parametrize("q, expected_class_limit", [
    (14400.0, 82.0),   # Q = 14400 closed: 烟煤Ⅰ 89/85/82
    (17699.9, 82.0),
    (17700.0, 86.0),   # Q = 17700 switches to 烟煤Ⅱ 90/89/86
    (21000.0, 86.0),   # Q = 21000 stays in Ⅱ
    (21000.1, 88.0),   # 烟煤Ⅲ 91/90/88
])
def test_fluidized_bed_bituminous_heating_value_edges(q, expected_class_limit):
    assert grade(87.0, fuel="bituminous", combustion="fluidized_bed", q=q, v=30)["limit_pct"] == expected_class_limit


def test_fluidized_bed_below_14400_is_out_of_scope():
    row = grade(87.0, fuel="bituminous", combustion="fluidized_bed", q=14399, v=30)
    assert row["grade"] == "n/a" and "GB 24500-2020 能效等级表中无匹配行" in row["note"]


@pytest.mark.parametrize("v, expected_limit", [(6.4, 86.0), (6.5, 86.0), (10.0, 86.0)])
def test_anthracite_volatile_edges(v, expected_limit):
    # Table 2 无烟煤Ⅱ V < 6.5 (89/88/86), Ⅲ 6.5 ≤ V ≤ 10 (90/88/86): V = 6.5 is class Ⅲ
    row = grade(89.5, fuel="anthracite", combustion="fluidized_bed", q=22000, v=v)
    assert row["limit_pct"] == expected_limit
    assert row["table_row"] == ("T2-anth2" if v < 6.5 else "T2-anth3")


def test_lean_coal_vdaf_20_inside_and_above_unmatched():
    assert grade(87.0, fuel="lean_coal", combustion="fluidized_bed", q=20000, v=20.0)["table_row"] == "T2-lean"
    assert grade(87.0, fuel="lean_coal", combustion="fluidized_bed", q=20000, v=20.1)["grade"] == "n/a"


def test_biomass_capacity_and_low_heating_value():
    # Table 3: D ≤ 10 t/h 88/84/80; D > 10 91/88/86; Q < 8374 kJ/kg: table not applicable
    assert grade(84.0, fuel="biomass", combustion="grate", t_h=10, q=15000)["grade"] == "2"
    assert grade(84.0, fuel="biomass", combustion="grate", t_h=10.5, q=15000)["grade"] == "below"
    low = grade(84.0, fuel="biomass", combustion="grate", t_h=4, q=8000)
    assert low["grade"] == "n/a" and "8374" in low["note"]


def test_electric_limit_only():
    # clause 5.2: limit value ≥ 97 %, no grades 1/2
    ok = grade(97.0, fuel="electric", combustion=None, kind="hot_water", mw=1)
    assert ok["grade"] == "n/a" and bool(ok["meets_limit"]) and "电锅炉仅有限定值, 无能效等级" in ok["note"]
    low = grade(96.9, fuel="electric", combustion=None, kind="hot_water", mw=1)
    assert low["grade"] == "below" and not bool(low["meets_limit"])


def test_lpg_has_no_row_until_the_official_text_is_checked():
    assert grade(95.0, fuel="lpg")["grade"] == "n/a"


def test_nan_efficiency_is_not_graded():
    row = grade(np.nan)
    assert row["grade"] == "n/a" and pd.isna(row["meets_limit"])


def test_vectorised_matches_one_by_one():
    etas = np.array([96.5, 93.0, 91.0, 99.0, 85.0])
    fuels = np.array(["natural_gas", "natural_gas", "diesel", "natural_gas", "bituminous"], dtype=object)
    firing = np.array(["chamber", "chamber", "chamber", "chamber", "grate"], dtype=object)
    cond = np.array([False, False, False, True, False])
    batch = grade_gb24500(etas, fuels, firing, cond, "steam", 4.0, np.nan, 19000.0, 30.0)
    single = [grade(e, f, c, k, t_h=4.0, q=19000.0, v=30.0)["grade"] for e, f, c, k in zip(etas, fuels, firing, cond)]
    # gas 96.5 ≥ 96 → 1; gas 93 → 3; oil 91 ≥ 90 → 3; condensing gas 99 ≥ 98 → 3; grate 烟煤Ⅱ 85 ≥ 85 → 1
    assert list(batch["grade"]) == single == ["1", "3", "3", "3", "1"]
    assert set(batch["grade"].cat.categories) == set(GRADES)


def test_table_rows_never_overlap():
    # on a grid through every boundary, no point satisfies two rows: the first match is the only one
    table = load_reference().tables["gb24500_grades"]
    q = np.array([8000, 11500, 14400, 16000, 17700, 20000, 21000, 21001, 25000], dtype=float)
    v = np.array([5, 6.5, 8, 10, 10.1, 15, 20, 20.1, 30, 37, 40], dtype=float)
    cap = np.array([1, 7, 10, 14, 20, 21, 30], dtype=float)
    qq, vv, cc = (a.ravel() for a in np.meshgrid(q, v, cap))

    def inside(row):
        ok = _bounded(qq, row.qnet_min, row.qnet_min_closed, row.qnet_max, row.qnet_max_closed)
        ok &= _bounded(vv, row.vdaf_min, row.vdaf_min_closed, row.vdaf_max, row.vdaf_max_closed)
        return ok & _bounded(cc, row.capacity_t_h_above, "false", row.capacity_t_h_up_to, "true")

    rows = list(table.itertuples())
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            shared_fuel = set(a.fuel_kinds.split(";")) & set(b.fuel_kinds.split(";"))
            same_firing = "any" in (a.combustion, b.combustion) or a.combustion == b.combustion
            same_condensing = "any" in (a.condensing, b.condensing) or a.condensing == b.condensing
            if shared_fuel and same_firing and same_condensing:
                assert not (inside(a) & inside(b)).any(), (a.row_id, b.row_id)
