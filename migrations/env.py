"""Alembic environment: the URL comes from BOILERLAB_DATABASE_URL or alembic.ini; SQLite uses batch mode."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from boilerlab.db.models import Base
from boilerlab.db.session import database_url

config = context.config
target_metadata = Base.metadata
url = config.get_main_option("sqlalchemy.url")
if url in (None, "", "sqlite:///data/boilerlab.db"):
    config.set_main_option("sqlalchemy.url", database_url().replace("%", "%%"))


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.",
                                     poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
