"""内燃场车 in the database (issue 17), on SQLite and PostgreSQL: the register imported as people write it, every
bad-input kind named with its row, column and value, the same file twice changing nothing; the quarter's
notification counted again here from the stored rows; the CLI's import, template and report; the DOCX and XLSX
opened back."""

from datetime import date

import openpyxl
import pandas as pd
import pytest
from docx import Document
from sqlalchemy import func, select

from boilerlab.analysis.vehicle_notice import PeriodError, quarter, vehicle_notice
from boilerlab.cli import main
from boilerlab.db.imports import import_file
from boilerlab.db.models import Unit, Upload, Vehicle
from boilerlab.db.permissions import PermissionRefused
from boilerlab.documents.vehicle_notice import write_notice
from boilerlab.intake.rows import INSERTED, REJECTED, UNCHANGED
from boilerlab.standards.credit_code import credit_code_check_digit
from tests.staff import CLERK, INSPECTOR, STAFF, add_staff


def _code(serial: int) -> str:
    first = f"91310112MA1W{serial:05d}"
    return first + credit_code_check_digit(first)


#: Rows as a unit's clerk writes them: Chinese labels, 国三 and 国Ⅳ, 2024年3月5日, full-width digits.
GOOD = [
    {"设备代码": "51103101122018000001", "使用登记证编号": "车11沪M00001(18)", "使用单位统一社会信用代码": _code(1),
     "车辆类别": "叉车", "动力类型": "柴油", "发动机生产厂": "新柴动力", "发动机型号": "A490BPG", "额定功率(kW)": "４５",
     "出厂日期": "2018年3月5日", "登记日期": "2018-05-01", "排放阶段": "国三", "环保登记编码": "沪F12345678", "状态": "在用"},
    {"设备代码": "51103101122023000002", "使用单位统一社会信用代码": _code(1), "车辆类别": "叉车", "动力类型": "柴油",
     "额定功率(kW)": 55, "出厂日期": "2022-09-01", "登记日期": "2023-02-01", "排放阶段": "国Ⅲ", "状态": "在用"},
    {"设备代码": "51103101122020000003", "使用单位统一社会信用代码": _code(2), "车辆类别": "叉车", "动力类型": "液化石油气",
     "额定功率(kW)": 36, "出厂日期": "2020-06-01", "登记日期": "2020-07-01", "状态": "在用"},
    {"设备代码": "51103101122021000004", "使用单位统一社会信用代码": _code(2), "车辆类别": "观光车", "动力类型": "电动",
     "额定功率(kW)": 12, "出厂日期": "2021-04-01", "登记日期": "2021-05-01", "状态": "在用"},
    {"设备代码": "51103101122012000005", "使用单位统一社会信用代码": _code(2), "车辆类别": "叉车", "动力类型": "柴油",
     "额定功率(kW)": 40, "出厂日期": "2012-04-01", "登记日期": "2012-06-01", "排放阶段": "国一",
     "环保登记编码": "沪F22222222", "状态": "在用"},
    {"设备代码": "51103101122015000006", "使用单位统一社会信用代码": _code(2), "车辆类别": "叉车", "动力类型": "柴油",
     "额定功率(kW)": 40, "出厂日期": "2015-04-01", "登记日期": "2015-06-01", "状态": "报废"},
]


def _csv(rows: list[dict]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


@pytest.fixture
def register(sessions):
    add_staff(sessions, **STAFF)
    with sessions.begin() as session:
        session.add_all([Unit(credit_code=_code(1), name="甲物流有限公司", town="七宝镇", office="七宝市场监督管理所"),
                         Unit(credit_code=_code(2), name="乙制造有限公司", town="莘庄镇", office="莘庄市场监督管理所")])
    report = import_file(sessions, "vehicles", _csv(GOOD), "vehicles.csv", who=CLERK)
    assert report.exit_code == 0, report.frame().to_string()
    return sessions


def test_a_register_as_people_write_it_is_read_and_a_second_import_changes_nothing(register):
    with register() as session:
        stored = {v.device_code: v for v in session.scalars(select(Vehicle))}
    first = stored["51103101122018000001"]
    assert (first.vehicle_kind, first.power_type, first.emission_stage, first.rated_power_kw,
            first.manufacture_date) == ("forklift", "diesel", "3", 45.0, date(2018, 3, 5))
    assert stored["51103101122023000002"].emission_stage == "3" and stored["51103101122020000003"].emission_stage is None
    again = import_file(register, "vehicles", _csv(GOOD), "vehicles.csv", who=CLERK)
    assert {o.status for o in again.outcomes} == {UNCHANGED}
    with register() as session:
        assert session.scalar(select(func.count()).select_from(Upload).where(Upload.kind == "vehicles")) == 1


@pytest.mark.parametrize("change, column, message", [
    ({"车辆类别": "挖掘机"}, "车辆类别", "'挖掘机' 无效, 可选: 叉车、观光车、观光列车"),
    ({"动力类型": "氢能"}, "动力类型", "'氢能' 无效"),
    ({"排放阶段": "国七"}, "排放阶段", "'国七' 无效"),
    ({"额定功率(kW)": "-3"}, "额定功率", "超出有效范围"),
    ({"出厂日期": "2018-13-40"}, "出厂日期", "2018-13-40"),
    ({"出厂日期": "2019-01-01", "登记日期": "2018-05-01"}, "出厂日期", "晚于登记日期"),
    ({"设备代码": ""}, "设备代码", "设备代码为空, 必填"),
    ({"使用单位统一社会信用代码": "91310112MA1W000010"}, "统一社会信用代码", "校验码 (第 18 位) 应为 '2'"),
    ({"环保登记编码": "X" * 41}, "环保登记编码", "至多 40 个"),
])
def test_each_bad_row_is_named_with_its_column_and_value_and_the_rest_go_in(register, change, column, message):
    rows = [dict(GOOD[0], 设备代码="51103101122018000099") | change,
            dict(GOOD[2], 设备代码="51103101122020000098")]
    report = import_file(register, "vehicles", _csv(rows), "bad.csv", who=CLERK)
    outcomes = {o.row: o for o in report.outcomes}
    assert outcomes[2].status == REJECTED and column in outcomes[2].reason and message in outcomes[2].reason, \
        outcomes[2].reason
    assert outcomes[3].status == INSERTED and report.exit_code == 1


def test_a_vehicle_of_an_unregistered_unit_or_twice_in_a_file_is_rejected(register):
    rows = [dict(GOOD[2], 设备代码="51103101122020000097", 使用单位统一社会信用代码=_code(9)),
            dict(GOOD[2], 设备代码="51103101122020000096"), dict(GOOD[2], 设备代码="51103101122020000096")]
    report = import_file(register, "vehicles", _csv(rows), "bad.csv", who=CLERK)
    reasons = {o.row: o.reason for o in report.outcomes}
    assert "不在台账中" in reasons[2] and "在文件中重复" in reasons[3] and "在文件中重复" in reasons[4]


def test_only_a_clerk_or_administrator_imports_the_register(register):
    with pytest.raises(PermissionRefused):
        import_file(register, "vehicles", _csv(GOOD[:1]), "v.csv", who=INSPECTOR)


def test_the_notification_counts_what_the_database_holds(register):
    notice = vehicle_notice(register, "2024Q3")
    with register() as session:
        in_use_combustion = session.scalar(select(func.count()).select_from(Vehicle).where(
            Vehicle.status == "在用", Vehicle.power_type != "electric"))
        no_code = session.scalar(select(func.count()).select_from(Vehicle).where(
            Vehicle.status == "在用", Vehicle.power_type != "electric",
            func.coalesce(Vehicle.env_code, "") == ""))
    assert notice.figures["vehicles"] == in_use_combustion == 4
    assert notice.figures["label_missing"] == no_code == 2  # the 2022 diesel and the LPG forklift
    # the 2022 diesel: stage III sold and registered after stage IV began; the 2012 one: 国一 where 国二 was due
    assert notice.figures["registered_below_stage4"] == 1 and notice.figures["stage_below_required"] == 1
    assert notice.figures["problem_vehicles"] == 3 and notice.figures["problem_units"] == 2
    assert notice.figures["derived"] == 0 and notice.figures["electric"] == 1
    stages = notice.tables["按排放阶段"].set_index("排放阶段")
    assert stages.loc["国三", "车辆数 (台)"] == 2 and stages.loc["国一", "车辆数 (台)"] == 1
    assert stages.loc["合计", "车辆数 (台)"] == 4 and stages.loc["未知", "车辆数 (台)"] == 1  # the LPG one
    assert notice.tables["按街镇"].set_index("街镇").loc["合计", "其中存在问题 (台)"] == 3
    joint = notice.tables["联合执法清单"]
    assert len(joint) == 3 and set(joint["发现日期"]) == {"2024-09-30"}
    # before the Shanghai registration rule took effect there was no code to miss; an earlier quarter counts only
    # the vehicles registered by its end, electric ones too (the 2021 sightseeing car: not yet in 2020Q4)
    assert vehicle_notice(register, "2023Q1").figures["label_missing"] == 0
    earlier = vehicle_notice(register, "2020Q4").figures
    assert (earlier["vehicles"], earlier["electric"]) == (3, 0)  # the 2018 and 2012 diesels, the 2020 LPG forklift


def test_the_letter_and_the_workbook_say_the_same_numbers(register, tmp_path):
    docx_path, xlsx_path = write_notice(register, "2024Q3", tmp_path, issued=date(2024, 10, 10))
    text = "\n".join(p.text for p in Document(docx_path).paragraphs)
    assert text.startswith("关于2024年第三季度内燃场车环保信息情况的通报")
    assert "闵行区生态环境局:" in text and "在用内燃场车 4 台" in text and "其中 3 台存在问题" in text
    assert "2024年10月10日" in text and "natural_gas" not in text and "None" not in text
    assert "(同一车辆可能存在多项问题)" in text
    tables = Document(docx_path).tables
    assert [c.text for c in tables[0].rows[0].cells] == ["排放阶段", "车辆数 (台)", "其中存在问题 (台)"]
    cells = " ".join(c.text for t in tables for r in t.rows for c in r.cells)
    assert not any(word in cells for word in ("None", "nan", "NaT", "diesel", "forklift", "label_missing"))
    # every table's 合计 says the same number of vehicles, and the problems listed are those counted
    totals = {t.rows[0].cells[0].text: [c.text for c in t.rows[-1].cells] for t in tables[:3]}
    assert {row[0] for row in totals.values()} == {"合计"}
    assert {row[-2] for row in totals.values()} == {"4"} and {row[-1] for row in totals.values()} == {"3"}
    book = openpyxl.load_workbook(xlsx_path)
    assert book.sheetnames == ["总体情况", "按排放阶段", "按动力类型", "按街镇", "问题车辆", "涉及单位", "联合执法清单"]
    vehicles = list(book["问题车辆"].iter_rows(values_only=True))
    assert len(vehicles) == 4 and "问题" in vehicles[0]
    figures = dict(book["总体情况"].iter_rows(min_row=2, values_only=True))
    assert figures["在用内燃场车 (台)"] == 4 and figures["存在问题车辆 (台)"] == 3


@pytest.mark.parametrize("period, first, last", [("2024Q3", date(2024, 7, 1), date(2024, 9, 30)),
                                                 ("2024-q1", date(2024, 1, 1), date(2024, 3, 31)),
                                                 ("2023Q4", date(2023, 10, 1), date(2023, 12, 31))])
def test_a_quarter_is_read_as_written(period, first, last):
    assert quarter(period)[:2] == (first, last)


def test_a_period_that_is_no_quarter_is_refused_plainly():
    with pytest.raises(PeriodError, match="应为年份加季度"):
        quarter("2024-07")


def test_the_command_line_imports_writes_the_template_and_the_notification(register, database_url, monkeypatch,
                                                                          tmp_path, capsys):
    monkeypatch.setenv("BOILERLAB_DATABASE_URL", database_url)
    template = tmp_path / "vehicles.xlsx"
    assert main(["template", "vehicles", "-o", str(template)]) == 0
    headers = [c.value for c in openpyxl.load_workbook(template).active[1]]
    assert "设备代码" in headers and "排放阶段" in headers and "环保登记编码" in headers
    path = tmp_path / "more.csv"
    path.write_bytes(_csv([dict(GOOD[2], 设备代码="51103101122020000095")]))
    assert main(["import", "vehicles", str(path), "--who", CLERK]) == 0
    assert main(["report", "vehicles", "--period", "2024Q3", "-o", str(tmp_path / "out")]) == 0
    written = capsys.readouterr().out
    assert "内燃场车环保信息通报-2024Q3.docx" in written and "内燃场车环保信息通报-2024Q3.xlsx" in written
    assert main(["report", "vehicles", "--period", "2024-07", "-o", str(tmp_path / "out")]) == 2
    assert "应为年份加季度" in capsys.readouterr().err
