"""``catalog preview``: publish a pull request's preview where a verifier can click it, and take it down when it closes.

The pull request's check runs the pull request's own code, so it gets no secret
and no write permission: it builds ``catalog build --preview-of N`` and uploads
the folder as an artifact. The *Preview* workflow runs afterwards from the
default branch, with this code, and treats that artifact as data only:

- ``prepare`` checks that the number the artifact names is the pull request whose
  head the check built (``refs/pull/N/head`` must be the commit GitHub reports),
  copies only the kinds of files a site is made of, marks every page again
  (``site.preview``: banner, ``noindex``, no canonical link) and turns the official
  site's addresses into the preview's;
- ``publish`` pushes it to ``pr-<N>/`` of the preview host (``review.previewhost``);
- ``comment`` writes one comment on the pull request, updated on every push, with
  the link and the change summary linking each changed service's preview page;
- ``prune`` removes the previews of pull requests that are no longer open.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.validate import validate_catalog
from servicecatalog.review.diff import diff_revisions
from servicecatalog.review.previewhost import HostError, keep_only, put, update
from servicecatalog.review.reportwords import words
from servicecatalog.review.snapshot import GitError
from servicecatalog.site.preview import PREVIEW_FILE, mark_page, relocate

MARKER = "<!-- catalog-preview -->"
KEY_VARIABLE = "CATALOG_PREVIEW_DEPLOY_KEY"
# What a built site is made of; anything else in the artifact is left behind.
TEXT = frozenset({".html", ".css", ".js", ".json", ".jsonld", ".xml", ".atom", ".txt", ".csv", ".svg", ".webmanifest", ".map"})
BINARY = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".gz"})
LEFT_OUT = ("admin", "sitemap.xml", "sitemap.xml.gz", PREVIEW_FILE)  # the web editor, what invites crawlers, the artifact's label
MAX_FILE = 20 * 1024 * 1024
MAX_TOTAL = 500 * 1024 * 1024


class PreviewError(Exception):
    """Why a preview cannot be prepared, published or announced."""


def pull_request_of(artifact: Path) -> int:
    """The pull request number the artifact names (``catalog-preview.json``), checked to be one."""
    label = artifact / PREVIEW_FILE
    if not label.is_file() or label.is_symlink() or label.stat().st_size > 1024:
        raise PreviewError(f"{label} is missing: the artifact is not a preview built by `catalog build --preview-of`")
    try:
        number = json.loads(label.read_text(encoding="utf-8"))["pull_request"]
    except (ValueError, KeyError, TypeError):
        raise PreviewError(f"{label} does not name a pull request") from None
    if type(number) is not int or not 0 < number < 10**9:
        raise PreviewError(f"{label} does not name a pull request")
    return number


def check_head(root: Path, number: int, head_sha: str) -> None:
    """Fail unless pull request ``number``'s head on ``origin`` is ``head_sha`` (the commit the check built)."""
    try:
        subprocess.run(["git", "-C", str(root), "fetch", "-q", "--no-tags", "origin", f"+refs/pull/{number}/head:refs/catalog-preview/{number}"],
                       check=True, capture_output=True, timeout=300)
        found = subprocess.run(["git", "-C", str(root), "rev-parse", f"refs/catalog-preview/{number}"],
                               check=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        raise PreviewError(f"pull request #{number} was not found on origin") from None
    if found != head_sha:
        raise PreviewError(f"pull request #{number}'s head is {found[:12]}, not the commit that was built ({head_sha[:12]}): not published")


def address(base: str, number: int) -> str:
    """Where pull request ``number``'s preview is served: ``<base>pr-<N>/``."""
    return f"{base.rstrip('/')}/pr-{number}/"


def prepare(artifact: Path, out: Path, catalog: Catalog, number: int, preview_base: str) -> int:
    """Copy the artifact's site into ``out`` as a marked preview; returns the number of pages."""
    official = str(catalog.settings.get("site_url") or "")
    here = address(preview_base, number)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    total = pages = 0
    for path in sorted(artifact.rglob("*")):
        relative = path.relative_to(artifact)
        suffix = path.suffix.lower()
        if path.is_symlink() or not path.is_file() or relative.parts[0] in LEFT_OUT or relative.name in LEFT_OUT or suffix not in TEXT | BINARY:
            continue
        size = path.stat().st_size
        total += size
        if size > MAX_FILE or total > MAX_TOTAL:
            raise PreviewError(f"{relative} makes the preview larger than a site is: not published")
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if suffix in BINARY:
            shutil.copyfile(path, target)
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if official:
            text = relocate(text, official if official.endswith("/") else official + "/", here)
        if suffix == ".html":
            text = mark_page(text, catalog, number)
            pages += 1
        target.write_text(text, encoding="utf-8")
    (out / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    if not pages:
        raise PreviewError("the artifact holds no page: not published")
    return pages


def comment_body(root: Path, number: int, head: str, preview_base: str, *, base: str = "HEAD", language: str | None = None) -> str:
    """The pull request's preview comment: the link, then the change summary linking each changed service there."""
    here = address(preview_base, number)
    summary = diff_revisions(root, base, head, language=language, preview_url=here)
    result = validate_catalog(root)
    lang = language or (result.catalog.default_language if result.catalog else "en")
    w = words(lang)
    return "\n".join([MARKER, f"**{w['preview']}: <{here}>**", "", w["preview_note"].format(sha=head[:12]), "", summary.rstrip(), ""])


def _gh(*args: str) -> str:
    return subprocess.run(["gh", *args], check=True, capture_output=True, text=True, timeout=120).stdout


def post_comment(number: int, body: str) -> str:
    """Update the pull request's preview comment (found by its marker), or write it; returns ``created`` or ``updated``."""
    repo = os.environ.get("GH_REPO", "")
    comments = json.loads(_gh("api", "--paginate", "--slurp", f"repos/{repo}/issues/{number}/comments"))
    mine = [c for page in comments for c in page if str(c.get("body", "")).startswith(MARKER) and c.get("user", {}).get("type") == "Bot"]
    if mine:
        _gh("api", "--method", "PATCH", f"repos/{repo}/issues/comments/{mine[0]['id']}", "-f", f"body={body}")
        return "updated"
    _gh("api", "--method", "POST", f"repos/{repo}/issues/{number}/comments", "-f", f"body={body}")
    return "created"


def open_pull_requests() -> set[int]:
    """The numbers of the repository's open pull requests (read with ``gh``)."""
    return {int(p["number"]) for p in json.loads(_gh("pr", "list", "--state", "open", "--limit", "1000", "--json", "number"))}


def run(args: argparse.Namespace) -> int:
    """Handler of ``catalog preview``."""
    root = args.root or Path.cwd()
    try:
        if args.action == "prepare":
            result = validate_catalog(root)
            if result.catalog is None:
                raise PreviewError("the default branch's catalogue does not validate; run `catalog validate`")
            number = pull_request_of(args.artifact)
            if args.head_sha:
                check_head(root, number, args.head_sha)
            pages = prepare(args.artifact, args.out, result.catalog, number, args.url)
            print(f"number={number}")
            print(f"Pull request #{number}: {pages} pages marked as a preview in {args.out}", file=sys.stderr)
        elif args.action == "publish":
            print(update(args.repository, args.branch, put(args.folder, args.number), key=os.environ.get(KEY_VARIABLE) or None))
        elif args.action == "comment":
            body = comment_body(root, args.number, args.head, args.url, language=args.lang)
            print(post_comment(args.number, body) if args.apply else body)
        else:
            keep = set(args.open) if args.open is not None else open_pull_requests()
            print(update(args.repository, args.branch, keep_only(keep), key=os.environ.get(KEY_VARIABLE) or None) or "Nothing to remove.")
    except (PreviewError, HostError, GitError) as exc:
        print(f"catalog preview {args.action}: {exc}", file=sys.stderr)
        return 1
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        print(f"catalog preview {args.action}: {exc}", file=sys.stderr)
        return 1
    return 0


def _number(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 10**9:
        raise argparse.ArgumentTypeError(f"{text!r} is not a pull request number")
    return int(text)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog preview`` on the ``catalog`` command's subparsers."""
    parser = subparsers.add_parser(
        "preview", help="publish a pull request's preview on the preview host, comment its link, remove closed ones",
        description="Steps of the Preview workflow (guides/review-and-publishing.md). The preview host is a git repository "
                    "served by GitHub Pages, never the official site; its deploy key is read from CATALOG_PREVIEW_DEPLOY_KEY.",
    )
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: the current folder or its nearest parent with catalog/)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    step = actions.add_parser("prepare", help="check the built preview and mark every page again; prints number=N")
    step.add_argument("artifact", type=Path, help="the folder `catalog build --preview-of N` wrote (the check's artifact)")
    step.add_argument("--out", type=Path, required=True, help="where to write the preview to publish")
    step.add_argument("--url", required=True, help="the preview host's address; the preview is served at <URL>pr-<N>/")
    step.add_argument("--head-sha", default=None, help="the commit the check built: refs/pull/N/head on origin must be it")
    step = actions.add_parser("publish", help="push a prepared preview to pr-<N>/ of the preview host")
    step.add_argument("folder", type=Path)
    step.add_argument("--number", type=_number, required=True)
    step.add_argument("--repository", required=True, help="the preview host: owner/name on GitHub (or a git URL)")
    step.add_argument("--branch", default="gh-pages", help="the branch the host's Pages serve (default gh-pages)")
    step = actions.add_parser("comment", help="the pull request's preview comment: link and change summary (written with --apply)")
    step.add_argument("--number", type=_number, required=True)
    step.add_argument("--head", required=True, help="the pull request's head commit")
    step.add_argument("--url", required=True, help="the preview host's address")
    step.add_argument("--lang", default=None, help="language of the summary (default: the catalogue's default language)")
    step.add_argument("--apply", action="store_true", help="write or update the comment on GitHub with gh (needs GH_TOKEN, GH_REPO)")
    step = actions.add_parser("prune", help="remove the previews of pull requests that are no longer open")
    step.add_argument("--repository", required=True)
    step.add_argument("--branch", default="gh-pages")
    step.add_argument("--open", type=_number, nargs="*", default=None, help="the open pull requests (default: asked with gh)")
    parser.set_defaults(handler=run)
    return parser
