"""Duplicate paragraphs inside one document: the later copy goes, pointing at the first.

Sidebars and summary boxes often repeat body paragraphs word for word. Paragraphs are
compared on a normalized form (punctuation and spaces removed); short lines are left
alone, since short headings legitimately repeat.

>>> from corpusprep.steps import Context
>>> RemoveDuplicateParagraphs().apply("攻势推进情况汇报会议举行。\\n正文。\\n攻势推进情况汇报会议举行。", Context("t")).text
'攻势推进情况汇报会议举行。\\n正文。\\n'
"""

from __future__ import annotations

import re

from ..document import Edit
from ..steps import Context, EditStep

__all__ = ["RemoveDuplicateParagraphs"]

_NOISE_RE = re.compile(r"[\W_]+")


class RemoveDuplicateParagraphs(EditStep):
    """Remove a line whose normalized text repeats an earlier line of the document.

    ``min_chars``: lines shorter than this (after normalization) are never duplicates.
    """

    name = "duplicates"
    version = "1"

    def __init__(self, *, min_chars: int = 12) -> None:
        self.min_chars = min_chars

    def config(self) -> dict[str, int]:
        return {"min_chars": self.min_chars}

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        seen: dict[str, int] = {}
        out = []
        line_no = 0
        for m in re.finditer(r"[^\n]+\n?", text):
            line_no += 1
            key = _NOISE_RE.sub("", m.group())
            if len(key) < self.min_chars:
                continue
            if key in seen:
                note = f"repeats line {seen[key]} of the cleaned-so-far text"
                out.append(Edit(m.start(), m.end(), m.group(), "", "duplicate.paragraph", "duplicate", note))
            else:
                seen[key] = line_no
        return out
