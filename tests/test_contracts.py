"""Contracts between the schema and everything built from it.

Each test walks the schema model, so it fails for tomorrow's field or value, not only today's:
a field added to the schema but not shown, a value with no interface words, a setting that the
export neither carries nor keeps private. The failure message says what to do.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from servicecatalog.model.fields import FieldNode, load_model
from servicecatalog.model.validate import validate_catalog
from servicecatalog.opendata import export_cpsv, export_json, export_schemaorg, exports
from servicecatalog.site import charts, service_facts, stats

PROJECT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
SITE = PROJECT / "scripts" / "servicecatalog" / "site"
MODEL = load_model()

# ------------------------------------------------------------------ the service page

PAGE_SOURCES = ("templates/service.md.j2", "templates/_macros.j2", "service_facts.py")


def _page_reads(name: str, source: str) -> bool:
    """Whether the page's sources read a field called ``name`` (``s.fees``, ``c["maturity"]``, ``get("url")``)."""
    return re.search(rf"""(\.|["']){re.escape(name)}\b""", source) is not None


def _shown_fields(node: FieldNode) -> list[FieldNode]:
    """The fields a page must show: a compound value (a duration, an amount) is shown whole."""
    found = []
    for child in node.properties.values():
        found.append(child)
        if not child.compound and not child.localized:
            found += _shown_fields(child)
            if child.items is not None:
                found += _shown_fields(child.items)
    return found


def test_every_service_field_is_shown_on_its_page_or_listed_as_not_shown() -> None:
    source = "".join((SITE / name).read_text(encoding="utf-8") for name in PAGE_SOURCES)
    missing = [
        node.path for node in _shown_fields(MODEL.root("service"))
        if node.path not in service_facts.NOT_SHOWN and not _page_reads(node.name, source)
    ]
    assert missing == [], (
        f"the service page shows nothing of {', '.join(missing)}: render each in scripts/servicecatalog/site/templates/service.md.j2 "
        "(with its interface words in every catalog/ui/<language>.yaml), or add it to NOT_SHOWN in "
        "scripts/servicecatalog/site/service_facts.py with the reason it is not shown"
    )


def test_the_not_shown_list_names_real_fields_with_a_reason() -> None:
    for path, reason in service_facts.NOT_SHOWN.items():
        MODEL.field("service", path)  # KeyError: the field left the schema; remove it from NOT_SHOWN
        assert len(reason) > 20, path


# ------------------------------------------------------------------ enum values

# Where each closed list of values finds its interface words: ``{}`` is the value.
ENUM_WORDS = {
    "channels[].type": "channel.{}",
    "documents[].form": "service.{}",
    "documents[].format": "service.format.{}",
    "authority_silence.rule": "service.silence.{}",
    "duration.unit": "unit.{}.other",
    "weekday": "day.{}",
    "offices[].accessibility.wheelchair": "service.wheelchair.{}",
    "maturity": "maturity.{}",
}
# Closed lists defined once and used by several fields, by their definition's title.
SHARED = {"Day of the week": "weekday", "Channel type": "channels[].type"}
# Values shown by other means than words of their own.
ENUM_WITHOUT_WORDS = {"status": "a withdrawn service has its own notice (service.withdrawn)"}


def _enums() -> dict[str, tuple[Any, ...]]:
    """Every closed list of values in the service and institution schemas, by the key of ENUM_WORDS."""
    found: dict[str, tuple[Any, ...]] = {}
    for kind in ("service", "institution"):
        for node in MODEL.fields(kind):
            values = node.enum or (node.items.enum if node.items is not None else None)
            if node.name == "[]" or not values:
                continue
            definition = node.definition or (node.items.definition if node.items is not None else "")
            key = "duration.unit" if node.name == "unit" else SHARED.get(definition, node.path)
            found[key] = values
    maturity = MODEL.field("service", "channels[].maturity").schema
    found["maturity"] = tuple(range(maturity["minimum"], maturity["maximum"] + 1))
    return found


def _interface_words() -> dict[str, dict[str, Any]]:
    settings = yaml.safe_load((PROJECT / "catalog" / "catalog.yaml").read_text(encoding="utf-8"))
    return {lang: yaml.safe_load((PROJECT / "catalog" / "ui" / f"{lang}.yaml").read_text(encoding="utf-8")) for lang in settings["languages"]}


def test_every_enum_value_has_interface_words_in_every_language() -> None:
    enums = _enums()
    unmapped = sorted(set(enums) - set(ENUM_WORDS) - set(ENUM_WITHOUT_WORDS))
    assert unmapped == [], f"no interface words are known for the values of {unmapped}: add each to ENUM_WORDS in tests/test_contracts.py and the words to catalog/ui/*.yaml"
    missing = [
        f"{language}: {ENUM_WORDS[key].format(value)}"
        for language, words in _interface_words().items()
        for key, values in enums.items() if key in ENUM_WORDS
        for value in values if ENUM_WORDS[key].format(value) not in words
    ]
    assert missing == [], f"interface words missing in catalog/ui/: {missing}"


def test_every_enum_value_is_handled_by_the_pages_exports_and_charts() -> None:
    enums = _enums()
    units, days, levels = set(enums["duration.unit"]), set(enums["weekday"]), set(enums["maturity"])
    assert units == set(stats.DAYS_PER_UNIT), (
        "a duration unit the statistics cannot count in days: add it to DAYS_PER_UNIT in scripts/servicecatalog/site/stats.py "
        "(the review's 'time falls by half' check reads the same table)"
    )
    # CPSV-AP's xsd:duration has no weeks or working days: export_cpsv.duration turns those by hand.
    assert units == set(export_cpsv._DURATION) | {"weeks", "working-days"}, (
        "a duration unit CPSV-AP cannot write: add its xsd:duration pattern to _DURATION in scripts/servicecatalog/opendata/export_cpsv.py"
    )
    assert days == set(export_schemaorg._DAYS), "a weekday schema.org cannot name: add it to _DAYS in scripts/servicecatalog/opendata/export_schemaorg.py"
    assert set(stats.LEVELS) == levels | {stats.NOT_ONLINE} and set(charts.LEVEL_STYLES) == set(stats.LEVELS), (
        "a maturity level the charts cannot draw: add its style to LEVEL_STYLES in scripts/servicecatalog/site/charts.py"
    )
    other = set(enums["channels[].type"]) - {"online", "in-person"}
    assert set(service_facts.OTHER_CHANNELS) == other, "every channel type has a place on the service page"


# Templates ask for interface words by key: ``t("service.visits")`` (Material's own ``lang.t`` excluded).
_WORD_CALL = re.compile(r"""(?<![\w.])t\(\s*(["'])([\w.-]+)\1\s*[,)]""")


def test_every_interface_word_a_template_asks_for_exists() -> None:
    """A missing word shows its key (``service.appointment_required``) on the page: no page test notices, this does."""
    sources = [*sorted((PROJECT / "scripts" / "servicecatalog").rglob("*.j2")), *sorted((PROJECT / "overrides").rglob("*.html"))]
    asked = {(m.group(2), path.relative_to(PROJECT).as_posix()) for path in sources for m in _WORD_CALL.finditer(path.read_text(encoding="utf-8"))}
    assert len(asked) > 100
    for language, words in _interface_words().items():
        missing = sorted(f"{key} ({where})" for key, where in asked if key not in words)
        assert missing == [], (
            f"interface words missing in catalog/ui/{language}.yaml: {missing}; add each there and in tests/fixtures/ui/{language}.yaml"
        )


# ------------------------------------------------------------------ settings and the export schema


def test_every_setting_is_exported_and_described_or_private() -> None:
    settings = set(MODEL.root("settings").properties)
    exported = set(MODEL.field("export", "settings").properties)
    private = set(export_json.PRIVATE_SETTINGS)
    assert exported <= settings, f"the export schema describes settings that do not exist: {sorted(exported - settings)}"
    assert not exported & private, f"both exported and private: {sorted(exported & private)}"
    undecided = sorted(settings - exported - private)
    assert undecided == [], (
        f"{undecided}: describe each in schema/export.schema.json (settings) to publish it, "
        "or add it to PRIVATE_SETTINGS in scripts/servicecatalog/opendata/export_json.py with the reason"
    )


def _export_validator(fragment: str = "") -> Draft202012Validator:
    registry: Registry = Registry()
    for name, schema in MODEL.raw.items():
        if name != "template":
            registry = registry.with_resource(f"https://x.invalid/schema/{name}.schema.json", Resource.from_contents(schema, default_specification=DRAFT202012))
    return Draft202012Validator({"$ref": f"https://x.invalid/schema/export.schema.json{fragment}"}, registry=registry)


@pytest.fixture(scope="module")
def every_setting(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The exports of a catalogue that writes every setting the settings schema has."""
    root = tmp_path_factory.mktemp("settings") / "project"
    shutil.copytree(FIXTURE, root)
    path = root / "catalog" / "catalog.yaml"
    text = path.read_text(encoding="utf-8")
    text += "description: {mk: Опис, sq: Përshkrim, en: A description}\ncontact_email: catalogue@example.org\nlicence: {name: CC BY 4.0, url: \"https://creativecommons.org/licenses/by/4.0/\"}\nsample_data: true\nstale_after_days: 200\n"
    text += "web_editor: {auth_url: \"https://auth.example.org\"}\n"
    text += "operator: {mk: Тим, sq: Ekipi, en: The team}\naccessibility_enforcement: {name: {mk: Правобранител, sq: Avokati, en: Ombudsman}, url: \"https://ombudsman.example.org/\"}\n"
    text += "accessibility_reviewed: \"2026-12-04\"\n"
    path.write_text(text, encoding="utf-8")
    result = validate_catalog(root)
    assert result.catalog is not None, result.errors
    written = set(result.catalog.settings)
    assert written == set(MODEL.root("settings").properties), f"the fixture should write every setting: lacks {sorted(set(MODEL.root('settings').properties) - written)}"
    return exports.render_exports(result.catalog, {}, "https://example.org/catalogue/")


def test_an_export_with_every_setting_validates_against_its_schema(every_setting: dict[str, bytes]) -> None:
    document = json.loads(every_setting[exports.CATALOGUE_FILE])
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _export_validator().iter_errors(document)]
    assert errors == []
    assert "stale_after_days" not in document["settings"] and "verifiers_team" not in document["settings"]
    assert document["settings"]["licence"]["name"] == "CC BY 4.0"
    for name, content in every_setting.items():
        if name.startswith(exports.SERVICES_FOLDER + "/"):
            one = json.loads(content)
            assert [e.message for e in _export_validator("#/$defs/serviceFile").iter_errors(one)] == [], name
