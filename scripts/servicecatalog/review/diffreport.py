"""The ``catalog diff`` report: what it holds (``Report``, ``Section``) and its Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from servicecatalog.review.fielddiff import _escape
from servicecatalog.review.reportwords import words
from servicecatalog.review.snapshot import Snapshot

MAX_ERRORS = 10  # validation errors quoted per invalid revision


@dataclass
class Section:
    """One service or institution in the report."""

    key: str  # what the sections are sorted by
    heading: str
    meta: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


SUMMARY = ("Added", "Removed", "Withdrawn", "Renamed", "Identifier changed", "Changed", "Checked, nothing changed")


@dataclass
class Report:
    """Everything the Markdown says, in order."""

    base: Snapshot
    head: Snapshot
    flags: list[str] = field(default_factory=list)
    summary: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in SUMMARY})
    services: list[Section] = field(default_factory=list)
    institutions: list[Section] = field(default_factory=list)
    vocabularies: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    language: str = "en"  # of the fixed words




def _code(text: str) -> str:
    return f"`{text}`"


def to_markdown(report: Report) -> str:
    """The report as Markdown for a pull request comment, its fixed words in ``report.language``."""
    w = words(report.language)
    out = [f"## {w['title']}: {_code(report.base.revision)} → {_code(report.head.revision)}", ""]
    for snap in (report.base, report.head):
        if snap.errors:
            out += ["> " + w["invalid"].format(rev=_code(snap.revision), n=len(snap.errors)), ">"]
            out += [f"> - {_escape(e)}" for e in snap.errors[:MAX_ERRORS]] + (["> - " + w["more"].format(n=len(snap.errors) - MAX_ERRORS)] if len(snap.errors) > MAX_ERRORS else []) + [""]
    summary = [f"- {w[what]}: {', '.join(items)}" for what, items in report.summary.items() if items]
    if not (summary or report.services or report.institutions or report.vocabularies or report.other):
        return "\n".join(out + [w["none"], ""])
    if report.flags:
        out += [f"### {w['closer']}", "", *(f"- {f}" for f in report.flags), ""]
    if summary:
        out += [f"### {w['short']}", "", *summary, ""]
    for title, sections in ((w["services"], report.services), (w["institutions"], report.institutions)):
        if sections:
            out += [f"### {title}", ""]
            for section in sections:
                out += [f"#### {section.heading}", "", *(f"{m}  " for m in section.meta[:-1]), *section.meta[-1:], "", *(f"- {line}" for line in section.lines), ""]
    for title, lines in ((w["vocabularies"], report.vocabularies), (w["other"], report.other)):
        if lines:
            out += [f"### {title}", "", *(f"- {line}" for line in lines), ""]
    return "\n".join(out)
