"""The placeholder page renders and evaluates an upload (Streamlit AppTest, no browser)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).parent.parent


def test_page_renders_and_evaluates_an_upload(tmp_path, monkeypatch):
    monkeypatch.setenv("BOILERLAB_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert "数据库: 0 家使用单位" in app.caption[1].value
    assert not app.exception
    content = (Path(__file__).parent / "data" / "validation_gbt10180.csv").read_bytes()
    app.file_uploader(key="tests").set_value(("cases.csv", content, "text/csv")).run()
    assert not app.exception
    assert app.success[0].value == "已计算 3 行"
    table = app.dataframe[0].value
    # the IF97 region-1 case: 86.0210966 % (see tests/test_cli.py for its source)
    assert abs(table["正平衡效率 η₁ (%)"].iloc[0] - 86.0210966) < 1e-6


def test_unreadable_upload_shows_the_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("BOILERLAB_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    app.file_uploader(key="tests").set_value(("x.xlsx", b"not a workbook", "application/octet-stream")).run()
    assert "not a valid xlsx file" in app.error[0].value
