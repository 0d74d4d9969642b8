"""Credit-risk classes of boiler user units (信用风险分类), and the 双随机 draw by class.

The national policy [SAMR-2022-6] sorts enterprises into four classes — A 信用风险低, B 一般, C 较高, D 高 — and
sets the share and frequency of random inspections by class; the provincial precedent for special-equipment users
[HB-SE-CLASS] classifies them on the danger of the equipment in use, safety management, operators' certification,
equipment condition, hazard rectification, accidents and violations. boilerlab turns those headings into the
indicators of ``risk_indicators.csv`` (points each, a cap, a look-back window, vetoes) and the class thresholds and
sampling ratios of ``risk_classes.csv``; every number there is UNCONFIRMED, for the bureau to set.

A unit's score is the sum of its indicators' points, each ``min(value × points_each, max_points)``, capped at 100;
its class is the one with the highest ``min_score`` not above the score, except that any veto indicator with a
value above zero makes it D. Pure functions over DataFrames (one row per unit): :mod:`boilerlab.db.risk` computes
the indicator values from the database as of a date and stores the classification.

References
----------
[SAMR-2022-6] 国家市场监督管理总局 国市监信发〔2022〕6号, 关于推进企业信用风险分类管理进一步提升监管效能的意见.
[HB-SE-CLASS] 河北省市场监督管理局, 河北省特种设备使用单位分类监管实施办法(试行).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.base.vocabulary import codes, label
from boilerlab.standards.campaign_rules import DRAWN, MUST, CampaignError

INDICATORS = codes("risk_indicator")
CLASSES = codes("risk_class")
MAX_SCORE = 100.0


def indicator_points(values: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """The points each unit earns on each indicator.

    Parameters
    ----------
    values : pandas.DataFrame
        One row per unit, one column per indicator code: a count (findings, boilers …) or a 0/1 flag. [–]
    indicators : pandas.DataFrame
        ``risk_indicators.csv``: ``indicator``, ``points_each`` [分], ``max_points`` [分].

    Returns
    -------
    pandas.DataFrame
        ``min(value × points_each, max_points)`` per unit and indicator, same index and columns as ``values``. [分]

    Examples
    --------
    >>> table = pd.DataFrame({"indicator": ["findings_major"], "points_each": [6], "max_points": [18]})
    >>> indicator_points(pd.DataFrame({"findings_major": [0, 2, 5]}), table)["findings_major"].tolist()
    [0.0, 12.0, 18.0]
    """
    rules = indicators.set_index("indicator")
    missing = sorted(set(values.columns) - set(rules.index))
    if missing:
        raise CampaignError(f"参考数据 risk_indicators 缺少指标 {missing} / indicators missing from risk_indicators")
    each = rules.loc[values.columns, "points_each"].to_numpy(float)
    cap = rules.loc[values.columns, "max_points"].to_numpy(float)
    counted = values.to_numpy(float)
    if (counted < 0).any() or np.isnan(counted).any():
        raise CampaignError("指标值须为非负数 / indicator values must be non-negative numbers")
    return pd.DataFrame(np.minimum(counted * each, cap), index=values.index, columns=values.columns)


def classify(values: pd.DataFrame, reference: ReferenceData) -> pd.DataFrame:
    """Score and class of every unit from its indicator values.

    Parameters
    ----------
    values : pandas.DataFrame
        One row per unit (any index), a column per indicator code of ``risk_indicators``. [–]
    reference : ReferenceData
        ``risk_indicators`` and ``risk_classes``.

    Returns
    -------
    pandas.DataFrame
        ``score`` [分] (0–100), ``risk_class`` (A–D), ``vetoes`` (the veto indicators found, a tuple of codes) and
        ``points_<indicator>`` [分] per indicator, indexed as ``values``.

    Examples
    --------
    >>> from boilerlab.base.reference import load_reference
    >>> units = pd.DataFrame(0, index=["甲", "乙", "丙"], columns=list(INDICATORS))
    >>> units.loc["乙", "findings_serious"] = 2      # 2 × 15 points
    >>> units.loc["丙", "inspection_refused"] = 1    # a veto
    >>> result = classify(units, load_reference())
    >>> result[["score", "risk_class"]].values.tolist()
    [[0.0, 'A'], [30.0, 'C'], [0.0, 'D']]
    """
    indicators = reference.table("risk_indicators")
    classes = reference.table("risk_classes").sort_values("min_score")
    if list(classes["risk_class"]) != list(CLASSES) or classes["min_score"].iloc[0] != 0:
        raise CampaignError("参考数据 risk_classes 须依次为 A、B、C、D, A 类分值下限为 0 / risk_classes must list A–D in "
                            "order of min_score, A from 0")
    values = values.reindex(columns=list(indicators["indicator"]), fill_value=0).fillna(0)
    points = indicator_points(values, indicators)
    score = np.minimum(points.sum(axis=1).to_numpy(float), MAX_SCORE)
    position = np.searchsorted(classes["min_score"].to_numpy(float), score, side="right") - 1
    risk_class = classes["risk_class"].to_numpy(object)[position]
    vetoing = indicators.loc[indicators["veto"].astype(bool), "indicator"].tolist()
    found = values[vetoing].to_numpy(float) > 0
    vetoes = [tuple(np.array(vetoing, dtype=object)[row]) for row in found]
    risk_class = np.where(found.any(axis=1), "D", risk_class)
    result = pd.DataFrame({"score": score, "risk_class": risk_class, "vetoes": vetoes}, index=values.index)
    return pd.concat([result, points.add_prefix("points_")], axis=1)


def reasons(values: pd.Series, points: pd.Series, vetoes: tuple[str, ...] = ()) -> list[str]:
    """Why a unit is in its class, one Chinese line per indicator that counted (highest points first), vetoes first.

    ``values`` and ``points`` are one unit's indicator values [–] and points [分], indexed by indicator code.

    Examples
    --------
    >>> reasons(pd.Series({"findings_major": 2, "public_place": 1}), pd.Series({"findings_major": 12.0,
    ...         "public_place": 5.0}))
    ['较大问题 (近24个月): 2, 得 12 分', '公众聚集场所: 是, 得 5 分']
    """
    lines = [f"否决项: {label('risk_indicator', veto)} (直接定为 D 类)" for veto in vetoes]
    flags = {"public_place", "inspection_overdue", "operators_uncertified", "no_safety_officer"}  # 0/1: shown 是
    for indicator in points[points > 0].sort_values(ascending=False, kind="stable").index:
        shown = "是" if indicator in flags else f"{values[indicator]:g}"
        lines.append(f"{label('risk_indicator', indicator)}: {shown}, 得 {points[indicator]:g} 分")
    return lines


def class_ratios(reference: ReferenceData) -> dict[str, float]:
    """The share of each class's units a campaign drawn by class inspects, from ``risk_classes``. [–]"""
    classes = reference.table("risk_classes").set_index("risk_class")
    ratios = (classes["sample_ratio_pct"].astype(float) / 100.0).to_dict()
    wrong = {c: r for c, r in ratios.items() if not 0 <= r <= 1}
    if wrong:
        raise CampaignError(f"risk_classes 的抽查比例须在 0–100 % 之间: {wrong}")
    return ratios


def draw_by_class(directory: pd.DataFrame, ratios: dict[str, float], seed: int) -> pd.DataFrame:
    """The units a campaign inspects when the draw follows the credit-risk classes ([SAMR-2022-6]).

    District-level key units (区级重点) are always inspected. Of the others, each class is a stratum across the
    district: ``ceil(ratio × n)`` of its ``n`` units are drawn without replacement, so every unit of a class has the
    same chance ``ceil(ratio × n) / n`` of being drawn.

    Parameters
    ----------
    directory : pandas.DataFrame
        The key-unit directory: ``unit_id``, ``credit_code``, ``office``, ``district_key``, ``risk_class``.
    ratios : dict
        Share of each class's units to draw, e.g. ``{"A": 0.05, "B": 0.15, "C": 0.4, "D": 1.0}``. [–], in [0, 1]
    seed : int
        Seed of the draw; the same directory, classes, ratios and seed always give the same units.

    Returns
    -------
    pandas.DataFrame
        The selected rows with ``selection`` (区级重点必查 or 随机抽取), sorted by office and credit code.

    Examples
    --------
    >>> directory = pd.DataFrame({"unit_id": range(10), "credit_code": [f"C{i}" for i in range(10)],
    ...                           "office": "七宝市场监督管理所", "district_key": [True] + [False] * 9,
    ...                           "risk_class": ["A"] * 5 + ["D"] * 5})
    >>> drawn = draw_by_class(directory, {"A": 0.05, "B": 0.15, "C": 0.4, "D": 1.0}, seed=1)
    >>> drawn.groupby("risk_class").size().to_dict()   # C0 always; 1 of the other four A; all five D
    {'A': 2, 'D': 5}
    """
    unknown = sorted(set(directory["risk_class"].dropna()) - set(ratios))
    unclassified = directory["risk_class"].isna() & ~directory["district_key"].astype(bool)
    if unknown or unclassified.any():
        codes_ = "、".join(directory.loc[unclassified, "credit_code"].astype(str).head(10))
        raise CampaignError(f"有单位没有信用风险分类 {codes_ or unknown}, 请先分类 / units without a class: classify first")
    ordered = directory.sort_values("credit_code", kind="stable").reset_index(drop=True)
    rng = np.random.default_rng(seed)
    must = ordered[ordered["district_key"].astype(bool)].assign(selection=MUST)
    parts = [must]
    rest = ordered[~ordered["district_key"].astype(bool)]
    for risk_class in CLASSES:  # in class order, so the generator's draws do not depend on which classes are present
        group = rest[rest["risk_class"] == risk_class]
        take = min(len(group), math.ceil(ratios[risk_class] * len(group) - 1e-9))  # 0.3 × 10 is 3, not 4
        chosen = np.sort(rng.choice(len(group), size=take, replace=False))
        parts.append(group.iloc[chosen].assign(selection=DRAWN))
    return pd.concat(parts).sort_values(["office", "credit_code"], kind="stable").reset_index(drop=True)
