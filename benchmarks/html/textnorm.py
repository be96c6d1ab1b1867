"""Text normalisation shared by the HTML evaluation set's builder and scorer.

norm(s): NFKC, Traditional -> Simplified (OpenCC t2s), lower-case, no whitespace or zero-width
characters. Comparisons are then insensitive to script conversion, full/half-width forms and
spacing, which cleaners may change.

>>> norm("港鐵 票價　ＡＢＣ")
'港铁票价abc'
"""
from __future__ import annotations

import functools
import re
import unicodedata

_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _s2t():
    import opencc
    return opencc.OpenCC("s2t")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = _WS.sub("", s).lower()
    return _t2s().convert(s)


def script_of(text: str) -> str:
    """'traditional' if >= 60% of the characters that OpenCC changes are Traditional, else 'simplified'."""
    han = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    simp = _t2s().convert(han)
    trad = _s2t().convert(han)
    n_trad = sum(a != b for a, b in zip(han, simp))  # characters that are Traditional forms
    n_simp = sum(a != b for a, b in zip(han, trad))  # characters that are Simplified forms
    if n_trad + n_simp == 0:
        return "simplified"
    return "traditional" if n_trad / (n_trad + n_simp) >= 0.6 else "simplified"
