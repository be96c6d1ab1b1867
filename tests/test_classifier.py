"""The line classifier: features, tail runs, infographic runs, decisions with reasons."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate.classifier import (
    GRAPHIC_DIGIT_SHARE,
    GRAPHIC_LINE_MAX,
    GRAPHIC_RUN_MIN,
    GRAPHIC_TERMINAL_SHARE,
    ClassifyLines,
    classify_lines,
    closest_category,
    find_graphic_runs,
    _is_prose,
    _visible,
    _visible_is_prose,
    line_features,
    tail_removals,
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


# -- fast paths against their definitions ---------------------------------------------------

def _graphic_runs_reference(lines: list[str], skip: list[bool] | None = None) -> list[tuple[int, int]]:
    """find_graphic_runs by its definition, from line_features of every line."""
    skip = skip or [False] * len(lines)
    runs: list[tuple[int, int]] = []
    cur: list[int] = []

    def close() -> None:
        if len(cur) >= GRAPHIC_RUN_MIN:
            feats = [line_features(lines[i]) for i in cur]
            digits = sum(f.digit_ratio > 0 for f in feats) / len(feats)
            terminal = sum(f.terminal == "statement" for f in feats) / len(feats)
            if digits >= GRAPHIC_DIGIT_SHARE and terminal <= GRAPHIC_TERMINAL_SHARE:
                runs.append((cur[0], cur[-1]))
        cur.clear()

    for i, line in enumerate(lines):
        if not line.strip() or skip[i]:
            continue
        f = line_features(line)
        if f.length <= GRAPHIC_LINE_MAX and not f.heading and not line.strip().endswith(("；", ";", "：", ":")):
            cur.append(i)
        else:
            close()
    close()
    return runs


_word = st.text(alphabet="甲乙丙丁新闻图。！？?!…”；：:、 \u3000\t#<>p/&nbsp;0123456789１２", max_size=12)
_line = st.one_of(_word, st.sampled_from(["", " ", P, "### 小标题", "<p>占全省30%</p>", "&nbsp;", "<b>",
                                          "会议要求各部门抓好落实。", "美股大幅回撤，机构在如何交易？", "热点推荐",
                                          "高企总数达4396家", "# 1", "提高至81%。"]),
                  st.lists(st.sampled_from(["今天", "。", "3", "，", "说"]), max_size=40).map("".join),
                  # lengths around the prose thresholds (8, 40, 60), with each kind of ending
                  st.tuples(st.sampled_from([6, 7, 8, 9, 38, 39, 40, 41, 58, 59, 60, 61]),
                            st.sampled_from(["", "。", "？", "！", "”", "。甲"])).map(lambda t: "甲" * (t[0] - len(t[1])) + t[1]))
_BOUNDARY = [n * "甲" + end for n in range(4, 64) for end in ("", "。", "？", "！", "”", "。甲", " ", "<p>")]


@settings(max_examples=300, deadline=None)
@given(_line)
def test_prose_test_reads_the_features_it_needs(line: str) -> None:
    """_visible_is_prose (length, ending, inner full stop only) equals _is_prose of the features."""
    assert _visible_is_prose(_visible(line)) == _is_prose(line_features(line))


def test_prose_test_at_the_thresholds() -> None:
    """The same for every length around the thresholds, with each kind of ending."""
    for x in _BOUNDARY:
        assert _visible_is_prose(_visible(x)) == _is_prose(line_features(x)), x


_lines_and_skip = st.lists(st.tuples(_line, st.booleans(), st.integers(0, 3)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_lines_and_skip, st.booleans())
def test_tail_removals_are_the_removals_of_classify_lines(rows, use_skip) -> None:  # type: ignore[no-untyped-def]
    """tail_removals (reads the lines backwards up to the last prose line) gives exactly the
    removing decisions of classify_lines."""
    lines = [ln for ln, _, _ in rows]
    skip = [sk and k == 0 for _, sk, k in rows] if use_skip else None
    assert tail_removals(lines, skip) == [d for d in classify_lines(lines, skip) if d.remove]


@settings(max_examples=300, deadline=None)
@given(_lines_and_skip, st.booleans())
def test_graphic_runs_match_their_definition(rows, use_skip) -> None:  # type: ignore[no-untyped-def]
    """find_graphic_runs (reads only what it needs of each line) equals the definition from
    line_features."""
    lines = [ln if k else ln[:GRAPHIC_LINE_MAX] for ln, _, k in rows]
    skip = [sk and k == 0 for _, sk, k in rows] if use_skip else None
    assert find_graphic_runs(lines, skip) == _graphic_runs_reference(lines, skip)
