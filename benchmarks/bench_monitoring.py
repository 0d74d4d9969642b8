"""Benchmark: one year of hourly online data imported into SQLite — read, made into valid hours, evaluated and stored.

The data are the demo's generator's (``boilerlab.demo.monitoring``) for ``--boilers`` in-use gas boilers of the demo
district (at most the 400-odd it has; the issue's figure is 500 boilers, 4.38 million hours), written as one CSV
export and imported by ``boilerlab import monitoring FILE`` in a process of its own (the register is loaded first). Prints
the hours stored per second end to end and that process's peak memory; targets (issue 16): ≥ 100,000 rows/s on the
2-core machine, peak ≤ 2 GB. Nothing asserts.

    python benchmarks/bench_monitoring.py [--boilers N]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from boilerlab.db import make_engine, session_factory, upgrade  # noqa: E402
from boilerlab.db.accounts import add_account  # noqa: E402
from boilerlab.db.imports import import_file  # noqa: E402
from boilerlab.db.models import MonitoringHour  # noqa: E402
from boilerlab.db.permissions import Loader  # noqa: E402
from boilerlab.demo.district import generate_demo  # noqa: E402
from boilerlab.demo.monitoring import monitoring_export  # noqa: E402

BENCH = Loader("bench")  # the benchmark's own data, written as the installation (not a person)
PASSWORD = "bench-password-2026"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boilers", type=int, default=500)
    args = parser.parse_args()
    demo = generate_demo(2024)
    export = monitoring_export(demo["boilers"], demo["units"], demo["tests"], count=args.boilers)
    codes = set(export["设备代码"])
    boilers = len(codes)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "bench-monitoring.csv"
        export.to_csv(source, index=False)
        del export
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        sessions = session_factory(make_engine(url))
        # the register the hours are evaluated against: the exported boilers, their units and formal tests
        boilers_taken = demo["boilers"][demo["boilers"]["device_code"].isin(codes)]
        register = {"units": demo["units"][demo["units"]["credit_code"].isin(set(boilers_taken["credit_code"]))],
                    "boilers": boilers_taken, "tests": demo["tests"][demo["tests"]["boiler_id"].isin(codes)]}
        for kind in ("units", "boilers", "tests"):
            import_file(sessions, kind, register[kind].to_csv(index=False).encode(), f"{kind}.csv", who=BENCH)
        add_account(sessions, "bench.admin", "admin", PASSWORD, who=BENCH)
        add_account(sessions, "bench.manager", "manager", PASSWORD, who="bench.admin")
        print(f"boilers:               {boilers} ({source.stat().st_size / 1e6:.1f} MB of CSV)", flush=True)
        # the command line in a process of its own: its time and peak memory are the user's, not the demo's made here
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "boilerlab", "import", "monitoring", str(source), "--who",
                               "bench.manager"], env={**os.environ, "BOILERLAB_DATABASE_URL": url},
                              capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
        with sessions() as session:
            rows = session.scalar(select(func.count()).select_from(MonitoringHour))
    print(f"command:               boilerlab import monitoring (exit code {done.returncode}): {done.stdout.strip()}")
    print(f"imported into SQLite:  {seconds:.1f} s, {rows / seconds:,.0f} hours stored per second, the process's start "
          "included (target ≥ 100,000 rows/s)")
    print(f"peak memory:           {peak:,.0f} MB of the importing process (target ≤ 2048 MB)")


if __name__ == "__main__":
    main()
