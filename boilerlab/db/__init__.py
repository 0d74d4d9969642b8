"""Database layer: models, engine and migrations (SQLite by default, PostgreSQL by URL)."""

from boilerlab.db.models import Base
from boilerlab.db.session import Sessions, database_url, make_engine, session_factory, upgrade
from boilerlab.db import audit as _audit  # noqa: F401  (registers the hook that chains every audit row)

__all__ = ["Base", "Sessions", "database_url", "make_engine", "session_factory", "upgrade"]
