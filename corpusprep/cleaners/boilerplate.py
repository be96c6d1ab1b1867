"""Boilerplate removal driven by the rule pack in ``corpusprep/rules/*.toml``.

Rules are data: an id, a category, a pattern (Python ``re`` syntax), a scope, where in
the document it may fire, and examples that must and must not match. The engine runs
all line rules as one compiled alternation over the whole document.

Scopes:
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

Beyond rules, the step finds infographic runs and (with ``classify=True``) asks the line
classifier of :mod:`corpusprep.cleaners.classifier` about lines no rule matched. It also
extracts a leading dateline/byline (``本报讯（记者 X）``) into ``ctx.meta``.

Where: ``anywhere``, ``head`` (the first ``edge_lines`` non-empty lines) or ``tail``
(the last ``edge_lines``).

>>> from corpusprep.steps import Context
>>> RemoveBoilerplate().apply("正文第一段。\\n请输入验证码\\n正文第二段。", Context("t")).text
'正文第一段。\\n正文第二段。'
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..document import Edit
from ..errors import RuleError
from ..steps import Context, EditStep

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Rule", "RemoveBoilerplate", "RulePack", "load_rules"]

SCOPES = ("line", "head", "tail", "block", "inline", "rest")
WHERE = ("anywhere", "head", "tail")


@dataclass(frozen=True, slots=True)
class Rule:
    """One boilerplate rule and its examples."""

    id: str
    category: str
    pattern: str
    scope: str = "line"
    where: str = "anywhere"
    comment: str = ""
    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()
    origin: str = ""
    #: what replaces a head/tail/inline match ("" removes it; "\n" splits the line)
    replace: str = ""

    @classmethod
    def from_dict(cls, d: dict[str, Any], origin: str) -> Rule:
        where_ = f"{origin}: rule {d.get('id', '?')!r}"
        missing = {"id", "category", "pattern"} - d.keys()
        if missing:
            raise RuleError(f"{where_}: missing {sorted(missing)}")
        unknown = d.keys() - {f for f in cls.__dataclass_fields__ if f != "origin"}
        if unknown:
            raise RuleError(f"{where_}: unknown keys {sorted(unknown)}")
        if d.get("scope", "line") not in SCOPES:
            raise RuleError(f"{where_}: scope must be one of {SCOPES}, got {d['scope']!r}")
        if d.get("where", "anywhere") not in WHERE:
            raise RuleError(f"{where_}: where must be one of {WHERE}, got {d['where']!r}")
        try:
            re.compile(d["pattern"])
        except re.error as exc:
            raise RuleError(f"{where_}: pattern does not compile: {exc}") from None
        if not d.get("match"):
            raise RuleError(f"{where_}: needs at least one example in 'match'")
        return cls(
            id=d["id"], category=d["category"], pattern=d["pattern"],
            scope=d.get("scope", "line"), where=d.get("where", "anywhere"),
            comment=d.get("comment", ""), match=tuple(d.get("match", ())),
            no_match=tuple(d.get("no_match", ())), origin=origin, replace=d.get("replace", ""),
        )


def load_rules(paths: Iterable[str | Path] | None = None) -> tuple[Rule, ...]:
    """Load the built-in rule pack, or the TOML files given.

    >>> any(r.id == "verification.captcha_prompt" for r in load_rules())
    True
    """
    rules: list[Rule] = []
    if paths is None:
        files = sorted(
            (f for f in resources.files("corpusprep.rules").iterdir() if f.name.endswith(".toml")),
            key=lambda f: f.name,
        )
        sources = [(f"corpusprep/rules/{f.name}", f.read_text("utf-8")) for f in files]
    else:
        sources = []
        for p in paths:
            try:
                sources.append((str(p), Path(p).read_text("utf-8")))
            except OSError as exc:
                raise RuleError(f"{p}: cannot read rule file: {exc.strerror}") from None
    for origin, body in sources:
        try:
            data = tomllib.loads(body)
        except tomllib.TOMLDecodeError as exc:
            raise RuleError(f"{origin}: not valid TOML: {exc}") from None
        rules.extend(Rule.from_dict(d, origin) for d in data.get("rule", []))
    seen: set[str] = set()
    for r in rules:
        if r.id in seen:
            raise RuleError(f"{r.origin}: rule id {r.id!r} is defined twice")
        seen.add(r.id)
    return tuple(rules)


class RulePack:
    """Compiled rules: one alternation per scope, named groups mapping back to rules."""

    def __init__(self, rules: Sequence[Rule], *, edge_lines: int = 8) -> None:
        self.rules = tuple(rules)
        self.edge_lines = edge_lines
        self._by_group: dict[str, Rule] = {}
        self._line = self._compile([r for r in rules if r.scope in ("line", "block", "rest")], "^(?:{})$")
        self._head = self._compile([r for r in rules if r.scope == "head"], "^(?:{})")
        self._tail = self._compile([r for r in rules if r.scope == "tail"], "(?:{})$")
        self._inline = self._compile([r for r in rules if r.scope == "inline"], "(?:{})")

    def _compile(self, rules: list[Rule], frame: str) -> re.Pattern[str] | None:
        if not rules:
            return None
        alts = []
        for r in rules:
            g = f"r{len(self._by_group)}"
            self._by_group[g] = r
            alts.append(f"(?P<{g}>{_single_line(r.pattern)})")
        return re.compile(frame.format("|".join(alts)), re.MULTILINE)

    def _rule(self, m: re.Match[str]) -> Rule:
        return self._by_group[m.lastgroup or ""]

    def find(self, text: str) -> list[tuple[int, int, Rule]]:
        """Matches ``(start, end, rule)`` in ``text``, before position filters and blocks."""
        out = []
        for pat in (self._line, self._head, self._tail, self._inline):
            if pat is None:
                continue
            for m in pat.finditer(text):
                if m.end() > m.start():
                    out.append((m.start(), m.end(), self._rule(m)))
        out.sort(key=lambda x: (x[0], -x[1]))
        return out

    def check_examples(self) -> list[str]:
        """Every example that does not behave as its rule says; empty when all pass.

        Examples are normalized as the pipeline would (Simplified script, full-width
        punctuation beside Chinese) before matching, so they may be written in either script.
        """
        failures = []
        for r in self.rules:
            single = RulePack([r], edge_lines=self.edge_lines)
            for ex in (_normalize(x) for x in r.match):
                if not any(rule.id == r.id for _, _, rule in single.find(ex)):
                    failures.append(f"{r.id}: should match {ex!r}")
            for ex in (_normalize(x) for x in r.no_match):
                if single.find(ex):
                    failures.append(f"{r.id}: should not match {ex!r}")
        return failures


def _single_line(pattern: str) -> str:
    r"""``pattern`` with ``\s`` made unable to cross a newline (rules match within a line).

    >>> _single_line(r"a\s+b[\s,]")
    'a[^\\S\\n]+b[ \\t\\f\\v\\r\\u3000\\xa0,]'
    >>> _single_line(r"[^\s#]")
    '[^\\s#]'
    """
    out = []
    i = 0
    in_class = negated = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            pair = pattern[i : i + 2]
            if pair == "\\s" and not negated:  # [^\s…] already excludes the newline
                out.append(r" \t\f\v\r\u3000\xa0" if in_class else r"[^\S\n]")
            else:
                out.append(pair)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            out.append(c)
            negated = pattern[i + 1 : i + 2] == "^"
            if negated:
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append("]")
                i += 1
        elif c == "]" and in_class:
            in_class = negated = False
            out.append(c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _normalize(example: str) -> str:
    from .punctuation import NormalizePunctuation
    from .script import to_simplified

    return NormalizePunctuation().fold(to_simplified(example), Context("example"))


_BLOCK_ITEM_MAX = 40
_BLOCK_CLOSE_LINES = 3
_BLOCK_CLOSE_MAX = 80
_TERMINAL = "。！？!?”’"
_DATE_END_RE = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?[\]）)]?$")
_LINE_RE = re.compile(r"[^\n]*\n?")

#: a dateline opening the first body paragraph, with the byline in parentheses
DATELINE_RE = re.compile(
    r"^[ \t]*(?P<dateline>(?:本报|本刊|本台|新华社|中新社|中新网|人民网|新华网|央视网|"
    r"[\u4e00-\u9fff]{2,8}(?:日报|晚报|早报|网|社|台))?[^\n（(，。！？：]{0,16}?(?:讯|电))"
    r"[ \t]*(?:[（(](?P<byline>[^）)\n]{0,40}?(?:记者|通讯员|报道员|撰稿)[^）)\n]{0,40})[）)])",
    re.MULTILINE,
)
_DATELINE_ONLY_RE = re.compile(r"^[ \t]*(?P<dateline>本报讯|本报[^\n，。（(：]{1,12}讯)", re.MULTILINE)
_DATELINE_LINES = 8
_BYLINE_STRIP = " \t\n□■◎●◆★☆【】[]（）()"


def _is_teaser(line: str) -> bool:
    s = line.strip()
    return (
        not s
        or len(s) <= _BLOCK_ITEM_MAX
        or s.endswith(("...", "…", "……"))
        or _DATE_END_RE.search(s) is not None
    )


def extract_dateline(text: str, *, max_lines: int = _DATELINE_LINES) -> re.Match[str] | None:
    """The dateline/byline opening one of the first ``max_lines`` lines, if any.

    >>> m = extract_dateline("标题\\n本报1月21日讯（半岛全媒体记者 王丽平） 1月21日，会议举行。")
    >>> m["dateline"], m["byline"]
    ('本报1月21日讯', '半岛全媒体记者 王丽平')
    """
    limit = 0
    seen = 0
    while seen < max_lines and limit < len(text):
        nl = text.find("\n", limit)
        end = len(text) if nl < 0 else nl + 1
        seen += bool(text[limit:end].strip())
        limit = end
    m = DATELINE_RE.search(text, 0, limit)
    if m is None:
        m = _DATELINE_ONLY_RE.search(text, 0, limit)
    return m


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
        from .classifier import classify_lines, find_graphic_runs

        # lines: (start, end-without-newline, end-with-newline)
        spans = [(m.start(), m.end()) for m in _LINE_RE.finditer(text) if m.end() > m.start()]
        starts = [s for s, _ in spans]
        n = len(spans)
        nonempty = [i for i, (s, e) in enumerate(spans) if text[s:e].strip()]
        rank = {i: k for k, i in enumerate(nonempty)}  # line index -> index among non-empty
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
            k = rank.get(li, 0)
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

        lines = [text[s:e].rstrip("\n") for s, e in spans]
        if self.graphics:
            for i, j in find_graphic_runs(lines, covered):
                for li in range(i, j + 1):
                    if not covered[li] and lines[li].strip():
                        s, e = spans[li]
                        removed[li] = Edit(s, e, text[s:e], "", "caption.infographic", "caption",
                                           f"infographic run of lines {i + 1}-{j + 1}")
                        covered[li] = True
        if self.classify:
            for d in classify_lines(lines, covered):
                if d.remove:
                    s, e = spans[d.index]
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
