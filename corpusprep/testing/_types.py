"""Values the strategies return: text together with its ground truth.

Plain NamedTuples, so they need no Hypothesis to be used (the checks take them too).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Mojibake", "NewsArticle", "PinyinText", "Stretch"]


class Stretch(NamedTuple):
    """A labelled stretch of generated text: ``text == whole[start:end]``.

    ``category`` is a boilerplate category (``"editor"``, ``"ad"`` ...), ``"pinyin"`` or a
    mojibake kind. Offsets are half-open, in code points, like every offset in corpusprep.
    A stretch never includes the newline that ends its line.
    """

    start: int
    end: int
    text: str
    category: str


class NewsArticle(NamedTuple):
    """A generated article and what was injected into it.

    ``text`` is the whole article as a scraper would hand it over; ``headline`` and
    ``paragraphs`` are its content (in the script and punctuation style of ``text``);
    ``injected`` lists every stretch of boilerplate, in order, with its category and exact
    offsets into ``text``. Everything in ``text`` that is neither whitespace nor inside an
    injected stretch is content.
    """

    text: str
    headline: str
    paragraphs: tuple[str, ...]
    injected: tuple[Stretch, ...]


class PinyinText(NamedTuple):
    """Text with pinyin annotations (``轉(zhuǎn)``) and the text without them.

    ``annotations`` are the stretches of ``text`` (parentheses included) a perfect
    stripper removes; removing exactly them from ``text`` gives ``plain``.
    """

    text: str
    plain: str
    annotations: tuple[Stretch, ...]


class Mojibake(NamedTuple):
    """Text in which some lines were mis-decoded, and the text before the damage.

    ``damaged`` are the stretches of ``text`` that are mojibake, ``category`` naming the
    kind (``"utf8_latin1"``, ``"utf8_cp1252"``, ``"gbk_misaligned"``).
    """

    text: str
    original: str
    damaged: tuple[Stretch, ...]
