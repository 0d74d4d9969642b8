"""Credit-risk classification of the district's units from what the database holds (issue 15).

:func:`unit_indicators` reads, for every live unit, the indicator values of ``risk_indicators`` as they stood at the
end of a date — only registrations, tests, inspections, findings, enforcement, unit events and online hours dated on
or before it count, so a past classification can be computed again — and :func:`classify_units` scores them
(:func:`boilerlab.standards.risk.classify`) and keeps the run with every unit's points. What is not dated in the
register (a boiler's 在用 status, a unit's place category) is read as it is now.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.db.models import (AuditLog, Boiler, Enforcement, Finding, Inspection, InspectionItem, RiskAssessment,
                                 RiskRun, TestRecord, Unit, UnitEvent)
from boilerlab.db.monitoring import summarise
from boilerlab.db.permissions import Who, authorise
from boilerlab.standards import campaign_rules as rules
from boilerlab.standards.emissions import POLLUTANTS
from boilerlab.standards.risk import CLASSES, INDICATORS, classify, reasons

UNIT_COLUMNS = ["unit_id", "credit_code", "unit_name", "town", "office", "key_unit", "district_key", "place_category"]


def _frame(session: Session, statement, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(session.execute(statement).all(), columns=columns)


def _window_start(as_of: date, months: float) -> pd.Timestamp:
    """The first day inside a look-back window of ``months`` ending with ``as_of`` (24 months to 2024-06-30: from
    2022-07-01)."""
    return pd.Timestamp(as_of) - pd.DateOffset(months=int(months)) + pd.Timedelta(days=1)


def _count(keys: pd.Series, index: pd.Index) -> pd.Series:
    """How many times each unit id of ``index`` occurs in ``keys``."""
    return keys.value_counts().reindex(index, fill_value=0).astype(float)


def unit_indicators(session: Session, as_of: date, reference: ReferenceData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The live units and their indicator values as of the end of ``as_of``.

    Returns
    -------
    (units, values)
        ``units``: ``UNIT_COLUMNS``, one row per live unit; ``values``: one row per unit (same order, indexed by
        ``unit_id``), one column per indicator code of ``risk_indicators``. [–] counts or 0/1 flags
    """
    rules_ = reference.table("risk_indicators").set_index("indicator")
    window = {name: (_window_start(as_of, months) if pd.notna(months) else pd.Timestamp.min)
              for name, months in rules_["window_months"].items()}
    day = pd.Timestamp(as_of)
    units = _frame(session, select(Unit.id, Unit.credit_code, Unit.name, Unit.town, Unit.office, Unit.key_unit,
                                   Unit.district_key, Unit.place_category)
                   .where(Unit.deleted_at.is_(None)).order_by(Unit.credit_code), UNIT_COLUMNS)
    index = pd.Index(units["unit_id"], name="unit_id")
    values = pd.DataFrame(0.0, index=index, columns=list(rules_.index))

    # the boilers in use on that day (installed by then; the 在用 status is read as it is now)
    boilers = _frame(session, select(Boiler.id, Boiler.unit_id, Boiler.registration_no, Boiler.registration_date,
                                     Boiler.install_date)
                     .where(Boiler.deleted_at.is_(None), Boiler.status == "在用"),
                     ["boiler_id", "unit_id", "registration_no", "registration_date", "install_date"])
    installed = pd.to_datetime(boilers["install_date"])
    boilers = boilers[installed.isna() | (installed <= day)]
    installed = pd.to_datetime(boilers["install_date"])
    registered = pd.to_datetime(boilers["registration_date"])
    no_number = boilers["registration_no"].isna() | (boilers["registration_no"].astype(str).str.strip() == "")
    values["registration_incomplete"] = _count(boilers.loc[no_number | registered.isna() | (registered > day),
                                                           "unit_id"], index)
    old_years = rules_.at["equipment_old", "threshold"]
    values["equipment_old"] = _count(boilers.loc[installed <= day - pd.DateOffset(years=int(old_years)), "unit_id"],
                                     index)
    in_use = _count(boilers["unit_id"], index)
    values["equipment_count"] = np.maximum(0.0, in_use - float(rules_.at["equipment_count", "threshold"]))
    public = str(rules_.at["public_place", "applies_to"]).split(";")
    values["public_place"] = units["place_category"].isin(public).astype(float).to_numpy()

    # each in-use boiler's latest test on or before the day
    tests = _frame(session, select(TestRecord.boiler_id, TestRecord.test_date, TestRecord.test_id, TestRecord.results)
                   .where(TestRecord.deleted_at.is_(None), TestRecord.boiler_id.in_(boilers["boiler_id"].tolist()
                                                                                      or [-1]),
                          TestRecord.test_date <= as_of)
                   .order_by(TestRecord.test_date, TestRecord.test_id),
                   ["boiler_id", "test_date", "test_id", "results"]).drop_duplicates("boiler_id", keep="last")
    tests["unit_id"] = tests["boiler_id"].map(dict(zip(boilers["boiler_id"], boilers["unit_id"])))
    results = tests["results"].map(lambda r: r or {})
    below = results.map(lambda r: r.get("inuse_verdict") == "fail")
    exceeded = results.map(lambda r: any(r.get(f"{p}_verdict") == "fail" for p in POLLUTANTS)
                           or r.get("blackness_compliant") is False)
    values["efficiency_below"] = _count(tests.loc[below.astype(bool), "unit_id"], index)
    values["emission_exceeded"] = _count(tests.loc[exceeded.astype(bool), "unit_id"], index)

    # online monitoring: boilers with hours over an emission limit, or an efficiency-drift alert, within the window
    summaries: dict[pd.Timestamp, pd.DataFrame] = {}
    for indicator in ("online_exceedance", "online_drift"):
        first = window[indicator]
        if first not in summaries:
            start = None if first == pd.Timestamp.min else first.to_pydatetime()
            summaries[first] = summarise(session, reference, start, (day + pd.Timedelta(days=1)).to_pydatetime())[0]
        online = summaries[first]
        if online.empty:
            continue
        if indicator == "online_exceedance":
            flagged = online["over_hours"] >= float(rules_.at[indicator, "threshold"])
        else:
            flagged = online["alerts"] > 0
        values[indicator] = _count(online.loc[flagged, "unit_id"], index)

    # inspections, their checklist answers, findings and enforcement made by the day
    inspections = _frame(session, select(Inspection.id, Inspection.unit_id, Inspection.inspected_on,
                                         Inspection.vehicle_id.is_not(None))
                         .where(Inspection.inspected_on <= as_of),
                         ["inspection_id", "unit_id", "inspected_on", "of_vehicle"])
    inspected = pd.to_datetime(inspections["inspected_on"])
    for indicator in ("inspection_overdue", "operators_uncertified", "no_safety_officer"):
        # the boiler checklist's items: an in-plant vehicle's inspection (联合执法) neither answers nor dates them
        recent = inspections[(inspected >= window[indicator]) & ~inspections["of_vehicle"].astype(bool)]
        # the unit's latest inspection day: every boiler inspected that day (one record each) counts
        last_day = recent.groupby("unit_id")["inspected_on"].transform("max")
        latest = recent[recent["inspected_on"] == last_day]
        item = str(rules_.at[indicator, "applies_to"])
        failed = set(session.scalars(select(InspectionItem.inspection_id).where(
            InspectionItem.item_id == item, InspectionItem.result == "不符合",
            InspectionItem.inspection_id.in_(latest["inspection_id"].tolist() or [-1]))))
        values[indicator] = _count(latest.loc[latest["inspection_id"].isin(failed), "unit_id"], index).clip(upper=1)
    findings = _frame(session, select(Finding.id, Finding.inspection_id, Finding.severity, Finding.deadline,
                                      Finding.status, Finding.rectified_on, Finding.reviewed_on),
                      ["finding_id", "inspection_id", "severity", "deadline", "status", "rectified_on", "reviewed_on"])
    findings = findings.merge(inspections, on="inspection_id")  # only those of inspections made by the day
    found_on = pd.to_datetime(findings["inspected_on"])
    for indicator, severity in (("findings_general", "一般"), ("findings_major", "较大"), ("findings_serious", "重大")):
        values[indicator] = _count(findings.loc[(findings["severity"] == severity) & (found_on >= window[indicator]),
                                                "unit_id"], index)
    status = rules.as_of_date({"inspections": inspections, "items": pd.DataFrame(columns=["inspection_id"]),
                               "findings": findings, "enforcement": pd.DataFrame(columns=["inspection_id",
                                                                                          "decided_on"])},
                              as_of)["findings"]
    values["rectification_overdue"] = _count(status.loc[rules.overdue(status, as_of), "unit_id"], index)
    reviews = _frame(session, select(AuditLog.row_key, AuditLog.detail).where(
        AuditLog.table_name == "finding", AuditLog.action == "update"), ["finding_id", "detail"])
    failed_review = reviews["detail"].map(lambda d: (d or {}).get("status") == [rules.RECTIFIED, rules.OPEN])
    reviewed_on = pd.to_datetime(reviews["detail"].map(lambda d: (d or {}).get("on")), errors="coerce")
    reviews = reviews[failed_review.astype(bool) & (reviewed_on <= day) & (reviewed_on >= window["review_failed"])]
    unit_of_finding = dict(zip(findings["finding_id"].astype(str), findings["unit_id"]))
    values["review_failed"] = _count(reviews["finding_id"].map(unit_of_finding).dropna(), index)
    enforcement = _frame(session, select(Enforcement.inspection_id, Enforcement.action, Enforcement.decided_on)
                         .where(Enforcement.decided_on <= as_of), ["inspection_id", "action", "decided_on"])
    enforcement = enforcement.merge(inspections[["inspection_id", "unit_id"]], on="inspection_id")
    decided = pd.to_datetime(enforcement["decided_on"])
    order = enforcement["action"] == "责令整改"
    values["enforcement_order"] = _count(enforcement.loc[order & (decided >= window["enforcement_order"]), "unit_id"],
                                         index)
    values["enforcement_penalty"] = _count(enforcement.loc[~order & (decided >= window["enforcement_penalty"]),
                                                           "unit_id"], index)

    # the unit events: complaints found true, accidents, refusals of inspection, stop orders ignored
    events = _frame(session, select(UnitEvent.unit_id, UnitEvent.event_kind, UnitEvent.event_date,
                                    UnitEvent.responsible)
                    .where(UnitEvent.deleted_at.is_(None), UnitEvent.event_date <= as_of),
                    ["unit_id", "event_kind", "event_date", "responsible"])
    happened = pd.to_datetime(events["event_date"])
    for indicator, chosen in (("complaints_verified", events["event_kind"] == "complaint_verified"),
                              ("accidents", events["event_kind"] == "accident"),
                              ("accident_responsible", (events["event_kind"] == "accident")
                               & events["responsible"].astype(bool)),
                              ("inspection_refused", events["event_kind"] == "inspection_refused"),
                              ("stop_order_ignored", events["event_kind"] == "stop_order_ignored")):
        values[indicator] = _count(events.loc[chosen & (happened >= window[indicator]), "unit_id"], index)
    return units, values[list(INDICATORS)]


def classify_units(sessions: sessionmaker[Session], as_of: date, who: Who,
                   reference: ReferenceData | None = None) -> dict[str, Any]:
    """Classify every live unit as of the end of ``as_of`` and keep the run; ``who`` needs permission ``risk``.

    Returns ``run_id``, ``as_of``, ``units`` and ``counts`` (units per class, A–D) and ``by_office`` (a frame of
    units per office and class)."""
    reference = reference or load_reference()
    with sessions.begin() as session:
        who = authorise(session, who, "risk")
        run, units, result = classify_in(session, as_of, who, reference)
        by_office = pd.crosstab(units["office"].fillna("（未填监管所）"), result["risk_class"].to_numpy()).reindex(
            columns=list(CLASSES), fill_value=0)
        session.add(AuditLog(who=who, action="classify", table_name="risk_run", row_key=str(run.id),
                             detail={"as_of": as_of.isoformat(), "by_class": run.counts, "units": len(units)}))
        return {"run_id": run.id, "as_of": as_of, "units": len(units), "counts": dict(run.counts),
                "by_office": by_office}


def classify_in(session: Session, as_of: date, who: str, reference: ReferenceData) -> tuple[RiskRun, pd.DataFrame,
                                                                                         pd.DataFrame]:
    """Classify and store a run in ``session``, for ``who`` already authorised (:func:`classify_units`, a campaign's
    draw); the run, the units and their result."""
    units, values = unit_indicators(session, as_of, reference)
    result = classify(values, reference)
    counts = {c: int((result["risk_class"] == c).sum()) for c in CLASSES}
    tables = ("risk_indicators", "risk_classes", "monitoring_rules")
    versions = "; ".join(f"{name}={reference.versions[name]}" for name in tables)
    run = RiskRun(as_of=as_of, computed_by=who, reference_versions=versions, counts=counts)
    session.add(run)
    session.flush()
    points = result[[f"points_{i}" for i in INDICATORS]].to_numpy(float)
    counted = values.to_numpy(float)
    session.add_all(RiskAssessment(
        run_id=run.id, unit_id=int(unit), risk_class=str(cls), score=float(score),
        indicators={i: float(v) for i, v in zip(INDICATORS, row_values) if v},
        points={i: float(p) for i, p in zip(INDICATORS, row_points) if p}, vetoes={"vetoes": list(vetoes)})
        for unit, cls, score, vetoes, row_values, row_points in zip(
            values.index, result["risk_class"], result["score"], result["vetoes"], counted, points))
    session.flush()
    return run, units, result


def classification(sessions: sessionmaker[Session], run_id: int | None = None) -> pd.DataFrame:
    """The units of a run (the latest when ``run_id`` is None) with their class, score, reasons and the class of the
    run before it (``previous_class``, blank for a unit it did not classify); empty when no run exists."""
    columns = UNIT_COLUMNS + ["risk_class", "score", "reasons", "indicators", "points", "previous_class", "as_of",
                              "run_id"]
    with sessions() as session:
        # in the order of the dates they classify as of (a campaign's draw may classify as of an earlier day)
        runs = session.execute(select(RiskRun.id, RiskRun.as_of).order_by(RiskRun.as_of, RiskRun.id)).all()
        if not runs:
            return pd.DataFrame(columns=columns)
        ids = [r.id for r in runs]
        chosen = ids[-1] if run_id is None else run_id
        if chosen not in ids:
            raise rules.CampaignError(f"没有编号为 {run_id} 的信用风险分类 / no classification run {run_id}")
        previous = ids[ids.index(chosen) - 1] if ids.index(chosen) > 0 else None
        rows = _frame(session, select(Unit.id, Unit.credit_code, Unit.name, Unit.town, Unit.office, Unit.key_unit,
                                      Unit.district_key, Unit.place_category, RiskAssessment.risk_class,
                                      RiskAssessment.score, RiskAssessment.indicators, RiskAssessment.points,
                                      RiskAssessment.vetoes)
                      .join(RiskAssessment, RiskAssessment.unit_id == Unit.id)
                      .where(RiskAssessment.run_id == chosen, Unit.deleted_at.is_(None)).order_by(Unit.credit_code),
                      UNIT_COLUMNS + ["risk_class", "score", "indicators", "points", "vetoes"])
        before = dict(session.execute(select(RiskAssessment.unit_id, RiskAssessment.risk_class)
                                      .where(RiskAssessment.run_id == previous)).all()) if previous else {}
    rows["reasons"] = [
        "; ".join(reasons(pd.Series(v, dtype=float), pd.Series(p, dtype=float), tuple(t.get("vetoes", ()))))
        or "各项指标均未计分" for v, p, t in zip(rows["indicators"], rows["points"], rows["vetoes"])]
    rows["previous_class"] = rows["unit_id"].map(before).astype(object)
    rows["as_of"] = dict(runs)[chosen]
    rows["run_id"] = chosen
    return rows[columns]


def risk_runs(sessions: sessionmaker[Session]) -> pd.DataFrame:
    """Every classification run, newest first: ``run_id``, ``as_of``, ``classified_at``, ``who`` and units per class."""
    with sessions() as session:
        rows = session.execute(select(RiskRun.id, RiskRun.as_of, RiskRun.computed_at, RiskRun.computed_by,
                                      RiskRun.counts).order_by(RiskRun.id.desc())).all()
    frame = pd.DataFrame(rows, columns=["run_id", "as_of", "classified_at", "who", "counts"])
    for risk_class in CLASSES:
        frame[risk_class] = frame["counts"].map(lambda c, k=risk_class: int((c or {}).get(k, 0)))
    return frame.drop(columns="counts")


def unit_history(sessions: sessionmaker[Session], credit_code: str) -> pd.DataFrame:
    """A unit's class in every run that classified it, newest first: ``as_of``, ``risk_class``, ``score``."""
    with sessions() as session:
        return _frame(session, select(RiskRun.as_of, RiskAssessment.risk_class, RiskAssessment.score)
                      .join(RiskAssessment, RiskAssessment.run_id == RiskRun.id)
                      .join(Unit, Unit.id == RiskAssessment.unit_id)
                      .where(Unit.credit_code == credit_code).order_by(RiskRun.id.desc()),
                      ["as_of", "risk_class", "score"])


def has_runs(sessions: sessionmaker[Session]) -> bool:
    """Whether any classification was made."""
    with sessions() as session:
        return bool(session.scalar(select(func.count()).select_from(RiskRun)))
