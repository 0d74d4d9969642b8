"""Imports of the registry and the test records into the database.

An import reads the whole file, validates every row (and evaluates test records), and only then
writes the good rows in one transaction together with the uploaded file itself and an audit row per
change. Rows are matched on their natural key (credit code, device code, test id, boiler + month +
fuel), so importing the same rows again inserts nothing; a row that differs updates the stored one.
Concurrent imports are serialised by the database (SQLite: BEGIN IMMEDIATE; PostgreSQL: the unique
keys, with the whole transaction retried after a conflict).
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any, Callable

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from boilerlab.base.row_messages import column_name, cut
from boilerlab.base.values import json_value
from boilerlab.db.audit import add_audit_rows, lock_audit_chain, record_digest
from boilerlab.db.models import AuditLog, Boiler, FuelUse, TestRecord, Unit, UnitEvent, Upload, Vehicle
from boilerlab.db.permissions import Who, authorise
from boilerlab.db.session import Sessions
from boilerlab.intake.rows import (INSERTED, PRESENT, REJECTED, UNCHANGED, UPDATED, ImportReport, PreparedImport,
                                   RowOutcome, prepare_import)

#: Model attributes named differently from their import field.
ATTRIBUTE = {"unit_name": "name", "credit_code": "unit_id"}


# --- writing ---------------------------------------------------------------------------------------

def import_file(sessions: Sessions, kind: str, content: bytes, filename: str, who: Who,
                retries: int = 5, progress: Callable[[float, str], None] | None = None) -> ImportReport:
    """Read, validate and store one file (:func:`~boilerlab.intake.rows.prepare_import`, then :func:`store_import`).

    Raises :class:`~boilerlab.intake.rows.FileRefused` for a file that cannot be read. ``progress(fraction_done,
    text)``, when given, is told when validation starts, when writing starts and when the file is stored.
    """
    progress = progress or (lambda _done, _text: None)
    progress(0.0, "读取并校验文件…")
    prepared = prepare_import(kind, content, filename)
    return store_import(sessions, prepared, who, retries, progress)


def store_import(sessions: Sessions, prepared: PreparedImport, who: Who, retries: int = 5,
                 progress: Callable[[float, str], None] | None = None) -> ImportReport:
    """Write the good rows of a file already read and validated, in one transaction with the file itself and an audit
    row per change; the same rows again change nothing. ``who`` must hold the permission of the file's kind
    (:data:`KIND_PERMISSION`), else :class:`~boilerlab.db.permissions.PermissionRefused` and nothing is written."""
    progress = progress or (lambda _done, _text: None)
    progress(0.6, f"写入数据库 ({len(prepared.good)} 行)…")
    report = ImportReport(prepared.kind, prepared.filename, prepared.sha256, notes=list(prepared.notes))
    for attempt in range(retries):
        try:
            with sessions.begin() as session:
                outcomes = _write(session, prepared.kind, prepared.good, prepared.content, prepared.filename,
                                  prepared.sha256, who)
            break
        except (IntegrityError, OperationalError):  # a concurrent import won a race: redo with what it stored
            if attempt == retries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    status_of = {o.key: o for o in outcomes}
    merged = []
    for outcome in getattr(prepared.good, "merged", []):  # later runs of a test share its outcome
        stored = status_of.get(outcome.key)
        merged.append(RowOutcome(outcome.row, outcome.key, stored.status if stored else REJECTED,
                                 outcome.reason if stored and stored.status != REJECTED else
                                 f"{outcome.reason}; 该测试未保存"))
    report.outcomes = sorted(outcomes + merged + prepared.rejected, key=lambda o: o.row)
    progress(1.0, "已保存")
    return report


#: The permission (:mod:`boilerlab.db.permissions`) each kind of file needs.
KIND_PERMISSION = {"units": "registry", "boilers": "registry", "tests": "tests", "fuel-use": "tests",
                   "unit-events": "risk", "vehicles": "registry"}


def _write(session: Session, kind: str, good: list, content: bytes, filename: str, digest: str,
           who: Who) -> list[RowOutcome]:
    who = authorise(session, who, KIND_PERMISSION[kind])
    lock_audit_chain(session)  # before any row is written: concurrent imports queue here (see audit.lock_audit_chain)
    upload = session.scalar(select(Upload).where(Upload.sha256 == digest, Upload.kind == kind))
    if upload is None:  # the file itself, byte for byte, once
        upload = Upload(kind=kind, filename=filename[:260], sha256=digest, content=content, uploaded_by=who[:60])
        session.add(upload)
        session.flush()
    writer, model = WRITERS[kind]
    outcomes = []
    upload_id = upload.id
    for part in (good.parts() if hasattr(good, "parts") else [good]):  # test files: a part at a time
        part_outcomes, audits, inserts = writer(session, part, upload_id)
        outcomes += part_outcomes
        session.flush()  # the updates first, then the new rows in one statement (an ORM object each cost most)
        if inserts:
            session.execute(insert(model), inserts)
        add_audit_rows(session, [{"who": who[:60], "action": action, "table_name": table_name, "row_key": key[:80],
                                  "detail": detail} for action, table_name, key, detail in audits])
        if hasattr(good, "parts"):  # written, then let go: the session would otherwise hold every row until commit
            session.expunge_all()
    session.add(AuditLog(who=who[:60], action="import", table_name=kind, row_key=filename[:80],
                         detail={"upload_id": upload_id, "sha256": digest,
                                 "counts": {s: sum(o.status == s for o in outcomes) for s in (INSERTED, UPDATED,
                                                                                               UNCHANGED, REJECTED)}}))
    return outcomes


def _apply(obj: Any, values: dict) -> dict:
    """Set the changed attributes; return {name: [old, new]} of what changed."""
    changes = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value and not (old is None and value is None):
            changes[name] = [_audit_value(old), _audit_value(value)]
            setattr(obj, name, value)
    return changes


def _audit_value(value: Any) -> Any:
    """A changed value as its audit row keeps it: a record's JSON column (a test's inputs and results, JSON-ready for
    the record itself) as the same JSON, the value before a change being kept nowhere else; any other through
    json_value."""
    return value if isinstance(value, (dict, list)) else json_value(value)


def _inserted_value(value: Any) -> Any:
    """A new row's value as its audit row keeps it: a whole record of its own (a test's inputs and results) by its
    digest (audit.record_digest), as the new row holds it and its upload's file gives it again; copying it cost an
    import most of its time. Any other value through json_value."""
    return {"sha256": record_digest(value)} if isinstance(value, (dict, list)) else json_value(value)


def _upsert(session: Session, model: Any, existing: dict, key: Any, values: dict, row: int, table_name: str,
            outcomes: list, audits: list, inserts: list, present: frozenset | None = None,
            shown: str | None = None) -> None:
    """Insert or update the row of natural ``key``; ``shown`` is the key as the report and the audit name it (the
    file's own codes, where ``key`` holds database ids). A new row's values go to ``inserts``, written together."""
    current = existing.get(key)
    key = shown if shown is not None else key
    if current is None:
        inserts.append(values)
        outcomes.append(RowOutcome(row, str(key), INSERTED))
        audits.append(("insert", table_name, str(key), {"values": {k: _inserted_value(v) for k, v in values.items()}}))
        return
    if getattr(current, "deleted_at", None) is not None:
        outcomes.append(RowOutcome(row, str(key), REJECTED, f"该记录已于 {current.deleted_at:%Y-%m-%d} 删除, 请先恢复"))
        return
    if present is not None:  # a file without a column leaves that column as it is
        attributes = {ATTRIBUTE.get(name, name) for name in present}
        values = {k: v for k, v in values.items() if k in attributes}
    changes = _apply(current, values)
    outcomes.append(RowOutcome(row, str(key), UPDATED if changes else UNCHANGED))
    if changes:
        audits.append(("update", table_name, str(key), {"changes": changes}))


def _write_units(session: Session, good: list, upload_id: int) -> tuple[list, list, list]:
    codes = [v["credit_code"] for _, v in good]
    existing = {u.credit_code: u for u in _in(session, Unit, Unit.credit_code, codes)}
    outcomes, audits, inserts = [], [], []
    for row, v in good:
        values = {"credit_code": v["credit_code"], "name": v["unit_name"], "address": v["address"], "town": v["town"],
                  "office": v["office"], "key_unit": bool(v["key_unit"]), "district_key": bool(v["district_key"]),
                  "place_category": v["place_category"]}
        _upsert(session, Unit, existing, v["credit_code"], values, row, "unit", outcomes, audits, inserts, v[PRESENT])
    return outcomes, audits, inserts


def _owners(session: Session, good: list) -> dict[str, int]:
    """The live units the rows name, by credit code (a deleted unit takes no new equipment)."""
    return {u.credit_code: u.id for u in _in(session, Unit, Unit.credit_code, [v["credit_code"] for _, v in good])
            if u.deleted_at is None}


def _no_owner(row: int, v: dict) -> RowOutcome:
    """A boiler or vehicle row whose unit is not in the register."""
    return RowOutcome(row, v["device_code"], REJECTED,
                      f"使用单位统一社会信用代码 {cut(v['credit_code'])} 不在台账中 (或已删除), 请先导入单位")


def _write_boilers(session: Session, good: list, upload_id: int) -> tuple[list, list, list]:
    units = _owners(session, good)
    existing = {b.device_code: b for b in _in(session, Boiler, Boiler.device_code, [v["device_code"] for _, v in good])}
    outcomes, audits, inserts = [], [], []
    for row, v in good:
        if v["credit_code"] not in units:
            outcomes.append(_no_owner(row, v))
            continue
        values = {k: v[k] for k in ("device_code", "registration_no", "boiler_kind", "fuel_kind", "combustion",
                                    "rated_capacity_t_h", "rated_capacity_mw", "rated_pressure_mpa_g", "manufacturer",
                                    "model", "product_no", "install_date", "registration_date")}
        values.update(unit_id=units[v["credit_code"]], condensing=bool(v["condensing"]), low_nox=bool(v["low_nox"]),
                      status=v["status"] or "在用")
        _upsert(session, Boiler, existing, v["device_code"], values, row, "boiler", outcomes, audits, inserts, v[PRESENT])
    return outcomes, audits, inserts


def _write_tests(session: Session, good: list, upload_id: int) -> tuple[list, list, list]:
    boiler_codes = [i.get("boiler_id") for _, i, _ in good if i.get("boiler_id")]
    registered = {b.device_code: b for b in _in(session, Boiler, Boiler.device_code, boiler_codes) if b.deleted_at is None}
    existing = {t.test_id: t for t in _in(session, TestRecord, TestRecord.test_id, [i["test_id"] for _, i, _ in good])}
    outcomes, audits, inserts = [], [], []
    for row, inputs, results in good:
        code = inputs.get("boiler_id")
        if code and code not in registered:
            outcomes.append(RowOutcome(row, inputs["test_id"], REJECTED,
                                       f"{column_name('boiler_id')} {cut(code)} 不在台账中 (或已删除), 请先导入锅炉"))
            continue
        tested = date.fromisoformat(inputs["test_date"]) if inputs.get("test_date") else None
        boiler = registered.get(code)
        if boiler is not None and tested is not None and boiler.install_date and boiler.install_date > tested:
            outcomes.append(RowOutcome(row, inputs["test_id"], REJECTED,
                                       f"{column_name('test_date')} {tested} 早于锅炉 {cut(code)} 的安装日期 {boiler.install_date}"))
            continue
        values = {"test_id": inputs["test_id"], "boiler_id": boiler.id if boiler else None, "inputs": inputs,
                  "results": results, "test_date": tested,
                  "engine_version": results["engine_version"], "reference_versions": results["reference_versions"],
                  "warnings": results.get("warnings") or None, "upload_id": upload_id}
        for name in ("eta_direct_pct", "eta_indirect_pct", "eta_governing_pct", "gb24500_grade", "nox_ref_mg_m3",
                     "so2_ref_mg_m3", "pm_ref_mg_m3", "co2_kg_h"):
            values[name] = results.get(name)
        for name in ("nox_mg_m3", "so2_mg_m3", "pm_mg_m3"):
            values[name] = inputs.get(name)
        current = existing.get(inputs["test_id"])
        if current is not None and current.inputs == inputs and current.results == results:
            values["upload_id"] = current.upload_id  # the same test from another copy of the file: unchanged
        _upsert(session, TestRecord, existing, inputs["test_id"], values, row, "test_record", outcomes, audits, inserts)
        notes = _registry_notes(boiler, tested)
        if notes and outcomes[-1].status != REJECTED:
            outcomes[-1].reason = notes
    return outcomes, audits, inserts


def _registry_notes(boiler: Boiler | None, tested: date | None) -> str:
    """What a stored test should warn of against its boiler's register entry (the test is stored all the same)."""
    if boiler is None:
        return ""
    notes = []
    if boiler.status in ("停用", "报废"):
        notes.append(f"注意: 锅炉 {cut(boiler.device_code)} 登记状态为{boiler.status}")
    if tested is not None and boiler.registration_date and boiler.registration_date > tested:
        notes.append(f"注意: 测试日期 {tested} 早于使用登记日期 {boiler.registration_date}")
    return "; ".join(notes)


def _write_fuel_use(session: Session, good: list, upload_id: int) -> tuple[list, list, list]:
    boilers = {b.device_code: b.id for b in _in(session, Boiler, Boiler.device_code, [v["boiler_id"] for _, v in good])
               if b.deleted_at is None}
    ids = list(boilers.values())
    existing = {(r.boiler_id, r.month, r.fuel_kind): r
                for chunk in _chunks(ids) for r in session.scalars(select(FuelUse).where(FuelUse.boiler_id.in_(chunk)))}
    outcomes, audits, inserts = [], [], []
    for row, v in good:
        if v["boiler_id"] not in boilers:
            outcomes.append(RowOutcome(row, f"{v['boiler_id']}/{v['month']}/{v['fuel_kind']}", REJECTED,
                                       f"{column_name('boiler_id')} {cut(v['boiler_id'])} 不在台账中 (或已删除), 请先导入锅炉"))
            continue
        boiler = boilers[v["boiler_id"]]
        values = {"boiler_id": boiler, "month": v["month"], "fuel_kind": v["fuel_kind"], "quantity": v["quantity"],
                  "unit": v["unit"]}
        _upsert(session, FuelUse, existing, (boiler, v["month"], v["fuel_kind"]), values, row, "fuel_use", outcomes,
                audits, inserts, v[PRESENT], shown=f"{v['boiler_id']}/{v['month']}/{v['fuel_kind']}")
    return outcomes, audits, inserts


def _write_unit_events(session: Session, good: list, upload_id: int) -> tuple[list, list, list]:
    units = {u.credit_code: u.id for u in _in(session, Unit, Unit.credit_code, [v["credit_code"] for _, v in good])
             if u.deleted_at is None}
    existing = {(e.unit_id, e.event_kind, e.event_date): e for chunk in _chunks(list(units.values()))
                for e in session.scalars(select(UnitEvent).where(UnitEvent.unit_id.in_(chunk)))}
    outcomes, audits, inserts = [], [], []
    for row, v in good:
        shown = f"{v['credit_code']}/{v['event_kind']}/{v['event_date']}"
        if v["credit_code"] not in units:
            outcomes.append(RowOutcome(row, shown, REJECTED,
                                       f"统一社会信用代码 {cut(v['credit_code'])} 不在台账中 (或已删除), 请先导入单位"))
            continue
        unit = units[v["credit_code"]]
        values = {"unit_id": unit, "event_kind": v["event_kind"], "event_date": v["event_date"],
                  "responsible": bool(v["responsible"]), "reference_no": v["reference_no"],
                  "description": v["description"], "upload_id": upload_id}
        if existing.get((unit, v["event_kind"], v["event_date"])) is not None:
            values.pop("upload_id")  # the same event from another file: unchanged unless its content changed
        _upsert(session, UnitEvent, existing, (unit, v["event_kind"], v["event_date"]), values, row, "unit_event",
                outcomes, audits, inserts, v[PRESENT] | {"unit_id", "event_kind", "event_date"}, shown=shown)
    return outcomes, audits, inserts


def _write_vehicles(session: Session, good: list, upload_id: int) -> tuple[list, list, list]:
    units = _owners(session, good)
    existing = {v.device_code: v for v in _in(session, Vehicle, Vehicle.device_code, [v["device_code"] for _, v in good])}
    outcomes, audits, inserts = [], [], []
    for row, v in good:
        if v["credit_code"] not in units:
            outcomes.append(_no_owner(row, v))
            continue
        values = {k: v[k] for k in ("device_code", "registration_no", "registration_date", "vehicle_kind", "power_type",
                                    "engine_maker", "engine_model", "rated_power_kw", "manufacture_date",
                                    "emission_stage", "env_code")}
        values.update(unit_id=units[v["credit_code"]], status=v["status"] or "在用")
        if v["device_code"] not in existing:
            values["upload_id"] = upload_id
        _upsert(session, Vehicle, existing, v["device_code"], values, row, "vehicle", outcomes, audits, inserts, v[PRESENT])
    return outcomes, audits, inserts


#: Each kind of file's writer and the table its new rows go to.
WRITERS = {"units": (_write_units, Unit), "boilers": (_write_boilers, Boiler), "tests": (_write_tests, TestRecord),
           "fuel-use": (_write_fuel_use, FuelUse), "unit-events": (_write_unit_events, UnitEvent),
           "vehicles": (_write_vehicles, Vehicle)}


def _chunks(values: list, size: int = 900) -> list[list]:
    values = list(dict.fromkeys(values))
    return [values[i:i + size] for i in range(0, len(values), size)]


def _in(session: Session, model: Any, column: Any, values: list) -> list:
    return [row for chunk in _chunks(values) for row in session.scalars(select(model).where(column.in_(chunk)))]


