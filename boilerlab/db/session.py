"""The database: which one, its engine, and bringing its schema up to date with Alembic."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
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


#: orjson as the standard json writes: keys that are not text as text, numpy numbers as numbers; dates refused
#: (passed to :func:`_not_json`), as the standard json refuses them.
_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_PASSTHROUGH_DATETIME


def _not_json(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _numpy_number(value: object) -> object:
    """For the standard json: a numpy number as Python's (orjson writes them itself); anything else refused."""
    if isinstance(value, np.generic) and not isinstance(value, np.datetime64):
        return value.item()
    return _not_json(value)


def json_bytes(value: object, sort_keys: bool = False) -> bytes:
    """``value`` as compact JSON (UTF-8), by orjson: it writes a test's inputs and results several times faster than
    the standard library, and the same values read back, but a NaN or an infinity (which JSON has not) as null. An
    integer beyond 64 bits, which orjson refuses, is written by the standard json (a NaN there as NaN, which SQLite
    keeps and PostgreSQL refuses, as before orjson); what both refuse raises TypeError.

    Examples
    --------
    >>> json_bytes({"b": 1.5, "a": [None, "天然气"]}, sort_keys=True).decode()
    '{"a":[null,"天然气"],"b":1.5}'
    """
    try:
        return orjson.dumps(value, option=_JSON_OPTIONS | (orjson.OPT_SORT_KEYS if sort_keys else 0), default=_not_json)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"),
                          default=_numpy_number).encode("utf-8")


def json_text(value: object) -> str:
    """A JSON column's value as the text stored (:func:`json_bytes`)."""
    return json_bytes(value).decode("utf-8")


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
