"""The database: which one, its engine, and bringing its schema up to date with Alembic."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.base.locations import DATA_DIRECTORY, MIGRATIONS_DIRECTORY, PROJECT_ROOT

#: A session factory, as every database function takes it.
Sessions = sessionmaker[Session]
#: The embedded default: a SQLite file under data/ (git-ignored).
DEFAULT_URL = f"sqlite:///{DATA_DIRECTORY / 'boilerlab.db'}"


def database_url() -> str:
    """``BOILERLAB_DATABASE_URL`` or the embedded SQLite file."""
    return os.environ.get("BOILERLAB_DATABASE_URL") or DEFAULT_URL


def json_text(value: object) -> str:
    """A JSON column's value as the text stored: orjson, which writes a test's inputs and results several times faster
    than the standard library (the same values read back; a NaN, which JSON has not, is written as null)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys on and a busy timeout, so concurrent writers wait
    for each other instead of failing. JSON columns are written by :func:`json_text`."""
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60}, json_serializer=json_text)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _immediate(connection) -> None:  # take the write lock at BEGIN: no upgrade deadlocks between writers
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        _pysqlite_manual_transactions(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=json_text)


def _pysqlite_manual_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, emit BEGIN (SQLAlchemy docs, "Serializable isolation / Savepoints")."""

    @event.listens_for(engine, "connect")
    def _no_autobegin(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIRECTORY))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    """Bring the database at ``url`` to the latest migration."""
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
