"""RemoveDuplicateParagraphs: exact, near (n-gram containment) and teaser copies."""

from __future__ import annotations

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
