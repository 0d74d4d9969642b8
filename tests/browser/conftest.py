"""A real browser (Debian chromium driven by Playwright) against a real server (`streamlit run app.py`) on a copy of
the demo database. `make test` installs chromium; elsewhere these tests skip, saying so (in CI they fail instead).

Screenshots of failing tests are kept under test-results/ (pytest-playwright's --screenshot only-on-failure).
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from boilerlab.db.accounts import demo_password

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).is_file():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but no chromium at {CHROMIUM}: `make test` should have installed it")
    skip = pytest.mark.skip(reason=f"browser tests skipped: no chromium at {CHROMIUM} (make test installs Debian's "
                                   "chromium package)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # the flags stop Chromium's own network calls, which this machine's closed network refuses
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "accept_downloads": True,
            "locale": "zh-CN"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_server(demo_database_file, tmp_path_factory):
    """A freshly started server per test module, on private copies of the demo database and reference tables."""
    from boilerlab.base.reference import DEFAULT_DIRECTORY

    folder = tmp_path_factory.mktemp("server")
    shutil.copyfile(demo_database_file, folder / "demo.db")
    shutil.copytree(DEFAULT_DIRECTORY, folder / "reference")
    port = _free_port()
    env = {**os.environ, "BOILERLAB_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}",
           "BOILERLAB_REFERENCE_DIR": str(folder / "reference"), "BOILERLAB_REPORTS_DIR": str(folder / "reports")}
    log = tempfile.TemporaryFile()  # not a pipe: a full pipe would stall the server
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true", "--server.address=127.0.0.1",
         f"--server.port={port}", "--global.developmentMode=false", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError(f"streamlit did not start:\n{log.read().decode(errors='replace')}")
        time.sleep(0.3)
    yield {"url": base, "database": f"sqlite:///{folder / 'demo.db'}", "folder": folder}
    server.terminate()
    server.wait(timeout=20)
    log.close()


def wait_for_script(page) -> None:
    """Until the script run has finished (the data attributes Streamlit's own e2e suite waits on)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def sign_in(page, login: str = "demo.manager", password: str | None = None) -> None:
    """Fill in and send the sign-in form (a new browser session — every page.goto — starts signed out); a demo
    account's password by default."""
    password = password if password is not None else demo_password(login.removeprefix("demo."))
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    wait_for_script(page)


def wait_for_app(page, login: str = "demo.manager") -> None:
    """Until the script run has finished, signed in as ``login`` (a demo account; the manager, who may open every
    page, by default) when the page asks for it."""
    wait_for_script(page)
    if page.get_by_role("button", name="登录", exact=True).count():
        sign_in(page, login)
        page.get_by_role("button", name="退出登录").wait_for(timeout=60_000)
        wait_for_script(page)


@pytest.fixture
def ready():
    """``ready(page)`` waits until the app's script run has finished."""
    return wait_for_app
