"""The registry views the pages read: live rows only, latest tests, fuel use with its unit."""


from sqlalchemy import func, select
from boilerlab.db import queries
from boilerlab.db.models import TestRecord
from boilerlab.db.store import soft_delete


def test_views_hold_every_live_row_and_leave_deleted_ones_out(demo_sessions):
    tests = queries.tests_frame(demo_sessions)
    with demo_sessions() as session:
        assert len(tests) == session.scalar(select(func.count()).select_from(TestRecord)) == 1000
    assert len(queries.units_frame(demo_sessions)) == 1050 and len(queries.boilers_frame(demo_sessions)) == 537
    victim = tests["test_id"].iloc[0]
    assert soft_delete(demo_sessions, "tests", victim, who="demo.admin")
    assert victim not in set(queries.tests_frame(demo_sessions)["test_id"])
    assert queries.test_inputs(demo_sessions, [victim, tests["test_id"].iloc[1]])["test_id"].tolist() == [
        tests["test_id"].iloc[1]]


def test_a_boilers_latest_test_is_its_last_by_date(demo_sessions):
    boilers = queries.boilers_frame(demo_sessions).set_index("device_code")
    tests = queries.tests_frame(demo_sessions)
    for code, history in list(tests.dropna(subset=["device_code"]).groupby("device_code"))[:25]:
        last = history.sort_values(["test_date", "test_id"]).iloc[-1]
        assert boilers.at[code, "last_test_id"] == last["test_id"]
        assert boilers.at[code, "tests"] == len(history)
    assert (boilers.loc[~boilers.index.isin(tests["device_code"]), "tests"] == 0).all()


def test_fuel_use_view_carries_the_unit_town_and_office(demo_sessions):
    fuel = queries.fuel_use_frame(demo_sessions)
    assert len(fuel) == 21048 and fuel[["unit_name", "town", "office"]].notna().all().all()


def test_tests_of_a_deleted_boiler_leave_the_dashboard(demo_sessions):
    tests = queries.tests_frame(demo_sessions)
    code = tests.dropna(subset=["device_code"])["device_code"].iloc[0]
    assert soft_delete(demo_sessions, "boilers", code, who="demo.admin")
    after = queries.tests_frame(demo_sessions)
    assert code not in set(after["device_code"]) and len(after) == len(tests) - (tests["device_code"] == code).sum()
