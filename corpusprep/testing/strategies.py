"""Hypothesis strategies for scraped Chinese news text, with ground truth.

Every strategy is a typed function with keyword-only arguments that are validated when
the strategy is built; a bad argument raises :class:`~corpusprep.testing.InvalidArgument`
with the values in the message. Each docstring says what the strategy minimises to, so
a shrunk failure is recognisable.

>>> chinese_text(script="latin")
Traceback (most recent call last):
...
corpusprep.testing._errors.InvalidArgument: script='latin' must be one of ('simplified', 'traditional', 'any')
>>> news_article(min_boilerplate=2, max_boilerplate=1)
Traceback (most recent call last):
...
corpusprep.testing._errors.InvalidArgument: Cannot have min_boilerplate=2 greater than max_boilerplate=1
"""

from __future__ import annotations

import functools
import json
import string
from collections.abc import Collection, Sequence
from typing import Any

import opencc
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from . import _data
from ._errors import InvalidArgument
from ._types import Mojibake, NewsArticle, PinyinText, Stretch

__all__ = [
    "BOILERPLATE_CATEGORIES",
    "MOJIBAKE_KINDS",
    "Mojibake",
    "NewsArticle",
    "PinyinText",
    "Stretch",
    "boilerplate_line",
    "chinese_text",
    "hostile_text",
    "markdown_post",
    "mojibake",
    "news_article",
    "pinyin_annotated",
]

#: the boilerplate categories of the rule pack, in the order :func:`boilerplate_line` shrinks
BOILERPLATE_CATEGORIES: tuple[str, ...] = tuple(_data.BOILERPLATE)
#: the kinds of damage :func:`mojibake` makes
MOJIBAKE_KINDS: tuple[str, ...] = ("utf8_latin1", "utf8_cp1252", "gbk_misaligned")

SCRIPTS = ("simplified", "traditional", "any")
PUNCTUATION = ("fullwidth", "ascii", "mixed")
NEWLINES = ("\n", "\r\n", "\r", "mixed")

# -- validation -------------------------------------------------------------------------


def _choice(name: str, value: Any, choices: Sequence[Any]) -> None:
    if not isinstance(value, str) or value not in choices:
        raise InvalidArgument(f"{name}={value!r} must be one of {tuple(choices)}")


def _int(name: str, value: Any, minimum: int = 0) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name}={value!r} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise InvalidArgument(f"{name}={value!r} must be at least {minimum}")


def _bounds(lo_name: str, lo: int, hi_name: str, hi: int) -> None:
    if lo > hi:
        raise InvalidArgument(f"Cannot have {lo_name}={lo!r} greater than {hi_name}={hi!r}")


def _flag(name: str, value: Any, *, optional: bool = False) -> None:
    if not isinstance(value, bool) and not (optional and value is None):
        kind = "True, False or None" if optional else "True or False"
        raise InvalidArgument(f"{name}={value!r} must be {kind}")


def _style_args(script: Any, punctuation: Any) -> None:
    _choice("script", script, SCRIPTS)
    _choice("punctuation", punctuation, PUNCTUATION)


# -- script and punctuation -------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@functools.lru_cache(maxsize=4096)
def _traditional(text: str) -> str:
    """``text`` in Traditional script, keeping its length (char by char where needed)."""
    out = _s2t().convert(text)
    if len(out) == len(text):
        return out
    chars = []
    for c in text:
        t = _s2t().convert(c)
        chars.append(t if len(t) == 1 else c)
    return "".join(chars)


_ASCII_PUNCT = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})
_CORNER_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


class _Style:
    """How one generated text is written: script, punctuation width, quote marks."""

    __slots__ = ("ascii", "corner", "mixed_punct", "traditional")

    def __init__(self, traditional: bool, ascii_punct: bool, corner: bool, mixed_punct: bool) -> None:
        self.traditional = traditional
        self.ascii = ascii_punct
        self.corner = corner
        self.mixed_punct = mixed_punct

    def write(self, draw: st.DrawFn, text: str) -> str:
        """``text`` (Simplified, full-width) in this style; the length never changes."""
        if self.traditional:
            text = _traditional(text)
            if self.corner:
                text = text.translate(_CORNER_QUOTES)
        ascii_here = self.ascii
        if self.mixed_punct:
            ascii_here = draw(st.booleans())
        return text.translate(_ASCII_PUNCT) if ascii_here else text


@st.composite
def _style(draw: st.DrawFn, script: str, punctuation: str) -> _Style:
    traditional = script == "traditional" or (script == "any" and draw(st.booleans()))
    corner = traditional and draw(st.booleans())
    return _Style(traditional, punctuation == "ascii", corner, punctuation == "mixed")


# -- templates --------------------------------------------------------------------------

_WORDS: dict[str, tuple[str, ...]] = {
    "subj": _data.SUBJECTS,
    "verb": _data.VERBS,
    "obj": _data.OBJECTS,
    "adv": _data.ADVERBIALS,
    "latin": _data.LATIN,
    **_data.FILLERS,
}
_NUMBERS: dict[str, SearchStrategy[str]] = {
    "n": st.integers(1, 999).map(str),
    "i": st.integers(0, 9999).map(str),
    "f": st.integers(0, 9).map(str),
    "year": st.integers(2010, 2024).map(str),
    "month": st.integers(1, 12).map(str),
    "day": st.integers(1, 28).map(str),
    "phone": st.integers(0, 9_999_999).map(lambda n: f"0532-8{n:07d}"),
}
_FORMATTER = string.Formatter()


def _fields(template: str) -> list[str]:
    return [f for _, f, _, _ in _FORMATTER.parse(template) if f is not None]


def _base(field: str) -> str:
    return field.rstrip("0123456789") or field


def _fill(draw: st.DrawFn, template: str) -> str:
    values: dict[str, str] = {}
    for f in _fields(template):
        if f in values:
            continue
        base = _base(f)
        if base == "num":
            values[f] = _fill(draw, draw(st.sampled_from(_data.MEASURES)))
        elif base in _NUMBERS and base == f:
            values[f] = draw(_NUMBERS[base])
        else:
            values[f] = draw(st.sampled_from(_WORDS[base]))
    # repeated number slots ({f}{f}{f}) draw one digit each
    if template.count("{f}") > 1:
        digits = iter(draw(_NUMBERS["f"]) for _ in range(template.count("{f}")))
        template = template.replace("{f}", "{}")
        return template.format(*digits, **values)
    return template.format(**values)


def _usable(templates: Sequence[str], numbers: bool, latin: bool) -> tuple[str, ...]:
    return tuple(
        t for t in templates
        if (numbers or "{num}" not in t) and (latin or "{latin}" not in t)
    )


@st.composite
def _sentence(draw: st.DrawFn, clauses: tuple[str, ...]) -> str:
    """One sentence, Simplified with full-width punctuation: one or two clauses and an end."""
    parts = [_fill(draw, draw(st.sampled_from(clauses))) for _ in range(draw(st.integers(1, 2)))]
    body = "，".join(parts)
    end = draw(st.sampled_from(("。", "！", "？")))  # drawn always, so shrinking stays stable
    return body if body.endswith("。”") else body + end


@st.composite
def _paragraph(draw: st.DrawFn, clauses: tuple[str, ...], max_sentences: int) -> str:
    n = draw(st.integers(1, max_sentences))
    return "".join(draw(_sentence(clauses)) for _ in range(n))


def _newline(draw: st.DrawFn, newline: str) -> str:
    if newline == "mixed":
        return draw(st.sampled_from(("\n", "\r\n", "\r")))
    return newline


# -- chinese_text -----------------------------------------------------------------------


def chinese_text(
    *,
    script: str = "simplified",
    punctuation: str = "mixed",
    newline: str = "\n",
    min_paragraphs: int = 1,
    max_paragraphs: int = 4,
    max_sentences: int = 4,
    numbers: bool = True,
    latin: bool = True,
    blank_lines: bool | None = None,
    indent: bool | None = None,
) -> SearchStrategy[str]:
    """Realistic Chinese news prose: paragraphs of sentences with numbers and Latin runs.

    - ``script``: ``"simplified"``, ``"traditional"`` (OpenCC ``s2t``, sometimes with
      「」 quotes) or ``"any"`` (one script per text).
    - ``punctuation``: ``"fullwidth"`` (，：；（）), ``"ascii"`` (``, : ; ( )`` as scrapers
      fold them; 。 and “” stay) or ``"mixed"`` (chosen per sentence).
    - ``newline``: ``"\\n"``, ``"\\r\\n"``, ``"\\r"`` or ``"mixed"`` (chosen per break).
    - ``numbers`` / ``latin``: allow ``4.7%``, ``2021年``, ``1,234元`` / ``GDP``, ``5G``.
    - ``blank_lines``: a blank line between paragraphs (``None``: sometimes).
    - ``indent``: ideographic-space indentation ``"　　"`` (``None``: sometimes).

    Minimises to one sentence, ``"我市提出“经济工作会议”的目标。"``
    (``"我市提出“經濟工作會議”的目標。"`` for ``script="traditional"``), or to ``""``
    when ``min_paragraphs=0``.
    """
    _style_args(script, punctuation)
    _choice("newline", newline, NEWLINES)
    _int("min_paragraphs", min_paragraphs)
    _int("max_paragraphs", max_paragraphs)
    _bounds("min_paragraphs", min_paragraphs, "max_paragraphs", max_paragraphs)
    _int("max_sentences", max_sentences, 1)
    _flag("numbers", numbers)
    _flag("latin", latin)
    _flag("blank_lines", blank_lines, optional=True)
    _flag("indent", indent, optional=True)
    clauses = _usable(_data.CLAUSES, numbers, latin)

    @st.composite
    def text(draw: st.DrawFn) -> str:
        style = draw(_style(script, punctuation))
        n = draw(st.integers(min_paragraphs, max_paragraphs))
        out: list[str] = []
        for k in range(n):
            if k:
                gap = draw(st.booleans()) if blank_lines is None else blank_lines
                nl = _newline(draw, newline)
                out.append(nl + nl if gap else nl)
            if draw(st.booleans()) if indent is None else indent:
                out.append("\u3000\u3000")
            out.append(style.write(draw, draw(_paragraph(clauses, max_sentences))))
        return "".join(out)

    return text()


# -- boilerplate ------------------------------------------------------------------------


def _categories_arg(categories: Collection[str] | None) -> tuple[str, ...]:
    if categories is None:
        return BOILERPLATE_CATEGORIES
    if isinstance(categories, str) or not isinstance(categories, Collection):
        raise InvalidArgument(
            f"categories={categories!r} must be a collection of category names, "
            f"such as ('editor', 'ad'); known: {BOILERPLATE_CATEGORIES}"
        )
    unknown = [c for c in categories if c not in _data.BOILERPLATE]
    if unknown:
        raise InvalidArgument(f"unknown categories {unknown!r} in {categories=}; known: {BOILERPLATE_CATEGORIES}")
    # keep the documented order, so shrinking is stable whatever order was passed
    return tuple(c for c in BOILERPLATE_CATEGORIES if c in categories)


@st.composite
def _boilerplate(draw: st.DrawFn, categories: tuple[str, ...]) -> tuple[str, str]:
    """``(category, line)``, Simplified with full-width punctuation."""
    category = draw(st.sampled_from(categories))
    return category, _fill(draw, draw(st.sampled_from(_data.BOILERPLATE[category])))


def boilerplate_line(
    *,
    category: str | None = None,
    script: str = "simplified",
    punctuation: str = "fullwidth",
) -> SearchStrategy[str]:
    """One line of page debris of the given category (any category when ``None``).

    Categories are those of the rule pack (:data:`BOILERPLATE_CATEGORIES`): ``caption``
    (``制图/宁付兴``), ``ad`` (``“反对浪费 崇尚节约”公益广告``), ``verification``
    (``请输入验证码``), ``editor`` (``责任编辑：王逸群``), ``page_furniture``
    (``主编 赵波 美编 李飞 ...``), ``byline`` (``本报讯（记者 王丽平）``), ``recommendation``
    (``新闻推荐``), ``share_prompt``, ``copyright``, ``navigation``, ``markup``,
    ``end_marker`` (``（完）``). Lines are filled in from templates with varied names,
    papers, dates and numbers; they do not depend on the rule pack's patterns.

    The line carries no newline. Minimises to the category's plainest form, e.g.
    ``"资料图"`` for ``caption``, ``"责任编辑：王丽平"`` for ``editor``, ``"（完）"`` for
    ``end_marker``, and to the ``caption`` one when ``category=None``.
    """
    if category is not None:
        _choice("category", category, BOILERPLATE_CATEGORIES)
    _style_args(script, punctuation)
    categories = BOILERPLATE_CATEGORIES if category is None else (category,)

    @st.composite
    def line(draw: st.DrawFn) -> str:
        style = draw(_style(script, punctuation))
        _, text = draw(_boilerplate(categories))
        return style.write(draw, text)

    return line()


# -- news_article -----------------------------------------------------------------------

_PLACES = ("head", "top", "middle", "tail", "lead", "trail")


def news_article(
    *,
    categories: Collection[str] | None = None,
    min_boilerplate: int = 0,
    max_boilerplate: int = 4,
    min_paragraphs: int = 1,
    max_paragraphs: int = 5,
    max_sentences: int = 3,
    script: str = "simplified",
    punctuation: str = "mixed",
    newline: str = "\n",
    blank_lines: bool | None = None,
) -> SearchStrategy[NewsArticle]:
    """A scraped news article with injected, labelled boilerplate.

    The article is a headline, ``min_paragraphs``..``max_paragraphs`` paragraphs of prose
    (:func:`chinese_text`), and ``min_boilerplate``..``max_boilerplate`` lines of debris
    from ``categories`` (default: all of :data:`BOILERPLATE_CATEGORIES`), each placed
    where such debris stands on real pages: navigation and page furniture above the
    headline, bylines under it or glued before the first paragraph's text, captions and
    ads between paragraphs, editor credits, copyright and ``（完）`` at the end.

    The result is a :class:`NewsArticle`; its ``injected`` stretches give each injected
    stretch's category and exact offsets into ``text``, so a cleaner's precision and
    recall can be measured (see :func:`corpusprep.testing.checks.removal_scores`).

    Minimises to a headline and one sentence with nothing injected:
    ``"我市召开经济工作会议\\n我市提出“经济工作会议”的目标。"``; with
    ``min_boilerplate=1`` the first category's plainest line is added in its first place
    (for the default categories: ``"...的目标。\\n资料图"``, a caption after the paragraph).
    """
    cats = _categories_arg(categories)
    _int("min_boilerplate", min_boilerplate)
    _int("max_boilerplate", max_boilerplate)
    _bounds("min_boilerplate", min_boilerplate, "max_boilerplate", max_boilerplate)
    if not cats and min_boilerplate > 0:
        raise InvalidArgument(f"Cannot inject {min_boilerplate=} lines from no categories ({categories=})")
    _int("min_paragraphs", min_paragraphs, 1)
    _int("max_paragraphs", max_paragraphs, 1)
    _bounds("min_paragraphs", min_paragraphs, "max_paragraphs", max_paragraphs)
    _int("max_sentences", max_sentences, 1)
    _style_args(script, punctuation)
    _choice("newline", newline, NEWLINES)
    _flag("blank_lines", blank_lines, optional=True)
    clauses = _data.CLAUSES
    most = max_boilerplate if cats else 0

    @st.composite
    def article(draw: st.DrawFn) -> NewsArticle:
        style = draw(_style(script, punctuation))
        headline = style.write(draw, _fill(draw, draw(st.sampled_from(_data.HEADLINES))))
        n = draw(st.integers(min_paragraphs, max_paragraphs))
        paragraphs = [style.write(draw, draw(_paragraph(clauses, max_sentences))) for _ in range(n)]
        zones: dict[str, list[tuple[str, str]]] = {p: [] for p in ("head", "top", "tail")}
        after: list[list[tuple[str, str]]] = [[] for _ in range(n)]
        lead: tuple[str, str] | None = None
        trail: tuple[str, str] | None = None
        for _ in range(draw(st.integers(min_boilerplate, most))):
            category, line = draw(_boilerplate(cats))
            item = (category, style.write(draw, line))
            place = draw(st.sampled_from(_data.CATEGORY_PLACES[category]))
            if place == "lead" and lead is None:
                lead = item
            elif place == "trail" and trail is None:
                trail = item
            elif place == "middle":
                after[draw(st.integers(0, n - 1))].append(item)
            elif place in zones:
                zones[place].append(item)
            else:  # a second lead/trail stands on its own line next to the first
                zones["top" if place == "lead" else "tail"].append(item)

        # lines: each a list of (text, category or None) pieces
        lines: list[list[tuple[str, str | None]]] = []
        lines += [[(t, c)] for c, t in zones["head"]]
        lines.append([(headline, None)])
        lines += [[(t, c)] for c, t in zones["top"]]
        body_lines: set[int] = set()
        for k, para in enumerate(paragraphs):
            pieces: list[tuple[str, str | None]] = [(para, None)]
            if k == 0 and lead is not None:
                pieces.insert(0, (lead[1], lead[0]))
            if k == n - 1 and trail is not None:
                pieces.append((trail[1], trail[0]))
            body_lines.add(len(lines))
            lines.append(pieces)
            lines += [[(t, c)] for c, t in after[k]]
        lines += [[(t, c)] for c, t in zones["tail"]]

        out: list[str] = []
        injected: list[Stretch] = []
        pos = 0
        for i, pieces in enumerate(lines):
            if i:
                nl = _newline(draw, newline)
                gap = i in body_lines and (draw(st.booleans()) if blank_lines is None else blank_lines)
                sep = nl + nl if gap else nl
                out.append(sep)
                pos += len(sep)
            for text, category in pieces:
                if category is not None:
                    injected.append(Stretch(pos, pos + len(text), text, category))
                out.append(text)
                pos += len(text)
        return NewsArticle("".join(out), headline, tuple(paragraphs), tuple(injected))

    return article()


# -- markdown_post ----------------------------------------------------------------------

FENCES = ("yaml", "toml", "any")
_AUTHORS = ("德国之声", "美国之音", "张三", "李四", "Reuters", "本报记者")
_json = functools.partial(json.dumps, ensure_ascii=False)  # a TOML or YAML double-quoted string


def _yaml_value(key: str, value: str | list[str]) -> str:
    """A front-matter field's value as a post writes it: the title quoted, a list in brackets."""
    if key == "title":
        return _json(value)
    return value if isinstance(value, str) else f"[{', '.join(value)}]"


def markdown_post(
    *,
    articles: SearchStrategy[NewsArticle] | None = None,
    fence: str = "any",
) -> SearchStrategy[NewsArticle]:
    """A post of a static-site Markdown archive (Jekyll, Hugo, Hexo): a front-matter block
    naming the article's title, date, author and source URL, then the article.

    ``articles`` gives the article (default :func:`news_article`); ``fence`` is ``"yaml"``
    (``---``), ``"toml"`` (``+++``) or ``"any"``. The block is one more ``injected``
    stretch, category ``markup``, at offset 0 and spanning the block's lines with their
    newlines (the article's stretches move after it), so
    :func:`~corpusprep.testing.checks.removal_scores` counts it. The block's ``title`` is the
    article's headline.

    Minimises to a YAML block over the minimal article::

        ---
        layout: post
        title: "我市召开经济工作会议"
        date: 2000-01-01
        author: 德国之声
        from: https://news.example.cn/2000/0101/0.html
        ---
    """
    _choice("fence", fence, FENCES)
    if articles is not None and not isinstance(articles, SearchStrategy):
        raise InvalidArgument(f"{articles=} must be a strategy of NewsArticle")
    base = news_article() if articles is None else articles

    @st.composite
    def post(draw: st.DrawFn) -> NewsArticle:
        article = draw(base)
        kind = draw(st.sampled_from(("yaml", "toml"))) if fence == "any" else fence
        year, month, day = draw(st.integers(2000, 2030)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
        fields: dict[str, str | list[str]] = {
            "title": article.headline,
            "date": f"{year:04d}-{month:02d}-{day:02d}",
            "author": draw(st.sampled_from(_AUTHORS)),
            "from": f"https://news.example.cn/{year:04d}/{month:02d}{day:02d}/{draw(st.integers(0, 99999))}.html",
        }
        if draw(st.booleans()):
            fields["tags"] = draw(st.lists(st.sampled_from(("新闻", "国际", "香港", "科技")), min_size=1, max_size=3,
                                           unique=True))
        if kind == "yaml":
            body = "".join(f"{k}: {_yaml_value(k, v)}\n" for k, v in fields.items())
            block = f"---\nlayout: post\n{body}---\n"
        else:
            body = "".join(f"{k} = {_json(v)}\n" for k, v in fields.items())
            block = f"+++\n{body}+++\n"
        shift = len(block)
        moved = tuple(x._replace(start=x.start + shift, end=x.end + shift) for x in article.injected)
        return article._replace(text=block + article.text,
                                injected=(Stretch(0, shift, block, "markup"), *moved))

    return post()


# -- pinyin_annotated -------------------------------------------------------------------


def pinyin_annotated(
    *,
    script: str = "traditional",
    punctuation: str = "ascii",
    min_annotations: int = 1,
    max_annotations: int = 12,
    toneless: bool = False,
    decoys: bool = True,
    lost_characters: bool = False,
) -> SearchStrategy[PinyinText]:
    """Chinese prose in which characters carry pinyin in ASCII parentheses: ``轉(zhuǎn)``.

    As some Traditional-script sites publish it (seed 002). ``toneless`` also annotates
    particles without a tone mark (``的(de)``); ``decoys`` adds real parenthesised text that
    is not pinyin (``(GDP)``, ``(记者 王丽平)``), which ``plain`` keeps; ``lost_characters``
    replaces some annotated characters by ``?`` (a character lost, its pinyin kept), and
    ``plain`` keeps the ``?``.

    Returns a :class:`PinyinText`: the annotated ``text``, the ``plain`` text a perfect
    stripper gives, and the ``annotations`` with their offsets.

    Minimises to one sentence with one annotation on its first annotatable character:
    ``"我市提(tí)出“經濟工作會議”的目標。"`` (``plain`` ``"我市提出“經濟工作會議”的目標。"``).
    """
    _style_args(script, punctuation)
    _int("min_annotations", min_annotations, 1)
    _int("max_annotations", max_annotations, 1)
    _bounds("min_annotations", min_annotations, "max_annotations", max_annotations)
    _flag("toneless", toneless)
    _flag("decoys", decoys)
    _flag("lost_characters", lost_characters)
    table = dict(_data.PINYIN)
    if toneless:
        table.update(_data.TONELESS)
    clauses = _data.CLAUSES

    @st.composite
    def annotated(draw: st.DrawFn) -> PinyinText:
        style = draw(_style(script, punctuation))
        simplified = ""
        candidates: list[int] = []
        # add sentences until there is enough to annotate (bounded: the vocabulary is rich)
        for _ in range(max(3, 2 * min_annotations)):
            simplified += draw(_sentence(clauses))
            candidates = [i for i, c in enumerate(simplified) if c in table]
            if len(candidates) >= min_annotations and draw(st.booleans()) is False:
                break
        assume(len(candidates) >= min_annotations)
        chosen = draw(
            st.lists(
                st.sampled_from(candidates), min_size=min_annotations,
                max_size=min(max_annotations, len(candidates)), unique=True,
            )
        )
        lost = {i for i in chosen if lost_characters and draw(st.booleans())}
        chosen_set = set(chosen)
        written = style.write(draw, simplified)
        han = [i for i, c in enumerate(written) if "\u4e00" <= c <= "\u9fff"]
        decoy_at: dict[int, str] = {}
        if decoys:
            for _ in range(draw(st.integers(0, 2))):
                decoy_at[draw(st.sampled_from(han))] = draw(st.sampled_from(_data.DECOYS))
        text: list[str] = []
        plain: list[str] = []
        notes: list[Stretch] = []
        pos = 0
        for i, c in enumerate(written):
            c = "?" if i in lost else c
            text.append(c)
            plain.append(c)
            pos += 1
            if i in chosen_set:
                note = f"({table[simplified[i]]})"
                notes.append(Stretch(pos, pos + len(note), note, "pinyin"))
                text.append(note)
                pos += len(note)
            elif i in decoy_at:
                text.append(decoy_at[i])
                plain.append(decoy_at[i])
                pos += len(decoy_at[i])
        return PinyinText("".join(text), "".join(plain), tuple(notes))

    return annotated()


# -- mojibake ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _sloppy_cp1252() -> tuple[str, ...]:
    """cp1252 byte table; undefined bytes map to the Latin-1 character (as browsers do)."""
    out = []
    for b in range(256):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return tuple(out)


def _damage(line: str, kind: str, draw: st.DrawFn) -> tuple[str, int] | None:
    """``(damaged line, offset where the damage starts)``, or None if ``kind`` can't apply."""
    if kind == "utf8_latin1":
        return line.encode("utf-8", "surrogatepass").decode("latin-1"), 0
    if kind == "utf8_cp1252":
        table = _sloppy_cp1252()
        return "".join(table[b] for b in line.encode("utf-8", "surrogatepass")), 0
    # gbk_misaligned: the decoder falls one byte out of step at a double-byte character
    # and stays out of step until an ASCII byte re-aligns it (seed 000: 。現 -> ?，F).
    try:
        encoded = [c.encode("gbk") for c in line]
    except UnicodeEncodeError:
        return None
    wide = [k for k, b in enumerate(encoded) if len(b) == 2]
    if not wide:
        return None
    k = draw(st.sampled_from(wide))
    rest = b"".join(encoded[k:])[1:]
    garbled = rest.decode("gbk", errors="replace").replace("\ufffd", "?")
    return line[:k] + "?" + garbled, k


def mojibake(
    *,
    kind: str = "any",
    text: SearchStrategy[str] | None = None,
) -> SearchStrategy[Mojibake]:
    """Text in which one or more lines were decoded with the wrong codec.

    ``kind``: ``"utf8_latin1"`` (UTF-8 bytes read as Latin-1: ``中文`` → ``ä¸\\xadæ\\x96\\x87``),
    ``"utf8_cp1252"`` (read as Windows-1252: ``ä¸­æ–‡``), ``"gbk_misaligned"`` (GBK read
    one byte out of step from some character on: ``。現`` → ``?，F``) or ``"any"`` (chosen
    per line). ``text`` is the strategy for the clean text (default: :func:`chinese_text`
    in either script, one to three paragraphs).

    Returns a :class:`Mojibake` with the damaged ``text``, the ``original`` and the
    ``damaged`` stretches. Minimises to the first line of the minimal text damaged as
    ``utf8_latin1`` (``"æ\\x88\\x91å¸\\x82..."``, from ``"我市提出“经济工作会议”的目标。"``).
    """
    _choice("kind", kind, (*MOJIBAKE_KINDS, "any"))
    if text is None:
        text = chinese_text(script="any", max_paragraphs=3, indent=False)
    elif not isinstance(text, SearchStrategy):
        raise InvalidArgument(f"text={text!r} must be a strategy of str, such as chinese_text()")
    kinds = MOJIBAKE_KINDS if kind == "any" else (kind,)
    source = text

    @st.composite
    def damaged(draw: st.DrawFn) -> Mojibake:
        original = draw(source)
        lines = original.split("\n")
        usable = [i for i, ln in enumerate(lines) if any(ord(c) > 127 for c in ln)]
        assume(usable)
        picked = draw(st.lists(st.sampled_from(usable), min_size=1, unique=True))
        out: list[str] = []
        stretches: list[Stretch] = []
        pos = 0
        for i, line in enumerate(lines):
            if i:
                out.append("\n")
                pos += 1
            if i in picked:
                k = draw(st.sampled_from(kinds))
                result = _damage(line, k, draw)
                if result is None:
                    k = "utf8_latin1"
                    result = _damage(line, k, draw)
                    assert result is not None
                bad, at = result
                stretches.append(Stretch(pos + at, pos + len(bad), bad[at:], k))
                line = bad
            out.append(line)
            pos += len(line)
        return Mojibake("".join(out), original, tuple(stretches))

    return damaged()


# -- hostile_text -----------------------------------------------------------------------

_CONTROLS = tuple(chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
_BREAKS = ("\n", "\r", "\r\n", "\n\n\n", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c")
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u200e",
              "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069", "\u034f")
_SPACES = ("\u3000", "\u3000\u3000", "\xa0", "\t", "   ", "\u2003", "\u202f", "\u205f")
_SCRIPTS = ("Привет мир", "مرحبا بالعالم", "こんにちは、世界", "ｺﾝﾆﾁﾊ", "안녕하세요", "สวัสดี",
            "Γειά σου", "שלום", "e\u0301\u0301", "👍🏽", "👨\u200d👩\u200d👧", "🇨🇳", "𠀀𪚥𫠝",
            "豈更車", "ＡＢＣ１２３", "\ue000\uf8ff", "\ufffe\uffff", "\U0010ffff", "①②㈠㊀",
            "ﬁﬂ", "㎡℃№")
_TRAPS = ("((((((", "))))))", "(zhuǎn", "?(dāng)", "锟斤拷锟斤拷", "烫烫烫", "\ufffd\ufffd", "?,F",
          "……", "...", "<p>", "&nbsp;", "\\", "$1\\g<0>", "%s{0}", "。。。。", "？？", "”“",
          "「『", "）（", "请输入验证码", "责任编辑：", "(记者", "ä¸\xad", "Ã©", "\u00e6\u0096\u0087")


def _is_control(s: str) -> bool:
    """Has a C0/C1 control other than tab, newline and carriage return."""
    return any(c in _CONTROLS for c in s)


def hostile_text(
    *,
    max_line_length: int = 3000,
    controls: bool = True,
    surrogates: bool = True,
) -> SearchStrategy[str]:
    """Text built to break cleaners: the input a cleaner must survive without raising.

    Mixes Chinese prose with C0/C1 control characters, lone surrogates (``\\ud800``, which
    cannot be encoded to UTF-8), zero-width and bidi characters, every kind of line break
    (``\\r``, ``\\x85``, ``\\u2028``), odd spaces, other scripts, emoji and astral
    ideographs, private-use and non-characters, half-done pinyin and mojibake, regex
    replacement syntax, and huge lines of up to ``max_line_length`` characters.
    ``controls=False`` leaves out C0/C1 controls (``\\t``, ``\\n`` and ``\\r`` stay) and
    ``surrogates=False`` lone surrogates, for cleaners that document they reject them.

    Minimises to ``""``.
    """
    _int("max_line_length", max_line_length, 1)
    _flag("controls", controls)
    _flag("surrogates", surrogates)
    fillers = ("中", "a", " ", "。", "(", "请输入验证码", "\u3000", "的(de)", "?")
    breaks = _BREAKS if controls else tuple(b for b in _BREAKS if not _is_control(b))
    traps = _TRAPS if controls else tuple(t for t in _TRAPS if not _is_control(t))
    excluded = ["Cs"] if controls else ["Cs", "Cc"]
    pieces: list[SearchStrategy[str]] = [
        chinese_text(max_paragraphs=2, newline="mixed"),
        st.sampled_from(breaks),
        st.sampled_from(_INVISIBLE),
        st.sampled_from(_SPACES),
        st.sampled_from(_SCRIPTS),
        st.sampled_from(traps),
        st.text(st.characters(exclude_categories=excluded), max_size=12),
        st.tuples(st.sampled_from(fillers), st.integers(1, max_line_length)).map(
            lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: t[1]]
        ),
    ]
    if controls:
        pieces.append(st.lists(st.sampled_from(_CONTROLS), min_size=1, max_size=3).map("".join))
    if surrogates:
        pieces.append(st.integers(0xD800, 0xDFFF).map(chr))
    return st.lists(st.one_of(pieces), max_size=10).map("".join)
