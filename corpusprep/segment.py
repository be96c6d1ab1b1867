"""Paragraphs and sentences: offsets only, the text is never changed here.

Except :class:`ReflowPageBreaks`, an edit step that re-joins a paragraph a page or column
break cut in two (``要拿出更`` / ``加有力有效的举措``).

>>> split_sentences("他说：“我们到了。”然后走了！4.7%的增长……好。")
['他说：“我们到了。”', '然后走了！', '4.7%的增长……', '好。']
"""

from __future__ import annotations

import re

from .document import Edit
from .steps import Context, EditStep

__all__ = ["ReflowPageBreaks", "paragraph_spans", "sentence_spans", "split_sentences"]

_CLOSERS = "”’」』）)》〉】\"'"
_SENT_RE = re.compile(
    rf"[^。！？!?…\n]*(?:(?:[。！？!?]+|…+|\.{{3,}})[{re.escape(_CLOSERS)}]*|$)",
)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty line.

    >>> paragraph_spans("甲。\\n\\n乙。")
    [(0, 2), (4, 6)]
    """
    return [m.span() for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets within ``text[start:end]``; they tile it
    except for whitespace between sentences."""
    end = len(text) if end is None else end
    out = []
    for m in _SENT_RE.finditer(text, start, end):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def split_sentences(text: str) -> list[str]:
    """Split Chinese text into sentences (closing quotes stay with their sentence)."""
    return [text[s:e] for s, e in sentence_spans(text)]


_TERMINAL_END = "。！？!?…”’」』；;：:）)"
_PROSE_RE = re.compile(r"[，。；,;]")


class ReflowPageBreaks(EditStep):
    """Re-join a paragraph cut by a page or column break.

    A line of prose (long, ``min_chars``, with a comma or full stop inside) that stops
    without terminal punctuation is continued by the next line when both sides of the
    cut are Chinese. Headings (short, or without inner sentence punctuation) are never joined.
    """

    name = "reflow"
    version = "1"

    def __init__(self, *, min_chars: int = 16) -> None:
        self.min_chars = min_chars

    def config(self) -> dict[str, int]:
        return {"min_chars": self.min_chars}

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        out = []
        pos = 0
        lines = text.split("\n")
        starts = []
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
        for a, b in zip(nonempty, nonempty[1:]):
            line = lines[a].rstrip()
            if len(line) < self.min_chars or line.endswith(tuple(_TERMINAL_END)):
                continue
            if not _PROSE_RE.search(line):
                continue
            if not _is_cjk(line[-1]) or not _is_cjk(lines[b].lstrip()[:1] or " "):
                continue
            s = starts[a] + len(lines[a])
            e = starts[b]
            out.append(Edit(s, e, text[s:e], "", "reflow.page_break", "reflow"))
        return out


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
