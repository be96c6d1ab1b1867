"""The step protocol every cleaner follows.

A step receives the current text and a per-document :class:`Context`, and returns a
:class:`StepResult`: the new text, the length-changing :class:`~corpusprep.document.Edit`
records over its *input*, and how many characters it folded in place (length kept).

Subclass :class:`EditStep` (implement ``edits``) or :class:`FoldStep` (implement ``fold``).

>>> class DropX(EditStep):
...     name = "drop_x"
...     def edits(self, text, ctx):
...         return [Edit(i, i + 1, "x", "", "drop_x.char", "test")
...                 for i, c in enumerate(text) if c == "x"]
>>> DropX().apply("axbx", Context("t")).text
'ab'
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import ne
from typing import Any, ClassVar, NamedTuple

from .document import Edit, Source, apply_edits
from .errors import OffsetError

__all__ = ["Context", "EditStep", "FoldStep", "Step", "StepResult"]


@dataclass(slots=True)
class Context:
    """Per-document scratch space: quality flags, metadata and marks a step leaves.

    ``marks`` are ``(start, end, flag)`` in the coordinates of the text the step received;
    the pipeline maps them to the source right after the step. ``source`` is the
    :class:`~corpusprep.document.Source` being cleaned (a step that reads its DOM facts
    checks that the text it gets is still the source text).
    """

    uri: str
    flags: dict[str, int] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    marks: list[tuple[int, int, str]] = field(default_factory=list)
    #: the source being cleaned (its page text and DOM facts), where the pipeline has it
    source: Source | None = None

    @property
    def title(self) -> Any:
        """The document's title: its source's ``title`` field (a web page's ``<title>``, a
        record's field), else one an earlier step found (a post's front matter), or None."""
        fields = self.source.fields if self.source is not None else None
        return (fields.get("title") if fields else None) or self.meta.get("title")

    def flag(self, name: str, count: int = 1, span: tuple[int, int] | None = None) -> None:
        """Raise quality flag ``name``; with ``span``, also mark where it applies."""
        self.flags[name] = self.flags.get(name, 0) + count
        if span is not None:
            self.marks.append((span[0], span[1], name))


class StepResult(NamedTuple):
    """What a step did: the new text, the edits (over its input) and in-place folds."""

    text: str
    edits: list[Edit]
    folded: int = 0


class Step(ABC):
    """A pure, configured transformation of document text."""

    name: ClassVar[str]
    version: ClassVar[str] = "1"

    def config(self) -> dict[str, Any]:
        """The step's settings, as plain JSON-able data (part of the fingerprint)."""
        return {}

    @abstractmethod
    def apply(self, text: str, ctx: Context) -> StepResult:
        """Run the step on ``text``."""

    def apply_many(self, texts: Sequence[str], ctxs: Sequence[Context]) -> list[StepResult]:
        """Run the step on many documents (``ctxs[i]`` is the context of ``texts[i]``).

        The result must be what :meth:`apply` gives each document alone; a step overrides
        this to share work across documents (the line model scores a whole batch in one
        pass of numpy). If it raises, the pipeline runs :meth:`apply` document by document,
        so only the documents that fail are lost.
        """
        return [self.apply(t, c) for t, c in zip(texts, ctxs)]

    def __repr__(self) -> str:
        cfg = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({cfg})"


class EditStep(Step):
    """A step whose changes are all :class:`Edit` records (removals, replacements)."""

    def apply(self, text: str, ctx: Context) -> StepResult:
        return self._result(text, self.edits(text, ctx))

    @staticmethod
    def _result(text: str, edits: list[Edit]) -> StepResult:
        if not edits:
            return StepResult(text, [])
        return StepResult(apply_edits(text, edits), edits)

    @abstractmethod
    def edits(self, text: str, ctx: Context) -> list[Edit]:
        """Sorted, non-overlapping edits over ``text``."""


class FoldStep(Step):
    """A step that changes characters in place and never changes the length."""

    def apply(self, text: str, ctx: Context) -> StepResult:
        new = self.fold(text, ctx)
        if new == text:
            return StepResult(text, [])
        if len(new) != len(text):
            raise OffsetError(f"fold step {self.name!r} changed the length of {ctx.uri}")
        return StepResult(new, [], count_changed(text, new))

    @abstractmethod
    def fold(self, text: str, ctx: Context) -> str:
        """``text`` with characters replaced one for one."""


def count_changed(a: str, b: str) -> int:
    """Number of positions where two equal-length strings differ.

    >>> count_changed("國際", "国际")
    2
    """
    if a == b:
        return 0
    n = min(len(a), len(b))
    if len(a) != len(b):
        a, b = a[:n], b[:n]
    # Word-parallel in C: one 32-bit lane per character of the XOR of the UTF-32 codes;
    # OR-folding each lane into its lowest bit and counting those bits counts the lanes
    # that differ (3x faster than a per-character comparison loop).
    x = int.from_bytes(a.encode("utf-32-le", "surrogatepass"), "little") ^ int.from_bytes(
        b.encode("utf-32-le", "surrogatepass"), "little"
    )
    x |= x >> 16
    x |= x >> 8
    x |= x >> 4
    x |= x >> 2
    x |= x >> 1
    return (x & _lane_mask(n)).bit_count()


_MASK_MAX = 1 << 20  # lanes: a kept mask costs at most 4 MB
_MASK = [0, 0]  # [lanes, mask]: the lowest bit of each lane, grown on demand


def _lane_mask(n: int) -> int:
    """An int with the lowest bit of each of at least ``n`` 32-bit lanes set (a longer mask
    is as good: the XOR has no bits above lane ``n``)."""
    if n > _MASK_MAX:  # a very long text: build it for this call, do not keep it
        return int.from_bytes(b"\x01\x00\x00\x00" * n, "little")
    if _MASK[0] < n:
        lanes = min(max(n, 2 * _MASK[0], 4096), _MASK_MAX)
        _MASK[:] = [lanes, int.from_bytes(b"\x01\x00\x00\x00" * lanes, "little")]
    return _MASK[1]


_CHUNK = 256


def changed_chars(a: str, b: str) -> str:
    """The characters of ``a`` at the positions where ``b`` differs (as in :func:`count_changed`).

    >>> changed_chars("國際新闻", "国际新闻")
    '國際'
    """
    if a == b:
        return ""
    parts = []
    for i in range(0, min(len(a), len(b)), _CHUNK):
        x, y = a[i : i + _CHUNK], b[i : i + _CHUNK]
        if x != y:
            parts.append("".join(compress(x, map(ne, x, y))))
    return "".join(parts)
