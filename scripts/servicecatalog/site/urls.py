"""Page addresses, the same for every output that names a page.

An absolute address (a ``base`` with a scheme, such as the catalogue's
``site_url``) names a page of the published site, which is always served with
directory URLs (``…/en/services/passport/``), also when it is written into the
offline copy, whose own files are ``….html``: an address that is shared,
indexed or reported must exist online. Only a relative address follows the
style of the build at hand.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def is_absolute(base: str) -> bool:
    """Whether ``base`` is a full address (``https://example.org/``) rather than a path."""
    return bool(urlsplit(base).scheme)


def url_of(path: str, base: str, language: str, default: str, directory_urls: bool) -> str:
    """The address of a page: ``<base>[<lang>/]services/passport/``.

    ``directory_urls`` says how this build writes its pages; it is ignored for an
    absolute ``base``, which names the public site (see the module docstring).
    """
    prefix = "" if language == default else f"{language}/"
    if directory_urls or is_absolute(base):
        tail = "" if path == "index" else path.removesuffix("/index").removesuffix("index") + "/"
        tail = tail.replace("//", "/")
    else:
        tail = path + ".html"
    return f"{base}{prefix}{tail}"


def directory_url(url: str) -> str:
    """The directory-URL form of a page address: ``…/index.html`` is ``…/``, ``…/x.html`` is ``…/x/``.

    The offline build writes its pages as ``.html`` files; the same pages on the public
    site are folders, and an absolute address must name what exists online.
    """
    if url.endswith("/index.html") or url == "index.html":
        return url.removesuffix("index.html")
    if url.endswith(".html"):
        return url.removesuffix(".html") + "/"
    return url
