"""Signing in, in a real browser (issue 14, item 2): nothing but the form before it, one answer for a wrong
password, the account named in the sidebar once in, and signing out back to the form."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in, wait_for_script


def test_sign_in_refuse_a_wrong_password_and_sign_out(app_server, page):
    page.goto(f"{app_server['url']}/registry")
    wait_for_script(page)
    expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)  # nothing of the page before signing in
    expect(page.get_by_test_id("stSidebar").get_by_role("link")).to_have_count(0)
    sign_in(page, "demo.clerk", "wrong password")
    expect(page.get_by_text("登录名或密码不正确")).to_be_visible()
    sign_in(page, "demo.clerk", "demo-clerk-2026")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("李登记")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("演示账户 (demo.*) 仍可登录")).to_be_visible()
    expect(page.locator("h1").first).to_contain_text("设备台账")
    sidebar.get_by_role("button", name="退出登录").click()
    wait_for_script(page)
    expect(page.get_by_text("已退出登录。")).to_be_visible()
    expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()
