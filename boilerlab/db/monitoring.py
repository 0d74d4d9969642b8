"""Online-monitoring data into the database (issue 16): a file of HJ 212 messages or a CSV/XLSX export read, made
into valid hours (HJ 75/HJ 76), evaluated hour by hour (η₂, the concentrations at the reference O₂ with their limits)
and stored one row per boiler and hour, with the file kept; importing the same data again changes nothing.

Messages are linked to boilers by their MN (``monitoring_device``); a table export names the boiler in a 设备代码
column, or the whole file is one boiler's (``boiler``).
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import String, cast, delete, func, select, tuple_
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.db.models import AuditLog, Boiler, MonitoringDevice, MonitoringHour, TestRecord, Unit, Upload
from boilerlab.db.permissions import Who, authorise
from boilerlab.db.session import Sessions
from boilerlab.intake.canonical import plain_numbers
from boilerlab.intake.cells import number_text
from boilerlab.intake.files import UnreadableFileError, read_table
from boilerlab.intake.headers import UnknownUnitError, match_header
from boilerlab.intake.streaming import CsvParts
from boilerlab.engine.processes import available_processes, in_processes
from boilerlab.base.vocabulary import code_of, label
from boilerlab.intake.hj212 import FLAGS, readings_from_text
from boilerlab.intake.monitoring import CO_PPM_PER_MG_M3, hourly_efficiency
from boilerlab.standards.monitoring import hourly_values, rule

#: The measured columns kept per hour.
MEASURED = ("flue_temp_c", "flue_o2_pct", "co_mg_m3", "nox_mg_m3", "so2_mg_m3", "pm_mg_m3", "flue_flow_m3_h")
#: What the engine gives per hour and is kept.
COMPUTED = ("eta_indirect_pct", "eta_direct_pct", "nox_ref_mg_m3", "so2_ref_mg_m3", "pm_ref_mg_m3", "nox_limit_mg_m3",
            "so2_limit_mg_m3", "pm_limit_mg_m3")
#: What an import holds at a time (a year of 500 boilers' hours at once would not fit in 2 GB): the rows of a CSV export
#: read at a time, the readings made into hours and evaluated at a time (a group of whole boilers), and the hours
#: compared and written to the database at a time (as Python rows).
READ_PER_PART = 200_000
EVALUATED_PER_PART = 50_000
WRITTEN_PER_PART = 50_000
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
    ``flag_<column>`` (one flag column applies to every factor); the rows read, the rejected rows with their reasons,
    the notes. A CSV is read a part at a time (:data:`READ_PER_PART` rows): a year of 500 boilers' hours as text
    cells at once would not fit in memory; a sheet holds at most a million rows and is read whole."""
    if Path(filename).suffix.lower() == ".csv":
        reader = CsvParts(content, READ_PER_PART, name=filename, whole_file_pass=False)
        parts, notes = reader.parts(), list(reader.notes)
    else:
        frame = read_table(content, filename)
        parts, notes = [frame], list(frame.attrs.pop("notes", []))
    out, rejected, rows = [], [], 0
    for part in parts:
        readings, count = _part_readings(part, filename, rejected)
        out.append(readings)
        rows += count
    if not rows:
        raise UnreadableFileError(f"{filename}: 表中没有数据行")
    return _joined(out), rows, rejected, notes


def _joined(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat`` of frames with the same columns, made a column at a time and each part's column let go once
    copied, so that the parts and the whole are not both held (a year of 500 boilers' hours is a gigabyte).
    ``parts`` is emptied."""
    if len(parts) == 1:
        return parts.pop()
    pieces = [{name: part[name] for name in part.columns} for part in parts]
    names = list(parts[0].columns)
    parts.clear()
    return pd.DataFrame({name: pd.concat([piece.pop(name) for piece in pieces], ignore_index=True) for name in names},
                        copy=False)


def _part_readings(frame: pd.DataFrame, filename: str, rejected: list[str]) -> tuple[pd.DataFrame, int]:
    """The readings of one part of a table export (as :func:`_table_readings` describes them) and its rows; the
    reasons for its rejected rows added to ``rejected``."""
    # taken off the frame: pandas copies attrs deeply with every column taken, and rows lists every row
    rows = frame.attrs.pop("rows", None) or list(range(2, len(frame) + 2))
    frame.attrs.pop("notes", None)
    out = pd.DataFrame(index=frame.index)
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
    written = flags.fillna("N").astype(str).str.strip()
    # each distinct text read once (a year of hours holds a handful of them)
    texts, distinct = pd.factorize(written)
    known = [text.upper() if text.upper() in FLAGS else code_of("monitoring_flag", text) for text in distinct]
    # one byte a row: a flag column per factor, as text, would be the largest part of a year's readings
    codes = pd.Series(pd.Categorical(np.asarray(known + [None], dtype=object)[texts], categories=list(FLAGS)),
                      index=out.index)
    for position in np.flatnonzero(codes.isna().to_numpy()):
        rejected.append(f"第 {rows[position]} 行: 数据标记 {written.iat[position]!r} 无效, 可选: "
                        + "、".join(f"{f} {label('monitoring_flag', f)}" for f in FLAGS))
    for name in MEASURED:
        if name in out:
            out[f"flag_{name}"] = codes
    keep = when.notna().to_numpy() & codes.notna().to_numpy()
    return out[keep].reset_index(drop=True), len(frame)


def _numbers(values: pd.Series, header: str, rows: list[int], rejected: list[str]) -> pd.Series:
    """A column's numbers (35,600 and full-width digits read as written); a cell that is no number is blank and
    said."""
    plain = plain_numbers(values)
    if plain is not None:
        return pd.Series(plain, index=values.index)
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
                      reference: ReferenceData | None = None, retries: int = 5) -> MonitoringReport:
    """Read, validate, evaluate and store a monitoring file; ``who`` needs permission ``monitoring``. Two imports of
    the same hours at once: the one that loses the race is written again (up to ``retries`` times) against what the
    other stored, so nothing is lost or doubled.

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
    readings = _one_kind_per_logger(readings, kind)
    if kind == "hj212":
        if boiler is not None and readings["mn"].nunique() > 1:
            raise MonitoringRefused(f"{filename}: 含 {readings['mn'].nunique()} 个数采仪 (MN) 的报文, 不能整体归于一台锅炉; "
                                    "请先登记各 MN 对应的锅炉")
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
    unregistered = sorted(set(readings["device_code"].dropna().unique()) - set(register["device_code"]))
    for code in unregistered:
        rejected.append(f"设备代码 {code} 不在台账中 (或已删除), 其 {(readings['device_code'] == code).sum()} 行未读入")
    registered = readings["device_code"].isin(set(register["device_code"])).to_numpy()
    if not registered.all():  # (a copy of a year's readings only when some rows are left out)
        readings = readings[registered]
    if readings.empty:
        raise MonitoringRefused(f"{filename}: 没有可关联到在册锅炉的数据行" + (f" ({rejected[-1]})" if rejected else ""))
    accepted = len(readings)
    readings, merged = _with_the_rest_of_cut_hours(sessions, readings, register, devices, content, reference)
    notes += merged
    with HourParts() as table:
        _hours_table(readings, register, reference, table)
        del readings  # the file's readings are in the hours now
        month_partitions(sessions, table.months())
        for attempt in range(retries):
            try:
                stored = _store(sessions, table, content, filename, who, accepted)
                break
            except (IntegrityError, OperationalError):  # a concurrent import of the same hours won: compare with them
                if attempt == retries - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
    return MonitoringReport(filename, lines, accepted, rejected, *stored, notes=notes)


def _one_kind_per_logger(readings: pd.DataFrame, kind: str) -> pd.DataFrame:
    """HJ 212 messages as they count: the daily messages are never averaged into hours, and a logger that sent its
    hourly values is read by them, not by its minute or real-time ones as well; a table as it is."""
    if kind != "hj212":
        return readings
    readings = readings[readings["cn"] != "2031"]
    hourly = set(readings.loc[readings["cn"] == "2061", "mn"])
    return readings[(readings["cn"] == "2061") | ~readings["mn"].isin(hourly)]


def cut_hours(readings: pd.DataFrame) -> list[tuple[str, pd.Timestamp]]:
    """The hours a file holds only part of: the first and last hour of each boiler's readings closer than an hour
    apart, when the readings do not reach that hour's start or end by one reading's spacing — an export cut
    mid-hour, whose other minutes are in the file before or after.

    Examples
    --------
    >>> minutes = pd.DataFrame({"device_code": "B1", "time": pd.date_range("2024-03-01 10:37", "2024-03-01 12:59",
    ...                                                                   freq="min")})
    >>> cut_hours(minutes)
    [('B1', Timestamp('2024-03-01 10:00:00'))]
    """
    cut: list[tuple[str, pd.Timestamp]] = []
    frame = readings[["device_code", "time"]].dropna().sort_values(["device_code", "time"])
    for code, times in frame.groupby("device_code")["time"]:
        step = times.diff().median()
        if pd.isna(step) or step >= pd.Timedelta(hours=1):
            continue
        first, last = times.iloc[0], times.iloc[-1]
        if first - first.floor("h") >= step:
            cut.append((code, first.floor("h")))
        if last.floor("h") + pd.Timedelta(hours=1) - last > step and (code, last.floor("h")) not in cut:
            cut.append((code, last.floor("h")))
    return cut


def _with_the_rest_of_cut_hours(sessions: Sessions, readings: pd.DataFrame, register: pd.DataFrame,
                                devices: dict[str, str], content: bytes, reference: ReferenceData
                                ) -> tuple[pd.DataFrame, list[str]]:
    """``readings`` with the readings of its cut hours (:func:`cut_hours`) that files imported before hold: the
    kept files that wrote the boiler's stored hour and the hours either side are read again, and a reading at the
    same time is this file's. The notes say which hours were completed from which file. (An hour cut across three
    files, the middle one holding neither neighbour, keeps what the two others give.)"""
    cut = cut_hours(readings)
    if not cut:
        return readings, []
    ids = dict(zip(register["device_code"], register["boiler_id"]))
    digest = hashlib.sha256(content).hexdigest()
    wanted: dict[tuple[str, pd.Timestamp], set[int]] = {}
    with sessions() as session:
        for code, hour in cut:
            wanted[(code, hour)] = set(session.scalars(select(MonitoringHour.upload_id).where(
                MonitoringHour.boiler_id == int(ids[code]), MonitoringHour.upload_id.is_not(None),
                MonitoringHour.hour >= (hour - pd.Timedelta(hours=1)).to_pydatetime(),
                MonitoringHour.hour <= (hour + pd.Timedelta(hours=1)).to_pydatetime())))
        kept = {u.id: u for u in session.scalars(select(Upload).where(
            Upload.id.in_(set().union(*wanted.values()) or {-1}), Upload.sha256 != digest))}
    read: dict[int, tuple[pd.DataFrame, str] | None] = {}
    parts, notes = [], []
    for (code, hour), uploads in wanted.items():
        for upload_id in sorted(uploads & set(kept)):
            upload = kept[upload_id]
            if upload_id not in read:
                try:
                    frame, _, _, _, kind = read_monitoring(upload.content, upload.filename, reference)
                except MonitoringRefused:  # a kept file that no longer reads (rules changed): it adds nothing
                    read[upload_id] = None
                else:
                    read[upload_id] = (_one_kind_per_logger(frame, kind), kind)
            if read[upload_id] is None:
                continue
            earlier, kind = read[upload_id]
            if kind == "hj212":
                owner = earlier["mn"].map(devices)
            elif "device_code" in earlier:
                owner = earlier["device_code"]
            else:  # imported for one named boiler: the one whose hours it wrote
                owner = pd.Series(code, index=earlier.index)
            piece = earlier[(owner == code).to_numpy() & (earlier["time"].dt.floor("h") == hour).to_numpy()]
            if len(piece):
                parts.append(piece.assign(device_code=code))
                notes.append(f"{code} {hour:%Y-%m-%d %H}时的数据不完整, 与此前导入的文件 {upload.filename} 中同一小时的 "
                             f"{len(piece)} 条读数合并计算")
    if not parts:
        return readings, []
    merged = pd.concat([*parts, readings], ignore_index=True).drop_duplicates(["device_code", "time"], keep="last")
    return merged.sort_values(["device_code", "time"], kind="stable", ignore_index=True), notes


class HourParts:
    """The hours an import stores (:func:`_hours_table`), a part (a group of boilers) at a time: the first part held,
    the others kept in a temporary folder until the import ends (``with``), so that a year of 500 boilers' hours is
    never held in memory at once and the computing is done before the write transaction starts."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame | Path] = []
        self._folder: tempfile.TemporaryDirectory | None = None
        self._months: set = set()  # the months as datetime.date (their first day)

    def __enter__(self) -> "HourParts":
        return self

    def __exit__(self, *_exc) -> None:
        self._parts.clear()
        if self._folder is not None:
            self._folder.cleanup()

    def add(self, part: pd.DataFrame) -> None:
        self._months |= set(np.unique(part["hour"].to_numpy(dtype="datetime64[M]")).tolist())
        if not self._parts:
            self._parts.append(part)
            return
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="boilerlab-hours-")
        path = Path(self._folder.name) / f"{len(self._parts)}.pkl"
        part.to_pickle(path)  # written and read back by this import only
        self._parts.append(path)

    def months(self) -> pd.Series:
        """The first hour of each month the hours fall in."""
        return pd.Series(sorted(self._months), dtype="datetime64[us]")

    def __iter__(self) -> Iterator[pd.DataFrame]:
        for part in self._parts:
            yield part if isinstance(part, pd.DataFrame) else pd.read_pickle(part)


def _hours_table(readings: pd.DataFrame, register: pd.DataFrame, reference: ReferenceData, table: HourParts) -> None:
    """The rows to store, one per boiler and hour, added to ``table``: the valid hourly values (HJ 75/HJ 76), the hour's
    O₂ flag and valid minutes, and the engine's numbers (:data:`COMPUTED`). Made a group of boilers at a time (a boiler
    is never split; a group holds :data:`EVALUATED_PER_PART` readings unless one boiler alone has more), so that what
    the steps make of the readings is held for one group, not for the whole file; the groups are shared among the
    processes :func:`~boilerlab.engine.processes.available_processes` allows (a worker's groups come back when it is
    done, this process's go to ``table`` as they are made)."""
    columns = [c for c in MEASURED if c in readings]
    min_minutes = rule(reference, "hour_min_valid_minutes")
    ids = dict(zip(register["device_code"], register["boiler_id"]))
    codes, boilers = pd.factorize(readings["device_code"])
    order = np.argsort(codes, kind="stable")
    ends = np.cumsum(np.bincount(codes, minlength=len(boilers)))  # the end of each boiler's readings in ``order``
    groups = []  # (first, stop) positions in ``order`` of each group's readings
    first_boiler = 0
    while first_boiler < len(boilers):
        start = int(ends[first_boiler - 1]) if first_boiler else 0
        stop_boiler = max(first_boiler + 1, int(np.searchsorted(ends, start + EVALUATED_PER_PART, side="right")))
        groups.append((start, int(ends[stop_boiler - 1])))
        first_boiler = stop_boiler
    here = os.getpid()

    def hours_of(first_group: int, stop_group: int) -> list[pd.DataFrame]:
        made = []
        for start, stop in groups[first_group:stop_group]:
            group = readings.iloc[order[start:stop]]
            hours = hourly_values(group.rename(columns={"device_code": "boiler"}), columns, min_minutes).rename(
                columns={"boiler": "device_code"})
            part = _stored_columns(hours, _computed(hours, register, reference), ids)
            if os.getpid() == here:
                table.add(part)  # this process: kept as the table keeps its parts
            else:
                made.append(part)  # a worker: handed back
        return made

    for part in in_processes(len(groups), available_processes(), hours_of, what="groups of boilers"):
        table.add(part)


def _stored_columns(hours: pd.DataFrame, computed: pd.DataFrame, ids: dict[str, int]) -> pd.DataFrame:
    """The hours as ``monitoring_hour`` holds them (the hour as a timestamp; the upload is set when written)."""
    table = pd.DataFrame({"boiler_id": hours["device_code"].map(ids).astype(np.int64).to_numpy(),
                          "hour": pd.to_datetime(hours["hour"]).to_numpy(dtype="datetime64[us]")})
    flag_column = "flag_flue_o2_pct" if "flag_flue_o2_pct" in hours else None
    table["flag"] = hours[flag_column].to_numpy(object) if flag_column else "N"
    minutes = "valid_minutes_flue_o2_pct" if "valid_minutes_flue_o2_pct" in hours else None
    table["valid_minutes"] = hours[minutes].to_numpy(float) if minutes else 60.0
    for name in MEASURED:
        table[name] = hours[name].to_numpy(float) if name in hours else np.nan
    for name in COMPUTED:
        table[name] = computed[name].to_numpy(float)
    return table


def _computed(hours: pd.DataFrame, register: pd.DataFrame, reference: ReferenceData) -> pd.DataFrame:
    """The engine's numbers for the hours that have a flue temperature and O₂; blank elsewhere."""
    values = {name: np.full(len(hours), np.nan) for name in COMPUTED}
    if "flue_o2_pct" in hours and "flue_temp_c" in hours:
        usable = np.flatnonzero((hours["flue_o2_pct"].notna() & hours["flue_temp_c"].notna()).to_numpy())
        # a part at a time: _hours_table's groups are this size already, but a boiler is never split, and one
        # boiler's many years of hours would give the engine's whole result (a hundred-odd columns) at once
        for start in range(0, len(usable), EVALUATED_PER_PART):
            rows = usable[start:start + EVALUATED_PER_PART]
            result = hourly_efficiency(hours.iloc[rows], register, reference)
            for name in COMPUTED:
                if name in result:
                    values[name][rows] = pd.to_numeric(result[name], errors="coerce").to_numpy(float)
    return pd.DataFrame(values, index=hours.index)


def month_partitions(sessions: Sessions, hours: pd.Series) -> list[str]:
    """On PostgreSQL, make the monthly partitions of ``monitoring_hour`` that ``hours`` fall in and do not exist yet
    (``monitoring_hour_yYYYYmMM``, migration f2a4c6e8b0d3), in a transaction of their own under an advisory lock so
    that two imports of the same new month do not both create it; the names made. Nothing on SQLite."""
    made: list[str] = []
    with sessions.begin() as session:
        connection = session.connection()
        if connection.dialect.name != "postgresql" or hours.empty:
            return made
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('monitoring_hour partitions'))")
        existing = set(connection.exec_driver_sql(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'monitoring_hour'::regclass").scalars())
        for month in sorted(set(hours.dt.to_period("M"))):
            name = f"monitoring_hour_y{month.year:04d}m{month.month:02d}"
            if name in existing:
                continue
            following = month + 1
            connection.exec_driver_sql(
                f"CREATE TABLE {name} PARTITION OF monitoring_hour FOR VALUES FROM "
                f"('{month.start_time:%Y-%m-%d}') TO ('{following.start_time:%Y-%m-%d}')")
            made.append(name)
    return made


def _store(sessions: Sessions, table: HourParts, content: bytes, filename: str, who: Who,
           readings: int) -> tuple[int, int, int]:
    """Replace the stored rows of these boilers' hours with the new ones (``table``, :func:`_hours_table`) in one
    transaction, the file kept; (inserted, updated, unchanged). The rows are compared and written a part at a time
    (:data:`WRITTEN_PER_PART`): a year of hours of 500 boilers as Python rows at once would not fit in memory."""
    values = ("flag", "valid_minutes", *MEASURED, *COMPUTED)
    digest = hashlib.sha256(content).hexdigest()
    with sessions.begin() as session:
        who = authorise(session, who, "monitoring")
        upload = session.scalar(select(Upload).where(Upload.sha256 == digest, Upload.kind == "monitoring"))
        if upload is None:
            upload = Upload(kind="monitoring", filename=filename[:260], sha256=digest, content=content,
                            uploaded_by=who[:60])
            session.add(upload)
            session.flush()
        counts = [0, 0, 0]  # inserted, updated, unchanged
        for hours in table:
            for start in range(0, len(hours), WRITTEN_PER_PART):
                _store_part(session, hours.iloc[start:start + WRITTEN_PER_PART], upload.id, values, counts)
        inserted, updated, unchanged = counts
        session.add(AuditLog(who=who[:60], action="import", table_name="monitoring", row_key=filename[:80],
                             detail={"upload_id": upload.id, "sha256": digest, "readings": readings,
                                     "counts": {"inserted": inserted, "updated": updated, "unchanged": unchanged}}))
    return inserted, updated, unchanged


def _store_part(session: Session, part: pd.DataFrame, upload_id: int, values: tuple[str, ...],
                counts: list[int]) -> None:
    """One part of :func:`_store`: its rows compared with the stored hours of the same boilers and span, the changed
    ones deleted, the new and changed ones written; ``counts`` (inserted, updated, unchanged) added to."""
    existing = {}
    when = part["hour"]
    for boiler_id, first, last in part.groupby("boiler_id")["hour"].agg(["min", "max"]).itertuples():
        # the boiler's stored hours in the part's span, read at once (none at all on a first import)
        for row in session.execute(select(MonitoringHour.boiler_id, MonitoringHour.hour, *(
                getattr(MonitoringHour, name) for name in values)).where(
                MonitoringHour.boiler_id == int(boiler_id), MonitoringHour.hour >= first.to_pydatetime(),
                MonitoringHour.hour <= last.to_pydatetime())):
            existing[(row[0], row[1])] = row[2:]
    part = part.assign(
        # the hour written as text: as SQLAlchemy stores a DateTime on SQLite (so that it compares), and a timestamp
        # PostgreSQL's COPY reads
        hour=np.char.replace(np.datetime_as_string(when.to_numpy(dtype="datetime64[us]"), unit="us"), "T", " "),
        upload_id=upload_id)
    columns = list(part.columns)
    postgresql = session.connection().dialect.name == "postgresql"
    # SQLite binds a NaN as NULL; PostgreSQL's COPY would store it as NaN, so there a blank becomes None
    rows = list(zip(*(_python_values(part[name].to_numpy(), blank_as_none=postgresql) for name in columns)))
    if not existing:
        fresh = rows
        counts[0] += len(rows)
    else:
        keys = list(zip(part["boiler_id"].tolist(), when.dt.to_pydatetime().tolist()))
        where = [columns.index(name) for name in values]
        changed_keys, fresh = [], []
        for key, row in zip(keys, rows):
            old = existing.get(key)
            if old is None:
                counts[0] += 1
                fresh.append(row)
            elif all(_same(old[i], row[position]) for i, position in enumerate(where)):
                counts[2] += 1
            else:
                counts[1] += 1
                changed_keys.append(key)
                fresh.append(row)
        for start in range(0, len(changed_keys), 400):
            session.execute(delete(MonitoringHour).where(
                tuple_(MonitoringHour.boiler_id, MonitoringHour.hour).in_(changed_keys[start:start + 400])))
    connection = session.connection()
    if fresh and postgresql:  # COPY: the bulk path PostgreSQL is built for
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY monitoring_hour ({', '.join(columns)}) FROM STDIN") as copy:
            for row in fresh:
                copy.write_row(row)
    elif fresh:  # SQLite: the driver's own executemany, many times faster than the ORM's for a year of hours
        connection.exec_driver_sql(f"INSERT INTO monitoring_hour ({', '.join(columns)}) "
                                   f"VALUES ({', '.join(['?'] * len(columns))})", fresh)


def _python_values(values: np.ndarray, blank_as_none: bool) -> list:
    """A column as Python values for the driver, a blank number as NaN or (``blank_as_none``) None."""
    if blank_as_none and values.dtype.kind == "f":
        values = np.where(np.isnan(values), None, values)
    return values.tolist()


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
        rows = session.connection().execute(select(cast(MonitoringHour.hour, String), *(
            getattr(MonitoringHour, c) for c in columns[1:])).join(
            Boiler, Boiler.id == MonitoringHour.boiler_id).where(Boiler.device_code == device_code)
            .order_by(MonitoringHour.hour))
        frame = pd.DataFrame.from_records(list(map(tuple, rows)), columns=columns)
    frame["hour"] = pd.to_datetime(frame["hour"], format="ISO8601")  # parsed at once, not a datetime per row
    return frame


def _monitored_in(session: Session, start: datetime | None = None, end: datetime | None = None) -> pd.DataFrame:
    columns = ["device_code", "unit_id", "unit_name", "town", "office", "fuel_kind"]
    rows = session.execute(select(
        Boiler.device_code, Unit.id, Unit.name, Unit.town, Unit.office, Boiler.fuel_kind,
        func.count(MonitoringHour.hour), func.min(MonitoringHour.hour), func.max(MonitoringHour.hour))
        .join(MonitoringHour, MonitoringHour.boiler_id == Boiler.id).join(Unit, Unit.id == Boiler.unit_id)
        .where(*_between(start, end))
        .group_by(Boiler.device_code, Unit.id, Unit.name, Unit.town, Unit.office, Boiler.fuel_kind)
        .order_by(Boiler.device_code)).all()
    frame = pd.DataFrame(rows, columns=[*columns, "hours", "first_hour", "last_hour"])
    frame[["first_hour", "last_hour"]] = frame[["first_hour", "last_hour"]].apply(pd.to_datetime)
    return frame


def _between(start: datetime | None, end: datetime | None) -> list:
    """The conditions keeping the hours from ``start`` up to (not including) ``end``."""
    return [c for c in (start is not None and MonitoringHour.hour >= start,
                        end is not None and MonitoringHour.hour < end) if c is not False]


def monitored_boilers(sessions: Sessions) -> pd.DataFrame:
    """Every boiler with stored hours: device code, unit, town, office, fuel, hours stored and the first and last."""
    with sessions() as session:
        return _monitored_in(session).drop(columns="unit_id")


def _formal_tests(session: Session, device_codes: list[str]) -> pd.DataFrame:
    """Every stored test of these boilers: ``boiler`` (device code), ``test_date``, η₂ and the in-use criterion."""
    rows = session.execute(select(Boiler.device_code, TestRecord.test_date, TestRecord.test_id,
                                  TestRecord.eta_indirect_pct, TestRecord.results)
                           .join(TestRecord, TestRecord.boiler_id == Boiler.id)
                           .where(Boiler.device_code.in_(device_codes or [""]), TestRecord.deleted_at.is_(None))
                           .order_by(TestRecord.test_date, TestRecord.test_id)).all()
    frame = pd.DataFrame(rows, columns=["boiler", "test_date", "test_id", "eta_indirect_pct", "results"])
    frame["inuse_criterion_pct"] = frame["results"].map(lambda r: (r or {}).get("inuse_criterion_pct"))
    # two tests of one day: the later test id stands, as everywhere else
    return frame.drop(columns="results").drop_duplicates(["boiler", "test_date"], keep="last")


def summarise(session: Session, reference: ReferenceData, start: datetime | None = None,
              end: datetime | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per monitored boiler, over the hours from ``start`` up to ``end`` (all when not given): valid hours, the
    capture rate, the hours over each limit, the drift alerts against the formal test in force each day
    (:func:`boilerlab.standards.monitoring.formal_test_in_force`); and the alerts themselves."""
    from boilerlab.standards.monitoring import (capture_rate, daily_validity, drift_alerts, exceedance_hours,
                                                formal_test_in_force)

    boilers = _monitored_in(session, start, end)
    if boilers.empty:
        return boilers, pd.DataFrame(columns=["device_code", "start", "end", "days", "mean_eta_pct",
                                              "reference_eta_pct", "criterion_pct", "basis"])
    columns = ["hour", "flag", *MEASURED, *COMPUTED]
    # the hour read as text and parsed at once (not a datetime made per row): a year of twenty boilers in a second
    hour_text = cast(MonitoringHour.hour, String)
    rows = session.connection().execute(
        select(Boiler.device_code, hour_text, *(getattr(MonitoringHour, c) for c in columns[1:]))
        .join(Boiler, Boiler.id == MonitoringHour.boiler_id).where(*_between(start, end))
        .order_by(Boiler.device_code, MonitoringHour.hour))
    hours = pd.DataFrame.from_records(list(map(tuple, rows)), columns=["boiler", *columns])  # plain tuples: quick
    hours["hour"] = pd.to_datetime(hours["hour"], format="ISO8601")
    rates = capture_rate(hours.rename(columns={"flag": "flag_flue_o2_pct"}), "flue_o2_pct")
    totals = rates.groupby("boiler").agg(valid_hours=("valid_hours", "sum"), stopped_hours=("stopped_hours", "sum"))
    summary = boilers.set_index("device_code")
    summary["valid_hours"] = totals["valid_hours"]
    span = (summary["last_hour"] - summary["first_hour"]).dt.total_seconds() / 3600 + 1
    summary["capture_rate_pct"] = 100.0 * summary["valid_hours"] / (span - totals["stopped_hours"]).where(lambda v: v > 0)
    for pollutant in ("nox", "so2", "pm"):
        over = exceedance_hours(hours, f"{pollutant}_ref_mg_m3", f"{pollutant}_limit_mg_m3")
        summary[f"{pollutant}_over_hours"] = over.groupby("boiler")["over_hours"].sum().reindex(summary.index).fillna(0)
    summary["over_hours"] = summary[["nox_over_hours", "so2_over_hours", "pm_over_hours"]].sum(axis=1)
    days = daily_validity(hours, "eta_indirect_pct", rule(reference, "day_min_valid_hours"))
    means = hours.assign(day=hours["hour"].dt.normalize()).groupby(["boiler", "day"])[
        "eta_indirect_pct"].mean().rename("eta_pct").reset_index()
    daily = means.merge(days[days["valid"]][["boiler", "day"]], on=["boiler", "day"])
    tests = _formal_tests(session, list(summary.index))
    daily = formal_test_in_force(daily, tests)
    alerts = drift_alerts(daily, None, None, rule(reference, "drift_margin_pp"), int(rule(reference, "drift_days")))
    summary["alerts"] = alerts.groupby("boiler").size().reindex(summary.index).fillna(0).astype(int)
    # the test in force at the boiler's last hour here (so that a period holding all the hours gives the whole
    # summary, whatever tests came after)
    last = formal_test_in_force(pd.DataFrame({"boiler": summary.index, "day": summary["last_hour"].to_numpy()}),
                                tests)
    summary["test_eta_pct"] = last["reference_eta_pct"].to_numpy()
    summary["mean_eta_pct"] = hours.groupby("boiler")["eta_indirect_pct"].mean().reindex(summary.index)
    return summary.reset_index(), alerts.rename(columns={"boiler": "device_code"})


def district_summary(sessions: Sessions, reference: ReferenceData | None = None, *, start: datetime | None = None,
                     end: datetime | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`summarise` in a session of its own: what the 在线监测 page and the dashboard show."""
    with sessions() as session:
        return summarise(session, reference or load_reference(), start, end)
