"""A plain (not editable) install works anywhere: ``catalog validate`` and the pre-commit hook on a
catalogue in another folder, with the schemas shipped inside the package.

Offline: the package is built from a copy of the sources without build isolation, into a fresh
virtual environment that borrows this environment's installed dependencies (``--no-deps``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "schema", "scripts")


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        if (PROJECT / name).is_dir():
            shutil.copytree(PROJECT / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(PROJECT / name, source / name)
    env_dir = base / "venv"
    done = _run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], base)
    assert done.returncode == 0, done.stderr
    purelib = Path(_run([str(env_dir / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], base).stdout.strip())
    # The dependencies (and pip, setuptools) come from this environment; its own .pth files, among
    # them the editable install of the checkout, are not read from a path added this way.
    (purelib / "_borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    done = _run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", str(source)], base)
    assert done.returncode == 0, done.stdout + done.stderr
    return env_dir


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Path:
    """A catalogue repository of its own: catalog/ only, no schema/, nothing of this checkout."""
    root = tmp_path / "their-catalogue"
    shutil.copytree(FIXTURE, root)
    return root


def test_the_installed_package_is_not_the_checkout(venv: Path) -> None:
    done = _run([str(venv / "bin" / "python"), "-c", "import servicecatalog, sys; print(servicecatalog.__file__)"], venv)
    assert Path(done.stdout.strip()).is_relative_to(venv), done.stdout + done.stderr


def test_the_installed_schemas_are_the_repository_files(venv: Path) -> None:
    done = _run([str(venv / "bin" / "python"), "-c", "from servicecatalog.model.schemafiles import bundled_dir; print(bundled_dir())"], venv)
    shipped = Path(done.stdout.strip())
    assert shipped.is_relative_to(venv) and not shipped.is_symlink(), shipped
    names = sorted(p.name for p in (PROJECT / "schema").glob("*.schema.json"))
    assert sorted(p.name for p in shipped.glob("*.schema.json")) == names
    for name in names:
        assert (shipped / name).read_bytes() == (PROJECT / "schema" / name).read_bytes(), name


def test_catalog_validate_runs_in_another_folder(venv: Path, elsewhere: Path) -> None:
    done = _run([str(venv / "bin" / "catalog"), "validate"], elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = elsewhere / "catalog" / "services" / "town" / "residence.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("in_person_visits: 1", "in_person_visits: -1"), encoding="utf-8")
    done = _run([str(venv / "bin" / "catalog"), "validate"], elsewhere)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "catalog/services/town/residence.yaml:" in done.stdout and "in_person_visits" in done.stdout


def test_the_pre_commit_hooks_run_in_another_folder(venv: Path, elsewhere: Path) -> None:
    """What pre-commit runs for each hook: its entry, with the matching files when it takes them."""
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert "catalog-validate" in {hook["id"] for hook in hooks}
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    files = sorted(p.relative_to(elsewhere).as_posix() for p in elsewhere.rglob("*") if p.is_file())
    for hook in hooks:
        assert hook["language"] == "python", hook["id"]
        argv = shlex.split(hook["entry"])
        if hook.get("pass_filenames", True):
            argv += [f for f in files if re.search(hook.get("files", ""), f)]
        first = _run(argv, elsewhere, env)  # a formatter may rewrite files once (pre-commit then asks to add them)
        assert "Traceback" not in first.stderr, hook["id"] + first.stderr
        again = _run(argv, elsewhere, env)
        assert again.returncode == 0, f"{hook['id']}: {again.stdout}{again.stderr}"


def test_the_repository_holds_no_symbolic_links() -> None:
    """Git writes a link as a text file where links are off (Windows): the package would not build there."""
    listed = _run(["git", "ls-files", "-s"], PROJECT)
    assert listed.returncode == 0, listed.stderr
    links = [line.split("\t", 1)[1] for line in listed.stdout.splitlines() if line.startswith("120000 ")]
    assert links == [], f"tracked symbolic links: {links}; copy at build time instead (see setup.py)"
