"""The library parts under the workbench pages: registry views, dashboard tables, charts, the admission
opinion, audited reference edits, chunked evaluation and in-memory table files."""

import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from docx import Document
from sqlalchemy import func, select

from boilerlab import evaluate

from boilerlab.analysis import charts, dashboard
from boilerlab.base.vocabulary import label

from boilerlab.db import queries
from boilerlab.standards.admission import check_admission
from boilerlab.intake.evaluate import evaluate_in_parts
from boilerlab.db import make_engine, session_factory
from boilerlab.db.models import AuditLog, TestRecord
from boilerlab.standards.grading import grade_gb24500
from boilerlab.documents.admission_opinion import decision_sentences, opinion_docx
from boilerlab.base.reference import load_reference
from boilerlab.db.reference_edits import ReferenceEditRefused, save_reference_table
from boilerlab.db.store import soft_delete
from boilerlab.intake.files import read_table, table_bytes

CASES = Path(__file__).parent / "data" / "validation_gbt10180.csv"


@pytest.fixture
def demo_sessions(demo_url):
    engine = make_engine(demo_url)
    yield session_factory(engine)
    engine.dispose()


# --- in-memory table files and chunked evaluation ---------------------------------------------------

def test_table_bytes_round_trip_and_neutralise_formulas():
    frame = pd.DataFrame({"名称": ["=1+1", "锅炉"], "η [%]": [91.5, np.nan]})
    back = pd.read_csv(io.BytesIO(table_bytes(frame, "csv")), encoding="utf-8-sig")
    assert back["名称"].tolist() == ["'=1+1", "锅炉"] and back["η [%]"].iloc[0] == 91.5
    sheet = openpyxl.load_workbook(io.BytesIO(table_bytes(frame, "xlsx", sheet_name="结果"))).active
    assert sheet.title == "结果" and sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    with pytest.raises(ValueError, match="csv 或 xlsx"):
        table_bytes(frame, "pdf")


def test_evaluating_in_parts_equals_evaluating_at_once_and_reports_progress():
    frame = read_table(CASES)
    seen = []
    parts = evaluate_in_parts(frame, lambda done, text: seen.append((done, text)), rows_per_part=2)
    whole = evaluate(frame)
    # label columns are categorical per part; joined parts hold the same labels as plain strings
    plain = lambda f: f.reset_index(drop=True).astype(object).where(f.notna().reset_index(drop=True), None)  # noqa: E731
    pd.testing.assert_frame_equal(plain(parts), plain(whole))
    assert seen == [(2 / 3, "已计算 2 / 3 行"), (1.0, "已计算 3 / 3 行")]


# --- registry views -------------------------------------------------------------------------------

def test_views_hold_every_live_row_and_leave_deleted_ones_out(demo_sessions):
    tests = queries.tests_frame(demo_sessions)
    with demo_sessions() as session:
        assert len(tests) == session.scalar(select(func.count()).select_from(TestRecord)) == 1000
    assert len(queries.units_frame(demo_sessions)) == 1050 and len(queries.boilers_frame(demo_sessions)) == 537
    victim = tests["test_id"].iloc[0]
    assert soft_delete(demo_sessions, "tests", victim, who="test")
    assert victim not in set(queries.tests_frame(demo_sessions)["test_id"])
    assert queries.test_inputs(demo_sessions, [victim, tests["test_id"].iloc[1]])["test_id"].tolist() == [
        tests["test_id"].iloc[1]]


def test_a_boilers_latest_test_is_its_last_by_date(demo_sessions):
    boilers = queries.boilers_frame(demo_sessions).set_index("device_code")
    tests = queries.tests_frame(demo_sessions)
    for code, history in list(tests.dropna(subset=["device_code"]).groupby("device_code"))[:25]:
        last = history.sort_values(["test_date", "test_id"]).iloc[-1]
        assert boilers.at[code, "last_test_id"] == last["test_id"]
        assert boilers.at[code, "tests"] == len(history)
    assert (boilers.loc[~boilers.index.isin(tests["device_code"]), "tests"] == 0).all()


def test_fuel_use_view_carries_the_unit_town_and_office(demo_sessions):
    fuel = queries.fuel_use_frame(demo_sessions)
    assert len(fuel) == 21048 and fuel[["unit_name", "town", "office"]].notna().all().all()


# --- dashboard tables -------------------------------------------------------------------------------

def _tests(rows):
    frame = pd.DataFrame(rows, columns=["test_id", "device_code", "test_date", "gb24500_grade", "eta_governing_pct",
                                        "gb24500_limit_pct", "town", "fuel_kind", "office"])
    frame["test_date"] = pd.to_datetime(frame["test_date"])
    return frame.assign(year=frame["test_date"].dt.year.astype("Int64"))


SMALL = _tests([
    ("a1", "A", "2023-03-01", "below", 88.0, 90.0, "七宝镇", "natural_gas", "七宝所"),
    ("a2", "A", "2023-09-01", "3", 90.5, 90.0, "七宝镇", "natural_gas", "七宝所"),  # A's last 2023 test
    ("b1", "B", "2023-05-01", "below", 85.0, 92.0, "马桥镇", "diesel", "马桥所"),
    ("c1", "C", "2023-06-01", "n/a", 70.0, None, "马桥镇", "biomass", "马桥所"),
    ("a3", "A", "2024-02-01", "2", 92.0, 90.0, "七宝镇", "natural_gas", "七宝所"),
])


def test_grades_count_each_boiler_once_a_year_by_its_last_test():
    grades = dashboard.grades_by_year(SMALL).set_index("year")
    assert grades.loc[2023, ["1", "2", "3", "below", "n/a", "total"]].tolist() == [0, 0, 1, 1, 1, 3]
    assert grades.loc[2024, ["2", "total"]].tolist() == [1, 1]


def test_below_limit_share_leaves_ungraded_boilers_out():
    share = dashboard.below_limit_share(SMALL).set_index("year")
    assert share.loc[2023, ["graded", "below"]].tolist() == [2, 1]  # A (grade 3 at last) and B; C not graded
    assert share.loc[2023, "below_share_pct"] == 50.0 and share.loc[2024, "below_share_pct"] == 0.0


def test_worst_boilers_by_their_latest_margin():
    worst = dashboard.worst_boilers(SMALL, 5)
    assert worst["test_id"].tolist() == ["b1", "a3"]  # B −7 points, A +2 (latest test a3); C has no limit
    assert worst["margin_pct"].tolist() == [-7.0, 2.0]


def test_filters_combine_and_empty_filters_keep_all():
    assert dashboard.filter_frame(SMALL).equals(SMALL)
    assert dashboard.filter_frame(SMALL, years=[2023], towns=["马桥镇"], fuels=["diesel"])["test_id"].tolist() == ["b1"]
    assert dashboard.filter_frame(SMALL, offices=["七宝所"], years=[2024])["test_id"].tolist() == ["a3"]


def test_totals_row_sums_numbers_only():
    table = dashboard.totals_row(pd.DataFrame({"name": ["x", "y"], "t": [1.5, 2.0], "ok": [True, False]}), "name")
    assert table.iloc[-1]["name"] == "合计" and table.iloc[-1]["t"] == 3.5 and pd.isna(table.iloc[-1]["ok"])


def test_co2_totals_by_key_add_up_to_the_whole(demo_sessions):
    records = dashboard.co2_records(queries.fuel_use_frame(demo_sessions))
    total = records["co2_t"].sum()
    for key in ("month", "town", "fuel_kind", "unit_name"):
        assert dashboard.co2_by(records, key)["co2_t"].sum() == pytest.approx(total, rel=1e-12)
    by_town = dashboard.co2_by(records, "town")
    assert by_town["co2_t"].is_monotonic_decreasing and len(dashboard.co2_by(records, "unit_name", top=5)) == 5
    assert dashboard.co2_by(records, "month")["month"].is_monotonic_increasing


def test_potential_of_no_tests_is_empty():
    measures, best = dashboard.potential_of(pd.DataFrame(), hours=4000)
    assert measures.empty and best.empty and list(best.columns) == list(dashboard.POTENTIAL_COLUMNS)


# --- charts -------------------------------------------------------------------------------------------

def test_heat_balance_of_the_heat_loss_method_adds_up_to_100():
    result = {"eta_indirect_pct": 90.2, "q2_pct": 6.1, "q3_pct": 0.1, "q4_pct": 0.0, "q5_pct": 3.6, "q6_pct": 0.0,
              "eta_direct_pct": 89.9}
    balance = charts.heat_balance(result)
    assert balance["item"].iloc[0] == "有效利用热 η₂" and balance["share_pct"].sum() == pytest.approx(100.0)
    figure = charts.sankey(result)
    assert figure.data[0].link.value == (90.2, 6.1, 0.1, 3.6)  # zero losses are not drawn
    direct_only = charts.heat_balance({"eta_direct_pct": 86.0, "eta_indirect_pct": float("nan")})
    assert direct_only["share_pct"].tolist() == [86.0, 14.0]
    assert charts.heat_balance({}).empty


def test_grade_thresholds_are_the_engines_band_edges_from_the_gb24500_table():
    row = {"test_id": "G", "fuel_kind": "natural_gas", "combustion": "chamber", "condensing": False,
           "boiler_kind": "hot_water", "rated_capacity_mw": 2.8, "flue_temp_c": 120, "air_temp_c": 20,
           "flue_o2_pct": 3.5}
    thresholds = charts.grade_thresholds(evaluate(pd.DataFrame([row])).iloc[0].to_dict())
    graded = grade_gb24500(93.0, "natural_gas", "chamber", False, "hot_water", np.nan, 2.8)
    assert thresholds == {"limit": graded["limit_pct"].iloc[0], "grade_2": graded["grade_2_pct"].iloc[0],
                          "grade_1": graded["grade_1_pct"].iloc[0]}
    assert thresholds["limit"] == 92.0  # gb24500_grades: gas/oil-fired hot-water boiler, limit value 92 %
    figure = charts.grade_bands(93.0, thresholds)
    assert [trace.name.split(" ")[0] for trace in figure.data] == [label("gb24500_grade", g) for g in ("below", "3", "2", "1")]
    assert figure.data[1].base[0] == 92.0 and figure.data[1].x[0] == thresholds["grade_2"] - 92.0


def test_emissions_table_lists_measured_pollutants_with_their_verdicts():
    table = charts.emissions_table({"nox_ref_mg_m3": 60.0, "nox_limit_mg_m3": 50.0, "nox_compliant": False,
                                    "so2_ref_mg_m3": float("nan")})
    assert table.to_dict("records") == [{"pollutant": "NOx", "ref_mg_m3": 60.0, "limit_mg_m3": 50.0,
                                         "compliant": False}]
    assert charts.emissions_chart({"nox_ref_mg_m3": 60.0, "nox_limit_mg_m3": 50.0}).data[0].y == (60.0,)


# --- the admission opinion ------------------------------------------------------------------------------

APPLICATION = {"application_id": "DJ-1", "unit_name": "上海某厂", "boiler_kind": "hot_water", "fuel_kind": "natural_gas",
               "combustion": "chamber", "rated_capacity_mw": 2.8, "design_efficiency_pct": 91,
               "design_flue_temp_c": 120, "design_excess_air_ratio": 1.2, "nox_guarantee_mg_m3": 30,
               "annual_hours": 3000, "annual_load_pct": 70, "install_date": "2026-05-01"}


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_opinion_of_a_rejected_application_names_the_failing_rule():
    decision = check_admission(APPLICATION)
    text = _text(opinion_docx(APPLICATION, decision, clerk="李登记"))
    assert "锅炉使用登记能效与碳排放准入审查意见书" in text and "不予通过" in text
    assert decision_sentences(decision)[1].startswith("A01 ")
    assert "李登记" in text and "DJ-1" in text and "UNCONFIRMED" in text and decision.reference_versions in text
    assert f"{decision.co2_t_per_year:.1f} t" in text


def test_opinion_of_an_approved_and_of_an_incomplete_application():
    approved = check_admission({**APPLICATION, "design_efficiency_pct": 93})
    assert approved.decision == "通过" and "同意办理使用登记" in _text(opinion_docx(APPLICATION, approved))
    incomplete = check_admission({k: v for k, v in APPLICATION.items() if k != "design_efficiency_pct"})
    sentences = decision_sentences(incomplete)
    assert incomplete.decision == "需补充材料" and sentences[0].startswith("申请资料不全") and len(sentences) > 1


def test_opinion_document_sets_a_chinese_font_on_every_style():
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(opinion_docx(APPLICATION, check_admission(APPLICATION))))
    for style in document.styles:
        fonts = style.element.rPr.find(qn("w:rFonts")) if getattr(style, "font", None) is not None and \
            style.element.rPr is not None else None
        if fonts is not None:
            assert fonts.get(qn("w:eastAsia")) == "宋体", style.name


# --- audited reference edits ------------------------------------------------------------------------------

def _q5(folder):
    table = load_reference(folder).table("q5_rated_loss")
    return table.astype({"q5_pct": object, "source_document": object, "status": object})


def test_an_edit_is_saved_audited_and_used_by_the_next_evaluation(sessions, reference_copy):
    table = _q5(reference_copy)
    old_version = load_reference(reference_copy).versions["q5_rated_loss"]
    table.loc[0, "q5_pct"] = 4.8
    edit = save_reference_table(sessions, "q5_rated_loss", table, who="赵工", reason="按原文核对")
    assert edit.old_version == old_version != edit.new_version
    assert edit.changes == [{"row": 1, "column": "q5_pct", "old": 5.0, "new": 4.8}]
    assert load_reference(reference_copy).table("q5_rated_loss")["q5_pct"].iloc[0] == 4.8
    with sessions() as session:
        entry = session.scalar(select(AuditLog).where(AuditLog.action == "edit-reference"))
    assert (entry.who, entry.row_key, entry.detail["reason"], entry.detail["new_version"]) == (
        "赵工", "q5_rated_loss", "按原文核对", edit.new_version)
    stamped = evaluate(read_table(CASES))["reference_versions"].iloc[0]
    assert f"q5_rated_loss={edit.new_version}" in stamped


@pytest.mark.parametrize("change, message", [
    (lambda t: t.assign(extra=1), "列须与原表一致"),
    (lambda t: t.assign(q5_pct=["abc"] + list(t["q5_pct"].iloc[1:])), "不是数字"),
    (lambda t: t.assign(q5_pct=[4.0] + list(t["q5_pct"].iloc[1:]), source_document=[""] + list(
        t["source_document"].iloc[1:])), "source_document"),
    (lambda t: t.assign(q5_pct=[4.0] + list(t["q5_pct"].iloc[1:]), status=["maybe"] + list(t["status"].iloc[1:])),
     "status"),
    (lambda t: t, "没有改动"),
])
def test_a_bad_edit_writes_nothing(sessions, reference_copy, change, message):
    path = reference_copy / "q5_rated_loss.csv"
    before = path.read_bytes()
    with pytest.raises(ReferenceEditRefused, match=message):
        save_reference_table(sessions, "q5_rated_loss", change(_q5(reference_copy)), who="赵工", reason="x")
    assert path.read_bytes() == before
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_an_edit_needs_a_person_and_a_reason(sessions, reference_copy):
    table = _q5(reference_copy)
    table.loc[0, "q5_pct"] = 4.8
    for who, reason in (("", "x"), ("赵工", " ")):
        with pytest.raises(ReferenceEditRefused, match="操作人和修改理由"):
            save_reference_table(sessions, "q5_rated_loss", table, who=who, reason=reason)


def test_tests_of_a_deleted_boiler_leave_the_dashboard(demo_sessions):
    tests = queries.tests_frame(demo_sessions)
    code = tests.dropna(subset=["device_code"])["device_code"].iloc[0]
    assert soft_delete(demo_sessions, "boilers", code, who="test")
    after = queries.tests_frame(demo_sessions)
    assert code not in set(after["device_code"]) and len(after) == len(tests) - (tests["device_code"] == code).sum()


def test_an_edit_over_a_newer_version_is_refused(sessions, reference_copy):
    table = _q5(reference_copy)
    opened = load_reference(reference_copy).versions["q5_rated_loss"]
    table.loc[0, "q5_pct"] = 4.8
    save_reference_table(sessions, "q5_rated_loss", table, who="赵工", reason="第一次", expected_version=opened)
    stale = _q5(reference_copy)
    stale.loc[1, "q5_pct"] = 3.0
    with pytest.raises(ReferenceEditRefused, match="已被他人修改"):
        save_reference_table(sessions, "q5_rated_loss", stale, who="钱工", reason="第二次", expected_version=opened)
