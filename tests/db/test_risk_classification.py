"""Credit-risk classification from the database (issue 15), on SQLite and PostgreSQL: hand-made units each carrying
one indicator or veto give exactly that value and its points; the stored score equals the sum of the points; a past
classification is reproduced from its date whatever happened since; the import of unit events; the campaign drawn by
class with each unit's class stored; the CLI's classify and draw."""

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select

from boilerlab.base.reference import load_reference
from boilerlab.cli import main
from boilerlab.db.campaigns import (add_enforcement, add_finding, add_inspectors, campaign_frames, create_campaign,
                                    move_finding, record_inspection)
from boilerlab.db.imports import import_file
from boilerlab.db.models import Boiler, CampaignUnit, MonitoringHour, RiskAssessment, TestRecord, Unit, UnitEvent
from boilerlab.db.monitoring import month_partitions
from boilerlab.db.permissions import PermissionRefused
from boilerlab.db.risk import classification, classify_units, risk_runs, unit_history, unit_indicators
from boilerlab.standards.credit_code import credit_code_check_digit
from boilerlab.standards.risk import INDICATORS
from tests.staff import add_staff

OFFICE = "七宝市场监督管理所"
AS_OF = date(2024, 9, 30)
CHECKLIST = load_reference().table("checklist_items")
TABLE = load_reference().table("risk_indicators").set_index("indicator")


def _code(name: str) -> str:
    """A valid 统一社会信用代码 for each hand-made unit."""
    first = f"91310112MA1R{list(EXPECTED).index(name):05d}"
    return first + credit_code_check_digit(first)


#: Each hand-made unit, by name, and the indicator values it must give as of AS_OF (every other one 0).
EXPECTED = {
    "平常": {},
    # one boiler without a number, one registered after AS_OF (and the second boiler counts as one beyond the first)
    "无登记": {"registration_incomplete": 2, "equipment_count": 1},
    "老锅炉": {"equipment_old": 1, "equipment_count": 1},  # installed 20 years before; the other one in 2019
    "多锅炉": {"equipment_count": 3},  # four boilers in use, one 停用 not counted
    "医院": {"public_place": 1},
    "能效差": {"efficiency_below": 1, "emission_exceeded": 1},  # the latest test fails both; an earlier one passed
    "已改好": {},  # failed in 2023, passed in 2024: only the latest test counts
    "检查差": {"inspection_overdue": 1, "operators_uncertified": 1, "no_safety_officer": 1, "findings_general": 1,
            "findings_major": 1, "findings_serious": 1, "rectification_overdue": 2, "review_failed": 1,
            "enforcement_order": 1, "enforcement_penalty": 2},
    "投诉": {"complaints_verified": 2},  # a third, older than 24 months, and a fourth after AS_OF are not counted
    "事故": {"accidents": 1},
    "责任事故": {"accidents": 1, "accident_responsible": 1},
    "拒检": {"inspection_refused": 1},
    "拒停": {"stop_order_ignored": 1},
    # online hours: two over the NOx limit and four days below the test in force, in the 12 months to AS_OF
    "在线": {"online_exceedance": 1, "online_drift": 1},
    # online hours: within the limits and the test, or over them only before the window or after AS_OF
    "在线正常": {},
}


def _boiler(session, unit: Unit, number: int, **fields) -> Boiler:
    fields = {"registration_no": f"锅沪R{number}", "registration_date": date(2015, 1, 1),
              "install_date": date(2014, 6, 1)} | fields
    boiler = Boiler(device_code=f"R-{unit.credit_code[-6:]}-{number}", unit_id=unit.id, boiler_kind="hot_water",
                    fuel_kind="natural_gas", **fields)
    session.add(boiler)
    session.flush()
    return boiler


def _online(session, boiler: Boiler, first: date, days: int, eta: float, nox: float, over: int = 0) -> None:
    """Hourly rows of ``days`` whole valid days from ``first`` at η₂ ``eta`` and NOx ``nox``; the first ``over``
    hours at 80 mg/m³ (the limit is 50)."""
    hours = pd.date_range(first, periods=24 * days, freq="h")
    session.add_all(MonitoringHour(boiler_id=boiler.id, hour=h.to_pydatetime(), flag="N", valid_minutes=60,
                                   flue_temp_c=120.0, flue_o2_pct=3.5, eta_indirect_pct=eta,
                                   nox_ref_mg_m3=80.0 if n < over else nox, nox_limit_mg_m3=50.0)
                    for n, h in enumerate(hours))


def _test(session, boiler: Boiler, day: date, **results) -> None:
    session.add(TestRecord(test_id=f"T-{boiler.device_code}-{day}", boiler_id=boiler.id, test_date=day, inputs={},
                           results=results, engine_version="test", reference_versions="test"))


@pytest.fixture
def district(sessions):
    """The hand-made units of EXPECTED, their boilers, tests and events, and a campaign with an inspection of 检查差."""
    add_staff(sessions, 科长="manager", 检查员=("inspector", OFFICE), 登记员="clerk")
    # the months the hand-made online hours fall in (PostgreSQL keeps them in monthly partitions an import makes)
    month_partitions(sessions, pd.Series(pd.date_range("2023-09-01", "2024-10-31", freq="MS")))
    with sessions.begin() as session:
        units = {name: Unit(credit_code=_code(name), name=name, town="七宝镇", office=OFFICE, key_unit=True,
                            district_key=False, place_category="hospital" if name == "医院" else "factory")
                 for name in EXPECTED}
        session.add_all(units.values())
        session.flush()
        for name, unit in units.items():
            if name == "无登记":
                _boiler(session, unit, 1, registration_no=None)
                _boiler(session, unit, 2, registration_date=AS_OF + timedelta(days=1))
            elif name == "老锅炉":
                _boiler(session, unit, 1, install_date=date(2004, 9, 1), registration_date=date(2005, 1, 1))
                _boiler(session, unit, 2, install_date=date(2019, 1, 1), registration_date=date(2019, 2, 1))
            elif name == "多锅炉":
                for number in range(4):
                    _boiler(session, unit, number)
                _boiler(session, unit, 9, status="停用")
            elif name in ("能效差", "已改好"):
                boiler = _boiler(session, unit, 1)
                bad = {"inuse_verdict": "fail", "nox_verdict": "fail"}
                good = {"inuse_verdict": "pass", "nox_verdict": "pass"}
                _test(session, boiler, date(2023, 5, 1), **(good if name == "能效差" else bad))
                _test(session, boiler, date(2024, 5, 1), **(bad if name == "能效差" else good))
                _test(session, boiler, AS_OF + timedelta(days=10), **good)  # after the day: not read
            elif name == "在线":
                boiler = _boiler(session, unit, 1)
                _test(session, boiler, date(2024, 3, 1), inuse_criterion_pct=80.0)
                session.flush()
                session.query(TestRecord).filter_by(boiler_id=boiler.id).update({"eta_indirect_pct": 90.0})
                _online(session, boiler, date(2024, 6, 3), 2, 89.5, 30.0, over=2)
                _online(session, boiler, date(2024, 6, 10), 4, 87.0, 30.0)  # 3 points below the test, four days
            elif name == "在线正常":
                boiler = _boiler(session, unit, 1)
                _test(session, boiler, date(2023, 3, 1), inuse_criterion_pct=80.0)
                _test(session, boiler, date(2024, 3, 1), inuse_criterion_pct=80.0)
                session.flush()
                session.query(TestRecord).filter_by(boiler_id=boiler.id).update({"eta_indirect_pct": 90.0})
                session.query(TestRecord).filter_by(boiler_id=boiler.id, test_date=date(2024, 3, 1)).update(
                    {"eta_indirect_pct": 86.0})  # the test in force from March: 86 is no drift any more
                _online(session, boiler, date(2023, 9, 1), 1, 89.5, 30.0, over=5)  # before the window
                _online(session, boiler, date(2024, 6, 10), 4, 86.5, 30.0)
                _online(session, boiler, AS_OF + timedelta(days=1), 4, 80.0, 30.0, over=3)  # after the day
            else:
                _boiler(session, unit, 1)
    events = [("投诉", "投诉举报属实", "2023-04-01", "否"), ("投诉", "投诉举报属实", "2024-09-30", "否"),
              ("投诉", "投诉举报属实", "2022-09-30", "否"),  # the window's first day is 2022-10-01
              ("投诉", "投诉举报属实", "2024-10-01", "否"), ("事故", "事故", "2024-02-02", "否"),
              ("责任事故", "事故", "2024-03-03", "是"), ("拒检", "拒绝、阻碍检查", "2024-04-04", ""),
              ("拒停", "拒不执行停用决定", "2024-05-05", "")]
    # the events as a clerk's file gives them, imported by the manager
    frame = pd.DataFrame([{"统一社会信用代码": _code(u), "事件类型": k, "事件日期": d, "负有责任": r}
                          for u, k, d, r in events])
    report = import_file(sessions, "unit-events", frame.to_csv(index=False).encode("utf-8"), "events.csv", who="科长")
    assert report.exit_code == 0, report.summary()
    add_inspectors(sessions, pd.DataFrame({"name": ["甲"], "office": [OFFICE]}), who="科长")
    create_campaign(sessions, name="风险检查", year=2024, ratio=1.0, seed=3, start=date(2024, 3, 1),
                    end=date(2024, 11, 30), who="科长", as_of=date(2024, 3, 1))
    answers = {item: ("符合", "") for item in CHECKLIST["item_id"]}
    answers |= {"S02": ("不符合", "定期检验超期"), "S03": ("不符合", "司炉无证"), "S08": ("不符合", "未配安全员")}
    with sessions() as session:
        device = session.scalar(select(Boiler.device_code).join(Unit).where(Unit.name == "检查差"))
    inspection = record_inspection(sessions, campaign="风险检查", credit_code=_code("检查差"), device_code=device,
                                   inspector="甲", inspected_on=date(2024, 4, 2), answers=answers, who="检查员")
    general, major, serious = (add_finding(sessions, inspection, section="安全", severity=s, description=s,
                                           deadline=date(2024, 5, 2), who="检查员") for s in ("一般", "较大", "重大"))
    move_finding(sessions, general, "已整改", on=date(2024, 4, 20), who="检查员", evidence=("x.jpg", b"x"))
    move_finding(sessions, general, "整改中", on=date(2024, 4, 25), who="科长")  # a failed review
    move_finding(sessions, general, "已整改", on=date(2024, 5, 1), who="检查员", evidence=("y.jpg", b"y"))
    move_finding(sessions, major, "已整改", on=date(2024, 10, 5), who="检查员", evidence=("z.jpg", b"z"))  # after AS_OF
    for action, finding in (("责令整改", major), ("停用", serious), ("处罚", serious)):
        add_enforcement(sessions, inspection, action=action, decided_on=date(2024, 4, 2), who="科长",
                        finding_id=finding)
    add_enforcement(sessions, inspection, action="处罚", decided_on=AS_OF + timedelta(days=1), who="科长")  # later
    return sessions


def test_each_hand_made_unit_gives_exactly_its_indicators(district):
    with district() as session:
        units, values = unit_indicators(session, AS_OF, load_reference())
    names = dict(zip(units["unit_id"], units["unit_name"]))
    found = {names[u]: {i: v for i, v in row.items() if v} for u, row in values.iterrows()}
    # 检查差: the major finding rectified only after AS_OF and the serious one never are open and overdue on AS_OF;
    # the general one, rectified again on 2024-05-01 after its failed review, is not
    assert found == EXPECTED


def test_the_stored_score_is_the_sum_of_the_points_and_the_vetoes_make_d(district):
    summary = classify_units(district, AS_OF, who="科长")
    assert summary["units"] == len(EXPECTED) and sum(summary["counts"].values()) == len(EXPECTED)
    table = classification(district)
    assert set(table["run_id"]) == {summary["run_id"]} and set(table["as_of"]) == {AS_OF}
    by_name = table.set_index("unit_name")
    for _, row in by_name.iterrows():
        assert row["score"] == min(100, sum(row["points"].values()))
        assert row["points"] == {i: min(v * TABLE.at[i, "points_each"], TABLE.at[i, "max_points"])
                                 for i, v in row["indicators"].items() if TABLE.at[i, "points_each"]}
    assert set(by_name.index[by_name["risk_class"] == "D"]) >= {"责任事故", "拒检", "拒停"}
    assert by_name.at["拒检", "reasons"].startswith("否决项: 拒绝、阻碍检查 (近24个月) (直接定为 D 类)")
    assert by_name.at["平常", "risk_class"] == "A" and by_name.at["平常", "reasons"] == "各项指标均未计分"
    assert (by_name.at["检查差", "score"], by_name.at["检查差", "risk_class"]) == (100, "D")  # 102 points, capped
    assert "重大问题 (近24个月): 1, 得 15 分" in by_name.at["检查差", "reasons"]


def test_a_past_classification_is_reproduced_from_its_date(district):
    first = classify_units(district, date(2024, 3, 31), who="科长")
    with district.begin() as session:  # things that happen later change nothing of that day's classes
        unit = session.scalar(select(Unit).where(Unit.name == "平常"))
        session.add(UnitEvent(unit_id=unit.id, event_kind="inspection_refused", event_date=date(2024, 6, 1)))
    again = classify_units(district, date(2024, 3, 31), who="科长")
    assert again["counts"] == first["counts"]
    columns = ["unit_id", "risk_class", "score", "indicators", "points"]
    assert classification(district, first["run_id"])[columns].equals(classification(district, again["run_id"])[columns])
    now = classify_units(district, AS_OF, who="科长")
    changed = classification(district, now["run_id"])
    row = changed.set_index("unit_name").loc["平常"]
    assert (row["previous_class"], row["risk_class"]) == ("A", "D")  # since the run before
    history = unit_history(district, _code("平常"))
    assert history["risk_class"].tolist()[:3] == ["D", "A", "A"] and len(risk_runs(district)) == 4  # + the draw's


def test_only_a_manager_classifies_or_records_unit_events(district):
    with pytest.raises(PermissionRefused, match="无权信用风险分类与登记单位信用事件"):
        classify_units(district, AS_OF, who="登记员")
    frame = pd.DataFrame([{"统一社会信用代码": _code("平常"), "事件类型": "事故", "事件日期": "2024-01-01"}])
    with pytest.raises(PermissionRefused):
        import_file(district, "unit-events", frame.to_csv(index=False).encode("utf-8"), "e.csv", who="检查员")


def test_bad_unit_event_rows_are_named_and_the_rest_go_in(district):
    frame = pd.DataFrame([
        {"统一社会信用代码": _code("平常"), "事件类型": "火灾", "事件日期": "2024-01-01"},
        {"统一社会信用代码": "91310112MA1G000013", "事件类型": "事故", "事件日期": "2024-01-01"},
        {"统一社会信用代码": _code("平常"), "事件类型": "投诉属实", "事件日期": "2024年3月5日", "负有责任": "也许"},
        {"统一社会信用代码": _code("平常"), "事件类型": "投诉属实", "事件日期": "2024年3月6日"}])
    report = import_file(district, "unit-events", frame.to_csv(index=False).encode("utf-8"), "bad.csv", who="科长")
    reasons = {o.row: o.reason for o in report.outcomes if o.status == "rejected"}
    assert "事件类型 的值 '火灾' 无效, 可选: 投诉举报属实、事故、拒绝、阻碍检查、拒不执行停用决定" in reasons[2]
    assert "不在台账中" in reasons[3] and "负有责任 的值 '也许' 无效, 应为 是 或 否" in reasons[4]
    assert report.exit_code == 1 and [o.status for o in report.outcomes if o.row == 5] == ["inserted"]
    with district() as session:
        stored = session.scalar(select(UnitEvent.event_date).join(Unit).where(
            Unit.name == "平常", UnitEvent.event_kind == "complaint_verified"))
    assert stored == date(2024, 3, 6)  # 2024年3月6日 read as the date it is
    again = import_file(district, "unit-events", frame.to_csv(index=False).encode("utf-8"), "bad.csv", who="科长")
    assert again.count("inserted") == 0 and again.count("unchanged") == 1


def test_a_campaign_drawn_by_class_stores_each_units_class_and_is_reproducible(district):
    drawn = create_campaign(district, name="按分类抽查", year=2025, seed=11, start=date(2025, 3, 1),
                            end=date(2025, 11, 30), who="科长", method="risk_class", as_of=AS_OF)
    again = create_campaign(district, name="复核抽取", year=2025, seed=11, start=date(2025, 3, 1),
                            end=date(2025, 11, 30), who="科长", method="risk_class", as_of=AS_OF)
    with district() as session:
        def units_of(campaign_id):
            return sorted(session.execute(select(CampaignUnit.unit_id, CampaignUnit.risk_class).where(
                CampaignUnit.campaign_id == campaign_id)).all())
        first, second = units_of(drawn["campaign_id"]), units_of(again["campaign_id"])
        assessed = dict(session.execute(select(RiskAssessment.unit_id, RiskAssessment.risk_class).where(
            RiskAssessment.run_id == drawn["risk_run_id"])).all())
    assert first == second  # the same directory, classification date and seed: the same units
    assert all(assessed[unit] == risk_class for unit, risk_class in first)
    counts = classification(district, drawn["risk_run_id"])["risk_class"].value_counts()
    # every D unit (ratio 100 %), ceil(5 % × A)
    assert drawn["by_class"]["D"] == counts.get("D", 0) and drawn["by_class"]["A"] == -(-counts["A"] * 5 // 100)
    plan = campaign_frames(district, name="按分类抽查")["plan"]
    assert set(plan["risk_class"]) == set(c for _, c in first)


def test_the_cli_classifies_and_draws_by_class(district, database_url, monkeypatch, capsys):
    monkeypatch.setenv("BOILERLAB_DATABASE_URL", database_url)
    assert main(["risk", "classify", "--as-of", "2024-09-30", "--who", "科长"]) == 0
    out = capsys.readouterr().out
    assert f"信用风险分类 (截至 2024-09-30): {len(EXPECTED)} 家单位" in out and "D类 (信用风险高)\t" in out
    assert f"  {OFFICE}\t" in out
    assert main(["risk", "classify", "--as-of", "30/09/2024", "--who", "科长"]) == 2
    assert main(["risk", "classify", "--who", "登记员"]) == 2
    assert main(["campaign", "draw", "--name", "命令行抽取", "--year", "2025", "--seed", "5", "--as-of", "2024-09-30",
                 "--who", "科长"]) == 0
    out = capsys.readouterr().out
    assert "已抽取「命令行抽取」" in out and "A类 (信用风险低)\t" in out
    with district() as session:
        assert session.scalar(select(func.count()).select_from(CampaignUnit).where(
            CampaignUnit.risk_class.is_(None))) == 0
    assert main(["campaign", "draw", "--name", "命令行抽取", "--year", "2025", "--seed", "5", "--who", "科长"]) == 2
    assert set(INDICATORS) == set(TABLE.index)


def test_a_unit_inspected_boiler_by_boiler_counts_a_failed_item_of_any_of_its_boilers(district):
    """Found in review: only one of the inspections of a unit's latest day was read (the last entered)."""
    with district.begin() as session:
        unit = session.scalar(select(Unit).where(Unit.name == "多锅炉"))
        codes = session.scalars(select(Boiler.device_code).where(Boiler.unit_id == unit.id, Boiler.status == "在用")
                                .order_by(Boiler.device_code)).all()
    answers = {item: ("符合", "") for item in CHECKLIST["item_id"]}
    for number, code in enumerate(codes[:2]):
        failed = answers | ({"S02": ("不符合", "超期")} if number == 0 else {})
        record_inspection(district, campaign="风险检查", credit_code=_code("多锅炉"), device_code=code, inspector="甲",
                          inspected_on=date(2024, 5, 6), answers=failed, who="检查员")
    with district() as session:
        units, values = unit_indicators(session, AS_OF, load_reference())
    row = values.loc[units.loc[units["unit_name"] == "多锅炉", "unit_id"].iloc[0]]
    assert row["inspection_overdue"] == 1
