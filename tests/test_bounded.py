"""Bounded work on hostile input: Markdown renders in linear time, files are sized before they are
read, and messages quote only an excerpt of a long value."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicecatalog.model.loader import MAX_FILE_BYTES, LoadError, read_document
from servicecatalog.model.validate import validate_catalog
from servicecatalog.site.render import markdown_to_html

PROJECT = Path(__file__).resolve().parents[1]
LIMIT = json.loads((PROJECT / "schema" / "definitions.schema.json").read_text(encoding="utf-8"))[
    "$defs"]["localizedMarkdown"]["additionalProperties"]["maxLength"]

# Patterns that made the renderer take minutes (unclosed brackets) or crash (lists nested on one line).
SLOW = ["![", "[", "[a](", "![a](", "](", "[]", "]", "- ", "1. ", "  - ", "\n- ", "-\t", "* ", "<", "&", "*a", "**a", "`", "\\"]


@pytest.mark.parametrize("pattern", SLOW)
def test_slow_patterns_render_within_a_second_at_the_schema_limit(pattern: str) -> None:
    text = (pattern * (LIMIT // len(pattern) + 1))[:LIMIT]
    start = time.process_time()
    html = markdown_to_html(text)
    assert time.process_time() - start < 1.0, pattern
    assert "<script" not in html and "<img" not in html


def test_links_of_the_subset_still_work_and_stray_brackets_show_as_written() -> None:
    html = markdown_to_html("Fill in [the form](https://example.org/f) [draft] \\[kept\\] [a](b c) ![x](https://e/x.png)")
    assert '<a href="https://example.org/f" rel="noopener">the form</a>' in html
    assert "[draft]" in html and "[kept]" in html and "[a](b c)" in html and "<img" not in html


def test_lists_nested_too_deep_show_as_text_instead_of_crashing() -> None:
    html = markdown_to_html("- " * 3000 + "x")
    assert html.startswith("<p>") and html.endswith("x</p>")


TOKENS = st.sampled_from(["![", "[", "]", "(", ")", "](", "*", "**", "_", "`", "- ", "1. ", "\n", "\n\n", "  ", "    ",
                          "<", ">", "&", "\\", "#", "a", "пасош", "https://x.org/", "[a](https://x.org/)", "|", "~"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(TOKENS, min_size=1, max_size=LIMIT // 4), st.integers(min_value=1, max_value=8))
def test_random_texts_up_to_the_limit_render_in_bounded_time(tokens: list[str], repeat: int) -> None:
    text = ("".join(tokens) * repeat)[:LIMIT]
    start = time.process_time()
    markdown_to_html(text)
    assert time.process_time() - start < 2.0


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: 3 GB on paper, nothing on disk
        handle.truncate(3 * 1024**3)
    tracemalloc.start()
    with pytest.raises(LoadError, match="the limit is 256 KiB"):
        read_document(huge, "catalog/services/town/huge.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < MAX_FILE_BYTES * 4, f"{peak} bytes used to refuse a file by its size"


def test_a_too_long_value_is_quoted_as_an_excerpt(mini_root: Path) -> None:
    service = mini_root / "catalog" / "services" / "town" / "residence.yaml"
    text = service.read_text(encoding="utf-8").replace("en: Register your new address.}", "en: " + "x" * 200_000 + "}")
    service.write_text(text, encoding="utf-8")
    problems = validate_catalog(mini_root).errors
    assert [p.field for p in problems] == ["summary.en"]
    assert len(problems[0].message) < 200 and "200000 characters long; the limit is" in problems[0].message


def test_no_message_repeats_a_long_key_or_id_whole(mini_root: Path) -> None:
    long_key = "k" * 100_000
    service = mini_root / "catalog" / "services" / "town" / "residence.yaml"
    service.write_text(service.read_text(encoding="utf-8") + f"{long_key}: 1\n{long_key}: 2\n", encoding="utf-8")
    other = mini_root / "catalog" / "services" / "town" / "property-tax.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("institution: town", "institution: " + "t" * 100_000), encoding="utf-8")
    problems = validate_catalog(mini_root).problems
    assert len(problems) >= 2
    assert all(len(p.message) <= 600 and len(p.field) <= 600 for p in problems), [len(p.message) for p in problems]
