"""Traditional → Simplified folding with OpenCC.

OpenCC's phrase tables map most text one character for one, so the fold keeps offsets.
Where a phrase mapping changes the length of a line, that line becomes an
:class:`~corpusprep.document.Edit` so offsets stay exact.

>>> to_simplified("國際時尚城 乾隆 於是")
'国际时尚城 乾隆 于是'
"""

from __future__ import annotations

import functools
import re

import opencc

from ..document import Edit
from ..errors import ConfigError
from ..steps import Context, Step, StepResult, count_changed

__all__ = ["CONVERSIONS", "FoldToSimplified", "detect_script", "to_simplified"]

#: OpenCC configurations that produce Simplified Chinese.
CONVERSIONS = ("t2s", "tw2s", "tw2sp", "hk2s")

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@functools.lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    if config not in CONVERSIONS and config != "s2t":
        raise ConfigError(f"unknown OpenCC conversion {config!r}; choose one of {CONVERSIONS}")
    return opencc.OpenCC(config)


def to_simplified(text: str, conversion: str = "t2s") -> str:
    """Fold Traditional characters to Simplified (OpenCC ``t2s`` by default).

    >>> to_simplified("責任編輯")
    '责任编辑'
    """
    return _converter(conversion).convert(text)


def detect_script(text: str, folded: str | None = None) -> str:
    """``"traditional"``, ``"simplified"``, ``"mixed"`` or ``"none"`` (no Han characters).

    >>> detect_script("國際時尚城"), detect_script("国际时尚城"), detect_script("abc")
    ('traditional', 'simplified', 'none')
    """
    han = len(_HAN_RE.findall(text))
    if han == 0:
        return "none"
    folded = to_simplified(text) if folded is None else folded
    trad = count_changed(text, folded) if len(folded) == len(text) else han
    if trad == 0:
        return "simplified"
    simp_only = count_changed(text, _converter("s2t").convert(text)) if trad < han else 0
    # text already Traditional yields few changes under s2t; Simplified text many
    if trad >= 0.05 * han and simp_only <= 0.02 * han:
        return "traditional"
    if trad < 0.01 * han:
        return "simplified"
    return "mixed"


class FoldToSimplified(Step):
    """Fold the document to Simplified script and label its original script in ``meta``."""

    name = "script"
    version = "1"

    def __init__(self, conversion: str = "t2s") -> None:
        _converter(conversion)  # validate now
        self.conversion = conversion

    def config(self) -> dict[str, str]:
        return {"conversion": self.conversion, "opencc": getattr(opencc, "__version__", "?")}

    def apply(self, text: str, ctx: Context) -> StepResult:
        conv = _converter(self.conversion)
        new = conv.convert(text)
        if len(new) == len(text):
            ctx.meta["script"] = detect_script(text, new)
            return StepResult(new, [], count_changed(text, new))
        # Rare: a phrase mapping changed a length. Fold line by line; lines whose length
        # changed become edits.
        edits: list[Edit] = []
        parts: list[str] = []
        folded = 0
        pos = 0
        for line in text.split("\n"):
            conv_line = conv.convert(line)
            if len(conv_line) == len(line):
                folded += count_changed(line, conv_line)
            else:
                edits.append(Edit(pos, pos + len(line), line, conv_line, "script.opencc_phrase", "script"))
            parts.append(conv_line)
            pos += len(line) + 1
        ctx.meta["script"] = detect_script(text)
        return StepResult("\n".join(parts), edits, folded)
