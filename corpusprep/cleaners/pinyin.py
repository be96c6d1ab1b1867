"""Pinyin annotations: ``轉(zhuǎn)`` → ``轉``.

Why: some Traditional-script sites annotate polyphonic characters with pinyin in ASCII
parentheses, and scrapers keep it; a language model should never see ``創(chuàng)新``.
A tone-marked syllable right after a Han character (or a ``?`` that stands for a lost one)
is removed; a toneless one (``(de)``) only in a document already shown to be annotated.
Only a real pinyin syllable qualifies, so ``(PPT)``, ``(GDP)``, ``(记者 王丽平)``,
``(户)``, ``(1)`` and ``咖啡(café)`` are never touched.

A ``?`` followed by an annotation is a character that was lost while its pinyin survived
(``‘?(dāng)?(shù)字化’``): it is flagged ``lost_character``. With ``restore=True`` it is
restored when the document itself settles it: exactly one character that carries that
annotation elsewhere in the document and forms, there too, a word with its neighbour.

>>> from corpusprep.steps import Context
>>> StripPinyin().apply("律轉(zhuǎn)鴻鈞,創(chuàng)新(PPT)", Context("t")).text
'律轉鴻鈞,創新(PPT)'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..document import Edit
from ..errors import ConfigError
from ..steps import Context, EditStep
from .chardata import HAN, HAN_RE, PINYIN_CHARS, has_tone_mark, is_pinyin_syllable

__all__ = ["StripPinyin"]

# An annotation: a parenthesised lowercase syllable after a Han character or a lost one
# (the "(" first, so that the regex engine skips ahead to it).
_ANNOT_RE = re.compile(rf"\((?<=[{HAN}?？]\()([{PINYIN_CHARS}]{{1,8}})\)")
# A lost character that took the annotation's "(" with it: "?dāng)".
_DAMAGED_RE = re.compile(rf"[?？]([{PINYIN_CHARS}]{{1,8}})\)")

_TONED, _TONELESS = "pinyin.tone_marked", "pinyin.toneless"


@lru_cache(maxsize=4096)
def _reason(syllable: str) -> str | None:
    """The removal reason of an annotation: tone-marked, toneless (two letters or more),
    or None if it is not a pinyin syllable. Annotations repeat, hence the cache."""
    if not is_pinyin_syllable(syllable):
        return None
    if has_tone_mark(syllable):
        return _TONED
    return _TONELESS if len(syllable) >= 2 else None


class StripPinyin(EditStep):
    """Remove pinyin annotations after Han characters.

    ``min_toned`` is how many tone-marked annotations prove a document annotated, after
    which toneless ones (``(de)``, ``(ma)``) are removed too. ``restore`` turns on the
    restoration of lost characters from their surviving pinyin (see the module doc).
    """

    name = "pinyin"
    version = "2"

    def __init__(self, *, min_toned: int = 3, restore: bool = True) -> None:
        if isinstance(min_toned, bool) or not isinstance(min_toned, int) or min_toned < 1:
            raise ConfigError(f"StripPinyin: min_toned must be an integer >= 1, got {min_toned!r}")
        if not isinstance(restore, bool):
            raise ConfigError(f"StripPinyin: restore must be True or False, got {restore!r}")
        self._min_toned = min_toned
        self._restore = restore

    @property
    def min_toned(self) -> int:
        return self._min_toned

    def config(self) -> dict[str, Any]:
        return {"min_toned": self._min_toned, "restore": self._restore}

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        if ")" not in text:
            return []
        # (match, reason) of each annotation; toneless ones only in a proven annotated document
        found = [(m, r) for m in _ANNOT_RE.finditer(text) if (r := _reason(m[1]))]
        if sum(r is _TONED for _, r in found) < self._min_toned:
            found = [(m, r) for m, r in found if r is _TONED]
        edits = [Edit(m.start(), m.end(), m[0], "", r, "pinyin") for m, r in found]
        # "?(dāng)" (character lost) and "?dāng)" (character and "(" lost together)
        lost: list[tuple[int, str, int]] = []
        if "?" in text or "？" in text:
            lost = [(m.start() - 1, m[1], m.end()) for m, _ in found if text[m.start() - 1] in "?？"]
            lost += [(m.start(), m[1], m.end()) for m in _DAMAGED_RE.finditer(text) if _reason(m[1]) is _TONED]
        if not lost:
            return edits
        lost.sort()
        restored = self._restorations(text, [m for m, _ in found], lost) if self._restore else {}
        by_start = {e.start: e for e in edits}
        for q, syl, end in lost:
            ctx.flag("lost_character", span=(q, q + 1))
            by_start.pop(q + 1, None)
            if q in restored:
                by_start[q] = Edit(q, end, text[q:end], restored[q], "pinyin.restore_lost", "pinyin",
                                   f"lost character restored from its pinyin {syl!r}")
            else:
                by_start[q + 1] = Edit(q + 1, end, text[q + 1 : end], "", "pinyin.lost_character", "pinyin",
                                       f"pinyin {syl!r} of a lost character")
        return [by_start[k] for k in sorted(by_start)]

    @staticmethod
    def _restorations(text: str, found: list[re.Match[str]], lost: list[tuple[int, str, int]]) -> dict[int, str]:
        """Position of a lost ``?`` → the character the document settles for it."""
        by_syl: dict[str, set[str]] = {}
        for m in found:
            c = text[m.start() - 1]
            if HAN_RE.match(c):
                by_syl.setdefault(m.group(1), set()).add(c)
        plain = _without(text, [(m.start(), m.end()) for m in found])
        out = {}
        for q, syl, end in lost:
            nxt = text[end] if end < len(text) and HAN_RE.match(text[end]) else ""
            prev = text[q - 1] if q and HAN_RE.match(text[q - 1]) else ""
            # candidates: characters annotated with this syllable that also form a word
            # with a neighbour elsewhere in the document
            fits = [c for c in sorted(by_syl.get(syl, ()))
                    if (nxt and c + nxt in plain) or (prev and prev + c in plain)]
            if len(fits) == 1:
                out[q] = fits[0]
        return out


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    parts, pos = [], 0
    for a, b in spans:
        parts.append(text[pos:a])
        pos = b
    parts.append(text[pos:])
    return "".join(parts)

