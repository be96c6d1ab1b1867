"""Encoding repair: mojibake that survived decoding.

ftfy repairs UTF-8 text that was decoded as Latin-1/cp1252, with a CJK-safe configuration
(no width folding, no quote uncurling: both corrupt Chinese punctuation). It is called
only on lines that show signs of such mojibake, so clean text costs almost nothing.
Damage ftfy cannot see (``锟斤拷``, U+FFFD runs, a ``?`` standing for a lost character)
is flagged as a quality signal with its position.

>>> from corpusprep.steps import Context
>>> ctx = Context("t")
>>> RepairEncoding().apply("ä¸\\xadæ\\x96\\x87新闻", ctx).text
'中文新闻'
>>> _ = RepairEncoding().apply("效果顯著?,F場", ctx); ctx.flags["mojibake"]
1
"""

from __future__ import annotations

import re

import ftfy

from ..document import Edit
from ..steps import Context, EditStep

__all__ = ["RepairEncoding"]

_FTFY_CONFIG = ftfy.TextFixerConfig(
    fix_character_width=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    normalization=None,
    explain=False,
)
# Latin-1/cp1252 characters that UTF-8 mojibake of CJK text is made of.
_SUSPECT_RE = re.compile(r"[^\n]*[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122][\u0080-\u00ff\u0152-\u2122][^\n]*")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RESIDUE_RE = re.compile(
    rf"(?:锟斤拷)+|(?:烫)+(?=烫)|(?:屯)+(?=屯)|\ufffd+"
    rf"|(?<=[{_HAN}])\?[,，][A-Za-z](?=[{_HAN}])"  # byte-misaligned GBK: 。現 -> ?,F
    rf"|(?<=[{_HAN}])\?+(?=[{_HAN}])"  # a lost character between Han characters
)


class RepairEncoding(EditStep):
    """Repair UTF-8/Latin-1 mojibake with ftfy on suspect lines; flag residue it can't fix."""

    name = "encoding"
    version = "1"

    def config(self) -> dict[str, str]:
        return {"ftfy": ftfy.__version__}

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        out = []
        for m in _SUSPECT_RE.finditer(text):
            fixed = ftfy.fix_text(m.group(), _FTFY_CONFIG)
            if fixed != m.group():
                out.append(Edit(m.start(), m.end(), m.group(), fixed, "encoding.ftfy", "encoding"))
        for m in _RESIDUE_RE.finditer(text):
            ctx.flag("mojibake", span=m.span())
        return out
