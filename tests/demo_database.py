"""The demo district (seed 2024) in a SQLite file, for the tests that read it (tests/conftest.py).

Under pytest-xdist the controller starts this module as a process of its own when the session begins, so that the
demo is built once, beside the workers' first tests, instead of once in each worker:

    python -m tests.demo_database PATH

It writes ``PATH`` only when complete (built as ``PATH.partial``, then renamed); a failure leaves ``PATH.failed``
holding the error, which the waiting tests report.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path


def build(path: Path) -> Path:
    """The demo district loaded into a new SQLite file at ``path``."""
    from boilerlab.db import make_engine, session_factory, upgrade
    from boilerlab.demo.load import load_demo

    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    load_demo(session_factory(engine))
    engine.dispose()
    return path


def main(target: str) -> int:
    path = Path(target)
    partial = path.with_name(path.name + ".partial")
    try:
        build(partial)
        partial.replace(path)
    except Exception:  # noqa: BLE001 — any failure is handed to the waiting tests, which fail with it
        path.with_name(path.name + ".failed").write_text(traceback.format_exc(), encoding="utf-8")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
