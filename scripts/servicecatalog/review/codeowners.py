"""``catalog codeowners``: write ``.github/CODEOWNERS`` from the catalogue, or check it.

GitHub accepts the approval of ANY ONE code owner of a changed file when
"require review from code owners" is on. An institution's editors listed as
owners could therefore approve their own institution's change alone. So only
the verifiers' team (``verifiers_team`` in ``catalog/catalog.yaml``) owns
anything; each institution's editor teams are written as comments beside its
folder, for reviewers' information (see ``guides/review-and-publishing.md``).

The file is generated and drift-checked: ``--check`` (run in the pull-request
workflow and by the tests) fails when the committed file differs.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any, TextIO

from servicecatalog.model import report
from servicecatalog.model.catalog import Catalog
from servicecatalog.model.validate import validate_catalog

CODEOWNERS = Path(".github") / "CODEOWNERS"
EXIT_OK, EXIT_FAILED = 0, 1

_HEADER = """\
# GENERATED FILE - do not edit by hand.
# Written by `catalog codeowners` from catalog/catalog.yaml (verifiers_team) and
# catalog/institutions/*.yaml (editor_teams). Change those files and run
# `catalog codeowners`; the pull-request workflow runs `catalog codeowners --check`
# and fails when this file is out of date.
#
# Only the verifiers' team owns files. GitHub accepts the approval of any ONE
# code owner of a changed file, so an institution's editors listed as owners
# could approve their own change alone. Editors propose changes by pull request;
# a verifier's approving review publishes them. Each institution's editor teams
# are named in comments, for reviewers' information only.
# See guides/review-and-publishing.md.
"""


def owner(team: str) -> str:
    """A team as CODEOWNERS names it: ``@organisation/team``."""
    return f"@{team}"


def render_codeowners(catalog: Catalog) -> str:
    """The text of ``.github/CODEOWNERS`` for this catalogue."""
    verifiers = owner(catalog.settings["verifiers_team"])
    lines = [
        _HEADER,
        "# Everything not named below: code, schemas, workflows, this file.",
        f"* {verifiers}",
        "",
        "# Shared catalogue files (settings, vocabularies, templates, interface words) and the code.",
        f"/catalog/ {verifiers}",
        f"/schema/ {verifiers}",
        f"/scripts/ {verifiers}",
        f"/.github/ {verifiers}",
    ]
    for institution_id, institution in sorted(catalog.institutions.items()):
        editors = ", ".join(institution["editor_teams"])
        lines += [
            "",
            f"# Institution {institution_id}: editors (not owners): {editors}",
            f"/catalog/institutions/{institution_id}.yaml {verifiers}",
            f"/catalog/services/{institution_id}/ {verifiers}",
        ]
    return "\n".join(lines) + "\n"


def owner_lines(text: str) -> list[tuple[str, list[str]]]:
    """The rules of a CODEOWNERS text: (pattern, owners) for every non-comment line."""
    rules = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            pattern, *owners = stripped.split()
            rules.append((pattern, owners))
    return rules


def check(expected: str, path: Path, out: TextIO, display: str = CODEOWNERS.as_posix()) -> bool:
    """Whether the committed file equals ``expected``; print what differs when it does not."""
    if not path.is_file():
        print(f"{display}: error: the file is missing; run `catalog codeowners` and commit it", file=out)
        return False
    current = path.read_text(encoding="utf-8")
    if current == expected:
        return True
    diff = difflib.unified_diff(current.splitlines(keepends=True), expected.splitlines(keepends=True), f"{display} (committed)", f"{display} (from the catalogue)")
    out.writelines(diff)
    print(f"{display}: error: the file is out of date with the catalogue; run `catalog codeowners` and commit the result", file=out)
    return False


def run(root: Path, *, check_only: bool, out: TextIO | None = None) -> int:
    """Validate the catalogue, then write or check ``root/.github/CODEOWNERS``."""
    out = out or sys.stdout  # looked up at call time, so redirected output is honoured
    result = validate_catalog(root)
    if not result.ok or result.catalog is None:
        report.write(result, "text", out)
        print(f"CODEOWNERS was not {'checked' if check_only else 'written'}: fix the errors above first.", file=out)
        return EXIT_FAILED
    expected = render_codeowners(result.catalog)
    path = root / CODEOWNERS
    if check_only:
        if not check(expected, path, out):
            return EXIT_FAILED
        print(f"{CODEOWNERS.as_posix()} is up to date", file=out)
        return EXIT_OK
    if path.is_file() and path.read_text(encoding="utf-8") == expected:
        print(f"{CODEOWNERS.as_posix()} is up to date", file=out)
        return EXIT_OK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(expected, encoding="utf-8")
    print(f"{CODEOWNERS.as_posix()} written", file=out)
    return EXIT_OK


def _handle(args: argparse.Namespace) -> int:
    return run(args.root, check_only=args.check)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog codeowners`` on the ``catalog`` command's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "codeowners", help="write .github/CODEOWNERS from the catalogue (--check: fail when it is out of date)",
        description="Write .github/CODEOWNERS: the verifiers' team owns every path; each institution's editor teams "
                    "are recorded as comments. With --check, write nothing and exit 1 when the committed file differs.",
    )
    parser.add_argument("--root", type=Path, default=None, metavar="PATH", help="project folder holding catalog/ and schema/ (default: the current folder or its nearest parent that has them)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 when the committed file differs from the catalogue")
    parser.set_defaults(handler=_handle)
    return parser
