"""三位一体 special-inspection campaigns: the 双随机 draw, inspector assignment, checklist answers, findings and
the campaign's progress figures. Pure functions over DataFrames; :mod:`boilerlab.db.campaigns` stores them.

Rules, as the bureau runs its yearly 锅炉节能专项监督检查; the checklist (``checklist_items``, UNCONFIRMED) is a
synthesis of [TSG08], [TSG91], [GB24500] and [GB13271]:

* every key unit is inspected at least once a year; district-level key units (区级重点) always, by the
  special-equipment office; the others by their market-supervision office;
* a campaign that samples draws the other units at a stated ratio, per office (stratified), reproducibly
  from a recorded seed;
* inspectors are drawn at random within the unit's office, evenly loaded, and not the same inspector as
  last year where the office has another;
* findings move 整改中 → 已整改 (with evidence) → 已复查; a finding still 整改中 after its deadline is overdue.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.base.values import number_or_none
from boilerlab.standards.admission import excess_air_limits
from boilerlab.base.vocabulary import codes
from boilerlab.base.vocabulary import label
from boilerlab.standards.emissions import LIMITED

SECTIONS = codes("checklist_section")
RESULTS = codes("checklist_result")
SEVERITIES = codes("severity")
OPEN, RECTIFIED, REVIEWED = codes("finding_status")
FINDING_STATES = (OPEN, RECTIFIED, REVIEWED)
#: allowed moves of a finding; a failed review sends it back to 整改中
TRANSITIONS = {OPEN: (RECTIFIED,), RECTIFIED: (REVIEWED, OPEN), REVIEWED: ()}
ACTIONS = codes("enforcement_action")
MUST, DRAWN, JOINT = codes("selection")


class CampaignError(ValueError):
    """A campaign operation was refused; the message says why (Chinese and English)."""


def draw_units(directory: pd.DataFrame, ratio: float, seed: int) -> pd.DataFrame:
    """The units a campaign inspects (双随机: the random draw of objects).

    Parameters
    ----------
    directory : pandas.DataFrame
        The key-unit directory: ``unit_id``, ``credit_code``, ``office``, ``district_key``.
    ratio : float
        Share of the non-district-level units of each office to draw, rounded up per office; 1 inspects them
        all (the yearly coverage campaign). [–], in (0, 1]
    seed : int
        Seed of the draw; the same directory, ratio and seed always give the same units.

    Returns
    -------
    pandas.DataFrame
        The selected rows with ``selection`` (区级重点必查 or 随机抽取), sorted by office and credit code.
    """
    if not (isinstance(ratio, (int, float)) and 0 < ratio <= 1):
        raise CampaignError(f"抽查比例 {ratio!r} 无效, 有效范围 (0, 1] / sample ratio {ratio!r} invalid, valid (0, 1]")
    no_office = directory[directory["office"].isna() | (directory["office"].astype(str).str.strip() == "")]
    if len(no_office):  # they would silently fall out of every office's stratum
        codes = "、".join(no_office["credit_code"].astype(str).head(10))
        raise CampaignError(f"{len(no_office)} 家重点单位未填监管所, 无法抽取: {codes} / {len(no_office)} key units have "
                            "no office: fill it in the register first")
    ordered = directory.sort_values("credit_code", kind="stable").reset_index(drop=True)
    rng = np.random.default_rng(seed)
    must = ordered[ordered["district_key"].astype(bool)].assign(selection=MUST)
    parts = [must]
    rest = ordered[~ordered["district_key"].astype(bool)]
    for _office, group in rest.groupby("office", sort=True):
        take = min(len(group), math.ceil(ratio * len(group) - 1e-9))  # 1e-9: 0.3 × 10 must not round up to 4
        chosen = np.sort(rng.choice(len(group), size=take, replace=False))
        parts.append(group.iloc[chosen].assign(selection=DRAWN))
    return pd.concat(parts).sort_values(["office", "credit_code"], kind="stable").reset_index(drop=True)


def assign_inspectors(selected: pd.DataFrame, pool: pd.DataFrame, seed: int,
                      last_year: Mapping[Any, str] | None = None) -> tuple[pd.Series, list[str]]:
    """Draw an inspector for each selected unit (双随机: the random choice of inspectors).

    Within each office the units are taken in a random order and each goes to the least-loaded inspector of
    the office, ties broken at random, skipping last year's inspector of the unit when the office has another.

    Parameters
    ----------
    selected : pandas.DataFrame
        ``unit_id`` and ``office`` of the units to inspect.
    pool : pandas.DataFrame
        ``name`` and ``office`` of the active inspectors.
    last_year : mapping, optional
        unit_id → the inspector who inspected it last year.

    Returns
    -------
    (pandas.Series, list of str)
        The inspector of each selected row (same index; None where the office has no inspector), and the
        problems (offices without inspectors, units that had to keep last year's inspector).
    """
    rng = np.random.default_rng(seed)
    last_year = last_year or {}
    assigned = pd.Series(None, index=selected.index, dtype=object)
    problems = []
    for office, group in selected.groupby("office", sort=True):
        names = sorted(pool.loc[pool["office"] == office, "name"])
        if not names:
            problems.append(f"{office} 没有可派的检查人员, {len(group)} 家单位未派员 / no inspector for {office}")
            continue
        load = dict.fromkeys(names, 0)
        for position in rng.permutation(len(group)):
            label = group.index[position]
            previous = last_year.get(group.at[label, "unit_id"])
            candidates = [n for n in names if n != previous] or names
            if previous is not None and names == [previous]:
                problems.append(f"单位 {group.at[label, 'unit_id']} 只能由上年检查人员 {previous} 检查 (所内仅一人) / "
                                f"the only inspector of {office} inspected it last year")
            least = min(load[n] for n in candidates)
            tied = [n for n in candidates if load[n] == least]
            choice = tied[int(rng.integers(len(tied)))]
            load[choice] += 1
            assigned.at[label] = choice
    return assigned, problems


def plan_dates(selected: pd.DataFrame, inspectors: pd.Series, start: date, end: date) -> pd.Series:
    """Planned dates: each inspector's units spread evenly over the campaign period, in credit-code order."""
    if end < start:
        raise CampaignError(f"计划结束日期 {end} 早于开始日期 {start} / the planned end is before the start")
    days = (end - start).days
    planned = pd.Series(pd.NaT, index=selected.index, dtype="datetime64[ns]")
    for _name, labels in selected.groupby(inspectors.fillna("—")).groups.items():
        order = selected.loc[labels].sort_values("credit_code").index
        offsets = np.floor((np.arange(len(order)) + 0.5) * days / len(order)).astype(int)
        planned.loc[order] = pd.Timestamp(start) + pd.to_timedelta(offsets, unit="D")
    return planned.dt.date


def check_answers(answers: Mapping[str, tuple[str, str | None]], checklist: pd.DataFrame) -> list[str]:
    """Problems of an inspection's checklist answers (item_id → (result, note)): every item answered, with one of
    符合 / 不符合 / 不适用, and a note for every 不符合 (what was found)."""
    problems = []
    known = set(checklist["item_id"])
    for item in sorted(set(answers) - known):
        problems.append(f"未知的检查项目 {item} / unknown checklist item {item}")
    for item in checklist["item_id"]:
        if item not in answers:
            problems.append(f"检查项目 {item} 未填写结果 / item {item} has no result")
            continue
        result, note = answers[item]
        if result not in RESULTS:
            problems.append(f"检查项目 {item} 的结果 {result!r} 无效, 有效取值 {list(RESULTS)} / invalid result {result!r}")
        elif result == "不符合" and not (note or "").strip():
            problems.append(f"检查项目 {item} 不符合, 须写明问题 / item {item} does not conform: describe what was found")
    return problems


def suggest_answers(checklist: pd.DataFrame, boiler: Mapping[str, Any], test: Mapping[str, Any] | None,
                    excess_air_limits: Mapping[str, float]) -> dict[str, tuple[str, str]]:
    """Answers the stored data already give (items with an ``auto_check``), for the inspector to confirm.

    Parameters
    ----------
    boiler : mapping
        The boiler register row (``boiler_kind``, ``fuel_kind``, ``combustion``, ``condensing``, ``low_nox``).
    test : mapping, optional
        The boiler's latest stored test: its inputs and results together.
    excess_air_limits : mapping
        Largest excess-air ratio by firing method (``admission_rules`` A07 parameters). [–]
    """
    answers: dict[str, tuple[str, str]] = {}
    gas = boiler.get("fuel_kind") in ("natural_gas", "lpg")
    for item, check in zip(checklist["item_id"], checklist["auto_check"].fillna("")):
        if not check:
            continue
        if check == "low_nox":
            if not gas:
                answers[item] = ("不适用", "非燃气锅炉")
            elif boiler.get("low_nox") is True or boiler.get("low_nox") is False:  # unknown: the inspector looks
                answers[item] = ("符合", "台账: 已低氮改造") if boiler["low_nox"] else ("不符合", "台账: 未低氮改造")
            continue
        if not test:
            continue
        test_id = test.get("test_id")
        if check == "efficiency_limit":
            grade, verdict = test.get("gb24500_grade"), test.get("inuse_verdict")
            eta, limit = _shown(test.get("eta_governing_pct"), ".2f"), _shown(test.get("gb24500_limit_pct"), "g")
            criterion = _shown(test.get("inuse_criterion_pct"), ".1f")
            if verdict == "fail":  # an operating test: the in-use criterion decides (issue 12)
                answers[item] = ("不符合", f"测试 {test_id}: 热效率 {eta} % 低于在用锅炉判定指标 {criterion} %")
            elif verdict == "pass":
                answers[item] = ("符合", f"测试 {test_id}: 热效率 {eta} % (在用锅炉判定指标 {criterion} %)")
            elif verdict == "indeterminate":
                continue  # within the test's uncertainty: the inspector decides
            elif grade == "below":
                answers[item] = ("不符合", f"测试 {test_id}: 热效率 {eta} % 低于限定值 {limit} %")
            elif grade in ("1", "2", "3") or test.get("gb24500_meets_limit") is True:
                answers[item] = ("符合", f"测试 {test_id}: 热效率 {eta} %")
        elif check == "flue_temperature":
            flue = test.get("flue_temp_c")
            if boiler.get("condensing"):
                answers[item] = ("不适用", "冷凝式锅炉")
            elif flue is not None and not pd.isna(flue):
                answers[item] = ("不符合", f"测试 {test_id}: 排烟温度 {flue:g} °C") if flue > 170 else (
                    "符合", f"测试 {test_id}: 排烟温度 {flue:g} °C")
        elif check == "excess_air":
            alpha, limit = test.get("excess_air_ratio"), excess_air_limits.get(boiler.get("combustion") or "chamber")
            if alpha is not None and not pd.isna(alpha) and limit is not None:
                verdict = "不符合" if alpha > limit else "符合"
                answers[item] = (verdict, f"测试 {test_id}: α = {alpha:.2f} (限值 {limit:g})")
        elif check == "emissions":
            verdicts = [test.get(f"{p}_compliant") for p in LIMITED]
            if False in verdicts:
                bad = [label("pollutant", p) for p in LIMITED if test.get(f"{p}_compliant") is False]
                answers[item] = ("不符合", f"测试 {test_id}: {'、'.join(bad)} 超标")
            elif True in verdicts:
                answers[item] = ("符合", f"测试 {test_id}: 各项排放 (折算浓度、烟气黑度) 均不超过限值")
    return answers


#: The checklist item a unit without a registered boiler is still checked on: no boiler in use unregistered.
REGISTRATION_ITEM = "S01"


def prefilled_answers(checklist: pd.DataFrame, boiler: Mapping[str, Any] | None, test: Mapping[str, Any] | None,
                      reference: ReferenceData | None = None) -> dict[str, tuple[str, str]]:
    """The answers an inspection sheet opens with: :func:`suggest_answers` for a registered boiler; for a unit with
    no boiler on the register every item 不适用 except the registration item, found 符合 on site."""
    if boiler is None:
        return {item: ("不适用", "") for item in checklist["item_id"]} | {REGISTRATION_ITEM: ("符合", "现场核实无在用锅炉")}
    return suggest_answers(checklist, boiler, test, excess_air_limits(reference))


def prefilled_items(checklist: pd.DataFrame) -> list[str]:
    """The items whose answer the register and the latest test give (those with an ``auto_check``)."""
    return checklist.loc[checklist["auto_check"].fillna("") != "", "item_id"].tolist()


def _shown(value: Any, spec: str) -> str:
    number = number_or_none(value)
    return "—" if number is None else format(number, spec)


def next_status(current: str, target: str, evidence: bool = False) -> str:
    """``target`` if a finding may move there from ``current``; 已整改 needs rectification evidence."""
    if target not in TRANSITIONS.get(current, ()):
        raise CampaignError(f"问题状态不能从「{current}」改为「{target}」, 允许: {list(TRANSITIONS.get(current, ()))} / "
                            f"a finding cannot move from {current} to {target}")
    if target == RECTIFIED and not evidence:
        raise CampaignError("改为「已整改」须附整改证明材料 / rectification needs evidence attached")
    return target


def default_as_of(planned_end: date, today: date) -> date:
    """The status date a campaign's figures are reported at unless one is chosen: its planned end once that has
    passed (a past campaign read today would show every open finding as overdue), else today."""
    return min(planned_end, today)


def as_of_date(frames: Mapping[str, Any], as_of: date) -> dict[str, Any]:
    """A campaign's frames as they stood at the end of ``as_of``: inspections, their items and findings made by
    then, enforcement decided by then, and each finding's status on that day (rectified or reviewed later counts
    as not yet). A finding reopened after a failed review keeps only its present dates, so its earlier
    rectification is not seen."""
    day = pd.Timestamp(as_of)
    inspections = frames["inspections"][pd.to_datetime(frames["inspections"]["inspected_on"]) <= day]
    kept = set(inspections["inspection_id"])
    findings = frames["findings"][frames["findings"]["inspection_id"].isin(kept)].copy()
    rectified = pd.to_datetime(findings["rectified_on"]) <= day
    reviewed = pd.to_datetime(findings["reviewed_on"]) <= day
    findings["status"] = [REVIEWED if s == REVIEWED and v else RECTIFIED if s in (RECTIFIED, REVIEWED) and r else
                          OPEN for s, r, v in zip(findings["status"], rectified, reviewed)]
    enforcement = frames["enforcement"]
    enforcement = enforcement[enforcement["inspection_id"].isin(kept) &
                              (pd.to_datetime(enforcement["decided_on"]) <= day)]
    return {**frames, "inspections": inspections, "items": frames["items"][frames["items"]["inspection_id"].isin(kept)],
            "findings": findings, "enforcement": enforcement}


def overdue(findings: pd.DataFrame, as_of: date) -> pd.Series:
    """Findings still 整改中 after their deadline (the deadline day itself is not overdue)."""
    deadline = pd.to_datetime(findings["deadline"])
    return (findings["status"] == OPEN) & (deadline < pd.Timestamp(as_of))


def inspected_units(frames: Mapping[str, Any]) -> set:
    """The units a campaign has inspected: one inspection is enough in a boiler campaign; in a joint enforcement
    (``listed``: the vehicles its list names) a unit is done when every listed vehicle of it has been inspected.

    Examples
    --------
    >>> frames = {"inspections": pd.DataFrame({"unit_id": [1, 2], "device_code": ["V1", "V3"]}),
    ...           "listed": pd.DataFrame({"unit_id": [1, 1, 2], "device_code": ["V1", "V2", "V3"]})}
    >>> sorted(inspected_units(frames))
    [2]
    """
    inspections, listed = frames["inspections"], frames.get("listed")
    if listed is None or listed.empty:
        return set(inspections["unit_id"])
    done = listed["device_code"].isin(set(inspections["device_code"]))
    return set(listed["unit_id"]) - set(listed.loc[~done.to_numpy(), "unit_id"])


def coverage(plan: pd.DataFrame, inspected_units: set, by: str) -> pd.DataFrame:
    """Planned and inspected units by ``by`` (``office`` or ``town``), with the share inspected. [%]"""
    table = plan.assign(inspected=plan["unit_id"].isin(inspected_units)).groupby(by, sort=True, dropna=False).agg(
        planned=("unit_id", "size"), inspected=("inspected", "sum"))
    table["inspected"] = table["inspected"].astype(int)
    table["coverage_pct"] = 100.0 * table["inspected"] / table["planned"]
    return table.reset_index()


def findings_by(findings: pd.DataFrame, as_of: date, by: str) -> pd.DataFrame:
    """Findings per ``by`` (office, town, section …): total, 整改中, 已整改, 已复查 and overdue."""
    late = overdue(findings, as_of)
    frame = findings.assign(overdue=late)
    table = frame.groupby(by, sort=True).agg(total=("status", "size"), open=("status", lambda s: int((s == OPEN).sum())),
                                             rectified=("status", lambda s: int((s == RECTIFIED).sum())),
                                             reviewed=("status", lambda s: int((s == REVIEWED).sum())),
                                             overdue=("overdue", "sum"))
    table["overdue"] = table["overdue"].astype(int)
    return table.reset_index()


def nonconformities(items: pd.DataFrame, by: str = "section") -> pd.DataFrame:
    """Number of 不符合 answers by ``by`` (``section``, ``item_id``, ``office`` …), with the answers given."""
    answered = items[items["result"] != "不适用"]
    table = answered.groupby(by, sort=True).agg(answered=("result", "size"),
                                                nonconforming=("result", lambda r: int((r == "不符合").sum())))
    table["nonconforming_pct"] = 100.0 * table["nonconforming"] / table["answered"]
    if by == "section":  # 安全, 节能, 环保 in the standard order, not by code point
        table = table.reindex([s for s in SECTIONS if s in table.index])
    return table.reset_index()
