"""The boilerplate step: rules first, then infographic runs, then the trained line model.

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
from typing import Any, NamedTuple

import numpy as np

from ...document import Edit, OffsetMap, apply_edits
from ...errors import ConfigError
from ...steps import Context, EditStep, StepResult
from ..script import to_simplified
from .charts import find_chart_runs, may_hold_charts
from .classifier import closest_category, find_graphic_runs
from .dateline import _BYLINE_STRIP, extract_dateline
from .features import DENSE_NAMES, LineTable, line_tables
from .lists import content_list_mask
from .model import LineModel
from .narrative import narrative_lines
from .rules import Rule, RulePack, load_rules
from .title_lists import find_title_list_runs, may_hold_title_lists
from .toc import may_hold_toc, toc_lines

__all__ = ["RemoveBoilerplate", "RulePass", "markup_free_lines"]

#: the line model judges a line by its neighbours: it leaves texts of fewer lines to the rules
MODEL_MIN_LINES = 3
#: a line of an infographic run goes when the model gives it at least this probability
GRAPHIC_THRESHOLD = 0.5
_BLOCK_ITEM_MAX = 40
_BLOCK_CLOSE_LINES = 3
_BLOCK_CLOSE_MAX = 80
#: a teaser that is one title in book-title marks alone on its line (《 X 》), up to this long
_BLOCK_TITLE_MAX = 100
_TITLE_LINE_RE = re.compile(r"《[^《》\n]+》")
_DATE_END_RE = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?[\]）)]?$")

#: the dense column marking lines a rule removed whole
_RULE_HIT = DENSE_NAMES.index("rule_hit")
_HAS_COLON = DENSE_NAMES.index("has_colon")


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


def _line_span(text: str, lines: list[str], starts: list[int], i: int) -> tuple[int, int]:
    """Offsets of line ``i`` with its newline."""
    return starts[i], min(starts[i] + len(lines[i]) + 1, len(text))


_MD_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+(?=\S)", re.MULTILINE)


def _model_view(text: str, partial: Sequence[tuple[int, int, Rule]]) -> str:
    """``text`` with inline markup matches and Markdown heading marks blanked to spaces.

    >>> _model_view("### 标题\\n<p>正文。</p>", [])
    '    标题\\n<p>正文。</p>'
    """
    marks = [(m.start(), m.end()) for m in _MD_HEADING_MARK.finditer(text)] if "#" in text else []
    marks += [(s, e) for s, e, r in partial if r.scope == "inline" and r.category == "markup"]
    return _blanked(text, marks)


def _blanked(text: str, marks: Sequence[tuple[int, int]]) -> str:
    """``text`` with the stretches ``marks`` blanked to spaces (newlines kept, so lines and
    offsets stay); ``text`` itself when there is none."""
    if not marks:
        return text
    out = list(text)
    for s, e in marks:
        out[s:e] = [c if c == "\n" else " " for c in text[s:e]]
    return "".join(out)


#: a line's leading or trailing Markdown emphasis (``**``, ``__``) with the spaces around it,
#: and the blockquote (``>``) or heading (``#``) markers that open it
_EMPHASIS_EDGE = re.compile(r"^(?:[ \t\u3000]*(?:\*+|_{2,}|>+|#{1,6}(?=[ \t\u3000])))+[ \t\u3000]*"
                            r"|(?:[ \t\u3000]*(?:\*+|_{2,}))+[ \t\u3000]*$")
#: a line that opens with a blockquote or heading marker
_MARKED_LINE = re.compile(r"^[ \t\u3000]*(?:>|#{1,6}[ \t\u3000])", re.MULTILINE)
_EMPHASIS = re.compile(r"\*+|_{2,}")
#: a line of Markdown markers alone (``**``, ``##``, ``* * *``): left as it is, for the markup rules
_MARKERS_ONLY = re.compile(r"[*_#>\s]*")


def _has_emphasis(s: str) -> bool:
    """Whether ``s`` holds a Markdown emphasis marker (``*``, ``__``) or a line of it opens a
    blockquote (``> 来源：…``) or a heading (``#### 原标题：…``)."""
    return "*" in s or "__" in s or (">" in s or "#" in s) and _MARKED_LINE.search(s) is not None


class _RuleView(NamedTuple):
    """``text`` as the rules read it, and where each of its stretches comes from."""

    text: str
    view_starts: list[int]  # start of each kept stretch in the view
    text_starts: list[int]  # and in the text

    def start(self, v: int) -> int:
        """Offset in the text of view offset ``v`` where a match starts: a view line's start
        is the text line's start (markers that opened the line go with the match)."""
        if v == 0:
            return 0
        if self.text[v - 1] == "\n":
            return self.at(v - 1) + 1
        return self.at(v)

    def at(self, v: int) -> int:
        """Offset in the text of the view's character ``v`` (the end of the text at the view's end)."""
        k = bisect.bisect_right(self.view_starts, v) - 1
        return self.text_starts[k] + v - self.view_starts[k]


def _rule_view(text: str) -> _RuleView | None:
    r"""``text`` without Markdown emphasis, blockquote and heading markers, for the rules to
    read (``None``: none in it).

    A debris line in bold (``**作者 /** **卢舫**``) is the line the rules know (``作者 / 卢舫``),
    and so is one in a blockquote (``> 来源：新华社``) or a heading (``#### 原标题：…``): each
    line loses its ``**``/``__`` runs, the ``>``/``#`` markers opening it and, at its edges,
    the spaces beside them. Lines of
    markers alone stay as they are (the markup rules take them). Newlines are always kept, so
    lines correspond one to one.

    >>> v = _rule_view("正文。\n**作者 /** **卢舫**\n")
    >>> v.text
    '正文。\n作者 / 卢舫\n'
    >>> v.start(4), v.at(11)  # the line's start and its newline, in the text
    (4, 19)
    """
    if not _has_emphasis(text):
        return None
    pieces: list[tuple[int, int]] = []  # kept stretches of the text
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if _has_emphasis(line) and not _MARKERS_ONLY.fullmatch(line):
            cut = [m.span() for m in _EMPHASIS_EDGE.finditer(line)]
            cut += [m.span() for m in _EMPHASIS.finditer(line, cut[0][1] if cut and cut[0][0] == 0 else 0)]
            cut.sort()
            at = 0
            for a, b in cut:
                if a >= at:
                    pieces.append((pos + at, pos + a))
                    at = b
                else:
                    at = max(at, b)
            pieces.append((pos + at, end + 1))
        else:
            pieces.append((pos, end + 1))
        pos = end + 1
    view_starts, text_starts, out = [], [], []
    n = 0
    for a, b in pieces:
        b = min(b, len(text))
        if b > a:
            view_starts.append(n)
            text_starts.append(a)
            out.append(text[a:b])
            n += b - a
    view_starts.append(n)  # the view's end is the text's end
    text_starts.append(len(text))
    view = "".join(out)
    return None if view == text else _RuleView(view, view_starts, text_starts)


def markup_free_lines(text: str, rp: RulePass) -> list[str]:
    """The lines of ``text`` with every markup match of the rule pass (``<p>`` opening a
    line, ``</p>`` closing it, inline tags) blanked to spaces: what a content list's items
    are read from. The rule pass's own lines when there is none.

    >>> t = "<p>甲乙丙丁律师事务所</p>\\n乙\\n"
    >>> markup_free_lines(t, RemoveBoilerplate(classify=False).rule_pass(t))[0].strip()
    '甲乙丙丁律师事务所'
    """
    marks = [(a, b) for a, b, r in rp.partial if r.category == "markup"]
    return _split_lines(_blanked(text, marks))[0] if marks else rp.lines


def _is_teaser(line: str) -> bool:
    """Whether ``line`` may stand in a block's run: blank, short, cut off with ``...``, ending
    in a date, or one title in 《》 (a short sentence closed by a full stop counts: pages' lists
    of headlines with their leads need it, measured in docs/boilerplate.md)."""
    s = line.strip()
    return (
        not s
        or len(s) <= _BLOCK_ITEM_MAX
        or s.endswith(("...", "…", "……"))
        or _DATE_END_RE.search(s) is not None
        or (len(s) <= _BLOCK_TITLE_MAX and _TITLE_LINE_RE.fullmatch(s) is not None)
    )


_NON_WORD = re.compile(r"[\W_]+")


def _fold_key(text: str) -> str:
    """Simplified, lower-case, without spaces and punctuation: what a title match compares."""
    return _NON_WORD.sub("", to_simplified(text)).lower()


def _title_key(ctx: Context) -> str:
    """The folded title of the document being cleaned (:attr:`Context.title`), or ""."""
    title = ctx.title
    return _fold_key(title) if isinstance(title, str) else ""


def _opens_title(line: str, key: str) -> bool:
    """Whether ``line`` is the headline of a document titled ``key`` (:func:`_title_key`): the
    title, or the title without a site suffix (``标题_某某网``), at least 4 characters; or the
    title's opening, at least 6 characters, before a suffix of any length
    (``标题 @ 某某的博客 :: 痞客邦 ::``).

    >>> key = _fold_key("市場監管總局發布新規_某某新聞網")
    >>> _opens_title("市场监管总局发布新规", key), _opens_title("某某新闻网", key)
    (True, False)
    >>> key = _fold_key("新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天 :: 痞客邦 ::")
    >>> _opens_title("新竹尖石_美樹營地賞楓 (2)", key), _opens_title("新竹尖石", key)
    (True, False)
    """
    k = _fold_key(line)
    return (len(k) >= 4 and k in key and 2 * len(k) >= len(key)) or (len(k) >= 6 and key.startswith(k))


class RulePass(NamedTuple):
    """What the rules (and infographic runs) decided for one text, before the line model."""

    lines: list[str]
    starts: list[int]
    removed: dict[int, Edit]  # first line index -> whole-line edit
    covered: list[bool]  # lines a whole-line removal took
    partial: list[tuple[int, int, Rule]]  # head/tail/inline matches
    graphic: dict[int, str]  # lines in infographic runs (a model feature; removed without the model)


def _judged(rp: RulePass) -> bool:
    """Whether the model judges the text of ``rp``: at least ``MODEL_MIN_LINES`` non-blank
    lines no rule took (counted only as far as needed)."""
    n = 0
    for covered, line in zip(rp.covered, rp.lines):
        if not covered and line.strip():
            n += 1
            if n >= MODEL_MIN_LINES:
                return True
    return False


class RemoveBoilerplate(EditStep):
    """Remove lines and line parts that rules of the pack match, infographic runs and
    (with ``classify``) lines the trained line model judges to be boilerplate.

    ``strip_leading_byline``: also remove a dateline/byline that opens a body paragraph
    (it is always extracted to ``ctx.meta``). ``graphics``: detect infographic runs.
    ``charts``: remove chart runs (:mod:`.charts`: a chart's labels in another language,
    one to a line, in a Chinese document), as ``caption.chart_labels``. ``title_lists``:
    remove lists of other articles set out as ``source | title`` (:mod:`.title_lists`), as
    ``recommendation.title_list``.
    ``classify``: run the line model (:mod:`.model`) on lines no rule matched (in texts with
    at least ``MODEL_MIN_LINES`` such lines: it judges a line by its neighbours); rule hits
    are among its features. ``model``: a :class:`~.model.LineModel` other than the shipped
    one; ``threshold``: remove lines from this probability (default: the model's own).
    ``contents``: the model leaves an article's own table of contents (:mod:`.toc`: a
    ``目录`` line and the chapters listed under it) alone; rules still apply.
    ``narrative_runs``: the model leaves the lines of narrative runs (:mod:`.narrative`: prose
    set as short lines, one clause to a line, as scripts, poems and many essays are).
    ``content_lists``: the model leaves the lines of content lists (:mod:`.lists`: long runs
    of short, alike items after the prose, such as ``附名单``) alone; rules still apply.
    ``blocks_through_rules``: a block rule's run of short lines (the teasers under
    ``相关阅读``) goes on past a line another whole-line rule takes inside it (a share bar, a
    copyright line), with the block's reason; not past a byline, which opens an article.
    ``markdown_emphasis``: a line in Markdown emphasis, a blockquote or a heading that no rule
    matches as it is is read again without its ``**``/``__`` markers and opening ``>`` or
    ``#``, for whole-line rules (a bold ``**作者 /** **卢舫**`` is the byline ``作者 / 卢舫``,
    ``> 来源：新华社`` and ``#### 原标题：…`` credits); the removal takes the markers too.
    """

    name = "boilerplate"
    version = "16"

    def __init__(
        self,
        rules: Sequence[Rule] | None = None,
        *,
        edge_lines: int = 8,
        strip_leading_byline: bool = False,
        graphics: bool = True,
        charts: bool = True,
        title_lists: bool = True,
        classify: bool = True,
        model: LineModel | None = None,
        threshold: float | None = None,
        content_lists: bool = True,
        blocks_through_rules: bool = True,
        markdown_emphasis: bool = True,
        narrative_runs: bool = True,
        contents: bool = True,
    ) -> None:
        self.pack = RulePack(load_rules() if rules is None else rules, edge_lines=edge_lines)
        self.blocks_through_rules = blocks_through_rules
        self.markdown_emphasis = markdown_emphasis
        self.strip_leading_byline = strip_leading_byline
        self.graphics = graphics
        self.charts = charts
        self.title_lists = title_lists
        self.classify = classify
        self.model = (model or LineModel.load()) if classify else None
        if threshold is not None and not 0.0 < threshold < 1.0:
            raise ConfigError(f"threshold must be in (0, 1), got {threshold}")
        self.threshold = threshold if threshold is not None else (self.model.threshold if self.model else 0.5)
        self.content_lists = content_lists
        self.narrative_runs = narrative_runs
        self.contents = contents

    def config(self) -> dict[str, Any]:
        return {
            "edge_lines": self.pack.edge_lines,
            "strip_leading_byline": self.strip_leading_byline,
            "graphics": self.graphics,
            "charts": self.charts,
            "title_lists": self.title_lists,
            "classify": self.classify,
            "model": self.model.digest if self.model else None,
            "threshold": self.threshold if self.model else None,
            "content_lists": self.content_lists if self.model else None,
            "narrative_runs": self.narrative_runs if self.model else None,
            "contents": self.contents if self.model else None,
            "blocks_through_rules": self.blocks_through_rules,
            "markdown_emphasis": self.markdown_emphasis,
            "rules": [[r.id, r.pattern, r.scope, r.where, r.replace] for r in self.pack.rules],
        }

    def rule_pass(self, text: str, ctx: Context | None = None, *, model: bool | None = None) -> RulePass:
        """Whole-line and partial rule matches, and infographic runs, for ``text``.

        ``model``: whether the line model follows (default: whether this step has one);
        then infographic runs are its features, else they are removed here.
        """
        lines, starts = _split_lines(text)
        n = len(lines)
        nonempty = list(compress(range(n), map(str.strip, lines)))
        n_ne = len(nonempty)
        edge = self.pack.edge_lines

        removed: dict[int, Edit] = {}
        covered = [False] * n
        partial: list[tuple[int, int, Rule]] = []
        taken_until = 0
        found = []
        matches = self.pack.find(text)
        view = _rule_view(text) if self.markdown_emphasis else None
        if view is not None:  # whole-line matches on lines in Markdown emphasis that nothing matched as they are
            seen = {bisect.bisect_right(starts, s) - 1 for s, _, _ in matches}
            more = [(view.start(s), view.at(e), rule) for s, e, rule in self.pack.find(view.text)
                    if rule.scope in ("line", "block", "rest")]
            more = [m for m in more if (li := bisect.bisect_right(starts, m[0]) - 1) not in seen
                    and _has_emphasis(lines[li])]
            if more:
                matches = sorted(matches + more, key=lambda x: (x[0], -x[1]))
        for s, e, rule in matches:
            li = bisect.bisect_right(starts, s) - 1
            k = bisect.bisect_left(nonempty, li)  # index among non-empty lines; 0 for a blank one
            k = k if k < n_ne and nonempty[k] == li else 0
            if rule.where == "head" and k >= edge or rule.where == "tail" and k < n_ne - edge:
                continue  # a head or tail rule away from its edge
            found.append((s, e, rule, li))
        # blocks stop where another whole-line rule takes over, so each line keeps its own
        # reason (not where a head or tail rule matched away from its edge: it takes nothing)
        stops = sorted({s for s, _, r, _ in found if r.scope in ("line", "block", "rest")})
        block: Rule | None = None  # a block whose run another line rule's match interrupted
        title = _title_key(ctx) if ctx is not None else ""

        def take(first: int, s: int, e: int, rule: Rule, note: str = "") -> None:
            """Remove ``text[s:e]`` (whole lines from line ``first``) for ``rule``."""
            last = bisect.bisect_left(starts, e) - 1 if e < len(text) else n - 1
            removed[first] = Edit(s, e, text[s:e], "", rule.id, rule.category, note)
            for i in range(first, max(first, last) + 1):
                covered[i] = True

        for s, e, rule, li in found:
            if s < taken_until:
                continue
            if rule.scope in ("line", "block", "rest"):
                if e < len(text) and text[e] == "\n":
                    e += 1
                if rule.scope == "block":
                    e = self._block_end(text, e, stops, title)
                elif rule.scope == "rest":
                    e = len(text)
                take(li, s, e, rule)
                # (not after a byline: one opens an article, whatever list stood above it)
                interrupted = block if rule.scope == "line" and s == taken_until and rule.category != "byline" else None
                taken_until = e
                if self.blocks_through_rules:
                    if interrupted is not None and e < len(text):
                        # the line rule took one line of the block's run: the run goes on after it
                        end = self._block_end(text, e, stops, title)
                        if text[e:end].strip():
                            take(bisect.bisect_right(starts, e) - 1, e, end, interrupted,
                                 f"the run of {interrupted.id} after line {li + 1}")
                            taken_until = e = end
                    block = (rule if rule.scope == "block" else interrupted) if e in stops else None
                if rule.category == "byline" and ctx is not None and "byline" not in ctx.meta:
                    ctx.meta["byline"] = text[s:e].strip(_BYLINE_STRIP)
            else:
                partial.append((s, e, rule))
                taken_until = e

        def run_lines(runs: list[tuple[int, int]], what: str) -> dict[int, str]:
            """The lines of ``runs`` that nothing took yet, each with its note."""
            return {li: f"{what} of lines {i + 1}-{j + 1}" for i, j in runs for li in range(i, j + 1)
                    if not covered[li] and lines[li].strip()}

        def drop_lines(notes: dict[int, str], reason: str) -> None:
            for li, note in notes.items():
                s, e = _line_span(text, lines, starts, li)
                removed[li] = Edit(s, e, text[s:e], "", reason, reason.partition(".")[0], note)
                covered[li] = True

        if self.charts and may_hold_charts(text):
            drop_lines(run_lines(find_chart_runs(lines, covered), "chart labels"), "caption.chart_labels")
        if self.title_lists and may_hold_title_lists(text):
            drop_lines(run_lines(find_title_list_runs(lines, covered), "list of other articles"),
                       "recommendation.title_list")
        graphic: dict[int, str] = {}
        if self.graphics:
            graphic = run_lines(find_graphic_runs(lines, covered), "infographic run")
            if not (self.model is not None if model is None else model):  # no model: a run goes outright
                drop_lines(graphic, "caption.infographic")
        return RulePass(lines, starts, removed, covered, partial, graphic)

    def line_table(self, text: str, rp: RulePass) -> LineTable:
        """The line model's features for ``text`` after the rule pass ``rp``.

        The model reads what a reader sees: markup that inline rules strip (``<p>``,
        ``<strong>``) and Markdown heading marks (``### ``) are blanked to spaces first
        (same length, so lines and offsets stay), and the features count no spaces.
        """
        return self.line_tables([text], [rp])

    def line_tables(self, texts: Sequence[str], rps: Sequence[RulePass]) -> LineTable:
        """:meth:`line_table` of many texts at once (one table; ``bounds`` delimit them)."""
        graphics = []
        for rp in rps:
            g = np.zeros(len(rp.covered), dtype=bool)
            g[list(rp.graphic)] = True
            graphics.append(g)
        return line_tables([_model_view(t, rp.partial) for t, rp in zip(texts, rps)],
                           [np.fromiter(rp.covered, dtype=bool, count=len(rp.covered)) for rp in rps], graphics)

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        return self.edits_many([text], [ctx])[0]

    def apply_many(self, texts: Sequence[str], ctxs: Sequence[Context]) -> list[StepResult]:
        if type(self).edits is not RemoveBoilerplate.edits or type(self).apply is not EditStep.apply:
            return super().apply_many(texts, ctxs)  # a subclass that changes edits() or apply()
        return [self._result(t, e) for t, e in zip(texts, self.edits_many(texts, ctxs))]

    def edits_many(self, texts: Sequence[str], ctxs: Sequence[Context]) -> list[list[Edit]]:
        """:meth:`edits` of many documents: the line model scores all their lines in one
        batch of numpy work (each document's result is the one it gets alone)."""
        out = self._passes(texts, ctxs)
        if self.model is None:
            return out
        # The model judges a line by its neighbours, so a removal can change the verdict on
        # another line: pass again over the result until a pass removes nothing, so that a
        # run on the output is a no-op (idempotence). Each further pass removes at least one
        # line, so this ends; most documents settle after the second pass.
        state = {i: (OffsetMap.identity(len(texts[i])).compose(texts[i], e), apply_edits(texts[i], e))
                 for i, e in enumerate(out) if e}
        left = {i: texts[i].count("\n") + 1 for i in state}  # passes each document may still take
        pending = list(state)
        while pending:
            more = self._passes([state[i][1] for i in pending],
                                [Context(ctxs[i].uri, meta=dict(ctxs[i].meta), source=ctxs[i].source)
                                 for i in pending])
            again = []
            for i, m in zip(pending, more):
                left[i] -= 1
                if m:
                    omap, cur = state[i]
                    state[i] = (omap.compose(cur, m), apply_edits(cur, m))
                    if left[i] > 0:
                        again.append(i)
            pending = again
        for i, (omap, cur) in state.items():
            out[i] = omap.source_edits(texts[i], cur)
        return out

    def _one_pass(self, text: str, ctx: Context) -> list[Edit]:
        """The edits of one pass of rules and model over ``text``."""
        return self._passes([text], [ctx])[0]

    def _passes(self, texts: Sequence[str], ctxs: Sequence[Context]) -> list[list[Edit]]:
        """One pass of rules and model over each of ``texts`` (the model in one batch)."""
        rps = [self.rule_pass(t, c) for t, c in zip(texts, ctxs)]
        verdicts: list[dict[int, tuple[float, str, str]]] = [{} for _ in texts]
        if self.model is not None:
            use = [i for i, rp in enumerate(rps) if _judged(rp)]
            if use:
                self._judge([texts[i] for i in use], [ctxs[i] for i in use], [rps[i] for i in use],
                            [verdicts[i] for i in use])
        return [self._edits_of(t, c, rp, v) for t, c, rp, v in zip(texts, ctxs, rps, verdicts)]

    def _judge(self, texts: Sequence[str], ctxs: Sequence[Context], rps: Sequence[RulePass],
               verdicts: Sequence[dict[int, tuple[float, str, str]]]) -> None:
        """The model's verdicts on the lines of ``texts``: fills each ``verdicts`` entry with
        ``{line: (probability, category, top features)}`` of the lines it removes."""
        assert self.model is not None
        table = self.line_tables(texts, rps)
        # a line a rule took whole is not judged again (it is context for its neighbours)
        prob = self.model.predict(table, only=table.dense[:, _RULE_HIT] == 0)
        bounds = table.bounds.tolist()
        # the table's lines are the rule pass's (a final newline opens none in either); list
        # items are read without their markup
        # the lines of content lists, and the prose lines above them that make them lists
        anchors = np.zeros(len(table.length), dtype=bool)
        free = [markup_free_lines(t, rp) for t, rp in zip(texts, rps)] \
            if self.content_lists or self.narrative_runs else []
        listed = content_list_mask(free, table.prose, table.length, table.bounds, table.dense[:, _HAS_COLON] > 0,
                                   anchors) if self.content_lists else None
        chosen: dict[int, str] = {}  # batch line -> its text
        owner: dict[int, tuple[int, int]] = {}  # batch line -> (document, line)
        for k, (rp, ctx) in enumerate(zip(rps, ctxs)):
            lo, hi = bounds[k], bounds[k + 1]
            p = prob[lo:hi]
            # an infographic run is evidence of its own: its lines go from a lower probability
            bar = np.full(len(p), self.threshold)
            if rp.graphic:
                bar[list(rp.graphic)] = min(self.threshold, GRAPHIC_THRESHOLD)
            if listed is not None:  # the items of a list the article sets out stay, and its anchor
                bar[listed[lo:hi] | anchors[lo:hi]] = np.inf
            if self.narrative_runs:  # prose set as short lines (scripts, poems, essays) stays
                runs = narrative_lines(free[k])[: len(bar)]
                bar[: len(runs)][runs] = np.inf
            if self.contents and may_hold_toc(texts[k]):  # so does the article's own table of contents
                toc = toc_lines(rp.lines)[: len(bar)]
                bar[: len(toc)][toc] = np.inf
            # a Markdown heading is the author's own structure, and the line that is the
            # document's title (a page's <title>, a record's title field) its headline:
            # only a rule removes one
            key = _title_key(ctx)
            lines = rp.lines
            for li in np.flatnonzero(p >= bar).tolist():
                if li < len(lines) and not rp.covered[li] and not _MD_HEADING_MARK.match(lines[li]) \
                        and not (key and _opens_title(lines[li], key)):
                    chosen[lo + li] = lines[li]
                    owner[lo + li] = (k, li)
        if not chosen:
            return
        why = self.model.explain_lines(table, chosen)
        kinds = self._categories(table, list(chosen), chosen)
        for g, (k, li) in owner.items():
            top = ", ".join(f"{name} {w:+.2f}" for name, w in why[g])
            verdicts[k][li] = (float(prob[g]), kinds[g], top)

    def _edits_of(self, text: str, ctx: Context, rp: RulePass, verdicts: dict[int, tuple[float, str, str]]) -> list[Edit]:
        """The edits of one pass over ``text``: rule removals, the model's ``verdicts``,
        partial rule matches on lines that stay, and the leading byline."""
        lines, starts, removed, covered = rp.lines, rp.starts, rp.removed, rp.covered
        for li, (p, kind, top) in verdicts.items():
            s, e = _line_span(text, lines, starts, li)
            if li in rp.graphic:  # the model confirmed an infographic run's line
                removed[li] = Edit(s, e, text[s:e], "", "caption.infographic", "caption",
                                   f"p={p:.2f}; {rp.graphic[li]}; {top}")
            else:
                removed[li] = Edit(s, e, text[s:e], "", "model.line", kind, f"p={p:.2f}; {top}")
            covered[li] = True

        out = list(removed.values())
        for s, e, rule in rp.partial:
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

    def _categories(self, table: LineTable, chosen: list[int], lines: dict[int, str]) -> dict[int, str]:
        """The category of each removed line: the model's category stage, else keyword closeness."""
        cats = self.model.categories if self.model is not None else None
        if cats is None:
            return {li: closest_category(lines[li]) for li in chosen}
        return {li: name for li, (name, _) in zip(chosen, cats.predict(table, chosen))}

    @staticmethod
    def _block_end(text: str, pos: int, stops: Sequence[int] = (), title: str = "") -> int:
        """Where a block whose header ends at ``pos`` ends: after its run of teasers, before
        the next line another rule takes (``stops``) and before the document's headline
        (``title``: :func:`_title_key`; a tab bar's ``相关文章`` above a blog post of short
        lines must not take the post)."""
        k = bisect.bisect_left(stops, pos)
        next_stop = stops[k] if k < len(stops) else len(text) + 1
        titles = False  # a list of titles in 《》 ends at its first line that is not one
        while pos < len(text) and pos < next_stop:
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl + 1
            line = text[pos:end].strip()
            is_title = _TITLE_LINE_RE.fullmatch(line) is not None
            if not _is_teaser(line) or (titles and line and not is_title) or (title and _opens_title(line, title)):
                break
            titles = titles or is_title
            pos = end
        rest = [ln for ln in text[pos:].split("\n") if ln.strip()]
        if next_stop > len(text) and rest and len(rest) <= _BLOCK_CLOSE_LINES \
                and all(len(ln.strip()) <= _BLOCK_CLOSE_MAX and not (title and _opens_title(ln, title)) for ln in rest):
            return len(text)
        return pos
