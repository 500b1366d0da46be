"""``catalog reminders``: one issue per institution listing its services past ``stale_after_days``.

A list on a verifiers' page reaches nobody; an issue that mentions the
institution's editor team does. The weekly workflow runs
``catalog reminders --apply``: for each institution it opens an issue, updates
the open one, or closes it when nothing is stale any more. Issues are found by a
hidden marker in their body, so a renamed title does not make a second issue.
``--format json`` prints the issues without touching GitHub; ``--dry-run`` prints
the ``gh`` commands ``--apply`` would run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.history import is_shallow, last_changes
from servicecatalog.model.translations import SOURCE, shipped
from servicecatalog.model.validate import validate_catalog
from servicecatalog.model.verification import StaleService, stale_after, stale_services
from servicecatalog.review.reportwords import words
from servicecatalog.review.stale import _date, _days

LABEL = "stale-services"
MARKER = "<!-- catalog-reminder: {institution} -->"
# The issue's frame comes from the message catalogue (model/locales/, review.reminder.*) in every catalogue language.
CLOSED = " / ".join(words(language)["reminder.closed"] for language in ("en", "mk", "sq"))
@dataclass(frozen=True)
class Reminder:
    """The issue of one institution: its title and body, and whether it should be open."""

    institution: str
    title: str
    body: str
    teams: tuple[str, ...]
    services: tuple[str, ...]

    @property
    def open(self) -> bool:
        return bool(self.services)


def reminders(catalog: Catalog, items: list[StaleService], today: dt.date, days: int) -> list[Reminder]:
    """One reminder per institution of the catalogue, in id order; those with nothing stale have no services."""
    languages = [lang for lang in catalog.settings.get("languages", []) if lang in shipped()] or [SOURCE]
    lead = languages[0]
    out = []
    for iid in sorted(catalog.institutions):
        record = catalog.institutions[iid]
        name = record.get("name", {}).get(catalog.default_language, iid) if isinstance(record.get("name"), dict) else iid
        teams = tuple(str(t) for t in record.get("editor_teams", []))
        mine = [i for i in items if i.institution == iid]
        lines = [MARKER.format(institution=iid), ""]
        if teams:
            lines += [" ".join(f"@{t}" for t in teams), ""]
        for lang in languages:
            lines += [words(lang)["reminder.body"].format(days=days, today=today.isoformat()), ""]
        never = " / ".join(words(lang)["reminder.never"] for lang in languages)
        for item in mine:
            when = item.verified.isoformat() if item.verified else never
            lines.append(f"- [ ] `{item.id}` {item.name.replace('|', '/')} — {when} — `{item.path}`")
        out.append(Reminder(iid, f"{words(lead)['reminder.title']}: {name} ({iid})", "\n".join(lines).rstrip() + "\n", teams, tuple(i.id for i in mine)))
    return out


def plan(items: list[Reminder], open_issues: dict[str, int]) -> list[list[str]]:
    """The ``gh`` commands that bring GitHub's issues in line: ``open_issues`` maps institution → issue number."""
    commands = []
    for item in items:
        number = open_issues.get(item.institution)
        if item.open and number is None:
            commands.append(["gh", "issue", "create", "--title", item.title, "--body", item.body, "--label", LABEL])
        elif item.open:
            commands.append(["gh", "issue", "edit", str(number), "--title", item.title, "--body", item.body])
        elif number is not None:
            commands.append(["gh", "issue", "close", str(number), "--comment", CLOSED])
    return commands


def open_issues() -> dict[str, int]:
    """The open reminder issues on GitHub, by institution (read with ``gh``)."""
    listed = subprocess.run(["gh", "issue", "list", "--label", LABEL, "--state", "open", "--limit", "500", "--json", "number,body"],
                            check=True, capture_output=True, text=True, timeout=120).stdout
    found = {}
    for issue in json.loads(listed):
        body = str(issue.get("body", ""))
        if body.startswith("<!-- catalog-reminder: "):
            found[body.split(" ", 3)[2]] = int(issue["number"])
    return found


def run(args: argparse.Namespace) -> int:
    """Handler of ``catalog reminders``."""
    root = args.root or Path.cwd()
    result = validate_catalog(root)
    if result.catalog is None:
        print(f"catalog reminders: the catalogue has {len(result.errors)} error(s); run `catalog validate` first", file=sys.stderr)
        return 1
    if is_shallow(root):
        print("catalog reminders: this is a shallow clone; fetch the whole history first (git fetch --unshallow)", file=sys.stderr)
        return 1
    days = stale_after(result.catalog, args.days)
    today = args.today or dt.date.today()
    items = reminders(result.catalog, stale_services(result.catalog, last_changes(root), today, days), today, days)
    if not (args.apply or args.dry_run):
        json.dump([{**asdict(i), "teams": list(i.teams), "services": list(i.services), "open": i.open} for i in items], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    try:
        commands = plan(items, open_issues() if args.apply else {})
        for command in commands:
            if args.dry_run:
                print(" ".join(json.dumps(part, ensure_ascii=False) if " " in part or "\n" in part else part for part in command))
            else:
                subprocess.run(command, check=True, timeout=120)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        print(f"catalog reminders: gh failed: {exc}", file=sys.stderr)
        return 1
    return 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog reminders`` on the ``catalog`` command's subparsers."""
    parser = subparsers.add_parser(
        "reminders", help="one issue per institution listing its services not verified for a long time",
        description="Print, per institution, the issue that lists its services past `stale_after_days` and mentions its "
                    "editor team (JSON). With --apply, open, update or close those issues on GitHub with `gh` "
                    "(needs GH_TOKEN); --dry-run prints the gh commands instead, as if no issue were open yet.",
    )
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: the current folder or its nearest parent with catalog/ and schema/)")
    parser.add_argument("--days", type=_days, default=None, help="days without verification that make a service stale (default: `stale_after_days` or 365)")
    parser.add_argument("--today", type=_date, default=None, help="the date to count from, YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=("json",), default="json", help="the issues as JSON (the default and only format)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--apply", action="store_true", help="open, update or close the issues on GitHub with gh")
    action.add_argument("--dry-run", action="store_true", help="print the gh commands --apply would run")
    parser.set_defaults(handler=run)
    return parser
