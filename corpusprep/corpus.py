"""Corpus-level passes: lines a site repeats in many of its documents.

A line that stands in dozens of pages of one site (a slogan, a footer, a column name,
a reporter's standing credit) is furniture of the site, even when no rule knows it.
:func:`find_repeated_lines` counts, per group (a site, a source directory), in how many
documents each normalized line occurs, with polars (lazy, streaming engine, in batches so
memory stays bounded by the number of distinct lines, not the corpus).
:class:`RemoveRepeatedLines` then removes those lines from each document of the group
(category ``repeated``).

Lines are normalized by :func:`normalize_line`: whitespace removed, digits folded to
``0`` (dates and counters vary), ASCII punctuation beside Chinese read as its full-width
form. Count repeats on text in the script the pipeline will see (after the OpenCC fold),
or fold both sides the same way.

>>> docs = [("site-a", f"{w}新闻正文。\\n高唐新闻，家乡的大事。\\n责任编辑：王某") for w in "甲乙丙"]
>>> rep = find_repeated_lines(docs, threshold=3)
>>> sorted(rep["site-a"])
['责任编辑：王某', '高唐新闻，家乡的大事。']
>>> from corpusprep.steps import Context
>>> ctx = Context("a.txt", meta={"group": "site-a"})
>>> RemoveRepeatedLines(rep).apply("新的正文。\\n高唐新闻，家乡的大事。", ctx).text
'新的正文。\\n'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from itertools import islice
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import regex

from .document import Edit
from .errors import ConfigError
from .steps import Context, EditStep

__all__ = ["RemoveRepeatedLines", "default_group", "find_repeated_lines", "normalize_line"]

_WS_RE = re.compile(r"\s+")
_DIGIT_RE = re.compile(r"\d")
_ASCII_PUNCT = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
# the same character class as the polars (Rust regex) expression below
_PUNCT_RE = regex.compile(r"(?<=\p{Han})[,:;!?()]|[,:;!?()](?=\p{Han})")


def normalize_line(line: str) -> str:
    """The form under which lines are compared across documents.

    >>> normalize_line("  更新于 2021-05-06 10:20 ")
    '更新于0000-00-0000:00'
    >>> normalize_line("高唐新闻,家乡的大事") == normalize_line("高唐新闻，家乡的大事")
    True
    """
    s = _WS_RE.sub("", line)
    s = _PUNCT_RE.sub(lambda m: _ASCII_PUNCT[m.group()], s)
    return _DIGIT_RE.sub("0", s)


def _batches(items: Iterable[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def find_repeated_lines(
    docs: Iterable[tuple[str, str]] | Iterable[tuple[str, str, str]],
    *,
    threshold: int = 5,
    min_chars: int = 4,
    batch_size: int = 20_000,
    keep_one: bool = False,
) -> dict[str, frozenset[str]] | dict[str, dict[str, str]]:
    """Normalized lines that occur in at least ``threshold`` documents of their group.

    ``docs`` yields ``(group, text)`` pairs; it is read once, in batches of ``batch_size``
    documents. A line counts once per document however often it repeats there. Lines
    shorter than ``min_chars`` after normalization are ignored. The result maps each group
    with repeated lines to a frozenset of normalized lines; it does not depend on the
    order of ``docs``.

    With ``keep_one``, ``docs`` yields ``(group, text, key)`` and each group maps its
    repeated lines to the key of the first document (in input order) that holds the line,
    the one copy :class:`RemoveRepeatedLines` keeps.

    >>> find_repeated_lines([("g", "甲乙丙丁", "a"), ("g", "甲乙丙丁", "b")], threshold=2, keep_one=True)
    {'g': {'甲乙丙丁': 'a'}}

    >>> find_repeated_lines([("g", "甲乙丙丁\\n正文一。"), ("g", "甲乙丙丁\\n正文二。")], threshold=2)
    {'g': frozenset({'甲乙丙丁'})}
    """
    import polars as pl

    if threshold < 1:
        raise ConfigError(f"threshold must be at least 1, got {threshold}")
    if batch_size < 1:
        raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
    partials: list[pl.DataFrame] = []
    doc_no = 0
    for batch in _batches(docs, batch_size):  # type: ignore[arg-type]
        groups = [str(d[0]) for d in batch]
        texts = [d[1] for d in batch]
        keys = [str(d[2]) if keep_one else "" for d in batch]
        ids = list(range(doc_no, doc_no + len(batch)))
        doc_no += len(batch)
        lf = (
            pl.LazyFrame({"group": groups, "doc": ids, "key": keys, "text": texts},
                         schema={"group": pl.String, "doc": pl.Int64, "key": pl.String, "text": pl.String})
            .select("group", "doc", "key", pl.col("text").str.split("\n").alias("line"))
            .explode("line")
            .with_columns(
                pl.col("line")
                .str.replace_all(r"\s+", "")
                .str.replace_all(r"([\p{Han}])([,:;!?()])", "${1}\u0000${2}")
                .str.replace_all(r"(^|[^\x00])([,:;!?()])(\p{Han})", "${1}\u0000${2}${3}")
                .str.replace_all("\u0000,", "，", literal=True)
                .str.replace_all("\u0000:", "：", literal=True)
                .str.replace_all("\u0000;", "；", literal=True)
                .str.replace_all("\u0000!", "！", literal=True)
                .str.replace_all("\u0000?", "？", literal=True)
                .str.replace_all("\u0000(", "（", literal=True)
                .str.replace_all("\u0000)", "）", literal=True)
                .str.replace_all(r"\d", "0")
            )
            .filter(pl.col("line").str.len_chars() >= min_chars)
            .unique(["group", "doc", "line"])
            .group_by("group", "line")
            .agg(pl.len().alias("docs"), pl.col("doc").min().alias("first"),
                 pl.col("key").sort_by("doc").first().alias("first_key"))
        )
        partials.append(lf.collect(engine="streaming"))
    if not partials:
        return {}
    counts = (
        pl.concat(partials)
        .lazy()
        .group_by("group", "line")
        .agg(pl.col("docs").sum(), pl.col("first_key").sort_by("first").first())
        .filter(pl.col("docs") >= threshold)
        .sort("group", "line")
        .collect(engine="streaming")
    )
    if keep_one:
        keepers: dict[str, dict[str, str]] = {}
        for group, line, key in counts.select("group", "line", "first_key").iter_rows():
            keepers.setdefault(group, {})[line] = key
        return dict(sorted(keepers.items()))
    out: dict[str, set[str]] = {}
    for group, line in counts.select("group", "line").iter_rows():
        out.setdefault(group, set()).add(line)
    return {g: frozenset(v) for g, v in sorted(out.items())}


def default_group(uri: str) -> str:
    """The group of a document when the runner sets none: the URL host, else the directory.

    >>> default_group("https://news.example.com/a/1.html"), default_group("data/site1/003.txt")
    ('news.example.com', 'data/site1')
    """
    parts = urlsplit(uri)
    if parts.scheme and parts.netloc:
        return parts.netloc
    return str(PurePosixPath(uri.replace("\\", "/")).parent)


class RemoveRepeatedLines(EditStep):
    """Remove lines of a document that its group repeats across many documents.

    ``lines_by_group``: the result of :func:`find_repeated_lines`; when it was made with
    ``keep_one=True`` (lines mapped to the key of their first document), the document whose
    ``ctx.uri`` is that key keeps its copy. The document's group is
    ``ctx.meta["group"]`` when set, else ``group_of(ctx.uri)`` (default
    :func:`default_group`). Each removal is an edit with rule ``repeated.line`` and
    category ``repeated``; its note says how the line was matched.
    """

    name = "repeated_lines"
    version = "1"

    def __init__(
        self,
        lines_by_group: Mapping[str, Collection[str]] | Mapping[str, Mapping[str, str]],
        *,
        group_of: Callable[[str], str] | None = None,
    ) -> None:
        self.keepers: dict[str, dict[str, str]] = {
            str(g): dict(v) for g, v in lines_by_group.items() if isinstance(v, Mapping)
        }
        self.lines_by_group = {str(g): frozenset(v) for g, v in lines_by_group.items()}
        self.group_of = group_of or default_group

    def config(self) -> dict[str, Any]:
        # the fingerprint must change when the repeated lines change
        import hashlib

        h = hashlib.sha256()
        for g in sorted(self.lines_by_group):
            h.update(g.encode())
            for line in sorted(self.lines_by_group[g]):
                h.update(b"\x00" + line.encode())
                if g in self.keepers:
                    h.update(b"\x01" + self.keepers[g][line].encode())
        return {"groups": len(self.lines_by_group), "lines_sha256": h.hexdigest()[:16]}

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        group = ctx.meta.get("group") or self.group_of(ctx.uri)
        lines = self.lines_by_group.get(str(group))
        if not lines:
            return []
        keepers = self.keepers.get(str(group), {})
        out = []
        for m in re.finditer(r"[^\n]+\n?", text):
            line = normalize_line(m.group())
            if m.group().strip() and line in lines and keepers.get(line) != ctx.uri:
                out.append(Edit(m.start(), m.end(), m.group(), "", "repeated.line", "repeated",
                                f"repeated in many documents of group {group}"))
        return out
