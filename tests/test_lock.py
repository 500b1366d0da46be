"""The dependency locks: every package pinned with hashes, in step with pyproject.toml, no registry address.

``make install`` and ``make install-test`` install ``requirements.lock`` and
``requirements-test.lock`` with ``pip --require-hashes`` and then the project
itself without its dependencies; ``make lock`` regenerates both from
pyproject.toml. A pin changed in one place and not the other fails here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
LOCKS = {"requirements.lock": False, "requirements-test.lock": True}  # file -> holds the test extra
_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$", re.MULTILINE)


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", requirement.lower())


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for line in requirements:
        name, sep, version = line.partition("==")
        assert sep and re.fullmatch(r"[\w.+-]+", version), f"pyproject.toml: {line!r} is not pinned with =="
        pins[_name(name.split("[")[0])] = version
    return pins


def _project() -> dict[str, dict[str, str]]:
    data = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    return {"runtime": _pins(data["project"]["dependencies"]), "test": _pins(data["project"]["optional-dependencies"]["test"])}


def _lock(name: str) -> tuple[str, dict[str, str]]:
    text = (PROJECT / name).read_text(encoding="utf-8")
    return text, {_name(n): v for n, v in _ENTRY.findall(text)}


@pytest.mark.parametrize(("lock", "with_test"), LOCKS.items())
def test_the_lock_pins_what_pyproject_pins(lock: str, with_test: bool) -> None:
    wanted = _project()["runtime"] | (_project()["test"] if with_test else {})
    _, locked = _lock(lock)
    differ = {n: (v, locked.get(n)) for n, v in wanted.items() if locked.get(n) != v}
    assert not differ, f"{lock} disagrees with pyproject.toml (pyproject, lock): {differ}; run `make lock`"


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_has_hashes_and_no_registry_is_named(lock: str) -> None:
    text, locked = _lock(lock)
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    entries = [b for b in blocks if _ENTRY.match(b)]
    assert len(entries) == len(locked) > 10
    for block in entries:
        assert "--hash=sha256:" in block, block.splitlines()[0]
    options = [line for line in text.splitlines() if line.lstrip().startswith("-") and not line.lstrip().startswith("--hash=")]
    assert not options, f"{lock} must not name an index or a link: {options}"
    assert "://" not in text


@pytest.mark.parametrize(("lock", "with_test"), LOCKS.items())
def test_the_lock_holds_nothing_pyproject_no_longer_asks_for(lock: str, with_test: bool) -> None:
    # pip-compile writes who asks for each package; one asked for by pyproject.toml alone must still be in it.
    wanted = _project()["runtime"] | (_project()["test"] if with_test else {})
    text, _ = _lock(lock)
    for match in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==\S+ \\\n(?:    --hash=\S+(?: \\)?\n)+    # via (service-catalog \(pyproject\.toml\))$", text, re.MULTILINE):
        assert _name(match[1]) in wanted, f"{lock}: {match[1]} is only there for pyproject.toml, which no longer lists it; run `make lock`"


def test_the_makefile_installs_the_locks_with_hashes_and_the_project_without_dependencies() -> None:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements.lock" in makefile
    assert "pip install --quiet --require-hashes -r requirements-test.lock" in makefile
    assert makefile.count("--no-deps --no-build-isolation -e .") == 2
    commands = [line for line in makefile.split("\nlock:")[0].splitlines() if line.startswith("\t")]
    unchecked = [c for c in commands if "pip install" in c and "--require-hashes" not in c and "--no-deps" not in c]
    assert not unchecked, "every install outside `make lock` is hash-checked or installs the project alone"
