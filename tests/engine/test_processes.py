"""A large batch shared among processes (boilerlab.engine.processes) gives the rows one process gives."""

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boilerlab import evaluate

from boilerlab.engine.processes import available_processes, shares

ROOT = Path(__file__).resolve().parents[2]


@given(st.integers(0, 10_000), st.integers(1, 8))
def test_the_shares_cover_every_row_once_in_order_and_differ_by_at_most_one_row(rows, processes):
    planned = shares(rows, processes)
    assert [row for start, stop in planned for row in range(start, stop)] == list(range(rows))
    sizes = [stop - start for start, stop in planned]
    assert all(size > 0 for size in sizes) and (not sizes or max(sizes) - min(sizes) <= 1)
    assert len(planned) == min(rows, processes)


def test_a_process_with_another_thread_is_never_forked():
    """The app's server runs threads: a forked copy could inherit a lock one of them holds."""
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert available_processes() == 1
    finally:
        release.set()
        other.join()


# Run in a process of its own, as the command line and the benchmarks are: one thread, so that it may fork (the
# test runner's workers have threads of their own).
SCRIPT = textwrap.dedent("""
    import logging, os, sys
    import pandas as pd
    sys.path.insert(0, {benchmarks!r})
    from bench_evaluate import synthetic_records
    import boilerlab.engine.pipeline as pipeline
    import boilerlab.engine.processes as processes
    from boilerlab.demo.district import generate_demo
    from boilerlab.intake.canonical import canonical_frame

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    # the demo's tests (errors, warnings, several fuels and kinds) and the benchmark's mix, in a frame whose index
    # is not 0…n−1
    records = pd.concat([generate_demo(2024)["tests"].head(600), synthetic_records(600)], ignore_index=True)
    hot_water = records.index[records["boiler_kind"] == "hot_water"]
    records.loc[[hot_water[0], hot_water[-1]], "supply_temp_c"] = 20.0  # below the return: an error in each share
    records.index = records.index * 3 + 7
    canonical = canonical_frame(records)
    assert processes.available_processes() >= 2, "this machine has one core"
    pipeline.UNCERTAINTY_PART_ROWS = 250  # each share in parts: the worker sends several frames
    for uncertainty in (True, False):
        one = pipeline.run(canonical, uncertainty=uncertainty, processes=1)
        shared = pipeline.run(canonical, uncertainty=uncertainty, processes=2)
        pd.testing.assert_frame_equal(shared, one)
        assert (one["error"] != "").any() and (one["warnings"] != "").any()
    print("same rows")
    # a worker that fails: its share is evaluated by the parent, and the log says so
    parent, original = os.getpid(), pipeline.run
    def failing_in_a_worker(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("a worker fails")
        return original(*args, **kwargs)
    pipeline.run = failing_in_a_worker
    pd.testing.assert_frame_equal(original(canonical, uncertainty=False, processes=2), one)
    print("same rows after a failed worker")
    # no worker at all (the fork refused): every share evaluated here
    pipeline.run = original
    import multiprocessing.context
    def refused(self):
        raise OSError(12, "Cannot allocate memory")
    multiprocessing.context.ForkProcess.start = refused
    pd.testing.assert_frame_equal(original(canonical, uncertainty=False, processes=2), one)
    print("same rows without a worker")
""")


def test_two_processes_give_the_rows_of_one_and_a_failed_or_refused_worker_only_costs_time():
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(benchmarks=str(ROOT / "benchmarks"))],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "same rows\nsame rows after a failed worker\nsame rows without a worker" in done.stdout
    # the workers were used (not a silent fall-back to one process) …
    assert done.stderr.count("INFO rows 600–1199 evaluated by worker process") == 2
    # … and the failed one was said
    assert "WARNING worker process" in done.stderr and "for rows 600–1199 ended with exit code 1" in done.stderr
    assert "WARNING no worker process for rows 600–1199 ([Errno 12] Cannot allocate memory)" in done.stderr
    with pytest.raises(ValueError, match="processes must be at least 1"):
        evaluate(pd.DataFrame({"test_id": ["T1"], "fuel_kind": ["natural_gas"]}), processes=0)
