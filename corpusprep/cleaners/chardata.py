"""Character tables shared by the normalization cleaners, built once at import.

Tables live apart from logic (as in ftfy's ``chardata.py``): Han ranges, pinyin
syllables, question words, punctuation folding maps and the ftfy gate. Everything here is
immutable (strings, frozensets, ``str.maketrans`` dicts that nobody mutates).

>>> is_pinyin_syllable("zhuǎn"), is_pinyin_syllable("café"), has_tone_mark("de")
(True, False, False)
>>> is_question_mark("突破口在哪里?动员大会给出了答案", 6)
True
>>> is_question_mark("效果显著?现场", 4)
False
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "BIG5_COMMON",
    "COMMON_PUNCT",
    "FTFY_GATE_RE",
    "FULL_WIDTH_ASCII",
    "HAN",
    "HAN_RE",
    "han_count",
    "HTML_ENTITY_RE",
    "PUNCT_VARIANTS",
    "MAINLAND_QUOTES",
    "PINYIN_SYLLABLES",
    "QUESTION_WORDS",
    "TONE_MARKS",
    "Translation",
    "has_question_word",
    "has_tone_mark",
    "is_common_char",
    "is_pinyin_syllable",
    "is_question_mark",
    "strip_tones",
]

#: Han ideographs: Extension A, the URO, compatibility ideographs, Extensions B and later.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")
_HAN_RUN_RE = re.compile(f"[{HAN}]+")


def han_count(text: str) -> int:
    """How many Han ideographs ``text`` holds (counted by runs, not one match per character).

    >>> han_count("新闻 news 新"), han_count("abc")
    (3, 0)
    """
    return sum(map(len, _HAN_RUN_RE.findall(text)))

#: an HTML character reference (named, decimal or hexadecimal): what the encoding step decodes
#: in a text with tags, and whose ";" the punctuation step leaves alone
HTML_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# -- pinyin --------------------------------------------------------------------------------
#: tone-marked vowels (precomposed) and the base letter each stands for
_TONED = {
    "a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ",
    "n": "ńňǹ", "m": "ḿ",
}
TONE_MARKS = "".join(_TONED.values())
#: combining tone marks (macron, acute, caron, grave) for decomposed pinyin
_COMBINING_TONES = "\u0304\u0301\u030c\u0300"
_STRIP_TONES = str.maketrans(
    {c: base for base, cs in _TONED.items() for c in cs}
    | {c: None for c in _COMBINING_TONES + "\u0308"}  # decomposed ü: u + U+0308
    | {"ɑ": "a", "ɡ": "g", "v": "ü"}  # pinyin fonts' alpha and script g; v for ü
)
_INITIALS = ("", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
             "zh", "ch", "sh", "r", "z", "c", "s", "y", "w")
_FINALS = ("a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er",
           "i", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong",
           "u", "ua", "uo", "uai", "ui", "uan", "un", "uang", "ueng",
           "ü", "üe", "üan", "ün", "ue", "ê")
#: every toneless pinyin syllable (a small over-generation of initial + final is harmless:
#: it only has to reject words such as ``café`` or ``the``)
PINYIN_SYLLABLES = frozenset(
    {i + f for i in _INITIALS for f in _FINALS} | {"m", "n", "ng", "hm", "hng", "ê"}
)
#: characters a pinyin annotation may be made of, tone marks and pinyin-font forms included
PINYIN_CHARS = "a-zü" + TONE_MARKS + _COMBINING_TONES + "\u0308ɑɡ"


class Translation:
    """``str.translate`` of a table of one-character keys, applied by replacing only the
    keys a pattern finds: for a table whose keys are rare in a text, several times faster
    than ``str.translate``, which looks every character of the text up.

    >>> Translation({ord("「"): "“", ord("」"): "”"})("「好」x")
    '“好”x'
    """

    __slots__ = ("_keys", "_to")

    def __init__(self, table: Mapping[int, str | int | None]) -> None:
        self._to = {chr(k): "" if v is None else v if isinstance(v, str) else chr(v) for k, v in table.items()}
        self._keys = re.compile("[" + "".join(map(re.escape, sorted(self._to))) + "]") if self._to else None

    def __call__(self, text: str) -> str:
        if self._keys is None or self._keys.search(text) is None:
            return text
        to = self._to
        return self._keys.sub(lambda m: to[m.group()], text)


def strip_tones(syllable: str) -> str:
    """``"zhuǎn"`` → ``"zhuan"``; decomposed tone marks and ``ɑ``/``ɡ`` are folded too."""
    return syllable.translate(_STRIP_TONES)


def has_tone_mark(syllable: str) -> bool:
    """True if the syllable carries a tone mark (precomposed or combining)."""
    return any(c in TONE_MARKS or c in _COMBINING_TONES for c in syllable)


def is_pinyin_syllable(s: str) -> bool:
    """True if ``s`` is one pinyin syllable, with or without a tone mark."""
    return (
        strip_tones(s) in PINYIN_SYLLABLES
        and sum(c in TONE_MARKS or c in _COMBINING_TONES for c in s) <= 1
    )


# -- question marks ------------------------------------------------------------------------
#: words that make a clause a question; a ``?`` after them is a real question mark
QUESTION_WORDS = (
    "吗", "嗎", "呢", "么", "麼", "什", "甚", "怎", "哪", "谁", "誰", "几", "幾", "多少",
    "何", "难道", "難道", "岂", "豈", "否", "吧", "啊", "呀", "嘛", "咋", "啥", "究竟", "到底",
    "是不是", "有没有", "有沒有", "能不能", "会不会", "會不會", "要不要", "对不对", "對不對",
    "可不可", "好不好", "行不行",
)
_QUESTION_RE = re.compile("|".join(sorted(map(re.escape, QUESTION_WORDS), key=len, reverse=True)))
_CLAUSE_END = frozenset("。，,；;！!？?：:\n“”\"「」『』")


def is_question_mark(text: str, i: int, *, window: int = 40) -> bool:
    """Whether the ``?`` at ``text[i]`` ends a question rather than marking a lost character.

    A ``?`` that ends its clause (followed by the end, a space, a closing quote or other
    punctuation) is a question mark. One squeezed between Han characters is taken for a
    question mark only if its clause (back to the previous punctuation) holds a question
    word: ``哪里?動員`` is a question, ``顯著?現場`` a lost character.
    """
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt in "(?？" and nxt:
        return False  # a lost character before its pinyin, or a run of lost characters
    if not nxt or not HAN_RE.match(nxt):
        return not (i and text[i - 1] in "?？")
    j = i - 1
    lo = max(0, i - window)
    while j >= lo and text[j] not in _CLAUSE_END:
        j -= 1
    if j >= 0 and j >= lo and text[j] in "?？":
        return False
    return _QUESTION_RE.search(text, j + 1, i) is not None


def has_question_word(text: str, i: int, *, window: int = 40) -> bool:
    """Whether the clause ending at ``text[i]`` holds a question word.

    >>> has_question_word("你去哪里?", 4), has_question_word("效果显著?", 4)
    (True, False)
    """
    j = i - 1
    lo = max(0, i - window)
    while j >= lo and text[j] not in _CLAUSE_END:
        j -= 1
    return _QUESTION_RE.search(text, j + 1, i) is not None


# -- encoding ------------------------------------------------------------------------------
#: common full-width punctuation: the only characters inferred for a lost GBK/Big5 lead byte
COMMON_PUNCT = frozenset("。，、；：？！“”‘’（）《》")


def _han_of_codes(codec: str, leads: range, trails: list[int], lowest: int, highest: int) -> frozenset[str]:
    """URO Han characters whose ``codec`` code (two bytes) lies in ``lowest..highest``.

    Built by decoding each code of the range (~5,000 decodes) and keeping the characters
    that encode back into it (a duplicate code decodes to a character whose own code may
    lie elsewhere): the same set as encoding all 20,992 URO characters, four times faster
    (worker start-up pays it).
    """
    found = set()
    for lead in leads:
        for trail in trails:
            if not lowest <= (lead << 8 | trail) <= highest:
                continue
            try:
                ch = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and "\u4e00" <= ch <= "\u9fff":
                found.add(ch)
    return frozenset(ch for ch in found if lowest <= int.from_bytes(ch.encode(codec), "big") <= highest)


#: Big5 level 1: the 5,401 common Traditional characters (A440–C67E)
BIG5_COMMON = _han_of_codes("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], 0xA440, 0xC67E)
#: GB2312 Han characters: the 6,763 common Simplified characters
GB2312_HAN = _han_of_codes("gb2312", range(0xA1, 0xFF), [*range(0xA1, 0xFF)], 0xA1A1, 0xFEFE)


def is_common_char(ch: str) -> bool:
    """A common Han character (GB2312 or Big5 level 1) or common punctuation.

    >>> is_common_char("現"), is_common_char("现"), is_common_char("仯")
    (True, True, False)
    """
    return ch in GB2312_HAN or ch in BIG5_COMMON or ch in COMMON_PUNCT


#: ASCII → full-width forms (the scraper's folding undone when re-encoding mojibake)
FULL_WIDTH_ASCII = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})

#: Characters without which ftfy's ``fix_text`` (with :data:`encoding`'s configuration)
#: provably returns a segment unchanged: every alternative of ftfy's ``BADNESS_RE``
#: needs one of them (Latin-1 and Latin Extended letters, Greek, Cyrillic, box drawing,
#: C1 controls, currency, maths and cp1252 symbols), and the other enabled fixes need
#: ``&`` (HTML entities), ESC (terminal escapes) or a surrogate. Curly quotes, dashes and
#: the ellipsis are deliberately absent: alone they never make ftfy change a thing, and
#: Chinese news is full of them.
FTFY_GATE_RE = re.compile(
    "[\u0080-\u04ff\u2020\u2021\u2030\u2039\u203a\u2044\u20a7\u20ac\u2116\u2122"
    "\u2202\u2206\u220f\u2211\u221a\u221e\u2229\u222b\u2248\u2260\u2261\u2264\u2265"
    "\u2310\u2500-\u259f\u25ca\uf8ff\ufb01\ufb02\ufffd&\x1b\ud800-\udfff]"
)

# -- punctuation ---------------------------------------------------------------------------
#: small, vertical and half-width presentation forms → the standard full-width marks
PUNCT_VARIANTS = str.maketrans({
    "﹐": "，", "﹑": "、", "﹒": "．", "﹔": "；", "﹕": "：", "﹖": "？", "﹗": "！",
    "﹙": "（", "﹚": "）", "﹛": "｛", "﹜": "｝", "﹝": "〔", "﹞": "〕",
    "︐": "，", "︑": "、", "︒": "。", "︓": "：", "︔": "；", "︕": "！", "︖": "？",
    "︗": "〖", "︘": "〗", "︙": "…", "︰": "：", "︱": "—", "︲": "–",
    "︵": "（", "︶": "）", "︷": "｛", "︸": "｝", "︹": "〔", "︺": "〕", "︻": "【", "︼": "】",
    "︽": "《", "︾": "》", "︿": "〈", "﹀": "〉", "﹁": "「", "﹂": "」", "﹃": "『", "﹄": "』",
    "､": "、", "｡": "。", "｢": "「", "｣": "」",
})
#: 「」『』 → “”‘’ (the mainland convention)
MAINLAND_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})
