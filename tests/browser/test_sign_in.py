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


def test_a_clerk_reads_the_reference_tables_but_may_not_edit_them_nor_draw_a_campaign(app_server, page):
    """Issue 14, item 3: the clerk's sidebar lists the clerk's pages; 参数库 shows its tables without an editor or a
    save; the campaign page, opened by its address, says whom it is for and offers no draw."""
    page.goto(f"{app_server['url']}/reference")
    wait_for_script(page)
    sign_in(page, "demo.clerk")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("李登记")).to_be_visible(timeout=30_000)
    links = sidebar.get_by_role("link")
    expect(links).to_have_count(4)
    assert [text.split("\n")[-1].strip() for text in links.all_inner_texts()] == ["首页", "登记准入", "设备台账", "参数库"]
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=30_000)  # the tables, read-only
    expect(page.get_by_text("修改参数库限系统管理员; 您的账户角色是登记审查人员。")).to_be_visible()
    expect(page.get_by_role("button", name="保存修改 (记录审计日志)")).to_have_count(0)
    expect(page.get_by_label("修改理由 (如新值所依据的文件与条款)")).to_have_count(0)
    # the campaign page by its address: refused, no draw
    page.goto(f"{app_server['url']}/campaign")
    wait_for_script(page)
    sign_in(page, "demo.clerk")
    expect(page.get_by_text("「专项检查」仅供能效检验人员、管理人员使用; 您的账户角色是登记审查人员。")).to_be_visible(
        timeout=30_000)
    expect(page.get_by_role("button", name="抽取并创建")).to_have_count(0)
    expect(page.get_by_role("tab")).to_have_count(0)
    page.get_by_test_id("stSidebar").get_by_role("button", name="退出登录").click()
    wait_for_script(page)
    expect(page.get_by_text("已退出登录。")).to_be_visible()
