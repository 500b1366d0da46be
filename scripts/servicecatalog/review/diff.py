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
``fielddiff`` and the schema model ``model.fields`` for field values) and ``diffreport`` (Markdown).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from servicecatalog.review.comparison import Comparison
from servicecatalog.review.diffreport import to_markdown
from servicecatalog.review.snapshot import GitError, _git, load_snapshot, materialise


def diff_revisions(root: Path, base: str, head: str, *, merge_base: bool = True, language: str | None = None, preview_url: str | None = None) -> str:
    """The Markdown report of what changes in the catalogue from ``base`` to ``head``.

    ``merge_base``: compare ``head`` with where it branched off ``base`` (``git diff BASE...HEAD``), so that
    a branch behind ``main`` is not shown ``main``'s newer changes as its own. ``language``: the language
    values are shown in (default: the catalogue's default language). ``preview_url``: the pull request's
    preview site, so that each changed service links to its page there.
    """
    start = base
    if merge_base:
        for revision in (base, head):
            if revision.startswith("-"):
                raise GitError(f"{revision!r} is not a revision")
        start = _git(root, "merge-base", base, head).decode().strip()
    with tempfile.TemporaryDirectory(prefix="catalog-diff-") as tmp:
        snapshots = []
        for name, revision, label in (("base", start, base), ("head", head, head)):
            materialise(root, revision, Path(tmp) / name)
            snapshots.append(load_snapshot(Path(tmp) / name, label))
    return to_markdown(Comparison(*snapshots, language=language, preview_url=preview_url).run())


def run(args: argparse.Namespace) -> int:
    """Handler of ``catalog diff``."""
    try:
        text = diff_revisions(args.root or Path.cwd(), args.base, args.head, merge_base=not args.exact, language=args.lang, preview_url=args.preview_url)
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
    parser.add_argument("base", metavar="BASE", help="the branch the pull request goes into, e.g. origin/main; the change is read from where HEAD branched off it")
    parser.add_argument("head", metavar="HEAD", help="the revision with the changes, e.g. HEAD")
    parser.add_argument("--root", type=Path, default=None, help="project folder inside the git repository (default: the current folder or its nearest parent with catalog/ and schema/)")
    parser.add_argument("--exact", action="store_true", help="compare BASE itself with HEAD, not the point where HEAD branched off BASE (the default, like git diff BASE...HEAD)")
    parser.add_argument("--lang", default=None, help="the language the catalogue's values are shown in (default: the catalogue's default language)")
    parser.add_argument("--preview-url", default=None, help="address of the pull request's preview site: each changed service links to its page there")
    parser.add_argument("--output", type=Path, default=None, help="write the Markdown to this file instead of the standard output")
    parser.set_defaults(handler=run)
    return parser
