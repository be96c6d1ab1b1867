"""Front matter of Markdown posts: removed whole, its fields kept; anything else left alone."""

from __future__ import annotations

import json

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpusprep
from corpusprep.cleaners.front_matter import StripFrontMatter
from corpusprep.document import apply_edits
from corpusprep.io.front_matter import (
    MAX_LINES,
    document_meta,
    find_front_matter,
    front_matter_end,
)
from corpusprep.pipeline import Pipeline
from corpusprep.steps import Context
from corpusprep.testing import check_cleaner
from corpusprep.testing import strategies as cs

JEKYLL = """---
layout: post
title: "冬季疫情：日本新首相面对考验"
date: 2020-12-15T14:55:38.000Z
author: 德国之声
from: https://www.dw.com/zh/a-55949234
tags: [ 德国之声 ]
categories: [ 德国之声 ]
---
（德国之声中文网）日本迄今的抗疫成绩仍优于其他许多西方国家。
疫情爆发以来，日本累计大约有18万人确诊。
"""

BODY = "（德国之声中文网）日本迄今的抗疫成绩仍优于其他许多西方国家。\n疫情爆发以来，日本累计大约有18万人确诊。\n"


def strip(text: str) -> tuple[str, Context, list]:
    ctx = Context("post.md")
    res = StripFrontMatter().apply(text, ctx)
    return res.text, ctx, res.edits


def test_a_jekyll_post_loses_its_front_matter_and_keeps_its_fields():
    out, ctx, edits = strip(JEKYLL)
    assert out == BODY
    assert [(e.start, e.reason, e.category) for e in edits] == [(0, "markup.front_matter", "markup")]
    assert JEKYLL[edits[0].start:edits[0].end] == edits[0].old
    assert ctx.meta["title"] == "冬季疫情：日本新首相面对考验"
    assert ctx.meta["url"] == "https://www.dw.com/zh/a-55949234"
    assert ctx.meta["published"] == "2020-12-15T14:55:38.000Z"
    assert ctx.meta["author"] == "德国之声"
    assert ctx.meta["front_matter"]["tags"] == ["德国之声"]


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ('+++\ntitle = "标题"\ndate = 2021-01-04\ntags = ["科学"]\n+++\n正文。', {"title": "标题", "date": "2021-01-04", "tags": ["科学"]}),
        ("---\ntitle: 标题\n...\n正文。", {"title": "标题"}),  # YAML's document end also closes
        ("\n\n---\ntitle: 标题\n---\n正文。", {"title": "标题"}),  # blank lines before the fence
        ("---\r\ntitle: 标题\r\n---\r\n正文。", {"title": "标题"}),  # CRLF
        ("---\n# 注释\ntitle: 'It''s'\nauthor:\n  name: 张三\n  email: z@example.com\n---\n正文。",
         {"title": "It's", "author.name": "张三", "author.email": "z@example.com"}),
        ("---\ntags:\n  - 新闻\n  - \"香港\"\nsummary: >\n  第一行\n  第二行\n---\n正文。",
         {"tags": ["新闻", "香港"], "summary": "第一行 第二行"}),
    ],
)
def test_front_matter_forms(text, fields):
    fm = find_front_matter(text)
    assert fm is not None and fm.fields == fields
    out, _, _ = strip(text)
    assert out.endswith("正文。") and "title" not in out and "+++" not in out


@pytest.mark.parametrize(
    "text",
    [
        "---\n正文第一段。\n---\n正文。",  # horizontal rules around prose
        "---\n作者：张三\n---\n正文。",  # a full-width colon is a byline, not a YAML key
        "---\n记者 张三: 现场报道\n---\n正文。",  # a key is one ASCII word
        "---\ntitle: 标题\n正文。没有收尾的分隔线。",  # never closed
        "正文。\n---\ntitle: 标题\n---\n",  # not at the start
        "+++\ntitle = 标题 没有引号\n+++\n正文。",  # TOML that does not parse
        "---\n---\n正文。",  # no field at all
        "---\n" + "".join(f"k{i}: v\n" for i in range(MAX_LINES + 1)) + "---\n正文。",  # too long for metadata
        "  ---\ntitle: 标题\n---\n正文。",  # an indented fence
    ],
)
def test_texts_without_front_matter_are_left_alone(text):
    assert find_front_matter(text) is None
    out, ctx, edits = strip(text)
    assert out == text and edits == [] and "front_matter" not in ctx.meta


def test_consecutive_blocks_go_together_so_a_second_run_changes_nothing():
    text = "---\ntitle: 甲\n---\n+++\ntitle = \"乙\"\n+++\n正文。"
    out, ctx, edits = strip(text)
    assert out == "正文。" and len(edits) == 2
    assert ctx.meta["title"] == "甲"  # the first block's field wins
    assert strip(out)[0] == out


def test_document_meta_takes_the_first_named_key_and_only_urls_as_url():
    assert document_meta({"link": "/local/path", "source": "https://a.example.cn/1", "authors": ["甲", "乙"]}) == {
        "author": "甲, 乙", "url": "https://a.example.cn/1"}
    assert document_meta({"permalink": "/2020/01/x/"}) == {}


# -- property checks -------------------------------------------------------------------

_KEY = st.from_regex(r"[a-z][a-z_]{0,9}", fullmatch=True)
_VALUE = st.text(st.characters(whitelist_categories=("Lo", "Nd", "Lu", "Ll"), max_codepoint=0x9FFF),
                 min_size=1, max_size=12)
_PROSE = st.lists(st.text(st.characters(whitelist_categories=("Lo",), min_codepoint=0x4E00, max_codepoint=0x9FFF),
                          min_size=1, max_size=20).map(lambda s: s + "。"), min_size=1, max_size=4)


@given(fields=st.dictionaries(_KEY, _VALUE, min_size=1, max_size=8), body=_PROSE, lead=st.sampled_from(["", "\n", "\n\n"]))
def test_generated_posts_lose_exactly_their_front_matter(fields, body, lead):
    block = "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n"
    text = lead + block + "\n".join(body)
    out, ctx, edits = strip(text)
    assert out == lead + "\n".join(body)
    assert apply_edits(text, edits) == out
    assert all(text[e.start:e.end] == e.old for e in edits)
    assert ctx.meta["front_matter"] == fields
    assert front_matter_end(text) == len(lead) + len(block)
    check_cleaner(StripFrontMatter(), text)


@given(st.text(st.sampled_from(["-", "+", "\n", ":", " ", "a", "正", "."]), max_size=60))
def test_the_step_obeys_the_laws_on_fence_shaped_text(text):
    """Idempotent, offsets back to the source, every removal recorded: on texts made of
    fences, colons and keys, where a parser is likeliest to slip."""
    check_cleaner(StripFrontMatter(), text)


# -- in the pipeline and the dataset ---------------------------------------------------

def test_the_default_pipeline_strips_it_and_the_option_turns_it_off():
    doc = Pipeline.default().clean(JEKYLL)
    assert "layout" not in doc.text and doc.text.startswith("（德国之声中文网）")
    assert any(r.rule == "markup.front_matter" for r in doc.removed)
    assert doc.meta["url"] == "https://www.dw.com/zh/a-55949234"
    kept = Pipeline.default(front_matter=False).clean(JEKYLL)
    assert "layout: post" in kept.text


def test_a_folder_of_posts_keeps_fields_through_the_corpus_pass(tmp_path):
    """Six posts of one folder share their front-matter lines (layout, categories, the
    date once digits fold): the corpus pass must leave them to the front-matter step, so
    that every post's URL, date and title reach documents.parquet (.md and .markdown alike)."""
    src = tmp_path / "posts"
    src.mkdir()
    for i in range(6):
        (src / f"2020-12-1{i}-post.{'markdown' if i == 5 else 'md'}").write_text(
            JEKYLL.replace("a-55949234", f"a-5594923{i}").replace("冬季疫情", f"第{i}篇").replace("18万", f"{i}万"),
            "utf-8")
    corpusprep.process([src], tmp_path / "out", workers=1)
    docs = pl.read_parquet(tmp_path / "out" / "documents.parquet").sort("doc_id")
    assert docs["url"].to_list() == [f"https://www.dw.com/zh/a-5594923{i}" for i in range(6)]
    assert docs["published"].to_list() == ["2020-12-15T14:55:38.000Z"] * 6
    assert docs["title"].to_list() == [f"第{i}篇：日本新首相面对考验" for i in range(6)]
    assert docs["author"].to_list() == ["德国之声"] * 6
    removed = pl.read_parquet(tmp_path / "out" / "removed.parquet")
    fm = removed.filter(pl.col("rule") == "markup.front_matter")
    assert fm.height == 6 and fm["src_start"].to_list() == [0] * 6
    assert json.loads(docs["meta_json"][0])["front_matter"]["layout"] == "post"
    corpus = pl.read_parquet(tmp_path / "out" / "corpus")
    assert not corpus.filter(pl.col("text").str.contains("layout|categories")).height


def test_the_corpus_pass_neither_counts_nor_removes_front_matter_lines(tmp_path):
    """Each half on its own: counting leaves the block out, and matching never takes a
    line of it even when told the line repeats."""
    from corpusprep.corpus import RemoveRepeatedLines, count_input_lines, normalize_line
    from corpusprep.io.readers import ReaderOptions

    for i in range(5):
        (tmp_path / f"p{i}.md").write_text(JEKYLL.replace("18万", f"{i}万"), "utf-8")
    rep = count_input_lines(([str(tmp_path)], ReaderOptions(), 5, False))
    counted = set().union(*rep.folded.values())
    assert normalize_line("（德国之声中文网）日本迄今的抗疫成绩仍优于其他许多西方国家。") in counted
    assert not {normalize_line(x) for x in ("layout: post", "categories: [ 德国之声 ]")} & counted
    step = RemoveRepeatedLines({"g": frozenset(normalize_line(x) for x in JEKYLL.splitlines())}, group_of=lambda uri: "g")
    edits = step.apply(JEKYLL, Context("p.md")).edits
    assert edits and min(e.start for e in edits) == front_matter_end(JEKYLL)


_PIPELINE = Pipeline.default()


@settings(max_examples=40, deadline=None)
@given(post=cs.markdown_post(articles=cs.news_article(script="any", newline="mixed", max_boilerplate=3)))
def test_the_pipeline_removes_every_generated_block_and_keeps_its_title(post):
    """On generated posts (YAML and TOML blocks, either script, any newline): the block goes
    whole, as markup.front_matter, and its title becomes the document's."""
    doc = _PIPELINE.clean(post.text)
    block = post.injected[0]
    fm = [r for r in doc.removed if r.rule == "markup.front_matter"]
    assert [(r.src_start, r.src_end) for r in fm] == [(0, block.end)]
    assert doc.meta["title"] == post.headline
