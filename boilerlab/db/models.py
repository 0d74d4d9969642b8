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


TABLES = {"units": Unit, "boilers": Boiler, "tests": TestRecord, "fuel_use": FuelUse, "applications": Application,
          "audit": AuditLog}
