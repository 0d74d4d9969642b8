"""The tamper-evident audit log (issue 14, item 4), on SQLite and PostgreSQL: rows written by real imports are
chained; an edited, a deleted (in the middle and at the end) and an inserted row are each named; concurrent
writers extend one chain; the migration chains the rows written before it; `boilerlab audit verify` exits 0 on
the demo database and 1 after tampering."""

import threading

import pytest
from alembic import command
from sqlalchemy import delete, func, insert, select, update

from boilerlab.cli import main
from boilerlab.db import make_engine, session_factory, upgrade
from boilerlab.db.audit import add_audit_rows, canonical_content, row_hash, verify_audit
from boilerlab.db.imports import import_file
from boilerlab.db.models import AuditChain, AuditLog, TestRecord
from boilerlab.db.session import alembic_config
from boilerlab.intake.templates import template
from tests.staff import add_staff


@pytest.fixture
def audited(sessions):
    """A database whose audit log was written by an account's creation and two real imports (a row per record and one
    per file)."""
    add_staff(sessions, 审计测试="clerk")
    for kind in ("units", "boilers"):
        import_file(sessions, kind, template(kind).to_csv(index=False).encode("utf-8"), f"{kind}.csv", who="审计测试")
    with sessions() as session:
        ids = session.scalars(select(AuditLog.id).order_by(AuditLog.chain_seq)).all()
    assert len(ids) >= 4
    return sessions, ids


def _change(sessions, statement) -> None:
    with sessions() as session:
        session.execute(statement)
        session.commit()


def test_rows_written_by_the_workbench_are_chained_in_order(audited):
    sessions, ids = audited
    check = verify_audit(sessions)
    assert check.intact and check.rows == len(ids)
    with sessions() as session:
        rows = session.scalars(select(AuditLog).order_by(AuditLog.chain_seq)).all()
        head = session.get(AuditChain, 1)
    assert [r.chain_seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].previous_hash == "" and all(b.previous_hash == a.row_hash for a, b in zip(rows, rows[1:]))
    first = rows[0]  # recomputed by hand from the stored content
    assert first.row_hash == row_hash("", canonical_content(first.at, first.who, first.action, first.table_name,
                                                            first.row_key, first.detail))
    assert (head.length, head.last_hash) == (len(rows), rows[-1].row_hash) == (check.rows, check.last_hash)


def test_an_edited_row_is_named(audited):
    sessions, ids = audited
    _change(sessions, update(AuditLog).where(AuditLog.id == ids[1]).values(who="别人"))
    check = verify_audit(sessions)
    assert not check.intact and check.row_id == ids[1] and "内容与其哈希不符" in check.problem


def test_a_row_deleted_in_the_middle_is_named_by_the_row_after_it(audited):
    sessions, ids = audited
    _change(sessions, delete(AuditLog).where(AuditLog.id == ids[1]))
    check = verify_audit(sessions)
    assert not check.intact and check.row_id == ids[2] and "被删除" in check.problem


def test_a_deleted_last_row_shows_against_the_chain_head(audited):
    sessions, ids = audited
    _change(sessions, delete(AuditLog).where(AuditLog.id == ids[-1]))
    check = verify_audit(sessions)
    assert not check.intact and f"记载 {len(ids)} 条" in check.problem and "末尾的记录被删除" in check.problem


def test_an_inserted_row_is_named(audited):
    sessions, ids = audited
    with sessions() as session:  # outside the chain, as a hand-written INSERT would put it
        new_id = session.execute(insert(AuditLog).values(who="x", action="delete", table_name="unit", row_key="1",
                                                         detail={}).returning(AuditLog.id)).scalar_one()
        session.commit()
    check = verify_audit(sessions)
    assert not check.intact and check.row_id == new_id and "不在链中" in check.problem


def test_a_row_inserted_into_the_chain_with_a_place_of_its_own_does_not_fit(audited):
    sessions, ids = audited
    with sessions() as session:  # renumber the rows after the second to make room, then slip one in
        session.execute(update(AuditLog).where(AuditLog.chain_seq > 2).values(chain_seq=AuditLog.chain_seq + 1000))
        second = session.scalar(select(AuditLog.row_hash).where(AuditLog.chain_seq == 2))
        session.execute(insert(AuditLog).values(who="x", action="delete", table_name="unit", row_key="1", detail={},
                                                chain_seq=3, previous_hash=second, row_hash="0" * 64))
        session.commit()
    check = verify_audit(sessions)
    assert not check.intact and "内容与其哈希不符" in check.problem


def test_concurrent_writers_extend_one_chain(sessions):
    def write(worker: int) -> None:
        for number in range(10):
            with sessions() as session:
                session.add(AuditLog(who=f"并发{worker}", action="insert", table_name="test", row_key=str(number),
                                     detail={"worker": worker, "number": number}))
                session.commit()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = verify_audit(sessions)
    with sessions() as session:
        count = session.scalar(select(func.count()).select_from(AuditLog))
    assert count == 80 and check.intact and check.rows == 80, check.problem


def test_the_migration_chains_the_rows_written_before_it(database_url):
    command.upgrade(alembic_config(database_url), "7a1e0c2d9b34")  # the schema before the chain
    engine = make_engine(database_url)
    with engine.begin() as connection:
        for number in range(3):
            connection.exec_driver_sql(
                "INSERT INTO audit_log (at, who, action, table_name, row_key, detail) VALUES "
                f"('2024-03-0{number + 1} 08:00:00.000000', '旧记录', 'insert', 'unit', '{number}', '{{\"n\": {number}}}')")
    engine.dispose()
    upgrade(database_url)
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    check = verify_audit(sessions)
    assert check.intact and check.rows == 3
    with sessions() as session:  # and a row written after the migration continues the same chain
        session.add(AuditLog(who="新记录", action="insert", table_name="unit", row_key="9", detail={}))
        session.commit()
    assert verify_audit(sessions).rows == 4 and verify_audit(sessions).intact
    engine.dispose()


def test_audit_verify_on_the_demo_database_and_after_tampering(demo_url, capsys):
    assert main(["audit", "verify"]) == 0
    assert "审计链完整" in capsys.readouterr().out
    sessions = session_factory(make_engine(demo_url))
    with sessions() as session:
        middle = session.scalar(select(AuditLog.id).order_by(AuditLog.chain_seq).offset(100).limit(1))
    _change(sessions, update(AuditLog).where(AuditLog.id == middle).values(detail={"rows": 0}))
    assert main(["audit", "verify"]) == 1
    assert f"审计记录 id {middle}" in capsys.readouterr().err


def test_audit_verify_names_a_test_record_changed_outside_the_workbench(demo_url, capsys):
    assert main(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "测试记录与审计记录一致: 核对" in out and "无摘要" not in out  # the demo's tests were imported with digests
    sessions = session_factory(make_engine(demo_url))
    with sessions.begin() as session:
        record = session.scalars(select(TestRecord).order_by(TestRecord.id).limit(1)).one()
        record.inputs = {**record.inputs, "flue_temp_c": 95.0}
        test_id = record.test_id
    assert main(["audit", "verify"]) == 1
    assert f"测试记录被改动 (与审计记录不符, 未经本系统): {test_id}" in capsys.readouterr().err


def test_a_detail_holding_nan_numpy_numbers_or_a_big_integer_reads_back_as_hashed(sessions):
    # a JSON column writes NaN as null (boilerlab.db.session.json_bytes): the hash is made of what reads back
    import numpy as np

    detail = {"nan": float("nan"), "numpy": np.float64(2.5), "count": np.int64(3), 1: "键", "list": [np.bool_(True)]}
    with sessions.begin() as session:
        session.add(AuditLog(who="测试", action="insert", table_name="unit", row_key="x", detail=detail))
    with sessions.begin() as session:
        add_audit_rows(session, [{"who": "测试", "action": "insert", "table_name": "unit", "row_key": "y",
                                  "detail": detail}])
    with sessions() as session:
        stored = session.scalars(select(AuditLog.detail).where(AuditLog.row_key.in_(("x", "y")))).all()
    assert stored == [{"nan": None, "numpy": 2.5, "count": 3, "1": "键", "list": [True]}] * 2
    assert verify_audit(sessions).intact
    # an integer beyond 64 bits (orjson refuses it; the standard json writes it) with a numpy number beside it
    with sessions.begin() as session:
        session.add(AuditLog(who="测试", action="insert", table_name="unit", row_key="z",
                             detail={"big": 2 ** 70, "count": np.int64(3)}))
    with sessions() as session:
        assert session.scalar(select(AuditLog.detail).where(AuditLog.row_key == "z")) == {"big": 2 ** 70, "count": 3}
    assert verify_audit(sessions).intact
