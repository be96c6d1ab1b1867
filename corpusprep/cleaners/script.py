"""Traditional → Simplified folding with OpenCC, and the document's script label.

Why: one corpus, one script. Rules downstream are written against Simplified text, so a
Traditional document must be folded first; the label (``traditional``, ``simplified``,
``mixed``, ``none``) goes to ``meta["script"]`` so users can still select by origin.

The recommended conversion is ``tw2s``, chosen by measurement (``benchmarks/RESULTS-normalize.md``):
OpenCC's ``t2s`` expects OpenCC-standard Traditional, where the particle is written 着;
news written in Taiwan- or mainland-style Traditional uses 著 for both, so ``t2s`` leaves
``意味著``, ``執著``, ``著力`` unconverted while ``tw2s`` gets them right. ``t2s``,
``hk2s`` and ``tw2sp`` (which also swaps vocabulary: 軟體 → 软件) remain available.

A document labelled Traditional is converted whole. Elsewhere only clauses in which
OpenCC's ``t2s`` finds a Traditional character are converted: ``tw2s`` run over Simplified
text damages it (显著 → 显着, 编著 → 编着), and mixed documents are common. With ``t2s``
this changes nothing (``t2s`` leaves such clauses alone anyway).

Speed without changing output: :mod:`.opencc_sets` holds the characters OpenCC's
dictionaries can change, and those ``t2s`` changes in every context. The label's counts lie
between the characters of each set, counted with one table lookup; only when those bounds
give different labels is OpenCC asked. A Traditional document then goes to OpenCC once,
whole; elsewhere clauses holding a character ``t2s`` always changes are converted, and only
the clauses holding just characters it may keep go through ``t2s`` (in one call) to decide.

OpenCC's tables map most text one character for one, so the fold keeps offsets. Where a
phrase mapping changes a length, the stretch of clauses holding it becomes an
:class:`~corpusprep.document.Edit` so offsets stay exact.

>>> to_simplified("國際時尚城 乾隆 於是 意味著", "tw2s")
'国际时尚城 乾隆 于是 意味着'
>>> to_simplified("國際新聞:显著提高", "tw2s")
'国际新闻:显著提高'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np
import opencc

from ..document import Edit
from ..errors import ConfigError
from ..steps import Context, Step, StepResult, changed_chars, count_changed
from . import opencc_sets_data
from .chardata import HAN, HAN_RE

__all__ = ["CONVERSIONS", "DEFAULT_CONVERSION", "FoldToSimplified", "detect_script", "to_simplified"]

#: OpenCC configurations that produce Simplified Chinese.
CONVERSIONS = ("t2s", "tw2s", "tw2sp", "hk2s")
#: The default. ``tw2s`` measured better (see the module doc); it becomes the default
#: together with ``PipelineOptions.conversion`` in ``pipeline.py`` (one switch, so that
#: :func:`to_simplified` and the pipeline always agree).
DEFAULT_CONVERSION = "tw2s"

#: share of script-specific characters that are Traditional at or above which a document is
#: labelled Traditional (and at or below ``1 - TRADITIONAL_SHARE``, Simplified)
TRADITIONAL_SHARE = 0.9

# Clauses: OpenCC's phrases never span punctuation or line breaks, so clauses convert
# independently. Stretches of converted clauses are joined across _JOINERS.
_SEPARATORS = r"\s，。、；：？！,.;:?!“”‘’「」『』（）()《》"
_CLAUSE_WORD_RE = re.compile(f"[^{_SEPARATORS}]+")
_PIECE_RE = re.compile(f"[^{_SEPARATORS}]+|[{_SEPARATORS}]+")
_JOINERS = "，。、；：？！,.;:?!“”‘’「」『』（）()《》 "


_SURROGATE_RE = re.compile("[\ud800-\udfff]+")


class _Converter:
    """OpenCC that passes lone surrogates and NUL through: OpenCC raises on the former,
    and its multi-stage conversions (tw2s, tw2sp, hk2s) drop everything after a NUL."""

    __slots__ = ("_cc",)

    def __init__(self, config: str) -> None:
        self._cc = opencc.OpenCC(config)

    def convert(self, text: str) -> str:
        if "\x00" in text:
            return "\x00".join(self.convert(part) for part in text.split("\x00"))
        try:
            return self._cc.convert(text)
        except UnicodeEncodeError:
            # convert the stretches between surrogates; the surrogates stay as they are
            parts, pos = [], 0
            for m in _SURROGATE_RE.finditer(text):
                parts += [self._cc.convert(text[pos : m.start()]), m.group()]
                pos = m.end()
            parts.append(self._cc.convert(text[pos:]))
            return "".join(parts)


@functools.lru_cache(maxsize=8)
def _converter(config: str) -> _Converter:
    if config not in CONVERSIONS and config != "s2t":
        raise ConfigError(f"unknown OpenCC conversion {config!r}; choose one of {CONVERSIONS}")
    return _Converter(config)


def _char_class(chars: str) -> str:
    """A regular expression matching one of ``chars``. ``re`` tests a class reaching
    beyond the BMP range by range, so such characters get a class of their own, tried only
    for such characters."""
    bmp = "".join(c for c in chars if c <= "\uffff")
    astral = "".join(c for c in chars if c > "\uffff")
    alts = [f"[{re.escape(bmp)}]"] if bmp else []
    if astral:
        alts.append(f"(?=[\U00010000-\U0010ffff])[{re.escape(astral)}]")
    return f"(?:{'|'.join(alts) or '(?!)'})"



class _Sets(NamedTuple):
    """Patterns from :mod:`.opencc_sets_data` (see there for how the sets are derived)."""

    t2s_can: re.Pattern[str]  # a character t2s can change
    t2s_clauses: re.Pattern[str]  # a clause (as _CLAUSE_WORD_RE) holding such a character
    s2t_bounds: re.Pattern[str]  # a Han character s2t can change; group 1: one it always changes
    s2t_ambiguous_clauses: re.Pattern[str]  # a clause holding one it can but need not change
    han_only: frozenset[str]  # conversions that change Han characters only


@functools.cache
def _sets() -> _Sets | None:
    """The patterns, or ``None`` under an OpenCC version the sets were not derived from."""
    data = opencc_sets_data
    if getattr(opencc, "__version__", None) != data.OPENCC_VERSION:
        return None
    sep = _SEPARATORS
    always = "".join(HAN_RE.findall(data.S2T_ALWAYS_CHANGES))
    can = "".join(HAN_RE.findall(data.S2T_CAN_CHANGE))
    ambiguous = "".join(sorted(set(can) - set(always)))

    def clause_with(chars: str) -> re.Pattern[str]:
        return re.compile(f"(?<![^{sep}])[^{sep}]*?{_char_class(chars)}[^{sep}]*+")

    return _Sets(re.compile(_char_class(data.T2S_CAN_CHANGE)), clause_with(data.T2S_CAN_CHANGE),
                 re.compile(f"({_char_class(always)})|{_char_class(can)}"), clause_with(ambiguous),
                 frozenset(data.HAN_ONLY))


def to_simplified(text: str, conversion: str = DEFAULT_CONVERSION) -> str:
    """Fold Traditional characters to Simplified (OpenCC, :data:`DEFAULT_CONVERSION`).

    A Traditional document is converted whole; otherwise only clauses in which OpenCC's
    ``t2s`` finds a Traditional character, so Simplified text is never touched (``tw2s``
    alone would turn 显著 into 显着).

    >>> to_simplified("責任編輯"), to_simplified("乾坤"), to_simplified("隨著,显著提高", "tw2s")
    ('责任编辑', '乾坤', '随着,显著提高')
    """
    return "".join(out for _, _, _, out in _convert(text, conversion))


def _convert(text: str, conversion: str, memo: dict[str, Any] | None = None) -> list[tuple[int, int, str, str]]:
    """``(start, end, old, new)`` pieces tiling ``text``: untouched stretches have
    ``new == old``; stretches of clauses holding Traditional characters are converted.

    One conversion pass: the label comes from character sets (OpenCC is asked only when
    the sets leave it open), a Traditional text is converted whole, and elsewhere the
    clauses ``t2s`` changes are found without converting the text: a clause holding a
    character ``t2s`` always changes is changed; only the clauses holding none of those but
    one it may keep go through ``t2s`` (in one call) to decide. ``memo`` receives the label
    (``"label"``).
    """
    memo = {} if memo is None else memo
    sets = _sets()
    if sets is None:
        return _convert_by_passes(text, conversion, memo)
    flags = _flags(text)
    t_low, t_high, s_low, s_high = _count_flags(flags)
    if not t_high:  # nothing t2s can change: Simplified, or no Han at all
        memo["label"] = "simplified" if HAN_RE.search(text) else "none"
        return [(0, len(text), text, text)]
    memo["S bounds"] = (s_low, s_high)
    folds = _AmbiguousFolds(text, flags)
    label = _label_by_sets(text, t_low, t_high, folds, memo)
    if label is None:  # t2s changed a length: count as the whole-text passes do
        return _convert_by_passes(text, conversion, memo)
    memo["label"] = label
    conv = _converter(conversion)
    if label == "traditional":
        out = conv.convert(text)
        if len(out) == len(text):
            return [(0, len(text), text, out)]
        return _convert_runs(text, _join_runs(text, (m.span() for m in _CLAUSE_WORD_RE.finditer(text))), conv)
    # a clause holding a character t2s always changes is changed; t2s decides the others
    # (a fold of another length, None, is a change too)
    changed = _clauses_with(flags, _T2S_ALWAYS) if t_low else []
    if t_high > t_low:
        taken = {a for a, _ in changed}
        changed += [(a, b) for a, b in folds.spans() if a not in taken and folds.get(a) != text[a:b]]
        changed.sort()
    return _convert_runs(text, _join_runs(text, changed), conv)


class _AmbiguousFolds:
    """``t2s`` of the clauses of ``text`` holding a character it may keep, made in one call
    when first asked for; :meth:`get` is ``None`` for a clause whose length it changed."""

    __slots__ = ("_flags", "_folds", "_spans", "_text")

    def __init__(self, text: str, flags: np.ndarray) -> None:
        self._text, self._flags = text, flags
        self._spans: list[tuple[int, int]] | None = None
        self._folds: dict[int, str | None] | None = None

    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = _clauses_with(self._flags, _T2S_AMBIGUOUS)
        return self._spans

    def always_in(self, start: int, end: int) -> int:
        """Characters ``t2s`` always changes in ``text[start:end]``."""
        return int(np.count_nonzero(self._flags[start:end] & _T2S_ALWAYS))

    def get(self, start: int) -> str | None:
        if self._folds is None:
            olds = [self._text[a:b] for a, b in self.spans()]
            news = _convert_each(olds, _converter("t2s")) if olds else []
            self._folds = {a: (new if len(new) == len(old) else None)
                           for (a, _), old, new in zip(self.spans(), olds, news)}
        return self._folds[start]


def _label_by_sets(text: str, t_low: int, t_high: int, folds: _AmbiguousFolds, memo: dict[str, Any]) -> str | None:
    """The script label; ``None`` if ``t2s`` changed the length of a clause it had to convert.

    T (Han characters t2s changes) lies between ``t_low`` and ``t_high``, the characters
    it always and can change; S likewise for s2t (:func:`_s_bounds`). The label is monotone
    in both, so when the corners agree that is the label. Else T is counted exactly (t2s
    over the clauses holding a character it may keep; elsewhere only the characters it
    always changes change), then S as :func:`_detect` does.
    """
    bounds = memo.get("S bounds") or _s_bounds(text)
    memo["S bounds"] = bounds
    low = _label_or_simplified(t_low, bounds[1])
    if low == _label_or_simplified(t_high, bounds[0]):
        return low
    t = t_low
    for a, b in folds.spans():
        fold = folds.get(a)
        if fold is None:
            return None
        clause = text[a:b]
        t += _count_han_changed(clause, fold) - folds.always_in(a, b)
    return "simplified" if t == 0 else _label_with_s(text, t, memo)


def _label_or_simplified(t: int, s: int) -> str:
    return "simplified" if t == 0 else _label(t, s)


def _join_runs(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clause spans of ``text`` (in order) merged into stretches where only
    :data:`_JOINERS` lie between them, so each stretch goes to OpenCC as one piece."""
    runs: list[tuple[int, int]] = []
    for a, b in spans:
        if runs and not text[runs[-1][1] : a].strip(_JOINERS):
            runs[-1] = (runs[-1][0], b)  # only punctuation between: extend the stretch
        else:
            runs.append((a, b))
    return runs


def _convert_runs(text: str, runs: list[tuple[int, int]], conv: _Converter) -> list[tuple[int, int, str, str]]:
    """The pieces of ``text`` with the stretches ``runs`` converted by ``conv`` (in one call)."""
    pieces: list[tuple[int, int, str, str]] = []
    pos = 0  # start of the text not yet emitted
    olds = [text[a:b] for a, b in runs]
    for (a, b), old, new in zip(runs, olds, _convert_each(olds, conv)):
        if pos < a:
            pieces.append((pos, a, text[pos:a], text[pos:a]))
        pieces += _pieces(a, old, new, conv)
        pos = b
    if pos < len(text):
        pieces.append((pos, len(text), text[pos:], text[pos:]))
    return pieces


def _convert_by_passes(text: str, conversion: str, memo: dict[str, Any] | None = None) -> list[tuple[int, int, str, str]]:
    """:func:`_convert` by whole-text OpenCC passes (t2s to find the clauses it changes and
    count the label's Traditional characters, then the conversion): without the character
    sets, and the reference the one-pass path is tested against.

    ``memo`` (per document) keeps the whole-text OpenCC passes for :func:`_detect`, and
    under ``"changed"`` the t2s fold with its count of changed characters."""
    memo = {} if memo is None else memo
    t2s = _converter("t2s")
    sets = _sets()
    # without a character t2s can change, t2s is the identity: skip the pass
    whole = text if sets is not None and not sets.t2s_can.search(text) else t2s.convert(text)
    memo["t2s"] = whole
    if whole == text:
        return [(0, len(text), text, text)]
    same = len(whole) == len(text)
    if conversion == "t2s" and same:
        return [(0, len(text), text, whole)]
    conv = _converter(conversion)
    if same and sets is not None and "t2s" in sets.han_only:
        memo["changed"] = (whole, count_changed(text, whole))
        memo["T"] = memo["changed"]  # every change is a Han character
    traditional = _detect(text, whole if same else None, memo) == "traditional"
    if traditional:
        out = conv.convert(text)
        if len(out) == len(text):
            return [(0, len(text), text, out)]
    # a clause without a character t2s can change is unchanged: search only the others
    clauses = _CLAUSE_WORD_RE if traditional or sets is None else sets.t2s_clauses
    changed = [m.span() for m in clauses.finditer(text)
               if traditional or (text[m.start():m.end()] != whole[m.start():m.end()] if same
                                  else t2s.convert(m.group()) != m.group())]
    return _convert_runs(text, _join_runs(text, changed), conv)


def _convert_each(texts: list[str], conv: _Converter) -> list[str]:
    """``[conv.convert(t) for t in texts]`` in one OpenCC call where that is safe.

    No OpenCC dictionary key holds a line break, so texts without one convert
    independently when joined by ``"\\n"``. A part whose length changed (a phrase mapping,
    or OpenCC stopping at a NUL) is converted alone again."""
    if len(texts) < 2 or any("\n" in t for t in texts):
        return [conv.convert(t) for t in texts]
    parts = conv.convert("\n".join(texts)).split("\n")
    if len(parts) != len(texts):
        return [conv.convert(t) for t in texts]
    return [p if len(p) == len(t) else conv.convert(t) for p, t in zip(parts, texts)]


def _pieces(start: int, old: str, new: str, conv: _Converter) -> list[tuple[int, int, str, str]]:
    """The pieces of one converted stretch ``old`` (at ``start``), ``new`` its conversion."""
    if len(new) != len(old):
        # a length changed: convert clause by clause so the edit covers one clause only,
        # provided that gives the same text
        fine = [(start + m.start(), start + m.end(), m.group(), conv.convert(m.group()))
                for m in _PIECE_RE.finditer(old)]
        if "".join(p[3] for p in fine) == new:
            return fine
    return [(start, start + len(old), old, new)]


def detect_script(text: str, folded: str | None = None) -> str:
    """``"traditional"``, ``"simplified"``, ``"mixed"`` or ``"none"`` (no Han characters).

    Counts the Han characters folding to Simplified changes (Traditional-only, ``T``) and
    those folding to Traditional changes (Simplified-only, ``S``), both in context. The
    document is Traditional when ``T / (T + S) >= 0.9``, Simplified when it is ``<= 0.1``
    (or when nothing is script-specific), mixed in between. ``folded`` is the text's
    Simplified fold, if already computed (same length).

    >>> detect_script("國際時尚城"), detect_script("国际时尚城"), detect_script("abc")
    ('traditional', 'simplified', 'none')
    >>> detect_script("國際時尚城。国际时尚城。")
    'mixed'
    """
    sets = _sets()
    if folded is None and sets is not None:
        flags = _flags(text)
        t_low, t_high, _, _ = _count_flags(flags)
        if not t_high:
            return "simplified" if HAN_RE.search(text) else "none"
        label = _label_by_sets(text, t_low, t_high, _AmbiguousFolds(text, flags), {})
        if label is not None:
            return label
    return _detect(text, folded, {})


def _detect(text: str, folded: str | None, memo: dict[str, Any]) -> str:
    """:func:`detect_script`; ``memo`` holds OpenCC passes over ``text`` already made
    (``"t2s"``, ``"s2t"``) and the counts of Han characters they change (``"T"``, ``"S"``),
    and receives those this call makes."""
    if not HAN_RE.search(text):
        return "none"
    if folded is None or len(folded) != len(text):
        folded = memo.get("t2s") or _converter("t2s").convert(text)
        memo["t2s"] = folded
    if len(folded) != len(text):
        folded = "".join(_converter("t2s").convert(c) for c in text)
    cached = memo.get("T")
    if cached is not None and cached[0] == folded:
        t = cached[1]
    else:
        t = _count_han_changed(text, folded)
        memo["T"] = (folded, t)
    if t == 0:
        return "simplified"
    return _label_with_s(text, t, memo)


def _label_with_s(text: str, t: int, memo: dict[str, Any]) -> str:
    """The label for ``t > 0`` Traditional-only characters, counting S only as far as needed."""
    s = memo.get("S")
    if s is None:
        # S lies between the counts of Han characters s2t always / can change: when both
        # give one label, that is the label, and the s2t pass is not needed
        bounds = memo.get("S bounds") or _s_bounds(text)
        memo["S bounds"] = bounds
        labels = {_label(t, n) for n in bounds}
        if len(labels) == 1:
            return labels.pop()
        s = _s_count(text, bounds[0])
        if s is None:
            back = memo.get("s2t")
            if back is None:
                back = memo["s2t"] = _converter("s2t").convert(text)
            if len(back) != len(text):
                back = "".join(_converter("s2t").convert(c) for c in text)
            s = _count_han_changed(text, back)
        memo["S"] = s
    return _label(t, s)


def _s_count(text: str, always: int) -> int | None:
    """S from s2t over only the clauses holding a character s2t changes in some contexts
    but not in all (clauses convert independently; elsewhere S counts the ``always``
    characters); ``None`` without the sets or if a length changed."""
    sets = _sets()
    if sets is None:
        return None
    clauses = sets.s2t_ambiguous_clauses.findall(text)
    joined = "\n".join(clauses)
    back = _converter("s2t").convert(joined) if clauses else ""
    if len(back) != len(joined):
        return None
    found = sets.s2t_bounds.findall(joined)
    return always - (len(found) - found.count("")) + _count_han_changed(joined, back)


def _label(t: int, s: int) -> str:
    """The label for ``t`` Traditional-only and ``s`` Simplified-only characters (``t > 0``);
    monotone in ``s``."""
    share = t / (t + s)
    if share >= TRADITIONAL_SHARE:
        return "traditional"
    if share <= 1 - TRADITIONAL_SHARE:
        return "simplified"
    return "mixed"


def _s_bounds(text: str) -> tuple[int, ...]:
    """``(low, high)`` bounds on the Han characters s2t changes in ``text`` (``(0, len)``
    without the sets): those it always changes, those it can change."""
    if _sets() is None:
        return (0, len(text))
    return _bound_counts(text)[2:]


#: bits of :func:`_flag_table`
_T2S_ALWAYS, _T2S_CAN, _S2T_ALWAYS, _S2T_CAN, _T2S_AMBIGUOUS, _SEPARATOR = 1, 2, 4, 8, 16, 32


@functools.cache
def _flag_table() -> np.ndarray:
    """Per code point, the bits of the sets it belongs to (s2t's: Han characters only),
    and whether it separates clauses (:data:`_SEPARATORS`)."""
    data = opencc_sets_data
    table = np.zeros(0x110000, dtype=np.uint8)
    ambiguous = "".join(set(data.T2S_CAN_CHANGE) - set(data.T2S_ALWAYS_CHANGES))
    for bit, chars in ((_T2S_ALWAYS, data.T2S_ALWAYS_CHANGES), (_T2S_CAN, data.T2S_CAN_CHANGE),
                       (_S2T_ALWAYS, "".join(HAN_RE.findall(data.S2T_ALWAYS_CHANGES))),
                       (_S2T_CAN, "".join(HAN_RE.findall(data.S2T_CAN_CHANGE))), (_T2S_AMBIGUOUS, ambiguous)):
        table[[ord(c) for c in chars]] |= bit
    sep = re.compile(f"[{_SEPARATORS}]")  # \s: whitespace lies in the BMP
    table[[i for i in range(0x10000) if sep.match(chr(i))]] |= _SEPARATOR
    return table


def _flags(text: str) -> np.ndarray:
    return _flag_table()[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]


def _count_flags(flags: np.ndarray) -> tuple[int, int, int, int]:
    """Characters t2s always / can change and Han characters s2t always / can change."""
    per = np.bincount(flags, minlength=256)
    bits = np.arange(256)
    return tuple(int(per[bits & bit > 0].sum()) for bit in (_T2S_ALWAYS, _T2S_CAN, _S2T_ALWAYS, _S2T_CAN))  # type: ignore[return-value]


def _bound_counts(text: str) -> tuple[int, int, int, int]:
    """Characters of ``text`` that t2s always / can change and Han characters s2t always /
    can change, counted in one table lookup (the sets must exist).

    >>> _bound_counts("國際乾隆国际")
    (2, 3, 2, 2)
    """
    return _count_flags(_flags(text))


def _clauses_with(flags: np.ndarray, bit: int) -> list[tuple[int, int]]:
    """Spans of the clauses (maximal runs of non-separators, as :data:`_CLAUSE_WORD_RE`)
    holding a character with ``bit``.

    >>> _clauses_with(_flags("国際，國家 好"), _T2S_ALWAYS)
    [(0, 2), (3, 5)]
    """
    hits = np.flatnonzero(flags & bit)
    if not len(hits):
        return []
    sep = np.flatnonzero(flags & _SEPARATOR)
    # each hit's clause runs from after the separator before it to the separator after it
    k = np.searchsorted(sep, hits)
    starts = np.where(k > 0, sep[np.maximum(k - 1, 0)] + 1, 0) if len(sep) else np.zeros_like(hits)
    ends = np.where(k < len(sep), sep[np.minimum(k, len(sep) - 1)], len(flags)) if len(sep) else np.full_like(hits, len(flags))
    first = np.concatenate([[True], starts[1:] != starts[:-1]])
    return list(zip(starts[first].tolist(), ends[first].tolist()))


_HAN_ONLY_RE = re.compile(f"[^{HAN}]+")


def _count_han_changed(a: str, b: str) -> int:
    """Han characters of ``a`` at positions where ``b`` differs."""
    return len(_HAN_ONLY_RE.sub("", changed_chars(a, b)))


class FoldToSimplified(Step):
    """Fold the document to Simplified script and label its original script in ``meta``.

    ``conversion`` is one of :data:`CONVERSIONS`. Length-keeping changes are folds (counted,
    not recorded per character); a clause whose length a phrase mapping changed becomes an
    edit (reason ``script.opencc_phrase``).
    """

    name = "script"
    version = "2"

    def __init__(self, conversion: str = DEFAULT_CONVERSION, *, label: bool = True) -> None:
        if not isinstance(conversion, str) or conversion not in CONVERSIONS:
            raise ConfigError(
                f"FoldToSimplified: unknown OpenCC conversion {conversion!r}; choose one of {CONVERSIONS}"
            )
        if not isinstance(label, bool):
            raise ConfigError(f"FoldToSimplified: label must be True or False, got {label!r}")
        _converter(conversion)  # load now: a broken OpenCC install fails at construction
        self._conversion = conversion
        self._label = label

    @property
    def conversion(self) -> str:
        return self._conversion

    def config(self) -> dict[str, Any]:
        return {"conversion": self._conversion, "label": self._label,
                "opencc": getattr(opencc, "__version__", "?")}

    def apply(self, text: str, ctx: Context) -> StepResult:
        memo: dict[str, Any] = {}
        pieces = _convert(text, self._conversion, memo)
        edits: list[Edit] = []
        parts: list[str] = []
        known = memo.get("changed")  # (t2s of the text, count_changed against it)
        for a, b, old, new in pieces:
            if len(new) != len(old):
                edits.append(Edit(a, b, old, new, "script.opencc_phrase", "script"))
            parts.append(new)
        out = "".join(parts)
        if not edits:  # one count over the whole text
            folded = known[1] if known is not None and out == known[0] else count_changed(text, out)
        else:
            folded = sum(count_changed(old, new) for _, _, old, new in pieces if len(old) == len(new))
        if self._label:
            sets = _sets()
            if not edits and sets is not None and self._conversion in sets.han_only:
                memo["T"] = (out, folded)  # every change is a Han character
            label = memo.get("label")
            ctx.meta["script"] = label if label is not None else _detect(text, out if not edits else None, memo)
        return StepResult(out, edits, folded)
