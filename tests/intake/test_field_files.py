"""Spreadsheets as inspectors and test institutes make them: each quirky file reads to exactly the numbers of its
clean twin; hostile files are refused or get row errors, and nothing wrong is stored."""

import io
import re

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from boilerlab.db.imports import import_file
from boilerlab.db.models import TestRecord
from boilerlab.intake.cells import iso_date, latest_date, number_text, plain_text
from boilerlab.intake.files import read_table
from boilerlab.intake.rows import FileRefused, prepare_import
from tests.staff import CLERK, INSPECTOR, STAFF, add_staff

#: One hot-water gas test in the interchange columns: the clean twin of every quirky file below.
CLEAN = {"test_id": "T1", "boiler_kind": "hot_water", "fuel_kind": "natural_gas", "test_date": "2024-11-20",
         "rated_capacity_mw": 1.4, "fuel_rate_nm3_h": 120.0, "lhv_kj_nm3": 35600.0, "water_flow_kg_h": 36000.0,
         "supply_temp_c": 80.0, "return_temp_c": 55.0, "water_pressure_mpa_g": 0.4, "flue_temp_c": 95.0,
         "air_temp_c": 15.0, "flue_o2_pct": 3.5}
SECOND = {**CLEAN, "test_id": "T2", "flue_o2_pct": 4.5}
#: The columns compared with the twin: every number and verdict evaluate writes.
COMPARED = ["heat_output_kw", "eta_direct_pct", "eta_indirect_pct", "q2_pct", "gb24500_grade", "co2_kg_h", "test_date"]


@pytest.fixture
def sessions(sessions):
    """The database with one account per role (tests.staff), the importer of each kind among them."""
    add_staff(sessions, **STAFF)
    return sessions


def _csv(rows: list[list]) -> bytes:
    width = max(len(row) for row in rows)  # title rows are shorter, as in a real file
    return pd.DataFrame([list(row) + [None] * (width - len(row)) for row in rows]).to_csv(
        index=False, header=False).encode("utf-8")


def _xlsx(rows: list[list], merge: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table(*records: dict) -> list[list]:
    names = list(CLEAN)
    return [names] + [[r[n] for n in names] for r in records]


def _evaluated(content: bytes, name: str) -> pd.DataFrame:
    prepared = prepare_import("tests", content, name)
    return prepared.result.set_index("test_id")[COMPARED]


TWIN = None


def _twin() -> pd.DataFrame:
    global TWIN
    if TWIN is None:
        TWIN = _evaluated(_csv(_table(CLEAN, SECOND)), "clean.csv")
    return TWIN


def _quirky_files() -> dict[str, tuple[bytes, str]]:
    table = _table(CLEAN, SECOND)
    names = table[0]
    chinese = ["测试编号", "锅炉类别", "燃料种类", "测试日期", "额定热功率", "燃气消耗量", "燃气低位发热量", "循环水流量",
               "出水温度", "回水温度", "热水压力", "排烟温度", "冷空气温度", "排烟氧含量"]
    units = ["", "", "", "", "MW", "Nm³/h", "MJ/Nm³", "t/h", "°C", "℃", "MPa", "°C", "°C", "%"]
    in_units = [[r[0], r[1], r[2], r[3], r[4], r[5], r[6] / 1000, r[7] / 1000, *r[8:]] for r in table[1:]]
    shapes = {
        "title rows": [["闵行区锅炉能效测试记录表"], ["测试单位: 某检测所"], *table],
        "units row": [chinese, units, *in_units],
        "units row under a title": [["记录表"], chinese, units, *in_units],
        "group header row": [["基本信息", None, None, None, "锅炉", None, "燃料", None, "水", None, None, None, "烟气"],
                             *table],
        "thousands separators": [names, *[[f"{v:,.0f}" if k in ("lhv_kj_nm3", "water_flow_kg_h") else v
                                           for k, v in zip(names, r)] for r in table[1:]]],
        "full-width digits and brackets": [[f"{c}（{u}）" if u else c for c, u in zip(chinese, units)],
                                           *[[str(v).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
                                              for v in r] for r in in_units]],
        "percent strings in a % column": [names, *[r[:-1] + [f"{r[-1]} %"] for r in table[1:]]],
        "Chinese date": [names, *[[r[0], r[1], r[2], "2024年11月20日", *r[4:]] for r in table[1:]]],
        "slash date": [names, *[[r[0], r[1], r[2], "2024/11/20", *r[4:]] for r in table[1:]]],
        "dot date": [names, *[[r[0], r[1], r[2], "2024.11.20", *r[4:]] for r in table[1:]]],
        "blank rows between": [names, table[1], [None] * len(names), table[2]],
        "spaces around cells": [[f" {n} " for n in names], *[[f"  {v} " for v in r] for r in table[1:]]],
        "Chinese headers and codes": [[f"{c}({u})" if u else c for c, u in zip(chinese, units)],
                                      *[[r[0], "热水锅炉", "天然气", *r[3:]] for r in in_units]],
        "columns in another order": [names[::-1], *[r[::-1] for r in table[1:]]],
        "an extra note column": [[*names, "备注"], *[[*r, "复测"] for r in table[1:]]],
    }
    files = {}
    for shape, rows in shapes.items():
        files[f"{shape} (csv)"] = (_csv(rows), "file.csv")
        files[f"{shape} (xlsx)"] = (_xlsx(rows), "file.xlsx")
    files["merged group header cells (xlsx)"] = (_xlsx([["基本信息", None, None, None, "锅炉"], *table], merge="A1:D1"),
                                                "merged.xlsx")
    files["GBK csv"] = (pd.DataFrame([chinese, units, *in_units]).to_csv(index=False, header=False).encode("gb18030"),
                        "gbk.csv")
    return files


QUIRKY = _quirky_files()


@pytest.mark.parametrize("name", sorted(QUIRKY))
def test_a_quirky_file_reads_to_the_numbers_of_its_clean_twin(name):
    content, filename = QUIRKY[name]
    pd.testing.assert_frame_equal(_evaluated(content, filename), _twin(), check_dtype=False)


def test_the_reader_says_where_the_header_was_and_that_units_were_merged():
    frame = read_table(*QUIRKY["units row under a title (xlsx)"])
    assert frame.attrs["notes"] == ["表头在第 2 行, 其上 1 行 (标题或说明) 未读入", "第 3 行为单位行, 已并入表头"]
    assert frame.attrs["rows"] == [4, 5] and "循环水流量(t/h)" in frame.columns


def test_row_numbers_are_the_spreadsheet_rows_after_titles_and_blank_rows():
    rows = _table(CLEAN, {**SECOND, "supply_temp_c": 450.0})  # beyond the valid range in the second data row
    prepared = prepare_import("tests", _csv([["标题"], rows[0], rows[1], [None] * len(rows[0]), rows[2]]), "rows.csv")
    assert prepared.rows == [3, 5]
    assert [(o.row, o.key) for o in prepared.rejected] == [(5, "T2")]


@pytest.mark.parametrize("headers, named", [
    (["test_id", "boiler_kind", "fuel_kind", "flue_temp_c", "flue_temp_c"], "flue_temp_c"),
    (["test_id", "boiler_kind", "fuel_kind", "排烟温度", "flue_temp_c"], "排烟温度"),
    (["test_id", "boiler_kind", "fuel_kind", "循环水流量(t/h)", "water_flow_kg_h"], "循环水流量(t/h)"),
])
def test_two_headers_for_one_column_refuse_the_file_naming_both(headers, named):
    content = _csv([headers, ["T1", "hot_water", "natural_gas", 90, 95]])
    with pytest.raises(FileRefused, match=re.escape(named)):
        prepare_import("tests", content, "twice.csv")


def test_a_registry_file_with_a_field_twice_is_refused():
    content = _csv([["使用单位名称", "统一社会信用代码", "街镇", "unit_name"], ["甲", "91350100M000100Y43", "莘庄镇", "乙"]])
    with pytest.raises(FileRefused, match="使用单位名称"):
        prepare_import("units", content, "units.csv")


def test_an_invisible_character_in_an_id_rejects_the_row_and_the_others_go_in(sessions):
    table = _table({**CLEAN, "test_id": "T\u200b1"}, SECOND)
    report = import_file(sessions, "tests", _csv(table), "hidden.csv", who=INSPECTOR)
    rejected = [o for o in report.outcomes if o.status == "rejected"]
    assert len(rejected) == 1 and "不可见字符" in rejected[0].reason and "第 2 个字符" in rejected[0].reason
    with sessions() as session:
        assert session.scalars(select(TestRecord.test_id)).all() == ["T2"]


def test_an_invisible_character_in_free_text_is_stripped_and_said(sessions):
    content = _csv([["使用单位名称", "统一社会信用代码", "街镇"], ["甲\u202e厂", "91350100M000100Y43", "莘庄镇"]])
    prepared = prepare_import("units", content, "units.csv")
    assert prepared.good[0][1]["unit_name"] == "甲厂" and prepared.notes == ["第 2 行 使用单位名称: 不可见字符已删除"]


def test_a_percent_sign_outside_a_percent_column_is_a_row_error_saying_so():
    table = _table({**CLEAN, "water_flow_kg_h": "36000 %"})
    prepared = prepare_import("tests", _csv(table), "p.csv")
    assert "不是数值, 该列单位为 kg/h, 不带百分号" in prepared.rejected[0].reason


def test_a_huge_cell_is_quoted_cut_once_not_whole(sessions):
    table = _table({**CLEAN, "flue_temp_c": "9" * 1_000_000})
    report = import_file(sessions, "tests", _csv(table), "huge.csv", who=INSPECTOR)
    reason = report.outcomes[0].reason
    assert report.count("rejected") == 1 and len(reason) < 2000 and "(共 1000000 个字符)" in reason
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(TestRecord)) == 0


# --- the cell normaliser: any number written the ways people write it reads back as itself ------------------------

FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 3)),
       st.sampled_from(["plain", "thousands", "full-width", "percent", "spaces"]))
def test_a_number_in_any_written_form_reads_back_as_itself(value, form):
    text = {"plain": f"{value}", "thousands": f"{value:,}", "full-width": f"{value}".translate(FULL_WIDTH),
            "percent": f"{value} %", "spaces": f"  {value}\t"}[form]
    read = number_text(plain_text(text), percent=form == "percent")
    assert float(read) == pytest.approx(value, rel=1e-12, abs=1e-12)


@given(st.dates(min_value=pd.Timestamp("1960-01-01").date(), max_value=pd.Timestamp("2100-12-31").date()),
       st.sampled_from(["{y}年{m}月{d}日", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}-{m:02d}-{d:02d}", "serial"]))
def test_a_date_in_any_written_form_reads_back_as_itself(day, form):
    if form == "serial":
        text = str((pd.Timestamp(day) - pd.Timestamp("1899-12-30")).days)
    else:
        text = form.format(y=day.year, m=day.month, d=day.day)
    assert iso_date(plain_text(text)) == day.isoformat()


def test_an_ordinary_number_is_not_taken_for_a_date():
    assert iso_date("1234") == "1234" and iso_date("2024年13月5日") == "2024年13月5日"


def _xlsx_with_formulas() -> bytes:
    """A workbook as Excel saves it: a cached #DIV/0! in the flue temperature of T1, a formula saved without its
    result in the flue O₂ of T2, and T3 clean."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("记录")
    names = list(CLEAN)
    sheet.write_row(0, 0, names)
    for r, record in enumerate((CLEAN, SECOND, {**CLEAN, "test_id": "T3"}), start=1):
        sheet.write_row(r, 0, [record[n] for n in names])
    sheet.write_formula(1, names.index("flue_temp_c"), "=1/0", None, "#DIV/0!")
    sheet.write_formula(2, names.index("flue_o2_pct"), "=A1", None, "")
    book.close()
    return buffer.getvalue()


def test_excel_errors_and_formulas_without_a_result_are_row_errors_naming_the_cell():
    prepared = prepare_import("tests", _xlsx_with_formulas(), "formulas.xlsx")
    reasons = {o.key: o.reason for o in prepared.rejected}
    assert set(reasons) == {"T1", "T2"}  # never "not measured": the direct method would then govern
    assert "记录!L2" in reasons["T1"] and "#DIV/0!" in reasons["T1"]
    assert "记录!N3" in reasons["T2"] and "公式没有保存计算结果" in reasons["T2"]
    assert [values["test_id"] for _, values, _ in prepared.good] == ["T3"]


def test_an_excel_error_in_a_registry_file_rejects_its_row():
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["使用单位名称", "统一社会信用代码", "街镇"])
    sheet.write_row(1, 0, ["甲", "91350100M000100Y43", "莘庄镇"])
    sheet.write_formula(1, 0, "=B9", None, "#REF!")
    book.close()
    prepared = prepare_import("units", buffer.getvalue(), "units.xlsx")
    assert not prepared.good and "Sheet1!A2" in prepared.rejected[0].reason and "#REF!" in prepared.rejected[0].reason


# --- dates across fields ------------------------------------------------------------------------------------------

def test_a_date_after_tomorrow_is_a_row_error_naming_the_limit():
    prepared = prepare_import("tests", _csv(_table({**CLEAN, "test_date": "2099-01-01"}, SECOND)), "future.csv")
    assert [o.key for o in prepared.rejected] == ["T1"] and "2099-01-01" in prepared.rejected[0].reason
    assert f"晚于明天 ({latest_date()}), 日期不得在将来" in prepared.rejected[0].reason


def test_a_boiler_installed_after_its_test_is_a_row_error_naming_both_dates():
    names = [*CLEAN, "install_date"]
    content = _csv([names, [*CLEAN.values(), "2024-12-01"], [*SECOND.values(), "2020-01-01"]])
    prepared = prepare_import("tests", content, "installed.csv")
    assert [o.key for o in prepared.rejected] == ["T1"]
    assert "2024-12-01" in prepared.rejected[0].reason and "2024-11-20" in prepared.rejected[0].reason


def test_a_registry_boiler_installed_after_its_registration_is_rejected_naming_both():
    from boilerlab.intake.templates import template

    boilers = template("boilers").assign(**{"安装日期": "2021-05-01", "登记日期": "2020-10-15"})
    prepared = prepare_import("boilers", boilers.to_csv(index=False).encode(), "boilers.csv")
    reason = prepared.rejected[0].reason
    assert not prepared.good and "2021-05-01" in reason and "2020-10-15" in reason


def test_fuel_use_of_a_month_to_come_is_rejected():
    from boilerlab.intake.templates import template

    use = template("fuel-use").assign(**{"月份": "2099-01"})
    prepared = prepare_import("fuel-use", use.to_csv(index=False).encode(), "use.csv")
    assert not prepared.good and "2099-01" in prepared.rejected[0].reason


def test_tests_against_the_register_before_installation_rejected_and_idle_or_unregistered_warned(sessions):
    from boilerlab.intake.templates import template

    import_file(sessions, "units", template("units").to_csv(index=False).encode(), "units.csv", who=CLERK)
    boiler = template("boilers").assign(**{"安装日期": "2020-09-01", "登记日期": "2020-10-15", "状态": "停用"})
    import_file(sessions, "boilers", boiler.to_csv(index=False).encode(), "boilers.csv", who=CLERK)
    code = boiler["设备代码"].iloc[0]
    rows = [{**CLEAN, "test_id": "EARLY", "test_date": "2020-08-01"}, {**CLEAN, "test_id": "UNREG", "test_date": "2020-10-01"},
            {**CLEAN, "test_id": "IDLE", "test_date": "2024-11-20"}]
    frame = pd.DataFrame(rows).assign(boiler_id=code)
    report = import_file(sessions, "tests", frame.to_csv(index=False).encode(), "t.csv", who=INSPECTOR)
    outcome = {o.key: o for o in report.outcomes}
    assert outcome["EARLY"].status == "rejected" and "2020-09-01" in outcome["EARLY"].reason
    assert outcome["UNREG"].status == "inserted" and "早于使用登记日期 2020-10-15" in outcome["UNREG"].reason
    assert outcome["IDLE"].status == "inserted" and "登记状态为停用" in outcome["IDLE"].reason


def test_a_column_without_a_header_is_kept_under_a_name_of_its_own_and_empty_ones_dropped():
    frame = read_table("标题,,,,\ntest_id,,boiler_kind,fuel_kind,\nT1,x,hot_water,natural_gas,\n".encode(), "a.csv")
    assert list(frame.columns) == ["test_id", "未命名列2", "boiler_kind", "fuel_kind"] and frame.attrs["rows"] == [3]


def test_a_value_out_of_range_is_quoted_with_all_its_digits_and_no_exponent():
    table = _table({**CLEAN, "flue_temp_c": 700.0004}, {**SECOND, "water_flow_kg_h": 2e9 + 1})
    reasons = [o.reason for o in prepare_import("tests", _csv(table), "r.csv").rejected]
    assert "排烟温度 的值 700.0004 超出有效范围" in reasons[0]
    assert "循环水流量 的值 2000000001 超出有效范围" in reasons[1] and "e+" not in reasons[1]
