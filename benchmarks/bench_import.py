"""Benchmark: import a 10,000-row test-data XLSX into SQLite — read, validated, evaluated and stored.

Prints the seconds and the peak memory of the process for the file round trip (a file on disk in, rows stored, as
``boilerlab import tests FILE`` does it; a CSV is read, evaluated and stored a part at a time). Targets:
at most 10 s for 10,000 rows on SQLite (issue 4); peak memory ≤ 2 GB (issue 11). Nothing asserts.

    python benchmarks/bench_import.py [--rows N] [--format xlsx|csv]
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from boilerlab.db import make_engine, session_factory, upgrade  # noqa: E402
from boilerlab.demo.district import generate_demo  # noqa: E402
from boilerlab.db.imports import import_file, store_import  # noqa: E402
from boilerlab.intake.rows import prepare_import_file  # noqa: E402
from boilerlab.db.permissions import Loader  # noqa: E402

BENCH = Loader("bench")  # the benchmark's own data, written as the installation (not a person)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    args = parser.parse_args()

    demo = generate_demo(2024)
    tests = demo["tests"]
    copies = -(-args.rows // len(tests))
    frame = pd.concat([tests.assign(test_id=tests["test_id"] + f"-{k}") for k in range(copies)], ignore_index=True)
    frame = frame.head(args.rows)
    buffer = io.BytesIO()
    if args.format == "xlsx":
        frame.to_excel(buffer, index=False, engine="xlsxwriter")
    else:
        frame.to_csv(buffer, index=False)
    content = buffer.getvalue()
    del frame, tests, buffer

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        sessions = session_factory(make_engine(url))
        for kind, key in (("units", "units"), ("boilers", "boilers")):  # the registry the tests refer to
            import_file(sessions, kind, demo[key].to_csv(index=False).encode(), f"{kind}.csv", who=BENCH)
        source = Path(folder) / f"tests.{args.format}"  # as the command line imports it: a file on disk
        source.write_bytes(content)
        del content
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        start = time.perf_counter()
        report = store_import(sessions, prepare_import_file("tests", source), who=BENCH)
        seconds = time.perf_counter() - start
        size = source.stat().st_size
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"rows in the {args.format.upper()}:      {args.rows:,} ({size / 1e6:.1f} MB)")
    print(f"import into SQLite:    {seconds:.2f} s   (target ≤ 10 s for 10,000 rows): {report.summary()}")
    print(f"peak memory:           {peak:,.0f} MB (before the import {before:,.0f} MB; target ≤ 2048 MB)")


if __name__ == "__main__":
    main()
