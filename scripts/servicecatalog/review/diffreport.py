"""The ``catalog diff`` report: what it holds (``Report``, ``Section``) and its Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from servicecatalog.review.fielddiff import _escape
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




def _code(text: str) -> str:
    return f"`{text}`"


def to_markdown(report: Report) -> str:
    """The report as Markdown for a pull request comment."""
    out = [f"## Catalogue changes: {_code(report.base.revision)} → {_code(report.head.revision)}", ""]
    for snap in (report.base, report.head):
        if snap.errors:
            out += [(f"> **{_code(snap.revision)} does not pass validation** ({len(snap.errors)} error{'s' if len(snap.errors) != 1 else ''}); "
                    "the changes below are read from the files that load. Run `catalog validate` for the full list."), ">"]
            out += [f"> - {_escape(e)}" for e in snap.errors[:MAX_ERRORS]] + ([f"> - … and {len(snap.errors) - MAX_ERRORS} more"] if len(snap.errors) > MAX_ERRORS else []) + [""]
    summary = [f"- {what}: {', '.join(items)}" for what, items in report.summary.items() if items]
    if not (summary or report.services or report.institutions or report.vocabularies or report.other):
        return "\n".join(out + ["No changes to the catalogue.", ""])
    if report.flags:
        out += ["### Needs a closer look", "", *(f"- {f}" for f in report.flags), ""]
    if summary:
        out += ["### Services in short", "", *summary, ""]
    for title, sections in (("Services", report.services), ("Institutions", report.institutions)):
        if sections:
            out += [f"### {title}", ""]
            for section in sections:
                out += [f"#### {section.heading}", "", *(f"{m}  " for m in section.meta[:-1]), *section.meta[-1:], "", *(f"- {line}" for line in section.lines), ""]
    for title, lines in (("Vocabularies", report.vocabularies), ("Other files", report.other)):
        if lines:
            out += [f"### {title}", "", *(f"- {line}" for line in lines), ""]
    return "\n".join(out)
