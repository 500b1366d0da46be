"""The web editor's page at ``/admin/``: copied into the built site by ``catalog build``.

The page loads only files copied here, from the site itself: our scripts (shipped in
this package), the generated ``admin/config.yml``, and the pinned Decap CMS and js-yaml
files that ``make admin-deps`` fetches with npm (too large to commit). Its
Content-Security-Policy allows nothing else: scripts from the site, the code host's
API the editor saves through, and the local backend on the editor's own machine.
It is not part of the offline copy, and no sitemap lists it (it is not a MkDocs page).
"""

from __future__ import annotations

import html
import os
import shutil
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

DECAP_VERSION = "3.16.3"
# Where `make admin-deps` unpacks decap-cms (npm pack, checked against its sha512), beside decap-server.
DECAP_DIR = Path("node_modules") / f".decap-cms-{DECAP_VERSION}"
JS_YAML = Path("node_modules") / "js-yaml" / "dist" / "js-yaml.min.js"
OUR_FILES = ("catalog-format.js", "catalog-cms.js", "sq.js")
API_ORIGINS = {"github": "https://api.github.com"}


def decap_files(decap_dir: Path) -> list[Path]:
    """The files of the Decap bundle the page loads: the main script, its lazily loaded chunks, its licence."""
    names = ["decap-cms.js", "decap-cms.js.LICENSE.txt"]
    chunks = sorted(p.name for p in decap_dir.glob("*.decap-cms.js")) + sorted(p.name for p in decap_dir.glob("*.wasm"))
    return [decap_dir / name for name in names + chunks]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def content_security_policy(config: dict[str, Any]) -> str:
    """Nothing but the site itself, the backend's API and the local backend on this machine."""
    backend = config.get("backend", {})
    connect = ["'self'"]
    for origin in (API_ORIGINS.get(str(backend.get("name")), ""), _origin(str(backend.get("api_root", ""))),
                   _origin(str((config.get("local_backend") or {}).get("url", "")))):
        if origin and origin not in connect:
            connect.append(origin)
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval'",  # Decap compiles its configuration schema (ajv) with new Function
        "style-src 'self' 'unsafe-inline'",  # Decap's components style themselves with inline <style>
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src " + " ".join(connect),
        "base-uri 'none'",
        "form-action 'none'",
    ])


def install_admin(root: Path, site_dir: Path, *, decap_dir: Path | None = None, config_text: str | None = None) -> Path | None:
    """Write ``site_dir/admin/``; None (and nothing written) when the pinned Decap files are not installed."""
    decap_dir = decap_dir or Path(os.environ.get("CATALOG_DECAP_DIR", root / DECAP_DIR))
    js_yaml = decap_dir.parent / "js-yaml" / "dist" / "js-yaml.min.js"
    if not (decap_dir / "decap-cms.js").is_file() or not js_yaml.is_file():
        return None
    text = config_text if config_text is not None else (root / "admin" / "config.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    target = site_dir / "admin"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for path in decap_files(decap_dir):
        shutil.copyfile(path, target / path.name)
    shutil.copyfile(js_yaml, target / "js-yaml.min.js")
    package = resources.files("servicecatalog.editors") / "admin"
    for name in OUR_FILES:
        (target / name).write_text((package / name).read_text(encoding="utf-8"), encoding="utf-8")
    (target / "config.yml").write_text(text, encoding="utf-8")
    page = (package / "index.html").read_text(encoding="utf-8")
    title = "Web editor"
    page = page.replace("{lang}", html.escape(str(config.get("locale", "en")))).replace("{title}", title)
    page = page.replace("{csp}", html.escape(content_security_policy(config), quote=False).replace("\"", "&quot;"))
    (target / "index.html").write_text(page, encoding="utf-8")
    return target


def size(folder: Path) -> int:
    """Bytes of every file in ``folder``: what the admin page can load at most."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
