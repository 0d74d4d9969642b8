"""Database fixtures: a fresh SQLite file, and a fresh PostgreSQL database when a server is available.

`make test` starts a throwaway PostgreSQL server when CI=true and passes its URL in
BOILERLAB_TEST_POSTGRES_URL. Elsewhere the PostgreSQL cases skip and say so; in CI a missing server is
a failure, never a skip.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

POSTGRES_URL = os.environ.get("BOILERLAB_TEST_POSTGRES_URL")
#: Where the controller of a pytest-xdist session has the demo database built (tests/demo_database.py); the workers
#: inherit it from the environment.
SHARED_DEMO = "BOILERLAB_TEST_SHARED_DEMO"
#: How long a test waits for the shared demo database before it fails. [s]
SHARED_DEMO_WAIT_S = 1200


def pytest_configure(config):
    """In the controller of a pytest-xdist session over the whole suite (`make test`): start building the demo
    database in a process of its own, so that it is built once, beside the workers' first tests, instead of once per
    worker. A run of some folders or files only builds it in each worker that needs it, as without xdist."""
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None) or SHARED_DEMO in os.environ:
        return
    root = Path(__file__).resolve().parent.parent
    if any(Path(arg.split("::")[0]).resolve() not in (root, root / "tests") for arg in config.args):
        return
    folder = Path(tempfile.mkdtemp(prefix="boilerlab-demo-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None))
    target = folder / "demo.db"
    config._shared_demo = (folder, subprocess.Popen([sys.executable, "-m", "tests.demo_database", str(target)],
                                                     cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    os.environ[SHARED_DEMO] = str(target)
    os.environ[SHARED_DEMO + "_PID"] = str(config._shared_demo[1].pid)


def pytest_collection_modifyitems(config, items):
    """With the demo database being built (:func:`pytest_configure`), the tests that read it come last, so that
    the workers run the others meanwhile instead of waiting for it (a stable sort: the order is otherwise kept)."""
    if SHARED_DEMO in os.environ:
        items.sort(key=lambda item: "demo_database_file" in getattr(item, "fixturenames", ()))


def pytest_unconfigure(config):
    shared = getattr(config, "_shared_demo", None)
    if shared is None:
        return
    folder, builder = shared
    if builder.poll() is None:
        builder.kill()
        builder.wait()
    shutil.rmtree(folder, ignore_errors=True)
    os.environ.pop(SHARED_DEMO, None)
    os.environ.pop(SHARED_DEMO + "_PID", None)


def _fresh_postgres_database():
    import psycopg

    admin = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    name = f"bl_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name, admin, name


def _drop_postgres_database(admin: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database of each backend, migrated by the test itself (or by `migrated`)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'boilerlab.db'}"
        return
    if not POSTGRES_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no PostgreSQL server: `make test` should have started one")
        pytest.skip("PostgreSQL tests skipped: no server here (make test starts one when CI=true; or set "
                    "BOILERLAB_TEST_POSTGRES_URL)")
    url, admin, name = _fresh_postgres_database()
    yield url
    _drop_postgres_database(admin, name)


@pytest.fixture
def sessions(database_url):
    """A session factory on a migrated, empty database of each backend."""
    from boilerlab.db import make_engine, session_factory, upgrade

    upgrade(database_url)
    engine = make_engine(database_url)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def demo_database_file(tmp_path_factory):
    """The demo district (seed 2024) in a SQLite file, built once per test session (under pytest-xdist once for all
    workers, see :func:`pytest_configure`); copy it before writing."""
    from tests.demo_database import build

    shared = os.environ.get(SHARED_DEMO)
    if not shared:
        return build(tmp_path_factory.mktemp("demo") / "demo.db")
    path, failed = Path(shared), Path(shared + ".failed")
    deadline = time.monotonic() + SHARED_DEMO_WAIT_S
    while not path.exists():
        if failed.exists():
            pytest.fail(f"building the shared demo database failed:\n{failed.read_text(encoding='utf-8')}")
        if not _running(int(os.environ.get(SHARED_DEMO + "_PID", "0"))) and not path.exists():
            pytest.fail(f"the process building the shared demo database ended without it ({path})")
        if time.monotonic() > deadline:
            pytest.fail(f"the shared demo database was not built within {SHARED_DEMO_WAIT_S} s ({path})")
        time.sleep(0.5)
    return path


def _running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a finished child not yet reaped counts as ended)."""
    if pid <= 0:
        return False
    if not Path("/proc").is_dir():  # (not Linux: only the time limit stops the wait)
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.fixture
def demo_url(demo_database_file, tmp_path, monkeypatch):
    """A private copy of the demo database, made the app's database (BOILERLAB_DATABASE_URL)."""
    import shutil

    path = tmp_path / "demo.db"
    shutil.copyfile(demo_database_file, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("BOILERLAB_DATABASE_URL", url)
    yield url
    # 70 MB a copy: gone after its test (make test keeps the temporary files in memory)
    for leftover in path.parent.glob("demo.db*"):
        leftover.unlink()


@pytest.fixture
def reference_copy(tmp_path, monkeypatch):
    """A private copy of data/reference, made the one load_reference reads (BOILERLAB_REFERENCE_DIR)."""
    import shutil

    from boilerlab.base.reference import DEFAULT_DIRECTORY

    folder = tmp_path / "reference"
    shutil.copytree(DEFAULT_DIRECTORY, folder)
    monkeypatch.setenv("BOILERLAB_REFERENCE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_unlabelled_code_or_column(caplog):
    """A code or column shown without its Chinese label anywhere in a test (a page, a document) fails that test."""
    import logging

    with caplog.at_level(logging.WARNING, logger="boilerlab.base.vocabulary"):
        yield
    missing = [r.getMessage() for r in caplog.records if r.name == "boilerlab.base.vocabulary"]
    assert not missing, f"shown without a Chinese label: {sorted(set(missing))[:10]}"


@pytest.fixture
def demo_sessions(demo_url):
    """A session factory on a private copy of the demo database."""
    from boilerlab.db import make_engine, session_factory

    engine = make_engine(demo_url)
    yield session_factory(engine)
    engine.dispose()
