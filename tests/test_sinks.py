"""Each sink escapes what comes from YAML: one test per sink, hostile text in, inert text out."""

from __future__ import annotations

import pytest

from servicecatalog.site.search import SearchEntry, index_document

PAYLOAD = 'Пасош <img src=x onerror=alert(document.domain)> & <svg onload=alert(1)></script>'


def test_search_index_holds_plain_text_for_the_search_to_escape_once() -> None:
    # The site's search (docs/assets/catalog-search.js) escapes every text it hands to Material's
    # result list, which inserts them as HTML; test_search.py shows a hostile name inert in the
    # browser. The index keeps the text as typed, so nothing is escaped twice.
    document = index_document(SearchEntry(location="services/x/", title=PAYLOAD, text=PAYLOAD, keywords=("пасош",)))
    assert document == {"location": "services/x/", "title": PAYLOAD, "text": PAYLOAD, "keywords": ["пасош"]}


# ---------------------------------------------------------------- CSV

def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(mini_root) -> None:
    import csv
    import io

    from servicecatalog.model.validate import validate_catalog
    from servicecatalog.opendata.export_csv import services_csv

    service = mini_root / "catalog" / "services" / "town" / "residence.yaml"
    text = service.read_text(encoding="utf-8")
    text = text.replace("en: Registering your address}", 'en: "=HYPERLINK(\\"http://evil\\",\\"x\\")"}')
    text = text.replace("en: Register your new address.}", 'en: "+1+cmd|\' /C calc\'!A0"}')
    text = text.replace("en: [address]}", 'en: ["@SUM(1)", "-2+3", "\\tx", "\\rx", "plain"]}')
    service.write_text(text, encoding="utf-8")
    result = validate_catalog(mini_root)
    assert result.ok, [str(p) for p in result.errors]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(services_csv(result.catalog).removeprefix("\ufeff"), newline=""))}
    row = rows["residence"]
    assert row["name.en"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert row["summary.en"] == "'+1+cmd|' /C calc'!A0"
    assert row["keywords.en"].split("\n") == ["'@SUM(1)", "'-2+3", "'\tx", "'\rx", "plain"]
    assert row["name.mk"] == "Пријава на живеалиште"  # ordinary text untouched
    # numbers stay numbers, even negative ones, in their own columns
    from servicecatalog.opendata.export_csv import cell

    assert [cell(v) for v in (-21.4, 0, 500, True)] == ["-21.4", "0", "500", "true"]
    assert row["in_person_visits"] == "1" and row["fees"] == "0"


# ---------------------------------------------------------------- XML, JSON-LD, Markdown headings, mkdocs.yml

def test_sitemap_and_feed_are_well_formed_with_an_ampersand_in_the_site_address(mini_root) -> None:
    import datetime as dt
    import xml.etree.ElementTree as ET

    from servicecatalog.model.validate import validate_catalog
    from servicecatalog.opendata.feed import Change, atom_feed
    from servicecatalog.opendata.sitemap import sitemap_xml
    from servicecatalog.site.pages import generate

    catalog = validate_catalog(mini_root).catalog
    base = "https://example.org/a&b/<x>/"
    sitemap = ET.fromstring(sitemap_xml(generate(catalog), "en", catalog.languages, base, True))
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(loc.startswith(base) for loc in locations)
    when = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    feed = ET.fromstring(atom_feed(catalog, [Change("residence", "catalog/services/town/residence.yaml", "changed", when, "abc", "s")], base))
    assert feed.find("{http://www.w3.org/2005/Atom}id").text == base + "changes.atom"


def test_json_ld_cannot_end_its_script_element() -> None:
    from servicecatalog.opendata.export_schemaorg import script_tag

    tag = script_tag({"name": PAYLOAD, "url": "javascript:alert(1)"})
    body = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    import json

    assert json.loads(body)["name"] == PAYLOAD


def test_words_in_markdown_headings_show_as_written() -> None:
    import markdown

    from servicecatalog.site.render import markdown_escape

    for text, shown in (("Fees & payment", "Fees &amp; payment"), ("1. Who # can *apply*", "1. Who # can *apply*"),
                        ("a <img src=x onerror=alert(1)> b", "a &lt;img src=x onerror=alert(1)&gt; b")):
        assert markdown.markdown("## " + markdown_escape(text)) == f"<h2>{shown}</h2>"


def test_mkdocs_yml_keeps_emoji_and_quotes_as_written(mini_root) -> None:
    import re

    import yaml

    from servicecatalog.mkdocs.config import render_mkdocs_config
    from servicecatalog.model.validate import validate_catalog

    settings = mini_root / "catalog" / "catalog.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("en: Small catalogue}", "en: \"Small 🇲🇰 catalogue 'x' \\\\ y\"}"), encoding="utf-8")
    catalog = validate_catalog(mini_root).catalog
    assert catalog is not None
    text = render_mkdocs_config(catalog)
    assert not re.search(r"\\u[dD][89abAB]", text), "no surrogate escapes"
    config = yaml.load(text, Loader=yaml.Loader)
    english = next(lang for lang in config["plugins"][1]["i18n"]["languages"] if lang["locale"] == "en")
    assert english["site_name"] == "Small 🇲🇰 catalogue 'x' \\ y"


# ---------------------------------------------------------------- nothing outside the project

@pytest.mark.parametrize("place", ["docs/assets/passwd", "overrides/partials/leak.html", "docs/assets/outside", "catalog"])
def test_links_that_lead_outside_the_project_are_refused(tmp_path, place: str) -> None:
    import shutil

    from servicecatalog.model.validate import validate_catalog
    from site_helpers import make_project

    root = make_project(tmp_path / "p")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret").write_text("root:x:0:0\n", encoding="utf-8")
    link = root / place
    if place == "catalog":
        shutil.move(str(root / "catalog"), str(outside / "catalog"))
        link.symlink_to(outside / "catalog")
    else:
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outside if place.endswith("outside") else outside / "secret")
    errors = [(p.file, p.rule) for p in validate_catalog(root).errors]
    assert (place, "symlink") in errors
    # a link that stays inside the project is fine
    link.unlink()
    if place == "catalog":
        shutil.move(str(outside / "catalog"), str(root / "catalog"))
    else:
        link.symlink_to(root / "docs" / "assets" / "catalog.css")
    assert validate_catalog(root).ok


def test_the_build_publishes_nothing_from_outside(tmp_path) -> None:
    import io

    from servicecatalog.mkdocs.build import build_site
    from site_helpers import make_project

    root = make_project(tmp_path / "p")
    (tmp_path / "secret").write_text("root:x:0:0\n", encoding="utf-8")
    (root / "docs" / "assets" / "passwd").symlink_to(tmp_path / "secret")
    out = io.StringIO()
    assert not build_site(root, out=out)
    assert "docs/assets/passwd:1:1: error: this symbolic link leads outside the project" in out.getvalue()
    assert not (root / "site").exists()


# ---------------------------------------------------------------- catalog diff reads the head branch's words unvalidated

@pytest.mark.parametrize(("word", "shown"), [
    ("{count} дена", "3 дена"),
    ("{n} дена", "3 дена"),
    ("{amount.__class__.__mro__} дена", "3 days"),
    ("{count дена", "3 days"),
    ("{days} дена", "3 days"),
])
def test_the_change_summary_formats_only_the_placeholders_a_unit_takes(word: str, shown: str) -> None:
    from servicecatalog.review.fielddiff import Differ
    from servicecatalog.review.snapshot import Snapshot

    side = Snapshot("x", settings={"languages": ["mk"]}, ui={"mk": {"unit.days.other": word}})
    assert Differ(side, side).duration({"value": 3, "unit": "days"}, "new") == shown
