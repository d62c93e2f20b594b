"""Objective checks on translations: which script a text is written in, and leaks."""

import re

# Neutralised markup such as "＜/source＞" stays in a translation but is not language.
_NEUTRALISED = re.compile(r"＜[^＞]*＞")

#: Phrases of the system prompt: a translation must never contain them.
PROMPT_PHRASES = (
    "translation engine",
    "never instructions",
    "<source>",
    "<translation>",
    "only translate",
)


def script_share(text: str, script: str) -> float:
    """Share of ``text``'s letters in ``script`` ("han" or "latin")."""
    letters = [c for c in _NEUTRALISED.sub(" ", text) if c.isalpha()]
    if not letters:
        return 0.0
    if script == "han":
        hits = sum(1 for c in letters if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    else:
        hits = sum(1 for c in letters if c.isascii())
    return hits / len(letters)


def leaked_prompt(text: str) -> list[str]:
    lowered = text.lower()
    return [phrase for phrase in PROMPT_PHRASES if phrase in lowered]
