"""内燃场车 checks (issue 17): the stage required on both sides of every date of ``vehicle_stages.csv``, the power
band of stage IV, no stage for the other power types, the derived stage marked as such, and each problem on both
sides of its rule's date. The dates are the reference table's own (read here), so a bureau's edit moves the test."""

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerlab.base.reference import load_reference
from boilerlab.standards.vehicles import check_vehicles, problem_counts, required_stage

REFERENCE = load_reference()
STAGES = REFERENCE.table("vehicle_stages")
RULES = REFERENCE.table("vehicle_rules").set_index("rule")["value"]
LABEL_FROM = pd.Timestamp(RULES["label_required_from"])
STAGE4_FROM = pd.Timestamp(STAGES.loc[STAGES["stage"].astype(str) == "4", "required_from"].iloc[0])


def _one(power: str, made, kw: float = 45.0) -> object:
    return required_stage(pd.Series([power]), pd.Series([pd.Timestamp(made) if made else pd.NaT]),
                          pd.Series([kw]), STAGES).iloc[0]


@pytest.mark.parametrize("row", STAGES.to_dict("records"), ids=lambda r: f"stage {r['stage']}")
def test_each_stage_is_required_from_its_day_and_not_the_day_before(row):
    start = pd.Timestamp(row["required_from"])
    before = _one(row["power_type"], start - timedelta(days=1))
    assert _one(row["power_type"], start) == str(row["stage"])
    assert before is None or int(before) == int(row["stage"]) - 1


def test_stage_iv_binds_machinery_up_to_560_kw_and_the_rest_stays_at_iii():
    assert _one("diesel", STAGE4_FROM, 560.0) == "4"
    assert _one("diesel", STAGE4_FROM, 560.1) == "3"
    assert _one("diesel", STAGE4_FROM, float("nan")) == "4"  # power unknown: within the band


@pytest.mark.parametrize("power", ["gasoline", "lpg", "natural_gas", "electric"])
def test_no_stage_is_required_of_engines_the_table_has_no_row_for(power):
    assert _one(power, "2024-01-01") is None
    assert _one("diesel", None) is None  # nor of a vehicle whose manufacture date is unknown


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dates(min_value=pd.Timestamp("2000-01-01").date(), max_value=pd.Timestamp("2030-12-31").date()),
                min_size=2, max_size=30))
def test_the_required_stage_never_falls_with_a_later_manufacture_date(days):
    days = sorted(days)
    stages = required_stage(pd.Series(["diesel"] * len(days)), pd.Series(pd.to_datetime(days)),
                            pd.Series([45.0] * len(days)), STAGES)
    numbers = stages.map(lambda s: int(s) if s else 0).to_numpy()
    assert (np.diff(numbers) >= 0).all()


def _vehicle(**fields) -> dict:
    return {"power_type": "diesel", "manufacture_date": pd.Timestamp("2018-05-01"), "rated_power_kw": 45.0,
            "emission_stage": "3", "env_code": "沪F12345678", "registration_date": pd.Timestamp("2018-07-01"),
            "status": "在用"} | fields


AS_OF = pd.Timestamp("2024-09-30")


def _check(rows: list[dict], as_of: pd.Timestamp = AS_OF) -> pd.DataFrame:
    return check_vehicles(pd.DataFrame(rows), REFERENCE, as_of)


def test_a_stage_not_on_the_nameplate_is_derived_from_the_manufacture_date_and_said_so():
    checked = _check([_vehicle(emission_stage=None), _vehicle(), _vehicle(power_type="lpg", emission_stage=None),
                      _vehicle(power_type="electric", emission_stage=None, env_code=None)])
    assert checked["stage"].tolist() == ["3", "3", None, None]
    assert checked["stage_basis"].tolist() == ["derived", "nameplate", "unknown", "not_applicable"]
    assert checked["problems"].tolist() == ["", "", "", ""]  # a derived stage is never below what it was derived from


def test_a_nameplate_below_the_stage_of_its_manufacture_date_is_a_problem_and_one_at_it_is_not():
    start = pd.Timestamp(STAGES.loc[STAGES["stage"].astype(str) == "3", "required_from"].iloc[0])
    checked = _check([_vehicle(manufacture_date=start, emission_stage="2"),
                      _vehicle(manufacture_date=start - timedelta(days=1), emission_stage="2")])
    assert checked["problems"].tolist() == ["stage_below_required", ""]


@pytest.mark.parametrize("written", ["无", " - ", "—", "/", "0", "None", "暂无", "N/A"])
def test_a_code_column_saying_none_is_no_code(written):
    assert _check([_vehicle(env_code=written)])["problems"].tolist() == ["label_missing"]


def test_a_diesel_without_a_manufacture_date_or_nameplate_is_said_to_be_undetermined():
    checked = _check([_vehicle(manufacture_date=pd.NaT, emission_stage=None),
                      _vehicle(power_type="lpg", manufacture_date=pd.NaT, emission_stage=None)])
    assert checked["stage_basis"].tolist() == ["no_date", "unknown"] and checked["stage"].isna().all()


def test_a_missing_code_is_a_problem_of_an_internal_combustion_vehicle_in_use_from_the_rules_day():
    rows = [_vehicle(env_code=None), _vehicle(env_code="  "), _vehicle(env_code=None, status="停用"),
            _vehicle(power_type="electric", emission_stage=None, env_code=None)]
    assert _check(rows, LABEL_FROM)["problems"].tolist() == ["label_missing", "label_missing", "", ""]
    assert _check(rows, LABEL_FROM - timedelta(days=1))["problems"].tolist() == ["", "", "", ""]


def test_a_diesel_vehicle_registered_from_stage_iv_day_below_iv_is_a_problem():
    made = STAGE4_FROM - timedelta(days=90)  # stage III stock
    checked = _check([_vehicle(manufacture_date=made, registration_date=STAGE4_FROM),
                      _vehicle(manufacture_date=made, registration_date=STAGE4_FROM - timedelta(days=1)),
                      _vehicle(manufacture_date=made, registration_date=STAGE4_FROM, emission_stage="4"),
                      _vehicle(power_type="lpg", manufacture_date=made, registration_date=STAGE4_FROM)])
    assert checked["problems"].tolist() == ["registered_below_stage4", "", "", ""]
    # above stage IV's power band the rule does not bind; a derived stage is never found wanting; nor a vehicle
    # scrapped since
    others = _check([_vehicle(manufacture_date=made, registration_date=STAGE4_FROM, rated_power_kw=600.0),
                     _vehicle(manufacture_date=made, registration_date=STAGE4_FROM, emission_stage=None),
                     _vehicle(manufacture_date=made, registration_date=STAGE4_FROM, status="报废")])
    assert others["problems"].tolist() == ["", "", ""]
    assert others["stage_basis"].iloc[1] == "derived" and others["stage"].iloc[1] == "3"
    both = _check([_vehicle(manufacture_date=STAGE4_FROM, registration_date=STAGE4_FROM, env_code=None)])
    assert both["problems"].iloc[0] == "stage_below_required;label_missing;registered_below_stage4"
    assert problem_counts(both).to_dict() == {"stage_below_required": 1, "label_missing": 1,
                                              "registered_below_stage4": 1}
