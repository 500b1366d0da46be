"""``services.csv``: one row per service, one column per field and language, for spreadsheets.

The columns are read from ``schema/service.schema.json``, in schema order, so
a new field gets its column without touching this module. How a value is laid
out:

- a nested field is named by its dotted path: ``outcome.validity.value``;
- a text in several languages has one column per language, in the catalogue's
  order: ``name.mk``, ``name.sq``, ``name.en``;
- a list of plain values (terms, channel types, keywords of one language) is
  one cell with one value per line: a spreadsheet shows them stacked;
- a list of groups (documents, fees, steps, channels) gets numbered columns
  from 1: ``documents.1.name.mk``, ``documents.2.form``..., as many as the
  longest such list in the catalogue, and a column named after the list
  itself holding how many entries it has (empty when the field is not
  written, ``0`` for ``fees: []``, which means free);
- ``true``/``false`` and numbers are written as in JSON;
- a text that a spreadsheet would run as a formula (it starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return) gets a ``'`` in front, as
  OWASP recommends against CSV injection; numbers are never touched, so
  ``-21.4`` stays a number in its own column.

The file is UTF-8 with a byte-order mark, so that Excel opens Cyrillic and
Albanian letters correctly, with CRLF line ends as RFC 4180 has them. A
value that fits no column is an error, never dropped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.fields import SchemaModel

BOM = "\ufeff"
LIST_SEPARATOR = "\n"


def _lookup(data: Any, parts: Sequence[str]) -> Any:
    for part in parts:
        if isinstance(data, list):
            index = int(part) - 1
            data = data[index] if 0 <= index < len(data) else None
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


@dataclass(frozen=True)
class Layout:
    """The columns of the file, and which of them count the entries of a list of groups."""

    header: list[str]
    groups: frozenset[str]


def layout(schemas: SchemaModel, languages: Sequence[str], records: Sequence[dict[str, Any]], kind: str = "service") -> Layout:
    """The columns for ``records`` of ``kind``, in schema order; numbered columns sized by the data."""
    groups: set[str] = set()

    def longest(prefix: str) -> int:
        parts = prefix.split(".")
        return max((len(v) for v in (_lookup(r, parts) for r in records) if isinstance(v, list)), default=0)

    def visit(raw: dict[str, Any], prefix: str) -> Iterator[str]:
        node = schemas.effective(raw)
        if node.get("x-localized"):
            yield from (_join(prefix, lang) for lang in languages)
        elif "properties" in node:
            for name, child in node["properties"].items():
                yield from visit(child, _join(prefix, name))
        elif isinstance(node.get("items"), dict) and "properties" in schemas.effective(node["items"]):
            groups.add(prefix)
            yield prefix  # how many entries
            for index in range(1, longest(prefix) + 1):
                yield from visit(node["items"], f"{prefix}.{index}")
        else:
            yield prefix

    header = list(visit(schemas.absolute[kind], ""))
    return Layout(header, frozenset(groups))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` made inert for spreadsheets: the one place CSV injection is stopped."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any) -> str:
    """One plain value as text: JSON's spelling for booleans, numbers as Python prints them, texts neutralised."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return neutralise(str(value))


def flatten(record: dict[str, Any], shape: Layout) -> dict[str, str]:
    """Every value of ``record`` by its column name; a value with no column raises ``ValueError``."""
    out: dict[str, str] = {}

    def visit(value: Any, prefix: str) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                visit(child, _join(prefix, str(key)))
        elif isinstance(value, list) and prefix in shape.groups:
            out[prefix] = str(len(value))
            for index, child in enumerate(value, start=1):
                visit(child, f"{prefix}.{index}")
        elif isinstance(value, list):
            out[prefix] = LIST_SEPARATOR.join(cell(v) for v in value)
        else:
            out[prefix] = cell(value)

    visit(record, "")
    unplaced = sorted(set(out) - set(shape.header))
    if unplaced:
        raise ValueError(f"service {record.get('id')!r}: no column for {', '.join(unplaced)}; is the schema the one the catalogue was validated against?")
    return out


def services_csv(catalog: Catalog) -> str:
    """The text of ``services.csv``, byte-order mark included; columns from the catalogue's schema model."""
    schemas = catalog.schema
    records = [catalog.services[s].data for s in sorted(catalog.services)]
    shape = layout(schemas, catalog.languages, records)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(shape.header)
    for record in records:
        row = flatten(record, shape)
        writer.writerow([row.get(name, "") for name in shape.header])
    return BOM + buffer.getvalue()
