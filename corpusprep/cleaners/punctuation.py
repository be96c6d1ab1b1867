"""Punctuation width: ASCII punctuation inside Chinese text becomes full-width.

Scrapers often fold ``，：；（）`` to ASCII. A Chinese corpus wants the full-width forms
wherever the mark stands beside a Chinese character; numbers (``4.7%``, ``1,000``),
Latin words, URLs and e-mail addresses keep their ASCII forms. Length never changes.

>>> from corpusprep.steps import Context
>>> NormalizePunctuation().apply("1月22日,会议举行(记者 王丽平):增长4.7%", Context("t")).text
'1月22日，会议举行（记者 王丽平）：增长4.7%'
>>> NormalizePunctuation().apply("「開門紅」", Context("t")).text
'“開門紅”'
"""

from __future__ import annotations

import re

from ..steps import Context, FoldStep

__all__ = ["NormalizePunctuation"]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’"
_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"})
# A mark beside a Han character (or full-width punctuation), not between two digits.
_MARK_RE = re.compile(rf"(?<=[{_HAN}])[,:;!?]|[,:;!?](?=[{_HAN}])")
# A parenthesised stretch on one line with a Han character beside or inside it.
_PAREN_RE = re.compile(rf"\(([^()\n]{{0,200}})\)")
_HAN_RE = re.compile(rf"[{_HAN}]")
_VARIANTS = str.maketrans({"﹐": "，", "､": "、", "︰": "：", "﹔": "；", "﹕": "：", "﹖": "？",
                           "﹗": "！", "﹑": "、", "﹒": "．"})
_MAINLAND_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def _paren(m: re.Match[str]) -> str:
    s, e = m.span()
    text = m.string
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    if _HAN_RE.search(m.group(1)) or _HAN_RE.match(before or " ") or _HAN_RE.match(after or " "):
        return "（" + m.group(1) + "）"
    return m.group()


class NormalizePunctuation(FoldStep):
    """Fold ASCII punctuation beside Chinese to full-width; fold variant forms.

    ``mainland_quotes`` turns 「」『』 into “”‘’, the mainland convention.
    """

    name = "punctuation"
    version = "1"

    def __init__(self, *, mainland_quotes: bool = True) -> None:
        self.mainland_quotes = mainland_quotes

    def config(self) -> dict[str, bool]:
        return {"mainland_quotes": self.mainland_quotes}

    def fold(self, text: str, ctx: Context) -> str:
        text = text.translate(_VARIANTS)
        if self.mainland_quotes:
            text = text.translate(_MAINLAND_QUOTES)
        text = _PAREN_RE.sub(_paren, text)
        return _MARK_RE.sub(lambda m: m.group().translate(_FULL), text)
