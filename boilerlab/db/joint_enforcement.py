"""内燃场车联合执法 (issue 17): the joint enforcement that follows a quarter's notification to the environment bureau.

A manager turns the notification's joint-enforcement list into a campaign (draw method ``joint_vehicle``): the units
with a vehicle on the list are its scope, each with an inspector of its office drawn at random (双随机) and a planned
date. Inspectors then record each vehicle's inspection against the ``vehicle_checklist``
(:func:`boilerlab.db.campaigns.record_inspection` with ``vehicle=True``); its 不符合 items become findings that go
through the same rectification, review and enforcement as a boiler campaign's, on the 专项检查 page.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.db.campaigns import JOINT_METHOD, find_campaign
from boilerlab.db.models import (AuditLog, Campaign, CampaignUnit, Enforcement, Finding, Inspection, Inspector, Unit,
                                 Vehicle)
from boilerlab.db.permissions import Who, authorise
from boilerlab.db.vehicles import checked_in
from boilerlab.standards import campaign_rules as rules
from boilerlab.standards.campaign_rules import CampaignError
from boilerlab.standards.vehicles import in_scope, quarter


def joint_campaign_name(period: str) -> str:
    """The name of the joint enforcement that follows the notification of ``period`` (``2024Q3``).

    Examples
    --------
    >>> joint_campaign_name("2024Q3")
    '2024年第三季度内燃场车联合执法'
    """
    return f"{quarter(period)[2]}内燃场车联合执法"


def create_joint_campaign(sessions: sessionmaker[Session], period: str, *, who: Who, seed: int,
                          start: date | None = None, end: date | None = None, basis: str | None = None,
                          reference: ReferenceData | None = None) -> dict[str, Any]:
    """Store the joint enforcement of the vehicles the notification of ``period`` lists, and audit it.

    The register is checked as of the quarter's last day, exactly as the notification is
    (:func:`boilerlab.analysis.vehicle_notice.vehicle_notice`): every internal-combustion vehicle in use by then
    with a problem is listed, and its unit enters the campaign's scope with an inspector of the unit's office drawn
    at random (``seed``) and a planned date between ``start`` (default: the day after the quarter) and ``end``
    (default: the end of the following quarter).

    Parameters
    ----------
    period : str
        The notified quarter, ``2024Q3``.
    who : str or Loader
        A manager (permission ``campaign``).
    seed : int
        Recorded with the campaign: the same register and seed draw the same inspectors.

    Returns
    -------
    dict
        ``campaign_id``, ``name``, ``units``, ``vehicles`` (listed) and ``problems`` (offices without inspectors).
    """
    reference = reference or load_reference()
    first, last, quarter_name = quarter(period)
    start = start or last + timedelta(days=1)
    end = end or (pd.Timestamp(start) + pd.offsets.QuarterEnd(1 if pd.Timestamp(start).is_quarter_end else 0)).date()
    if start <= last:
        raise CampaignError(f"联合执法开始日 {start} 应在通报期末 {last} 之后 / the joint enforcement starts after the "
                            "notified quarter")
    name = joint_campaign_name(period)
    with sessions.begin() as session:
        who = authorise(session, who, "campaign")
        if session.scalar(select(Campaign).where(Campaign.name == name)) is not None:
            raise CampaignError(f"「{name}」已建立 / a campaign named {name!r} exists")
        checked = checked_in(session, last, reference)
        listed = checked[in_scope(checked, last) & (checked["problems"] != "")].sort_values("device_code")
        if listed.empty:
            raise CampaignError(f"{quarter_name}的通报没有问题车辆, 无需联合执法 / the notification lists no vehicle")
        units = pd.DataFrame(session.execute(
            select(Unit.id, Unit.credit_code, Unit.office).where(Unit.credit_code.in_(set(listed["credit_code"])),
                                                                Unit.deleted_at.is_(None))).all(),
                             columns=["unit_id", "credit_code", "office"]).sort_values(["office", "credit_code"],
                                                                                       ignore_index=True)
        units["office"] = units["office"].fillna("（未填监管所）")
        pool = pd.DataFrame(session.execute(select(Inspector.name, Inspector.office).where(
            Inspector.active.is_(True))).all(), columns=["name", "office"])
        inspectors, problems = rules.assign_inspectors(units, pool, seed)
        planned = rules.plan_dates(units, inspectors, start, end)
        record = Campaign(name=name, year=start.year, sample_ratio=1.0, seed=int(seed), planned_start=start,
                          planned_end=end, created_by=who, draw_method=JOINT_METHOD,
                          basis=basis or f"《关于{quarter_name}内燃场车环保信息情况的通报》所附联合执法清单")
        session.add(record)
        session.flush()
        session.add_all(CampaignUnit(campaign_id=record.id, unit_id=int(u), office=o, inspector=i, planned_date=d,
                                     selection=rules.JOINT)
                        for u, o, i, d in zip(units["unit_id"], units["office"], inspectors, planned))
        summary = {"campaign_id": record.id, "name": name, "units": len(units), "vehicles": len(listed),
                   "problems": problems}
        session.add(AuditLog(who=who, action="draw", table_name="campaign", row_key=name, detail={
            "campaign_id": record.id, "campaign": name, "period": period, "quarter_end": last.isoformat(),
            "method": JOINT_METHOD, "seed": int(seed), "ratio": 1.0, "units": len(units),
            "vehicles_in_use": int(in_scope(checked, last).sum()), "listed_vehicles": len(listed),
            "inspectors": len(pool), "problems": problems,
            # the list as notified: what each vehicle was found with on the quarter's last day
            "listed": [{"device_code": d, "credit_code": c, "vehicle_problem": p.split(";")}
                       for d, c, p in zip(listed["device_code"], listed["credit_code"], listed["problems"])]}))
    return summary


def joint_vehicles(sessions: sessionmaker[Session], campaign: str) -> pd.DataFrame:
    """The vehicles of a joint enforcement's units: those on its list first (``listed`` True, with the problems
    notified), then the units' other live vehicles, each with ``inspection_id`` when inspected in this campaign."""
    with sessions() as session:
        found = find_campaign(session, name=campaign)
        if found.draw_method != JOINT_METHOD:
            raise CampaignError(f"「{found.name}」不是场车联合执法 / not a joint enforcement on vehicles")
        draw = session.scalar(select(AuditLog.detail).where(AuditLog.action == "draw", AuditLog.table_name == "campaign",
                                                            AuditLog.row_key == found.name))
        notified = {row["device_code"]: ";".join(row["vehicle_problem"])
                    for row in json.loads(json.dumps(draw or {})).get("listed", [])}
        rows = session.execute(
            select(Vehicle.device_code, Unit.credit_code, Unit.name, Vehicle.vehicle_kind, Vehicle.power_type,
                   Vehicle.emission_stage, Vehicle.env_code, Vehicle.status, Inspection.id)
            .join(Unit, Unit.id == Vehicle.unit_id)
            .join(CampaignUnit, (CampaignUnit.unit_id == Unit.id) & (CampaignUnit.campaign_id == found.id))
            .outerjoin(Inspection, (Inspection.vehicle_id == Vehicle.id) & (Inspection.campaign_id == found.id))
            .where(Vehicle.deleted_at.is_(None))).all()
    frame = pd.DataFrame(rows, columns=["device_code", "credit_code", "unit_name", "vehicle_kind", "power_type",
                                        "emission_stage", "env_code", "status", "inspection_id"])
    frame["listed"] = frame["device_code"].isin(set(notified))
    frame["problems"] = frame["device_code"].map(notified).fillna("")
    frame["inspection_id"] = frame["inspection_id"].astype("Int64")
    return frame.sort_values(["credit_code", "listed", "device_code"], ascending=[True, False, True],
                             ignore_index=True)


def joint_handling(sessions: sessionmaker[Session], period: str) -> dict[str, str]:
    """What the joint enforcement of ``period`` has done with each vehicle it inspected, for the notification's
    处理情况 column: the inspection day, its findings by status and the enforcement decided (action, day and document
    number), e.g. "2024-10-15 已检查; 问题整改中 2 项; 执法: 责令整改 (2024-10-15, 闵市监特令〔2024〕0001号)" (empty when
    there is no such campaign yet)."""
    with sessions() as session:
        found = session.scalar(select(Campaign).where(Campaign.name == joint_campaign_name(period)))
        if found is None:
            return {}
        rows = session.execute(select(Vehicle.device_code, Inspection.inspected_on, Finding.status)
                               .join(Inspection, Inspection.vehicle_id == Vehicle.id)
                               .outerjoin(Finding, Finding.inspection_id == Inspection.id)
                               .where(Inspection.campaign_id == found.id)).all()
        decided = session.execute(select(Vehicle.device_code, Enforcement.action, Enforcement.decided_on,
                                         Enforcement.document_no)
                                  .join(Inspection, Inspection.vehicle_id == Vehicle.id)
                                  .join(Enforcement, Enforcement.inspection_id == Inspection.id)
                                  .where(Inspection.campaign_id == found.id)
                                  .order_by(Enforcement.decided_on, Enforcement.id)).all()
    actions: dict[str, list[str]] = {}
    for device, action, day, document in decided:
        actions.setdefault(device, []).append(f"{action} ({day.isoformat()}{', ' + document if document else ''})")
    handled: dict[str, str] = {}
    frame = pd.DataFrame(rows, columns=["device_code", "inspected_on", "status"])
    for (device, day), group in frame.groupby(["device_code", "inspected_on"]):
        states = group["status"].dropna().value_counts()
        counted = "、".join(f"{s} {int(states[s])} 项" for s in rules.FINDING_STATES if s in states)
        handled[device] = f"{day.isoformat()} 已检查; 问题{counted}" if counted else f"{day.isoformat()} 已检查, 未发现问题"
        if device in actions:
            handled[device] += f"; 执法: {'、'.join(actions[device])}"
    return handled
