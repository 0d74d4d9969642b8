"""Who may write what (issue 14, item 3), on SQLite and PostgreSQL: every permission for every role, the office an
inspector is bound to, disabled and unknown accounts, and each service function refusing in Chinese before it writes
anything — not even an audit row."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

from boilerlab.base.reference import load_reference
from boilerlab.db.accounts import disable_account
from boilerlab.db.campaigns import (add_enforcement, add_finding, add_inspectors, create_campaign, move_finding,
                                    record_inspection)
from boilerlab.db.imports import import_file
from boilerlab.db.models import Application, AuditLog, Boiler, Campaign, Finding, Inspection, Unit
from boilerlab.db.permissions import PERMISSIONS, Loader, PermissionRefused, authorise, may
from boilerlab.db.store import save_application, soft_delete
from boilerlab.intake.templates import template
from tests.staff import add_staff

#: The issue's table, written out here independently of boilerlab.db.permissions.PERMISSIONS.
EXPECTED = {
    "tests": {"inspector"}, "inspection": {"inspector"}, "rectification": {"inspector", "manager"},
    "admission": {"clerk"}, "registry": {"clerk", "admin"}, "campaign": {"manager"}, "review": {"manager"},
    "reference": {"admin"}, "accounts": {"admin"}, "deletion": {"admin"},
    "risk": {"manager"},  # issue 15: the manager classifies the district and records its units' credit events
    "monitoring": {"manager"},  # issue 16: the manager imports the online data and links data loggers to boilers
}
ROLES = ("inspector", "clerk", "manager", "admin")
QIBAO, MAQIAO = "七宝市场监督管理所", "马桥市场监督管理所"
CHECKLIST = load_reference().table("checklist_items")


@pytest.fixture
def staffed(sessions):
    """One account per role (an inspector of each of two offices), and a disabled manager."""
    add_staff(sessions, 检验员七宝=("inspector", QIBAO), 检验员马桥=("inspector", MAQIAO), 登记员="clerk", 科长="manager",
              管理员="admin", 老科长="manager")
    disable_account(sessions, "老科长", who="管理员")
    return sessions


LOGIN = {"inspector": "检验员七宝", "clerk": "登记员", "manager": "科长", "admin": "管理员"}


def test_the_permission_table_is_the_issues():
    assert {name: set(roles) for name, roles in PERMISSIONS.items()} == EXPECTED


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_every_role_is_allowed_exactly_its_permissions(staffed, permission):
    with staffed() as session:
        for role in ROLES:
            assert may(role, permission) == (role in EXPECTED[permission])
            if role in EXPECTED[permission]:
                assert authorise(session, LOGIN[role], permission) == LOGIN[role]
            else:
                with pytest.raises(PermissionRefused, match="的角色是.*, 此操作限"):
                    authorise(session, LOGIN[role], permission)


@pytest.mark.parametrize("who, message", [("老科长", "账户 老科长 已停用"), ("nobody", "未登录或账户不存在"),
                                          ("", "未登录或账户不存在"), ("' OR '1'='1", "未登录或账户不存在")])
def test_a_disabled_or_unknown_account_may_do_nothing(staffed, who, message):
    with staffed() as session:
        for permission in EXPECTED:
            with pytest.raises(PermissionRefused, match=message):
                authorise(session, who, permission)


def test_an_inspector_acts_only_for_the_own_office(staffed):
    with staffed() as session:
        assert authorise(session, "检验员七宝", "inspection", office=QIBAO) == "检验员七宝"
        with pytest.raises(PermissionRefused, match=f"该单位由{MAQIAO}负责, 账户 检验员七宝 属于{QIBAO}"):
            authorise(session, "检验员七宝", "inspection", office=MAQIAO)
        with pytest.raises(PermissionRefused, match="无权登记问题整改"):
            authorise(session, "检验员七宝", "rectification", office=MAQIAO)
        assert authorise(session, "科长", "rectification", office=MAQIAO) == "科长"  # a manager: any office


def test_a_unit_without_an_office_is_no_inspector_s_own(staffed):
    """Found in review: a blank office let an inspector of any office write."""
    with staffed() as session:
        with pytest.raises(PermissionRefused, match="该单位由未指定的监管所负责"):
            authorise(session, "检验员七宝", "inspection", office=None)
        assert authorise(session, "科长", "rectification", office=None) == "科长"


def test_the_installation_writes_as_a_loader_recorded_by_its_name(staffed):
    with staffed() as session:
        assert authorise(session, Loader("demo"), "campaign") == "demo"


# --- the service functions refuse before they write --------------------------------------------------------------

def _audit_rows(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditLog))


@pytest.fixture
def campaign(staffed):
    """Two key units (七宝, 马桥) with a boiler each, drawn in a campaign by the manager; one inspection of each."""
    with staffed.begin() as session:
        units = [Unit(credit_code=f"91310112PERM{i:06d}", name=f"单位{i}", town="七宝镇", office=office, key_unit=True,
                      district_key=False) for i, office in enumerate((QIBAO, MAQIAO))]
        session.add_all(units)
        session.flush()
        session.add_all(Boiler(device_code=f"P-{i}", unit_id=u.id, boiler_kind="hot_water", fuel_kind="natural_gas")
                        for i, u in enumerate(units))
    add_inspectors(staffed, pd.DataFrame({"name": ["甲", "乙"], "office": [QIBAO, MAQIAO]}), who="科长")
    create_campaign(staffed, name="权限检查", year=2024, ratio=1.0, seed=1, start=date(2024, 3, 1),
                    end=date(2024, 11, 30), who="科长")
    return staffed


def _inspect(sessions, unit: int, who: str) -> int:
    answers = {item: ("符合", "") for item in CHECKLIST["item_id"]}
    return record_inspection(sessions, campaign="权限检查", credit_code=f"91310112PERM{unit:06d}", device_code=f"P-{unit}",
                             inspector="甲", inspected_on=date(2024, 4, 2), answers=answers, who=who)


def test_campaign_writes_are_refused_to_the_wrong_role_or_office(campaign):
    before = _audit_rows(campaign)
    with pytest.raises(PermissionRefused, match="无权建立专项检查与双随机抽取: 账户 登记员 的角色是登记审查人员, 此操作限管理人员"):
        create_campaign(campaign, name="不该有", year=2025, ratio=1.0, seed=1, start=date(2025, 3, 1),
                        end=date(2025, 11, 30), who="登记员")
    with pytest.raises(PermissionRefused, match="无权建立专项检查"):
        add_inspectors(campaign, pd.DataFrame({"name": ["丙"], "office": [QIBAO]}), who="检验员七宝")
    with pytest.raises(PermissionRefused, match=f"无权记录现场检查与问题: 该单位由{MAQIAO}负责"):
        _inspect(campaign, 1, "检验员七宝")
    with pytest.raises(PermissionRefused, match="无权记录现场检查与问题: 账户 科长 的角色是管理人员"):
        _inspect(campaign, 0, "科长")
    assert _audit_rows(campaign) == before
    with campaign() as session:
        assert session.scalar(select(func.count()).select_from(Campaign)) == 1
        assert session.scalar(select(func.count()).select_from(Inspection)) == 0

    inspection = _inspect(campaign, 0, "检验员七宝")
    with pytest.raises(PermissionRefused, match=f"该单位由{QIBAO}负责, 账户 检验员马桥 属于{MAQIAO}"):
        add_finding(campaign, inspection, section="安全", severity="一般", description="x", deadline=date(2024, 5, 2),
                    who="检验员马桥")
    finding = add_finding(campaign, inspection, section="安全", severity="一般", description="压力表超期",
                          deadline=date(2024, 5, 2), who="检验员七宝")
    evidence = ("照片.jpg", b"jpg")
    with pytest.raises(PermissionRefused, match="无权登记问题整改"):
        move_finding(campaign, finding, "已整改", on=date(2024, 4, 20), who="检验员马桥", evidence=evidence)
    move_finding(campaign, finding, "已整改", on=date(2024, 4, 20), who="检验员七宝", evidence=evidence)
    with pytest.raises(PermissionRefused, match="无权复查整改与登记执法措施: 账户 检验员七宝 的角色是能效检验人员, 此操作限管理人员"):
        move_finding(campaign, finding, "已复查", on=date(2024, 4, 25), who="检验员七宝")
    with pytest.raises(PermissionRefused, match="无权复查整改与登记执法措施"):
        add_enforcement(campaign, inspection, action="责令整改", decided_on=date(2024, 4, 2), who="检验员七宝")
    with pytest.raises(PermissionRefused, match="账户 老科长 已停用"):
        move_finding(campaign, finding, "已复查", on=date(2024, 4, 25), who="老科长")
    move_finding(campaign, finding, "已复查", on=date(2024, 4, 25), who="科长")
    with campaign() as session:
        stored = session.get(Finding, finding)
        assert (stored.status, stored.reviewed_by) == ("已复查", "科长")


def test_registry_test_admission_and_deletion_writes_need_their_roles(staffed):
    units = template("units").to_csv(index=False).encode("utf-8")
    tests = template("tests").assign(设备代码=None).to_csv(index=False).encode("utf-8")
    with pytest.raises(PermissionRefused, match="无权导入使用单位与锅炉台账: 账户 检验员七宝 的角色是能效检验人员, 此操作限登记审查人员、系统管理员"):
        import_file(staffed, "units", units, "units.csv", who="检验员七宝")
    with pytest.raises(PermissionRefused, match="无权保存能效测试记录: 账户 登记员 的角色是登记审查人员, 此操作限能效检验人员"):
        import_file(staffed, "tests", tests, "tests.csv", who="登记员")
    with pytest.raises(PermissionRefused, match="无权保存登记准入申请与审查意见"):
        save_application(staffed, {"application_id": "MH-1", "fuel_kind": "natural_gas"}, who="科长")
    with staffed() as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 0
        assert session.scalar(select(func.count()).select_from(Application)) == 0
    before = _audit_rows(staffed)
    assert import_file(staffed, "units", units, "units.csv", who="登记员").exit_code == 0
    credit_code = template("units")["统一社会信用代码"].iloc[0]
    with pytest.raises(PermissionRefused, match="无权删除或恢复记录: 账户 科长 的角色是管理人员, 此操作限系统管理员"):
        soft_delete(staffed, "units", credit_code, who="科长")
    assert soft_delete(staffed, "units", credit_code, who="管理员")
    with staffed() as session:
        who = session.scalars(select(AuditLog.who).where(AuditLog.id > before)).all()
    assert set(who) == {"登记员", "管理员"}  # every write attributed to the account that was allowed it
