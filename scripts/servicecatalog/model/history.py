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
import subprocess
import sys
from pathlib import Path
from typing import TextIO

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
    """Map ``catalog/...`` paths (relative to ``root``) to the date of their last commit.

    Empty without git history, and in a shallow clone, where a warning is printed to
    ``warn`` (default: standard error).
    """
    if is_shallow(root):
        print(SHALLOW_WARNING.format(root=root), file=warn or sys.stderr)
        return {}
    try:
        output = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%H %cs", "--name-only", "--no-renames", "--", folder],
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
    current: dt.date | None = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            commit, _, day = line[1:].partition(" ")
            current = None if commit in ignored else dt.date.fromisoformat(day)
        elif line and current is not None:
            path = line.removeprefix(prefix) if prefix else line
            dates.setdefault(path, current)  # newest commit comes first
    return dates
