"""The boilerplate step: rules first, then infographic runs, then the line classifier.

Scopes of rules (see :mod:`.rules`):
- ``line``: the pattern matches a whole line; the line (with its newline) is removed.
- ``head`` / ``tail``: the pattern matches the leading / trailing part of a line; only
  that part is removed.
- ``block``: the pattern matches a header line; the header and the teaser lines under it
  (short, cut off with ``...`` or ending in a date) are removed together; a block that
  reaches the last few lines of the document also takes the short lines closing it.
- ``rest``: the pattern matches a header line that announces a listing page (a tag
  page); the header and everything after it are removed.
- ``inline``: the pattern matches anywhere inside a line (inline HTML tags); only the
  match is removed and the line stays.

Where: ``anywhere``, ``head`` (the first ``edge_lines`` non-empty lines) or ``tail``
(the last ``edge_lines``).

>>> from corpusprep.steps import Context
>>> RemoveBoilerplate().apply("正文第一段。\\n请输入验证码\\n正文第二段。", Context("t")).text
'正文第一段。\\n正文第二段。'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import accumulate, compress
from operator import add
from typing import Any

from ...document import Edit
from ...steps import Context, EditStep
from .dateline import _BYLINE_STRIP, extract_dateline
from .rules import Rule, RulePack, load_rules

__all__ = ["RemoveBoilerplate"]

_BLOCK_ITEM_MAX = 40
_BLOCK_CLOSE_LINES = 3
_BLOCK_CLOSE_MAX = 80
_TERMINAL = "。！？!?”’"
_DATE_END_RE = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?[\]）)]?$")

def _split_lines(text: str) -> tuple[list[str], list[int]]:
    r"""The lines of ``text`` without their newlines, and their start offsets; a final
    newline ends the last line (it opens no empty one).

    >>> _split_lines("ab\n\nc\n")
    (['ab', '', 'c'], [0, 3, 4])
    """
    lines = text.split("\n")
    if not lines[-1]:
        lines.pop()
    # start of line k: the lengths of the lines before it, plus k newlines
    return lines, list(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))


def _is_teaser(line: str) -> bool:
    s = line.strip()
    return (
        not s
        or len(s) <= _BLOCK_ITEM_MAX
        or s.endswith(("...", "…", "……"))
        or _DATE_END_RE.search(s) is not None
    )


class RemoveBoilerplate(EditStep):
    """Remove lines and line parts that rules of the pack match, infographic runs and
    (with ``classify``) lines the classifier judges to be boilerplate.

    ``strip_leading_byline``: also remove a dateline/byline that opens a body paragraph
    (it is always extracted to ``ctx.meta``). ``graphics``: detect infographic runs.
    ``classify``: run the line classifier on lines no rule matched.
    """

    name = "boilerplate"
    version = "2"

    def __init__(
        self,
        rules: Sequence[Rule] | None = None,
        *,
        edge_lines: int = 8,
        strip_leading_byline: bool = False,
        graphics: bool = True,
        classify: bool = True,
    ) -> None:
        self.pack = RulePack(load_rules() if rules is None else rules, edge_lines=edge_lines)
        self.strip_leading_byline = strip_leading_byline
        self.graphics = graphics
        self.classify = classify

    def config(self) -> dict[str, Any]:
        return {
            "edge_lines": self.pack.edge_lines,
            "strip_leading_byline": self.strip_leading_byline,
            "graphics": self.graphics,
            "classify": self.classify,
            "rules": [[r.id, r.pattern, r.scope, r.where, r.replace] for r in self.pack.rules],
        }

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        from .classifier import find_graphic_runs, tail_removals

        lines, starts = _split_lines(text)
        n = len(lines)

        def span(i: int) -> tuple[int, int]:  # line i with its newline
            return starts[i], min(starts[i] + len(lines[i]) + 1, len(text))

        nonempty = list(compress(range(n), map(str.strip, lines)))
        n_ne = len(nonempty)
        edge = self.pack.edge_lines

        removed: dict[int, Edit] = {}  # first line index -> whole-line edit
        covered = [False] * n
        partial: list[tuple[int, int, Rule]] = []
        taken_until = 0
        found = self.pack.find(text)
        # blocks stop where another whole-line rule takes over, so each line keeps its own reason
        stops = sorted({s for s, _, r in found if r.scope in ("line", "block", "rest")})
        for s, e, rule in found:
            if s < taken_until:
                continue
            li = bisect.bisect_right(starts, s) - 1
            k = bisect.bisect_left(nonempty, li)  # index among non-empty lines; 0 for a blank one
            k = k if k < n_ne and nonempty[k] == li else 0
            if rule.where == "head" and k >= edge or rule.where == "tail" and k < n_ne - edge:
                continue
            if rule.scope in ("line", "block", "rest"):
                if e < len(text) and text[e] == "\n":
                    e += 1
                if rule.scope == "block":
                    e = self._block_end(text, e, stops)
                elif rule.scope == "rest":
                    e = len(text)
                lj = bisect.bisect_left(starts, e) - 1 if e < len(text) else n - 1
                removed[li] = Edit(s, e, text[s:e], "", rule.id, rule.category)
                for i in range(li, max(li, lj) + 1):
                    covered[i] = True
                taken_until = e
                if rule.category == "byline" and "byline" not in ctx.meta:
                    ctx.meta["byline"] = text[s:e].strip(_BYLINE_STRIP)
            else:
                partial.append((s, e, rule))
                taken_until = e

        if self.graphics:
            for i, j in find_graphic_runs(lines, covered):
                for li in range(i, j + 1):
                    if not covered[li] and lines[li].strip():
                        s, e = span(li)
                        removed[li] = Edit(s, e, text[s:e], "", "caption.infographic", "caption",
                                           f"infographic run of lines {i + 1}-{j + 1}")
                        covered[li] = True
        if self.classify:
            for d in tail_removals(lines, covered):  # classify_lines' removals
                s, e = span(d.index)
                removed[d.index] = Edit(s, e, text[s:e], "", d.rule, d.category,
                                        f"score={d.score:.2f}; {d.reason}")
                covered[d.index] = True

        out = list(removed.values())
        for s, e, rule in partial:
            li = bisect.bisect_right(starts, s) - 1
            if not covered[li]:
                out.append(Edit(s, e, text[s:e], rule.replace, rule.id, rule.category))

        m = extract_dateline(text)
        if m is not None:
            li = bisect.bisect_right(starts, m.start()) - 1
            ctx.meta.setdefault("dateline", m["dateline"].strip())
            if m.groupdict().get("byline"):
                ctx.meta["byline"] = m["byline"].strip()
            if self.strip_leading_byline and not covered[li]:
                s = m.start("dateline")
                e = m.end()
                while e < len(text) and text[e] in " \t":
                    e += 1
                if not any(x.start < e and s < x.end for x in out):
                    out.append(Edit(s, e, text[s:e], "", "byline.leading", "byline"))
        out.sort(key=lambda x: (x.start, x.end))
        return out

    @staticmethod
    def _block_end(text: str, pos: int, stops: Sequence[int] = ()) -> int:
        k = bisect.bisect_left(stops, pos)
        next_stop = stops[k] if k < len(stops) else len(text) + 1
        while pos < len(text) and pos < next_stop:
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl + 1
            if not _is_teaser(text[pos:end]):
                break
            pos = end
        rest = [ln for ln in text[pos:].split("\n") if ln.strip()]
        if next_stop > len(text) and rest and len(rest) <= _BLOCK_CLOSE_LINES and all(len(ln.strip()) <= _BLOCK_CLOSE_MAX for ln in rest):
            return len(text)
        return pos
