"""Variant characters OpenCC leaves alone, folded to their mainland form (one for one).

Why: OpenCC's Traditional→Simplified tables do not fold Japanese shinjitai (``沢 辺 剣 駅 鉄
広 黒 桜 戦 団 売 読`` stay as they are) nor z-variants such as ``晩 揺 郞 緖``, yet Chinese
text carries them (Japanese names and places, text typed with a Japanese input method or
font, older encodings), and mainland usage writes ``泽 边 剑 驿 铁 广 黑 樱 战 团 卖 读``. The
table in :mod:`.variants_data` folds each such character to its one mainland form; the fold
keeps length, so offsets stay exact, and the step records it as every fold is recorded
(name, version, configuration, characters changed).

The table is built by :func:`.variants_build.derive` from two public sources and checked
against OpenCC:

- ``jp``: OpenCC's own ``JPShinjitaiCharacters`` dictionary (shinjitai → kyūjitai, as
  shipped in the ``opencc`` wheel), followed by OpenCC ``t2s``;
- ``z``: the Unihan ``kZVariant`` field (same abstract character, another glyph), followed by
  OpenCC ``t2s``.

A character is kept only when every test holds (conservative on purpose):

1. it is a Han character that no conversion of :data:`~.script.CONVERSIONS` changes (so
   nothing OpenCC already handles changes, and strict OpenCC output is the fold turned off);
2. it is in neither GB 2312 nor Big5: not a standard character of either script with a
   meaning of its own (``芸`` ``弁`` ``台`` ``豊`` ``伝`` stay);
3. its variants give exactly one character after ``t2s``, and that character is in GB 2312
   (one unambiguous mainland form: ``弁`` → 瓣/辨/辯/辦 is out).

Regenerate (``UNIHAN`` is a directory holding ``kZVariant.txt`` from the Unicode Unihan
database, ``SOURCE`` a note of where it came from; nothing of it is kept in the repository)::

    python -m corpusprep.cleaners.variants_build UNIHAN [SOURCE] > corpusprep/cleaners/variants_data.py

>>> fold_variants("宮沢賢治の駅")
'宮泽賢治の驿'
>>> FoldVariants().apply("黒沢明导演的电影", Context("t")).folded
2
"""

from __future__ import annotations

import functools
from typing import Any

from ..errors import ConfigError
from ..steps import Context, FoldStep
from . import variants_data
from .chardata import Translation

__all__ = ["VARIANT_CLASSES", "FoldVariants", "fold_variants", "variant_table"]

#: the classes of the table, by source (see the module doc)
VARIANT_CLASSES = ("jp", "z")


@functools.cache
def variant_table(classes: tuple[str, ...] = VARIANT_CLASSES) -> dict[int, str]:
    """The fold as a ``str.translate`` table for the given classes."""
    unknown = set(classes) - set(VARIANT_CLASSES)
    if unknown:
        raise ConfigError(f"unknown variant classes {sorted(unknown)}; choose from {VARIANT_CLASSES}")
    table: dict[int, str] = {}
    for name in classes:
        src, dst = getattr(variants_data, name.upper())
        table.update({ord(a): b for a, b in zip(src, dst)})
    return table


def fold_variants(text: str, classes: tuple[str, ...] = VARIANT_CLASSES) -> str:
    """``text`` with the variant characters of the table folded to their mainland form.

    >>> fold_variants("渋谷の桜、晩上好")
    '渋谷の樱、晚上好'
    """
    return text.translate(variant_table(tuple(classes)))


class FoldVariants(FoldStep):
    """Fold variant characters OpenCC leaves alone (shinjitai, z-variants) to mainland forms.

    Runs after :class:`~.script.FoldToSimplified`. ``classes`` selects the parts of the
    table (``"jp"``, ``"z"``); the pipeline's ``variants=False`` leaves the step out, for
    strict OpenCC output.
    """

    name = "variants"
    version = "1"

    def __init__(self, *, classes: tuple[str, ...] | list[str] = VARIANT_CLASSES) -> None:
        if not isinstance(classes, (tuple, list)) or not all(isinstance(c, str) for c in classes):
            raise ConfigError(f"FoldVariants: classes must be a sequence of names, got {classes!r}")
        self._classes = tuple(sorted(set(classes)))
        self._table = variant_table(self._classes)  # validates the names
        self._fold = Translation(self._table)

    def config(self) -> dict[str, Any]:
        return {"classes": list(self._classes), "table": variants_data.TABLE_ID}

    def fold(self, text: str, ctx: Context) -> str:
        return self._fold(text)
