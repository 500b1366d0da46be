"""A translation in another script than its language's is found however the letters are counted."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicecatalog.model.mistakes import SCRIPTS, wrong_script


def _counted(text: str, script: str) -> str | None:
    """The rule as written first: every letter's script, from its Unicode name, counted one by one."""
    wanted = SCRIPTS.get(script)
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
            counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values())
    if wanted is None or not total or counts.get(wanted, 0) * 2 > total:
        return None
    found = max(counts, key=lambda name: counts[name])
    return next((code for code, name in SCRIPTS.items() if name == found), found.title())


TEXTS = [
    "", "123 — 45", "Pasaportë për fëmijë", "Паспорт за деца", "Pasaport Паспорт", "Паспорт Pasaport", "ab вг", "вг ab",
    "Paso ΔΔΔΔ", "ΔΔ ab вв", "https://uslugi.gov.mk/ Барање", "Kërkesë (Барање)", "ﬁle ǅ Ⅻ", "日本語 text", "x", "ж",
]
ALPHABETS = "abcXYZ ëçË ѓќљњ ЖШЩ αβΓ אב 中文 ١٢ ǅ ﬁ Ⅻ 1-.,«»"


@pytest.mark.parametrize("script", [*SCRIPTS, "Zzzz"])
@pytest.mark.parametrize("text", TEXTS)
def test_quick_look_agrees_with_counting_every_letter(text: str, script: str) -> None:
    assert wrong_script(text, script) == _counted(text, script)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABETS, max_size=40) | st.text(max_size=20), st.sampled_from([*SCRIPTS, "Zzzz"]))
def test_quick_look_agrees_on_any_text(text: str, script: str) -> None:
    assert wrong_script(text, script) == _counted(text, script)
