"""Lists of other articles set out as ``source | title``, one to a line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate import RemoveBoilerplate
from corpusprep.cleaners.boilerplate.title_lists import (
    find_title_list_runs,
    may_hold_title_lists,
)
from corpusprep.steps import Context

BODY = "网信办副主任在发布会上回应了外界对信息管控的质疑，称相关做法符合法律规定，并无不妥之处。"
ITEMS = ["端传媒 | 网信办副主任回应信息管控：没什么不好意思的", "统战新语 | 知乎CEO周源等52名网络人士出席理论研讨班",
         "象甲书店｜学校网课直播屡遭封禁，我们的互联网有病", "后窗工作室 | 直播网站审核员的245天"]


def test_a_list_of_other_articles_after_the_body_is_removed_with_its_reason() -> None:
    text = "\n".join([BODY, *ITEMS]) + "\n"
    r = RemoveBoilerplate(classify=False).apply(text, Context("t"))
    assert r.text == BODY + "\n"
    assert {(e.reason, e.category) for e in r.edits} == {("recommendation.title_list", "recommendation")}
    assert [text[e.start:e.end] for e in r.edits] == [line + "\n" for line in ITEMS]


def test_blank_lines_between_items_do_not_break_the_list() -> None:
    assert find_title_list_runs([BODY, ITEMS[0], "", ITEMS[1], BODY]) == [(1, 3)]


def test_not_a_list_of_other_articles() -> None:
    """One such line alone (a headline, a column's name over the article), dated references,
    lines ending a sentence, a table's rows and Markdown table rows stay."""
    assert find_title_list_runs(["书评 | 思想市场，那些企图影响你的人和看不见的手", BODY]) == []
    assert find_title_list_runs([BODY, ITEMS[0], BODY, ITEMS[1], BODY]) == []
    dated = ["数字移民 | 获取一个美国手机号，Google Voice 攻略全记录（2018-08-30）",
             "iYouPort｜4款最佳一次性手机号码应用：适用 Android & iPhone（2019-10-15）"]
    assert find_title_list_runs([BODY, *dated]) == []
    sentences = ["记者 | 他说，这件事情必须尽快解决。", "编者 | 我们认为，这样的做法并不妥当。"]
    assert find_title_list_runs([BODY, *sentences]) == []
    assert find_title_list_runs(["房租 | 3000元", "水电 | 200元", "交通 | 500元"]) == []
    assert find_title_list_runs(["| 公司 | 估值 |", "| 蚂蚁金服 | 一千五百亿美元 |", "| 字节跳动 | 七百五十亿美元 |"]) == []


def test_the_quick_test_passes_wherever_a_list_is_found() -> None:
    assert may_hold_title_lists("\n".join(ITEMS[:2]))
    assert not may_hold_title_lists(f"{BODY}\n{ITEMS[0]}")


_LINE = st.one_of(st.sampled_from([*ITEMS, BODY, "", "房租 | 3000元", "| a | b |"]),
                  st.text(st.sampled_from(list("甲乙丙 |｜。")), max_size=20))


@given(st.lists(_LINE, max_size=20))
def test_runs_are_two_or_more_bar_lines_in_order(lines: list[str]) -> None:
    runs = find_title_list_runs(lines)
    if runs:
        assert may_hold_title_lists("\n".join(lines))
    last = -1
    for a, b in runs:
        assert last < a < b < len(lines)
        last = b
        members = [s.strip() for s in lines[a:b + 1] if s.strip()]
        assert len(members) >= 2
        assert all(("|" in s or "｜" in s) and not s.endswith("。") for s in members)
