"""Streamlit glue shared by app.py and the pages: page set-up and navigation, the database, cached
views of the registry, and the widgets several pages repeat. No physics here: that is in boilerlab.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from boilerlab.analysis import charts, dashboard

from boilerlab.db import accounts, permissions, queries
from boilerlab.base.values import number_or_none as _number
from boilerlab.db import database_url
from boilerlab.base.reference import load_reference
from boilerlab.base.vocabulary import (BUREAU, codes, column, display_frame, display_table, heading, label, labels,
                                       shown_value)
from boilerlab.intake.files import table_bytes

ROOT = Path(__file__).resolve().parent
ROLES = tuple(codes("role"))
# code → Chinese label, for the pages' choice lists (the words come from the vocabulary)
KIND_CN, FIRING_CN, FUEL_CN, GRADE_CN = (labels(name) for name in ("boiler_kind", "combustion", "fuel_kind",
                                                                    "gb24500_grade"))
# Material Symbols ship with Streamlit (no emoji font needed on the clerks' machines)
PAGES = (("app.py", "首页", ":material/home:"), ("pages/1_efficiency_test.py", "能效测试", ":material/local_fire_department:"),
         ("pages/2_admission.py", "登记准入", ":material/assignment_turned_in:"),
         ("pages/3_dashboard.py", "双碳看板", ":material/monitoring:"),
         ("pages/4_registry.py", "设备台账", ":material/inventory_2:"),
         ("pages/5_reference.py", "参数库", ":material/library_books:"),
         ("pages/6_campaign.py", "专项检查", ":material/fact_check:"), ("pages/8_risk.py", "风险分类", ":material/shield:"),
         ("pages/9_monitoring.py", "在线监测", ":material/sensors:"),
         ("pages/7_audit.py", "审计日志", ":material/history:"))
#: Who may open each page (the sidebar lists only those); what a page lets one do is :func:`may`, and the library
#: checks every write again (boilerlab.db.permissions).
PAGE_ROLES = {"首页": ROLES, "能效测试": ("inspector", "manager"), "登记准入": ("clerk", "manager"),
              "双碳看板": ("manager",), "设备台账": ROLES, "参数库": ROLES, "专项检查": ("inspector", "manager"),
              "审计日志": ("manager", "admin"), "风险分类": ("manager",), "在线监测": ("manager",)}


#: The signed-in account's login name, in the browser session (a reload of the page asks to sign in again).
SIGNED_IN = "signed_in_login"


def idle_minutes() -> float:
    """Minutes without a click after which a session signs out: ``BOILERLAB_IDLE_MINUTES``, default 30."""
    return float(os.environ.get("BOILERLAB_IDLE_MINUTES", 30))


def page(title: str) -> None:
    """Page configuration, sign-in (nothing else shows before it), the sidebar navigation and the signed-in
    account; call first on every page."""
    st.set_page_config(page_title=f"{title} · boilerlab 锅炉能效", page_icon=":material/local_fire_department:", layout="wide")
    account = signed_in()
    if account is None:
        _sign_in_form()
        st.stop()
    with st.sidebar:
        st.markdown("**boilerlab 锅炉能效与排放工作台**")
        for path, link_text, icon in PAGES:
            if account.role in PAGE_ROLES[link_text]:
                st.page_link(path, label=link_text, icon=icon)
        st.divider()
        office = f" · {account.office}" if account.office else ""
        st.markdown(f"**{account.display_name}** ({label('role', account.role)}{office})  \n"
                    f"{heading('login', 'sign_in')} {account.login}")
        if st.button("退出登录", key=f"sign_out_{title}"):
            sign_out("已退出登录。")
            st.rerun()
        _change_password_form(account, title)
        st.caption(f"数据库: {_database_label(database_url())}")
    if accounts.demo_accounts_active(sessions()):
        st.warning("演示账户 (demo.*) 仍可登录, 仅供演示: 正式使用前请在命令行逐个停用 (见 README「账户与登录」)。")
    if account.role not in PAGE_ROLES[title]:
        st.title(title)
        st.error(f"「{title}」仅供{'、'.join(label('role', r) for r in PAGE_ROLES[title])}使用; 您的账户角色是"
                 f"{label('role', account.role)}。")
        st.stop()


def signed_in() -> accounts.SignedIn | None:
    """The account of this browser session, re-read on every run (a disabled account is signed out); None after
    ``idle_minutes`` without a run."""
    login = st.session_state.get(SIGNED_IN)
    if not login:
        return None
    now = time.monotonic()
    last = st.session_state.get("last_seen", now)
    if now - last > idle_minutes() * 60:
        sign_out(f"超过 {idle_minutes():g} 分钟未操作, 已自动退出登录, 请重新登录。")
        return None
    account = accounts.active_account(sessions(), login)
    if account is None:
        sign_out("该账户已停用, 请联系管理员。")
        return None
    st.session_state["last_seen"] = now
    st.session_state["signed_in_display"] = account.display_name
    st.session_state["signed_in_role"] = account.role
    st.session_state["signed_in_office"] = account.office
    return account


def sign_out(reason: str) -> None:
    for key in (SIGNED_IN, "last_seen", "signed_in_display", "signed_in_role", "signed_in_office"):
        st.session_state.pop(key, None)
    st.session_state["sign_out_reason"] = reason


def _sign_in_form() -> None:
    st.title("boilerlab 锅炉能效与排放工作台")
    st.caption(f"{BUREAU} 特种设备安全监察 · 锅炉能效与排放")
    reason = st.session_state.pop("sign_out_reason", None)
    if reason:
        st.info(reason)
    if not accounts.has_accounts(sessions()):
        st.warning("数据库中还没有账户。请先在命令行创建管理员账户 (密码从标准输入读取), 再登录:")
        st.code("python -m boilerlab user add admin --role admin --display 管理员 --password-stdin", language="bash")
        return
    with st.form("sign_in"):
        login = st.text_input(heading("login", "sign_in"), key="sign_in_login")
        password = st.text_input(heading("password", "sign_in"), type="password", key="sign_in_password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        try:
            account = accounts.sign_in(sessions(), login.strip(), password)
        except accounts.LoginRefused as refused:
            st.error(str(refused))
        else:
            st.session_state[SIGNED_IN] = account.login
            st.session_state["last_seen"] = time.monotonic()
            st.rerun()


def _change_password_form(account: accounts.SignedIn, title: str) -> None:
    with st.expander("修改密码"), st.form(f"password_{title}", clear_on_submit=True):
        old = st.text_input("原密码", type="password", key=f"pw_old_{title}")
        new = st.text_input(f"新密码 (至少 {accounts.PASSWORD_MIN_LENGTH} 个字符)", type="password", key=f"pw_new_{title}")
        again = st.text_input("再次输入新密码", type="password", key=f"pw_again_{title}")
        if st.form_submit_button("修改密码"):
            if new != again:
                st.error("两次输入的新密码不一致")
                return
            try:
                accounts.sign_in(sessions(), account.login, old)
                accounts.set_password(sessions(), account.login, new, who=account.login)
            except accounts.LoginRefused:
                st.error("原密码不正确")
            except accounts.AccountError as problem:
                st.error(str(problem))
            else:
                st.success("密码已修改")


def _database_label(url: str) -> str:
    return url.split("///")[-1] if url.startswith("sqlite") else url.split("@")[-1]


def reports_dir() -> Path:
    """Where generated reports are kept: ``BOILERLAB_REPORTS_DIR`` or ``reports/`` (git-ignored)."""
    return Path(os.environ.get("BOILERLAB_REPORTS_DIR") or ROOT / "reports")


def who() -> str:
    """The signed-in account's login name, as the audit log records it."""
    return st.session_state.get(SIGNED_IN, "")


def display_name() -> str:
    """The signed-in person's name as documents print it (张三, not the login name)."""
    return st.session_state.get("signed_in_display", "")


def role() -> str:
    """The signed-in account's role (vocabulary code list ``role``)."""
    return st.session_state.get("signed_in_role", "")


def office() -> str | None:
    """The signed-in account's office (监管所), if it has one."""
    return st.session_state.get("signed_in_office")


def may(permission: str) -> bool:
    """Whether the signed-in account's role holds ``permission`` (a page offers an action only then)."""
    return permissions.may(role(), permission)


def own_office(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` (with an ``office`` column) an inspector may act on: the own office's; all for others."""
    if role() == "inspector":
        return frame[frame["office"] == office()]
    return frame


def only_for(permission: str, action: str | None = None) -> None:
    """Say, where an action would be, who may take it (``action`` names it when it is not the permission itself)."""
    st.caption(f"{action or label('permission', permission)}限{permissions.needed_roles(permission)}"
               f"; 您的账户角色是{label('role', role())}。")


def flash(place: str, message: str) -> None:
    """A success message to show at ``place`` after the rerun that follows a write."""
    st.session_state.setdefault("flash", {})[place] = message


def show_flash(place: str) -> None:
    """Show (once) the message :func:`flash` left for ``place``."""
    message = st.session_state.get("flash", {}).pop(place, None)
    if message:
        st.success(message)


@st.cache_resource
def _sessions(url: str):
    from boilerlab.db import make_engine, session_factory, upgrade

    upgrade(url)
    return session_factory(make_engine(url))


def sessions():
    """The session factory of the configured database (migrated on first use)."""
    return _sessions(database_url())


def data_version() -> int:
    """The database's data version (:func:`boilerlab.db.queries.data_version`): part of every cached view's key."""
    return queries.data_version(sessions())


# Views are cached per data version: built once, read again only after a write (in any process). The
# bounded entry count keeps old versions from piling up in memory.
@st.cache_data(max_entries=8, show_spinner="读取台账…")
def _units(url: str, version: int) -> pd.DataFrame:
    return queries.units_frame(_sessions(url))


@st.cache_data(max_entries=8, show_spinner="读取台账…")
def _boilers(url: str, version: int) -> pd.DataFrame:
    return queries.boilers_frame(_sessions(url))


@st.cache_data(max_entries=64, show_spinner="读取测试记录…")
def _tests(url: str, version: int, device_code: str | None) -> pd.DataFrame:
    return queries.tests_frame(_sessions(url), device_code)


@st.cache_data(max_entries=8, show_spinner="计算 CO₂…")
def _co2_records(url: str, version: int, reference_versions: str) -> pd.DataFrame:
    return dashboard.co2_records(queries.fuel_use_frame(_sessions(url)))


@st.cache_data(max_entries=16, show_spinner="计算节能潜力…")
def _potential(url: str, version: int, test_ids: tuple[str, ...] | None, hours: float,
               prices: tuple[tuple[str, float], ...], reference_versions: str) -> tuple[pd.DataFrame, pd.DataFrame, set]:
    """Measures and best measure of the given tests — of every boiler's latest graded test when None — and the
    ids of the tests computed."""
    if test_ids is None:
        test_ids = tuple(dashboard.worst_boilers(queries.tests_frame(_sessions(url)), count=None)["test_id"])
    inputs = queries.test_inputs(_sessions(url), list(test_ids))
    return (*dashboard.potential_of(inputs, hours=hours, fuel_price=dict(prices) or None), set(test_ids))


@st.cache_data(max_entries=16, show_spinner="读取专项检查…")
def _campaign_frames(url: str, version: int, name: str) -> dict:
    from boilerlab.db.campaigns import campaign_frames

    return campaign_frames(_sessions(url), name=name)


@st.cache_data(max_entries=16, show_spinner="统计专项检查…")
def _campaign_report(url: str, version: int, name: str, as_of: date):
    from boilerlab.documents.campaign_report import build_report

    return build_report(_campaign_frames(url, version, name), as_of)


@st.cache_data(max_entries=8, show_spinner="读取信用风险分类…")
def _risk(url: str, version: int, run_id: int | None) -> pd.DataFrame:
    from boilerlab.db.risk import classification

    return classification(_sessions(url), run_id)


def risk(run_id: int | None = None) -> pd.DataFrame:
    """The units' credit-risk classes of a run (the latest by default; :func:`boilerlab.db.risk.classification`)."""
    return _risk(database_url(), data_version(), run_id)


@st.cache_data(max_entries=4, show_spinner="统计在线监测…")
def _monitoring_summary(url: str, version: int, years: tuple[int, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    from datetime import datetime

    from boilerlab.db.monitoring import district_summary

    if not years:
        return district_summary(_sessions(url))
    return district_summary(_sessions(url), start=datetime(min(years), 1, 1), end=datetime(max(years) + 1, 1, 1))


@st.cache_data(max_entries=16, show_spinner="读取小时数据…")
def _monitoring_hours(url: str, version: int, device_code: str) -> pd.DataFrame:
    from boilerlab.db.monitoring import boiler_hours

    return boiler_hours(_sessions(url), device_code)


def monitoring_summary(years: tuple[int, ...] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The district's monitored boilers and drift alerts (:func:`boilerlab.db.monitoring.district_summary`), over
    the hours from the first to the last of ``years`` (all hours when none). Years that hold every stored hour give
    the whole summary, already made (a year filter on the dashboard then costs nothing)."""
    from datetime import datetime

    url, version = database_url(), data_version()
    whole = _monitoring_summary(url, version, ())
    if not years or whole[0].empty:
        return whole
    if (whole[0]["first_hour"].min() >= datetime(min(years), 1, 1)
            and whole[0]["last_hour"].max() < datetime(max(years) + 1, 1, 1)):
        return whole
    return _monitoring_summary(url, version, tuple(sorted(years)))


def monitoring_hours(device_code: str) -> pd.DataFrame:
    """A boiler's stored hours (:func:`boilerlab.db.monitoring.boiler_hours`), cached per data version."""
    return _monitoring_hours(database_url(), data_version(), device_code)


def campaign_frames(name: str) -> dict:
    """The campaign's plan, inspections, findings … (:func:`boilerlab.db.campaigns.campaign_frames`), cached."""
    return _campaign_frames(database_url(), data_version(), name)


def campaign_report(name: str, as_of: date):
    """The campaign report's tables, charts and figures as of ``as_of``
    (:func:`boilerlab.documents.campaign_report.build_report`), cached per data version and date."""
    return _campaign_report(database_url(), data_version(), name, as_of)


@st.cache_data(max_entries=8, show_spinner="读取场车台账…")
def _vehicles(url: str, version: int, as_of: date) -> pd.DataFrame:
    from boilerlab.analysis.vehicle_notice import problem_text
    from boilerlab.db.vehicles import checked_vehicles

    checked = checked_vehicles(_sessions(url), as_of)
    return checked.assign(problem_text=checked["problems"].map(problem_text))


@st.cache_data(max_entries=8, show_spinner="编制通报…")
def _vehicle_notice_files(url: str, version: int, period: str) -> tuple[tuple[str, bytes], ...]:
    import tempfile

    from boilerlab.documents.vehicle_notice import write_notice

    with tempfile.TemporaryDirectory() as folder:
        return tuple((path.name, path.read_bytes()) for path in write_notice(_sessions(url), period, Path(folder)))


def vehicles(as_of: date | None = None) -> pd.DataFrame:
    """The in-plant vehicles checked as of ``as_of`` (default today; :func:`boilerlab.db.vehicles.checked_vehicles`),
    with their problems in Chinese (``problem_text``)."""
    return _vehicles(database_url(), data_version(), as_of or date.today())


def past_quarters(first: str = "2019Q1") -> list[str]:
    """The quarters a notification may be made for, the last ended one first, back to ``first`` (the register holds
    years of vehicles: a district may notify, or re-issue, an old quarter)."""
    ended = pd.Timestamp.today().to_period("Q") - 1
    return [f"{p.year}Q{p.quarter}" for p in pd.period_range(start=first, end=ended, freq="Q")][::-1]


def vehicle_notice_files(period: str) -> tuple[tuple[str, bytes], ...]:
    """The notification of a quarter as (file name, bytes) of its DOCX letter and XLSX workbook."""
    return _vehicle_notice_files(database_url(), data_version(), period)


def units(url: str) -> pd.DataFrame:
    return _units(url, data_version())


def boilers(url: str) -> pd.DataFrame:
    return _boilers(url, data_version())


def tests(url: str, device_code: str | None = None) -> pd.DataFrame:
    return _tests(url, data_version(), device_code)


def co2_records(url: str, reference_versions: str) -> pd.DataFrame:
    """CO₂ of every monthly fuel record; the reference versions are part of the cache key."""
    return _co2_records(url, data_version(), reference_versions)


def potential(url: str, test_ids: tuple[str, ...], hours: float, prices: tuple[tuple[str, float], ...],
              reference_versions: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Saving potential of the given stored tests (:func:`boilerlab.analysis.dashboard.potential_of`). Computed
    once per data version for the latest graded test of every boiler, so that a filter only selects from it."""
    version = data_version()
    measures, best, computed = _potential(url, version, None, hours, prices, reference_versions)
    missing = tuple(sorted(set(test_ids) - computed))  # e.g. a boiler's latest test of an earlier year
    if missing:
        more = _potential(url, version, missing, hours, prices, reference_versions)
        measures, best = pd.concat([measures, more[0]]), pd.concat([best, more[1]])
    wanted = set(test_ids)
    return (measures[measures["test_id"].isin(wanted)].reset_index(drop=True),
            best[best["test_id"].isin(wanted)].reset_index(drop=True))


def data_changed() -> None:
    """Forget cached views after a write (the data version would do it too; this frees the memory at once)."""
    for view in (_units, _boilers, _tests, _co2_records, _potential, _campaign_frames, _campaign_report, _risk,
                 _monitoring_summary, _monitoring_hours, _vehicles, _vehicle_notice_files):
        view.clear()


def fuel_choices() -> list[str]:
    """The fuels of the fuel library in use (an added fuel included), in the vocabulary's order."""
    library = load_reference().table("fuels")["fuel_kind"].dropna().unique().tolist()
    known = [code for code in codes("fuel_kind") if code in library]
    return known + sorted(code for code in library if code not in known)


def town_choices() -> list[str]:
    """The district's towns (街道, 镇 and 莘庄工业区) of the ``towns`` reference table, in its order."""
    return load_reference().table("towns")["town"].tolist()


def reference_versions() -> str:
    return load_reference().version_stamp()


#: The XLSX sheet that keeps a download's interchange column names and codes, so the file can be read back.
INTERCHANGE_SHEET = "交换格式"


def downloads(frame: pd.DataFrame, name: str, key: str, sheet: str = "数据", context: str | None = None) -> None:
    """CSV and XLSX download buttons for ``frame`` as a person reads it (Chinese headers with units, Chinese values,
    the vocabulary's decimals); the XLSX file keeps the interchange names and codes on a second sheet
    (:data:`INTERCHANGE_SHEET`). Formula-neutralised."""
    labelled = all(column(str(name), context) is None for name in frame.columns)  # a report's table: Chinese already
    shown = frame if labelled else display_frame(frame, context=context)
    more = {} if labelled else {INTERCHANGE_SHEET: frame}
    left, right = st.columns(2)
    # the files are made when a button is pressed, not on every rerun: a page with ten downloads stays quick
    left.download_button("下载 CSV", lambda: table_bytes(shown, "csv"), file_name=f"{name}.csv", mime="text/csv",
                         key=f"{key}_csv", help="中文列名与取值", on_click="ignore")
    right.download_button("下载 XLSX", lambda: table_bytes(shown, "xlsx", sheet_name=sheet, more_sheets=more),
                          file_name=f"{name}.xlsx", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
                          help=f"第一页中文; 「{INTERCHANGE_SHEET}」页为交换列名与代码, 可重新导入")


def fmt(value: Any, digits: int = 2, unit: str = "") -> str:
    """A number for display ('—' when missing)."""
    number = _number(value)
    return "—" if number is None else f"{number:.{digits}f}{(' ' + unit) if unit else ''}"


def show_result(result: Mapping[str, Any], key: str) -> None:
    """One evaluated test: both methods, the losses, the grade against its bands, emissions, CO₂, the Sankey."""
    if result.get("error"):
        st.error(f"该行无法计算: {result['error']}")
        return
    grade = str(result.get("gb24500_grade") or "")
    cols = st.columns([1, 1, 1.2, 1.3, 1])
    for place, name, digits in ((cols[0], "eta_direct_pct", 2), (cols[1], "eta_indirect_pct", 2),
                                (cols[2], "method_deviation_pct", 2)):
        place.metric(heading(name), fmt(result.get(name), digits))
    cols[3].metric(heading("gb24500_grade"), label("gb24500_grade", grade or None),
                   help=f"{heading('eta_governing_pct')}: {fmt(result.get('eta_governing_pct'))} "
                        f"({label('governing_method', result.get('governing_method'))}), "
                        f"{heading('gb24500_limit_pct')}: {fmt(result.get('gb24500_limit_pct'), 1)}")
    cols[4].metric(heading("co2_kg_h"), fmt(result.get("co2_kg_h"), 1),
                   help=f"{heading('co2_intensity_kg_gj')}: {fmt(result.get('co2_intensity_kg_gj'), 1)}; "
                        f"{label('co2_method', result.get('co2_method'))}")
    texts = [text for text in str(result.get("warnings") or "").split("; ") if text]
    if texts:  # one box: a long list of warnings must not bury the result above
        with st.expander(f"计算说明与警告 ({len(texts)} 条)", expanded=False):
            st.warning("\n".join(f"- {text}" for text in texts))
    left, right = st.columns(2)
    with left:
        names = [name for name, _ in charts.LOSSES] + ["excess_air_ratio", "heat_output_kw"]
        losses = pd.DataFrame([(heading(name), shown_value(name, result.get(name))) for name in names],
                              columns=["项目", "数值"])
        st.markdown("**热损失分项 (反平衡, 占输入热量 %)**")
        st.dataframe(losses, hide_index=True, key=f"{key}_losses")
        thresholds = charts.grade_thresholds(result)
        st.plotly_chart(charts.grade_bands(_number(result.get("eta_governing_pct")), thresholds), key=f"{key}_grade")
    with right:
        st.plotly_chart(charts.sankey(result), key=f"{key}_sankey")
    emissions = charts.emissions_table(result)
    if not emissions.empty:
        left, right = st.columns(2)
        left.plotly_chart(charts.emissions_chart(result), key=f"{key}_emissions")
        right.dataframe(display_table(emissions), hide_index=True, key=f"{key}_emission_table")
        right.caption(f"{heading('emission_limit_basis')}: {result.get('emission_limit_basis') or '—'}")


def boiler_labels(boilers: pd.DataFrame) -> dict[str, str]:
    """Device code → the label a boiler picker shows, for every row (records, not iterrows: thousands of boilers)."""
    return {row["device_code"]: boiler_label(row) for row in boilers.to_dict("records")}


def boiler_label(row: Mapping[str, Any]) -> str:
    capacity = (f"{row['rated_capacity_t_h']:g} t/h" if pd.notna(row.get("rated_capacity_t_h")) else
                f"{row['rated_capacity_mw']:g} MW" if pd.notna(row.get("rated_capacity_mw")) else "")
    return (f"{row['device_code']} · {row['unit_name']} · {label('boiler_kind', row['boiler_kind'])} "
            f"{label('fuel_kind', row['fuel_kind'])} {capacity}")
