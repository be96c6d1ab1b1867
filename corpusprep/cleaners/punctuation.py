"""Punctuation width: ASCII punctuation inside Chinese text becomes full-width.

Why: scrapers often fold ``，：；！？（）`` to ASCII. A Chinese corpus wants the full-width
forms wherever the mark stands beside a Chinese character; numbers (``4.7%``, ``1,000``,
``10:30``, ``1/3``), Latin words, URLs and e-mail addresses keep their ASCII forms.
Presentation variants (``﹐``, ``､``, ``︰``, vertical forms) fold to the standard marks.
A ``?`` squeezed between Han characters with no question word in its clause is taken for
a lost character (see :mod:`.encoding`) and left visible as ``?``. Length never changes.

>>> from corpusprep.steps import Context
>>> NormalizePunctuation().apply("1月22日,会议举行(记者 王丽平):增长4.7%", Context("t")).text
'1月22日，会议举行（记者 王丽平）：增长4.7%'
>>> NormalizePunctuation().apply("「開門紅」在哪里?見http://a.cn/x?id=1,效果顯著?現場", Context("t")).text
'“開門紅”在哪里？見http://a.cn/x?id=1，效果顯著?現場'
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ConfigError
from ..steps import Context, FoldStep
from .chardata import HAN, MAINLAND_QUOTES, PUNCT_VARIANTS, is_question_mark

__all__ = ["NormalizePunctuation"]

# "Chinese" for the purpose of width: Han, CJK punctuation, full-width forms, curly quotes.
_CJK = rf"{HAN}\u3000-\u303f\uff00-\uffef“”‘’…—"
_CJK_RE = re.compile(f"[{_CJK}]")
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_VARIANTS_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in PUNCT_VARIANTS) + "]")
_QUOTES_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in MAINLAND_QUOTES) + "]")
# A mark beside a Chinese character.
_MARK_RE = re.compile(rf"(?<=[{_CJK}])[,:;!?]|[,:;!?](?=[{_CJK}])")
# A parenthesised stretch on one line (innermost pair).
_PAREN_RE = re.compile(r"\(([^()\n]{0,200})\)")
_CASCADE_RE = re.compile(r"[,:;!?()][（），：；！？]|[（），：；！？][,:;!?()]")
# ASCII stretches that keep their punctuation: URLs, e-mail addresses, www. hosts.
_PROTECTED_RE = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]*[A-Za-z0-9/=#_-]"
    r"|www\.[!-~]*[A-Za-z0-9/=#_-]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)


class NormalizePunctuation(FoldStep):
    """Fold ASCII punctuation beside Chinese to full-width; fold variant forms.

    ``mainland_quotes`` turns 「」『』 into “”‘’, the mainland convention; ``variants``
    folds presentation forms (``﹐`` → ``，``, ``︰`` → ``：``).
    """

    name = "punctuation"
    version = "2"

    def __init__(self, *, mainland_quotes: bool = True, variants: bool = True) -> None:
        for key, val in (("mainland_quotes", mainland_quotes), ("variants", variants)):
            if not isinstance(val, bool):
                raise ConfigError(f"NormalizePunctuation: {key} must be True or False, got {val!r}")
        self._mainland_quotes = mainland_quotes
        self._variants = variants

    @property
    def mainland_quotes(self) -> bool:
        return self._mainland_quotes

    def config(self) -> dict[str, Any]:
        return {"mainland_quotes": self._mainland_quotes, "variants": self._variants}

    def fold(self, text: str, ctx: Context) -> str:
        # str.translate looks every character up; search for a key first (mostly absent)
        if self._variants and _VARIANTS_RE.search(text):
            text = text.translate(PUNCT_VARIANTS)
        if self._mainland_quotes and _QUOTES_RE.search(text):
            text = text.translate(MAINLAND_QUOTES)
        while True:
            new = self._pass(text)
            # a mark or parenthesis made full-width can make its ASCII neighbour "beside
            # Chinese" too; go on until nothing changes, so that the step is idempotent
            if new == text or not _CASCADE_RE.search(new):
                return new
            text = new

    @staticmethod
    def _pass(text: str) -> str:
        if _MARK_RE.search(text) is None and "(" not in text:
            return text
        protected = (
            [m.span() for m in _PROTECTED_RE.finditer(text)]
            if ("@" in text or "://" in text or "www." in text) else []
        )

        def free(i: int) -> bool:
            return not any(a <= i < b for a, b in protected)

        chars: dict[int, str] = {}  # position -> full-width replacement
        if "(" in text:
            for m in _PAREN_RE.finditer(text):
                s, e = m.span()
                if not (free(s) and free(e - 1)):
                    continue
                before = text[s - 1] if s else " "
                after = text[e] if e < len(text) else " "
                if _CJK_RE.search(m.group(1)) or _CJK_RE.match(before) or _CJK_RE.match(after):
                    chars[s], chars[e - 1] = "（", "）"
        for m in _MARK_RE.finditer(text):
            i = m.start()
            if not free(i):
                continue
            c = text[i]
            if c == "?" and not is_question_mark(text, i):
                continue
            chars[i] = _FULL[c]
        if not chars:
            return text
        parts = []
        pos = 0
        for i in sorted(chars):
            parts += [text[pos:i], chars[i]]
            pos = i + 1
        parts.append(text[pos:])
        return "".join(parts)
