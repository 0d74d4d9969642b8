"""Many users at once on the shared database (issue 14, item 5): 20 sessions — threads, each with its own
connections, as 20 browser sessions of the app processes would be — save tests, inspections and findings at the same
time. Nothing is lost, nothing is duplicated, every row is attributed to the account that saved it, and the audit
chain stays one intact chain. On PostgreSQL (the bureau's shared server) and on SQLite (one office's file)."""

import threading
from datetime import date

import pandas as pd
from sqlalchemy import select

from boilerlab.base.reference import load_reference
from boilerlab.db.audit import verify_audit
from boilerlab.db.campaigns import add_finding, add_inspectors, create_campaign, record_inspection
from boilerlab.db.imports import import_file
from boilerlab.db.models import AuditLog, Boiler, Finding, Inspection, TestRecord, Unit
from boilerlab.intake.templates import template
from tests.staff import add_staff

SESSIONS = 20
OFFICE = "七宝市场监督管理所"
CHECKLIST = load_reference().table("checklist_items")


def _code(i: int) -> str:
    return f"91310112CONC{i:06d}"


def _tests_file(worker: int) -> bytes:
    """Worker w saves tests C-w-0 … C-w-4 and, like its neighbour, the shared tests S-w and S-(w+1): each shared
    test is saved by two sessions at once and must be stored once."""
    base = template("tests").iloc[0].to_dict() | {"设备代码": None}
    ids = [f"C-{worker}-{n}" for n in range(5)] + [f"S-{worker}", f"S-{(worker + 1) % SESSIONS}"]
    rows = [base | {"测试编号": test_id, "排烟温度(°C)": 120 + n} for n, test_id in enumerate(ids)]
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


def test_twenty_sessions_saving_at_once_lose_and_duplicate_nothing(sessions):
    logins = [f"检验员{w:02d}" for w in range(SESSIONS)]
    add_staff(sessions, 科长="manager", **{login: ("inspector", OFFICE) for login in logins})
    with sessions.begin() as session:
        units = [Unit(credit_code=_code(i), name=f"并发单位{i}", town="七宝镇", office=OFFICE, key_unit=True,
                      district_key=False) for i in range(SESSIONS)]
        session.add_all(units)
        session.flush()
        session.add_all(Boiler(device_code=f"CB-{i}", unit_id=u.id, boiler_kind="hot_water", fuel_kind="natural_gas")
                        for i, u in enumerate(units))
    add_inspectors(sessions, pd.DataFrame({"name": ["甲", "乙"], "office": [OFFICE, OFFICE]}), who="科长")
    create_campaign(sessions, name="并发检查", year=2024, ratio=1.0, seed=5, start=date(2024, 3, 1),
                    end=date(2024, 11, 30), who="科长")
    audit_before = verify_audit(sessions).rows
    answers = {item: ("符合", "") for item in CHECKLIST["item_id"]}
    answers[CHECKLIST["item_id"].iloc[0]] = ("不符合", "记录缺失")
    start = threading.Barrier(SESSIONS)
    failures: list[BaseException] = []

    def work(worker: int) -> None:
        who = logins[worker]
        try:
            start.wait(timeout=60)
            report = import_file(sessions, "tests", _tests_file(worker), f"tests-{worker}.csv", who=who)
            assert report.exit_code == 0, report.summary()
            inspection = record_inspection(sessions, campaign="并发检查", credit_code=_code(worker),
                                           device_code=f"CB-{worker}", inspector="甲", inspected_on=date(2024, 4, 2),
                                           answers=answers, who=who)
            add_finding(sessions, inspection, section="安全", severity="一般", description=f"问题 {worker}",
                        deadline=date(2024, 5, 2), who=who, item_id=CHECKLIST["item_id"].iloc[0])
        except BaseException as failure:  # noqa: BLE001 — handed to the main thread, which fails the test with it
            failures.append(failure)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not failures, failures[:3]

    with sessions() as session:
        test_ids = session.scalars(select(TestRecord.test_id)).all()
        inspections = session.execute(select(Inspection.id, Inspection.unit_id)).all()
        findings = session.scalars(select(Finding.description)).all()
        # who saved each test the first time it went in (a shared test: whichever of its two sessions came first)
        inserted = session.execute(select(AuditLog.row_key, AuditLog.who).where(
            AuditLog.table_name == "test_record", AuditLog.action == "insert")).all()
        inspection_who = session.scalars(select(AuditLog.who).where(AuditLog.table_name == "inspection")).all()
    expected = {f"C-{w}-{n}" for w in range(SESSIONS) for n in range(5)} | {f"S-{w}" for w in range(SESSIONS)}
    assert len(test_ids) == len(set(test_ids)) == len(expected) and set(test_ids) == expected
    assert len(inspections) == len({unit for _, unit in inspections}) == SESSIONS
    assert sorted(findings) == sorted(f"问题 {w}" for w in range(SESSIONS))
    assert len(inserted) == len(expected) and {key for key, _ in inserted} == expected
    for key, who in inserted:  # every insert attributed to a session that saved that test
        worker = int(who[-2:])
        assert key in {f"C-{worker}-{n}" for n in range(5)} | {f"S-{worker}", f"S-{(worker + 1) % SESSIONS}"}
    assert sorted(inspection_who) == logins
    check = verify_audit(sessions)
    assert check.intact, check.problem
    assert check.rows > audit_before
