"""Read-only views of the registry as DataFrames, for the workbench pages and the dashboard.

Every function takes a session factory and returns plain pandas frames with English column names
(the pages label them in Chinese). Soft-deleted rows are left out everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.db.models import AuditLog, Boiler, FuelUse, TestRecord, Unit

UNIT_COLUMNS = ("credit_code", "name", "address", "town", "office", "key_unit", "district_key", "place_category")
BOILER_COLUMNS = ("device_code", "registration_no", "boiler_kind", "fuel_kind", "combustion", "condensing",
                  "rated_capacity_t_h", "rated_capacity_mw", "rated_pressure_mpa_g", "manufacturer", "model",
                  "install_date", "registration_date", "status", "low_nox")
TEST_COLUMNS = ("test_id", "test_date", "eta_direct_pct", "eta_indirect_pct", "eta_governing_pct", "gb24500_grade",
                "nox_ref_mg_m3", "so2_ref_mg_m3", "pm_ref_mg_m3", "co2_kg_h")
#: Results kept in the JSON column only, lifted out for the dashboard.
RESULT_FIELDS = ("gb24500_limit_pct", "nox_limit_mg_m3", "nox_compliant", "so2_compliant", "pm_compliant",
                 "q2_pct", "excess_air_ratio", "heat_output_kw")


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def units_frame(sessions: sessionmaker[Session]) -> pd.DataFrame:
    """Every live unit with its number of live boilers (``boilers``)."""
    count = (select(Boiler.unit_id, func.count().label("boilers")).where(Boiler.deleted_at.is_(None))
             .group_by(Boiler.unit_id).subquery())
    query = (select(*(getattr(Unit, c) for c in UNIT_COLUMNS), func.coalesce(count.c.boilers, 0))
             .outerjoin(count, count.c.unit_id == Unit.id).where(Unit.deleted_at.is_(None)).order_by(Unit.id))
    with sessions() as session:
        return _frame(session.execute(query), UNIT_COLUMNS + ("boilers",))


def boilers_frame(sessions: sessionmaker[Session]) -> pd.DataFrame:
    """Every live boiler with its unit (``unit_name``, ``credit_code``, ``town``, ``office``, ``district_key``) and
    its latest test (``last_test_id``, ``last_test_date``, ``last_eta_pct``, ``last_grade``, ``tests``)."""
    query = (select(*(getattr(Boiler, c) for c in BOILER_COLUMNS), Boiler.id, Unit.name, Unit.credit_code, Unit.town,
                    Unit.office, Unit.district_key)
             .join(Unit, Unit.id == Boiler.unit_id)
             .where(Boiler.deleted_at.is_(None), Unit.deleted_at.is_(None)).order_by(Boiler.id))
    with sessions() as session:
        boilers = _frame(session.execute(query), BOILER_COLUMNS + ("id", "unit_name", "credit_code", "town", "office",
                                                                   "district_key"))
        tests = _frame(session.execute(
            select(TestRecord.boiler_id, TestRecord.test_id, TestRecord.test_date, TestRecord.eta_governing_pct,
                   TestRecord.gb24500_grade).where(TestRecord.deleted_at.is_(None), TestRecord.boiler_id.is_not(None))),
            ("id", "last_test_id", "last_test_date", "last_eta_pct", "last_grade"))
    counts = tests.groupby("id").size().rename("tests")
    latest = tests.sort_values(["last_test_date", "last_test_id"]).drop_duplicates("id", keep="last")
    out = boilers.merge(latest, on="id", how="left").merge(counts, on="id", how="left")
    out["tests"] = out["tests"].fillna(0).astype(int)
    return out.drop(columns="id")


def tests_frame(sessions: sessionmaker[Session], device_code: str | None = None) -> pd.DataFrame:
    """Every live test (or those of one boiler) with its headline results, boiler and unit, oldest first; tests of a
    deleted boiler or unit are left out with it (a test stored without a boiler stays).

    Columns: the stored result columns, ``year``, :data:`RESULT_FIELDS` from the stored results, the boiler's
    ``device_code``, ``boiler_kind``, ``fuel_kind``, capacities, and the unit's ``unit_name``, ``town``, ``office``.
    """
    query = (select(*(getattr(TestRecord, c) for c in TEST_COLUMNS), TestRecord.results, Boiler.device_code,
                    Boiler.boiler_kind, Boiler.fuel_kind, Boiler.rated_capacity_t_h, Boiler.rated_capacity_mw,
                    Unit.name, Unit.town, Unit.office)
             .outerjoin(Boiler, Boiler.id == TestRecord.boiler_id).outerjoin(Unit, Unit.id == Boiler.unit_id)
             .where(TestRecord.deleted_at.is_(None), Boiler.deleted_at.is_(None), Unit.deleted_at.is_(None))
             .order_by(TestRecord.test_date, TestRecord.test_id))
    if device_code is not None:
        query = query.where(Boiler.device_code == device_code)
    columns = TEST_COLUMNS + ("results", "device_code", "boiler_kind", "fuel_kind", "rated_capacity_t_h",
                              "rated_capacity_mw", "unit_name", "town", "office")
    with sessions() as session:
        frame = _frame(session.execute(query), columns)
    results = frame.pop("results")
    for name in RESULT_FIELDS:
        frame[name] = results.map(lambda r, n=name: (r or {}).get(n)).astype(object)
    for name in ("gb24500_limit_pct", "nox_limit_mg_m3", "q2_pct", "excess_air_ratio", "heat_output_kw"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce")
    frame["test_date"] = pd.to_datetime(frame["test_date"])
    frame["year"] = frame["test_date"].dt.year.astype("Int64")
    return frame


def test_inputs(sessions: sessionmaker[Session], test_ids: list[str]) -> pd.DataFrame:
    """The stored interchange inputs of the given tests, one row each (in the order asked, missing ids left out)."""
    rows = {}
    with sessions() as session:
        for chunk in range(0, len(test_ids), 900):
            for test_id, inputs in session.execute(
                    select(TestRecord.test_id, TestRecord.inputs).where(
                        TestRecord.test_id.in_(test_ids[chunk:chunk + 900]), TestRecord.deleted_at.is_(None))):
                rows[test_id] = inputs
    return pd.DataFrame([rows[t] for t in test_ids if t in rows])


def fuel_use_frame(sessions: sessionmaker[Session]) -> pd.DataFrame:
    """Monthly fuel use with the boiler's ``device_code`` as ``boiler_id`` (what :func:`boilerlab.standards.carbon.co2_by_period`
    reads) and the unit's ``unit_name``, ``town`` and ``office``."""
    query = (select(Boiler.device_code, FuelUse.month, FuelUse.fuel_kind, FuelUse.quantity, FuelUse.unit, Unit.name,
                    Unit.town, Unit.office)
             .join(Boiler, Boiler.id == FuelUse.boiler_id).join(Unit, Unit.id == Boiler.unit_id)
             .where(FuelUse.deleted_at.is_(None), Boiler.deleted_at.is_(None), Unit.deleted_at.is_(None))
             .order_by(FuelUse.month, Boiler.device_code))
    with sessions() as session:
        return _frame(session.execute(query), ("boiler_id", "month", "fuel_kind", "quantity", "unit", "unit_name",
                                               "town", "office"))


def data_version(sessions: sessionmaker[Session]) -> int:
    """A number that changes with every write: the last audit entry's id (every write of the library records one).

    The pages key their cached views on it, so a write in any process of a shared database shows at the next
    rerun everywhere, and an unchanged database is never read twice."""
    with sessions() as session:
        return int(session.scalar(select(func.max(AuditLog.id))) or 0)


def audit_frame(sessions: sessionmaker[Session], table_name: str | None = None, limit: int = 200) -> pd.DataFrame:
    """The latest audit entries (of one table, if given), newest first."""
    query = select(AuditLog.at, AuditLog.who, AuditLog.action, AuditLog.table_name, AuditLog.row_key, AuditLog.detail)
    if table_name is not None:
        query = query.where(AuditLog.table_name == table_name)
    with sessions() as session:
        return _frame(session.execute(query.order_by(AuditLog.id.desc()).limit(limit)),
                      ("at", "who", "action", "table_name", "row_key", "detail"))


def audit_entries(sessions: sessionmaker[Session], *, who: list[str] | None = None, actions: list[str] | None = None,
                  tables: list[str] | None = None, start: date | None = None, end: date | None = None,
                  limit: int = 5000) -> pd.DataFrame:
    """Audit entries, newest first, filtered by account, action, table and day (UTC days, ``end`` included); the
    chain's place of each row with it, the detail as stored (a dict). ``limit`` keeps a screen's table to what a
    person can read."""
    query = select(AuditLog.chain_seq, AuditLog.at, AuditLog.who, AuditLog.action, AuditLog.table_name,
                   AuditLog.row_key, AuditLog.detail)
    if who:
        query = query.where(AuditLog.who.in_(who))
    if actions:
        query = query.where(AuditLog.action.in_(actions))
    if tables:
        query = query.where(AuditLog.table_name.in_(tables))
    if start is not None:
        query = query.where(AuditLog.at >= datetime.combine(start, time.min, tzinfo=timezone.utc))
    if end is not None:
        query = query.where(AuditLog.at < datetime.combine(end + timedelta(days=1), time.min, tzinfo=timezone.utc))
    with sessions() as session:
        frame = _frame(session.execute(query.order_by(AuditLog.id.desc()).limit(limit)),
                       ("chain_seq", "at", "who", "action", "table_name", "row_key", "detail"))
    return frame


def audit_choices(sessions: sessionmaker[Session]) -> dict[str, list[str]]:
    """The accounts, actions and tables the audit log holds (the filters' choices)."""
    with sessions() as session:
        return {name: sorted(v for v in session.scalars(select(column).distinct()) if v is not None)
                for name, column in (("who", AuditLog.who), ("action", AuditLog.action),
                                     ("table_name", AuditLog.table_name))}


class ReportError(LookupError):
    """The test to report on is not in the database."""


@dataclass
class TestReport:
    """Everything the report shows, read from the database."""

    __test__ = False  # not a pytest test class
    test: dict[str, Any]
    inputs: dict[str, Any]
    results: dict[str, Any]
    boiler: dict[str, Any]
    unit: dict[str, Any]


def load_report(sessions: sessionmaker[Session], test_id: str) -> TestReport:
    """The stored test ``test_id`` with its boiler and unit.

    Raises
    ------
    ReportError
        When no live test has that id.
    """
    with sessions() as session:
        record = session.scalar(select(TestRecord).where(TestRecord.test_id == test_id, TestRecord.deleted_at.is_(None)))
        if record is None:
            raise ReportError(f"测试记录 {test_id!r} 不存在")
        boiler = session.get(Boiler, record.boiler_id) if record.boiler_id else None
        unit = session.get(Unit, boiler.unit_id) if boiler else None
        as_dict = lambda row: {c.name: getattr(row, c.name) for c in row.__table__.columns} if row else {}  # noqa: E731
        return TestReport(as_dict(record), dict(record.inputs), dict(record.results), as_dict(boiler), as_dict(unit))
