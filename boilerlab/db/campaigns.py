"""Campaigns in the database: the audited draw, inspection records with their checklist, findings and their
rectification, enforcement outcomes, and everything a campaign holds as DataFrames for its figures and report.

The rules themselves are in :mod:`boilerlab.standards.campaign_rules`; every write here is one transaction with its audit row.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import false, func, select, true
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.standards import campaign_rules as rules
from boilerlab.standards.emissions import POLLUTANTS, VERDICT_COLUMNS
from boilerlab.standards.campaign_rules import CampaignError
from boilerlab.standards.risk import CLASSES, class_ratios, draw_by_class
from boilerlab.db.permissions import Who, authorise
from boilerlab.db.risk import classify_in
from boilerlab.db.models import (AuditLog, Boiler, Campaign, CampaignUnit, Enforcement, Finding, Inspection,
                                 InspectionItem, Inspector, TestRecord, Unit, Upload, Vehicle)
from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.base.vocabulary import local_today

#: The draw method of a joint-enforcement campaign on in-plant vehicles (vocabulary ``draw_method``).
JOINT_METHOD = "joint_vehicle"
PUBLIC_COLUMNS = ("序号", "单位名称", "统一社会信用代码", "所在街镇", "抽查事项", "检查机关", "抽取方式")


def add_inspectors(sessions: sessionmaker[Session], inspectors: pd.DataFrame, who: Who) -> int:
    """Add inspectors (``name``, ``office``) not yet known; returns how many were added. ``who``: a manager."""
    with sessions.begin() as session:
        who = authorise(session, who, "campaign")
        known = set(session.scalars(select(Inspector.name)))
        new = inspectors[~inspectors["name"].isin(known)].drop_duplicates("name")
        session.add_all(Inspector(name=n, office=o) for n, o in zip(new["name"], new["office"]))
        if len(new):
            session.add(AuditLog(who=who, action="insert", table_name="inspector", row_key=None,
                                 detail={"names": new["name"].tolist()}))
    return len(new)


def find_campaign(session: Session, year: int | None = None, name: str | None = None) -> Campaign:
    """The campaign named ``name``, or the only boiler campaign of ``year`` (several in one year: name one; a joint
    enforcement on vehicles is found by its name)."""
    query = select(Campaign).order_by(Campaign.id)
    query = query.where(Campaign.name == name) if name else query.where(Campaign.year == year,
                                                                        Campaign.draw_method != JOINT_METHOD)
    found = session.scalars(query).all()
    if not found:
        raise CampaignError(f"没有{' 名为 ' + repr(name) + ' ' if name else ' ' + str(year) + ' 年'}的专项检查 / no such campaign")
    if len(found) > 1:
        raise CampaignError(f"{year} 年有 {len(found)} 次专项检查, 请指明名称: {'、'.join(c.name for c in found)} / "
                            f"{year} has several campaigns: name one")
    return found[0]


def create_campaign(sessions: sessionmaker[Session], *, name: str, year: int, seed: int, start: date, end: date,
                    who: Who, ratio: float | None = None, method: str = "office_ratio", as_of: date | None = None,
                    basis: str | None = None, reference: ReferenceData | None = None) -> dict[str, Any]:
    """Draw a campaign's units and inspectors (双随机) from the live key-unit directory, store and audit it.

    Every unit of the directory is classified (信用风险分类, :mod:`boilerlab.db.risk`) as of ``as_of`` in the same
    transaction; the run is kept and each drawn unit's class is stored with the draw.

    Parameters
    ----------
    method : str
        ``office_ratio``: ``ratio`` of the non-district-level units of each office; ``risk_class``: the share of
        each credit-risk class that ``risk_classes`` sets (:func:`boilerlab.standards.risk.draw_by_class`).
    ratio : float
        For ``office_ratio``: share of the non-district-level units drawn per office; 1 = every key unit (the yearly
        coverage). [–]
    seed : int
        Recorded with the campaign and in the audit log: the same directory, classification date and seed redraw
        the same units.
    as_of : date, optional
        The day the units are classified as of (default: today, the day of the draw).
    who : str or Loader
        The manager drawing (:mod:`boilerlab.db.permissions`, permission ``campaign``).

    Returns
    -------
    dict
        ``campaign_id``, ``units`` (selected), ``district_level``, ``drawn``, ``by_class`` (selected units per
        class), ``risk_run_id`` and ``problems`` (offices without inspectors, units that had to keep last year's
        inspector).
    """
    if not name.strip():
        raise CampaignError("专项检查须有名称 / a campaign needs a name")
    if method not in ("office_ratio", "risk_class"):
        raise CampaignError(f"抽取方式 {method!r} 无效, 有效取值 office_ratio、risk_class / unknown draw method")
    if method == "office_ratio" and ratio is None:
        raise CampaignError("按监管所比例抽取须给出抽查比例 / an office-ratio draw needs a ratio")
    reference = reference or load_reference()
    as_of = as_of or date.today()
    with sessions.begin() as session:
        who = authorise(session, who, "campaign")
        if session.scalar(select(Campaign).where(Campaign.name == name)) is not None:
            raise CampaignError(f"专项检查 {name!r} 已存在 / a campaign named {name!r} exists")
        directory = pd.DataFrame(session.execute(
            select(Unit.id, Unit.credit_code, Unit.office, Unit.district_key)
            .where(Unit.key_unit.is_(True), Unit.deleted_at.is_(None))).all(),
            columns=["unit_id", "credit_code", "office", "district_key"])
        if directory.empty:
            raise CampaignError("重点单位名录为空 / the key-unit directory is empty")
        run, units, classified = classify_in(session, as_of, who, reference)
        directory["risk_class"] = directory["unit_id"].map(dict(zip(units["unit_id"], classified["risk_class"])))
        pool = pd.DataFrame(session.execute(select(Inspector.name, Inspector.office).where(
            Inspector.active.is_(True))).all(), columns=["name", "office"])
        # last year's inspector of each unit in a boiler campaign: who actually inspected it, else who was assigned
        last_year = dict(session.execute(
            select(CampaignUnit.unit_id, CampaignUnit.inspector).join(Campaign, Campaign.id == CampaignUnit.campaign_id)
            .where(Campaign.year == year - 1, Campaign.draw_method != JOINT_METHOD,
                   CampaignUnit.inspector.is_not(None)).order_by(CampaignUnit.id)).all())
        last_year.update(session.execute(
            select(Inspection.unit_id, Inspection.inspector).join(Campaign, Campaign.id == Inspection.campaign_id)
            .where(Campaign.year == year - 1, Campaign.draw_method != JOINT_METHOD, Inspection.vehicle_id.is_(None))
            .order_by(Inspection.inspected_on, Inspection.id)).all())
        if method == "risk_class":
            ratios = class_ratios(reference)
            selected = draw_by_class(directory, ratios, seed)
            others = int((~directory["district_key"].astype(bool)).sum())
            ratio = float((selected["selection"] == rules.DRAWN).sum() / others) if others else 1.0
        else:
            ratios = None
            selected = rules.draw_units(directory, ratio, seed)
        inspectors, problems = rules.assign_inspectors(selected, pool, seed, last_year)
        planned = rules.plan_dates(selected, inspectors, start, end)
        record = Campaign(name=name, year=year, sample_ratio=float(ratio), seed=int(seed), planned_start=start,
                          planned_end=end, basis=basis, created_by=who, draw_method=method, risk_run_id=run.id)
        session.add(record)
        session.flush()
        session.add_all(CampaignUnit(campaign_id=record.id, unit_id=int(u), office=o, inspector=i, planned_date=d,
                                     selection=s, risk_class=c)
                        for u, o, i, d, s, c in zip(selected["unit_id"], selected["office"], inspectors, planned,
                                                    selected["selection"], selected["risk_class"]))
        by_class = {c: int((selected["risk_class"] == c).sum()) for c in CLASSES}
        summary = {"campaign_id": record.id, "units": len(selected),
                   "district_level": int((selected["selection"] == rules.MUST).sum()),
                   "drawn": int((selected["selection"] == rules.DRAWN).sum()), "by_class": by_class,
                   "risk_run_id": run.id, "problems": problems}
        session.add(AuditLog(who=who, action="draw", table_name="campaign", row_key=name,
                             detail={**summary, "seed": int(seed), "ratio": float(ratio), "method": method,
                                     "as_of": as_of.isoformat(), "class_ratios": ratios,
                                     "directory": len(directory), "inspectors": len(pool)}))
    return summary


def _upload(session: Session, filename: str, content: bytes, who: str, kind: str = "evidence") -> int:
    digest = hashlib.sha256(content).hexdigest()
    stored = session.scalar(select(Upload).where(Upload.sha256 == digest, Upload.kind == kind))
    if stored is None:
        stored = Upload(kind=kind, filename=filename, sha256=digest, content=content, uploaded_by=who)
        session.add(stored)
        session.flush()
    return stored.id


def _finding_problems(finding: dict[str, Any], inspected_on: date, items: set[str]) -> list[str]:
    problems = []
    item = finding.get("item_id")
    if item is not None and item not in items:
        problems.append(f"未知的检查项目 {item} / unknown checklist item")
    if finding.get("severity") not in rules.SEVERITIES:
        problems.append(f"{item or ''} 严重程度 {finding.get('severity')!r} 无效, 有效取值 {list(rules.SEVERITIES)} / "
                        f"severity {finding.get('severity')!r} invalid")
    if not str(finding.get("description") or "").strip():
        problems.append(f"{item or ''} 须写明问题 / a finding needs a description")
    deadline = finding.get("deadline")
    if not isinstance(deadline, date) or pd.isna(deadline):
        problems.append(f"{item or ''} 须填写整改期限 / a finding needs a deadline")
    elif deadline < inspected_on:
        problems.append(f"{item or ''} 整改期限 {deadline} 早于检查日期 {inspected_on} / deadline before the inspection")
    return problems


#: The checklist of an inspection: of a boiler or unit (三位一体), or of an in-plant vehicle (联合执法).
BOILER_CHECKLIST, VEHICLE_CHECKLIST = "checklist_items", "vehicle_checklist"


def record_inspection(sessions: sessionmaker[Session], *, campaign: str, credit_code: str, device_code: str | None,
                      inspector: str, inspected_on: date, answers: dict[str, tuple[str, str | None]], who: Who,
                      attachments: dict[str, tuple[str, bytes]] | None = None,
                      findings: list[dict[str, Any]] | None = None, reference: ReferenceData | None = None,
                      vehicle: bool = False) -> int:
    """Store the inspection of one boiler (or of a unit with no registered boiler: ``device_code`` None) in the
    campaign named ``campaign``, with its findings, in one transaction; with ``vehicle`` True, the inspection of
    the in-plant vehicle ``device_code`` in a joint-enforcement campaign (:mod:`boilerlab.db.joint_enforcement`),
    against the ``vehicle_checklist`` and on or after the campaign's planned start.

    ``answers`` maps every checklist item to (符合 / 不符合 / 不适用, note); ``attachments`` maps items to a file
    (name, bytes) kept byte for byte; ``findings`` are dicts of ``item_id``, ``severity``, ``description`` and
    ``deadline`` (a date), each stored 整改中. Nothing is stored unless everything is valid. Returns the id.
    ``who`` is an inspector of the office the unit is assigned to in this campaign (permission ``inspection``).
    """
    ref = reference or load_reference()
    checklist_name = VEHICLE_CHECKLIST if vehicle else BOILER_CHECKLIST
    checklist = ref.tables[checklist_name]
    problems = rules.check_answers(answers, checklist)
    if not inspector.strip():
        problems.append("须填写检查人员 / the inspector is required")
    today = local_today()
    if pd.Timestamp(inspected_on).date() > today:
        problems.append(f"检查日期 {inspected_on} 晚于今天 {today}: 尚未进行的检查不能登记 / the inspection date is in "
                        "the future")
    for finding in findings or []:
        problems += _finding_problems(finding, inspected_on, set(checklist["item_id"]))
    if problems:
        raise CampaignError("; ".join(problems))
    if vehicle and not device_code:
        raise CampaignError("须指明受检车辆的设备代码 / name the vehicle inspected")
    sections = dict(zip(checklist["item_id"], checklist["section"]))
    with sessions.begin() as session:
        found = find_campaign(session, name=campaign)
        if vehicle != (found.draw_method == JOINT_METHOD):
            raise CampaignError(f"「{found.name}」是{'锅炉专项检查, 不登记场车' if vehicle else '场车联合执法, 只登记场车'} / "
                                f"{'vehicles belong to a joint-enforcement campaign' if vehicle else 'a joint-enforcement campaign inspects vehicles'}")
        if vehicle and inspected_on < found.planned_start:
            raise CampaignError(f"检查日期 {inspected_on} 早于联合执法开始日 {found.planned_start} / the inspection is "
                                "before the joint enforcement starts")
        if not vehicle and inspected_on.year != found.year:
            raise CampaignError(f"检查日期 {inspected_on} 不在 {found.year} 年 / the inspection date is not in the "
                                "campaign's year")
        unit = session.scalar(select(Unit).where(Unit.credit_code == credit_code, Unit.deleted_at.is_(None)))
        assigned = None if unit is None else session.scalar(select(CampaignUnit).where(
            CampaignUnit.campaign_id == found.id, CampaignUnit.unit_id == unit.id))
        if assigned is None:
            raise CampaignError(f"单位 {credit_code} 不在 {found.name} 的检查范围内 / unit not in the campaign's scope")
        who = authorise(session, who, "inspection", office=assigned.office)
        boiler_id = vehicle_id = None
        if vehicle:
            subject = session.scalar(select(Vehicle).where(Vehicle.device_code == device_code,
                                                           Vehicle.deleted_at.is_(None)))
            if subject is None or subject.unit_id != unit.id:
                raise CampaignError(f"车辆 {device_code} 不是该单位的在册场车 / vehicle {device_code} is not this unit's")
            vehicle_id = subject.id
            same = Inspection.vehicle_id == vehicle_id
        elif device_code:
            boiler = session.scalar(select(Boiler).where(Boiler.device_code == device_code, Boiler.deleted_at.is_(None)))
            if boiler is None or boiler.unit_id != unit.id:
                raise CampaignError(f"锅炉 {device_code} 不是该单位的在册锅炉 / boiler {device_code} is not this unit's")
            boiler_id = boiler.id
            same = Inspection.boiler_id == boiler_id
        else:
            same = Inspection.boiler_id.is_(None)
        duplicate = session.scalar(select(Inspection).where(Inspection.campaign_id == found.id,
                                                            Inspection.unit_id == unit.id, same))
        if duplicate is not None:
            what = "车辆" if vehicle else "锅炉" if boiler_id else "单位"
            raise CampaignError(f"该{what}在本次{'联合执法' if vehicle else '专项检查'}中已有检查记录 (编号 {duplicate.id}) / "
                                "already inspected in this campaign")
        inspection = Inspection(campaign_id=found.id, unit_id=unit.id, boiler_id=boiler_id, vehicle_id=vehicle_id,
                                inspector=inspector, inspected_on=inspected_on,
                                checklist_version=ref.versions[checklist_name])
        session.add(inspection)
        session.flush()
        files = {item: _upload(session, name, content, who) for item, (name, content) in (attachments or {}).items()}
        session.add_all(InspectionItem(inspection_id=inspection.id, item_id=item, section=sections[item], result=result,
                                       note=(note or None), upload_id=files.get(item))
                        for item, (result, note) in answers.items())
        for finding in findings or []:
            session.add(Finding(inspection_id=inspection.id, item_id=finding.get("item_id"),
                                section=sections.get(finding.get("item_id"), finding.get("section")),
                                severity=finding["severity"], description=str(finding["description"]).strip(),
                                deadline=finding["deadline"], responsible_unit=unit.name, status=rules.OPEN))
        session.add(AuditLog(who=who, action="insert", table_name="inspection", row_key=str(inspection.id),
                             detail={"campaign": found.name, "unit": credit_code,
                                     "vehicle" if vehicle else "boiler": device_code,
                                     "nonconforming": sorted(i for i, (r, _) in answers.items() if r == "不符合"),
                                     "findings": len(findings or [])}))
        return inspection.id


def add_finding(sessions: sessionmaker[Session], inspection_id: int, *, section: str, severity: str, description: str,
                deadline: date, who: Who, item_id: str | None = None, responsible_unit: str | None = None) -> int:
    """Record a finding (隐患/问题) of an inspection, 整改中 until rectified; returns its id. ``who``: an inspector of
    the office the inspection belongs to."""
    problems = [f"{name} {value!r} 无效, 有效取值 {list(valid)} / {name} {value!r} invalid"
                for name, value, valid in (("部分 section", section, rules.SECTIONS),
                                           ("严重程度 severity", severity, rules.SEVERITIES)) if value not in valid]
    if not description.strip():
        problems.append("须写明问题 / a finding needs a description")
    if problems:
        raise CampaignError("; ".join(problems))
    with sessions.begin() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise CampaignError(f"检查记录 {inspection_id} 不存在 / no inspection {inspection_id}")
        checklist = load_reference().tables[VEHICLE_CHECKLIST if inspection.vehicle_id else BOILER_CHECKLIST]
        if item_id is not None and item_id not in set(checklist["item_id"]):
            raise CampaignError(f"未知的检查项目 {item_id} / unknown checklist item {item_id}")
        if deadline < inspection.inspected_on:
            raise CampaignError(f"整改期限 {deadline} 早于检查日期 {inspection.inspected_on} / deadline before the inspection")
        who = authorise(session, who, "inspection", office=_office_of(session, inspection))
        unit = session.get(Unit, inspection.unit_id)
        finding = Finding(inspection_id=inspection_id, item_id=item_id, section=section, severity=severity,
                          description=description.strip(), deadline=deadline,
                          responsible_unit=responsible_unit or unit.name, status=rules.OPEN)
        session.add(finding)
        session.flush()
        session.add(AuditLog(who=who, action="insert", table_name="finding", row_key=str(finding.id),
                             detail={"inspection": inspection_id, "severity": severity, "deadline": deadline.isoformat()}))
        return finding.id


def _office_of(session: Session, inspection: Inspection) -> str | None:
    """The office the inspected unit is assigned to in the inspection's campaign (its inspectors may write there)."""
    return session.scalar(select(CampaignUnit.office).where(CampaignUnit.campaign_id == inspection.campaign_id,
                                                            CampaignUnit.unit_id == inspection.unit_id))


def move_finding(sessions: sessionmaker[Session], finding_id: int, target: str, *, on: date, who: Who,
                 evidence: tuple[str, bytes] | None = None) -> None:
    """Move a finding 整改中 → 已整改 (``evidence`` required, kept), 已整改 → 已复查 (by ``who``), or back to
    整改中 when a review fails; audited. Recording a rectification needs permission ``rectification`` (a manager,
    or an inspector of the unit's office), a review ``review`` (a manager)."""
    with sessions.begin() as session:
        finding = session.get(Finding, finding_id)
        if finding is None:
            raise CampaignError(f"问题 {finding_id} 不存在 / no finding {finding_id}")
        who = authorise(session, who, "rectification" if target == rules.RECTIFIED else "review",
                        office=_office_of(session, session.get(Inspection, finding.inspection_id)))
        before = finding.status
        finding.status = rules.next_status(before, target, evidence=evidence is not None)
        if target == rules.RECTIFIED:
            finding.rectified_on = on
            finding.evidence_upload_id = _upload(session, evidence[0], evidence[1], who)
        elif target == rules.REVIEWED:
            if on < finding.rectified_on:
                raise CampaignError(f"复查日期 {on} 早于整改日期 {finding.rectified_on} / review before rectification")
            finding.reviewed_on, finding.reviewed_by = on, who
        else:  # a failed review: the rectification did not count (the evidence file stays in the upload table)
            finding.rectified_on, finding.evidence_upload_id = None, None
        session.add(AuditLog(who=who, action="update", table_name="finding", row_key=str(finding_id),
                             detail={"status": [before, target], "on": on.isoformat()}))


def add_enforcement(sessions: sessionmaker[Session], inspection_id: int, *, action: str, decided_on: date, who: Who,
                    finding_id: int | None = None, document_no: str | None = None, note: str | None = None) -> int:
    """Record an enforcement outcome (责令整改, 停用, 处罚, 移送) of an inspection or one of its findings; ``who``: a
    manager (permission ``review``)."""
    if action not in rules.ACTIONS:
        raise CampaignError(f"执法措施 {action!r} 无效, 有效取值 {list(rules.ACTIONS)} / invalid action")
    with sessions.begin() as session:
        who = authorise(session, who, "review")
        if session.get(Inspection, inspection_id) is None:
            raise CampaignError(f"检查记录 {inspection_id} 不存在 / no inspection {inspection_id}")
        if finding_id is not None:
            finding = session.get(Finding, finding_id)
            if finding is None or finding.inspection_id != inspection_id:
                raise CampaignError(f"问题 {finding_id} 不属于检查记录 {inspection_id} / finding not of this inspection")
        record = Enforcement(inspection_id=inspection_id, finding_id=finding_id, action=action, decided_on=decided_on,
                             document_no=document_no, note=note)
        session.add(record)
        session.flush()
        session.add(AuditLog(who=who, action="insert", table_name="enforcement", row_key=str(record.id),
                             detail={"inspection": inspection_id, "action": action}))
        return record.id


def _frame(session: Session, query, columns) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in session.execute(query)], columns=list(columns))


def campaign_frames(sessions: sessionmaker[Session], year: int | None = None, name: str | None = None) -> dict[str, Any]:
    """Everything a campaign holds, as DataFrames: ``campaign`` (dict), ``plan``, ``inspections``, ``items``,
    ``findings``, ``enforcement``, ``tests`` (the latest test up to the campaign year of every boiler of the
    units in scope, for the GB 24500 and emission figures; none for a joint enforcement on vehicles) and ``listed``
    (a joint enforcement's vehicles as its list named them: ``device_code``, ``unit_id``, ``problems``)."""
    with sessions() as session:
        found = find_campaign(session, year, name)
        info = {c.name: getattr(found, c.name) for c in Campaign.__table__.columns}
        joint = found.draw_method == JOINT_METHOD
        draw = session.scalar(select(AuditLog.detail).where(
            AuditLog.action == "draw", AuditLog.table_name == "campaign", AuditLog.row_key == found.name)) if joint else None
        notified = pd.DataFrame((json.loads(json.dumps(draw or {}))).get("listed", []),
                                columns=["device_code", "credit_code", "vehicle_problem"])
        unit_ids = dict(session.execute(select(Unit.credit_code, Unit.id).where(
            Unit.credit_code.in_(set(notified["credit_code"]) or {""}))).all())
        plan = _frame(session, select(CampaignUnit.unit_id, Unit.name, Unit.credit_code, Unit.town, CampaignUnit.office,
                                      CampaignUnit.inspector, CampaignUnit.planned_date, CampaignUnit.selection,
                                      CampaignUnit.risk_class)
                      .join(Unit, Unit.id == CampaignUnit.unit_id)
                      .where(CampaignUnit.campaign_id == found.id, Unit.deleted_at.is_(None))  # deleted: out of scope
                      .order_by(CampaignUnit.office, Unit.credit_code),
                      ("unit_id", "unit_name", "credit_code", "town", "office", "inspector", "planned_date", "selection",
                       "risk_class"))
        # the device inspected: a boiler, or an in-plant vehicle in a joint-enforcement campaign
        inspections = _frame(session, select(Inspection.id, Inspection.unit_id,
                                             func.coalesce(Boiler.device_code, Vehicle.device_code),
                                             Inspection.inspector, Inspection.inspected_on)
                             .outerjoin(Boiler, Boiler.id == Inspection.boiler_id)
                             .outerjoin(Vehicle, Vehicle.id == Inspection.vehicle_id)
                             .where(Inspection.campaign_id == found.id).order_by(Inspection.id),
                             ("inspection_id", "unit_id", "device_code", "inspector", "inspected_on"))
        items = _frame(session, select(InspectionItem.inspection_id, InspectionItem.item_id, InspectionItem.section,
                                       InspectionItem.result, InspectionItem.note)
                       .join(Inspection, Inspection.id == InspectionItem.inspection_id)
                       .where(Inspection.campaign_id == found.id),
                       ("inspection_id", "item_id", "section", "result", "note"))
        findings = _frame(session, select(Finding.id, Finding.inspection_id, Finding.item_id, Finding.section,
                                          Finding.severity, Finding.description, Finding.deadline,
                                          Finding.responsible_unit, Finding.status, Finding.rectified_on,
                                          Finding.reviewed_on)
                          .join(Inspection, Inspection.id == Finding.inspection_id)
                          .where(Inspection.campaign_id == found.id).order_by(Finding.id),
                          ("finding_id", "inspection_id", "item_id", "section", "severity", "description", "deadline",
                           "responsible_unit", "status", "rectified_on", "reviewed_on"))
        enforcement = _frame(session, select(Enforcement.id, Enforcement.inspection_id, Enforcement.finding_id,
                                             Enforcement.action, Enforcement.decided_on, Enforcement.document_no)
                             .join(Inspection, Inspection.id == Enforcement.inspection_id)
                             .where(Inspection.campaign_id == found.id).order_by(Enforcement.id),
                             ("enforcement_id", "inspection_id", "finding_id", "action", "decided_on", "document_no"))
        tests = _frame(session, select(Boiler.device_code, Boiler.unit_id, Boiler.fuel_kind, TestRecord.test_id,
                                       TestRecord.test_date, TestRecord.eta_governing_pct, TestRecord.gb24500_grade,
                                       TestRecord.results)
                       .join(TestRecord, TestRecord.boiler_id == Boiler.id)
                       .join(CampaignUnit, CampaignUnit.unit_id == Boiler.unit_id)
                       .where(CampaignUnit.campaign_id == found.id, TestRecord.deleted_at.is_(None),
                              Boiler.deleted_at.is_(None), TestRecord.test_date <= date(found.year, 12, 31),
                              false() if joint else true())  # a joint enforcement is about vehicles: no boiler figures
                       .order_by(TestRecord.test_date, TestRecord.test_id),
                       ("device_code", "unit_id", "fuel_kind", "test_id", "test_date", "eta_governing_pct",
                        "gb24500_grade", "results"))
    plan["town"] = plan["town"].fillna("（未填街镇）")
    plan["risk_class"] = plan["risk_class"].fillna("")  # a campaign drawn before the classes existed: unclassified
    tests = tests.drop_duplicates("device_code", keep="last")
    results = tests.pop("results")
    for name in ("gb24500_limit_pct", "inuse_criterion_pct", "inuse_verdict", *VERDICT_COLUMNS,
                 *(f"{p}_verdict" for p in POLLUTANTS)):
        tests[name] = results.map(lambda r, n=name: (r or {}).get(n)).astype(object)
    where = plan.set_index("unit_id")[["unit_name", "town", "office", "risk_class"]]
    for frame in (inspections, tests):
        frame[["unit_name", "town", "office", "risk_class"]] = where.reindex(frame["unit_id"]).to_numpy()
    context = inspections.set_index("inspection_id")[["unit_name", "town", "office", "device_code", "risk_class"]]
    for frame in (items, findings, enforcement):
        frame[["unit_name", "town", "office", "device_code", "risk_class"]] = context.reindex(
            frame["inspection_id"]).to_numpy()
    listed = pd.DataFrame({"device_code": notified["device_code"],
                           "unit_id": notified["credit_code"].map(unit_ids),
                           "problems": notified["vehicle_problem"].map(lambda p: ";".join(p) if isinstance(p, list) else p)})
    return {"campaign": info, "plan": plan, "inspections": inspections, "items": items, "findings": findings,
            "enforcement": enforcement, "tests": tests, "listed": listed}


def public_notice(frames: dict[str, Any]) -> pd.DataFrame:
    """The 双随机、一公开 notice list: public fields only (no inspector, no planned date, no contact data)."""
    plan = frames["plan"]
    matter = f"{frames['campaign']['name']}: " + ("内燃场车环保信息联合执法检查" if frames["campaign"]["draw_method"] ==
                                                JOINT_METHOD else "锅炉安全、节能、环保 (三位一体) 监督检查")
    return pd.DataFrame({"序号": range(1, len(plan) + 1), "单位名称": plan["unit_name"].to_numpy(),
                         "统一社会信用代码": plan["credit_code"].to_numpy(), "所在街镇": plan["town"].to_numpy(),
                         "抽查事项": matter, "检查机关": plan["office"].to_numpy(),
                         "抽取方式": plan["selection"].to_numpy()}, columns=list(PUBLIC_COLUMNS))


def draw_record(sessions: sessionmaker[Session], name: str) -> dict[str, Any]:
    """The audit entry of a campaign's draw (seed, ratio, counts), as recorded."""
    with sessions() as session:
        entry = session.scalar(select(AuditLog).where(AuditLog.action == "draw", AuditLog.row_key == name))
        if entry is None:
            raise CampaignError(f"没有 {name!r} 的抽取记录 / no draw recorded for {name!r}")
        return json.loads(json.dumps(entry.detail)) | {"who": entry.who, "at": entry.at}


def list_campaigns(sessions: sessionmaker[Session]) -> pd.DataFrame:
    """Every campaign, newest first: ``name``, ``year``, ``sample_ratio``, ``seed``, planned dates."""
    with sessions() as session:
        return _frame(session, select(Campaign.name, Campaign.year, Campaign.sample_ratio, Campaign.seed,
                                      Campaign.planned_start, Campaign.planned_end).order_by(Campaign.year.desc(),
                                                                                             Campaign.id.desc()),
                      ("name", "year", "sample_ratio", "seed", "planned_start", "planned_end"))


def unit_boilers(sessions: sessionmaker[Session], credit_code: str) -> pd.DataFrame:
    """The live boilers of a unit (``device_code``, kind, fuel, firing, condensing, low-NOx, capacities, status)."""
    with sessions() as session:
        return _frame(session, select(Boiler.device_code, Boiler.boiler_kind, Boiler.fuel_kind, Boiler.combustion,
                                      Boiler.condensing, Boiler.low_nox, Boiler.rated_capacity_t_h,
                                      Boiler.rated_capacity_mw, Boiler.status)
                      .join(Unit, Unit.id == Boiler.unit_id)
                      .where(Unit.credit_code == credit_code, Boiler.deleted_at.is_(None)).order_by(Boiler.device_code),
                      ("device_code", "boiler_kind", "fuel_kind", "combustion", "condensing", "low_nox",
                       "rated_capacity_t_h", "rated_capacity_mw", "status"))


def latest_test(sessions: sessionmaker[Session], device_code: str, up_to: date) -> dict[str, Any] | None:
    """The boiler's last stored test on or before ``up_to``: its id, inputs and results in one mapping."""
    with sessions() as session:
        row = session.execute(select(TestRecord.test_id, TestRecord.inputs, TestRecord.results)
                              .join(Boiler, Boiler.id == TestRecord.boiler_id)
                              .where(Boiler.device_code == device_code, TestRecord.deleted_at.is_(None),
                                     TestRecord.test_date <= up_to)
                              .order_by(TestRecord.test_date.desc(), TestRecord.test_id.desc())).first()
    return None if row is None else {"test_id": row.test_id, **row.inputs, **row.results}


def uncovered_key_units(sessions: sessionmaker[Session], year: int) -> pd.DataFrame:
    """Live key units with no inspection in any campaign of ``year`` (every key unit is due once a year; an in-plant
    vehicle's inspection in a joint enforcement does not cover its boilers)."""
    with sessions() as session:
        inspected = select(Inspection.unit_id).join(Campaign, Campaign.id == Inspection.campaign_id).where(
            Campaign.year == year, Inspection.vehicle_id.is_(None))
        return _frame(session, select(Unit.credit_code, Unit.name, Unit.town, Unit.office, Unit.district_key)
                      .where(Unit.key_unit.is_(True), Unit.deleted_at.is_(None), Unit.id.not_in(inspected))
                      .order_by(Unit.office, Unit.credit_code),
                      ("credit_code", "unit_name", "town", "office", "district_key"))
