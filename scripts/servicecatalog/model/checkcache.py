"""What validation remembers between runs of a preview: each unchanged file's parse and findings.

``catalog serve`` validates the whole catalogue after every save, and must show
the changed page within a couple of seconds at thousands of services. Nearly
all of validation is per file (parsing, the schema, placeholders, fee amounts,
translations, plain-http addresses); only the cross-file rules need every file.
A file whose size and modification time have not changed, read under the same
settings and schemas (and, for a service, the same template), gives the same
findings: they are kept here and replayed, and only the cross-file rules run
again over everything. The result is the one a fresh validation gives.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from servicecatalog.model import parallel_read
from servicecatalog.model.loader import Document, LoadError, Problem
from servicecatalog.model.parallel_read import Reader

if TYPE_CHECKING:
    from servicecatalog.model.catalog import Service
    from servicecatalog.model.crossfile import Ref

T = TypeVar("T")
Stamp = tuple[int, int, int]  # inode, size, modification time (ns)


def stamp(path: Path) -> Stamp | None:
    """What tells an unchanged file from a changed one without reading it; None when it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


@dataclass
class Findings:
    """What the per-file checks found in one file (a service: merged with its template)."""

    problems: list[Problem] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    gaps: list[tuple[str, Document, tuple[Any, ...]]] = field(default_factory=list)  # (language, file, path) of a missing translation
    service: Service | None = None
    partial: bool = False  # its template failed to load: what it needs is unknown
    defaulted: bool = False  # the schema's defaults are filled in (``catalog.apply_defaults``)


@dataclass
class CheckCache:
    """Parsed files and their findings, valid while the file and its ``context`` stay the same.

    ``context`` is what every file's findings depend on: the schemas, the settings
    file (languages, scripts, smallest fees) and the pull-request switch. When it
    changes, everything is checked again.
    """

    context: Any = None
    documents: dict[Path, tuple[Stamp | None, Document | LoadError]] = field(default_factory=dict)
    findings: dict[Path, tuple[Any, Findings]] = field(default_factory=dict)
    checked: int = 0  # files checked afresh in the last run (the rest were replayed)
    _made: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def made(self, name: str, key: Any, make: Callable[[], T]) -> T:
        """What ``make()`` returns (the schema model, the compiled schemas), kept while ``key`` stays the same."""
        kept = self._made.get(name)
        if kept is None or kept[0] != key:
            kept = self._made[name] = (key, make())
        return kept[1]

    def start(self, context: Any) -> None:
        """Begin a run under ``context``; forget everything if it differs from the last run's."""
        if context != self.context:
            self.context, self.documents, self.findings = context, {}, {}
        self.checked = 0

    def read(self, path: Path, display: str, reader: Any) -> Document:
        """``reader(path, display)``'s document, or the one kept from the last run; raises its ``LoadError`` too."""
        now = stamp(path)
        kept = self.documents.get(path)
        if kept is None or kept[0] != now or now is None:
            try:
                value: Document | LoadError = reader(path, display)
            except LoadError as exc:
                value = exc
            kept = (now, value)
            self.documents[path] = kept
        if isinstance(kept[1], LoadError):
            raise kept[1]
        return kept[1]

    def read_all(self, files: Sequence[tuple[Path, str]], reader: Reader, jobs: int = 1) -> list[Document | LoadError]:
        """What ``read`` gives for each of ``files`` (path, display), in order, a ``LoadError`` returned rather than raised.

        The files not kept (all of them on a first run) are read by ``parallel_read``, in ``jobs`` processes.
        """
        stamps = [stamp(path) for path, _ in files]
        fresh = [k for k, (path, _) in enumerate(files) if (kept := self.documents.get(path)) is None or kept[0] != stamps[k] or stamps[k] is None]
        for k, value in zip(fresh, parallel_read.read_all([files[k] for k in fresh], reader, jobs), strict=True):
            self.documents[files[k][0]] = (stamps[k], value)
        return [self.documents[path][1] for path, _ in files]

    def stamp_read(self, path: Path) -> Stamp | None:
        """The stamp ``path`` had when it was read (its findings go with what was read, not with a later save)."""
        kept = self.documents.get(path)
        return kept[0] if kept is not None else None

    def kept(self, path: Path, key: Any) -> Findings | None:
        """The findings of ``path`` when they were made under ``key``."""
        found = self.findings.get(path)
        return found[1] if found is not None and found[0] == key else None

    def keep(self, path: Path, key: Any, findings: Findings) -> None:
        self.findings[path] = (key, findings)
        self.checked += 1

    def forget_missing(self, present: set[Path]) -> None:
        """Drop what was kept for files that are gone."""
        for table in (self.documents, self.findings):
            for path in [p for p in table if p not in present]:
                del table[path]
