"""The registry and its records: SQLAlchemy 2 typed ORM, portable types only (SQLite and PostgreSQL
share one set of Alembic migrations).

Every table carries ``created_at``/``updated_at``; registry rows are deleted softly (``deleted_at``);
every write is recorded in :class:`AuditLog` by the service that makes it.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (JSON, Date, DateTime, Double, ForeignKey, Integer, LargeBinary, MetaData, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, float: Double(), datetime: DateTime(timezone=True)}


class Stamped:
    """Creation and last-change times (UTC)."""

    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class Unit(Stamped, Base):
    """使用单位: a boiler-using organisation of the key-unit directory."""

    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)  # 统一社会信用代码 (GB 32100-2015)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    town: Mapped[str | None] = mapped_column(String(40), index=True)  # 街镇
    office: Mapped[str | None] = mapped_column(String(60))  # 市场监管所 or 特种设备监督管理所
    key_unit: Mapped[bool] = mapped_column(default=False)  # 重点单位
    district_key: Mapped[bool] = mapped_column(default=False)  # 区级重点
    place_category: Mapped[str | None] = mapped_column(String(30))
    deleted_at: Mapped[datetime | None]
    boilers: Mapped[list[Boiler]] = relationship(back_populates="unit")


class Boiler(Stamped, Base):
    """A registered boiler."""

    __tablename__ = "boiler"
    id: Mapped[int] = mapped_column(primary_key=True)
    device_code: Mapped[str] = mapped_column(String(40), unique=True)  # 设备代码
    registration_no: Mapped[str | None] = mapped_column(String(40))  # 使用登记证编号
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    boiler_kind: Mapped[str] = mapped_column(String(30))
    fuel_kind: Mapped[str] = mapped_column(String(30))
    combustion: Mapped[str | None] = mapped_column(String(20))
    condensing: Mapped[bool] = mapped_column(default=False)
    rated_capacity_t_h: Mapped[float | None]
    rated_capacity_mw: Mapped[float | None]
    rated_pressure_mpa_g: Mapped[float | None]
    manufacturer: Mapped[str | None] = mapped_column(String(120))
    model: Mapped[str | None] = mapped_column(String(60))
    product_no: Mapped[str | None] = mapped_column(String(60))
    install_date: Mapped[date | None] = mapped_column(Date)
    registration_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="在用")  # 在用 / 停用 / 报废
    low_nox: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[datetime | None]
    unit: Mapped[Unit] = relationship(back_populates="boilers")
    tests: Mapped[list[TestRecord]] = relationship(back_populates="boiler")


class Upload(Base):
    """An uploaded file, kept byte for byte."""

    __tablename__ = "upload"
    __table_args__ = (UniqueConstraint("sha256", "kind", name="uq_upload_sha256_kind"),)  # a file is kept once
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(260))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(60))
    uploaded_at: Mapped[datetime] = mapped_column(default=utc_now)


class TestRecord(Stamped, Base):
    """One thermal-performance test: its inputs, every result, and what computed them."""

    __tablename__ = "test_record"
    __test__ = False  # not a pytest test class
    id: Mapped[int] = mapped_column(primary_key=True)
    test_id: Mapped[str] = mapped_column(String(60), unique=True)
    boiler_id: Mapped[int | None] = mapped_column(ForeignKey("boiler.id"), index=True)
    test_date: Mapped[date | None] = mapped_column(Date, index=True)
    inputs: Mapped[dict[str, Any]]  # the interchange input columns as given (canonical names)
    results: Mapped[dict[str, Any]]  # every result column of evaluate
    eta_direct_pct: Mapped[float | None]
    eta_indirect_pct: Mapped[float | None]
    eta_governing_pct: Mapped[float | None]
    gb24500_grade: Mapped[str | None] = mapped_column(String(10))
    nox_mg_m3: Mapped[float | None]
    so2_mg_m3: Mapped[float | None]
    pm_mg_m3: Mapped[float | None]
    nox_ref_mg_m3: Mapped[float | None]
    so2_ref_mg_m3: Mapped[float | None]
    pm_ref_mg_m3: Mapped[float | None]
    co2_kg_h: Mapped[float | None]
    warnings: Mapped[str | None] = mapped_column(Text)
    engine_version: Mapped[str] = mapped_column(String(20))
    reference_versions: Mapped[str] = mapped_column(Text)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"))
    deleted_at: Mapped[datetime | None]
    boiler: Mapped[Boiler | None] = relationship(back_populates="tests")


class FuelUse(Stamped, Base):
    """Monthly fuel (or electricity) consumption of a boiler."""

    __tablename__ = "fuel_use"
    __table_args__ = (UniqueConstraint("boiler_id", "month", "fuel_kind", name="uq_fuel_use_boiler_month_fuel"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    boiler_id: Mapped[int] = mapped_column(ForeignKey("boiler.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    fuel_kind: Mapped[str] = mapped_column(String(30))
    quantity: Mapped[float]
    unit: Mapped[str] = mapped_column(String(20))
    deleted_at: Mapped[datetime | None]


class Application(Stamped, Base):
    """A registration admission application with its decision."""

    __tablename__ = "application"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[str] = mapped_column(String(60), unique=True)
    fields: Mapped[dict[str, Any]]
    decision: Mapped[str] = mapped_column(String(10))
    result: Mapped[dict[str, Any]]
    deleted_at: Mapped[datetime | None]


class AuditLog(Base):
    """Who changed what, when."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    who: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(20))  # insert / update / delete / import / edit-reference
    table_name: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str | None] = mapped_column(String(80))
    detail: Mapped[dict[str, Any]]
    # the tamper-evident chain (boilerlab.db.audit fills these at flush): place, previous row's hash, own hash
    chain_seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


class Account(Stamped, Base):
    """A person who signs in: login name, role, office, and the Argon2id hash of the password (never the password)."""

    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(16))  # vocabulary code list "role"
    office: Mapped[str | None] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    password_changed_at: Mapped[datetime] = mapped_column(default=utc_now)


class AuditChain(Base):
    """The audit chain's head, one row (id 1): how many rows it holds and the last one's hash."""

    __tablename__ = "audit_chain"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    length: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")


class Inspector(Stamped, Base):
    """An inspector of an office (the pool the 双随机 draw assigns from)."""

    __tablename__ = "inspector"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    office: Mapped[str] = mapped_column(String(60), index=True)
    active: Mapped[bool] = mapped_column(default=True)


class Campaign(Stamped, Base):
    """A special-inspection campaign (e.g. 2024 锅炉节能专项监督检查) and the seed of its random draw."""

    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    year: Mapped[int] = mapped_column(index=True)
    sample_ratio: Mapped[float]  # share of the non-district-level units drawn; 1.0 = every key unit
    seed: Mapped[int]
    planned_start: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    basis: Mapped[str | None] = mapped_column(Text)  # 工作依据, printed in the report
    created_by: Mapped[str] = mapped_column(String(60))
    # how the units were drawn (vocabulary draw_method) and the classification the draw read
    draw_method: Mapped[str] = mapped_column(String(20), default="office_ratio", server_default="office_ratio")
    risk_run_id: Mapped[int | None] = mapped_column(ForeignKey("risk_run.id"))
    units: Mapped[list[CampaignUnit]] = relationship(back_populates="campaign")


class CampaignUnit(Stamped, Base):
    """A unit in a campaign's scope: its office, inspector and planned date, and why it was selected."""

    __tablename__ = "campaign_unit"
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", name="uq_campaign_unit_campaign_unit"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    office: Mapped[str] = mapped_column(String(60))
    inspector: Mapped[str | None] = mapped_column(String(40))
    planned_date: Mapped[date | None] = mapped_column(Date)
    selection: Mapped[str] = mapped_column(String(20))  # 区级重点必查 / 随机抽取
    risk_class: Mapped[str | None] = mapped_column(String(1))  # the unit's credit-risk class when drawn (A–D)
    campaign: Mapped[Campaign] = relationship(back_populates="units")


class Inspection(Stamped, Base):
    """The inspection of one boiler of a unit in a campaign (or of a unit with no registered boiler), or of one
    in-plant vehicle in a joint-enforcement campaign (issue 17), with its checklist results; one per boiler or
    vehicle per campaign (the service enforces one boiler-less record per unit)."""

    __tablename__ = "inspection"
    __table_args__ = (UniqueConstraint("campaign_id", "boiler_id", name="uq_inspection_campaign_boiler"),
                      UniqueConstraint("campaign_id", "vehicle_id", name="uq_inspection_campaign_vehicle"))
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    boiler_id: Mapped[int | None] = mapped_column(ForeignKey("boiler.id"), index=True)
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicle.id"), index=True)
    inspector: Mapped[str] = mapped_column(String(40))
    inspected_on: Mapped[date] = mapped_column(Date)
    checklist_version: Mapped[str] = mapped_column(String(40))
    items: Mapped[list[InspectionItem]] = relationship(back_populates="inspection")


class InspectionItem(Base):
    """One checklist item of an inspection: 符合 / 不符合 / 不适用, a note and an optional attached file."""

    __tablename__ = "inspection_item"
    __table_args__ = (UniqueConstraint("inspection_id", "item_id", name="uq_inspection_item_inspection_item"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(10))
    section: Mapped[str] = mapped_column(String(10))
    result: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"))
    inspection: Mapped[Inspection] = relationship(back_populates="items")


class Finding(Stamped, Base):
    """A problem (隐患/问题) found in an inspection and its rectification: 整改中 → 已整改 → 已复查."""

    __tablename__ = "finding"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_id: Mapped[str | None] = mapped_column(String(10))
    section: Mapped[str] = mapped_column(String(10))
    severity: Mapped[str] = mapped_column(String(10))  # 一般 / 较大 / 重大
    description: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)
    responsible_unit: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="整改中")
    rectified_on: Mapped[date | None] = mapped_column(Date)
    evidence_upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"))
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    reviewed_by: Mapped[str | None] = mapped_column(String(40))


class Enforcement(Stamped, Base):
    """An enforcement outcome of an inspection or finding: 责令整改, 停用, 处罚 or 移送."""

    __tablename__ = "enforcement"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("finding.id"))
    action: Mapped[str] = mapped_column(String(10))
    decided_on: Mapped[date] = mapped_column(Date)
    document_no: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)


class UnitEvent(Stamped, Base):
    """A dated fact of a unit's credit record that no inspection holds (vocabulary unit_event_kind): a complaint found
    true, an accident (with or without the unit's responsibility), a refusal of inspection, a 停用 decision not
    carried out; imported like the registry, one per unit, kind and day."""

    __tablename__ = "unit_event"
    __table_args__ = (UniqueConstraint("unit_id", "event_kind", "event_date", name="uq_unit_event_unit_kind_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    event_kind: Mapped[str] = mapped_column(String(30))
    event_date: Mapped[date] = mapped_column(Date)
    responsible: Mapped[bool] = mapped_column(default=False)
    reference_no: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str | None] = mapped_column(Text)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"))
    deleted_at: Mapped[datetime | None]


class Vehicle(Stamped, Base):
    """A registered 场(厂)内专用机动车辆 (TSG N0001-2017: 叉车, 观光车, 观光列车) with its environmental information —
    power type, engine, manufacture date, the nameplate's emission stage (blank: not recorded) and the
    environmental registration code or label number of the Shanghai non-road machinery register (issue 17)."""

    __tablename__ = "vehicle"
    id: Mapped[int] = mapped_column(primary_key=True)
    device_code: Mapped[str] = mapped_column(String(40), unique=True)  # 设备代码
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    registration_no: Mapped[str | None] = mapped_column(String(40))  # 使用登记证编号
    registration_date: Mapped[date | None] = mapped_column(Date)
    vehicle_kind: Mapped[str] = mapped_column(String(30))
    power_type: Mapped[str] = mapped_column(String(30))
    engine_maker: Mapped[str | None] = mapped_column(String(120))
    engine_model: Mapped[str | None] = mapped_column(String(60))
    rated_power_kw: Mapped[float | None]
    manufacture_date: Mapped[date | None] = mapped_column(Date)
    emission_stage: Mapped[str | None] = mapped_column(String(10))
    env_code: Mapped[str | None] = mapped_column(String(40))  # 环保登记编码 / 标志编号
    status: Mapped[str] = mapped_column(String(10), default="在用")  # 在用 / 停用 / 报废
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"))
    deleted_at: Mapped[datetime | None]


class RiskRun(Base):
    """One classification of the district's units as of a date, with the reference versions it used (kept: the
    classes of any past run stay as they were decided)."""

    __tablename__ = "risk_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date] = mapped_column(Date, index=True)
    computed_at: Mapped[datetime] = mapped_column(default=utc_now)
    computed_by: Mapped[str] = mapped_column(String(60))
    reference_versions: Mapped[str] = mapped_column(Text)
    counts: Mapped[dict[str, Any]]  # units per class


class RiskAssessment(Base):
    """A unit's class in one run, with the indicator values and points that decided it."""

    __tablename__ = "risk_assessment"
    __table_args__ = (UniqueConstraint("run_id", "unit_id", name="uq_risk_assessment_run_unit"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("risk_run.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    risk_class: Mapped[str] = mapped_column(String(1))
    score: Mapped[float]
    indicators: Mapped[dict[str, Any]]  # indicator → value, the non-zero ones
    points: Mapped[dict[str, Any]]  # indicator → points, the non-zero ones
    vetoes: Mapped[dict[str, Any]]  # {"vetoes": [indicator, …]}


class MonitoringDevice(Stamped, Base):
    """The data logger (数采仪) of an online-monitoring system, by its HJ 212 MN, and the boiler it watches."""

    __tablename__ = "monitoring_device"
    id: Mapped[int] = mapped_column(primary_key=True)
    mn: Mapped[str] = mapped_column(String(40), unique=True)
    boiler_id: Mapped[int] = mapped_column(ForeignKey("boiler.id"), index=True)


class MonitoringHour(Base):
    """One hour of a boiler's online data (the hour beginning at ``hour``, Beijing time): the hourly values of the
    valid readings (blank where the hour is not valid for that factor, HJ 75/HJ 76), the hour's O₂ flag and valid
    minutes, and what the engine made of it — η₂ (η₁ with flows) and the concentrations at the reference O₂ with the
    limits of that day."""

    __tablename__ = "monitoring_hour"
    boiler_id: Mapped[int] = mapped_column(ForeignKey("boiler.id"), primary_key=True)
    hour: Mapped[datetime] = mapped_column(DateTime(timezone=False), primary_key=True)
    flag: Mapped[str] = mapped_column(String(1))
    valid_minutes: Mapped[float]
    flue_temp_c: Mapped[float | None]
    flue_o2_pct: Mapped[float | None]
    co_mg_m3: Mapped[float | None]
    nox_mg_m3: Mapped[float | None]
    so2_mg_m3: Mapped[float | None]
    pm_mg_m3: Mapped[float | None]
    flue_flow_m3_h: Mapped[float | None]
    eta_indirect_pct: Mapped[float | None]
    eta_direct_pct: Mapped[float | None]
    nox_ref_mg_m3: Mapped[float | None]
    so2_ref_mg_m3: Mapped[float | None]
    pm_ref_mg_m3: Mapped[float | None]
    nox_limit_mg_m3: Mapped[float | None]
    so2_limit_mg_m3: Mapped[float | None]
    pm_limit_mg_m3: Mapped[float | None]
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"))


TABLES = {"units": Unit, "boilers": Boiler, "tests": TestRecord, "fuel_use": FuelUse, "applications": Application,
          "audit": AuditLog}
