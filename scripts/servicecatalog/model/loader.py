"""Strict YAML loading: one file in, plain data and a map of source positions out.

Editors' YAML comes from many hands, so the loader refuses what PyYAML would
silently reinterpret (see ``resolve_plain``) and records where every key and
value stands, because the validator reports errors by line and column.
The file is parsed to events by libyaml (fast, C) and built here in one pass.
"""

from __future__ import annotations

import os
import re
import sys
from array import array
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is several times faster; the pure-Python parser gives the same events
    from yaml._yaml import CParser as _EventLoader  # the parser alone: no constructor or resolver to set up per file
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 40  # catalogue files nest about 6 levels; far deeper is a mistake, and would exhaust the stack

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One finding about one file, located by line and column (1-based)."""

    file: str
    line: int
    column: int
    severity: str  # "error" or "warning"
    field: str  # dotted path such as "fees[0].amount", or "" for the whole file
    message: str
    rule: str = ""  # short machine-readable name of the check


@dataclass
class Document:
    """A loaded YAML file: its data and where each path starts in the source.

    Positions are needed only for the few values a problem is reported on, so
    loading records just each node's line and column in document order
    (``marks``); the map from path to position is built from them on the first
    question (``locate``, ``raw``).
    """

    path: Path
    display: str
    data: Any = None
    # Per node in document order: line, column, and for a mapping or list the number of entries it was
    # loaded with (defaults added later come after them); a mapping's key marks precede each value.
    marks: array[int] = field(default_factory=lambda: array("i"), repr=False)
    # where a value's line stands in ``marks`` -> the text as written, for unquoted values that did not stay text (`1.10` -> 1.1)
    raw_at: dict[int, str] = field(default_factory=dict, repr=False)
    _index: tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]], dict[Path_, str]] | None = field(default=None, repr=False)
    # Which of the words ``read_document`` was asked to watch for occur in the text, in any case; None: not looked.
    # A rule that looks for one in every value skips the files that cannot hold it.
    mentions: frozenset[str] | None = None

    def may_mention(self, word: str) -> bool:
        """False only when the file's text is known not to hold ``word`` (in any case)."""
        return self.mentions is None or word in self.mentions

    def _positions(self) -> tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]], dict[Path_, str]]:
        if self._index is None:
            self._index = _index(self.data, self.marks, self.raw_at) if self.marks else ({}, {}, {})
        return self._index

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        """Path -> (line, column) of the value."""
        return self._positions()[0]

    @property
    def key_positions(self) -> dict[Path_, tuple[int, int]]:
        """Path -> (line, column) of the key that introduces the value."""
        return self._positions()[1]

    @property
    def raw(self) -> dict[Path_, str]:
        """Path -> the text as written, for unquoted values that did not stay text (``1.10`` -> 1.1)."""
        return self._positions()[2]

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest ancestor in this file."""
        positions, key_positions, _ = self._positions()
        table = key_positions if key else positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in positions:
                return positions[probe]
            probe = probe[:-1]
        return positions.get((), (1, 1))

    def has(self, path: Path_) -> bool:
        """Whether this file itself writes a value at ``path``."""
        node = self.data
        for part in path:
            node = _child(node, part)
            if node is _MISSING:
                return False
        return bool(self.marks)


_MISSING = object()


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part, _MISSING) if isinstance(part, str) else _MISSING
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _MISSING


def _index(data: Any, marks: array[int], raw_at: dict[int, str]) -> tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]], dict[Path_, str]]:
    """The positions of every value and key, from the marks recorded while loading (``_Builder``)."""
    positions: dict[Path_, tuple[int, int]] = {}
    keys: dict[Path_, tuple[int, int]] = {}
    raw: dict[Path_, str] = {}
    at = 0  # next unread entry of marks

    def walk(value: Any, path: Path_) -> None:
        nonlocal at
        positions[path] = (marks[at], marks[at + 1])
        if at in raw_at:
            raw[path] = raw_at[at]
        if type(value) is dict:
            count, at = marks[at + 2], at + 3
            for name, inner in islice(value.items(), count):
                keys[path + (name,)] = (marks[at], marks[at + 1])
                at += 2
                walk(inner, path + (name,))
        elif type(value) is list:
            count, at = marks[at + 2], at + 3
            for number, inner in enumerate(islice(value, count)):
                walk(inner, path + (number,))
        else:
            at += 2

    walk(data, ())
    return positions, keys, raw


class LoadError(Exception):
    """A file that cannot be turned into data; carries a located problem."""

    def __init__(self, line: int, column: int, message: str, rule: str, field_: str = "") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.rule, self.field = line, column, message, rule, field_

    def __reduce__(self) -> tuple[type[LoadError], tuple[int, int, str, str, str]]:
        # pickled whole: a file read in another process (``parallel_read``) fails with the same problem
        return (LoadError, (self.line, self.column, self.message, self.rule, self.field))


# Only YAML 1.2 core forms become non-strings. Everything else stays the text the
# editor wrote: `yes`, `on`, `12:30`, `2024-01-31`, `012`, `0x1F`, `.inf`.
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
_CORE_TAG = "tag:yaml.org,2002:"


_MAYBE_NOT_TEXT = frozenset("~nNtTfF-+0123456789")
# An integer this long is beyond any double; parsing it as a float gives infinity, which the builder
# refuses, instead of int() spending time on (or, past 4300 digits, refusing) a number no field can hold.
_MAX_INT_CHARS = 400
# Beyond this a number has no JSON form (exports would hold `Infinity`), so the loader refuses it.
_LARGEST = sys.float_info.max

# What YAML allows in a file (PyYAML's reader checks the same set): no C0/C1 controls but tab and line
# breaks, no U+FFFE/U+FFFF. Found here first, so the message can say where and what to do.
# Written as the characters refused rather than as the ones allowed: the same set (a test holds it to
# YAML's list), found four times faster in the text of every file.
_NOT_PRINTABLE_CHARS = "\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF"
_NOT_PRINTABLE = re.compile(f"[{_NOT_PRINTABLE_CHARS}]")
# Bidirectional embedding, override and isolate controls: they make text show in another order than
# it is stored (a name that reads one way on the page and another in the file, or in a review).
_BIDI_CONTROL_CHARS = "\u202a-\u202e\u2066-\u2069"
_BIDI_CONTROL = re.compile(f"[{_BIDI_CONTROL_CHARS}]")
_ANY_REFUSED = re.compile(f"[{_NOT_PRINTABLE_CHARS}{_BIDI_CONTROL_CHARS}]")  # one class: one pass, no alternation
# The line breaks libyaml counts when it numbers lines (YAML 1.1), so our positions agree with its marks.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def resolve_plain(text: str) -> Any:
    """Turn an unquoted scalar into a value under our strict rules."""
    if text and text[0] not in _MAYBE_NOT_TEXT:
        return text  # most values are words: skip the patterns
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.match(text):
        return int(text) if len(text) <= _MAX_INT_CHARS else float(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def position(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of ``text[index]``, lines broken as YAML breaks them."""
    line, start = 1, 0
    for found in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """Keep a parser's mark inside the file: libyaml puts the end of a file without a final line break on a line after it."""
    lines = _LINE_BREAK.split(text)
    if line <= len(lines):
        return line, min(column, len(lines[line - 1]) + 1)
    return len(lines), len(lines[-1]) + 1


def _invisible(code: str) -> str:
    return f"the invisible character {code} is not allowed in YAML; delete it (such characters often come with text copied from another program)"


def _bidi(code: str) -> str:
    return f"the direction control {code} is not allowed: it makes text show in another order than it is written; delete it"


def _refuse_invisible(text: str) -> None:
    if _ANY_REFUSED.search(text) is None:  # one pass for the usual clean file
        return
    for pattern, message, rule in ((_NOT_PRINTABLE, _invisible, "control-character"), (_BIDI_CONTROL, _bidi, "bidi-control")):
        found = pattern.search(text)
        if found:
            line, column = position(text, found.start())
            raise LoadError(line, column, message(f"U+{ord(found.group()):04X}"), rule)


def _refuse_escaped(value: str, mark: Any, path: Path_) -> None:
    """What a double-quoted escape (``"\\x07"``, ``"\\u202e"``) puts into a value, refused as if written."""
    for pattern, message, rule in ((_NOT_PRINTABLE, _invisible, "control-character"), (_BIDI_CONTROL, _bidi, "bidi-control")):
        found = pattern.search(value)
        if found:
            raise LoadError(*_pos(mark), message(f"U+{ord(found.group()):04X}") + " (it is written as an escape in quotes)", rule, describe(path))


def describe(path: Path_) -> str:
    """Render a data path the way editors read it: ``fees[0].amount``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_ALIAS, _SCALAR = yaml.AliasEvent, yaml.ScalarEvent
_SEQUENCE, _SEQUENCE_END, _MAPPING, _MAPPING_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent, yaml.MappingStartEvent, yaml.MappingEndEvent


class _Builder:
    """Builds Python data from a libyaml event stream, refusing risky YAML.

    The hot loop of every command: it records positions as bare numbers
    (``Document.marks``) and keeps the path of the current node only as a
    stack of keys, turned into a path when a problem needs one.
    """

    __slots__ = ("doc", "marks", "next", "props", "stack")

    def __init__(self, next_event: Any, doc: Document, props: bool = True) -> None:
        self.next = next_event  # the parser's own get_event: no generator in between (hot path)
        self.doc = doc
        self.marks = doc.marks
        self.stack: list[str | int] = []  # keys and indexes down to the current node
        # Whether an event can carry an anchor or a tag: libyaml makes them only from a `&` or a `!` in the
        # text, so a file without either (most files) skips looking at every event for them.
        self.props = props

    def path(self) -> Path_:
        return tuple(self.stack)

    def build(self) -> Any:
        self.next()  # StreamStart
        event = self.next()
        if type(event) is yaml.StreamEndEvent:
            raise LoadError(1, 1, "the file is empty; it must hold a mapping of fields", "empty-file")
        data = self.node(self.next())
        end = self.next()  # DocumentEnd
        following = self.next()
        if type(following) is not yaml.StreamEndEvent:
            line, col = _pos(following.start_mark)
            raise LoadError(line, col, "the file holds more than one YAML document (a second `---`); keep one per file", "multiple-documents")
        del end
        return data

    def refuse_extras(self, event: Any) -> None:
        """Raise for an anchor or a tag on ``event`` (callers check first: this is the rare path)."""
        line, col = _pos(event.start_mark)
        if getattr(event, "anchor", None):
            raise LoadError(line, col, f"anchors (&{event.anchor}) are not allowed; write the value out in full", "anchor", describe(self.path()))
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = "!!" + tag.removeprefix(_CORE_TAG) if tag.startswith(_CORE_TAG) else tag  # as the editor wrote it
            raise LoadError(line, col, f"tags such as {shown} are not allowed; write a plain value (use quotes for text)", "tag", describe(self.path()))

    def node(self, event: Any) -> Any:
        kind = type(event)
        if kind is _ALIAS:
            line, col = _pos(event.start_mark)
            raise LoadError(line, col, f"aliases (*{event.anchor}) are not allowed; write the value out in full", "alias", describe(self.path()))
        if self.props and (event.anchor is not None or event.tag is not None):
            self.refuse_extras(event)
        if kind is _SCALAR:
            return self.scalar(event)
        mark = event.start_mark
        if len(self.stack) > MAX_DEPTH:
            self.too_deep(mark)
        marks = self.marks
        marks.append(mark.line + 1)
        marks.append(mark.column + 1)
        count_at = len(marks)
        marks.append(0)  # the number of entries, known at the end
        if kind is _SEQUENCE:
            items: list[Any] = []
            stack, next_event, node = self.stack, self.next, self.node
            stack.append(0)
            while type(event := next_event()) is not _SEQUENCE_END:
                stack[-1] = len(items)
                items.append(node(event))
            stack.pop()
            marks[count_at] = len(items)
            return items
        if kind is _MAPPING:
            result = self.mapping(count_at)
            marks[count_at] = len(result)
            return result
        raise LoadError(*_pos(mark), "unexpected YAML structure", "syntax")  # pragma: no cover

    def scalar(self, event: Any) -> Any:
        """The value of a scalar ``event`` whose anchor and tag are checked already; records its mark."""
        mark = event.start_mark
        if len(self.stack) > MAX_DEPTH:
            self.too_deep(mark)
        marks = self.marks
        marks.append(mark.line + 1)
        marks.append(mark.column + 1)
        text = event.value
        if event.style:
            if event.style == '"':  # the one style with escapes
                _refuse_escaped(text, mark, self.path())
            return text
        if text and text[0] not in _MAYBE_NOT_TEXT:  # most values are words (resolve_plain's first test, inlined)
            return text
        value = resolve_plain(text)
        if type(value) is not str:
            self.doc.raw_at[len(marks) - 2] = text
            if isinstance(value, (int, float)) and not abs(value) <= _LARGEST:  # `not <=` also catches NaN
                shown = text if len(text) <= 20 else text[:17] + "..."
                raise LoadError(
                    *_pos(mark), f"{shown} is too large a number to be stored (the limit is about 1.8e308); write the real value, in quotes if it is text", "number-range", describe(self.path())
                )
        return value

    def too_deep(self, mark: Any) -> None:
        raise LoadError(*_pos(mark), f"values are nested more than {MAX_DEPTH} levels deep; check the indentation and brackets", "depth", describe(self.path()[:3]) + "...")

    def mapping(self, start: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        marks, stack, next_event, props, node, scalar = self.marks, self.stack, self.next, self.props, self.node, self.scalar
        stack.append("")
        while type(event := next_event()) is not _MAPPING_END:
            mark = event.start_mark
            if type(event) is not _SCALAR:
                stack.pop()
                raise LoadError(*_pos(mark), "a key must be a plain word, not a list or a mapping", "key-type", describe(self.path()))
            if props and (event.anchor is not None or event.tag is not None):
                stack.pop()
                self.refuse_extras(event)
            key = event.value
            if not event.style and (not key or key[0] in _MAYBE_NOT_TEXT):
                key = resolve_plain(key)
            if type(key) is not str:
                stack.pop()
                raise LoadError(*_pos(mark), f"the key {event.value!r} is not text; field names are words (put it in quotes if you mean text)", "key-type", describe(self.path()))
            if key in result:
                stack[-1] = key
                first = self.first_key_line(start, result, key)
                raise LoadError(*_pos(mark), f"the key {key!r} appears twice (first on line {first}); keep one", "duplicate-key", describe(self.path()))
            marks.append(mark.line + 1)
            marks.append(mark.column + 1)
            stack[-1] = key
            event = next_event()
            # most values are scalars: straight to them, without node()'s questions for containers
            if type(event) is _SCALAR and not (props and (event.anchor is not None or event.tag is not None)):
                result[key] = scalar(event)
            else:
                result[key] = node(event)
        stack.pop()
        return result

    def first_key_line(self, start: int, partial: dict[str, Any], key: str) -> int:
        """The line of ``key`` in the mapping being read (its count at ``start`` in the marks): for the duplicate-key message."""
        at = start + 1
        for name, value in partial.items():
            if name == key:
                return self.marks[at]
            at = _skip(self.marks, at + 2, value)
        return 0  # pragma: no cover - the key is in ``partial``


def _skip(marks: array[int], at: int, value: Any) -> int:
    """The entry of ``marks`` after the node at ``at`` (holding ``value``) and everything inside it."""
    if type(value) is dict:
        count, at = marks[at + 2], at + 3
        for inner in islice(value.values(), count):
            at = _skip(marks, at + 2, inner)
        return at
    if type(value) is list:
        count, at = marks[at + 2], at + 3
        for inner in islice(value, count):
            at = _skip(marks, at, inner)
        return at
    return at + 2


def load_text(text: str, doc: Document) -> Any:
    """Parse YAML text into data under the strict rules; raises LoadError."""
    _refuse_invisible(text)
    try:
        parser = _EventLoader(text)
        try:
            doc.data = _Builder(parser.get_event, doc, "&" in text or "!" in text).build()
            return doc.data
        finally:
            parser.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _within(text, *_pos(mark)) if mark else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        lines = text.splitlines()
        if 0 < line <= len(lines) and lines[line - 1][col - 1 : col] == "\t":  # libyaml's words do not say "tab"
            raise LoadError(line, col, "YAML syntax: a tab character is not allowed here; indent with spaces only", "syntax") from None
        raise LoadError(line, col, f"YAML syntax: {problem}; check the indentation and quotes", "syntax") from None
    except yaml.YAMLError:  # pragma: no cover - a ReaderError: _refuse_invisible finds what it would, with a location
        raise LoadError(1, 1, "the file is not readable as YAML text; check it for invisible characters", "syntax") from None


# The only characters outside ASCII whose lower case holds ASCII letters (`İ` -> `i̇`, the Kelvin sign -> `k`).
_LOWER_TO_ASCII = ("\u0130".encode(), "\u212a".encode())


def _mentioned(watch: tuple[str, ...], raw: bytes, text: str) -> frozenset[str]:
    """Which of ``watch`` occur in ``text`` (``raw`` decoded) in any case.

    Lowering the bytes changes only A-Z and is many times faster than lowering Cyrillic text; for ASCII words
    it finds the same, unless the text holds one of the two characters that lower into ASCII.
    """
    if all(word.isascii() for word in watch) and not any(odd in raw for odd in _LOWER_TO_ASCII):
        folded_bytes = raw.lower()
        return frozenset(word for word in watch if word.lower().encode() in folded_bytes)
    folded = text.lower()
    return frozenset(word for word in watch if word.lower() in folded)


def read_document(path: Path, display: str, watch: tuple[str, ...] = ()) -> Document:
    """Read and parse one file; raises LoadError for anything but a usable mapping.

    ``watch``: words to note in ``Document.mentions`` when the text holds them, in any case.
    """
    doc = Document(path=path, display=display)
    # Sized before it is read, and never read past the limit: a 3 GB file costs nothing.
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        raw = b""
        if size <= MAX_FILE_BYTES:
            # asked for its size, not the limit: a buffer of the limit for every file costs more than the reading
            raw = handle.read(size + 1)
            if len(raw) > size:  # it grew since: on to the limit
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        shown = max(size, len(raw))
        raise LoadError(1, 1, f"the file is {-(-shown // 1024)} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB per file", "file-size")
    if b"\x00" in raw:
        raise LoadError(1, 1, "this is a binary file, not YAML text", "binary")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8").removeprefix("\ufeff")  # valid up to the first bad byte
        raise LoadError(*position(before, len(before)), "the file is not UTF-8 text; save it as UTF-8", "encoding") from None
    text = text.removeprefix("\ufeff")
    if watch and "\\" not in text:  # an escape in quotes (`"\\x68ttp"`) could spell a word the text does not show
        doc.mentions = _mentioned(watch, raw, text)
    doc.data = load_text(text, doc)
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value" if doc.data is not None else "nothing"
        raise LoadError(*doc.locate(()), f"the file holds {kind}; it must be a mapping of fields (`id: ...`, `name: ...`)", "not-a-mapping")
    return doc
