"""The real MkDocs build of a small catalogue: pages, search indexes, redirects, safety."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from servicecatalog.mkdocs_build import build_site
from servicecatalog.mkdocs_config import render_mkdocs_config
from servicecatalog.validate import validate_catalog
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
             "life-events/", "life-events/moving-house/", "once-only/", "online/", "open-data/", "priorities/", "statistics/", "services/", "services/property-tax/", "services/residence/",
             "services/address-registration/"]
    expected = sorted(f"{prefix}{path}index.html" for prefix in ("", "sq/", "en/") for path in paths)
    assert pages == expected


def test_each_language_has_its_own_search_index(built: Path) -> None:
    for prefix, title in (("", "Пријава на живеалиште"), ("sq/", "Paraqitja e vendbanimit"), ("en/", "Registering your address")):
        index = json.loads((built / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        titles = {doc["title"] for doc in index["docs"]}
        assert title in titles
        assert len(index["docs"]) == 2, "only services, only this language"
    mk = (built / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "pasos" not in mk and "adresa" in mk  # the Latin spelling of `адреса` is indexed


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
    completed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert "Registering your address" in (root / "site" / "en" / "services" / "residence" / "index.html").read_text(encoding="utf-8")


def test_committed_template_schema_is_up_to_date() -> None:
    from servicecatalog.schemas import TEMPLATE_SCHEMA_FILE, render_template_schema

    committed = (PROJECT / "schema" / TEMPLATE_SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == render_template_schema(PROJECT / "schema"), "schema/template.schema.json is out of date: see servicecatalog.schemas.render_template_schema"
