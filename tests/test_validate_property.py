"""Whatever lands in a catalogue file, the validator answers with problems, never with a crash.

Hypothesis writes arbitrary text, arbitrary bytes and random YAML structures as a service file and as
catalog.yaml; ``validate_catalog`` must always return a Result, every problem must point at a place that
exists in the file it names, and ``catalog validate`` must exit with 0 or 1. The two schema validators must
agree: whatever jsonschema-rs rejects, the Python validator that explains it must find wrong too.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from servicecatalog.cli import main
from servicecatalog.model.ecma import ecma_regex
from servicecatalog.model.fields import load_model
from servicecatalog.model.schemas import compile_schemas
from servicecatalog.model.validate import Result, validate_catalog

MINI = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mini"
# A smaller copy of the mini catalogue keeps each example fast while every cross-file rule still runs.
KEEP = ("catalog.yaml", "institutions/town.yaml", "templates/property-tax.yaml", "vocabularies/categories.yaml",
        "vocabularies/audiences.yaml")

RESIDENCE = yaml.safe_load((MINI / "catalog" / "services" / "town" / "residence.yaml").read_text(encoding="utf-8"))

# About 20 s in all: each example validates a whole (small) catalogue.
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(SETTINGS, max_examples=100)
FEWEST = settings(SETTINGS, max_examples=75)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.sampled_from(["yes", "NO", "012", "1.10", "12:30", "2024-01-31", "2026-13-45", "town", "town/centre", "mk", "online", "-5",
                     "TOWN-009\n", "https://x.mk/\n", "mk\n"]),  # valid but for a final line break: Python's `$` accepts it
)
keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["id", "code", "name", "institution", "template", "channels", "fees", "amount", "type", "maturity",
                     "url", "offices", "related", "former_ids", "replaced_by", "status", "mk", "sq", "en", "languages",
                     "default_currency", "processing_time", "per_channel", "documents", "categories", "terms"]),
)
# The line breaks YAML (and so every reported line number) counts.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
SCHEMAS = compile_schemas(load_model(), ["mk", "sq", "en"])


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        return ([node["pattern"]] if isinstance(node.get("pattern"), str) else []) + [p for v in node.values() for p in _patterns(v)]
    return [p for v in node for p in _patterns(v)] if isinstance(node, list) else []


PATTERNS = sorted({p for schema in SCHEMAS.raw.values() for p in _patterns(schema)})

structures = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)), max_leaves=25)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("property") / "project"
    for name in KEEP:
        (root / "catalog" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(MINI / "catalog" / name, root / "catalog" / name)
    return root


def _assert_located_inside(root: Path, result: Result) -> None:
    """Every problem points at a line of its file, and at most one column past that line's end."""
    for problem in result.problems:
        path = root / problem.file
        if not path.is_file():
            assert (problem.line, problem.column) == (1, 1), problem
            continue
        text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        lines = LINE_BREAK.split(text)
        assert 1 <= problem.line <= len(lines), (problem, len(lines))
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, (problem, lines[problem.line - 1])


def _check(root: Path, target: str, content: bytes, *, cli: bool = False) -> None:
    path = root / "catalog" / target
    original = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    try:
        result = validate_catalog(root)
        assert isinstance(result, Result)
        assert all(p.severity in ("error", "warning") for p in result.problems)
        _assert_located_inside(root, result)
        if cli:
            with contextlib.redirect_stdout(io.StringIO()):
                code = main(["validate", str(root)])
            assert code == (0 if result.ok else 1)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_as_service_file(project: Path, text: str) -> None:
    _check(project, "services/town/fuzz.yaml", text.encode("utf-8", errors="surrogatepass"), cli=True)


@SETTINGS
@given(content=st.binary(max_size=300))
def test_any_bytes_as_service_file(project: Path, content: bytes) -> None:
    _check(project, "services/town/fuzz.yaml", content)


@FEWER
@given(data=structures)
def test_any_yaml_structure_as_service_file(project: Path, data: Any) -> None:
    _check(project, "services/town/fuzz.yaml", _dump(data))


@FEWEST
@given(data=st.dictionaries(keys, structures, max_size=8))
def test_any_mapping_over_a_valid_service(project: Path, data: dict[str, Any]) -> None:
    """Random fields on top of a valid service reach the schema and cross-file rules, not only the loader."""
    _check(project, "services/town/residence.yaml", _dump({**RESIDENCE, **data}))


@FEWER
@given(content=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")), structures.map(_dump)))
def test_anything_as_settings_file(project: Path, content: bytes) -> None:
    _check(project, "catalog.yaml", content)


@FEWER
@given(data=st.dictionaries(keys, structures, max_size=8))
@example(data={"code": "TOWN-009\n"})
@example(data={"channels": [{"type": "online", "maturity": 2, "url": "https://x.mk/\n"}]})
@example(data={"name": {"mk": "\ufeff"}})  # a space to ECMA's `\\s`, not to Python's
def test_what_the_fast_validator_rejects_the_detailed_one_explains(data: dict[str, Any]) -> None:
    service = {**RESIDENCE, **data}
    if not SCHEMAS.fast["service"].is_valid(service):
        assert next(SCHEMAS.detailed["service"].iter_errors(service), None) is not None


# Texts around each pattern's edges: line breaks before and after, ECMA-only spaces, non-ASCII digits and letters.
edges = st.one_of(
    st.text(max_size=12),
    st.tuples(st.sampled_from(["MK", "MKD", "TOWN-001", "a@b.mk", "https://x.mk/", "+389 2 3117 222", "08:00", "2024-01-31", "town/centre", "mk", "x"]),
              st.sampled_from(["", "\n", "\r", "\r\n", " ", "\ufeff", "\x1c", "\x85", "\u2028", "\u00a0", "\u0663", "é"]),
              st.booleans()).map(lambda t: t[1] + t[0] if t[2] else t[0] + t[1]),
)


@SETTINGS
@given(pattern=st.sampled_from(PATTERNS), text=edges)
def test_patterns_mean_the_same_to_both_validators(pattern: str, text: str) -> None:
    """`$`, `\\s`, `\\d` and `\\w` differ between Python's re and ECMA-262; ecma_regex must match jsonschema-rs."""
    fast = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    assert fast.is_valid(text) == bool(ecma_regex(pattern).search(text)), (pattern, text)
