"""Database layer: models, engine and migrations (SQLite by default, PostgreSQL by URL)."""

from boilerlab.db.models import Base
from boilerlab.db.session import database_url, make_engine, session_factory, upgrade

__all__ = ["Base", "database_url", "make_engine", "session_factory", "upgrade"]
