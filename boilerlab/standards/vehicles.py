"""内燃场车 (internal-combustion in-plant vehicles): the emission stage a vehicle must have by its manufacture date,
its stage derived from that date where the nameplate gives none, and the problems the environment bureau is told of.

Rules (``vehicle_stages.csv`` and ``vehicle_rules.csv``, every row UNCONFIRMED until the texts are held):

* A non-road diesel engine made on or after a stage's ``required_from`` date must meet at least that stage
  [GB20891-2007] [GB20891-2014] [HJ1014]; stage IV from 2022-12-01 for machinery up to 560 kW. The other power types
  (petrol, LPG, natural gas) have no row: no stage is required or derived for them here, and the vehicle says so.
* A vehicle whose nameplate stage is not recorded is taken to have the stage required at its manufacture date (the
  least it could lawfully have), with the basis ``derived`` — a presumption the notification marks as such.
* Problems: the stage below the one required at manufacture (``stage_below_required``); an internal-combustion
  vehicle in use without the environmental registration code or label that Shanghai requires of non-road machinery
  from ``label_required_from`` [SH-NRMM-2023] (``label_missing``; 无, / or — in the code column count as none); a
  vehicle registered for use on a day from which stage IV binds machinery of its power type and power, with a
  lower stage on its nameplate (``registered_below_stage4``: machinery sold from that date must comply). Only a
  nameplate stage can be found wanting, and only a vehicle in use has problems.

Pure functions over DataFrames (one row per vehicle); vectorised, no row loops.

References
----------
[GB20891-2007] GB 20891-2007 非道路移动机械用柴油机排气污染物排放限值及测量方法 (中国Ⅰ、Ⅱ阶段).
[GB20891-2014] GB 20891-2014 非道路移动机械用柴油机排气污染物排放限值及测量方法 (中国第三、四阶段).
[HJ1014] HJ 1014-2020 非道路柴油移动机械污染物排放控制技术要求.
[SH-NRMM-2023] 上海市非道路移动机械申报登记和标志管理办法 (沪环规〔2023〕3号), effective 2023-06-01.
[TSG-N0001] TSG N0001-2017 场(厂)内专用机动车辆安全技术监察规程.

Examples
--------
>>> from boilerlab.base.reference import load_reference
>>> vehicles = pd.DataFrame({"power_type": ["diesel", "diesel", "electric"],
...                          "manufacture_date": pd.to_datetime(["2015-06-01", "2023-03-01", "2023-03-01"]),
...                          "rated_power_kw": [45.0, 45.0, 20.0], "emission_stage": [None, "3", None],
...                          "env_code": ["", "CN-X", ""], "registration_date": pd.to_datetime(["2015-08-01",
...                          "2023-04-01", "2023-04-01"]), "status": "在用"})
>>> checked = check_vehicles(vehicles, load_reference(), pd.Timestamp("2024-09-30"))
>>> checked[["stage", "stage_basis", "required_stage", "problems"]].values.tolist()
[['2', 'derived', '2', 'label_missing'], ['3', 'nameplate', '4', 'stage_below_required;registered_below_stage4'], [None, 'not_applicable', None, '']]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.base.vocabulary import codes, label

STAGES = codes("emission_stage")
ELECTRIC = "electric"
PROBLEMS = codes("vehicle_problem")
#: What people write in a code column for "none" (after stripping and lower case): read as no code at all.
NO_CODE_WORDS = ("", "无", "没有", "暂无", "未办理", "未登记", "-", "—", "--", "/", "0", "none", "null", "nan", "n/a", "na")
QUARTER = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[Qq]([1-4])\s*$")
CHINESE_QUARTERS = "一二三四"


class PeriodError(ValueError):
    """A period that is not a quarter such as 2024Q3 (the message is Chinese and English)."""


def quarter(period: str) -> tuple[date, date, str]:
    """The first and last day of a quarter ``2024Q3`` (also ``2024-Q3``), and its Chinese name.

    Examples
    --------
    >>> quarter("2024Q3")
    (datetime.date(2024, 7, 1), datetime.date(2024, 9, 30), '2024年第三季度')
    """
    found = QUARTER.match(str(period))
    if not found or not 1900 <= int(found.group(1)) <= 2100:
        raise PeriodError(f"期间 {period!r} 应为年份加季度, 如 2024Q3 / the period must be a quarter such as 2024Q3")
    year, number = int(found.group(1)), int(found.group(2))
    start = date(year, 3 * number - 2, 1)
    end = (pd.Timestamp(start) + pd.offsets.QuarterEnd(0)).date()
    return start, end, f"{year}年第{CHINESE_QUARTERS[number - 1]}季度"


def _rule(reference: ReferenceData, name: str) -> str:
    rules = reference.table("vehicle_rules").set_index("rule")["value"]
    if name not in rules:
        raise KeyError(f"unknown vehicle rule {name!r}; valid: {sorted(rules.index)}")
    return str(rules[name])


def required_stage(power_type: pd.Series, manufacture_date: pd.Series, rated_power_kw: pd.Series,
                   stages: pd.DataFrame) -> pd.Series:
    """The least emission stage a vehicle must meet by its power type, manufacture date and rated power.

    Parameters
    ----------
    power_type : pandas.Series
        ``diesel``, ``gasoline``, ``lpg``, ``natural_gas`` or ``electric``.
    manufacture_date : pandas.Series
        Date of manufacture (blank: unknown). [date]
    rated_power_kw : pandas.Series
        Rated engine power (blank: unknown, taken as within every band). [kW]
    stages : pandas.DataFrame
        ``vehicle_stages.csv``: ``power_type``, ``stage``, ``required_from`` [date], ``power_max_kw`` [kW].

    Returns
    -------
    pandas.Series
        The stage code (``1`` … ``4``), or blank where no stage applies (no row for the power type, made before
        the first stage, date unknown).

    Examples
    --------
    >>> table = pd.DataFrame({"power_type": "diesel", "stage": ["3", "4"],
    ...                       "required_from": ["2016-04-01", "2022-12-01"], "power_max_kw": [np.nan, 560]})
    >>> required_stage(pd.Series(["diesel"] * 4), pd.to_datetime(pd.Series(["2016-03-31", "2016-04-01",
    ...                "2022-12-01", "2022-12-01"])), pd.Series([50.0, 50.0, 50.0, 600.0]), table).tolist()
    [None, '3', '4', '3']
    """
    made = pd.to_datetime(manufacture_date).to_numpy(dtype="datetime64[ns]")
    power = pd.to_numeric(rated_power_kw, errors="coerce").to_numpy(float)
    kinds = power_type.astype(object).to_numpy()
    best = np.zeros(len(kinds), dtype=int)
    for row in stages.itertuples(index=False):  # a handful of table rows, each applied to every vehicle at once
        start = np.datetime64(pd.Timestamp(row.required_from), "ns")
        within = np.ones(len(kinds), bool)
        if not pd.isna(row.power_max_kw):  # a power unknown is taken as within the band
            within = np.isnan(power) | (power <= float(row.power_max_kw))
        applies = (kinds == row.power_type) & ~np.isnat(made) & (made >= start) & within
        best = np.where(applies, np.maximum(best, int(row.stage)), best)
    return pd.Series(np.where(best > 0, best.astype(str), None), index=power_type.index, dtype=object)


def _none_for_blank(values: np.ndarray, index: pd.Index) -> pd.Series:
    """Stage codes as objects, a blank as None (not NaN: a code column)."""
    series = pd.Series(values, index=index, dtype=object)
    series[series.isna()] = None
    return series


def check_vehicles(vehicles: pd.DataFrame, reference: ReferenceData, as_of: pd.Timestamp) -> pd.DataFrame:
    """Each vehicle's stage (nameplate or derived), the stage required at manufacture, and its problems on ``as_of``.

    Parameters
    ----------
    vehicles : pandas.DataFrame
        ``power_type``, ``manufacture_date`` [date], ``rated_power_kw`` [kW], ``emission_stage`` (nameplate code or
        blank), ``env_code`` (environmental registration code or label number, blank when none),
        ``registration_date`` [date] and ``status`` (在用 / 停用 / 报废).
    reference : ReferenceData
        ``vehicle_stages`` and ``vehicle_rules``.
    as_of : pandas.Timestamp
        The day the label requirement is judged on (the end of the notified period).

    Returns
    -------
    pandas.DataFrame
        ``vehicles`` with ``stage`` (code or blank), ``stage_basis`` (``nameplate``, ``derived``, ``no_date``: a
        power type with stages but no manufacture date, ``unknown``: no stage required of its power type, or
        ``not_applicable`` for electric vehicles), ``required_stage`` and ``problems`` (codes of
        ``vehicle_problem`` joined by ``;``, empty when none; only vehicles in use have problems).
    """
    out = vehicles.copy()
    stages = reference.table("vehicle_stages")
    required = required_stage(out["power_type"], out["manufacture_date"], out["rated_power_kw"], stages)
    nameplate = out["emission_stage"].where(out["emission_stage"].notna() & (out["emission_stage"].astype(str) != ""))
    electric = (out["power_type"] == ELECTRIC).to_numpy()
    has_plate = nameplate.notna().to_numpy()
    staged = out["power_type"].isin(set(stages["power_type"])).to_numpy()  # a power type the table has stages for
    no_date = pd.to_datetime(out["manufacture_date"]).isna().to_numpy()
    out["stage"] = _none_for_blank(np.where(electric, None, np.where(has_plate, nameplate, required)), out.index)
    out["stage_basis"] = np.select([electric, has_plate, required.notna().to_numpy(), staged & no_date],
                                   ["not_applicable", "nameplate", "derived", "no_date"], "unknown")
    out["required_stage"] = _none_for_blank(np.where(electric, None, required), out.index)
    # every problem is one of a vehicle in use: a scrapped or stopped one is not notified
    in_use = (out["status"].fillna("在用") == "在用").to_numpy() & ~electric
    stage_number = pd.to_numeric(out["stage"], errors="coerce").to_numpy(float)
    required_number = pd.to_numeric(out["required_stage"], errors="coerce").to_numpy(float)
    # only a stage read from the nameplate can be found wanting: a derived one is the least that was due
    below = in_use & has_plate & (stage_number < required_number)
    label_from = pd.Timestamp(_rule(reference, "label_required_from"))
    code = out["env_code"].astype("string").str.strip().str.lower()
    no_code = (code.isna() | code.isin(NO_CODE_WORDS)).to_numpy(bool)
    label_missing = in_use & no_code & (pd.Timestamp(as_of) >= label_from)
    # sold and registered on a day from which stage IV binds machinery of its power (the table's band), with a
    # lower stage on its nameplate
    due_when_registered = required_stage(out["power_type"], out["registration_date"], out["rated_power_kw"], stages)
    late = in_use & has_plate & (pd.to_numeric(due_when_registered, errors="coerce").to_numpy(float) == 4) & (
        stage_number < 4)
    flags = {"stage_below_required": below, "label_missing": label_missing, "registered_below_stage4": late}
    text = np.full(len(out), "", dtype=object)
    for problem in PROBLEMS:
        text = np.where(flags[problem], np.where(text == "", problem, text + ";" + problem), text)
    out["problems"] = text
    return out


def problem_counts(checked: pd.DataFrame) -> pd.Series:
    """How many vehicles have each problem (a vehicle with two problems counts under both), in ``PROBLEMS`` order."""
    split = checked["problems"].str.split(";").explode()
    return split[split != ""].value_counts().reindex(list(PROBLEMS), fill_value=0)


def in_use_by(checked: pd.DataFrame, end: date) -> pd.Series:
    """In use and registered for use by ``end`` (a vehicle without a registration date counts; its status is read
    as it is now)."""
    registered = pd.to_datetime(checked["registration_date"])
    return (checked["status"].fillna("在用") == "在用") & (registered.isna() | (registered <= pd.Timestamp(end)))


def in_scope(checked: pd.DataFrame, end: date) -> pd.Series:
    """The vehicles a notification of a period ending on ``end`` counts: internal-combustion ones in use by then."""
    return (checked["power_type"] != ELECTRIC) & in_use_by(checked, end)


def prefilled_answers(checklist: pd.DataFrame, problems: str, *, listed: bool = True,
                      electric: bool = False) -> dict[str, tuple[str, str]]:
    """The joint-enforcement checklist (``vehicle_checklist``) answered in advance for one vehicle.

    A vehicle on the list: an item whose ``auto_check`` names a problem it was notified with is 不符合 with the
    problem as its note, one whose problem it was not notified with is 符合 (the register's check found none). An
    electric vehicle: the environmental items are 不适用. A vehicle not on the list: nothing is claimed. The items
    seen only on site (smoke, registration, inspection) are always left to the inspector.

    Examples
    --------
    >>> from boilerlab.base.reference import load_reference
    >>> checklist = load_reference().table("vehicle_checklist")
    >>> answers = prefilled_answers(checklist, "label_missing")
    >>> answers["V03"][0], answers["V01"][0], "V04" in answers
    ('不符合', '符合', False)
    >>> prefilled_answers(checklist, "", listed=False), prefilled_answers(checklist, "", electric=True)["V04"][0]
    ({}, '不适用')
    """
    if electric:
        return {item: ("不适用", "电动车辆, 无排气污染物") for item, section in
                zip(checklist["item_id"], checklist["section"]) if section == "环保"}
    if not listed:
        return {}
    found = set(str(problems or "").split(";")) - {""}
    answers = {}
    for item, check in zip(checklist["item_id"], checklist["auto_check"]):
        if isinstance(check, str) and check in PROBLEMS:
            answers[item] = (("不符合", f"登记信息核查: {label('vehicle_problem', check)}") if check in found
                             else ("符合", "通报期末登记信息核查未见此问题"))
    return answers


def answers_from(prefilled: Mapping[str, tuple[str, str]], checklist: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Every checklist item with the prefilled answer where there is one, else 符合 with an empty note."""
    return {item: prefilled.get(item, ("符合", "")) for item in checklist["item_id"]}
