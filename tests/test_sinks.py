"""Each sink escapes what comes from YAML: one test per sink, hostile text in, inert text out."""

from __future__ import annotations

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
