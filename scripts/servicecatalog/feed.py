"""An Atom feed of changes to services, read from git history.

One ``git log`` for the whole ``catalog/services`` folder, newest first, read
only as far as ``limit`` changes: the cost does not grow with the length of
the history or the number of services. A copy without history gets an empty
feed. Which service changed is the file's name (its ``id``); when it changed
is the commit date, so the feed is the same on every run for the same history.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape, quoteattr

from .model import Catalog

SERVICES_FOLDER = "catalog/services"
_ACTIONS = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}


@dataclass(frozen=True)
class Change:
    """One service file changed by one commit."""

    service: str  # the file name without .yaml: the service id at that time
    path: str  # relative to the repository root
    action: str  # added, changed or removed
    when: dt.datetime  # commit date, with its offset
    commit: str
    subject: str


def _parse(lines: Iterable[str]) -> Iterator[Change]:
    """Changes from ``git log --format=%x00%H%x00%cI%x00%s --name-status`` output, in its order."""
    when, commit, subject = None, "", ""
    for raw in lines:
        line = raw.rstrip("\n")
        if line.startswith("\x00"):
            commit, stamp, subject = line[1:].split("\x00", 2)
            when = dt.datetime.fromisoformat(stamp)
        elif line and when is not None:
            status, _, path = line.partition("\t")
            posix = PurePosixPath(path)
            # catalog/services/<institution>/<id>.yaml only: not a README or a stray file.
            if posix.suffix == ".yaml" and len(posix.parts) == len(PurePosixPath(SERVICES_FOLDER).parts) + 2:
                yield Change(posix.stem, path, _ACTIONS.get(status[:1], "changed"), when, commit, subject)


def changes(root: Path, limit: int = 50) -> list[Change]:
    """The ``limit`` latest changes to service files, newest first; empty without git history."""
    command = ["git", "-C", str(root), "log", "--format=%x00%H%x00%cI%x00%s", "--name-status", "--no-renames",
               "--relative", "--", SERVICES_FOLDER]
    found: list[Change] = []
    try:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8") as process:
            assert process.stdout is not None
            # Read only as far as needed: a long history costs nothing beyond the newest changes.
            found = list(islice(_parse(process.stdout), limit))
            process.kill()
    except OSError:
        return []
    return found


def atom_feed(catalog: Catalog, entries: list[Change], site_url: str, language: str | None = None) -> str:
    """The changes as an Atom 1.0 document; ``site_url`` ends with ``/``. Titles are in ``language`` (default: the default language)."""
    language = language or catalog.default_language
    prefix = "" if language == catalog.default_language else f"{language}/"
    title = catalog.settings["name"].get(language) or catalog.settings["name"][catalog.default_language]
    updated = max((c.when for c in entries), default=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language)}>',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(site_url)}changes.atom</id>",
        f'  <link rel="self" href={quoteattr(site_url + "changes.atom")}/>',
        f"  <link href={quoteattr(site_url + prefix)}/>",
        f"  <updated>{updated.isoformat()}</updated>",
        f"  <author><name>{escape(title)}</name></author>",
    ]
    for change in entries:
        service = catalog.services.get(change.service)
        name = service.data["name"] if service else None
        label = (name.get(language) or name[catalog.default_language]) if name else change.service
        page = f"{site_url}{prefix}services/{change.service}/"
        lines += [
            "  <entry>",
            f"    <title>{escape(label)}</title>",
            f"    <id>{escape(page)}#{change.commit}</id>",
            f"    <link href={quoteattr(page)}/>",
            f"    <updated>{change.when.isoformat()}</updated>",
            f"    <category term={quoteattr(change.action)}/>",
            f"    <summary>{escape(change.subject)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
