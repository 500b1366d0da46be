"""The package's stages import downwards only: model < site < opendata < (review, editors) < mkdocs < (bench, cli).

Every module is read (imports inside functions too), so a shortcut taken today
(a page importing a command module) fails here rather than in a tangle later.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "servicecatalog"
RANK = {"model": 0, "site": 1, "opendata": 2, "review": 3, "editors": 3, "mkdocs": 4, "bench": 5, "cli": 5, "__main__": 5}
# Only the MkDocs layer may import MkDocs and its plugins.
MKDOCS_PACKAGES = ("mkdocs", "material", "mkdocs_static_i18n")


def _stage(module: str) -> str:
    """``servicecatalog.site.pages`` -> ``site``; the package itself is its lowest stage."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "model"


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "schema" not in p.relative_to(PACKAGE).parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "servicecatalog":  # from servicecatalog import site
                found += [(node.lineno, f"servicecatalog.{alias.name}") for alias in node.names]
    return found


def _name(path: Path) -> str:
    return ".".join(("servicecatalog", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_go_down_the_stages(path: Path) -> None:
    module = _name(path)
    stage = _stage(module)
    assert stage in RANK, f"{module}: a new stage? give it a place in RANK here and in HELPERS' layout"
    upward = [
        f"line {line}: {module} ({stage}) imports {target} ({_stage(target)})"
        for line, target in _imports(path)
        if target.startswith("servicecatalog.") and _stage(target) in RANK and RANK[_stage(target)] > RANK[stage]
    ]
    assert upward == [], "a lower stage imports a higher one; move the shared code down into the lower stage:\n" + "\n".join(upward)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_the_mkdocs_stage_imports_mkdocs(path: Path) -> None:
    module = _name(path)
    if _stage(module) == "mkdocs":
        return
    found = [f"line {line}: {target}" for line, target in _imports(path) if target.split(".")[0] in MKDOCS_PACKAGES]
    assert found == [], f"{module} imports MkDocs; that belongs in servicecatalog/mkdocs/: {found}"


def test_every_module_is_checked() -> None:
    names = {_name(p) for p in _modules()}
    assert {"servicecatalog.model.fields", "servicecatalog.site.pages", "servicecatalog.cli"} <= names
