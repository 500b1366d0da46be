"""Files read in several processes (``catalog validate`` on a large catalogue) give what reading them here gives."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from servicecatalog.cli import main
from servicecatalog.model import parallel_read
from servicecatalog.model.loader import Document, LoadError, read_document
from servicecatalog.model.validate import validate_catalog
from test_validate_invalid import GENERATED, INVALID, MINI, _header


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Small catalogues are shared out too, and each fork of this process is counted."""
    monkeypatch.setattr(parallel_read, "MIN_FILES", 4)
    # Threads this test session left running (the browser tests' web servers, idle daemons) are not the
    # process's own: only the threads a test starts count, or the whole suite would never fork.
    count, before = threading.active_count, threading.active_count()
    monkeypatch.setattr(threading, "active_count", lambda: count() - before + 1)
    started: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    yield started


def _hostile(tmp_path: Path) -> Path:
    """The small catalogue with every file the loader refuses (tests/invalid/load-*) at once."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    cases = {name: (target, content) for name, (target, content) in GENERATED.items()}
    for path in sorted(INVALID.glob("load-*.y*ml")):
        target, needs = _header(path)
        if not needs:
            cases[path.name] = (target, path.read_bytes())
    for target, content in cases.values():
        (root / "catalog" / target).parent.mkdir(parents=True, exist_ok=True)
        (root / "catalog" / target).write_bytes(content)
    assert len(cases) > 15
    return root


@pytest.mark.parametrize("jobs", [2, 3])
def test_hostile_files_give_the_same_problems_in_the_same_places(tmp_path: Path, forks: list[int], jobs: int) -> None:
    root = _hostile(tmp_path)
    alone = validate_catalog(root, jobs=1)
    assert not forks
    shared = validate_catalog(root, jobs=jobs)
    assert len(forks) == jobs - 1
    assert shared.problems == alone.problems
    assert len({p.file for p in shared.problems if p.rule.startswith("load.")}) > 15  # each broken file, located


@pytest.mark.parametrize(("cpus", "load", "expected"), [(2, 0.0, 2), (2, 0.4, 2), (2, 1.0, 1), (2, 3.5, 1), (1, 0.0, 1), (8, 0.0, 4), (8, 6.2, 2)])
def test_as_many_processes_as_there_are_idle_cpus(monkeypatch: pytest.MonkeyPatch, cpus: int, load: float, expected: int) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cpus)))
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert parallel_read.processes() == expected


def test_the_command_gives_the_same_report(tmp_path: Path, forks: list[int], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))  # an idle machine with two CPUs
    root = _hostile(tmp_path)
    expected = validate_catalog(root, jobs=1)
    assert main(["validate", str(root), "--format", "json"]) == 1
    assert len(forks) == 1  # the command shares the files out
    assert capsys.readouterr().out.count('"line"') == len(expected.problems)


def _files(tmp_path: Path, count: int) -> list[tuple[Path, str]]:
    files = []
    for number in range(count):
        path = tmp_path / f"f{number}.yaml"
        path.write_text(f"id: f{number}\nvalue: {number}\n" if number != 7 else "id: [broken\n", encoding="utf-8")
        files.append((path, path.name))
    return files


def test_a_share_whose_process_fails_is_read_here_again(tmp_path: Path, forks: list[int]) -> None:
    parent = os.getpid()

    def reader(path: Path, display: str) -> Document:
        if os.getpid() != parent:
            raise MemoryError  # the other process dies without an answer
        return read_document(path, display)

    files = _files(tmp_path, 12)
    results = parallel_read.read_all(files, reader, jobs=3)
    assert len(forks) == 2
    assert [_shown(r) for r in results] == [_shown(r) for r in parallel_read.read_all(files, read_document, jobs=1)]
    assert isinstance(results[7], LoadError) and results[7].rule == "syntax"


def _shown(read: Document | LoadError) -> object:
    return (read.data, list(read.marks)) if isinstance(read, Document) else (read.line, read.column, read.message, read.rule)


def test_an_error_that_is_no_problem_of_a_file_is_raised_as_reading_here_raises_it(tmp_path: Path, forks: list[int]) -> None:
    files = _files(tmp_path, 12)
    files[10][0].chmod(0)
    if os.access(files[10][0], os.R_OK):  # root reads anything
        files[10][0].unlink()
    with pytest.raises(OSError) as shared:
        parallel_read.read_all(files, read_document, jobs=2)
    with pytest.raises(OSError) as alone:
        parallel_read.read_all(files, read_document, jobs=1)
    assert forks and type(shared.value) is type(alone.value) and shared.value.filename == alone.value.filename


def test_a_process_with_threads_does_not_fork(tmp_path: Path, forks: list[int]) -> None:
    """A fork copies one thread; a lock that another one holds (catalog serve's) would stay held in the copy."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        results = parallel_read.read_all(_files(tmp_path, 12), read_document, jobs=2)
    finally:
        stop.set()
        other.join()
    assert not forks
    assert len(results) == 12
