"""Encoding repair: gated ftfy equals ungated ftfy; GBK/Big5 residue is flagged or repaired."""

from __future__ import annotations

from pathlib import Path

import ftfy
import pytest
from hypothesis import given, settings, strategies as st

from corpusprep.cleaners.encoding import FTFY_CONFIG, RepairEncoding, fix_text_gated
from corpusprep.document import apply_edits, revert_edits
from corpusprep.errors import ConfigError
from corpusprep.steps import Context

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
MOJI_ALPHABET = "中文新闻國際?？,F ä¸\xadæ\x96\x87Ã©â€œ\u00a0&amp;<\n\r\ufffd锟斤拷烫\x1b[0m\x85"


def run(text: str, **kw):
    ctx = Context("t")
    res = RepairEncoding(**kw).apply(text, ctx)
    return res, ctx


def test_utf8_read_as_latin1_is_repaired():
    """UTF-8 Chinese decoded as Latin-1 comes back, recorded as one tight edit."""
    src = "新闻" + "国际时尚城".encode("utf-8").decode("latin-1") + "\n正文"
    res, _ = run(src)
    assert res.text == "新闻国际时尚城\n正文"
    assert [e.reason for e in res.edits] == ["encoding.ftfy"]
    assert res.edits[0].start == 2  # the clean prefix is not part of the edit


def test_cjk_punctuation_and_quotes_are_not_touched_by_ftfy():
    """No width folding, no quote uncurling: “国际”，（ＰＰＴ） stays as it is."""
    text = "“国际”，（ＰＰＴ）：增长４．７％…—"
    assert run(text)[0].text == text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=MOJI_ALPHABET, max_size=40))
def test_gate_gives_the_same_output_as_ftfy_everywhere(text):
    """The gate is exact: same output as ftfy on every line."""
    assert fix_text_gated(text) == fix_text_gated(text, gate=False) == ftfy.fix_text(text, FTFY_CONFIG)


def test_seed_000_gbk_residue_is_repaired_and_flagged():
    """`顯著?,F場` (GBK read one byte out of step) becomes `顯著。現場`, flagged at its place."""
    text = (SEEDS / "000_bf517a73faff35fb.txt").read_text("utf-8")
    res, ctx = run(text)
    [edit] = [e for e in res.edits if e.reason == "encoding.gbk_realign"]
    assert (edit.old, edit.new) == ("?,F", "。現")
    assert ctx.flags["mojibake"] == 1
    assert (edit.start, edit.end, "mojibake") in ctx.marks


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("效果顯著?,F場", "效果顯著。現場"),  # GBK, lead byte inferred: 。
        ("效果顯著?F場", "效果顯著?F場"),  # trail 'F' alone: no punctuation candidate, kept
        ("会议在哪里?,F场", "会议在哪里?,F场"),  # a question: never "repaired"
        ("價格?A股", "價格?A股"),  # nothing after the lost byte and no punctuation fits: kept
    ],
)
def test_realignment_examples(text, fixed):
    """Re-alignment fires only when unambiguous; questions and lone bytes are left alone."""
    assert run(text)[0].text == fixed


def test_a_question_mark_inside_a_repaired_run_is_not_repaired_again():
    """A misaligned run holding a second '?' is one repair: no second edit overlaps it."""
    text = "今年以來,我市召開經濟工作會議?我?姓匍_經濟工作會議。"
    res, _ = run(text)
    assert [(e.start, e.end) for e in res.edits] == [(15, 21)]
    assert res.text == "今年以來,我市召開經濟工作會議?遥啃召開經濟工作會議。"


def test_realignment_can_be_turned_off_but_still_flags():
    res, ctx = run("效果顯著?,F場", realign=False)
    assert res.text == "效果顯著?,F場" and ctx.flags["mojibake"] == 1


@pytest.mark.parametrize(
    ("text", "flag", "span"),
    [
        ("标题锟斤拷锟斤拷正文", "mojibake", (2, 8)),
        ("内存烫烫烫烫", "mojibake", (2, 6)),
        ("乱码\ufffd\ufffd文字", "mojibake", (2, 4)),
        ("数??字化", "lost_character", (1, 3)),
        ("效果显著?现场", "lost_character", (4, 5)),
    ],
)
def test_residue_is_flagged_with_its_span(text, flag, span):
    """Each residue class raises its flag and marks where it is."""
    res, ctx = run(text)
    assert res.text == text
    assert (*span, flag) in ctx.marks


@pytest.mark.parametrize(
    "text",
    ["滚烫的汤", "烫烫的", "在哪里?动员大会", "你好吗?我很好", "第一?", "English? yes", "?(dāng)"],
)
def test_no_false_residue(text):
    """Real text: 烫 in words, real question marks, a lost character the pinyin step owns."""
    assert run(text)[1].flags == {}


@pytest.mark.parametrize("kw", [{"codecs": ("utf-16",)}, {"codecs": "gbk"}, {"gate": "yes"}, {"codecs": ()}])
def test_bad_config_raises(kw):
    with pytest.raises(ConfigError):
        RepairEncoding(**kw)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=MOJI_ALPHABET, max_size=40) | st.text(max_size=30))
def test_laws(text):
    """Edits replay and revert, a second run makes none, no \\r appears, no exception."""
    res, _ = run(text)
    assert apply_edits(text, res.edits) == res.text
    assert revert_edits(res.text, res.edits) == text
    again, _ = run(res.text)
    assert again.edits == [] and again.text == res.text
    assert "\r" not in res.text or "\r" in text


@given(st.text(alphabet="ab中\n·é&\ufffd", max_size=60), st.integers(1, 8))
def test_gated_segments_are_the_segments_the_gate_lets_through(text, max_len):
    from corpusprep.cleaners.chardata import FTFY_GATE_RE
    from corpusprep.cleaners.encoding import _gated_segments, _segments

    expected = [(a, b) for a, b in _segments(text, max_len) if FTFY_GATE_RE.search(text[a:b])]
    assert list(_gated_segments(text, max_len)) == expected


# every non-ASCII character ftfy's mojibake regex mentions, plus ·×é and friends
_BAD_CHARS = sorted({c for c in ftfy.badness.BADNESS_RE.pattern if "\x80" <= c < "\ud800"} | set("·×éÃÂœ€"))
_FILLERS = ["", "", " ", "中", "a", ".", "\n", "&amp;", "\x85", "\x1b[0m", "\ud83d", "\ude00"]


@st.composite
def _mojibake_heavy(draw) -> str:
    """Text dense in the characters ftfy's badness regex looks at, sometimes adjacent."""
    chars = draw(st.lists(st.sampled_from(_BAD_CHARS), max_size=12))
    glue = draw(st.lists(st.sampled_from(_FILLERS), min_size=len(chars), max_size=len(chars)))
    utf8 = draw(st.sampled_from(["", "é", "中文", "·×"])).encode("utf-8").decode("latin-1")
    return utf8 + "".join(g + c for g, c in zip(glue, chars))


@settings(max_examples=400, deadline=None)
@given(_mojibake_heavy())
def test_fine_gate_skips_only_segments_ftfy_leaves_alone(text):
    """A segment the fine gate rejects is not bad to ftfy and comes back unchanged; the
    gated fix equals ftfy everywhere on text full of ·×é and mojibake."""
    from corpusprep.cleaners.encoding import _ftfy_fine_gate

    fine = _ftfy_fine_gate()
    assert fine is not None
    for line in text.splitlines(keepends=True):
        if not fine.search(line):
            assert not ftfy.badness.is_bad(line)
            assert ftfy.fix_and_explain(line, FTFY_CONFIG).text == line
    assert fix_text_gated(text) == fix_text_gated(text, gate=False) == ftfy.fix_text(text, FTFY_CONFIG)


def test_witnesses_of_a_small_alternation():
    """Each alternative is covered by a non-ASCII pair or, failing that, a single character."""
    import re

    from corpusprep.cleaners.encoding import _witnesses

    assert _witnesses(re.compile("é·|x[^a]Ã|^Â |a\\s?ü×")) == ({"Ã", "Â"}, {"é", "ü"}, {"·", "×"})
    assert _witnesses(re.compile("é|ab")) is None


def test_common_han_tables_equal_their_definition():
    """The tables built from code ranges are exactly 'the URO characters whose own code
    lies in the range' (encoding every URO character, the slow way)."""
    from corpusprep.cleaners.chardata import BIG5_COMMON, GB2312_HAN

    def own_code_in(ch: str, codec: str, lowest: int, highest: int) -> bool:
        try:
            b = ch.encode(codec)
        except UnicodeEncodeError:
            return False
        return len(b) == 2 and lowest <= int.from_bytes(b, "big") <= highest

    uro = [chr(c) for c in range(0x4E00, 0xA000)]
    assert BIG5_COMMON == frozenset(c for c in uro if own_code_in(c, "big5", 0xA440, 0xC67E))
    assert GB2312_HAN == frozenset(c for c in uro if own_code_in(c, "gb2312", 0, 0xFFFF))
    assert (len(BIG5_COMMON), len(GB2312_HAN)) == (5401, 6763)


def test_entities_that_make_no_markup_are_decoded_in_a_text_with_tags():
    """ftfy decodes no entity once a text holds HTML tags; the step still decodes those that
    cannot make markup (&#183; &quot; &mdash; &amp;), and leaves &lt; &gt; &nbsp; and &#10;."""
    text = "<p>拉里&#183;戴蒙德说&quot;民主&quot;&mdash;a &lt;b&gt; Art &amp; Culture c&nbsp;d&#10;e</p>"
    res = RepairEncoding().apply(text, Context("t"))
    assert res.text == "<p>拉里·戴蒙德说\"民主\"—a &lt;b&gt; Art & Culture c&nbsp;d&#10;e</p>"
    assert {e.reason for e in res.edits} == {"encoding.ftfy"}
