"""`catalog serve`: an editor saves a file and sees the change in the preview within seconds.

One preview process serves the small test catalogue over HTTP while the test
edits its files as an editor would; the bounds are loose (the machine may be
busy), the targets at national scale are measured by `catalog bench`.
"""

from __future__ import annotations

import filecmp
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from servicecatalog.mkdocs.build import build_site
from servicecatalog.mkdocs.serve import Preview
from site_helpers import make_project

BOUND = 60  # seconds: generous, so that a busy machine does not fail the test; the bench measures


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float = BOUND) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _fetch(url)
        if body is not None and text in body:
            return True
        time.sleep(0.2)
    return False


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


class Served:
    """A `catalog serve` process on a throw-away project, and what it printed."""

    def __init__(self, root: Path, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        self.base = f"http://127.0.0.1:{self.port}/catalogue/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "servicecatalog", "serve", str(root), "--address", f"127.0.0.1:{self.port}"],
            stdout=log.open("w", encoding="utf-8"), stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    def printed(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, Served]]:
    root = make_project(tmp_path / "project")
    server = Served(root, tmp_path / "serve.log")
    try:
        assert _wait_for(server.base + "en/services/residence/", "Registering your address"), "the preview did not come up:\n" + server.printed()
        yield root, server
    finally:
        server.stop()


def test_a_saved_service_updates_its_page_and_the_lists_that_show_it(served: tuple[Path, Served]) -> None:
    root, server = served
    services = root / "catalog" / "services" / "town"

    # A new fee: the service's page shows it, without building the whole site again.
    _edit(services / "property-tax.yaml", "amount: 500", "amount: 750")
    assert _wait_for(server.base + "en/services/property-tax/", "750 MKD"), server.printed()
    assert "pages updated" in server.printed() and "whole site" not in server.printed()

    # A renamed service: its institution's page (a list) shows the new name, in every language that changed.
    _edit(services / "residence.yaml", "en: Registering your address", "en: Registering a new address")
    assert _wait_for(server.base + "en/institutions/town/", "Registering a new address"), server.printed()
    assert "Registering a new address" in (_fetch(server.base + "en/services/residence/") or "")
    assert "Registering a new address" in (_fetch(server.base + "en/services/") or ""), "the A–Z list"

    # An invalid save: every page shows where and what, above the last valid page.
    good = (services / "residence.yaml").read_text(encoding="utf-8")
    _edit(services / "residence.yaml", "in_person_visits: 1", "in_person_visits: -1")
    page = server.base + "en/services/property-tax/"
    assert _wait_for(page, "catalog/services/town/residence.yaml:"), "the error is not shown in the preview"
    body = _fetch(page) or ""
    assert "is less than the minimum of 0" in body and 'role="alert"' in body and "750 MKD" in body

    # The next good save recovers by itself.
    (services / "residence.yaml").write_text(good.replace("Registering a new address", "Registering your new address"), encoding="utf-8")
    assert _wait_for(server.base + "en/services/residence/", "Registering your new address"), "the preview did not recover"
    assert "sc-preview-errors" not in (_fetch(page) or "")


def test_a_settings_change_builds_the_whole_site_again(served: tuple[Path, Served]) -> None:
    root, server = served
    _edit(root / "catalog" / "catalog.yaml", "en: Small catalogue", "en: Little catalogue")
    # The catalogue's name is in every page's header: a page no service change would touch shows it.
    assert _wait_for(server.base + "en/privacy/", "Little catalogue"), server.printed()
    assert "the whole site was built again" in server.printed()


def test_pages_rendered_again_are_the_pages_a_full_build_writes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    preview = Preview(root, tmp_path / "preview" / "site", jobs=1, out=open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    try:
        assert preview.start()
        service = root / "catalog" / "services" / "town" / "residence.yaml"
        _edit(service, "en: Registering your address", "en: Registering a new address")
        _edit(service, "in_person_visits: 1", "in_person_visits: 2")
        update = preview.update()
        assert update.kind == "pages" and 0 < update.pages < 30, update
        assert build_site(root, tmp_path / "full", jobs=1, out=open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        served, full = tmp_path / "preview" / "site", tmp_path / "full"
        pages = sorted(p.relative_to(full) for p in full.rglob("*") if p.suffix == ".html" or p.name == "search_index.json")
        assert len(pages) > 50
        different = [str(p) for p in pages if not filecmp.cmp(served / p, full / p, shallow=False)]
        assert different == []
        assert "Registering a new address" in (served / "en" / "services" / "residence" / "index.html").read_text(encoding="utf-8")
    finally:
        preview.close()
