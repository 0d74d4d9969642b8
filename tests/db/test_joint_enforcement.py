"""内燃场车联合执法 (issue 17) on SQLite and PostgreSQL: the notification's joint-enforcement list becomes a campaign
with an audited draw; each vehicle's inspection is recorded against the vehicle checklist and its findings go through
rectification, review and enforcement as a boiler campaign's do; a vehicle's inspection does not cover the unit's
boilers."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select, update

from boilerlab.analysis.vehicle_notice import vehicle_notice
from boilerlab.base.reference import load_reference
from boilerlab.db.campaigns import (add_enforcement, add_finding, add_inspectors, campaign_frames, draw_record,
                                    move_finding, public_notice, record_inspection, uncovered_key_units)
from boilerlab.db.imports import import_file
from boilerlab.db.joint_enforcement import create_joint_campaign, joint_campaign_name, joint_vehicles
from boilerlab.base.vocabulary import audit_detail_text
from boilerlab.db.models import AuditLog, Campaign, CampaignUnit, Finding, Inspection, Unit
from boilerlab.db.permissions import PermissionRefused
from boilerlab.standards.campaign_rules import CampaignError
from boilerlab.standards.vehicles import answers_from, prefilled_answers
from tests.db.test_vehicle_register import GOOD, _code, _csv
from tests.staff import CLERK, INSPECTOR, MANAGER, STAFF, add_staff

CHECKLIST = load_reference().table("vehicle_checklist")
NAME = "2024年第三季度内燃场车联合执法"
#: The vehicles of tests.db.test_vehicle_register.GOOD with a problem on 2024-09-30: unit 1's stage-III diesel
#: registered in 2023 without a code, unit 2's LPG vehicle without a code and its stage-I diesel of 2012.
LISTED = {"51103101122023000002": "label_missing;registered_below_stage4", "51103101122020000003": "label_missing",
          "51103101122012000005": "stage_below_required"}


@pytest.fixture
def joint(sessions):
    """The register of test_vehicle_register (unit 1 a key unit in 七宝, unit 2 in 莘庄) and an inspector each."""
    add_staff(sessions, **STAFF, 莘庄检查员=("inspector", "莘庄市场监督管理所"))
    with sessions.begin() as session:
        session.add_all([Unit(credit_code=_code(1), name="甲物流有限公司", town="七宝镇", office="七宝市场监督管理所",
                              key_unit=True),
                         Unit(credit_code=_code(2), name="乙制造有限公司", town="莘庄镇", office="莘庄市场监督管理所")])
    assert import_file(sessions, "vehicles", _csv(GOOD), "vehicles.csv", who=CLERK).exit_code == 0
    add_inspectors(sessions, pd.DataFrame({"name": [INSPECTOR, "莘庄检查员"],
                                           "office": ["七宝市场监督管理所", "莘庄市场监督管理所"]}), who=MANAGER)
    return sessions


def _inspect(sessions, vehicle_code: str, unit_code: str, on: date = date(2024, 10, 15), who: str = INSPECTOR,
             **overrides) -> int:
    problems = LISTED.get(vehicle_code, "")
    answers = answers_from(prefilled_answers(CHECKLIST, problems), CHECKLIST)
    findings = [{"item_id": item, "severity": "一般", "description": note, "deadline": date(2024, 11, 30)}
                for item, (result, note) in answers.items() if result == "不符合"]
    fields = dict(campaign=NAME, credit_code=unit_code, device_code=vehicle_code, inspector=who, inspected_on=on,
                  answers=answers, findings=findings, who=who, vehicle=True)
    return record_inspection(sessions, **(fields | overrides))


def test_the_notified_list_becomes_a_campaign_with_an_audited_draw(joint):
    summary = create_joint_campaign(joint, "2024Q3", who=MANAGER, seed=7)
    assert (summary["name"], summary["units"], summary["vehicles"]) == (NAME, 2, 3) and joint_campaign_name("2024Q3") == NAME
    # the same vehicles as the notification's joint-enforcement list
    notice = vehicle_notice(joint, "2024Q3")
    assert set(notice.tables["联合执法清单"]["设备代码"]) == set(LISTED)
    with joint() as session:
        campaign = session.scalar(select(Campaign).where(Campaign.name == NAME))
        assert (campaign.draw_method, campaign.year, campaign.planned_start, campaign.planned_end) == (
            "joint_vehicle", 2024, date(2024, 10, 1), date(2024, 12, 31))
        scope = session.execute(select(Unit.credit_code, CampaignUnit.office, CampaignUnit.inspector,
                                       CampaignUnit.selection, CampaignUnit.planned_date)
                                .join(Unit, Unit.id == CampaignUnit.unit_id)
                                .where(CampaignUnit.campaign_id == campaign.id).order_by(Unit.credit_code)).all()
    # each unit gets the inspector of its own office and a date within the following quarter
    assert [(c, o, i, s) for c, o, i, s, _ in scope] == [
        (_code(1), "七宝市场监督管理所", INSPECTOR, "联合执法清单"), (_code(2), "莘庄市场监督管理所", "莘庄检查员", "联合执法清单")]
    assert all(date(2024, 10, 1) <= d <= date(2024, 12, 31) for *_, d in scope)
    record = draw_record(joint, NAME)
    assert {row["device_code"]: ";".join(row["vehicle_problem"]) for row in record["listed"]} == LISTED
    assert (record["who"], record["seed"], record["period"], record["listed_vehicles"]) == (MANAGER, 7, "2024Q3", 3)
    with joint() as session:  # the audit page reads it in Chinese, the problems by name
        text = audit_detail_text(session.scalar(select(AuditLog.detail).where(AuditLog.action == "draw")))
    assert "通报季度: 2024Q3" in text and "清单车辆: 3" in text and "缺少环保登记编码或标志" in text
    assert "period" not in text and "label_missing" not in text
    vehicles = joint_vehicles(joint, NAME)
    # the listed vehicles of each unit come first; the unit's other vehicles follow for what is found on site
    assert vehicles["device_code"].tolist()[:2] == ["51103101122023000002", "51103101122018000001"]  # unit 1
    assert vehicles.loc[vehicles["listed"], "device_code"].tolist() == ["51103101122023000002", "51103101122012000005",
                                                                       "51103101122020000003"]
    assert set(vehicles.loc[~vehicles["listed"], "device_code"]) == {"51103101122018000001", "51103101122021000004",
                                                                      "51103101122015000006"}
    assert public_notice(campaign_frames(joint, name=NAME))["抽查事项"].str.contains("内燃场车").all()
    with pytest.raises(CampaignError, match="已建立"):
        create_joint_campaign(joint, "2024Q3", who=MANAGER, seed=7)


def test_a_quarter_without_problems_or_a_clerk_makes_no_campaign(joint):
    with pytest.raises(CampaignError, match="没有问题车辆"):
        create_joint_campaign(joint, "2012Q1", who=MANAGER, seed=1)  # the 2012 diesel was registered in June
    with pytest.raises(PermissionRefused):
        create_joint_campaign(joint, "2024Q3", who=CLERK, seed=1)
    with pytest.raises(CampaignError, match="应在通报期末"):
        create_joint_campaign(joint, "2024Q3", who=MANAGER, seed=1, start=date(2024, 9, 30))
    with joint() as session:
        assert session.scalar(select(Campaign)) is None


def test_findings_of_a_vehicle_go_through_rectification_review_and_enforcement(joint):
    create_joint_campaign(joint, "2024Q3", who=MANAGER, seed=7)
    inspection = _inspect(joint, "51103101122023000002", _code(1))
    frames = campaign_frames(joint, name=NAME)
    findings = frames["findings"]
    # V02 (registered after stage IV with stage III) and V03 (no code) as the register's check found them
    assert findings["item_id"].tolist() == ["V02", "V03"]
    assert set(findings["device_code"]) == {"51103101122023000002"} and set(findings["status"]) == {"整改中"}
    assert findings["description"].str.startswith("登记信息核查: ").all()
    assert frames["inspections"]["device_code"].tolist() == ["51103101122023000002"]
    first = int(findings["finding_id"].iloc[0])
    move_finding(joint, first, "已整改", on=date(2024, 11, 20), who=INSPECTOR, evidence=("code.jpg", b"label photo"))
    move_finding(joint, first, "已复查", on=date(2024, 11, 25), who=MANAGER)
    add_enforcement(joint, inspection, finding_id=int(findings["finding_id"].iloc[1]), action="责令整改",
                    decided_on=date(2024, 10, 20), who=MANAGER, document_no="闵市监特责改〔2024〕1号")
    extra = add_finding(joint, inspection, section="环保", severity="一般", description="排气可见黑烟",
                        deadline=date(2024, 11, 30), who=INSPECTOR, item_id="V04")
    with pytest.raises(CampaignError, match="未知的检查项目 S01"):  # a boiler item is not of a vehicle's checklist
        add_finding(joint, inspection, section="安全", severity="一般", description="x", deadline=date(2024, 11, 30),
                    who=INSPECTOR, item_id="S01")
    frames = campaign_frames(joint, name=NAME)
    assert frames["findings"].set_index("finding_id").loc[[first, extra], "status"].tolist() == ["已复查", "整改中"]
    assert frames["enforcement"]["action"].tolist() == ["责令整改"]
    vehicles = joint_vehicles(joint, NAME).set_index("device_code")
    assert vehicles.at["51103101122023000002", "inspection_id"] == inspection
    assert vehicles["inspection_id"].isna().sum() == 5
    with joint() as session:
        stored = session.get(Inspection, inspection)
        assert stored.boiler_id is None and stored.checklist_version == load_reference().versions["vehicle_checklist"]
    # the unit is a key unit: a vehicle's inspection does not cover its boilers this year
    assert _code(1) in set(uncovered_key_units(joint, 2024)["credit_code"])


@pytest.mark.parametrize("overrides, message", [
    (dict(inspected_on=date(2024, 9, 30)), "早于联合执法开始日"),
    (dict(credit_code=_code(2), who="莘庄检查员"), "不是该单位的在册场车"),
    (dict(vehicle=False, device_code=None, findings=[],
          answers={item: ("符合", "") for item in load_reference().table("checklist_items")["item_id"]}), "只登记场车"),
    (dict(device_code=None), "须指明受检车辆"),
    (dict(answers={"V01": ("符合", "")}), "检查项目 V02 未填写结果"),
])
def test_a_vehicle_inspection_that_cannot_stand_is_refused_whole(joint, overrides, message):
    create_joint_campaign(joint, "2024Q3", who=MANAGER, seed=7)
    with pytest.raises(CampaignError, match=message):
        _inspect(joint, "51103101122023000002", _code(1), **overrides)
    with joint() as session:
        assert session.scalar(select(Inspection)) is None and session.scalar(select(Finding)) is None


def test_once_per_vehicle_and_only_by_the_units_office(joint):
    create_joint_campaign(joint, "2024Q3", who=MANAGER, seed=7)
    _inspect(joint, "51103101122023000002", _code(1))
    with pytest.raises(CampaignError, match="该车辆在本次联合执法中已有检查记录"):
        _inspect(joint, "51103101122023000002", _code(1))
    with pytest.raises(PermissionRefused):  # the 七宝 inspector may not record a 莘庄 unit's vehicle
        _inspect(joint, "51103101122020000003", _code(2))
    # a vehicle not on the list but found on site is recorded too, against the same checklist
    _inspect(joint, "51103101122018000001", _code(1))
    second = _inspect(joint, "51103101122020000003", _code(2), who="莘庄检查员")
    assert second > 0


def test_a_boiler_campaign_takes_no_vehicle(joint):
    with joint.begin() as session:
        session.execute(update(Unit).values(key_unit=True))
    from boilerlab.db.campaigns import create_campaign
    create_campaign(joint, name="2024年锅炉节能专项监督检查", year=2024, ratio=1.0, seed=1, start=date(2024, 3, 1),
                    end=date(2024, 11, 30), who=MANAGER)
    with pytest.raises(CampaignError, match="不登记场车"):
        _inspect(joint, "51103101122023000002", _code(1), campaign="2024年锅炉节能专项监督检查")
    # a joint enforcement of the same year does not make the year's boiler campaign ambiguous
    create_joint_campaign(joint, "2024Q1", who=MANAGER, seed=7, start=date(2024, 4, 1))
    assert campaign_frames(joint, 2024)["campaign"]["name"] == "2024年锅炉节能专项监督检查"


def test_the_joint_enforcement_report_speaks_of_vehicles_not_boilers(joint, tmp_path):
    from docx import Document

    from boilerlab.documents.campaign_report import build_report, write_docx, write_xlsx
    create_joint_campaign(joint, "2024Q3", who=MANAGER, seed=7)
    _inspect(joint, "51103101122023000002", _code(1))
    _inspect(joint, "51103101122020000003", _code(2), who="莘庄检查员")  # one of unit 2's two listed vehicles
    report = build_report(campaign_frames(joint, name=NAME), date(2024, 12, 31))
    summary = dict(report.summary)
    assert summary["纳入检查的单位"].startswith("2 家") and summary["检查场车"] == "2 台 (含清单外车辆)"
    # unit 1's only listed vehicle is inspected; unit 2 still has one to go
    assert summary["已检查单位"].startswith("1 家") and summary["清单车辆"] == "3 台, 已检查 2 台"
    assert (report.figures["inspected"], report.figures["listed"], report.figures["listed_inspected"]) == (1, 3, 2)
    assert not [s for s in report.next_steps if "锅炉" in s]
    assert summary["发现问题 (隐患)"].startswith("3 项") and "检查锅炉" not in summary
    assert not {"判定统计", "能效未达限定值锅炉", "排放超标锅炉", "按信用风险分类进度"} & set(report.tables)
    assert not {"能效未达限定值锅炉", "节能不符合项次"} & set(report.tables["按监管所进度"].columns)  # no boiler, no energy section
    assert {"安全不符合项次", "环保不符合项次"} <= set(report.tables["按街镇进度"].columns)
    text = "\n".join(p.text for p in Document(write_docx(report, {}, tmp_path / "r.docx")).paragraphs)
    assert "联合执法清单所列单位全部检查" in text and "锅炉" not in text
    sheets = pd.read_excel(write_xlsx(report, tmp_path / "r.xlsx"), sheet_name=None, engine="openpyxl")
    assert "排放超标锅炉" not in sheets and sheets["总体情况"].set_index("项目").at["清单车辆", "情况"] == "3 台, 已检查 2 台"


def test_the_command_line_makes_the_joint_enforcement(joint, database_url, monkeypatch, capsys):
    from boilerlab.cli import main

    monkeypatch.setenv("BOILERLAB_DATABASE_URL", database_url)
    assert main(["campaign", "joint", "--period", "2024Q3", "--seed", "7", "--who", CLERK]) == 2  # not a manager
    assert main(["campaign", "joint", "--period", "2024-07", "--seed", "7", "--who", MANAGER]) == 2
    assert "应为年份加季度" in capsys.readouterr().err
    assert main(["campaign", "joint", "--period", "2024Q3", "--seed", "7", "--who", MANAGER]) == 0
    assert f"已建立「{NAME}」: 2 家单位, 清单车辆 3 台" in capsys.readouterr().out
    assert main(["campaign", "joint", "--period", "2024Q3", "--seed", "7", "--who", MANAGER]) == 2
    assert "已建立" in capsys.readouterr().err


def test_the_notification_says_what_the_joint_enforcement_did(joint):
    create_joint_campaign(joint, "2024Q3", who=MANAGER, seed=7)
    _inspect(joint, "51103101122023000002", _code(1))
    listed = vehicle_notice(joint, "2024Q3").tables["联合执法清单"].set_index("设备代码")["处理情况"]
    assert listed["51103101122023000002"] == "2024-10-15 已检查; 问题整改中 2 项"
    assert listed["51103101122012000005"] == "" and listed["51103101122020000003"] == ""  # not inspected yet
    # the enforcement a manager decides is said too, with its day and document number
    inspection = _inspect(joint, "51103101122020000003", _code(2), who="莘庄检查员")
    add_enforcement(joint, inspection, action="责令整改", decided_on=date(2024, 10, 16), who=MANAGER,
                    document_no="闵市监特令〔2024〕0007号")
    add_enforcement(joint, inspection, action="处罚", decided_on=date(2024, 12, 2), who=MANAGER)
    listed = vehicle_notice(joint, "2024Q3").tables["联合执法清单"].set_index("设备代码")["处理情况"]
    assert listed["51103101122020000003"].endswith(
        "; 执法: 责令整改 (2024-10-16, 闵市监特令〔2024〕0007号)、处罚 (2024-12-02)")
    assert "执法" not in listed["51103101122023000002"]


def test_the_migration_will_not_drop_vehicle_inspections(joint, database_url):
    from alembic import command

    from boilerlab.db.session import alembic_config
    create_joint_campaign(joint, "2024Q3", who=MANAGER, seed=7)
    _inspect(joint, "51103101122023000002", _code(1))
    with pytest.raises(RuntimeError, match="1 inspections of in-plant vehicles are stored"):
        command.downgrade(alembic_config(database_url), "a1b3c5d7e9f0")
    with joint() as session:
        assert session.scalar(select(Inspection.vehicle_id)) is not None
