"""Database fixtures: a fresh SQLite file, and a fresh PostgreSQL database when a server is available.

`make test` starts a throwaway PostgreSQL server when CI=true and passes its URL in
BOILERLAB_TEST_POSTGRES_URL. Elsewhere the PostgreSQL cases skip and say so; in CI a missing server is
a failure, never a skip.
"""

import os
import uuid

import pytest

POSTGRES_URL = os.environ.get("BOILERLAB_TEST_POSTGRES_URL")


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
    """The demo district (seed 2024) in a SQLite file, built once per test session; copy it before writing."""
    from boilerlab.db import make_engine, session_factory, upgrade
    from boilerlab.demo.load import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    load_demo(session_factory(engine))
    engine.dispose()
    return path


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
