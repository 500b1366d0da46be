"""Static SVG charts, drawn at build time, readable offline and without JavaScript.

Every chart is an inline ``<svg role="img">`` named by its ``<title>`` and
``<desc>`` (``aria-labelledby``), sized only by its ``viewBox``, in the
reader's own sans-serif font (nothing is fetched). It draws on a white ground
so it reads the same in light and dark mode. Colours are the Okabe–Ito
palette, which colour-blind readers tell apart, and each series also has its
own pattern and a direct label, so colour is never the only cue. The page puts
the same figures in a table beside each chart: that table, not the picture, is
what screen readers use.

Labels come from YAML: every text is escaped here, so the result is ``Markup``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

from servicecatalog.model.catalog import Catalog
from servicecatalog.site.stats import LEVELS, OnceOnlyIssuer, Priority, Statistics

WIDTH = 600
PAD = 10
FONT = 15
CHAR_WIDTH = FONT * 0.58  # a generous average for sans-serif, so labels rarely overflow
TEXT_ATTRS = f'font-family="system-ui, sans-serif" font-size="{FONT}" fill="#000"'
SMALL_TEXT_ATTRS = f'font-family="system-ui, sans-serif" font-size="{FONT - 2}" fill="#000"'
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Style:
    """How one series is painted: a base colour and a pattern over it."""

    colour: str
    pattern: str  # solid, diagonal, back-diagonal, dots, horizontal, vertical, cross
    ink: str = "#000"  # colour of the pattern's lines: contrasting with the base


# One style per maturity level, from "not online" (-1) to level 4.
LEVEL_STYLES: dict[int, Style] = {
    -1: Style("#ffffff", "cross"),
    0: Style("#f0e442", "dots"),
    1: Style("#e69f00", "horizontal"),
    2: Style("#56b4e9", "vertical"),
    3: Style("#009e73", "diagonal", "#fff"),
    4: Style("#0072b2", "solid", "#fff"),
}
BAR_STYLE = Style("#0072b2", "solid", "#fff")

_PATTERN_SHAPES = {
    "solid": "",
    "diagonal": '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="{ink}" stroke-width="1.5"/>',
    "back-diagonal": '<path d="M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2" stroke="{ink}" stroke-width="1.5"/>',
    "dots": '<circle cx="4" cy="4" r="1.6" fill="{ink}"/>',
    "horizontal": '<path d="M0,4 L8,4" stroke="{ink}" stroke-width="1.5"/>',
    "vertical": '<path d="M4,0 L4,8" stroke="{ink}" stroke-width="1.5"/>',
    "cross": '<path d="M0,0 L8,8 M8,0 L0,8" stroke="{ink}" stroke-width="1"/>',
}


def text(value: Any, limit: int | None = None) -> str:
    """Escaped text for SVG, on one line, shortened with … to ``limit`` characters."""
    plain = _CONTROL.sub("", str(value)).replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if limit is not None and len(plain) > limit:
        plain = plain[: max(limit - 1, 1)].rstrip() + "…"
    return html.escape(plain, quote=True)


def _ident(value: str) -> str:
    """An id usable in XML and in ``url(#…)``."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", value)
    return cleaned if cleaned[:1].isalpha() else "c-" + cleaned


def _pattern(pattern_id: str, style: Style) -> str:
    shape = _PATTERN_SHAPES[style.pattern].format(ink=style.ink)
    return (f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="8" height="8">'
            f'<rect width="8" height="8" fill="{style.colour}"/>{shape}</pattern>')


def _svg(chart_id: str, title: str, description: str, height: float, styles: Sequence[Style], body: list[str]) -> Markup:
    ident = _ident(chart_id)
    defs = "".join(_pattern(f"{ident}-p{i}", s) for i, s in enumerate(styles))
    labelled = f"{ident}-title {ident}-desc" if description else f"{ident}-title"
    desc = f'<desc id="{ident}-desc">{text(description)}</desc>' if description else ""
    # One line, no blank lines: Markdown passes it through as a raw HTML block.
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sc-chart" role="img" viewBox="0 0 {WIDTH} {height:g}" '
        f'aria-labelledby="{labelled}" style="width:100%;max-width:{WIDTH}px;height:auto">'
        f'<title id="{ident}-title">{text(title)}</title>{desc}'
        f'<defs>{defs}</defs><rect width="{WIDTH}" height="{height:g}" fill="#fff"/>'
        + "".join(body) + "</svg>"
    )


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its length and the figure written beside it."""

    label: str
    value: float
    shown: str
    style: int = 0  # index into the chart's styles


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, description: str = "",
              styles: Sequence[Style] = (BAR_STYLE,)) -> Markup:
    """Horizontal bars, each with its label above it and its figure at its end."""
    row, value_room = FONT + 30, 130
    scale_max = max((b.value for b in bars), default=0) or 1
    span = WIDTH - 2 * PAD - value_room
    body = []
    for i, b in enumerate(bars):
        y = PAD + i * row
        length = max(b.value / scale_max * span, 0)
        body.append(f'<text x="{PAD}" y="{y + FONT:g}" {TEXT_ATTRS}>{text(b.label, int((WIDTH - 2 * PAD) / CHAR_WIDTH))}</text>')
        if length:
            body.append(f'<rect x="{PAD}" y="{y + FONT + 5:g}" width="{length:.1f}" height="18" '
                        f'fill="url(#{_ident(chart_id)}-p{b.style})" stroke="#000" stroke-width="1"/>')
        body.append(f'<text x="{PAD + length + 6:.1f}" y="{y + FONT + 19:g}" {TEXT_ATTRS} font-weight="bold">{text(b.shown, 16)}</text>')
    return _svg(chart_id, title, description, PAD * 2 + len(bars) * row, styles, body)


@dataclass(frozen=True)
class StackedRow:
    """One stacked bar: a label and one value per series."""

    label: str
    values: Sequence[float]


def stacked_bar_chart(rows: Sequence[StackedRow], series: Sequence[tuple[str, Style]], *, chart_id: str, title: str,
                      description: str = "", language: str = "en") -> Markup:
    """Bars of equal length split into the shares of each series, with a legend and direct percentages."""
    locale = Locale.parse(language.replace("-", "_"))
    ident = _ident(chart_id)
    legend_row, row = FONT + 10, FONT + 34
    body = []
    for i, (name, _) in enumerate(series):  # the legend: swatch with the series' pattern, then its name
        y = PAD + i * legend_row
        body.append(f'<rect x="{PAD}" y="{y:g}" width="{FONT + 3}" height="{FONT + 3}" fill="url(#{ident}-p{i})" stroke="#000"/>'
                    f'<text x="{PAD + FONT + 10}" y="{y + FONT:g}" {TEXT_ATTRS}>{text(name, int((WIDTH - 3 * PAD - FONT) / CHAR_WIDTH))}</text>')
    top = PAD * 2 + len(series) * legend_row
    span = WIDTH - 2 * PAD
    for r, stacked in enumerate(rows):
        y = top + r * row
        total = sum(stacked.values)
        body.append(f'<text x="{PAD}" y="{y + FONT:g}" {TEXT_ATTRS}>{text(stacked.label, int(span / CHAR_WIDTH))}</text>')
        x = float(PAD)
        for i, value in enumerate(stacked.values):
            if not total or not value:
                continue
            share, width = value / total, value / total * span
            shown = format_percent(share, locale=locale)
            body.append(f'<g><title>{text(series[i][0])}: {text(shown)}</title><rect x="{x:.1f}" y="{y + FONT + 5:g}" width="{width:.1f}" '
                        f'height="24" fill="url(#{ident}-p{i})" stroke="#000" stroke-width="1"/>')
            pill = len(shown) * (FONT - 2) * 0.65 + 8  # a direct label on a white ground, where it fits
            if width >= pill + 4:
                body.append(f'<rect x="{x + (width - pill) / 2:.1f}" y="{y + FONT + 8:g}" width="{pill:.1f}" height="18" rx="3" fill="#fff"/>'
                            f'<text x="{x + width / 2:.1f}" y="{y + FONT + 22:g}" text-anchor="middle" {SMALL_TEXT_ATTRS}>{text(shown)}</text>')
            body.append("</g>")
            x += width
    return _svg(chart_id, title, description, top + len(rows) * row + PAD, [s for _, s in series], body)


# Ready-made charts for the statistics pages. ``plain`` picks a catalogue text in
# the page's language (the template passes ``loc.plain``); ``levels`` names each
# maturity level from -1 (not online) to 4.

def maturity_overview(stats: Statistics, levels: Mapping[int, str], *, title: str, language: str,
                      description: str = "", chart_id: str = "maturity-overall") -> Markup:
    """One bar per maturity level, most mature first: number of services and share."""
    locale = Locale.parse(language.replace("-", "_"))
    overall = stats.overall
    order = sorted(LEVELS, reverse=True)
    bars = [Bar(levels[level], overall.levels[level],
                f"{format_decimal(overall.levels[level], locale=locale)} ({format_percent(overall.share(level), locale=locale)})",
                style=i) for i, level in enumerate(order)]
    return bar_chart(bars, chart_id=chart_id, title=title, description=description, styles=[LEVEL_STYLES[level] for level in order])


def maturity_by_institution(stats: Statistics, catalog: Catalog, plain: Callable[[Any], str], levels: Mapping[int, str], *,
                            title: str, language: str, description: str = "", chart_id: str = "maturity-institutions") -> Markup:
    """One stacked bar per institution: the share of its active services at each maturity level."""
    order = sorted(LEVELS, reverse=True)
    rows = [StackedRow(plain(catalog.institutions[g.id]["name"]), [g.levels[level] for level in order]) for g in stats.institutions]
    return stacked_bar_chart(rows, [(levels[level], LEVEL_STYLES[level]) for level in order],
                             chart_id=chart_id, title=title, description=description, language=language)


def visits_by_institution(stats: Statistics, catalog: Catalog, plain: Callable[[Any], str], *, title: str, language: str,
                          description: str = "", chart_id: str = "visits-institutions") -> Markup:
    """Average in-person visits per active service of each institution."""
    locale = Locale.parse(language.replace("-", "_"))
    bars = [Bar(plain(catalog.institutions[g.id]["name"]), g.average_visits, format_decimal(round(g.average_visits, 1), locale=locale))
            for g in stats.institutions]
    return bar_chart(bars, chart_id=chart_id, title=title, description=description)


def priority_chart(ranked: Sequence[Priority], catalog: Catalog, plain: Callable[[Any], str], *, title: str, language: str,
                   description: str = "", limit: int = 10, chart_id: str = "priorities") -> Markup:
    """The ``limit`` highest digitisation scores."""
    locale = Locale.parse(language.replace("-", "_"))
    bars = [Bar(f"{p.rank}. {plain(catalog.services[p.burden.service_id].data['name'])}", p.score, format_decimal(p.score, locale=locale))
            for p in ranked[:limit]]
    return bar_chart(bars, chart_id=chart_id, title=title, description=description)


def once_only_by_issuer(groups: Sequence[OnceOnlyIssuer], catalog: Catalog, plain: Callable[[Any], str], *, title: str,
                        language: str, description: str = "", chart_id: str = "once-only") -> Markup:
    """How many times citizens are asked to bring a document each institution issues."""
    locale = Locale.parse(language.replace("-", "_"))
    bars = [Bar(plain(catalog.institutions[g.institution]["name"]), g.requests, format_decimal(g.requests, locale=locale)) for g in groups]
    return bar_chart(bars, chart_id=chart_id, title=title, description=description)


def percent(share: float, language: str) -> str:
    """A share (0 to 1) as a whole percentage written the language's way ("40 %", "40%")."""
    return format_percent(share, locale=Locale.parse(language.replace("-", "_")))


def decimal(value: float, language: str, digits: int = 1) -> str:
    """A figure rounded to ``digits`` decimals, written the language's way."""
    return format_decimal(round(value, digits), locale=Locale.parse(language.replace("-", "_")))
