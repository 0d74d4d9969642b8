"""Reference tables: provenance on every row, versions that follow edits, and results that use the edits."""

import shutil

import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.base.reference import DEFAULT_DIRECTORY, PROVENANCE_COLUMNS, STATUSES, ReferenceDataError, load_reference

ROW = dict(test_id="w1", boiler_kind="hot_water", fuel_kind="natural_gas", combustion="chamber", condensing="false",
           rated_capacity_mw=2.8, fuel_rate_nm3_h=280.0, water_flow_kg_h=86000.0, supply_temp_c=85.0,
           return_temp_c=60.0, flue_temp_c=130.0, air_temp_c=15.0, flue_o2_pct=4.0)


def test_every_table_has_provenance_and_valid_statuses():
    reference = load_reference()
    manifest = pd.read_csv(DEFAULT_DIRECTORY / "manifest.csv")
    assert set(manifest["table"]) == set(reference.tables)
    for name, table in reference.tables.items():
        for column in PROVENANCE_COLUMNS:
            assert column in table.columns, (name, column)
        assert set(table["status"].dropna()) <= set(STATUSES), name


def test_unconfirmed_tables_are_flagged():
    reference = load_reference()
    # the brief: m/n coefficients, the q5 table and method constants are UNCONFIRMED; GB 24500 is secondary
    assert reference.unconfirmed("q5_rated_loss") and reference.unconfirmed("q2_simple_coefficients")
    assert not reference.unconfirmed("gb24500_grades")
    assert set(reference.tables["gb24500_grades"]["status"]) == {"CONFIRMED-secondary"}


def test_unknown_names_list_the_valid_ones():
    reference = load_reference()
    with pytest.raises(KeyError, match="valid:.*q5_rated_loss"):
        reference.table("q5")
    with pytest.raises(KeyError, match="valid:.*q4_combustible_heat"):
        reference.constant("q4")


@pytest.fixture
def edited_copy(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(DEFAULT_DIRECTORY, folder)
    return folder


def test_an_edited_table_gets_a_new_version_and_changes_results(edited_copy):
    shipped = load_reference()
    q5 = pd.read_csv(edited_copy / "q5_rated_loss.csv")
    q5["q5_pct"] = q5["q5_pct"] + 1.0  # an inspector's (audited) edit: one point more everywhere
    q5.to_csv(edited_copy / "q5_rated_loss.csv", index=False)
    edited = load_reference(edited_copy)
    assert edited.versions["q5_rated_loss"] != shipped.versions["q5_rated_loss"]
    assert edited.versions["gb24500_grades"] == shipped.versions["gb24500_grades"]
    before = evaluate(pd.DataFrame([ROW])).iloc[0]
    after = evaluate(pd.DataFrame([ROW]), reference=edited).iloc[0]
    load_ratio = before["q5_pct"] / 2.9  # rated 2.8 MW → 2.9 % in the shipped table, corrected to the test load
    assert after["q5_pct"] == pytest.approx(3.9 * load_ratio, rel=1e-12)
    assert after["reference_versions"] != before["reference_versions"]


def test_environment_variable_selects_the_folder(edited_copy, monkeypatch):
    constants = pd.read_csv(edited_copy / "method_constants.csv")
    constants.loc[constants["key"] == "method_deviation_limit", "value"] = 0.001
    constants.to_csv(edited_copy / "method_constants.csv", index=False)
    monkeypatch.setenv("BOILERLAB_REFERENCE_DIR", str(edited_copy))
    assert load_reference().constant("method_deviation_limit") == 0.001


def test_missing_or_malformed_tables_are_refused(edited_copy):
    (edited_copy / "q5_rated_loss.csv").unlink()
    with pytest.raises(ReferenceDataError, match="reference table missing"):
        load_reference(edited_copy)


def test_a_table_without_provenance_is_refused(edited_copy):
    table = pd.read_csv(edited_copy / "q2_simple_coefficients.csv").drop(columns=["source_document"])
    table.to_csv(edited_copy / "q2_simple_coefficients.csv", index=False)
    with pytest.raises(ReferenceDataError, match="provenance columns missing"):
        load_reference(edited_copy)


def test_an_invalid_status_is_refused(edited_copy):
    table = pd.read_csv(edited_copy / "q5_rated_loss.csv")
    table.loc[0, "status"] = "PROBABLY"
    table.to_csv(edited_copy / "q5_rated_loss.csv", index=False)
    with pytest.raises(ReferenceDataError, match="invalid status"):
        load_reference(edited_copy)


def test_editing_a_table_in_place_is_picked_up(edited_copy):
    first = load_reference(edited_copy)
    table = pd.read_csv(edited_copy / "method_constants.csv")
    table.loc[table["key"] == "condensing_eta_max", "value"] = 108.0
    table.to_csv(edited_copy / "method_constants.csv", index=False)
    second = load_reference(edited_copy)
    assert first.constant("condensing_eta_max") == 110.0 and second.constant("condensing_eta_max") == 108.0
