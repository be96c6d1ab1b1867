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

import bisect
import re
from typing import Any

from ..errors import ConfigError, OffsetError
from ..steps import Context, FoldStep, StepResult, count_changed
from .chardata import HAN, HTML_ENTITY_RE, MAINLAND_QUOTES, PUNCT_VARIANTS, Translation, is_question_mark

__all__ = ["NormalizePunctuation"]

# "Chinese" for the purpose of width: Han, CJK punctuation, full-width forms, curly quotes.
_CJK = rf"{HAN}\u3000-\u303f\uff00-\uffef“”‘’…—"
_CJK_RE = re.compile(f"[{_CJK}]")
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_FOLD_VARIANTS = Translation(PUNCT_VARIANTS)
_FOLD_QUOTES = Translation(MAINLAND_QUOTES)


def _beside_chinese(mark: str) -> re.Pattern[str]:
    """``mark`` (one character) beside a Chinese character; it comes first, so that the
    regex engine skips ahead to marks instead of trying every position."""
    return re.compile(rf"{mark}(?:(?<=[{_CJK}].)|(?=[{_CJK}]))")


# A mark beside a Chinese character; the marks other than "?" (captured, to split the text
# at them); a "?" (a question mark or a lost character, see is_question_mark).
_MARK_RE = _beside_chinese("[,:;!?]")
_SPLIT_MARK_RE = _beside_chinese("([,:;!])")
_QUESTION_RE = _beside_chinese(r"\?")
# A parenthesised stretch on one line (innermost pair).
_PAREN_RE = re.compile(r"\(([^()\n]{0,200})\)")
# An ASCII mark beside a full-width one.
_CASCADE_RE = re.compile(r"[,:;!?()](?:(?<=[（），：；！？].)|[（），：；！？])")
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
    version = "3"

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

    def apply(self, text: str, ctx: Context) -> StepResult:
        # as FoldStep.apply, with the changed characters counted as they are folded
        new, changed = self._fold(text)
        if len(new) != len(text):
            raise OffsetError(f"fold step {self.name!r} changed the length of {ctx.uri}")
        return StepResult(new, [], changed) if changed else StepResult(text, [])

    def fold(self, text: str, ctx: Context) -> str:
        return self._fold(text)[0]

    def _fold(self, text: str) -> tuple[str, int]:
        """The folded text and the number of characters changed."""
        new = text
        if self._variants:
            new = _FOLD_VARIANTS(new)
        if self._mainland_quotes:
            new = _FOLD_QUOTES(new)
        # the tables never produce an ASCII mark, so the passes change other characters
        changed = count_changed(text, new)
        while True:
            text = new
            new, n = self._pass(text)
            changed += n
            # a mark or parenthesis made full-width can make its ASCII neighbour "beside
            # Chinese" too, and an inner pair made full-width can free an outer pair
            # (「(“()1)」); go on until nothing changes, so that the step is idempotent
            if not n or not (_CASCADE_RE.search(new) or "(" in new and ")" in new):
                return new, changed

    @staticmethod
    def _pass(text: str) -> tuple[str, int]:
        """One pass over ``text``: the new text and the number of characters changed."""
        if _MARK_RE.search(text) is None and "(" not in text:
            return text, 0
        # , : ; ! beside Chinese: split at them, and put back their full-width forms. (URLs
        # and addresses need no care here: they are ASCII and neither start nor end with a
        # mark, so no mark inside one is beside Chinese.)
        pieces = _SPLIT_MARK_RE.split(text)
        pieces[1::2] = map(_FULL.__getitem__, pieces[1::2])
        new = "".join(pieces)
        kept = 0
        if "&" in text and ";" in text:  # an HTML entity's ";" is part of it (&nbsp; before 正文)
            ends = [m.end() - 1 for m in HTML_ENTITY_RE.finditer(text) if new[m.end() - 1] == "；"]
            if ends:
                new = "".join(_replaced(new, dict.fromkeys(ends, ";")))
                kept = len(ends)
        chars = _parentheses(text) if "(" in text else {}  # position -> full-width form
        if "?" in text:
            chars.update((m.start(), "？") for m in _QUESTION_RE.finditer(text) if is_question_mark(text, m.start()))
        if chars:
            new = "".join(_replaced(new, chars))
        return new, len(pieces) // 2 - kept + len(chars)


_MARKER_RE = re.compile(r"@|://|www\.")
_ASCII_RUN_RE = re.compile(r"[!-~]+")


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``_PROTECTED_RE.finditer(text)``, scanning only the runs of printable
    ASCII that hold an ``@``, ``://`` or ``www.``: every match lies in one such run (all its
    characters are printable ASCII, and it holds one of them), so the rest of the text, often
    long ASCII words the pattern would retry at every letter, is never scanned.

    >>> _protected_spans("见 www.a.cn/x(1) 或 me@b.org（注）")
    [(2, 14), (18, 26)]
    """
    out: list[tuple[int, int]] = []
    done = 0  # the end of the last run scanned
    for m in _MARKER_RE.finditer(text):
        p = m.start()
        if p < done:
            continue
        a = p
        while a > done and "!" <= text[a - 1] <= "~":
            a -= 1
        run = _ASCII_RUN_RE.match(text, p)
        assert run is not None  # a marker is printable ASCII itself
        b = run.end()
        out += [x.span() for x in _PROTECTED_RE.finditer(text, a, b)]
        done = b
    return out


def _parentheses(text: str) -> dict[int, str]:
    """Positions of the parentheses to make full-width: pairs beside or around Chinese,
    outside URLs and e-mail addresses."""
    protected = _protected_spans(text)
    starts = [a for a, _ in protected]  # sorted, and the spans do not overlap

    def free(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k < 0 or i >= protected[k][1]

    chars = {}
    for m in _PAREN_RE.finditer(text):
        s, e = m.span()
        if not (free(s) and free(e - 1)):
            continue
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        if _CJK_RE.search(m.group(1)) or _CJK_RE.match(before) or _CJK_RE.match(after):
            chars[s], chars[e - 1] = "（", "）"
    return chars


def _replaced(text: str, chars: dict[int, str]) -> list[str]:
    """Pieces of ``text`` with the characters at the positions of ``chars`` replaced."""
    parts = []
    pos = 0
    for i in sorted(chars):
        parts += [text[pos:i], chars[i]]
        pos = i + 1
    parts.append(text[pos:])
    return parts
