"""Static SVG charts: well-formed, accessible, self-contained, and every label kept as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from servicecatalog.model.catalog import Catalog
from servicecatalog.site import charts, stats
from servicecatalog.site.context import Context
from servicecatalog.site.pages import _environment
from servicecatalog.site.render import Localizer
from servicecatalog.site.words import Words
from test_stats import build

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & \'quoted\''


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def assert_accessible(root: ET.Element) -> None:
    """role="img", a first-child title, aria-labelledby naming existing ids, sized by viewBox only."""
    assert root.get("role") == "img"
    assert root[0].tag == f"{SVG}title" and root[0].text
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    labelled = root.get("aria-labelledby", "").split()
    assert labelled and root[0].get("id") in labelled and set(labelled) <= ids
    assert re.fullmatch(r"0 0 \d+ \d+(\.\d+)?", root.get("viewBox", ""))
    assert root.get("width") is None and root.get("height") is None


def assert_self_contained(svg: str, root: ET.Element) -> None:
    """No script, no external font or image, every pattern it fills with is defined in it."""
    assert not any(e.tag in (f"{SVG}script", f"{SVG}image", f"{SVG}style", f"{SVG}foreignObject") for e in root.iter())
    assert "@import" not in svg and "@font-face" not in svg
    assert re.findall(r'https?://[^"]+', svg) == ["http://www.w3.org/2000/svg"]
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert set(re.findall(r"url\(#([^)]+)\)", svg)) <= ids
    assert "\n" not in svg  # one line: Markdown passes it through untouched


def test_bar_chart_is_valid_and_accessible() -> None:
    svg = charts.bar_chart([charts.Bar("One", 3, "3"), charts.Bar("Two", 1.5, "1.5")], chart_id="demo", title="Visits", description="See the table.")
    root = parse(svg)
    assert_accessible(root)
    assert_self_contained(svg, root)
    assert root[0].text == "Visits" and root.find(f"{SVG}desc").text == "See the table."
    assert texts(root) == ["One", "3", "Two", "1.5"]  # every bar has a direct label
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(")]
    assert [float(b.get("width")) for b in bars] == [450.0, 225.0]  # 600 wide - 2 × 10 margin - 130 for the figure


def test_labels_from_yaml_stay_text() -> None:
    svg = charts.bar_chart([charts.Bar(EVIL, 1, EVIL)], chart_id="evil", title=EVIL, description=EVIL)
    root = parse(svg)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert not list(root.iter(f"{SVG}script"))
    assert root[0].text == EVIL and texts(root)[0] == EVIL


def test_stacked_labels_stay_text_and_ids_are_safe() -> None:
    series = [(EVIL, charts.LEVEL_STYLES[4]), ("Other", charts.LEVEL_STYLES[-1])]
    svg = charts.stacked_bar_chart([charts.StackedRow(EVIL, [1, 3])], series, chart_id='x" onload="alert(1)', title=EVIL)
    root = parse(svg)
    assert_accessible(root)
    assert_self_contained(svg, root)
    assert "onload" not in [a for e in root.iter() for a in e.attrib]
    assert texts(root).count(EVIL) == 2  # legend and row label


def test_control_characters_are_dropped_and_long_labels_shortened() -> None:
    root = parse(charts.bar_chart([charts.Bar("a\x00b\x1bc\nd", 1, "1"), charts.Bar("x" * 500, 1, "1")], chart_id="c", title="t"))
    labels = texts(root)
    assert labels[0] == "abc d"
    assert labels[2].endswith("…") and len(labels[2]) < 100


def test_stacked_chart_patterns_legend_and_percentages() -> None:
    series = [(name, charts.LEVEL_STYLES[level]) for name, level in (("Online", 3), ("Not online", -1))]
    svg = charts.stacked_bar_chart([charts.StackedRow("Town", [1, 3]), charts.StackedRow("Empty", [0, 0])], series,
                                   chart_id="levels", title="Levels", language="en")
    root = parse(svg)
    assert_accessible(root)
    assert_self_contained(svg, root)
    assert [p.get("id") for p in root.iter(f"{SVG}pattern")] == ["levels-p0", "levels-p1"]
    labels = texts(root)
    assert labels[:2] == ["Online", "Not online"]  # legend first
    assert "25%" in labels and "75%" in labels  # direct labels, so colour is not the only cue
    assert "Empty" in labels  # a row without services is shown, with no segments


def test_every_level_has_its_own_colour_and_pattern() -> None:
    styles = [charts.LEVEL_STYLES[level] for level in stats.LEVELS]
    assert len({s.colour for s in styles}) == len({s.pattern for s in styles}) == len(stats.LEVELS)


def test_empty_charts_are_still_valid() -> None:
    assert_accessible(parse(charts.bar_chart([], chart_id="e", title="Nothing")))
    assert_accessible(parse(charts.stacked_bar_chart([], [("A", charts.BAR_STYLE)], chart_id="f", title="Nothing")))


@pytest.fixture()
def catalog(tmp_path: Path) -> Catalog:
    catalog = build(tmp_path)
    catalog.institutions["county"]["name"] = {"mk": EVIL, "sq": "Qarku", "en": "County"}
    return catalog


LEVEL_NAMES = {4: "L4", 3: "L3", 2: "L2", 1: "L1", 0: "L0", -1: "none"}


def test_ready_made_charts(catalog: Catalog) -> None:
    figures = stats.statistics(catalog)
    plain = lambda text: text["mk"]
    made = [
        charts.maturity_overview(figures, LEVEL_NAMES, title="t", language="mk"),
        charts.maturity_by_institution(figures, catalog, plain, LEVEL_NAMES, title="t", language="mk"),
        charts.visits_by_institution(figures, catalog, plain, title="t", language="mk"),
        charts.priority_chart(stats.priorities(catalog), catalog, plain, title="t", language="mk", limit=3),
        charts.once_only_by_issuer(stats.once_only(catalog), catalog, plain, title="t", language="mk"),
    ]
    for svg in made:
        root = parse(svg)
        assert_accessible(root)
        assert_self_contained(svg, root)
    overview = texts(parse(made[0]))
    assert overview[:2] == ["L4", "0 (0\xa0%)"] and overview[-2:] == ["none", "2 (33\xa0%)"]  # Macedonian writes "33 %"
    assert EVIL in texts(parse(made[1])) and EVIL in texts(parse(made[2]))
    assert texts(parse(made[3])) == ["1. Пријава на живеалиште", "1.000", "2. a-extract", "6", "3. licence", "6"]  # mk groups thousands with "."
    assert texts(parse(made[4]))[:2] == [EVIL, "2"]  # the identity card a-extract only shows is not counted


def _render(catalog: Catalog, template: str, path: str, language: str, **values: object) -> str:
    """One page as pages.generate renders it."""
    words = Words(catalog, language)
    loc = Localizer(language, catalog.default_language, words("untranslated"))
    ctx = Context(catalog, language, words, loc, {})
    return _environment().get_template(template).render(ctx=ctx, t=words, loc=loc, here=path, url=lambda p: ctx.url(p, path), charts=charts, **values)


@pytest.mark.parametrize("language", ["mk", "sq", "en"])
def test_pages_render_with_escaped_charts(catalog: Catalog, language: str) -> None:
    pages = {
        "statistics": _render(catalog, "statistics.md.j2", "statistics", language, stats=stats.statistics(catalog)),
        "priorities": _render(catalog, "priorities.md.j2", "priorities", language, priorities=stats.priorities(catalog)),
        "once-only": _render(catalog, "once-only.md.j2", "once-only", language, once_only=stats.once_only(catalog)),
    }
    for name, page in pages.items():
        assert "<script" not in page, name
        svgs = re.findall(r"<svg.*?</svg>", page)
        assert svgs, name
        for svg in svgs:
            assert_accessible(parse(svg))
        assert page.count("<table") >= len(svgs), f"{name}: every chart has its table"
        ids = re.findall(r'id="([^"]+)"', page)
        assert len(ids) == len(set(ids)), f"{name}: ids are unique on the page"
    assert pages["priorities"].index('href="../services/residence/"') < pages["priorities"].index('href="../services/a-extract/"')
    assert "{#formula}" in pages["priorities"] and "×" in pages["priorities"]
    assert '<h2 id="issuer-county">' in pages["once-only"]
