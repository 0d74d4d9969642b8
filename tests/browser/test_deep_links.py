"""Every page opens by its deep link on a freshly started server (this module's own server; nothing has
visited the root first) and shows its title with no exception."""

from playwright.sync_api import expect

PAGES = {"efficiency_test": "能效测试", "admission": "登记准入", "dashboard": "双碳看板", "registry": "设备台账",
         "reference": "参数库", "campaign": "专项检查", "risk": "风险分类", "monitoring": "在线监测",
         "audit": "审计日志"}


def test_each_page_opens_by_its_deep_link_on_a_fresh_server(app_server, page, ready):
    for path, title in PAGES.items():
        page.goto(f"{app_server['url']}/{path}")
        ready(page)
        expect(page.locator("h1").first).to_contain_text(title, timeout=30_000)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        # the sidebar is ours (Chinese labels), not Streamlit's list of file names
        expect(page.get_by_test_id("stSidebar").get_by_role("link", name="首页")).to_be_visible()
