"""Golden tests on the seed documents (shared/SEEDS.md) through Pipeline.default().clean().

Everything SEEDS.md calls boilerplate is removed with the right category, and every
content line stays. Line numbers are 1-based lines of the raw seed files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import corpusprep as cp
from corpusprep.document import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
QUIET = {"whitespace", "layout", "pinyin", "encoding", "punctuation", "script", "reflow"}


def _clean(name: str) -> tuple[str, Document]:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    text = path.read_text("utf-8")
    return text, cp.Pipeline.default().clean(text, source=path.name)


def _line_categories(text: str, doc: Document) -> dict[int, str]:
    """Line number -> category of the removal covering all its visible characters."""
    out = {}
    pos = 0
    rem = [r for r in doc.removed if r.category not in QUIET]
    for n, line in enumerate(text.split("\n"), 1):
        start, end = pos, pos + len(line)
        pos = end + 1
        visible = [i for i in range(start, end) if not text[i].isspace()]
        if not visible:
            continue
        for r in rem:
            if all(r.src_start <= i < r.src_end for i in visible):
                out[n] = r.category
                break
    return out


def _content_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000", {16: "verification"}),
        ("001", {**{n: "caption" for n in (31, 33, 36, 37, 58, 87, 107, 113, 117)}, 111: "credit",
                 **{n: "ad" for n in (119, 123, 124, 126, 128, 132, 137, 146, 150, 151, 153)}}),
        ("002", {21: "editor"}),
        ("003", {5: "page_furniture", 9: "page_furniture", 11: "page_furniture", 13: "page_furniture",
                 19: "byline", 121: "duplicate", 125: "duplicate", 133: "duplicate", 161: "duplicate"}),
        ("004", {11: "recommendation", 12: "recommendation", 13: "recommendation"}),
    ],
)
def test_seed_boilerplate_removed_with_category(seed: str, expected: dict[int, str]) -> None:
    """Each boilerplate line named in SEEDS.md is removed, under the named category."""
    text, doc = _clean(seed)
    got = _line_categories(text, doc)
    assert {n: got.get(n) for n in expected} == expected


# content lines: every other non-empty line of each seed, except the removed ranges
KEPT_EXCEPT = {
    "000": {16},
    "001": set(range(31, 154)),
    "002": {21},
    "003": {5, 9, 11, 13, 19, *range(117, 162)},
    "004": {11, 12, 13},
}


@pytest.mark.parametrize("seed", sorted(KEPT_EXCEPT))
def test_seed_content_lines_stay(seed: str) -> None:
    """No content line of a seed is removed by boilerplate, duplicate or classifier steps."""
    text, doc = _clean(seed)
    got = _line_categories(text, doc)
    lost = {n: got[n] for n in _content_lines(text) if n in got and n not in KEPT_EXCEPT[seed]}
    assert lost == {}


def test_seed_003_sidebar_headings_stay_and_duplicates_point_back() -> None:
    """The sidebar's repeated paragraphs go as duplicates with a note naming the kept line."""
    text, doc = _clean("003")
    dups = [r for r in doc.removed if r.category == "duplicate"]
    assert len(dups) >= 10
    assert all(r.note.startswith("repeats line ") for r in dups)
    assert "十位“擂主”立下“军令状”" in doc.text
    assert "市发展改革委主任解宏劲：" in doc.text


def test_seed_bylines_and_datelines_are_metadata() -> None:
    """Bylines go to doc.meta; a leading 本报讯（记者 X） stays in the text by default."""
    _, d1 = _clean("001")
    assert d1.meta["dateline"] == "本报1月21日讯"
    assert d1.meta["byline"] == "半岛全媒体记者 王丽平"
    assert "本报1月21日讯（半岛全媒体记者 王丽平）" in d1.text
    _, d3 = _clean("003")
    assert d3.meta["byline"] == "青岛日报/观海新闻记者 刘兰星 杨光"
    _, d4 = _clean("004")
    assert d4.meta["byline"] == "聊城日报全媒体记者曹天伟"
    assert d4.meta["dateline"] == "本报讯"


def test_seed_headline_lines_stay() -> None:
    """Headlines, decks and kickers (short, unpunctuated) are content."""
    _, d0 = _clean("000")
    assert d0.text.startswith("国际时尚城建设攻势")
    assert "杨军主持会议并讲话" in d0.text
    _, d2 = _clean("002")
    assert "锚定“创新引领”" in d2.text and "力保一季度“开门红”" in d2.text
