"""An Atom feed of changes to services, read from git history.

One ``git log`` for the whole ``catalog/services`` folder, newest first, read
only as far as ``limit`` changes: the cost does not grow with the length of
the history or the number of services. A copy without history gets an empty
feed, and so does a shallow clone, whose cut history would show every
service as added by the newest commit. Which service changed is the file's
name (its ``id``); when it changed is the commit date, so the feed is the same
on every run for the same history.

Entries are written for the catalogue's readers, not its developers: each names
the service in the default language, says what happened in the default
language's interface words, and links the service's page in every language.
Commit messages are left out: they are written in English for reviewers, and
are not what a citizen following the feed needs to read.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape, quoteattr

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.history import Blobs, ignored_revisions, is_shallow

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


def _parse(lines: Iterable[str], blobs: Blobs | None = None) -> Iterator[Change]:
    """Changes from ``git log --format=%x00%H%x00%cI%x00%s --raw --no-abbrev`` output, in its order.

    With ``blobs``, a change that leaves the file's data as it was (layout, quotes, comments) is no change.
    """
    when, commit, subject = None, "", ""
    for raw in lines:
        line = raw.rstrip("\n")
        if line.startswith("\x00"):
            commit, stamp, subject = line[1:].split("\x00", 2)
            when = dt.datetime.fromisoformat(stamp)
        elif line.startswith(":") and "\t" in line and when is not None:
            meta, _, path = line.partition("\t")
            fields = meta.split()
            posix = PurePosixPath(path)
            # catalog/services/<institution>/<id>.yaml only: not a README or a stray file.
            if posix.suffix != ".yaml" or len(posix.parts) != len(PurePosixPath(SERVICES_FOLDER).parts) + 2 or len(fields) < 5:
                continue
            if blobs is not None and blobs.same_content(fields[2], fields[3]):
                continue
            yield Change(posix.stem, path, _ACTIONS.get(fields[4][:1], "changed"), when, commit, subject)


def changes(root: Path, limit: int = 50) -> list[Change]:
    """The ``limit`` latest changes to service files, newest first; empty without git history."""
    command = ["git", "-C", str(root), "log", "--format=%x00%H%x00%cI%x00%s", "--raw", "--no-abbrev", "--no-renames",
               "--relative", "--", SERVICES_FOLDER]
    found: list[Change] = []
    if is_shallow(root):  # history.last_changes prints the warning
        return found
    try:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8") as process, Blobs(root) as blobs:
            assert process.stdout is not None
            # Read only as far as needed: a long history costs nothing beyond the newest changes.
            ignored = ignored_revisions(root)  # layout-only rewrites (`catalog fmt`) change no fact
            found = list(islice((c for c in _parse(process.stdout, blobs) if c.commit not in ignored), limit))
            process.kill()
    except OSError:
        return []
    return found


def _service_for(catalog: Catalog, service_id: str) -> str | None:
    """The current id of a service named ``service_id`` at the time of a change, or None if it is gone."""
    if service_id in catalog.services:
        return service_id
    return next((s.id for s in catalog.services.values() if service_id in s.data.get("former_ids", [])), None)


def page_urls(catalog: Catalog, path: str, site_url: str) -> dict[str, str]:
    """The page at ``path`` (``services/passport/``) in every language, the default language unprefixed."""
    return {lang: f"{site_url}{'' if lang == catalog.default_language else lang + '/'}{path}" for lang in catalog.languages}


def atom_feed(catalog: Catalog, entries: list[Change], site_url: str) -> str:
    """The changes as an Atom 1.0 document in the default language; ``site_url`` ends with ``/``.

    Each entry links the service's page in every language (``rel="alternate"`` with
    ``hreflang``); a service that no longer exists links the list of services instead.
    """
    language = catalog.default_language
    ui = catalog.ui.get(language, {})
    title = catalog.settings["name"][language]
    updated = max((c.when for c in entries), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language)}>',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(site_url)}changes.atom</id>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(site_url + "changes.atom")}/>',
        *(f'  <link rel="alternate" type="text/html" hreflang={quoteattr(lang)} href={quoteattr(href)}/>'
          for lang, href in page_urls(catalog, "", site_url).items()),
        f"  <updated>{updated.isoformat()}</updated>",
        f"  <author><name>{escape(title)}</name></author>",
    ]
    for change in entries:
        current = _service_for(catalog, change.service)
        name = catalog.services[current].data["name"][language] if current else change.service
        pages = page_urls(catalog, f"services/{current}/" if current else "services/", site_url)
        action = ui.get(f"feed.{change.action}") or change.action
        lines += [
            "  <entry>",
            f"    <title>{escape(name)}</title>",
            f"    <id>{escape(site_url)}services/{escape(change.service)}/#{change.commit}</id>",
            *(f'    <link rel="alternate" type="text/html" hreflang={quoteattr(lang)} href={quoteattr(href)}/>'
              for lang, href in pages.items()),
            f"    <updated>{change.when.isoformat()}</updated>",
            f"    <category term={quoteattr(change.action)} label={quoteattr(action)}/>",
            f"    <summary>{escape(action)}: {escape(name)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
