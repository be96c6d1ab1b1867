"""Which characters an OpenCC conversion can change, derived from OpenCC's dictionaries.

Used by :mod:`corpusprep.cleaners.script` to skip OpenCC passes that cannot change
anything (Simplified documents skip ``t2s``) and to bound the script label's counts.

OpenCC converts by dictionary lookup: each stage of a configuration (normalization, then
the conversion chain) replaces matched keys by their values and passes everything else
through. So a character can change only if some entry, in some stage, has a value that
differs from its key at that character's position (every character of a key, for a
length-changing entry). :func:`derive` collects these characters (``can``), and those
that change in every context (``always``): the character alone changes, no earlier stage
changes it, and every longer key of the last stage that holds it has values of the same
length that all differ at its position (so whichever entry covers the character, it
changes).

The sets below were derived from the dictionaries of OpenCC :data:`OPENCC_VERSION`;
:mod:`corpusprep.cleaners.script` uses them only under that version. To regenerate
them for another version (needs the ``opencc_dict`` tool the wheel ships)::

    python -m corpusprep.cleaners.opencc_sets > corpusprep/cleaners/opencc_sets_data.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .chardata import HAN_RE

__all__ = ["derive", "escape_chars", "opencc_dir"]


def opencc_dir() -> Path:
    """The ``clib`` directory of the installed opencc wheel (tool and dictionaries)."""
    import opencc

    return Path(opencc.__file__).parent / "clib"


def _read_dict(path: Path, tmp: Path) -> list[tuple[str, list[str]]]:
    """The entries ``(key, values)`` of an ``.ocd2`` dictionary, via ``opencc_dict``."""
    out = tmp / (path.stem + ".txt")
    tool = opencc_dir() / "bin" / "opencc_dict"
    subprocess.run([str(tool), "-i", str(path), "-o", str(out), "-f", "ocd2", "-t", "text"],
                   check=True, capture_output=True)
    entries = []
    for line in out.read_text("utf-8").splitlines():
        key, values = line.split("\t")
        entries.append((key, values.split(" ")))
    return entries


def _dict_files(spec: dict) -> list[str]:
    """The dictionary files of one stage's ``dict`` specification (groups flattened)."""
    if spec["type"] == "group":
        return [f for d in spec["dicts"] for f in _dict_files(d)]
    return [spec["file"]]


def _changeable(entries: list[tuple[str, list[str]]]) -> set[str]:
    """Characters of keys at positions where some value differs (all of a key whose
    value has another length)."""
    out: set[str] = set()
    for key, values in entries:
        for v in values:
            if len(v) != len(key):
                out.update(key)
            else:
                out.update(k for k, c in zip(key, v) if k != c)
    return out


def _kept(entries: list[tuple[str, list[str]]]) -> set[str]:
    """Characters of keys at positions where some value keeps them (all of a key whose
    value has another length)."""
    out: set[str] = set()
    for key, values in entries:
        for v in values:
            if len(v) != len(key):
                out.update(key)
            else:
                out.update(k for k, c in zip(key, v) if k == c)
    return out


def derive(config: str) -> tuple[set[str], set[str]]:
    """``(can, always)``: the characters ``config`` changes in some context, and those it
    changes in every context (see the module doc)."""
    import opencc

    share = opencc_dir() / "share" / "opencc"
    cfg = json.loads((share / f"{config}.json").read_text("utf-8"))
    stages = [s["dict"] for s in cfg.get("normalization", []) + cfg["conversion_chain"]]
    with tempfile.TemporaryDirectory() as tmp:
        dicts = [[e for f in _dict_files(s) for e in _read_dict(share / f, Path(tmp))] for s in stages]
    changed = [_changeable(d) for d in dicts]
    can = set().union(*changed)
    earlier = set().union(*changed[:-1])
    kept = _kept([(key, values) for key, values in dicts[-1] if len(key) > 1])
    cc = opencc.OpenCC(config)
    always = {c for c in can - earlier - kept if cc.convert(c) != c}
    return can, always


def escape_chars(chars: set[str]) -> str:
    """Python source for a string of ``chars`` (sorted), ``\\u`` escapes outside the URO
    and Extension A (so no editor's normalization can turn compatibility ideographs into
    unified ones), wrapped in lines."""
    def one(c: str) -> str:
        return c if "\u3400" <= c <= "\u9fff" else c.encode("unicode_escape").decode("ascii")

    items = [one(c) for c in sorted(chars)]
    lines = ["".join(items[i : i + 40]) for i in range(0, len(items), 40)]
    return "(\n" + "".join(f'    "{ln}"\n' for ln in lines) + ")"


def main() -> None:
    import opencc

    can = {c: derive(c) for c in ("t2s", "s2t", "tw2s", "tw2sp", "hk2s")}
    can_t2s, _ = can["t2s"]
    can_s2t, always_s2t = can["s2t"]
    han_only = sorted(c for c, (chars, _) in can.items() if all(HAN_RE.match(x) for x in chars))
    print('"""Generated by ``python -m corpusprep.cleaners.opencc_sets``; see that module."""\n')
    print(f"OPENCC_VERSION = {opencc.__version__!r}")
    print(f"#: conversions that change Han characters only\nHAN_ONLY = {tuple(han_only)!r}")
    print(f"#: characters t2s can change ({len(can_t2s)})")
    print(f"T2S_CAN_CHANGE = {escape_chars(can_t2s)}")
    print(f"#: characters s2t can change ({len(can_s2t)})")
    print(f"S2T_CAN_CHANGE = {escape_chars(can_s2t)}")
    print(f"#: characters s2t changes in every context ({len(always_s2t)})")
    print(f"S2T_ALWAYS_CHANGES = {escape_chars(always_s2t)}")


if __name__ == "__main__":
    sys.exit(main())
