"""The demo district's 2024 锅炉节能专项监督检查, in mid-progress: inspectors for every office, the draw over the
key-unit directory, inspections up to the end of September (checklists pre-filled from the stored tests and
the register, plus the everyday problems inspectors find), findings at every stage of rectification and
some enforcement. Everything goes through :mod:`boilerlab.db.campaigns`, as the page would write it.

Invented data for demonstration only (seeded, reproducible).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.standards import campaign_rules as rules
from boilerlab.standards.admission import excess_air_limits
from boilerlab.db.permissions import DEMO_LOADER, Loader, Who
from boilerlab.db.campaigns import (add_enforcement, add_finding, add_inspectors, create_campaign, move_finding,
                                 record_inspection)
from boilerlab.db.models import Boiler, Campaign, CampaignUnit, TestRecord, Unit
from boilerlab.base.reference import load_reference

#: The day the demo district stands at: its 2024 campaign in mid-progress, its units classified.
STATUS_DATE = date(2024, 9, 30)
NAME = "{year}年锅炉节能专项监督检查"
BASIS = ("依据《中华人民共和国特种设备安全法》《中华人民共和国节约能源法》、TSG 08-2017《特种设备使用管理规则》、"
         "TSG 91-2021《锅炉节能环保技术规程》及 GB 24500-2020, 对辖区重点单位名录内的锅炉使用单位开展安全、节能、环保"
         "「三位一体」专项监督检查。")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ("伟", "芳", "敏", "静", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂英", "志强",
         "晓东", "建华", "海燕", "玉兰", "俊杰", "文博", "思远", "雨婷", "浩然", "子涵")
#: everyday problems of the items the stored data cannot answer: (probability, what was found)
PROBLEMS = {"S02": (0.04, "定期检验报告提出的问题未整改"), "S03": (0.05, "司炉人员证书过期"),
            "S04": (0.05, "安全阀校验超期"), "S05": (0.06, "压力表检定超期"), "S06": (0.03, "水位表冲洗记录缺失"),
            "S07": (0.10, "水质化验记录不全, 锅内有水垢"), "S08": (0.06, "未明确安全员"),
            "S09": (0.12, "周排查、月调度记录缺失"), "S10": (0.08, "运行记录填写不全"), "E01": (0.0, ""),
            "E05": (0.05, "炉体局部保温破损"), "E06": (0.10, "未设置烟气余热回收装置"), "E07": (0.08, "燃气计量表缺失"),
            "E08": (0.15, "冷凝水直接排放未回收"), "E09": (0.06, "排污记录缺失"), "H03": (0.05, "在线监测未正常运行"),
            "H04": (0.0, "")}
SERIOUS = {"E02": "较大", "H01": "较大", "S02": "较大", "S03": "较大", "S04": "较大"}


def _names(rng: np.random.Generator, count: int, taken: set[str]) -> list[str]:
    names = []
    while len(names) < count:
        name = str(rng.choice(list(SURNAMES))) + str(rng.choice(GIVEN))
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def _inspectors(rng: np.random.Generator, offices: list[str]) -> pd.DataFrame:
    taken: set[str] = set()
    rows = []
    for office in sorted(offices):
        count = 8 if office == "特种设备监督管理所" else 3
        rows += [{"name": n, "office": office} for n in _names(rng, count, taken)]
    return pd.DataFrame(rows)


def _boilers_and_tests(session: Session) -> tuple[pd.DataFrame, pd.DataFrame]:
    boilers = pd.DataFrame(session.execute(
        select(Boiler.unit_id, Boiler.device_code, Boiler.boiler_kind, Boiler.fuel_kind, Boiler.combustion,
               Boiler.condensing, Boiler.low_nox, Boiler.rated_capacity_t_h, Boiler.rated_capacity_mw)
        .where(Boiler.deleted_at.is_(None), Boiler.status == "在用")).all(),
        columns=["unit_id", "device_code", "boiler_kind", "fuel_kind", "combustion", "condensing", "low_nox",
                 "rated_capacity_t_h", "rated_capacity_mw"])
    tests = pd.DataFrame(session.execute(
        select(Boiler.device_code, TestRecord.test_id, TestRecord.test_date, TestRecord.inputs, TestRecord.results)
        .join(TestRecord, TestRecord.boiler_id == Boiler.id).where(TestRecord.deleted_at.is_(None))
        .order_by(TestRecord.test_date)).all(), columns=["device_code", "test_id", "test_date", "inputs", "results"])
    return boilers, tests


def _answers(rng: np.random.Generator, checklist: pd.DataFrame, boiler: dict | None, test: dict | None,
             alpha_limits: dict, tested_recently: bool) -> dict[str, tuple[str, str]]:
    if boiler is None:  # a directory unit with no boiler in use: the inspector confirms it on site
        answers = {item: ("不适用", "") for item in checklist["item_id"]}
        answers["S01"] = ("符合", "现场核实无在用锅炉")
        return answers
    answers = {item: ("符合", "") for item in checklist["item_id"]}
    answers.update(rules.suggest_answers(checklist, boiler, test, alpha_limits))
    large = (boiler.get("rated_capacity_t_h") or 0) >= 20 or (boiler.get("rated_capacity_mw") or 0) >= 14
    for item, (chance, text) in PROBLEMS.items():
        if rng.random() < chance:
            answers[item] = ("不符合", text)
    answers["E01"] = ("符合", f"测试 {test['test_id']}") if tested_recently else ("不符合", "近两年无能效测试报告")
    if boiler["boiler_kind"] != "steam":
        answers["E08"] = ("不适用", "非蒸汽锅炉")
    if boiler.get("condensing"):
        answers["E06"] = ("符合", "冷凝式锅炉")
    if not large:
        answers["H03"] = ("不适用", "小型锅炉")
    return answers


def load_demo_campaign(sessions: sessionmaker[Session], year: int = 2024, seed: int = 2024, who: Who = DEMO_LOADER,
                       status_date: date | None = None) -> dict:
    """Create the demo campaign of ``year`` with inspections up to ``status_date`` (default 30 September). The
    demo's inspectors are names, not accounts: their records are written as :class:`Loader` in their name."""
    rng = np.random.default_rng(seed)
    status_date = status_date or STATUS_DATE.replace(year=year)
    ref = load_reference()
    checklist = ref.tables["checklist_items"]
    sections = dict(zip(checklist["item_id"], checklist["section"]))
    alpha_limits = excess_air_limits(ref)
    with sessions() as session:
        offices = sorted(set(session.scalars(select(Unit.office).where(Unit.office.is_not(None)))))
    add_inspectors(sessions, _inspectors(rng, offices), who=who)
    summary = create_campaign(sessions, name=NAME.format(year=year), year=year, ratio=1.0, seed=seed,
                              start=date(year, 3, 1), end=date(year, 12, 15), who=who, basis=BASIS,
                              as_of=date(year, 3, 1))
    with sessions() as session:
        plan = pd.DataFrame(session.execute(
            select(CampaignUnit.unit_id, Unit.credit_code, CampaignUnit.inspector, CampaignUnit.planned_date)
            .join(Unit, Unit.id == CampaignUnit.unit_id).join(Campaign, Campaign.id == CampaignUnit.campaign_id)
            .where(Campaign.id == summary["campaign_id"]).order_by(CampaignUnit.id)).all(),
            columns=["unit_id", "credit_code", "inspector", "planned_date"])
        boilers, tests = _boilers_and_tests(session)
    by_unit = {u: g.to_dict("records") for u, g in boilers.groupby("unit_id")}
    latest_tests = {}
    for row in tests.itertuples(index=False):
        latest_tests.setdefault(row.device_code, []).append(row)
    counts = {"inspections": 0, "findings": 0, "enforcement": 0}
    for unit in plan.itertuples(index=False):
        if unit.planned_date > status_date or rng.random() > 0.93 or unit.inspector is None:
            continue  # not yet inspected
        inspected_on = min(unit.planned_date + timedelta(days=int(rng.integers(0, 6))), status_date)
        for boiler in by_unit.get(unit.unit_id, [None]):
            test = None
            if boiler is not None:
                done = [t for t in latest_tests.get(boiler["device_code"], []) if t.test_date <= inspected_on]
                test = ({"test_id": done[-1].test_id, **done[-1].inputs, **done[-1].results} if done else None)
            recent = test is not None and (inspected_on - done[-1].test_date).days <= 730
            answers = _answers(rng, checklist, boiler, test, alpha_limits, recent)
            inspection = record_inspection(sessions, campaign=NAME.format(year=year), credit_code=unit.credit_code,
                                           device_code=boiler["device_code"] if boiler else None,
                                           inspector=unit.inspector, inspected_on=inspected_on, answers=answers, who=who)
            counts["inspections"] += 1
            for item, (result, note) in answers.items():
                if result != "不符合":
                    continue
                severity = "重大" if rng.random() < 0.03 else SERIOUS.get(item, "一般")
                deadline = inspected_on + timedelta(days=15 if severity != "一般" else 30)
                finding = add_finding(sessions, inspection, item_id=item, section=sections[item], severity=severity,
                                      description=note, deadline=deadline, who=Loader(unit.inspector))
                counts["findings"] += 1
                if severity != "一般":
                    add_enforcement(sessions, inspection, finding_id=finding, action="责令整改", decided_on=inspected_on,
                                    document_no=f"闵市监特令〔{year}〕{counts['enforcement'] + 1:04d}号", who=Loader(unit.inspector))
                    counts["enforcement"] += 1
                if severity == "重大":
                    add_enforcement(sessions, inspection, finding_id=finding, action="停用", decided_on=inspected_on,
                                    who=Loader(unit.inspector), note="存在重大隐患, 责令停止使用")
                    counts["enforcement"] += 1
                draw = rng.random()
                if deadline < status_date and draw < 0.88:
                    rectified = min(deadline, status_date)
                    move_finding(sessions, finding, rules.RECTIFIED, on=rectified, who=Loader(unit.inspector),
                                 evidence=(f"整改证明-{finding}.txt", f"问题 {finding} 整改照片与说明".encode()))
                    if draw < 0.75:
                        move_finding(sessions, finding, rules.REVIEWED, on=min(rectified + timedelta(days=7),
                                                                               status_date), who=Loader(unit.inspector))
                elif deadline >= status_date and draw < 0.35:
                    move_finding(sessions, finding, rules.RECTIFIED, on=status_date, who=Loader(unit.inspector),
                                 evidence=(f"整改证明-{finding}.txt", f"问题 {finding} 整改照片与说明".encode()))
                elif deadline < status_date and draw > 0.97:
                    add_enforcement(sessions, inspection, finding_id=finding, action="处罚", decided_on=status_date,
                                    who=Loader(unit.inspector), note="逾期未整改")
                    counts["enforcement"] += 1
    return summary | counts
