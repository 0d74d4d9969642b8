"""The periodic notification of 内燃场车 environmental information to the environment bureau: which vehicles count,
their numbers by emission stage, power type and town, the vehicles with a problem, the units concerned and the
joint-enforcement list. Pure functions over the checked register (:func:`boilerlab.standards.vehicles.check_vehicles`);
the documents are written by :mod:`boilerlab.documents.vehicle_notice`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from boilerlab.base.vocabulary import codes, headings, label
from boilerlab.standards.vehicles import ELECTRIC, PROBLEMS, PeriodError, in_scope, in_use_by, quarter

#: The vocabulary's context of the notification's tables (boilerlab.base.vocabulary.frames.CONTEXTS).
CONTEXT = "vehicle_notice"
__all__ = ["PeriodError", "VehicleNotice", "build_notice", "in_scope", "problem_text", "quarter", "vehicle_notice"]


@dataclass
class VehicleNotice:
    """What the letter and the workbook show, from one computation."""

    period: str
    title: str
    start: date
    end: date
    figures: dict[str, int]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def _counts(frame: pd.DataFrame, column: str, code_list: str) -> pd.DataFrame:
    """Vehicles and vehicles with a problem per code of ``column`` (every code listed, in the vocabulary's order, but
    electric, which the notification does not count; blank as 未知), with a total row; headed by :func:`_headed`."""
    values = frame[column].fillna("unknown")
    order = [*codes(code_list), "unknown"]
    table = pd.DataFrame({"all": values.value_counts(), "problem": values[frame["problems"] != ""].value_counts()})
    table = table.reindex(order, fill_value=0).fillna(0).astype(int)
    table = table[((table["all"] > 0) | (table.index.isin(codes(code_list)))) & (table.index != ELECTRIC)]
    shown = pd.DataFrame({column: [label(code_list, c) if c != "unknown" else "未知" for c in table.index],
                          "vehicles": table["all"].to_numpy(), "problem_vehicles": table["problem"].to_numpy()})
    total = pd.DataFrame({column: ["合计"], "vehicles": [int(table["all"].sum())],
                          "problem_vehicles": [int(table["problem"].sum())]})
    return _headed(pd.concat([shown, total], ignore_index=True))


def _headed(frame: pd.DataFrame) -> pd.DataFrame:
    """The vocabulary's headings (the notification's own where it has them), units in round brackets."""
    return frame.rename(columns=headings(frame.columns, context=CONTEXT, brackets="()"))


def problem_text(problems: str) -> str:
    """The problems of a vehicle in Chinese, ``；``-separated (codes of ``vehicle_problem``)."""
    return "；".join(label("vehicle_problem", p) for p in str(problems).split(";") if p)


def build_notice(checked: pd.DataFrame, period: str, handling: Mapping[str, str] | None = None) -> VehicleNotice:
    """The notification of ``period`` (a quarter, ``2024Q3``) from the checked register.

    Parameters
    ----------
    checked : pandas.DataFrame
        :func:`boilerlab.standards.vehicles.check_vehicles` output with ``device_code``, ``registration_no``,
        ``vehicle_kind``, ``unit_name``, ``credit_code`` and ``town``; checked as of the period's last day.
    period : str
        The quarter notified.
    handling : mapping, optional
        Device code → what the joint enforcement did (处理情况 of the joint-enforcement list; blank otherwise).
    """
    start, end, name = quarter(period)
    counted = checked[in_scope(checked, end)].copy()
    with_problem = counted[counted["problems"] != ""]
    figures = {"vehicles": len(counted), "problem_vehicles": len(with_problem),
               "units": int(counted["credit_code"].nunique()),
               "problem_units": int(with_problem["credit_code"].nunique()),
               "derived": int((counted["stage_basis"] == "derived").sum()),
               "no_date": int((counted["stage_basis"] == "no_date").sum()),
               "electric": int(((checked["power_type"] == ELECTRIC) & in_use_by(checked, end)).sum())}
    figures |= {code: int(counted["problems"].str.contains(code, regex=False).sum()) for code in PROBLEMS}
    listed = with_problem.sort_values(["town", "unit_name", "device_code"])
    vehicles = pd.DataFrame({
        "town": listed["town"].fillna("—"), "unit_name": listed["unit_name"], "credit_code": listed["credit_code"],
        "device_code": listed["device_code"], "registration_no": listed["registration_no"].fillna("—"),
        "vehicle_kind": listed["vehicle_kind"].map(lambda c: label("vehicle_kind", c)),
        "power_type": listed["power_type"].map(lambda c: label("power_type", c)),
        "manufacture_date": pd.to_datetime(listed["manufacture_date"]).dt.strftime("%Y-%m-%d").fillna("—"),
        "stage": listed["stage"].map(lambda c: label("emission_stage", c) if c else "未知"),
        "stage_basis": listed["stage_basis"].map(lambda c: label("stage_basis", c)),
        "required_stage": listed["required_stage"].map(lambda c: label("emission_stage", c) if c else "—"),
        "env_code": listed["env_code"].fillna("").replace("", "—"),
        "problem_text": listed["problems"].map(problem_text)})
    units = (with_problem.groupby(["town", "unit_name", "credit_code"], dropna=False)
             .agg(vehicles=("device_code", "size"), problems=("problems", lambda p: ";".join(p)))
             .reset_index().sort_values(["town", "unit_name"]))
    unit_table = pd.DataFrame({
        "town": units["town"].fillna("—"), "unit_name": units["unit_name"], "credit_code": units["credit_code"],
        "vehicles_with_problem": units["vehicles"].astype(int),
        "problem_text": units["problems"].map(lambda p: "；".join(
            f"{label('vehicle_problem', c)} {p.split(';').count(c)} 台" for c in PROBLEMS if c in p.split(";")))})
    joint = pd.DataFrame({"number": range(1, len(listed) + 1), "unit_name": listed["unit_name"].to_numpy(),
                          "credit_code": listed["credit_code"].to_numpy(),
                          "device_code": listed["device_code"].to_numpy(),
                          "problem_text": listed["problems"].map(problem_text).to_numpy(),
                          "found_on": end.isoformat(),
                          "handling": [dict(handling or {}).get(d, "") for d in listed["device_code"]]})
    towns = counted.assign(problem=counted["problems"] != "").groupby(counted["town"].fillna("—")).agg(
        vehicles=("device_code", "size"), problem=("problem", "sum"), units=("credit_code", "nunique"))
    town_table = pd.DataFrame({"town": towns.index, "units": towns["units"].to_numpy(),
                               "vehicles": towns["vehicles"].to_numpy(),
                               "problem_vehicles": towns["problem"].astype(int).to_numpy()})
    town_table = pd.concat([town_table, pd.DataFrame({"town": ["合计"], "units": [figures["units"]],
                                                      "vehicles": [len(counted)],
                                                      "problem_vehicles": [len(with_problem)]})], ignore_index=True)
    tables = {"按排放阶段": _counts(counted, "stage", "emission_stage"),
              "按动力类型": _counts(counted, "power_type", "power_type"),
              "按街镇": _headed(town_table), "问题车辆": _headed(vehicles.reset_index(drop=True)),
              "涉及单位": _headed(unit_table.reset_index(drop=True)), "联合执法清单": _headed(joint)}
    return VehicleNotice(period=period, title=f"关于{name}内燃场车环保信息情况的通报", start=start, end=end,
                         figures=figures, tables=tables)


def vehicle_notice(sessions, period: str, reference=None) -> VehicleNotice:
    """The notification of the quarter ``period`` (``2024Q3``) from the database, checked as of its last day; the
    joint-enforcement list says what the joint enforcement of the quarter has done so far, once it exists."""
    from boilerlab.db.joint_enforcement import joint_handling
    from boilerlab.db.vehicles import checked_vehicles

    _, end, _ = quarter(period)
    return build_notice(checked_vehicles(sessions, end, reference), period, joint_handling(sessions, period))
