"""Online-monitoring data into the database (issue 16): a file of HJ 212 messages or a CSV/XLSX export read, made
into valid hours (HJ 75/HJ 76), evaluated hour by hour (η₂, the concentrations at the reference O₂ with their limits)
and stored one row per boiler and hour, with the file kept; importing the same data again changes nothing.

Messages are linked to boilers by their MN (``monitoring_device``); a table export names the boiler in a 设备代码
column, or the whole file is one boiler's (``boiler``).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import delete, select, tuple_

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.db.models import AuditLog, Boiler, MonitoringDevice, MonitoringHour, Upload
from boilerlab.db.permissions import Who, authorise
from boilerlab.db.session import Sessions
from boilerlab.intake.cells import number_text
from boilerlab.intake.files import UnreadableFileError, read_table
from boilerlab.intake.headers import UnknownUnitError, match_header
from boilerlab.intake.hj212 import readings_from_text
from boilerlab.intake.monitoring import CO_PPM_PER_MG_M3, hourly_efficiency
from boilerlab.standards.monitoring import hourly_values, rule

#: The measured columns kept per hour.
MEASURED = ("flue_temp_c", "flue_o2_pct", "co_mg_m3", "nox_mg_m3", "so2_mg_m3", "pm_mg_m3", "flue_flow_m3_h")
#: What the engine gives per hour and is kept.
COMPUTED = ("eta_indirect_pct", "eta_direct_pct", "nox_ref_mg_m3", "so2_ref_mg_m3", "pm_ref_mg_m3", "nox_limit_mg_m3",
            "so2_limit_mg_m3", "pm_limit_mg_m3")
MESSAGE_SUFFIXES = (".txt", ".log", ".hj212", ".dat")
#: Headers of a table export that are not test-record columns (after NFKC and lower case, spaces dropped).
TIME_HEADERS = ("时间", "监测时间", "数据时间", "采集时间", "datatime", "time")
FLAG_HEADERS = ("数据标记", "标记", "flag", "状态标记")
FLOW_HEADERS = ("烟气流量", "废气流量", "烟气流量(m3/h)", "废气流量(m3/h)", "烟气流量(m³/h)")


class MonitoringRefused(ValueError):
    """The file cannot be imported as monitoring data; nothing was written. The message is Chinese."""


@dataclass
class MonitoringReport:
    """What an import did: lines (or rows) read, accepted and rejected with their reasons, hours stored."""

    filename: str
    lines: int
    accepted: int
    rejected: list[str] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.filename}: 读取 {self.lines} 行, 接受 {self.accepted} 行, 拒绝 {len(self.rejected)} 行; "
                f"小时数据 新增 {self.inserted}, 更新 {self.updated}, 未变 {self.unchanged}")

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0


def _header_key(text: object) -> str:
    return str(text).strip().lower().replace(" ", "")


def _table_readings(content: bytes, filename: str) -> tuple[pd.DataFrame, int, list[str], list[str]]:
    """A CSV/XLSX export as readings: ``device_code`` (if the file names it), ``time``, the measured columns and
    ``flag_<column>`` (one flag column applies to every factor); the rejected rows with their reasons, the notes."""
    frame = read_table(content, filename)
    rows = frame.attrs.get("rows") or list(range(2, len(frame) + 2))
    out = pd.DataFrame(index=frame.index)
    rejected: list[str] = []
    for header in frame.columns:
        key = _header_key(header)
        if key in TIME_HEADERS:
            out["time"] = frame[header]
            continue
        if key in FLAG_HEADERS:
            out["flag"] = frame[header]
            continue
        if key in FLOW_HEADERS:
            out["flue_flow_m3_h"] = frame[header]
            continue
        try:
            found = match_header(header)
        except UnknownUnitError as refused:
            raise MonitoringRefused(str(refused)) from None
        if found is None:
            continue
        name, factor = found
        if name == "boiler_id":
            out["device_code"] = frame[header]
        elif name == "flue_co_ppm":  # read as a test file reads it, kept in mg/m³ as the CEMS gives it
            out["co_mg_m3"] = _numbers(frame[header], "排烟一氧化碳", rows, rejected) * factor / CO_PPM_PER_MG_M3
        elif name in MEASURED:
            out[name] = _numbers(frame[header], header, rows, rejected) * factor
    if "time" not in out:
        raise MonitoringRefused(f"{filename}: 缺少时间列 (可用表头: {'、'.join(TIME_HEADERS[:4])})")
    when = pd.to_datetime(out["time"].astype(str).str.replace("/", "-"), errors="coerce", format="mixed")
    for position in np.flatnonzero(when.isna().to_numpy()):
        rejected.append(f"第 {rows[position]} 行: 时间 {out['time'].iat[position]!r} 不是日期时间, 可用如 2024-03-01 10:00")
    out["time"] = when
    flags = out.pop("flag") if "flag" in out else pd.Series("N", index=out.index)
    for name in MEASURED:
        if name in out:
            out[f"flag_{name}"] = flags.fillna("N").astype(str).str.strip().str.upper()
    keep = when.notna().to_numpy()
    return out[keep].reset_index(drop=True), len(frame), rejected, list(frame.attrs.get("notes", []))


def _numbers(values: pd.Series, header: str, rows: list[int], rejected: list[str]) -> pd.Series:
    """A column's numbers (35,600 and full-width digits read as written); a cell that is no number is blank and
    said."""
    numbers = pd.to_numeric(values, errors="coerce")
    odd = numbers.isna() & values.notna()
    if odd.any():
        cleaned = values[odd].map(lambda v: pd.to_numeric(number_text(str(v)), errors="coerce"))
        numbers[odd] = cleaned
        for position in np.flatnonzero((numbers.isna() & values.notna()).to_numpy()):
            rejected.append(f"第 {rows[position]} 行: {header} 的值 {values.iat[position]!r} 不是数值, 该值不计入")
    return numbers.astype(float)


def read_monitoring(content: bytes, filename: str, reference: ReferenceData | None = None
                    ) -> tuple[pd.DataFrame, int, list[str], list[str], str]:
    """Readings of a file: (frame with ``mn`` or ``device_code``, lines or rows read, rejected, notes, kind)."""
    reference = reference or load_reference()
    if Path(filename).suffix.lower() in MESSAGE_SUFFIXES:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("gb18030", errors="replace")
        read = readings_from_text(text, reference)
        notes = [f"未识别的监测因子 {'、'.join(sorted(read.unknown_factors))} 未读入"] if read.unknown_factors else []
        return read.frame, read.lines, [r for _, r in read.rejected], notes, "hj212"
    try:
        frame, rows, rejected, notes = _table_readings(content, filename)
    except UnreadableFileError as exc:
        raise MonitoringRefused(str(exc)) from None
    return frame, rows, rejected, notes, "table"


def import_monitoring(sessions: Sessions, content: bytes, filename: str, who: Who, *, boiler: str | None = None,
                      reference: ReferenceData | None = None) -> MonitoringReport:
    """Read, validate, evaluate and store a monitoring file; ``who`` needs permission ``monitoring``.

    Raises
    ------
    MonitoringRefused
        The file cannot be read, or no reading could be linked to a registered boiler; nothing was written.
    """
    reference = reference or load_reference()
    readings, lines, rejected, notes, kind = read_monitoring(content, filename, reference)
    with sessions() as session:
        authorise(session, who, "monitoring")
        register = pd.DataFrame(session.execute(select(
            Boiler.id, Boiler.device_code, Boiler.boiler_kind, Boiler.fuel_kind, Boiler.combustion, Boiler.condensing,
            Boiler.rated_capacity_t_h, Boiler.rated_capacity_mw, Boiler.install_date).where(
            Boiler.deleted_at.is_(None))).all(), columns=["boiler_id", "device_code", "boiler_kind", "fuel_kind",
                                                          "combustion", "condensing", "rated_capacity_t_h",
                                                          "rated_capacity_mw", "install_date"])
        devices = dict(session.execute(select(MonitoringDevice.mn, Boiler.device_code).join(
            Boiler, Boiler.id == MonitoringDevice.boiler_id)).all())
    if boiler is not None:
        readings["device_code"] = boiler
    elif kind == "hj212":
        readings["device_code"] = readings["mn"].map(devices)
        unknown = sorted(set(readings.loc[readings["device_code"].isna(), "mn"]))
        for mn in unknown:
            count = int((readings["mn"] == mn).sum())
            rejected.append(f"数采仪 MN {mn} 未关联锅炉, 其 {count} 行报文未读入 (请先登记 MN 与设备代码的对应)")
    if "device_code" not in readings:
        raise MonitoringRefused(f"{filename}: 没有设备代码列, 也未指明锅炉 (--boiler 设备代码)")
    unregistered = sorted(set(readings["device_code"].dropna()) - set(register["device_code"]))
    for code in unregistered:
        rejected.append(f"设备代码 {code} 不在台账中 (或已删除), 其 {(readings['device_code'] == code).sum()} 行未读入")
    readings = readings[readings["device_code"].isin(set(register["device_code"]))]
    if readings.empty:
        raise MonitoringRefused(f"{filename}: 没有可关联到在册锅炉的数据行" + (f" ({rejected[-1]})" if rejected else ""))
    columns = [c for c in MEASURED if c in readings]
    hours = hourly_values(readings.rename(columns={"device_code": "boiler"}), columns,
                          rule(reference, "hour_min_valid_minutes")).rename(columns={"boiler": "device_code"})
    computed = _computed(hours, register, reference)
    stored = _store(sessions, hours, computed, register, content, filename, who, len(readings))
    return MonitoringReport(filename, lines, len(readings), rejected, *stored, notes=notes)


def _computed(hours: pd.DataFrame, register: pd.DataFrame, reference: ReferenceData) -> pd.DataFrame:
    """The engine's numbers for the hours that have a flue temperature and O₂; blank elsewhere."""
    out = pd.DataFrame(np.nan, index=hours.index, columns=list(COMPUTED))
    if "flue_o2_pct" not in hours or "flue_temp_c" not in hours:
        return out
    usable = hours["flue_o2_pct"].notna() & hours["flue_temp_c"].notna()
    if usable.any():
        result = hourly_efficiency(hours[usable], register, reference)
        for name in COMPUTED:
            if name in result:
                out.loc[usable, name] = pd.to_numeric(result[name], errors="coerce").to_numpy(float)
    return out


def _store(sessions: Sessions, hours: pd.DataFrame, computed: pd.DataFrame, register: pd.DataFrame, content: bytes,
           filename: str, who: Who, readings: int) -> tuple[int, int, int]:
    """Replace the stored rows of these boilers' hours with the new ones in one transaction, the file kept;
    (inserted, updated, unchanged)."""
    ids = dict(zip(register["device_code"], register["boiler_id"]))
    table = pd.DataFrame({"boiler_id": hours["device_code"].map(ids).astype(int),
                          "hour": pd.to_datetime(hours["hour"]).dt.to_pydatetime()})
    flag_column = "flag_flue_o2_pct" if "flag_flue_o2_pct" in hours else None
    table["flag"] = hours[flag_column].to_numpy() if flag_column else "N"
    minutes = "valid_minutes_flue_o2_pct" if "valid_minutes_flue_o2_pct" in hours else None
    table["valid_minutes"] = hours[minutes].to_numpy(float) if minutes else 60.0
    for name in MEASURED:
        table[name] = hours[name].to_numpy(float) if name in hours else np.nan
    for name in COMPUTED:
        table[name] = computed[name].to_numpy(float)
    digest = hashlib.sha256(content).hexdigest()
    with sessions.begin() as session:
        who = authorise(session, who, "monitoring")
        upload = session.scalar(select(Upload).where(Upload.sha256 == digest, Upload.kind == "monitoring"))
        if upload is None:
            upload = Upload(kind="monitoring", filename=filename[:260], sha256=digest, content=content,
                            uploaded_by=who[:60])
            session.add(upload)
            session.flush()
        keys = list(zip(table["boiler_id"].tolist(), table["hour"].tolist()))
        existing = {}
        for start in range(0, len(keys), 400):
            chunk = keys[start:start + 400]
            for row in session.scalars(select(MonitoringHour).where(
                    tuple_(MonitoringHour.boiler_id, MonitoringHour.hour).in_(chunk))):
                existing[(row.boiler_id, row.hour)] = row
        values = ("flag", "valid_minutes", *MEASURED, *COMPUTED)
        records = table.to_dict("records")
        inserted = updated = unchanged = 0
        changed_keys = []
        for record in records:
            old = existing.get((record["boiler_id"], record["hour"]))
            if old is None:
                inserted += 1
                continue
            if all(_same(getattr(old, name), record[name]) for name in values):
                unchanged += 1
            else:
                updated += 1
                changed_keys.append((record["boiler_id"], record["hour"]))
        for start in range(0, len(changed_keys), 400):
            session.execute(delete(MonitoringHour).where(
                tuple_(MonitoringHour.boiler_id, MonitoringHour.hour).in_(changed_keys[start:start + 400])))
        changed = set(changed_keys)
        fresh = [{**{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in record.items()},
                  "upload_id": upload.id}
                 for record in records if (record["boiler_id"], record["hour"]) not in existing
                 or (record["boiler_id"], record["hour"]) in changed]
        if fresh:
            session.execute(MonitoringHour.__table__.insert(), fresh)
        session.add(AuditLog(who=who[:60], action="import", table_name="monitoring", row_key=filename[:80],
                             detail={"upload_id": upload.id, "sha256": digest, "readings": readings,
                                     "counts": {"inserted": inserted, "updated": updated, "unchanged": unchanged}}))
    return inserted, updated, unchanged


def _same(old, new) -> bool:
    if old is None or (isinstance(old, float) and math.isnan(old)):
        return new is None or (isinstance(new, float) and math.isnan(new))
    if isinstance(old, float) or isinstance(new, float):
        return new is not None and not (isinstance(new, float) and math.isnan(new)) and abs(old - new) <= 1e-9 * max(
            1.0, abs(old))
    return old == new


def add_device(sessions: Sessions, mn: str, device_code: str, who: Who) -> None:
    """Link the data logger ``mn`` to the boiler ``device_code`` (again: to another one); permission ``monitoring``."""
    with sessions.begin() as session:
        who = authorise(session, who, "monitoring")
        boiler = session.scalar(select(Boiler).where(Boiler.device_code == device_code, Boiler.deleted_at.is_(None)))
        if boiler is None:
            raise MonitoringRefused(f"设备代码 {device_code} 不在台账中")
        device = session.scalar(select(MonitoringDevice).where(MonitoringDevice.mn == mn))
        if device is None:
            session.add(MonitoringDevice(mn=mn, boiler_id=boiler.id))
        else:
            device.boiler_id = boiler.id
        session.add(AuditLog(who=who[:60], action="insert" if device is None else "update", table_name="monitoring",
                             row_key=mn[:80], detail={"boiler": device_code}))


def boiler_hours(sessions: Sessions, device_code: str) -> pd.DataFrame:
    """A boiler's stored hours, in time order."""
    columns = ["hour", "flag", "valid_minutes", *MEASURED, *COMPUTED]
    with sessions() as session:
        rows = session.execute(select(*(getattr(MonitoringHour, c) for c in columns)).join(
            Boiler, Boiler.id == MonitoringHour.boiler_id).where(Boiler.device_code == device_code)
            .order_by(MonitoringHour.hour)).all()
    return pd.DataFrame(rows, columns=columns)
