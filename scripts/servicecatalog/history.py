"""When each catalogue file last changed on the current branch, from git history.

One ``git log`` for the whole catalogue, so the cost does not grow with one
process per file. A copy without history (an export, a tarball) gets no dates
and the pages simply leave them out.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changes(root: Path, folder: str = "catalog") -> dict[str, dt.date]:
    """Map ``catalog/...`` paths (relative to ``root``) to the date of their last commit."""
    try:
        output = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", folder],
            check=True, capture_output=True, text=True, timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    try:
        prefix = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-prefix"], check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        prefix = ""
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            path = line.removeprefix(prefix) if prefix else line
            dates.setdefault(path, current)  # newest commit comes first
    return dates
