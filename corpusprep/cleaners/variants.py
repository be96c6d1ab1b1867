"""Variant characters OpenCC leaves alone, folded to their mainland form (one for one).

Why: OpenCC's Traditional→Simplified tables do not fold Japanese shinjitai (``沢 辺 剣 駅 鉄
広 黒 桜 戦 団 売 読`` stay as they are) nor z-variants such as ``晩 揺 郞 緖``, yet Chinese
text carries them (Japanese names and places, text typed with a Japanese input method or
font, older encodings), and mainland usage writes ``泽 边 剑 驿 铁 广 黑 樱 战 团 卖 读``. The
table in :mod:`.variants_data` folds each such character to its one mainland form; the fold
keeps length, so offsets stay exact, and the step records it as every fold is recorded
(name, version, configuration, characters changed).

The table is built by :func:`derive` from two public sources and checked against OpenCC:

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
database; nothing of it is kept in the repository)::

    python -m corpusprep.cleaners.variants UNIHAN > corpusprep/cleaners/variants_data.py

>>> fold_variants("宮沢賢治の駅")
'宮泽賢治の驿'
>>> FoldVariants().apply("黒沢明导演的电影", Context("t")).folded
2
"""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..steps import Context, FoldStep
from . import variants_data
from .chardata import HAN_RE

__all__ = ["VARIANT_CLASSES", "FoldVariants", "derive", "fold_variants", "variant_table"]

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
        if isinstance(classes, str) or not all(isinstance(c, str) for c in classes):
            raise ConfigError(f"FoldVariants: classes must be a sequence of names, got {classes!r}")
        self._classes = tuple(sorted(set(classes)))
        self._table = variant_table(self._classes)  # validates the names
        self._chars = frozenset(chr(c) for c in self._table)

    def config(self) -> dict[str, Any]:
        return {"classes": list(self._classes), "table": variants_data.TABLE_ID}

    def fold(self, text: str, ctx: Context) -> str:
        if self._chars.isdisjoint(text):
            return text
        return text.translate(self._table)


# -- building the table ------------------------------------------------------------------------


def _enc(c: str, codec: str) -> bool:
    try:
        c.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _read_unihan(path: Path) -> dict[str, set[str]]:
    """``{char: variants}`` of a Unihan field file (``U+XXXX<TAB>field<TAB>U+YYYY<src ...``)."""
    out: dict[str, set[str]] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        c = chr(int(cols[0].split()[0][2:], 16))
        out.setdefault(c, set()).update(chr(int(v.split("<")[0][2:], 16)) for v in cols[2].split())
    return out


def _jp_variants() -> dict[str, set[str]]:
    """``{shinjitai: kyūjitai forms}`` from OpenCC's JPShinjitaiCharacters dictionary."""
    from .opencc_sets import _read_dict, opencc_dir

    share = opencc_dir() / "share" / "opencc"
    with tempfile.TemporaryDirectory() as tmp:
        entries = _read_dict(share / "JPShinjitaiCharacters.ocd2", Path(tmp))
    return {k: set(v) - {k} for k, v in entries if len(k) == 1}


def derive(variants: dict[str, set[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """``(kept, rejected)``: the fold ``{char: mainland form}`` that passes every test of the
    module doc, and for each other candidate the first test it failed."""
    import opencc

    from .script import CONVERSIONS

    convs = [opencc.OpenCC(c) for c in CONVERSIONS]
    t2s = opencc.OpenCC("t2s")
    kept: dict[str, str] = {}
    rejected: dict[str, str] = {}
    for c, vs in sorted(variants.items()):
        if not vs or not HAN_RE.fullmatch(c):
            continue
        if any(cc.convert(c) != c for cc in convs):
            rejected[c] = "opencc changes it"
        elif _enc(c, "gb2312") or _enc(c, "big5"):
            rejected[c] = "a GB 2312 or Big5 character"
        else:
            targets = sorted({t2s.convert(v) for v in vs})
            if len(targets) != 1 or len(targets[0]) != 1 or targets[0] == c or not _enc(targets[0], "gb2312"):
                rejected[c] = f"not one mainland form: {targets}"
            else:
                kept[c] = targets[0]
    return kept, rejected


def _pairs(fold: dict[str, str]) -> str:
    from .opencc_sets import escape_chars

    keys = sorted(fold)
    return f"({escape_chars(set(keys))}, {escape_chars_ordered([fold[k] for k in keys])})"


def escape_chars_ordered(chars: list[str]) -> str:
    """Like :func:`.opencc_sets.escape_chars`, keeping the given order (values may repeat)."""
    def one(c: str) -> str:
        return c if "\u3400" <= c <= "\u9fff" else c.encode("unicode_escape").decode("ascii")

    items = [one(c) for c in chars]
    lines = ["".join(items[i : i + 40]) for i in range(0, len(items), 40)]
    return "(\n" + "".join(f'    "{ln}"\n' for ln in lines) + ")"


def main(argv: list[str] | None = None) -> None:
    import hashlib
    from importlib.metadata import version

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit("usage: python -m corpusprep.cleaners.variants UNIHAN_DIR")
    unihan = Path(args[0])
    jp, _ = derive(_jp_variants())
    z, _ = derive(_read_unihan(unihan / "kZVariant.txt"))
    z = {k: v for k, v in z.items() if k not in jp}  # one entry per character
    both = {**jp, **z}
    table_id = hashlib.sha256(repr(sorted(both.items())).encode()).hexdigest()[:12]
    print('"""Generated by ``python -m corpusprep.cleaners.variants UNIHAN_DIR``; see that module.')
    print()
    print("Sources: the ``opencc`` wheel's JPShinjitaiCharacters.ocd2 (OpenCC, Apache-2.0) and")
    print("the Unihan kZVariant field (unicode-org/unihan-database, Unicode License v3); each")
    print('entry checked against OpenCC (see the module doc of ``variants``)."""')
    print()
    print(f"OPENCC_VERSION = {version('opencc')!r}")
    print(f"UNIHAN_SOURCE = {UNIHAN_SOURCE!r}")
    print(f"#: a hash of the whole table, part of the step's configuration (fingerprint)\nTABLE_ID = {table_id!r}")
    print(f"#: (variants, mainland forms), aligned: Japanese shinjitai ({len(jp)})")
    print(f"JP = {_pairs(jp)}")
    print(f"#: (variants, mainland forms), aligned: Unihan z-variants ({len(z)})")
    print(f"Z = {_pairs(z)}")


#: the Unihan snapshot the table was built from
UNIHAN_SOURCE = "unicode-org/unihan-database@0f09313622511754bd639fdd07651a151e25db43 kZVariant.txt"

if __name__ == "__main__":
    sys.exit(main())
