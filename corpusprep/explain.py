"""Plain-text explanations for the terminal: the rule table and a document's removals.

:func:`format_rules` renders a rule pack as a table (``corpusprep rules``);
:func:`explain` renders a cleaned document's source line by line, marking each removed
line with its category and rule id, and inline removals with ``⟦…⟧``.

>>> import corpusprep as cp
>>> doc = cp.Pipeline.default().clean("正文第一段。\\n请输入验证码\\n责任编辑：王某")
>>> print(explain(doc, header=False))
  1    正文第一段。
  2  ✗ 请输入验证码  [verification · verification.captcha_prompt]
  3  ✗ 责任编辑：王某  [editor · editor.credit]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from .cleaners.boilerplate import Rule
from .document import Document, Removal

__all__ = ["explain", "format_rules"]

#: audit categories that are folds or spacing, not removals worth showing per line
QUIET_CATEGORIES = frozenset({"whitespace", "layout"})


def _width(s: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def _clip(s: str, width: int) -> str:
    out, w = [], 0
    for c in s:
        cw = _width(c)
        if w + cw > width - 1:
            out.append("…")
            break
        out.append(c)
        w += cw
    return "".join(out)


def format_rules(rules: Iterable[Rule], *, comment_width: int = 60) -> str:
    """A table of rules: id, category, scope, where, and the first line of the comment.

    >>> from corpusprep.cleaners.boilerplate import load_rules
    >>> table = format_rules(r for r in load_rules() if r.id == "editor.credit")
    >>> print(table.splitlines()[0])
    id             category  scope  where     comment
    >>> "editor.credit" in table
    True
    """
    rows = [("id", "category", "scope", "where", "comment")]
    for r in sorted(rules, key=lambda r: (r.category, r.id)):
        comment = " ".join(r.comment.split())
        rows.append((r.id, r.category, r.scope, r.where, _clip(comment, comment_width)))
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [_pad(row[i], widths[i]) for i in range(4)] + [row[4]]
        lines.append("  ".join(cells).rstrip())
    lines.append(f"{len(rows) - 1} rules")
    return "\n".join(lines)


def _visible(removed: Sequence[Removal]) -> list[Removal]:
    return [r for r in removed if r.category not in QUIET_CATEGORIES and r.text.strip() and not r.replacement]


def explain(doc: Document, *, header: bool = True, notes: bool = True) -> str:
    """The document's source, line by line, with what was removed and why.

    Lines removed whole are marked ``✗`` with ``[category · rule]`` (and the rule's note,
    such as the line a duplicate repeats or a classifier score); lines with removed parts
    show them as ``⟦…⟧`` with the rules listed after the line. Folds that keep length
    (script, punctuation width) and whitespace are not shown.
    """
    src = doc.source.text
    rem = sorted(_visible(doc.removed), key=lambda r: (r.src_start, r.src_end))
    out: list[str] = []
    if header:
        counts = Counter(r.category for r in rem)
        out.append(f"# {doc.source.uri}: {len(rem)} removals"
                   + (" (" + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())) + ")" if counts else ""))
        for key in ("dateline", "byline"):
            if doc.meta.get(key):
                out.append(f"# {key}: {doc.meta[key]}")
    pos = 0
    k = 0
    for n, line in enumerate(src.split("\n"), 1):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        while k < len(rem) and rem[k].src_end <= start:
            k += 1
        hits = []
        j = k
        while j < len(rem) and rem[j].src_start < end:
            if rem[j].src_end > start:
                hits.append(rem[j])
            j += 1
        visible = [i for i in range(start, end) if not src[i].isspace()]
        covered = {i for r in hits for i in range(max(r.src_start, start), min(r.src_end, end))}
        if hits and all(i in covered for i in visible):
            r = hits[0]
            tail = f"  [{r.category} · {r.rule}]"
            if notes and r.note:
                tail += f" {r.note}"
            out.append(f"{n:>3}  ✗ {line.strip()}{tail}")
        elif hits:
            parts, p = [], start
            for r in hits:
                a, b = max(r.src_start, start), min(r.src_end, end)
                parts.append(src[p:a])
                parts.append(f"⟦{src[a:b]}⟧")
                p = b
            parts.append(src[p:end])
            rules = ", ".join(dict.fromkeys(f"{r.category} · {r.rule}" for r in hits))
            out.append(f"{n:>3}  ~ {''.join(parts).strip()}  [{rules}]")
        else:
            out.append(f"{n:>3}    {line.strip()}")
    return "\n".join(out)
