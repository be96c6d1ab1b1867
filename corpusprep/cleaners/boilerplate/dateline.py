"""The dateline and byline that open a news article: ``本报讯（记者 X）``, ``新华社北京1月1日电（记者 X）``.

They go to ``meta`` (and stay in the text unless the step is told to strip them).

>>> extract_dateline("新华社北京1月1日电（记者 王某）1日，会议举行。")["byline"]
'记者 王某'
"""

from __future__ import annotations

import re

__all__ = ["DATELINE_RE", "extract_dateline"]

#: a dateline opening the first body paragraph, with the byline in parentheses
DATELINE_RE = re.compile(
    r"^[ \t]*(?P<dateline>(?:本报|本刊|本台|新华社|中新社|中新网|人民网|新华网|央视网|"
    r"[\u4e00-\u9fff]{2,8}(?:日报|晚报|早报|网|社|台))?[^\n（(，。！？：]{0,16}?(?:讯|电))"
    r"[ \t]*(?:[（(](?P<byline>[^）)\n]{0,40}?(?:记者|通讯员|报道员|撰稿)[^）)\n]{0,40})[）)])",
    re.MULTILINE,
)
_DATELINE_ONLY_RE = re.compile(r"^[ \t]*(?P<dateline>本报讯|本报[^\n，。（(：]{1,12}讯)", re.MULTILINE)
_DATELINE_LINES = 8
_BYLINE_STRIP = " \t\n□■◎●◆★☆【】[]（）()"


def extract_dateline(text: str, *, max_lines: int = _DATELINE_LINES) -> re.Match[str] | None:
    """The dateline/byline opening one of the first ``max_lines`` lines, if any.

    >>> m = extract_dateline("标题\\n本报1月21日讯（半岛全媒体记者 王丽平） 1月21日，会议举行。")
    >>> m["dateline"], m["byline"]
    ('本报1月21日讯', '半岛全媒体记者 王丽平')
    """
    limit = 0
    seen = 0
    while seen < max_lines and limit < len(text):
        nl = text.find("\n", limit)
        end = len(text) if nl < 0 else nl + 1
        seen += bool(text[limit:end].strip())
        limit = end
    if text.find("讯", 0, limit) < 0 and text.find("电", 0, limit) < 0:
        return None  # both patterns end their dateline with 讯 or 电
    m = DATELINE_RE.search(text, 0, limit)
    if m is None:
        m = _DATELINE_ONLY_RE.search(text, 0, limit)
    return m
