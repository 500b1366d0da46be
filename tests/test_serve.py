"""`catalog serve`: an editor previews a page and sees their change without restarting."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from site_helpers import make_project


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


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _fetch(url)
        if body is not None and text in body:
            return True
        time.sleep(0.5)
    return False


def test_serve_previews_and_rebuilds_when_a_service_changes(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "servicecatalog", "serve", str(root), "--address", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        page = f"http://127.0.0.1:{port}/catalogue/en/services/residence/"
        assert _wait_for(page, "Registering your address", 60), "the preview did not come up"
        service = root / "catalog" / "services" / "town" / "residence.yaml"
        service.write_text(service.read_text(encoding="utf-8").replace("Registering your address", "Registering a new address"), encoding="utf-8")
        assert _wait_for(page, "Registering a new address", 60), "the preview did not pick up the change"
        # An invalid save: the preview shows where and what, and keeps the last valid page.
        good = service.read_text(encoding="utf-8")
        service.write_text(good.replace("in_person_visits: 1", "in_person_visits: -1"), encoding="utf-8")
        assert _wait_for(page, "catalog/services/town/residence.yaml:", 60), "the error is not shown in the preview"
        body = _fetch(page) or ""
        assert "is less than the minimum of 0" in body and 'role="alert"' in body and "Registering a new address" in body
        # The next good save recovers by itself.
        service.write_text(good.replace("Registering a new address", "Registering your new address"), encoding="utf-8")
        assert _wait_for(page, "Registering your new address", 60), "the preview did not recover"
        assert "sc-preview-errors" not in (_fetch(page) or "")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
