"""The one canonical layout of a catalogue file, as ``catalog fmt`` and the web editor write it.

The web editor (``editors/admin/catalog-format.js``) writes files with a JavaScript
twin of this module, so that saving a form gives the same bytes as ``catalog fmt``
and a changed fee changes only that fee's lines. The rules are few so that the two
stay the same (a test runs both on every sample file):

- keys in the schema's order (translations in the catalogue's language order), keys
  the schema does not know after them in the order written;
- block style, lists indented under their key, two spaces a level, no comments;
- a text is written plain unless that would read back as something else in YAML 1.1
  or 1.2 (``yes``, ``12:30``, ``2024-01-31``, ``012``), or it holds YAML punctuation;
  then it is double-quoted with JSON's escapes. Texts of several lines are ``|`` blocks;
- whole numbers without a decimal point; one final line break.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from servicecatalog.model.fields import FieldNode

_SPECIAL_WORDS = re.compile(r"^(y|n|yes|no|true|false|on|off|null|~|=|<<)$", re.IGNORECASE)
# Every number YAML 1.1 or 1.2 reads without quotes: ints (binary, octal, hex, base 60), floats, .inf, .nan.
_NUMBER_LIKE = re.compile(
    r"^[-+]?(0b[0-1_]+|0o?[0-7_]+|0x[0-9a-f_]+|[0-9][0-9_]*(:[0-5]?[0-9])*(\.[0-9_]*)?(e[-+]?[0-9]+)?"
    r"|\.[0-9_]+(e[-+]?[0-9]+)?|\.(inf|nan))$",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
# Characters YAML does not allow as they are, or that are invisible: escaped inside double quotes.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


@dataclass
class Order:
    """The key order of one place in a file: named keys first, in this order."""

    keys: list[str] = field(default_factory=list)
    children: dict[str, Order] = field(default_factory=dict)
    items: Order | None = None
    values: Order | None = None  # for maps with free keys (translations): the order under every key

    def to_json(self) -> dict[str, Any]:
        """The shape the web editor's formatter reads."""
        out: dict[str, Any] = {}
        if self.keys:
            out["keys"] = self.keys
        if self.children:
            out["children"] = {k: v.to_json() for k, v in self.children.items()}
        if self.items is not None:
            out["items"] = self.items.to_json()
        if self.values is not None:
            out["values"] = self.values.to_json()
        return out


def property_order(node: FieldNode) -> list[str]:
    """The properties of ``node`` in the order files and forms show them: the schema model's order."""
    return list(node.properties)


def order_from_schema(node: FieldNode, languages: Sequence[str], depth: int = 0) -> Order:
    """The key order the schema gives ``node``: its properties, or the languages for a translated text."""
    order = Order()
    if depth > 20:
        return order
    if node.localized:
        order.keys = list(languages)
        extra = node.schema.get("additionalProperties")
        if isinstance(extra, dict) and extra.get("type") == "array":
            order.values = Order()
        return order
    order.keys = property_order(node)
    order.children = {name: order_from_schema(child, languages, depth + 1) for name, child in node.properties.items()}
    order.children = {k: v for k, v in order.children.items() if v.keys or v.items or v.children}
    if node.items is not None:
        order.items = order_from_schema(node.items, languages, depth + 1)
    return order


def plain_ok(text: str) -> bool:
    """Whether ``text`` reads back as the same text when written without quotes."""
    if not text or text != text.strip() or "\n" in text or "\t" in text or _UNPRINTABLE.search(text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    return not (_SPECIAL_WORDS.match(text) or _NUMBER_LIKE.match(text) or _DATE_LIKE.match(text))


def quoted(text: str) -> str:
    """``text`` double-quoted with JSON's escapes, which YAML reads the same."""
    encoded = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def _block_ok(text: str) -> bool:
    if "\n" not in text or "\r" in text or "\t" in text or _UNPRINTABLE.search(text):
        return False
    if text.startswith((" ", "\n")) or text.endswith("\n\n"):
        return False
    return all(not line.endswith(" ") for line in text.split("\n"))


def scalar(value: Any) -> str:
    """One value on one line (texts of several lines are handled by ``_block``)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    text = str(value)
    return text if plain_ok(text) else quoted(text)


def _ordered(mapping: dict[str, Any], order: Order | None) -> list[str]:
    known = [k for k in (order.keys if order else []) if k in mapping]
    return known + [k for k in mapping if k not in known]


def _child(order: Order | None, key: str) -> Order | None:
    if order is None:
        return None
    return order.children.get(key) or order.values


def _value_lines(prefix: str, value: Any, order: Order | None, indent: int) -> list[str]:
    """``prefix`` (``key:`` or ``-``) followed by ``value``, at ``indent`` spaces."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        return [pad + prefix] + _mapping(value, order, indent + 2)
    if isinstance(value, list) and value:
        return [pad + prefix] + _sequence(value, order, indent + 2)
    if isinstance(value, dict):
        return [f"{pad}{prefix} {{}}"]
    if isinstance(value, list):
        return [f"{pad}{prefix} []"]
    if isinstance(value, str) and _block_ok(value):
        body = value.removesuffix("\n")
        inner = " " * (indent + 2)
        return [f"{pad}{prefix} {'|' if value.endswith(chr(10)) else '|-'}"] + [inner + line if line else "" for line in body.split("\n")]
    return [f"{pad}{prefix} {scalar(value)}"]


def _mapping(mapping: dict[str, Any], order: Order | None, indent: int) -> list[str]:
    lines: list[str] = []
    for key in _ordered(mapping, order):
        lines += _value_lines(scalar(key) + ":", mapping[key], _child(order, key), indent)
    return lines


def _sequence(items: list[Any], order: Order | None, indent: int) -> list[str]:
    lines: list[str] = []
    item_order = order.items if order else None
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            inner = _mapping(item, item_order, indent + 2)
            lines.append(pad + "- " + inner[0][indent + 2:])  # the first key on the dash's line
            lines += inner[1:]
        else:
            lines += _value_lines("-", item, item_order, indent)
    return lines


def dump(data: Any, order: Order | None = None) -> str:
    """The canonical text of a catalogue file holding ``data``."""
    if isinstance(data, dict) and data:
        return "\n".join(_mapping(data, order, 0)) + "\n"
    return "\n".join(_value_lines("", data, order, 0)).lstrip() + "\n"
