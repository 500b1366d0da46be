"""Material's page around a service page, rendered once per language and shape, and filled in per page.

Material's page template (``overrides/main.html`` over Material's ``base.html``:
header, navigation, palette, language links, the theme's configuration...) costs
about 4 ms a page, most of a language's build at thousands of services, and the
service pages (not in the navigation, all at one depth) differ only in a few
places: the title, the description, the canonical and language addresses, the
content, the table of contents and the schema.org data.

So the first service page of each *shape* (the meta keys it has, which values
are empty, its first heading, its address pattern...) is rendered once more with
probe texts in those places. The probe output, cut at the probes, is a *shell*:
literal text between slots, and for each slot the transformation the template
applied (as is, escaped, tags stripped...), recognised by what it did to the
characters ``& < > " '`` of the probe. Each further page of the shape is the
shell with its own values put through the same transformations. The table of
contents' items are rendered on their own (``overrides/partials/toc-items.html``).

Nothing is trusted blindly: the first pages of each shape, and then one in
``CHECK_EVERY``, are rendered both ways and compared; on any difference the shape
goes back to the real template for the rest of the build (logged at debug level).
A slot whose transformation is not recognised, or an address that does not hold
the service's id once, means the real template too. ``CATALOG_NO_SHELL=1`` in the
environment turns the shell off (to compare, or to rule it out).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

import jinja2
from jinja2.filters import do_urlencode
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

log = logging.getLogger("mkdocs.plugins.catalog.shell")

OFF = "CATALOG_NO_SHELL"
PAGE_TEMPLATE = "main.html"
TOC_ITEMS = "partials/toc-items.html"
CHECK_FIRST = 3  # pages of each shape rendered both ways before the shell is trusted
CHECK_EVERY = 50  # and then one page in this many
# A new shape costs two renders (the probe and the check): past this many in one build, pages whose shape
# is new (a front matter value that differs on every page, say) use the template, as they would without shells.
MAX_SHAPES = 64

_ID = "qzqidqzq"  # stands for the service's id in every address (ids are [a-z0-9-], the same in any filter)
# Characters each transformation treats differently: markup, an entity, quotes, runs of white space.
_PROBE = " <b>&amp;</b> & \"q\" 'a' \u00e9\n\t  x"
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_BOUNDARY = frozenset("/.#?")  # what may stand beside an id in an address


def _striptags(text: str) -> str:
    return Markup(text).striptags()


# What a template does to a value, as Jinja's filters do it; tried in this order.
TRANSFORMS: dict[str, Callable[[str], str]] = {
    "raw": str,
    "escape": lambda text: str(escape(text)),
    "striptags": _striptags,
    "striptags|escape": lambda text: str(escape(_striptags(text))),
    "tojson": lambda text: str(htmlsafe_json_dumps(text)),
    "urlencode": do_urlencode,
}


def enabled() -> bool:
    """Whether service pages are filled into shells (off with ``CATALOG_NO_SHELL=1``)."""
    return os.environ.get(OFF, "") in ("", "0")


class _Probe(str):
    """A slot's probe text that answers ``in`` as the page's own value does (``"<h1" in page.content``),
    and remembers the questions, which every page filled into the shell must answer the same way."""

    slot: str
    real: str
    asked: list[tuple[str, str, bool]]

    def __new__(cls, text: str, slot: str, real: str, asked: list[tuple[str, str, bool]]) -> Self:
        probe = super().__new__(cls, text)
        probe.slot, probe.real, probe.asked = slot, real, asked
        return probe

    def __contains__(self, item: object) -> bool:
        answer = str(item) in self.real
        self.asked.append((self.slot, str(item), answer))
        return answer


class _Masked:
    """The page as the probe render sees it: the given attributes replaced, everything else the page's own."""

    def __init__(self, page: Any, **values: Any) -> None:
        self.__dict__.update(values)
        self._page = page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


def _mask(address: str, service_id: str) -> str | None:
    """``address`` with the service's id (a whole path segment) as ``_ID``; None unless it is there once."""
    if address.count(service_id) != 1:
        return None
    start = address.index(service_id)
    end = start + len(service_id)
    if (start and address[start - 1] not in _BOUNDARY) or (end < len(address) and address[end] not in _BOUNDARY):
        return None
    return address[:start] + _ID + address[end:]


def _alternates(extra: Any) -> Any:
    """``config.extra.alternate`` as Jinja reads it: static-i18n sets the page's as an attribute, over the item."""
    return extra.__dict__["alternate"] if "alternate" in extra.__dict__ else extra.get("alternate")


def _set_alternates(extra: Any, alternates: Any) -> None:
    if "alternate" in extra.__dict__:
        extra.__dict__["alternate"] = alternates
    else:
        extra["alternate"] = alternates


def _toc(page: Any) -> list[Any]:
    """The entries partials/toc.html lists: under a first-level heading, its children."""
    toc = list(page.toc or [])
    return list(toc[0].children) if toc and toc[0].level == 1 else toc


def _toc_key(toc: list[Any]) -> tuple[Any, ...] | None:
    """What partials/toc-item.html reads of each entry; None when an entry has more (Material's typeset plugin)."""
    key = []
    for item in toc:
        children = _toc_key(list(item.children or []))
        if children is None or getattr(item, "typeset", None) is not None:
            return None
        key.append((item.url, item.title, children))
    return tuple(key)


def _values(page: Any, context: dict[str, Any]) -> dict[str, str]:
    """The page's own text for each slot (the table of contents is rendered when needed)."""
    values = {"title": page.title, "content": page.content, "canonical_url": page.canonical_url,
              "catalog_jsonld": context.get("catalog_jsonld")}
    for key, value in (page.meta or {}).items():
        values["meta." + key] = value
    return {slot: value for slot, value in values.items() if isinstance(value, str) and value}


def shape(page: Any, context: dict[str, Any], service_id: str) -> tuple[Any, ...] | None:
    """What the template's output depends on besides the slots' texts; None when a service page cannot have a shell."""
    if not _SAFE_ID.fullmatch(service_id) or page.parent is not None or page.previous_page or page.next_page:
        return None
    url = _mask(page.url, service_id)
    edit_url = page.edit_url and _mask(page.edit_url, service_id)
    if url is None or (page.edit_url and edit_url is None):
        return None
    alternates = []
    for alternate in _alternates(context["config"].extra) or []:
        link = str(alternate.get("link", ""))
        masked = _mask(link, service_id) if service_id in link else link
        if masked is None:
            return None
        alternates.append(tuple(sorted({**alternate, "link": masked}.items(), key=lambda item: item[0])))
    values = _values(page, context)
    meta = tuple(sorted((key, "slot" if "meta." + key in values else repr(value)) for key, value in (page.meta or {}).items()))
    toc = list(page.toc or [])
    first = (toc[0].level, toc[0].url, bool(_toc(page))) if toc else None
    return (url, edit_url, tuple(alternates), meta, tuple(sorted(values)), first, page.is_homepage,
            context.get("base_url"), context["config"].theme.get("language"), id(context.get("nav")))


@dataclass
class Shell:
    """A page template's output cut into literal text and slots; ``fill`` puts a page's values into it."""

    parts: list[str | tuple[str, Callable[[str], str]]]
    asked: list[tuple[str, str, bool]]
    toc_items: jinja2.Template
    tocs: dict[tuple[Any, ...], str] = field(default_factory=dict)

    @classmethod
    def probe(cls, template: Any, context: dict[str, Any], service_id: str, toc_items: jinja2.Template) -> Shell | None:
        """Render ``template`` once with probes in the page's slots and learn each slot's transformation; None if one is unknown."""
        page, config = context["page"], context["config"]
        asked: list[tuple[str, str, bool]] = []
        tokens: dict[str, str] = {}

        def probe(slot: str, real: str) -> _Probe:
            token = tokens.setdefault(slot, f"qzq{len(tokens)}qzq")
            return _Probe(token + _PROBE + token, slot, real, asked)

        values = _values(page, context)
        meta = {key: probe("meta." + key, value) if "meta." + key in values else value for key, value in (page.meta or {}).items()}
        masked = _Masked(
            page, meta=meta, url=_mask(page.url, service_id), edit_url=page.edit_url and _mask(page.edit_url, service_id),
            **{slot: probe(slot, values[slot]) for slot in ("title", "content", "canonical_url") if slot in values},
        )
        probed = dict(context, page=masked, catalog_toc_items=probe("toc", ""))
        if "catalog_jsonld" in values:
            probed["catalog_jsonld"] = probe("catalog_jsonld", values["catalog_jsonld"])
        alternates = _alternates(config.extra)
        if alternates:
            _set_alternates(config.extra, [dict(a, link=_mask(str(a.get("link", "")), service_id) or a.get("link")) for a in alternates])
        try:
            output = template.render(probed)
        finally:
            if alternates:
                _set_alternates(config.extra, alternates)
        by_token = {token: slot for slot, token in tokens.items()}
        spans = "|".join(f"{token}.*?{token}" for token in tokens.values())
        pieces = re.split(f"({spans}|{_ID})", output, flags=re.DOTALL)
        parts: list[str | tuple[str, Callable[[str], str]]] = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                parts.append(piece)
            elif piece == _ID:
                parts.append(("id", str))
            else:
                slot = by_token[piece[: piece.index("qzq", 3) + 3]]
                sample = tokens[slot] + _PROBE + tokens[slot]
                transform = next((f for f in TRANSFORMS.values() if f(sample) == piece), None)
                if transform is None:
                    log.debug(f"shell: {page.file.src_uri}: the template changes {slot} in a way not recognised: {piece!r}")
                    return None
                parts.append((slot, transform))
        if _toc(page) and not any(isinstance(part, tuple) and part[0] == "toc" for part in parts):
            log.debug("shell: partials/toc.html does not take catalog_toc_items; service pages use the full template")
            return None
        log.debug(f"shell: {page.file.src_uri}: a shell of {len(parts) // 2} slots for the pages of its shape")
        return cls(parts, asked, toc_items)

    def _toc_items(self, toc: list[Any]) -> str:
        """The items of the table of contents; the same headings in the same order (sections every service
        has, in one language) are rendered once."""
        key = _toc_key(toc)
        if key is None:
            return self.toc_items.render(toc=toc)
        if key not in self.tocs:
            self.tocs[key] = self.toc_items.render(toc=toc)
        return self.tocs[key]

    def fill(self, page: Any, context: dict[str, Any], service_id: str) -> str | None:
        """The page's output from the shell; None when the page answers a question of the template differently."""
        values = _values(page, context)
        if any((item in values.get(slot, "")) != answer for slot, item, answer in self.asked):
            return None
        values["id"] = service_id
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                slot, transform = part
                if slot == "toc" and slot not in values:
                    values["toc"] = self._toc_items(_toc(page))
                out.append(transform(values.get(slot, "")))
        return "".join(out)


@dataclass
class _Kind:
    """One shape's shell (None: the real template) and how many pages it has had."""

    shell: Shell | None
    pages: int = 0


@dataclass
class ShellTemplate:
    """Stands for ``main.html`` where MkDocs renders a page: service pages from their shape's shell, the rest as before."""

    real: jinja2.Template
    service_of: Callable[[Any], str | None]
    kinds: dict[tuple[Any, ...], _Kind] = field(default_factory=dict)
    services: int = 0  # service pages rendered
    filled: int = 0  # of which came from a shell

    def __getattr__(self, name: str) -> Any:
        if name == "real":  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self.real, name)

    def summary(self) -> str:
        """How many service pages came from shells (``catalog build -v`` shows it)."""
        shells = sum(1 for kind in self.kinds.values() if kind.shell is not None)
        return (f"shell: {self.filled} of {self.services} service pages filled in;"
                f" shapes: {shells} with a shell, {len(self.kinds) - shells} with the template")

    def _probe(self, context: dict[str, Any], service_id: str) -> Shell | None:
        try:
            toc_items = self.real.environment.get_template(TOC_ITEMS)
        except jinja2.TemplateNotFound:  # a project's overrides from before the shell
            log.debug(f"shell: no {TOC_ITEMS}; service pages use the full template")
            return None
        return Shell.probe(self.real, context, service_id, toc_items)

    def render(self, context: dict[str, Any]) -> str:
        page = context.get("page")
        service_id = self.service_of(page) if page is not None else None
        key = shape(page, context, service_id) if page is not None and service_id else None
        if page is None or service_id is None:
            return self.real.render(context)
        self.services += 1
        if key is None:
            return self.real.render(context)
        kind = self.kinds.get(key)
        if kind is None:
            if len(self.kinds) >= MAX_SHAPES:
                return self.real.render(context)
            kind = self.kinds[key] = _Kind(self._probe(context, service_id))
        if kind.shell is None:
            return self.real.render(context)
        kind.pages += 1
        output = kind.shell.fill(page, context, service_id)
        if output is None:
            return self.real.render(context)
        if kind.pages <= CHECK_FIRST or kind.pages % CHECK_EVERY == 0:
            real = self.real.render(context)
            if real != output:
                log.debug(f"shell: {page.file.src_uri} differs from the template's page; its shape uses the template from now on")
                kind.shell = None
                return real
        self.filled += 1
        return output


def install(env: jinja2.Environment, service_of: Callable[[Any], str | None]) -> ShellTemplate | None:
    """Make ``env.get_template("main.html")``, as MkDocs calls it for a page, give the shell-backed template.

    Jinja's own lookups (``extends``, ``include``) name the template they come from
    and get the real templates, as does every other name.
    """
    if not enabled():
        return None
    try:
        shell = ShellTemplate(env.get_template(PAGE_TEMPLATE), service_of)
    except jinja2.TemplateNotFound:
        return None
    plain = env.get_template

    def get_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
        if name == PAGE_TEMPLATE and parent is None and globals is None:
            return shell
        return plain(name, parent, globals)

    env.get_template = get_template  # type: ignore[method-assign]
    return shell
