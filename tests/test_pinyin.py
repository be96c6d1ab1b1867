"""Pinyin annotations are removed; real parenthesised text never is."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from corpusprep.cleaners.pinyin import StripPinyin
from corpusprep.document import apply_edits, revert_edits
from corpusprep.errors import ConfigError
from corpusprep.steps import Context

SEED_002 = Path(__file__).resolve().parents[1] / "seeds" / "002_c645c02e9a89f534.txt"
LEFTOVER = re.compile(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)")


def run(text: str, **kw):
    ctx = Context("t")
    return StripPinyin(**kw).apply(text, ctx), ctx


def test_seed_002_has_365_annotations_and_none_left():
    """Exactly the 365 annotations go; the two whose character was lost are flagged."""
    res, ctx = run(SEED_002.read_text("utf-8"))
    reasons = Counter(e.reason for e in res.edits)
    assert reasons["pinyin.tone_marked"] == 365
    assert reasons["pinyin.lost_character"] + reasons["pinyin.restore_lost"] == 2
    assert ctx.flags["lost_character"] == 2
    assert not LEFTOVER.search(res.text)
    assert "(PPT)" not in SEED_002.read_text("utf-8") or "(PPT)" in res.text


def test_lost_character_restored_only_when_the_document_settles_it():
    """shù is annotated on 數 and 術; only 數 forms 數字 elsewhere, so ?shù)字 → 數字."""
    text = "數(shù)字變革,技術(shù)創新,在‘?dāng)?shù)字化’"
    res, ctx = run(text)
    assert res.text == "數字變革,技術創新,在‘?數字化’"
    assert ctx.flags["lost_character"] == 2
    res2, _ = run(text, restore=False)
    assert res2.text == "數字變革,技術創新,在‘??字化’"


@pytest.mark.parametrize(
    "text",
    ["運用(PPT)演示", "增長(GDP)", "本報訊(记者 王丽平)", "共(户)", "第(1)條", "咖啡(café)", "中文(the)",
     "公司(Apple)", "喝(ma)", "中(ā b)"],
)
def test_real_parentheses_are_kept(text):
    """Not pinyin, or toneless in a document not shown annotated: untouched."""
    assert run(text)[0].text == text


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("律轉(zhuǎn)鴻鈞", "律轉鴻鈞"),
        ("女(nǚ)士", "女士"),
        ("綠(lu\u0308\u0300)色", "綠色"),  # ü and grave, both combining
        ("好(hǎó)人", "好(hǎó)人"),  # two tone marks: not a syllable
        ("發(fa\u0304)展", "發展"),  # decomposed tone mark
        ("國(ɡuó)家", "國家"),  # pinyin-font script g
    ],
)
def test_tone_marked_syllables(text, out):
    assert run(text)[0].text == out


def test_toneless_only_in_an_annotated_document():
    """(de) goes once three tone-marked annotations prove the document annotated."""
    plain = "好的(de)事"
    assert run(plain)[0].text == plain
    annotated = "轉(zhuǎn)創(chuàng)發(fā)好的(de)事"
    assert run(annotated)[0].text == "轉創發好的事"
    assert run(annotated, min_toned=4)[0].text == "轉創發好的(de)事"


@pytest.mark.parametrize("kw", [{"min_toned": 0}, {"min_toned": "3"}, {"restore": 1}])
def test_bad_config_raises(kw):
    with pytest.raises(ConfigError):
        StripPinyin(**kw)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="轉創數術字?()zhuǎnshùdāng字化a1 P", max_size=40) | st.text(max_size=30))
def test_laws(text):
    res, _ = run(text)
    assert apply_edits(text, res.edits) == res.text
    assert revert_edits(res.text, res.edits) == text
    again, _ = run(res.text)
    assert again.edits == []
    assert "\r" not in res.text or "\r" in text


# -- against the reference implementation the fast path replaced -----------------------------

from corpusprep.cleaners import pinyin as _py  # noqa: E402
from corpusprep.cleaners.chardata import HAN, PINYIN_CHARS, has_tone_mark, is_pinyin_syllable  # noqa: E402
from corpusprep.document import Edit  # noqa: E402
from corpusprep.testing.strategies import pinyin_annotated  # noqa: E402

_REF_ANNOT_RE = re.compile(rf"(?<=[{HAN}?？])\(([{PINYIN_CHARS}]{{1,8}})\)")


def _reference_edits(step: StripPinyin, text: str, ctx: Context) -> list[Edit]:
    """StripPinyin.edits as first written: every syllable classified anew, no gates."""
    toned, toneless = [], []
    for m in _REF_ANNOT_RE.finditer(text):
        syl = m.group(1)
        if not is_pinyin_syllable(syl):
            continue
        if has_tone_mark(syl):
            toned.append(m)
        elif len(syl) >= 2:
            toneless.append(m)
    found = toned
    if len(toned) >= step.min_toned:
        found = sorted(toned + toneless, key=lambda m: m.start())
    lost = [(m.start() - 1, m.group(1), m.end()) for m in found if text[m.start() - 1] in "?？"]
    lost += [(m.start(), m.group(1), m.end()) for m in _py._DAMAGED_RE.finditer(text)
             if is_pinyin_syllable(m.group(1)) and has_tone_mark(m.group(1))]
    if not found and not lost:
        return []
    lost.sort()
    restored = step._restorations(text, found, lost) if step.config()["restore"] and lost else {}
    edits = {m.start(): Edit(m.start(), m.end(), m.group(), "",
                             "pinyin.tone_marked" if has_tone_mark(m.group(1)) else "pinyin.toneless",
                             "pinyin") for m in found}
    for q, syl, end in lost:
        ctx.flag("lost_character", span=(q, q + 1))
        edits.pop(q + 1, None)
        if q in restored:
            edits[q] = Edit(q, end, text[q:end], restored[q], "pinyin.restore_lost", "pinyin",
                            f"lost character restored from its pinyin {syl!r}")
        else:
            edits[q + 1] = Edit(q + 1, end, text[q + 1 : end], "", "pinyin.lost_character", "pinyin",
                                f"pinyin {syl!r} of a lost character")
    return [edits[k] for k in sorted(edits)]


_PIECES = ["轉", "創", "字", "数", "?", "？", "(", ")", "zhuǎn", "de", "ma", "a", "café", "dāng", "(dāng)",
           "?(shù)", "?dāng)", "？(dāng)", "？shù)", "字(zì)", "的(de)", "(PPT)", "(1)", " ", "\n", "ɑ", "u\u0308", "ǎ"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
    | pinyin_annotated(toneless=True, lost_characters=True).map(lambda p: p.text)
    | pinyin_annotated(max_annotations=3, toneless=True).map(lambda p: p.text),
    st.integers(1, 4),
    st.booleans(),
)
def test_same_as_the_reference(text, min_toned, restore):
    """Same edits, flags and marks as the reference implementation."""
    step = StripPinyin(min_toned=min_toned, restore=restore)
    ctx, ref_ctx = Context("t"), Context("t")
    assert step.edits(text, ctx) == _reference_edits(step, text, ref_ctx)
    assert (ctx.flags, ctx.marks) == (ref_ctx.flags, ref_ctx.marks)
