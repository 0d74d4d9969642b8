"""Tests for boilerlab.physics.fuels: analysis bases, heating values, correlations and the fuel library.

Every pinned number names its source in a comment (a standard's formula, a hand calculation shown
next to it, or an independent library); every tolerance says why it is what it is. Oracles:

* ``chemicals`` 1.5.2 (``combustion_stoichiometry``, ``HHV_stoichiometry``, ``LHV_from_HHV``,
  ``HHV_modified_Dulong``, ``HHV_Boie``; standard heats of formation ``chemicals.reaction.Hfg``);
* GB/T 483 basis factors and the GB/T 213-2008 net/gross relation as written in
  /work/shared/reference/standards.md §4;
* the component heating values of standards.md §3.3 ([S20], [S17]).
"""

from __future__ import annotations

import math

import CoolProp.CoolProp as CP
import numpy as np
import pytest
from chemicals.combustion import (HHV_Boie, HHV_modified_Dulong, HHV_stoichiometry, LHV_from_HHV,
                                  combustion_stoichiometry)
from chemicals.elements import simple_formula_parser
from chemicals.reaction import Hfg
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from boilerlab.physics import fuels
from boilerlab.base.constants import MOLAR_VOLUME_NM3_KMOL
from boilerlab.base.reference import STATUSES, load_reference

from input_kinds import INPUT_KINDS, as_kind, check_kind  # noqa: E402


#: Floating-point-only tolerance for results that are a handful of arithmetic operations on the
#: same formula as the hand calculation (no physical approximation between the two).
EXACT = 1e-12

LIBRARY = fuels.fuel_library()
SOLID_LIQUID = sorted(LIBRARY.index[LIBRARY["state"].isin(["solid", "liquid"])])
GASES = sorted(LIBRARY.index[LIBRARY["state"] == "gas"])


# === convert_basis (GB/T 483 factors) ============================================================

@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_convert_basis_hand_values(kind):
    # GB/T 483: x_d = x_ar·100/(100 − M_ar). Bituminous library coal C_ar = 51.5 %, M_ar = 12 %:
    # 51.5 × 100/88 = 58.522727… %
    result = fuels.convert_basis(as_kind(kind, 51.5), "ar", "d", moisture_ar=12.0)
    check_kind(kind, result, 51.5 * 100.0 / 88.0, EXACT)
    assert_allclose(np.asarray(result), 58.5227272727, rtol=1e-10)  # printed to 10 digits
    # standards.md §4 / GB/T 483: C_ar = C_ad·(100 − M_ar)/(100 − M_ad).
    # C_ad = 60 %, M_ad = 2 %, M_ar = 12 %: 60 × 88/98 = 53.877551… %  (moisture as the varying input)
    result = fuels.convert_basis(60.0, "ad", "ar", moisture_ar=as_kind(kind, 12.0), moisture_ad=2.0)
    check_kind(kind, result, 60.0 * 88.0 / 98.0, EXACT)
    assert_allclose(np.asarray(result), 53.8775510204, rtol=1e-10)  # printed to 10 digits


def test_convert_basis_daf_to_dry_hand_value():
    # GB/T 483: x_d = x_daf·(100 − A_d)/100. V_daf = 30 %, A_d = 25 %: 30 × 0.75 = 22.5 %
    assert_allclose(fuels.convert_basis(30.0, "daf", "d", ash_dry=25.0), 22.5, rtol=EXACT)


def test_convert_basis_ar_to_daf_equals_the_direct_gbt483_factor():
    # GB/T 483 direct factor ar → daf: 100/(100 − M_ar − A_ar). Bituminous: M_ar = 12, A_ar = 23.6,
    # so A_d = 23.6 × 100/88 = 26.8181… and C_daf = 51.5 × 100/64.4 = 79.968944… %
    ash_dry = 23.6 * 100.0 / 88.0
    result = fuels.convert_basis(51.5, "ar", "daf", moisture_ar=12.0, ash_dry=ash_dry)
    assert_allclose(result, 51.5 * 100.0 / (100.0 - 12.0 - 23.6), rtol=EXACT)


def test_convert_basis_organic_elements_sum_to_100_on_daf():
    # Definition of the daf basis: C + H + O + N + S = 100 % once moisture and ash are removed.
    # The library's analyses sum to 100 on ar (tested below), so the sum is 100 up to float error.
    for fuel_kind in ("bituminous", "lignite", "biomass"):
        row = LIBRARY.loc[fuel_kind]
        m_ar, a_ar = row["moisture_ar_pct"], row["ash_ar_pct"]
        ash_dry = fuels.convert_basis(a_ar, "ar", "d", moisture_ar=m_ar)
        elements = np.array([row[c] for c in ("c_ar_pct", "h_ar_pct", "o_ar_pct", "n_ar_pct", "s_ar_pct")])
        daf = fuels.convert_basis(elements, "ar", "daf", moisture_ar=m_ar, ash_dry=ash_dry)
        assert isinstance(daf, np.ndarray)
        assert_allclose(daf.sum(), 100.0, rtol=1e-9, err_msg=fuel_kind)  # float error of a 5-term sum


PERCENT = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(value=PERCENT, moisture_ar=st.floats(0.0, 60.0), moisture_ad_share=st.floats(0.0, 1.0),
       ash_dry=st.floats(0.0, 60.0))
def test_convert_basis_round_trip_ar_ad_d_daf_ar(value, moisture_ar, moisture_ad_share, ash_dry):
    # Chain of GB/T 483 factors whose product is 1: ar → ad → d → daf → ar returns the input.
    moisture_ad = moisture_ar * moisture_ad_share  # air-dried moisture never exceeds the total
    common = dict(moisture_ar=moisture_ar, moisture_ad=moisture_ad, ash_dry=ash_dry)
    x = fuels.convert_basis(value, "ar", "ad", **common)
    x = fuels.convert_basis(x, "ad", "d", **common)
    x = fuels.convert_basis(x, "d", "daf", **common)
    x = fuels.convert_basis(x, "daf", "ar", **common)
    # four multiplications by factors ≤ 2.5 in magnitude: a few ulps, 1e-12 relative is ample
    assert_allclose(x, value, rtol=1e-12, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(value=PERCENT, from_basis=st.sampled_from(fuels.BASES), to_basis=st.sampled_from(fuels.BASES))
def test_convert_basis_there_and_back_for_every_pair(value, from_basis, to_basis):
    common = dict(moisture_ar=10.0, moisture_ad=3.0, ash_dry=20.0)
    back = fuels.convert_basis(fuels.convert_basis(value, from_basis, to_basis, **common),
                               to_basis, from_basis, **common)
    assert_allclose(back, value, rtol=1e-12, atol=1e-12)  # two factors and their inverses: float error only


def test_convert_basis_unknown_basis_raises():
    with pytest.raises(ValueError, match="unknown analysis basis 'wet'"):
        fuels.convert_basis(50.0, "wet", "d", moisture_ar=10.0)


def test_convert_basis_missing_required_moisture_gives_nan():
    # ar → d needs M_ar; without it the result is NaN rather than a silently wrong number.
    assert math.isnan(fuels.convert_basis(50.0, "ar", "d"))


def test_convert_basis_same_basis_is_identity_without_moisture():
    assert fuels.convert_basis(50.0, "ar", "ar") == 50.0


# === net ↔ gross heating value (GB/T 213-2008 form, standards.md §4) ===============================

@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_lhv_from_hhv_and_back_hand_values(kind):
    # Q_net = Q_gr − 206·H − 23·M (standards.md §4): 22000 − 206 × 3.4 − 23 × 12
    #       = 22000 − 700.4 − 276 = 21023.6 kJ/kg
    check_kind(kind, fuels.lhv_from_hhv(as_kind(kind, 22000.0), 3.4, 12.0), 21023.6, EXACT)
    # Q_gr = Q_net + 206·H + 23·M: 19570 + 206 × 3.4 + 23 × 12 = 19570 + 700.4 + 276 = 20546.4 kJ/kg
    check_kind(kind, fuels.hhv_from_lhv(19570.0, as_kind(kind, 3.4), 12.0), 20546.4, EXACT)


@settings(max_examples=200, deadline=None)
@given(hhv=st.floats(5000.0, 50000.0), h=st.floats(0.0, 25.0), m=st.floats(0.0, 60.0))
def test_lhv_hhv_round_trip(hhv, h, m):
    back = fuels.hhv_from_lhv(fuels.lhv_from_hhv(hhv, h, m), h, m)
    assert_allclose(back, hhv, rtol=1e-12)  # subtract then add the same terms: float error only


def test_lhv_hhv_coefficients_are_the_latent_heat_of_water():
    # standards.md §4: the two coefficients are ≈ 2.29–2.30 MJ per kg of water: 1 % H gives 9 % of
    # the fuel mass as water → 206 × 100/9 = 2289 kJ/kg; 1 % moisture → 23 × 100 = 2300 kJ/kg.
    per_kg_from_h = (fuels.hhv_from_lhv(0.0, 1.0, 0.0) - 0.0) * 100.0 / 9.0
    per_kg_from_m = (fuels.hhv_from_lhv(0.0, 0.0, 1.0) - 0.0) * 100.0
    assert_allclose(per_kg_from_h, 2288.9, rtol=1e-4)  # 2288.89 printed to 5 digits
    assert_allclose(per_kg_from_m, 2300.0, rtol=EXACT)
    reference = load_reference()
    assert reference.constant("hhv_lhv_hydrogen_coeff") == 206.0  # GB/T 213-2008 (standards.md §4)
    assert reference.constant("hhv_lhv_moisture_coeff") == 23.0


# === gas_heating_values (ISO 6976: ideal-gas mixing rule ÷ compression factor) ==========================

#: Component → (formula for chemicals, CAS number for Hfg).
GAS_FORMULAS = {
    "ch4": ("CH4", "74-82-8"),
    "c2h6": ("C2H6", "74-84-0"),
    "c3h8": ("C3H8", "74-98-6"),
    "c4h10": ("C4H10", "106-97-8"),  # n-butane, as the table note says
    "h2": ("H2", "1333-74-0"),
    "co": ("CO", "630-08-0"),
    "h2s": ("H2S", "7783-06-4"),
}


def chemicals_heating_values_kj_nm3(component: str) -> tuple[float, float]:
    """(LHV, HHV) of a pure gas from chemicals' formation enthalpies at 25 °C, in kJ/Nm³.

    HHV_stoichiometry is the heat of reaction with liquid water [J/mol, negative];
    LHV_from_HHV adds 44011.496 J per mol of water (latent heat at 25 °C). Per Nm³:
    J/mol ÷ 1000 → kJ/mol, × 1000 mol/kmol ÷ 22.414 Nm³/kmol.
    """
    formula, cas = GAS_FORMULAS[component]
    stoichiometry = combustion_stoichiometry(simple_formula_parser(formula))
    hhv = HHV_stoichiometry(stoichiometry, Hfg(cas))
    lhv = LHV_from_HHV(hhv, stoichiometry.get("H2O", 0.0))
    to_nm3 = 1.0 / MOLAR_VOLUME_NM3_KMOL  # (J/mol) / (Nm³/kmol) = kJ/Nm³
    return -lhv * to_nm3, -hhv * to_nm3


@pytest.mark.parametrize("component", sorted(GAS_FORMULAS))
def test_gas_heating_values_pure_component_against_chemicals(component):
    # Oracle: chemicals' standard heats of formation at 25 °C (see helper). Tolerance 0.5 %: the
    # table values are ISO 6976 molar calorific values, chemicals' come from independent formation
    # enthalpy data (differences of a few 0.1 kJ/mol, ≤ 0.15 % here), and the ISO combustion reference
    # temperature moves the HHV by ≈ 0.1 % per 10 K.
    # chemicals' values are per ideal Nm³: compare the ideal part, Q × Z.
    composition = {f"{component}_pct": 100.0}
    z = fuels.gas_compression_factor(composition)
    lhv, hhv = (value * z for value in fuels.gas_heating_values(composition))
    lhv_ref, hhv_ref = chemicals_heating_values_kj_nm3(component)
    assert_allclose(lhv, lhv_ref, rtol=5e-3)
    assert_allclose(hhv, hhv_ref, rtol=5e-3)


@pytest.mark.parametrize(("component", "lhv_kj_nm3"), [
    ("ch4", 35818.0),   # standards.md §3.3, [S20] and [S17]
    ("c2h6", 63748.0),  # standards.md §3.3, [S20]
    ("c3h8", 91251.0),  # standards.md §3.3, [S20]
    ("h2", 10798.0),    # standards.md §3.3, [S17]
    ("co", 12636.0),    # standards.md §3.3, [S17]
])
def test_gas_net_heating_values_against_the_chinese_practice_values(component, lhv_kj_nm3):
    # The boiler-practice tables of standards.md §3.3 are printed to 4–5 digits and rounded from
    # older data; 0.2 % covers their spread (e.g. H₂ 10790 [S20] vs 10798 [S17]). They are ideal-gas
    # values per Nm³ (propane 91251 against 91165 ideal and 93131 real), so the ideal part Q × Z is compared.
    composition = {f"{component}_pct": 100.0}
    lhv = fuels.gas_heating_values(composition)[0] * fuels.gas_compression_factor(composition)
    assert_allclose(lhv, lhv_kj_nm3, rtol=2e-3)


def test_gas_heating_values_mixture_is_the_weighted_sum():
    # Ideal-gas mixing rule Q⁰ = Σ xᵢ·Qᵢ⁰/100 (standards.md §4 "Gas mixture LHV", ISO 6976 clause 7),
    # then Q = Q⁰/Z; checked on the library's natural gas against the pure-component ideal values.
    row = LIBRARY.reindex(columns=list(fuels.GAS_COMPONENTS)).loc["natural_gas"]
    composition = row.dropna().to_dict()
    z = fuels.gas_compression_factor(composition)
    lhv, hhv = (value * z for value in fuels.gas_heating_values(composition))
    expected_lhv = expected_hhv = 0.0
    for column, share in composition.items():
        pure_z = fuels.gas_compression_factor({column: 100.0})
        pure_lhv, pure_hhv = (value * pure_z for value in fuels.gas_heating_values({column: 100.0}))
        expected_lhv += share / 100.0 * pure_lhv
        expected_hhv += share / 100.0 * pure_hhv
    assert_allclose(lhv, expected_lhv, rtol=EXACT)
    assert_allclose(hhv, expected_hhv, rtol=EXACT)
    # hand value: (96·802.65 + 1.8·1428.84 + 0.4·2043.37 + 0.1·2657.60)/100 = 807.0942 kJ/mol;
    # × 1000 mol/kmol ÷ 22.414 Nm³/kmol = 36008.5 kJ/Nm³ (ideal gas)
    assert_allclose(lhv, (0.96 * 802.65 + 0.018 * 1428.84 + 0.004 * 2043.37 + 0.001 * 2657.60)
                    * 1000.0 / 22.414, rtol=EXACT)
    assert_allclose(lhv, 36008.5, rtol=3e-6)  # printed to 6 digits


def test_gas_heating_values_inerts_and_missing_share_count_zero():
    # CO₂, N₂ and O₂ do not burn (gas_components table: 0 kJ/mol); NaN = not analysed = 0.
    assert fuels.gas_heating_values({"co2_pct": 50.0, "n2_pct": 40.0, "o2_pct": 10.0}) == (0.0, 0.0)
    with_nan = fuels.gas_heating_values({"ch4_pct": 100.0, "h2_pct": np.nan})
    assert with_nan == fuels.gas_heating_values({"ch4_pct": 100.0})


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_gas_heating_values_input_kinds(kind):
    # 100 % CH4: 802.65 and 891.51 kJ/mol (gas_components table) ÷ 22.414 Nm³/kmol × 1000 ÷ Z,
    # Z = 1 − 0.04886² (ISO 6976 Table 2 summation factor of methane at 0 °C)
    lhv, hhv = fuels.gas_heating_values({"ch4_pct": as_kind(kind, 100.0), "n2_pct": 0.0})
    z = 1.0 - 0.04886 ** 2
    check_kind(kind, lhv, 802.65e3 / 22.414 / z, EXACT)
    check_kind(kind, hhv, 891.51e3 / 22.414 / z, EXACT)


#: Water formed per mole of fuel (combustion products).
WATER_PER_MOL = {"ch4": 2, "c2h6": 3, "c3h8": 4, "c4h10": 5, "h2": 1, "h2s": 1}
#: Latent heat of water per mol: 44.011496 kJ/mol at 25 °C (chemicals.LHV_from_HHV); 44.43 kJ/mol at 15 °C
#: (ISO 6976 15/0 °C data as transcribed in a public ISO_6976 implementation: (37706 − 33948) × 23.645/2).
LATENT_15C, LATENT_25C = 44.43, 44.011496
#: The reference temperature each row of gas_components.csv states (the H2S pair is the 25 °C one).
ROW_LATENT = {"ch4": LATENT_15C, "c2h6": LATENT_15C, "c3h8": LATENT_15C, "c4h10": LATENT_15C, "h2": LATENT_15C,
              "h2s": LATENT_25C}


@pytest.mark.parametrize("component", list(ROW_LATENT))
def test_gas_gross_minus_net_is_latent_heat_of_water_at_the_stated_reference(component):
    # HHV − LHV = n(H₂O) × latent heat of water at the row's combustion reference temperature.
    # Tolerance 0.2 %: the recalled pairs carry ≈ 0.05 kJ/mol of rounding (H2S: 44.06 vs 44.01, 0.11 %);
    # 15 °C and 25 °C differ by 0.95 %, so a row whose label and numbers disagree still fails.
    composition = {f"{component}_pct": 100.0}
    lhv, hhv = fuels.gas_heating_values(composition)
    per_mol = (hhv - lhv) * fuels.gas_compression_factor(composition) * MOLAR_VOLUME_NM3_KMOL / 1000.0
    assert_allclose(per_mol, WATER_PER_MOL[component] * ROW_LATENT[component], rtol=2e-3)


def test_gas_heating_values_unknown_component_raises():
    with pytest.raises(KeyError):
        fuels.gas_heating_values({"CH4_pct": 100.0})


# === Dulong and Boie against chemicals ================================================================

def mass_fractions(c, h, o, n, s):
    """Mass % → the mass-fraction dict chemicals expects."""
    return {"C": c / 100.0, "H": h / 100.0, "O": o / 100.0, "N": n / 100.0, "S": s / 100.0}


def test_hhv_dulong_chemicals_docstring_coal():
    # chemicals' docstring example "Dry bituminous coal": C 71.6, H 5.4, O 9.3, S 1.6 % →
    # −30403.95 J/g; by hand 338 × 71.6 + 1428 × (5.4 − 9.3/8) + 95 × 1.6 = 24200.8 + 6051.15 + 152
    # = 30403.95 kJ/kg
    assert_allclose(fuels.hhv_dulong(71.6, 5.4, 9.3, 1.6), 30403.95, rtol=EXACT)
    assert_allclose(-HHV_modified_Dulong(mass_fractions(71.6, 5.4, 9.3, 1.6, 1.6)), 30403.95, rtol=1e-9)


def test_hhv_boie_chemicals_docstring_coal():
    # chemicals' HHV_Boie example (same coal, N 1.6 %): −30191.28 J/g; by hand
    # 347.3 × 71.6 + 1151 × 5.4 + 29 × 1.6 + 42 × 1.6 − 108 × 9.3 = 30191.28 kJ/kg
    assert_allclose(fuels.hhv_boie(71.6, 5.4, 9.3, 1.6, 1.6), 30191.28, rtol=EXACT)


ANALYSIS = dict(c=st.floats(0.0, 95.0), h=st.floats(0.0, 15.0), o=st.floats(0.0, 10.4),
                n=st.floats(0.0, 3.0), s=st.floats(0.0, 6.0))


@settings(max_examples=200, deadline=None)
@given(**ANALYSIS)
def test_hhv_dulong_against_chemicals(c, h, o, n, s):
    # chemicals returns J/g, negative: −(kJ/kg). Same formula → rel 1e-9 (atol for values near 0,
    # where a 1e-13 relative rounding of the 1e4-sized terms shows up as an absolute 1e-9).
    expected = -HHV_modified_Dulong(mass_fractions(c, h, o, n, s))
    assert_allclose(fuels.hhv_dulong(c, h, o, s), expected, rtol=1e-9, atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(**(ANALYSIS | {"o": st.floats(0.0, 45.0)}))
def test_hhv_boie_against_chemicals(c, h, o, n, s):
    expected = -HHV_Boie(mass_fractions(c, h, o, n, s))  # J/g negative = −kJ/kg
    assert_allclose(fuels.hhv_boie(c, h, o, n, s), expected, rtol=1e-9, atol=1e-9)


def test_hhv_dulong_rejects_oxygen_above_10_5_pct_like_chemicals():
    # Perry's 9th ed. / chemicals: Dulong valid for O ≤ 10.5 wt %; both must refuse 10.6 %.
    with pytest.raises(ValueError, match="Oxygen"):
        HHV_modified_Dulong(mass_fractions(60.0, 4.0, 10.6, 1.0, 1.0))
    with pytest.raises(ValueError, match=r"o = 10\.6"):
        fuels.hhv_dulong(60.0, 4.0, 10.6, 1.0)
    with pytest.raises(ValueError):  # one bad element of an array is enough
        fuels.hhv_dulong(np.array([60.0, 60.0]), 4.0, np.array([5.0, 31.29]), 1.0)
    assert fuels.hhv_dulong(60.0, 4.0, 10.5, 1.0) > 0  # the limit itself is allowed


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_hhv_dulong_and_boie_input_kinds(kind):
    # Same coal as the docstring tests: 30403.95 (Dulong) and 30191.28 (Boie) kJ/kg
    check_kind(kind, fuels.hhv_dulong(as_kind(kind, 71.6), 5.4, 9.3, 1.6), 30403.95, EXACT)
    check_kind(kind, fuels.hhv_boie(71.6, 5.4, 9.3, 1.6, as_kind(kind, 1.6)), 30191.28, EXACT)


# === Mendeleev ======================================================================================

@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_mendeleev_hand_values(kind):
    # Q_net = 339·C + 1030·H − 109·(O − S) − 25·M, library bituminous (C 51.5, H 3.4, O 7.8, S 0.8,
    # M 12): 17458.5 + 3502 − 763 − 300 = 19897.5 kJ/kg
    check_kind(kind, fuels.lhv_mendeleev(as_kind(kind, 51.5), 3.4, 7.8, 0.8, 12.0), 19897.5, EXACT)
    # Q_gr = 339·C + 1256·H − 109·(O − S): 17458.5 + 4270.4 − 763 = 20965.9 kJ/kg
    check_kind(kind, fuels.hhv_mendeleev(51.5, 3.4, as_kind(kind, 7.8), 0.8), 20965.9, EXACT)


@settings(max_examples=200, deadline=None)
@given(c=st.floats(0.0, 95.0), h=st.floats(0.0, 15.0), o=st.floats(0.0, 45.0), s=st.floats(0.0, 6.0),
       m=st.floats(0.0, 60.0))
def test_mendeleev_gross_minus_net_identity(c, h, o, s, m):
    # Docstring of hhv_mendeleev: gross − net = 226·H + 25·M (latent heat ≈ 2510 kJ/kg of water)
    difference = fuels.hhv_mendeleev(c, h, o, s) - fuels.lhv_mendeleev(c, h, o, s, m)
    assert_allclose(difference, 226.0 * h + 25.0 * m, rtol=1e-9, atol=1e-8)  # cancellation of ~1e4 terms


# === fuel library ====================================================================================

#: test-record.md, "fuel_kind": the keys the library must know at least.
REQUIRED_FUEL_KINDS = ("natural_gas", "lpg", "diesel", "heavy_oil", "bituminous", "lean_coal",
                       "anthracite", "lignite", "biomass", "electric")


def test_fuel_library_has_every_fuel_kind_of_the_spec():
    missing = set(REQUIRED_FUEL_KINDS) - set(LIBRARY.index)
    assert not missing
    assert sorted(fuels.fuel_kinds()) == sorted(LIBRARY.index)
    assert set(LIBRARY["state"]) <= {"solid", "liquid", "gas", "electric"}  # fuel_library docstring
    assert LIBRARY.loc["electric", "state"] == "electric"
    assert LIBRARY["lhv_ar_kj_kg"].dtype == float  # numeric properties are floats


@pytest.mark.parametrize("fuel_kind", SOLID_LIQUID)
def test_fuel_library_ultimate_analysis_sums_to_100(fuel_kind):
    # C + H + O + N + S + A + M = 100 % on the as-received basis; ±0.1 allows values printed to
    # 0.01–0.1 % in the source.
    total = LIBRARY.loc[fuel_kind, list(fuels.SOLID_ANALYSIS)].astype(float).sum()
    assert total == pytest.approx(100.0, abs=0.1)


@pytest.mark.parametrize("fuel_kind", GASES)
def test_fuel_library_gas_composition_sums_to_100(fuel_kind):
    # Dry volume composition in %; ±0.1 for rounding of the printed shares.
    # components the library never uses are not columns of the wide table; NaN = absent
    total = LIBRARY.reindex(columns=list(fuels.GAS_COMPONENTS)).loc[fuel_kind].astype(float).sum()
    assert total == pytest.approx(100.0, abs=0.1)


@pytest.mark.parametrize("fuel_kind", SOLID_LIQUID)
def test_fuel_library_lhv_agrees_with_mendeleev(fuel_kind):
    # Self-consistency of the ILLUSTRATIVE compositions: the library LHV (GB/T 32151 or a public code)
    # and Mendeleev's estimate from the library's own ultimate analysis agree within 5 %, the usual
    # accuracy of Mendeleev's formula ("a few percent", lhv_mendeleev docstring). This does not
    # validate either number against a real fuel.
    row = LIBRARY.loc[fuel_kind]
    estimate = fuels.lhv_mendeleev(row["c_ar_pct"], row["h_ar_pct"], row["o_ar_pct"], row["s_ar_pct"],
                                   row["moisture_ar_pct"])
    assert_allclose(estimate, row["lhv_ar_kj_kg"], rtol=0.05)


def test_fuel_library_every_value_has_provenance():
    # Every data row (a number with a unit) names its source document and carries a valid status.
    # The descriptive 'state' and 'name_cn' rows are labels, not data, and carry no provenance.
    long = load_reference().tables["fuels"]
    data = long[~long["property"].isin(["state", "name_cn"]) & long["value"].notna()]
    assert len(data) > 0
    assert data["source_document"].notna().all() and (data["source_document"].str.strip() != "").all()
    assert data["status"].isin(STATUSES).all()
    numbers = data[~data["property"].isin(fuels.TEXT_PROPERTIES)]  # the group labels are words, without a unit
    assert numbers["unit"].notna().all()
    assert set(long["fuel_kind"]) == set(LIBRARY.index)


# === compression factor and the 15 °C labels (issue 12, corrections found in review) ==================

@pytest.mark.parametrize(("coolprop_mixture", "composition"), [
    ("HEOS::Methane", {"ch4_pct": 100.0}),
    ("HEOS::Methane[0.95]&Ethane[0.03]&Nitrogen[0.02]", {"ch4_pct": 95.0, "c2h6_pct": 3.0, "n2_pct": 2.0}),
    ("HEOS::Methane[0.90]&Ethane[0.05]&Propane[0.02]&CarbonDioxide[0.03]",
     {"ch4_pct": 90.0, "c2h6_pct": 5.0, "c3h8_pct": 2.0, "co2_pct": 3.0}),
    ("HEOS::Methane[0.5]&Hydrogen[0.3]&CarbonMonoxide[0.1]&Nitrogen[0.1]",
     {"ch4_pct": 50.0, "h2_pct": 30.0, "co_pct": 10.0, "n2_pct": 10.0}),
])
def test_gas_compression_factor_against_coolprop_multiparameter_mixtures(coolprop_mixture, composition):
    # Oracle: CoolProp's HEOS (GERG-2008-type mixture model) Z = p/(ρRT) at 0 °C, 101.325 kPa. Tolerance
    # 2e-4 in Z: the summation method of ISO 6976 agrees with GERG-2008 to about 1e-4 for natural gases
    # (seen here: ≤ 5e-5), and 2e-4 in Z is 0.02 % of a heating value.
    z_coolprop = CP.PropsSI("Z", "T", 273.15, "P", 101325.0, coolprop_mixture)
    assert_allclose(fuels.gas_compression_factor(composition), z_coolprop, atol=2e-4)


def test_gas_compression_factor_of_methane_is_iso_6976_table_2():
    # ISO 6976:2016 Table 2: √b(CH₄) = 0.04886 at 0 °C → Z = 0.997613 (review of issue 12).
    assert_allclose(fuels.gas_compression_factor({"ch4_pct": 100.0}), 1.0 - 0.04886 ** 2, rtol=EXACT)
    assert_allclose(fuels.gas_normal_density({"ch4_pct": 100.0}), 16.043 / 22.414 / (1.0 - 0.04886 ** 2),
                    rtol=EXACT)


def test_gas_heating_value_of_carbon_monoxide_is_the_15_c_value():
    # Kirchhoff's law: −ΔH(15 °C) = −ΔH(25 °C) + Δc_p·10 K, Δc_p = c_p(CO₂) − c_p(CO) − ½c_p(O₂) of the ideal
    # gases at 20 °C (CoolProp HEOS, ≈ −6.7 J/(mol·K)), so the heat of combustion at 15 °C is ≈ 0.067 kJ/mol
    # below the 25 °C one. (a) From ISO 6976's 25 °C value 282.98 kJ/mol (the value the table held before,
    # per the review of issue 12): 282.91 within 0.01 kJ/mol (the 2-decimal rounding). (b) From chemicals'
    # independent formation enthalpies at 25 °C (282.95 kJ/mol): within 0.04 kJ/mol, the spread of the
    # formation data; the 25 °C value 282.98 itself lies 0.10 kJ/mol off and fails.
    cp = {name: CP.PropsSI("Cp0molar", "T", 293.15, "P", 101325.0, name)
          for name in ("CarbonDioxide", "CarbonMonoxide", "Oxygen")}
    delta_cp = cp["CarbonDioxide"] - cp["CarbonMonoxide"] - 0.5 * cp["Oxygen"]  # J/(mol·K)
    assert -7.5 < delta_cp < -6.0
    shift = delta_cp * 10.0 / 1000.0  # kJ/mol, 25 °C → 15 °C
    composition = {"co_pct": 100.0}
    table = float(fuels.gas_heating_values(composition)[1] * fuels.gas_compression_factor(composition))
    table_mol = table * MOLAR_VOLUME_NM3_KMOL / 1000.0
    assert_allclose(table_mol, 282.98 + shift, atol=0.01)
    _, chemicals_25c_nm3 = chemicals_heating_values_kj_nm3("co")
    assert_allclose(table_mol, chemicals_25c_nm3 * MOLAR_VOLUME_NM3_KMOL / 1000.0 + shift, atol=0.04)
