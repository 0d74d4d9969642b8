"""Hostile files of every kind, imported into a real database: each is refused with a clear Chinese message and
changes nothing, or has exactly the expected rows rejected, and the database then holds exactly what the report
says went in. Every message a person reads is Chinese: no interchange name, no English sentence."""

import io
import re

import pandas as pd
import pytest
from sqlalchemy import select

from boilerlab.base.values import INVISIBLE
from boilerlab.base.vocabulary import COLUMNS, FIELDS
from boilerlab.db.imports import import_file
from boilerlab.db.models import AuditLog, Boiler, FuelUse, TestRecord, Unit, Upload
from boilerlab.intake.rows import INSERTED, REJECTED, UPDATED, FileRefused
from boilerlab.intake.templates import template
from tests.staff import CLERK, IMPORTER, STAFF, add_staff

TEST = {"test_id": "T1", "boiler_kind": "hot_water", "fuel_kind": "natural_gas", "test_date": "2024-11-20",
        "rated_capacity_mw": 1.4, "fuel_rate_nm3_h": 120.0, "lhv_kj_nm3": 35600.0, "water_flow_kg_h": 36000.0,
        "supply_temp_c": 80.0, "return_temp_c": 55.0, "water_pressure_mpa_g": 0.4, "flue_temp_c": 95.0,
        "air_temp_c": 15.0, "flue_o2_pct": 3.5}
UNIT = template("units").iloc[0].to_dict()
BOILER = template("boilers").iloc[0].to_dict()
USE = template("fuel-use").iloc[0].to_dict()
OTHER_CODE = "91310112MA1G000013"  # a second and a third valid 统一社会信用代码
THIRD_CODE = "91310112MA1G000026"


@pytest.fixture
def sessions(sessions):
    """The database with one account per role (tests.staff), the importer of each kind among them."""
    add_staff(sessions, **STAFF)
    return sessions


def _csv(*records: dict) -> bytes:
    return pd.DataFrame(list(records)).to_csv(index=False).encode("utf-8")


def _tests(*changes: dict) -> bytes:
    return _csv(*[{**TEST, "test_id": f"T{i}", **change} for i, change in enumerate(changes, start=1)])


def _xlsx_with_error() -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("记录")
    sheet.write_row(0, 0, list(TEST))
    sheet.write_row(1, 0, list(TEST.values()))
    sheet.write_row(2, 0, [*list({**TEST, "test_id": "T2"}.values())])
    sheet.write_formula(1, list(TEST).index("flue_temp_c"), "=1/0", None, "#DIV/0!")
    book.close()
    return buffer.getvalue()


#: (kind, file name, content, the rejected keys) — rows of the file other than these go in.
ROW_ERRORS = {
    "tests: invisible character in an id": ("tests", "t.csv", _tests({"test_id": "T\u200b1"}, {}), {"T\u200b1"}),
    "tests: Excel error cell": ("tests", "t.xlsx", _xlsx_with_error(), {"T1"}),
    "tests: date after tomorrow": ("tests", "t.csv", _tests({"test_date": "2099-01-01"}, {}), {"T1"}),
    "tests: t/h in a kg/h column": ("tests", "t.csv", _tests({"water_flow_kg_h": 36.0}, {}), {"T1"}),
    "tests: percent in a kg/h column": ("tests", "t.csv", _tests({"water_flow_kg_h": "36000 %"}, {}), {"T1"}),
    "tests: installed after the test": ("tests", "t.csv", _tests({"install_date": "2024-12-01"}, {}), {"T1"}),
    "tests: a huge cell": ("tests", "t.csv", _tests({"flue_temp_c": "9" * 100_000}, {}), {"T1"}),
    "tests: the same id twice": ("tests", "t.csv", _csv(TEST, TEST, {**TEST, "test_id": "T3"}), {"T1"}),
    "tests: an unregistered boiler": ("tests", "t.csv", _tests({"boiler_id": "NOPE"}, {}), {"T1"}),
    "tests: not a number": ("tests", "t.csv", _tests({"flue_o2_pct": "三点五"}, {}), {"T1"}),
    "units: wrong check character": ("units", "u.csv", _csv({**UNIT, "统一社会信用代码": "91310112MA1G000010"},
                                                            {**UNIT, "统一社会信用代码": OTHER_CODE}),
                                     {"91310112MA1G000010"}),
    "units: invisible character in a code": ("units", "u.csv", _csv({**UNIT, "统一社会信用代码": "\u200f" + OTHER_CODE},
                                                                    {**UNIT, "统一社会信用代码": THIRD_CODE}), {OTHER_CODE}),
    "units: the same code twice": ("units", "u.csv", _csv(UNIT, UNIT, {**UNIT, "统一社会信用代码": OTHER_CODE}),
                                   {UNIT["统一社会信用代码"]}),
    "units: a blank required field": ("units", "u.csv", _csv({**UNIT, "街镇": None}, {**UNIT, "统一社会信用代码": OTHER_CODE}),
                                      {UNIT["统一社会信用代码"]}),
    "units: an unknown category": ("units", "u.csv", _csv({**UNIT, "统一社会信用代码": OTHER_CODE, "场所类别": "castle"},
                                                         {**UNIT, "统一社会信用代码": THIRD_CODE}), {OTHER_CODE}),
    "boilers: an unregistered unit": ("boilers", "b.csv", _csv({**BOILER, "使用单位统一社会信用代码": OTHER_CODE},
                                                              {**BOILER, "设备代码": "B2"}), {BOILER["设备代码"]}),
    "boilers: installed after registration": ("boilers", "b.csv", _csv({**BOILER, "安装日期": "2021-01-01"},
                                                                      {**BOILER, "设备代码": "B2"}), {BOILER["设备代码"]}),
    "boilers: a capacity that is not a number": ("boilers", "b.csv", _csv({**BOILER, "额定热功率(MW)": "1.4MW"},
                                                                         {**BOILER, "设备代码": "B2"}),
                                                 {BOILER["设备代码"]}),
    "boilers: a registration date to come": ("boilers", "b.csv", _csv({**BOILER, "登记日期": "2099-01-01"},
                                                                     {**BOILER, "设备代码": "B2"}), {BOILER["设备代码"]}),
    "tests: a unit in the header that cannot be converted": (
        "tests", "t.csv", _csv({"测试编号": "T1", "锅炉类别": "hot_water", "燃料种类": "natural_gas", "燃气低位发热量(MJ/m3)": 35.6}),
        {"T1"}),
    "fuel use: an unregistered boiler": ("fuel-use", "f.csv", _csv({**USE, "设备代码": "NOPE"}, {**USE, "月份": "2024-02"}),
                                         {"NOPE/2024-01/natural_gas"}),
    "fuel use: a month to come": ("fuel-use", "f.csv", _csv({**USE, "月份": "2099-01"}, USE),
                                  {f"{USE['设备代码']}/2099-01/natural_gas"}),
    "fuel use: an unknown unit": ("fuel-use", "f.csv", _csv({**USE, "单位": "barrels"}, {**USE, "月份": "2024-02"}),
                                  {f"{USE['设备代码']}/2024-01/natural_gas"}),
    "fuel use: a negative quantity": ("fuel-use", "f.csv", _csv({**USE, "消耗量": -5}, {**USE, "月份": "2024-02"}),
                                      {f"{USE['设备代码']}/2024-01/natural_gas"}),
}

#: Files whose every row is rejected: nothing goes in, and the report says so row by row.
ALL_ROWS_REJECTED = {"tests: a unit in the header that cannot be converted"}

#: (kind, file name, content, a part of the refusal message).
REFUSED = {
    "tests: one column twice": ("tests", "t.csv", b"test_id,boiler_kind,fuel_kind,flue_temp_c,flue_temp_c\nT1,hot_water,"
                                                  b"natural_gas,90,95\n", "出现不止一次"),
    "tests: one column under two names": ("tests", "t.csv", "test_id,boiler_kind,fuel_kind,排烟温度,flue_temp_c\nT1,"
                                                            "hot_water,natural_gas,90,95\n".encode(), "无法确定用哪一列"),
    "tests: no header row at all": ("tests", "t.csv", b"1,2,3\n4,5,6\n", "没有可识别的表头 (列名见模板), 按第 1 行作表头读入"),
    "tests: an empty file": ("tests", "t.csv", b"", "文件为空"),
    "tests: not a workbook": ("tests", "t.xlsx", b"PK\x03\x04 broken", "不是有效的 xlsx 文件"),
    "tests: neither UTF-8 nor GBK": ("tests", "t.csv", "test_id\n\xe9\xff\n".encode("latin-1") + bytes([0x81, 0x20]),
                                     "无法按 UTF-8 或 GBK 解码"),
    "tests: another file type": ("tests", "t.json", b"{}", "不支持的文件类型"),
    "units: a field twice": ("units", "u.csv", "使用单位名称,统一社会信用代码,街镇,unit_name\n甲,91350100M000100Y43,莘庄镇,乙\n"
                                               .encode(), "无法确定用哪一列"),
    "units: required columns missing": ("units", "u.csv", "使用单位名称,街镇\n甲,莘庄镇\n".encode(), "缺少必填列: 统一社会信用代码"),
    "boilers: a capacity in kW": ("boilers", "b.csv", template("boilers").rename(columns={"额定热功率(MW)": "额定热功率(kW)"})
                                  .to_csv(index=False).encode(), "的单位与额定热功率不符, 应为 MW"),
}


def _state(sessions) -> dict:
    """Every row of the tables an import writes, as comparable tuples."""
    with sessions() as session:
        return {
            "units": sorted((u.credit_code, u.name, u.town) for u in session.scalars(select(Unit))),
            "boilers": sorted((b.device_code, b.fuel_kind, b.rated_capacity_mw) for b in session.scalars(select(Boiler))),
            "tests": sorted(t.test_id for t in session.scalars(select(TestRecord))),
            "fuel-use": sorted((f.boiler_id, f.month, f.fuel_kind, f.quantity) for f in session.scalars(select(FuelUse))),
            "uploads": session.query(Upload).count(), "audit": session.query(AuditLog).count(),
        }


def _registered(sessions) -> None:
    """The template's unit and boiler, so that boilers, tests and fuel use have something to refer to."""
    import_file(sessions, "units", _csv(UNIT), "unit.csv", who=CLERK)
    import_file(sessions, "boilers", _csv(BOILER), "boiler.csv", who=CLERK)


def _keys(sessions, kind: str) -> set[str]:
    with sessions() as session:
        if kind == "units":
            return set(session.scalars(select(Unit.credit_code)))
        if kind == "boilers":
            return set(session.scalars(select(Boiler.device_code)))
        if kind == "tests":
            return set(session.scalars(select(TestRecord.test_id)))
        codes = dict(session.execute(select(Boiler.id, Boiler.device_code)).all())
        return {f"{codes[b]}/{m}/{k}" for b, m, k in session.execute(select(FuelUse.boiler_id, FuelUse.month,
                                                                             FuelUse.fuel_kind)).all()}


#: ASCII words a Chinese message may hold: units, symbols, standards and file formats.
ALLOWED_WORDS = {"GB", "ISO", "CO", "NOx", "SO", "RO", "MPa", "kPa", "kJ", "Nm", "kg", "kW", "MW", "kWh", "MWh", "mg",
                 "ppm", "csv", "xlsx", "UTF", "GBK", "Excel", "JSON", "YYYY", "MM", "DD", "DIV", "REF", "Sheet",
                 "PM", "MJ", "GJ", "kcal", "Q_net", "Q_gr", "V_daf"}


def english_in(message: str) -> list[str]:
    """The interchange names and English words of a message, leaving out what it quotes of the file."""
    bare = re.sub(r"'[^']*'(… \(共 \d+ 个字符\))?|\"[^\"]*\"|\S+![A-Z]+\d+", "", message)
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", bare)
    names = {c.name for c in COLUMNS} | {f.name for fields in FIELDS.values() for f in fields}
    return [w for w in words if w not in ALLOWED_WORDS and (w in names or "_" in w or len(w) > 1)
            and not re.fullmatch(r"[qη]\d", w)]  # q2 … q6: the heat losses by their GB/T 10180 symbols


def test_the_language_check_catches_english_and_interchange_names():
    assert english_in("flue_o2_pct: value 25 is invalid") == ["flue_o2_pct", "value", "is", "invalid"]
    assert english_in("排烟氧含量 的值 'abc' 不是数值, 有效范围 [0, 21) %") == []
    assert english_in("燃气低位发热量 应为 kJ/Nm³ (可用: kj/nm3, mj/nm3)") == ["kj", "nm3", "mj", "nm3"]
    assert english_in("不支持的文件类型 '.json', 请用 .csv 或 .xlsx; 记录!L2 为 #DIV/0!") == []


@pytest.mark.parametrize("case", sorted(ROW_ERRORS))
def test_a_hostile_file_rejects_its_bad_rows_and_stores_exactly_what_the_report_says(sessions, case):
    kind, filename, content, rejected = ROW_ERRORS[case]
    _registered(sessions)
    before = _keys(sessions, kind)
    report = import_file(sessions, kind, content, filename, who=IMPORTER[kind])
    assert {o.key for o in report.outcomes if o.status == REJECTED} == rejected
    went_in = {o.key for o in report.outcomes if o.status == INSERTED}
    assert not went_in & rejected
    assert went_in or case in ALL_ROWS_REJECTED  # the good rows of the file did go in
    assert _keys(sessions, kind) == before | went_in  # nothing more, nothing less
    assert not any(o.status == UPDATED for o in report.outcomes)
    for outcome in report.outcomes:
        if outcome.status == REJECTED:
            assert outcome.reason and english_in(outcome.reason) == [], outcome.reason
            assert len(outcome.reason) < 400  # a long cell is quoted cut, never whole
    with sessions() as session:  # nothing stored holds an invisible character
        texts = [*session.scalars(select(TestRecord.test_id)), *session.scalars(select(Unit.credit_code)),
                 *session.scalars(select(Unit.name)), *session.scalars(select(Boiler.device_code))]
    assert not any(INVISIBLE.search(t or "") for t in texts)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_file_changes_nothing_and_says_why_in_chinese(sessions, case):
    kind, filename, content, expected = REFUSED[case]
    _registered(sessions)
    before = _state(sessions)
    with pytest.raises(FileRefused) as refusal:
        import_file(sessions, kind, content, filename, who=IMPORTER[kind])
    assert expected in str(refusal.value) and english_in(str(refusal.value)) == [], str(refusal.value)
    assert _state(sessions) == before


def test_every_message_of_the_evaluated_demo_and_validation_files_is_chinese():
    from pathlib import Path

    from boilerlab import evaluate
    from boilerlab.demo.district import generate_demo
    from boilerlab.intake.files import read_table

    frames = [evaluate(read_table(path)) for path in sorted((Path(__file__).parents[1] / "data").glob("*.csv"))]
    frames.append(evaluate(generate_demo()["tests"]))
    texts = {part for frame in frames for column in ("warnings", "error")
             for text in frame[column].astype(str).unique() for part in text.split("; ") if part and part != "nan"}
    assert texts and {t: english_in(t) for t in texts if english_in(t)} == {}


STREAMED = sorted(case for case, (kind, filename, _, _) in ROW_ERRORS.items() if kind == "tests" and filename.endswith(".csv"))


@pytest.mark.parametrize("case", STREAMED)
def test_the_command_line_s_part_wise_import_reports_and_stores_what_the_upload_does(sessions, case, tmp_path):
    from boilerlab.db import make_engine, session_factory, upgrade
    from boilerlab.db.imports import store_import
    from boilerlab.intake.rows import prepare_import_file

    kind, filename, content, rejected = ROW_ERRORS[case]
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    upgrade(url)
    twin = session_factory(make_engine(url))
    add_staff(twin, **STAFF)
    for target in (sessions, twin):
        _registered(target)
    source = tmp_path / filename
    source.write_bytes(content)
    streamed = store_import(sessions, prepare_import_file(kind, source), who=IMPORTER[kind])
    whole = import_file(twin, kind, content, filename, who=IMPORTER[kind])
    assert [(o.row, o.key, o.status, o.reason) for o in streamed.outcomes] == \
        [(o.row, o.key, o.status, o.reason) for o in whole.outcomes]
    assert {o.key for o in streamed.outcomes if o.status == REJECTED} == rejected
    assert _keys(sessions, kind) == _keys(twin, kind)


@pytest.mark.parametrize("case", sorted(case for case, (kind, name, _, _) in REFUSED.items()
                                        if kind == "tests" and name.endswith(".csv")))
def test_the_command_line_s_part_wise_import_refuses_what_the_upload_refuses(sessions, case, tmp_path):
    from boilerlab.intake.rows import prepare_import_file

    kind, filename, content, expected = REFUSED[case]
    source = tmp_path / filename
    source.write_bytes(content)
    before = _state(sessions)
    with pytest.raises(FileRefused) as refusal:
        prepare_import_file(kind, source)
    assert expected in str(refusal.value) and english_in(str(refusal.value)) == [], str(refusal.value)
    assert _state(sessions) == before
