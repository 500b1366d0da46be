"""A pull request's preview: marked on every page, checked and marked again by the trusted side, published and removed.

The pull request's check builds ``catalog build --preview-of N``; the Preview workflow runs
``catalog preview prepare | publish | comment | prune`` from the default branch. These tests drive
those commands on a small built catalogue, a local bare repository as the preview host and a
local ``origin`` holding ``refs/pull/N/head``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from servicecatalog.cli import main
from servicecatalog.mkdocs.build import build_site
from servicecatalog.model.validate import validate_catalog
from servicecatalog.review.preview import PreviewError, check_head, comment_body, prepare, pull_request_of
from site_helpers import make_project

PROJECT = Path(__file__).resolve().parents[1]
OFFICIAL = "https://example.org/catalogue/"  # the mini catalogue's site_url
HOST = "https://previews.example.net/catalogue-previews/"
BANNER = {
    "mk": "Преглед на неодобрена промена (барање за промена #7)",
    "sq": "Parapamje e një ndryshimi të pamiratuar (kërkesa për ndryshim #7)",
    "en": "Preview of an unapproved change (pull request #7)",
}


def git(root: Path, *args: str, date: str = "2024-01-01T12:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=Editor", "-c", "user.email=e@example.org", *args],
                          check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, preview folder) of the mini catalogue built as pull request 7's preview."""
    root = make_project(tmp_path_factory.mktemp("preview"))
    out = io.StringIO()
    assert build_site(root, root / "preview", preview_of=7, out=out), out.getvalue()
    return root, root / "preview"


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def _language(page: Path, folder: Path) -> str:
    first = page.relative_to(folder).parts[0]
    return first if first in ("sq", "en") else "mk"


def test_every_page_of_a_preview_build_says_it_is_not_the_official_catalogue(built: tuple[Path, Path]) -> None:
    _, folder = built
    pages = _pages(folder)
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('id="catalog-preview-banner"') == 1, page
        assert BANNER[_language(page, folder)] in html, page  # in the page's own language
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        assert 'rel="canonical"' not in html, page
    assert json.loads((folder / "catalog-preview.json").read_text(encoding="utf-8")) == {"pull_request": 7}
    assert not (folder / "admin").exists()


def test_the_banner_cannot_be_styled_away_or_closed(built: tuple[Path, Path]) -> None:
    html = (built[1] / "en" / "services" / "residence" / "index.html").read_text(encoding="utf-8")
    element = re.search(r'<div id="catalog-preview-banner"[^>]*>[^<]*</div>', html)
    assert element is not None
    assert html.index(element.group(0)) < html.index('class="md-header'), "first in the body, before the site's header"
    for rule in ("position:fixed !important", "display:block !important", "visibility:visible !important", "z-index:2147483647 !important"):
        assert rule in element.group(0)
    assert "<button" not in element.group(0)


def _tampered(folder: Path, tmp_path: Path) -> Path:
    """The preview as a pull request's own code might have built it: banner dropped, canonical to the real site, extras."""
    artifact = tmp_path / "artifact"
    shutil.copytree(folder, artifact)
    page = artifact / "services" / "residence" / "index.html"
    html = re.sub(r'<div id="catalog-preview-banner"[^>]*>[^<]*</div>', "", page.read_text(encoding="utf-8"))
    html = html.replace('<meta name="robots" content="noindex, nofollow">', f'<link rel="canonical" href="{OFFICIAL}services/residence/">')
    page.write_text(html, encoding="utf-8")
    (artifact / "admin").mkdir()
    (artifact / "admin" / "index.html").write_text("<html><body>login</body></html>", encoding="utf-8")
    (artifact / "tool.exe").write_bytes(b"MZ")
    (artifact / "secret.html").symlink_to("/etc/hostname")
    (artifact / "system").symlink_to("/etc", target_is_directory=True)
    return artifact


def test_prepare_marks_every_page_again_and_keeps_only_what_a_site_is_made_of(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, folder = built
    artifact = _tampered(folder, tmp_path)
    catalog = validate_catalog(root).catalog
    assert catalog is not None
    out = tmp_path / "out"
    assert prepare(artifact, out, catalog, pull_request_of(artifact), HOST) == len(_pages(folder))
    for page in _pages(out):
        html = page.read_text(encoding="utf-8")
        assert html.count('id="catalog-preview-banner"') == 1, page
        assert BANNER[_language(page, out)] in html
        assert html.count('<meta name="robots" content="noindex, nofollow">') == 1
        assert 'rel="canonical"' not in html
        assert OFFICIAL not in html, "no address of the official site: it links the preview instead"
        assert not re.search(r'(href|src)="/catalogue/', html), "root-relative addresses moved to the preview's folder"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="/catalogue-previews/pr-7/sq/"' in home
    assert not (out / "admin").exists() and not (out / "tool.exe").exists() and not (out / "secret.html").exists()
    assert not (out / "system").exists(), "nothing reached through a link out of the artifact"
    assert not (out / "sitemap.xml").exists() and not (out / "catalog-preview.json").exists()
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


@pytest.mark.parametrize("label", ['{"pull_request": "7"}', '{"pull_request": true}', '{"pull_request": -7}', "[7]", "not json", None])
def test_prepare_refuses_an_artifact_that_names_no_pull_request(tmp_path: Path, label: str | None) -> None:
    (tmp_path / "index.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    if label is not None:
        (tmp_path / "catalog-preview.json").write_text(label, encoding="utf-8")
    with pytest.raises(PreviewError):
        pull_request_of(tmp_path)


def test_only_the_commit_the_check_built_is_published(tmp_path: Path) -> None:
    """The number comes from the artifact, which the pull request's code wrote: GitHub's refs/pull/N/head must agree."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    (origin / "a.txt").write_text("a", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "a")
    built_head = git(origin, "rev-parse", "HEAD").strip()
    git(origin, "update-ref", "refs/pull/7/head", built_head)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    check_head(clone, 7, built_head)
    with pytest.raises(PreviewError, match="not the commit that was built"):
        check_head(clone, 7, "0" * 40)
    with pytest.raises(PreviewError, match="not found"):
        check_head(clone, 8, built_head)


def _host(tmp_path: Path) -> Path:
    host = tmp_path / "host.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "gh-pages", str(host)], check=True)
    return host


def _tree(host: Path) -> set[str]:
    return set(git(host, "ls-tree", "-r", "--name-only", "gh-pages").split())


def test_publish_puts_each_preview_in_its_folder_and_prune_removes_closed_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    host = _host(tmp_path)
    for number, word in ((7, "seven"), (9, "nine"), (7, "seven again")):
        site = tmp_path / f"site-{number}"
        site.mkdir(exist_ok=True)
        (site / "index.html").write_text(f"<html><body>{word}</body></html>", encoding="utf-8")
        assert main(["preview", "publish", str(site), "--number", str(number), "--repository", str(host)]) == 0
    assert {"pr-7/index.html", "pr-9/index.html", ".nojekyll", "index.html"} <= _tree(host)
    assert git(host, "show", "gh-pages:pr-7/index.html") == "<html><body>seven again</body></html>"
    assert git(host, "rev-list", "--count", "gh-pages").strip() == "1", "one commit: the host holds today's previews, not every build"
    capsys.readouterr()
    assert main(["preview", "prune", "--repository", str(host), "--open", "9"]) == 0
    assert "#7" in capsys.readouterr().out
    assert not any(name.startswith("pr-7/") for name in _tree(host)) and "pr-9/index.html" in _tree(host)
    assert main(["preview", "prune", "--repository", str(host), "--open", "9"]) == 0
    assert "Nothing to remove." in capsys.readouterr().out


def test_the_comment_links_the_preview_and_each_changed_services_page_there(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    git(root, "checkout", "-q", "-b", "change")
    service = root / "catalog" / "services" / "town" / "residence.yaml"
    service.write_text(service.read_text(encoding="utf-8").replace("in_person_visits: 1", "in_person_visits: 2"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "two visits")
    head = git(root, "rev-parse", "HEAD").strip()
    git(root, "checkout", "-q", "main")
    body = comment_body(root, 7, head, HOST)
    lines = body.splitlines()
    assert lines[0] == "<!-- catalog-preview -->", "the marker by which the comment is found and updated"
    assert lines[1] == f"**Преглед: <{HOST}pr-7/>**"
    assert f"Изградено од ова барање за промена на {head[:12]}" in body
    assert f"Преглед: <{HOST}pr-7/services/residence/>" in lines
    english = comment_body(root, 7, head, HOST, language="en")
    assert f"Preview: <{HOST}pr-7/en/services/residence/>" in english.splitlines()


def test_build_refuses_a_preview_number_that_is_not_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["build", "--preview-of", "7; rm", "--site-dir", str(tmp_path)])
    assert stop.value.code == 2
    root = make_project(tmp_path / "project")
    assert main(["build", str(root), "--preview-of", "7"]) == 2
    assert "--preview-of builds a pull request's preview into --site-dir" in capsys.readouterr().err


@pytest.mark.browser
def test_the_banner_stays_in_view_on_the_published_preview_even_against_the_pages_own_styles(
        built: tuple[Path, Path], tmp_path: Path, page: object) -> None:
    """Served at the preview host's path as GitHub Pages would: assets load, the banner is on top, visible after scrolling."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from browser_fixtures import _PrefixHandler

    root, folder = built
    artifact = tmp_path / "artifact"
    shutil.copytree(folder, artifact)
    hostile = artifact / "sq" / "services" / "residence" / "index.html"
    hostile.write_text(hostile.read_text(encoding="utf-8").replace("</head>", "<style>#catalog-preview-banner{display:none!important}</style></head>"), encoding="utf-8")
    catalog = validate_catalog(root).catalog
    assert catalog is not None
    out = tmp_path / "out"
    prepare(artifact, out, catalog, 7, HOST)
    prefix = "/catalogue-previews/pr-7/"
    handler = functools.partial(type("Handler", (_PrefixHandler,), {"prefix": prefix}), directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}{prefix}sq/services/residence/")  # type: ignore[attr-defined]
        check = """() => {
            const banner = document.getElementById('catalog-preview-banner')
            const box = banner.getBoundingClientRect()
            const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
            return {text: banner.innerText, shown: box.height > 0 && box.bottom <= innerHeight + 1, onTop: banner.contains(top),
                    styled: getComputedStyle(document.querySelector('.md-header')).position}
        }"""
        seen = page.evaluate(check)  # type: ignore[attr-defined]
        assert seen["text"].startswith(BANNER["sq"]) and seen["shown"] and seen["onTop"], seen
        assert seen["styled"] == "sticky", "the theme's stylesheet loaded from the preview's own folder"
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")  # type: ignore[attr-defined]
        seen = page.evaluate(check)  # type: ignore[attr-defined]
        assert seen["shown"] and seen["onTop"], seen
    finally:
        server.shutdown()
