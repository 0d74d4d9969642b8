"""The 审计日志 page (issue 14, item 4): managers and administrators read the audit log with Chinese actions and
objects, filter it, export it and verify the chain; other roles are refused."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from boilerlab.base.vocabulary import heading
from ui import SIGNED_IN

ROOT = Path(__file__).resolve().parents[2]


def _audit_page(login: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.session_state[SIGNED_IN] = login
    app.run()
    app.switch_page("pages/7_audit.py").run()
    assert not app.exception, app.exception
    return app


def test_a_manager_reads_filters_and_verifies_the_audit_log(demo_url):
    app = _audit_page("demo.manager")
    entries = app.dataframe[0].value
    action, target = heading("action", "audit"), heading("table_name", "audit")
    assert len(entries) == 5000 and {"新增", "修改"} <= set(entries[action])  # the newest 5000, labelled
    assert not {"insert", "update", "finding"} & (set(entries[action]) | set(entries[target]))
    app.multiselect(key="audit_actions").set_value(["draw"]).run()
    drawn = app.dataframe[0].value
    assert drawn[action].tolist() == ["抽取检查名单"] and drawn[target].tolist() == ["专项检查"]
    next(b for b in app.button if b.label == "校验审计链").click().run()
    assert app.success[0].value.startswith("审计链完整: 共 ")
    assert app.success[1].value.startswith("测试记录与审计记录一致: 核对 ") and "未核对" not in app.success[1].value


def test_a_clerk_is_refused(demo_url):
    app = _audit_page("demo.clerk")
    assert app.error[0].value == "「审计日志」仅供管理人员、系统管理员使用; 您的账户角色是登记审查人员。"
    assert not app.dataframe
