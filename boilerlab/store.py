"""Reading the database back out: table exports, and loading the demo district through the importer."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.db.models import Application, AuditLog, Boiler, FuelUse, TestRecord, Unit
from boilerlab.imports import ImportReport, import_file, neutralise

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


def load_demo(sessions: sessionmaker[Session], seed: int = 2024, who: str = "demo") -> list[ImportReport]:
    """Generate the demo district and import it exactly as uploaded files would be."""
    from boilerlab.demo import generate_demo  # the generator is only needed here

    frames = generate_demo(seed)
    reports = []
    for kind, key in (("units", "units"), ("boilers", "boilers"), ("tests", "tests"), ("fuel-use", "fuel_use")):
        content = frames[key].to_csv(index=False).encode("utf-8")
        reports.append(import_file(sessions, kind, content, f"demo-{kind}-seed{seed}.csv", who=who))
    return reports
