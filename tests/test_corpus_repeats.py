"""corpus.find_repeated_lines (polars) and RemoveRepeatedLines."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusprep.corpus import (
    RemoveRepeatedLines,
    count_repeated_lines,
    count_repeated_lines_bounded,
    default_group,
    exact_key,
    find_repeated_lines,
    normalize_line,
    site_of,
)
from corpusprep.errors import ConfigError
from corpusprep.steps import Context

DOCS = [
    ("a", "第一篇正文。\n高唐新闻，家乡的大事。\n更新于 2021-05-06"),
    ("a", "第二篇正文。\n高唐新闻,家乡的大事。\n更新于 2022-11-30"),
    ("a", "第三篇正文。\n  高唐新闻，家乡的大事。  \n"),
    ("b", "高唐新闻，家乡的大事。\n另一个站点。"),
]


def test_repeats_are_found_per_group_with_digits_folded() -> None:
    """Lines in >= threshold documents of a group are returned, normalized (no spaces, no punctuation, digits 0)."""
    rep = find_repeated_lines(DOCS, threshold=2)
    assert rep == {"a": frozenset({"高唐新闻家乡的大事", "更新于00000000"})}


def test_threshold_counts_documents_not_occurrences() -> None:
    """A line repeated inside one document counts once."""
    assert find_repeated_lines([("g", "甲乙丙丁\n甲乙丙丁\n甲乙丙丁")], threshold=2) == {}


def test_result_is_independent_of_order_and_batching() -> None:
    """Same result whatever the order of documents and the batch size."""
    docs = [(f"g{i % 3}", f"正文{chr(0x4E00 + 7 * i)}。\n站点口号第{i % 3}号\n页脚文字") for i in range(30)]
    want = find_repeated_lines(docs, threshold=5)
    shuffled = docs[:]
    random.Random(1).shuffle(shuffled)
    assert find_repeated_lines(iter(shuffled), threshold=5, batch_size=7) == want
    assert want["g0"] == frozenset({"站点口号第0号", "页脚文字"})


def test_bad_threshold_raises() -> None:
    """threshold below 1 is a ConfigError."""
    with pytest.raises(ConfigError, match="threshold"):
        find_repeated_lines([], threshold=0)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("甲乙,:;!?() 　\t0123456789٣abc，"), max_size=30))
def test_polars_and_python_normalization_agree(line: str) -> None:
    """The polars expression and normalize_line() normalize a line the same way."""
    rep = find_repeated_lines([("g", line), ("g", line)], threshold=2, min_chars=1)
    key = normalize_line(line)
    assert rep == ({"g": frozenset({key})} if key else {})


def test_step_removes_repeated_lines_of_the_document_group() -> None:
    """RemoveRepeatedLines removes lines its group repeats, with category 'repeated'."""
    rep = find_repeated_lines(DOCS, threshold=2)
    step = RemoveRepeatedLines(rep)
    res = step.apply("新正文。\n高唐新闻，家乡的大事。\n更新于 2023-01-01", Context("x", meta={"group": "a"}))
    assert res.text == "新正文。\n"
    assert {(e.reason, e.category) for e in res.edits} == {("repeated.line", "repeated")}
    assert step.apply("高唐新闻，家乡的大事。", Context("x", meta={"group": "b"})).edits == []


def test_default_group_and_fingerprint() -> None:
    """Without ctx.meta['group'] the URL host or directory is the group; config hashes the lines."""
    assert default_group("https://a.example.com/x.html") == "a.example.com"
    step = RemoveRepeatedLines({"data/a": {"页脚文字"}})
    assert step.apply("正文。\n页脚文字", Context("data/a/1.txt")).text == "正文。\n"
    assert step.config() != RemoveRepeatedLines({"data/a": {"别的"}}).config()


def test_lines_equal_but_for_punctuation_style_count_as_one() -> None:
    """「」 vs “”, ASCII vs full-width: counted before the punctuation step, matched after it."""
    before = [("s", f"正文{i}。\n「订阅」本站,每天早上收到新闻!") for i in range(3)]
    rep = find_repeated_lines(before, threshold=3)
    step = RemoveRepeatedLines(rep, group_of=lambda uri: "s")
    after_punctuation = "新正文。\n“订阅”本站，每天早上收到新闻！"
    assert step.apply(after_punctuation, Context("x")).text == "新正文。\n"


HEADLINES = [("s", f"第{i}期：本周新闻回顾\n本期节目共{i + 2}条。\n第{i}期完\n订阅本站，每天早上收到新闻。") for i in range(1, 6)]


def test_digits_alone_do_not_remove_a_headline_or_a_paragraph() -> None:
    """Folded-only matches remove short non-prose lines, never the headline or prose; verbatim repeats go anywhere."""
    rep = count_repeated_lines(HEADLINES, threshold=5)
    step = RemoveRepeatedLines(rep.folded, exact_by_group=rep.exact, group_of=lambda uri: "s")
    res = step.apply("第7期：本周新闻回顾\n本期节目共9条。\n第7期完\n订阅本站，每天早上收到新闻。", Context("x"))
    assert res.text == "第7期：本周新闻回顾\n本期节目共9条。\n"
    notes = sorted(e.note for e in res.edits)
    assert notes == ["repeated in many documents of group s (digits aside)",
                     "repeated verbatim in many documents of group s"]


def test_a_code_of_letters_and_digits_keeps_its_line() -> None:
    """A field whose value is a code of letters and digits (基金会编号：A2995) is each document's
    own record: a folded-only match does not remove it, while a date line does go."""
    docs = [("s", f"正文第{i}篇。\n基金会编号：A{2990 + i}\n更新于 2021-05-0{i + 1}") for i in range(5)]
    rep = count_repeated_lines(docs, threshold=5)
    step = RemoveRepeatedLines(rep.folded, exact_by_group=rep.exact, group_of=lambda uri: "s")
    res = step.apply("正文第7篇。\n基金会编号：A2997\n更新于 2021-05-09", Context("x"))
    assert res.text == "正文第7篇。\n基金会编号：A2997\n"


HEADERS = [("s", f"正文第{i}篇。\n参考资料：\n《第{i}本书》，某出版社。\n相关阅读：\n订阅本站，每天早上收到新闻。") for i in range(5)]


def test_a_repeated_header_stays_with_the_content_it_introduces() -> None:
    """A repeated line ending in a colon stays when the line after it stays (this document's own
    references); it goes when what follows goes too (a repeated block), or when nothing follows."""
    rep = count_repeated_lines(HEADERS, threshold=5)
    step = RemoveRepeatedLines(rep.folded, exact_by_group=rep.exact, group_of=lambda uri: "s")
    res = step.apply("新正文。\n参考资料：\n《新书》，某出版社。\n相关阅读：\n订阅本站，每天早上收到新闻。", Context("x"))
    assert res.text == "新正文。\n参考资料：\n《新书》，某出版社。\n"
    assert step.apply("新正文。\n参考资料：", Context("x")).text == "新正文。\n"
    assert step.apply("参考资料：\n\n《新书》。", Context("x")).text == "参考资料：\n\n《新书》。"


TEASED = [("s", f"燕京书评\n第{i}篇的标题\n正文第{i}篇。\n热门文章：\n大新闻来了，全城关注") for i in range(5)]


def test_a_headline_other_pages_list_stays_at_the_top_of_its_own_page() -> None:
    """A line verbatim in many pages of a site is its furniture, except at the top of a page
    when the pages holding it mostly have it lower down: that is this page's headline, which
    the others list as a teaser (related news, most read). A header that tops most of the
    pages holding it (a column's name) goes from the top too; the teaser goes from the others."""
    rep = count_repeated_lines(TEASED, threshold=5)
    assert "大新闻来了全城关注" in rep.teasers["s"]
    assert "燕京书评" not in rep.teasers["s"]
    step = RemoveRepeatedLines(rep.folded, exact_by_group=rep.exact, teasers_by_group=rep.teasers,
                               group_of=lambda uri: "s")
    own = step.apply("\n大新闻来了，全城关注\n今天全城都在关注这件大新闻。", Context("x"))
    assert own.text == "\n大新闻来了，全城关注\n今天全城都在关注这件大新闻。"
    other = step.apply("燕京书评\n另一篇的标题\n正文。\n大新闻来了，全城关注", Context("y"))
    assert other.text == "另一篇的标题\n正文。\n"
    without = RemoveRepeatedLines(rep.folded, exact_by_group=rep.exact, group_of=lambda uri: "s")
    assert without.apply("大新闻来了，全城关注\n今天全城都在关注。", Context("x")).text == "今天全城都在关注。"
    assert step.config() != without.config()


def test_where_the_source_names_a_title_the_headline_is_the_line_that_is_that_title() -> None:
    """A web page opens with menus, so its first line is no headline: with a title, the line
    that is most of the title is the headline (kept), and a repeated menu line at the top goes."""
    docs = [("s", f"设为首页 | 加入收藏\n第{i}篇的标题\n正文第{i}篇。\n热门文章：\n大新闻来了，全城关注") for i in range(5)]
    rep = count_repeated_lines(docs, threshold=5)
    step = RemoveRepeatedLines(rep.folded, exact_by_group=rep.exact, teasers_by_group=rep.teasers,
                               group_of=lambda uri: "s")
    page = "设为首页 | 加入收藏\n大新闻来了，全城关注\n今天全城都在关注这件大新闻。"
    ctx = Context("x", meta={"title": "大新闻来了，全城关注_某某网"})
    assert step.apply(page, ctx).text == "大新闻来了，全城关注\n今天全城都在关注这件大新闻。"
    other_title = Context("y", meta={"title": "另一篇的标题_某某网"})
    assert step.apply(page, other_title).text == "今天全城都在关注这件大新闻。"
    site_name = Context("z", meta={"title": "某某网站的一个很长的首页标题，欢迎访问大新闻来了，全城关注"})
    assert step.apply(page, site_name).text == "今天全城都在关注这件大新闻。"


def test_without_exact_keys_every_folded_match_goes() -> None:
    """The step built from folded keys alone (the old form) removes every folded match."""
    rep = count_repeated_lines(HEADLINES, threshold=5)
    step = RemoveRepeatedLines(rep.folded, group_of=lambda uri: "s")
    assert step.apply("第7期：本周新闻回顾\n正文。", Context("x")).text == "正文。"


def test_exact_and_folded_counts_agree_with_python_keys() -> None:
    """The polars exact and folded keys are exact_key() and normalize_line() of the lines."""
    rep = count_repeated_lines(HEADLINES, threshold=1, min_chars=1)
    lines = {ln for _, text in HEADLINES for ln in text.split("\n")}
    assert rep.exact["s"] == frozenset(exact_key(ln) for ln in lines)
    assert rep.folded["s"] == frozenset(normalize_line(ln) for ln in lines)


def test_site_field_names_the_group() -> None:
    """A record's site (or its URL's host) is its group; else none."""
    assert site_of({"site": " a.example "}) == "a.example"
    assert site_of({"url": "https://b.example/x"}) == "b.example"
    assert site_of({"url": "not a url"}) is None


# -- the bounded-memory count (hashes first, strings of the repeated lines only) -----------
_LINES = ["页脚文字", "站点口号第1号", "站点口号第2号", "订阅本站，每天收到新闻。", "甲乙", "正文一段。", "高唐新闻家乡的大事", " "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["g0", "g1", "g2"]),
                          st.lists(st.sampled_from(_LINES), max_size=6).map("\n".join)),
                max_size=25),
       st.integers(1, 6), st.integers(1, 8), st.booleans())
def test_bounded_count_equals_the_in_memory_count(docs, threshold, batch_size, keep_one) -> None:
    """Same result as count_repeated_lines for any documents, threshold, batches and keep_one."""
    keyed = [(g, t, f"doc{i}") for i, (g, t) in enumerate(docs)]
    want = count_repeated_lines(keyed, threshold=threshold, keep_one=keep_one)
    reads = []

    def read():
        reads.append(1)
        return iter(keyed)

    got = count_repeated_lines_bounded(read, threshold=threshold, batch_size=batch_size, keep_one=keep_one)
    assert got == want
    assert len(reads) <= 2


def test_bounded_count_survives_hash_collisions(monkeypatch) -> None:
    """Every line hashing alike (a worst-case collision) changes nothing: the second read counts exactly."""
    import polars as pl

    from corpusprep import corpus

    monkeypatch.setattr(corpus, "_hash", lambda col: pl.lit(7, dtype=pl.UInt64).alias("h"))
    docs = [("g", f"正文{i}号不同的行\n页脚文字") for i in range(6)] + [("g", "只出现一次的行")]
    assert count_repeated_lines_bounded(lambda: iter(docs), threshold=5) == count_repeated_lines(docs, threshold=5)


def test_bounded_count_merging_every_batch(monkeypatch) -> None:
    """Counts merged after every batch (many partial merges) give the same result."""
    from corpusprep import corpus

    monkeypatch.setattr(corpus, "_MERGE_EVERY", 1)
    docs = [(f"g{i % 2}", f"正文{chr(0x4E00 + 7 * i)}。\n站点口号第{i % 3}号\n页脚文字{i % 4}") for i in range(40)]
    for threshold in (2, 5, 11):
        want = count_repeated_lines(docs, threshold=threshold)
        assert count_repeated_lines_bounded(lambda: iter(docs), threshold=threshold, batch_size=3) == want
