"""Command line.

* ``python -m boilerlab evaluate IN.(csv|xlsx) -o OUT.(csv|xlsx)``: exit 0 when the file was evaluated
  (rows with errors included: see their ``error`` column), 2 when it is refused (unreadable, or none of
  the interchange columns).
* ``python -m boilerlab admit FILE [--json]``: the admission decision of every application in FILE
  (.csv/.xlsx, one per row; .json, an object or a list); exit 0 whatever the decisions, 2 when refused.
* ``python -m boilerlab import KIND FILE``: exit 0 when every row went in, 1 when some rows were rejected,
  2 when the file was refused; ``export TABLE -o FILE``; ``template KIND -o FILE``; ``demo``. They use the
  database ``BOILERLAB_DATABASE_URL`` names (default: the SQLite file under data/), migrated first.

Every command that writes (``import``, ``admit --store``, ``user add/disable/passwd``, ``risk classify``,
``campaign draw``, ``campaign joint``) takes ``--who LOGIN``: an
active account whose role may make that write (:mod:`boilerlab.db.permissions`); otherwise it exits 2 and writes
nothing. Only the first account of an empty database (the administrator) is created without one.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from boilerlab.standards.admission import check_admission
from boilerlab.engine.pipeline import Q2_METHODS
from boilerlab.intake.streaming import evaluate_file
from boilerlab.intake.canonical import TableRefused
from boilerlab.base.reference import ReferenceDataError, load_reference
from boilerlab.intake.files import UnreadableFileError, read_applications, write_table

EXIT_OK, EXIT_PROBLEM, EXIT_REFUSED = 0, 1, 2  # 1: the work was done and found a problem (bad rows, a broken chain)


def _evaluate_command(args: argparse.Namespace) -> int:
    output = Path(args.output)

    def say(notes: list[str]) -> None:
        for note in notes:
            print(note, file=sys.stderr)

    try:
        reference = load_reference(args.reference)
        rows, failed = evaluate_file(args.input, output, reference=reference, q2_method=args.q2_method,
                                     method=args.method, notes=say)
    except (UnreadableFileError, TableRefused, ReferenceDataError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except (OSError, ValueError) as exc:
        print(f"错误 / error: 无法写出 / cannot write {output}: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"已计算 {rows} 行, 其中 {failed} 行有错误 → {output} / evaluated {rows} rows, {failed} with errors → {output}")
    return EXIT_OK


def _admit_command(args: argparse.Namespace) -> int:
    try:
        applications = read_applications(args.file)
        reference = load_reference(args.reference)
    except (UnreadableFileError, ReferenceDataError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    decisions = [check_admission(application, reference) for application in applications]
    if args.store:
        from boilerlab.db.permissions import PermissionRefused, check
        from boilerlab.db.store import save_application

        sessions = _database(args)
        try:
            check(sessions, args.who or "", "admission")
        except PermissionRefused as refused:
            return _refused(refused)
        for application in applications:
            try:
                save_application(sessions, application, who=args.who)
            except ValueError as exc:
                print(f"未保存 / not stored: {exc}", file=sys.stderr)
    if args.json:
        print(json.dumps([d.as_dict() for d in decisions], ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    for decision in decisions:
        print(f"申请 {decision.application_id or '(无编号)'}: {decision.decision}")
        for rule in decision.rules:
            threshold = "" if rule.threshold is None else f" (限值 / threshold {rule.threshold})"
            value = "" if rule.value is None else f" {rule.value}"
            print(f"  {rule.rule_id} {rule.status}: {rule.text}{value}{threshold} {rule.reason}".rstrip())
        if decision.co2_t_per_year is not None:
            print(f"  年 CO₂ 估算 / annual CO₂: {decision.co2_t_per_year:.1f} t; 强度 / intensity "
                  f"{decision.co2_intensity_kg_gj:.1f} kg/GJ")
    return EXIT_OK


def _refused(refused: Exception) -> int:
    print(f"错误 / error: {refused} (请用 --who 指明有此权限的在用账户 / name an allowed active account with --who)",
          file=sys.stderr)
    return EXIT_REFUSED


def _database(args: argparse.Namespace):
    from boilerlab.db import make_engine, session_factory, upgrade  # the database only for the commands using it

    upgrade()
    return session_factory(make_engine())


def _monitoring_import(args: argparse.Namespace) -> int:
    from boilerlab.db.monitoring import MonitoringRefused, import_monitoring
    from boilerlab.db.permissions import PermissionRefused

    try:
        content = Path(args.file).read_bytes()
        report = import_monitoring(_database(args), content, Path(args.file).name, who=args.who, boiler=args.boiler)
    except OSError as exc:
        print(f"错误 / error: 无法读取文件 {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_REFUSED
    except MonitoringRefused as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except PermissionRefused as refused:
        return _refused(refused)
    for note in report.notes:
        print(note, file=sys.stderr)
    print(report.summary())
    for reason in report.rejected:
        print(f"  {reason}")
    return report.exit_code


def _monitoring_link(args: argparse.Namespace) -> int:
    from boilerlab.db.monitoring import MonitoringRefused, add_device
    from boilerlab.db.permissions import PermissionRefused

    try:
        add_device(_database(args), args.mn, args.boiler, who=args.who)
    except MonitoringRefused as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except PermissionRefused as refused:
        return _refused(refused)
    print(f"数采仪 MN {args.mn} → 锅炉 {args.boiler} / linked")
    return EXIT_OK


def _import_command(args: argparse.Namespace) -> int:
    if args.kind == "monitoring":
        return _monitoring_import(args)
    from boilerlab.db.imports import KIND_PERMISSION, store_import
    from boilerlab.db.permissions import PermissionRefused, check
    from boilerlab.intake.rows import prepare_import_file
    from boilerlab.intake.rows import FileRefused

    sessions = _database(args)
    try:
        check(sessions, args.who or "", KIND_PERMISSION[args.kind])  # before reading a large file
        report = store_import(sessions, prepare_import_file(args.kind, args.file), who=args.who)
    except FileRefused as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except PermissionRefused as refused:
        return _refused(refused)
    for note in report.notes:
        print(note, file=sys.stderr)
    print(report.summary())
    for outcome in report.outcomes:
        if outcome.status == "rejected":
            print(f"  第 {outcome.row} 行 / row {outcome.row} [{outcome.key}]: {outcome.reason}")
    return report.exit_code


def _export_command(args: argparse.Namespace) -> int:
    from boilerlab.db.store import export_table

    try:
        frame = export_table(_database(args), args.table)
        write_table(frame, args.output, sheet_name=args.table)
    except (KeyError, OSError, ValueError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"已导出 {len(frame)} 行 → {args.output} / exported {len(frame)} rows")
    return EXIT_OK


def _template_command(args: argparse.Namespace) -> int:
    from boilerlab.intake.templates import template

    write_table(template(args.kind), args.output, sheet_name=args.kind)
    print(f"模板 / template → {args.output}")
    return EXIT_OK


def _demo_command(args: argparse.Namespace) -> int:
    from boilerlab.db.store import is_empty
    from boilerlab.demo.load import load_demo

    sessions = _database(args)
    if args.if_empty and not is_empty(sessions):
        print("数据库已有数据, 未载入示范区 / the database holds data: the demo district was not loaded")
        return EXIT_OK
    for report in load_demo(sessions, seed=args.seed):
        print(report.summary())
    return EXIT_OK


def _written(write, refused: tuple[type[Exception], ...]) -> int:
    """Run a report writer: print the files it wrote (exit 0), or why it refused (exit 2)."""
    try:
        paths = write()
    except refused as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    for path in paths:
        print(path)
    return EXIT_OK


def _report_command(args: argparse.Namespace) -> int:
    from boilerlab.db.queries import ReportError
    from boilerlab.documents.test_report import write_test_report

    return _written(lambda: write_test_report(_database(args), args.test_id, args.output), (ReportError,))


def _campaign_report_command(args: argparse.Namespace) -> int:
    from boilerlab.standards.campaign_rules import CampaignError
    from boilerlab.documents.campaign_report import ChromiumMissingError, write_campaign_report

    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        print(f"错误 / error: --as-of {args.as_of!r} 须为 YYYY-MM-DD / must be YYYY-MM-DD", file=sys.stderr)
        return EXIT_REFUSED
    return _written(lambda: write_campaign_report(_database(args), args.output, year=args.year, name=args.name,
                                                  as_of=as_of), (CampaignError, ChromiumMissingError))


def _vehicles_report_command(args: argparse.Namespace) -> int:
    from boilerlab.analysis.vehicle_notice import PeriodError
    from boilerlab.documents.vehicle_notice import write_notice

    return _written(lambda: write_notice(_database(args), args.period, args.output), (PeriodError,))


def _day(text: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option, or None; a ValueError says which option is wrong."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ValueError(f"{option} {text!r} 须为 YYYY-MM-DD / must be YYYY-MM-DD") from None


def _risk_classify_command(args: argparse.Namespace) -> int:
    from boilerlab.base.vocabulary import label
    from boilerlab.db.permissions import PermissionRefused
    from boilerlab.db.risk import classify_units

    try:
        as_of = _day(args.as_of, "--as-of") or date.today()
        summary = classify_units(_database(args), as_of, who=args.who)
    except ValueError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except PermissionRefused as refused:
        return _refused(refused)
    print(f"信用风险分类 (截至 {as_of}): {summary['units']} 家单位 / classified {summary['units']} units")
    for risk_class, count in summary["counts"].items():
        print(f"  {label('risk_class', risk_class)}\t{count}")
    print("按监管所 / by office:")
    table = summary["by_office"]
    print("  监管所\t" + "\t".join(table.columns))
    for office, row in table.iterrows():
        print(f"  {office}\t" + "\t".join(str(int(v)) for v in row))
    return EXIT_OK


def _campaign_joint_command(args: argparse.Namespace) -> int:
    from boilerlab.db.joint_enforcement import create_joint_campaign
    from boilerlab.db.permissions import PermissionRefused

    try:
        summary = create_joint_campaign(_database(args), args.period, who=args.who, seed=args.seed,
                                        start=_day(args.start, "--start"), end=_day(args.end, "--end"), basis=args.basis)
    except ValueError as exc:  # CampaignError and PeriodError are ValueErrors
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except PermissionRefused as refused:
        return _refused(refused)
    print(f"已建立「{summary['name']}」: {summary['units']} 家单位, 清单车辆 {summary['vehicles']} 台 / "
          f"{summary['units']} units, {summary['vehicles']} vehicles listed")
    for problem in summary["problems"]:
        print(f"注意 / note: {problem}", file=sys.stderr)
    return EXIT_OK


def _campaign_draw_command(args: argparse.Namespace) -> int:
    from boilerlab.base.vocabulary import label
    from boilerlab.db.campaigns import create_campaign
    from boilerlab.db.permissions import PermissionRefused

    try:
        start = _day(args.start, "--start") or date(args.year, 3, 1)
        end = _day(args.end, "--end") or date(args.year, 11, 30)
        summary = create_campaign(_database(args), name=args.name, year=args.year, seed=args.seed, start=start,
                                  end=end, who=args.who, method="risk_class" if args.ratio is None else "office_ratio",
                                  ratio=None if args.ratio is None else args.ratio / 100.0,
                                  as_of=_day(args.as_of, "--as-of"), basis=args.basis)
    except ValueError as exc:  # CampaignError is a ValueError
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except PermissionRefused as refused:
        return _refused(refused)
    print(f"已抽取「{args.name}」: {summary['units']} 家单位 (区级重点 {summary['district_level']} 家, 随机抽取 "
          f"{summary['drawn']} 家) / drew {summary['units']} units")
    for risk_class, count in summary["by_class"].items():
        print(f"  {label('risk_class', risk_class)}\t{count}")
    for problem in summary["problems"]:
        print(f"注意 / note: {problem}", file=sys.stderr)
    return EXIT_OK


def _audit_verify_command(args: argparse.Namespace) -> int:
    from boilerlab.db.audit import verify_audit, verify_test_records

    sessions = _database(args)
    check = verify_audit(sessions)
    if not check.intact:
        print(f"审计链不完整 / audit chain broken: {check.problem}", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"审计链完整: {check.rows} 条, 链头哈希 {check.last_hash or '—'} / audit chain intact: {check.rows} rows")
    records = verify_test_records(sessions)
    if records.intact:
        print(f"{records.text()} / test records match their audit rows: {records.checked} checked, "
              f"{records.unverifiable} without a digest")
        return EXIT_OK
    print(f"{records.text()} / test records changed outside the workbench: {len(records.changed)}", file=sys.stderr)
    return EXIT_PROBLEM


def _password_from_stdin() -> str:
    """The first line of standard input (a password is never an argument: it would show in the process list)."""
    return sys.stdin.readline().rstrip("\r\n")


def _user_command(args: argparse.Namespace) -> int:
    from boilerlab.base.vocabulary import label
    from boilerlab.db import accounts
    from boilerlab.db.permissions import PermissionRefused, check

    sessions = _database(args)
    who = getattr(args, "who", None) or ""
    try:
        if args.user_action == "add":
            if not args.password_stdin:
                raise accounts.AccountError("请用 --password-stdin 从标准输入给出密码")
            account = accounts.add_account(sessions, args.name, args.role, _password_from_stdin(),
                                           display_name=args.display, office=args.office, who=who)
            print(f"已创建账户 {account.login} ({label('role', account.role)}) / account created")
        elif args.user_action == "list":
            table = accounts.list_accounts(sessions)
            for row in table.itertuples(index=False):
                state = "启用" if row.active else "停用"
                locked = f", 锁定至 {row.locked_until:%Y-%m-%d %H:%M} UTC" if row.locked_until is not None else ""
                print(f"{row.login}\t{row.display_name}\t{label('role', row.role)}\t{row.office or '—'}\t{state}{locked}")
            print(f"共 {len(table)} 个账户 / {len(table)} accounts")
        elif args.user_action == "disable":
            accounts.disable_account(sessions, args.name, who=who)
            print(f"已停用账户 {args.name} / account disabled")
        else:
            if not args.password_stdin:
                raise accounts.AccountError("请用 --password-stdin 从标准输入给出新密码")
            # an administrator's act here, even for one's own account (the sidebar form asks for the old password)
            check(sessions, who, "accounts")
            accounts.set_password(sessions, args.name, _password_from_stdin(), who=who)
            print(f"已重设账户 {args.name} 的密码 / password set")
    except accounts.AccountError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except PermissionRefused as refused:
        return _refused(refused)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m boilerlab", description="boilerlab 锅炉能效计算 / boiler efficiency")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_parser = commands.add_parser("evaluate", help="计算测试记录文件 / evaluate a test-record file")
    evaluate_parser.add_argument("input", help="输入 .csv 或 .xlsx / input file")
    evaluate_parser.add_argument("-o", "--output", required=True, help="输出 .csv 或 .xlsx / output file")
    evaluate_parser.add_argument("--q2-method", choices=Q2_METHODS, default="enthalpy",
                                 help="enthalpy: 详细测试 (default); simple: 简单测试 m、n 法")
    evaluate_parser.add_argument("--method", choices=("gbt10180", "bee"), default="gbt10180",
                                 help="gbt10180: GB/T 10180 正平衡 + 反平衡 (default); bee: India BEE heat-loss "
                                      "method on the gross basis, as an international cross-check")
    evaluate_parser.add_argument("--reference", default=None, help="参考数据目录 / reference-table folder")
    evaluate_parser.set_defaults(handler=_evaluate_command)
    admit_parser = commands.add_parser("admit", help="使用登记准入检查 / registration admission check")
    admit_parser.add_argument("file", help="申请 .csv/.xlsx (每行一份) 或 .json (对象或对象列表) / applications")
    admit_parser.add_argument("--json", action="store_true", help="以 JSON 输出决定 / print the decisions as JSON")
    admit_parser.add_argument("--reference", default=None, help="参考数据目录 / reference-table folder")
    admit_parser.add_argument("--store", action="store_true", help="将申请与决定存入数据库 / store the applications "
                                                                   "and decisions in the database")
    admit_parser.add_argument("--who", help="保存时: 登记审查人员的登录名 (--store 时必填) / with --store: a clerk's "
                                             "login")
    admit_parser.set_defaults(handler=_admit_command)
    kinds = ("units", "boilers", "tests", "fuel-use", "unit-events", "vehicles")  # (and monitoring: no template)
    import_parser = commands.add_parser("import", help="导入台账或测试数据 / import registry or test data into the "
                                                       "database BOILERLAB_DATABASE_URL names")
    import_parser.add_argument("kind", choices=(*kinds, "monitoring"))
    import_parser.add_argument("file")
    import_parser.add_argument("--boiler", help="在线监测数据: 整个文件属于这台锅炉 (设备代码) / monitoring: the boiler "
                                                "the whole file is of")
    import_parser.add_argument("--who", required=True, help="操作账户的登录名: 测试与燃料消耗须能效检验人员, 台账须登记审查"
                                                           "人员或系统管理员 / the acting account's login")
    import_parser.set_defaults(handler=_import_command)
    export_parser = commands.add_parser("export", help="导出数据表 / export a table")
    export_parser.add_argument("table", choices=("units", "boilers", "tests", "fuel_use", "applications", "audit"))
    export_parser.add_argument("-o", "--output", required=True, help=".csv 或 .xlsx")
    export_parser.set_defaults(handler=_export_command)
    template_parser = commands.add_parser("template", help="下载导入模板 / write an import template")
    template_parser.add_argument("kind", choices=kinds)
    template_parser.add_argument("-o", "--output", required=True, help=".xlsx 或 .csv")
    template_parser.set_defaults(handler=_template_command)
    demo_parser = commands.add_parser("demo", help="载入示范区数据 / load the demo district")
    demo_parser.add_argument("--seed", type=int, default=2024)
    demo_parser.add_argument("--if-empty", action="store_true", help="只在数据库为空时载入 / only into an empty database")
    demo_parser.set_defaults(handler=_demo_command)
    report_parser = commands.add_parser("report", help="生成报告 / write a report")
    report_kinds = report_parser.add_subparsers(dest="report_kind", required=True)
    test_report = report_kinds.add_parser("test", help="能效测试报告 (DOCX + XLSX) / a test report")
    test_report.add_argument("test_id")
    test_report.add_argument("-o", "--output", required=True, help="输出目录 / output folder")
    test_report.set_defaults(handler=_report_command)
    campaign_report = report_kinds.add_parser("campaign", help="专项检查报告 (DOCX + XLSX + PDF) / a campaign report")
    campaign_report.add_argument("--year", type=int, required=True, help="专项检查年度 / campaign year")
    campaign_report.add_argument("--name", help="专项检查名称 (该年有多次时) / the campaign's name, when a year has several")
    campaign_report.add_argument("-o", "--output", required=True, help="输出目录 / output folder")
    campaign_report.add_argument("--as-of", help="统计截至日期 YYYY-MM-DD (默认: 已结束的专项检查取计划结束日, 否则今天) "
                                 "/ status date (default: the planned end of a past campaign, else today)")
    campaign_report.set_defaults(handler=_campaign_report_command)
    vehicles_report = report_kinds.add_parser("vehicles", help="内燃场车环保信息季度通报 (DOCX + XLSX) / the quarter's "
                                                               "notification of in-plant vehicles to the environment bureau")
    vehicles_report.add_argument("--period", required=True, help="季度, 如 2024Q3 / a quarter such as 2024Q3")
    vehicles_report.add_argument("-o", "--output", required=True, help="输出目录 / output folder")
    vehicles_report.set_defaults(handler=_vehicles_report_command)
    user_parser = commands.add_parser("user", help="账户管理 / accounts")
    user_actions = user_parser.add_subparsers(dest="user_action", required=True)
    add_user = user_actions.add_parser("add", help="新建账户 / create an account")
    add_user.add_argument("name", help="登录名 / login name")
    add_user.add_argument("--role", required=True, help="inspector 能效检验人员, clerk 登记审查人员, manager 管理人员, "
                                                          "admin 系统管理员")
    add_user.add_argument("--office", help="所属监管所 / office")
    add_user.add_argument("--display", help="显示姓名, 如 张三 / display name")
    add_user.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码 / read the password from stdin")
    add_user.add_argument("--who", help="系统管理员的登录名 (空数据库的第一个管理员账户除外) / an administrator's "
                                         "login (not for the first account)")
    user_actions.add_parser("list", help="列出账户 / list the accounts")
    disable_user = user_actions.add_parser("disable", help="停用账户 / disable an account")
    disable_user.add_argument("name")
    disable_user.add_argument("--who", required=True, help="系统管理员的登录名 / an administrator's login")
    passwd_user = user_actions.add_parser("passwd", help="重设密码 / set a new password")
    passwd_user.add_argument("name")
    passwd_user.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码 / read the password from stdin")
    passwd_user.add_argument("--who", required=True, help="系统管理员的登录名 / an administrator's login")
    user_parser.set_defaults(handler=_user_command)
    risk_parser = commands.add_parser("risk", help="信用风险分类 / credit-risk classes of the units")
    risk_actions = risk_parser.add_subparsers(dest="risk_action", required=True)
    classify_parser = risk_actions.add_parser("classify", help="按截至日期对全部单位分类并留存 / classify every unit and "
                                                               "keep the run")
    classify_parser.add_argument("--as-of", help="分类基准日 YYYY-MM-DD (默认今天) / classification date (default today)")
    classify_parser.add_argument("--who", required=True, help="管理人员的登录名 / a manager's login")
    classify_parser.set_defaults(handler=_risk_classify_command)
    campaign_parser = commands.add_parser("campaign", help="专项检查 / special-inspection campaigns")
    campaign_actions = campaign_parser.add_subparsers(dest="campaign_action", required=True)
    draw_parser = campaign_actions.add_parser("draw", help="双随机抽取并建立专项检查 / draw and create a campaign")
    draw_parser.add_argument("--name", required=True, help="专项检查名称 / the campaign's name")
    draw_parser.add_argument("--year", type=int, required=True, help="年度 / year")
    draw_parser.add_argument("--seed", type=int, required=True, help="随机种子 (记录在案) / the draw's seed (recorded)")
    draw_parser.add_argument("--as-of", help="信用风险分类基准日 YYYY-MM-DD (默认今天) / classification date (default "
                                             "today)")
    draw_parser.add_argument("--ratio", type=float, help="按监管所同一比例抽取时的比例 [%%]; 不给则按信用风险分类比例 "
                                                         "(risk_classes) / a ratio per office [%%]; default: by class")
    draw_parser.add_argument("--start", help="计划开始 YYYY-MM-DD (默认 3 月 1 日) / planned start")
    draw_parser.add_argument("--end", help="计划结束 YYYY-MM-DD (默认 11 月 30 日) / planned end")
    draw_parser.add_argument("--basis", help="工作依据 / the campaign's basis")
    draw_parser.add_argument("--who", required=True, help="管理人员的登录名 / a manager's login")
    draw_parser.set_defaults(handler=_campaign_draw_command)
    joint_parser = campaign_actions.add_parser("joint", help="据季度场车通报的联合执法清单建立联合执法 / a joint "
                                                             "enforcement from a quarter's vehicle notification")
    joint_parser.add_argument("--period", required=True, help="通报季度, 如 2024Q3 / the notified quarter")
    joint_parser.add_argument("--seed", type=int, required=True, help="随机种子 (选派检查人员, 记录在案) / the seed")
    joint_parser.add_argument("--start", help="计划开始 YYYY-MM-DD (默认通报期次日) / planned start")
    joint_parser.add_argument("--end", help="计划结束 YYYY-MM-DD (默认次季度末) / planned end")
    joint_parser.add_argument("--basis", help="工作依据 / the basis")
    joint_parser.add_argument("--who", required=True, help="管理人员的登录名 / a manager's login")
    joint_parser.set_defaults(handler=_campaign_joint_command)
    monitoring_parser = commands.add_parser("monitoring", help="在线监测 / online monitoring")
    monitoring_actions = monitoring_parser.add_subparsers(dest="monitoring_action", required=True)
    link_parser = monitoring_actions.add_parser("link", help="登记数采仪 MN 对应的锅炉 / link a data logger to a boiler")
    link_parser.add_argument("--mn", required=True, help="数采仪编号 MN")
    link_parser.add_argument("--boiler", required=True, help="设备代码 / device code")
    link_parser.add_argument("--who", required=True, help="管理人员的登录名 / a manager's login")
    link_parser.set_defaults(handler=_monitoring_link)
    audit_parser = commands.add_parser("audit", help="审计日志 / the audit log")
    audit_actions = audit_parser.add_subparsers(dest="audit_action", required=True)
    verify_parser = audit_actions.add_parser("verify", help="校验审计链 (退出码 0 完整, 1 不完整) / verify the audit "
                                                            "chain (exit 0 intact, 1 broken)")
    verify_parser.set_defaults(handler=_audit_verify_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
