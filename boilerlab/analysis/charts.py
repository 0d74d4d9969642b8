"""Plotly figures of the workbench: the heat-balance Sankey, the GB 24500 grade bands, emissions against
their limits, and the dashboard's plain bar and line charts. Labels are Simplified Chinese with units.

Each function takes already computed numbers (a result row of :func:`boilerlab.evaluate`, a table of
:mod:`boilerlab.analysis.dashboard`) and only draws them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from boilerlab.base.values import number_or_none as _number
from boilerlab.base.vocabulary import RESULT_BY_NAME, labels

FONT = "Noto Sans CJK SC, Microsoft YaHei, SimHei, sans-serif"
#: The heat losses of the heat-loss method, with their labels from the vocabulary.
LOSSES = tuple((name, RESULT_BY_NAME[name].name_cn) for name in ("q2_pct", "q3_pct", "q4_pct", "q5_pct", "q6_pct"))
GRADE_COLOURS = {"below": "#d62728", "3": "#ffbf00", "2": "#9acd32", "1": "#2ca02c", "n/a": "#7f7f7f"}
POLLUTANTS = tuple(labels("pollutant").items())


#: Axis numbers written out with a thousands separator (plotly's default writes 1.8M and 400k); d3 format.
NUMBER_FORMAT = ",~r"
#: Above this many tonnes a CO₂ figure is given in 万 t (10⁴ t), as the bureau's reports write it. [t]
TONNES_TO_WAN_T_FROM = 100_000.0


def _layout(figure: go.Figure, title: str) -> go.Figure:
    figure.update_layout(title=title, font_family=FONT, margin=dict(l=40, r=20, t=50, b=40),
                         yaxis_tickformat=NUMBER_FORMAT, yaxis_hoverformat=",.2~f")
    if _nothing_to_draw(figure):  # no axes from −1 to 6
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        figure.add_annotation(text="暂无数据", showarrow=False, font_size=16, x=0.5, y=0.5, xref="paper", yref="paper")
    return figure


def _nothing_to_draw(figure: go.Figure) -> bool:
    """True for a chart on axes without a single point (a Sankey, which has no axes, is never empty here)."""
    if any(not hasattr(trace, "x") for trace in figure.data):
        return False
    return not any(trace.x is not None and len(trace.x) for trace in figure.data)


def tonnes_scale(values: Any) -> tuple[float, str]:
    """The divisor and the unit a CO₂ quantity in tonnes is shown in: 万 t from :data:`TONNES_TO_WAN_T_FROM`, else t.

    Examples
    --------
    >>> tonnes_scale([2_074_350.0]), tonnes_scale([8_350.0])
    ((10000.0, '万 t'), (1.0, 't'))
    """
    largest = pd.Series(values, dtype=float).abs().max()
    return (1e4, "万 t") if largest >= TONNES_TO_WAN_T_FROM else (1.0, "t")


def _time_axis(figure: go.Figure, values: pd.Series) -> None:
    """An x axis of years (whole numbers, one tick each), months (2024年3月) or days (2024-03-05); a single
    point gets a range around it, so it sits inside the axis."""
    if values.empty:
        return
    if values.astype(str).str.fullmatch(r"\d{4}").all():
        figure.update_xaxes(type="category", tickformat="d")
        return
    dates = pd.to_datetime(values.astype(str), errors="coerce", format="mixed")
    if dates.isna().any():
        return
    monthly = values.astype(str).str.fullmatch(r"\d{4}-\d{2}").all()
    figure.update_xaxes(type="date", tickformat="%Y年%-m月" if monthly else "%Y-%m-%d",
                        hoverformat="%Y年%-m月" if monthly else "%Y-%m-%d")
    if dates.nunique() == 1:
        centre = dates.iloc[0]
        figure.update_xaxes(range=[centre - pd.Timedelta(days=60), centre + pd.Timedelta(days=60)])


def heat_balance(result: Mapping[str, Any]) -> pd.DataFrame:
    """The heat balance of one result row as shares of the fuel heat input. [%]

    With the heat-loss method (GB/T 10180 反平衡): useful heat η₂ and each loss q₂…q₆ (they sum to 100 %).
    With only the direct method: useful heat η₁ and the losses together, 100 − η₁, not broken down.
    Returns ``item`` and ``share_pct``; empty when neither efficiency is known.
    """
    eta_indirect, eta_direct = _number(result.get("eta_indirect_pct")), _number(result.get("eta_direct_pct"))
    if eta_indirect is not None:
        rows = [("有效利用热 η₂", eta_indirect)]
        rows += [(label, _number(result.get(name)) or 0.0) for name, label in LOSSES]
    elif eta_direct is not None:
        rows = [("有效利用热 η₁", eta_direct), ("各项热损失合计 (未分项)", 100.0 - eta_direct)]
    else:
        rows = []
    return pd.DataFrame(rows, columns=["item", "share_pct"])


def sankey(result: Mapping[str, Any]) -> go.Figure:
    """Sankey of the heat balance (:func:`heat_balance`): fuel heat → useful heat and each loss."""
    balance = heat_balance(result)
    balance = balance[balance["share_pct"] > 0]
    labels = ["燃料输入热量 100 %"] + [f"{item} {share:.2f} %" for item, share in balance.itertuples(index=False)]
    colours = ["#1f77b4"] + ["#2ca02c"] + ["#ff7f0e"] * (len(balance) - 1)
    figure = go.Figure(go.Sankey(
        node=dict(label=labels, color=colours, pad=18, thickness=18),
        link=dict(source=[0] * len(balance), target=list(range(1, len(balance) + 1)),
                  value=balance["share_pct"].round(3).tolist())))
    return _layout(figure, "热平衡 (占燃料输入热量 %)")


def grade_thresholds(result: Mapping[str, Any]) -> dict[str, float | None]:
    """The GB 24500-2020 limit value and grade-2 / grade-1 values of one result row, as the engine graded it. [%]"""
    return {"limit": _number(result.get("gb24500_limit_pct")), "grade_2": _number(result.get("gb24500_grade2_pct")),
            "grade_1": _number(result.get("gb24500_grade1_pct"))}


def grade_bands(efficiency: float | None, thresholds: Mapping[str, float | None]) -> go.Figure:
    """The efficiency drawn against the GB 24500-2020 bands: below the limit, grade 3, grade 2, grade 1."""
    limit, grade_2, grade_1 = thresholds.get("limit"), thresholds.get("grade_2"), thresholds.get("grade_1")
    figure = go.Figure()
    if limit is None:
        return _layout(figure, "GB 24500-2020 能效等级: 无适用的等级表")
    low = min(limit - 8.0, (efficiency or limit) - 2.0)
    high = max(100.0, (efficiency or 0) + 1.0, grade_1 or 0)
    grade = labels("gb24500_grade")
    edges = [("below", grade["below"], low, limit)]
    if grade_2 is not None and grade_1 is not None:
        edges += [("3", grade["3"], limit, grade_2), ("2", grade["2"], grade_2, grade_1), ("1", grade["1"], grade_1, high)]
    else:  # a limit value only (electric boilers, clause 5.2)
        edges += [("1", "达到限定值", limit, high)]
    for key, label, start, end in edges:
        figure.add_trace(go.Bar(y=["热效率"], x=[end - start], base=[start], orientation="h", name=f"{label} "
                                f"[{start:g}, {end:g}) %", marker_color=GRADE_COLOURS[key], opacity=0.55))
    if efficiency is not None:
        figure.add_vline(x=efficiency, line_width=3, line_color="black",
                         annotation_text=f"η = {efficiency:.2f} %", annotation_position="top")
    figure.update_layout(barmode="overlay", height=230, xaxis_title="热效率 [%]", xaxis_range=[low, high],
                         legend_orientation="h")
    return _layout(figure, "GB 24500-2020 能效等级")


def emissions_table(result: Mapping[str, Any]) -> pd.DataFrame:
    """Measured pollutants at the reference O₂ against their limits (what :func:`emissions_chart` draws). [mg/m³]"""
    rows = []
    for key, label in POLLUTANTS:
        value = _number(result.get(f"{key}_ref_mg_m3"))
        if value is None:
            continue
        rows.append({"pollutant": label, "ref_mg_m3": value, "limit_mg_m3": _number(result.get(f"{key}_limit_mg_m3")),
                     "compliant": result.get(f"{key}_compliant")})
    return pd.DataFrame(rows, columns=["pollutant", "ref_mg_m3", "limit_mg_m3", "compliant"])


def emissions_chart(result: Mapping[str, Any]) -> go.Figure:
    """Bars of each pollutant (折算到基准氧含量) beside its applicable limit."""
    table = emissions_table(result)
    figure = go.Figure([
        go.Bar(x=table["pollutant"], y=table["ref_mg_m3"], name="折算浓度 [mg/m³]",
               marker_color=["#2ca02c" if ok is True else "#d62728" if ok is False else "#7f7f7f"
                             for ok in table["compliant"]]),
        go.Bar(x=table["pollutant"], y=table["limit_mg_m3"], name="排放限值 [mg/m³]", marker_color="#aaaaaa"),
    ])
    figure.update_layout(barmode="group", yaxis_title="mg/m³ (基准氧含量)", height=320)
    return _layout(figure, "大气污染物排放与限值")


def bar(frame: pd.DataFrame, x: str, y: str | list[str], title: str, y_title: str, stacked: bool = False,
        labels: Mapping[str, str] | None = None, colours: Mapping[str, str] | None = None) -> go.Figure:
    """A bar chart of ``frame`` (one trace per ``y`` column, named by ``labels`` and coloured by ``colours``)."""
    labels, colours = labels or {}, colours or {}
    figure = go.Figure([go.Bar(x=frame[x].astype(str), y=frame[c], name=labels.get(c, c), marker_color=colours.get(c))
                        for c in ([y] if isinstance(y, str) else y)])
    figure.update_layout(barmode="stack" if stacked else "group", yaxis_title=y_title)
    if x in ("year", "month"):
        _time_axis(figure, frame[x].astype(str))
    return _layout(figure, title)


def line(frame: pd.DataFrame, x: str, y: str, title: str, y_title: str, reference_line: float | None = None,
         reference_label: str = "", from_zero: bool = False) -> go.Figure:
    """A line chart of ``frame``; an optional horizontal reference line (e.g. the limit value); ``from_zero``
    starts the y axis at 0 (shares, so that small changes are not drawn as large ones)."""
    values = frame[x].dt.strftime("%Y-%m-%d") if pd.api.types.is_datetime64_any_dtype(frame[x]) else frame[x].astype(str)
    figure = go.Figure(go.Scatter(x=values, y=frame[y], mode="lines+markers", name=y_title))
    if reference_line is not None:
        figure.add_hline(y=reference_line, line_dash="dash", line_color="#d62728", annotation_text=reference_label)
    figure.update_layout(yaxis_title=y_title)
    _time_axis(figure, values)
    if from_zero:
        figure.update_yaxes(rangemode="tozero")
    return _layout(figure, title)


def co2(frame: pd.DataFrame, x: str, title: str, *, as_line: bool = False) -> go.Figure:
    """A bar (or line) chart of ``frame["co2_t"]`` in t or 万 t, as fits the largest value (:func:`tonnes_scale`)."""
    divisor, unit = tonnes_scale(frame["co2_t"])
    scaled = frame.assign(co2_t=frame["co2_t"] / divisor)
    return (line if as_line else bar)(scaled, x, "co2_t", title, f"CO₂ 排放 [{unit}]")


def hourly_series(hours: pd.DataFrame, y: str, title: str, y_title: str, limit: str | None = None) -> go.Figure:
    """A boiler's hourly values of ``y`` (gaps where an hour is not valid), the hours not valid shaded grey, and the
    hourly limit ``limit`` as a dashed line (it may change with the date)."""
    when = pd.to_datetime(hours["hour"])
    invalid = hours["flag"] != "N"
    figure = go.Figure()
    values = pd.concat([hours[y], hours[limit]]) if limit is not None else hours[y]
    low, high = (values.min(), values.max()) if values.notna().any() else (0.0, 1.0)
    pad = 0.05 * (high - low) or 1.0
    low, high = low - pad, high + pad  # the band the values use: η₂ between 88 and 94 % is not drawn from 0
    figure.add_trace(go.Bar(x=when[invalid], y=[high - low] * int(invalid.sum()), base=low, width=3_600_000,
                            marker_color="rgba(150,150,150,0.35)", name="无效小时", hoverinfo="skip"))
    figure.add_trace(go.Scattergl(x=when, y=hours[y], mode="lines", name=y_title, line_width=1))
    if limit is not None and hours[limit].notna().any():
        figure.add_trace(go.Scattergl(x=when, y=hours[limit], mode="lines", name="排放限值",
                                      line=dict(dash="dash", color="#d62728", width=1)))
    figure.update_layout(yaxis_title=y_title, bargap=0, height=300, legend_orientation="h", yaxis_range=[low, high])
    figure.update_xaxes(tickformat="%Y年%m月")
    return _layout(figure, title)
