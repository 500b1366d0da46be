"""A text change shown word by word, shortened around what changed.

A verifier approves "the rate limit from 0.20 % to 0.25 %", not "Description:
text changed": removed words are struck through, added words are bold, and long
runs of unchanged words are cut to a few words of context on each side.
"""

from __future__ import annotations

from difflib import SequenceMatcher

CONTEXT = 6  # unchanged words kept on each side of a change
SHORT = 12  # a text of at most this many words is shown whole, before → after


def _escape(word: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>|~" else c for c in word)


def _words(words: list[str]) -> str:
    return " ".join(_escape(w) for w in words)


def is_short(old: str, new: str) -> bool:
    """Whether both texts are short enough to show whole."""
    return len(old.split()) <= SHORT and len(new.split()) <= SHORT and "\n" not in old.strip() and "\n" not in new.strip()


def word_diff(old: str, new: str, context: int = CONTEXT) -> str:
    """``old`` → ``new`` as one line of Markdown: ``~~removed~~`` and ``**added**`` words among a little context."""
    before, after = old.split(), new.split()
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    out: list[str] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = before[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if first and len(same) > context:
                out.append("… " + _words(same[-context:]))
            elif last and len(same) > context:
                out.append(_words(same[:context]) + " …")
            elif not first and not last and len(same) > 2 * context:
                out.append(_words(same[:context]) + " … " + _words(same[-context:]))
            else:
                out.append(_words(same))
            continue
        if i2 > i1:
            out.append(f"~~{_words(before[i1:i2])}~~")
        if j2 > j1:
            out.append(f"**{_words(after[j1:j2])}**")
    return " ".join(part for part in out if part)
