"""Page addresses, the same for every output that names a page."""

from __future__ import annotations


def url_of(path: str, base: str, language: str, default: str, directory_urls: bool) -> str:
    """The address of a page: ``<base>[<lang>/]services/passport/``."""
    prefix = "" if language == default else f"{language}/"
    if directory_urls:
        tail = "" if path == "index" else path.removesuffix("/index").removesuffix("index") + "/"
        tail = tail.replace("//", "/")
    else:
        tail = path + ".html"
    return f"{base}{prefix}{tail}"
