"""Benchmark: the full campaign report of the demo district's 2024 campaign (1,050 key units) — seconds to read
the campaign and build its tables, to render the charts, and to write each of DOCX, XLSX and PDF.

Target (issue 6): at most 30 s for all three formats together. Prints the figures; nothing asserts.

    python benchmarks/bench_report.py [--database URL]   (default: a fresh SQLite file with the demo district)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from boilerlab.documents import campaign_report as report_module  # noqa: E402
from boilerlab.db.campaigns import campaign_frames  # noqa: E402
from boilerlab.db import make_engine, session_factory, upgrade  # noqa: E402
from boilerlab.demo.load import load_demo  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a database holding a 2024 campaign (default: build the demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'bench.db'}"
        if not args.database:
            upgrade(url)
            started = time.perf_counter()
            load_demo(session_factory(make_engine(url)))
            print(f"demo district loaded in {time.perf_counter() - started:.1f} s (not part of the report)")
        sessions = session_factory(make_engine(url))
        out = Path(folder) / "out"
        out.mkdir()
        timings = {}
        started = time.perf_counter()
        frames = campaign_frames(sessions, 2024)
        report = report_module.build_report(frames, date(2024, 9, 30))
        timings["read and tables"] = time.perf_counter() - started
        started = time.perf_counter()
        pngs = report_module.chart_pngs(report)
        timings["charts (kaleido, first start of Chromium included)"] = time.perf_counter() - started
        for name, write in (("DOCX", lambda: report_module.write_docx(report, pngs, out / "r.docx")),
                            ("XLSX", lambda: report_module.write_xlsx(report, out / "r.xlsx")),
                            ("PDF", lambda: report_module.write_pdf(report, pngs, out / "r.pdf"))):
            started = time.perf_counter()
            path = write()
            timings[f"write {name} ({path.stat().st_size / 1024:.0f} KiB)"] = time.perf_counter() - started
        print(f"campaign: {frames['campaign']['name']}: {len(frames['plan'])} units, {len(frames['inspections'])} "
              f"inspections, {len(frames['findings'])} findings")
        for stage, seconds in timings.items():
            print(f"{stage:<58} {seconds:6.2f} s")
        print(f"{'all three formats together':<58} {sum(timings.values()):6.2f} s   (target ≤ 30 s)")


if __name__ == "__main__":
    main()
