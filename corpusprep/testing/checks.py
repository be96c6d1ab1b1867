"""Property checks any text cleaner can be run through.

Each check is a plain function that raises an ``AssertionError`` naming the law that
broke, the cleaner, the input and the place where it went wrong; call it inside any
``@given`` test (or any test at all: the checks need no Hypothesis).
:func:`check_cleaner` runs every law that applies to the kind of cleaner it is given:

- a corpusprep :class:`~corpusprep.steps.Step` (``EditStep``, ``FoldStep`` or other):
  ``replay`` (``apply_edits(x, edits)`` gives the output, up to the in-place folds the
  step counts in ``StepResult.folded``), ``revert`` (``revert_edits(out, edits)`` gives
  the input back, up to those folds), ``no_carriage_return`` (never introduces ``"\\r"``),
  ``idempotent`` (a second run makes no edits and changes nothing), ``deterministic``
  and ``no_exception``;
- a :class:`~corpusprep.pipeline.Pipeline`, or any callable returning a
  :class:`~corpusprep.document.Document`: ``spans_map_back`` (each paragraph and
  sentence's source slice, with the document's edits inside it applied and folded,
  contains the unit's text, modulo whitespace), ``removals_recorded`` (every removal's
  text is the source there, every edit that drops visible text has a removal, and the
  source with the edits applied is the output up to folds), ``coverage`` (kept units and
  removals cover every non-whitespace source character), ``idempotent``,
  ``deterministic``, ``no_exception``;
- a plain ``str -> str`` function: ``idempotent``, ``deterministic``, ``no_exception``
  and ``nothing_introduced`` (no character the input lacks, unless ``allowed``).

>>> check_cleaner(str.upper, "gdp增长", allowed="GDP")
'GDP增长'
>>> check_cleaner(lambda s: s + "。", "正文", allowed="。")
Traceback (most recent call last):
...
AssertionError: [idempotent] <lambda>: a second run changed the output at offset 3: first run gave '正文。', second run gave '正文。。'
   input: '正文'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, NamedTuple, Union

from ..document import Document, Edit, OffsetMap, Removal, Span, apply_edits, revert_edits
from ..errors import OffsetError
from ..steps import Context, Step, StepResult
from ._errors import InvalidArgument
from ._types import NewsArticle, Stretch

__all__ = [
    "DOCUMENT_LAWS",
    "FUNCTION_LAWS",
    "STEP_LAWS",
    "Scores",
    "check_cleaner",
    "check_coverage",
    "check_deterministic",
    "check_document",
    "check_edits_replay",
    "check_edits_revert",
    "check_idempotent",
    "check_no_carriage_return",
    "check_no_exception",
    "check_nothing_introduced",
    "check_removals_recorded",
    "check_spans_map_back",
    "check_step",
    "default_fold",
    "removal_scores",
]

#: laws checked for a corpusprep Step, in the order they run
STEP_LAWS = ("no_exception", "replay", "revert", "no_carriage_return", "idempotent", "deterministic")
#: laws checked for a Pipeline or a Document-producing callable
DOCUMENT_LAWS = ("no_exception", "spans_map_back", "removals_recorded", "coverage", "idempotent", "deterministic")
#: laws checked for a plain ``str -> str`` function
FUNCTION_LAWS = ("no_exception", "nothing_introduced", "idempotent", "deterministic")
_ALL_LAWS = frozenset(STEP_LAWS + DOCUMENT_LAWS + FUNCTION_LAWS)

Cleaner = Union[Step, Callable[[str], Any]]
Output = Union[StepResult, Document, str]
Fold = Callable[[str], str]
_URI = "<check>"

# -- showing text -----------------------------------------------------------------------

_SHOW = 160


def _show(s: str, limit: int = _SHOW) -> str:
    """``repr(s)``, shortened in the middle when long."""
    r = repr(s)
    if len(r) <= limit:
        return r
    half = limit // 2
    return f"{repr(s[:half])}…({len(s)} chars)…{repr(s[-half // 2:])}"


def _around(s: str, k: int, width: int = 24) -> str:
    """The neighbourhood of ``s[k]``, with the character itself marked ``▸…◂``."""
    a, b = max(0, k - width), min(len(s), k + 1 + width)
    head = ("…" if a else "") + repr(s[a:k])
    tail = repr(s[k + 1 : b]) + ("…" if b < len(s) else "")
    return f"{head} ▸{s[k:k + 1]!r}◂ {tail}"


def _first_diff(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def _label(cleaner: Any) -> str:
    if isinstance(cleaner, Step) or _is_pipeline(cleaner):
        r = repr(cleaner)
        # a step's repr carries its whole config (a rule pack is long): keep the start
        return r if len(r) <= 120 else r[:100] + "…)"
    name = getattr(cleaner, "__qualname__", None) or getattr(cleaner, "__name__", None)
    return str(name) if name else repr(cleaner)


def _fail(law: str, label: str, message: str, text: str | None = None) -> AssertionError:
    msg = f"[{law}] {label}: {message}"
    if text is not None:
        msg += f"\n   input: {_show(text)}"
    return AssertionError(msg)


def _unusual(text: str) -> str:
    """Name the first character of ``text`` that cleaners commonly trip on."""
    for i, c in enumerate(text):
        cat = unicodedata.category(c)
        if cat in ("Cc", "Cs", "Cf", "Co", "Cn") and c != "\n":
            name = unicodedata.name(c, "") or {"Cs": "lone surrogate", "Cc": "control"}.get(cat, cat)
            return f" (the input has {c!r} {name} at offset {i})"
    return ""


# -- folding ----------------------------------------------------------------------------

_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


@functools.lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


_SURROGATES_RE = re.compile("([\ud800-\udfff]+)")


@functools.lru_cache(maxsize=65536)
def _fold_char(c: str) -> str:
    if c.isspace():
        return " "
    return unicodedata.normalize("NFKC", c).translate(_QUOTES)


def _simplified(text: str) -> str:
    # OpenCC cannot take lone surrogates: convert the stretches between them
    parts = _SURROGATES_RE.split(text)
    return "".join(p if i % 2 else _t2s().convert(p) for i, p in enumerate(parts))


def default_fold(text: str) -> str:
    """The character folding the default pipeline may apply without an edit, made canonical.

    OpenCC ``t2s`` (phrase-aware, as the pipeline runs it) and the variant characters OpenCC
    leaves alone (:func:`~corpusprep.cleaners.variants.fold_variants`: 円→圆), then character
    by character: whitespace becomes a space, NFKC (full-width punctuation to ASCII), corner
    quotes to curly quotes. Two texts that differ only by corpusprep's in-place folds fold
    to the same string.

    >>> default_fold("據瞭解「新聞」，２０２１") == default_fold("据了解“新闻”,2021")
    True
    >>> default_fold("百円") == default_fold("百圆")
    True
    """
    from ..cleaners.variants import fold_variants

    return "".join(_fold_char(c) for c in fold_variants(_simplified(text)))


def _key(text: str, fold: Fold) -> str:
    return "".join(fold(text).split())


# -- running a cleaner ------------------------------------------------------------------


def _is_pipeline(obj: Any) -> bool:
    from ..pipeline import Pipeline

    return isinstance(obj, Pipeline)


def _run(cleaner: Any, text: str) -> tuple[Output, Context | None]:
    if isinstance(cleaner, Step):
        ctx = Context(_URI)
        return cleaner.apply(text, ctx), ctx
    if _is_pipeline(cleaner):
        return cleaner.clean(text, source=_URI), None
    return cleaner(text), None


def check_no_exception(cleaner: Cleaner, text: str) -> Output:
    """Run ``cleaner`` on ``text`` and return what it gives; an exception becomes a failure.

    A cleaner must take any ``str``: control characters, lone surrogates, huge lines.
    """
    _check_text(text)
    return _run_checked(cleaner, text)[0]


def _run_checked(cleaner: Cleaner, text: str) -> tuple[Output, Context | None]:
    try:
        return _run(cleaner, text)
    except Exception as exc:  # noqa: BLE001 - turning any exception into a law failure is the point
        raise _fail(
            "no_exception", _label(cleaner),
            f"raised {type(exc).__name__}: {exc}{_unusual(text)}", text,
        ) from exc


def _check_text(text: Any) -> None:
    if not isinstance(text, str):
        raise InvalidArgument(
            f"text must be a str, got {type(text).__name__} {text!r:.60}; decode bytes first"
        )


# -- Step laws --------------------------------------------------------------------------


def _source_offset(text: str, edits: Sequence[Edit], k: int) -> int:
    """Input offset of output offset ``k`` of ``apply_edits(text, edits)``."""
    try:
        omap = OffsetMap.identity(len(text)).compose(text, edits)
        n = omap.output_length
        return omap.source_span(min(k, n), min(k + 1, n))[0]
    except (OffsetError, IndexError):
        return k


def check_edits_replay(text: str, result: StepResult, *, label: str = "step") -> None:
    """``apply_edits(text, result.edits)`` is ``result.text``, up to ``result.folded``
    characters folded in place.

    Fails when a character vanished (or appeared) without an :class:`Edit`, when an edit's
    offsets do not fit the input, or when in-place changes are not counted in ``folded``.
    """
    out = result.text
    try:
        applied = apply_edits(text, result.edits)
    except OffsetError as exc:
        raise _fail("replay", label, f"its edits do not fit its input: {exc}", text) from None
    if len(applied) != len(out):
        k = _first_diff(applied, out)
        src = _source_offset(text, result.edits, k)
        what = (
            f"input character {text[src:src + 1]!r} at input offset {src} disappeared without an Edit"
            if len(out) < len(applied)
            else f"output character {out[k:k + 1]!r} at output offset {k} appeared without an Edit"
        )
        raise _fail(
            "replay", label,
            f"the output has {len(out)} characters but applying its {len(result.edits)} edits "
            f"to the input gives {len(applied)}: {what}. Edits give {_around(applied, k)}, "
            f"the step returned {_around(out, k)}",
            text,
        )
    diffs = [i for i, (a, b) in enumerate(zip(applied, out)) if a != b]
    if len(diffs) != result.folded:
        detail = ""
        if diffs:
            k = diffs[0]
            detail = (f"; first at output offset {k}: edits give {applied[k]!r}, the step "
                      f"returned {out[k]!r} ({_around(out, k)})")
        raise _fail(
            "replay", label,
            f"it reports folded={result.folded} but its output differs from "
            f"apply_edits(input, edits) at {len(diffs)} positions{detail}. In-place changes "
            "must be counted in StepResult.folded; any other change must be an Edit",
            text,
        )


def check_edits_revert(text: str, result: StepResult, *, label: str = "step") -> None:
    """``revert_edits(result.text, result.edits)`` gives ``text`` back, up to the folds."""
    out = result.text
    pos = prev_end = 0  # walk the output alongside the input, edit by edit
    for e in result.edits:
        pos += e.start - prev_end
        if out[pos:pos + len(e.new)] != e.new:
            raise _fail(
                "revert", label,
                f"edit {e.reason!r} at input [{e.start}, {e.end}) says it wrote {e.new!r}, but the "
                f"output there has {out[pos:pos + len(e.new)]!r} ({_around(out, pos)}): the output "
                "was changed after the edit was made, so revert_edits cannot find it",
                text,
            )
        pos += len(e.new)
        prev_end = e.end
    try:
        back = revert_edits(out, result.edits)
    except OffsetError as exc:
        raise _fail("revert", label, f"its edits cannot be reverted from its output: {exc}", text) from None
    if back == text:
        return
    diffs = [i for i, (a, b) in enumerate(zip(back, text)) if a != b]
    if len(back) == len(text) and len(diffs) <= result.folded:
        return
    k = _first_diff(back, text)
    raise _fail(
        "revert", label,
        f"revert_edits(output, edits) does not give the input back: first difference at "
        f"offset {k}: reverted {_around(back, k)}, input {_around(text, k)}",
        text,
    )


def check_no_carriage_return(text: str, result: StepResult, *, label: str = "step") -> None:
    """The step never introduces ``"\\r"`` (neither in its output nor in an edit)."""
    for e in result.edits:
        if "\r" in e.new and "\r" not in e.old:
            raise _fail("no_carriage_return", label, f"edit {e!r} introduces '\\r'", text)
    if result.text.count("\r") > text.count("\r"):
        k = result.text.find("\r")
        raise _fail("no_carriage_return", label, f"the output has a '\\r' the input lacks: {_around(result.text, k)}", text)


def _idempotent_step(step: Step, text: str, result: StepResult) -> None:
    label = _label(step)
    try:
        again = step.apply(result.text, Context(_URI))
    except Exception as exc:  # noqa: BLE001
        raise _fail("idempotent", label, f"a second run, on its own output {_show(result.text)}, "
                    f"raised {type(exc).__name__}: {exc}", text) from exc
    if again.edits:
        e = again.edits[0]
        raise _fail(
            "idempotent", label,
            f"a second run, on its own output, made {len(again.edits)} more edits; first: "
            f"{e.reason!r} replaces {e.old!r} by {e.new!r} at [{e.start}, {e.end}) in "
            f"{_around(result.text, e.start)}",
            text,
        )
    if again.text != result.text:
        k = _first_diff(again.text, result.text)
        raise _fail(
            "idempotent", label,
            f"a second run, on its own output, changed it at offset {k}: "
            f"{_around(result.text, k)} became {_around(again.text, k)}",
            text,
        )


def check_step(step: Step, text: str, *, skip: Collection[str] = ()) -> StepResult:
    """Run every law of :data:`STEP_LAWS` (except ``skip``) on ``step`` and ``text``."""
    _check_skip(skip)
    if not isinstance(step, Step):
        raise InvalidArgument(f"step={step!r} must be a corpusprep Step, got {type(step).__name__}")
    label = _label(step)
    result, ctx = _run_checked(step, text)
    if not isinstance(result, StepResult):
        raise _fail("no_exception", label, f"apply() returned {type(result).__name__}, not a StepResult", text)
    if "replay" not in skip:
        check_edits_replay(text, result, label=label)
    if "revert" not in skip:
        check_edits_revert(text, result, label=label)
    if "no_carriage_return" not in skip:
        check_no_carriage_return(text, result, label=label)
    if "idempotent" not in skip:
        _idempotent_step(step, text, result)
    if "deterministic" not in skip:
        _deterministic(step, text, result, ctx)
    return result


# -- Document laws ----------------------------------------------------------------------


def _units(doc: Document) -> list[tuple[str, int, Span]]:
    return [("paragraph", i, u) for i, u in enumerate(doc.paragraphs)] + [
        ("sentence", i, u) for i, u in enumerate(doc.sentences)
    ]


def _window(edits: Sequence[Edit], a: int, b: int) -> tuple[int, int, list[Edit]]:
    """Widen ``[a, b)`` to whole edits that overlap it; return it and those edits."""
    changed = True
    inside: list[Edit] = []
    while changed:
        changed = False
        inside = [e for e in edits if e.start < b and e.end > a or a <= e.start == e.end <= b and a < b]
        for e in inside:
            if e.start < a or e.end > b:
                a, b = min(a, e.start), max(b, e.end)
                changed = True
    return a, b, inside


def _applied_slice(source: str, edits: Sequence[Edit], a: int, b: int) -> tuple[int, int, str]:
    a, b, inside = _window(edits, a, b)
    local = [e._replace(start=e.start - a, end=e.end - a) for e in inside]
    return a, b, apply_edits(source[a:b], local)


def check_spans_map_back(doc: Document, *, fold: Fold | None = None, label: str = "document") -> None:
    """Each paragraph and sentence maps back to the source.

    Its ``src_start``/``src_end`` lie in the source; its text is ``doc.text[start:end]``;
    and the source slice, with the document's edits inside it applied and then folded
    (:func:`default_fold` unless ``fold`` is given), contains the unit's text modulo
    whitespace.
    """
    fold = fold or default_fold
    source = doc.source.text
    n = len(source)
    edits = sorted(doc.edits, key=lambda e: (e.start, e.end))
    for kind, i, u in _units(doc):
        where = f"{kind} {i} {_show(u.text, 80)}"
        if not (0 <= u.src_start <= u.src_end <= n):
            raise _fail("spans_map_back", label,
                        f"{where} has source offsets [{u.src_start}, {u.src_end}) outside the source (length {n})",
                        source)
        if (u.end > u.start or u.text == "") and doc.text[u.start:u.end] != u.text:
            raise _fail("spans_map_back", label,
                        f"{where} says it is doc.text[{u.start}:{u.end}], which is {_show(doc.text[u.start:u.end], 80)}",
                        source)
        want = _key(u.text, fold)
        if not want:
            continue
        try:
            a, b, piece = _applied_slice(source, edits, u.src_start, u.src_end)
        except OffsetError as exc:
            raise _fail("spans_map_back", label, f"the document's edits do not fit its source: {exc}", source) from None
        if want in _key(piece, fold):
            continue
        hint = ""
        for d in (1, -1, 2, -2, 3, -3):
            s, e = u.src_start + d, u.src_end + d
            if 0 <= s <= e <= n:
                try:
                    if want in _key(_applied_slice(source, edits, s, e)[2], fold):
                        hint = f"; it is found at [{s}, {e}): the offsets look shifted by {-d:+d}"
                        break
                except OffsetError:
                    pass
        raise _fail(
            "spans_map_back", label,
            f"{where} claims source [{u.src_start}, {u.src_end}) = "
            f"{_show(source[u.src_start:u.src_end], 80)}, which with its edits applied is "
            f"{_show(piece, 80)} and does not contain the unit's text{hint}",
            source,
        )


def check_removals_recorded(doc: Document, *, fold: Fold | None = None, label: str = "document") -> None:
    """Nothing disappears without a record.

    Every :class:`Removal` holds the source text at its offsets and names a rule and a
    category; every edit that drops visible (non-whitespace) source text lies inside a
    removal; and the source with ``doc.edits`` applied is ``doc.text`` up to in-place
    folds, so no character vanished without an edit.
    """
    fold = fold or default_fold
    source = doc.source.text
    n = len(source)
    for i, r in enumerate(doc.removed):
        where = f"removal {i} (rule {r.rule!r})"
        if not (0 <= r.src_start <= r.src_end <= n):
            raise _fail("removals_recorded", label,
                        f"{where} has offsets [{r.src_start}, {r.src_end}) outside the source (length {n})", source)
        if source[r.src_start:r.src_end] != r.text:
            hint = ""
            for d in (1, -1, 2, -2, 3, -3):
                if 0 <= r.src_start + d and r.src_end + d <= n and source[r.src_start + d:r.src_end + d] == r.text:
                    hint = f"; the text is at [{r.src_start + d}, {r.src_end + d}): offsets shifted by {-d:+d}"
                    break
            raise _fail("removals_recorded", label,
                        f"{where} records {_show(r.text, 80)} at [{r.src_start}, {r.src_end}) but the source "
                        f"there is {_show(source[r.src_start:r.src_end], 80)}{hint}", source)
        if not r.rule or not r.category:
            raise _fail("removals_recorded", label, f"{where} has no rule id or no category: {r!r}", source)
    spans = sorted((r.src_start, r.src_end) for r in doc.removed)
    for e in doc.edits:
        if e.old.strip() and _key(e.old, fold) != _key(e.new, fold) and not _covered(spans, e.start, e.end):
            raise _fail("removals_recorded", label,
                        f"edit {e.reason!r} replaced source [{e.start}, {e.end}) {_show(e.old, 80)} by "
                        f"{_show(e.new, 80)}, but no Removal records it", source)
    try:
        applied = apply_edits(source, sorted(doc.edits, key=lambda e: (e.start, e.end)))
    except OffsetError as exc:
        raise _fail("removals_recorded", label, f"the document's edits do not fit its source: {exc}", source) from None
    if len(applied) != len(doc.text):
        k = _first_diff(applied, doc.text)
        src = _source_offset(source, doc.edits, k)
        raise _fail(
            "removals_recorded", label,
            f"doc.text has {len(doc.text)} characters but the source with its edits applied has "
            f"{len(applied)}: first difference at output offset {k} (source offset {src}, "
            f"{_around(source, src) if src < n else 'the end'}): edits give {_around(applied, k)}, "
            f"doc.text is {_around(doc.text, k)}. A character vanished or appeared without an edit",
            source,
        )
    if applied == doc.text:
        return
    fa, fb = fold(applied), fold(doc.text)
    if fa != fb:
        # report in output coordinates where the folds keep length, else in folded ones
        diffs = [k for k, (x, y) in enumerate(zip(applied, doc.text)) if x != y and fold(x) != fold(y)]
        k = diffs[0] if diffs and len(fa) == len(fb) else _first_diff(fa, fb)
        shown = (applied, doc.text) if diffs and len(fa) == len(fb) else (fa, fb)
        raise _fail(
            "removals_recorded", label,
            f"doc.text differs from the source with its edits applied at output offset {k}: "
            f"{shown[0][k:k + 1]!r} became {shown[1][k:k + 1]!r} ({_around(shown[1], k)}), "
            "which is not an in-place fold; it needs an edit",
            source,
        )


def _covered(spans: Sequence[tuple[int, int]], a: int, b: int) -> bool:
    """Is ``[a, b)`` inside the union of ``spans`` (sorted)?"""
    pos = a
    for s, e in spans:
        if s > pos:
            break
        pos = max(pos, e)
        if pos >= b:
            return True
    return pos >= b


def check_coverage(doc: Document, *, label: str = "document") -> None:
    """Kept units and removals together cover every non-whitespace source character."""
    source = doc.source.text
    units = doc.paragraphs or doc.sentences
    spans = sorted([(u.src_start, u.src_end) for u in units] + [(r.src_start, r.src_end) for r in doc.removed])
    covered = bytearray(len(source) + 1)
    for s, e in spans:
        covered[max(s, 0):max(min(e, len(source)), 0)] = b"\x01" * max(0, min(e, len(source)) - max(s, 0))
    for i, c in enumerate(source):
        if not covered[i] and not c.isspace():
            j = i
            while j < len(source) and not covered[j]:
                j += 1
            while source[j - 1].isspace():
                j -= 1
            raise _fail(
                "coverage", label,
                f"source [{i}, {j}) {_show(source[i:j], 80)} is in no kept paragraph and no removal: "
                f"it vanished without a record ({_around(source, i)})",
                source,
            )


def check_document(
    doc: Document,
    text: str | None = None,
    *,
    fold: Fold | None = None,
    skip: Collection[str] = (),
    label: str = "document",
) -> None:
    """The laws a finished :class:`Document` must satisfy on its own: ``spans_map_back``,
    ``removals_recorded`` and ``coverage`` (``text``, if given, must be its source)."""
    _check_skip(skip)
    if not isinstance(doc, Document):
        raise InvalidArgument(f"doc must be a corpusprep Document, got {type(doc).__name__}")
    if text is not None and doc.source.text != text:
        k = _first_diff(doc.source.text, text)
        raise _fail("spans_map_back", label,
                    f"the document's source text is not the input: first difference at {k}: "
                    f"{_around(doc.source.text, k)} vs {_around(text, k)}", text)
    if "spans_map_back" not in skip:
        check_spans_map_back(doc, fold=fold, label=label)
    if "removals_recorded" not in skip:
        check_removals_recorded(doc, fold=fold, label=label)
    if "coverage" not in skip:
        check_coverage(doc, label=label)


# -- laws for every kind ----------------------------------------------------------------


def _text_of(out: Output) -> str:
    if isinstance(out, StepResult):
        return out.text
    if isinstance(out, Document):
        return out.text
    return out


def _comparable(out: Output, ctx: Context | None) -> Any:
    if isinstance(out, Document):
        return (out.text, out.paragraphs, out.sentences, out.removed, out.edits, out.flags, out.meta)
    if isinstance(out, StepResult) and ctx is not None:
        return (out, ctx.flags, ctx.meta, ctx.marks)
    return out


def check_idempotent(cleaner: Cleaner, text: str, *, first: Output | None = None) -> None:
    """Cleaning the cleaned text changes nothing (for a Step: makes no more edits)."""
    label = _label(cleaner)
    out = check_no_exception(cleaner, text) if first is None else first
    if isinstance(cleaner, Step):
        assert isinstance(out, StepResult)
        _idempotent_step(cleaner, text, out)
        return
    once = _text_of(out)
    try:
        again = _run(cleaner, once)[0]
    except Exception as exc:  # noqa: BLE001
        raise _fail("idempotent", label, f"a second run, on its own output {_show(once)}, raised "
                    f"{type(exc).__name__}: {exc}", text) from exc
    twice = _text_of(again)
    if twice != once:
        k = _first_diff(once, twice)
        why = ""
        if isinstance(again, Document) and again.removed:
            r = again.removed[0]
            why = f"; the second run removed {_show(r.text, 60)} by rule {r.rule!r}"
        raise _fail(
            "idempotent", label,
            f"a second run changed the output at offset {k}: first run gave {_show(once, 80)}, "
            f"second run gave {_show(twice, 80)}{why}",
            text,
        )


def check_deterministic(cleaner: Cleaner, text: str) -> None:
    """Two runs on the same input give equal results (text, edits, spans, flags, metadata)."""
    _check_text(text)
    out, ctx = _run_checked(cleaner, text)
    _deterministic(cleaner, text, out, ctx)


def _deterministic(cleaner: Cleaner, text: str, out1: Output, ctx1: Context | None) -> None:
    label = _label(cleaner)
    try:
        out2, ctx2 = _run(cleaner, text)
    except Exception as exc:  # noqa: BLE001
        raise _fail("deterministic", label, f"a second run on the same input raised "
                    f"{type(exc).__name__}: {exc}", text) from exc
    a, b = _comparable(out1, ctx1), _comparable(out2, ctx2)
    if a != b:
        t1, t2 = _text_of(out1), _text_of(out2)
        if t1 != t2:
            k = _first_diff(t1, t2)
            where = f"the texts differ at offset {k}: {_around(t1, k)} vs {_around(t2, k)}"
        else:
            where = f"the texts agree but the rest differs: {_show(repr(a), 200)} vs {_show(repr(b), 200)}"
        raise _fail("deterministic", label, f"two runs on the same input disagree: {where}", text)


def check_nothing_introduced(text: str, out: str, *, allowed: str | Iterable[str] = "", label: str = "cleaner") -> None:
    """``out`` has no character that ``text`` lacks, except those in ``allowed``."""
    have = set(text) | set(allowed)
    for k, c in enumerate(out):
        if c not in have:
            name = unicodedata.name(c, f"U+{ord(c):04X}")
            raise _fail(
                "nothing_introduced", label,
                f"the output has {c!r} ({name}) at offset {k}, which the input lacks "
                f"({_around(out, k)}); pass allowed={c!r} if the cleaner means to add it",
                text,
            )


# -- all at once ------------------------------------------------------------------------


def _check_skip(skip: Collection[str]) -> None:
    if isinstance(skip, str):
        raise InvalidArgument(f"skip={skip!r} must be a collection of law names, such as ('idempotent',)")
    unknown = sorted(set(skip) - _ALL_LAWS)
    if unknown:
        raise InvalidArgument(f"unknown laws {unknown} in skip={tuple(skip)!r}; known: {sorted(_ALL_LAWS)}")


def check_cleaner(
    cleaner: Cleaner,
    text: str,
    *,
    allowed: str | Iterable[str] = "",
    fold: Fold | None = None,
    skip: Collection[str] = (),
) -> Output:
    """Run every law that applies to ``cleaner`` on ``text``; return the cleaner's output.

    ``cleaner`` is a corpusprep Step, a Pipeline, a callable returning a Document, or a
    plain ``str -> str`` function (see the module docstring for the laws of each).
    ``allowed``: characters a ``str -> str`` cleaner may add. ``fold``: the in-place
    character folding a Document-producing cleaner may apply (default :func:`default_fold`).
    ``skip``: names of laws not to check.

    >>> from corpusprep.cleaners.whitespace import NormalizeWhitespace
    >>> check_cleaner(NormalizeWhitespace(), "正文\\r\\n第二行").text
    '正文\\n第二行'
    """
    _check_text(text)
    _check_skip(skip)
    if isinstance(cleaner, Step):
        return check_step(cleaner, text, skip=skip)
    if not callable(cleaner) and not _is_pipeline(cleaner):
        raise InvalidArgument(f"cleaner={cleaner!r} must be a Step, a Pipeline or a callable taking str")
    label = _label(cleaner)
    out, ctx = _run_checked(cleaner, text)
    if isinstance(out, Document):
        check_document(out, text, fold=fold, skip=skip, label=label)
    elif isinstance(out, str):
        if "nothing_introduced" not in skip:
            check_nothing_introduced(text, out, allowed=allowed, label=label)
    else:
        raise _fail("no_exception", label, f"returned {type(out).__name__}, expected str or Document", text)
    if "idempotent" not in skip:
        check_idempotent(cleaner, text, first=out)
    if "deterministic" not in skip:
        _deterministic(cleaner, text, out, ctx)
    return out


# -- measuring boilerplate removal ------------------------------------------------------


class Scores(NamedTuple):
    """Character-level precision and recall of removals against injected ground truth.

    Counted over non-whitespace characters. ``missed`` are injected stretches not wholly
    removed; ``spurious`` are removed stretches of ``(start, end, text)`` that touch no
    injected stretch (removed content).
    """

    precision: float
    recall: float
    missed: tuple[Stretch, ...]
    spurious: tuple[tuple[int, int, str], ...]


def removal_scores(article: NewsArticle, removed: Document | Iterable[Removal | Stretch | Edit | tuple[int, int]]) -> Scores:
    """How well ``removed`` (a Document's removals, or any ``(start, end)`` stretches in
    source offsets) matches what :func:`~corpusprep.testing.strategies.news_article`
    injected into ``article``.

    >>> from corpusprep.testing import NewsArticle, Stretch
    >>> a = NewsArticle("正文。\\n责任编辑：王某", "", ("正文。",), (Stretch(4, 11, "责任编辑：王某", "editor"),))
    >>> removal_scores(a, [(4, 12)]).recall, removal_scores(a, [(0, 3)]).precision
    (1.0, 0.0)
    """
    if isinstance(removed, Document):
        removed = removed.removed
    text = article.text
    got: list[tuple[int, int]] = []
    for r in removed:
        if isinstance(r, Removal):
            got.append((r.src_start, r.src_end))
        elif isinstance(r, (Stretch, Edit)):
            got.append((r.start, r.end))
        else:
            got.append((int(r[0]), int(r[1])))
    truth = {i for s in article.injected for i in range(s.start, s.end) if not text[i].isspace()}
    pred = {i for a, b in got for i in range(max(a, 0), min(b, len(text))) if not text[i].isspace()}
    hit = len(truth & pred)
    precision = hit / len(pred) if pred else 1.0
    recall = hit / len(truth) if truth else 1.0
    missed = tuple(s for s in article.injected if any(i not in pred for i in range(s.start, s.end) if not text[i].isspace()))
    spurious = tuple(
        (a, b, text[a:b]) for a, b in got
        if not any(i in truth for i in range(a, b)) and text[a:b].strip()
    )
    return Scores(precision, recall, missed, spurious)
