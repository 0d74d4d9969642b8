"""The database: migrations on SQLite and PostgreSQL, imports (every bad-input path, idempotency,
concurrency), exports with formula neutralisation, templates and the CLI exit codes."""

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from alembic import command
from sqlalchemy import func, inspect, select

from boilerlab.db import make_engine, upgrade
from boilerlab.db.audit import RecordCheck, record_digest, verify_audit, verify_test_records
from boilerlab.db.models import AuditLog, Boiler, FuelUse, TestRecord, Unit, Upload
from boilerlab.db.session import alembic_config
from boilerlab.db.imports import import_file
from boilerlab.intake.rows import INSERTED, REJECTED, UNCHANGED, UPDATED, FileRefused
from boilerlab.intake.templates import template
from boilerlab.standards.credit_code import credit_code_check_digit, is_valid_credit_code
from boilerlab.db.store import export_table
from tests.staff import CLERK, INSPECTOR, STAFF, add_staff

ROOT = Path(__file__).resolve().parents[2]


def code(serial: int) -> str:
    """A valid 统一社会信用代码 for a Minhang company (91310112 …) with the given serial."""
    first = f"91310112MA1G{serial:05d}"
    return first + credit_code_check_digit(first)


def units_csv(*rows, encoding="utf-8") -> bytes:
    return pd.DataFrame(list(rows)).to_csv(index=False).encode(encoding)


UNIT = {"统一社会信用代码": code(1), "使用单位名称": "上海甲酒店有限公司", "街镇": "莘庄镇", "重点单位": "是",
        "区级重点": "否", "场所类别": "hotel"}


@pytest.fixture
def sessions(sessions):
    """The database with one account per role (tests.staff) and the clerks and administrator named below."""
    add_staff(sessions, **STAFF, 张三="clerk", 李四="clerk", 王五="clerk", 赵六="admin")
    return sessions


def count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


# --- migrations ----------------------------------------------------------------------------------------

def test_migrations_upgrade_from_empty_and_match_the_models(database_url):
    upgrade(database_url)
    tables = set(inspect(make_engine(database_url)).get_table_names())
    assert {"unit", "boiler", "test_record", "upload", "fuel_use", "application", "audit_log"} <= tables
    command.check(alembic_config(database_url))  # raises if the models drifted from the migrations


# --- the credit code ------------------------------------------------------------------------------------

def test_credit_code_check_character():
    # GB 32100-2015's commonly quoted example 91350100M000100Y43 (check character 3)
    assert is_valid_credit_code("91350100M000100Y43")
    assert not is_valid_credit_code("91350100M000100Y44")
    assert not is_valid_credit_code("91350100M000100Y4")      # 17 characters
    assert not is_valid_credit_code("91350100M000100I43")     # I is not in the code set


# --- imports ----------------------------------------------------------------------------------------------

def test_import_is_idempotent_and_keeps_the_file(sessions):
    content = units_csv(UNIT, {**UNIT, "统一社会信用代码": code(2), "使用单位名称": "上海乙医院"})
    first = import_file(sessions, "units", content, "units.csv", who="张三")
    assert (first.count(INSERTED), first.exit_code) == (2, 0)
    second = import_file(sessions, "units", content, "units.csv", who="张三")
    assert second.count(UNCHANGED) == 2 and second.count(INSERTED) == 0
    assert count(sessions, Unit) == 2
    with sessions() as session:
        uploads = session.scalars(select(Upload)).all()
        assert len(uploads) == 1 and uploads[0].content == content  # byte for byte, once
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "insert", AuditLog.table_name == "unit")).all()
        assert len(audit) == 2 and {a.who for a in audit} == {"张三"} and all(a.at for a in audit)


def test_import_reports_its_progress(sessions):
    seen = []
    import_file(sessions, "units", units_csv(UNIT), "units.csv", progress=lambda done, text: seen.append(done), who=CLERK)
    assert seen == [0.0, 0.6, 1.0]


def test_a_changed_row_is_updated_and_audited(sessions):
    import_file(sessions, "units", units_csv(UNIT), "a.csv", who=CLERK)
    report = import_file(sessions, "units", units_csv({**UNIT, "街镇": "七宝镇"}), "b.csv", who="李四")
    assert report.count(UPDATED) == 1
    with sessions() as session:
        assert session.scalar(select(Unit.town)) == "七宝镇"
        change = session.scalars(select(AuditLog).where(AuditLog.action == "update")).one()
        assert change.who == "李四" and change.detail["changes"]["town"] == ["莘庄镇", "七宝镇"]


@pytest.mark.parametrize("row, reason", [
    ({"统一社会信用代码": "91310112MA1G000010"}, "无效: 校验码 (第 18 位) 应为"),
    ({"街镇": None}, "街镇为空, 必填"),
    ({"场所类别": "castle"}, "场所类别 的值 'castle' 无效, 可选: 学校、幼儿园、医院"),
    ({"重点单位": "maybe"}, "重点单位 的值 'maybe' 无效, 应为 是 或 否"),
])
def test_one_bad_row_in_the_middle_of_a_good_file(sessions, row, reason):
    good_1 = UNIT
    bad = {**UNIT, "统一社会信用代码": code(7), **row}
    good_2 = {**UNIT, "统一社会信用代码": code(3), "使用单位名称": "上海丙学校"}
    report = import_file(sessions, "units", units_csv(good_1, bad, good_2), "mixed.csv", who=CLERK)
    assert [o.status for o in report.outcomes] == [INSERTED, REJECTED, INSERTED]
    assert report.outcomes[1].row == 3 and reason in report.outcomes[1].reason
    assert report.exit_code == 1
    assert count(sessions, Unit) == 2  # exactly what the report says went in


def test_duplicates_within_a_file_are_rejected(sessions):
    report = import_file(sessions, "units", units_csv(UNIT, UNIT), "dup.csv", who=CLERK)
    assert report.count(REJECTED) == 2 and "在文件中重复 (第 2、3 行), 同一记录只能有一行" in report.outcomes[0].reason
    assert count(sessions, Unit) == 0


@pytest.mark.parametrize("content, name, message", [
    ("统一社会信用代码,使用单位名称,街镇\n".encode("utf-8") + bytes([0x81, 0x20]), "bad.csv", "无法按 UTF-8 或 GBK 解码"),
    (b"name,town\nx,y\n", "units.csv", "缺少必填列: 使用单位名称、统一社会信用代码"),
    (b"\x00\x01", "units.xlsx", "不是有效的 xlsx 文件"),
    (b"", "units.csv", "文件为空"),
])
def test_refused_files_leave_the_database_as_it_was(sessions, content, name, message):
    import_file(sessions, "units", units_csv(UNIT), "before.csv", who=CLERK)
    with pytest.raises(FileRefused, match=message):
        import_file(sessions, "units", content, name, who=CLERK)
    assert count(sessions, Unit) == 1 and count(sessions, Upload) == 1


def test_gbk_csv_with_chinese_headers(sessions):
    report = import_file(sessions, "units", units_csv(UNIT, encoding="gbk"), "gbk.csv", who=CLERK)
    assert report.count(INSERTED) == 1
    with sessions() as session:
        assert session.scalar(select(Unit.name)) == "上海甲酒店有限公司"


def registry_and_boiler(sessions):
    import_file(sessions, "units", units_csv(UNIT), "u.csv", who=CLERK)
    boiler = template("boilers").rename(columns={"使用单位统一社会信用代码": "credit_code"})
    boiler["credit_code"] = code(1)
    report = import_file(sessions, "boilers", boiler.to_csv(index=False).encode(), "b.csv", who=CLERK)
    assert report.count(INSERTED) == 1, report.frame()


def test_boilers_need_a_registered_unit(sessions):
    boiler = template("boilers")
    report = import_file(sessions, "boilers", boiler.to_csv(index=False).encode(), "b.csv", who=CLERK)
    assert report.count(REJECTED) == 1 and "不在台账中 (或已删除), 请先导入单位" in report.outcomes[0].reason
    assert count(sessions, Boiler) == 0


def test_tests_are_evaluated_stored_with_provenance_and_rejected_with_their_row_error(sessions):
    registry_and_boiler(sessions)
    tests = template("tests")
    bad = tests.copy()
    bad["测试编号"] = "T-bad"
    bad["排烟氧含量(%)"] = 25
    content = pd.concat([tests, bad]).to_csv(index=False).encode()
    report = import_file(sessions, "tests", content, "tests.csv", who=INSPECTOR)
    assert [o.status for o in report.outcomes] == [INSERTED, REJECTED]
    assert "排烟氧含量 的值 25 超出有效范围 [0, 21) %" in report.outcomes[1].reason
    with sessions() as session:
        stored = session.scalars(select(TestRecord)).one()
        assert stored.boiler is not None and stored.eta_direct_pct > 80
        assert stored.results["gb24500_grade"] == stored.gb24500_grade
        assert "gb24500_grades=2020.1+" in stored.reference_versions and stored.engine_version
        assert stored.inputs["flue_o2_pct"] == 3.5 and "q5_pct" not in stored.inputs  # q5 was not measured
    again = import_file(sessions, "tests", content, "tests-again.csv", who=INSPECTOR)
    assert again.count(UNCHANGED) == 1 and count(sessions, TestRecord) == 1


def test_a_new_test_s_audit_row_keeps_the_digest_of_its_inputs_and_results_and_a_change_keeps_both_whole(sessions):
    registry_and_boiler(sessions)
    tests = template("tests")
    import_file(sessions, "tests", tests.to_csv(index=False).encode(), "tests.csv", who=INSPECTOR)
    with sessions() as session:
        stored = session.scalars(select(TestRecord)).one()
        inserted = session.scalars(select(AuditLog).where(AuditLog.action == "insert",
                                                          AuditLog.table_name == "test_record")).one()
        kept = inserted.detail["values"]
        # the record read back gives the digests its audit row keeps (JSON both ways, on SQLite and PostgreSQL)
        assert kept["inputs"] == {"sha256": record_digest(stored.inputs)}
        assert kept["results"] == {"sha256": record_digest(stored.results)}
        assert kept["test_id"] == stored.test_id and kept["upload_id"] == stored.upload_id
        before = stored.inputs
    changed = tests.copy()
    changed["排烟温度(°C)"] = 150
    import_file(sessions, "tests", changed.to_csv(index=False).encode(), "tests-2.csv", who=INSPECTOR)
    with sessions() as session:
        update = session.scalars(select(AuditLog).where(AuditLog.action == "update",
                                                        AuditLog.table_name == "test_record")).one()
        old, new = update.detail["changes"]["inputs"]
        assert old == before and new["flue_temp_c"] == 150 and new == session.scalars(select(TestRecord)).one().inputs
    assert verify_audit(sessions).intact
    assert verify_test_records(sessions) == RecordCheck(checked=1, unverifiable=0)
    # a result changed in the database, not by the workbench, no longer matches its audit rows
    with sessions.begin() as session:
        record = session.scalars(select(TestRecord)).one()
        record.results = {**record.results, "eta_governing_pct": 99.0}
    assert verify_test_records(sessions).changed == (record.test_id,)


def test_a_test_without_an_id_is_rejected_and_the_others_go_in(sessions):
    registry_and_boiler(sessions)
    tests = template("tests")
    blank_id = tests.assign(测试编号=None)
    second = tests.assign(测试编号="T2024-0002")
    content = pd.concat([tests, blank_id, second]).to_csv(index=False).encode()
    report = import_file(sessions, "tests", content, "tests.csv", who=INSPECTOR)
    assert [(o.row, o.status) for o in report.outcomes] == [(2, INSERTED), (3, REJECTED), (4, INSERTED)]
    assert "测试编号为空, 必填" in report.outcomes[1].reason
    assert count(sessions, TestRecord) == 2

def test_fuel_use_units_and_boilers_are_checked(sessions):
    registry_and_boiler(sessions)
    rows = template("fuel-use")
    bad_unit = rows.assign(月份="2024-02", 单位="barrels")
    bad_month = rows.assign(月份="2024-13")
    unknown = rows.assign(设备代码="NOPE", 月份="2024-03")
    content = pd.concat([rows, bad_unit, bad_month, unknown]).to_csv(index=False).encode()
    report = import_file(sessions, "fuel-use", content, "fuel.csv", who=INSPECTOR)
    assert [o.status for o in report.outcomes] == [INSERTED, REJECTED, REJECTED, REJECTED]
    assert "单位 的值 'barrels' 无效, 可选: t、kg、万 Nm³" in report.outcomes[1].reason
    assert "不是月份, 应为 YYYY-MM (如 2024-03)" in report.outcomes[2].reason
    assert "设备代码 'NOPE' 不在台账中 (或已删除), 请先导入锅炉" in report.outcomes[3].reason
    assert count(sessions, FuelUse) == 1


# --- concurrency ------------------------------------------------------------------------------------------

def test_several_processes_importing_at_once_lose_and_duplicate_nothing(database_url, tmp_path):
    from boilerlab.db import session_factory

    upgrade(database_url)
    add_staff(session_factory(make_engine(database_url)), **STAFF)
    rows = [{**UNIT, "统一社会信用代码": code(i), "使用单位名称": f"单位{i}"} for i in range(200)]
    files = []
    for k in range(4):  # four overlapping files: each shares half its rows with the next
        path = tmp_path / f"units-{k}.csv"
        path.write_bytes(units_csv(*rows[k * 25: k * 25 + 100]))
        files.append(path)
    env = {**os.environ, "BOILERLAB_DATABASE_URL": database_url}
    processes = [subprocess.Popen([sys.executable, "-m", "boilerlab", "import", "units", str(f), "--who", CLERK], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in files * 2]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in processes]
    assert all(code == 0 for _, _, code in results), [err for _, err, _ in results]
    with make_engine(database_url).connect() as connection:
        codes = [r[0] for r in connection.execute(select(Unit.credit_code))]
    assert len(codes) == len(set(codes)) == 175  # rows 0 … 174, each exactly once


# --- export, templates, CLI --------------------------------------------------------------------------------

def test_export_neutralises_formulas_and_leaves_out_deleted_rows(sessions, tmp_path):
    evil = {**UNIT, "统一社会信用代码": code(9), "使用单位名称": '=HYPERLINK("http://x","y")', "街镇": "+1"}
    import_file(sessions, "units", units_csv(UNIT, evil), "u.csv", who=CLERK)
    with sessions.begin() as session:
        session.scalars(select(Unit).where(Unit.credit_code == code(1))).one().deleted_at = pd.Timestamp.now("UTC")
    frame = export_table(sessions, "units")
    assert list(frame["credit_code"]) == [code(9)]
    assert frame.loc[0, "name"].startswith("'=") and frame.loc[0, "town"] == "'+1"
    path = tmp_path / "units.xlsx"
    frame.to_excel(path, index=False)
    sheet = openpyxl.load_workbook(path).active
    cells = [c.value for c in sheet[2]]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and sheet.cell(2, 1).data_type != "f"
    with pytest.raises(KeyError, match="valid:"):
        export_table(sessions, "secrets")


@pytest.mark.parametrize("kind", ["units", "boilers", "tests", "fuel-use"])
def test_templates_have_chinese_headers_with_units_and_an_example(kind, tmp_path):
    frame = template(kind)
    path = tmp_path / f"{kind}.xlsx"
    frame.to_excel(path, index=False)
    header = [c.value for c in openpyxl.load_workbook(path).active[1]]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in str(h)) for h in header)
    assert len(frame) == 1
    if kind == "tests":
        assert "排烟温度(°C)" in header and "燃气消耗量(Nm³/h)" in header


def test_cli_exit_codes(tmp_path, monkeypatch, capsys):
    from types import SimpleNamespace

    from boilerlab.cli import main
    from boilerlab.db import session_factory

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    add_staff(session_factory(make_engine(url)), **STAFF)
    env = {**os.environ, "BOILERLAB_DATABASE_URL": url}
    monkeypatch.setenv("BOILERLAB_DATABASE_URL", url)

    def run(*args):
        """The command in this process (``python -m boilerlab`` is started once below: a process costs seconds)."""
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse refuses a missing option so
            code = exit_.code
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    good = tmp_path / "good.csv"
    good.write_bytes(units_csv(UNIT))
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(units_csv({**UNIT, "统一社会信用代码": code(5)}, {**UNIT, "统一社会信用代码": "bad"}))
    refused = tmp_path / "refused.csv"
    refused.write_bytes(b"a,b\n1,2\n")
    as_a_process = subprocess.run([sys.executable, "-m", "boilerlab", "import", "units", str(good), "--who", CLERK],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert as_a_process.returncode == 0, as_a_process.stderr
    assert run("import", "units", good, "--who", CLERK).returncode == 0
    partial = run("import", "units", mixed, "--who", CLERK)
    assert partial.returncode == 1 and "row 3" in partial.stdout
    assert run("import", "units", refused, "--who", CLERK).returncode == 2
    assert run("import", "units", mixed).returncode == 2  # --who is required: nothing is written by nobody
    wrong_role = run("import", "units", mixed, "--who", INSPECTOR)
    assert wrong_role.returncode == 2 and "的角色是能效检验人员, 此操作限登记审查人员、系统管理员" in wrong_role.stderr
    assert run("import", "units", mixed, "--who", "nobody").returncode == 2
    out = tmp_path / "units.xlsx"
    assert run("export", "units", "-o", out).returncode == 0 and out.exists()
    frame = pd.read_excel(io.BytesIO(out.read_bytes()), engine="openpyxl")
    assert len(frame) == 2


def _the_demo_district_is_complete_and_a_second_load_adds_nothing(sessions, reports=None) -> None:
    from boilerlab.db.models import Campaign, Inspection, MonitoringHour, Vehicle
    from boilerlab.demo.load import load_demo

    counts = {model.__tablename__: count(sessions, model) for model in (Unit, Boiler, TestRecord, FuelUse)}
    assert counts["unit"] == 1050 and 400 <= counts["boiler"] <= 600
    if reports is not None:
        # units, boilers, tests, fuel use, unit events, vehicles
        assert [r.count(REJECTED) for r in reports] == [0, 0, 0, 0, 0, 0]
        assert counts["test_record"] == reports[2].count(INSERTED) and counts["fuel_use"] == reports[3].count(INSERTED)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Unit).where(Unit.district_key.is_(True))) == 150
    assert count(sessions, Campaign) == 1 and count(sessions, Inspection) > 500  # the 2024 campaign in mid-progress
    assert count(sessions, MonitoringHour) == 20 * 8784  # twenty key boilers, every hour of 2024
    assert count(sessions, Vehicle) == 1500
    inspections = count(sessions, Inspection)
    again = load_demo(sessions)  # the same seed again: nothing new
    assert sum(r.count(INSERTED) + r.count(UPDATED) + r.count(REJECTED) for r in again) == 0
    assert {model.__tablename__: count(sessions, model) for model in (Unit, Boiler, TestRecord, FuelUse)} == counts
    assert count(sessions, Campaign) == 1 and count(sessions, Inspection) == inspections


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_demo_district_loads_completely_and_only_once(sessions):
    """On PostgreSQL from an empty database; the SQLite load is the one every demo test reads (below)."""
    from boilerlab.db.store import is_empty
    from boilerlab.demo.load import load_demo

    assert is_empty(sessions)
    _the_demo_district_is_complete_and_a_second_load_adds_nothing(sessions, load_demo(sessions))


def test_the_demo_database_the_tests_share_is_complete_and_a_second_load_adds_nothing(demo_sessions):
    """The session's demo database (tests/conftest.py: load_demo on an empty SQLite file)."""
    _the_demo_district_is_complete_and_a_second_load_adds_nothing(demo_sessions)


def test_applications_are_stored_with_their_decision_and_audited(sessions):
    from boilerlab.db.models import Application
    from boilerlab.db.store import save_application

    application = {"application_id": "MH-1", "boiler_kind": "steam", "fuel_kind": "natural_gas"}
    assert save_application(sessions, application, who="王五").decision == "需补充材料"
    save_application(sessions, {**application, "fuel_kind": "bituminous"}, who="王五")
    with sessions() as session:
        stored = session.scalars(select(Application)).one()  # the same id: updated, not duplicated
        assert stored.decision == "不通过" and stored.fields["fuel_kind"] == "bituminous"
        assert [r["rule_id"] for r in stored.result["rules"][:2]] == ["A00", "A01"]  # completeness first
        actions = [a.action for a in session.scalars(select(AuditLog).where(AuditLog.table_name == "application"))]
        assert actions == ["insert", "update"]
    with pytest.raises(ValueError, match="申请编号为空, 无法保存"):
        save_application(sessions, {"fuel_kind": "natural_gas"}, who="王五")


def test_admit_stores_the_applications_for_a_clerk_only(sessions, database_url, monkeypatch, tmp_path, capsys):
    import json

    from boilerlab.cli import main
    from boilerlab.db.models import Application
    from tests.standards.test_admission import GOOD

    monkeypatch.setenv("BOILERLAB_DATABASE_URL", database_url)
    applications = tmp_path / "apps.json"
    applications.write_text(json.dumps([GOOD, {**GOOD, "application_id": "MH-2", "nox_guarantee_mg_m3": 80}]),
                            encoding="utf-8")
    assert main(["admit", str(applications), "--store"]) == 2  # stored by nobody: refused
    assert main(["admit", str(applications), "--store", "--who", INSPECTOR]) == 2
    assert "无权保存登记准入申请与审查意见: 账户 检验员 的角色是能效检验人员, 此操作限登记审查人员" in capsys.readouterr().err
    assert count(sessions, Application) == 0
    assert main(["admit", str(applications), "--store", "--who", CLERK]) == 0
    with sessions() as session:
        stored = dict(session.execute(select(Application.application_id, Application.decision)).all())
        who = set(session.scalars(select(AuditLog.who).where(AuditLog.table_name == "application")))
    assert stored == {"MH-1": "通过", "MH-2": "不通过"} and who == {CLERK}


def test_soft_delete_keeps_the_row_and_audits(sessions):
    from boilerlab.db.store import soft_delete

    import_file(sessions, "units", units_csv(UNIT), "u.csv", who=CLERK)
    assert soft_delete(sessions, "units", code(1), who="赵六") is True
    assert soft_delete(sessions, "units", code(1), who="赵六") is False  # already deleted
    assert count(sessions, Unit) == 1 and export_table(sessions, "units").empty
    with sessions() as session:
        assert session.scalar(select(AuditLog.who).where(AuditLog.action == "delete")) == "赵六"
    again = import_file(sessions, "units", units_csv(UNIT), "u2.csv", who=CLERK)  # importing it again does not resurrect it
    assert again.count(REJECTED) == 1 and "删除, 请先恢复" in again.outcomes[0].reason
    boiler = template("boilers").assign(**{"使用单位统一社会信用代码": code(1)})  # nor take boilers
    assert import_file(sessions, "boilers", boiler.to_csv(index=False).encode(), "b.csv", who=CLERK).count(REJECTED) == 1
    assert soft_delete(sessions, "units", code(1), who="赵六", restore=True) is True
    assert len(export_table(sessions, "units")) == 1


def test_a_file_without_a_column_leaves_that_column_alone(sessions):
    import_file(sessions, "units", units_csv({**UNIT, "地址": "示例路 1 号"}), "full.csv", who=CLERK)
    partial = {k: v for k, v in UNIT.items() if k not in ("重点单位", "场所类别")}
    report = import_file(sessions, "units", units_csv({**partial, "街镇": "七宝镇"}), "partial.csv", who=CLERK)
    assert report.count(UPDATED) == 1
    with sessions() as session:
        unit = session.scalars(select(Unit)).one()
        assert (unit.town, unit.address, unit.key_unit, unit.place_category) == ("七宝镇", "示例路 1 号", True, "hotel")


def test_out_of_range_numbers_are_rejected(sessions):
    import_file(sessions, "units", units_csv(UNIT), "u.csv", who=CLERK)
    boiler = template("boilers").assign(**{"额定热功率(MW)": -1.4})
    report = import_file(sessions, "boilers", boiler.to_csv(index=False).encode(), "b.csv", who=CLERK)
    assert report.count(REJECTED) == 1
    assert "额定热功率 的值 '-1.4' 超出有效范围 [0, 1400] MW" in report.outcomes[0].reason


def test_a_header_with_another_unit_refuses_the_registry_file(sessions):
    import_file(sessions, "units", units_csv(UNIT), "u.csv", who=CLERK)
    boiler = template("boilers").rename(columns={"额定热功率(MW)": "额定热功率(kW)"})
    with pytest.raises(FileRefused, match=r"表头 '额定热功率\(kW\)' 的单位与额定热功率不符, 应为 MW"):
        import_file(sessions, "boilers", boiler.to_csv(index=False).encode(), "b.csv", who=CLERK)
    assert count(sessions, Boiler) == 0


def test_text_longer_than_its_column_is_rejected_not_truncated(sessions):
    report = import_file(sessions, "units", units_csv({**UNIT, "街镇": "镇" * 41}), "long.csv", who=CLERK)
    assert report.count(REJECTED) == 1 and "有 41 个字符, 至多 40 个" in report.outcomes[0].reason
    tests = template("tests").assign(测试编号="T" * 61, 设备代码=None)
    report = import_file(sessions, "tests", tests.to_csv(index=False).encode(), "t.csv", who=INSPECTOR)
    reason = report.outcomes[0].reason
    assert report.count(REJECTED) == 1 and "测试编号 的值 'TTTTTTTTTTTTTTTTTTTTTTTTTTTTTT'… 有 61 个字符, 至多 60 个" in reason


def test_a_measured_q5_is_stored_as_given_whatever_its_header(sessions):
    tests = template("tests").rename(columns={"实测散热损失(%)": "散热损失"}).assign(散热损失=1.7, 设备代码=None)
    import_file(sessions, "tests", tests.to_csv(index=False).encode(), "q5.csv", who=INSPECTOR)
    # a file naming the input by the interchange name q5_pct, as the spec's input column, is read the same way
    by_name = template("tests").rename(columns={"实测散热损失(%)": "q5_pct"}).assign(q5_pct=1.9, 测试编号="T-Q5",
                                                                                   设备代码=None)
    import_file(sessions, "tests", by_name.to_csv(index=False).encode(), "q5-name.csv", who=INSPECTOR)
    with sessions() as session:
        stored = {t.test_id: t for t in session.scalars(select(TestRecord))}
    first = stored[template("tests")["测试编号"].iloc[0]]
    assert first.inputs["q5_measured_pct"] == 1.7 and first.results["q5_source"] == "measured"
    assert first.results["q5_pct"] == 1.7  # the q5 used is the measured one, not corrected for load
    assert stored["T-Q5"].inputs["q5_measured_pct"] == 1.9 and stored["T-Q5"].results["q5_pct"] == 1.9
    unit_error = template("tests").assign(测试编号="T2", 设备代码=None, **{"散热损失(kW)": 3.0}).drop(columns="实测散热损失(%)")
    report = import_file(sessions, "tests", unit_error.to_csv(index=False).encode(), "q5kw.csv", who=INSPECTOR)
    assert report.count(REJECTED) == 1 and "散热损失(kW)" in report.outcomes[0].reason


def test_the_q5_migration_renames_the_measured_q5_of_stored_tests_both_ways(database_url):
    from alembic import command

    from boilerlab.db import make_engine, session_factory, upgrade

    upgrade(database_url)
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    add_staff(sessions, **STAFF)
    tests = template("tests").rename(columns={"实测散热损失(%)": "散热损失"}).assign(散热损失=1.7, 设备代码=None)
    import_file(sessions, "tests", tests.to_csv(index=False).encode(), "q5.csv", who=INSPECTOR)
    engine.dispose()
    command.downgrade(alembic_config(database_url), "41bd6487051f")  # the records as the old code stored them
    engine = make_engine(database_url)
    with engine.connect() as connection:
        (inputs,) = connection.execute(select(TestRecord.inputs)).one()
    assert inputs["q5_pct"] == 1.7 and "q5_measured_pct" not in inputs
    engine.dispose()
    upgrade(database_url)
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        stored = session.scalars(select(TestRecord)).one()
        assert stored.inputs["q5_measured_pct"] == 1.7 and "q5_pct" not in stored.inputs
        assert stored.results["q5_pct"] == 1.7
    engine.dispose()


def test_a_change_committed_while_the_tests_are_checked_is_not_reported_as_made_outside_the_workbench(sessions,
                                                                                                     monkeypatch):
    import threading

    from sqlalchemy.orm import Session

    registry_and_boiler(sessions)
    tests = template("tests")
    import_file(sessions, "tests", tests.to_csv(index=False).encode(), "tests.csv", who=INSPECTOR)
    changed = tests.copy()
    changed["排烟温度(°C)"] = 150
    reimport = threading.Thread(target=import_file, args=(sessions, "tests", changed.to_csv(index=False).encode(),
                                                          "tests-2.csv", INSPECTOR))
    execute, calls = Session.execute, []

    def between_the_two_reads(self, *args, **kwargs):
        result = execute(self, *args, **kwargs)
        if threading.current_thread() is threading.main_thread() and not calls:
            calls.append(1)  # after the audit rows are read: the workbench changes the test (PostgreSQL commits it
            reimport.start()  # now; on SQLite it waits for the check's lock)
            reimport.join(timeout=15)
        return result

    monkeypatch.setattr(Session, "execute", between_the_two_reads)
    check = verify_test_records(sessions)
    monkeypatch.setattr(Session, "execute", execute)
    reimport.join()
    assert calls and check == RecordCheck(checked=1, unverifiable=0)
    with sessions() as session:
        assert session.scalars(select(TestRecord)).one().inputs["flue_temp_c"] == 150  # the change went in
    assert verify_test_records(sessions) == RecordCheck(checked=1, unverifiable=0)
