"""Service pages filled into a shell of Material's page are the pages the template itself renders, byte for byte."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from servicecatalog.mkdocs import shell
from servicecatalog.mkdocs.build import OFFLINE_DIR, Shard, build_site
from site_helpers import PROJECT, make_project

FULL = PROJECT / "tests" / "fixtures" / "full" / "catalog"
PLUGIN_LOG = "mkdocs.plugins.catalog"
SHELL_LOG = PLUGIN_LOG + ".shell"

# Markup characters in every text the page template shows (title, description, structured data), in three scripts.
AMPERSAND = """\
id: tom-and-jerry
code: TOWN-009
name: {mk: "Том & Џери's <b>\\"дозвола\\"</b>", sq: "Tom & Jerry's <b>\\"leje\\"</b> ë ç", en: "Tom & Jerry's <b>\\"permit\\"</b> > 2 < 3"}
summary: {mk: "Кратко & 'јасно' <i>\\"тука\\"</i>.", sq: "Shkurt & 'qartë' <i>\\"këtu\\"</i>.", en: "Short & 'clear' <i>\\"here\\"</i> a<b."}
description: {mk: "Опис & <script>alert(1)</script> 'x'.", sq: "Përshkrim & <script>alert(1)</script> 'x'.", en: "Text & <script>alert(1)</script> 'x' &amp; done."}
keywords: {mk: [дозвола], sq: [leje], en: [permit]}
institution: town
categories: [documents]
audiences: [citizens]
in_person_visits: 1
fees: []
channels:
  - type: in-person
    offices: [town/centre]
"""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _project(dest: Path) -> Path:
    """The full fixture (every field, a withdrawn service, one without steps or fees) and a service full of markup."""
    root = make_project(dest, FULL)
    (root / "catalog" / "services" / "town" / "tom-and-jerry.yaml").write_text(AMPERSAND, encoding="utf-8")
    return root


def _differences(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    return sorted(set(one) ^ set(other)) + [name for name in one if name in other and one[name] != other[name]]


def test_every_page_from_the_shell_is_the_template_s_page_online_and_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    built = []
    for name, off in (("template", "1"), ("shell", "")):
        monkeypatch.setenv(shell.OFF, off)
        # No page rendered both ways: every service page but the first of each shape comes from the shell alone.
        monkeypatch.setattr(shell, "CHECK_FIRST", 0)
        monkeypatch.setattr(shell, "CHECK_EVERY", 10**9)
        root = _project(tmp_path / name)
        out = io.StringIO()
        with caplog.at_level(logging.DEBUG, logger=PLUGIN_LOG):
            assert build_site(root, offline_download=True, jobs=1, out=out), out.getvalue()
        built.append((_files(root / "site"), _files(root / OFFLINE_DIR)))
    (template, template_offline), (filled, filled_offline) = built
    assert _differences(template, filled) == []
    assert _differences(template_offline, filled_offline) == []
    messages = [r.getMessage() for r in caplog.records if r.name == SHELL_LOG]
    made = [m for m in messages if "a shell of" in m]
    # Three languages, online and offline, and more than one shape in each (the withdrawn service's differs).
    assert len(made) >= 12, messages
    assert not [m for m in messages if "differs" in m or "not recognised" in m], messages
    # Each language's build, online and offline, says every one of its five service pages came from a shell.
    summaries = [r.getMessage() for r in caplog.records if r.name == PLUGIN_LOG and r.getMessage().startswith("shell:")]
    assert len(summaries) == 6 and all(m.startswith("shell: 5 of 5 service pages") for m in summaries), summaries
    page = filled["en/services/tom-and-jerry/index.html"].decode()
    assert "<title>Tom &amp; Jerry&#x27;s &lt;b&gt;&quot;permit&quot;&lt;/b&gt; &gt; 2 &lt; 3 - " in page
    assert "<script>alert(1)</script>" not in page and "<b>" not in page


LEAK = """{% block announce %}<p class="leak">{{ page.file.src_uri }}</p>{% endblock %}
"""


def test_a_shape_whose_check_fails_goes_back_to_the_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """A theme override shows something of each page the shell does not know: the second page's check sees
    it, and that shape's pages come from the template for the rest of the build."""
    built = []
    for name, off in (("template", "1"), ("shell", "")):
        monkeypatch.setenv(shell.OFF, off)
        root = make_project(tmp_path / name, FULL)
        main = root / "overrides" / "main.html"
        main.write_text(main.read_text(encoding="utf-8") + LEAK, encoding="utf-8")
        out = io.StringIO()
        with caplog.at_level(logging.DEBUG, logger=SHELL_LOG):
            assert build_site(root, shard=Shard(language="en"), site_dir=tmp_path / f"{name}-en", out=out), out.getvalue()
        built.append(_files(tmp_path / f"{name}-en"))
    template, filled = built
    assert _differences(template, filled) == []
    assert '<p class="leak">services/residence.en.md</p>' in filled["en/services/residence/index.html"].decode()
    messages = [r.getMessage() for r in caplog.records if r.name == SHELL_LOG]
    assert [m for m in messages if "differs from the template's page" in m], messages
