"""`catalog cms-config` and `catalog fmt`: the web editor's form follows the schema; files have one layout."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from servicecatalog.editors import cmsconfig, fmt
from servicecatalog.editors.admin_page import DECAP_DIR, content_security_policy, install_admin
from servicecatalog.editors.yamlfmt import dump, plain_ok
from servicecatalog.model.fields import FieldNode
from servicecatalog.model.loader import Document, load_text, read_document
from site_helpers import PROJECT

FORMAT_JS = PROJECT / "scripts" / "servicecatalog" / "editors" / "admin" / "catalog-format.js"
JS_YAML = PROJECT / "node_modules" / "js-yaml"


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return yaml.safe_load((PROJECT / "admin" / "config.yml").read_text(encoding="utf-8"))


def test_committed_configuration_is_up_to_date() -> None:
    out = io.StringIO()
    assert cmsconfig.run(PROJECT, None, check=True, out=out) == 0, out.getvalue()


def _walk(node: FieldNode, fields: list[dict[str, Any]], path: str, seen: list[str]) -> None:
    by_name = {f["name"]: f for f in fields}
    # the order files are written in
    assert list(by_name) == list(node.properties), f"{path}: admin/config.yml does not list the schema's fields in order: run `catalog cms-config`"
    for name, child in node.properties.items():
        field = by_name[name]
        where = f"{path}.{name}"
        seen.append(where)
        assert field["label"] == (child.title or name), where
        if child.description:
            assert field["hint"].startswith(child.description), where
        if child.localized:
            assert [f["name"] for f in field["fields"]] == ["mk", "sq", "en"], where
        elif child.reference:
            assert field["widget"] == "select" and field["options"], where  # chosen from the catalogue, never typed
        elif child.enum is not None:
            assert field["widget"] == "select" and field["options"] == list(child.enum), where
        elif child.type in ("integer", "number"):
            assert field["widget"] == "number", where
            assert field.get("min") == child.schema.get("minimum") and field.get("max") == child.schema.get("maximum"), where
        elif child.type == "boolean":
            assert field["widget"] == "boolean", where
        elif child.items is not None and child.items.properties:
            assert field["widget"] == "list", where
            _walk(child.items, field["fields"], where + "[]", seen)
        elif child.items is not None:
            assert field["widget"] in ("select", "list"), where
            if child.items.reference or child.items.enum:
                assert field["widget"] == "select" and field["multiple"] and field["options"], where
        elif child.properties:
            assert field["widget"] == "object", where
            _walk(child, field["fields"], where, seen)
        else:
            assert field["widget"] == "string", where
            if child.pattern:
                assert field["pattern"][0] == child.pattern, where


def test_every_schema_field_is_in_the_form_with_its_widget_and_rules(config) -> None:
    schemas = fmt.model(PROJECT)
    collections = {c["name"]: c for c in config["collections"]}
    seen: list[str] = []
    _walk(schemas.root("service"), collections["services"]["fields"], "service", seen)
    _walk(schemas.root("institution"), collections["institutions"]["fields"], "institution", seen)
    assert "service.fees[].amount" in seen and "institution.offices[].accessibility.wheelchair" in seen
    for kind in ("service", "institution"):  # every field the schema model knows, nested ones too
        expected = {f"{kind}.{n.path}" for n in schemas.fields(kind) if not n.path.endswith("[]")}
        assert expected <= set(seen), expected - set(seen)


def test_required_texts_need_the_default_language_and_references_list_the_catalogue(config) -> None:
    services = {f["name"]: f for f in config["collections"][0]["fields"]}
    name = {f["name"]: f for f in services["name"]["fields"]}
    assert name["mk"]["required"] and not name["sq"]["required"] and not name["en"]["required"]
    assert {"label": "Општина Карпош (opstina-karpos)", "value": "opstina-karpos"} in services["institution"]["options"]
    channels = {f["name"]: f for f in services["channels"]["fields"]}
    assert any(o["value"] == "mvr/skopje-centar" for o in channels["offices"]["options"]) or channels["offices"]["options"]
    fee = {f["name"]: f for f in services["fees"]["fields"]}
    assert fee["amount"]["min"] == 0 and list(fee)[:2] == ["amount", "currency"]
    assert config["collections"][0]["path"] == "{{institution}}/{{slug}}"  # a new service goes in its institution's folder


def test_csp_allows_nothing_but_the_site_the_code_host_api_and_the_local_backend(config) -> None:
    policy = content_security_policy(config)
    assert "default-src 'none'" in policy and "script-src 'self' 'unsafe-eval'" in policy
    assert "connect-src 'self' https://api.github.com http://localhost:8081" in policy


def _sample_files() -> list[Path]:
    return fmt.files(PROJECT, [])


@pytest.mark.parametrize("path", _sample_files(), ids=lambda p: p.relative_to(PROJECT / "catalog").as_posix())
def test_fmt_keeps_every_value_and_is_idempotent(path: Path) -> None:
    kinds = fmt.orders(PROJECT)
    _, canonical = fmt.format_file(PROJECT, path, kinds)
    again = load_text(canonical, Document(path=path, display="x"))
    assert again == read_document(path, "x").data
    kind = fmt._kind(PROJECT, path) or "settings"
    assert dump(again, kinds[kind]) == canonical


@pytest.mark.parametrize("text", ["yes", "No", "on", "12:30", "08:00", "2024-01-31", "012", "1.10", "1000", "0x1F", ".inf", "~", "null", "- x", "a: b", "x #y", "ends:"])
def test_texts_yaml_would_read_otherwise_are_quoted(text: str) -> None:
    assert not plain_ok(text)
    written = dump({"k": text})
    assert load_text(written, Document(path=Path("x"), display="x")) == {"k": text}
    assert yaml.safe_load(written) == {"k": text}  # YAML 1.1 readers too


def test_fmt_check_reports_a_file_out_of_layout_and_fmt_fixes_it(tmp_path: Path) -> None:
    shutil.copytree(PROJECT / "tests" / "fixtures" / "full" / "catalog", tmp_path / "catalog")
    shutil.copytree(PROJECT / "schema", tmp_path / "schema")
    fmt.run(tmp_path, [], check=False, out=io.StringIO())
    target = tmp_path / "catalog" / "services" / "town" / "everything.yaml"
    target.write_text("# a comment\n" + target.read_text(encoding="utf-8").replace("code: TOWN-100", "code: 'TOWN-100'"), encoding="utf-8")
    out = io.StringIO()
    assert fmt.run(tmp_path, [], check=True, out=out) == 1
    assert "catalog/services/town/everything.yaml: not in the canonical layout" in out.getvalue()
    assert fmt.run(tmp_path, [target], check=False, out=io.StringIO()) == 0
    assert fmt.run(tmp_path, [], check=True, out=io.StringIO()) == 0


@pytest.mark.skipif(shutil.which("node") is None or not JS_YAML.is_dir(), reason="node and make admin-deps are needed")
def test_the_web_editor_writes_what_catalog_fmt_writes(config) -> None:
    """The admin page's formatter (JavaScript) gives the same bytes as `catalog fmt` on every sample file."""
    layout = config["catalog"]["layout"]
    pairs = [(p, "services") for p in (PROJECT / "catalog" / "services").rglob("*.yaml")]
    pairs += [(p, "institutions") for p in (PROJECT / "catalog" / "institutions").glob("*.yaml")]
    script = f"""
      const yaml = require({json.dumps(str(JS_YAML))});
      const format = require({json.dumps(str(FORMAT_JS))});
      const fs = require('fs');
      const layout = {json.dumps(layout)};
      const out = {{}};
      for (const [path, kind] of {json.dumps([[str(p), k] for p, k in pairs])}) {{
        const data = yaml.load(fs.readFileSync(path, 'utf8'), {{schema: yaml.CORE_SCHEMA}});
        out[path] = format.dump(format.prune(data, {json.dumps(config["catalog"]["keep_empty"])}, true), layout[kind]);
      }}
      process.stdout.write(JSON.stringify(out));
    """
    written = json.loads(subprocess.run(["node", "-e", script], check=True, capture_output=True, text=True).stdout)
    kinds = fmt.orders(PROJECT)
    for path, _ in pairs:
        assert written[str(path)] == fmt.format_file(PROJECT, path, kinds)[1], path


@pytest.mark.skipif(not (PROJECT / DECAP_DIR / "decap-cms.js").is_file(), reason="make admin-deps installs the pinned Decap files")
def test_the_admin_page_loads_only_pinned_files_from_the_site_itself(tmp_path: Path) -> None:
    target = install_admin(PROJECT, tmp_path)
    assert target == tmp_path / "admin"
    page = (target / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == ["js-yaml.min.js", "catalog-format.js", "sq.js", "catalog-cms.js", "decap-cms.js"]
    assert all((target / name).is_file() for name in scripts)  # served from the site, nothing from elsewhere
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'' in page
    assert "<link" not in page and "<img" not in page and "<iframe" not in page
    assert (target / "config.yml").read_text(encoding="utf-8") == (PROJECT / "admin" / "config.yml").read_text(encoding="utf-8")
    assert not [p for p in target.iterdir() if p.suffix == ".map"]  # no source maps: 60 MB nobody needs


def test_the_bundled_catalogue_is_in_the_layout_the_web_editor_writes() -> None:
    out = io.StringIO()
    assert fmt.run(PROJECT, [], check=True, out=out) == 0, out.getvalue() + "\nrun `catalog fmt` (pre-commit does it for you)"
