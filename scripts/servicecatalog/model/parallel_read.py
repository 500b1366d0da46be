"""Reading many catalogue files in several processes: the same documents, sooner.

Parsing is most of validating a large catalogue (libyaml's events and the strict
loader on top, about half a millisecond a file), and each file is read on its own,
so the files can be shared out. The other processes are forks of this one: they
start at once, with every module already imported, read their share and send the
documents back pickled (a few hundredths of a second for a thousand files), while
this process reads its own share. Whatever goes wrong in another process (it dies,
its answer does not arrive whole), its share is read here again, so the result is
always the one reading every file here gives, including any exception.

Only a process with one thread forks: a fork copies no other thread, and a lock
another thread held (``catalog serve``'s watcher and web server) would stay held
in the copy. Such a process, and small catalogues, read everything here.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from servicecatalog.model.loader import Document, LoadError

# Below this many files, starting another process costs more than it saves.
MIN_FILES = 200
Read = Document | LoadError
Reader = Callable[[Path, str], Document]


def processes() -> int:
    """How many processes to read with: the CPUs this process may use that other work leaves idle, at most 4.

    Idle as ``make -l`` tells it, from the load average: on a machine busy with other work a second
    process only waits for a CPU, and the documents it sends back cost this one time to unpickle. The
    limit of 4 is that cost again: this process unpickles every other share.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - no load average on this system
        busy = 0.0
    return max(1, min(cpus, 4, int(cpus - busy + 0.5)))


def _read_one(reader: Reader, path: Path, display: str) -> Read:
    try:
        return reader(path, display)
    except LoadError as exc:
        return exc


def read_all(files: Sequence[tuple[Path, str]], reader: Reader, jobs: int = 1) -> list[Read]:
    """``reader(path, display)`` for each of ``files``, in order: the document, or the ``LoadError`` it raised.

    With ``jobs`` > 1 (and enough files, and one thread) the files are shared among that many processes.
    Any other exception is raised as reading the files one by one here would raise it.
    """
    jobs = min(jobs, len(files) // (MIN_FILES // 2))  # a share of fewer than a hundred files is not worth a process
    if jobs < 2 or len(files) < MIN_FILES or not hasattr(os, "fork") or threading.active_count() > 1:
        return [_read_one(reader, path, display) for path, display in files]
    shares = _shares(files, jobs)
    children = [_start(share, reader) for share in shares[1:]]
    results: list[Read] = []
    try:
        results += [_read_one(reader, path, display) for path, display in shares[0]]
    finally:
        answers = [_finish(child) for child in children]
    for share, answer in zip(shares[1:], answers, strict=True):
        if answer is None or len(answer) != len(share):
            answer = [_read_one(reader, path, display) for path, display in share]
        results += answer
    return results


def _shares(files: Sequence[tuple[Path, str]], jobs: int) -> list[Sequence[tuple[Path, str]]]:
    """``files`` cut into ``jobs`` runs of about the same length, in order.

    Even shares come out about even in time: the other processes read some 15% slower (their memory is
    copied as they write to it) and this one unpickles what they send, each about a sixth of reading.
    """
    bounds = [len(files) * k // jobs for k in range(jobs + 1)]
    return [files[bounds[k] : bounds[k + 1]] for k in range(jobs)]


def _start(share: Sequence[tuple[Path, str]], reader: Reader) -> tuple[int, int] | None:
    """Fork a process that reads ``share`` and writes the pickled results to a pipe; (pid, the pipe's end) or None."""
    try:
        readable, writable = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(readable)
        os.close(writable)
        return None
    if pid == 0:  # pragma: no cover - runs in the child, which coverage does not follow
        code = 1
        try:
            os.close(readable)
            payload = pickle.dumps([_read_one(reader, path, display) for path, display in share], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writable, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing of buffers copied from the parent
    os.close(writable)
    return pid, readable


def _finish(child: tuple[int, int] | None) -> list[Read] | None:
    """The results a child sent, or None when it failed; waits for it to end either way."""
    if child is None:
        return None
    pid, readable = child
    try:
        with os.fdopen(readable, "rb") as pipe:
            payload = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        answer: Any = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a truncated answer is read again here
        return None
    return answer if isinstance(answer, list) else None
