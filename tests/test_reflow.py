"""Page-break reflow: golden seeds, each feature of a real break on both sides, edit laws."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpusprep as cp
import corpusprep.segment as seg
import corpusprep.testing.strategies as cs
from corpusprep.document import Edit, apply_edits, revert_edits
from corpusprep.errors import ConfigError
from corpusprep.segment import ReflowPageBreaks
from corpusprep.steps import Context

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BODY = "会议昨天召开。"  # a paragraph that ends a sentence: the body has started
PROSE = "在全市经济工作会议上，市长强调，要拿出更"  # long prose cut mid-clause
CONT = "加有力有效的举措，推动高质量发展。"  # continues the clause and ends a sentence


def _joins(text: str, **kw: int) -> list[tuple[str, str]]:
    edits = ReflowPageBreaks(**kw).edits(text, Context("t"))
    return [(e.old, e.reason) for e in edits]


def _seed(prefix: str) -> tuple[str, cp.Document]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = path.read_text("utf-8")
    return text, cp.Pipeline.default().clean(text, source=path.name)


# -- golden: the seeds through the default pipeline ------------------------------------------------
@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, cp.Document]]:
    return {p: _seed(p) for p in ("000", "001", "002", "003", "004")}


def test_seed_page_breaks_are_rejoined(seeds):
    """The three page breaks of seeds 001 and 003 are re-joined, each recorded as an edit."""
    joined = {
        "001": ["要拿出更加有力有效的举措"],
        "003": ["超额完成市办实事任务；创新办学机制", "为明年经济工作开好局起好步打好基础。"],
    }
    for name, pieces in joined.items():
        src, doc = seeds[name]
        for piece in pieces:
            assert sum(piece in p.text for p in doc.paragraphs) == 1, piece
        reflows = [e for e in doc.edits if e.category == "reflow"]
        assert len(reflows) == len(pieces)
        for e in reflows:
            assert e.reason == "reflow.page_break"
            assert not e.old.strip() and "\n" in e.old and e.new == ""
            assert src[e.start : e.end] == e.old  # exact source offsets


def test_seeds_have_no_other_joins(seeds):
    """No other line of any seed is joined: headings, decks and sidebars stay apart."""
    counts = {name: sum(e.category == "reflow" for e in doc.edits) for name, (_, doc) in seeds.items()}
    assert counts == {"000": 0, "001": 1, "002": 0, "003": 2, "004": 0}


@pytest.mark.parametrize(
    ("seed", "heading"),
    [
        ("002", "锚定“创新引领”"),
        ("003", "千字为先 勇当龙头"),
        ("003", "深挖需求潜力畅通供需循环——"),
        ("003", "上“擂台”话“实干”：冲刺姿态决胜全年目标"),  # headline after a deck
    ],
)
def test_seed_headings_stay_paragraphs(seeds, seed, heading):
    """Short headings without punctuation are whole paragraphs, joined to nothing."""
    _, doc = seeds[seed]
    assert heading in [p.text for p in doc.paragraphs]


def test_seed_sidebar_entries_not_joined():
    """Unpunctuated sidebar entries are not glued to the label line after them (seed 003)."""
    text = (SEEDS / next(p.name for p in SEEDS.glob("003_*.txt"))).read_text("utf-8")
    text = text.replace(",", "，").replace(":", "：").replace(";", "；")
    out = ReflowPageBreaks().apply(text, Context("003")).text
    assert "开工清单市教育局" not in out
    assert "明确下步举措上“擂台”" not in out
    assert "延链补链强链市工业" not in out


# -- features of a real break: positive and negative examples -------------------------------------
def test_positive_blank_line_break():
    """Long prose cut mid-clause + a continuation that completes a sentence: joined."""
    text = f"{BODY}\n\n{PROSE}\n\n{CONT}"
    assert _joins(text) == [("\n\n", "reflow.page_break")]
    assert PROSE + CONT in ReflowPageBreaks().apply(text, Context("t")).text


def test_positive_single_newline_document():
    """In a one-line-per-paragraph document the break is a single newline."""
    text = f"{BODY}\n{PROSE}\n{CONT}\n{BODY}"
    assert _joins(text) == [("\n", "reflow.page_break")]


def test_line_wrap_in_blank_line_document():
    """In a blank-line document, a join across a single newline is a line wrap."""
    text = f"{BODY}\n\n{PROSE}\n{CONT}\n\n{BODY}\n\n{BODY}"
    assert _joins(text) == [("\n", "reflow.line_wrap")]


@pytest.mark.parametrize(
    ("prev", "nxt", "why"),
    [
        ("在全市会议上，要拿出更", CONT, "previous line too short to be prose"),
        ("在全市经济工作会议上市长强调要拿出更加有力", CONT, "no clause punctuation: a heading"),
        (PROSE + "。", CONT, "previous line ends a sentence"),
        (PROSE + "：", CONT, "previous line ends with a colon"),
        (PROSE + "——", CONT, "previous line ends with a dash"),
        (PROSE + "”", CONT, "previous line ends with a closing quote"),
        (PROSE, "上“擂台”话“实干”：冲刺姿态决胜全年目标", "next line completes no sentence: a headline"),
        (PROSE, "市教育局局长王某：", "next line is a label"),
        (PROSE, "局长王某：加快推进各项改革任务。", "next line is introduced by a name and colon"),
        (PROSE, "一、加快推进各项改革任务。", "next line is a list item"),
        (PROSE, "1.加快推进各项改革任务。", "next line is a numbered item"),
        (PROSE, "“加快推进各项改革任务。”", "next line opens with a quote"),
    ],
)
def test_negative_features(prev, nxt, why):
    """Each missing feature of a real break blocks the join."""
    assert _joins(f"{BODY}\n\n{prev}\n\n{nxt}") == [], why


def test_no_join_in_title_zone():
    """Before any paragraph has ended a sentence (title, deck), nothing is joined."""
    deck = "在市委举行的第四期擂台上，十个部门亮绩赛绩、查摆差距，明确下步举措"
    assert _joins(f"{deck}\n\n真抓才能攻坚克难，实干才能梦想成真。") == []
    assert _joins(f"{BODY}\n\n{deck}\n\n真抓才能攻坚克难，实干才能梦想成真。") != []


def test_gap_limit():
    """A gap of more blank lines than ``max_gap_lines`` is not a page break."""
    text = f"{BODY}\n\n{PROSE}\n\n\n\n{CONT}"
    assert _joins(text, max_gap_lines=3) != []
    assert _joins(text, max_gap_lines=1) == []


def test_latin_join_keeps_a_space():
    """Two Latin words across a break are joined by one space, ideographs by nothing."""
    text = f"{BODY}\n\nThe meeting was held today, and officials said that the\n\nplan will go ahead."
    edits = ReflowPageBreaks().edits(text, Context("t"))
    assert [(e.old, e.new) for e in edits] == [("\n\n", " ")]


def test_paragraph_style_left_in_meta():
    """The detected paragraph style is recorded for later steps."""
    ctx = Context("t")
    ReflowPageBreaks().edits(f"{BODY}\n\n{BODY}\n\n{BODY}", ctx)
    assert ctx.meta["paragraph_style"] == "blank"


@pytest.mark.parametrize("kwargs", [{"min_chars": 1}, {"min_chars": "16"}, {"max_gap_lines": -1}, {"min_chars": True}])
def test_bad_config(kwargs):
    """Invalid settings fail at construction with ConfigError."""
    with pytest.raises(ConfigError):
        ReflowPageBreaks(**kwargs)


def test_config_is_data():
    """The step's settings read back as plain data."""
    assert ReflowPageBreaks(min_chars=20).config() == {"min_chars": 20, "max_gap_lines": 3}


# -- laws -------------------------------------------------------------------------------------------
_LINES = st.lists(
    st.sampled_from([BODY, PROSE, CONT, "千字为先 勇当龙头", "局长王某：", "一、提高站位。", "", "abc, def", "x"]),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(lines=_LINES, sep=st.sampled_from(["\n", "\n\n", "\n\n\n"]))
def test_reflow_laws(lines, sep):
    """Edits apply and revert exactly, a second run finds nothing, and no \\r appears."""
    text = sep.join(lines)
    step = ReflowPageBreaks()
    edits = step.edits(text, Context("t"))
    out = apply_edits(text, edits)
    assert revert_edits(out, edits) == text
    assert step.edits(out, Context("t")) == []
    assert "\r" not in out
    for e in edits:  # a join removes only line breaks and spaces
        assert not e.old.strip() and "\n" in e.old and e.new in ("", " ")


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=120))
def test_reflow_never_raises(text):
    """Any string at all goes through the step."""
    res = ReflowPageBreaks().apply(text, Context("t"))
    assert revert_edits(res.text, res.edits) == text


# -- the cached paragraph texts against the plain loop ----------------------------------------------
def _reference_edits(step: ReflowPageBreaks, text: str) -> list[Edit]:
    """The plain algorithm: every paragraph's text rebuilt from its lines at every test."""
    def joined(para: list[tuple[int, int]]) -> str:
        parts = [text[para[0][0] : para[0][1]]]
        for (_, pe), (ns, ne) in zip(para, para[1:]):
            parts.append(seg._joint(text, pe, ns) + text[ns:ne])
        return "".join(parts)

    paras, pos = [], 0
    for line in text.split("\n"):
        s, e = seg._strip(text, pos, pos + len(line))
        pos += len(line) + 1
        if e > s:
            paras.append([(s, e)])
    end_re = re.compile(rf"(?:[。！？!?]|[{seg.ELLIPSES}]+)[{re.escape(seg.CLOSERS)}\"']*$")
    changed = True
    while changed:
        changed = False
        merged: list[list[tuple[int, int]]] = []
        body_started = False
        for para in paras:
            if merged:
                pe, ns = merged[-1][-1][1], para[0][0]
                if (
                    text.count("\n", pe, ns) <= step.max_gap_lines + 1
                    and not (text[pe - 1].isdigit() and text[ns].isdigit())
                    and step.joins(joined(merged[-1]), joined(para), body_started=body_started)
                ):
                    merged[-1] = merged[-1] + para
                    changed = True
                    continue
                if end_re.search(joined(merged[-1])):
                    body_started = True
            merged.append(para)
        paras = merged
    style = seg.detect_paragraph_style(text)
    return [
        Edit(pe, ns, text[pe:ns], seg._joint(text, pe, ns),
             "reflow.line_wrap" if style == "blank" and text.count("\n", pe, ns) == 1 else "reflow.page_break", "reflow")
        for para in paras
        for (_, pe), (ns, _) in zip(para, para[1:])
    ]


_REFLOW_TEXT = st.one_of(
    st.builds(lambda lines, sep: sep.join(lines), _LINES, st.sampled_from(["\n", "\n\n", "\n \n", "\n\n\n\n\n"])),
    cs.chinese_text(blank_lines=None, indent=None),
    cs.news_article().map(lambda a: a.text),
    cs.hostile_text(max_line_length=200),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_REFLOW_TEXT, min_chars=st.sampled_from([2, 16]), max_gap_lines=st.sampled_from([0, 3]))
def test_reflow_matches_the_plain_loop(text, min_chars, max_gap_lines):
    """Caching each paragraph's joined text and testing cheap features first change no edit."""
    step = ReflowPageBreaks(min_chars=min_chars, max_gap_lines=max_gap_lines)
    assert step.edits(text, Context("t")) == _reference_edits(step, text)


@given(text=st.text(alphabet="。！？!?…⋯.”’」』）)》\"'中a ", max_size=8))
def test_sentence_end_test_matches_the_pattern(text):
    """``_ends_sentence`` (no scan) agrees with the pattern it replaced on a paragraph's text
    (which holds no newline; ``$`` would also match before a final one)."""
    pattern = re.compile(rf"(?:[。！？!?]|[{seg.ELLIPSES}]+)[{re.escape(seg.CLOSERS)}\"']*$")
    assert seg._ends_sentence(text) == (pattern.search(text) is not None)
