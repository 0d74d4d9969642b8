"""Air-pollutant emissions (boilerlab.standards.emissions): analyser units, the reference-O₂ conversion, the
applicable GB 13271-2014 / DB31/387-2018 limits and compliance, and their plumbing through evaluate.

Sources of the pinned numbers:
  * emissions-and-carbon.md §7 (ppm ⇄ mg/m³), §5.3 (GB 13271-2014 §5.2 formula (1), reference O₂),
    §5.1–5.2 (GB 13271 dates and tables 1–3), §6 (DB31/387-2018 NOx 50/80 and its staging);
  * data/reference/emission_limits.csv (the row named by each ``limit_id``) and method_constants.csv.
Tolerances: ``EXACT`` (rel 1e-12) where the test repeats the library's arithmetic on the same inputs,
so only float round-off can differ; limits are table values and are compared with ``==``.
"""

import datetime
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerlab import evaluate
from boilerlab.standards.emissions import (MOLAR_MASS_G_MOL, applicable_limits, compliance, mg_m3_to_ppm, ppm_to_mg_m3,
                                 reference_oxygen, to_reference_oxygen)
from boilerlab.base.reference import DEFAULT_DIRECTORY, load_reference

EXACT = dict(rel=1e-12, abs=0)
NAN = float("nan")
LIMITS = load_reference().tables["emission_limits"].set_index("limit_id")


# --- ppm ⇄ mg/m³ (emissions-and-carbon.md §7: mg/m³ = ppm × M/22.4) -----------------------------------------

@pytest.mark.parametrize("pollutant, molar_mass, doc_factor", [
    # M from the library's MOLAR_MASS_G_MOL (IUPAC atomic weights); doc_factor is the §7 value with integer M
    ("nox", 46.0055, 46 / 22.4),   # §7: NOx as NO₂, 46/22.4 ≈ 2.054
    ("no2", 46.0055, 46 / 22.4),
    ("so2", 64.066, 64 / 22.4),    # §7: 64/22.4 ≈ 2.857
    ("co", 28.010, 28 / 22.4),     # §7: 28/22.4 = 1.25
])
def test_ppm_to_mg_m3(pollutant, molar_mass, doc_factor):
    assert MOLAR_MASS_G_MOL[pollutant] == molar_mass
    # 100 ppm × M/22.4 (22.4 L/mol = method_constants ppm_molar_volume); same arithmetic → EXACT
    assert ppm_to_mg_m3(100.0, pollutant) == pytest.approx(100.0 * molar_mass / 22.4, **EXACT)
    # against §7's integer-M factors: the library's IUPAC molar masses differ from 46/64/28 by at most
    # 64.066/64 − 1 = 1.03e-3 (SO₂), so 1.1e-3 relative covers the rounding of M and nothing else
    assert ppm_to_mg_m3(100.0, pollutant) == pytest.approx(100.0 * doc_factor, rel=1.1e-3)


def test_ppm_printed_factors_of_section_7():
    # §7 prints NO₂ ≈ 2.054, SO₂ ≈ 2.857 and CO = 1.25 mg/m³ per ppm. NO₂ and CO agree to the printed digits
    # (46.0055/22.4 = 2.05382, 28.010/22.4 = 1.25045); SO₂ with M = 64.066 is 2.8601, 0.1 % above the printed
    # 2.857 that uses M = 64 — a rounding of M in the source document, not a library error.
    assert round(ppm_to_mg_m3(1.0, "nox"), 3) == 2.054
    assert round(ppm_to_mg_m3(1.0, "co"), 2) == 1.25
    assert ppm_to_mg_m3(1.0, "so2") == pytest.approx(2.857, rel=1.1e-3)  # same M-rounding tolerance as above


@pytest.mark.parametrize("pollutant", ["nox", "no2", "so2", "co"])
def test_mg_m3_to_ppm_is_the_inverse(pollutant):
    # 205.38 mg/m³ ↔ 100 ppm for NO₂ etc.; two multiplications → float round-off only
    assert mg_m3_to_ppm(ppm_to_mg_m3(100.0, pollutant), pollutant) == pytest.approx(100.0, **EXACT)
    assert mg_m3_to_ppm(100.0 * MOLAR_MASS_G_MOL[pollutant] / 22.4, pollutant) == pytest.approx(100.0, **EXACT)


@settings(max_examples=50, deadline=None, database=None)
@given(ppm=st.floats(0.0, 1e5), pollutant=st.sampled_from(["nox", "no2", "so2", "co"]))
def test_ppm_round_trip_property(ppm, pollutant):
    back = mg_m3_to_ppm(ppm_to_mg_m3(ppm, pollutant), pollutant)
    assert back == pytest.approx(ppm, rel=1e-12, abs=1e-12)  # round-off of two multiplications


def test_ppm_keeps_the_input_kind():
    series = pd.Series([10.0, 20.0], index=["a", "b"])
    out = ppm_to_mg_m3(series, "co")
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b"]
    np.testing.assert_allclose(out.to_numpy(), [10 * 28.010 / 22.4, 20 * 28.010 / 22.4], rtol=1e-12)
    assert isinstance(ppm_to_mg_m3(np.array([1.0, 2.0]), "so2"), np.ndarray)
    assert isinstance(ppm_to_mg_m3(1.0, "so2"), float)


@pytest.mark.parametrize("function", [ppm_to_mg_m3, mg_m3_to_ppm])
def test_unknown_pollutant_raises_key_error(function):
    with pytest.raises(KeyError, match="unknown pollutant 'h2s'"):
        function(10.0, "h2s")


# --- reference O₂, GB 13271-2014 §5.2 formula (1): ρ = ρ′·(21 − φ)/(21 − φ′) -----------------------------------

@pytest.mark.parametrize("rho, measured, reference, expected", [
    (100.0, 6.0, 3.5, 100 * 17.5 / 15),   # = 116.667: gas boiler measured at 6 % O₂
    (100.0, 3.5, 3.5, 100.0),             # measured = reference: unchanged
    (200.0, 12.0, 9.0, 200 * 12 / 9),     # = 266.667: coal boiler at 12 % O₂
    (200.0, 0.0, 9.0, 200 * 12 / 21),     # = 114.286: φ′ = 0 is inside [0, 21)
    (50.0, 2.0, 3.5, 50 * 17.5 / 19),     # = 46.053: below the reference O₂ the value falls
])
def test_to_reference_oxygen_hand_values(rho, measured, reference, expected):
    assert to_reference_oxygen(rho, measured, reference) == pytest.approx(expected, **EXACT)


def test_to_reference_oxygen_brief_example():
    # 100 mg/m³ at 6 % O₂ to 3.5 %: 100·(21 − 3.5)/(21 − 6) = 1750/15 = 116.67 (to its printed 2 decimals)
    assert round(to_reference_oxygen(100.0, 6.0, 3.5), 2) == 116.67


@pytest.mark.parametrize("measured", [21.0, 25.0, -0.1])
def test_to_reference_oxygen_outside_0_21_is_nan(measured):
    # §5.3 implementation note: guard against φ′ ≥ 21 % (division by ≈ 0); φ′ < 0 is not a measurement
    assert np.isnan(to_reference_oxygen(100.0, measured, 3.5))


def test_to_reference_oxygen_vectorised_and_series():
    rho = pd.Series([100.0, 100.0, 100.0], index=[3, 5, 7])
    out = to_reference_oxygen(rho, np.array([6.0, 21.0, 3.5]), np.array([3.5, 3.5, 3.5]))
    assert isinstance(out, pd.Series) and list(out.index) == [3, 5, 7]
    assert out[3] == pytest.approx(1750 / 15, **EXACT) and np.isnan(out[5]) and out[7] == 100.0


@settings(max_examples=60, deadline=None, database=None)
@given(rho=st.floats(0.1, 1e4), o2=st.floats(0.0, 20.0), step=st.floats(0.01, 0.9), ref=st.sampled_from([3.5, 9.0]))
def test_to_reference_oxygen_rises_with_measured_oxygen(rho, o2, step, ref):
    # (21 − φ)/(21 − φ′) grows strictly with φ′ for a positive concentration
    low, high = to_reference_oxygen(rho, o2, ref), to_reference_oxygen(rho, o2 + step, ref)
    assert high > low
    # and crosses the measured value exactly at φ′ = φ
    assert (low > rho) == (o2 > ref) or o2 == ref


def test_reference_oxygen_per_fuel_kind():
    kinds = ["bituminous", "lean_coal", "anthracite", "lignite", "biomass", "diesel", "heavy_oil", "natural_gas",
             "lpg", "electric", "no_such_fuel"]
    # method_constants reference_o2_coal = 9 (coal group, biomass briquettes included, §5.1 scope),
    # reference_o2_oil_gas = 3.5 (GB 13271-2014 §5.2; §5.3 table); electric/unknown: no reference O₂
    expected = [9, 9, 9, 9, 9, 3.5, 3.5, 3.5, 3.5, NAN, NAN]
    np.testing.assert_array_equal(reference_oxygen(kinds), expected)


# --- applicable limits ----------------------------------------------------------------------------------------

def limits_of(fuel, test, installed=None, t_h=NAN, mw=NAN, jurisdiction="shanghai", key=False):
    """The governing (value, id) per pollutant for one boiler, and the basis text."""
    row = applicable_limits([fuel], [test], [installed], [t_h], [mw], [jurisdiction], [key]).iloc[0]
    values = tuple(row[f"{p}_limit_mg_m3"] for p in ("nox", "so2", "pm"))
    ids = tuple(None if pd.isna(row[f"{p}_limit_id"]) else row[f"{p}_limit_id"] for p in ("nox", "so2", "pm"))
    return values, ids, row["limit_basis"]


def assert_limits(got, values, ids):
    got_values, got_ids, _ = got
    np.testing.assert_array_equal(got_values, values)  # table values: exact
    for got_id, want in zip(got_ids, ids):
        assert got_id in want if isinstance(want, set) else got_id == want


# Each case: (label, kwargs for limits_of, (NOx, SO₂, PM) limits, ids). Values are the emission_limits rows
# named in the ids (GB 13271-2014 tables 1–3 = emissions-and-carbon.md §5.2; DB31/387-2018 = §6).
T1_GAS = ((400, 100, 30), ("GB-T1-nox-gas-small", "GB-T1-so2-gas-small", "GB-T1-pm-gas-small"))
T1_GAS_LARGE = ((400, 100, 30), ("GB-T1-nox-gas", "GB-T1-so2-gas", "GB-T1-pm-gas"))
T2_GAS = ((200, 50, 20), ("GB-T2-nox-gas", "GB-T2-so2-gas", "GB-T2-pm-gas"))
NONE = ((NAN, NAN, NAN), (None, None, None))
CASES = [
    # GB 13271 §5.1: new-boiler cut-off 2014-07-01 (installed the day before = existing, table 1)
    ("GB new cut-off: installed 2014-06-30 → table 1",
     dict(fuel="natural_gas", test="2017-01-01", installed="2014-06-30", jurisdiction="national"), *T1_GAS),
    ("GB new cut-off: installed 2014-07-01 → table 2",
     dict(fuel="natural_gas", test="2017-01-01", installed="2014-07-01", jurisdiction="national"), *T2_GAS),
    ("GB table 2 oil", dict(fuel="diesel", test="2017-01-01", installed="2015-01-01", jurisdiction="national"),
     (250, 200, 30), ("GB-T2-nox-oil", "GB-T2-so2-oil", "GB-T2-pm-oil")),
    ("GB table 2 coal", dict(fuel="bituminous", test="2017-01-01", installed="2015-01-01", jurisdiction="national"),
     (300, 300, 50), ("GB-T2-nox-coal", "GB-T2-so2-coal", "GB-T2-pm-coal")),
    ("GB table 1 oil", dict(fuel="heavy_oil", test="2017-01-01", installed="2010-01-01", jurisdiction="national"),
     (400, 300, 60), ("GB-T1-nox-oil-small", "GB-T1-so2-oil-small", "GB-T1-pm-oil-small")),
    ("GB table 1 coal", dict(fuel="anthracite", test="2017-01-01", installed="2010-01-01", jurisdiction="national"),
     (400, 400, 80), ("GB-T1-nox-coal-small", "GB-T1-so2-coal-small", "GB-T1-pm-coal-small")),
    ("unknown install date counts as existing", dict(fuel="natural_gas", test="2017-01-01", jurisdiction="national"),
     *T1_GAS),
    # §5.1: in-use > 10 t/h or > 7 MW from 2015-10-01 (strictly greater), the rest from 2016-07-01
    ("10 t/h on 2015-10-01: not yet", dict(fuel="natural_gas", test="2015-10-01", installed="2010-01-01", t_h=10.0),
     *NONE),
    ("10.01 t/h on 2015-10-01: table 1",
     dict(fuel="natural_gas", test="2015-10-01", installed="2010-01-01", t_h=10.01), *T1_GAS_LARGE),
    ("10.01 t/h on 2015-09-30: not yet",
     dict(fuel="natural_gas", test="2015-09-30", installed="2010-01-01", t_h=10.01), *NONE),
    ("7 MW on 2015-10-01: not yet", dict(fuel="natural_gas", test="2015-10-01", installed="2010-01-01", mw=7.0),
     *NONE),
    ("7.01 MW on 2015-10-01: table 1", dict(fuel="natural_gas", test="2015-10-01", installed="2010-01-01", mw=7.01),
     *T1_GAS_LARGE),
    ("7.01 MW on 2015-09-30: not yet", dict(fuel="natural_gas", test="2015-09-30", installed="2010-01-01", mw=7.01),
     *NONE),
    ("unknown capacity on 2015-10-01: not yet", dict(fuel="natural_gas", test="2015-10-01", installed="2010-01-01"),
     *NONE),
    ("large coal on 2015-10-01", dict(fuel="bituminous", test="2015-10-01", installed="2010-01-01", t_h=20.0),
     (400, 400, 80), ("GB-T1-nox-coal", "GB-T1-so2-coal", "GB-T1-pm-coal")),
    ("small in-use on 2016-06-30: no tabulated limit",
     dict(fuel="natural_gas", test="2016-06-30", installed="2010-01-01", t_h=4.0), *NONE),
    ("small in-use on 2016-07-01: table 1", dict(fuel="natural_gas", test="2016-07-01", installed="2010-01-01", t_h=4.0),
     *T1_GAS),
    # a large boiler after 2016-07-01 matches both table-1 rows; equal values, either row governs
    ("large in-use on 2016-07-01", dict(fuel="natural_gas", test="2016-07-01", installed="2010-01-01", t_h=20.0),
     (400, 100, 30), tuple({f"GB-T1-{p}-gas", f"GB-T1-{p}-gas-small"} for p in ("nox", "so2", "pm"))),
    # §5.1: table 3 special limits where the area is a key region (§4.4), any age
    ("key region gas", dict(fuel="natural_gas", test="2017-01-01", installed="2010-01-01", jurisdiction="national",
                            key=True), (150, 50, 20), ("GB-T3-nox-gas", "GB-T3-so2-gas", "GB-T3-pm-gas")),
    ("key region oil", dict(fuel="diesel", test="2017-01-01", installed="2010-01-01", jurisdiction="national", key=True),
     (200, 100, 30), ("GB-T3-nox-oil", "GB-T3-so2-oil", "GB-T3-pm-oil")),
    ("key region coal", dict(fuel="lignite", test="2017-01-01", installed="2010-01-01", jurisdiction="national",
                             key=True), (200, 200, 30), ("GB-T3-nox-coal", "GB-T3-so2-coal", "GB-T3-pm-coal")),
    # new gas boiler in a key region: table 3 NOx 150 < table 2 200; SO₂ 50 ties (table 2 = table 3)
    ("key region new gas", dict(fuel="natural_gas", test="2017-01-01", installed="2015-01-01", jurisdiction="national",
                                key=True), (150, 50, 20),
     ("GB-T3-nox-gas", {"GB-T2-so2-gas", "GB-T3-so2-gas"}, "GB-T2-pm-gas")),
    # DB31/387-2018 layer (§6): in force from 2018-07-01 (emission_limits in_force_from, UNCONFIRMED)
    ("Shanghai 2018-06-30: national only", dict(fuel="natural_gas", test="2018-06-30", installed="2010-01-01"),
     *T1_GAS),
    ("Shanghai 2018-07-01: stage 1 NOx 150", dict(fuel="natural_gas", test="2018-07-01", installed="2010-01-01"),
     (150, 100, 30), ("SH-S1-nox", "GB-T1-so2-gas-small", "GB-T1-pm-gas-small")),
    # §6 staging: in-use stage 1 to 2020-09-30, stage 2 from 2020-10-01 (NOx 50 gas / 80 other)
    ("Shanghai in-use gas 2020-09-30: stage 1", dict(fuel="natural_gas", test="2020-09-30", installed="2010-01-01"),
     (150, 100, 30), ("SH-S1-nox", "GB-T1-so2-gas-small", "GB-T1-pm-gas-small")),
    ("Shanghai in-use gas 2020-10-01: stage 2 50", dict(fuel="natural_gas", test="2020-10-01", installed="2010-01-01"),
     (50, 100, 30), ("SH-S2-nox-gas", "GB-T1-so2-gas-small", "GB-T1-pm-gas-small")),
    ("Shanghai in-use oil 2020-09-30: stage 1", dict(fuel="diesel", test="2020-09-30", installed="2010-01-01"),
     (150, 300, 60), ("SH-S1-nox", "GB-T1-so2-oil-small", "GB-T1-pm-oil-small")),
    ("Shanghai in-use oil 2020-10-01: stage 2 80", dict(fuel="diesel", test="2020-10-01", installed="2010-01-01"),
     (80, 300, 60), ("SH-S2-nox-other-existing", "GB-T1-so2-oil-small", "GB-T1-pm-oil-small")),
    ("Shanghai in-use coal 2020-10-01: stage 2 80", dict(fuel="bituminous", test="2020-10-01", installed="2010-01-01"),
     (80, 400, 80), ("SH-S2-nox-other-existing", "GB-T1-so2-coal-small", "GB-T1-pm-coal-small")),
    # §6: in-use biomass boilers are excepted from stage 2 → stage 1 (150) continues
    ("Shanghai in-use biomass 2020-09-30", dict(fuel="biomass", test="2020-09-30", installed="2010-01-01"),
     (150, 400, 80), ("SH-S1-nox", "GB-T1-so2-coal-small", "GB-T1-pm-coal-small")),
    ("Shanghai in-use biomass 2020-10-01: keeps stage 1",
     dict(fuel="biomass", test="2020-10-01", installed="2010-01-01"),
     (150, 400, 80), ("SH-S1-nox-biomass", "GB-T1-so2-coal-small", "GB-T1-pm-coal-small")),
    # Shanghai new-boiler cut-off 2018-07-01 (emission_limits new_if_installed_from, UNCONFIRMED)
    ("Shanghai gas installed 2018-06-30: existing, stage 1 beats GB table 2",
     dict(fuel="natural_gas", test="2019-06-01", installed="2018-06-30"), (150, 50, 20),
     ("SH-S1-nox", "GB-T2-so2-gas", "GB-T2-pm-gas")),
    ("Shanghai gas installed 2018-07-01: new, 50",
     dict(fuel="natural_gas", test="2019-06-01", installed="2018-07-01"), (50, 50, 20),
     ("SH-new-nox-gas", "GB-T2-so2-gas", "GB-T2-pm-gas")),
    ("Shanghai oil installed 2018-07-01: new, 80",
     dict(fuel="diesel", test="2019-06-01", installed="2018-07-01"), (80, 200, 30),
     ("SH-new-nox-other", "GB-T2-so2-oil", "GB-T2-pm-oil")),
    ("Shanghai new biomass: 80 (the biomass exception is for in-use boilers)",
     dict(fuel="biomass", test="2021-06-01", installed="2019-01-01"), (80, 300, 50),
     ("SH-new-nox-other", "GB-T2-so2-coal", "GB-T2-pm-coal")),
    # the strictest layer governs, pollutant by pollutant
    ("Shanghai + key region in-use gas 2021",
     dict(fuel="natural_gas", test="2021-01-01", installed="2010-01-01", key=True), (50, 50, 20),
     ("SH-S2-nox-gas", "GB-T3-so2-gas", "GB-T3-pm-gas")),
    ("Shanghai + key region in-use coal 2021",
     dict(fuel="bituminous", test="2021-01-01", installed="2010-01-01", key=True), (80, 200, 30),
     ("SH-S2-nox-other-existing", "GB-T3-so2-coal", "GB-T3-pm-coal")),
    # jurisdiction 'national' ignores the Shanghai rows
    ("national in-use gas 2021", dict(fuel="natural_gas", test="2021-01-01", installed="2010-01-01",
                                      jurisdiction="national"), *T1_GAS),
    ("national new gas 2019", dict(fuel="natural_gas", test="2019-06-01", installed="2018-07-01",
                                   jurisdiction="national"), *T2_GAS),
    # electric boilers burn nothing: no emission group, no limits
    ("electric", dict(fuel="electric", test="2021-01-01", installed="2019-01-01"), *NONE),
    ("unknown fuel", dict(fuel="no_such_fuel", test="2021-01-01"), *NONE),
]


@pytest.mark.parametrize("label, kwargs, values, ids", CASES, ids=[c[0] for c in CASES])
def test_applicable_limits_boundaries(label, kwargs, values, ids):
    assert_limits(limits_of(**kwargs), values, ids)


def test_applicable_limits_vectorised_equals_row_by_row():
    # all cases in one call (per-row dates, capacities, jurisdictions, key flags): rows do not interact
    columns = {"fuel": [], "test": [], "installed": [], "t_h": [], "mw": [], "jurisdiction": [], "key": []}
    defaults = dict(installed=None, t_h=NAN, mw=NAN, jurisdiction="shanghai", key=False)
    for _, kwargs, _, _ in CASES:
        for name in columns:
            columns[name].append({**defaults, **kwargs}[name])
    table = applicable_limits(columns["fuel"], columns["test"], columns["installed"], columns["t_h"], columns["mw"],
                              columns["jurisdiction"], columns["key"])
    assert len(table) == len(CASES)
    for i, (_, kwargs, values, ids) in enumerate(CASES):
        row = table.iloc[i]
        got = (tuple(row[f"{p}_limit_mg_m3"] for p in ("nox", "so2", "pm")),
               tuple(None if pd.isna(row[f"{p}_limit_id"]) else row[f"{p}_limit_id"] for p in ("nox", "so2", "pm")),
               row["limit_basis"])
        assert_limits(got, values, ids)
        assert got[2] == limits_of(**kwargs)[2]


BOUNDARY_DATES = ["2014-06-30", "2014-07-01", "2015-09-30", "2015-10-01", "2016-06-30", "2016-07-01", "2018-06-30",
                  "2018-07-01", "2020-09-30", "2020-10-01", "2024-01-01", None]


@settings(max_examples=40, deadline=None, database=None)
@given(st.lists(st.tuples(
    st.sampled_from(["natural_gas", "lpg", "diesel", "heavy_oil", "bituminous", "lean_coal", "biomass", "electric"]),
    st.sampled_from(BOUNDARY_DATES[:-1]), st.sampled_from(BOUNDARY_DATES), st.sampled_from([NAN, 4.0, 10.0, 10.01]),
    st.sampled_from([NAN, 2.8, 7.0, 7.01]), st.sampled_from(["shanghai", "national"]), st.booleans()),
    min_size=1, max_size=25))
def test_applicable_limits_many_rows_equal_one_by_one(rows):
    # the limits of a row never depend on the other rows of the call (boundary dates on both sides of every edge)
    columns = list(zip(*rows))
    together = applicable_limits(*[list(c) for c in columns])
    for i, row in enumerate(rows):
        alone = applicable_limits(*[[v] for v in row]).iloc[0]
        for pollutant in ("nox", "so2", "pm"):
            a, b = together.iloc[i][f"{pollutant}_limit_mg_m3"], alone[f"{pollutant}_limit_mg_m3"]
            assert a == b or (np.isnan(a) and np.isnan(b)), (row, pollutant)
        assert together.iloc[i]["limit_basis"] == alone["limit_basis"]


def test_applicable_limits_input_kinds():
    # list of str / Categorical / Series of kinds; str / datetime64 dates: the same limits
    kinds = ["natural_gas", "diesel", "biomass", "natural_gas"]
    tests = ["2020-09-30", "2020-10-01", "2020-10-01", "2021-01-01"]
    installed = ["2010-01-01", "2010-01-01", None, "2019-01-01"]
    places = ["shanghai", "shanghai", "shanghai", "national"]
    plain = applicable_limits(kinds, tests, installed, jurisdiction=places)
    typed = applicable_limits(pd.Categorical(kinds), np.array(tests, dtype="datetime64[D]"),
                              np.array([d or "NaT" for d in installed], dtype="datetime64[D]"),
                              jurisdiction=pd.Series(places, dtype="category"))
    pd.testing.assert_frame_equal(plain, typed)
    # SH-S1-nox 150; SH-S2-nox-other-existing 80; SH-S1-nox-biomass 150; national new gas GB-T2-nox-gas 200
    assert list(plain["nox_limit_mg_m3"]) == [150.0, 80.0, 150.0, 200.0]


def test_in_force_to_is_an_edge_with_an_edited_table(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(DEFAULT_DIRECTORY, folder)
    path = folder / "emission_limits.csv"
    text = path.read_text(encoding="utf-8")
    old = "existing,gas;oil;coal,,nox,150,2018-07-01,2018-07-01,2020-09-30,"  # SH-S1-nox
    assert text.count(old) == 1
    # an editor shortens stage 1 to 2020-06-30 (stage 2 still from 2020-10-01): a gap in the Shanghai layer
    path.write_text(text.replace(old, old.replace("2020-09-30", "2020-06-30")), encoding="utf-8")
    edited = load_reference(folder)
    alone = [applicable_limits(["natural_gas"], [d], ["2010-01-01"], reference=edited)["nox_limit_mg_m3"].item()
             for d in ("2020-06-30", "2020-07-01")]
    assert alone == [150.0, 400.0]  # SH-S1-nox on its last day; GB-T1-nox-gas-small the day after
    together = applicable_limits(["natural_gas"] * 2, ["2020-06-30", "2020-07-01"], "2010-01-01", reference=edited)
    assert list(together["nox_limit_mg_m3"]) == alone


def test_scalar_arguments_broadcast():
    table = applicable_limits(["natural_gas", "diesel"], "2021-01-01", "2010-01-01")  # default Shanghai
    assert list(table["nox_limit_mg_m3"]) == [50.0, 80.0]  # SH-S2-nox-gas, SH-S2-nox-other-existing


def test_governing_ids_name_rows_with_the_returned_limit():
    table = applicable_limits([c[1]["fuel"] for c in CASES], [c[1]["test"] for c in CASES],
                              [c[1].get("installed") for c in CASES], [c[1].get("t_h", NAN) for c in CASES],
                              [c[1].get("mw", NAN) for c in CASES],
                              [c[1].get("jurisdiction", "shanghai") for c in CASES], [c[1].get("key", False) for c in CASES])
    for pollutant in ("nox", "so2", "pm"):
        for limit, limit_id in zip(table[f"{pollutant}_limit_mg_m3"], table[f"{pollutant}_limit_id"]):
            if pd.isna(limit_id):
                assert np.isnan(limit)
                continue
            assert LIMITS.loc[limit_id, "pollutant"] == pollutant
            assert LIMITS.loc[limit_id, "limit_mg_m3"] == limit


def test_limit_basis_names_the_standards_and_tables():
    _, _, basis = limits_of("natural_gas", "2021-01-01", "2010-01-01")
    # standard + table_name of SH-S2-nox-gas and GB-T1-*-gas-small, in NOx, SO₂, PM order
    assert basis == ("NOx: DB31/387-2018 表2 第二阶段 (参考数据待核实); SO₂: GB 13271-2014 表1 在用锅炉; PM: GB 13271-2014 表1 在用锅炉; "
                     "林格曼黑度: GB 13271-2014 表1 在用锅炉")  # no 汞 part: gas boilers have no Hg limit
    _, _, basis = limits_of("biomass", "2021-01-01", "2010-01-01")
    assert basis.startswith("NOx: DB31/387-2018 表1 第一阶段 (在用生物质锅炉) (参考数据待核实); ")
    _, _, basis = limits_of("natural_gas", "2017-01-01", "2010-01-01", jurisdiction="national", key=True)
    # the blackness limit is 1 级 in tables 1 and 3 alike: the first row found governs (equal values)
    assert basis == ("NOx: GB 13271-2014 表3 特别排放限值; SO₂: GB 13271-2014 表3 特别排放限值; PM: GB 13271-2014 表3 特别排放限值; "
                     "林格曼黑度: GB 13271-2014 表1 在用锅炉")
    _, _, basis = limits_of("bituminous", "2017-01-01", "2010-01-01", jurisdiction="national", key=True)
    assert "; 汞: GB 13271-2014 表1 在用锅炉; 林格曼黑度: GB 13271-2014 表1 在用锅炉" in basis
    assert limits_of("electric", "2021-01-01")[2] == ""


# --- compliance: pass when value ≤ limit; margin = (limit − value)/limit·100 ------------------------------------

def test_compliance_pass_at_exactly_the_limit():
    passed, margin = compliance(50.0, 50.0)
    assert bool(passed[0]) is True and margin[0] == 0.0


def test_compliance_margin_sign_and_na():
    value = np.array([40.0, 60.0, NAN, 40.0, NAN])
    limit = np.array([50.0, 50.0, 50.0, NAN, NAN])
    passed, margin = compliance(value, limit)
    # (50 − 40)/50·100 = 20 % below the limit; (50 − 60)/50·100 = −20 % (exceeded)
    assert list(passed[:2]) == [True, False]
    assert margin[0] == pytest.approx(20.0, **EXACT) and margin[1] == pytest.approx(-20.0, **EXACT)
    # a missing value or limit is unknown, not a pass or a fail
    assert passed[2:].isna().all() and np.isnan(margin[2:]).all()
    assert passed.dtype == "boolean"


def test_compliance_takes_series():
    passed, margin = compliance(pd.Series([49.9, 50.1]), pd.Series([50.0, 50.0]))
    assert list(passed) == [True, False]
    np.testing.assert_allclose(margin, [0.2, -0.2], rtol=1e-9)  # (50 − 49.9)/50·100; 1e-9: 49.9 is not exact in binary


# --- through boilerlab.evaluate ----------------------------------------------------------------------------------

GAS = dict(test_id="g1", boiler_kind="steam", fuel_kind="natural_gas", combustion="chamber", condensing="false",
           rated_capacity_t_h=4.0, barometric_kpa=101.3, ch4_pct=96.0, c2h6_pct=1.8, c3h8_pct=0.4, c4h10_pct=0.1,
           n2_pct=1.0, co2_pct=0.7, fuel_rate_nm3_h=300.0, steam_flow_kg_h=4000.0, steam_pressure_mpa_g=0.8,
           steam_humidity_pct=1.0, feedwater_temp_c=60.0, blowdown_flow_kg_h=100.0, flue_temp_c=140.0,
           air_temp_c=20.0, air_humidity_g_kg=8.0, flue_o2_pct=3.5, flue_co_ppm=30.0)
SITE = dict(install_date="2010-05-01", jurisdiction="shanghai", test_date="2024-03-15", key_region="false")
BLANK_WARNINGS = ("排放测点氧含量未填, 用排烟氧含量折算", "测试日期未填, 按今天的限值判定", "安装日期未填, 按在用锅炉判定排放限值", "所在地未填, 按上海市判定")


def test_evaluate_gas_row_reference_oxygen_limit_and_pass():
    out = evaluate(pd.DataFrame([dict(GAS, **SITE, nox_mg_m3=40.0, so2_mg_m3=6.0, pm_mg_m3=3.0,
                                      emission_o2_pct=6.0)])).iloc[0]
    assert out["error"] == ""
    # formula (1), gas reference 3.5 %: 40·(21 − 3.5)/(21 − 6) = 46.667; 6·17.5/15 = 7.0; 3·17.5/15 = 3.5
    assert out["nox_ref_mg_m3"] == pytest.approx(40 * 17.5 / 15, **EXACT)
    assert out["so2_ref_mg_m3"] == pytest.approx(7.0, **EXACT)
    assert out["pm_ref_mg_m3"] == pytest.approx(3.5, **EXACT)
    # in-use (2010) Shanghai gas boiler tested 2024: SH-S2-nox-gas 50; SO₂/PM GB-T1-*-gas-small 100/30
    assert (out["nox_limit_mg_m3"], out["so2_limit_mg_m3"], out["pm_limit_mg_m3"]) == (50.0, 100.0, 30.0)
    assert out["nox_compliant"] == True and out["so2_compliant"] == True  # noqa: E712 (BooleanArray scalars)
    # margin (50 − 46.667)/50·100 = 6.667 %; (100 − 7)/100·100 = 93 %
    assert out["nox_margin_pct"] == pytest.approx((50 - 40 * 17.5 / 15) / 50 * 100, **EXACT)
    assert out["so2_margin_pct"] == pytest.approx(93.0, **EXACT)
    assert out["emission_limit_basis"] == ("NOx: DB31/387-2018 表2 第二阶段 (参考数据待核实); SO₂: GB 13271-2014 表1 在用锅炉; "
                                           "PM: GB 13271-2014 表1 在用锅炉; 林格曼黑度: GB 13271-2014 表1 在用锅炉")
    for text in BLANK_WARNINGS + ("exceeds its emission limit",):
        assert text not in out["warnings"], text


def test_evaluate_exceedance_is_flagged():
    out = evaluate(pd.DataFrame([dict(GAS, **SITE, nox_mg_m3=60.0, emission_o2_pct=3.5)])).iloc[0]
    # measured at the reference O₂: 60 unchanged; 60 > 50 → fail, margin (50 − 60)/50·100 = −20 %
    assert out["nox_ref_mg_m3"] == 60.0
    assert out["nox_compliant"] == False  # noqa: E712
    assert out["nox_margin_pct"] == pytest.approx(-20.0, **EXACT)
    assert "NOx 超过排放限值" in out["warnings"]
    # pollutants not measured: limit shown, compliance unknown
    assert out["so2_limit_mg_m3"] == 100.0 and pd.isna(out["so2_compliant"]) and np.isnan(out["so2_ref_mg_m3"])


def test_evaluate_blank_site_fields_are_warned_and_defaulted():
    out = evaluate(pd.DataFrame([dict(GAS, nox_mg_m3=40.0)])).iloc[0]
    for text in BLANK_WARNINGS:
        assert text in out["warnings"], text
    # flue_o2_pct (3.5 %) used for the conversion: equal to the gas reference O₂ → unchanged
    assert out["nox_ref_mg_m3"] == pytest.approx(40.0, **EXACT)
    # defaults: jurisdiction shanghai, existing boiler, today's limits
    today = pd.Timestamp.today().normalize()
    expected = applicable_limits(["natural_gas"], [today], None, 4.0, NAN, "shanghai", False).iloc[0]
    assert out["nox_limit_mg_m3"] == expected["nox_limit_mg_m3"]
    assert out["emission_limit_basis"] == expected["limit_basis"]


def test_evaluate_no_oxygen_at_all():
    row = {k: v for k, v in GAS.items() if k != "flue_o2_pct"}
    out = evaluate(pd.DataFrame([dict(row, **SITE, nox_mg_m3=40.0)])).iloc[0]
    assert np.isnan(out["nox_ref_mg_m3"]) and pd.isna(out["nox_compliant"])
    assert "无氧含量, 排放浓度无法折算到基准氧" in out["warnings"]


def test_evaluate_jurisdiction_key_region_and_install_date_reach_the_limits():
    rows = [dict(GAS, **SITE, test_id="sh", nox_mg_m3=40.0, emission_o2_pct=3.5),
            dict(GAS, **dict(SITE, jurisdiction="national"), test_id="cn", nox_mg_m3=40.0, emission_o2_pct=3.5),
            dict(GAS, **dict(SITE, jurisdiction="national", key_region="true"), test_id="key", nox_mg_m3=40.0,
                 emission_o2_pct=3.5),
            dict(GAS, **dict(SITE, jurisdiction="national", install_date="2016-01-01"), test_id="new",
                 nox_mg_m3=40.0, emission_o2_pct=3.5)]
    out = evaluate(pd.DataFrame(rows))
    assert (out["error"] == "").all()
    # SH-S2-nox-gas 50; GB-T1-nox-gas-small 400; GB-T3-nox-gas 150; GB-T2-nox-gas 200
    assert list(out["nox_limit_mg_m3"]) == [50.0, 400.0, 150.0, 200.0]
    assert list(out["so2_limit_mg_m3"]) == [100.0, 100.0, 50.0, 50.0]


def test_rows_without_emission_data_get_no_limits_and_no_warnings():
    # a file where one row has emission data and one has none, and a file with none at all
    mixed = evaluate(pd.DataFrame([dict(GAS, nox_mg_m3=40.0), dict(GAS, test_id="g2")]))
    alone = evaluate(pd.DataFrame([GAS]))
    for out in (mixed.iloc[1], alone.iloc[0]):
        for pollutant in ("nox", "so2", "pm"):
            assert np.isnan(out[f"{pollutant}_ref_mg_m3"]) and np.isnan(out[f"{pollutant}_limit_mg_m3"])
            assert pd.isna(out[f"{pollutant}_compliant"]) and np.isnan(out[f"{pollutant}_margin_pct"])
        assert out["emission_limit_basis"] == ""
        for text in BLANK_WARNINGS + ("无氧含量, 排放浓度无法折算到基准氧", "limit applies"):
            assert text not in out["warnings"], text
    assert mixed.iloc[0]["nox_limit_mg_m3"] == 50.0  # the row with data still gets its limit


def test_evaluate_dates_as_date_objects():
    row = dict(GAS, nox_mg_m3=40.0, emission_o2_pct=3.5, install_date=datetime.date(2018, 7, 1),
               test_date=datetime.date(2019, 6, 1), jurisdiction="shanghai")
    out = evaluate(pd.DataFrame([row])).iloc[0]
    assert out["nox_limit_mg_m3"] == 50.0  # SH-new-nox-gas: installed on the Shanghai cut-off day


# --- mercury and flue-gas blackness (GB 13271-2014 tables 1–3; issue 12) --------------------------------------------

COAL = dict(test_id="c1", boiler_kind="steam", fuel_kind="bituminous", combustion="grate", condensing="false",
            rated_capacity_t_h=10.0, barometric_kpa=101.3, c_ar_pct=55.0, h_ar_pct=3.5, o_ar_pct=8.0, n_ar_pct=0.9,
            s_ar_pct=0.6, ash_ar_pct=22.0, moisture_ar_pct=10.0, vdaf_pct=32.0, lhv_ar_kj_kg=21000.0,
            fuel_rate_kg_h=1500.0, steam_flow_kg_h=9000.0, steam_pressure_mpa_g=1.0, steam_humidity_pct=2.0,
            feedwater_temp_c=60.0, flue_temp_c=170.0, air_temp_c=20.0, air_humidity_g_kg=10.0, flue_o2_pct=8.0,
            flue_co_ppm=200.0, slag_combustible_pct=10.0, flyash_combustible_pct=20.0, slag_share_pct=80.0,
            flyash_share_pct=20.0, slag_temp_c=600.0)


@pytest.mark.parametrize(("installed", "key", "limit_id"), [
    ("2010-05-01", False, {"GB-T1-hg-coal-small"}),   # in use, 10 t/h (not > 10): the 2016-07-01 row
    ("2016-05-01", False, {"GB-T2-hg-coal"}),         # new
    ("2010-05-01", True, {"GB-T1-hg-coal-small", "GB-T3-hg-coal"}),  # key region: table 3, the same 0.05
])
def test_mercury_limit_of_a_coal_boiler_is_0_05(installed, key, limit_id):
    # GB 13271-2014 tables 1, 2 and 3: 汞及其化合物 0.05 mg/m³ for coal boilers (emission_limits GB-T*-hg-coal).
    limits = applicable_limits("bituminous", "2024-06-01", installed, 10.0, np.nan, "shanghai", key).iloc[0]
    assert limits["hg_limit_mg_m3"] == 0.05
    assert limits["hg_limit_id"] in limit_id
    assert LIMITS.loc["GB-T1-hg-coal", "limit_mg_m3"] == 0.05 and LIMITS.loc["GB-T1-hg-coal", "unit"] == "mg/m³"


@pytest.mark.parametrize("fuel", ["natural_gas", "diesel", "biomass"])
def test_no_mercury_limit_for_gas_oil_or_biomass(fuel):
    # The Hg row names coal boilers only; biomass (in the coal group for the other limits) is excluded.
    limits = applicable_limits(fuel, "2024-06-01", "2010-05-01", 10.0).iloc[0]
    assert np.isnan(limits["hg_limit_mg_m3"])
    assert limits["blackness_limit_grade"] == 1.0  # blackness ≤ 1 级 for every fuel


@pytest.mark.parametrize(("hg", "o2", "passed"), [
    (0.05, 9.0, True),      # at the limit, at the reference O₂ (coal 9 %): passes (≤)
    (0.051, 9.0, False),
    (0.04, 12.0, False),    # 0.04·(21 − 9)/(21 − 12) = 0.0533 > 0.05: the conversion decides
    (0.037, 12.0, True),    # 0.037·12/9 = 0.04933
])
def test_evaluate_mercury_both_sides_of_the_limit(hg, o2, passed):
    out = evaluate(pd.DataFrame([dict(COAL, **SITE, hg_mg_m3=hg, emission_o2_pct=o2)])).iloc[0]
    assert out["error"] == ""
    assert out["hg_ref_mg_m3"] == pytest.approx(hg * (21 - 9) / (21 - o2), **EXACT)  # GB 13271 formula (1)
    assert out["hg_limit_mg_m3"] == 0.05
    assert bool(out["hg_compliant"]) is passed
    assert out["hg_margin_pct"] == pytest.approx((0.05 - out["hg_ref_mg_m3"]) / 0.05 * 100, **EXACT)
    assert ("汞 超过排放限值" in out["warnings"]) is (not passed)
    assert "汞: GB 13271-2014 表1 在用锅炉" in out["emission_limit_basis"]


@pytest.mark.parametrize(("grade", "passed"), [(0.0, True), (1.0, True), (1.5, False), (2.0, False)])
def test_evaluate_blackness_both_sides_of_the_limit(grade, passed):
    # 林格曼黑度 ≤ 1 级 (GB 13271-2014 tables 1–3), compared as read: no reference-O₂ conversion, whatever the O₂.
    out = evaluate(pd.DataFrame([dict(GAS, **SITE, blackness_ringelmann=grade, emission_o2_pct=10.0)])).iloc[0]
    assert out["error"] == ""
    assert out["blackness_limit_grade"] == 1.0
    assert bool(out["blackness_compliant"]) is passed
    assert ("林格曼黑度 超过排放限值" in out["warnings"]) is (not passed)


def test_blackness_and_mercury_headers_as_inspectors_write_them():
    # Chinese headers with their units (the aliases of the vocabulary), full-width brackets included.
    frame = pd.DataFrame([dict(COAL, **SITE, emission_o2_pct=9.0)])
    frame["汞及其化合物 (mg/m³)"] = [0.06]
    frame["林格曼黑度（级）"] = [2]
    out = evaluate(frame).iloc[0]
    assert out["hg_ref_mg_m3"] == pytest.approx(0.06, **EXACT) and bool(out["hg_compliant"]) is False
    assert bool(out["blackness_compliant"]) is False


def test_blackness_out_of_range_is_reported_with_its_chinese_name():
    out = evaluate(pd.DataFrame([dict(GAS, **SITE, blackness_ringelmann=6)])).iloc[0]
    assert "烟气黑度" in out["error"] and "[0, 5] 级" in out["error"]
