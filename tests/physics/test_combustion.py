"""Tests for boilerlab.physics.combustion: stoichiometry, excess air, flue-gas volumes, enthalpies, dew point.

Every pinned number names its source in a comment (a formula of
/work/shared/reference/standards.md §3.1–3.3, a hand calculation shown next to it, or an
independent library) and every tolerance says why it is what it is. Oracles:

* ``chemicals.combustion.combustion_stoichiometry`` (O₂ demand and products from atoms) with the
  element molar masses of ``chemicals.elements.periodic_table``;
* ``chemicals.combustion.fuel_air_spec_solver`` (the air flow that gives a dry-flue-gas O₂, complete
  combustion, solved from the atoms of a fuel mixture) for the excess air;
* CoolProp 8 HEOS (reference equations of state): ideal-gas ``Cp0molar`` of CO₂, N₂, O₂ and water,
  and the saturation temperature / pressure of water (IAPWS-95).
"""

from __future__ import annotations


import numpy as np
import pytest
from chemicals.combustion import combustion_stoichiometry, fuel_air_spec_solver
from chemicals.elements import periodic_table, simple_formula_parser
from CoolProp.CoolProp import PropsSI
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.integrate import quad

from boilerlab.physics import combustion, fuels
from boilerlab.base.constants import MOLAR_VOLUME_NM3_KMOL

from input_kinds import INPUT_KINDS, as_kind, check_kind  # noqa: E402


#: Floating-point-only tolerance: the library evaluates the same closed formula as the hand value.
EXACT = 1e-12

LIBRARY = fuels.fuel_library()
SOLID_LIQUID = sorted(LIBRARY.index[LIBRARY["state"].isin(["solid", "liquid"])])
GASES = sorted(LIBRARY.index[LIBRARY["state"] == "gas"])
CH4 = combustion.stoichiometry_gas({"ch4_pct": 100.0})


def solid_stoichiometry(fuel_kind: str) -> dict:
    row = LIBRARY.loc[fuel_kind]
    return combustion.stoichiometry_solid(row["c_ar_pct"], row["h_ar_pct"], row["o_ar_pct"], row["n_ar_pct"],
                                          row["s_ar_pct"], row["moisture_ar_pct"])


def gas_stoichiometry(fuel_kind: str) -> dict:
    row = LIBRARY.reindex(columns=list(fuels.GAS_COMPONENTS)).loc[fuel_kind].dropna()
    return combustion.stoichiometry_gas(row.to_dict())


def library_stoichiometry(fuel_kind: str) -> dict:
    return gas_stoichiometry(fuel_kind) if fuel_kind in GASES else solid_stoichiometry(fuel_kind)


def flue_composition(volumes: dict, alpha: float) -> tuple[float, float]:
    """(RO₂ %, O₂ %) of the dry flue gas of complete combustion at excess-air ratio ``alpha``.

    V_gy = V_RO₂ + V⁰_N₂ + (α − 1)·V⁰ (standards.md §3.2); the excess air carries 21 % O₂.
    """
    v_gy = volumes["ro2"] + volumes["n2_theoretical"] + (alpha - 1.0) * volumes["air_theoretical"]
    return (100.0 * volumes["ro2"] / v_gy,
            100.0 * 0.21 * (alpha - 1.0) * volumes["air_theoretical"] / v_gy)


# === stoichiometry of gaseous fuels (standards.md §3.3) ===========================================

@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_stoichiometry_gas_pure_methane(kind):
    # CH4 + 2 O2 → CO2 + 2 H2O. V⁰ = 2/0.21 = 9.5238 Nm³/Nm³, V_RO₂ = 1, V_H₂O,fuel = 2,
    # V⁰_N₂ = 0.79·V⁰ = 7.5238 (standards.md §3.3 with CH4 = 100)
    result = combustion.stoichiometry_gas({"ch4_pct": as_kind(kind, 100.0)})
    check_kind(kind, result["air_theoretical"], 2.0 / 0.21, EXACT)
    check_kind(kind, result["ro2"], 1.0, EXACT)
    check_kind(kind, result["h2o_fuel"], 2.0, EXACT)
    check_kind(kind, result["n2_theoretical"], 0.79 * 2.0 / 0.21, EXACT)
    assert_allclose(np.asarray(result["air_theoretical"]), 9.524, rtol=5e-5)  # 9.5238 printed as 9.524


#: Component → molecular formula given to chemicals.
GAS_FORMULAS = {"ch4": "CH4", "c2h6": "C2H6", "c3h8": "C3H8", "c4h10": "C4H10", "h2": "H2", "co": "CO",
                "h2s": "H2S", "co2": "CO2", "n2": "N2", "o2": "O2"}


@pytest.mark.parametrize("component", list(GAS_FORMULAS))
def test_stoichiometry_gas_each_component_against_chemicals(component):
    # chemicals.combustion_stoichiometry from the formula's atoms: moles of O₂ consumed (negative
    # entry), CO₂ and SO₂ (RO₂) and H₂O formed per mole of fuel gas. For ideal gases moles = Nm³, so
    # V⁰ = O₂ demand/0.21. Exact integer/half-integer stoichiometry: float tolerance only.
    products = combustion_stoichiometry(simple_formula_parser(GAS_FORMULAS[component]))
    demand = -products.get("O2", 0.0)
    result = combustion.stoichiometry_gas({f"{component}_pct": 100.0})
    assert_allclose(result["air_theoretical"], demand / 0.21, rtol=EXACT, atol=EXACT)
    assert_allclose(result["ro2"], products.get("CO2", 0.0) + products.get("SO2", 0.0), rtol=EXACT, atol=EXACT)
    assert_allclose(result["h2o_fuel"], products.get("H2O", 0.0), rtol=EXACT, atol=EXACT)
    # V⁰_N₂ = 0.79·V⁰ + N₂/100 (standards.md §3.3); N₂ in the fuel passes through
    fuel_n2 = products.get("N2", 0.0)
    assert_allclose(result["n2_theoretical"], 0.79 * demand / 0.21 + fuel_n2, rtol=EXACT, atol=EXACT)


def test_stoichiometry_gas_natural_gas_mixture():
    # standards.md §3.3, library natural gas CH4 96, C2H6 1.8, C3H8 0.4, C4H10 0.1, N2 1.0, CO2 0.7:
    # V⁰ = (2·0.96 + 3.5·0.018 + 5·0.004 + 6.5·0.001)/0.21 = 2.0095/0.21 = 9.569048 Nm³/Nm³
    # V_RO₂ = 0.96 + 2·0.018 + 3·0.004 + 4·0.001 + 0.007 = 1.019
    # V_H₂O = 2·0.96 + 3·0.018 + 4·0.004 + 5·0.001 = 1.995
    # V⁰_N₂ = 0.79·9.569048 + 0.01 = 7.569548
    result = gas_stoichiometry("natural_gas")
    assert_allclose(result["air_theoretical"], 2.0095 / 0.21, rtol=EXACT)
    assert_allclose(result["ro2"], 1.019, rtol=EXACT)
    assert_allclose(result["h2o_fuel"], 1.995, rtol=EXACT)
    assert_allclose(result["n2_theoretical"], 0.79 * 2.0095 / 0.21 + 0.01, rtol=EXACT)


def test_stoichiometry_gas_nan_share_is_zero_and_unknown_component_raises():
    with_nan = combustion.stoichiometry_gas({"ch4_pct": 100.0, "h2_pct": np.nan})
    assert with_nan == CH4  # NaN = not analysed = 0 (_nan0)
    with pytest.raises(KeyError, match=r"unknown gas component\(s\) \['methane_pct'\]"):
        combustion.stoichiometry_gas({"methane_pct": 100.0})


# === stoichiometry of solid and liquid fuels (standards.md §3.2) ==================================

@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_stoichiometry_solid_hand_example(kind):
    # Library bituminous coal, as received: C 51.5, H 3.4, O 7.8, N 0.9, S 0.8, M 12 (% mass).
    # V⁰ = 0.0889·(51.5 + 0.375·0.8) + 0.265·3.4 − 0.0333·7.8
    #    = 0.0889·51.8 + 0.901 − 0.25974 = 4.60502 + 0.901 − 0.25974 = 5.24628 Nm³/kg
    # V_RO₂ = 1.866·51.8/100 = 0.966588 Nm³/kg
    # V⁰_N₂ = 0.79·5.24628 + 0.8·0.9/100 = 4.1445612 + 0.0072 = 4.1517612 Nm³/kg
    # V_H₂O,fuel = 1.24·(9·3.4 + 12)/100 = 1.24·0.426 = 0.52824 Nm³/kg
    result = combustion.stoichiometry_solid(as_kind(kind, 51.5), as_kind(kind, 3.4), 7.8, 0.9, 0.8, 12.0)
    check_kind(kind, result["air_theoretical"], 5.24628, EXACT)
    check_kind(kind, result["ro2"], 0.966588, EXACT)
    check_kind(kind, result["n2_theoretical"], 4.1517612, EXACT)
    check_kind(kind, result["h2o_fuel"], 0.52824, EXACT)


def test_stoichiometry_solid_every_output_has_the_shape_of_an_ndarray_input():
    result = combustion.stoichiometry_solid(np.array([51.5, 60.0]), 3.4, 7.8, 0.9, 0.8, 12.0)
    assert all(np.shape(value) == (2,) for value in result.values())


@pytest.mark.parametrize("fuel_kind", SOLID_LIQUID)
def test_stoichiometry_solid_against_chemicals_atom_balance(fuel_kind):
    # chemicals.combustion_stoichiometry on the same ultimate analysis, as moles of atoms per kg of
    # fuel (10·x % g/kg ÷ molar mass of the element); volumes = kmol × 22.414 Nm³/kmol, air = O₂/0.21.
    # The standard's coefficients are these ratios rounded to 3–4 digits (0.0889 vs 22.414/0.21/12.0107
    # = 0.08886; 0.265 vs 0.26474; 0.0333 vs 0.03336; 1.24 vs 22.414/18.015 = 1.2442; 1.866 vs 1.8662),
    # i.e. up to 0.37 % apart; 0.5 % covers that for every fuel mix.
    row = LIBRARY.loc[fuel_kind]
    atoms = {symbol: 10.0 * row[f"{symbol.lower()}_ar_pct"] / periodic_table[symbol].MW
             for symbol in ("C", "H", "O", "N", "S")}
    products = combustion_stoichiometry(atoms)  # mol per kg of fuel
    kmol = 1.0 / 1000.0 * MOLAR_VOLUME_NM3_KMOL  # mol → Nm³
    moisture_mol = 10.0 * row["moisture_ar_pct"] / (2 * periodic_table.H.MW + periodic_table.O.MW)
    result = solid_stoichiometry(fuel_kind)
    assert_allclose(result["air_theoretical"], -products["O2"] * kmol / 0.21, rtol=5e-3)
    assert_allclose(result["ro2"], (products["CO2"] + products["SO2"]) * kmol, rtol=5e-3)
    assert_allclose(result["n2_theoretical"], (-products["O2"] * 0.79 / 0.21 + products["N2"]) * kmol, rtol=5e-3)
    assert_allclose(result["h2o_fuel"], (products["H2O"] + moisture_mol) * kmol, rtol=5e-3)


# === excess air (standards.md §3.1) ================================================================

@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_excess_air_from_o2_and_o2_co_hand_values(kind):
    # α = 21/(21 − O₂): O₂ = 3 % → 21/18 = 1.1666…
    check_kind(kind, combustion.excess_air_from_o2(as_kind(kind, 3.0)), 21.0 / 18.0, EXACT)
    # RO₂ not measured → N₂ = 79 %: α = 21/[21 − (O₂ − 0.5·CO)]; O₂ = 3, CO = 0.1:
    # 21/(21 − 2.95) = 21/18.05 = 1.163434…
    check_kind(kind, combustion.excess_air_from_o2_co(as_kind(kind, 3.0), 0.1), 21.0 / 18.05, EXACT)
    # with RO₂ measured (carrying the kind), see the hand value below: 1.146402…
    check_kind(kind, combustion.excess_air_from_o2_co(3.0, 0.1, as_kind(kind, 10.0)),
               21.0 / (21.0 - 79.0 * 2.95 / 86.9), EXACT)


def test_excess_air_from_o2_outside_0_to_21_is_nan():
    # Guard of standards.md §3.1 ("Guard against O₂ ≥ 21 %"); negative readings are invalid too.
    result = combustion.excess_air_from_o2(np.array([-0.1, 0.0, 20.9, 21.0, 25.0, np.nan]))
    assert_allclose(result[1:3], [1.0, 21.0 / 0.1], rtol=EXACT)  # α = 21/21 and 21/0.1 = 210
    assert np.isnan(result[[0, 3, 4, 5]]).all()


def test_excess_air_from_o2_co_with_ro2_hand_value():
    # Nitrogen method (standards.md §3.1, [S19]): O₂ = 3, CO = 0.1, RO₂ = 10:
    # N₂ = 100 − 10 − 3 − 0.1 = 86.9; α = 21/[21 − 79·2.95/86.9] = 21/(21 − 2.681818…) = 1.146402
    result = combustion.excess_air_from_o2_co(3.0, 0.1, 10.0)
    assert_allclose(result, 21.0 / (21.0 - 79.0 * 2.95 / 86.9), rtol=EXACT)
    assert_allclose(result, 1.146402, rtol=1e-6)  # printed to 7 digits


@settings(max_examples=200, deadline=None)
@given(o2=st.floats(0.0, 20.0))
def test_excess_air_from_o2_co_reduces_to_the_o2_form(o2):
    # CO = 0 and RO₂ = 21 − O₂ make N₂ = 100 − RO₂ − O₂ = 79, so both forms are 21/(21 − O₂).
    expected = combustion.excess_air_from_o2(o2)
    assert_allclose(combustion.excess_air_from_o2_co(o2, 0.0, 21.0 - o2), expected, rtol=1e-12)
    assert_allclose(combustion.excess_air_from_o2_co(o2, 0.0), expected, rtol=1e-12)


@settings(max_examples=200, deadline=None)
@given(alpha=st.floats(1.0, 3.0))
def test_nitrogen_method_is_exact_for_methane_and_o2_form_overstates(alpha):
    # Flue gas of CH4 built from the volumes (helper flue_composition). CH4 has no fuel nitrogen, so
    # N₂ = 0.79·α·V⁰ and the nitrogen method returns α exactly (float tolerance). The O₂-only form
    # assumes V⁰_gy = V⁰, but for CH4 V⁰_gy = 8.52 < V⁰ = 9.52, so it overstates α (docstring note).
    ro2_pct, o2_pct = flue_composition(CH4, alpha)
    assert_allclose(combustion.excess_air_from_o2_co(o2_pct, 0.0, ro2_pct), alpha, rtol=1e-9)
    assert combustion.excess_air_from_o2(o2_pct) >= alpha - 1e-12


#: Species of the oracle's fuel mixtures and their CAS numbers (chemicals identifies compounds by CAS).
ORACLE_SPECIES = {"CH4": "74-82-8", "C2H6": "74-84-0", "C3H8": "74-98-6", "C4H10": "106-97-8", "H2": "1333-74-0",
                  "CO": "630-08-0", "CO2": "124-38-9", "N2": "7727-37-9", "O2": "7782-44-7", "H2O": "7732-18-5",
                  "SO2": "7446-09-5", "C": "7440-44-0", "S": "7704-34-9"}
ORACLE_NAMES = list(ORACLE_SPECIES)


def oracle_combustion(fuel_moles: dict[str, float], o2_dry_pct: float) -> tuple[float, dict[str, float]]:
    """(α, dry flue-gas moles per mole of fuel mixture) by ``chemicals.fuel_air_spec_solver``.

    Air as the Chinese standards take it, 21 % O₂ and 79 % N₂ (argon counted with N₂), so that the check
    is of the balance, not of the air model; the solver burns the mixture completely.
    """
    total = sum(fuel_moles.values())
    zs_fuel = [fuel_moles.get(name, 0.0) / total for name in ORACLE_NAMES]
    zs_air = [0.79 if name == "N2" else 0.21 if name == "O2" else 0.0 for name in ORACLE_NAMES]

    def solve(o2_fraction: float) -> dict:
        return fuel_air_spec_solver(zs_air, zs_fuel, [ORACLE_SPECIES[n] for n in ORACLE_NAMES],
                                    [simple_formula_parser(n) for n in ORACLE_NAMES], n_fuel=1.0,
                                    frac_out_O2_dry=o2_fraction)

    solved = solve(o2_dry_pct / 100.0)
    # α = air supplied / theoretical air, the theoretical air being the solver's air at 0 % O₂. (The solver's own
    # O2_excess counts the fuel's oxygen in both supply and demand, which is not the α of the standards.)
    alpha = solved["n_air"] / solve(0.0)["n_air"]
    dry = {name: moles for name, moles in zip(ORACLE_NAMES, solved["ns_out"]) if name != "H2O" and moles > 0}
    return alpha, dry


def with_co(dry: dict[str, float], share: float) -> tuple[float, float]:
    """(O₂ %, CO %) of the dry flue gas when ``share`` of the carbon burns to CO only (C + ½O₂ → CO leaves ½ O₂
    unused per mole of CO) — elementary arithmetic on the oracle's complete-combustion products."""
    co = share * dry["CO2"]
    o2 = dry["O2"] + 0.5 * co
    total = sum(dry.values()) + 0.5 * co  # CO replaces CO₂ mole for mole; the unused O₂ adds
    return 100.0 * o2 / total, 100.0 * co / total


GAS_MIXTURES = st.fixed_dictionaries({
    "ch4_pct": st.floats(50.0, 98.0), "c2h6_pct": st.floats(0.0, 10.0), "c3h8_pct": st.floats(0.0, 5.0),
    "c4h10_pct": st.floats(0.0, 2.0), "h2_pct": st.floats(0.0, 30.0), "co_pct": st.floats(0.0, 10.0),
    "co2_pct": st.floats(0.0, 5.0), "n2_pct": st.floats(0.0, 10.0)})


#: Tolerance in α, the bound the issue sets. Gas: the same ideal molar balance, so float round-off only (asserted
#: too); solid and liquid fuels: the standard's rounded coefficients (0.0889, 0.265, 1.866 …, up to 0.37 % apart
#: from the atomic ratios, see test_stoichiometry_solid_against_chemicals_atom_balance) move α − 1 by ~0.3 % of
#: itself, under 0.003·(α − 1) ≤ 0.002 for O₂ ≤ 11 %.
ALPHA_TOLERANCE = 0.002


@settings(max_examples=150, deadline=None)
@given(composition=GAS_MIXTURES, o2=st.floats(0.5, 12.0), co_share=st.sampled_from([0.0, 0.001, 0.01, 0.03]))
def test_excess_air_balance_against_chemicals_for_gas(composition, o2, co_share):
    moles = {GAS_FORMULAS[name.removesuffix("_pct")]: share for name, share in composition.items()}
    alpha, dry = oracle_combustion(moles, o2)
    o2_pct, co_pct = with_co(dry, co_share)
    volumes = combustion.stoichiometry_gas({k: 100.0 * v / sum(composition.values()) for k, v in composition.items()})
    result = combustion.excess_air_from_o2_balance(o2_pct, co_pct, volumes["ro2"], volumes["n2_theoretical"],
                                                   volumes["air_theoretical"])
    assert abs(float(result) - alpha) < ALPHA_TOLERANCE
    # the same ideal molar balance as the oracle's: float round-off only
    assert float(result) == pytest.approx(alpha, rel=1e-9)


SOLID_LIQUID_ANALYSES = st.one_of(
    # coals and biomass: C 35–75, H 2–6, O 2–35, N 0.3–2, S 0.1–4 (% as received), the rest ash and moisture
    st.fixed_dictionaries({"C": st.floats(35.0, 75.0), "H": st.floats(2.0, 6.0), "O": st.floats(2.0, 35.0),
                           "N": st.floats(0.3, 2.0), "S": st.floats(0.1, 4.0), "M": st.floats(1.0, 20.0)}),
    # fuel oils: C 84–87, H 10–13.5, S 0.05–3, O and N small
    st.fixed_dictionaries({"C": st.floats(84.0, 87.0), "H": st.floats(10.0, 13.5), "O": st.floats(0.0, 0.8),
                           "N": st.floats(0.0, 0.5), "S": st.floats(0.05, 3.0), "M": st.floats(0.0, 1.0)}))


@settings(max_examples=150, deadline=None)
@given(analysis=SOLID_LIQUID_ANALYSES, o2=st.floats(0.5, 11.0), co_share=st.sampled_from([0.0, 0.002, 0.02]))
def test_excess_air_balance_against_chemicals_for_coal_and_oil(analysis, o2, co_share):
    assume(analysis["C"] + analysis["H"] + analysis["O"] + analysis["N"] + analysis["S"] + analysis["M"] <= 100.0)
    molar_mass = {"C": periodic_table.C.MW, "H": 2 * periodic_table.H.MW, "O": 2 * periodic_table.O.MW,
                  "N": 2 * periodic_table.N.MW, "S": periodic_table.S.MW,
                  "M": 2 * periodic_table.H.MW + periodic_table.O.MW}
    species = {"C": "C", "H": "H2", "O": "O2", "N": "N2", "S": "S", "M": "H2O"}
    moles = {species[k]: 10.0 * v / molar_mass[k] for k, v in analysis.items()}  # mol per kg of fuel
    alpha, dry = oracle_combustion(moles, o2)
    o2_pct, co_pct = with_co(dry, co_share)
    volumes = combustion.stoichiometry_solid(analysis["C"], analysis["H"], analysis["O"], analysis["N"],
                                             analysis["S"], analysis["M"])
    result = combustion.excess_air_from_o2_balance(o2_pct, co_pct, volumes["ro2"], volumes["n2_theoretical"],
                                                   volumes["air_theoretical"])
    assert abs(float(result) - alpha) < ALPHA_TOLERANCE


def test_excess_air_balance_natural_gas_hand_value_and_guards():
    # Pure CH₄ at 6 % O₂, CO 0: α = 1 + 6·(1 + 7.5238)/(15·9.5238) = 1.35800 (hand, V⁰_gy = 8.5238, V⁰ = 9.5238),
    # where 21/(21 − 6) = 1.4 — the 0.04 the issue measured.
    result = combustion.excess_air_from_o2_balance(6.0, 0.0, CH4["ro2"], CH4["n2_theoretical"],
                                                   CH4["air_theoretical"])
    assert_allclose(result, 1.0 + 6.0 * (1.0 + 0.79 * 2 / 0.21) / (15.0 * 2 / 0.21), rtol=EXACT)
    assert_allclose(result, 1.35800, atol=5e-6)
    out = combustion.excess_air_from_o2_balance(np.array([0.0, -1.0, 21.0, 5.0]), 0.0, CH4["ro2"],
                                                CH4["n2_theoretical"], np.array([9.5, 9.5, 9.5, np.nan]))
    assert out[0] == 1.0 and np.isnan(out[1:]).all()  # O₂ 0 → α 1; outside [0, 21) or no stoichiometry → NaN


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_excess_air_balance_takes_every_input_kind(kind):
    expected = 1.0 + 6.0 * (1.0 + 0.79 * 2 / 0.21) / (15.0 * 2 / 0.21)
    check_kind(kind, combustion.excess_air_from_o2_balance(as_kind(kind, 6.0), 0.0, CH4["ro2"], CH4["n2_theoretical"],
                                                           CH4["air_theoretical"]), expected, EXACT)


@pytest.mark.parametrize("fuel_kind", ["natural_gas", "bituminous", "biomass"])
@settings(max_examples=100, deadline=None)
@given(alpha=st.floats(1.0, 3.0))
def test_excess_air_from_co2_round_trip(fuel_kind, alpha):
    # RO₂ % = 100·V_RO₂/V_gy from the volumes at α, inverted by excess_air_from_co2: an exact algebraic
    # inverse, so only float error (α − 1 is recovered from a difference of ~10-sized terms: 1e-9).
    volumes = library_stoichiometry(fuel_kind)
    ro2_pct, _ = flue_composition(volumes, alpha)
    back = combustion.excess_air_from_co2(ro2_pct, volumes["ro2"], volumes["n2_theoretical"],
                                          volumes["air_theoretical"])
    assert_allclose(back, alpha, rtol=1e-9)


@pytest.mark.parametrize("kind", ["scalar", "series"])
def test_max_ro2_of_methane_and_alpha_one(kind):
    # RO₂,max = 100·V_RO₂/(V_RO₂ + V⁰_N₂) = 100/(1 + 7.5238) = 11.732 % for CH4 (hand value).
    result = combustion.max_ro2(as_kind(kind, CH4["ro2"]), CH4["n2_theoretical"])
    check_kind(kind, result, 100.0 / (1.0 + 0.79 * 2.0 / 0.21), EXACT)
    assert_allclose(np.asarray(result), 11.73, rtol=5e-4)  # ≈ 11.7 %, printed to 4 digits
    # the stoichiometric flue gas inverts to α = 1 (float tolerance); the Series kind propagates
    alpha = combustion.excess_air_from_co2(result, CH4["ro2"], CH4["n2_theoretical"], CH4["air_theoretical"])
    check_kind(kind, alpha, 1.0, 1e-12)


def test_excess_air_from_co2_non_positive_reading_is_nan():
    result = combustion.excess_air_from_co2(np.array([0.0, -1.0, np.nan]), 1.0, 7.52, 9.52)
    assert np.isnan(result).all()


# === flue-gas volumes (standards.md §3.2) ==========================================================

@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_dry_flue_gas_volume_identity(kind):
    # V_gy = V_RO₂ + V⁰_N₂ + (α − 1)·V⁰; CH4 at α = 1.2: 1 + 7.5238 + 0.2·9.5238 = 10.4286 Nm³/Nm³
    result = combustion.dry_flue_gas_volume(CH4["ro2"], CH4["n2_theoretical"], CH4["air_theoretical"],
                                            as_kind(kind, 1.2))
    check_kind(kind, result, 1.0 + 0.79 * 2.0 / 0.21 + 0.2 * 2.0 / 0.21, EXACT)


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_water_vapour_volume_air_moisture_term(kind):
    # V_H₂O = V_H₂O,fuel + 1.24·1.293·α·V⁰·d/1000 (standards.md §3.2). CH4, α = 1.2, d = 10 g/kg:
    # air term = 1.24·1.293·0.01·1.2·9.5238 = 0.183238 Nm³/Nm³
    result = combustion.water_vapour_volume(2.0, CH4["air_theoretical"], 1.2, as_kind(kind, 10.0))
    check_kind(kind, result, 2.0 + 1.24 * 1.293 * 0.01 * 1.2 * 2.0 / 0.21, EXACT)
    # standards.md §3.2: "With d_k = 0.01 the air term is 0.0161·α·V⁰". 1.24·1.293·0.01 = 0.016033,
    # 0.42 % below the rounded 0.0161 → 0.5 %.
    assert_allclose(np.asarray(result) - 2.0, 0.0161 * 1.2 * 2.0 / 0.21, rtol=5e-3)


def test_water_vapour_volume_dry_air_is_fuel_water_only():
    assert combustion.water_vapour_volume(0.52824, 5.24628, 1.4, 0.0) == 0.52824  # d = 0: no air term


def test_theoretical_air_and_flue_gas_volumes_positive_for_library_fuels():
    # Physical invariant: every fuel of the library needs air and makes flue gas.
    for fuel_kind in SOLID_LIQUID + GASES:
        volumes = library_stoichiometry(fuel_kind)
        assert volumes["air_theoretical"] > 0, fuel_kind
        assert volumes["ro2"] > 0 and volumes["n2_theoretical"] > 0, fuel_kind


@settings(max_examples=200, deadline=None)
@given(fuel_kind=st.sampled_from(SOLID_LIQUID + GASES), a1=st.floats(1.0, 3.0), a2=st.floats(1.0, 3.0))
def test_dry_flue_gas_volume_increases_with_alpha(fuel_kind, a1, a2):
    # Each extra unit of α adds V⁰ > 0 of air, so V_gy is strictly increasing in α; two α one ulp apart can
    # round to the same volume, so the difference asked for is well above rounding.
    assume(a2 - a1 > 1e-9)
    volumes = library_stoichiometry(fuel_kind)
    v1, v2 = (combustion.dry_flue_gas_volume(volumes["ro2"], volumes["n2_theoretical"],
                                             volumes["air_theoretical"], a) for a in (a1, a2))
    assert v2 > v1


# === gas enthalpies ==================================================================================

def test_gas_enthalpy_is_zero_at_0c():
    # (cθ) is counted from 0 °C by definition (gas_enthalpy docstring)
    for gas in ("co2", "n2", "o2", "h2o", "so2", "air"):
        assert combustion.gas_enthalpy(gas, 0.0) == pytest.approx(0.0, abs=1e-9), gas


COOLPROP_NAMES = {"co2": "CO2", "n2": "Nitrogen", "o2": "Oxygen", "h2o": "Water"}


def coolprop_enthalpy_kj_nm3(gas: str, temperature_c: float) -> float:
    """∫ Cp0 dT from 273.15 K to T of CoolProp HEOS (ideal-gas part), J/mol = kJ/kmol, ÷ 22.414."""
    name = COOLPROP_NAMES[gas]
    integral, _ = quad(lambda t: PropsSI("Cp0molar", "T", t, "P", 101325.0, name), 273.15,
                       273.15 + temperature_c)
    return integral / MOLAR_VOLUME_NM3_KMOL


@pytest.mark.parametrize("gas", list(COOLPROP_NAMES))
def test_gas_enthalpy_against_coolprop_ideal_gas(gas):
    # Oracle: CoolProp HEOS ideal-gas heat capacity Cp0 (the ideal-gas part of the reference
    # equations of state, fitted to spectroscopic/statistical-mechanics data). The Poling polynomials
    # are a single 4th-degree fit over 50–1000 K, so they wiggle around the true Cp0 by a few tenths
    # of a percent; integrated over 0–300 °C they agree to ≤ 0.4 % (worst: CO₂ at 100 °C, −0.40 %).
    # 0.5 % is the accuracy the combustion module docstring claims.
    temperatures = np.array([100.0, 200.0, 300.0])
    oracle = [coolprop_enthalpy_kj_nm3(gas, t) for t in temperatures]
    assert_allclose(combustion.gas_enthalpy(gas, temperatures), oracle, rtol=5e-3)


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_gas_enthalpy_air_is_21_79_mixture(kind):
    # 'air' = 0.21·h_O₂ + 0.79·h_N₂ (gas_enthalpy docstring); same polynomials → float tolerance
    t = as_kind(kind, 150.0)
    expected = 0.21 * combustion.gas_enthalpy("o2", 150.0) + 0.79 * combustion.gas_enthalpy("n2", 150.0)
    check_kind(kind, combustion.gas_enthalpy("air", t), expected, EXACT)
    # and ≈ 1.30 kJ/(Nm³·K) × 150 K: mean cp of air 0–150 °C from CoolProp (O₂/N₂ mix), 0.5 % as above
    oracle = 0.21 * coolprop_enthalpy_kj_nm3("o2", 150.0) + 0.79 * coolprop_enthalpy_kj_nm3("n2", 150.0)
    check_kind(kind, combustion.gas_enthalpy("air", t), oracle, 5e-3)


def test_gas_enthalpy_unknown_gas_raises_key_error():
    with pytest.raises(KeyError, match="unknown gas 'ch4'"):
        combustion.gas_enthalpy("ch4", 100.0)


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_humid_air_enthalpy_identity(kind):
    # (cθ)_k + 1.24·1.293·d/1000·(cθ)_H₂O per Nm³ dry air (humid_air_enthalpy docstring), t = 30 °C,
    # d = 10 g/kg; dry air alone when d = 0.
    h_air, h_h2o = combustion.gas_enthalpy("air", 30.0), combustion.gas_enthalpy("h2o", 30.0)
    result = combustion.humid_air_enthalpy(as_kind(kind, 30.0), 10.0)
    check_kind(kind, result, h_air + 1.24 * 1.293 * 0.01 * h_h2o, EXACT)
    assert combustion.humid_air_enthalpy(30.0, 0.0) == pytest.approx(h_air, rel=EXACT)


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_flue_gas_enthalpy_identities(kind):
    # standards.md §3.4: I_py = V_RO₂·h_CO₂ + V⁰_N₂·h_N₂ + V_H₂O·h_H₂O + (α − 1)·V⁰·h_air;
    # CH4 at 150 °C with V_H₂O = 2 (dry air).
    h = {gas: combustion.gas_enthalpy(gas, 150.0) for gas in ("co2", "n2", "h2o", "air")}
    stoichiometric = CH4["ro2"] * h["co2"] + CH4["n2_theoretical"] * h["n2"] + 2.0 * h["h2o"]
    result = combustion.flue_gas_enthalpy(CH4["ro2"], CH4["n2_theoretical"], 2.0, CH4["air_theoretical"],
                                          as_kind(kind, 1.0), 150.0)
    check_kind(kind, result, stoichiometric, EXACT)  # α = 1: no excess-air term
    result = combustion.flue_gas_enthalpy(CH4["ro2"], CH4["n2_theoretical"], 2.0, CH4["air_theoretical"],
                                          1.3, as_kind(kind, 150.0))
    check_kind(kind, result, stoichiometric + 0.3 * CH4["air_theoretical"] * h["air"], EXACT)


# === water dew point and condensation ================================================================

#: Stoichiometric CH4 with dry air: V_H₂O = 2, V_gy = V_RO₂ + V⁰_N₂ = 1 + 7.5238 Nm³/Nm³.
CH4_H2O = 2.0
CH4_DRY = 1.0 + 0.79 * 2.0 / 0.21


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_water_dew_point_stoichiometric_methane_against_coolprop(kind):
    # H₂O share 2/(1 + 2 + 7.5238) = 0.190045 → p_H₂O = 101.325 × 0.190045 = 19.256 kPa;
    # oracle: CoolProp HEOS (IAPWS-95) saturation temperature at that pressure, ≈ 59.24 °C.
    # 0.01 K: IF97 region 4 (used by boilerlab) differs from IAPWS-95 by < 1 mK here.
    partial_pa = 101325.0 * CH4_H2O / (CH4_H2O + CH4_DRY)
    oracle = PropsSI("T", "P", partial_pa, "Q", 0, "Water") - 273.15
    result = combustion.water_dew_point(as_kind(kind, CH4_H2O), CH4_DRY)
    check_kind(kind, result, oracle, 0.0, atol=0.01)
    assert_allclose(np.asarray(result), 59.24, atol=0.01)  # ≈ 59 °C, printed to 0.01 K


def test_water_dew_point_follows_barometric_pressure():
    # Lower pressure → lower partial pressure → lower dew point; oracle CoolProp HEOS at 90 kPa.
    partial_pa = 90000.0 * CH4_H2O / (CH4_H2O + CH4_DRY)
    oracle = PropsSI("T", "P", partial_pa, "Q", 0, "Water") - 273.15
    assert_allclose(combustion.water_dew_point(CH4_H2O, CH4_DRY, 90.0), oracle, atol=0.01)  # IF97 vs IAPWS-95


def test_condensed_water_zero_above_dew_point():
    # Above the dew point (59.24 °C) the gas holds all its vapour: nothing condenses.
    assert combustion.condensed_water(CH4_H2O, CH4_DRY, 60.0) == 0.0
    assert combustion.condensed_water(CH4_H2O, CH4_DRY, 150.0) == 0.0
    dew_point = combustion.water_dew_point(CH4_H2O, CH4_DRY)
    assert combustion.condensed_water(CH4_H2O, CH4_DRY, dew_point + 0.01) == 0.0


def test_condensed_water_positive_and_increasing_as_temperature_falls():
    # Below the dew point the saturated capacity V_gy·p_s/(p − p_s) shrinks with t → more condensate.
    temperatures = np.array([58.0, 55.0, 50.0, 40.0, 30.0, 20.0])
    condensed = combustion.condensed_water(CH4_H2O, CH4_DRY, temperatures)
    assert (condensed > 0).all()
    assert (np.diff(condensed) > 0).all()
    # upper bound: all the vapour, 2 Nm³ ÷ 1.24 Nm³/kg = 1.6129 kg per Nm³ of fuel
    assert (condensed < CH4_H2O / 1.24).all()


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_condensed_water_mass_balance_at_40c(kind):
    # Remaining vapour = V_H₂O − 1.24·G_condensed must equal the saturated capacity V_gy·p_s/(p − p_s)
    # with p_s(40 °C) from CoolProp HEOS (7.385 kPa). 5e-4: IF97 p_s differs from IAPWS-95 by
    # 7e-5 relative here, amplified by p/(p − p_s) ≈ 1.08.
    p_s = PropsSI("P", "T", 313.15, "Q", 0, "Water") / 1000.0
    capacity = CH4_DRY * p_s / (101.325 - p_s)
    condensed = combustion.condensed_water(as_kind(kind, CH4_H2O), CH4_DRY, 40.0)
    check_kind(kind, CH4_H2O - 1.24 * condensed, capacity, 5e-4)
    # hand: 8.5238 × 7.3849/(101.325 − 7.3849) = 8.5238 × 7.3849/93.940 = 0.67008 Nm³/Nm³ (5 digits)
    assert_allclose(capacity, 0.67008, rtol=1e-4)


@settings(max_examples=100, deadline=None)
@given(temperature=st.floats(1.0, 58.0))
def test_condensed_water_is_continuous_with_the_dew_point(temperature):
    # At any t below the dew point the exhaust leaves saturated: its own dew point is t again.
    condensed = combustion.condensed_water(CH4_H2O, CH4_DRY, temperature)
    remaining = CH4_H2O - 1.24 * condensed
    assert_allclose(combustion.water_dew_point(remaining, CH4_DRY), temperature, atol=1e-6)  # same IF97 pair
