"""Builds that can't be half-published: one build at a time, written aside and swapped in at the end.

A build writes into a hidden folder beside its target (same file system, so the
swap is two renames) and replaces the target only once everything is written.
Ctrl-C, a failure or a killed process leave the previous site as it was; what a
killed build left behind is removed by the next one. Builds of one project take
turns on a lock file (they also share ``docs/`` and ``mkdocs.yml``): a second
build says it waits, then waits.

The replaced site is deleted by a process of its own, after the build has said
it is done: deleting tens of thousands of files takes longer than building them
on some file systems (ext4 mounted with ``discard``: 8 s for a 1,000-service
site). What it has not deleted when the next build starts, that build deletes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self, TextIO

LOCK_FILE = ".catalog-build.lock"


@contextlib.contextmanager
def build_lock(root: Path, out: TextIO) -> Iterator[None]:
    """Hold the project's build lock; tell the user and wait while another build holds it."""
    with open(root / LOCK_FILE, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(f"Another build of this project is running ({holder}); waiting for it to finish ...", file=out, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _leftovers(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.tmp-*")) + sorted(target.parent.glob(f".{target.name}.old-*"))


class Staging:
    """A hidden folder beside ``target`` to build into; ``publish()`` swaps it into place."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        for leftover in _leftovers(target):  # from a build that was killed
            _remove(leftover)
        self.path = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))

    def publish(self) -> None:
        """Replace ``target`` by the staged folder."""
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.rename(self.target, old / self.target.name)
        os.rename(self.path, self.target)
        if old is not None:
            remove_in_background(old)

    def discard(self) -> None:
        _remove(self.path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.path.exists():
            self.discard()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_in_background(path: Path) -> None:
    """Delete ``path`` in a process that outlives this one; here and now where processes can't fork, or
    shouldn't: a fork copies one thread, and a lock another one holds (``catalog serve``'s) stays held."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        _remove(path)
        return
    try:
        child = os.fork()
    except OSError:
        _remove(path)
        return
    if child:
        os.waitpid(child, 0)
        return
    try:  # the child: its own child deletes, adopted by the system, so that nobody waits for it
        if os.fork() == 0:
            # Not holding the caller's output open: whoever reads it to the end would wait for the deletion.
            devnull = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(devnull, stream)
            os.closerange(3, 1 << 16)
            _remove(path)
    finally:
        os._exit(0)


def replace_file(data_writer: Any, target: Path) -> Path:
    """Write a file through ``data_writer(path)`` into a temporary name, then rename it over ``target``."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.tmp-", dir=target.parent)
    os.close(handle)
    try:
        data_writer(Path(name))
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)
    return target
