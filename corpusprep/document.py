"""The document model: edits, spans, removals and the offset map back to the source.

Every length-changing change a cleaner makes is an :class:`Edit` over the text it was
given. The pipeline composes the edits of all steps into one :class:`OffsetMap`, which
maps any stretch of the cleaned text back to code-point offsets in the decoded source.

>>> text = "责任编辑:王某\\n正文。"
>>> edits = [Edit(0, 8, "责任编辑:王某\\n", "", "editor.credit", "editor")]
>>> out = apply_edits(text, edits)
>>> out
'正文。'
>>> OffsetMap.identity(len(text)).compose(text, edits).source_span(0, len(out))
(8, 11)
>>> revert_edits(out, edits) == text
True
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from itertools import compress
from operator import lt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import OffsetError

if TYPE_CHECKING:
    from .io.html import DomLine

__all__ = [
    "Document",
    "Edit",
    "OffsetMap",
    "Removal",
    "Source",
    "Span",
    "apply_edits",
    "revert_edits",
]


class Edit(NamedTuple):
    """Replace ``old`` (= ``text[start:end]``) by ``new``, for a stated reason.

    ``reason`` is a stable rule id (``"pinyin.tone_marked"``); ``category`` is the family it
    belongs to (``"pinyin"``, ``"verification"``, ``"whitespace"`` ...).
    """

    start: int
    end: int
    old: str
    new: str
    reason: str
    category: str = ""
    note: str = ""


class Span(NamedTuple):
    """A unit of cleaned text and where it came from.

    ``src_start``/``src_end`` are half-open code-point offsets into the decoded source;
    ``start``/``end`` are offsets into the cleaned document text.
    """

    text: str
    src_start: int
    src_end: int
    start: int = 0
    end: int = 0


class Removal(NamedTuple):
    """An audit row: a stretch of source text that was removed or replaced, and why.

    ``replacement`` is what now stands in its place ("" for a plain removal);
    ``note`` carries rule-specific detail, such as the paragraph a duplicate repeats.
    """

    src_start: int
    src_end: int
    text: str
    rule: str
    category: str
    replacement: str = ""
    note: str = ""


def _check_edits(text: str, edits: Sequence[Edit]) -> None:
    prev_end = 0
    for e in edits:
        if not (prev_end <= e.start <= e.end <= len(text)):
            raise OffsetError(
                f"edit {e.reason!r} at [{e.start}, {e.end}) overlaps the previous edit or runs "
                f"past the text (length {len(text)}, previous edit ends at {prev_end})"
            )
        if text[e.start : e.end] != e.old:
            raise OffsetError(
                f"edit {e.reason!r} at [{e.start}, {e.end}) claims to replace {e.old!r} "
                f"but the text there is {text[e.start:e.end]!r}"
            )
        prev_end = e.end


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text``.

    >>> apply_edits("轉(zhuǎn)鴻鈞", [Edit(1, 8, "(zhuǎn)", "", "pinyin.tone_marked")])
    '轉鴻鈞'
    """
    _check_edits(text, edits)
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.new)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def revert_edits(text: str, edits: Sequence[Edit]) -> str:
    """Undo :func:`apply_edits`: ``revert_edits(apply_edits(x, es), es) == x``.

    >>> revert_edits("轉鴻鈞", [Edit(1, 8, "(zhuǎn)", "", "pinyin.tone_marked")])
    '轉(zhuǎn)鴻鈞'
    """
    parts: list[str] = []
    pos = 0  # position in the edited text
    prev_end = 0  # position in the original text
    for e in edits:
        keep = e.start - prev_end
        parts.append(text[pos : pos + keep])
        pos += keep
        if text[pos : pos + len(e.new)] != e.new:
            raise OffsetError(f"edit {e.reason!r} does not match the edited text at {pos}")
        parts.append(e.old)
        pos += len(e.new)
        prev_end = e.end
    parts.append(text[pos:])
    return "".join(parts)


# A segment maps output [o0, o1) to source [s0, s1). Identity segments (why is None) have
# equal lengths and map character by character; the others are the composed edits.
_Why = tuple[str, str, str]  # (reason, category, note)
#: which earlier deletions inside a later edit keep their own records (OffsetMap._expand)
_KEEP_NONE, _KEEP_LINES, _KEEP_ALL = 0, 1, 2


class OffsetMap:
    """Sorted breakpoints from output offsets to source offsets.

    Segments tile both the output and the source in order. Mapping a span is two binary
    searches. :meth:`compose` folds in the edits of one more step.

    >>> m = OffsetMap.identity(6).compose("12ab56", [Edit(2, 4, "ab", "", "x")])
    >>> m.source_span(0, 4), m.source_span(2, 4)
    ((0, 6), (4, 6))
    """

    __slots__ = ("_o0", "_o1", "_s0", "_s1", "_why", "_nz", "_nz_starts")

    def __init__(
        self,
        o0: list[int],
        o1: list[int],
        s0: list[int],
        s1: list[int],
        why: list[_Why | None],
    ) -> None:
        self._o0, self._o1, self._s0, self._s1, self._why = o0, o1, s0, s1, why
        # starts of non-empty segments, for bisect
        self._nz = list(compress(range(len(o0)), map(lt, o0, o1)))
        self._nz_starts = list(compress(o0, map(lt, o0, o1)))

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text nobody has edited yet."""
        if length == 0:
            return cls([], [], [], [], [])
        return cls([0], [length], [0], [length], [None])

    @property
    def output_length(self) -> int:
        return self._o1[-1] if self._o1 else 0

    @property
    def source_length(self) -> int:
        return self._s1[-1] if self._s1 else 0

    def __len__(self) -> int:
        return len(self._o0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OffsetMap):
            return NotImplemented
        return self.segments() == other.segments()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OffsetMap({len(self)} segments, {self.output_length} -> {self.source_length})"

    def _segment_of(self, pos: int) -> int:
        """Index of the non-empty segment holding output character ``pos``."""
        k = bisect.bisect_right(self._nz_starts, pos) - 1
        return self._nz[k]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of the output stretch ``[start, end)``.

        Deletions strictly inside the stretch are included; those at its edges are not.
        """
        n = self.output_length
        if not (0 <= start <= end <= n):
            raise OffsetError(f"span [{start}, {end}) is outside the output (length {n})")
        if start == end:
            if start == n:
                return (self.source_length, self.source_length)
            i = self._segment_of(start)
            s = self._s0[i] + (start - self._o0[i] if self._why[i] is None else 0)
            return (s, s)
        i = self._segment_of(start)
        s = self._s0[i] + (start - self._o0[i] if self._why[i] is None else 0)
        j = self._segment_of(end - 1)
        e = self._s0[j] + (end - self._o0[j]) if self._why[j] is None else self._s1[j]
        return (s, e)

    def segments(self) -> list[tuple[int, int, int, int, _Why | None]]:
        """All segments as ``(out_start, out_end, src_start, src_end, why)``; ``why`` is
        ``(reason, category, note)`` for edited stretches and ``None`` for untouched ones."""
        return list(zip(self._o0, self._o1, self._s0, self._s1, self._why))

    def source_edits(self, source: str, output: str) -> list[Edit]:
        """The composed edits in source coordinates: ``apply_edits(source, ...)`` gives the
        output up to length-keeping folds."""
        out = []
        for o0, o1, s0, s1, why in zip(self._o0, self._o1, self._s0, self._s1, self._why):
            if why is not None:
                out.append(Edit(s0, s1, source[s0:s1], output[o0:o1], *why))
        return out

    def compose(self, text: str, edits: Sequence[Edit]) -> OffsetMap:
        """The map of ``apply_edits(text, edits)``; ``text`` is this map's output text.

        An edit that cuts into an earlier, non-identity segment absorbs it whole, so source
        stretches never overlap; the later edit's reason is kept. An edit that removes only
        whitespace leaves the records of earlier deletions inside it standing, and an edit
        that spans lines those of the lines removed inside it.
        """
        if len(text) != self.output_length:
            raise OffsetError(f"text has length {len(text)}, the map expects {self.output_length}")
        _check_edits(text, edits)
        edits = [e for e in edits if e.start != e.end or e.new]
        if not edits:
            return self
        if all(w is None for w in self._why):
            return self._compose_on_identity(edits)
        return self._compose_general(text, edits)

    def _compose_general(self, text: str, edits: Sequence[Edit]) -> OffsetMap:
        """:meth:`compose` over a map that already holds edits (checked, no-op edits dropped)."""
        groups = self._expand(text, edits)
        o0, o1, s0, s1, why = self._o0, self._o1, self._s0, self._s1, self._why
        n_seg = len(o0)
        src_len = self.source_length
        R0: list[int] = []
        R1: list[int] = []
        S0: list[int] = []
        S1: list[int] = []
        W: list[_Why | None] = []

        def emit(a: int, b: int, sa: int, sb: int, w: _Why | None) -> None:
            if w is None and W and W[-1] is None and R1[-1] == a and S1[-1] == sa:
                R1[-1] = b
                S1[-1] = sb
                return
            R0.append(a)
            R1.append(b)
            S0.append(sa)
            S1.append(sb)
            W.append(w)

        i = 0
        pos = 0  # old output position reached
        shift = 0

        def copy_until(q: int) -> None:
            nonlocal i, pos
            # segments that end by q (and were not entered yet) are copied whole, shifted
            if i < n_seg and pos <= o0[i]:
                k = bisect.bisect_right(o1, q, i)
                if k > i:
                    emit(o0[i] + shift, o1[i] + shift, s0[i], s1[i], why[i])
                    if k > i + 1:
                        R0.extend(map(shift.__add__, o0[i + 1 : k]))
                        R1.extend(map(shift.__add__, o1[i + 1 : k]))
                        S0.extend(s0[i + 1 : k])
                        S1.extend(s1[i + 1 : k])
                        W.extend(why[i + 1 : k])
                    pos = max(pos, o1[k - 1])
                    i = k
            while i < n_seg:
                a, b = o0[i], o1[i]
                if a == b:
                    if a <= q:
                        emit(a + shift, a + shift, s0[i], s1[i], why[i])
                        i += 1
                        continue
                    break
                start = max(a, pos)
                if start >= q:
                    break
                end = min(b, q)
                if why[i] is None:
                    emit(start + shift, end + shift, s0[i] + start - a, s0[i] + end - a, None)
                else:
                    emit(a + shift, b + shift, s0[i], s1[i], why[i])
                pos = end
                if end == b:
                    i += 1
                else:
                    break
            pos = max(pos, q)

        for ga, gb, new, w, keep_inner in groups:
            copy_until(ga)
            if i < n_seg:
                sa = s0[i] + (ga - o0[i] if why[i] is None else 0)
            else:
                sa = src_len
            sb = sa
            out_pos = ga + shift
            left = new  # replacement text not yet placed
            while i < n_seg:
                a, b = o0[i], o1[i]
                if a == b:
                    if a < gb:
                        if keep_inner == _KEEP_ALL or (keep_inner == _KEEP_LINES and text[a - 1] == "\n"
                                                       and why[i][1] != "whitespace"):
                            # the earlier deletion's record stands (see _expand: which ones)
                            if sb > sa or left:
                                emit(out_pos, out_pos + len(left), sa, sb, w)
                                out_pos += len(left)
                                left = ""
                            emit(out_pos, out_pos, s0[i], s1[i], why[i])
                            sa = sb = s1[i]
                        i += 1
                        continue
                    break
                if a >= gb:
                    break
                end = min(b, gb)
                sb = s0[i] + (end - a) if why[i] is None else s1[i]
                if end == b:
                    i += 1
                else:
                    break
            pos = gb
            if sb > sa or left:
                emit(out_pos, out_pos + len(left), sa, sb, w)
            shift += len(new) - (gb - ga)
        copy_until(self.output_length)
        return OffsetMap(R0, R1, S0, S1, W)

    def _compose_on_identity(self, edits: Sequence[Edit]) -> OffsetMap:
        """:meth:`compose` when no edit was recorded yet (the map is one identity segment, or
        empty): nothing can be cut into, so every edit becomes its own segment."""
        R0: list[int] = []
        R1: list[int] = []
        S0: list[int] = []
        S1: list[int] = []
        W: list[_Why | None] = []
        src = 0  # source (= old output) position reached
        out = 0  # new output position reached
        for e in edits:
            if e.start > src:  # the untouched stretch before the edit
                R0.append(out)
                out += e.start - src
                R1.append(out)
                S0.append(src)
                S1.append(e.start)
                W.append(None)
            R0.append(out)
            out += len(e.new)
            R1.append(out)
            S0.append(e.start)
            S1.append(e.end)
            W.append((e.reason, e.category, e.note))
            src = e.end
        n = self.output_length
        if n > src:
            R0.append(out)
            R1.append(out + n - src)
            S0.append(src)
            S1.append(n)
            W.append(None)
        return OffsetMap(R0, R1, S0, S1, W)

    def _expand(self, text: str, edits: Sequence[Edit]) -> list[tuple[int, int, str, _Why, int]]:
        """Widen edits that cut into earlier non-identity segments; merge what then overlaps."""
        o0, o1, why = self._o0, self._o1, self._why
        n = self.output_length
        ranges: list[tuple[int, int, list[Edit]]] = []
        for e in edits:
            a, b = e.start, e.end
            for p in (e.start, e.end):
                if 0 < p < n:
                    i = self._segment_of(p)
                    if why[i] is not None and o0[i] < p:
                        a, b = min(a, o0[i]), max(b, o1[i])
            if ranges and a < ranges[-1][1]:
                pa, pb, pes = ranges[-1]
                ranges[-1] = (pa, max(pb, b), [*pes, e])
            else:
                ranges.append((a, b, [e]))
        groups = []
        for a, b, es in ranges:
            parts = []
            pos = a
            for e in es:
                parts.append(text[pos : e.start])
                parts.append(e.new)
                pos = e.end
            parts.append(text[pos:b])
            main = max(es, key=lambda e: (e.end - e.start, len(e.new)))
            # what earlier deletions inside the edit keep their own records: all of them under
            # an edit of whitespace only; the whole lines removed before (not whitespace) under an
            # edit that spans lines (two duplicate paragraphs with a menu line removed between
            # them); none under an edit within one line (its row takes its stripped pinyin or tags)
            keep_inner = _KEEP_ALL if not text[a:b].strip() else _KEEP_LINES if "\n" in text[a:b - 1] else _KEEP_NONE
            groups.append((a, b, "".join(parts), (main.reason, main.category, main.note), keep_inner))
        return groups


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded input document: where it came from and its raw-byte hash.

    ``fields``: the record's other fields (JSONL keys; for a web page ``url``, ``title``,
    ``published``, ``author``, ``warc_record_id``, ``extractor`` ... see docs/html.md).
    ``dom``: for a page read from HTML without extraction, one
    :class:`~corpusprep.io.html.DomLine` per line of ``text`` (its DOM facts), else None.
    """

    uri: str
    text: str
    sha256: str
    encoding: str = "utf-8"
    doc_id: str = ""
    fields: Mapping[str, Any] = field(default_factory=dict)
    dom: tuple[DomLine, ...] | None = None


@dataclass(slots=True)
class Document:
    """A cleaned document with exact provenance.

    ``text`` is the cleaned text, paragraphs joined by ``"\\n"``. ``paragraphs`` and
    ``sentences`` are :class:`Span` tuples; ``removed`` is the audit; ``edits`` are all
    length-changing edits in source coordinates; ``flags`` are quality signals and
    ``meta`` extracted metadata (byline, dateline, script ...).
    """

    source: Source
    text: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    removed: tuple[Removal, ...]
    edits: tuple[Edit, ...]
    flags: dict[str, int]
    meta: dict[str, Any]
    stats: dict[str, dict[str, int]]
    offset_map: OffsetMap

    @property
    def doc_id(self) -> str:
        return self.source.doc_id or self.source.uri

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of ``text[start:end]``."""
        return self.offset_map.source_span(start, end)
