"""The language check on the tables of every page (issue 13, item 7): ``st.dataframe`` draws its cells on a canvas,
out of the browser's text (tests/browser/test_page_language.py reads the rest), so here the frames each page hands to
its tables and static tables — column headers and every cell — are scanned after the page's main interaction.

The 参数库's table editor is left out: it shows a reference file as stored (interchange column names, English
notes), so that an edited table round-trips."""

import logging
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from boilerlab.db.queries import tests_frame as stored_tests  # not collected as a test
from tests.language import foreign_text
from ui import SIGNED_IN

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "data" / "validation_gbt10180.csv"


def _efficiency(app, demo_url):
    app.file_uploader(key="tests_file").set_value(("cases.csv", CASES.read_bytes(), "text/csv")).run()


def _admission(app, demo_url):
    app.text_input(key="adm_application_id").set_value("DJ-2026-011")
    app.number_input(key="adm_rated_capacity_mw").set_value(2.8)
    app.number_input(key="adm_design_efficiency_pct").set_value(91)
    next(b for b in app.button if b.label == "审查").click().run()


def _registry(app, demo_url):
    from boilerlab.db import make_engine, session_factory

    engine = make_engine(demo_url)
    tests = stored_tests(session_factory(engine))
    engine.dispose()
    app.selectbox(key="reg_boiler").set_value(tests["device_code"].value_counts().index[0]).run()


def _risk(app, demo_url):
    """The first D-class unit's points and history."""
    unit = app.selectbox(key="risk_unit")
    unit.set_value(next(o.split(" · ")[-1] for o in unit.options if "D类" in o)).run()


PAGES = {"1_efficiency_test.py": _efficiency, "2_admission.py": _admission, "3_dashboard.py": None,
         "4_registry.py": _registry, "5_reference.py": None, "6_campaign.py": None, "7_audit.py": None,
         "8_risk.py": _risk, "9_monitoring.py": None}


#: Who reads each page: the role it is for (the manager where several roles may).
USER = {"1_efficiency_test.py": "demo.inspector", "2_admission.py": "demo.clerk", "3_dashboard.py": "demo.manager",
        "4_registry.py": "demo.manager", "5_reference.py": "demo.admin", "6_campaign.py": "demo.manager",
        "7_audit.py": "demo.manager", "8_risk.py": "demo.manager", "9_monitoring.py": "demo.manager"}


def _cells(frame: pd.DataFrame) -> str:
    """Headers and cells; a blank cell is left out (the table's format draws it as —, and test_display checks that)."""
    headers = [str(c) for c in frame.columns] + [str(i) for i in frame.index.names if i is not None]
    cells = frame.reset_index(drop=frame.index.name is None).to_numpy(dtype=object).ravel()
    return "\n".join(headers + [str(v) for v in cells if not (v is None or (not isinstance(v, str) and pd.isna(v)))])


@pytest.mark.parametrize("page", list(PAGES))
def test_every_table_on_every_page_is_in_chinese(demo_url, page, caplog):
    caplog.set_level(logging.WARNING, logger="boilerlab.base.vocabulary")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.session_state[SIGNED_IN] = USER[page]  # the role the page is for
    app.run()
    app.switch_page(f"pages/{page}").run()
    if PAGES[page] is not None:
        PAGES[page](app, demo_url)
    assert not app.exception, app.exception
    frames = [d.value for d in app.dataframe if "source_document" not in d.value.columns]  # not the table editor
    frames += [t.value for t in app.table]
    assert frames, f"{page}: no table was read"
    problems = [f"{page}, table {number} ({', '.join(map(str, frame.columns[:3]))} …): {found}"
                for number, frame in enumerate(frames, 1) for found in foreign_text(_cells(frame))]
    assert not problems, "\n".join(problems)
    # a header the vocabulary does not know stays its code — in a table or in a download's file, made beforehand
    unnamed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("no Chinese label")]
    assert not unnamed, f"{page}: {unnamed}"


def test_no_list_offers_streamlit_s_own_english_select_all():
    """st.multiselect adds "Select all" / "Select N matches" (English, Streamlit's own words) atop an open list unless
    told not to; every list here starts as 全部 and is narrowed, so none offers it."""
    import ast

    calls = [(path.name, node) for path in [*sorted((ROOT / "pages").glob("*.py")), ROOT / "ui.py"]
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "multiselect"]
    offering = [(name, node.lineno) for name, node in calls
                if not any(k.arg == "select_all" and isinstance(k.value, ast.Constant) and k.value.value is False
                           for k in node.keywords)]
    assert calls and not offering, offering
