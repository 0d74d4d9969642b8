"""Import and export of the registry and the test records.

An import reads the whole file, validates every row (and evaluates test records), and only then
writes the good rows in one transaction together with the uploaded file itself and an audit row per
change. Rows are matched on their natural key (credit code, device code, test id, boiler + month +
fuel), so importing the same rows again inserts nothing; a row that differs updates the stored one.
Concurrent imports are serialised by the database (SQLite: BEGIN IMMEDIATE; PostgreSQL: the unique
keys, with the whole transaction retried after a conflict).
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.batch import RESULT_COLUMNS, evaluate
from boilerlab.columns import COLUMNS as TEST_COLUMNS
from boilerlab.columns import UnknownUnitError, match_header, normalise_header
from boilerlab.db.models import AuditLog, Boiler, FuelUse, TestRecord, Unit, Upload
from boilerlab.fuels import fuel_kinds
from boilerlab.records import DATE_PATTERN, NoUsableColumnsError, prepare
from boilerlab.registry import FIELDS, MONTH, Field, is_valid_credit_code
from boilerlab.tables import UnreadableFileError, read_table

KINDS = ("units", "boilers", "tests", "fuel-use")
PRESENT = "__present__"  # the file's columns, carried with each validated row
#: Model attributes named differently from their import field.
ATTRIBUTE = {"unit_name": "name", "credit_code": "unit_id"}
INSERTED, UPDATED, UNCHANGED, REJECTED = "inserted", "updated", "unchanged", "rejected"
TRUE_TEXT = ("true", "1", "yes", "y", "是", "t")
FALSE_TEXT = ("false", "0", "no", "n", "否", "f")


class FileRefused(ValueError):
    """The file cannot be imported at all (unreadable, wrong kind, no usable columns)."""


@dataclass
class RowOutcome:
    row: int  # the spreadsheet row: the header is row 1
    key: str
    status: str
    reason: str = ""


@dataclass
class ImportReport:
    kind: str
    filename: str
    sha256: str
    outcomes: list[RowOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        """0 when every row went in (inserted, updated or already there), 1 when some were rejected."""
        return 1 if self.count(REJECTED) else 0

    def summary(self) -> str:
        return (f"{self.kind} {self.filename}: 新增 {self.count(INSERTED)}, 更新 {self.count(UPDATED)}, 未变 "
                f"{self.count(UNCHANGED)}, 拒绝 {self.count(REJECTED)} / inserted {self.count(INSERTED)}, updated "
                f"{self.count(UPDATED)}, unchanged {self.count(UNCHANGED)}, rejected {self.count(REJECTED)}")

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([o.__dict__ for o in self.outcomes], columns=["row", "key", "status", "reason"])


# --- reading and validating ------------------------------------------------------------------------

def _canonical(frame: pd.DataFrame, fields: tuple[Field, ...]) -> pd.DataFrame:
    """Canonical column names; a header naming a known field with another unit in brackets refuses the file
    (a silently ignored or unconverted unit would be a wrong number)."""
    lookup, units = {}, {}
    for f in fields:
        bare = normalise_header(f.name_cn.split("(")[0])
        lookup[normalise_header(f.name)] = lookup[normalise_header(f.name_cn)] = lookup[bare] = f.name
        units[f.name] = normalise_header(f.name_cn[len(f.name_cn.split("(")[0]):])  # "(mw)" or ""
    renamed = {}
    for header in frame.columns:
        key = normalise_header(header)
        if key in lookup:
            renamed[header] = lookup[key]
            continue
        bare = key.split("(")[0]
        if bare in lookup:
            name = lookup[bare]
            raise FileRefused(f"表头 {header!r} 的单位与 {name} 不符, 应为 {units[name] or '无单位 (单位另列)'} / header "
                              f"{header!r}: {name} takes {units[name] or 'no unit in its header'}")
    return frame.rename(columns=renamed)[list(dict.fromkeys(renamed.values()))]


def _value(f: Field, raw: Any, fuels: list[str]) -> tuple[Any, str]:
    """(parsed value, '' or the reason it is invalid, Chinese and English)."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)) or str(raw).strip() in ("", "nan"):
        return None, (f"{f.name}({f.name_cn}) 为空, 必填 / {f.name} is blank but required" if f.required else "")
    text = str(raw).strip()

    def bad(valid: str) -> tuple[None, str]:
        return None, (f"{f.name}({f.name_cn}) 的值 {text!r} 无效, 有效范围 {valid} / {f.name}: value {text!r} is invalid, "
                      f"valid range {valid}")

    if f.kind == "float":
        try:
            number = float(text)
        except ValueError:
            return bad(f"[{f.low:g}, {f.high:g}]")
        if (f.low is not None and number < f.low) or (f.high is not None and number > f.high) or math.isnan(number):
            return bad(f"[{f.low:g}, {f.high:g}]")
        return number, ""
    if f.kind == "bool":
        word = normalise_header(text)
        if word in TRUE_TEXT:
            return True, ""
        return (False, "") if word in FALSE_TEXT else bad("{true, false}")
    if f.kind == "date":
        parsed = pd.to_datetime(text, errors="coerce") if re.match(DATE_PATTERN, text) else pd.NaT
        return (None, bad("YYYY-MM-DD")[1]) if pd.isna(parsed) else (parsed.date(), "")
    if f.kind == "month":
        return (text, "") if MONTH.match(text) else bad("YYYY-MM")
    if f.kind == "enum":
        choices = f.choices or tuple(fuels)
        return (text, "") if text in choices else bad("{" + ", ".join(choices) + "}")
    if f.kind == "text" and len(text) > f.max_length:
        return bad(f"≤ {f.max_length} 个字符 / at most {f.max_length} characters")
    if f.name == "credit_code":
        code = text.upper()
        return (code, "") if is_valid_credit_code(code) else bad("18 位统一社会信用代码, 校验位正确 / 18 characters with "
                                                                  "a correct check character (GB 32100-2015)")
    return text, ""


def _validate(frame: pd.DataFrame, kind: str) -> tuple[list[tuple[int, dict]], list[RowOutcome]]:
    fields = FIELDS[kind]
    table = _canonical(frame, fields)
    missing = [f.name for f in fields if f.required and f.name not in table.columns]
    if missing:
        raise FileRefused(f"缺少必填列 / required columns missing: {', '.join(missing)}")
    fuels = fuel_kinds()
    good, rejected = [], []
    key_field = fields[0].name if kind != "fuel-use" else None
    present = frozenset(table.columns)  # an update changes only the columns the file has
    for position, record in enumerate(table.to_dict(orient="records")):
        row = position + 2
        values, reasons = {}, []
        for f in fields:
            value, reason = _value(f, record.get(f.name), fuels)
            values[f.name] = value
            if reason:
                reasons.append(reason)
        key = (str(values.get(key_field) or "") if key_field else
               f"{values.get('boiler_id')}/{values.get('month')}/{values.get('fuel_kind')}")
        if reasons:
            rejected.append(RowOutcome(row, key, REJECTED, "; ".join(reasons)))
        else:
            values[PRESENT] = present
            good.append((row, values))
    duplicates = pd.Series([_natural_key(kind, v) for _, v in good]).duplicated(keep=False).to_numpy()
    for (row, values), dup in zip(list(good), duplicates):
        if dup:
            rejected.append(RowOutcome(row, str(_natural_key(kind, values)), REJECTED,
                                       "同一文件中键重复 / the same key appears twice in the file"))
    good = [g for g, dup in zip(good, duplicates) if not dup]
    return good, rejected


def _natural_key(kind: str, values: dict) -> Any:
    return {"units": lambda v: v["credit_code"], "boilers": lambda v: v["device_code"],
            "fuel-use": lambda v: (v["boiler_id"], v["month"], v["fuel_kind"])}[kind](values)


def _is_q5(header: object) -> bool:
    try:
        return (match_header(header) or ("",))[0] == "q5_pct"
    except UnknownUnitError:  # not used: evaluate has reported its filled cells as row errors
        return False


def _test_rows(frame: pd.DataFrame) -> tuple[list[tuple[int, dict, dict]], list[RowOutcome]]:
    """Evaluate the test records: rows with an error are rejected, the others carry inputs and results."""
    try:
        result = evaluate(frame)
    except NoUsableColumnsError as exc:
        raise FileRefused(str(exc)) from exc
    blank = result["test_id"].isna().to_numpy()
    input_names = [c.name for c in TEST_COLUMNS]
    # q5_pct in the result is the value used; the stored inputs keep what the file said (blank = from the table).
    # Only the file's q5 column is parsed again, not the whole file.
    q5_headers = [h for h in frame.columns if _is_q5(h)]
    measured_q5 = (prepare(frame[q5_headers]).frame["q5_pct"].to_numpy(float) if q5_headers
                   else np.full(len(frame), np.nan))
    good, rejected = [], []
    errors = result["error"].astype(str).to_numpy()
    records = result.to_dict(orient="records")
    for position, record in enumerate(records):
        row = position + 2
        test_id = record.get("test_id")
        if blank[position]:
            rejected.append(RowOutcome(row, "", REJECTED, "test_id(测试编号) 为空, 必填 / test_id is blank but required"))
            continue
        if errors[position]:
            rejected.append(RowOutcome(row, str(test_id), REJECTED, errors[position]))
            continue
        too_long = [(name, cn, str(value), limit) for name, cn, value, limit in
                    (("test_id", "测试编号", test_id, 60), ("boiler_id", "设备代码", record.get("boiler_id") or "", 40))
                    if len(str(value)) > limit]
        if too_long:
            reason = "; ".join(f"{name}({cn}) 的值 {value[:30]!r}… 有 {len(value)} 个字符, 至多 {limit} 个 / {name}: value "
                               f"{value[:30]!r}… has {len(value)} characters, at most {limit}"
                               for name, cn, value, limit in too_long)
            rejected.append(RowOutcome(row, str(test_id)[:60], REJECTED, reason))
            continue
        results = {k: _plain(record[k]) for k in RESULT_COLUMNS if k in record}
        given = {**record, "q5_pct": measured_q5[position]}  # the input q5 is what the file said, not the one used
        inputs = {k: _plain(given[k]) for k in input_names if k in given and _plain(given[k]) is not None}
        good.append((row, inputs, results))
    return good, rejected


def _plain(value: Any) -> Any:
    """A JSON-able Python value: NaN/NA → None, numpy scalars → Python, dates → ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None  # JSON has no NaN or infinity
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, date, np.datetime64)):
        return str(pd.Timestamp(value).date())
    return str(value) if not isinstance(value, (int, str)) else value


# --- writing ---------------------------------------------------------------------------------------

def import_file(sessions: sessionmaker[Session], kind: str, content: bytes, filename: str, who: str = "system",
                retries: int = 5, progress: Callable[[float, str], None] | None = None) -> ImportReport:
    """Validate and store one uploaded file. Raises :class:`FileRefused` for a file that cannot be read.

    ``progress(fraction_done, text)``, when given, is told when validation starts, when writing starts and
    when the file is stored.
    """
    progress = progress or (lambda _done, _text: None)
    progress(0.0, "读取并校验文件… / reading and validating")
    if kind not in KINDS:
        raise FileRefused(f"未知的导入类别 {kind!r} / unknown import kind; valid: {', '.join(KINDS)}")
    try:
        frame = read_table(content, filename)
    except UnreadableFileError as exc:
        raise FileRefused(str(exc)) from exc
    digest = hashlib.sha256(content).hexdigest()
    report = ImportReport(kind, filename, digest)
    if kind == "tests":
        good, rejected = _test_rows(frame)
    else:
        good, rejected = _validate(frame, kind)
    progress(0.6, f"写入数据库 ({len(good)} 行)… / writing")
    for attempt in range(retries):
        try:
            with sessions.begin() as session:
                outcomes = _write(session, kind, good, content, filename, digest, who)
            break
        except (IntegrityError, OperationalError):  # a concurrent import won a race: redo with what it stored
            if attempt == retries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    report.outcomes = sorted(outcomes + rejected, key=lambda o: o.row)
    progress(1.0, "已保存 / stored")
    return report


def _write(session: Session, kind: str, good: list, content: bytes, filename: str, digest: str,
           who: str) -> list[RowOutcome]:
    upload = session.scalar(select(Upload).where(Upload.sha256 == digest, Upload.kind == kind))
    if upload is None:  # the file itself, byte for byte, once
        upload = Upload(kind=kind, filename=filename[:260], sha256=digest, content=content, uploaded_by=who[:60])
        session.add(upload)
        session.flush()
    writer: Callable = {"units": _write_units, "boilers": _write_boilers, "tests": _write_tests,
                        "fuel-use": _write_fuel_use}[kind]
    outcomes, audits = writer(session, good, upload.id)
    session.add(AuditLog(who=who[:60], action="import", table_name=kind, row_key=filename[:80],
                         detail={"upload_id": upload.id, "sha256": digest,
                                 "counts": {s: sum(o.status == s for o in outcomes) for s in (INSERTED, UPDATED,
                                                                                               UNCHANGED, REJECTED)}}))
    for action, table_name, key, detail in audits:
        session.add(AuditLog(who=who[:60], action=action, table_name=table_name, row_key=key[:80], detail=detail))
    return outcomes


def _apply(obj: Any, values: dict) -> dict:
    """Set the changed attributes; return {name: [old, new]} of what changed."""
    changes = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value and not (old is None and value is None):
            changes[name] = [_plain(old), _plain(value)]
            setattr(obj, name, value)
    return changes


def _upsert(session: Session, model: Any, existing: dict, key: Any, values: dict, row: int, table_name: str,
            outcomes: list, audits: list, present: frozenset | None = None) -> None:
    current = existing.get(key)
    if current is None:
        session.add(model(**values))
        outcomes.append(RowOutcome(row, str(key), INSERTED))
        audits.append(("insert", table_name, str(key), {"values": {k: _plain(v) for k, v in values.items()}}))
        return
    if getattr(current, "deleted_at", None) is not None:
        outcomes.append(RowOutcome(row, str(key), REJECTED, f"该记录已于 {current.deleted_at:%Y-%m-%d} 删除, 请先恢复 / "
                                                            f"deleted on {current.deleted_at:%Y-%m-%d}: restore it first"))
        return
    if present is not None:  # a file without a column leaves that column as it is
        attributes = {ATTRIBUTE.get(name, name) for name in present}
        values = {k: v for k, v in values.items() if k in attributes}
    changes = _apply(current, values)
    outcomes.append(RowOutcome(row, str(key), UPDATED if changes else UNCHANGED))
    if changes:
        audits.append(("update", table_name, str(key), {"changes": changes}))


def _write_units(session: Session, good: list, upload_id: int) -> tuple[list, list]:
    codes = [v["credit_code"] for _, v in good]
    existing = {u.credit_code: u for u in _in(session, Unit, Unit.credit_code, codes)}
    outcomes, audits = [], []
    for row, v in good:
        values = {"credit_code": v["credit_code"], "name": v["unit_name"], "address": v["address"], "town": v["town"],
                  "office": v["office"], "key_unit": bool(v["key_unit"]), "district_key": bool(v["district_key"]),
                  "place_category": v["place_category"]}
        _upsert(session, Unit, existing, v["credit_code"], values, row, "unit", outcomes, audits, v[PRESENT])
    return outcomes, audits


def _write_boilers(session: Session, good: list, upload_id: int) -> tuple[list, list]:
    units = {u.credit_code: u.id for u in _in(session, Unit, Unit.credit_code, [v["credit_code"] for _, v in good])
             if u.deleted_at is None}  # a deleted unit takes no new boilers
    existing = {b.device_code: b for b in _in(session, Boiler, Boiler.device_code, [v["device_code"] for _, v in good])}
    outcomes, audits = [], []
    for row, v in good:
        if v["credit_code"] not in units:
            outcomes.append(RowOutcome(row, v["device_code"], REJECTED,
                                       f"使用单位 {v['credit_code']} 不在台账中 (或已删除), 请先导入单位 / unit "
                                       f"{v['credit_code']} is not registered (or deleted): import the units first"))
            continue
        values = {k: v[k] for k in ("device_code", "registration_no", "boiler_kind", "fuel_kind", "combustion",
                                    "rated_capacity_t_h", "rated_capacity_mw", "rated_pressure_mpa_g", "manufacturer",
                                    "model", "product_no", "install_date", "registration_date")}
        values.update(unit_id=units[v["credit_code"]], condensing=bool(v["condensing"]), low_nox=bool(v["low_nox"]),
                      status=v["status"] or "在用")
        _upsert(session, Boiler, existing, v["device_code"], values, row, "boiler", outcomes, audits, v[PRESENT])
    return outcomes, audits


def _write_tests(session: Session, good: list, upload_id: int) -> tuple[list, list]:
    boiler_codes = [i.get("boiler_id") for _, i, _ in good if i.get("boiler_id")]
    boilers = {b.device_code: b.id for b in _in(session, Boiler, Boiler.device_code, boiler_codes) if b.deleted_at is None}
    existing = {t.test_id: t for t in _in(session, TestRecord, TestRecord.test_id, [i["test_id"] for _, i, _ in good])}
    outcomes, audits = [], []
    for row, inputs, results in good:
        code = inputs.get("boiler_id")
        if code and code not in boilers:
            outcomes.append(RowOutcome(row, inputs["test_id"], REJECTED,
                                       f"boiler_id(设备代码) {code} 不在台账中 (或已删除) / boiler {code} is not registered (or deleted)"))
            continue
        values = {"test_id": inputs["test_id"], "boiler_id": boilers.get(code), "inputs": inputs, "results": results,
                  "test_date": date.fromisoformat(inputs["test_date"]) if inputs.get("test_date") else None,
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
        _upsert(session, TestRecord, existing, inputs["test_id"], values, row, "test_record", outcomes, audits)
    return outcomes, audits


def _write_fuel_use(session: Session, good: list, upload_id: int) -> tuple[list, list]:
    boilers = {b.device_code: b.id for b in _in(session, Boiler, Boiler.device_code, [v["boiler_id"] for _, v in good])
               if b.deleted_at is None}
    ids = list(boilers.values())
    existing = {(r.boiler_id, r.month, r.fuel_kind): r
                for chunk in _chunks(ids) for r in session.scalars(select(FuelUse).where(FuelUse.boiler_id.in_(chunk)))}
    outcomes, audits = [], []
    for row, v in good:
        if v["boiler_id"] not in boilers:
            outcomes.append(RowOutcome(row, f"{v['boiler_id']}/{v['month']}", REJECTED,
                                       f"设备代码 {v['boiler_id']} 不在台账中 (或已删除) / boiler {v['boiler_id']} is not registered (or deleted)"))
            continue
        boiler = boilers[v["boiler_id"]]
        values = {"boiler_id": boiler, "month": v["month"], "fuel_kind": v["fuel_kind"], "quantity": v["quantity"],
                  "unit": v["unit"]}
        _upsert(session, FuelUse, existing, (boiler, v["month"], v["fuel_kind"]), values, row, "fuel_use", outcomes,
                audits, v[PRESENT])
    return outcomes, audits


def _chunks(values: list, size: int = 900) -> list[list]:
    values = list(dict.fromkeys(values))
    return [values[i:i + size] for i in range(0, len(values), size)]


def _in(session: Session, model: Any, column: Any, values: list) -> list:
    return [row for chunk in _chunks(values) for row in session.scalars(select(model).where(column.in_(chunk)))]


# --- export and templates ------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The example row of the test-record template: a 1.4 MW gas hot-water boiler.
TEST_EXAMPLE = {"test_id": "T2024-0001", "boiler_id": "11003101122020000001", "test_date": "2024-11-20",
                "boiler_kind": "hot_water", "fuel_kind": "natural_gas", "combustion": "chamber", "condensing": "false",
                "rated_capacity_mw": 1.4, "barometric_kpa": 101.3, "lhv_kj_nm3": 35600, "fuel_rate_nm3_h": 120,
                "water_flow_kg_h": 36000, "supply_temp_c": 80, "return_temp_c": 55, "water_pressure_mpa_g": 0.4,
                "flue_temp_c": 95, "air_temp_c": 15, "air_humidity_g_kg": 8, "flue_o2_pct": 3.5, "flue_co_ppm": 12,
                "nox_mg_m3": 35, "emission_o2_pct": 3.5, "install_date": "2020-09-01", "jurisdiction": "shanghai"}


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting with = + - @ (or a tab or carriage return) get a leading apostrophe, so a spreadsheet
    never runs them as formulas (OWASP "CSV injection"). Numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):  # rename the few categories, not the million cells
            categories = list(values.cat.categories)
            renamed = ["'" + c if isinstance(c, str) and c.startswith(FORMULA_START) else c for c in categories]
            if renamed != categories:
                out[column] = values.cat.rename_categories(renamed)
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            is_text = values.map(lambda v: isinstance(v, str)) if values.dtype == object else values.notna()
            text = values.astype("string")
            risky = (text.str.startswith(FORMULA_START).fillna(False) & is_text).to_numpy(bool)
            if risky.any():
                out[column] = values.where(~risky, "'" + text)
    return out


def template(kind: str) -> pd.DataFrame:
    """The import template of ``kind``: Chinese headers with units, and one example row."""
    if kind == "tests":
        headers = {c.name: f"{c.name_cn}({c.unit})" if c.unit else c.name_cn for c in TEST_COLUMNS}
        example = {c.name: TEST_EXAMPLE.get(c.name) for c in TEST_COLUMNS}
        return pd.DataFrame([example]).rename(columns=headers)
    examples = {
        "units": {"unit_name": "上海示例酒店有限公司", "credit_code": "91350100M000100Y43", "address": "莘庄镇示例路1号",
                  "town": "莘庄镇", "office": "莘庄市场监督管理所", "key_unit": "是", "district_key": "否",
                  "place_category": "hotel"},
        "boilers": {"device_code": "11003101122020000001", "registration_no": "锅沪M00001",
                    "credit_code": "91350100M000100Y43", "boiler_kind": "hot_water", "fuel_kind": "natural_gas",
                    "combustion": "chamber", "condensing": "是", "rated_capacity_mw": 1.4, "rated_pressure_mpa_g": 0.7,
                    "manufacturer": "示例锅炉有限公司", "model": "WNS1.4-0.7/95/70-Q", "product_no": "2020-001",
                    "install_date": "2020-09-01", "registration_date": "2020-10-15", "status": "在用", "low_nox": "是"},
        "fuel-use": {"boiler_id": "11003101122020000001", "month": "2024-01", "fuel_kind": "natural_gas",
                     "quantity": 1.25, "unit": "10^4 Nm3"},
    }
    fields = FIELDS[kind]
    return pd.DataFrame([{f.name_cn: examples[kind].get(f.name) for f in fields}])
