"""Campaigns in the database (SQLite and PostgreSQL): the audited, reproducible draw; inspections with a complete
checklist and kept attachments; findings through rectification; enforcement; the frames and the public notice."""

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select

from boilerlab.base.vocabulary import local_today
from boilerlab.standards.campaign_rules import CampaignError
from boilerlab.db.campaigns import (add_enforcement, add_finding, add_inspectors, campaign_frames, create_campaign,
                                 draw_record, move_finding, public_notice, record_inspection, uncovered_key_units)
from boilerlab.db.models import AuditLog, Boiler, CampaignUnit, Finding, Inspection, InspectionItem, Unit, Upload
from boilerlab.base.reference import load_reference
from boilerlab.db.permissions import PermissionRefused
from tests.staff import add_staff

CHECKLIST = load_reference().table("checklist_items")
NAME = "2024年锅炉节能专项监督检查"


def _unit(i: int, office: str, district: bool = False) -> Unit:
    return Unit(credit_code=f"91310112TEST{i:06d}", name=f"测试单位{i}", town="七宝镇" if i % 2 else "马桥镇",
                office=office, key_unit=True, district_key=district)


@pytest.fixture
def district(sessions):
    """12 key units (2 district-level), a boiler for unit 0, inspectors for two offices."""
    with sessions.begin() as session:
        units = [_unit(i, "特种设备监督管理所", True) for i in range(2)]
        units += [_unit(i, "七宝市场监督管理所") for i in range(2, 7)] + [_unit(i, "马桥市场监督管理所") for i in range(7, 12)]
        session.add_all(units)
        session.flush()
        session.add(Boiler(device_code="B-0", unit_id=units[0].id, boiler_kind="hot_water", fuel_kind="natural_gas"))
    # the inspectors' accounts: 检查员甲 is 甲; 科长 draws and reviews, 管理员 deletes, 小李 is a registration clerk
    add_staff(sessions, 科长="manager", 管理员="admin", 小李="clerk", 检查员甲=("inspector", "特种设备监督管理所"),
              检查员乙=("inspector", "七宝市场监督管理所"), 检查员丙=("inspector", "七宝市场监督管理所"),
              检查员丁=("inspector", "马桥市场监督管理所"))
    add_inspectors(sessions, pd.DataFrame({"name": ["甲", "乙", "丙", "丁"],
                                           "office": ["特种设备监督管理所", "七宝市场监督管理所", "七宝市场监督管理所",
                                                      "马桥市场监督管理所"]}), who="科长")
    return sessions


def _all_conform():
    return {item: ("符合", "") for item in CHECKLIST["item_id"]}


def _campaign(sessions, **overrides):
    fields = dict(name="2024年锅炉节能专项监督检查", year=2024, ratio=0.4, seed=11, start=date(2024, 3, 1),
                  end=date(2024, 11, 30), who="科长")
    return create_campaign(sessions, **(fields | overrides))


def test_the_draw_is_stored_audited_and_reproducible(district):
    summary = _campaign(district)
    assert (summary["district_level"], summary["drawn"]) == (2, 4)  # ⌈0.4 × 5⌉ in each market office
    record = draw_record(district, "2024年锅炉节能专项监督检查")
    assert (record["seed"], record["ratio"], record["who"], record["units"]) == (11, 0.4, "科长", 6)
    with district() as session:
        first = sorted(session.scalars(select(CampaignUnit.unit_id).where(CampaignUnit.campaign_id == 1)))
        inspectors = dict(session.execute(select(CampaignUnit.unit_id, CampaignUnit.inspector)).all())
    again = _campaign(district, name="重抽核验")  # same directory and seed: the same units
    with district() as session:
        second = sorted(session.scalars(select(CampaignUnit.unit_id).where(
            CampaignUnit.campaign_id == again["campaign_id"])))
    assert first == second
    assert {inspectors[u] for u in first[:2]} == {"甲"}  # district-level units go to the special-equipment office
    with pytest.raises(CampaignError, match="已存在"):
        _campaign(district)


def test_next_years_draw_avoids_last_years_inspector_where_the_office_allows(district):
    _campaign(district, ratio=1.0)
    _campaign(district, name="2025年专项", year=2025, ratio=1.0)
    with district() as session:
        rows = session.execute(select(CampaignUnit.campaign_id, CampaignUnit.unit_id, CampaignUnit.inspector,
                                      CampaignUnit.office)).all()
    by_year = {(c, u): (i, o) for c, u, i, o in rows}
    for (campaign_id, unit), (inspector, office) in by_year.items():
        if campaign_id == 2 and office == "七宝市场监督管理所":  # two inspectors there: never the same as last year
            assert inspector != by_year[(1, unit)][0]


def test_an_inspection_needs_every_item_and_keeps_its_attachment(district):
    _campaign(district, ratio=1.0)
    answers = _all_conform() | {"S07": ("不符合", "水质化验记录缺失")}
    del answers["H04"]
    with pytest.raises(CampaignError, match="H04"):
        record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-0", inspector="甲",
                          inspected_on=date(2024, 4, 2), answers=answers, who="检查员甲")
    answers["H04"] = ("符合", "")
    photo = b"\x89PNG fake photo of the water log"
    inspection = record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-0",
                                   inspector="甲", inspected_on=date(2024, 4, 2), answers=answers, who="检查员甲",
                                   attachments={"S07": ("水质记录.png", photo)})
    with district() as session:
        items = session.scalars(select(InspectionItem).where(InspectionItem.inspection_id == inspection)).all()
        assert len(items) == len(CHECKLIST)
        s07 = next(i for i in items if i.item_id == "S07")
        assert (s07.section, s07.result, session.get(Upload, s07.upload_id).content) == ("安全", "不符合", photo)
        assert session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.table_name == "inspection")) == 1
    with pytest.raises(CampaignError, match="已有检查记录"):
        record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-0", inspector="甲",
                          inspected_on=date(2024, 4, 3), answers=answers, who="检查员甲")
    with pytest.raises(CampaignError, match="不是该单位"):
        record_inspection(district, campaign=NAME, credit_code="91310112TEST000001", device_code="B-0", inspector="甲",
                          inspected_on=date(2024, 4, 3), answers=answers, who="检查员甲")
    # an inspection not yet made is not recorded (the campaign's year is checked after)
    with pytest.raises(CampaignError, match="晚于今天"):
        record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-1", inspector="甲",
                          inspected_on=local_today() + timedelta(days=1), answers=answers, who="检查员甲")


def test_a_unit_outside_the_draw_cannot_be_recorded(district):
    _campaign(district, ratio=0.2)
    frames = campaign_frames(district, 2024)
    outside = sorted(set(f"91310112TEST{i:06d}" for i in range(12)) - set(frames["plan"]["credit_code"]))[0]
    with pytest.raises(CampaignError, match="不在"):
        record_inspection(district, campaign=NAME, credit_code=outside, device_code=None, inspector="乙",
                          inspected_on=date(2024, 4, 3), answers=_all_conform(), who="检查员乙")


def test_a_finding_goes_through_rectification_and_review(district):
    _campaign(district, ratio=1.0)
    inspection = record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-0",
                                   inspector="甲", inspected_on=date(2024, 4, 2), answers=_all_conform(), who="检查员甲")
    with pytest.raises(CampaignError, match="早于检查日期"):
        add_finding(district, inspection, section="安全", severity="一般", description="x", deadline=date(2024, 4, 1),
                    who="检查员甲")
    finding = add_finding(district, inspection, section="安全", severity="较大", description="安全阀校验超期",
                          deadline=date(2024, 4, 17), who="检查员甲", item_id="S04")
    with pytest.raises(CampaignError, match="证明材料"):
        move_finding(district, finding, "已整改", on=date(2024, 4, 10), who="检查员甲")
    move_finding(district, finding, "已整改", on=date(2024, 4, 10), who="检查员甲", evidence=("校验报告.pdf", b"%PDF-1.7"))
    with pytest.raises(CampaignError, match="不能从"):
        move_finding(district, finding, "已整改", on=date(2024, 4, 11), who="检查员甲", evidence=("x", b"x"))
    with pytest.raises(PermissionRefused, match="限管理人员"):  # the inspector who found it does not review it
        move_finding(district, finding, "已复查", on=date(2024, 4, 20), who="检查员甲")
    move_finding(district, finding, "已复查", on=date(2024, 4, 20), who="科长")
    with district() as session:
        stored = session.get(Finding, finding)
        assert (stored.status, stored.rectified_on, stored.reviewed_by) == ("已复查", date(2024, 4, 10), "科长")
        assert stored.responsible_unit == "测试单位0"
    add_enforcement(district, inspection, action="责令整改", decided_on=date(2024, 4, 2), who="科长", finding_id=finding,
                    document_no="闵市监特令〔2024〕0001号")
    with pytest.raises(CampaignError, match="执法措施"):
        add_enforcement(district, inspection, action="警告", decided_on=date(2024, 4, 2), who="科长")
    frames = campaign_frames(district, 2024)
    assert frames["findings"]["status"].tolist() == ["已复查"]
    assert frames["enforcement"][["action", "office", "device_code"]].values.tolist() == [
        ["责令整改", "特种设备监督管理所", "B-0"]]


def test_frames_and_public_notice_hold_public_fields_only(district):
    _campaign(district, ratio=1.0)
    record_inspection(district, campaign=NAME, credit_code="91310112TEST000002", device_code=None, inspector="乙",
                      inspected_on=date(2024, 5, 6), answers=_all_conform(), who="检查员乙")
    frames = campaign_frames(district, 2024)
    assert len(frames["plan"]) == 12 and len(frames["inspections"]) == 1 and len(frames["items"]) == len(CHECKLIST)
    assert frames["inspections"]["office"].tolist() == ["七宝市场监督管理所"]
    notice = public_notice(frames)
    assert list(notice.columns) == ["序号", "单位名称", "统一社会信用代码", "所在街镇", "抽查事项", "检查机关", "抽取方式"]
    assert len(notice) == 12 and not ({"甲", "乙", "丙", "丁"} & set(notice.astype(str).to_numpy().ravel()))
    with pytest.raises(CampaignError, match="没有"):
        campaign_frames(district, 2030)


def test_an_unanswered_checklist_writes_nothing(district):
    _campaign(district, ratio=1.0)
    with pytest.raises(CampaignError):
        record_inspection(district, campaign=NAME, credit_code="91310112TEST000002", device_code=None, inspector="乙",
                          inspected_on=date(2024, 5, 6), answers={"S01": ("符合", "")}, who="检查员乙")
    with district() as session:
        assert session.scalar(select(func.count()).select_from(Inspection)) == 0


def test_key_units_not_inspected_in_the_year_are_listed(district):
    _campaign(district, ratio=1.0)
    assert len(uncovered_key_units(district, 2024)) == 12
    record_inspection(district, campaign=NAME, credit_code="91310112TEST000002", device_code=None, inspector="乙",
                      inspected_on=date(2024, 5, 6), answers=_all_conform(), who="检查员乙")
    left = uncovered_key_units(district, 2024)
    assert len(left) == 11 and "91310112TEST000002" not in set(left["credit_code"])
    assert len(uncovered_key_units(district, 2025)) == 12  # a new year: every key unit is due again


def test_an_inspection_and_its_findings_go_in_together_or_not_at_all(district):
    _campaign(district, ratio=1.0)
    answers = _all_conform() | {"S05": ("不符合", "压力表超期")}
    bad = [{"item_id": "S05", "severity": "一般", "description": "压力表超期", "deadline": None}]
    with pytest.raises(CampaignError, match="S05 严重程度 '特别' 无效"):
        record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-0", inspector="甲",
                          inspected_on=date(2024, 4, 2), answers=answers, who="检查员甲",
                          findings=[{**bad[0], "severity": "特别", "deadline": date(2024, 5, 2)}])
    with pytest.raises(CampaignError, match="整改期限"):
        record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-0", inspector="甲",
                          inspected_on=date(2024, 4, 2), answers=answers, who="检查员甲", findings=bad)
    with pytest.raises(CampaignError, match="不在 2024 年"):
        record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-0", inspector="甲",
                          inspected_on=date(2025, 1, 2), answers=answers, who="检查员甲")
    with district() as session:
        assert session.scalar(select(func.count()).select_from(Inspection)) == 0
    good = [{**bad[0], "deadline": date(2024, 5, 2)}]
    inspection = record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-0",
                                   inspector="甲", inspected_on=date(2024, 4, 2), answers=answers, who="检查员甲",
                                   findings=good)
    with district() as session:
        stored = session.scalars(select(Finding).where(Finding.inspection_id == inspection)).one()
        assert (stored.section, stored.status, stored.responsible_unit) == ("安全", "整改中", "测试单位0")


def test_a_year_with_two_campaigns_needs_a_name(district):
    _campaign(district, ratio=1.0)
    _campaign(district, name="2024年冬季抽查", ratio=0.2)
    with pytest.raises(CampaignError, match="请指明名称"):
        campaign_frames(district, 2024)
    assert campaign_frames(district, name="2024年冬季抽查")["campaign"]["sample_ratio"] == 0.2


def test_a_failed_review_clears_the_rectification(district):
    _campaign(district, ratio=1.0)
    inspection = record_inspection(district, campaign=NAME, credit_code="91310112TEST000000", device_code="B-0",
                                   inspector="甲", inspected_on=date(2024, 4, 2), answers=_all_conform(), who="检查员甲")
    finding = add_finding(district, inspection, section="节能", severity="一般", description="保温破损",
                          deadline=date(2024, 5, 2), who="检查员甲", item_id="E05")
    move_finding(district, finding, "已整改", on=date(2024, 4, 20), who="检查员甲", evidence=("照片.jpg", b"jpg"))
    with pytest.raises(CampaignError, match="早于整改日期"):
        move_finding(district, finding, "已复查", on=date(2024, 4, 10), who="科长")
    move_finding(district, finding, "整改中", on=date(2024, 4, 25), who="科长")
    with district() as session:
        stored = session.get(Finding, finding)
        assert (stored.status, stored.rectified_on, stored.evidence_upload_id) == ("整改中", None, None)
    with pytest.raises(CampaignError, match="未知的检查项目"):
        add_finding(district, inspection, section="节能", severity="一般", description="x", deadline=date(2024, 5, 2),
                    who="检查员甲", item_id="Z99")
    with pytest.raises(CampaignError, match=r"严重程度 severity '严重' 无效, 有效取值 \['一般', '较大', '重大'\]"):
        add_finding(district, inspection, section="节能", severity="严重", description="x", deadline=date(2024, 5, 2),
                    who="检查员甲")


def test_a_unit_deleted_after_the_draw_leaves_the_plan(district):
    from boilerlab.db.store import soft_delete

    _campaign(district, ratio=1.0)
    assert soft_delete(district, "units", "91310112TEST000005", who="管理员")
    plan = campaign_frames(district, 2024)["plan"]
    assert len(plan) == 11 and "91310112TEST000005" not in set(plan["credit_code"])


def test_last_year_means_who_actually_inspected(district):
    _campaign(district, ratio=1.0)
    with district() as session:
        planned = session.scalar(select(CampaignUnit.inspector).join(Unit, Unit.id == CampaignUnit.unit_id)
                                 .where(Unit.credit_code == "91310112TEST000002"))
    actual = ({"乙", "丙"} - {planned}).pop()  # the colleague stood in for the planned inspector
    record_inspection(district, campaign=NAME, credit_code="91310112TEST000002", device_code=None, inspector=actual,
                      inspected_on=date(2024, 5, 6), answers=_all_conform(), who="检查员" + actual)
    _campaign(district, name="2025年专项", year=2025, ratio=1.0)
    with district() as session:
        this_year = session.scalar(select(CampaignUnit.inspector).join(Unit, Unit.id == CampaignUnit.unit_id)
                                   .where(Unit.credit_code == "91310112TEST000002", CampaignUnit.campaign_id == 2))
    assert this_year == planned  # not the one who actually inspected it last year
