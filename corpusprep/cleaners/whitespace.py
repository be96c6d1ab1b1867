"""Whitespace normalization: line endings, invisible characters, space kinds, layout.

Scraped text mixes CRLF, ideographic spaces used as indentation, NBSPs, zero-width
characters and stray control characters. These steps remove or fold them, recording
every removal as an :class:`~corpusprep.document.Edit` so offsets stay exact.

>>> from corpusprep.steps import Context
>>> NormalizeWhitespace().apply("　　正文\\r\\n第二行\\u200b。  ", Context("t")).text
'正文\\n第二行。'
>>> ParagraphLayout().apply("\\n\\n甲。\\n\\n\\n乙。\\n", Context("t")).text
'甲。\\n乙。'
"""

from __future__ import annotations

import re

from ..document import Edit
from ..steps import Context, EditStep, StepResult, count_changed

__all__ = ["NormalizeWhitespace", "ParagraphLayout"]

# Characters removed outright: zero-width and format characters, C0/C1 controls other
# than \t and \n, lone surrogates (they cannot be encoded to UTF-8).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SURROGATE = "\ud800-\udfff"
# Space characters folded to U+0020 where they stand inside a line.
_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t"

_REMOVE_RE = re.compile(
    rf"\r\n?|[{_INVISIBLE}{_CONTROL}{_SURROGATE}]+"
    rf"|^[ {_SPACES}]+|[ {_SPACES}]+$"  # indentation and trailing space
    rf"|(?<=[ {_SPACES}])[ {_SPACES}]+",  # runs of spaces collapse to their first
    re.MULTILINE,
)
_SPACE_FOLD = str.maketrans({c: " " for c in "\u00a0\u1680\u202f\u205f\u3000\t"} | {
    chr(c): " " for c in range(0x2000, 0x200B)
})


class NormalizeWhitespace(EditStep):
    """Unify line endings, drop invisible and control characters, trim and collapse spaces.

    CR and CRLF become ``\\n``; U+3000, NBSP and other space kinds inside a line become one
    ASCII space; indentation and trailing spaces are removed.
    """

    name = "whitespace"
    version = "1"

    def apply(self, text: str, ctx: Context) -> StepResult:
        result = super().apply(text, ctx)
        folded = result.text.translate(_SPACE_FOLD)
        return StepResult(folded, result.edits, count_changed(result.text, folded))

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        out = []
        for m in _REMOVE_RE.finditer(text):
            old = m.group()
            if old[0] == "\r":
                out.append(Edit(m.start(), m.end(), old, "\n", "whitespace.line_ending", "whitespace"))
            elif old[0] in _INVISIBLE or old[0] in _SURROGATE_SET or _is_control(old[0]):
                out.append(Edit(m.start(), m.end(), old, "", "whitespace.invisible", "whitespace"))
            else:
                out.append(Edit(m.start(), m.end(), old, "", "whitespace.spaces", "whitespace"))
        return out


_SURROGATE_SET = frozenset(chr(c) for c in range(0xD800, 0xE000))


def _is_control(c: str) -> bool:
    o = ord(c)
    return (o < 0x20 and c not in "\t\n\r") or 0x7F <= o <= 0x9F


_BLANK_RUN_RE = re.compile(r"\A\n+|\n+\Z|\n\n+")


class ParagraphLayout(EditStep):
    """Final layout: one ``\\n`` between paragraphs, none at the ends.

    Runs after every line-removing step, so the cleaned text is paragraphs joined by
    ``"\\n"`` as :class:`~corpusprep.document.Document` promises.
    """

    name = "layout"
    version = "1"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        out = []
        n = len(text)
        for m in _BLANK_RUN_RE.finditer(text):
            at_edge = m.start() == 0 or m.end() == n
            new = "" if at_edge else "\n"
            out.append(Edit(m.start(), m.end(), m.group(), new, "whitespace.blank_lines", "whitespace"))
        return out
