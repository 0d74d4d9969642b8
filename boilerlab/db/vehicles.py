"""内燃场车 in the database (issue 17): the register of in-plant vehicles with their units, checked as of a day
(:func:`boilerlab.standards.vehicles.check_vehicles`); the notification is built from it by
:mod:`boilerlab.analysis.vehicle_notice`."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.db.models import Unit, Vehicle
from boilerlab.db.session import Sessions
from boilerlab.standards.vehicles import check_vehicles

COLUMNS = ["device_code", "registration_no", "registration_date", "vehicle_kind", "power_type", "engine_maker",
           "engine_model", "rated_power_kw", "manufacture_date", "emission_stage", "env_code", "status"]


def _vehicles(session: Session) -> pd.DataFrame:
    rows = session.execute(select(*(getattr(Vehicle, c) for c in COLUMNS), Unit.name, Unit.credit_code, Unit.town,
                                  Unit.office)
                           .join(Unit, Unit.id == Vehicle.unit_id)
                           .where(Vehicle.deleted_at.is_(None), Unit.deleted_at.is_(None))
                           .order_by(Vehicle.device_code)).all()
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "unit_name", "credit_code", "town", "office"])
    frame["rated_power_kw"] = frame["rated_power_kw"].astype(float)  # the dates stay dates (shown without a time)
    return frame


def vehicles_frame(sessions: Sessions) -> pd.DataFrame:
    """Every live vehicle of a live unit with the unit's name, credit code, town and office, by device code."""
    with sessions() as session:
        return _vehicles(session)


def checked_in(session: Session, as_of: date, reference: ReferenceData) -> pd.DataFrame:
    """The register as ``session`` sees it, checked as of ``as_of`` (inside a writing transaction)."""
    return check_vehicles(_vehicles(session), reference, pd.Timestamp(as_of))


def checked_vehicles(sessions: Sessions, as_of: date, reference: ReferenceData | None = None) -> pd.DataFrame:
    """The register checked as of ``as_of``: each vehicle's stage, its basis, the stage required and its problems."""
    with sessions() as session:
        return checked_in(session, as_of, reference or load_reference())
