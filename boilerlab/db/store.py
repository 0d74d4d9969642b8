"""Reading the database back out (table exports), storing admission applications, soft deletes."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.db.models import Application, AuditLog, Boiler, FuelUse, TestRecord, Unit, utc_now
from boilerlab.db.permissions import Who, authorise
from boilerlab.intake.files import neutralise

EXPORTS = {"units": Unit, "boilers": Boiler, "tests": TestRecord, "fuel_use": FuelUse, "applications": Application,
           "audit": AuditLog}
SKIP = {"content"}  # never export uploaded bytes


def export_table(sessions: sessionmaker[Session], table: str) -> pd.DataFrame:
    """All live rows of ``table`` (soft-deleted rows left out), formula-neutralised for spreadsheets.

    Raises
    ------
    KeyError
        For an unknown table, listing the valid ones.
    """
    if table not in EXPORTS:
        raise KeyError(f"unknown table {table!r}; valid: {sorted(EXPORTS)}")
    model = EXPORTS[table]
    columns = [c for c in model.__table__.columns if c.name not in SKIP]
    query = select(*columns)
    if "deleted_at" in model.__table__.columns:
        query = query.where(model.__table__.c.deleted_at.is_(None))
    with sessions() as session:
        rows = session.execute(query.order_by(model.__table__.c.id)).all()
    frame = pd.DataFrame(rows, columns=[c.name for c in columns])
    if table == "tests" and not frame.empty:  # the stored inputs and results as columns of their own
        inputs = pd.json_normalize(frame.pop("inputs").tolist())
        results = pd.json_normalize(frame.pop("results").tolist())
        frame = pd.concat([frame[["id"]], inputs, results.drop(columns=[c for c in results if c in inputs])],
                          axis=1)
    for column in frame.columns:  # times in Shanghai local time, without a zone (spreadsheets cannot hold one)
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            times = frame[column] if frame[column].dt.tz is not None else frame[column].dt.tz_localize("UTC")
            frame[column] = times.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    for column in frame.columns:  # JSON columns as text
        if frame[column].map(lambda v: isinstance(v, (dict, list))).any():
            frame[column] = frame[column].map(lambda v: None if v is None else str(v))
    return neutralise(frame)


def is_empty(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Unit)) == 0


def save_application(sessions: sessionmaker[Session], application: dict, who: Who) -> Application:
    """Store an admission application with its decision (re-checking it now), audited; the same id updates.
    ``who``: a registration clerk (permission ``admission``)."""
    from boilerlab.standards.admission import check_admission
    from boilerlab.base.values import invisible_positions, json_value

    decision = check_admission(application)
    fields = {k: json_value(v) for k, v in application.items()}
    result = json.loads(json.dumps(decision.as_dict(), default=str))
    key = str(application.get("application_id") or "").strip()
    if not key:
        raise ValueError("申请编号为空, 无法保存")
    hidden = invisible_positions(key)
    if hidden:  # stored, it would make a second application that looks like the first
        raise ValueError(f"申请编号 {key!r} 含不可见字符 (第 {', '.join(map(str, hidden))} 个字符), 无法保存")
    with sessions.begin() as session:
        who = authorise(session, who, "admission")
        stored = session.scalar(select(Application).where(Application.application_id == key))
        action = "update" if stored is not None else "insert"
        if stored is None:
            stored = Application(application_id=key, fields=fields, decision=decision.decision, result=result)
            session.add(stored)
        else:
            stored.fields, stored.decision, stored.result, stored.deleted_at = fields, decision.decision, result, None
        session.add(AuditLog(who=who, action=action, table_name="application", row_key=key,
                             detail={"decision": decision.decision}))
    return stored


def soft_delete(sessions: sessionmaker[Session], table: str, key: str, who: Who, restore: bool = False) -> bool:
    """Mark the row of ``table`` with natural key ``key`` deleted (kept, but left out of exports and refused as a
    parent by imports), or with ``restore`` bring a deleted row back; audited.

    Returns False when there is no such row to delete (or to restore). ``who``: an administrator.
    """
    keys = {"units": Unit.credit_code, "boilers": Boiler.device_code, "tests": TestRecord.test_id,
            "applications": Application.application_id}
    if table not in keys:
        raise KeyError(f"unknown table {table!r}; valid: {sorted(keys)}")
    column = keys[table]
    with sessions.begin() as session:
        who = authorise(session, who, "deletion")
        model = column.class_
        state = model.deleted_at.is_not(None) if restore else model.deleted_at.is_(None)
        row = session.scalar(select(model).where(column == key, state))
        if row is None:
            return False
        row.deleted_at = None if restore else utc_now()
        session.add(AuditLog(who=who, action="restore" if restore else "delete", table_name=table, row_key=key,
                             detail={}))
    return True
