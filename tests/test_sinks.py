"""Each sink escapes what comes from YAML: one test per sink, hostile text in, inert text out."""

from __future__ import annotations

from servicecatalog.site.search import SearchEntry, index_document

PAYLOAD = 'Пасош <img src=x onerror=alert(document.domain)> & <svg onload=alert(1)></script>'


def test_search_index_holds_plain_text_that_material_cannot_run() -> None:
    # Material inserts an index document's title and text into the results as HTML.
    document = index_document(SearchEntry(location="services/x/", title=PAYLOAD, text=PAYLOAD, keywords=("пасош",)))
    for field in ("title", "text"):
        assert "<" not in document[field] and ">" not in document[field]
        assert document[field] == "Пасош &lt;img src=x onerror=alert(document.domain)&gt; &amp; &lt;svg onload=alert(1)&gt;&lt;/script&gt;"
    assert document["location"] == "services/x/" and document["keywords"] == "пасош"
