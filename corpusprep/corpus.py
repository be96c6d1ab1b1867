"""Corpus-level passes: lines a site repeats in many of its documents.

A line that stands in dozens of pages of one site (a slogan, a footer, a column name,
a reporter's standing credit) is furniture of the site, even when no rule knows it.
:func:`find_repeated_lines` counts, per group (a site, a source directory), in how many
documents each normalized line occurs, with polars (lazy, streaming engine, in batches so
memory stays bounded by the number of distinct lines, not the corpus).
:class:`RemoveRepeatedLines` then removes those lines from each document of the group
(category ``repeated``).

Lines are compared under :func:`normalize_line`: whitespace and punctuation removed (so
「」 and “”, ASCII and full-width marks, which the punctuation step folds between counting
and matching, compare equal) and digits folded to ``0`` (dates and counters vary). Lines
equal only once their digits are folded (``第1期…``, ``第2期…``) are weaker evidence: they
remove a line that is neither the document's headline (its first non-empty line) nor
prose; lines repeated with their digits (:func:`exact_key`) go wherever they stand. Count
repeats on text in the script the pipeline will see (after the OpenCC fold).

>>> docs = [("site-a", f"{w}新闻正文。\\n高唐新闻，家乡的大事。\\n责任编辑：王某") for w in "甲乙丙"]
>>> rep = find_repeated_lines(docs, threshold=3)
>>> sorted(rep["site-a"])
['责任编辑王某', '高唐新闻家乡的大事']
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
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import regex

from .document import Edit
from .errors import ConfigError
from .steps import Context, EditStep

__all__ = ["REPEATED_LINES", "RemoveRepeatedLines", "RepeatedLines", "count_input_lines", "count_repeated_lines",
           "count_repeated_lines_bounded", "default_group", "exact_key",
           "find_repeated_lines", "normalize_line", "site_of"]

#: lines in at least this many documents of a site are removed by default (``repeated_lines``)
REPEATED_LINES = 5

#: documents per batch of the corpus pass: polars' memory grows with the batch (at 100 MB of
#: news, 20 000 documents a batch peaked at 1 GB, 2 000 at 270 MB; same CPU time)
COUNT_BATCH_DOCS = 1000

#: whitespace and punctuation: what comparison ignores (the polars expression uses the same class)
_IGNORED = r"[\s\p{P}]+"
_IGNORED_RE = regex.compile(_IGNORED)
_DIGIT_RE = regex.compile(r"\d")
#: a code of letters and digits (A2995, ISBN978…, 3C-0471): what tells one document's record from another's
_CODE_RE = regex.compile(r"(?<![A-Za-z])[A-Za-z]{1,6}-?\d{3,}|\d{3,}-?[A-Za-z]{1,3}(?![A-Za-z])")


def exact_key(line: str) -> str:
    """A line without whitespace and punctuation, digits kept.

    >>> exact_key("「第1期」 高唐新闻")
    '第1期高唐新闻'
    """
    return _IGNORED_RE.sub("", line)


def normalize_line(line: str) -> str:
    """The form under which lines are compared across documents: :func:`exact_key` with
    every digit folded to ``0``.

    >>> normalize_line("  更新于 2021-05-06 10:20 ")
    '更新于000000000000'
    >>> normalize_line("「高唐新闻」,家乡的大事") == normalize_line("“高唐新闻”，家乡的大事。")
    True
    """
    return _DIGIT_RE.sub("0", _IGNORED_RE.sub("", line))


def _batches(items: Iterable[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class RepeatedLines(NamedTuple):
    """Repeated lines per group under both keys: ``folded`` (:func:`normalize_line`, digits
    folded) and ``exact`` (:func:`exact_key`, digits kept). Each maps a group to a frozenset
    of keys, or with ``keep_one`` to ``{key: first document's key}``. ``teasers`` maps a
    group to the exact keys of its repeated lines that stand at the top of fewer than half
    of the documents holding them: a headline that other pages list (related news, most
    read), not a header every page opens with."""

    folded: dict[str, Any]
    exact: dict[str, Any]
    teasers: dict[str, frozenset[str]] = {}


def find_repeated_lines(
    docs: Iterable[tuple[str, str]] | Iterable[tuple[str, str, str]],
    *,
    threshold: int = 5,
    min_chars: int = 4,
    batch_size: int = 20_000,
    keep_one: bool = False,
) -> dict[str, frozenset[str]] | dict[str, dict[str, str]]:
    """Normalized lines (:func:`normalize_line`) that occur in at least ``threshold``
    documents of their group: the ``folded`` half of :func:`count_repeated_lines`.

    >>> find_repeated_lines([("g", "甲乙丙丁", "a"), ("g", "甲乙丙丁", "b")], threshold=2, keep_one=True)
    {'g': {'甲乙丙丁': 'a'}}

    >>> find_repeated_lines([("g", "甲乙丙丁\\n正文一。"), ("g", "甲乙丙丁\\n正文二。")], threshold=2)
    {'g': frozenset({'甲乙丙丁'})}
    """
    return count_repeated_lines(docs, threshold=threshold, min_chars=min_chars, batch_size=batch_size,
                                keep_one=keep_one).folded


def count_repeated_lines(
    docs: Iterable[tuple[str, str]] | Iterable[tuple[str, str, str]],
    *,
    threshold: int = 5,
    min_chars: int = 4,
    batch_size: int = 20_000,
    keep_one: bool = False,
) -> RepeatedLines:
    """Lines that occur in at least ``threshold`` documents of their group, under both keys.

    ``docs`` yields ``(group, text)`` pairs; it is read once, in batches of ``batch_size``
    documents. A line counts once per document however often it repeats there. Lines
    whose folded key is shorter than ``min_chars`` are ignored. The result does not depend
    on the order of ``docs``.

    With ``keep_one``, ``docs`` yields ``(group, text, key)`` and each group maps its
    repeated lines to the key of the first document (in input order) that holds the line,
    the one copy :class:`RemoveRepeatedLines` keeps.

    >>> rep = count_repeated_lines([("g", f"第{i}期 节目\\n页脚文字") for i in range(3)], threshold=3)
    >>> sorted(rep.folded["g"]), sorted(rep.exact["g"])
    (['第0期节目', '页脚文字'], ['页脚文字'])
    """
    import polars as pl

    _check_counting(threshold, batch_size)
    partials: dict[str, list[pl.DataFrame]] = {"line": [], "exact": []}
    doc_no = 0
    for batch in _batches(docs, batch_size):  # type: ignore[arg-type]
        lines = _line_frame(batch, doc_no, min_chars, keep_one)
        doc_no += len(batch)
        frames = [_doc_counts(lines, col) for col in ("line", "exact")]
        for col, df in zip(("line", "exact"), pl.collect_all(frames, engine="streaming")):
            partials[col].append(df)
    return _repeated(partials, threshold, keep_one)


def _line_frame(batch: list[tuple[Any, ...]], first_doc: int, min_chars: int, keep_one: bool) -> Any:
    """A lazy frame of the batch's lines: ``group``, ``doc`` (numbered from ``first_doc``),
    ``key`` (the document's key with ``keep_one``), ``exact`` (:func:`exact_key`) and
    ``line`` (:func:`normalize_line`), lines shorter than ``min_chars`` left out."""
    import polars as pl

    return (
        pl.LazyFrame({"group": [str(d[0]) for d in batch], "doc": list(range(first_doc, first_doc + len(batch))),
                      "key": [str(d[2]) if keep_one else "" for d in batch], "text": [d[1] for d in batch]},
                     schema={"group": pl.String, "doc": pl.Int64, "key": pl.String, "text": pl.String})
        .select("group", "doc", "key", pl.col("text").str.split("\n").alias("exact"))
        .explode("exact")
        # the document's first non-empty line: its headline, or a header the site opens every page with
        .with_columns((pl.int_range(pl.len()).over("doc")
                       == pl.col("exact").str.strip_chars().ne("").arg_max().over("doc")).alias("head"))
        .with_columns(pl.col("exact").str.replace_all(_IGNORED, ""))
        .with_columns(pl.col("exact").str.replace_all(r"\d", "0").alias("line"))
        .filter(pl.col("line").str.len_chars() >= min_chars)
    )


def _doc_counts(lines: Any, col: str) -> Any:
    """Per (group, ``col``) of a :func:`_line_frame`: the documents holding it, the first
    of them and its key."""
    import polars as pl

    return (lines.group_by("group", "doc", col).agg(pl.col("key").first(), pl.col("head").any())
            .group_by("group", col)
            .agg(pl.len().alias("docs"), pl.col("head").sum().alias("heads"), pl.col("doc").min().alias("first"),
                 pl.col("key").sort_by("doc").first().alias("first_key")))


def _check_counting(threshold: int, batch_size: int) -> None:
    if threshold < 1:
        raise ConfigError(f"threshold must be at least 1, got {threshold}")
    if batch_size < 1:
        raise ConfigError(f"batch_size must be at least 1, got {batch_size}")


def _hash(col: str) -> Any:
    import polars as pl

    return pl.concat_str([pl.col("group"), pl.col(col)], separator="\x00").hash(seed=_HASH_SEED).alias("h")


_HASH_SEED = 20241204
#: batches of hash counts merged into the running counts at once
_MERGE_EVERY = 32
#: the hash space is counted in 2 ** _PART_BITS partitions (top bits of the hash)
_PART_BITS = 4
_PARTS = 1 << _PART_BITS


def count_repeated_lines_bounded(
    read: Callable[[], Iterable[tuple[str, str]] | Iterable[tuple[str, str, str]]],
    *,
    threshold: int = 5,
    min_chars: int = 4,
    batch_size: int = 1000,
    keep_one: bool = False,
) -> RepeatedLines:
    """:func:`count_repeated_lines` in memory bounded by the corpus's *repeated* lines.

    ``read`` returns a fresh iterator over the documents each time it is called; it is
    called twice. The first read counts the documents holding each 64-bit hash of (group,
    folded line) (12 bytes per distinct line, not the line); the second collects the lines
    whose folded hash reached ``threshold`` and counts them (folded and exact) exactly, so a
    hash collision can cost time but never changes the result, which equals
    :func:`count_repeated_lines`'s.

    >>> docs = [("g", f"第{i}期 节目\\n页脚文字") for i in range(3)]
    >>> rep = count_repeated_lines_bounded(lambda: iter(docs), threshold=3)
    >>> sorted(rep.folded["g"]), sorted(rep.exact["g"])
    (['第0期节目', '页脚文字'], ['页脚文字'])
    """
    import numpy as np
    import polars as pl

    _check_counting(threshold, batch_size)
    # Only the folded key is counted: a line repeated with its digits (exact key) is
    # repeated once they are folded too, so the folded candidates hold every exact one.
    # The hash space is cut into _PARTS partitions by its top bits, merged one at a time,
    # so a merge's temporary arrays are a fraction of the counts.
    run_h = [np.zeros(0, np.uint64) for _ in range(_PARTS)]
    run_n = [np.zeros(0, np.uint32) for _ in range(_PARTS)]
    pending: list[list[tuple[Any, Any]]] = [[] for _ in range(_PARTS)]

    def merge() -> None:
        for p in range(_PARTS):
            if not pending[p]:
                continue
            hs = np.concatenate([run_h[p], *(x[0] for x in pending[p])])
            ns = np.concatenate([run_n[p], *(x[1] for x in pending[p])])
            pending[p].clear()
            order = np.argsort(hs, kind="stable")
            hs, ns = hs[order], ns[order]
            del order
            starts = np.flatnonzero(np.concatenate([[True], hs[1:] != hs[:-1]]))
            run_h[p], run_n[p] = hs[starts], np.add.reduceat(ns, starts).astype(np.uint32)

    doc_no = 0
    for k, batch in enumerate(_batches(read(), batch_size), 1):  # type: ignore[arg-type]
        lines = _line_frame(batch, doc_no, min_chars, False)
        doc_no += len(batch)
        df = lines.select(_hash("line"), "doc").unique().group_by("h").agg(pl.len().alias("n")).collect(
            engine="streaming")
        hs, ns = df["h"].to_numpy(), df["n"].to_numpy().astype(np.uint32)
        part = (hs >> np.uint64(64 - _PART_BITS)).astype(np.intp)
        for p in np.unique(part).tolist():
            sel = part == p
            pending[p].append((hs[sel], ns[sel]))
        if k % _MERGE_EVERY == 0:
            merge()
    merge()
    found = np.concatenate([h[n >= threshold] for h, n in zip(run_h, run_n)])
    run_h.clear()
    run_n.clear()
    folded = pl.Series("h", found, dtype=pl.UInt64)
    cols = ("line", "exact")
    partials: dict[str, list[Any]] = {c: [] for c in cols}
    if len(folded):
        doc_no = 0
        for batch in _batches(read(), batch_size):  # type: ignore[arg-type]
            lines = _line_frame(batch, doc_no, min_chars, keep_one).filter(_hash("line").is_in(folded))
            doc_no += len(batch)
            frames = [_doc_counts(lines, c) for c in cols]
            for col, df in zip(cols, pl.collect_all(frames, engine="streaming")):
                partials[col].append(df)
    return _repeated(partials, threshold, keep_one)


def _repeated(partials: dict[str, list[Any]], threshold: int, keep_one: bool) -> RepeatedLines:
    folded = _threshold(partials["line"], "line", threshold)
    exact = _threshold(partials["exact"], "exact", threshold)
    return RepeatedLines(_by_group(folded, "line", keep_one), _by_group(exact, "exact", keep_one),
                         _teasers(exact, "exact"))


def _threshold(partials: list[Any], col: str, threshold: int) -> Any:
    """Sum the per-batch counts of ``col`` and keep the keys in ``threshold`` documents or
    more (a frame: ``group``, ``col``, ``docs``, ``heads``, ``first_key``), or None."""
    import polars as pl

    if not partials:
        return None
    return (
        pl.concat(partials)
        .lazy()
        .group_by("group", col)
        .agg(pl.col("docs").sum(), pl.col("heads").sum(), pl.col("first_key").sort_by("first").first())
        .filter(pl.col("docs") >= threshold)
        .sort("group", col)
        .collect(engine="streaming")
    )


def _teasers(counts: Any, col: str) -> dict[str, frozenset[str]]:
    """The keys of ``counts`` at the top of fewer than half of the documents holding them."""
    import polars as pl

    if counts is None:
        return {}
    teasers: dict[str, set[str]] = {}
    for group, line in counts.filter(pl.col("heads") * 2 < pl.col("docs")).select("group", col).iter_rows():
        teasers.setdefault(group, set()).add(line)
    return {g: frozenset(v) for g, v in sorted(teasers.items())}


def _by_group(counts: Any, col: str, keep_one: bool) -> dict[str, Any]:
    """``counts``'s keys per group: a frozenset, or with ``keep_one`` ``{key: first document's key}``."""
    if counts is None:
        return {}
    if keep_one:
        keepers: dict[str, dict[str, str]] = {}
        for group, line, key in counts.select("group", col, "first_key").iter_rows():
            keepers.setdefault(group, {})[line] = key
        return dict(sorted(keepers.items()))
    out: dict[str, set[str]] = {}
    for group, line in counts.select("group", col).iter_rows():
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


def site_of(fields: Mapping[str, Any]) -> str | None:
    """The site a record names in its fields (``site``, else the host of ``url``), if any.

    >>> site_of({"site": "news.example.com"}), site_of({"url": "https://a.example.com/1"}), site_of({})
    ('news.example.com', 'a.example.com', None)
    """
    site = fields.get("site")
    if isinstance(site, str) and site.strip():
        return site.strip()
    url = fields.get("url")
    if isinstance(url, str):
        host = urlsplit(url.strip()).netloc
        if host:
            return host
    return None


class RemoveRepeatedLines(EditStep):
    """Remove lines of a document that its group repeats across many documents.

    ``lines_by_group``: repeated lines under :func:`normalize_line` (digits folded), as
    :func:`find_repeated_lines` gives them; ``exact_by_group``: the same under
    :func:`exact_key` (digits kept). With ``exact_by_group``, a line repeated only once its
    digits are folded (``第1期…``, ``第2期…``) goes only if it is neither the document's
    headline (first non-empty line) nor prose; without it, every folded match goes.
    When the maps were made with ``keep_one=True`` (lines mapped to the key of their first
    document), the document whose ``ctx.uri`` is that key keeps its copy. The document's
    group is ``ctx.meta["group"]`` when set, else ``ctx.meta["site"]``, else
    ``group_of(ctx.uri)`` (default :func:`default_group`). The front matter a text opens
    with is left to :class:`~corpusprep.cleaners.front_matter.StripFrontMatter` (its lines
    are neither counted by the corpus pass nor removed here). Each removal is an edit with
    rule ``repeated.line`` and category ``repeated``; its note says how it was matched.

    >>> rep = count_repeated_lines([("g", f"第{i}期 节目单\\n订阅本站，每天早上收到新闻。") for i in range(5)])
    >>> step = RemoveRepeatedLines(rep.folded, exact_by_group=rep.exact, group_of=lambda uri: "g")
    >>> step.apply("第9期 节目单\\n正文。\\n第9期 节目单\\n订阅本站，每天早上收到新闻。", Context("x")).text
    '第9期 节目单\\n正文。\\n'
    """

    name = "repeated_lines"
    version = "6"

    def __init__(
        self,
        lines_by_group: Mapping[str, Collection[str]] | Mapping[str, Mapping[str, str]],
        *,
        exact_by_group: Mapping[str, Collection[str]] | Mapping[str, Mapping[str, str]] | None = None,
        teasers_by_group: Mapping[str, Collection[str]] | None = None,
        group_of: Callable[[str], str] | None = None,
    ) -> None:
        self.keepers = _keepers(lines_by_group)
        self.lines_by_group = {str(g): frozenset(v) for g, v in lines_by_group.items()}
        self.exact_keepers = _keepers(exact_by_group or {})
        self.exact_by_group = (None if exact_by_group is None
                               else {str(g): frozenset(v) for g, v in exact_by_group.items()})
        self.teasers_by_group = {str(g): frozenset(v) for g, v in (teasers_by_group or {}).items()}
        self.group_of = group_of or default_group

    @classmethod
    def from_counts(cls, rep: RepeatedLines, *, group_of: Callable[[str], str] | None = None) -> RemoveRepeatedLines:
        """The step removing what a count (:func:`count_repeated_lines`) found: its folded and
        exact keys and its teasers."""
        return cls(rep.folded, exact_by_group=rep.exact, teasers_by_group=rep.teasers, group_of=group_of)

    def config(self) -> dict[str, Any]:
        # the fingerprint must change when the repeated lines change
        import hashlib

        h = hashlib.sha256()
        maps = [(self.lines_by_group, self.keepers)]
        if self.exact_by_group is not None:
            maps.append((self.exact_by_group, self.exact_keepers))
        maps.append((self.teasers_by_group, {}))
        for lines_by_group, keepers in maps:
            h.update(b"\x02")
            for g in sorted(lines_by_group):
                h.update(g.encode())
                for line in sorted(lines_by_group[g]):
                    h.update(b"\x00" + line.encode())
                    if g in keepers:
                        h.update(b"\x01" + keepers[g][line].encode())
        return {"groups": len(self.lines_by_group), "lines_sha256": h.hexdigest()[:16],
                "digits_need_shape": self.exact_by_group is not None}

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        from .cleaners.boilerplate.classifier import _visible, _visible_is_prose
        from .io.front_matter import front_matter_end

        group = str(ctx.meta.get("group") or ctx.meta.get("site") or self.group_of(ctx.uri))
        lines = self.lines_by_group.get(group)
        if not lines:
            return []
        keepers = self.keepers.get(group, {})
        exact = None if self.exact_by_group is None else self.exact_by_group.get(group, frozenset())
        exact_keepers = self.exact_keepers.get(group, {})
        teasers = self.teasers_by_group.get(group, frozenset())
        title = _title_key(ctx)
        out: list[Edit] = []
        headline = True
        # a repeated header (ending in a colon) whose next line stays introduces this
        # document's own content (参考资料：, 以下为网友评论：): it stays with that line
        header = False
        # a post's front matter is metadata, not lines of the site (StripFrontMatter takes it whole)
        for m in _LINE.finditer(text, front_matter_end(text)):
            raw = m.group()
            if not raw.strip():
                continue
            first, headline = headline, False
            line = normalize_line(raw)
            note = None
            if line in lines and keepers.get(line) != ctx.uri:
                if exact is None:
                    note = f"repeated in many documents of group {group}"
                else:
                    ek = exact_key(raw)
                    verbatim = ek in exact and exact_keepers.get(ek) != ctx.uri
                    # this document's headline that other pages list (related news, most read)
                    # stays; a header that tops most of the pages holding it goes
                    if verbatim and not (ek in teasers and _own_headline(ek, first, title)):
                        note = f"repeated verbatim in many documents of group {group}"
                    # a headline or a paragraph needs the same digits too, and so does a
                    # line holding a code of letters and digits (基金会编号：A2995 is the document's own)
                    elif not (verbatim or first or _visible_is_prose(_visible(raw)) or _CODE_RE.search(raw)):
                        note = f"repeated in many documents of group {group} (digits aside)"
            if note is None:  # the line stays, and a header just before it
                if header:
                    out.pop()
                header = False
                continue
            out.append(Edit(m.start(), m.end(), raw, "", "repeated.line", "repeated", note))
            header = raw.rstrip().endswith(("：", ":"))
        return out


_LINE = re.compile(r"[^\n]+\n?")


def _title_key(ctx: Context) -> str | None:
    """The :func:`exact_key` of the document's title (:attr:`Context.title`), or None."""
    title = ctx.title
    return (exact_key(title) or None) if isinstance(title, str) else None


def _own_headline(key: str, first: bool, title: str | None) -> bool:
    """Whether the line of :func:`exact_key` ``key`` is the document's headline: its first
    line, or where the source names a title (a web page, whose first lines are menus), a
    line that is at least half of that title (``标题_网站名``)."""
    if title is None:
        return first
    return bool(key) and key in title and 2 * len(key) >= len(title)


def _keepers(by_group: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    return {str(g): dict(v) for g, v in by_group.items() if isinstance(v, Mapping)}


def count_input_lines(job: tuple[Any, ...]) -> RepeatedLines:
    """The corpus pass of :func:`corpusprep.dataset.process`: read every input and count the
    lines each site repeats. ``job`` is ``(inputs, reader_options, threshold, keep_one)``,
    optionally followed by the directories a walk does not enter (the run's output).

    It lives here, apart from the pipeline, so that the process it runs in with a pool
    (``parallel.call_in_worker``) imports only the readers, this module and polars, not
    every cleaner (about 0.27 CPU-s less on the run's serial path).
    """
    from .document import Source
    from .io.front_matter import front_matter_end
    from .io.readers import read_inputs

    inputs, reader, threshold, keep_one = job[:4]
    skip = job[4] if len(job) > 4 else ()

    def docs() -> Iterator[tuple[str, str, str]]:
        return (
            (site_of(src.fields) or default_group(src.uri), src.text[front_matter_end(src.text):], src.uri)
            for src in read_inputs(inputs, reader, skip)
            if isinstance(src, Source)
        )

    # two reads: 64-bit hashes counted first, then only the lines that repeat (memory does
    # not grow with the corpus's distinct lines)
    return count_repeated_lines_bounded(docs, threshold=threshold, keep_one=keep_one, batch_size=COUNT_BATCH_DOCS)
