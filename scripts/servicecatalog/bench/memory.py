"""The memory a phase of the benchmark holds at its peak, over all of its processes at once.

A parallel build runs several processes side by side, so neither one process's
peak (``ru_maxrss``) nor the largest child's tells what the machine needs.
While a phase runs, its process and every descendant are sampled a few times
a second, and the largest sums seen are kept:

* ``sum_rss``: the resident memory of each process, added up. Pages a forked
  process still shares with its parent count once per process, so this is
  what a machine could need at most; the figure the targets are held to.
* ``sum_pss``: each process's proportional share (a shared page counts once
  in all), closer to what the processes really take together.

Linux only (``/proc``); elsewhere the sums stay at zero.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    """Every process whose parent is ``pid``."""
    found = []
    for entry in os.scandir(PROC):
        if not entry.name.isdigit():
            continue
        try:
            stat = (PROC / entry.name / "stat").read_text()
        except OSError:
            continue
        # the name (field 2) is in brackets and may hold spaces; the parent is the second field after it
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    every = [pid]
    for child in _children(pid):
        every += _tree(child)
    return every


def _kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; zeros when it is gone."""
    rss = pss = 0
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


class TreeMemory(threading.Thread):
    """Samples the memory of process ``pid`` and its descendants until ``stop()``; peaks in MiB."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss_mb = self.peak_pss_mb = 0.0
        self.most_processes = 0
        self._done = threading.Event()

    def sample(self) -> None:
        pids = _tree(self.pid)
        sizes = [_kib(pid) for pid in pids]
        self.peak_rss_mb = max(self.peak_rss_mb, sum(r for r, _ in sizes) / 1024)
        self.peak_pss_mb = max(self.peak_pss_mb, sum(p for _, p in sizes) / 1024)
        self.most_processes = max(self.most_processes, sum(1 for r, _ in sizes if r))

    def run(self) -> None:
        if not PROC.is_dir():
            return
        while not self._done.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._done.set()
        self.join()
