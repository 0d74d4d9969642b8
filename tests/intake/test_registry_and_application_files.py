"""Registry files (units, boilers, monthly fuel use) and admission applications as people make them: each quirky
file reads to exactly the values of its clean twin, the template's own file."""

import io

import openpyxl
import pandas as pd
import pytest

from boilerlab.intake.files import UnreadableFileError, read_applications
from boilerlab.intake.rows import PRESENT, prepare_import
from boilerlab.intake.templates import template
from boilerlab.standards.admission import check_admission

FULL_WIDTH = str.maketrans("0123456789.-()", "０１２３４５６７８９．－（）")


def _rows(frame: pd.DataFrame) -> list[list]:
    return [list(frame.columns), *frame.astype(object).where(frame.notna(), None).values.tolist()]


def _csv(rows: list[list], encoding: str = "utf-8") -> bytes:
    width = max(len(row) for row in rows)
    return pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows]).to_csv(
        index=False, header=False).encode(encoding)


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _good(kind: str, content: bytes, filename: str) -> list[dict]:
    prepared = prepare_import(kind, content, filename)
    assert not prepared.rejected, [o.reason for o in prepared.rejected]
    return [{k: v for k, v in values.items() if k != PRESENT} for _, values in prepared.good]


def _units_row(frame: pd.DataFrame) -> list[list]:
    """The header without units and a units row under it, as test institutes lay out their sheets."""
    names = [str(c).split("(")[0] for c in frame.columns]
    units = [str(c).split("(")[1].rstrip(")") if "(" in str(c) else None for c in frame.columns]
    return [names, units, *_rows(frame)[1:]]


def _shapes(kind: str) -> dict[str, list[list]]:
    frame = template(kind)
    rows = _rows(frame)
    header, data = rows[0], rows[1:]
    shapes = {
        "title rows": [[f"闵行区{ {'units': '使用单位', 'boilers': '锅炉', 'fuel-use': '燃料消耗'}[kind]}台账"],
                       ["填报日期: 2024年12月1日"], *rows],
        "units row": _units_row(frame),
        "full-width digits and brackets": [[str(h).translate(FULL_WIDTH) for h in header],
                                           *[[None if v is None else str(v).translate(FULL_WIDTH) for v in r]
                                             for r in data]],
        "spaces around cells": [[f" {h} " for h in header], *[[None if v is None else f"  {v} " for v in r]
                                                              for r in data]],
        "columns in another order": [header[::-1], *[r[::-1] for r in data]],
        "Chinese codes": [header, *[[{"natural_gas": "天然气", "hot_water": "热水锅炉", "chamber": "室燃",
                                      "hotel": "宾馆酒店"}.get(v, v) for v in r] for r in data]],
    }
    if kind == "boilers":
        dates = [header.index("安装日期"), header.index("登记日期")]
        shapes["Chinese and slash dates"] = [header, *[[("2020年9月1日" if i == dates[0] else "2020/10/15")
                                                        if i in dates else v for i, v in enumerate(r)] for r in data]]
    if kind == "fuel-use":
        quantity = header.index("消耗量")
        shapes["thousands separators"] = [["设备代码", "月份", "燃料种类", "消耗量", "单位"],
                                          *[[*r[:quantity], "12,500", "Nm3"] for r in data]]
    return shapes


CORPUS = {(kind, shape, suffix): rows for kind in ("units", "boilers", "fuel-use")
          for shape, rows in _shapes(kind).items() for suffix in ("csv", "xlsx")}


@pytest.mark.parametrize("kind, shape, suffix", sorted(CORPUS), ids=lambda v: str(v))
def test_a_quirky_registry_file_reads_to_the_values_of_its_clean_twin(kind, shape, suffix):
    clean = _good(kind, template(kind).to_csv(index=False).encode(), "clean.csv")
    if shape == "thousands separators":  # 12,500 Nm³ is 1.25 万 Nm³ written another way
        clean = [{**row, "quantity": 12500.0, "unit": "Nm3"} for row in clean]
    rows = CORPUS[(kind, shape, suffix)]
    content = _csv(rows) if suffix == "csv" else _xlsx(rows)
    assert _good(kind, content, f"file.{suffix}") == clean


def test_a_gbk_units_file_reads_as_its_twin():
    frame = template("units")
    clean = _good("units", frame.to_csv(index=False).encode(), "clean.csv")
    assert _good("units", frame.to_csv(index=False).encode("gb18030"), "gbk.csv") == clean


# --- admission applications -------------------------------------------------------------------------------------

APPLICATION = {"申请编号": "MH-7", "使用单位名称": "某酒店", "统一社会信用代码": "91350100M000100Y43", "所在街镇": "莘庄镇", "锅炉类别": "热水锅炉", "燃料种类": "天然气",
               "燃烧方式": "室燃", "冷凝式": "是", "额定热功率(MW)": 2.8, "设计热效率(%)": 101.5, "热效率来源": "type_test",
               "设计排烟温度(°C)": 60, "设计过量空气系数": 1.15, "NOx 保证值(mg/m³)": 30, "安装日期": "2026-10-01",
               "预计年运行小时(h)": 3000, "预计平均负荷率(%)": 60}


def _applications(rows: list[list], suffix: str, tmp_path) -> list[dict]:
    path = tmp_path / f"applications.{suffix}"
    path.write_bytes(_csv(rows) if suffix == "csv" else _xlsx(rows))
    return read_applications(path)


APPLICATION_SHAPES = {
    "title row": [["使用登记能效准入申请表"], list(APPLICATION), list(APPLICATION.values())],
    "full-width and spaces": [[f" {h.translate(FULL_WIDTH)} " for h in APPLICATION],
                              [f" {str(v).translate(FULL_WIDTH)} " for v in APPLICATION.values()]],
    "thousands, percent and a Chinese date": [list(APPLICATION), [
        {"预计年运行小时(h)": "3,000", "预计平均负荷率(%)": "60 %", "设计热效率(%)": "101.5%", "安装日期": "2026年10月1日"}
        .get(h, v) for h, v in APPLICATION.items()]],
}


@pytest.mark.parametrize("shape", sorted(APPLICATION_SHAPES))
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_quirky_application_file_gets_the_decision_of_its_clean_twin(shape, suffix, tmp_path):
    clean = _applications([list(APPLICATION), list(APPLICATION.values())], "csv", tmp_path)
    quirky = _applications(APPLICATION_SHAPES[shape], suffix, tmp_path)
    assert len(quirky) == 1
    twin, read = check_admission(clean[0]), check_admission(quirky[0])
    assert read.decision == twin.decision == "通过"
    assert [(r.rule_id, r.status, r.value, r.threshold) for r in read.rules] == \
        [(r.rule_id, r.status, r.value, r.threshold) for r in twin.rules]
    assert read.co2_t_per_year == twin.co2_t_per_year


def test_an_application_header_with_another_unit_refuses_the_file(tmp_path):
    headers = [h.replace("额定热功率(MW)", "额定热功率(kW)") for h in APPLICATION]
    with pytest.raises(UnreadableFileError, match=r"表头 '额定热功率\(kW\)' 的单位与额定热功率不符, 应为 MW"):
        _applications([headers, list(APPLICATION.values())], "csv", tmp_path)


def test_an_invisible_character_in_an_application_id_is_refused_and_nothing_stored(sessions, tmp_path):
    from sqlalchemy import func, select

    from boilerlab.db.models import Application
    from boilerlab.db.store import save_application
    from tests.staff import SETUP

    rows = [list(APPLICATION), ["MH\u200b-7", *list(APPLICATION.values())[1:]]]
    application = _applications(rows, "csv", tmp_path)[0]
    with pytest.raises(ValueError, match=r"申请编号 .* 含不可见字符 \(第 3 个字符\), 无法保存"):
        save_application(sessions, application, SETUP)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 0


def test_invisible_characters_in_application_free_text_are_stripped(tmp_path):
    from boilerlab.standards.admission import normalise_application

    rows = [list(APPLICATION), ["MH-7", "某\u202e酒店", *list(APPLICATION.values())[2:]]]
    assert normalise_application(_applications(rows, "csv", tmp_path)[0])["unit_name"] == "某酒店"


def test_two_headers_for_one_application_field_refuse_the_file(tmp_path):
    rows = [["申请编号", "额定热功率(MW)", "额定热功率"], ["MH-8", "1.4", "14"]]
    with pytest.raises(UnreadableFileError, match="表头 '额定热功率\\(MW\\)' 与 '额定热功率' 都是额定热功率"):
        _applications(rows, "csv", tmp_path)


@pytest.mark.parametrize("header", ["额定热功率[MW]", "额定热功率【MW】", "rated_capacity_mw(MW)", "额定热功率（MW）"])
def test_an_application_header_with_its_unit_in_any_brackets_is_read(header, tmp_path):
    assert _applications([["申请编号", header], ["MH-8", "1.4"]], "csv", tmp_path)[0]["rated_capacity_mw"] == "1.4"


@pytest.mark.parametrize("written", ["万 Nm³", "万Nm3", "10^4 Nm3"])
def test_the_fuel_use_unit_is_read_as_its_label_is_written(written):
    use = template("fuel-use").assign(**{"单位": written})
    assert _good("fuel-use", use.to_csv(index=False).encode(), "use.csv")[0]["unit"] == "10^4 Nm3"
