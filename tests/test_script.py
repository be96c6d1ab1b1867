"""Traditional → Simplified: known OpenCC traps, the script label, exact offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from corpusprep.cleaners.pinyin import StripPinyin
from corpusprep.cleaners.script import CONVERSIONS, FoldToSimplified, detect_script, to_simplified
from corpusprep.document import revert_edits
from corpusprep.errors import ConfigError
from corpusprep.steps import Context

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

#: Hand-checked parallel set: Traditional news-style sentences and their Simplified forms,
#: written to cover the known traps (乾/干, 著/着, 於/于, 後/后, 髮/發, 裡, 麵 ...).
PARALLEL = [
    ("乾隆皇帝南巡,乾坤朗朗。", "乾隆皇帝南巡,乾坤朗朗。"),
    ("天氣乾燥,請多喝水,別吃餅乾。", "天气干燥,请多喝水,别吃饼干。"),
    ("隨著經濟發展,效果顯著。", "随着经济发展,效果显著。"),
    ("他著有多部著作,是著名學者。", "他著有多部著作,是著名学者。"),
    ("我們要著力解決群眾最關心的問題。", "我们要着力解决群众最关心的问题。"),
    ("這意味著廣大黨員要接著幹。", "这意味着广大党员要接着干。"),
    ("於是他在後來的會議上發言。", "于是他在后来的会议上发言。"),
    ("皇后在宮裡理髮,頭髮很長。", "皇后在宫里理发,头发很长。"),
    ("他在麵包店裡買了麵條。", "他在面包店里买了面条。"),
    ("臺灣和香港的同胞歡聚一堂。", "台湾和香港的同胞欢聚一堂。"),
    ("儘管困難重重,我們仍然並肩前進。", "尽管困难重重,我们仍然并肩前进。"),
    ("這個範圍內的製造業獲得發展。", "这个范围内的制造业获得发展。"),
]
HAN = re.compile(r"[\u3400-\u9fff]")


def accuracy(conversion: str) -> float:
    ok = total = 0
    for trad, simp in PARALLEL:
        out = to_simplified(trad, conversion)
        assert len(out) == len(simp)
        for a, b, c in zip(trad, simp, out):
            if HAN.match(a):
                total += 1
                ok += b == c
    return ok / total


def test_tw2s_beats_t2s_on_the_parallel_set():
    """The measured choice: tw2s gets the particle 着 right where t2s keeps 著
    (one tw2s miss: 著有 → 着有)."""
    assert accuracy("t2s") < accuracy("tw2s") < 1.0
    assert accuracy("tw2s") > 0.99


@pytest.mark.parametrize("conversion", CONVERSIONS)
@pytest.mark.parametrize(
    ("trad", "simp"),
    [("乾隆", "乾隆"), ("乾坤", "乾坤"), ("於是", "于是"), ("國際時尚城", "国际时尚城"), ("顯著", "显著")],
)
def test_traps_every_conversion(conversion, trad, simp):
    """乾隆/乾坤 never become 干; 於 → 于; 顯著 keeps 著."""
    assert to_simplified(trad, conversion) == simp


@pytest.mark.parametrize("conversion", CONVERSIONS)
def test_simplified_text_is_never_touched(conversion):
    """tw2s alone turns 显著 into 显着; clause scoping keeps Simplified clauses as they are."""
    text = "效果显著,他编著了一本书,卓著的成就"
    assert to_simplified(text, conversion) == text
    assert to_simplified("國際新聞:效果显著", conversion).endswith("效果显著")


@pytest.mark.xfail(strict=True, reason="tw2s reads 土著 as the particle 着 (OpenCC phrase gap)")
def test_known_gap_tuzhu():
    assert to_simplified("澳洲土著,效果很好。國家", "tw2s") == "澳洲土著,效果很好。国家"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("國際時尚城建設攻勢質詢答辯會議舉行", "traditional"),
        ("国际时尚城建设攻势质询答辩会议举行", "simplified"),
        ("國際時尚城建設攻勢。国际时尚城建设攻势。", "mixed"),
        ("中文", "simplified"),  # nothing script-specific
        ("GDP 4.7%", "none"),
        ("国际新闻报道了台灣的消息,经济发展很快,市场规模扩大。", "simplified"),  # one name
    ],
)
def test_detect_script(text, label):
    assert detect_script(text) == label


@pytest.mark.parametrize(("seed", "label"), [("000", "traditional"), ("002", "traditional"),
                                             ("001", "simplified"), ("003", "simplified")])
def test_seed_labels_and_no_traditional_left(seed, label):
    """Seeds: the right label, and no Traditional-only character survives the fold."""
    [path] = SEEDS.glob(f"{seed}_*.txt")
    text = path.read_text("utf-8")
    text = StripPinyin().apply(text, Context("t")).text
    ctx = Context("t")
    res = FoldToSimplified().apply(text, ctx)
    assert ctx.meta["script"] == label
    assert detect_script(res.text) == "simplified"
    assert res.text == to_simplified(res.text)


def test_length_changing_phrase_becomes_a_tight_edit():
    """tw2sp swaps vocabulary; a length change is an edit over its clause only."""
    text = "我們坐計程車,買了記憶體,用了印表機。"
    res = FoldToSimplified("tw2sp").apply(text, Context("t"))
    [e] = res.edits
    assert (e.old, e.new, e.reason) == ("買了記憶體", "买了内存", "script.opencc_phrase")
    assert res.text == "我们坐出租车,买了内存,用了打印机。"
    assert revert_edits(res.text, res.edits)[e.start : e.end] == e.old


@pytest.mark.parametrize("bad", ["s2t", "t2tw", "", None, 3])
def test_bad_conversion_raises(bad):
    with pytest.raises(ConfigError, match="conversion"):
        FoldToSimplified(bad)


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet="國際乾隆著於後髮裡麵显著编卓国际,。 \n", max_size=30), st.sampled_from(CONVERSIONS))
def test_laws(text, conversion):
    """Idempotent, length-keeping outside edits, no exception."""
    step = FoldToSimplified(conversion)
    res = step.apply(text, Context("t"))
    assert len(res.text) == len(text) + sum(len(e.new) - (e.end - e.start) for e in res.edits)
    again = step.apply(res.text, Context("t"))
    assert again.text == res.text and again.edits == []


# -- the precomputed OpenCC character sets (opencc_sets) -----------------------------------
import random  # noqa: E402

import opencc  # noqa: E402

from corpusprep.cleaners import opencc_sets, opencc_sets_data, script  # noqa: E402

needs_sets = pytest.mark.skipif(script._sets() is None, reason="sets derived for another OpenCC version")
#: characters of every kind the sets distinguish, phrase members and separators
ALPHABET = ("國際乾隆燥著於後髮裡麵面发后里干台只系历覆像沈藉這们国说显著编卓皇公里方包"
            "头發乾燥想像深沈，。 \n\u00a0\U0002f800\uf900\x00")


def _reference_label(text: str) -> str:
    """The label computed as before the sets: whole-text t2s and s2t passes."""
    t2s, s2t = script._converter("t2s"), script._converter("s2t")
    t = script._count_han_changed(text, t2s.convert(text))
    if not script.HAN_RE.search(text):
        return "none"
    if t == 0:
        return "simplified"
    return script._label(t, script._count_han_changed(text, s2t.convert(text)))


@needs_sets
@pytest.mark.skipif(not (opencc_sets.opencc_dir() / "bin" / "opencc_dict").exists(), reason="no opencc_dict")
def test_sets_match_the_installed_dictionaries():
    """The committed sets are what opencc_sets derives from this OpenCC's dictionaries."""
    t2s, t2s_always = opencc_sets.derive("t2s")
    can, always = opencc_sets.derive("s2t")
    assert t2s == set(opencc_sets_data.T2S_CAN_CHANGE)
    assert t2s_always == set(opencc_sets_data.T2S_ALWAYS_CHANGES) and t2s_always <= t2s
    assert can == set(opencc_sets_data.S2T_CAN_CHANGE) and always == set(opencc_sets_data.S2T_ALWAYS_CHANGES)
    assert always <= can


@needs_sets
def test_t2s_gate_is_sound_over_all_of_unicode():
    """Text made only of characters outside T2S_CAN_CHANGE is never changed by t2s
    (every code point in order, the Han ones shuffled); s2t likewise for S2T_CAN_CHANGE, and each
    character of S2T_ALWAYS_CHANGES alone is changed."""
    every = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    for config, can in (("t2s", opencc_sets_data.T2S_CAN_CHANGE), ("s2t", opencc_sets_data.S2T_CAN_CHANGE)):
        gate = set(can)
        rest = [c for c in every if c not in gate]
        han = [c for c in rest if script.HAN_RE.match(c)]
        random.Random(0).shuffle(han)
        cc = opencc.OpenCC(config)
        for text in ("".join(rest), "".join(han)):
            assert cc.convert(text) == text
    s2t = opencc.OpenCC("s2t")
    assert all(s2t.convert(c) != c for c in opencc_sets_data.S2T_ALWAYS_CHANGES)
    t2s = opencc.OpenCC("t2s")
    assert all(t2s.convert(c) != c for c in opencc_sets_data.T2S_ALWAYS_CHANGES)


@needs_sets
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_label_and_s_count_match_whole_text_passes(text):
    """The gated label equals the whole-text one; S from the ambiguous clauses is exact."""
    assert detect_script(text) == _reference_label(text)
    s = script._count_han_changed(text, script._converter("s2t").convert(text))
    low, high = script._s_bounds(text)
    assert low <= s <= high
    assert script._s_count(text, low) in (s, None)


@needs_sets
@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET.replace("\n", ""), max_size=12), max_size=6),
       st.sampled_from(CONVERSIONS))
def test_convert_each_is_one_call_per_text(texts, conversion):
    conv = script._converter(conversion)
    assert script._convert_each(texts, conv) == [conv.convert(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60) | st.text(alphabet="國際乾隆著於後髮裡麵這說發覆像，。 a", max_size=40),
       st.sampled_from(CONVERSIONS))
def test_fold_count_reuses_the_t2s_count_exactly(text, conversion):
    """The folded count (reusing t2s's count where the fold equals t2s) is the plain
    count of changed characters over the length-keeping pieces."""
    from corpusprep.steps import count_changed

    res = FoldToSimplified(conversion).apply(text, Context("t"))
    pieces = script._convert(text, conversion)
    assert res.folded == sum(count_changed(old, new) for _, _, old, new in pieces if len(old) == len(new))


@pytest.mark.parametrize("conversion", ["t2s", "tw2s", "tw2sp", "hk2s"])
def test_nul_keeps_the_text_after_it(conversion):
    """OpenCC's multi-stage conversions drop everything after a NUL; ours keep it."""
    assert to_simplified("甲\x00國際新聞", conversion) == "甲\x00国际新闻"
    ctx = Context("t")
    assert FoldToSimplified(conversion).apply("國際\x00新聞", ctx).text == "国际\x00新闻"


# -- one conversion pass per document ----------------------------------------------------
def _fold_reference(text: str, conversion: str) -> tuple[str, list[tuple[int, int, str, str]], str]:
    """Text, length-changing pieces and label by the whole-text passes."""
    memo: dict = {}
    pieces = script._convert_by_passes(text, conversion, memo)
    out = "".join(p[3] for p in pieces)
    return out, [p for p in pieces if len(p[2]) != len(p[3])], _reference_label(text)


@needs_sets
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60) | st.text(alphabet="國際乾隆著於後髮裡麵這說發覆像么坏沈，。 a", max_size=40),
       st.sampled_from(CONVERSIONS))
def test_one_pass_fold_equals_whole_text_passes(text, conversion):
    """The one-pass fold gives the text, the phrase edits and the label of the whole-text passes."""
    memo: dict = {}
    pieces = script._convert(text, conversion, memo)
    out, phrases, label = _fold_reference(text, conversion)
    assert "".join(p[3] for p in pieces) == out
    assert [p for p in pieces if len(p[2]) != len(p[3])] == phrases
    assert memo.get("label", label) == label
    assert detect_script(text) == label


class _Calls:
    """OpenCC calls by configuration, with the characters each call was given."""

    def __init__(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        self.calls: list[tuple[str, int]] = []
        original = script._Converter.convert
        names = {id(script._converter(c)): c for c in (*CONVERSIONS, "s2t")}

        def counting(conv, text):  # type: ignore[no-untyped-def]
            self.calls.append((names.get(id(conv), "?"), len(text)))
            return original(conv, text)

        monkeypatch.setattr(script._Converter, "convert", counting)

    def of(self, config: str) -> list[int]:
        return [n for c, n in self.calls if c == config]


@needs_sets
@pytest.mark.parametrize("conversion", ["tw2s", "hk2s"])
def test_traditional_document_is_converted_in_one_call(monkeypatch, conversion):
    """A Traditional document: one OpenCC call, the conversion over the whole text; no
    t2s pass to find the label and no s2t pass."""
    text = "國際新聞：這是一個關於經濟發展的報導。記者說，後來的變化顯著。\n" * 20
    calls = _Calls(monkeypatch)
    ctx = Context("t")
    FoldToSimplified(conversion).apply(text, ctx)
    assert ctx.meta["script"] == "traditional"
    assert calls.calls == [(conversion, len(text))]


@needs_sets
def test_simplified_document_sends_only_clauses_t2s_may_keep(monkeypatch):
    """A Simplified document: no conversion call; t2s sees, in one call, only the
    clauses holding a character it may keep (像, 么), never the whole text."""
    text = "今天天气很好，我们去公园散步。他像往常一样早起，为什么呢？" * 10
    calls = _Calls(monkeypatch)
    ctx = Context("t")
    res = FoldToSimplified("tw2s").apply(text, ctx)
    assert res.text == text and ctx.meta["script"] == "simplified"
    assert calls.of("tw2s") == [] and calls.of("s2t") == []
    assert len(calls.of("t2s")) == 1 and calls.of("t2s")[0] < len(text) / 2


@needs_sets
def test_plain_simplified_document_makes_no_call(monkeypatch):
    calls = _Calls(monkeypatch)
    ctx = Context("t")
    FoldToSimplified("tw2s").apply("今天天气很好。我们去公园散步。" * 10, ctx)
    assert calls.calls == [] and ctx.meta["script"] == "simplified"


@needs_sets
def test_mixed_document_converts_only_traditional_clauses_once(monkeypatch):
    text = "国际新闻显著提高。國際新聞報導。" * 5
    calls = _Calls(monkeypatch)
    ctx = Context("t")
    res = FoldToSimplified("tw2s").apply(text, ctx)
    assert res.text == "国际新闻显著提高。国际新闻报导。" * 5 and ctx.meta["script"] == "mixed"
    assert len(calls.of("tw2s")) == 1 and calls.of("t2s") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60) | st.text(alphabet="國際乾隆著於後髮裡麵這說發覆像么坏沈軟體，。 a", max_size=40),
       st.sampled_from(CONVERSIONS))
def test_step_label_is_detect_script_whatever_the_conversion(text, conversion):
    """The label names the source's script: it does not depend on the conversion chosen
    (tw2sp's vocabulary swaps are not Traditional characters)."""
    ctx = Context("t")
    FoldToSimplified(conversion).apply(text, ctx)
    assert ctx.meta["script"] == detect_script(text)
