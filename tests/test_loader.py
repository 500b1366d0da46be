"""The strict loader keeps what editors wrote: each PyYAML surprise (STYLE.md, convention 5) has a test here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from servicecatalog.model.loader import MAX_FILE_BYTES, Document, LoadError, load_text, read_document, resolve_plain
from servicecatalog.model.schemafiles import bundled_dir
from servicecatalog.model.validate import validate_catalog


def _load(text: str) -> tuple[Any, Document]:
    doc = Document(path=Path("x.yaml"), display="x.yaml")
    return load_text(text, doc), doc


@pytest.mark.parametrize("word", ["yes", "Yes", "YES", "no", "NO", "on", "On", "off", "OFF", "y", "n"])
def test_yaml_11_booleans_stay_text(word: str) -> None:
    assert resolve_plain(word) == word
    assert _load(f"flag: {word}\n")[0] == {"flag": word}


@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False), ("True", True), ("FALSE", False)])
def test_yaml_12_booleans(text: str, value: bool) -> None:
    assert resolve_plain(text) is value


@pytest.mark.parametrize("text", ["", "~", "null", "Null", "NULL"])
def test_null(text: str) -> None:
    assert resolve_plain(text) is None


def test_date_stays_text() -> None:
    assert resolve_plain("2024-01-31") == "2024-01-31"
    assert _load("since: 2024-01-31\n")[0] == {"since": "2024-01-31"}


def test_leading_zero_stays_text() -> None:
    assert resolve_plain("012") == "012"
    assert _load("postal_code: 012\n")[0] == {"postal_code": "012"}


def test_sexagesimal_stays_text() -> None:
    assert resolve_plain("12:30") == "12:30"
    assert _load("opens: 12:30\n")[0] == {"opens": "12:30"}


@pytest.mark.parametrize("text", ["0x1F", "0o17", "0b101", ".inf", "-.inf", ".nan", "1_000", "+.5", "1e3e"])
def test_other_yaml_11_numbers_stay_text(text: str) -> None:
    assert resolve_plain(text) == text


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("-5", -5), ("+7", 7), ("1500", 1500), ("1.5", 1.5), ("1e3", 1000.0)])
def test_yaml_12_numbers(text: str, value: float) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_decimal_keeps_what_was_written() -> None:
    data, doc = _load("articles: 1.10\n")
    assert data == {"articles": 1.1}
    assert doc.raw[("articles",)] == "1.10"  # so the message can quote "1.10", not 1.1


def test_quoted_values_stay_text() -> None:
    assert _load("a: 'yes'\nb: \"1.10\"\nc: '012'\n")[0] == {"a": "yes", "b": "1.10", "c": "012"}


def test_duplicate_key_refused() -> None:
    with pytest.raises(LoadError) as caught:
        _load("id: a\nname: x\nid: b\n")
    assert (caught.value.line, caught.value.column, caught.value.rule, caught.value.field) == (3, 1, "duplicate-key", "id")
    assert "first on line 1" in caught.value.message


def test_duplicate_nested_key_refused() -> None:
    with pytest.raises(LoadError) as caught:
        _load("name:\n  mk: a\n  mk: b\n")
    assert (caught.value.line, caught.value.column, caught.value.field) == (3, 3, "name.mk")


def test_positions_are_recorded() -> None:
    _, doc = _load("id: a\nfees:\n  - amount: -5\n")
    assert doc.locate(("fees", 0, "amount")) == (3, 13)
    assert doc.locate(("fees", 0, "amount"), key=True) == (3, 5)
    assert doc.locate(("fees", 0, "missing")) == (3, 5)  # the nearest ancestor


def test_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffid: a\n".encode())
    assert read_document(path, "x.yaml").data == {"id": "a"}


# --- the same surprises seen through the validator, with the messages editors read -----------------------


def _residence_with(root: Path, old: str, new: str) -> Path:
    path = root / "catalog" / "services" / "town" / "residence.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_boolean_field_given_yes(mini_root: Path) -> None:
    _residence_with(mini_root, "form: original-for-inspection", "form: original-for-inspection\n    obtained_by_administration: yes")
    [problem] = validate_catalog(mini_root).problems
    assert problem.field == "documents[0].obtained_by_administration"
    assert "write `true` or `false`" in problem.message


def test_decimal_in_text_field_says_to_quote(mini_root: Path) -> None:
    _residence_with(mini_root, "fees: []", "fees: []\nlegal_basis:\n  - title: {mk: Закон, sq: Ligji, en: Act}\n    articles: 1.10")
    [problem] = validate_catalog(mini_root).problems
    assert problem.field == "legal_basis[0].articles"
    assert problem.message == '1.10 must be text; put it in quotes: "1.10"'


def test_leading_zero_in_integer_field(mini_root: Path) -> None:
    _residence_with(mini_root, "in_person_visits: 1", "in_person_visits: 012")
    [problem] = validate_catalog(mini_root).problems
    assert (problem.field, problem.message) == ("in_person_visits", "'012' must be a whole number; write it without leading zeros or quotes")


def test_time_stays_text_in_opening_hours(mini_root: Path) -> None:
    path = mini_root / "catalog" / "institutions" / "town.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('opens: "08:00"', "opens: 08:00"), encoding="utf-8")
    result = validate_catalog(mini_root)
    assert result.problems == []
    assert result.catalog is not None
    assert result.catalog.institutions["town"]["offices"][0]["opening_hours"][0]["opens"] == "08:00"


@pytest.fixture()
def dated_schema(tmp_path: Path) -> Path:
    """The bundled schemas plus a date field on services (no field of the real schema is a date yet)."""
    schema_dir = tmp_path / "schema"
    shutil.copytree(bundled_dir(), schema_dir)
    service = json.loads((schema_dir / "service.schema.json").read_text(encoding="utf-8"))
    service["properties"]["valid_from"] = {"$ref": "definitions.schema.json#/$defs/date", "title": "Valid from"}
    (schema_dir / "service.schema.json").write_text(json.dumps(service), encoding="utf-8")
    return schema_dir


def test_unquoted_date_in_date_field_is_valid(mini_root: Path, dated_schema: Path) -> None:
    _residence_with(mini_root, "in_person_visits: 1", "in_person_visits: 1\nvalid_from: 2024-01-31")
    result = validate_catalog(mini_root, schema_dir=dated_schema)
    assert result.problems == []
    assert result.catalog is not None
    assert result.catalog.services["residence"].data["valid_from"] == "2024-01-31"


def test_impossible_date_is_an_error_not_a_crash(mini_root: Path, dated_schema: Path) -> None:
    _residence_with(mini_root, "in_person_visits: 1", "in_person_visits: 1\nvalid_from: 2026-13-45")
    [problem] = validate_catalog(mini_root, schema_dir=dated_schema).problems
    assert (problem.severity, problem.line, problem.column, problem.field) == ("error", 12, 13, "valid_from")
    assert problem.message.startswith("'2026-13-45' is not a valid date")
    assert "2024-01-31" in problem.message  # the example shows what to write


def test_deep_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(LoadError) as caught:
        _load("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert caught.value.rule == "depth"
    with pytest.raises(LoadError):
        _load("a:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(2000)))


# --- numbers JSON cannot hold, characters YAML does not allow: refused with their place -------------------


@pytest.mark.parametrize("number", ["1e400", "-1e400", "9" * 500, "-" + "9" * 5000, "1.5e309"], ids=["1e400", "-1e400", "500-digits", "-5000-digits", "1.5e309"])
def test_number_beyond_json_is_refused_where_it_stands(number: str) -> None:
    with pytest.raises(LoadError) as caught:
        _load(f"id: a\nfees:\n  - amount: {number}\n")
    error = caught.value
    assert (error.line, error.column, error.rule, error.field) == (3, 13, "number-range", "fees[0].amount")
    assert "too large a number" in error.message and "write the real value" in error.message


@pytest.mark.parametrize(("text", "value"), [("1e308", 1e308), ("1e-400", 0.0), ("9" * 300, int("9" * 300)), ("'1e400'", "1e400")])
def test_large_but_finite_numbers_and_quoted_text_load(text: str, value: object) -> None:
    assert _load(f"a: {text}\n")[0] == {"a": value}


def test_control_character_is_located_by_line_and_column() -> None:
    with pytest.raises(LoadError) as caught:
        _load("id: a\nname:\n  mk: Пасош\x07 за деца\n")
    error = caught.value
    assert (error.line, error.column, error.rule) == (3, 12, "control-character")
    assert error.message == "the invisible character U+0007 is not allowed in YAML; delete it (such characters often come with text copied from another program)"


def test_control_character_late_in_a_long_file_is_not_at_column_2140(tmp_path: Path) -> None:
    """Before, PyYAML's byte offset became the column of line 1, with its `in "<unicode string>", position` text."""
    path = tmp_path / "x.yaml"
    path.write_text("id: a\n" + "# Ќе се плати такса.\n" * 100 + "code: \x1bX\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_document(path, "x.yaml")
    assert (caught.value.line, caught.value.column) == (102, 7)
    assert "position" not in caught.value.message and "<unicode string>" not in caught.value.message


@pytest.mark.parametrize(("text", "line", "column"), [("a: b\r\nc: \x01", 2, 4), ("a: b\rc: \x01", 2, 4), ("a: 'b\u2028c'\nd: \x01", 3, 4), ("\x01", 1, 1)])
def test_positions_count_the_line_breaks_yaml_counts(text: str, line: int, column: int) -> None:
    with pytest.raises(LoadError) as caught:
        _load(text)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_not_utf8_column_counts_characters(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("id: a\nname: Пасош ".encode() + b"\xff\n")
    with pytest.raises(LoadError) as caught:
        read_document(path, "x.yaml")
    assert (caught.value.line, caught.value.column, caught.value.rule) == (2, 13, "encoding")


def test_syntax_error_at_the_end_stays_on_the_last_line() -> None:
    """libyaml puts the end of a file without a final line break on a line after it; editors have no such line."""
    with pytest.raises(LoadError) as caught:
        _load("id: a\nname: [x")
    assert (caught.value.line, caught.value.column) == (2, 9)  # just after the `x`


# --- positions are kept as bare numbers while loading and mapped to paths only when asked --------------


def test_positions_stay_right_after_defaults_are_added() -> None:
    """Validation adds schema defaults to a service's data; the file's positions must not shift."""
    _, doc = _load("id: a\nfees:\n  - amount: 5\n  - amount: 7\nname: x\n")
    doc.data["fees"][0]["currency"] = "MKD"  # as apply_defaults does, before anyone asked for a position
    doc.data["status"] = "active"
    assert doc.locate(("fees", 1, "amount")) == (4, 13)
    assert doc.locate(("name",), key=True) == (5, 1)
    assert doc.locate(("status",)) == (1, 1)  # not in the file: the whole file


def test_duplicate_key_after_nested_values_names_the_first_line() -> None:
    text = "id: a\nname:\n  mk: x\n  sq: [y, {z: 1}]\nfees:\n  - amount: 5\nname: again\n"
    with pytest.raises(LoadError) as caught:
        _load(text)
    assert (caught.value.line, caught.value.field) == (7, "name")
    assert "first on line 2" in caught.value.message


def test_error_inside_a_list_names_its_path() -> None:
    with pytest.raises(LoadError) as caught:
        _load("id: a\nfees:\n  - amount: 5\n  - amount: !!str 7\n")
    assert (caught.value.line, caught.value.column, caught.value.rule, caught.value.field) == (4, 13, "tag", "fees[1].amount")


def test_plain_http_spelled_with_escapes_is_still_found(mini_root: Path) -> None:
    """Files whose text lacks `http://` are not searched for it; an escape can spell it without the text showing it."""
    path = _residence_with(mini_root, "fees: []", 'fees: []\nlinks:\n  - url: "\\x68ttp://example.org/form"\n    title: {mk: Форма, sq: Formulari, en: Form}')
    found = [p for p in validate_catalog(mini_root).problems if p.rule == "plain-http"]
    assert [(p.file, p.field) for p in found] == [(path.relative_to(mini_root).as_posix(), "links[0].url")]


# --- the fast forms of the checks on every file's text find what the plain forms find ------------------


def test_refused_characters_are_yamls_own_list() -> None:
    """The loader names the refused characters instead of the allowed ones (faster); the set must stay PyYAML's."""
    from yaml.reader import Reader

    from servicecatalog.model import loader

    every = "".join(chr(code) for code in range(0x110000))
    assert [m.start() for m in loader._NOT_PRINTABLE.finditer(every)] == [m.start() for m in Reader.NON_PRINTABLE.finditer(every)]
    either = {m.start() for m in loader._NOT_PRINTABLE.finditer(every)} | {m.start() for m in loader._BIDI_CONTROL.finditer(every)}
    assert [m.start() for m in loader._ANY_REFUSED.finditer(every)] == sorted(either)


@pytest.mark.parametrize(
    "text",
    ["url: HTTP://example.org\n", "note: ToDo\n", "name: Пасош\n", "K: http:/\n", "x: \u0130 TODO http://\n", "x: \u212a todo\n", "id: İstanbul\n", "a: H T T P://\n"],
)
def test_words_watched_for_are_found_in_any_case(tmp_path: Path, text: str) -> None:
    """Which watched words a file holds decides whether rules look into it: the quick look must see what lowering the text sees."""
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    watch = ("TODO", "http://", "İs", "k")
    doc = read_document(path, "x.yaml", watch=watch)
    folded = text.lower()
    assert doc.mentions == frozenset(word for word in watch if word.lower() in folded)
    ascii_only = read_document(path, "x.yaml", watch=("TODO", "http://"))
    assert ascii_only.mentions == frozenset(word for word in ("TODO", "http://") if word.lower() in folded)


@pytest.mark.parametrize(
    ("text", "rule", "line", "column", "field"),
    [("name: Q&A\nb: &y z\n", "anchor", 2, 4, "b"), ("name: Hi!\nb: [x, !!str 1]\n", "tag", 2, 8, "b[1]"), ("k: [a]\n? !x b\n: c\n", "tag", 2, 3, "")],
)
def test_anchors_and_tags_are_refused_in_files_that_also_use_the_characters_in_text(text: str, rule: str, line: int, column: int, field: str) -> None:
    """Files without `&` or `!` skip looking for anchors and tags; one character in a text must not hide a real one."""
    assert _load("name: Q&A and Hi!\nurl: 'https://example.org/?a=1&b=2'\n")[0]["name"] == "Q&A and Hi!"
    with pytest.raises(LoadError) as caught:
        _load(text)
    assert (caught.value.rule, caught.value.line, caught.value.column, caught.value.field) == (rule, line, column, field)


@pytest.mark.parametrize(("content", "rule"), [(b"id: a\nname: x\n", None), (b"id: a\n" + b"# padding\n" * (MAX_FILE_BYTES // 10), "file-size")])
def test_a_file_longer_than_its_size_said_is_read_to_the_end_or_the_limit(tmp_path: Path, content: bytes, rule: str | None) -> None:
    """The loader reads as many bytes as the file's size, and one more; a file that has more (one that grew, a pipe
    whose size is 0) is read on, never past the limit."""
    import os
    import threading

    pipe = tmp_path / "x.yaml"
    os.mkfifo(pipe)

    def write() -> None:
        try:
            with pipe.open("wb") as out:
                out.write(content)
        except BrokenPipeError:  # the reader stopped at the limit
            pass

    writer = threading.Thread(target=write)
    writer.start()
    try:
        if rule is None:
            assert read_document(pipe, "x.yaml").data == {"id": "a", "name": "x"}
        else:
            with pytest.raises(LoadError) as caught:
                read_document(pipe, "x.yaml")
            assert caught.value.rule == rule and "the limit is 256 KiB" in caught.value.message
    finally:
        writer.join()
