"""When each catalogue file last changed on the current branch, from git history.

One ``git log`` for the whole catalogue, so the cost does not grow with one
process per file. A copy without history (an export, a tarball) gets no dates
and the pages simply leave them out.

A shallow clone (``git clone --depth 1``, the default of ``actions/checkout``)
has history, but a cut one: every file seems to have changed in the newest
commit. Its dates would be wrong rather than missing, so they are left out too,
with a warning that says how to get the whole history.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Self, TextIO

from servicecatalog.model.fields import load_model, schema_dir_for
from servicecatalog.model.loader import Document, LoadError, load_text
from servicecatalog.model.schemafiles import SchemaFileError

SHALLOW_WARNING = (
    "warning: {root} is a shallow git clone: the dates of last verification and the feed of changes are left out, "
    "because its history is cut. Clone with the whole history (`git fetch --unshallow`, or `fetch-depth: 0` "
    "with actions/checkout) to show them."
)


def is_shallow(root: Path) -> bool:
    """Whether ``root`` is in a shallow clone; False outside git or when git is missing."""
    try:
        answer = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--is-shallow-repository"],
            check=True, capture_output=True, text=True, timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return False
    return answer == "true"


IGNORE_FILE = ".git-blame-ignore-revs"


def ignored_revisions(root: Path) -> set[str]:
    """Commits that only rewrote the layout of files (``catalog fmt``), listed in ``.git-blame-ignore-revs``.

    They changed no fact, so they neither re-date a page's last verification nor appear as a change.
    """
    for folder in (root, *root.parents):
        listing = folder / IGNORE_FILE
        if listing.is_file():
            lines = (line.split("#", 1)[0].strip() for line in listing.read_text(encoding="utf-8").splitlines())
            return {line for line in lines if line}
        if (folder / ".git").exists():
            break
    return set()


def last_changes(root: Path, folder: str = "catalog", *, warn: TextIO | None = None) -> dict[str, dt.date]:
    """Map ``catalog/...`` paths (relative to ``root``) to the date their content was last approved.

    Read along the first parents, so a merged pull request counts on the day it was merged (its
    approval), not on the day its commits were written. A commit that changes the services of more
    than one institution (an id renamed in one, the references to it updated in the others) verifies
    a file only where more than those references changed: fixing a reference to another
    institution's service is not checking this one. ``catalog confirm`` records a check that changed
    nothing else, so that it counts. A change that leaves the parsed content as it was (``catalog fmt``'s
    layout, quotes, key order, comments) counts neither, however it was merged: a merge commit's diff
    against its first parent holds the layout change as bytes, so content is compared, not bytes.
    Empty without git history, and in a shallow clone, where a warning is printed to ``warn``
    (default: standard error).
    """
    if is_shallow(root):
        print(SHALLOW_WARNING.format(root=root), file=warn or sys.stderr)
        return {}
    try:
        output = subprocess.run(
            ["git", "-C", str(root), "log", "--first-parent", "--diff-merges=first-parent", "--format=%x00%H %cs",
             "--raw", "--no-abbrev", "--no-renames", "--", folder],
            check=True, capture_output=True, text=True, timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    try:
        prefix = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-prefix"], check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        prefix = ""
    ignored = ignored_revisions(root)
    dates: dict[str, dt.date] = {}
    with Blobs(root) as blobs:
        for commit, date, changes in _commits(output, prefix):
            if commit in ignored:
                continue  # layout only (catalog fmt): no fact changed
            owners = {_owner(path) for _, _, path in changes} - {None}
            for old, new, path in changes:
                if path in dates or blobs.same_content(old, new):
                    continue  # newest commit comes first; a layout-only change verifies nothing
                if len(owners) > 1 and _owner(path) and blobs.only_references(old, new):
                    continue
                dates[path] = date
    return dates


def _commits(output: str, prefix: str) -> list[tuple[str, dt.date, list[tuple[str, str, str]]]]:
    """``git log --raw`` as (commit, date, [(old blob, new blob, path)]), newest first."""
    commits: list[tuple[str, dt.date, list[tuple[str, str, str]]]] = []
    for line in output.splitlines():
        if line.startswith("\x00"):
            commit, _, day = line[1:].partition(" ")
            commits.append((commit, dt.date.fromisoformat(day), []))
        elif line.startswith(":") and commits and "\t" in line:
            meta, path = line.split("\t", 1)
            fields = meta.split()
            commits[-1][2].append((fields[2], fields[3], path.removeprefix(prefix) if prefix else path))
    return commits


def _owner(path: str) -> str | None:
    """The institution whose service ``path`` is (``catalog/services/<institution>/<id>.yaml``), else None."""
    parts = path.split("/")
    return parts[2] if len(parts) == 4 and parts[:2] == ["catalog", "services"] else None


class Blobs:
    """File versions read from git through one ``git cat-file --batch``, parsed as the catalogue's loader does.

    One process for the whole history: a catalogue of thousands of files must not start a process per version.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fields = _reference_fields(root)
        self._process: subprocess.Popen[bytes] | None = None
        self._parsed: dict[str, Any] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait(timeout=30)
            self._process = None

    def _bytes(self, blob: str) -> bytes | None:
        if self._process is None:
            self._process = subprocess.Popen(["git", "-C", str(self.root), "cat-file", "--batch"],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(blob.encode("ascii") + b"\n")
        self._process.stdin.flush()
        header = self._process.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            return None  # missing
        data = self._process.stdout.read(int(header[2]) + 1)[:-1]
        return data

    def read(self, blob: str) -> Any:
        """The version's data under the loader's strict rules; None for no file, or one that does not load."""
        if set(blob) == {"0"}:
            return None  # the file did not exist on that side
        if blob not in self._parsed:
            try:
                raw = self._bytes(blob)
                self._parsed[blob] = None if raw is None else load_text(raw.decode("utf-8").removeprefix("\ufeff"), Document(Path(blob), blob))
            except (OSError, ValueError, LoadError):
                self._parsed[blob] = None
        return self._parsed[blob]

    def same_content(self, old: str, new: str) -> bool:
        """Whether two versions hold the same data: only the layout, quotes, key order or comments differ."""
        before, after = self.read(old), self.read(new)
        if before is None or after is None:
            return False
        canonical = lambda data: json.dumps(data, sort_keys=True, ensure_ascii=False)  # true is not 1, as == would have it
        return canonical(before) == canonical(after)

    def only_references(self, old: str, new: str) -> bool:
        """Whether the two versions differ only in fields that name other services (``related``, ``replaced_by``)."""
        before, after = self.read(old), self.read(new)
        if not isinstance(before, dict) or not isinstance(after, dict):
            return False
        strip = lambda data: {k: v for k, v in data.items() if k not in self.fields}
        return before != after and strip(before) == strip(after)


def _reference_fields(root: Path) -> frozenset[str]:
    """The service fields whose values name other services, read from the schema (``x-ref: service``)."""
    try:
        service = load_model(schema_dir_for(root), root).root("service")
    except SchemaFileError:
        return frozenset()
    return frozenset(
        name for name, node in service.properties.items()
        if "service" in (node.reference, node.items.reference if node.items else None)
    )
