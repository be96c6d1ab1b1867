"""Pinyin annotations: ``轉(zhuǎn)`` → ``轉``.

Some Traditional-script sites annotate polyphonic characters with pinyin in ASCII
parentheses, and scrapers keep it. A tone-marked syllable right after a Han character
(or a ``?`` that stands for a lost one) is removed; a toneless one (``(de)``) only in a
document already shown to be annotated. Real parenthesised text is never touched.

>>> from corpusprep.steps import Context
>>> StripPinyin().apply("律轉(zhuǎn)鴻鈞,創(chuàng)新(PPT)", Context("t")).text
'律轉鴻鈞,創新(PPT)'
"""

from __future__ import annotations

import re

from ..document import Edit
from ..steps import Context, EditStep

__all__ = ["StripPinyin"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYL = rf"[a-zü{_TONED}]{{1,6}}"
_HAN_OR_LOST = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff?？]"
_TONED_RE = re.compile(rf"(?<={_HAN_OR_LOST})\((?=[a-zü]*[{_TONED}]){_SYL}\)")
_TONELESS_RE = re.compile(rf"(?<={_HAN_OR_LOST})\((?:[bcdfghjklmnpqrstwxyz]?h?[aeiouü][a-z]{{0,4}})\)")
_LOST_RE = re.compile(r"\?(?=\((?=[a-zü]*[" + _TONED + r"])" + _SYL + r"\))")


class StripPinyin(EditStep):
    """Remove pinyin annotations after Han characters.

    ``min_toned`` is how many tone-marked annotations prove a document annotated, after
    which toneless ones (``(de)``, ``(ma)``) are removed too.
    """

    name = "pinyin"
    version = "1"

    def __init__(self, *, min_toned: int = 3) -> None:
        self.min_toned = min_toned

    def config(self) -> dict[str, int]:
        return {"min_toned": self.min_toned}

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        if "(" not in text:
            return []
        found = [(m.start(), m.end(), "pinyin.tone_marked") for m in _TONED_RE.finditer(text)]
        if len(found) >= self.min_toned:
            found += [(m.start(), m.end(), "pinyin.toneless") for m in _TONELESS_RE.finditer(text)]
            found = sorted(set(found))
        for m in _LOST_RE.finditer(text):
            ctx.flag("lost_character", span=(m.start(), m.end()))
        return [Edit(s, e, text[s:e], "", why, "pinyin") for s, e, why in found]
