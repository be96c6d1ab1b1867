"""The supplementary variant fold: each class positive and negative, the table against
OpenCC and its source, the pipeline option, offsets, fingerprint."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpusprep as cp
from corpusprep.cleaners import variants_data
from corpusprep.cleaners.script import CONVERSIONS
from corpusprep.cleaners.variants import VARIANT_CLASSES, FoldVariants, fold_variants, variant_table
from corpusprep.cleaners.variants_build import _enc, derive, jp_variants
from corpusprep.errors import ConfigError
from corpusprep.steps import Context

SAME_OPENCC = getattr(opencc, "__version__", None) == variants_data.OPENCC_VERSION




# -- each class: positive and negative ------------------------------------------------------------
@pytest.mark.parametrize(
    ("variant", "mainland"),
    # the list: OpenCC keeps these as they are
    list(zip("沢辺剣駅鉄広黒桜戦団売読", "泽边剑驿铁广黑樱战团卖读")) + [("晩", "晚"), ("揺", "摇"), ("歳", "岁")],
)
def test_jp_class_folds_shinjitai(variant, mainland):
    """A Japanese shinjitai OpenCC leaves alone folds to its one mainland form."""
    assert all(opencc.OpenCC(c).convert(variant) == variant for c in CONVERSIONS)
    assert fold_variants(variant, ("jp",)) == mainland


@pytest.mark.parametrize(
    ("char", "why"),
    [
        ("芸", "a GB 2312 character of its own (rue), though also the shinjitai of 藝"),
        ("弁", "shinjitai of 辨, 辯, 瓣 and 辦: no one mainland form"),
        ("豊", "a Big5 character of its own (lǐ), though also the shinjitai of 豐"),
        ("伝", "in Big5"),
        ("台", "a standard character in both scripts"),
        ("澤", "OpenCC already converts it"),
    ],
)
def test_jp_class_leaves_standard_and_ambiguous_characters(char, why):
    """A shinjitai that is a standard character, is ambiguous, or OpenCC handles, stays."""
    assert fold_variants(char, ("jp",)) == char, why


@pytest.mark.parametrize(("variant", "mainland"), [("郞", "郎"), ("緖", "绪"), ("硏", "研"), ("飮", "饮"), ("\U00020b9f", "叱")])
def test_z_class_folds_z_variants(variant, mainland):
    """A Unihan z-variant OpenCC leaves alone folds to its one mainland form."""
    assert fold_variants(variant, ("z",)) == mainland


@pytest.mark.parametrize(
    ("char", "why"),
    [
        ("郷", "its z-variants 鄉 and 鄕 give two forms after t2s"),
        ("黑", "the standard form itself"),
        ("併", "OpenCC already converts it"),
    ],
)
def test_z_class_leaves_ambiguous_and_standard_characters(char, why):
    """A z-variant with no single mainland form, or a standard form, stays."""
    assert fold_variants(char, ("z",)) == char, why


# -- the table ------------------------------------------------------------------------------------
def test_table_entries_pass_every_test():
    """Each entry: one Han character to one, outside GB 2312 and Big5, to a GB 2312 character
    that is not itself a key (so the fold is idempotent)."""
    table = variant_table()
    assert len(table) == len(variants_data.JP[0]) + len(variants_data.Z[0])
    for src, dst in (variants_data.JP, variants_data.Z):
        assert len(src) == len(dst) and len(set(src)) == len(src)
    for k, v in table.items():
        c = chr(k)
        assert len(v) == 1 and v != c
        assert not _enc(c, "gb2312") and not _enc(c, "big5"), c
        assert _enc(v, "gb2312") and ord(v) not in table, c


@pytest.mark.skipif(not SAME_OPENCC, reason="the table was checked against another OpenCC version")
def test_opencc_changes_no_entry():
    """Nothing OpenCC already handles is in the table, under every conversion."""
    keys = "".join(map(chr, variant_table()))
    for conv in CONVERSIONS:
        assert opencc.OpenCC(conv).convert(keys) == keys, conv


@pytest.mark.skipif(not SAME_OPENCC, reason="the table was built from another OpenCC version")
def test_jp_class_is_what_the_builder_derives():
    """The shipped ``jp`` class is exactly what :func:`derive` makes from the installed
    OpenCC's JPShinjitaiCharacters dictionary."""
    kept, rejected = derive(jp_variants())
    assert "".join(kept) == variants_data.JP[0]
    assert "".join(kept.values()) == variants_data.JP[1]
    assert "弁" in rejected and "芸" in rejected


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("沢辺剣駅晩郞緖中文。，a 芸弁郷泽边")), max_size=30))
def test_fold_keeps_length_and_is_idempotent(text):
    """One character for one, and folding twice is folding once."""
    out = fold_variants(text)
    assert len(out) == len(text)
    assert fold_variants(out) == out


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(variants_data.JP[0][:40] + variants_data.Z[0][:40] + "中文。a \U00020000")),
               max_size=40),
       st.sampled_from([("jp", "z"), ("jp",), ("z",), ()]))
def test_the_step_folds_as_the_translate_table(text, classes):
    """The step (which replaces only the table's characters it finds) gives str.translate's
    text over the table of its classes, none included."""
    out = FoldVariants(classes=classes).apply(text, Context("t")).text
    assert out == text.translate(variant_table(classes))


# -- the step and the pipeline ---------------------------------------------------------------------
def test_step_records_a_fold_and_validates_classes():
    """The step counts the characters it folded; bad classes fail at construction."""
    res = FoldVariants().apply("黒沢明导演", Context("t"))
    assert (res.text, res.edits, res.folded) == ("黑泽明导演", [], 2)
    assert FoldVariants(classes=["z"]).apply("黒沢郞", Context("t")).text == "黒沢郎"
    with pytest.raises(ConfigError, match="'kana'"):
        FoldVariants(classes=("kana",))
    with pytest.raises(ConfigError):
        FoldVariants(classes="jp")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        FoldVariants(classes=3)  # type: ignore[arg-type]
    assert FoldVariants().config()["classes"] == sorted(VARIANT_CLASSES)


def test_pipeline_option_offsets_and_fingerprint():
    """On by default after the OpenCC step, off with ``variants=False`` (strict OpenCC output);
    offsets stay exact and the option is in the fingerprint."""
    src = "宮沢賢治在東京駅下車。"
    doc = cp.clean(src)
    assert doc.text == "宫泽贤治在东京驿下车。"
    assert doc.stats["variants"]["folded"] == 2
    (s,) = doc.sentences
    assert (s.src_start, s.src_end) == (0, len(src))
    strict = cp.Pipeline.default(variants=False)
    assert strict.clean(src).text == "宫沢贤治在东京駅下车。"
    assert "variants" not in [st_.name for st_ in strict.steps]
    assert strict.fingerprint() != cp.Pipeline.default().fingerprint()
    # no conversion: no variant fold either
    assert "variants" not in [st_.name for st_ in cp.Pipeline.default(conversion=None).steps]


def test_spans_map_back_through_the_variant_fold() -> None:
    """corpusprep.testing's default_fold knows the variant fold: a paragraph with 円 (folded to 圆) maps back.

    Found by the pipeline law test on a randomized run (a mojibake paragraph holding 円)."""
    from corpusprep.testing import checks

    text = "我市提出“經濟工作會議”的目標。\n我市說?骸拔覀円?召開經濟工作會議。”"
    checks.check_spans_map_back(cp.Pipeline.default().clean(text))
    assert checks.default_fold("百円") == checks.default_fold("百圆")
