"""``catalog confirm SERVICE…``: "checked, nothing changed" as a change a verifier approves.

A service that is still right would otherwise look unverified forever, or be
touched for no reason to reset its date. ``confirm`` writes a dated
``reviewed: {date: …, by: …}`` record into each service's own file (the schema's
``reviewed`` field); the pull request that carries it is reviewed like any other,
and its merge is the verification: the "last verified" date of the page, the
exports and ``catalog stale`` is the date the file last changed on ``main``.

A file in ``catalog fmt``'s canonical layout stays in it (the record where the
schema puts it); any other file is edited as text, so its comments and layout stay
as they were: only the ``reviewed:`` entry is replaced (or added at the end).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from servicecatalog.model.loader import LoadError, read_document
from servicecatalog.model.translations import SOURCE
from servicecatalog.review.reportwords import words

FIELD = "reviewed"
_TOP_LEVEL = re.compile(r"^\S")


def find_service(root: Path, service_id: str) -> Path | None:
    """The file of ``service_id``: ``catalog/services/<institution>/<id>.yaml``."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", service_id):
        return None
    found = sorted((root / "catalog" / "services").glob(f"*/{service_id}.yaml"))
    return found[0] if found else None


def with_record(text: str, day: dt.date, by: str) -> str:
    """``text`` with its top-level ``reviewed:`` entry replaced by one for ``day`` and ``by``."""
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith(f"{FIELD}:"):
            skipping = True
            continue
        if skipping and (not line.strip() or not _TOP_LEVEL.match(line)):
            continue  # the old entry's own lines (a block mapping)
        skipping = False
        kept.append(line)
    body = "".join(kept)
    if body and not body.endswith("\n"):
        body += "\n"
    return body + f'{FIELD}: {{date: "{day.isoformat()}", by: {json.dumps(by, ensure_ascii=False)}}}\n'


def _git_user(root: Path) -> str:
    try:
        return subprocess.run(["git", "-C", str(root), "config", "user.name"], check=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def run(args: argparse.Namespace) -> int:
    """Handler of ``catalog confirm``: 0 when every record was written, 1 when a service is unknown or a file unreadable."""
    root = args.root or Path.cwd()
    by = args.by or _git_user(root)
    if not by:
        print("catalog confirm: say who checked with --by NAME (or set git's user.name)", file=sys.stderr)
        return 2
    day = args.today or dt.date.today()
    paths = []
    for service_id in args.services:
        path = find_service(root, service_id)
        if path is None:
            print(f"catalog confirm: there is no service {service_id!r}; the ids are the file names in catalog/services/<institution-id>/", file=sys.stderr)
            return 1
        paths.append(path)
    from servicecatalog.editors import fmt  # a peer of review: the one canonical layout

    said, kinds = words(args.lang), fmt.orders(root)
    for path in paths:
        display = path.relative_to(root).as_posix()
        try:
            before, canonical = fmt.format_file(root, path, kinds)
            path.write_text(with_record(before, day, by), encoding="utf-8")
            read_document(path, display)
            if before == canonical:  # keep a file in `catalog fmt`'s layout, so the pull request's check passes
                path.write_text(fmt.format_file(root, path, kinds)[1], encoding="utf-8")
        except LoadError as exc:
            print(f"{display}:{exc.line}:{exc.column}: error: {exc.message}", file=sys.stderr)
            return 1
        print(said["confirm.done"].format(file=display, date=day.isoformat(), by=by))
    print(said["confirm.next"])
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-01-31") from None


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog confirm`` on the ``catalog`` command's subparsers."""
    parser = subparsers.add_parser(
        "confirm", help="record that services were checked and nothing needs to change",
        description="Write a dated `reviewed: {date, by}` record into each service's file. Commit it and open a pull "
                    "request: when it is approved and merged, the services count as verified on that day.",
    )
    parser.add_argument("services", metavar="SERVICE", nargs="+", help="the id of a service checked (its file name without .yaml)")
    parser.add_argument("--by", default=None, help="who checked (default: git's user.name)")
    parser.add_argument("--today", type=_date, default=None, help="the day of the check, YYYY-MM-DD (default: today)")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: the current folder or its nearest parent with catalog/ and schema/)")
    parser.add_argument("--lang", default=SOURCE, metavar="LANG", help="language of what it prints (en, mk, sq; others fall back to en; default: en)")
    parser.set_defaults(handler=run)
    return parser
