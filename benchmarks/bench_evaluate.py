"""Benchmark: evaluate 1,000,000 synthetic mixed test records.

The mix: 70 % natural gas, 15 % diesel, 15 % bituminous coal on grates; half steam (saturated, humidity
measured on half of them, blowdown open on one in five), half hot water; every record carries the data
for both the direct and the heat-loss method.

Prints records per second with the uncertainty off and on (issue 12: ≥ 100,000 records/s with it), each in one
process and in as many as ``evaluate`` uses here (``boilerlab.engine.processes``: both cores of the 2-core machine),
the peak memory of this process and of the largest worker, the rate of one bare vectorised CoolProp
``PropsSI`` enthalpy call on 1,000,000 points, and the cost of the full evaluation in one process in such calls
per record. Targets (issue 2, 2-core machine): ≥ 200,000 records/s; ≤ 6 bare enthalpy calls per
record; peak memory ≤ 2 GB. With ``--round-trip csv`` or ``xlsx`` it also runs the file round trip as an
inspector does (``boilerlab evaluate in.csv -o out.FORMAT`` in a fresh process) and prints that process's time
and peak memory (target, issue 11: ≤ 2 GB). Nothing here asserts: the figures are printed for the README.

    python benchmarks/bench_evaluate.py [--records N] [--seed S] [--round-trip csv|xlsx]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from CoolProp.CoolProp import PropsSI

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from boilerlab import evaluate  # noqa: E402
from boilerlab.engine.processes import available_processes  # noqa: E402
from boilerlab.physics.steam import BACKEND  # noqa: E402


def synthetic_records(n: int, seed: int = 2026) -> pd.DataFrame:
    """Gas, oil and coal boilers, steam and hot water, with data for both methods."""
    rng = np.random.default_rng(seed)
    fuel = rng.choice(np.array(["natural_gas", "diesel", "bituminous"], dtype=object), n, p=[0.7, 0.15, 0.15])
    kind = rng.choice(np.array(["steam", "hot_water"], dtype=object), n)
    gas, coal, steam_row = fuel == "natural_gas", fuel == "bituminous", kind == "steam"
    combustion = np.where(coal, "grate", "chamber").astype(object)
    capacity = rng.choice([1.0, 2.0, 4.0, 6.0, 10.0, 20.0], n)
    load = rng.uniform(0.6, 1.0, n)
    efficiency = np.where(coal, rng.uniform(0.74, 0.84, n), rng.uniform(0.86, 0.94, n))
    steam_flow = capacity * 1000.0 * load
    feedwater = rng.uniform(20.0, 104.0, n)
    supply, back = rng.uniform(75.0, 95.0, n), rng.uniform(50.0, 70.0, n)
    # heat roughly as the engine will find it (h″ ≈ 2780 kJ/kg, c ≈ 4.19 kJ/(kg·K)), so η₁ lands in the range
    heat_kw = np.where(steam_row, steam_flow * (2780.0 - 4.19 * feedwater) / 3600.0, capacity * 700.0 * load)
    water_flow = capacity * 700.0 * load * 3600.0 / (4.19 * (supply - back))
    lhv = np.where(gas, 36000.0, np.where(coal, rng.uniform(18000, 23000, n), 42652.0))
    rate = heat_kw * 3600.0 / (efficiency * lhv)
    nan = np.full(n, np.nan)
    frame = pd.DataFrame({
        "test_id": np.char.add("T", np.arange(n).astype(str)).astype(object),
        "boiler_kind": kind,
        "fuel_kind": fuel,
        "combustion": combustion,
        "condensing": np.full(n, "false", dtype=object),
        "rated_capacity_t_h": np.where(steam_row, capacity, nan),
        "rated_capacity_mw": np.where(steam_row, nan, capacity * 0.7),
        "barometric_kpa": rng.uniform(100.0, 102.5, n),
        "c_ar_pct": np.where(coal, 55.0, np.where(gas, nan, 86.45)),
        "h_ar_pct": np.where(coal, 3.5, np.where(gas, nan, 13.35)),
        "o_ar_pct": np.where(coal, 8.0, np.where(gas, nan, 0.1)),
        "n_ar_pct": np.where(coal, 0.9, np.where(gas, nan, 0.05)),
        "s_ar_pct": np.where(coal, 0.6, np.where(gas, nan, 0.01)),
        "ash_ar_pct": np.where(coal, 22.0, np.where(gas, nan, 0.01)),
        "moisture_ar_pct": np.where(coal, 10.0, np.where(gas, nan, 0.03)),
        "vdaf_pct": np.where(coal, 32.0, nan),
        "lhv_ar_kj_kg": np.where(gas, nan, lhv),
        "ch4_pct": np.where(gas, 96.0, nan),
        "c2h6_pct": np.where(gas, 2.2, nan),
        "c3h8_pct": np.where(gas, 0.4, nan),
        "n2_pct": np.where(gas, 0.8, nan),
        "co2_pct": np.where(gas, 0.6, nan),
        "fuel_rate_kg_h": np.where(gas, nan, rate),
        "fuel_rate_nm3_h": np.where(gas, rate, nan),
        "steam_flow_kg_h": np.where(steam_row, steam_flow, nan),
        "steam_pressure_mpa_g": np.where(steam_row, rng.uniform(0.4, 1.6, n), nan),
        # humidity measured on half of the steam tests; blowdown open on one in five (GB/T 10180 practice is
        # to close it during the test), so both the one- and the two-look-up saturated paths are exercised
        "steam_humidity_pct": np.where(steam_row & (rng.random(n) < 0.5), rng.uniform(0.1, 3.0, n), nan),
        "feedwater_temp_c": np.where(steam_row, feedwater, nan),
        "blowdown_flow_kg_h": np.where(steam_row & (rng.random(n) < 0.2), steam_flow * rng.uniform(0.01, 0.05, n), nan),
        "water_flow_kg_h": np.where(steam_row, nan, water_flow),
        "supply_temp_c": np.where(steam_row, nan, supply),
        "return_temp_c": np.where(steam_row, nan, back),
        "water_pressure_mpa_g": np.where(steam_row, nan, rng.uniform(0.2, 1.0, n)),
        "flue_temp_c": np.where(coal, rng.uniform(140, 200, n), rng.uniform(110, 180, n)),
        "air_temp_c": rng.uniform(5.0, 35.0, n),
        "air_humidity_g_kg": rng.uniform(4.0, 20.0, n),
        "flue_o2_pct": np.where(coal, rng.uniform(6.0, 10.0, n), rng.uniform(2.0, 6.0, n)),
        "flue_co_ppm": rng.uniform(0.0, 200.0, n),
        "slag_combustible_pct": np.where(coal, rng.uniform(5.0, 15.0, n), nan),
        "flyash_combustible_pct": np.where(coal, rng.uniform(10.0, 30.0, n), nan),
        "slag_share_pct": np.where(coal, 80.0, nan),
        "flyash_share_pct": np.where(coal, 20.0, nan),
        "slag_temp_c": np.where(coal, 600.0, nan),
        # emissions as the analyser reads them, and the dates the applicable limits depend on
        "nox_mg_m3": np.where(gas, rng.uniform(20.0, 90.0, n), rng.uniform(60.0, 250.0, n)),
        "so2_mg_m3": np.where(gas, rng.uniform(0.0, 10.0, n), rng.uniform(10.0, 300.0, n)),
        "pm_mg_m3": rng.uniform(1.0, 30.0, n),
        "test_date": rng.choice(np.arange("2021-01-01", "2025-01-01", dtype="datetime64[D]"), n).astype(str)
        .astype(object),
        "install_date": rng.choice(np.arange("2005-01-01", "2020-01-01", dtype="datetime64[D]"), n).astype(str)
        .astype(object),
    })
    frame["water_flow_kg_h"] = frame["water_flow_kg_h"].round(1)
    return frame


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def file_round_trip(frame: pd.DataFrame, output_format: str) -> tuple[float, float, int]:
    """``boilerlab evaluate`` of ``frame`` written to CSV, in a fresh process: (seconds, peak RSS in MB, exit code)."""
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "tests.csv", Path(folder) / f"results.{output_format}"
        frame.to_csv(source, index=False)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "boilerlab", "evaluate", str(source), "-o", str(output)],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of the children is the largest child so far: the CLI is by far the largest one started here
    return seconds, max(peak, before) / 1024.0, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the medians are reported")
    parser.add_argument("--round-trip", choices=("csv", "xlsx"), default=None,
                        help="also time the file round trip through the command line, with this output format")
    parser.add_argument("--without-emissions", action="store_true",
                        help="leave out the emission readings and dates (the efficiency chain alone)")
    args = parser.parse_args()
    n = args.records

    frame = synthetic_records(n, args.seed)
    if args.without_emissions:
        frame = frame.drop(columns=["nox_mg_m3", "so2_mg_m3", "pm_mg_m3", "test_date", "install_date"])
    evaluate(frame.head(100))  # warm-up: imports, reference tables, CoolProp backend
    memory_before = peak_memory_mb()

    rng = np.random.default_rng(args.seed)
    pressure = rng.uniform(0.2e6, 2.0e6, n)
    temperature = rng.uniform(293.15, 373.15, n)
    processes = available_processes()
    runs: dict[tuple[bool, int], list[float]] = {}  # (uncertainty, processes) → seconds
    bare_runs = []
    result = with_uncertainty = None
    for _ in range(args.repeat):  # alternate, so that all see the same machine state; report medians
        for uncertainty in (False, True):
            for used in dict.fromkeys((1, processes)):
                # the previous run's results let go first: the peak is then one evaluation's, not two results' besides
                result = None
                start = time.perf_counter()
                result = evaluate(frame, uncertainty=uncertainty, processes=used)
                runs.setdefault((uncertainty, used), []).append(time.perf_counter() - start)
                if uncertainty:
                    with_uncertainty = result[["eta_indirect_u95_pp"]]
                else:
                    plain = result[["error", "eta_direct_pct", "eta_indirect_pct"]]  # what the summary reads
        result = None
        start = time.perf_counter()
        PropsSI("H", "P", pressure, "T", temperature, BACKEND)
        bare_runs.append(time.perf_counter() - start)
    memory_peak = peak_memory_mb()
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    seconds = {key: statistics.median(times) for key, times in runs.items()}
    bare_seconds = statistics.median(bare_runs)
    with_u = int(with_uncertainty["eta_indirect_u95_pp"].notna().sum())

    failed = int((plain["error"] != "").sum())
    both = int((plain["eta_direct_pct"].notna() & plain["eta_indirect_pct"].notna()).sum())
    print(f"records evaluated:              {n:,} ({both:,} with both methods, {failed:,} with errors; "
          f"U₂ on {with_u:,}); medians of {args.repeat} runs")

    def line(uncertainty: bool, used: int, target: str) -> None:
        times = runs[(uncertainty, used)]
        print(f"  {'with' if uncertainty else 'without':7} uncertainty, {used} process{'es' if used > 1 else '  '}: "
              f"{seconds[(uncertainty, used)]:6.2f} s = {n / seconds[(uncertainty, used)]:9,.0f} records/s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)}){target}")

    for used in dict.fromkeys((1, processes)):
        line(False, used, "   target ≥ 200,000" if used == processes else "")
    for used in dict.fromkeys((1, processes)):
        line(True, used, "   target ≥ 100,000" if used == processes else "")
    print(f"bare PropsSI h(p,T) on {n:,}: {bare_seconds:.3f} s = {n / bare_seconds:,.0f} points/s (median)")
    print(f"evaluation cost in one process: {seconds[(False, 1)] / bare_seconds:.2f} bare enthalpy calls per record "
          f"(target ≤ 6)")
    print(f"peak memory (RSS):              {memory_peak:,.0f} MB this process (before evaluate {memory_before:,.0f} MB), "
          f"{worker_peak:,.0f} MB the largest worker; target ≤ 2048 MB")
    if args.round_trip:
        seconds, peak, code = file_round_trip(frame, args.round_trip)
        print(f"file round trip (CLI, csv → {args.round_trip}): {seconds:.1f} s, peak memory {peak:,.0f} MB "
              f"(target ≤ 2048 MB), exit code {code}")


if __name__ == "__main__":
    main()
