"""Narrative runs: prose set as short lines, which the line model leaves alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate import RemoveBoilerplate
from corpusprep.cleaners.boilerplate.narrative import MIN_LINES, narrative_lines
from corpusprep.document import apply_edits
from corpusprep.steps import Context

SCRIPT = [
    "这句口号响遍了整个广场", "广场是一块细小的土地", "但却承载着巨大的力量", "为了下一代有更好的未来",
    "很多人都做好了牺牲的准备", "在几个世纪以来", "这里一直都是东西方的通道", "在2004年",
    "亲俄派的候选人赢得了大选", "但因为选举被揭发舞弊", "愤怒的民众走上街头抗议", "最终选举结果无效",
    "他承诺会带领国家加入欧盟", "但却私下与邻国秘密会谈", "民众向往西方", "但领导人却走向东方",
    "一场政治风暴逐渐逼近", "这是个巨大的退步", "他们来到就是要守护未来", "一切都从这个广场开始",
    "学生们聚集在一起", "他们一边高举旗帜", "一边高叫口号", "但大多数人却载歌载舞",
    "这像是一个嘉年华", "多过一场抗议活动", "集会持续到第九日", "政府不但没有让步",
    "而且派出防暴警察包围广场", "人群只能争相走避", "有人倒在地上头破血流", "但警棍依然不断挥来",
]


def test_a_script_in_short_lines_is_one_narrative_run() -> None:
    """Clauses one to a line, full of function words and opening with connectives, are a run;
    a short line that is no clause only for its digits (在2004年) bridges it."""
    assert narrative_lines(SCRIPT).all()


def test_headlines_menus_and_link_lists_are_not_narrative() -> None:
    """Headlines (names, numbers, colons), a menu whose items open alike (我的邮箱, 我的相册 ...)
    and lines with separators or URLs are not running text."""
    heads = ["美国退伍军人事务部宣布再解雇1400名员工", "俄外长：谈判取得成果时才会停止作战", "秘鲁官员预计该国GDP将增4%",
             "墨西哥首都一戒毒康复中心发生火灾", "普京：需要欧洲参加谈判进程", "两会前瞻｜政策护航创新驱动",
             "斯诺克世界公开赛：特鲁姆普爆冷出局", "国家药监局原副局长被查", "中国证监会密集发声", "央行开展5487亿元逆回购"]
    menu = ["我的邮箱", "我的相册", "我的博客", "我的花田", "我的云笔记", "我的同城约会", "我的相册集", "我的收藏夹",
            "我的订阅", "我的评论"]
    links = [f"{s} https://example.com/{i}" for i, s in enumerate(SCRIPT[:10])]
    assert not narrative_lines(heads).any()
    assert not narrative_lines(menu).any()
    assert not narrative_lines(links).any()


def test_a_run_needs_its_minimum_length_and_breaks_at_a_long_line() -> None:
    """Fewer than MIN_LINES clauses are no run; a paragraph line splits a script into two runs,
    each judged alone."""
    assert not narrative_lines(SCRIPT[: MIN_LINES - 1]).any()
    para = "这是一段很长的正文，讲述了事件的经过和各方的反应，以及下一步的安排和具体的时间表。" * 2
    flags = narrative_lines([*SCRIPT[:10], para, *SCRIPT[10:20]])
    assert flags[:10].all() and not flags[10] and flags[11:].all()


@given(st.lists(st.sampled_from([*SCRIPT, "", "首页", "我的邮箱", "https://example.com/a", "美国宣布再解雇1400名员工"]),
                max_size=60))
def test_flags_one_per_line_and_blank_lines_never(lines: list[str]) -> None:
    """One flag per line, whatever the lines; a blank line is never part of a run."""
    flags = narrative_lines(lines)
    assert len(flags) == len(lines)
    assert not any(f for f, line in zip(flags, lines) if not line.strip())


def test_the_line_model_leaves_a_narrative_run_and_can_be_told_not_to() -> None:
    """With a line model that would remove every line (the shipped one does so to most lines of
    long scripts: documents of ~300 such lines, docs/boilerplate.md), the lines of a narrative
    run stay and the others go; with ``narrative_runs=False`` the run goes too."""
    import dataclasses

    import numpy as np

    from corpusprep.cleaners.boilerplate.model import LineModel

    class Eager(LineModel):
        def predict(self, table, only=None):  # type: ignore[no-untyped-def]
            return np.full(len(table.length), 0.99)

    base = LineModel.load()
    model = Eager(**{f.name: getattr(base, f.name) for f in dataclasses.fields(base) if f.init})
    menu = ["首页", "国际", "财经"]
    text = "\n".join([*menu, *SCRIPT])
    kept = apply_edits(text, RemoveBoilerplate(model=model).edits(text, Context("t")))
    assert kept.split("\n") == SCRIPT
    bare = apply_edits(text, RemoveBoilerplate(model=model, narrative_runs=False).edits(text, Context("t")))
    assert not any(line in bare.split("\n") for line in SCRIPT)
