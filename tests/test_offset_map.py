"""The offset map: composition of edits keeps an exact, checkable map back to the source."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from corpusprep.document import Edit, OffsetMap, apply_edits, revert_edits
from corpusprep.errors import OffsetError


@st.composite
def edit_lists(draw, text: str) -> list[Edit]:
    n = len(text)
    points = sorted(draw(st.lists(st.integers(0, n), max_size=8)))
    edits = []
    for a, b in zip(points[::2], points[1::2]):
        new = draw(st.sampled_from(["", "", "x", "新", "\n", "ab"]))
        edits.append(Edit(a, b, text[a:b], new, f"r{a}", "test", draw(st.sampled_from(["", "note"]))))
    return edits


@st.composite
def edit_histories(draw):
    source = draw(st.text(alphabet="ab中文\n ?", max_size=30))
    texts, steps = [source], []
    for _ in range(draw(st.integers(1, 4))):
        edits = draw(edit_lists(texts[-1]))
        steps.append(edits)
        texts.append(apply_edits(texts[-1], edits))
    return source, texts, steps


def _check_tiles(m: OffsetMap, source: str, output: str) -> None:
    segs = m.segments()
    o = s = 0
    for o0, o1, s0, s1, why in segs:
        assert (o0, s0) == (o, s)
        assert o1 >= o0 and s1 >= s0
        if why is None:
            assert output[o0:o1] == source[s0:s1]
        o, s = o1, s1
    assert o == len(output) and s == len(source)


@given(edit_histories())
def test_composed_map_tiles_and_replays(history):
    source, texts, steps = history
    m = OffsetMap.identity(len(source))
    for text, edits in zip(texts, steps):
        m = m.compose(text, edits)
    output = texts[-1]
    _check_tiles(m, source, output)
    assert apply_edits(source, m.source_edits(source, output)) == output


@given(edit_histories(), st.data())
def test_spans_map_to_covering_source(history, data):
    source, texts, steps = history
    m = OffsetMap.identity(len(source))
    for text, edits in zip(texts, steps):
        m = m.compose(text, edits)
    output = texts[-1]
    a = data.draw(st.integers(0, len(output)))
    b = data.draw(st.integers(a, len(output)))
    s, e = m.source_span(a, b)
    assert 0 <= s <= e <= len(source)
    # the source slice, with the source edits inside it applied, contains the output text
    inner = [x for x in m.source_edits(source, output) if s <= x.start and x.end <= e]
    shifted = [x._replace(start=x.start - s, end=x.end - s) for x in inner]
    assert output[a:b] in apply_edits(source[s:e], shifted)


@given(st.text(max_size=20), st.data())
def test_revert_undoes_apply(text, data):
    edits = data.draw(edit_lists(text))
    assert revert_edits(apply_edits(text, edits), edits) == text


def test_overlapping_edits_are_refused():
    with pytest.raises(OffsetError, match="overlaps"):
        apply_edits("abcdef", [Edit(0, 3, "abc", "", "a"), Edit(2, 4, "cd", "", "b")])


def test_edit_that_misquotes_the_text_is_refused():
    with pytest.raises(OffsetError, match="claims to replace"):
        OffsetMap.identity(3).compose("abc", [Edit(0, 1, "x", "", "a")])


def test_later_edit_absorbs_an_earlier_replacement_it_cuts():
    src = "a?,Fb"
    m = OffsetMap.identity(5).compose(src, [Edit(1, 4, "?,F", "。現", "repair", "encoding")])
    mid = "a。現b"
    m = m.compose(mid, [Edit(1, 2, "。", "", "cut", "test")])
    assert m.source_edits(src, "a現b") == [Edit(1, 4, "?,F", "現", "cut", "test")]


def test_whitespace_edit_keeps_an_earlier_deletion_record_inside_it():
    src = "甲。\n\n广告\n\n乙。"
    m = OffsetMap.identity(len(src)).compose(src, [Edit(4, 7, "广告\n", "", "ad.slogan", "ad")])
    mid = "甲。\n\n\n乙。"
    m = m.compose(mid, [Edit(2, 5, "\n\n\n", "\n", "whitespace.blank_lines", "whitespace")])
    edits = m.source_edits(src, "甲。\n乙。")
    assert [e.category for e in edits] == ["whitespace", "ad", "whitespace"]
    assert edits[1].old == "广告\n"


def test_content_edit_absorbs_an_earlier_deletion_inside_it():
    src = "責(zé)任編輯:王某\n正文。"
    m = OffsetMap.identity(len(src)).compose(src, [Edit(1, 5, "(zé)", "", "pinyin.tone_marked", "pinyin")])
    mid = "責任編輯:王某\n正文。"
    m = m.compose(mid, [Edit(0, 8, "責任編輯:王某\n", "", "editor.credit", "editor")])
    assert m.source_edits(src, "正文。") == [Edit(0, 12, src[:12], "", "editor.credit", "editor")]


def test_an_edit_over_lines_keeps_the_records_of_lines_removed_inside_it():
    """Two paragraphs removed together (duplicates) with a menu line removed between them
    before: the menu line stays a navigation row; an inline deletion in them is absorbed."""
    src = "甲乙(jiǎ)丙。\n首页 | 新闻\n丁戊。\n正文。"
    m = OffsetMap.identity(len(src)).compose(src, [Edit(2, 7, "(jiǎ)", "", "pinyin.tone_marked", "pinyin"),
                                                    Edit(10, 18, "首页 | 新闻\n", "", "navigation.menu", "navigation")])
    mid = "甲乙丙。\n丁戊。\n正文。"
    m = m.compose(mid, [Edit(0, 9, "甲乙丙。\n丁戊。\n", "", "duplicate.paragraph", "duplicate")])
    edits = m.source_edits(src, "正文。")
    assert [(e.old, e.category) for e in edits] == [
        ("甲乙(jiǎ)丙。\n", "duplicate"), ("首页 | 新闻\n", "navigation"), ("丁戊。\n", "duplicate")]
    assert apply_edits(src, edits) == "正文。"


@given(st.text(alphabet="ab中文\n ?", max_size=30).flatmap(lambda t: st.tuples(st.just(t), edit_lists(t))))
def test_fast_path_on_an_unedited_map_equals_the_general_composition(case):
    text, edits = case
    edits = [e for e in edits if e.start != e.end or e.new]
    m = OffsetMap.identity(len(text))
    assert m._compose_on_identity(edits) == m._compose_general(text, edits)
