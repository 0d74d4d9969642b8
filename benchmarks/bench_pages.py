"""Benchmark: how fast each workbench page answers on the demo district — the first render of a fresh process
(empty caches), a warm render (a second browser session: the caches filled), and the page's main interaction
(a filter change, choosing a boiler, choosing a campaign …), measured headless with Streamlit's AppTest.

Targets (issue 13, item 6): ≤ 2 s warm per page and ≤ 1 s per interaction on the demo district; issue 16: one
boiler-year of online data shown in ≤ 2 s (the 在线监测 page's interaction). Prints the
figures; nothing asserts. Each page runs in a process of its own so that its first render really starts cold.

    python benchmarks/bench_pages.py [--database URL] [--scale N]

``--scale N`` builds the demo district N times over (N seeds, device codes kept apart) — the "ten times the
demo" figure is ``--scale 10``; without ``--database`` a fresh SQLite file is built. The pages are opened signed
in as the demo's ``demo.manager``, whose role opens every page (a ``--database`` of your own needs that account).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _interaction(page: str):
    """The page's main interaction: a function of the AppTest that changes one widget and reruns."""
    def choose(app, key, index=0):
        return app.selectbox(key=key).select_index(index)

    if page == "4_registry.py":
        return "show one boiler's history", _show_first_boiler()
    if page == "9_monitoring.py":
        return "show another boiler's year of hours", _show_second_monitored_boiler()
    return {
        "app.py": ("(none: the home page has no control)", None),
        "1_efficiency_test.py": ("choose a stored test in 测试报告", lambda app: choose(app, "report_choice", 1)),
        "2_admission.py": ("bring in a registered boiler", lambda app: choose(app, "adm_boiler", 1)),
        "3_dashboard.py": ("filter one year", lambda app: app.multiselect(key="f_years").select(
            app.multiselect(key="f_years").options[-1])),
        "5_reference.py": ("open another reference table", lambda app: app.selectbox(key="ref_table").set_value(
            app.selectbox(key="ref_table").options[-1])),
        "6_campaign.py": ("choose another campaign", lambda app: app.sidebar.selectbox(key="campaign_name").set_value(
            app.sidebar.selectbox(key="campaign_name").options[-1])),
        "7_audit.py": ("(none measured)", None),
        "8_risk.py": ("(none measured)", None),
    }[page]


def _show_first_boiler():
    """Choosing the registry's first boiler (AppTest sets a formatted selectbox by its value). Its device code is
    read here, before the clock starts: the reading is the benchmark's, not the page's."""
    from boilerlab.db import database_url, make_engine, queries, session_factory

    code = str(queries.boilers_frame(session_factory(make_engine(database_url())))["device_code"].iloc[0])
    return lambda app: app.selectbox(key="reg_boiler").set_value(code)


def _show_second_monitored_boiler():
    """Choosing the second monitored boiler on 在线监测 (one boiler-year of hours drawn), read before the clock."""
    from boilerlab.db import database_url, make_engine, session_factory
    from boilerlab.db.monitoring import monitored_boilers

    code = str(monitored_boilers(session_factory(make_engine(database_url())))["device_code"].iloc[1])
    return lambda app: app.selectbox(key="monitoring_boiler").set_value(code)


def measure(page: str) -> dict:
    """Seconds of the cold render, the warm render and the main interaction of one page (in this process)."""
    from streamlit.testing.v1 import AppTest

    def open_page():
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        app.session_state["signed_in_login"] = "demo.manager"  # ui.SIGNED_IN: the demo's manager opens every page
        started = time.perf_counter()
        app.run()
        if page != "app.py":
            app.switch_page(f"pages/{page}").run()
        if app.exception:
            raise RuntimeError(f"{page}: {app.exception[0].message}")
        return app, time.perf_counter() - started

    _, cold = open_page()
    app, warm = open_page()
    what, act = _interaction(page)
    interaction = None
    if act is not None:
        started = time.perf_counter()
        act(app).run()
        interaction = time.perf_counter() - started
        if app.exception:
            raise RuntimeError(f"{page}: {app.exception[0].message}")
    return {"page": page, "cold": cold, "warm": warm, "interaction": interaction, "what": what}


def district_copy(frames: dict, copy: int) -> dict:
    """The demo district's frames as another district's: new credit codes (well-formed), device codes,
    registration numbers and test ids, so that copies can be imported side by side (copy 0 is the demo itself)."""
    import numpy as np

    from boilerlab.demo import district

    if copy == 0:
        return frames
    rng = np.random.default_rng(10_000 + copy)
    codes = {}
    for old in frames["units"]["credit_code"]:
        new = district._credit_code(rng, old[:2])
        while new in codes.values():
            new = district._credit_code(rng, old[:2])
        codes[old] = new
    devices = {old: f"{old[:-4]}{int(old[-4:]) + 100 * copy:04d}" for old in frames["boilers"]["device_code"]}

    def registration(number: str) -> str:
        return re.sub(r"M(\d{5})", lambda m: f"M{int(m.group(1)) + 10_000 * copy:05d}", number)

    def test_id(old: str) -> str:
        year, number = old.split("-")
        return f"{year}-{int(number) + 1_000 * copy:05d}"

    units = frames["units"].assign(credit_code=lambda f: f["credit_code"].map(codes))
    boilers = frames["boilers"].assign(credit_code=lambda f: f["credit_code"].map(codes),
                                       device_code=lambda f: f["device_code"].map(devices),
                                       registration_no=lambda f: f["registration_no"].map(registration))
    tests = frames["tests"].assign(boiler_id=lambda f: f["boiler_id"].map(devices),
                                   test_id=lambda f: f["test_id"].map(test_id))
    fuel_use = frames["fuel_use"].assign(boiler_id=lambda f: f["boiler_id"].map(devices))
    return {"units": units, "boilers": boilers, "tests": tests, "fuel_use": fuel_use}


def build(url: str, scale: int) -> None:
    """The demo district (``scale`` copies of it side by side) and its 2024 campaign, imported as uploads are."""
    from boilerlab.db import make_engine, session_factory, upgrade
    from boilerlab.db.monitoring import import_monitoring
    from boilerlab.db.risk import classify_units
    from boilerlab.demo.campaign import STATUS_DATE, load_demo_campaign
    from boilerlab.demo.monitoring import monitoring_export
    from boilerlab.demo.district import generate_demo
    from boilerlab.db.accounts import add_demo_accounts
    from boilerlab.db.imports import import_file
    from boilerlab.db.permissions import Loader

    bench = Loader("bench")  # the benchmark's own data, written as the installation (not a person)

    upgrade(url)
    sessions = session_factory(make_engine(url))
    started = time.perf_counter()
    demo = generate_demo(2024)
    for copy in range(scale):
        frames = district_copy(demo, copy)
        for kind, key in (("units", "units"), ("boilers", "boilers"), ("tests", "tests"), ("fuel-use", "fuel_use")):
            report = import_file(sessions, kind, frames[key].to_csv(index=False).encode("utf-8"),
                                 f"bench-{kind}-{copy}.csv", who=bench)
            if report.exit_code:
                print(f"copy {copy}, {kind}: {report.summary()}")
    load_demo_campaign(sessions, year=2024, seed=2024, who=bench)
    for copy in range(scale):  # a year of online data of twenty key boilers per copy
        frames = district_copy(demo, copy)
        export = monitoring_export(frames["boilers"], frames["units"], frames["tests"], 2024)
        import_monitoring(sessions, export.to_csv(index=False).encode("utf-8"), f"bench-monitoring-{copy}.csv",
                          who=bench)
    classify_units(sessions, STATUS_DATE, who=bench)
    add_demo_accounts(sessions, who=bench)
    print(f"demo district ×{scale} loaded in {time.perf_counter() - started:.1f} s (not part of the figures)")


PAGES = ("app.py", "1_efficiency_test.py", "2_admission.py", "3_dashboard.py", "4_registry.py", "5_reference.py",
         "6_campaign.py", "7_audit.py", "8_risk.py", "9_monitoring.py")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a database to open (default: build the demo district)")
    parser.add_argument("--scale", type=int, default=1, help="build the demo district this many times over")
    parser.add_argument("--page", help=argparse.SUPPRESS)  # one page in a child process
    args = parser.parse_args()
    if args.page:
        print(json.dumps(measure(args.page)))
        return
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'bench.db'}"
        if not args.database:
            build(url, args.scale)
        environment = dict(os.environ, BOILERLAB_DATABASE_URL=url, BOILERLAB_REPORTS_DIR=str(Path(folder) / "reports"))
        print(f"{'page':<22} {'first':>8} {'warm':>8} {'interaction':>12}   (targets: warm ≤ 2 s, interaction ≤ 1 s)")
        for page in PAGES:
            run = subprocess.run([sys.executable, __file__, "--page", page], env=environment, capture_output=True,
                                 text=True, check=False)
            if run.returncode:
                print(f"{page:<22} failed: {run.stderr.strip().splitlines()[-1] if run.stderr.strip() else run.returncode}")
                continue
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            interaction = "—" if figures["interaction"] is None else f"{figures['interaction']:.2f} s"
            print(f"{page:<22} {figures['cold']:6.2f} s {figures['warm']:6.2f} s {interaction:>12}   {figures['what']}")


if __name__ == "__main__":
    main()
