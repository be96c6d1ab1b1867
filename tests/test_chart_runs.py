"""Chart runs: a chart's labels in another language, one to a line, in a Chinese document."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate import RemoveBoilerplate
from corpusprep.cleaners.boilerplate.charts import find_chart_runs, may_hold_charts
from corpusprep.steps import Context

BODY = "新能源车企的估值在上市后大幅下滑，投资者对这一行业的信心明显减弱，多家公司股价跌破发行价。"
AFTER = "分析人士认为，这一趋势短期内还将持续，行业整合的步伐可能因此加快，部分企业将面临融资困难。"
CHART = ["Public Performance", "$80", "60", "Lyft (March 2019)", "40", "Uber (May 2019)", "20", "Snap (March 2017)"]


def test_chart_labels_between_paragraphs_are_removed_with_their_reason() -> None:
    text = "\n".join([BODY, *CHART, AFTER]) + "\n"
    r = RemoveBoilerplate(classify=False).apply(text, Context("t"))
    assert r.text == f"{BODY}\n{AFTER}\n"
    assert {e.reason for e in r.edits} == {"caption.chart_labels"}
    assert [text[e.start:e.end] for e in r.edits] == [line + "\n" for line in CHART]  # offsets in the source


def test_blank_lines_inside_a_chart_do_not_break_it() -> None:
    lines = [BODY, *[x for c in CHART for x in (c, "")], AFTER]
    assert find_chart_runs(lines) == [(1, 2 * len(CHART) - 1)]


def test_the_axis_ticks_and_names_of_an_economist_chart_are_a_run() -> None:
    chart = ["Predicted price* per 750ml bottle", "$3,000", "Bordeaux", "2,000", "Red Burgundy", "1,000", "0"]
    assert find_chart_runs([BODY, *chart, AFTER]) == [(1, len(chart))]


def test_not_a_chart() -> None:
    """A run of figures with no word (a table's column), a short run, Markdown table rows,
    fenced code and an English document are left alone."""
    years = ["2018", "2019", "2020", "2021", "2022"]
    assert find_chart_runs([BODY, *years, AFTER]) == []
    assert find_chart_runs([BODY, "Lyft", "40", "20", AFTER]) == []
    table = ["| Company | Value |", "|---|---|", "| Lyft | 40 |", "| Uber | 20 |", "| Snap | 10 |"]
    assert find_chart_runs([BODY, *table, AFTER]) == []
    code = ["```", "for i in range(3):", "    print(i)", "0", "1", "2", "```"]
    assert find_chart_runs([BODY, *code, AFTER]) == []
    english = ["Shares of ride-hailing firms fell after their listings, as the chart shows.", *CHART,
               "Analysts expect the slide to go on for some time."]
    assert find_chart_runs(english) == []


def test_a_line_with_chinese_breaks_the_run() -> None:
    lines = [BODY, "Lyft (March 2019)", "40", "图表：网约车公司市值", "Uber (May 2019)", "20", AFTER]
    assert find_chart_runs(lines) == []


def test_the_quick_test_finds_every_text_a_run_is_found_in() -> None:
    text = "\n".join([*CHART, BODY, AFTER])  # the chart's figures opening the text too
    assert may_hold_charts(text)
    assert find_chart_runs(text.split("\n")) == [(0, len(CHART) - 1)]
    assert not may_hold_charts(f"{BODY}\nLyft\nUber\n2019年\n{AFTER}")


_LINE = st.one_of(st.sampled_from([*CHART, BODY, AFTER, "", "```", "| a | 1 |"]),
                  st.text(st.sampled_from(list("Ab1,$ 新。")), max_size=12))


@given(st.lists(_LINE, max_size=30))
def test_runs_hold_only_what_a_chart_is_made_of(lines: list[str]) -> None:
    """Every run is long enough, in order and inside the text; none of its lines holds a
    Chinese character or a pipe; the quick test passes wherever a run is found."""
    runs = find_chart_runs(lines)
    if runs:
        assert may_hold_charts("\n".join(lines))
    last = -1
    for a, b in runs:
        assert last < a <= b < len(lines)
        last = b
        members = [s.strip() for s in lines[a:b + 1] if s.strip()]
        assert len(members) >= 4
        assert not any(regex.search(r"\p{Han}|\|", s) for s in members)


def test_a_fence_ends_a_run_even_where_it_is_skipped() -> None:
    """Lines between two fences are code, so even fences a rule took (``skip``) do not let a
    run go on across them."""
    body = ["中文的内容，很多的汉字在这里，用来满足比例。"] * 4
    lines = [*body, "90", "Lyft", "80", "```", "```", "70", "Uber"]
    skip = [False] * len(lines)
    skip[7] = skip[8] = True
    assert find_chart_runs(lines, skip) == []
    assert find_chart_runs([*body, "90", "Lyft", "80", "70", "Uber"]) == [(4, 8)]
