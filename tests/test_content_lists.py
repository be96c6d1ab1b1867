"""Content lists (boilerplate/lists.py): long runs of short, alike items after the prose stay."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate import RemoveBoilerplate
from corpusprep.cleaners.boilerplate.features import line_table
from corpusprep.cleaners.boilerplate.features import line_tables
from corpusprep.cleaners.boilerplate.lists import MIN_LINES, content_list_lines, content_list_mask, signature
from corpusprep.steps import Context
from corpusprep.testing.checks import check_step

PROSE = "2020年9月21日，司法部官网公布了全国优秀律师事务所和全国优秀律师名单，并进行了公示。"
FIRMS = [f"{a}{b}律师事务所" for a in ("北京", "天津", "上海") for b in ("安理", "德和衡", "北斗鼎铭", "道可特")]
PRICES = [line for k, (place, price, phone) in enumerate(
    [("东方明珠", 279, "58792888"), ("野生动物园", 165, "58036000"), ("自然博物馆", 30, "62620116"),
     ("金茂大厦", 120, "50475101"), ("欢乐谷", 260, "4006688022")], 1)
    for line in (f"{k}、上海{place}", f"成人票原价：{price}元", f"儿童票原价：{price // 2}元", f"游客咨询电话：{phone}")]


def marked(lines: list[str]) -> list[bool]:
    t = line_table("\n".join(lines))
    return content_list_lines(lines, t.prose, t.length).tolist()


# -- what is a content list ------------------------------------------------------------------

def test_a_list_of_organisations_after_the_prose_is_a_content_list() -> None:
    lines = [PROSE, "全国优秀律师事务所名单", "一、北京", *FIRMS]
    assert marked(lines) == [False] + [True] * (len(lines) - 1)


def test_a_price_list_of_field_lines_is_a_content_list() -> None:
    lines = [PROSE, "门票半价优惠景点", *PRICES]
    assert marked(lines) == [False] + [True] * (len(lines) - 1)


def test_an_enumeration_over_many_lines_is_a_content_list() -> None:
    """A name list whose lines each close with 、 (the enumeration goes on), with letter headings."""
    names = ["程德亮、程淑香、", "程渊明、", "D.", "达日（藏）、戴学林、", "邓传彬、", "丁家喜、丁灵杰、",
             "董广平、", "E.", "鄂尔多斯、", "范木根、方斌、", "冯正虎、"]
    got = marked([PROSE, *names])
    assert got == [False] + [True] * len(names)


def test_what_trails_the_list_is_not_part_of_it() -> None:
    """A share bar after the last item stays the model's to judge."""
    lines = [PROSE, *FIRMS, "分享", "收藏", "点赞"]
    assert marked(lines) == [False] + [True] * len(FIRMS) + [False] * 3


def test_long_field_lines_bridge_a_list_without_counting() -> None:
    """A price list whose items each close with a long note (备注：…) is one list; a run of
    long field lines alone (an interview's 记者：… / 某某：…) is judged on its short lines."""
    note = "备注：优惠票种不含夜场票，仅限成人套票实行半价优惠，具体以景区官方购票渠道公布为准。"
    lines = [PROSE]
    for k in range(0, len(PRICES), 4):
        lines += [*PRICES[k : k + 4], note.replace("夜场", "夜场" * (k // 4 + 1))]
    got = marked(lines)
    assert all(got[1 : len(lines) - 1]) and not got[0]
    interview = [PROSE] + [f"{who}：{PROSE}{k}" for k in range(6) for who in ("记者", "张三")]
    assert not any(marked(interview))


def test_blank_lines_between_items_do_not_break_the_list() -> None:
    lines = [PROSE, ""]
    for firm in FIRMS:
        lines += [firm, ""]
    got = marked(lines)
    assert all(got[i] for i, ln in enumerate(lines) if ln in FIRMS)


def test_signatures() -> None:
    assert signature("成人票原价：279元") == "key:成人票原价"
    assert signature("北京安理律师事务所") == "end:务所"
    assert signature("首页") is None  # too short to be an item of a kind
    assert signature("http://www.icij.org （国际记者调查同盟）") is None  # a URL is no field
    assert signature("Apple Inc.") is None


# -- what is not -----------------------------------------------------------------------------

def test_a_menu_is_not_a_content_list() -> None:
    menu = ["首页", "滚动", "上海", "国内", "社会", "政法", "国际", "军事", "财经", "体育", "娱乐"]
    assert not any(marked([PROSE, *menu]))


def test_a_channel_list_with_a_shared_ending_but_no_prose_before_is_not_a_content_list() -> None:
    channels = [f"{c}频道" for c in ("北京", "上海", "广东", "浙江", "江苏", "四川", "湖南", "湖北", "河南")]
    assert not any(marked(channels + [PROSE]))
    # the same with prose just before it is a list of items of one kind
    assert all(marked([PROSE, *channels])[1:])


def test_a_repeated_widget_is_not_a_content_list() -> None:
    """Alike endings, but the same few lines over and over (a comment widget)."""
    widget = ["举报这条评论", "删除这条评论", "回复这条评论"] * 4
    assert not any(marked([PROSE, *widget]))


def test_a_widget_of_counted_items_is_not_a_content_list() -> None:
    """Items closed by a count (views, comments) are a sidebar's, however alike their endings."""
    topics = [f"{t} {n}次浏览" for t, n in (("歌手直播", 1016), ("你的昆曲入坑戏", 87000), ("秋天的第一杯奶茶", 5321),
                                              ("城市漫步指南", 982), ("读书打卡", 12034), ("周末去哪儿", 4410),
                                              ("家常菜谱", 765), ("猫咪日常", 30211), ("旧物改造", 2208))]
    assert not any(marked([PROSE, *topics]))


def test_recommended_headlines_are_not_a_content_list() -> None:
    heads = ["东部战区位台岛周边开展演习", "专家：解放军掌控台海战场主动权", "伊朗发布首份直升机事故调查报告",
             "上海地铁辟谣有人掉进扶梯", "特斯拉上海储能超级工厂开工", "上海楼市怎么样了",
             "新疆地震最新消息", "秋季养生指南", "今年冬天会很冷吗"]
    assert not any(marked([PROSE, *heads]))


def test_a_short_run_is_not_a_content_list() -> None:
    assert not any(marked([PROSE, *FIRMS[: MIN_LINES - 1]]))


def test_prose_far_above_does_not_count() -> None:
    gap = ["这是一段很长的说明文字但是没有任何句末标点所以不算正文而且超过了四十个字的长度限制呢" * 1] * 4
    assert not any(marked([PROSE, *gap, *FIRMS]))


# -- in the step -----------------------------------------------------------------------------

def test_the_model_leaves_a_content_list_alone_and_rules_still_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model that would remove every item (but not the prose) leaves the list alone; a
    rule's line inside it still goes. The model is made to score so (short lines 0.99, the
    prose 0.01): whether the shipped model would is not what this tests."""
    from corpusprep.cleaners.boilerplate.model import LineModel

    def predict(self, table, only=None):  # type: ignore[no-untyped-def]
        p = np.where(table.nonempty & (table.length <= 12), 0.99, 0.01)
        return p if only is None else np.where(only, p, 0.0)

    monkeypatch.setattr(LineModel, "predict", predict)
    text = "\n".join([PROSE, *FIRMS[:6], "请输入验证码", *FIRMS[6:], ""])
    out = RemoveBoilerplate().apply(text, Context("t")).text
    assert PROSE in out and all(f in out for f in FIRMS)
    assert "请输入验证码" not in out
    without = RemoveBoilerplate(content_lists=False).apply(text, Context("t")).text
    assert PROSE in without and not any(f in without for f in FIRMS)


def test_the_prose_that_makes_a_list_stays_so_the_list_stays_in_every_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model that would remove every line, the prose above the list too: the prose is the
    list's anchor (a later pass without it would see no list and hand all items to the
    model), so it stays with the list, and the result is a fixed point. Prose that anchors
    no list still goes."""
    from corpusprep.cleaners.boilerplate.model import LineModel

    def predict(self, table, only=None):  # type: ignore[no-untyped-def]
        p = np.where(table.nonempty, 0.99, 0.0)
        return p if only is None else np.where(only, p, 0.0)

    monkeypatch.setattr(LineModel, "predict", predict)
    other = "本文首发于作者的个人网站，转载时请注明作者和出处，谢谢大家的支持和理解。"
    text = "\n".join([other, "", "", "", PROSE, *FIRMS, ""])
    step = RemoveBoilerplate()
    out = step.apply(text, Context("t")).text
    assert PROSE in out and all(f in out for f in FIRMS)
    assert other not in out
    assert step.apply(out, Context("t")).text == out


def test_items_wrapped_in_markup_are_read_without_it() -> None:
    """<p>…</p> around each item (raw HTML bodies) does not hide the list: the step reads the
    items without the markup its rules match."""
    from corpusprep.cleaners.boilerplate.step import markup_free_lines

    text = "\n".join([PROSE, *(f"<p>{f}</p>" for f in FIRMS)])
    step = RemoveBoilerplate()
    rp = step.rule_pass(text)
    t = step.line_table(text, rp)
    bare = markup_free_lines(text, rp)
    assert [ln.strip() for ln in bare] == [PROSE, *FIRMS]
    assert content_list_lines(bare, t.prose, t.length).tolist() == [False] + [True] * len(FIRMS)
    assert not content_list_lines(rp.lines, t.prose, t.length).any()  # as raw lines: no shared ending


def test_the_switch_is_part_of_the_config() -> None:
    assert RemoveBoilerplate().config()["content_lists"] is True
    assert RemoveBoilerplate(content_lists=False).config()["content_lists"] is False
    assert RemoveBoilerplate(classify=False).config()["content_lists"] is None


ITEM = st.tuples(st.text(st.sampled_from(list("安理德和衡北斗鼎铭道可特浩天信")), min_size=2, max_size=6),
                 st.sampled_from(["律师事务所", "大学", "有限公司", "：30元", "频道", "", "。"]))
LISTS = st.lists(ITEM.map(lambda t: t[0] + t[1] if not t[1].startswith("：") else "票价" + t[1]),
                 min_size=0, max_size=20)


@settings(max_examples=60, deadline=None)
@given(LISTS, st.lists(st.sampled_from(["分享", "收藏", "", "首页", PROSE]), max_size=4), st.booleans())
def test_the_step_stays_a_law_abiding_step_around_lists(items: list[str], tail: list[str], lead: bool) -> None:
    """Idempotent, edits replay and revert, every removal recorded, whatever the list."""
    text = "\n".join(([PROSE] if lead else []) + items + tail)
    check_step(RemoveBoilerplate(threshold=0.3), text)


@given(st.lists(st.text(st.sampled_from(list("律师事务所大学北京上海：。0123 ")), max_size=30), max_size=30))
def test_marked_lines_are_never_prose_and_a_list_starts_on_an_item(lines: list[str]) -> None:
    t = line_table("\n".join(lines) + "\n")
    n = len(lines)
    got = content_list_lines(lines, t.prose[:n], t.length[:n])
    assert not (got & t.prose[:n]).any()
    for i in np.flatnonzero(got):
        if i == 0 or not got[i - 1]:
            assert lines[i].strip()  # a list starts on an item, not a blank line


DOC_LINES = st.lists(st.one_of(st.sampled_from([PROSE, "", "首页", "分享", *FIRMS, *PRICES]),
                               st.text(st.sampled_from(list("律师事务所大学：。0 ")), max_size=12)), max_size=25)


@given(st.lists(DOC_LINES, min_size=1, max_size=5))
@example([[PROSE, *FIRMS], [*FIRMS], [PROSE, "", *PRICES, "分享"]])  # lists, and one with no prose of its own
def test_a_batch_marks_what_each_document_marks_alone(docs: list[list[str]]) -> None:
    """The batch form never lets a run or its prose reach across documents."""
    texts = ["\n".join(d) for d in docs]
    t = line_tables(texts)
    lines = [tx.split("\n") for tx in texts]
    got = content_list_mask(lines, t.prose, t.length, t.bounds)
    for k, d in enumerate(lines):
        lo, hi = t.bounds[k], t.bounds[k + 1]
        alone = line_table(texts[k])
        assert got[lo:hi].tolist() == content_list_lines(d, alone.prose, alone.length).tolist()


def test_a_batch_finds_the_lists_of_its_documents() -> None:
    texts = ["\n".join([PROSE, *FIRMS]), "\n".join(FIRMS), "\n".join([PROSE, "", *PRICES, "分享"])]
    t = line_tables(texts)
    got = content_list_mask([x.split("\n") for x in texts], t.prose, t.length, t.bounds)
    per_doc = [int(got[t.bounds[k] : t.bounds[k + 1]].sum()) for k in range(3)]
    assert per_doc == [len(FIRMS), 0, len(PRICES)]  # the second has no prose before its run
