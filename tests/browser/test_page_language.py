"""The language check in the browser (issue 13, item 7): every page's visible text after its main interaction carries
no vocabulary code and no English sentence (:mod:`tests.language`). A screenshot of each view read is kept under
test-results/screenshots/ as the run's artefact, found or not.

The visible text is the page's ``innerText`` without the names of Material icons (``:material/search:`` is drawn
as the glyph of the word "search"). The cells of ``st.dataframe`` are drawn on a canvas, out of the browser's text:
tests/app/test_table_language.py checks the frames each page hands to its tables."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.language import foreign_text

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"

#: The page text a person reads, icon names dropped (the data grids, drawn on a canvas, are checked by
#: tests/app/test_table_language.py on the frames the pages hand them).
VISIBLE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  const skipped = "[data-testid='stIconMaterial'], [data-testid='stDataFrame'], script, style";
  copy.querySelectorAll(skipped).forEach(e => e.remove());
  copy.style.position = "absolute"; copy.style.left = "-99999px";
  document.body.appendChild(copy);
  const shown = copy.innerText;
  copy.remove();
  return shown;
}"""


def _efficiency(page, read):
    """Upload the page's own template (the result with its warnings), then open the report tab."""
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="下载模板 XLSX").click()
    content = open(download.value.path(), "rb").read()
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").first.click()
    chooser.value.set_files(files=[{"name": "模板.xlsx", "mimeType": "application/octet-stream", "buffer": content}])
    expect(page.get_by_text("已计算 1 行")).to_be_visible(timeout=60_000)
    for summary in page.get_by_test_id("stExpander").locator("summary").all():  # the grouped warnings are read too
        if summary.is_visible():
            summary.click()
    read()
    page.get_by_role("tab", name="测试报告").click()
    expect(page.get_by_role("button", name="生成能效测试报告 (DOCX + XLSX)")).to_be_visible(timeout=30_000)


def _admission(page, read):
    page.get_by_label("申请编号").fill("DJ-2026-010")
    page.get_by_label("额定热功率 [MW]").fill("2.8")
    page.get_by_role("button", name="审查").click()
    expect(page.get_by_text("审查结论:")).to_be_visible(timeout=30_000)


def _dashboard(page, read):
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)


def _tables_shown(page, read):
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=60_000)


def _campaign(page, read):
    """Every tab in turn (an inactive tab's text is hidden): the campaign's, the risk classes'."""
    tabs = page.get_by_role("tab").all()
    for tab in tabs[1:]:
        read()
        tab.click()


def _audit(page, read):
    page.get_by_role("button", name="校验审计链").click()
    expect(page.get_by_text("审计链完整")).to_be_visible(timeout=60_000)


PAGES = {"home": ("", None), "efficiency_test": ("efficiency_test", _efficiency),
         "admission": ("admission", _admission), "dashboard": ("dashboard", _dashboard),
         "registry": ("registry", _tables_shown), "reference": ("reference", _tables_shown),
         "campaign": ("campaign", _campaign), "risk": ("risk", _campaign),
         "monitoring": ("monitoring", _campaign), "audit": ("audit", _audit)}
#: Who reads each page: the role it is for, where its actions show (the manager elsewhere).
READER = {"efficiency_test": "demo.inspector", "admission": "demo.clerk", "reference": "demo.admin"}


def _screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main section, so the window is made as tall as the content."""
    size = page.viewport_size
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll(\"[data-testid='stMain'], "
                           "[data-testid='stAppViewContainer'], [data-testid='stMainBlockContainer']\")]"
                           ".map(e => e.scrollHeight), 0)")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 80, 9000))})
    page.wait_for_timeout(500)  # the layout settles at the new height
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_shows_only_chinese(app_server, page, ready, name):
    path, interact = PAGES[name]
    texts = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    login = READER.get(name, "demo.manager")

    def read():  # the view's text, and its screenshot kept as the run's artefact
        ready(page, login)
        expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=30_000)  # every element drawn
        texts.append(page.evaluate(VISIBLE_TEXT))
        _screenshot(page, SCREENSHOTS / f"{name}-{len(texts)}.png")

    page.goto(f"{app_server['url']}/{path}")
    ready(page, login)
    if interact is not None:
        interact(page, read)
    read()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert all(len(text) > 200 for text in texts)  # each view was read
    found = sorted({item for text in texts for item in foreign_text(text)})
    assert not found, f"page {name}:\n" + "\n".join(found)
