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
from typing import Any

import opencc

from ..document import Edit
from ..errors import ConfigError
from ..steps import Context, Step, StepResult, changed_chars, count_changed
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
_CLAUSE_WORD_RE = re.compile(r"[^\s，。、；：？！,.;:?!“”‘’「」『』（）()《》]+")
_PIECE_RE = re.compile(_CLAUSE_WORD_RE.pattern + r"|[\s，。、；：？！,.;:?!“”‘’「」『』（）()《》]+")
_JOINERS = "，。、；：？！,.;:?!“”‘’「」『』（）()《》 "


_SURROGATE_RE = re.compile("[\ud800-\udfff]+")


class _Converter:
    """OpenCC that passes lone surrogates through instead of raising on them."""

    __slots__ = ("_cc",)

    def __init__(self, config: str) -> None:
        self._cc = opencc.OpenCC(config)

    def convert(self, text: str) -> str:
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

    ``memo`` (per document) keeps the whole-text OpenCC passes for :func:`_detect`."""
    memo = {} if memo is None else memo
    t2s = _converter("t2s")
    whole = t2s.convert(text)
    memo["t2s"] = whole
    if whole == text:
        return [(0, len(text), text, text)]
    same = len(whole) == len(text)
    if conversion == "t2s" and same:
        return [(0, len(text), text, whole)]
    conv = _converter(conversion)
    traditional = _detect(text, whole if same else None, memo) == "traditional"
    if traditional:
        out = conv.convert(text)
        if len(out) == len(text):
            return [(0, len(text), text, out)]
    pieces: list[tuple[int, int, str, str]] = []
    pos = 0  # start of the text not yet emitted
    run: tuple[int, int] | None = None  # the open stretch of clauses to convert
    for m in _CLAUSE_WORD_RE.finditer(text):
        a, b = m.span()
        clause = m.group()
        changed = traditional or (text[a:b] != whole[a:b] if same else t2s.convert(clause) != clause)
        if not changed:
            continue
        if run is not None and not text[run[1] : a].strip(_JOINERS):
            run = (run[0], b)  # only punctuation between: extend the stretch
            continue
        if run is not None:
            pieces += _emit(text, pos, run, conv)
            pos = run[1]
        run = (a, b)
    if run is not None:
        pieces += _emit(text, pos, run, conv)
        pos = run[1]
    if pos < len(text):
        pieces.append((pos, len(text), text[pos:], text[pos:]))
    return pieces


def _emit(text: str, pos: int, run: tuple[int, int], conv: _Converter) -> list[tuple[int, int, str, str]]:
    out = []
    if pos < run[0]:
        out.append((pos, run[0], text[pos : run[0]], text[pos : run[0]]))
    old = text[run[0] : run[1]]
    new = conv.convert(old)
    if len(new) != len(old):
        # a length changed: convert clause by clause so the edit covers one clause only,
        # provided that gives the same text
        fine = [(run[0] + m.start(), run[0] + m.end(), m.group(), conv.convert(m.group()))
                for m in _PIECE_RE.finditer(old)]
        if "".join(p[3] for p in fine) == new:
            out += fine
            return out
    out.append((run[0], run[1], old, new))
    return out


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
    s = memo.get("S")
    if s is None:
        back = memo.get("s2t")
        if back is None:
            back = memo["s2t"] = _converter("s2t").convert(text)
        if len(back) != len(text):
            back = "".join(_converter("s2t").convert(c) for c in text)
        s = memo["S"] = _count_han_changed(text, back)
    share = t / (t + s)
    if share >= TRADITIONAL_SHARE:
        return "traditional"
    if share <= 1 - TRADITIONAL_SHARE:
        return "simplified"
    return "mixed"


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
        folded = 0
        for a, b, old, new in pieces:
            if len(new) == len(old):
                folded += count_changed(old, new)
            else:
                edits.append(Edit(a, b, old, new, "script.opencc_phrase", "script"))
            parts.append(new)
        out = "".join(parts)
        if self._label:
            ctx.meta["script"] = _detect(text, out if not edits else None, memo)
        return StepResult(out, edits, folded)
