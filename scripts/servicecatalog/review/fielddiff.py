"""Two values of one schema place compared, and the changes said in words.

``Differ`` walks old and new values along their ``FieldNode`` (the schema model, ``model.fields``)
and returns ``Change``s whose path is made of schema titles and whose values are
shown in the catalogue's default language, escaped for Markdown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from babel import Locale

from servicecatalog.model import plaintext
from servicecatalog.model.fields import FieldNode
from servicecatalog.model.translations import field_title
from servicecatalog.review.reportwords import words
from servicecatalog.review.snapshot import Snapshot
from servicecatalog.review.textdiff import is_short, word_diff

MAX_TEXT = 300  # characters of a text shown before it is cut


def _escape(text: str) -> str:
    """Data shown inside Markdown: on one line, cut when long, with Markdown's markup characters escaped."""
    text = " ".join(str(text).split())
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return "".join("\\" + c if c in "\\`*_[]<>|" else c for c in text)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Change:
    """One changed place: the titles leading to it and what happened there."""

    path: tuple[str, ...]
    text: str

    def line(self) -> str:
        return f"{' › '.join(self.path)}: {self.text}" if self.path else self.text


class Differ:
    """Compares two values of one schema place and says what changed, in the default language."""

    def __init__(self, base: Snapshot, head: Snapshot) -> None:
        self.sides = {"old": base, "new": head}
        self.language = head.default_language if head.settings else base.default_language
        self.dropped: list[tuple[tuple[str, ...], list[str]]] = []  # translations present before and missing now
        self.kind = "service"  # the kind of file being compared, for the fields' names in the summary's language

    def name_of(self, node: FieldNode, key: str = "") -> str:
        """The field's name in the summary's language (``locales/fields/``), else the schema's title, else its key."""
        return field_title(self.kind, node.path, self.language, node.title) or key or node.name

    # showing one value

    def text(self, value: dict[str, Any]) -> str:
        if self.language in value:
            return _escape(value[self.language])
        first = next(iter(sorted(value)), None)
        return f"({first}) {_escape(value[first])}" if first else ""

    def duration(self, value: dict[str, Any], side: str) -> str:
        amount, unit = value.get("value"), value.get("unit")
        words = self.sides[side].ui.get(self.language, {})
        try:
            form = Locale.parse(self.language.replace("-", "_")).plural_form(amount) if isinstance(amount, int) else "other"
        except (ValueError, LookupError):
            form = "other"
        for key in (f"unit.{unit}.{form}", f"unit.{unit}.other"):
            word = words.get(key)
            # The head branch's words are not validated yet: a broken or prying placeholder is not formatted.
            if isinstance(word, str) and plaintext.placeholder_problem(word, plaintext.PLURAL_VALUES) is None:
                return _escape(word.format(n=amount, count=amount))  # what Words.plural gives
        return f"{_number(amount)} {_escape(str(unit))}"

    def reference(self, value: str, node: FieldNode, side: str) -> str:
        snap = self.sides[side]
        record: Any = None
        if node.reference == "institution":
            record = snap.institutions.get(value)
            return f"{self.text(record['name'])} ({_escape(value)})" if isinstance(record, dict) and isinstance(record.get("name"), dict) else _escape(value)
        if node.reference == "term" and node.vocabulary:
            record = snap.vocabularies.get(node.vocabulary, {}).get(value)
        return self.text(record["name"]) if isinstance(record, dict) and isinstance(record.get("name"), dict) else _escape(value)

    def show(self, value: Any, node: FieldNode, side: str) -> str:
        """A value in words."""
        if value is None:
            return "—"
        if isinstance(value, bool):
            return words(self.language)["yes" if value else "no"]
        if node.localized and isinstance(value, dict):
            if all(isinstance(v, list) for v in value.values()):
                return _escape(", ".join(value.get(self.language, [])))
            return self.text(value)
        if isinstance(value, str) and node.definition == "Channel type" and node.enum and value in node.enum:
            word = self.sides[side].ui.get(self.language, {}).get(f"channel.{value}")  # the site's own name for it
            return _escape(word) if isinstance(word, str) and word else _escape(value)
        if isinstance(value, str):
            return self.reference(value, node, side) if node.reference else _escape(value)
        if isinstance(value, (int, float)):
            return _number(value)
        if isinstance(value, list):
            item = node.items or FieldNode()
            return "; ".join(self.summary(v, item, side) for v in value) if item.properties else ", ".join(self.show(v, item, side) for v in value)
        if isinstance(value, dict):
            parts = [self.compound(value, node, side)] if node.compound else []
            for key, sub in self.keys(value, {}, node):
                if key not in node.compound_keys:
                    parts.append(f"{self.name_of(sub, key)}: {self.show(value[key], sub, side)}")
            return "; ".join(p for p in parts if p)
        return _escape(str(value))

    def compound(self, value: dict[str, Any], node: FieldNode, side: str) -> str:
        if node.compound == "duration":
            return self.duration(value, side)
        return f"{_number(value.get('amount'))} {_escape(str(value.get('currency', '')))}".strip()

    def label(self, item: Any, node: FieldNode, side: str) -> str:
        """What names a list item: its first required field (a document's name, a fee's purpose)."""
        if isinstance(item, dict):
            for key in node.required_fields:
                if key in item:
                    return self.show(item[key], node.properties.get(key, FieldNode()), side)
        return self.show(item, node, side)

    def summary(self, item: Any, node: FieldNode, side: str) -> str:
        label = self.label(item, node, side)
        if isinstance(item, dict) and node.compound:
            return f"{label} ({self.compound(item, node, side)})"
        return label

    @staticmethod
    def keys(old: dict[str, Any], new: dict[str, Any], node: FieldNode) -> list[tuple[str, FieldNode]]:
        """Fields in schema order, then any the schema does not know, alphabetically."""
        present = set(old) | set(new)
        known = [k for k in node.properties if k in present]
        return [(k, node.properties.get(k, FieldNode())) for k in known + sorted(present - set(known))]

    # comparing two values

    def say(self, key: str, **values: str) -> str:
        """One of the summary's phrases around the values, in the summary's language."""
        return words(self.language)[key].format(**values)

    def diff(self, old: Any, new: Any, node: FieldNode, path: tuple[str, ...]) -> list[Change]:
        """Every change between ``old`` and ``new`` at ``path``; nothing when they are equal."""
        if old == new:
            return []
        if old is None:
            return [Change(path, self.say("d_added", value=self.show(new, node, "new")))]
        if new is None:
            return [Change(path, self.say("d_removed_was", value=self.show(old, node, "old")))]
        if node.localized and isinstance(old, dict) and isinstance(new, dict):
            return self.diff_localized(old, new, node, path)
        if isinstance(old, list) and isinstance(new, list):
            return self.diff_list(old, new, node.items or FieldNode(), path)
        if isinstance(old, dict) and isinstance(new, dict):
            return self.diff_mapping(old, new, node, path)
        return [Change(path, f"{self.show(old, node, 'old')} → {self.show(new, node, 'new')}")]

    def diff_localized(self, old: dict[str, Any], new: dict[str, Any], node: FieldNode, path: tuple[str, ...]) -> list[Change]:
        """The default language's change, then each other language's, word by word (``textdiff``)."""
        parts = []
        lang = self.language
        others: list[Change] = []
        for code in [lang, *sorted(k for k in set(old) & set(new) if k != lang)]:
            before, after = old.get(code), new.get(code)
            if before == after or before is None or after is None:
                continue
            if isinstance(before, list) and isinstance(after, list):
                said = "; ".join(self.say(verb, value=_escape(", ".join(words))) for verb, words in (("d_added", [w for w in after if w not in before]), ("d_removed", [w for w in before if w not in after])) if words) or self.say("d_order")
            elif isinstance(before, str) and isinstance(after, str):
                said = f"{_escape(before)} → {_escape(after)}" if is_short(before, after) else word_diff(before, after)
            else:
                said = f"{_escape(str(before))} → {_escape(str(after))}"
            if code == lang:
                parts.append(said)
            else:
                others.append(Change((*path[:-1], f"{path[-1]} ({code})") if path else (f"({code})",), said))
        dropped = sorted(set(old) - set(new))
        added = sorted(set(new) - set(old))
        if dropped:
            self.dropped.append((path, dropped))
            parts.append(self.say("d_translation_dropped", languages=", ".join(dropped)))
        if added:
            parts.append(self.say("d_translation_added", languages=", ".join(added)))
        return ([Change(path, "; ".join(parts))] if parts else []) + others

    def keyed(self, items: list[Any], node: FieldNode, side: str) -> dict[str, Any]:
        seen: Counter[str] = Counter()
        out = {}
        for item in items:
            label = self.label(item, node, side)
            seen[label] += 1
            out[label if seen[label] == 1 else f"{label} ({seen[label]})"] = item
        return out

    def diff_list(self, old: list[Any], new: list[Any], item: FieldNode, path: tuple[str, ...]) -> list[Change]:
        before, after = self.keyed(old, item, "old"), self.keyed(new, item, "new")
        parts = []
        if added := [k for k in after if k not in before]:
            parts.append(self.say("d_added", value="; ".join(self.summary(after[k], item, "new") for k in added)))
        if removed := [k for k in before if k not in after]:
            parts.append(self.say("d_removed", value="; ".join(self.summary(before[k], item, "old") for k in removed)))
        changes = [Change(path, "; ".join(parts))] if parts else []
        for key in after:
            if key in before:
                changes += self.diff(before[key], after[key], item, (*path, key))
        if not changes:
            changes.append(Change(path, "order changed"))
        return changes

    def diff_mapping(self, old: dict[str, Any], new: dict[str, Any], node: FieldNode, path: tuple[str, ...]) -> list[Change]:
        changes = []
        if node.compound:
            parts = ({k: old.get(k) for k in node.compound_keys}, {k: new.get(k) for k in node.compound_keys})
            if parts[0] != parts[1]:
                changes.append(Change(path, f"{self.compound(old, node, 'old')} → {self.compound(new, node, 'new')}"))
        for key, sub in self.keys(old, new, node):
            if key not in node.compound_keys:
                changes += self.diff(old.get(key), new.get(key), sub, (*path, self.name_of(sub, key)))
        return changes
