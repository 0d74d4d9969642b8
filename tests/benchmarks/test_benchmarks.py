"""The benchmark scripts still run (on a small input); their figures are printed, never asserted."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_evaluate_runs_on_a_small_input():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_evaluate.py"), "--records", "3000",
                           "--repeat", "1", "--round-trip", "csv"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    for line in ("without uncertainty, 1 process", "records/s", "bare enthalpy calls per record", "peak memory",
                 "file round trip (CLI, csv → csv)", "exit code 0"):
        assert line in done.stdout
    assert "0 with errors" in done.stdout  # the synthetic records are valid, so every row computes


def test_bench_import_runs_on_a_small_input():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_import.py"), "--rows", "300"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "新增 300, 更新 0, 未变 0, 拒绝 0" in done.stdout and "peak memory" in done.stdout


def test_bench_report_runs_on_a_prepared_database(demo_database_file):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_report.py"), "--database",
                           f"sqlite:///{demo_database_file}"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "1050 units" in done.stdout and "all three formats together" in done.stdout


def test_bench_monitoring_runs_on_two_boilers():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_monitoring.py"), "--boilers", "2"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "boilers:               2 (" in done.stdout and "(exit code 0)" in done.stdout
    assert "读取 17568 行, 接受 17568 行, 拒绝 0 行; 小时数据 新增 17568, 更新 0, 未变 0" in done.stdout
    assert "hours stored per second" in done.stdout and "peak memory" in done.stdout
