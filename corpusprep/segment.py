"""Paragraphs and sentences as offsets: segmentation never changes the text.

The one exception is :class:`ReflowPageBreaks`, an :class:`~corpusprep.steps.EditStep` that
re-joins a paragraph a page or column break cut in two (``要拿出更`` / ``加有力有效的举措``);
each join is an :class:`~corpusprep.document.Edit`, so offsets stay exact.

Sentences end at ``。！？!?`` and ellipses; closing quotes and brackets stay on the
sentence they close. Numbers, URLs, e-mail addresses, ellipsis runs and Latin
abbreviations are never split, nor is a title mark or bracket pair that closes on its line
(``《你好！李焕英》``); an ellipsis inside an utterance (``……等``, ``因为……``) and a mark inside
a Latin name (``Yahoo!的``) end nothing. See ``docs/segmentation.md`` for the rules and
their limits.

>>> split_sentences("他说：“我们到了。”然后走了！增长4.7%……好。")
['他说：“我们到了。”', '然后走了！', '增长4.7%……', '好。']
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache, partial
from typing import Literal, NamedTuple

from .document import Edit
from .errors import ConfigError, OffsetError
from .steps import Context, EditStep

__all__ = [
    "ReflowPageBreaks",
    "Sentence",
    "SentenceSplitter",
    "detect_paragraph_style",
    "paragraph_spans",
    "sentence_spans",
    "split_sentences",
]

ParagraphStyle = Literal["blank", "line"]

# --------------------------------------------------------------------------------------------
# Character tables (built once; the logic below only refers to them by name)

#: characters that end a sentence (an ellipsis is handled as a run of its own)
TERMINALS = "。！？!?‼⁇⁈⁉"
#: ellipsis characters; ``...`` and ``..`` count as ellipses too
ELLIPSES = "…⋯"
#: closing quotes and brackets, kept on the sentence they close
CLOSERS = "”’」』）)》〉】〕］]｝}"
#: straight quotes: closers or openers depending on context
STRAIGHT_QUOTES = "\"'＂＇"
#: after a terminator (and its closers) these mean the sentence goes on: “好！”，他说
CONTINUERS = "，、,；;：:"
#: soft-cut points for over-long sentences, strongest first
SEMICOLONS = "；;"
COMMAS = "，,"
#: pairs whose inside is kept whole when ``quotes="keep"``
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "﹁": "﹂", "﹃": "﹄"}
#: title marks and brackets: a terminator inside a pair that closes on the same line ends
#: nothing (《你好！李焕英》, （注意！）), and no cut falls inside such a pair
BRACKET_PAIRS = {"《": "》", "〈": "〉", "（": "）", "【": "】"}
#: characters that never begin a sentence: after an ellipsis or after a mark glued to a Latin
#: word they continue the utterance (被子植物……等植物化石, ……吧, Yahoo！的总部)
NON_INITIAL = "的等吧呢吗嘛啦呀哦"
#: words that begin with a :data:`NON_INITIAL` character and can begin a sentence
INITIAL_WORDS = ("的确", "的士")
#: words that cannot end an utterance: an ellipsis right after one is a pause inside it
#: (因为……我饿了, 我和……他)
HANGING = ("的", "和", "与", "跟", "把", "被", "给", "从", "向", "及", "或", "如果", "因为", "虽然",
           "但是", "可是", "所以", "而且", "就是")

#: Latin abbreviations that end with a period which does not end the sentence
ABBREVIATIONS = (
    "Mr Mrs Ms Mx Dr Prof Sr Jr St Mt Messrs Rev Hon Gen Col Lt Capt Sgt Cmdr Adm Gov Sen "
    "Rep Pres Supt Insp Inc Ltd Co Corp Bros Dept Univ Assn Ave Blvd Rd No Nos Vol Vols pp "
    "Fig Figs Eq Ch Sec Art approx est vs cf al Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct "
    "Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Ph Op Ed Eds"
).split()

_CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# Stretches inside which no sentence boundary is placed. Order matters: the first
# alternative that matches at a position wins, and matching consumes the stretch.
_PROTECTED = (
    # e-mail address
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    # URL with a scheme or www.: URL characters (RFC 3986), giving back a trailing
    # period, comma, colon, quote or bracket
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9/_\-=#%&~+]",
    # bare domain name: people.com.cn, xinhuanet.com
    r"(?<![A-Za-z0-9-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\."
    r"(?:com|cn|net|org|gov|edu|io|info|biz|int|mil|hk|tw|mo|jp|kr|uk|de|fr|ru|us)(?![A-Za-z0-9-])",
    # dotted acronyms: U.S. e.g. i.e. Ph.D. a.m.
    r"(?<![A-Za-z])(?:[A-Za-z]{1,2}\.){2,}",
    # known abbreviations
    r"(?<![A-Za-z])(?:" + "|".join(ABBREVIATIONS) + r")\.",
    # an initial before a capitalised name: J. K. Rowling
    r"(?<![A-Za-z])[A-Z]\.(?=[ \u00a0]?[A-Z])",
    # numbers with decimal points, thousands separators, times, versions: 4.7 1,234.5 v1.2.3
    r"\d+(?:[.,:．·]\d+)+",
    # a list marker at the start of a line: 1. a) (i)
    r"(?:^|(?<=\n))[ \t]*(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5})[.．](?!\d)",
)
_TERM_RUN = rf"(?:[{TERMINALS}]|[{ELLIPSES}]+|\.{{2,}}|[.．])+"
#: "island" characters: every character a match of the scanning pattern (``_PROTECTED``,
#: terminator runs, newline) can hold, and a few more. A match never crosses any other
#: character, so the scan can go island by island, each scanned up to its own end: no
#: look-ahead tells a non-island character from the end of the text (U+00A0 is an island
#: character for that reason: the initial's look-ahead ``[ \u00a0]?[A-Z]`` reads it).
_ISLAND_CHARS = frozenset("\t\n\u00a0．·" + "".join(map(chr, range(0x20, 0x7F))) + TERMINALS + ELLIPSES + SEMICOLONS)
_ISLAND_CLASS = rf"[\t\n\x20-\x7e\u00a0\d．·{TERMINALS}{ELLIPSES}{SEMICOLONS}]"  # \d is str.isdecimal
_ISLAND_RE = re.compile(f"{_ISLAND_CLASS}+")
#: after a lone ``。`` none of these follows: it ends the sentence right there (the fast path)
_AFTER_STOP = frozenset(CLOSERS + STRAIGHT_QUOTES + CONTINUERS)
_PAIR_CHAR_RE = re.compile("[\n" + "".join(BRACKET_PAIRS) + "".join(BRACKET_PAIRS.values()) + "]")
_PAIR_OPENER = {v: k for k, v in BRACKET_PAIRS.items()}
_PAIR_OPENERS_RE = re.compile("[" + "".join(BRACKET_PAIRS) + "]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_QUOTE_CHAR_RE = re.compile("[\n\"" + "".join(QUOTE_PAIRS) + "".join(QUOTE_PAIRS.values()) + "]")
_MARK_RES = {SEMICOLONS: re.compile(f"[{SEMICOLONS}]"), COMMAS: re.compile(f"[{COMMAS}]")}

_LATIN_ALNUM_RE = re.compile(r"[A-Za-z0-9]")
_CJK_RE = re.compile(rf"[{_CJK_RANGES}]")
_LOWER_RE = re.compile(r"[a-z]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_RE.match(ch) is not None


def _in_island(ch: str) -> bool:
    return ch in _ISLAND_CHARS or ch.isdecimal()


# --------------------------------------------------------------------------------------------
# Sentences


class Sentence(NamedTuple):
    """One sentence: half-open offsets, and whether it ends at a soft cut.

    ``soft`` is true when the sentence was cut at ``；`` or ``，`` because it ran over
    ``max_chars``, not at a sentence terminator.
    """

    start: int
    end: int
    soft: bool = False


_sentence = partial(tuple.__new__, Sentence)  # Sentence from a 3-tuple, without the keyword wrapper


class _SplitterConfig(NamedTuple):
    semicolon: bool
    max_chars: int | None
    quotes: str


class SentenceSplitter:
    """A configured sentence splitter; the configuration is frozen at construction.

    Why a class: the terminator set depends on options (``；`` as a terminator), so the
    scanning pattern is compiled once per configuration, never per document.

    - ``semicolon``: ``；``/``;`` also end sentences.
    - ``max_chars``: sentences longer than this are cut after ``；`` and then after ``，``
      into pieces of at most ``max_chars`` where the clauses allow; those cuts are *soft*.
    - ``quotes``: ``"split"`` (default) ends sentences inside quotations too;
      ``"keep"`` keeps a quotation that holds several sentences in one sentence.

    >>> s = SentenceSplitter(semicolon=True)
    >>> s.split("一是精准指导；二是精准服务。")
    ['一是精准指导；', '二是精准服务。']
    >>> SentenceSplitter(max_chars=8).sentences("甲乙丙丁戊，己庚辛壬癸。")
    [Sentence(start=0, end=6, soft=True), Sentence(start=6, end=12, soft=False)]
    >>> SentenceSplitter(quotes="keep").split("他说：“到了。走吧！”然后走了。")
    ['他说：“到了。走吧！”', '然后走了。']
    """

    __slots__ = ("_candidate", "_cfg", "_re", "_term_chars")

    #: the boundary rules' version, in the pipeline's configuration (fingerprint): "2" added
    #: title marks and brackets, ellipses inside an utterance, marks inside Latin names
    version = "2"

    def __init__(
        self,
        *,
        semicolon: bool = False,
        max_chars: int | None = None,
        quotes: Literal["split", "keep"] = "split",
    ) -> None:
        if not isinstance(semicolon, bool):
            raise ConfigError(f"semicolon must be True or False, got {semicolon!r}")
        if max_chars is not None and (
            isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 2
        ):
            raise ConfigError(f"max_chars must be None or an integer >= 2, got {max_chars!r}")
        if quotes not in ("split", "keep"):
            raise ConfigError(f"quotes must be 'split' or 'keep', got {quotes!r}")
        object.__setattr__(self, "_cfg", _SplitterConfig(semicolon, max_chars, quotes))
        term = _TERM_RUN
        if semicolon:
            term = rf"(?:[{TERMINALS}{SEMICOLONS}]|[{ELLIPSES}]+|\.{{2,}}|[.．])+"
        object.__setattr__(self, "_term_chars", TERMINALS + (SEMICOLONS if semicolon else ""))
        pattern = "|".join(f"(?:{p})" for p in _PROTECTED) + f"|(?P<term>{term})|(?P<nl>\n)"
        # A cheap first-character test in front of the alternation makes the scan ~10x
        # faster: most characters (ideographs) cannot start any alternative.
        starts = re.escape(TERMINALS + ELLIPSES + ".．" + (SEMICOLONS if semicolon else ""))
        first = rf"(?=[A-Za-z\d._%+\-\s{starts}])"
        object.__setattr__(self, "_re", re.compile(f"{first}(?:{pattern})"))
        # a character that can start a terminator run or a newline (where a cut can be), and
        # the rest of its island
        object.__setattr__(self, "_candidate", re.compile(f"[{starts}\n]{_ISLAND_CLASS}*"))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen; build a new one instead")

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # pickled by configuration (worker processes rebuild it), since it is frozen
        return (_splitter, tuple(self._cfg))

    def __repr__(self) -> str:
        c = self._cfg
        return f"SentenceSplitter(semicolon={c.semicolon!r}, max_chars={c.max_chars!r}, quotes={c.quotes!r})"

    def config(self) -> dict[str, object]:
        """The settings as plain data (for a pipeline fingerprint)."""
        return dict(self._cfg._asdict())

    # -- public ------------------------------------------------------------------------------
    def split(self, text: str) -> list[str]:
        """The sentences of ``text`` as strings."""
        return [text[s.start : s.end] for s in self.sentences(text)]

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of each sentence of ``text[start:end]``, in ``text`` offsets."""
        return [(s.start, s.end) for s in self.sentences(text, start, end)]

    def sentences(self, text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
        """The :class:`Sentence` records of ``text[start:end]``, in ``text`` offsets.

        They tile the stretch except for whitespace between them; none is empty.
        """
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}; decode bytes first")
        n = len(text)
        end = n if end is None else end
        if not (0 <= start <= end <= n):
            raise OffsetError(f"[{start}, {end}) is not a stretch of a text of length {n}")
        return self._sentences(text, start, end)

    # -- internals ---------------------------------------------------------------------------
    def _sentences(self, text: str, start: int, end: int) -> list[Sentence]:
        keep = self._quote_spans(text, start, end) if self._cfg.quotes == "keep" else []
        out: list[Sentence] = []
        a = start
        for b in [*self._boundaries(text, start, end, keep), end]:
            if a < b and not text[a].isspace() and not text[b - 1].isspace():
                out.append(_sentence((a, b, False)))  # nothing to strip (the common case)
            else:
                s, e = _strip(text, a, b)
                if e > s:
                    out.append(Sentence(s, e))
            a = b
        if self._cfg.max_chars is not None:
            out = [piece for sent in out for piece in self._soft_cut(text, sent, keep)]
        return out

    def _boundaries(self, text: str, start: int, end: int, keep: list[tuple[int, int]]) -> list[int]:
        """Offsets where a sentence ends (after its terminators and closers).

        The cuts of the matches of ``self._re.finditer(text, start, end)``, found by scanning
        only the islands (runs of ``_ISLAND_CHARS``) that hold a terminator or newline: scanning
        island by island finds the same matches, and an island without a terminator or newline
        holds only protected stretches, which cut nothing.
        """
        cuts: list[int] = []
        line_start = start
        pos = start
        # title marks and brackets are rare: one search decides whether to look for pairs
        pairs = _pair_spans(text, start, end) if _PAIR_OPENERS_RE.search(text, start, end) else None
        find = self._candidate.search
        while (c := find(text, pos, end)) is not None:
            island = t = c.start()
            while island > pos and _in_island(text[island - 1]):
                island -= 1
            pos = c.end()
            if island == t == pos - 1 and text[t] == "。" and (pos == end or text[pos] not in _AFTER_STOP):
                # a lone 。 followed by nothing that carries the sentence on: the scan would find
                # just this terminator run, and _after_terminator would end the sentence here
                if not (keep and _inside(keep, pos)) and not (pairs and _inside(pairs, t)):
                    cuts.append(pos)
                continue
            for m in self._re.finditer(text, island, pos):
                if m.lastgroup == "nl":
                    cuts.append(m.start())
                    line_start = m.end()
                    continue
                if m.lastgroup != "term":
                    continue
                sent_start = cuts[-1] if cuts and cuts[-1] > line_start else line_start
                cut = self._after_terminator(text, m.start(), m.end(), end, line_start, sent_start)
                if cut is None or keep and _inside(keep, cut) or pairs and _inside(pairs, m.start()):
                    continue
                cuts.append(cut)
        return cuts

    def _after_terminator(
        self, text: str, t0: int, t1: int, end: int, line_start: int, sent_start: int
    ) -> int | None:
        """Where the sentence whose terminator run is ``text[t0:t1]`` ends, or None.

        ``sent_start`` is where the current sentence began; left context is never read
        before it, so a sentence split again on its own splits the same way.
        """
        run = text[t0:t1]
        pos, quote_closed = _closers(text, t1, end, line_start)
        # “好！”。 : terminators after closers belong to the same run
        while pos < end and (text[pos] in self._term_chars or text[pos] in ELLIPSES):
            m = self._re.match(text, pos, end)
            if m is None or m.lastgroup != "term":
                break
            run += m.group()
            pos, quote_closed = _closers(text, m.end(), end, line_start)
        if quote_closed:
            return pos
        nxt = text[pos] if pos < end else ""
        if nxt and nxt in CONTINUERS:
            return None
        prev = text[t0 - 1] if t0 > line_start else ""
        after = _next_visible(text, pos, end)
        if run in (".", "．"):
            return pos if _period_ends(prev, nxt, after) else None
        if set(run) <= set("!?") and nxt and _LATIN_ALNUM_RE.match(nxt):
            return None  # Yahoo!News, a?b
        if set(run) <= set("!?！？") and t0 > sent_start and _LATIN_RE.match(text[t0 - 1]) and (
            _non_initial(text, pos, end) or (_is_cjk(nxt) and set(run) <= set("!?"))
        ):
            return None  # Yahoo!的总部 / Yahoo！的: a mark inside a Latin name, not a sentence end
        if nxt.islower() and "。" not in run:
            return None  # ?dāng, a?b: a mark glued to a lowercase word ends nothing
        is_ellipsis = all(c in ELLIPSES or c == "." for c in run)
        if is_ellipsis and pos == t0 + len(run) and (_non_initial(text, pos, end) or _hangs(text, sent_start, t0)):
            return None  # 植物……等化石, 因为……我饿了: a pause inside the utterance (no quote closed it)
        if is_ellipsis and nxt.isspace() and after and _LOWER_RE.match(after):
            return None  # "and so... we went on"
        if is_ellipsis and _stutter(text, sent_start, t0, pos, end):
            return None  # 我……我不知道: a disfluency, not a sentence end
        if run[-1] in "." and not is_ellipsis and nxt and _LOWER_RE.match(nxt):
            return None
        return pos

    def _quote_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Matched quotation pairs ``(open, close_end)``, outermost only, for ``quotes="keep"``."""
        stack: list[tuple[str, int]] = []
        pairs: list[tuple[int, int]] = []
        straight = -1
        for m in _QUOTE_CHAR_RE.finditer(text, start, end):  # other characters change nothing
            c, i = m.group(), m.start()
            if c == "\n":
                stack.clear()
                straight = -1
            elif c in QUOTE_PAIRS:
                stack.append((QUOTE_PAIRS[c], i))
            elif stack and c == stack[-1][0]:
                _, o = stack.pop()
                pairs.append((o, i + 1))
            elif c == '"':
                if straight < 0:
                    straight = i
                else:
                    pairs.append((straight, i + 1))
                    straight = -1
        return _merge_spans(pairs)

    def _protected(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        """Stretches of ``text[a:b]`` no cut may fall inside (numbers, URLs, ellipses ...).

        ``self._re.finditer(text, a, b)``, island by island (see :meth:`_boundaries`).
        """
        return [
            m.span()
            for island in _ISLAND_RE.finditer(text, a, b)
            for m in self._re.finditer(text, island.start(), island.end())
            if m.lastgroup != "nl"
        ]

    def _soft_cut(self, text: str, sent: Sentence, keep: list[tuple[int, int]]) -> list[Sentence]:
        limit = self._cfg.max_chars
        assert limit is not None
        if sent.end - sent.start <= limit:
            return [sent]
        pieces = [(sent.start, sent.end)]
        for marks in (SEMICOLONS, COMMAS):
            nxt: list[tuple[int, int]] = []
            for a, b in pieces:
                if b - a <= limit:
                    nxt.append((a, b))
                    continue
                points = [
                    _take_closers(text, m.end(), b, a)
                    for m in _MARK_RES[marks].finditer(text, a, b - 1)
                    if not (m.group() == "," and _digit_comma(text, m.start()))
                ]
                prot = self._protected(text, a, b)
                pairs = _pair_spans(text, a, b)
                points = [p for p in points
                          if a < p < b and not _inside(keep, p) and not _inside(prot, p) and not _inside(pairs, p)]
                nxt.extend(_pack(a, b, points, limit))
            pieces = nxt
        out = []
        for k, (a, b) in enumerate(pieces):
            s, e = _strip(text, a, b)
            if e > s:
                out.append(Sentence(s, e, soft=k < len(pieces) - 1))
        if out:
            out[-1] = out[-1]._replace(soft=sent.soft)
        return out


def _stutter(text: str, sent_start: int, t0: int, pos: int, end: int) -> bool:
    """Does the text after an ellipsis repeat the one to three characters before it?

    >>> _stutter("那个……那个，好", 0, 2, 4, 8), _stutter("等一下……好了", 0, 3, 5, 7)
    (True, False)
    """
    for k in (1, 2, 3):
        if t0 - k < sent_start or pos + k > end:
            break
        left = text[t0 - k : t0]
        if left == text[pos : pos + k] and all(_is_cjk(c) for c in left):
            return True
    return False


def _non_initial(text: str, pos: int, end: int) -> bool:
    """Does ``text[pos:end]`` begin with a character that never begins a sentence?

    >>> _non_initial("等植物", 0, 3), _non_initial("的确", 0, 2), _non_initial("", 0, 0)
    (True, False, False)
    """
    return pos < end and text[pos] in NON_INITIAL and not any(
        text.startswith(w, pos, end) for w in INITIAL_WORDS
    )


def _hangs(text: str, sent_start: int, t0: int) -> bool:
    """Does the sentence, up to ``t0``, end with a word of :data:`HANGING`?

    >>> _hangs("因为……", 0, 2), _hangs("他犹豫了……", 0, 4)
    (True, False)
    """
    return any(t0 - len(w) >= sent_start and text.startswith(w, t0 - len(w)) for w in HANGING)


def _pair_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(open, close_end)`` of the title marks and brackets of :data:`BRACKET_PAIRS` that
    open and close on the same line of ``text[start:end]``, overlapping ones merged.

    Each kind is matched with its own stack; an unmatched opener or closer protects nothing.

    >>> _pair_spans("看《你好！李焕英》。（完", 0, 12)
    [(1, 9)]
    """
    stacks: dict[str, list[int]] = {c: [] for c in BRACKET_PAIRS}
    pairs: list[tuple[int, int]] = []
    for m in _PAIR_CHAR_RE.finditer(text, start, end):
        c, i = m.group(), m.start()
        if c == "\n":
            for st in stacks.values():
                st.clear()
        elif c in stacks:
            stacks[c].append(i)
        else:
            st = stacks[_PAIR_OPENER[c]]
            if st:
                pairs.append((st.pop(), i + 1))
    return _merge_spans(pairs)


def _merge_spans(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``pairs`` sorted, overlapping ones merged.

    >>> _merge_spans([(5, 9), (0, 3), (2, 4)])
    [(0, 4), (5, 9)]
    """
    pairs.sort()
    merged: list[tuple[int, int]] = []
    for a, b in pairs:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _digit_comma(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _pack(a: int, b: int, points: list[int], limit: int) -> list[tuple[int, int]]:
    """Cut ``[a, b)`` at ``points`` greedily into pieces of at most ``limit`` characters.

    A clause longer than ``limit`` stays whole. Every piece longer than ``limit`` has no cut
    point inside it, so cutting a piece again changes nothing (idempotence).
    """
    out = []
    points = sorted(set(points))
    while b - a > limit:
        i = bisect.bisect_right(points, a + limit) - 1
        if i >= 0 and points[i] > a:
            p = points[i]
        else:
            j = bisect.bisect_right(points, a)
            if j >= len(points):
                break
            p = points[j]
        out.append((a, p))
        a = p
    out.append((a, b))
    return out


def _take_closers(text: str, pos: int, end: int, line_start: int) -> int:
    """Move ``pos`` past the closing quotes and brackets that follow a terminator."""
    return _closers(text, pos, end, line_start)[0]


def _closers(text: str, pos: int, end: int, line_start: int) -> tuple[int, bool]:
    """``(pos, quote_closed)``: ``pos`` moved past the closers after a terminator.

    A straight quote closes when a quotation is open on the line (odd count before it) or
    when nothing readable follows it; otherwise it opens the next sentence.
    ``quote_closed`` says a straight quote closed *because* of the count while a word
    follows it (``"到了。"然后``): a sentence end whatever comes next, so that the sentence,
    split again without the text before it, ends in the same place.
    """
    closed = False
    while pos < end:
        c = text[pos]
        if c in CLOSERS:
            pos += 1
            continue
        if c in STRAIGHT_QUOTES:
            after = text[pos + 1] if pos + 1 < end else ""
            followed_by_word = bool(after) and (after.isalnum() or _is_cjk(after))
            if c in "\"＂":
                open_quote = (text.count(c, line_start, pos) % 2) == 1
                if open_quote or not followed_by_word:
                    closed = closed or followed_by_word
                    pos += 1
                    continue
            elif not followed_by_word:
                pos += 1
                continue
        break
    return pos, closed


def _next_visible(text: str, pos: int, end: int) -> str:
    while pos < end and text[pos] in " \t\u00a0\u3000":
        pos += 1
    return text[pos] if pos < end else ""


def _period_ends(prev: str, nxt: str, after: str) -> bool:
    """Does a lone ``.`` end a sentence, given the characters around it?

    ``prev`` is the character before it, ``nxt`` the one after its closers, ``after`` the
    first non-space character from there.
    """
    if not nxt:
        return True
    if nxt.isspace():
        # "left. Then", "left. 他", "left. “Yes"; not "approx. fifty" (lowercase goes on)
        return not after or not (_LOWER_RE.match(after) or after in CONTINUERS)
    if _is_cjk(nxt):
        # 他走了.然后 / He left.他 — but not after a digit alone (numbered "3.章")
        return bool(prev) and not prev.isdigit()
    return nxt in "“‘「『（(《【\"'"


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` strictly inside one of the sorted, disjoint ``spans``?"""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1]


@lru_cache(maxsize=32)
def _splitter(semicolon: bool = False, max_chars: int | None = None, quotes: str = "split") -> SentenceSplitter:
    return SentenceSplitter(semicolon=semicolon, max_chars=max_chars, quotes=quotes)  # type: ignore[arg-type]


def sentence_spans(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    semicolon: bool = False,
    max_chars: int | None = None,
    quotes: Literal["split", "keep"] = "split",
) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets within ``text[start:end]``, in ``text`` offsets.

    They tile the stretch except for whitespace between sentences. A newline always ends
    a sentence. Keywords are those of :class:`SentenceSplitter`.

    >>> t = "标题\\n增长4.7%。详见www.gov.cn。"
    >>> [t[a:b] for a, b in sentence_spans(t, 3)]
    ['增长4.7%。', '详见www.gov.cn。']
    """
    return _splitter(semicolon, max_chars, quotes).spans(text, start, end)


def split_sentences(text: str, **options: object) -> list[str]:
    """Split text into sentences; closing quotes stay with their sentence.

    Keywords are those of :class:`SentenceSplitter`.

    >>> split_sentences("He said: “Mr. Li left.” 然后呢？")
    ['He said: “Mr. Li left.”', '然后呢？']
    """
    return _splitter(**options).split(text)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Paragraphs

#: with the spaces `` \t\u3000`` taken out of the text, a separator between paragraphs is a
#: run of newlines between two non-space characters; the leading literal ``\n`` keeps the
#: search fast (a pattern that starts with ``\S`` is tried at every character)
_BLANK_SEP_RE = re.compile(r"\n(?<=\S\n)\n+(?=\S)")
_SINGLE_SEP_RE = re.compile(r"\n(?<=\S\n)(?=\S)")
#: a line without the whitespace at its ends, empty lines skipped (``\S`` is ``not str.isspace``)
_LINE_CONTENT_RE = re.compile(r"\S(?:[^\n]*\S)?")

#: a line that opens a list item: 一、 （一） 1. 1、 ① ● - 第三条
_LIST_ITEM_RE = re.compile(
    r"[ \t]*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}[、.．)）](?!\d)"
    r"|[①-⑳⑴-⒇⒈-⒛]|[●○■□◆◇▲△▶►•·\-*—](?!—)|第[一二三四五六七八九十百\d]+[条章节款项部分])"
)
#: a line introduced by a short label and a colon: 市教育局局长姜元韶： / 记者：… / 问：
_LABEL_RE = re.compile(r"[ \t]*[^\s，。；！？,;!?：:“”\"]{1,20}[：:]")


def detect_paragraph_style(text: str) -> ParagraphStyle:
    """``"blank"`` if paragraphs are mostly separated by blank lines, else ``"line"``.

    Why: in a blank-line document a single newline is a line break *inside* a paragraph
    (a wrap, a figure's second line); in a one-line-per-paragraph document it separates
    paragraphs. Ties go to ``"line"``.

    >>> detect_paragraph_style("甲。\\n\\n乙。\\n\\n丙\\n丁")
    'blank'
    >>> detect_paragraph_style("甲。\\n乙。\\n\\n丙。\\n丁。")
    'line'
    """
    # A separator is a maximal run of newlines, spaces, tabs and U+3000 holding a newline,
    # between non-space characters; it is "blank" when it holds two newlines or more.
    for space in " \t\u3000":
        if space in text:
            text = text.replace(space, "")
    blank = len(_BLANK_SEP_RE.findall(text))
    single = len(_SINGLE_SEP_RE.findall(text))
    return "blank" if blank > single else "line"


def _stripped_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-empty line, without the whitespace at its ends."""
    return [m.span() for m in _LINE_CONTENT_RE.finditer(text)]


def _own_paragraph(line: str) -> bool:
    return bool(_LIST_ITEM_RE.match(line) or _LABEL_RE.match(line))


def paragraph_spans(text: str, *, style: ParagraphStyle | Literal["auto"] = "auto") -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph, whitespace at its ends excluded.

    ``style="line"``: every non-empty line is a paragraph. ``style="blank"``: blocks
    separated by blank lines are paragraphs, but a list item or a label line
    (``姓名：``) inside a block stays a paragraph of its own, and so does the line after a
    label. ``"auto"`` chooses with :func:`detect_paragraph_style`.

    >>> paragraph_spans("甲。\\n\\n乙。")
    [(0, 2), (4, 6)]
    >>> t = "高企总数达4396家\\n占全省30%\\n\\n局长王某：\\n推进改革。\\n\\n结尾。\\n\\n完。"
    >>> [t[a:b] for a, b in paragraph_spans(t)]
    ['高企总数达4396家\\n占全省30%', '局长王某：', '推进改革。', '结尾。', '完。']
    """
    if style not in ("auto", "blank", "line"):
        raise ConfigError(f"style must be 'auto', 'blank' or 'line', got {style!r}")
    if style == "auto":
        style = detect_paragraph_style(text)
    lines = _stripped_lines(text)
    if style == "line":
        return lines
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    after_label = False
    for s, e in lines:
        if cur and text.count("\n", cur[1], s) > 1:  # a blank line ends the paragraph
            out.append(cur)
            cur = None
            after_label = False
        line = text[s:e]
        label = _LABEL_RE.match(line) is not None and not _LIST_ITEM_RE.match(line)
        if cur is None or after_label or _own_paragraph(line):
            if cur:
                out.append(cur)
            cur = (s, e)
        else:
            cur = (cur[0], e)
        after_label = label
    if cur:
        out.append(cur)
    return out


# --------------------------------------------------------------------------------------------
# Page-break reflow

#: sentence-final marks: a paragraph that has one of these has "started the body"
_END_MARKS = "。！？!?" + ELLIPSES
_END_CLOSERS = CLOSERS + "\"'"
_SENTENCE_MARK_RE = re.compile(r"[。！？!?]|(?<=[A-Za-z0-9])\.(?:\s|$)")
#: clause punctuation that marks a line as prose rather than a heading
_CLAUSE_RE = re.compile(r"[，、；,;]")


class _Para(NamedTuple):
    lines: list[tuple[int, int]]
    text: str  # as it reads once joined


def _joint(text: str, pe: int, ns: int) -> str:
    """What joining the lines that end at ``pe`` and start at ``ns`` puts between them."""
    return " " if _LATIN_ALNUM_RE.match(text[pe - 1]) and _LATIN_ALNUM_RE.match(text[ns]) else ""


def _ends_sentence(para: str) -> bool:
    """Does ``para`` (which holds no newline) end with a sentence-final mark, perhaps then closers?"""
    body = para.rstrip(_END_CLOSERS)
    return bool(body) and body[-1] in _END_MARKS


class _ReflowConfig(NamedTuple):
    min_chars: int
    max_gap_lines: int


class ReflowPageBreaks(EditStep):
    """Re-join a paragraph that a page or column break cut in two; each join is an edit.

    Why: print-derived news often carries ``…要拿出更`` / (blank line) / ``加有力有效的举措，…``.
    A join needs every feature of a real break, so that a heading, a deck before its
    headline, or a sidebar of unpunctuated items is never glued to what follows:

    - the body has started: some earlier paragraph ended a sentence (no joins in the
      title/deck zone at the top);
    - the line before is long prose (``min_chars`` or more, with clause punctuation
      ``，、；``) and stops mid-clause: its last character is a letter, digit or ideograph
      (or ``，``/``、``), not a full stop, colon, dash or closing quote;
    - the line after continues the clause: it starts with a letter, digit or ideograph,
      is not a list item nor a ``姓名：`` label line, does not end with a colon, and
      completes a sentence (it holds ``。！？``), as continued prose does and headlines don't.

    The gap between the two (newlines, at most ``max_gap_lines`` blank lines) is removed;
    between two Latin letters it becomes one space. In a blank-line document a join across
    a single newline is recorded as ``reflow.line_wrap``, otherwise as ``reflow.page_break``.
    The detected paragraph style is left in ``ctx.meta["paragraph_style"]``.

    >>> t = "正文开始。\\n\\n在全市经济工作会议上，市长强调，要拿出更\\n\\n加有力有效的举措，推动发展。\\n\\n千字为先 勇当龙头\\n\\n正文。"
    >>> ReflowPageBreaks().apply(t, Context("t")).text
    '正文开始。\\n\\n在全市经济工作会议上，市长强调，要拿出更加有力有效的举措，推动发展。\\n\\n千字为先 勇当龙头\\n\\n正文。'
    """

    name = "reflow"
    version = "2"

    def __init__(self, *, min_chars: int = 16, max_gap_lines: int = 3) -> None:
        for key, value, low in (("min_chars", min_chars, 2), ("max_gap_lines", max_gap_lines, 0)):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ConfigError(f"{key} must be an integer >= {low}, got {value!r}")
        self._cfg = _ReflowConfig(min_chars, max_gap_lines)

    @property
    def min_chars(self) -> int:
        return self._cfg.min_chars

    @property
    def max_gap_lines(self) -> int:
        return self._cfg.max_gap_lines

    def config(self) -> dict[str, int]:
        return dict(self._cfg._asdict())

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        style = detect_paragraph_style(text)
        ctx.meta["paragraph_style"] = style
        # paragraphs as lists of line spans, with their text as it reads once joined; joining
        # merges neighbours. Repeat until nothing changes, so that a second run finds nothing
        # to join (idempotence).
        paras = [_Para([(s, e)], text[s:e]) for s, e in _stripped_lines(text)]
        changed = True
        while changed:
            changed = False
            merged: list[_Para] = []
            body_started = False
            for para in paras:
                if merged and self._joinable(text, merged[-1], para, body_started):
                    prev = merged[-1]
                    joint = _joint(text, prev.lines[-1][1], para.lines[0][0])
                    merged[-1] = _Para(prev.lines + para.lines, prev.text + joint + para.text)
                    changed = True
                    continue
                if merged and not body_started and _ends_sentence(merged[-1].text):
                    body_started = True
                merged.append(para)
            paras = merged
        out = []
        for para in paras:
            for (_, pe), (ns, _) in zip(para.lines, para.lines[1:]):
                gap = text[pe:ns]
                sep = _joint(text, pe, ns)
                single = gap.count("\n") == 1
                reason = "reflow.line_wrap" if style == "blank" and single else "reflow.page_break"
                out.append(Edit(pe, ns, gap, sep, reason, "reflow"))
        return out

    def _joinable(self, text: str, prev: _Para, nxt: _Para, body_started: bool) -> bool:
        pe, ns = prev.lines[-1][1], nxt.lines[0][0]
        if text.count("\n", pe, ns) > self._cfg.max_gap_lines + 1:
            return False
        if text[pe - 1].isdigit() and text[ns].isdigit():
            return False  # 2022 / 2023 across a break: ambiguous, leave it
        return self.joins(prev.text, nxt.text, body_started=body_started)

    def joins(self, prev: str, nxt: str, *, body_started: bool = True) -> bool:
        """Whether ``nxt`` continues the clause that a break cut off at the end of ``prev``.

        >>> r = ReflowPageBreaks()
        >>> r.joins("在主持答辩时，赵豪志强调，要拿出更", "加有力有效的举措，加快城市更新。")
        True
        >>> r.joins("10个部门亮绩赛绩、查摆差距，明确下步举措", "上“擂台”话“实干”：冲刺姿态决胜全年目标")
        False
        >>> r.joins("系统谋划明年经济工作思路，排出一季度项目开工清单", "市教育局局长姜元韶：")
        False
        """
        # every test must pass; the cheap ones (a character or a length) come first
        prev, nxt = prev.strip(), nxt.strip()
        if not body_started or not prev or not nxt:
            return False
        # the line before: long prose stopped mid-clause
        last = prev[-1]
        if len(prev) < self._cfg.min_chars or not (_is_cjk(last) or last.isalnum() or last in "，、,"):
            return False
        # the line after: continues the clause and completes a sentence
        first = nxt[0]
        if not (_is_cjk(first) or first.isalnum()) or nxt[-1] in "：:":
            return False
        if not _CLAUSE_RE.search(prev) or _LABEL_RE.fullmatch(prev):
            return False
        return not _own_paragraph(nxt) and _SENTENCE_MARK_RE.search(nxt) is not None
