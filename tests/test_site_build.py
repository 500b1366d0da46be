"""The real MkDocs build of a small catalogue: pages, search indexes, redirects, safety,
sitemaps, open data, reproducibility, and dates read from real git history."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from servicecatalog.mkdocs.build import OFFLINE_DIR, build_site
from servicecatalog.mkdocs.config import render_mkdocs_config
from servicecatalog.model.validate import validate_catalog
from site_helpers import PROJECT, make_project

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "<a href='javascript:alert(2)'>link</a>",
    '"><svg onload=alert(3)>',
    "{{ 7*7 }} {% raw %}",
    "*[x]: <script>",
]


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    collector = _TagCollector()
    collector.feed(html)
    return collector.tags


def _build(root: Path) -> Path:
    out = io.StringIO()
    assert build_site(root, out=out), out.getvalue()
    return root / "site"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("built"))
    service = root / "catalog" / "services" / "town" / "residence.yaml"
    service.write_text(service.read_text(encoding="utf-8") + "former_ids: [address-registration]\n", encoding="utf-8")
    return _build(root)


def test_exact_list_of_html_pages(built: Path) -> None:
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("index.html") if "assets" not in p.parts)
    paths = ["", "categories/", "categories/documents/", "categories/property/", "institutions/", "institutions/town/",
             "accessibility/", "life-events/", "life-events/moving-house/", "once-only/", "online/", "open-data/", "priorities/", "privacy/", "stale/", "statistics/", "services/", "services/property-tax/", "services/residence/",
             "services/address-registration/"]
    expected = sorted(f"{prefix}{path}index.html" for prefix in ("", "sq/", "en/") for path in paths)
    assert pages == expected


def test_each_language_has_its_own_search_index(built: Path) -> None:
    expected = {
        "": {"Пријава на живеалиште": "service", "Општина Град": "institution", "Имот": "category", "Преселување": "life-event"},
        "en/": {"Registering your address": "service", "Town Municipality": "institution", "Property": "category", "Moving house": "life-event"},
    }
    for prefix, titles in expected.items():
        index = json.loads((built / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        kinds = {doc["title"]: doc.get("kind", "service") for doc in index["docs"]}
        assert titles.items() <= kinds.items()
        assert len(index["docs"]) == 6, "2 services, 1 institution, 2 categories, 1 life event; this language only"
    mk = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    # each language's own rules: Macedonian letters and stop words never reach the English page
    assert mk["config"]["letters"]["ш"] == "s" and "на" in mk["config"]["stop_words"]
    assert en["config"]["letters"] == {} and "the" in en["config"]["stop_words"] and "на" not in en["config"]["stop_words"]


def test_language_pages_search_their_own_index(built: Path) -> None:
    page = (built / "sq" / "services" / "residence" / "index.html").read_text(encoding="utf-8")
    assert 'config.base.replace(/\\/$/, "") + "/sq/"' in page
    assert "catalog_language_root" not in (built / "services" / "residence" / "index.html").read_text(encoding="utf-8")


def test_former_id_redirects_to_the_service(built: Path) -> None:
    for prefix in ("", "sq/", "en/"):
        html = (built / prefix / "services" / "address-registration" / "index.html").read_text(encoding="utf-8")
        assert 'http-equiv="refresh" content="0; url=../../services/residence/"' in html


def test_search_dialog_has_an_accessible_name(built: Path) -> None:
    html = (built / "en" / "index.html").read_text(encoding="utf-8")
    assert 'role="dialog" aria-label="Search"' in html


def test_an_invalid_catalogue_is_not_built(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    service = root / "catalog" / "services" / "town" / "residence.yaml"
    service.write_text(service.read_text(encoding="utf-8").replace("amount: 500", "amount: -5"), encoding="utf-8")
    (root / "catalog" / "services" / "town" / "property-tax.yaml").write_text(
        (root / "catalog" / "services" / "town" / "property-tax.yaml").read_text(encoding="utf-8").replace("amount: 500", "amount: -5"), encoding="utf-8")
    out = io.StringIO()
    assert not build_site(root, out=out)
    assert "catalog/services/town/property-tax.yaml:10:13: error: fees[0].amount: -5 is less than the minimum of 0" in out.getvalue()
    assert not (root / "site").exists()


def test_text_from_yaml_never_becomes_script(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    service = root / "catalog" / "services" / "town" / "residence.yaml"
    data = yaml.safe_load(service.read_text(encoding="utf-8"))
    evil = " ".join(PAYLOADS)

    def poison(value):
        if isinstance(value, dict) and set(value) <= {"mk", "sq", "en"} and all(isinstance(v, str) for v in value.values()):
            return {k: f"{v} {evil}" for k, v in value.items()}
        if isinstance(value, dict):
            return {k: poison(v) for k, v in value.items()}
        if isinstance(value, list):
            return [poison(v) for v in value]
        return value

    data = poison(data)
    data["eligibility"] = {"mk": evil, "en": f"[ok](https://example.org) [bad](javascript:alert(4)) [bad2](JaVaScRiPt:alert(5)) {evil}"}
    data["steps"] = [{"title": {"mk": evil}, "description": {"mk": evil}}]
    data["documents"].append({"name": {"mk": evil}, "condition": {"mk": evil}, "issuer_name": {"mk": evil}, "description": {"mk": evil}})
    service.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = _build(root)
    for prefix in ("", "sq/", "en/"):
        html = (site / prefix / "services" / "residence" / "index.html").read_text(encoding="utf-8")
        body = html[html.index('<article'):html.index("</article>")]
        tags = _tags(body)
        assert not [t for t, _ in tags if t in ("script", "img", "svg", "iframe")]
        assert not [(t, a) for t, attrs in tags for a, _ in attrs if a.startswith("on")]
        assert not [(t, v) for t, attrs in tags for a, v in attrs if a in ("href", "src") and (v or "").strip().lower().startswith("javascript:")]
        assert "&lt;script&gt;" in body  # shown as text, not dropped
    en = (site / "en" / "services" / "residence" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org" rel="noopener">ok</a>' in en
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "javascript:" not in json.loads(index)["docs"][0]["location"]


def test_committed_mkdocs_yml_is_up_to_date() -> None:
    result = validate_catalog(PROJECT)
    if not (PROJECT / "catalog" / "catalog.yaml").exists():
        pytest.skip("the sample catalogue is not in this checkout")
    assert result.ok, [f"{p.file}:{p.line}: {p.message}" for p in result.errors]
    expected = render_mkdocs_config(result.catalog)
    assert (PROJECT / "mkdocs.yml").read_text(encoding="utf-8") == expected, "mkdocs.yml is out of date: run `catalog build`"


def test_plain_mkdocs_build_works_too(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = make_project(tmp_path)
    result = validate_catalog(root)
    (root / "mkdocs.yml").write_text(render_mkdocs_config(result.catalog), encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "Registering your address" in (root / "site" / "en" / "services" / "residence" / "index.html").read_text(encoding="utf-8")


def test_mkdocs_yml_names_the_catalog_plugin_not_a_file_path() -> None:
    """Installed anywhere, MkDocs finds the plugin by name; nothing in mkdocs.yml points into a virtualenv."""
    from importlib.metadata import entry_points

    from servicecatalog.mkdocs.plugin import CatalogPlugin

    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "catalog" in [p if isinstance(p, str) else next(iter(p)) for p in yaml.load(text, Loader=yaml.BaseLoader)["plugins"]]
    assert "hooks:" not in text and ".py" not in text.replace("plugin.py", "")
    assert "!ENV" not in text, "the offline copy is switched on by catalog build, not by an environment variable"
    assert entry_points(group="mkdocs.plugins")["catalog"].load() is CatalogPlugin


def test_committed_template_schema_is_up_to_date() -> None:
    from servicecatalog.model.schemas import TEMPLATE_SCHEMA_FILE, render_template_schema

    committed = (PROJECT / "schema" / TEMPLATE_SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == render_template_schema(PROJECT / "schema"), "schema/template.schema.json is out of date: run `catalog fieldref` and commit it"


# ---------------------------------------------------------------- sitemaps and reproducibility

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _catalog_of(site: Path):
    result = validate_catalog(site.parent)
    assert result.catalog is not None
    return result.catalog


def _prefix(catalog, language: str) -> str:
    return "" if language == catalog.default_language else f"{language}/"


def test_every_service_is_in_every_language_sitemap_with_its_alternates(built: Path) -> None:
    catalog = _catalog_of(built)
    base = catalog.settings["site_url"]
    for language in catalog.languages:
        root = ET.parse(built / _prefix(catalog, language) / "sitemap.xml").getroot()
        urls = {u.findtext("s:loc", namespaces=SITEMAP): u for u in root.findall("s:url", SITEMAP)}
        assert not root.findall(".//s:lastmod", SITEMAP), "no build date: the same sources give the same sitemap"
        for service_id in catalog.services:
            loc = f"{base}{_prefix(catalog, language)}services/{service_id}/"
            assert loc in urls, (language, service_id)
            alternates = {a.get("hreflang"): a.get("href") for a in urls[loc].findall("x:link", SITEMAP) if a.get("rel") == "alternate"}
            assert alternates == {lang: f"{base}{_prefix(catalog, lang)}services/{service_id}/" for lang in catalog.languages}
        assert all(loc.startswith(base + _prefix(catalog, language)) for loc in urls)


def test_compressed_sitemap_is_ours_or_absent(built: Path) -> None:
    for compressed in built.rglob("sitemap.xml.gz"):
        assert gzip.decompress(compressed.read_bytes()) == (compressed.parent / "sitemap.xml").read_bytes(), compressed


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_on_different_days_in_different_folders_are_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte for byte: no build date (MkDocs reads SOURCE_DATE_EPOCH as "today"), no folder name, no ordering by chance."""
    sites = []
    for folder, day in (("first", "946684800"), ("second-build", "1893456000")):  # 2000-01-01 and 2030-01-01
        monkeypatch.setenv("SOURCE_DATE_EPOCH", day)
        sites.append(_files(_build(make_project(tmp_path / folder))))
    first, second = sites
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    if differing:
        import difflib

        a, b = (site[differing[0]].decode("utf-8", "replace").splitlines() for site in (first, second))
        pytest.fail(f"{len(differing)} files differ: {differing}\n" + "\n".join(list(difflib.unified_diff(a, b, lineterm="", n=0))[:12]))


# ---------------------------------------------------------------- open data in the site


def _open_data_pages(site: Path, catalog) -> dict[str, Path]:
    return {lang: site / _prefix(catalog, lang) / "open-data" / "index.html" for lang in catalog.languages}


def _links(html: str) -> dict[str, str]:
    """Link text -> href of every link in a page's article."""
    article = html[html.index("<article"):html.index("</article>")]
    return {re.sub(r"<[^>]+>", "", text): href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', article)}


def test_open_data_page_links_the_published_schema_in_every_language(built: Path) -> None:
    catalog = _catalog_of(built)
    assert (built / "schema" / "export.schema.json").read_bytes() == (PROJECT / "schema" / "export.schema.json").read_bytes()
    whole = json.loads((built / "catalogue.json").read_text(encoding="utf-8"))
    assert whole["$schema"] == catalog.settings["site_url"] + "schema/export.schema.json"
    for language, page in _open_data_pages(built, catalog).items():
        html = page.read_text(encoding="utf-8")
        links = _links(html)
        page_url = f"https://x.invalid/{_prefix(catalog, language)}open-data/"
        assert urljoin(page_url, links["schema/export.schema.json"]) == "https://x.invalid/schema/export.schema.json", language
        context = catalog.ui[language]["open_data.context"]
        assert urljoin(page_url, links[context]) == "https://x.invalid/cpsv-ap.context.jsonld", language
        for href in (links["schema/export.schema.json"], links[context]):
            assert (page.parent / href).resolve().is_file(), (language, href)
        if language != "en":
            assert ">context<" not in html, f"{language}: the word is translated"
        # without the offline copy, no row for it and nothing left of its markers
        assert "site-offline.zip" not in html and "sc-download" not in html and "{size}" not in html
    assert not (built / "site-offline.zip").exists()


def test_the_offline_copy_is_published_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the publish workflow asks for: the zip in the site, linked with its size from Open data in every language."""
    from servicecatalog import cli
    from servicecatalog.site.words import Words

    root = make_project(tmp_path)
    assert cli.main(["build", str(root), "--with-offline-copy"]) == 0, capsys.readouterr().out
    site = root / "site"
    archive = site / "site-offline.zip"
    assert archive.read_bytes() == (root / f"{OFFLINE_DIR}.zip").read_bytes()
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
    assert f"{OFFLINE_DIR}/index.html" in names and f"{OFFLINE_DIR}/en/services/residence.html" in names
    catalog = _catalog_of(site)
    size = round(archive.stat().st_size / 1_000_000, 1) or 0.1
    for language, page in _open_data_pages(site, catalog).items():
        html = page.read_text(encoding="utf-8")
        links = _links(html)
        assert (page.parent / links["site-offline.zip"]).resolve() == archive.resolve(), language
        words = Words(catalog, language)
        assert f"<td>ZIP, {words('open_data.size_mb', size=words.number(size))}</td>" in html, language
        assert words("open_data.offline") in html.replace("&#39;", "'")
    offline_page = (root / OFFLINE_DIR / "open-data.html").read_text(encoding="utf-8")
    assert "site-offline.zip" not in offline_page, "the copy does not link itself"


# ---------------------------------------------------------------- dates from real git history


def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-C", str(repo), "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def history_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small catalogue in git: everything on 2024-01-10, then a change to residence on 2024-06-01."""
    root = make_project(tmp_path_factory.mktemp("history") / "project")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "The catalogue", when="2024-01-10T09:00:00+01:00")
    residence = root / "catalog" / "services" / "town" / "residence.yaml"
    text = residence.read_text(encoding="utf-8")
    assert "in_person_visits: 1" in text
    residence.write_text(text.replace("in_person_visits: 1", "in_person_visits: 2"), encoding="utf-8")
    _git(root, "commit", "-q", "-a", "-m", "Residence: one visit more", when="2024-06-01T16:30:00+02:00")
    return root


def test_pages_show_the_date_of_each_services_last_commit(history_project: Path) -> None:
    site = _build(history_project)
    catalog = _catalog_of(site)
    for language in catalog.languages:
        folder = site / _prefix(catalog, language) / "services"
        assert '<time datetime="2024-06-01">' in (folder / "residence" / "index.html").read_text(encoding="utf-8"), language
        assert '<time datetime="2024-01-10">' in (folder / "property-tax" / "index.html").read_text(encoding="utf-8"), language
    links = json.loads((site / "services" / "residence.json").read_text(encoding="utf-8"))["links"]
    assert links["last_changed"] == "2024-06-01"
    feed = ET.parse(site / "changes.atom").getroot()
    newest = feed.find("{http://www.w3.org/2005/Atom}entry")
    assert newest.findtext("{http://www.w3.org/2005/Atom}updated") == "2024-06-01T16:30:00+02:00"


def test_a_shallow_clone_leaves_the_dates_out_with_a_warning(history_project: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """actions/checkout clones one commit by default: every file would seem changed on the deploy day."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", history_project.as_uri(), str(clone)], check=True, capture_output=True)
    capfd.readouterr()
    site = _build(clone)
    warnings = capfd.readouterr().err
    assert "shallow git clone" in warnings and "fetch-depth: 0" in warnings
    for page in site.rglob("services/*/index.html"):
        assert "<time datetime" not in page.read_text(encoding="utf-8"), page
    assert "last_changed" not in (site / "services" / "residence.json").read_text(encoding="utf-8")
    assert ET.parse(site / "changes.atom").getroot().find("{http://www.w3.org/2005/Atom}entry") is None


def test_reserved_ids_cover_every_name_the_build_writes(built: Path) -> None:
    # An id equal to a name the build writes beside the items (`services/index`) would replace
    # that page; the reserved list must hold every such name, read here from a real build.
    from servicecatalog.model.reserved import reserved_ids

    catalog = validate_catalog(built.parent).catalog
    assert catalog is not None
    taken = reserved_ids(catalog.languages)
    items = {
        "services": set(catalog.services) | {old for s in catalog.services.values() for old in s.data.get("former_ids", [])},
        "institutions": set(catalog.institutions),
        **{folder: set(catalog.vocabularies.get(folder, {})) for folder in ("life-events", "categories")},
    }
    unreserved = set()
    for path in built.rglob("*"):
        parts = path.relative_to(built).parts
        if parts[0] in catalog.languages[1:] and len(parts) > 1:
            parts = parts[1:]
        names = [parts[0]] + ([parts[1]] if parts[0] in items and len(parts) > 1 else [])
        for name in names:
            stem = name.split(".")[0]
            if stem not in taken and stem not in items.get(parts[0], set()):
                unreserved.add("/".join(parts[: names.index(name) + 1]))
    assert not unreserved, f"add these names to model/reserved.py SITE_NAMES: {sorted(unreserved)}"
    assert {"index", "search", "assets", *catalog.languages} <= taken
