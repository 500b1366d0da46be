"""``catalog diff BASE HEAD``: what a pull request changes, in plain words for the verifier.

Each revision's ``catalog/`` and ``schema/`` are taken out of git into a
temporary folder. Every file that loads is read (an invalid revision is
reported as such and still compared): services are merged with their template
and given the schema's defaults exactly as the model does (``model.merge``,
``model.apply_defaults``), then compared by id. Field names are the schema's
``title``s and values are shown in the catalogue's default language; the frame
text is English. Changes that deserve a closer look are listed first.

This module is the command; the work is done, in order, by ``snapshot``
(revision → ``Snapshot``), ``comparison`` (two snapshots → ``Report``, with
``fielddiff`` and ``schematree`` for field values) and ``diffreport`` (Markdown).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from servicecatalog.review.comparison import Comparison
from servicecatalog.review.diffreport import to_markdown
from servicecatalog.review.snapshot import GitError, load_snapshot, materialise


def diff_revisions(root: Path, base: str, head: str) -> str:
    """The Markdown report of what changes in the catalogue from ``base`` to ``head``."""
    with tempfile.TemporaryDirectory(prefix="catalog-diff-") as tmp:
        snapshots = []
        for name, revision in (("base", base), ("head", head)):
            materialise(root, revision, Path(tmp) / name)
            snapshots.append(load_snapshot(Path(tmp) / name, revision))
    return to_markdown(Comparison(*snapshots).run())


def run(args: argparse.Namespace) -> int:
    """Handler of ``catalog diff``."""
    try:
        text = diff_revisions(args.root or Path.cwd(), args.base, args.head)
    except GitError as exc:
        print(f"catalog diff: {exc}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog diff`` on the ``catalog`` command's subparsers."""
    parser = subparsers.add_parser(
        "diff", help="describe what changes between two git revisions, for the pull request's verifier",
        description="Compare catalog/ at two git revisions and write Markdown for the pull request: services added, "
                    "removed, withdrawn, renamed or given a new identifier, every changed field (old → new, in the "
                    "default language), changes that need a closer look, and the editors' teams to ask. "
                    "An invalid revision is said to be invalid and still compared. Exit status 0, or 2 when git "
                    "cannot read a revision.",
    )
    parser.add_argument("base", metavar="BASE", help="the revision the pull request starts from, e.g. origin/main")
    parser.add_argument("head", metavar="HEAD", help="the revision with the changes, e.g. HEAD")
    parser.add_argument("--root", type=Path, default=None, help="project folder inside the git repository (default: the current folder or its nearest parent with catalog/ and schema/)")
    parser.add_argument("--output", type=Path, default=None, help="write the Markdown to this file instead of the standard output")
    parser.set_defaults(handler=run)
    return parser
