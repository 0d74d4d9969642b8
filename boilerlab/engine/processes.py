"""Large batches on every core: the rows split into contiguous shares, all but the first evaluated by forked
worker processes while this process evaluates the first.

Every row is computed on its own (the checks across rows are the intake's), so a share gives the same rows as the
whole would. A worker is started by ``fork`` (it inherits the records: nothing is sent to it) and hands its results
back through a pickle file in a temporary folder (a pipe is several times slower for a few hundred megabytes). Only
a process with no other thread is forked — a forked copy of a threaded process (the app's server) could inherit a
lock another thread held — so the app evaluates in one process and the command line and the benchmarks on all.
A worker that fails or is killed costs time, not results: its share is evaluated here instead, and said in the log.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)

#: At most this many processes, whatever the machine has (each holds its share's evaluation in memory).
MAX_PROCESSES = 4


def available_processes() -> int:
    """How many processes a large batch may use here: the cores this process may run on (at most
    :data:`MAX_PROCESSES`) where it can be forked safely — a ``fork`` start method, no other thread, not itself a
    worker — else 1.

    Examples
    --------
    >>> available_processes() >= 1
    True
    """
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1 \
            or multiprocessing.parent_process() is not None:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES))


def shares(rows: int, processes: int) -> list[tuple[int, int]]:
    """``rows`` split into ``processes`` contiguous (start, stop) shares of nearly equal size.

    Examples
    --------
    >>> shares(10, 3)
    [(0, 3), (3, 6), (6, 10)]
    """
    edges = [rows * i // processes for i in range(processes + 1)]
    return [(edges[i], edges[i + 1]) for i in range(processes) if edges[i + 1] > edges[i]]


def in_processes(rows: int, processes: int, evaluate_share: Callable[[int, int], list[pd.DataFrame]],
                 to_send: Callable[[pd.DataFrame], pd.DataFrame] = lambda frame: frame,
                 received: Callable[[pd.DataFrame, int], pd.DataFrame] = lambda frame, first: frame,
                 what: str = "rows") -> list[pd.DataFrame]:
    """The frames ``evaluate_share(start, stop)`` gives for each share of ``rows``, in row order, the shares after
    the first evaluated by forked workers.

    A worker writes ``to_send(frame)`` of each of its frames (what the caller cannot rebuild, to keep the file
    small); the caller gets ``received(sent, first)`` back, ``first`` the position of the frame's first row when the
    items shared are the frames' rows (``evaluate``; the monitoring import shares groups and takes frames as sent).
    ``what`` names the items shared, for the log.
    """
    if processes < 1:
        raise ValueError(f"processes must be at least 1, {processes!r} was given")
    planned = shares(rows, processes)
    if len(planned) < 2 or available_processes() < 2:
        return [frame for start, stop in planned for frame in evaluate_share(start, stop)]
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="boilerlab-evaluate-") as folder:
        workers = []
        try:
            for number, (start, stop) in enumerate(planned[1:], start=1):
                path = Path(folder) / f"share-{number}.pkl"
                worker = context.Process(target=_work, args=(evaluate_share, to_send, start, stop, path),
                                         name=f"boilerlab-evaluate-{number}", daemon=True)
                try:
                    worker.start()
                except OSError as exc:  # no fork (memory, process limit): this share is evaluated here
                    log.warning("no worker process for %s %d–%d (%s): evaluated here instead", what, start, stop - 1,
                                exc)
                    workers.append((None, start, stop, path))
                    continue
                workers.append((worker, start, stop, path))
            frames = evaluate_share(*planned[0])
            for worker, start, stop, path in workers:
                if worker is None:  # never started (said above)
                    frames.extend(evaluate_share(start, stop))
                    continue
                worker.join()
                if worker.exitcode == 0 and path.exists():
                    with path.open("rb") as file:
                        sent = pickle.load(file)
                    path.unlink()
                    log.info("%s %d–%d evaluated by worker process %d", what, start, stop - 1, worker.pid)
                    for frame in sent:
                        frames.append(received(frame, start))
                        start += len(frame)
                else:
                    log.warning("worker process %d for %s %d–%d ended with exit code %s: evaluated here instead",
                                worker.pid, what, start, stop - 1, worker.exitcode)
                    frames.extend(evaluate_share(start, stop))
        finally:
            for worker, *_ in workers:  # an error here: the workers are not waited for
                if worker is not None and worker.is_alive():
                    worker.terminate()
                    worker.join()
    return frames


def _work(evaluate_share: Callable[[int, int], list[pd.DataFrame]], to_send: Callable[[pd.DataFrame], pd.DataFrame],
          start: int, stop: int, path: Path) -> None:
    """A worker: its share evaluated and written; an exception leaves no file (and exit code 1)."""
    frames = [to_send(frame) for frame in evaluate_share(start, stop)]
    partial = path.with_suffix(".incomplete")
    with partial.open("wb") as file:
        pickle.dump(frames, file, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)  # whole or not at all
