"""Registration admission check (使用登记 准入) of a new boiler installation.

The rules live in ``data/reference/admission_rules.csv`` (id, Chinese and English text, the check it
runs, its parameters as JSON, source). :func:`check_admission` is a pure function of one application
(the fields of ``shared/spec/admission-application.md``): every rule passes, fails, or lacks data; the
decision is 不通过 when any rule fails, 需补充材料 when none fails but some lack data, else 通过.
Missing fields never raise.

The rules apply [GB24500] to the design or type-test efficiency, the limits of [GB13271] and [DB31-387] to the
guaranteed emissions, design flue-temperature and excess-air thresholds recalled from TSG G0002-2010 (now in
[TSG91]; UNCONFIRMED in ``admission_rules``), and [GBT32150] and [NDRC-2015-IND] to the estimated annual CO₂.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from boilerlab.base.row_messages import cut
from boilerlab.base.values import invisible_positions, is_blank as _blank, without_invisible
from boilerlab.standards.credit_code import credit_code_problem
from boilerlab.standards.carbon import CO2_PER_C, CarbonFactorError, carbon_factor, electricity_factor
from boilerlab.standards.emissions import LABELS, applicable_limits
from boilerlab.base.vocabulary import APPLICATION_FIELDS, ENUMS, codes, false_words, label, normalise_header, true_words
from boilerlab.physics.fuels import fuel_library
from boilerlab.standards.grading import grade_gb24500
from boilerlab.base.reference import ReferenceData, load_reference

PASS, FAIL, MISSING, INFO = codes("rule_status")
APPROVED, REJECTED, INCOMPLETE = codes("admission_decision")
#: The application fields (admission-application.md) and their Chinese names.
FIELDS = {f.name: f.name_cn for f in APPLICATION_FIELDS}
MW_PER_T_H = 0.7  # rated evaporation ↔ rated heat output, as in the q5 table


@dataclass
class RuleResult:
    """One rule's outcome."""

    rule_id: str
    text: str
    status: str
    value: Any = None
    threshold: Any = None
    reason: str = ""
    unit: str = ""  # of value and threshold, for the printed sentence


@dataclass
class AdmissionDecision:
    """The decision on one application."""

    application_id: str
    decision: str
    rules: list[RuleResult] = field(default_factory=list)
    co2_t_per_year: float | None = None
    co2_intensity_kg_gj: float | None = None
    reference_versions: str = ""

    def failing(self) -> list[RuleResult]:
        """The rules that failed or lack data, for the opinion."""
        return [r for r in self.rules if r.status in (FAIL, MISSING)]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


#: Valid ranges of the numeric fields; a value outside is reported, never used: (low, high, low closed).
NUMERIC_RANGES = {
    "rated_capacity_t_h": (0, 2000, False), "rated_capacity_mw": (0, 1400, False), "rated_pressure_mpa_g": (0, 30, True),
    "design_efficiency_pct": (0, 110, False), "design_flue_temp_c": (0, 400, False),
    "design_excess_air_ratio": (1, 5, True), "nox_guarantee_mg_m3": (0, 5000, True),
    "so2_guarantee_mg_m3": (0, 5000, True), "pm_guarantee_mg_m3": (0, 5000, True), "annual_hours": (0, 8784, False),
    "annual_load_pct": (0, 100, False), "lhv_ar_kj_kg": (0, 60000, False), "vdaf_pct": (0, 100, True),
}
ENUM_FIELDS = ("boiler_kind", "fuel_kind", "combustion", "jurisdiction")
PROBLEMS = "__problems__"
DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$")


def normalise_application(application: Mapping[str, Any], reference: ReferenceData | None = None) -> dict[str, Any]:
    """The application with aliases resolved (天然气 → natural_gas, 上海 → shanghai, 是 → True), numbers parsed
    and range-checked, the install date strictly YYYY-MM-DD; what could not be read is listed under
    ``__problems__`` (field → reason, Chinese and English) and left out."""
    ref = reference or load_reference()
    clean: dict[str, Any] = {}
    problems: dict[str, str] = {}

    def invalid(name: str, value: Any, valid: str) -> None:
        problems[name] = f"{FIELDS.get(name, name)} 的值 {cut(value)} {valid}"

    kinds = set(fuel_library(ref).index)
    for name, value in application.items():
        name = str(name)
        if _blank(value):
            continue
        if name in NUMERIC_RANGES:
            low, high, closed = NUMERIC_RANGES[name]
            valid = f"{'[' if closed else '('}{low:g}, {high:g}]"
            try:
                number = float(str(value).strip())
            except ValueError:
                invalid(name, value, f"不是数值, 有效范围 {valid}")
                continue
            if not math.isfinite(number) or number > high or number < low or (number == low and not closed):
                invalid(name, value, f"超出有效范围 {valid}")
                continue
            clean[name] = number
        elif name in ENUM_FIELDS:
            lookup = dict(ENUMS[name]) if name in ENUMS else {}
            if name == "fuel_kind":
                lookup.update({k: k for k in kinds})
            key = lookup.get(normalise_header(value)) if isinstance(value, str) else None
            valid_keys = sorted(kinds if name == "fuel_kind" else set(lookup.values()))
            if key is None or key not in valid_keys:
                invalid(name, value, "无效, 可选: " + "、".join(label(name, k) for k in valid_keys))
                continue
            clean[name] = key
        elif name == "condensing":
            word = normalise_header(value)
            if word in true_words(name) or word in ("1.0", "√", "✓"):
                clean[name] = True
            elif word in false_words(name) or word == "0.0":
                clean[name] = False
            else:
                invalid(name, value, "无效, 应为 是 或 否")
        elif name == "install_date":
            text = str(value).strip()
            parsed = pd.to_datetime(text, errors="coerce") if DATE.match(text) else pd.NaT
            if pd.isna(parsed):
                invalid(name, value, "不是日期, 应为 YYYY-MM-DD (如 2024-03-05)")
                continue
            clean[name] = parsed.date().isoformat()
        elif name == "town" and "towns" in ref.tables and not invisible_positions(str(value)):
            town = district_town(str(value), ref)
            if town is None:
                invalid(name, value, "不是本区街镇, 可选: " + "、".join(ref.tables["towns"]["town"]))
                continue
            clean[name] = town
        elif name == "credit_code" and not invisible_positions(str(value)):
            problem = credit_code_problem(str(value))
            if problem:
                invalid(name, value, problem)
                continue
            clean[name] = str(value).strip().upper()
        elif isinstance(value, str) and invisible_positions(value):
            if name in ("application_id", "credit_code"):  # stored, it would make a second record that looks like the first
                invalid(name, value, f"含不可见字符 (第 {', '.join(map(str, invisible_positions(value)))} 个字符), "
                                     "编号与代码中不得含不可见字符")
            else:
                clean[name] = without_invisible(value)
        else:
            clean[name] = value
    clean[PROBLEMS] = problems
    return clean


def district_town(text: str, reference: ReferenceData | None = None) -> str | None:
    """The district's town (``towns`` table) that ``text`` names — in full, or without its 镇 / 街道 when that
    names one town only (莘庄 → 莘庄镇, 江川路 → 江川路街道) — or None."""
    towns = list((reference or load_reference()).tables["towns"]["town"])
    text = text.strip()
    if text in towns:
        return text
    named = [t for t in towns if len(text) >= 2 and t.removesuffix("街道").removesuffix("镇") == text]
    return named[0] if len(named) == 1 else None


def _number(application: Mapping[str, Any], name: str) -> float | None:
    value = application.get(name)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _text(application: Mapping[str, Any], name: str) -> str | None:
    value = application.get(name)
    return None if _blank(value) else str(value).strip()


def _missing(rule: pd.Series, *names: str, application: Mapping[str, Any] | None = None) -> RuleResult:
    problems = (application or {}).get(PROBLEMS, {})
    bad = [problems[n] for n in names if n in problems]
    if bad:
        return RuleResult(rule.rule_id, rule.text_cn, MISSING, reason="; ".join(bad))
    listed = "、".join("或".join(FIELDS.get(part, part) for part in n.split("/")) for n in names)  # a/b: either one
    return RuleResult(rule.rule_id, rule.text_cn, MISSING, reason=f"缺少{listed}")


def _capacity_mw(application: Mapping[str, Any]) -> float | None:
    mw, t_h = _number(application, "rated_capacity_mw"), _number(application, "rated_capacity_t_h")
    return mw if mw is not None else (t_h * MW_PER_T_H if t_h is not None else None)


def _check_efficiency(rule: pd.Series, params: dict, app: Mapping[str, Any], ref: ReferenceData) -> RuleResult:
    eta = _number(app, "design_efficiency_pct")
    needed = [n for n in ("design_efficiency_pct", "fuel_kind", "boiler_kind") if _text(app, n) is None]
    if eta is None or needed or (_number(app, "rated_capacity_t_h") is None and _number(app, "rated_capacity_mw") is None):
        capacity = [] if _capacity_mw(app) is not None else ["rated_capacity_t_h", "rated_capacity_mw"]
        return _missing(rule, *(needed + capacity or ["design_efficiency_pct"]), application=app)
    lhv = _number(app, "lhv_ar_kj_kg")
    if lhv is None:  # the design fuel's typical value when none is given
        library = fuel_library(ref)
        lhv = library.loc[app["fuel_kind"], "lhv_ar_kj_kg"] if app["fuel_kind"] in library.index else np.nan
    graded = grade_gb24500(eta, _text(app, "fuel_kind"), _text(app, "combustion") or "chamber",
                           bool(app.get("condensing", False)),
                           _text(app, "boiler_kind"), _number(app, "rated_capacity_t_h") or np.nan,
                           _number(app, "rated_capacity_mw") or np.nan, lhv, _number(app, "vdaf_pct") or np.nan,
                           reference=ref).iloc[0]
    grade, limit = graded["grade"], graded["limit_pct"]
    if pd.isna(limit):
        return RuleResult(rule.rule_id, rule.text_cn, MISSING, eta, None,
                          f"GB 24500 无适用行: {graded['note']}")
    order = ["1", "2", "3"]
    wanted = params.get("min_grade", "3")
    needed_pct = {"1": graded["grade_1_pct"], "2": graded["grade_2_pct"], "3": limit}.get(wanted, limit)
    ok = grade in order[: order.index(wanted) + 1] if wanted in order else bool(graded["meets_limit"])
    if pd.isna(needed_pct):  # electric boilers: only the limit value
        needed_pct, ok = limit, bool(graded["meets_limit"])
    return RuleResult(rule.rule_id, rule.text_cn, PASS if ok else FAIL, eta, float(needed_pct),
                      f"能效等级 {label('gb24500_grade', grade)} (限定值 {limit:g} %)", unit="%")


def _check_fuel(rule: pd.Series, params: dict, app: Mapping[str, Any], ref: ReferenceData) -> RuleResult:
    fuel = _text(app, "fuel_kind")
    if fuel is None:
        return _missing(rule, "fuel_kind", application=app)
    allowed = params.get("allowed", [])
    return RuleResult(rule.rule_id, rule.text_cn, PASS if fuel in allowed else FAIL, fuel, allowed,
                      "" if fuel in allowed else f"{label('fuel_kind', fuel)}不在允许燃料之列")


def _check_emission(rule: pd.Series, params: dict, app: Mapping[str, Any], ref: ReferenceData) -> RuleResult:
    pollutant = params["pollutant"]
    name = f"{pollutant}_guarantee_mg_m3"
    value = _number(app, name)
    if value is None:
        if params.get("required", False) and _text(app, "fuel_kind") != "electric":
            return _missing(rule, name, application=app)
        return RuleResult(rule.rule_id, rule.text_cn, INFO, None, None, "未提供, 不适用")
    absent = [n for n in ("fuel_kind", "install_date") if _text(app, n) is None]
    if "jurisdiction" in app.get(PROBLEMS, {}):
        absent.append("jurisdiction")
    if absent:
        return _missing(rule, *absent, application=app)
    install = pd.to_datetime(_text(app, "install_date"), errors="coerce")
    if pd.isna(install):
        return RuleResult(rule.rule_id, rule.text_cn, MISSING, _text(app, "install_date"), None,
                          "安装日期无法识别, 应为 YYYY-MM-DD")
    limits = applicable_limits(_text(app, "fuel_kind"), install, install, _number(app, "rated_capacity_t_h") or np.nan,
                               _number(app, "rated_capacity_mw") or np.nan, _text(app, "jurisdiction") or "shanghai",
                               False, ref).iloc[0]
    limit = limits[f"{pollutant}_limit_mg_m3"]
    if pd.isna(limit):
        return RuleResult(rule.rule_id, rule.text_cn, MISSING, value, None,
                          f"无适用 {LABELS[pollutant]} 限值")
    ok = value <= limit
    basis = [part for part in str(limits["limit_basis"]).split("; ") if part.startswith(LABELS[pollutant])]
    return RuleResult(rule.rule_id, rule.text_cn, PASS if ok else FAIL, value, float(limit),
                      basis[0] if basis else "", unit="mg/m³")


def _check_flue_temperature(rule: pd.Series, params: dict, app: Mapping[str, Any], ref: ReferenceData) -> RuleResult:
    t = _number(app, "design_flue_temp_c")
    kind = _text(app, "boiler_kind")
    if t is None or kind is None or (_number(app, "rated_capacity_t_h") is None and _capacity_mw(app) is None):
        return _missing(rule, *[n for n in ("design_flue_temp_c", "boiler_kind") if _text(app, n) is None] or
                        ["rated_capacity_t_h/rated_capacity_mw"], application=app)
    limits = params["limits_c"]
    if kind == "steam" and _number(app, "rated_capacity_t_h") is not None:
        bounds, size = params["steam_t_h_up_to"], _number(app, "rated_capacity_t_h")
    else:
        bounds, size = params["hot_water_mw_up_to"], _capacity_mw(app)
    # closed on the ≤ side, like the capacity columns of GB 24500
    index = next((i for i, bound in enumerate(bounds) if size < bound or (i > 0 and size <= bound)), len(bounds))
    limit = limits[index]
    return RuleResult(rule.rule_id, rule.text_cn, PASS if t <= limit else FAIL, t, limit, "", unit="°C")


def _check_excess_air(rule: pd.Series, params: dict, app: Mapping[str, Any], ref: ReferenceData) -> RuleResult:
    alpha = _number(app, "design_excess_air_ratio")
    firing = _text(app, "combustion") or ("chamber" if _text(app, "fuel_kind") in ("natural_gas", "lpg", "diesel",
                                                                                      "heavy_oil") else None)
    if _text(app, "fuel_kind") == "electric":
        return RuleResult(rule.rule_id, rule.text_cn, INFO, None, None, "电锅炉不适用")
    if alpha is None or firing is None:
        return _missing(rule, *(["design_excess_air_ratio"] if alpha is None else []) +
                        (["combustion"] if firing is None else []), application=app)
    limit = params.get(firing)
    if limit is None:
        return RuleResult(rule.rule_id, rule.text_cn, MISSING, alpha, None, f"无{label('combustion', firing)}的限值")
    return RuleResult(rule.rule_id, rule.text_cn, PASS if alpha <= limit else FAIL, alpha, limit, "")


def _check_complete(rule: pd.Series, params: dict, app: Mapping[str, Any], ref: ReferenceData) -> RuleResult:
    """Every field the registration needs is there and readable (each alternative a/b: either one)."""
    problems = app.get(PROBLEMS, {})
    missing = [n for n in params.get("required", []) if all(_blank(app.get(part)) for part in n.split("/"))]
    if not missing:
        return RuleResult(rule.rule_id, rule.text_cn, PASS)
    # a field given but unreadable (a wrong check character …) is said so; one not given is listed as missing
    unreadable = [problems[part] for n in missing for part in n.split("/") if part in problems]
    absent = [n for n in missing if not any(part in problems for part in n.split("/"))]
    listed = "、".join("或".join(FIELDS.get(part, part) for part in n.split("/")) for n in absent)
    return RuleResult(rule.rule_id, rule.text_cn, MISSING,
                      reason="; ".join(unreadable + ([f"缺少{listed}"] if absent else [])))


CHECKS = {"application_complete": _check_complete, "efficiency_limit": _check_efficiency, "fuel_permitted": _check_fuel, "emission_guarantee": _check_emission,
          "flue_temperature": _check_flue_temperature, "excess_air": _check_excess_air}


def excess_air_limits(reference: ReferenceData | None = None) -> dict[str, float]:
    """The largest excess-air ratio by firing method (rule ``excess_air`` of ``admission_rules``). [–]"""
    rules = (reference or load_reference()).tables["admission_rules"].set_index("check")
    return {firing: float(limit) for firing, limit in json.loads(rules.at["excess_air", "parameters"]).items()}


def annual_co2(application: Mapping[str, Any], reference: ReferenceData | None = None) -> tuple[float | None, float | None]:
    """Estimated annual CO₂ and CO₂ intensity of an application.

    Useful heat = rated heat output × load × hours; fuel heat = useful heat / design efficiency;
    CO₂ = fuel heat × default carbon per heat × OF × 44/12 (``carbon_factors``), or for electric
    boilers the electricity used × the Shanghai factor (``electricity_factors``).

    Returns
    -------
    (float or None, float or None)
        Annual CO₂ [t/a] and intensity [kg CO₂ per GJ of useful heat]; None when a field is missing.
    """
    ref = reference or load_reference()
    if PROBLEMS not in application:
        application = normalise_application(application, ref)
    mw, eta = _capacity_mw(application), _number(application, "design_efficiency_pct")
    hours, load = _number(application, "annual_hours"), _number(application, "annual_load_pct")
    fuel = _text(application, "fuel_kind")
    if None in (mw, eta, hours, load, fuel) or eta <= 0:
        return None, None
    useful_gj = mw * load / 100.0 * hours * 3.6  # MWh → GJ
    fuel_gj = useful_gj / (eta / 100.0)
    if fuel == "electric":
        factor = electricity_factor(_text(application, "jurisdiction") or "shanghai", reference=ref,
                                    at_year=int(str(_text(application, "install_date") or "9999")[:4]))
        co2_kg = fuel_gj / 3.6e-3 * factor["kg_co2_per_kwh"]  # GJ → kWh
    else:
        try:
            row = carbon_factor(fuel, ref)
        except CarbonFactorError:
            return None, None
        co2_kg = fuel_gj * row["carbon_tc_per_tj"] * row["oxidation_pct"] / 100.0 * CO2_PER_C
    return co2_kg / 1000.0, co2_kg / useful_gj


def check_admission(application: Mapping[str, Any], reference: ReferenceData | None = None) -> AdmissionDecision:
    """Run every admission rule on one application; never raises for missing or malformed fields.

    Parameters
    ----------
    application : mapping
        The fields of ``shared/spec/admission-application.md`` (missing keys allowed).

    Returns
    -------
    AdmissionDecision
        The decision (通过 / 不通过 / 需补充材料), each rule's outcome with value and threshold, the
        annual CO₂ [t/a] and CO₂ intensity [kg/GJ useful heat], and the reference-table versions.
    """
    ref = reference or load_reference()
    raw_id = application.get("application_id")
    application = normalise_application(application, ref)
    results = []
    for rule in ref.tables["admission_rules"].itertuples(index=False):
        rule = pd.Series(rule._asdict())
        params = json.loads(rule["parameters"]) if isinstance(rule["parameters"], str) else {}
        if rule["check"] == "co2_recorded":
            continue
        check = CHECKS.get(rule["check"])
        if check is None:
            results.append(RuleResult(rule["rule_id"], rule["text_cn"], MISSING,
                                      reason=f"未知检查 {rule['check']!r}"))
            continue
        try:
            results.append(check(rule, params, application, ref))
        except (ValueError, TypeError, KeyError, LookupError) as exc:  # a malformed field must not stop the check
            results.append(RuleResult(rule["rule_id"], rule["text_cn"], MISSING,
                                      reason=f"无法检查: {exc}"))
    try:
        co2, intensity = annual_co2(application, ref)
    except (ValueError, TypeError, KeyError, LookupError):
        co2, intensity = None, None
    co2_rule = ref.tables["admission_rules"].query("check == 'co2_recorded'")
    co2_fields = ("rated_capacity_t_h", "rated_capacity_mw", "design_efficiency_pct", "annual_hours", "annual_load_pct",
                  "fuel_kind")
    invalid = [application[PROBLEMS][n] for n in co2_fields if n in application[PROBLEMS]]
    for rule in co2_rule.itertuples(index=False):
        if co2 is not None:
            results.append(RuleResult(rule.rule_id, rule.text_cn, INFO, round(co2, 1), None,
                                      f"年 CO₂ {co2:.1f} t, 强度 {intensity:.1f} kg/GJ", unit="t/a"))
        else:
            results.append(RuleResult(rule.rule_id, rule.text_cn, MISSING, None, None, "; ".join(invalid) or
                                      "缺少额定容量、设计效率、年运行小时或负荷率"))
    statuses = {r.status for r in results}
    decision = REJECTED if FAIL in statuses else INCOMPLETE if MISSING in statuses else APPROVED
    return AdmissionDecision("" if _blank(raw_id) else str(raw_id), decision, results, co2, intensity,
                             ref.version_stamp())
