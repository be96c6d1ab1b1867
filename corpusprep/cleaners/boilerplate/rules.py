"""The rule pack: boilerplate rules as data (``corpusprep/rules/*.toml``), compiled.

Rules are data: an id, a category, a pattern (Python ``re`` syntax), a scope, where in
the document it may fire, and examples that must and must not match. The engine runs
all line rules as one compiled alternation over the whole document (by definition,
:meth:`RulePack.find_reference`); :meth:`RulePack.find` gets the same matches faster by
trying a rule only on lines whose shape can match it.

>>> pack = RulePack(load_rules())
>>> [(r.id, r.category) for _, _, r in pack.find("正文。\\n请输入验证码")]
[('verification.captcha_prompt', 'verification')]
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from ...errors import RuleError
from ...steps import Context
from .line_shares import LINE_SHARES

try:
    import re._parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["SCOPES", "WHERE", "Rule", "RulePack", "load_rules"]

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
            # a whole-line rule is compiled as the pack runs it (cached: the pack reuses it)
            if d.get("scope", "line") in LINE_SCOPES:
                try:
                    line_pattern(d["pattern"])
                except re.error:
                    re.compile(d["pattern"])  # the error as the author wrote the pattern
                    raise
            else:
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
            except UnicodeDecodeError:
                raise RuleError(f"{p}: cannot read rule file: not UTF-8 text") from None
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
        self._groups = (
            ([r for r in rules if r.scope in LINE_SCOPES], _LINE_FRAME),
            ([r for r in rules if r.scope == "head"], "^(?:{})"),
            ([r for r in rules if r.scope == "tail"], "(?:{})$"),
            ([r for r in rules if r.scope == "inline"], "(?:{})"),
        )
        self._plan = _LinePlan.build(self._groups)

    @cached_property
    def _alternations(self) -> list[re.Pattern[str]]:
        """One alternation per scope (compiled on first use: only :meth:`find_reference` runs them)."""
        return [p for rs, frame in self._groups if (p := self._compile(rs, frame)) is not None]

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
        out = self._plan.find(text)
        out.sort(key=lambda x: (x[0], -x[1]))
        return out

    def find_reference(self, text: str) -> list[tuple[int, int, Rule]]:
        """What :meth:`find` gives, by definition: each scope's alternation run over the
        whole text (slow; :meth:`find` skips the lines that cannot match)."""
        out = [(m.start(), m.end(), self._rule(m))
               for pat in self._alternations
               for m in pat.finditer(text) if m.end() > m.start()]
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


class _Shape(NamedTuple):
    """What a rule pattern needs of a line: no match can hold or look at a newline
    (``local``), its width bounds, and sets of characters one of which must occur (CNF)."""

    local: bool
    min_width: int
    max_width: int
    clauses: tuple[frozenset[str], ...]
    #: characters of :data:`_PROBES` that no consuming part of the pattern can match
    excludes: frozenset[str] = frozenset()
    #: a pattern matching every character a non-empty match may begin / end with;
    #: ``None``: any character
    first: re.Pattern[str] | None = None
    last: re.Pattern[str] | None = None
    #: the pattern holds a lookahead (its clauses may lie beyond the end of a match)
    lookahead: bool = False
    #: the pattern holds a lookbehind (it may read the lines before a match)
    lookbehind: bool = False


#: frequent characters of prose; a whole-line rule that cannot consume one of them skips
#: every line holding it
_PROBES = "。，、；！？的"
_CATEGORY_RE = {"CATEGORY_DIGIT": re.compile(r"\d"), "CATEGORY_NOT_DIGIT": re.compile(r"\D"),
                "CATEGORY_SPACE": re.compile(r"\s"), "CATEGORY_NOT_SPACE": re.compile(r"\S"),
                "CATEGORY_WORD": re.compile(r"\w"), "CATEGORY_NOT_WORD": re.compile(r"\W")}
#: a character class larger than this is not used as a required-character clause
_CLAUSE_MAX = 64


def _share(chars: Iterable[str]) -> int:
    """How many lines in 10,000 of news text hold one of ``chars`` (at most; the sum of each
    character's share, :data:`.line_shares.LINE_SHARES`, a rare one counting 1)."""
    return sum(LINE_SHARES.get(c, 1) for c in chars)


def _cost(clause: frozenset[str]) -> tuple[int, int, str]:
    """How little a required set ``clause`` rules out (lower is better, for choosing
    among a rule's sets): sets whose characters occur in fewer lines of news text first,
    then smaller sets; ties broken by the characters, so the choice never depends on set
    order. Only which test runs first depends on it, never what a rule matches.

    >>> sorted(min([frozenset("。"), frozenset("摄")], key=_cost)), sorted(min([frozenset("的"), frozenset("摄影")], key=_cost))
    (['摄'], ['影', '摄'])
    """
    return (_share(clause), len(clause), "".join(sorted(clause)))


def _union_of_choices(alts: Sequence[Sequence[frozenset[str]]]) -> frozenset[str]:
    """One required set of each alternative, united (a set an alternation requires), the
    union holding characters of as few lines as can be found: each alternative in turn takes
    the set that adds least to the union so far (a character the union holds adds nothing).

    >>> sorted(_union_of_choices([[frozenset("。"), frozenset("摄")], [frozenset("。"), frozenset("供")]]))
    ['供', '摄']
    """
    union: frozenset[str] = frozenset()
    for a in alts:
        union |= min(a, key=lambda c: (_share(c - union), _cost(c)))
    return union


#: widths above this are not used to rule lines out (keeps the width table small)
_WIDTH_CAP = 4096
_NL_CATEGORIES = {"CATEGORY_NOT_DIGIT", "CATEGORY_SPACE", "CATEGORY_NOT_WORD", "CATEGORY_LINEBREAK",
                  "CATEGORY_UNI_NOT_DIGIT", "CATEGORY_UNI_SPACE", "CATEGORY_UNI_NOT_WORD",
                  "CATEGORY_UNI_LINEBREAK", "CATEGORY_LOC_NOT_WORD"}
#: flags under which the character analysis does not hold (case folding, ASCII classes, . = \n)
_OPAQUE_FLAGS = re.IGNORECASE | re.DOTALL | re.ASCII
#: lines up to this long have their rule candidates pruned by a set of their characters
_SET_MAX = 400


def _in_class(items: Any, ch: str) -> bool:
    """Whether the class ``items`` (parser nodes of ``[…]``) may match ``ch``; unknown: yes."""
    negate, hit = False, False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            hit = hit or av == ord(ch)
        elif name == "RANGE":
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif name == "CATEGORY" and str(av) in _CATEGORY_RE:
            hit = hit or _CATEGORY_RE[str(av)].match(ch) is not None
        else:
            return True  # unknown: assume it matches
    return hit != negate


def _edge(seq: Any, last: bool) -> tuple[list[tuple[Any, Any]] | None, bool]:
    """Tests one of which the first (``last``: last) consumed character passes, or ``None``
    for any; and whether ``seq`` can match without consuming anything."""
    tests: list[tuple[Any, Any]] = []
    for op, av in reversed(list(seq)) if last else seq:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            return [*tests, (op, av)], False
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # zero width
        if name == "SUBPATTERN" and not av[1] & _OPAQUE_FLAGS:
            sub, lo = [av[-1]], 1
        elif name == "ATOMIC_GROUP":
            sub, lo = [av], 1
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            sub, lo = [av[2]], av[0]
        elif name == "BRANCH":
            sub, lo = av[1], 1
        else:
            return None, False  # unknown construct: any character
        empty = False
        for alt in sub:
            inner, nullable = _edge(alt, last)
            if inner is None:
                return None, False
            tests += inner
            empty = empty or nullable
        if lo >= 1 and not empty:
            return tests, False
    return tests, True


@lru_cache(maxsize=None)
def _shape(pattern: str) -> _Shape:
    r"""Analyse ``pattern`` (already :func:`_single_line`) with the ``re`` parser.

    >>> s = _shape(_single_line(r"(?:请)?输入验证码\s*"))
    >>> s.local, s.min_width, sorted("".join(sorted(c)) for c in s.clauses)[:2]
    (True, 5, ['入', '码'])
    >>> s.first.pattern
    '请|输'
    >>> _shape(r"[^。]{2,}").local  # [^。] also matches a newline
    False
    >>> sorted(_shape("(?:日报|晚报)第1版").clauses[0])  # 报 is in every alternative
    ['报']
    >>> sorted(_shape("[^。]?。图|摄").clauses[0])  # not 。: it is in almost every line of prose
    ['图', '摄']
    """
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:  # pragma: no cover - the pattern compiled, so the parser accepts it
        return _Shape(False, 0, 0, ())
    flags = parsed.state.flags
    if flags & (_OPAQUE_FLAGS | re.VERBOSE):
        return _Shape(False, 0, 0, ())
    state = {"local": True, "lookahead": False, "lookbehind": False}

    def nl_in_class(items: Any) -> bool:
        negate, hit = False, False
        for op, av in items:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                hit = hit or av == 10
            elif name == "RANGE":
                hit = hit or av[0] <= 10 <= av[1]
            elif name == "CATEGORY":
                hit = hit or str(av) in _NL_CATEGORIES
            else:
                return True  # unknown: assume the worst
        return hit != negate

    consumable: set[str] = set()  # probe characters some consuming node can match

    def consume(op: Any, av: Any) -> None:
        name = str(op)
        for ch in _PROBES:
            if (name == "LITERAL" and av == ord(ch) or name == "NOT_LITERAL" and av != ord(ch)
                    or name == "ANY" or name == "IN" and _in_class(av, ch)):
                consumable.add(ch)

    def finite(items: Any) -> frozenset[str] | None:
        chars: set[str] = set()
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                chars.add(chr(av))
            elif name == "RANGE" and av[1] - av[0] < _CLAUSE_MAX:
                chars.update(chr(c) for c in range(av[0], av[1] + 1))
            else:
                return None
        return frozenset(chars) if len(chars) <= _CLAUSE_MAX else None

    def walk(seq: Any, required: bool, consuming: bool = True) -> list[frozenset[str]]:
        """Clauses of a sequence; checks every node for newlines on the way."""
        clauses: list[frozenset[str]] = []
        for op, av in seq:
            name = str(op)
            if consuming:
                consume(op, av)
            if name == "LITERAL":
                if av == 10:
                    state["local"] = False
                clauses.append(frozenset(chr(av)))
            elif name == "NOT_LITERAL":
                if av != 10:
                    state["local"] = False
            elif name == "ANY":
                pass  # no DOTALL (checked above): never a newline
            elif name == "IN":
                if nl_in_class(av):
                    state["local"] = False
                f = finite(av)
                if f is not None:
                    clauses.append(f)
            elif name == "SUBPATTERN":
                if av[1] & _OPAQUE_FLAGS:
                    state["local"] = False
                clauses += walk(av[-1], required, consuming)
            elif name == "ATOMIC_GROUP":
                clauses += walk(av, required, consuming)
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                inner = walk(av[2], required and av[0] >= 1, consuming)
                if av[0] >= 1:
                    clauses += inner
            elif name == "BRANCH":
                alts = [walk(alt, required, consuming) for alt in av[1]]
                if all(alts):
                    clauses.append(_union_of_choices(alts))
            elif name in ("ASSERT", "ASSERT_NOT"):
                direction, sub = av
                if direction < 0:
                    state["lookbehind"] = True
                    continue  # a lookbehind may read the line before: not required
                state["lookahead"] = True
                inner = walk(sub, required, consuming=False)
                if name == "ASSERT":
                    clauses += inner  # a lookahead reads the rest of its line
            elif name == "AT" or name == "GROUPREF":
                pass  # zero width, or a repeat of characters already checked
            elif name == "GROUPREF_EXISTS":
                walk(av[1], False, consuming)
                if av[2] is not None:
                    walk(av[2], False, consuming)
            else:
                state["local"] = False  # unknown construct: assume the worst
        return clauses

    clauses = walk(parsed, True)
    lo, hi = parsed.getwidth()
    first, last = _edge(parsed, False)[0], _edge(parsed, True)[0]
    return _Shape(state["local"], lo, hi, tuple(dict.fromkeys(clauses)),
                  frozenset(_PROBES) - frozenset(consumable),
                  _tests_re(first), _tests_re(last),
                  state["lookahead"], state["lookbehind"])


_CATEGORY_CLASS = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                   "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _tests_re(tests: Sequence[tuple[Any, Any]] | None) -> re.Pattern[str] | None:
    r"""A pattern matching the characters one of the single-character ``tests`` (parser
    nodes) may consume; ``None`` when that is any character.

    >>> print(_tests_re(_edge(_sre_parse.parse(r"[【\[]?(?:首页|\d+)"), False)[0]).pattern)
    [【\[]|首|[\d]
    """
    if tests is None:
        return None
    alts = []
    for op, av in tests:
        name = str(op)
        if name == "LITERAL":
            alts.append(re.escape(chr(av)))
        elif name == "NOT_LITERAL":
            alts.append(f"[^{re.escape(chr(av))}]")
        elif name == "ANY":
            alts.append("[^\n]")
        elif name == "IN":
            items = []
            for iop, iav in av:
                iname = str(iop)
                if iname == "NEGATE":
                    items.insert(0, "^")
                elif iname == "LITERAL":
                    items.append(re.escape(chr(iav)))
                elif iname == "RANGE":
                    items.append(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iname == "CATEGORY" and str(iav) in _CATEGORY_CLASS:
                    items.append(_CATEGORY_CLASS[str(iav)])
                else:
                    return None  # unknown: any character
            alts.append(f"[{''.join(items)}]")
        else:
            return None
    return re.compile("|".join(alts)) if alts else re.compile("(?!)")


class _EdgeMasks(dict):  # type: ignore[type-arg]
    """Character -> bit mask of the local whole-line rules whose match may begin (or end)
    with it; filled on first use of each character."""

    def __init__(self, tests: Sequence[re.Pattern[str] | None | bool]) -> None:
        super().__init__()
        #: per rule: a pattern of its characters, ``None`` (any character) or ``False`` (not a local rule)
        self.tests = tuple(tests)

    def __missing__(self, ch: str) -> int:
        mask = sum(1 << k for k, t in enumerate(self.tests)
                   if t is None or t is not False and t.match(ch) is not None)
        self[ch] = mask
        return mask


def _class_re(chars: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of ``chars``."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


class _LinePlan:
    """Match the rule pack line by line, trying on each line only the rules it can satisfy.

    Gives the matches of each scope's alternation run over the whole text
    (:meth:`RulePack.find_reference`). Whole-line rules are tried one by one in pack order,
    the alternation's order of preference. A rule that can neither match nor look at a
    newline (``local``) matches the whole line, so it is tried only when the line's first
    and last characters can begin and end a match, its length fits the rule's width, it
    holds a character of each of the rule's required sets and none of the frequent prose
    characters the rule cannot consume. A rule that can cross a line break is tried at
    every line start where a character of its required set occurs within its maximum
    width. The other scopes look only at lines holding one of their required characters
    (found by one search over the text), or run over the whole text if not all local.

    What the local rules without a lookbehind (``pure``) decide on a line depends on the
    line alone (inside a text, with a newline after it), so it is remembered by the line's
    text: a site's repeated lines, and the boilerplate step's later passes over a text with
    some lines gone, are decided once.
    """

    def __init__(self, line: list[tuple[re.Pattern[str], Rule, _Shape]],
                 others: list[tuple[re.Pattern[str], list[tuple[Rule, _Shape]], bool, bool, bool]]) -> None:
        self.line = line
        shapes = [sh for _, _, sh in line]
        self.first = _EdgeMasks([sh.first if sh.local else False for sh in shapes])
        self.last = _EdgeMasks([sh.last if sh.local else False for sh in shapes])
        # per local rule: its smallest required set (the key), looked up by character on
        # short lines (bit k = rule k), and a pattern per other required set
        self.by_char: dict[str, int] = {}
        self.keyless = 0
        self.clauses: list[tuple[re.Pattern[str], ...]] = []
        for k, sh in enumerate(shapes):
            key = min(sh.clauses, key=_cost) if sh.local and sh.clauses else None
            if key is None:
                self.keyless |= 1 << k
            for c in key or ():
                self.by_char[c] = self.by_char.get(c, 0) | 1 << k
            self.clauses.append(tuple(_class_re(c) for c in sorted(sh.clauses, key=_cost)) if sh.local else ())
        self.keys = frozenset(self.by_char)
        #: local rules whose verdict on a line depends on the line alone, and the others
        self.pure = sum(1 << k for k, sh in enumerate(shapes) if sh.local and not sh.lookbehind)
        self.impure = sum(1 << k for k, sh in enumerate(shapes) if sh.local and sh.lookbehind)
        #: line -> (the first pure rule matching it, or -1; the match's length)
        self.memo: dict[str, tuple[int, int]] = {}
        # rules that may cross a line break: (index, pattern matching a required character
        # or None, the width within which it must occur)
        self.crossing = [
            (k, _class_re(min(sh.clauses, key=_cost)), sh.max_width)
            if sh.clauses and not sh.lookahead and sh.max_width < _WIDTH_CAP else (k, None, 0)
            for k, sh in enumerate(shapes) if not sh.local
        ]
        # (probe character, the whole-line rules that cannot match a line holding it)
        self.excluded = [(ch, m) for ch in _PROBES
                         if (m := sum(1 << k for k, sh in enumerate(shapes) if sh.local and ch in sh.excludes))]
        # local rules whose width admits a line of length n: fits[min(n, cap)]; the last
        # entry stands for every length from cap on, so it only rules out by the maximum
        widths = [w for sh in shapes if sh.local for w in (sh.min_width, sh.max_width) if w < _WIDTH_CAP]
        cap = max(widths, default=0) + 1
        self.fits = [sum(1 << k for k, sh in enumerate(shapes)
                         if sh.local and (sh.min_width <= n or n == cap) and (n <= sh.max_width or sh.max_width >= _WIDTH_CAP))
                     for n in range(cap + 1)]
        # the other scopes: (pattern, rules, anchored at line start, all rules local,
        # pattern matching a character one of which every match holds, or None; for a
        # scope anchored at the line end, the characters a match may end with)
        self.others = [(pat, rules, anchored, local,
                        _class_re(frozenset().union(*(min(sh.clauses, key=_cost) for _, sh in rules)))
                        if all(sh.clauses for _, sh in rules) else None,
                        _EdgeMasks([sh.last for _, sh in rules]) if tail else None)
                       for pat, rules, anchored, tail, local in others]

    @classmethod
    def build(cls, groups: Sequence[tuple[list[Rule], str]]) -> _LinePlan:
        (line_rules, _), *rest = groups  # the whole-line rules, framed as line_pattern frames them
        line = [(line_pattern(r.pattern), r, _shape(_single_line(r.pattern))) for r in line_rules]
        others = []
        for rules, frame in rest:
            if rules:
                pat = re.compile(frame.format("|".join(f"(?P<r{k}>{_single_line(r.pattern)})"
                                                      for k, r in enumerate(rules))), re.MULTILINE)
                shaped = [(r, _shape(_single_line(r.pattern))) for r in rules]
                others.append((pat, shaped, frame.startswith("^"), frame.endswith("$"),
                               all(sh.local for _, sh in shaped)))
        return cls(line, others)

    def find(self, text: str) -> list[tuple[int, int, Rule]]:
        found = self._find_lines(text)
        for pat, rules, anchored, local, key, ends in self.others:
            if key is not None and key.search(text) is None:
                continue  # no line of this document can hold a match
            if not local:
                found += [(m.start(), m.end(), rules[int(m.lastgroup[1:])][0])  # type: ignore[index]
                          for m in pat.finditer(text) if m.end() > m.start()]
                continue
            for a, b in _lines_holding(text, key):
                if ends is not None and not ends[text[b - 1]]:
                    continue  # a match ends the line with a character it cannot end with
                if anchored:
                    m = pat.match(text, a, b + 1)
                    if m is not None and m.end() > m.start():
                        found.append((a, m.end(), rules[int(m.lastgroup[1:])][0]))  # type: ignore[index]
                    continue
                for m in pat.finditer(text, a, b + 1):
                    if m.end() > m.start():
                        found.append((m.start(), m.end(), rules[int(m.lastgroup[1:])][0]))  # type: ignore[index]
        return found

    def _find_lines(self, text: str) -> list[tuple[int, int, Rule]]:
        """Matches of the whole-line rules, in text order."""
        found: list[tuple[int, int, Rule]] = []
        line, clauses, crossing, memo, impure = self.line, self.clauses, self.crossing, self.memo, self.impure
        first = self.first
        # per crossing rule: [bit, key, width, where the next key character at or after
        # the line start is (-1: not looked yet, sys.maxsize: none left)]
        cross = [[1 << k, key, width, -1] for k, key, width in crossing]
        pos = 0
        skip_until = 0  # the last match ends here (a crossing rule may span lines)
        size = len(text)
        for s in text.split("\n"):
            a = pos
            n = len(s)
            pos += n + 1
            if a < skip_until:
                continue
            live = 0  # candidates decided here: crossing rules, local rules with a lookbehind
            for c in cross:  # key.search(text, a, a + width), one search per key character
                if c[1] is not None and c[3] < a:
                    m = c[1].search(text, a)
                    c[3] = sys.maxsize if m is None else m.start()
                if c[1] is None or c[3] < a + c[2]:
                    live |= c[0]
            pure, width = -1, 0
            if n:
                if impure & first[s[0]]:  # a line no such rule can begin costs one lookup
                    live |= self._local_candidates(s, impure, by_set=False)
                if a and pos <= size and n <= _MEMO_LINE_MAX:  # a newline before and after it
                    got = memo.get(s)
                    if got is None:
                        if len(memo) >= _MEMO_MAX:
                            memo.clear()
                        got = memo[s] = self._first_pure(text, a, s)
                    pure, width = got
                else:
                    pure, width = self._first_pure(text, a, s)
            # the rules are tried in pack order: live ones before the first pure one that matches
            while live:
                low = live & -live
                k = low.bit_length() - 1
                if 0 <= pure < k:
                    break
                live ^= low
                pat, rule, shape = line[k]
                m = None
                if not shape.local:
                    m = pat.match(text, a)
                elif all(c.search(s) is not None for c in clauses[k]):
                    m = pat.match(text, a, a + n + 1)
                if m is not None and m.end() > a:
                    found.append((a, m.end(), rule))
                    skip_until = m.end()
                    pure = -1  # an earlier rule took the line
                    break
            if pure >= 0:
                found.append((a, a + width, line[pure][1]))
                skip_until = a + width
        return found

    def _local_candidates(self, s: str, mask: int, by_set: bool = True) -> int:
        """The local rules among ``mask`` that may match the whole line ``s`` (non-empty).

        ``by_set``: also prune by the set of the line's characters against the rules' key
        sets (worth it for many rules; for a few, their required sets are searched anyway
        before their patterns run).
        """
        n = len(s)
        cand = self.first[s[0]] & self.last[s[-1]] & self.fits[min(n, len(self.fits) - 1)] & mask
        if not cand:
            return 0
        for ch, excl in self.excluded:
            if cand & excl and ch in s:
                cand &= ~excl
        if cand and by_set and n <= _SET_MAX:  # a set of a line prunes many rules at once
            have = self.keyless
            by_char = self.by_char
            for ch in self.keys.intersection(s):
                have |= by_char[ch]
            cand &= have
        return cand

    def _first_pure(self, text: str, a: int, s: str) -> tuple[int, int]:
        """The first local rule without a lookbehind matching the line ``s`` (at ``a`` in
        ``text``) whole, and the match's length; ``(-1, 0)`` if none."""
        cand = self._local_candidates(s, self.pure)
        end = a + len(s) + 1
        while cand:
            low = cand & -cand
            cand ^= low
            k = low.bit_length() - 1
            if all(c.search(s) is not None for c in self.clauses[k]):  # the required characters
                m = self.line[k][0].match(text, a, end)
                if m is not None and m.end() > a:
                    return k, m.end() - a
        return -1, 0


#: lines longer than this are not remembered (nor are more than _MEMO_MAX lines at once)
_MEMO_LINE_MAX = 400
_MEMO_MAX = 50_000


def _lines_holding(text: str, key: re.Pattern[str] | None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` (end without the newline) of each non-empty line holding a match of
    ``key``; of every non-empty line if ``key`` is ``None``."""
    if key is None:
        pos = 0
        for s in text.split("\n"):
            if s:
                yield pos, pos + len(s)
            pos += len(s) + 1
        return
    m = key.search(text)
    while m is not None:
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.start())
        b = len(text) if b < 0 else b
        yield a, b
        m = key.search(text, b + 1)


#: the scopes whose rules match whole lines, and how the pack frames each of their patterns
LINE_SCOPES = ("line", "block", "rest")
_LINE_FRAME = "^(?:{})$"


@lru_cache(maxsize=None)
def line_pattern(pattern: str) -> re.Pattern[str]:
    r"""A whole-line rule's ``pattern`` compiled as the pack runs it: within one line
    (:func:`_single_line`), anchored at its start and end. Cached, so that loading a rule
    (which compiles it to check it) and building the pack compile it once: compiling the
    pack's patterns is most of building the default pipeline.

    >>> line_pattern(r"责任编辑\s*：\S+").match("正文。\n责任编辑：王某\n", 4) is not None
    True
    """
    return re.compile(_LINE_FRAME.format(_single_line(pattern)), re.MULTILINE)


@lru_cache(maxsize=None)
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
    from ..punctuation import NormalizePunctuation
    from ..script import to_simplified

    return NormalizePunctuation().fold(to_simplified(example), Context("example"))

