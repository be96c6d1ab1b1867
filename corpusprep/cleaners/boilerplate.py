"""Boilerplate removal driven by the rule pack in ``corpusprep/rules/*.toml``.

Rules are data: an id, a category, a pattern (Python ``re`` syntax), a scope, where in
the document it may fire, and examples that must and must not match. The engine runs
all line rules as one compiled alternation over the whole document.

Scopes:
- ``line``: the pattern matches a whole line; the line (with its newline) is removed.
- ``head`` / ``tail``: the pattern matches the leading / trailing part of a line; only
  that part is removed.
- ``block``: the pattern matches a header line; the header and the teaser lines under it
  (short, or cut off with ``...``) are removed together.

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

SCOPES = ("line", "head", "tail", "block")
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
            no_match=tuple(d.get("no_match", ())), origin=origin,
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
        self._line = self._compile([r for r in rules if r.scope in ("line", "block")], "^(?:{})$")
        self._head = self._compile([r for r in rules if r.scope == "head"], "^(?:{})")
        self._tail = self._compile([r for r in rules if r.scope == "tail"], "(?:{})$")

    def _compile(self, rules: list[Rule], frame: str) -> re.Pattern[str] | None:
        if not rules:
            return None
        alts = []
        for r in rules:
            g = f"r{len(self._by_group)}"
            self._by_group[g] = r
            alts.append(f"(?P<{g}>{r.pattern})")
        return re.compile(frame.format("|".join(alts)), re.MULTILINE)

    def _rule(self, m: re.Match[str]) -> Rule:
        return self._by_group[m.lastgroup or ""]

    def find(self, text: str) -> list[tuple[int, int, Rule]]:
        """Matches ``(start, end, rule)`` in ``text``, before position filters and blocks."""
        out = []
        for pat in (self._line, self._head, self._tail):
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


def _normalize(example: str) -> str:
    from .punctuation import NormalizePunctuation
    from .script import to_simplified

    return NormalizePunctuation().fold(to_simplified(example), Context("example"))


_BLOCK_ITEM_MAX = 40
_TERMINAL = "。！？!?”’"


def _is_teaser(line: str) -> bool:
    s = line.strip()
    return (
        not s
        or len(s) <= _BLOCK_ITEM_MAX and not s.endswith(tuple(_TERMINAL))
        or s.endswith(("...", "…", "……"))
    )


class RemoveBoilerplate(EditStep):
    """Remove lines and line parts that rules of the pack match."""

    name = "boilerplate"
    version = "1"

    def __init__(self, rules: Sequence[Rule] | None = None, *, edge_lines: int = 8) -> None:
        self.pack = RulePack(load_rules() if rules is None else rules, edge_lines=edge_lines)

    def config(self) -> dict[str, Any]:
        return {
            "edge_lines": self.pack.edge_lines,
            "rules": [[r.id, r.pattern, r.scope, r.where] for r in self.pack.rules],
        }

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        matches = self.pack.find(text)
        if not matches:
            return []
        line_starts = [m.start() for m in re.finditer(r"^(?=.)", text, re.MULTILINE)]
        n_lines = len(line_starts)
        edge = self.pack.edge_lines
        out: list[Edit] = []
        taken_until = 0
        for s, e, rule in matches:
            if s < taken_until:
                continue
            k = bisect.bisect_right(line_starts, s) - 1
            if rule.where == "head" and k >= edge or rule.where == "tail" and k < n_lines - edge:
                continue
            if rule.scope in ("line", "block"):
                if e < len(text) and text[e] == "\n":
                    e += 1
                if rule.scope == "block":
                    e = self._block_end(text, e)
            out.append(Edit(s, e, text[s:e], "", rule.id, rule.category))
            taken_until = e
        return out

    @staticmethod
    def _block_end(text: str, pos: int) -> int:
        while pos < len(text):
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl + 1
            if not _is_teaser(text[pos:end]):
                break
            pos = end
        return pos
