"""``catalog stale``: services nobody has verified for a long time.

A change is published when a verifier approves its pull request, so a service
counts as verified on the date its file, or the template it is built on, last
changed on the current branch (the same rule the service pages show; see
``model.history.last_changes``: merged pull requests count on their merge day, a
``catalog confirm`` record counts, a reference following another institution's
rename does not). A file that no commit touches has never been verified. Withdrawn services are left
out: nobody needs to keep them current. "Today" is always a parameter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from servicecatalog.model.history import is_shallow, last_changes
from servicecatalog.model.translations import SOURCE
from servicecatalog.model.validate import validate_catalog
from servicecatalog.model.verification import (
    DEFAULT_DAYS,
    SETTING,
    StaleService,
    stale_after,
    stale_services,
    verified_on,
)
from servicecatalog.review.reportwords import words

__all__ = ["DEFAULT_DAYS", "SETTING", "StaleService", "stale_after", "stale_services", "verified_on"]  # the rule lives in model.verification

FORMATS = ("text", "markdown", "json")


def _when(item: StaleService, said: dict[str, str]) -> str:
    return said["stale.verified"].format(date=item.verified.isoformat(), days=item.days) if item.verified else said["stale.never"]


def write(items: list[StaleService], fmt: str, out: TextIO, *, today: dt.date, days: int, lang: str = SOURCE) -> None:
    """Print the list as plain text, Markdown or JSON (JSON's keys are the same in every language)."""
    said = words(lang)
    if fmt == "json":
        rows = [{**asdict(i), "editor_teams": list(i.editor_teams), "verified": i.verified.isoformat() if i.verified else None} for i in items]
        json.dump({"today": today.isoformat(), "stale_after_days": days, "services": rows}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "markdown":
        out.write(f"## {said['stale.heading'].format(days=days)}\n\n{said['stale.as_of'].format(count=len(items), today=today.isoformat())}\n\n")
        if items:
            out.write(f"| {said['stale.columns']} |\n| --- | --- | --- | --- |\n")
            for i in items:
                teams = ", ".join(f"`@{t}`" for t in i.editor_teams)
                out.write(f"| `{i.id}` {i.name.replace('|', '/')} | `{i.institution}` | {teams} | {_when(i, said)} |\n")
        return
    for i in items:
        out.write(f"{i.path}: {_when(i, said)}: {i.id} ({i.institution})\n")
    out.write(said["stale.total"].format(count=len(items), days=days, today=today.isoformat()) + "\n")


def run(args: argparse.Namespace) -> int:
    """Handler of ``catalog stale``: 0 with the list (even when it is not empty), 1 when the catalogue is invalid or the history shallow."""
    root = args.root or Path.cwd()
    result = validate_catalog(root)
    if result.catalog is None:
        print(f"catalog stale: the catalogue has {len(result.errors)} error(s); run `catalog validate` first", file=sys.stderr)
        return 1
    if is_shallow(root):  # every file would look never verified: say so rather than list them all
        print("catalog stale: this is a shallow clone, so the dates of the catalogue's files are unknown; "
              "fetch the whole history first (git fetch --unshallow)", file=sys.stderr)
        return 1
    days = stale_after(result.catalog, args.days)
    today = args.today or dt.date.today()
    write(stale_services(result.catalog, last_changes(root), today, days), args.format, sys.stdout, today=today, days=days, lang=args.lang)
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-01-31") from None


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days; write a whole number such as 365")
    return int(text)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog stale`` on the ``catalog`` command's subparsers."""
    parser = subparsers.add_parser(
        "stale", help="list services not verified for a long time",
        description="List the active services whose file (or template) has not changed on the current branch for more "
                    f"than N days, and those never verified, oldest first. N is --days, else `{SETTING}` in "
                    f"catalog/catalog.yaml, else {DEFAULT_DAYS}. Exit status 0, or 1 when the catalogue is invalid.",
    )
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: the current folder or its nearest parent with catalog/ and schema/)")
    parser.add_argument("--days", type=_days, default=None, help=f"how many days without verification make a service stale (default: `{SETTING}` or {DEFAULT_DAYS})")
    parser.add_argument("--today", type=_date, default=None, help="the date to count from, YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="text for people (default), markdown for an issue or a page, json for tools")
    parser.add_argument("--lang", default=SOURCE, metavar="LANG", help="language of the list (en, mk, sq; others fall back to en; default: en)")
    parser.set_defaults(handler=run)
    return parser
