"""Where the checkout keeps what the package reads: the reference tables, the migrations, the default database.

boilerlab is installed editable from its checkout (``make install``), so these are found from the package's own
file wherever the command is run from.
"""

from pathlib import Path

#: The checkout: the folder that holds ``boilerlab/``, ``data/`` and ``migrations/``.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: The shipped reference tables (``data/reference``).
REFERENCE_DIRECTORY = PROJECT_ROOT / "data" / "reference"
#: The Alembic migrations.
MIGRATIONS_DIRECTORY = PROJECT_ROOT / "migrations"
#: The default SQLite database and the uploads beside it.
DATA_DIRECTORY = PROJECT_ROOT / "data"
