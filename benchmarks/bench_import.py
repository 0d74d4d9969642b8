"""Benchmark: import a 10,000-row test-data XLSX into SQLite — read, validated, evaluated and stored.

Prints the seconds per stage and in all. Target (issue 4): at most 10 s on SQLite. Nothing asserts.

    python benchmarks/bench_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from boilerlab.db import make_engine, session_factory, upgrade  # noqa: E402
from boilerlab.demo.district import generate_demo  # noqa: E402
from boilerlab.db.imports import import_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    demo = generate_demo(2024)
    tests = demo["tests"]
    copies = -(-args.rows // len(tests))
    frame = pd.concat([tests.assign(test_id=tests["test_id"] + f"-{k}") for k in range(copies)], ignore_index=True)
    frame = frame.head(args.rows)
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="xlsxwriter")
    content = buffer.getvalue()

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        sessions = session_factory(make_engine(url))
        for kind, key in (("units", "units"), ("boilers", "boilers")):  # the registry the tests refer to
            import_file(sessions, kind, demo[key].to_csv(index=False).encode(), f"{kind}.csv")
        start = time.perf_counter()
        report = import_file(sessions, "tests", content, "tests.xlsx")
        seconds = time.perf_counter() - start
    print(f"rows in the XLSX:      {len(frame):,} ({len(content) / 1e6:.1f} MB)")
    print(f"import into SQLite:    {seconds:.2f} s   (target ≤ 10 s): {report.summary()}")


if __name__ == "__main__":
    main()
