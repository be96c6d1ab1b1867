"""Encoding repair: mojibake that survived decoding.

Why: scraped pages were often decoded with the wrong codec, or in chunks that cut a
double-byte character in two. Two families of damage reach us:

- *UTF-8 read as Latin-1/cp1252* (``ä¸\\xadæ\\x96\\x87`` for ``中文``). ftfy repairs it,
  with a CJK-safe configuration: no width folding and no quote uncurling (both corrupt
  Chinese punctuation), no line-break or control-character changes (the whitespace step
  records those). ftfy is slow on Chinese text (~1 MB/s), so it only sees the lines that
  hold a character its fixes can act on (:data:`~.chardata.FTFY_GATE_RE`); the output is
  identical to running it on everything.
- *GBK/Big5 damage ftfy does not handle*: a lead byte lost at a chunk boundary, after which
  the decoder reads the bytes one out of step until an ASCII byte re-aligns it
  (``顯著?,F場`` for ``顯著。現場``: ``?`` + ``，`` (A3AC, later folded to ASCII) + ``F``);
  ``锟斤拷`` (U+FFFD encoded as UTF-8, read as GBK); ``烫烫烫``/``屯屯屯`` (uninitialised
  memory); U+FFFD runs; a ``?`` standing for a lost character. Every such run is flagged
  (``mojibake`` or ``lost_character``, with its span). A misaligned run is repaired when
  exactly one codec re-aligns it into common characters; the lost lead byte's character is
  inferred only when exactly one candidate is common punctuation.

>>> from corpusprep.steps import Context
>>> ctx = Context("t")
>>> RepairEncoding().apply("ä¸\\xadæ\\x96\\x87新闻", ctx).text
'中文新闻'
>>> RepairEncoding().apply("質詢效果顯著?,F場還組織了", ctx).text
'質詢效果顯著。現場還組織了'
>>> ctx.flags["mojibake"]
1
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import ftfy
import ftfy.badness

try:  # the regex parser (sre_parse before Python 3.11)
    import re._constants as _sre
    import re._parser as _parser
except ImportError:  # pragma: no cover
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

from ..document import Edit, apply_edits
from ..errors import ConfigError
from ..steps import Context, EditStep
from .chardata import (
    COMMON_PUNCT,
    FTFY_GATE_RE,
    FULL_WIDTH_ASCII,
    HAN,
    HAN_RE,
    HTML_ENTITY_RE,
    has_question_word,
    is_common_char,
    is_question_mark,
)

__all__ = ["CODECS", "RepairEncoding", "fix_text_gated"]

#: double-byte codecs whose misaligned residue can be re-aligned
CODECS = ("gbk", "big5")

#: ftfy's configuration: CJK-safe, and leaving line breaks/controls to the whitespace step
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html="auto",
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

# Residue ftfy cannot repair. ``?`` is looked at separately (it is often a real question).
_RESIDUE_RE = re.compile(
    r"(?=[锟烫屯燙\ufffd?？])"  # a one-character prefix lets the scan skip clean text fast
    r"(?:(?P<kunkun>(?:锟斤拷)+(?:锟斤?)?|(?:锟斤拷)*锟斤)"
    r"|(?P<tang>烫{3,}|屯{3,}|燙{3,})"
    r"|(?P<fffd>\ufffd+)"
    r"|(?P<q>[?？]+))"
)
# Misaligned double-byte residue after a lost lead byte: ``?``, then what the decoder made
# of the out-of-step pairs (non-ASCII, or ASCII punctuation a scraper folded from
# full-width), then the ASCII byte that re-aligned it, then Han text again.
_MISALIGNED_RE = re.compile(
    rf"\?((?:[^\x00-\x7f\s]|[!-/:-?\[-`{{-~]){{0,12}}?)([@-~])(?=[{HAN}])"
)


class _Config(NamedTuple):
    ftfy: bool
    gate: bool
    realign: bool
    infer_punctuation: bool
    codecs: tuple[str, ...]


def _segments(text: str, max_len: int) -> Any:
    """ftfy's segments: lines (keeping ``\\n``), cut at ``max_len``."""
    pos = 0
    n = len(text)
    while pos < n:
        brk = text.find("\n", pos) + 1 or n
        if brk - pos > max_len:
            brk = pos + max_len
        yield pos, brk
        pos = brk


def _gated_segments(text: str, max_len: int) -> Any:
    """The :func:`_segments` that hold a character of :data:`FTFY_GATE_RE` (a one-character
    class), found with one search per such segment instead of one per segment."""
    pos = 0
    while (m := FTFY_GATE_RE.search(text, pos)) is not None:
        p = m.start()
        line = text.rfind("\n", 0, p) + 1
        a = line + (p - line) // max_len * max_len
        b = min(a + max_len, text.find("\n", p) + 1 or len(text))
        yield a, b
        pos = b


#: ftfy version whose fixers :func:`_ftfy_fine_gate` knows
_FTFY_VERSION = "6.3.1"
# What each enabled fixer other than fix_encoding needs to change anything (ftfy 6.3.1):
# unescape_html an "&", remove_terminal_escapes an ESC, fix_c1_controls a C1 control,
# fix_surrogates a surrogate.
_FTFY_TRIGGERS = "&\x1b\x80-\x9f\ud800-\udfff"


def _item_chars(op: Any, av: Any) -> frozenset[str] | None:
    """The characters one parsed regex item matches, if it is a plain character or class."""
    if op is _sre.LITERAL:
        return frozenset(chr(av))
    if op is not _sre.IN:
        return None
    out: set[str] = set()
    for kind, val in av:
        if kind is _sre.LITERAL:
            out.add(chr(val))
        elif kind is _sre.RANGE:
            out.update(map(chr, range(val[0], val[1] + 1)))
        else:
            return None  # a category or negation: not a finite set
    return frozenset(out)


def _witnesses(pattern: re.Pattern[str]) -> tuple[set[str], set[str], set[str]] | None:
    """``(single, first, second)`` such that every match of ``pattern`` (an alternation of
    sequences) holds a character of ``single``, or one of ``first`` directly followed by one
    of ``second``, all non-ASCII; ``None`` where some alternative has no such witness."""
    if pattern.flags & re.IGNORECASE:
        return None
    tree = _parser.parse(pattern.pattern, pattern.flags).data
    if len(tree) == 1 and tree[0][0] is _sre.BRANCH:
        alternatives = [alt.data for alt in tree[0][1][1]]
    else:
        alternatives = [tree]
    single: set[str] = set()
    first: set[str] = set()
    second: set[str] = set()
    for items in alternatives:
        # the characters of each mandatory one-character item, None for anything else;
        # anchors are zero-width, so their neighbours stay adjacent
        seq = [_item_chars(op, av) for op, av in items if op is not _sre.AT]
        wide = [cs if cs and min(cs) >= "\x80" else None for cs in seq]
        pair = next(((a, b) for a, b in zip(wide, wide[1:]) if a and b), None)
        if pair is not None:
            first |= pair[0]
            second |= pair[1]
        elif any(wide):
            single |= next(cs for cs in wide if cs)
        else:
            return None
    return single, first, second


@functools.cache
def _ftfy_fine_gate() -> re.Pattern[str] | None:
    """A segment ftfy (with :data:`FTFY_CONFIG`) can change matches this: it holds a
    character one of the other fixers acts on, or ftfy's mojibake test
    (``badness.is_bad``, which ``fix_encoding`` needs) can match, judged by the witnesses
    of its regex (:func:`_witnesses`). ``None`` (no fine gate) under another ftfy version."""
    if ftfy.__version__ != _FTFY_VERSION:
        return None
    found = _witnesses(ftfy.badness.BADNESS_RE)
    if found is None:
        return None
    single, first, second = ("".join(sorted(cs)) for cs in found)
    pair = f"|[{re.escape(first)}][{re.escape(second)}]" if first else ""
    return re.compile(f"[{_FTFY_TRIGGERS}{re.escape(single)}]{pair}")


#: references left for the markup rules or the text as they stand: < and > (decoded, they
#: would read as tags) and the non-breaking space (the markup rules take it as markup)
_KEPT_ENTITIES = frozenset({"<", ">", "\xa0"})


def _unescape_safe(m: re.Match[str]) -> str:
    """An entity in a text that holds HTML tags, decoded unless it is one of :data:`_KEPT_ENTITIES`
    or a control character
    (ftfy decodes none there: ``&#183;`` stayed and the punctuation step made ``&#183；`` of it).

    >>> HTML_ENTITY_RE.sub(_unescape_safe, "拉里&#183;戴蒙德 &quot;说&quot; a &lt; b &amp; &nbsp; &bogus;")
    '拉里·戴蒙德 "说" a &lt; b & &nbsp; &bogus;'
    """
    out = html.unescape(m.group())
    return m.group() if out in _KEPT_ENTITIES or not out.isprintable() else out


def _ftfy_edits(text: str, gate: bool) -> list[Edit]:
    """ftfy's changes as edits; with ``gate``, skip segments it provably leaves alone."""
    max_len = FTFY_CONFIG.max_decode_length
    segments = _gated_segments(text, max_len) if gate else _segments(text, max_len)
    fine = _ftfy_fine_gate() if gate else None
    first_lt = text.find("<")
    out = []
    for a, b in segments:
        seg = text[a:b]
        if fine is not None and not fine.search(seg):
            continue  # ftfy provably leaves it alone
        # ftfy turns HTML unescaping off for good once a segment holds "<"
        cfg = FTFY_CONFIG
        in_html = first_lt != -1 and first_lt < b
        if in_html:
            cfg = cfg._replace(unescape_html=False)
        fixed, plan = ftfy.fix_and_explain(seg, cfg)
        entities = False
        if in_html and "&" in fixed:  # entities that cannot make markup are text all the same
            unescaped = HTML_ENTITY_RE.sub(_unescape_safe, fixed)
            entities = unescaped != fixed
            fixed = unescaped
        if fixed == seg:
            continue
        # trim the common prefix and suffix so the edit is as tight as possible
        p = 0
        m = min(len(seg), len(fixed))
        while p < m and seg[p] == fixed[p]:
            p += 1
        s = 0
        while s < m - p and seg[-1 - s] == fixed[-1 - s]:
            s += 1
        note = ", ".join([f"{step.action} {step.parameter}" for step in plan or ()]
                         + (["unescape_html (entities that make no markup)"] if entities else []))
        out.append(Edit(a + p, b - s, seg[p : len(seg) - s], fixed[p : len(fixed) - s],
                        "encoding.ftfy", "encoding", note))
    return out


def fix_text_gated(text: str, *, gate: bool = True) -> str:
    """ftfy with corpusprep's configuration; the gate skips lines it would leave alone.

    ``fix_text_gated(t) == fix_text_gated(t, gate=False) == ftfy.fix_text(t, FTFY_CONFIG)``.

    >>> fix_text_gated("ä¸\\xadæ\\x96\\x87\\n国际")
    '中文\\n国际'
    """
    return apply_edits(text, _ftfy_edits(text, gate))


def _realign(s: str, resync: str, codec: str) -> tuple[int, str] | None:
    """Re-align a misaligned run. Returns (trail byte of the lost character, the
    characters after it), or None if the bytes do not decode into common characters."""
    buf = bytearray()
    for ch in s:
        try:
            b = ch.translate(FULL_WIDTH_ASCII).encode(codec)
        except UnicodeEncodeError:
            return None
        if len(b) != 2:
            return None
        buf += b
    buf.append(ord(resync))
    trail = buf[0]
    if trail < 0x40:
        return None
    try:
        tail = bytes(buf[1:]).decode(codec)
    except UnicodeDecodeError:
        return None
    if len(tail) * 2 != len(buf) - 1 or not all(HAN_RE.match(c) and is_common_char(c) for c in tail):
        return None
    return trail, tail


@functools.cache
def _lead_candidates(trail: int, codec: str) -> tuple[str, ...]:
    """Common punctuation a lost lead byte could have formed with ``trail``."""
    out = []
    for lead in range(0x81, 0xFF):
        try:
            c = bytes((lead, trail)).decode(codec)
        except UnicodeDecodeError:
            continue
        if c in COMMON_PUNCT:
            out.append(c)
    return tuple(out)


class RepairEncoding(EditStep):
    """Repair mojibake (ftfy, GBK/Big5 re-alignment) and flag the residue it can't fix.

    Options (frozen at construction):

    - ``ftfy``: run ftfy's UTF-8/Latin-1/cp1252 repair;
    - ``gate``: only hand ftfy the lines it could change (same output, much faster);
    - ``realign``: repair misaligned GBK/Big5 runs when unambiguous;
    - ``infer_punctuation``: restore the lost lead byte's character when exactly one common
      punctuation mark fits its surviving trail byte (punctuation is far more frequent than
      any single Han candidate); otherwise the ``?`` stays, flagged;
    - ``codecs``: the double-byte codecs to try, a subset of :data:`CODECS`.
    """

    name = "encoding"
    version = "4"

    def __init__(
        self,
        *,
        ftfy: bool = True,
        gate: bool = True,
        realign: bool = True,
        infer_punctuation: bool = True,
        codecs: Sequence[str] = CODECS,
    ) -> None:
        for key, val in (("ftfy", ftfy), ("gate", gate), ("realign", realign),
                         ("infer_punctuation", infer_punctuation)):
            if not isinstance(val, bool):
                raise ConfigError(f"RepairEncoding: {key} must be True or False, got {val!r}")
        if isinstance(codecs, str) or not set(codecs) <= set(CODECS) or not codecs and realign:
            raise ConfigError(
                f"RepairEncoding: codecs must be a non-empty sequence drawn from {CODECS}, got {codecs!r}"
            )
        self._cfg = _Config(ftfy, gate, realign, infer_punctuation, tuple(codecs))

    def config(self) -> dict[str, Any]:
        return {**self._cfg._asdict(), "codecs": list(self._cfg.codecs), "ftfy_version": ftfy.__version__}

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        cfg = self._cfg
        first = _ftfy_edits(text, cfg.gate) if cfg.ftfy else []
        if not first:
            return self._residue(text, ctx)
        # look for residue in the repaired text, then express both in input coordinates
        mid = apply_edits(text, first)
        local = Context(ctx.uri)
        second = self._residue(mid, local)
        for k, v in local.flags.items():
            ctx.flag(k, v)
        back = _Back(first)
        for a, b, name in local.marks:
            ctx.marks.append((*back.span(a, b), name))
        return _compose(text, first, second)

    def _residue(self, text: str, ctx: Context) -> list[Edit]:
        out: list[Edit] = []
        for m in _RESIDUE_RE.finditer(text):
            if out and m.start() < out[-1].end:
                continue  # inside the misaligned run just repaired (its own '?' are part of it)
            if m.lastgroup != "q":
                ctx.flag("mojibake", span=m.span())
                continue
            a, b = m.span()
            before = text[a - 1] if a else ""
            after = text[b] if b < len(text) else ""
            if after == "(":
                continue  # a lost character whose pinyin survived: the pinyin step's
            if m.group() == "?" and before and HAN_RE.match(before):
                mis = _MISALIGNED_RE.match(text, a)
                if mis and not has_question_word(text, a):
                    ctx.flag("mojibake", span=mis.span())
                    edit = self._repair(mis) if self._cfg.realign else None
                    if edit is not None:
                        out.append(edit)
                    continue
            sandwiched = bool(before and after and HAN_RE.match(before) and HAN_RE.match(after))
            if b - a > 1 and (HAN_RE.match(before or " ") or HAN_RE.match(after or " ")):
                ctx.flag("lost_character", span=(a, b))
            elif sandwiched and not is_question_mark(text, a):
                ctx.flag("lost_character", span=(a, b))
        return out

    def _repair(self, m: re.Match[str]) -> Edit | None:
        s, resync = m.group(1), m.group(2)
        found = []
        for codec in self._cfg.codecs:
            r = _realign(s, resync, codec)
            if r is not None:
                found.append((codec, *r))
        if len(found) != 1:
            return None  # no codec, or more than one, explains the run
        codec, trail, tail = found[0]
        lead = _lead_candidates(trail, codec) if self._cfg.infer_punctuation else []
        if len(lead) == 1:
            new = lead[0] + tail
            note = f"lost lead byte before trail 0x{trail:02X}: {lead[0]} (only punctuation candidate)"
        else:
            if not tail:
                return None
            new = "?" + tail
            note = f"lost lead byte before trail 0x{trail:02X}: unknown, '?' kept"
        return Edit(m.start(), m.end(), m.group(), new, f"encoding.{codec}_realign", "encoding", note)


class _Back:
    """Map spans of ``apply(text, edits)`` back to ``text`` (edited stretches whole)."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = edits

    def pos(self, p: int, end: bool) -> int:
        shift = 0
        for e in self.edits:
            o0 = e.start + shift
            o1 = o0 + len(e.new)
            if p < o0 or (p == o0 and end):
                break
            if p < o1 or (p == o1 and end):
                return e.end if end else e.start
            shift += len(e.new) - (e.end - e.start)
        return p - shift

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.pos(a, False), max(self.pos(a, False), self.pos(b, True))


def _compose(text: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """Edits over ``text`` equivalent to applying ``first``, then ``second``."""
    if not second:
        return list(first)
    mid = apply_edits(text, first)
    back = _Back(first)
    # group overlapping/touching edits of the two layers, in input coordinates
    spans = [(e.start, e.end, 0, e) for e in first]
    for e in second:
        a, b = back.span(e.start, e.end)
        spans.append((a, b, 1, e))
    spans.sort(key=lambda x: (x[0], x[1]))
    groups: list[list[tuple[int, int, int, Edit]]] = []
    for sp in spans:
        if groups and sp[0] < max(g[1] for g in groups[-1]):
            groups[-1].append(sp)
        else:
            groups.append([sp])
    out = []
    for g in groups:
        if len(g) == 1 and g[0][2] == 0:
            out.append(g[0][3])
            continue
        a = min(x[0] for x in g)
        b = max(x[1] for x in g)
        # the output of [a, b): apply first's edits inside, then second's inside
        sub_first = [Edit(e.start - a, e.end - a, e.old, e.new, e.reason, e.category, e.note)
                     for e in first if a <= e.start and e.end <= b]
        mid_piece = apply_edits(text[a:b], sub_first)
        ma = a + sum(len(e.new) - (e.end - e.start) for e in first if e.end <= a)
        sub_second = [Edit(e.start - ma, e.end - ma, e.old, e.new, e.reason, e.category, e.note)
                      for e in second if ma <= e.start and e.end <= ma + len(mid_piece)]
        assert mid[ma : ma + len(mid_piece)] == mid_piece
        new = apply_edits(mid_piece, sub_second)
        main = next((x[3] for x in g if x[2] == 1), g[0][3])
        out.append(Edit(a, b, text[a:b], new, main.reason, main.category, main.note))
    return out
