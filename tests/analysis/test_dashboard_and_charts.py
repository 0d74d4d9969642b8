"""Dashboard tables and the charts drawn from computed results (nothing graded again)."""


import numpy as np
import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.analysis import charts, dashboard
from boilerlab.base.vocabulary import label
from boilerlab.db import queries
from boilerlab.standards.grading import grade_gb24500


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


def test_chart_axes_read_as_the_bureau_writes_them():
    """Issue 13 item 1/5: Chinese months, numbers written out (no 1.8M / 400k), whole years, a single point inside
    its axis, an empty chart saying so instead of drawing axes from −1 to 6, CO₂ in 万 t when large."""
    months = pd.DataFrame({"month": ["2024-01", "2024-02"], "co2_t": [1.8e6, 2.1e6]})
    figure = charts.co2(months, "month", "CO₂ 排放 (按月)", as_line=True)
    assert figure.layout.xaxis.type == "date" and figure.layout.xaxis.tickformat == "%Y年%-m月"
    assert figure.layout.yaxis.tickformat == charts.NUMBER_FORMAT and "s" not in charts.NUMBER_FORMAT
    assert figure.layout.yaxis.title.text == "CO₂ 排放 [万 t]" and list(figure.data[0].y) == [180.0, 210.0]
    assert charts.co2(months.assign(co2_t=[800.0, 900.0]), "month", "t").layout.yaxis.title.text == "CO₂ 排放 [t]"
    years = charts.line(pd.DataFrame({"year": [2023, 2024], "share": [1.0, 2.0]}), "year", "share", "占比", "占比 [%]")
    assert years.layout.xaxis.type == "category" and list(years.data[0].x) == ["2023", "2024"]
    one = charts.line(pd.DataFrame({"test_date": pd.to_datetime(["2024-03-05"]), "eta": [88.0]}), "test_date", "eta",
                      "判定用热效率变化", "热效率 [%]")
    low, high = (pd.Timestamp(v) for v in one.layout.xaxis.range)
    assert low < pd.Timestamp("2024-03-05") < high and one.layout.xaxis.tickformat == "%Y-%m-%d"
    empty = charts.bar(pd.DataFrame({"office": [], "planned": []}), "office", "planned", "进度", "单位 [家]")
    assert empty.layout.xaxis.visible is False and empty.layout.annotations[0].text == "暂无数据"
    # a Sankey has no axes: it is never taken for an empty chart
    sankey = charts.sankey({"eta_indirect_pct": 90.2, "q2_pct": 6.1, "q3_pct": 0.1, "q5_pct": 3.6})
    assert "暂无数据" not in [a.text for a in sankey.layout.annotations]


def test_tables_on_screen_show_decimals_and_dashes():
    from boilerlab.base.vocabulary import display_table

    shown = display_table(pd.DataFrame({"eta_governing_pct": [91.0, None], "device_code": [None, "X1"]}))
    text = shown.to_string()
    assert "91.00" in text and "None" not in text and "nan" not in text and text.count("—") == 2
