"""RemoveDuplicateParagraphs: exact, near (n-gram containment) and teaser copies."""

from __future__ import annotations

import pytest

from corpusprep.cleaners.duplicates import RemoveDuplicateParagraphs, containment
from corpusprep.document import apply_edits
from corpusprep.steps import Context

A = "距离2022年结束还有不到40天时间，擂主们也立下军令状，在确保完成既定目标的同时，谋划好未来更长一段时间的工作。"
B = "距离2022年底还有不到40天时间，擂主们立下军令状，在确保完成既定目标的同时，谋划好未来更长一段时间的工作。"
C = "市生态环境局着力提升生态环境高颜值，优良天数比例同比提高，全市水环境质量持续改善。"


def _edits(text: str, **kw):  # type: ignore[no-untyped-def]
    return RemoveDuplicateParagraphs(**kw).edits(text, Context("t"))


def test_near_copy_is_removed_with_pointer() -> None:
    """The later near copy goes, as duplicate.near, with a note naming the kept line."""
    edits = _edits(f"{A}\n{C}\n{B}")
    assert [(e.reason, e.category) for e in edits] == [("duplicate.near", "duplicate")]
    assert edits[0].old == B
    assert edits[0].note.startswith("repeats line 1 「距离2022")


def test_part_of_a_paragraph_is_a_duplicate() -> None:
    """A sidebar entry that repeats part of a long body paragraph is a near duplicate."""
    long = C + A
    assert [e.old for e in _edits(f"{long}\n{C}")] == [C]


def test_near_can_be_switched_off() -> None:
    """near=False keeps only exact duplicates."""
    assert _edits(f"{A}\n{B}", near=False) == []
    assert len(_edits(f"{A}\n{A}", near=False)) == 1


def test_different_paragraphs_stay() -> None:
    """Paragraphs on other matters are not duplicates."""
    assert _edits(f"{A}\n{C}") == []


def test_headings_and_list_items_repeating_a_summary_stay() -> None:
    """A Markdown heading or numbered item repeating a summary item is not removed."""
    text = ("1.纪念中国人民抗日战争胜利80周年大会在京隆重举行 习近平发表重要讲话；\n"
            "3.纪念中国人民抗日战争胜利80周年招待会在京隆重举行 习近平发表重要讲话；\n"
            "### 纪念中国人民抗日战争胜利80周年大会在京隆重举行")
    assert _edits(text) == []


def test_cut_off_teaser_goes_instead_of_the_paragraph() -> None:
    """An earlier copy cut off with ... is removed as duplicate.teaser; the full paragraph stays."""
    teaser = A[:30] + "..."
    edits = _edits(f"{teaser}\n{A}")
    assert [(e.reason, e.old.rstrip()) for e in edits] == [("duplicate.teaser", teaser)]
    assert apply_edits(f"{teaser}\n{A}", edits) == A


def test_containment_is_directional() -> None:
    """Containment is the share of the first text's n-grams found in the second."""
    assert containment(C, C + A) == 1.0
    assert containment(C + A, C) < 0.6


# -- against the reference implementation the fast paths replaced ----------------------------

import re  # noqa: E402
from collections import Counter  # noqa: E402
from itertools import chain  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from corpusprep.cleaners import duplicates as _d  # noqa: E402


class _Reference(RemoveDuplicateParagraphs):
    """The step as first written: every key computed, every pair of candidates intersected."""

    def edits(self, text, ctx):  # type: ignore[no-untyped-def]
        lines = [(m.start(), m.end(), m.group()) for m in _d._LINE_RE.finditer(text)]
        keys = [_d._NOISE_RE.sub("", g) for _, _, g in lines]
        drop = {}
        seen = {}
        for i, key in enumerate(keys):
            if len(key) < self.min_chars:
                continue
            if key in seen:
                drop[i] = ("duplicate.paragraph", f"repeats line {seen[key] + 1} {_d._quote(lines[seen[key]][2])}")
            else:
                seen[key] = i
        if self.near:
            self._near(lines, keys, drop)
        return [_d.Edit(*lines[i], "", *drop[i][:1], "duplicate", drop[i][1]) for i in sorted(drop)]

    def _near(self, lines, keys, drop):  # type: ignore[no-untyped-def]
        n = self.ngram
        indexed, index, grams = [], None, {}
        for i, key in enumerate(keys):
            if i in drop or not self._near_candidate(lines[i][2], key):
                continue
            g = grams[i] = {key[k : k + n] for k in range(len(key) - n + 1)} if len(key) >= n else ({key} if key else set())
            if index is None:
                hits = {j: c for j in indexed if (c := len(g & grams[j]))}
            else:
                hits = Counter(chain.from_iterable(map(index.__getitem__, g & index.keys())))
            for j, c in sorted(hits.items(), key=lambda jc: (-jc[1], jc[0])):
                if j in drop:
                    continue
                if c / len(g) >= self.containment:
                    drop[i] = ("duplicate.near", f"repeats line {j + 1} {_d._quote(lines[j][2])} "
                               f"(containment {c / len(g):.2f})")
                    break
                if lines[j][2].rstrip().endswith(_d._TEASER_END) and c / len(grams[j]) >= self.containment:
                    drop[j] = ("duplicate.teaser", f"cut-off copy of line {i + 1} {_d._quote(lines[i][2])} "
                               f"(containment {c / len(grams[j]):.2f})")
                    break
            if i not in drop:
                indexed.append(i)
                if index is not None:
                    for x in g:
                        index.setdefault(x, []).append(i)
                elif len(indexed) > _d._DIRECT_MAX:
                    index = {}
                    for j in indexed:
                        for x in grams[j]:
                            index.setdefault(x, []).append(j)


_BASE = [A, B, C, C + A, "全市新增养老床位19305张，建成中心98处。", "### 纪念大会在京隆重举行",
         "1.纪念中国人民抗日战争胜利80周年大会在京隆重举行；", "哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈。", "。，！"]


@st.composite
def _paragraph(draw):  # type: ignore[no-untyped-def]
    """A base paragraph, or a copy of one cut, shortened, with a character dropped or '...'."""
    p = draw(st.sampled_from(_BASE))
    a = draw(st.integers(0, len(p)))
    b = draw(st.integers(a, len(p)))
    kind = draw(st.sampled_from(["same", "cut", "drop", "teaser", "short"]))
    if kind == "cut":
        p = p[a:b] or p
    elif kind == "drop":
        p = p[:a] + p[a + 1 :]
    elif kind == "teaser":
        p = p[:b] + draw(st.sampled_from(["...", "…", "。。。"]))
    elif kind == "short":
        p = p[a : a + 8]
    return p


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_paragraph(), max_size=45),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
    st.sampled_from([{}, {"containment": 0.5}, {"containment": 0.95}, {"containment": 0.0}, {"ngram": 1},
                     {"ngram": 5}, {"near_min_chars": 0}, {"min_chars": 0, "near_min_chars": 4},
                     {"min_chars": 30}]),
)
def test_same_as_the_reference(paragraphs, newline, kw):
    """Same edits as the reference, in short documents and in long ones (inverted index)."""
    text = newline.join(paragraphs)
    assert _edits(text, **kw) == _Reference(**kw).edits(text, Context("t"))


def test_containment_exactly_at_the_threshold() -> None:
    """At containment exactly 0.8 (all of the shorter line's n-grams shared), the size bound
    that skips intersections must still let the pair through; a teaser passes it whatever
    its size."""
    long = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇"  # 27 characters, 25 trigrams
    short = long[:22]  # 20 trigrams, all in the long line: 20 / 25 = 0.8
    assert [(e.reason, e.old) for e in _edits(f"{short}。\n{long}。")] == [("duplicate.near", f"{long}。")]
    teaser = short + "..."  # 20 of the longer line's 26 trigrams: not near (0.77), a teaser
    assert [(e.reason, e.old) for e in _edits(f"{teaser}\n{long}宙。")] == [("duplicate.teaser", f"{teaser}\n")]
    for text in (f"{short}。\n{long}。", f"{teaser}\n{long}宙。", f"{long}。\n{short}。"):
        assert _edits(text) == _Reference().edits(text, Context("t"))


@st.composite
def _many_paragraphs(draw):  # type: ignore[no-untyped-def]
    """Many paragraphs over a small alphabet (their n-grams overlap a lot), with near
    copies, cut-off teasers and short lines among them: long documents for the pair counts."""
    alphabet = "甲乙丙丁戊己庚辛壬癸"
    base = draw(st.lists(st.text(alphabet, min_size=21, max_size=60), min_size=1, max_size=12))
    out = []
    for _ in range(draw(st.integers(25, 70))):
        p = draw(st.sampled_from(base))
        a = draw(st.integers(0, len(p)))
        kind = draw(st.sampled_from(["same", "drop", "drop", "teaser", "short", "new", "new"]))
        if kind == "drop":
            p = p[:a] + p[a + 1 :]
        elif kind == "teaser":
            p = p[:a] + "..."
        elif kind == "short":
            p = p[:a]
        elif kind == "new":
            p = draw(st.text(alphabet, min_size=0, max_size=60))
        out.append(p + draw(st.sampled_from(["。", "", "，"])))
    return out


@settings(max_examples=150, deadline=None)
@given(_many_paragraphs(), st.sampled_from([{}, {"containment": 0.5}, {"ngram": 1}, {"ngram": 2},
                                            {"near_min_chars": 0}, {"min_chars": 0, "near_min_chars": 2}]),
       st.booleans())
def test_long_documents_same_as_the_reference(paragraphs, kw, pairs_fit):
    """Documents with more candidates than the direct path takes: counted by pairs (or, past
    the pair budget, by the inverted index), the same edits as the reference."""
    text = "\n".join(paragraphs)
    saved = _d._PAIRS_MAX
    _d._PAIRS_MAX = saved if pairs_fit else 0
    try:
        assert _edits(text, **kw) == _Reference(**kw).edits(text, Context("t"))
    finally:
        _d._PAIRS_MAX = saved


def test_the_earlier_line_sharing_most_is_named_in_long_documents() -> None:
    """Among earlier lines that each pass the test, the one sharing the most n-grams is the
    one repeated (here line 2 holds all of the last line, line 1 most of it), also when
    filler makes the document long enough for the pair counts."""
    han = [chr(0x4E00 + 7 * k) for k in range(2000)]
    y, x1, x2 = "".join(han[:30]), "".join(han[100:140]), "".join(han[200:240])
    filler = ["".join(han[300 + 40 * k : 340 + 40 * k]) + "。" for k in range(30)]
    for pad in ([], filler):
        text = "\n".join([x1 + y[:27] + "。", y + x2 + "。", *pad, y + "。"])
        out = _edits(text)
        assert [(e.reason, e.note.split(" 「")[0]) for e in out] == [("duplicate.near", "repeats line 2")]
        assert out == _Reference().edits(text, Context("t"))


def test_underscores_and_marks_are_noise_in_the_key() -> None:
    """Lines equal once marks, spaces and underscores are removed are one paragraph twice."""
    text = "第一段内容讲述了会议的经过和各方的反应_全文\n\n第一段 内容讲述了会议的经过和各方的反应，全文\n"
    got = _edits(text)
    assert [e.reason for e in got] == ["duplicate.paragraph"]
    assert got == _Reference().edits(text, Context("t"))


@pytest.mark.parametrize("item", [
    "（一）宣传和执行党的路线方针政策以及上级党组织的决议。",
    "· 当集群 Ready 状态为 False 时，将被添加如下污点：key: cluster.karmada.io/not-ready effect: NoExecute",
    "[42]@vsme：https://github.com/ruanyf/weekly/issues/8059，以及其他的参考资料条目。",
    "5 上海研究中心编（1991）：《上海七百年》，上海：上海人民出版社，页360。",
    "第二十七条宣扬恐怖主义、煽动实施恐怖活动的，即属犯罪。",
])
def test_a_list_item_is_never_a_near_copy_of_a_longer_paragraph(item: str) -> None:
    """Items of a list, clauses of a regulation and reference entries differ from a longer
    paragraph that holds their words by a word that matters: they stay."""
    longer = item.lstrip("（一）·[42] 5").removeprefix("第二十七条") + "，另外还有一些补充说明的内容，以及 NoSchedule 和其他条款的规定。"
    text = f"{longer}\n正文。\n{item}"
    assert RemoveDuplicateParagraphs().apply(text, Context("t")).text == text


@pytest.mark.parametrize(("earlier", "later"), [
    ('printk("chrdevbase init done!\\r\\n");', 'printk("chrdevbase exit done!\\r\\n");'),
    ("Profile CMM Type : Apple Computer Inc. Profile Version : 2.1.0 Profile Class : Display Device Profile",
     "Profile Creator : Apple Computer Inc. Profile Version : 2.1.0 Profile Class : Display Device Profile"),
])
def test_lines_mostly_not_chinese_are_never_near_copies(earlier: str, later: str) -> None:
    """Code, data dumps and English references differ by a name or a number that matters:
    near matching is for paragraphs of Chinese. Their exact copies still go."""
    assert _edits(f"{earlier}\n正文。\n{later}") == []
    assert [e.reason for e in _edits(f"{earlier}\n正文。\n{earlier}")] == ["duplicate.paragraph"]


def test_a_near_copy_of_chinese_with_some_latin_still_goes() -> None:
    """A Chinese paragraph quoting a few Latin names is still a paragraph of Chinese."""
    a = "美国国家安全局 (NSA) 的网络安全部负责人 Anne Neuberger 说，黑客组织 APT10 已经入侵了多家云服务公司。"
    b = "美国国家安全局 (NSA) 网络安全部负责人 Anne Neuberger 说，黑客组织 APT10 已入侵了多家云服务公司。"
    assert [e.reason for e in _edits(f"{a}\n正文。\n{b}")] == ["duplicate.near"]
