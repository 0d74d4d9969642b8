"""Energy-saving potential: each measure re-runs the heat-loss model; savings follow ΔB = B·(1 − η₂/η₂′)."""

import numpy as np
import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.analysis.potential import saving_potential

GAS = dict(test_id="g1", boiler_kind="steam", fuel_kind="natural_gas", combustion="chamber", condensing="false",
           rated_capacity_t_h=4.0, fuel_rate_nm3_h=300.0, steam_flow_kg_h=4000.0, steam_pressure_mpa_g=0.8,
           feedwater_temp_c=60.0, flue_temp_c=180.0, air_temp_c=20.0, flue_o2_pct=6.0, flue_co_ppm=30.0)
COAL = dict(test_id="c1", boiler_kind="steam", fuel_kind="bituminous", combustion="grate", condensing="false",
            rated_capacity_t_h=10.0, lhv_ar_kj_kg=21000.0, fuel_rate_kg_h=1500.0, steam_flow_kg_h=9000.0,
            steam_pressure_mpa_g=1.0, feedwater_temp_c=60.0, flue_temp_c=170.0, air_temp_c=20.0, flue_o2_pct=9.0,
            slag_combustible_pct=10.0, flyash_combustible_pct=20.0, slag_share_pct=80.0, flyash_share_pct=20.0)


def test_each_measure_equals_a_re_evaluation_of_the_changed_record():
    result = saving_potential(pd.DataFrame([GAS]), hours=4000.0, fuel_price=3.5).set_index("measure")
    base = evaluate(pd.DataFrame([GAS])).iloc[0]
    tuned = evaluate(pd.DataFrame([dict(GAS, flue_o2_pct=3.0)])).iloc[0]  # o2_target_gas = 3.0 %
    row = result.loc["lower_o2"]
    assert row["eta_before_pct"] == base["eta_indirect_pct"] and row["eta_after_pct"] == tuned["eta_indirect_pct"]
    saved = 300.0 * (1 - base["eta_indirect_pct"] / tuned["eta_indirect_pct"]) * 4000.0
    assert row["fuel_saved_per_year"] == pytest.approx(saved, rel=1e-12)
    assert row["cost_saved_cny"] == pytest.approx(saved * 3.5, rel=1e-12)
    # CO₂ saved at the test's own CO₂ per Nm³
    assert row["co2_saved_t"] == pytest.approx(saved * base["co2_kg_h"] / 300.0 / 1000.0, rel=1e-12)
    economiser = evaluate(pd.DataFrame([dict(GAS, flue_temp_c=130.0)])).iloc[0]  # economiser_flue_temp = 130 °C
    assert result.loc["economiser", "eta_after_pct"] == economiser["eta_indirect_pct"]
    # feedwater 60 °C + 10 K approach: the retrofit exhaust is 70 °C, not the 55 °C default
    condensing = evaluate(pd.DataFrame([dict(GAS, flue_temp_c=70.0, condensing="true")])).iloc[0]
    assert result.loc["condensing", "eta_after_pct"] == condensing["eta_indirect_pct"]
    assert (result["fuel_unit"] == "Nm3").all()


def test_measures_only_where_they_apply():
    already_good = dict(GAS, test_id="g2", flue_o2_pct=2.5, flue_temp_c=120.0)
    coal = saving_potential(pd.DataFrame([COAL, already_good]), hours=5000.0)
    # the coal boiler: no condensing retrofit (gas only); the tuned gas boiler: only the condensing retrofit
    assert set(coal.loc[coal["test_id"] == "c1", "measure"]) == {"lower_o2", "economiser"}
    assert set(coal.loc[coal["test_id"] == "g2", "measure"]) == {"condensing"}
    assert (coal.loc[coal["test_id"] == "c1", "fuel_unit"] == "kg").all()
    assert coal["cost_saved_cny"].isna().all()  # no price given


def test_savings_are_positive_and_grow_with_the_change():
    hotter = dict(GAS, test_id="hot", flue_temp_c=220.0)
    result = saving_potential(pd.DataFrame([GAS, hotter]), hours=1000.0).set_index(["test_id", "measure"])
    assert (result["fuel_saved_per_year"] > 0).all() and (result["eta_after_pct"] > result["eta_before_pct"]).all()
    assert result.loc[("hot", "economiser"), "fuel_saved_per_year"] > result.loc[("g1", "economiser"),
                                                                                "fuel_saved_per_year"]
    assert np.isfinite(result["co2_saved_t"]).all()


def test_condensing_retrofit_respects_the_return_water_temperature():
    warm = dict(test_id="w", boiler_kind="hot_water", fuel_kind="natural_gas", combustion="chamber",
                condensing="false", rated_capacity_mw=2.8, fuel_rate_nm3_h=280.0, water_flow_kg_h=86000.0,
                supply_temp_c=85.0, return_temp_c=60.0, flue_temp_c=150.0, air_temp_c=15.0, flue_o2_pct=3.5)
    cool = dict(warm, test_id="cool", return_temp_c=35.0, water_flow_kg_h=43000.0)  # the same heat over 50 K
    result = saving_potential(pd.DataFrame([warm, cool]), hours=3000.0)
    retrofit = result[result["measure"] == "condensing"].set_index("test_id")
    assert "→ 70 °C" in retrofit.loc["w", "change"]        # 60 °C return + 10 K, not the 55 °C default
    assert "→ 55 °C" in retrofit.loc["cool", "change"]      # 35 + 10 = 45 < 55: the default target
    assert retrofit.loc["cool", "fuel_saved_per_year"] > retrofit.loc["w", "fuel_saved_per_year"]
