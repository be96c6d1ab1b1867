"""The line classifier: features, tail runs, infographic runs, decisions with reasons."""

from __future__ import annotations

from corpusprep.cleaners.classifier import (
    ClassifyLines,
    classify_lines,
    closest_category,
    find_graphic_runs,
    line_features,
)
from corpusprep.steps import Context

P = "正文第一段讲述了事件的经过和各方的反应，内容详实，记者在现场看到了整个过程。"


def test_features_ignore_inline_tags() -> None:
    """Tags do not count toward length; a 。 closes a statement."""
    f = line_features("<p>市场平稳运行。</p>")
    assert (f.length, f.terminal) == (7, "statement")


def test_tail_run_of_teasers_is_removed_with_score_and_reason() -> None:
    """Short lines after the last paragraph are a teaser list; the decision says why."""
    lines = ["标题", P, P, "美股处于百年牛市循环浪的尾声", "美股大幅回撤，机构在如何交易？", "热点推荐"]
    ds = [d for d in classify_lines(lines) if d.remove]
    assert [d.index for d in ds] == [3, 4, 5]
    assert all(d.rule == "classifier.tail_short_run" and 0.5 <= d.score <= 1 for d in ds)
    assert "after the last paragraph" in ds[0].reason
    assert ds[-1].category == "recommendation"


def test_headings_between_paragraphs_stay() -> None:
    """Short headings with prose after them are kept."""
    lines = ["标题", P, "一、用心：对自己对产品负责任", P, "二、同理心", P]
    assert not any(d.remove for d in classify_lines(lines))


def test_short_closing_statements_stay() -> None:
    """A short last line that ends a sentence (。 or ！) is prose, not a teaser."""
    lines = [P, "会议要求各部门抓好落实。", "让我们一起努力！"]
    assert not any(d.remove for d in classify_lines(lines))


def test_single_trailing_line_stays() -> None:
    """One short line after the last paragraph is not a run."""
    assert not any(d.remove for d in classify_lines([P, "另一条新闻的标题"]))


def test_markdown_sections_at_the_end_stay() -> None:
    """A tail holding a Markdown heading is a section, not a teaser list."""
    assert not any(d.remove for d in classify_lines([P, "### 国内联播快讯", "短讯一则"]))


def test_graphic_runs_need_figures() -> None:
    """Runs of short lines are infographics only with enough digits and few full stops."""
    figs = ["高企总数达4396家", "占全省30%", "91项科技成果", "占全省1/3", "提高至81%",
            "居全省首位", "超5000家", "新增泊位9000个"]
    assert find_graphic_runs([P, *figs, P]) == [(1, 8)]
    words = ["锚定创新引领", "聚力实现新突破", "力保一季度开门红", "千字为先", "勇当龙头", "比学赶超", "拉高标杆", "全力冲刺"]
    assert find_graphic_runs([P, *words, P]) == []
    assert find_graphic_runs([P, *figs[:5], P]) == []


def test_closest_category() -> None:
    """The closest rule category is named by shared keywords."""
    assert closest_category("扫码关注公众号") == "share_prompt"
    assert closest_category("市场平稳运行") == "other"


def test_classify_lines_step() -> None:
    """ClassifyLines is an EditStep of its own."""
    res = ClassifyLines().apply(f"{P}\n甲新闻标题\n乙新闻标题", Context("t"))
    assert res.text == f"{P}\n"
    assert {e.reason for e in res.edits} == {"classifier.tail_short_run"}
