"""An article's own table of contents: the line model leaves it alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate import RemoveBoilerplate
from corpusprep.cleaners.boilerplate.toc import may_hold_toc, toc_lines
from corpusprep.steps import Context

BODY = "我们整理了这份指南，希望帮助读者在信息封锁的环境下保护自己的隐私和安全，下面是各章的内容安排。"
TOC = ["目录", "前言", "第一章 信息安全", "1. 不记名号码的选择", "2. 个人信息保护的一般性建议", "第二章 网络代理",
       "3. 网络代理泛论", "4. VPN初级教程", "附录"]
PARA = "第一章讲的是信息安全。不记名号码是匿名上网的第一步，很多服务都要求用手机号注册，因此选择一个合适的号码非常重要。"
TEXT = "\n".join([BODY, *TOC, PARA, PARA.replace("第一章", "第二章")]) + "\n"


def test_the_model_leaves_an_articles_table_of_contents_alone() -> None:
    kept = RemoveBoilerplate().apply(TEXT, Context("t"))
    assert kept.text == TEXT
    # without the guard the model takes most of it for a menu
    taken = RemoveBoilerplate(contents=False).apply(TEXT, Context("t"))
    assert {TEXT[e.start:e.end].strip() for e in taken.edits} & set(TOC)


def test_a_table_of_contents_is_its_heading_and_the_chapters_under_it() -> None:
    lines = [BODY, "3.0 版目录", "", *TOC[1:], PARA]
    assert toc_lines(lines).tolist() == [False, True, False, *[True] * (len(TOC) - 1), False]


def test_not_a_table_of_contents() -> None:
    """A 目录 button with a menu under it, a heading with too few chapters, chapters with no
    heading, and a long line after the heading stay ordinary lines."""
    assert not toc_lines(["目录", "首页", "新闻", "体育"]).any()
    assert not toc_lines(["目录", "第一章 总则", "第二章 附则", PARA]).any()
    assert not toc_lines(TOC[1:]).any()
    assert not toc_lines(["目录", PARA, *TOC[1:]]).any()


def test_the_quick_test() -> None:
    assert may_hold_toc("目 录：\n前言") and may_hold_toc(TEXT)
    assert not may_hold_toc("第一章 总则\n第二章 附则")


_LINE = st.one_of(st.sampled_from([*TOC, BODY, PARA, "", "目 录：", "首页"]),
                  st.text(st.sampled_from(list("目录第一章1. 甲")), max_size=12))


@given(st.lists(_LINE, max_size=25))
def test_every_table_opens_with_its_heading_and_lists_enough_chapters(lines: list[str]) -> None:
    flags = toc_lines(lines).tolist()
    assert len(flags) == len(lines)
    if any(flags):
        assert may_hold_toc("\n".join(lines))
    i = 0
    while i < len(flags):
        if flags[i]:  # a heading, then its chapters (blank lines between them unmarked)
            assert "目" in lines[i]
            j = i + 1
            while j < len(flags) and (flags[j] or not lines[j].strip()):
                j += 1
            marked = [k for k in range(i + 1, j) if flags[k]]
            assert len(marked) >= 3 and all(len(lines[k].strip()) <= 40 for k in marked)
            i = j
        else:
            i += 1
