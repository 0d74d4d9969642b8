"""Benchmark: one year of hourly online data imported into SQLite — read, made into valid hours, evaluated and stored.

The data are the demo's generator's (``boilerlab.demo.monitoring``) for ``--boilers`` in-use gas boilers of the demo
district (at most the 400-odd it has; the issue's figure is 500 boilers, 4.38 million hours), written as one CSV
export and imported as ``boilerlab import monitoring FILE`` does. Prints the rows per second end to end and the peak
memory; targets (issue 16): ≥ 100,000 rows/s on the 2-core machine, peak ≤ 2 GB. Nothing asserts.

    python benchmarks/bench_monitoring.py [--boilers N]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from boilerlab.db import make_engine, session_factory, upgrade  # noqa: E402
from boilerlab.db.imports import import_file  # noqa: E402
from boilerlab.db.monitoring import import_monitoring  # noqa: E402
from boilerlab.db.permissions import Loader  # noqa: E402
from boilerlab.demo.district import generate_demo  # noqa: E402
from boilerlab.demo.monitoring import monitoring_export  # noqa: E402

BENCH = Loader("bench")  # the benchmark's own data, written as the installation (not a person)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boilers", type=int, default=500)
    args = parser.parse_args()
    demo = generate_demo(2024)
    export = monitoring_export(demo["boilers"], demo["units"], demo["tests"], count=args.boilers)
    boilers = export["设备代码"].nunique()
    content = export.to_csv(index=False).encode("utf-8")
    del export
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        sessions = session_factory(make_engine(url))
        for kind in ("units", "boilers", "tests"):  # the register the hours are evaluated against
            import_file(sessions, kind, demo[kind].to_csv(index=False).encode(), f"{kind}.csv", who=BENCH)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        start = time.perf_counter()
        report = import_monitoring(sessions, content, "bench-monitoring.csv", who=BENCH)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    rows = report.accepted
    print(f"boilers, hours:        {boilers}, {rows:,} ({len(content) / 1e6:.1f} MB of CSV)")
    print(f"imported into SQLite:  {seconds:.1f} s, {rows / seconds:,.0f} rows/s (target ≥ 100,000): {report.summary()}")
    print(f"peak memory:           {peak:,.0f} MB (before the import {before:,.0f} MB; target ≤ 2048 MB)")


if __name__ == "__main__":
    main()
