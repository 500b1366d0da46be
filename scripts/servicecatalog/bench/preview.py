"""The benchmark's ``preview`` phase: from a saved service file to the updated page in ``catalog serve``.

Measured as an editor meets it: a real ``catalog serve`` process on the
synthetic project, its pages fetched over HTTP. After the first build (timed
too), each of a few services is saved twice: with a new fee amount (the page
shows it as the offer's price) and with a new English name (its page, then its
institution's page, a list, show it). Each time is from the write of the file
to the first fetch that shows the change, so it holds the file watcher, the
validation, the pages rendered again and the server.
"""

from __future__ import annotations

import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

TIMEOUT = 300.0  # seconds a change may take to show before the phase gives up
_SERVING = re.compile(r"Serving on (http://\S+)")
_AMOUNT = re.compile(r"^(\s*amount: )(\d+)$", re.MULTILINE)
_EN_NAME = re.compile(r"^(name:\n(?:  [a-z]{2}: .*\n)*?  en: )(.*)$", re.MULTILINE)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _until(url: str, text: str, since: float) -> float:
    """Seconds from ``since`` until ``url`` shows ``text``; ``RuntimeError`` after ``TIMEOUT``."""
    while time.perf_counter() - since < TIMEOUT:
        if text in _fetch(url):
            return round(time.perf_counter() - since, 3)
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not show {text!r} within {TIMEOUT:.0f} s")


def _samples(root: Path, count: int, seed: int) -> list[Path]:
    """Service files that state a fee and a name of their own, chosen reproducibly."""
    files = sorted((root / "catalog" / "services").rglob("*.yaml"))
    usable = [f for f in files if _AMOUNT.search(f.read_text(encoding="utf-8")) and _EN_NAME.search(f.read_text(encoding="utf-8"))]
    return random.Random(seed).sample(usable, min(count, len(usable)))


def measure_preview(root: Path, edits: int = 3, seed: int = 1) -> dict[str, Any]:
    """Start ``catalog serve`` on ``root``, save ``edits`` services twice each, and time each change's arrival."""
    log = root.parent / f"{root.name}-serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen([sys.executable, "-m", "servicecatalog", "serve", str(root), "--address", f"127.0.0.1:{_free_port()}"],
                                   stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        base = ""
        while not base:
            if process.poll() is not None or time.perf_counter() - started > 4 * TIMEOUT:
                raise RuntimeError(f"catalog serve did not start:\n{log.read_text(encoding='utf-8')[-3000:]}")
            found = _SERVING.search(log.read_text(encoding="utf-8"))
            base = found.group(1) if found and _fetch(found.group(1)) else ""
            time.sleep(0.2)
        figures: dict[str, Any] = {"start_seconds": round(time.perf_counter() - started, 3), "fee": [], "name_page": [], "name_list": []}
        for number, path in enumerate(_samples(root, edits, seed)):
            text = path.read_text(encoding="utf-8")
            service = path.stem
            institution = path.parent.name
            amount = 90000 + number
            text = _AMOUNT.sub(rf"\g<1>{amount}", text, count=1)
            saved = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            figures["fee"].append(_until(f"{base}en/services/{service}/", f'"price":{amount}', saved))
            name = f"Renamed service {number}"
            saved = time.perf_counter()
            path.write_text(_EN_NAME.sub(rf"\g<1>{name}", text, count=1), encoding="utf-8")
            figures["name_page"].append(_until(f"{base}en/services/{service}/", name, saved))
            figures["name_list"].append(_until(f"{base}en/institutions/{institution}/", name, saved))
        figures["peak_mb"] = _peak_mb(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    for key in ("fee", "name_page", "name_list"):
        figures[f"{key}_median"] = round(statistics.median(figures[key]), 3) if figures[key] else None
    return figures


def _peak_mb(pid: int) -> float | None:
    """The serving process's peak resident memory (Linux), read while it still runs."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1) or None
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return round(int(found.group(1)) / 1024, 1) if found else None
