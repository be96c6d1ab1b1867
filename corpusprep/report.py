"""The review report: one self-contained HTML page showing what a run removed and why.

:func:`build_report` reads a dataset written by :func:`corpusprep.dataset.process` and
writes a single HTML file that opens from disk with no network: inline CSS, inline SVG
charts and a few lines of inline JavaScript (allowed by hash in a Content-Security-Policy
that forbids every fetch).

* The **overview** is computed over the whole dataset with lazy polars queries: documents
  in and out, rejects with their reasons, characters kept and removed, removals per
  category and per rule, document lengths before and after, script and encoding mix,
  quality flags.
* The **documents** section shows a deterministic sample (at most ``sample_docs``): the
  source text, re-read from its ``source_uri`` and checked against its SHA-256, with every
  removed stretch highlighted in its category's colour (the rule id on hover), folded
  characters (Traditional→Simplified, punctuation width) marked, and paragraph and sentence
  boundaries shown on demand. Each rule in the overview links to sampled documents where
  it fired. A source that is gone or changed is skipped with a note.

Every piece of text from the data is HTML-escaped: scraped pages contain ``<script>``.

>>> import tempfile, pathlib
>>> from corpusprep.dataset import process
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("國際新聞\\n請輸入驗證碼\\n<script>x()</script>正文。", encoding="utf-8")
>>> _ = process([d / "a.txt"], d / "out", workers=1)
>>> html = build_report(d / "out", d / "report.html").read_text("utf-8")
>>> 'class="rm cat-verification"' in html, "<script>x()" in html, "&lt;script&gt;x()" in html
(True, False, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .errors import ConfigError, CorpusprepError, InputError, OutputError
from .io.writer import prepare_output_file, remove_created_dirs
from .version import __version__

__all__ = ["build_report"]

#: documents shown per rule in the per-document sample (before filling up)
PER_RULE_SAMPLES = 3
#: longest stretch of one source shown in the page; the rest is summarised
MAX_SHOWN_CHARS = 20_000
#: reject rows listed in full (all are counted)
MAX_REJECT_ROWS = 200

# Category colours: light backgrounds that keep black text readable. Unknown categories
# take the fallback colours in order of first appearance (sorted names: deterministic).
_CATEGORY_COLOURS = {
    "verification": "#ffd6a5",
    "pinyin": "#caffbf",
    "duplicate": "#bdb2ff",
    "encoding": "#ffadad",
    "caption": "#9bf6ff",
    "ad": "#ffc6ff",
    "advertisement": "#ffc6ff",
    "editor": "#fdffb6",
    "furniture": "#d0d1ff",
    "recommendation": "#a0c4ff",
    "navigation": "#e4c1f9",
    "whitespace": "#e9ecef",
    "script": "#b9fbc0",
    "reflow": "#f1c0e8",
}
_FALLBACK_COLOURS = ["#f4a261", "#8ecae6", "#e9c46a", "#90be6d", "#f28482", "#b5838d",
                     "#84a59d", "#cdb4db", "#ffafcc", "#a2d2ff"]

_JSONL_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+)$")
_PARQUET_ROW = re.compile(r"^(?P<path>.+)#row(?P<row>\d+)$")
_WARC_RECORD = re.compile(r"^(?P<path>.+\.warc(?:\.gz)?)@(?P<offset>\d+)$")


# -- reading the dataset -----------------------------------------------------------------------
@dataclass
class _Dataset:
    root: Path
    manifest: dict[str, Any]
    documents: pl.LazyFrame
    removed: pl.LazyFrame
    rejects: pl.LazyFrame
    corpus: pl.LazyFrame | None


def _open_dataset(dataset_dir: Path) -> _Dataset:
    """The dataset's tables as lazy frames; InputError names what is missing."""
    if not dataset_dir.is_dir():
        raise InputError(str(dataset_dir), "no such dataset directory (write one with `corpusprep clean`)")
    mpath = dataset_dir / "manifest.json"
    try:
        manifest = json.loads(mpath.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(str(dataset_dir), "no manifest.json: not a corpusprep dataset, or its run did "
                         "not finish (write one with `corpusprep clean`)") from None
    except (OSError, ValueError) as exc:
        raise InputError(str(mpath), f"cannot read the manifest: {exc}") from None
    tables = {}
    for name in ("documents", "removed", "rejects"):
        p = dataset_dir / f"{name}.parquet"
        if not p.is_file():
            raise InputError(str(dataset_dir), f"table {p.name} is missing (expected next to manifest.json)")
        tables[name] = pl.scan_parquet(p)
    parts = sorted((dataset_dir / "corpus").glob("*.parquet"))
    corpus = pl.scan_parquet(parts) if parts else None
    return _Dataset(dataset_dir, manifest, tables["documents"], tables["removed"], tables["rejects"], corpus)


# -- the overview: aggregates over everything ----------------------------------------------------
@dataclass
class _Overview:
    n_documents: int
    n_ok: int
    n_rejects: int
    status: list[tuple[str, int]]
    chars_in: int
    chars_out: int
    n_removed: int
    chars_removed: int
    chars_replacement: int
    categories: list[tuple[str, int, int, int]]  # category, stretches, chars, documents
    rules: list[tuple[str, str, int, int, int]]  # rule, category, stretches, chars, documents
    rejects_by_kind: list[tuple[str, int]]
    reject_rows: list[dict[str, Any]]
    scripts: list[tuple[str, int]]
    encodings: list[tuple[str, int]]
    flags: list[tuple[str, int, int]]  # flag, documents, total count
    hist_labels: list[str]
    hist_in: list[int]
    hist_out: list[int]


def _length_edges(max_len: int) -> list[int]:
    """Bin edges 0, 10, 20, 50, 100, 200, 500, ... up to past ``max_len``.

    >>> _length_edges(1500)
    [0, 10, 20, 50, 100, 200, 500, 1000, 2000]
    """
    edges = [0, 10]
    steps = (2, 2.5, 2)  # 10 -> 20 -> 50 -> 100
    i = 0
    while edges[-1] <= max_len:
        edges.append(int(edges[-1] * steps[i % 3]))
        i += 1
    return edges


def _short(n: int) -> str:
    """A compact count for axis labels.

    >>> _short(950), _short(2000), _short(50000), _short(3_000_000)
    ('950', '2k', '50k', '3M')
    """
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def _overview(ds: _Dataset) -> _Overview:
    docs, rem, rej = ds.documents, ds.removed, ds.rejects
    length = pl.col("src_end") - pl.col("src_start")
    q_docs = docs.select(
        pl.len().alias("n"),
        (pl.col("status") == "ok").sum().alias("ok"),
        pl.col("chars_in").sum().alias("chars_in"),
        pl.col("chars_out").sum().alias("chars_out"),
        pl.max_horizontal(pl.col("chars_in").max(), pl.col("chars_out").max()).alias("max_len"),
    )
    q_rem = rem.select(pl.len().alias("n"), length.sum().alias("chars"),
                       pl.col("replacement").str.len_chars().sum().alias("repl"))
    q_cat = (rem.group_by("category")
             .agg(pl.len().alias("n"), length.sum().alias("chars"), pl.col("doc_id").n_unique().alias("docs"))
             .sort(["chars", "category"], descending=[True, False]))
    q_rule = (rem.group_by("rule", "category")
              .agg(pl.len().alias("n"), length.sum().alias("chars"), pl.col("doc_id").n_unique().alias("docs"))
              .sort(["n", "rule"], descending=[True, False]))
    q_rej = rej.group_by("kind").agg(pl.len().alias("n")).sort(["n", "kind"], descending=[True, False])
    q_rej_rows = rej.select("source_uri", "location", "kind", "reason").sort("location").head(MAX_REJECT_ROWS)
    q_status = docs.group_by("status").agg(pl.len().alias("n")).sort(["n", "status"], descending=[True, False])
    q_script = (docs.group_by(pl.col("script").fill_null("unknown")).agg(pl.len().alias("n"))
                .sort(["n", "script"], descending=[True, False]))
    q_enc = docs.group_by("encoding").agg(pl.len().alias("n")).sort(["n", "encoding"], descending=[True, False])
    q_flags = (docs.select("doc_id", "flags").explode("flags").drop_nulls("flags")
               .select("doc_id", pl.col("flags").struct.field("name").alias("flag"),
                       pl.col("flags").struct.field("count").alias("count"))
               .group_by("flag").agg(pl.col("doc_id").n_unique().alias("docs"), pl.col("count").sum().alias("total"))
               .sort(["docs", "flag"], descending=[True, False]))
    (d, r, cat, rule, rj, rj_rows, status, script, enc, flags) = pl.collect_all(
        [q_docs, q_rem, q_cat, q_rule, q_rej, q_rej_rows, q_status, q_script, q_enc, q_flags])
    max_len = int(d["max_len"][0] or 0)
    edges = _length_edges(max_len)
    bins = pl.sum_horizontal  # bin index = number of inner edges <= value

    def hist(col: str) -> list[int]:
        inner = [(pl.col(col) >= e).cast(pl.Int32) for e in edges[1:-1]]
        idx = (bins(inner) if inner else pl.lit(0, pl.Int32)).alias("bin")
        counts = docs.select(idx).group_by("bin").agg(pl.len().alias("n")).collect()
        out = [0] * (len(edges) - 1)
        for b, n in counts.iter_rows():
            out[b] += n
        return out

    labels = [f"{_short(a)}–{_short(b)}" for a, b in zip(edges, edges[1:])]
    h_in, h_out = hist("chars_in"), hist("chars_out")
    used = [k for k in range(len(labels)) if h_in[k] or h_out[k]]
    lo, hi = (max(0, used[0] - 1), used[-1] + 1) if used else (0, len(labels))
    return _Overview(
        n_documents=int(d["n"][0]), n_ok=int(d["ok"][0] or 0), n_rejects=int(rj["n"].sum() or 0),
        status=list(status.iter_rows()),
        chars_in=int(d["chars_in"][0] or 0), chars_out=int(d["chars_out"][0] or 0),
        n_removed=int(r["n"][0]), chars_removed=int(r["chars"][0] or 0), chars_replacement=int(r["repl"][0] or 0),
        categories=list(cat.iter_rows()), rules=list(rule.iter_rows()),
        rejects_by_kind=list(rj.iter_rows()), reject_rows=rj_rows.to_dicts(),
        scripts=list(script.iter_rows()), encodings=list(enc.iter_rows()), flags=list(flags.iter_rows()),
        hist_labels=labels[lo:hi], hist_in=h_in[lo:hi], hist_out=h_out[lo:hi],
    )


# -- choosing the documents to show ---------------------------------------------------------------
def _choose_sample(ds: _Dataset, rules: Sequence[str], n: int) -> list[str]:
    """At most ``n`` doc ids: up to PER_RULE_SAMPLES per rule (round robin over the rules,
    most frequent first), then filled up; within each, ordered by the source's SHA-256, so
    the choice is deterministic and spread over the corpus rather than its first files."""
    if n <= 0:
        return []
    keyed = ds.documents.select("doc_id", "source_sha256")
    per_rule = (ds.removed.select("rule", "doc_id").unique()
                .join(keyed, on="doc_id", how="inner")
                .sort(["rule", "source_sha256", "doc_id"])
                .group_by("rule", maintain_order=True).head(PER_RULE_SAMPLES)
                .collect())
    candidates: dict[str, list[str]] = defaultdict(list)
    for rule, doc_id, _ in per_rule.select("rule", "doc_id", "source_sha256").iter_rows():
        candidates[rule].append(doc_id)
    chosen: dict[str, None] = {}
    for rnd in range(PER_RULE_SAMPLES):
        for rule in rules:
            ids = candidates.get(rule, [])
            if len(chosen) < n and rnd < len(ids):
                chosen.setdefault(ids[rnd])
    if len(chosen) < n:
        fill = keyed.sort(["source_sha256", "doc_id"]).head(n + len(chosen)).collect()["doc_id"].to_list()
        for doc_id in fill:
            if len(chosen) >= n:
                break
            chosen.setdefault(doc_id)
    return list(chosen)


# -- re-reading sources and re-cleaning them ---------------------------------------------------------
def _reader_options(manifest: dict[str, Any]) -> Any:
    from .io.readers import ReaderOptions

    given = manifest.get("reader") or {}
    known = {k: v for k, v in given.items() if k in ReaderOptions.__dataclass_fields__}
    try:
        return ReaderOptions(**known)
    except (TypeError, ConfigError):
        return ReaderOptions()


def _candidate_files(uri: str, roots: Sequence[Path]) -> list[tuple[Path, str]]:
    """Files that may hold ``uri``, with the exact location string a reader gives it."""
    bases = [uri]
    m = _PARQUET_ROW.match(uri) or _WARC_RECORD.match(uri) or _JSONL_LINE.match(uri)
    if m:
        bases.append(m.group("path"))
    out = []
    for base in bases:
        p = Path(base)
        for cand in ([p] if p.is_absolute() else [r / p for r in roots]):
            if cand.is_file():
                out.append((cand, base))
                break
    return out


def _load_sources(rows: Sequence[dict[str, Any]], manifest: dict[str, Any],
                  roots: Sequence[Path], read: dict[str, Any] | None = None) -> dict[str, tuple[str | None, str]]:
    """doc_id -> (source text or None, note). Each source file is read once; ``read``
    (if given) receives doc_id -> the Source read (a web page's carries its DOM facts)."""
    from .io.readers import read_inputs

    opts = _reader_options(manifest)
    result: dict[str, tuple[str | None, str]] = {}
    by_file: dict[Path, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        files = _candidate_files(row["source_uri"], roots)
        if not files:
            result[row["doc_id"]] = (None, f"source {row['source_uri']!r} not found (looked in "
                                     f"{', '.join(str(r) for r in roots)}); highlights need the source text")
            continue
        path, base = files[0]
        # the reader names a location relative to what it was given; map it back to source_uri
        suffix = row["source_uri"][len(base):]
        by_file[path][str(path.as_posix()) + suffix].append(row)
    for path, wanted in by_file.items():
        found: set[str] = set()
        try:
            for item in read_inputs([path], opts):
                rows_here = wanted.get(getattr(item, "uri", None) or "")
                if not rows_here or not hasattr(item, "text"):
                    continue
                found.add(item.uri)
                for row in rows_here:
                    if item.sha256 != row["source_sha256"]:
                        result[row["doc_id"]] = (None, "the source changed since the run (SHA-256 differs); "
                                                 "offsets would not match, so it is not shown")
                    else:
                        result[row["doc_id"]] = (item.text, "")
                        if read is not None:
                            read[row["doc_id"]] = item
                if len(found) == len(wanted):
                    break
        except (CorpusprepError, OSError) as exc:
            for rows_here in wanted.values():
                for row in rows_here:
                    result.setdefault(row["doc_id"], (None, f"could not re-read the source: {exc}"))
        for rows_here in wanted.values():
            for row in rows_here:
                result.setdefault(row["doc_id"], (None, f"{row['source_uri']!r} not found in {path} "
                                                  "(the file changed, or it was read with other options)"))
    return result


def _pipeline_for(manifest: dict[str, Any]) -> tuple[Any | None, str]:
    """A pipeline with the run's fingerprint, rebuilt from the manifest's step list, or the
    default one with a note when the configuration cannot be rebuilt."""
    from .pipeline import Pipeline

    want = (manifest.get("pipeline") or {}).get("fingerprint")
    steps = {s.get("name"): s.get("config") or {} for s in (manifest.get("pipeline") or {})
             .get("config", {}).get("steps", [])}
    tries: list[dict[str, Any]] = []
    if steps:
        tries.append({
            "repair_encoding": "encoding" in steps, "strip_pinyin": "pinyin" in steps,
            "conversion": steps["script"].get("conversion") if "script" in steps else None,
            "variants": "variants" in steps,
            "punctuation": "punctuation" in steps,
            "mainland_quotes": bool(steps.get("punctuation", {}).get("mainland_quotes", True)),
            "boilerplate": "boilerplate" in steps, "reflow": "reflow" in steps, "dedupe": "duplicates" in steps,
        })
    tries.append({})
    first = None
    error = ""
    for options in tries:
        try:
            p = Pipeline.default(**options)
        except Exception as exc:  # a broken rule file must not stop the report
            error = f"{type(exc).__name__}: {exc}"
            continue
        first = first or p
        if p.fingerprint() == want:
            return p, ""
    if first is None:
        return None, (f"could not rebuild a pipeline to re-clean the source ({error}); folded characters "
                      "are estimated with to_simplified() and sentence boundaries are not shown")
    return first, (f"folded characters and boundaries not in the dataset come from re-cleaning with "
                   f"pipeline {first.fingerprint()}, not the run's {want}")


def _fallback_folds(text: str) -> dict[int, tuple[str, str]]:
    """Traditional→Simplified folds estimated without a pipeline (when OpenCC keeps the length).

    >>> _fallback_folds("國際新聞")
    {0: ('国', 'script'), 1: ('际', 'script'), 3: ('闻', 'script')}
    """
    from .cleaners.script import to_simplified

    try:
        out = to_simplified(text)
    except Exception:  # same reason as above: the report still renders
        return {}
    if len(out) != len(text):
        return {}
    return {i: (b, "script") for i, (a, b) in enumerate(zip(text, out)) if a != b and _is_han(a)}


# -- per-document rendering -----------------------------------------------------------------------------
def _slug(name: str) -> str:
    """A CSS-class-safe form of a category name.

    >>> _slug("Page furniture/导航")
    'page-furniture---'
    """
    return re.sub(r"[^a-z0-9_-]", "-", name.lower()) or "none"


def _is_han(c: str) -> bool:
    return unicodedata.name(c, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))


@dataclass
class _DocView:
    index: int
    row: dict[str, Any]
    removals: list[dict[str, Any]]
    reasons: list[str] = field(default_factory=list)
    text: str | None = None
    note: str = ""
    body: str = ""
    n_folds: Counter[str] = field(default_factory=Counter)


def _render_text(text: str, removals: Sequence[dict[str, Any]], folds: dict[int, tuple[str, str]],
                 minor: Sequence[tuple[int, int, str, str]], markers: dict[int, list[tuple[str, str]]],
                 limit: int) -> str:
    """The source text as HTML: removals as ``<mark>``, folds as ``<i class="fs|fp">``
    (script, punctuation) and boundary markers as empty spans."""
    n = min(len(text), limit)
    owner = [-1] * n
    spans: list[tuple[str, str, str]] = []  # (open tag, close html, kind)
    prev_end = 0
    for r in sorted(removals, key=lambda r: (r["src_start"], r["src_end"])):
        s, e = max(r["src_start"], prev_end), min(r["src_end"], n)
        if s >= e:
            continue
        title = f"{r['rule']} ({r['category']})"
        if r.get("replacement"):
            title += f" → replaced by {r['replacement']!r}"
        if r.get("note"):
            title += f" · {r['note']}"
        after = (f'<ins class="repl" title="replacement">{html.escape(r["replacement"])}</ins>'
                 if r.get("replacement") else "")
        spans.append((f'<mark class="rm cat-{_slug(r["category"])}" data-rule="{html.escape(r["rule"])}" '
                      f'title="{html.escape(title)}">', "</mark>" + after, "rm"))
        owner[s:e] = [len(spans) - 1] * (e - s)
        prev_end = r["src_end"]
    for s, e, rule, new in minor:
        e = min(e, n)
        if s >= e or any(o >= 0 for o in owner[s:e]):
            continue
        title = f"{rule} → {new!r}" if new else rule
        spans.append((f'<span class="minor" title="{html.escape(title)}">', "</span>", "minor"))
        owner[s:e] = [len(spans) - 1] * (e - s)

    parts: list[str] = []
    buf: list[str] = []
    current = -1

    def flush() -> None:
        if buf:
            parts.append(html.escape("".join(buf)))
            buf.clear()

    for i in range(n):
        sid = owner[i]
        if sid != current and current >= 0:
            flush()
            parts.append(spans[current][1])
            current = -1
        if i in markers:
            flush()
            for cls, title in markers[i]:
                parts.append(f'<span class="bd {cls}" title="{html.escape(title)}"></span>')
        if sid != current:
            flush()
            parts.append(spans[sid][0])
            current = sid
        c = text[i]
        if current >= 0 and spans[current][2] == "rm" and c == "\n":
            flush()
            parts.append('<span class="nl">↵</span>\n')
        elif current < 0 and i in folds:
            flush()
            out, kind = folds[i]  # kept short: a Traditional page has a fold every other character
            parts.append(f'<i class="f{kind[0]}" title="{html.escape(f"{c}→{out}")}">{html.escape(c)}</i>')
        else:
            buf.append(c)
    flush()
    if current >= 0:
        parts.append(spans[current][1])
    for cls, title in markers.get(n, []):
        parts.append(f'<span class="bd {cls}" title="{html.escape(title)}"></span>')
    return "".join(parts)


def _boundaries(units: pl.DataFrame, unit: str, doc: Any) -> dict[int, list[tuple[str, str]]]:
    """Paragraph and sentence starts: from the dataset's own units where it has them,
    from the re-cleaned document (``doc``) otherwise."""
    paras: list[int] = []
    sents: list[int] = []
    if units.height and unit in ("paragraph", "sentence"):
        firsts = units.group_by("paragraph_index").agg(pl.col("src_start").min()).sort("paragraph_index")
        paras = firsts["src_start"].to_list()
        if unit == "sentence":
            sents = units["src_start"].to_list()
    if doc is not None:
        if not paras:
            paras = [p.src_start for p in doc.paragraphs]
        if not sents:
            sents = [s.src_start for s in doc.sentences]
    marks: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for k, p in enumerate(paras):
        marks[p].append(("bp", f"paragraph {k}"))
    para_set = set(paras)
    for k, s in enumerate(sents):
        if s not in para_set:
            marks[s].append(("bs", f"sentence {k}"))
    return marks


def _drift(doc: Any, removals: Sequence[dict[str, Any]], units: pl.DataFrame, unit: str) -> str:
    """A note when re-cleaning today disagrees with what the run recorded (the code changed
    without a version bump, or the configuration could not be rebuilt exactly)."""
    if doc is None:
        return ""
    differs = []
    recorded = sorted((r["src_start"], r["src_end"], r["rule"]) for r in removals)
    if recorded != sorted((r.src_start, r.src_end, r.rule) for r in doc.removed):
        differs.append(f"removals ({len(doc.removed)} now, {len(recorded)} recorded)")
    if unit in ("paragraph", "sentence") and units.height:
        now = doc.paragraphs if unit == "paragraph" else doc.sentences
        if sorted(units["src_start"].to_list()) != [u.src_start for u in now]:
            differs.append(f"{unit} boundaries ({len(now)} now, {units.height} recorded)")
    if not differs:
        return ""
    return ("re-cleaning the source now gives different " + " and ".join(differs) + "; highlights and "
            "recorded boundaries are the run's, folds and other boundaries come from re-cleaning")


def _folds_and_minor(text: str, doc: Any) -> tuple[dict[int, tuple[str, str]], list[tuple[int, int, str, str]]]:
    """Folded characters (identity segments whose characters differ) and the edits the audit
    table leaves out (whitespace), from a re-cleaned document."""
    folds: dict[int, tuple[str, str]] = {}
    minor: list[tuple[int, int, str, str]] = []
    if doc is None:
        return folds, minor
    for o0, o1, s0, s1, why in doc.offset_map.segments():
        if why is None:
            src, out = text[s0:s1], doc.text[o0:o1]
            if src != out:
                for k, (a, b) in enumerate(zip(src, out)):
                    if a != b:
                        folds[s0 + k] = (b, "script" if _is_han(a) else "punct")
        elif s1 > s0:
            minor.append((s0, s1, why[0], doc.text[o0:o1]))
    return folds, minor


# -- HTML pieces --------------------------------------------------------------------------------------------
def _e(x: Any) -> str:
    return html.escape(str(x))


def _num(n: int, ident: str | None = None) -> str:
    attr = f' id="{ident}"' if ident else ""
    return f'<span class="num"{attr} data-value="{int(n)}">{int(n):,}</span>'


def _svg_hbars(rows: Sequence[tuple[str, int, str, str | None, str]], *, label_width: int = 260,
               width: int = 720, caption: str = "") -> str:
    """Horizontal bars: (label, value, css class, link or None, tooltip) per row."""
    if not rows:
        return '<p class="empty">none</p>'
    bar_h, gap = 18, 6
    vmax = max(v for _, v, *_ in rows) or 1
    avail = width - label_width - 80
    height = len(rows) * (bar_h + gap) + gap
    out = [f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{_e(caption)}</title>']
    for k, (label, value, cls, href, tip) in enumerate(rows):
        y = gap + k * (bar_h + gap)
        w = max(1.0, avail * value / vmax) if value else 0
        text = _e(label if len(label) <= 38 else label[:37] + "…")
        lab = f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{text}</text>'
        if href:
            lab = f'<a href="{_e(href)}">{lab}</a>'
        out.append(f'<g><title>{_e(tip)}</title>{lab}'
                   f'<rect class="{_e(cls)}" x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="2"/>'
                   f'<text class="val" x="{label_width + w + 5:.1f}" y="{y + 13}">{value:,}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _svg_histogram(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int], str]],
                   *, width: int = 720, height: int = 240, caption: str = "") -> str:
    """Grouped vertical bars: one group per bin, one bar per series (name, counts, class)."""
    left, bottom, top = 44, 40, 12
    plot_w, plot_h = width - left - 10, height - bottom - top
    vmax = max((max(c) for _, c, _ in series if c), default=0) or 1
    group_w = plot_w / max(1, len(labels))
    bar_w = max(2.0, (group_w - 6) / max(1, len(series)))
    out = [f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{_e(caption)}</title>']
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        out.append(f'<line class="grid" x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text class="axis" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{round(vmax * frac):,}</text>')
    for b, label in enumerate(labels):
        x0 = left + b * group_w + 3
        for k, (name, counts, cls) in enumerate(series):
            v = counts[b]
            h = plot_h * v / vmax
            out.append(f'<rect class="{_e(cls)}" x="{x0 + k * bar_w:.1f}" y="{top + plot_h - h:.1f}" '
                       f'width="{bar_w - 1:.1f}" height="{h:.1f}"><title>{_e(name)} {_e(label)} chars: '
                       f'{v:,} documents</title></rect>')
        out.append(f'<text class="axis" x="{x0 + group_w / 2 - 3:.1f}" y="{top + plot_h + 14}" '
                   f'text-anchor="middle">{_e(label)}</text>')
    lx = left
    for name, _, cls in series:
        out.append(f'<rect class="{_e(cls)}" x="{lx}" y="{height - 14}" width="10" height="10"/>'
                   f'<text class="axis" x="{lx + 14}" y="{height - 5}">{_e(name)}</text>')
        lx += 14 + 8 * len(name) + 20
    out.append("</svg>")
    return "".join(out)


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """An HTML table; cells are given as HTML (escape them before)."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


_CSS = """
:root{--fg:#1d2129;--muted:#5c6470;--line:#d8dde3;--bg:#fff;--panel:#f6f8fa;--accent:#2f6feb}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;color:var(--fg);background:var(--bg)}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:8px 24px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
header h1{font-size:17px;margin:0}
header nav a{margin-right:12px}
main{padding:8px 24px 48px;max-width:1200px}
h2{font-size:18px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}
h3{font-size:15px;margin:18px 0 4px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:12px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.card .label{color:var(--muted);font-size:12px}.card .num{font-size:20px;font-weight:600}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:8px 24px}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:3px 10px 3px 0;text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600}
td .num{font-variant-numeric:tabular-nums}
.chart text{font-size:12px;fill:var(--fg)}.chart .val,.chart .axis{fill:var(--muted);font-size:11px}
.chart .grid{stroke:var(--line)}.chart a text{fill:var(--accent)}
.bar-in{fill:#9aa5b1}.bar-out{fill:#2f6feb}.bar-plain{fill:#7c8da6}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:4px;border:1px solid #0002}
.stack{display:flex;height:18px;border-radius:3px;overflow:hidden;border:1px solid var(--line);max-width:720px}
.stack span{display:block;height:100%}
.note{color:#8a5a00;background:#fff8e1;border:1px solid #f0dca0;border-radius:4px;padding:4px 8px;margin:6px 0}
.empty{color:var(--muted)}
.doc{border:1px solid var(--line);border-radius:6px;margin:14px 0;padding:8px 14px;background:#fff}
.doc .meta{color:var(--muted);font-size:12px;margin:2px 0}
.src{white-space:pre-wrap;word-break:break-word;font-size:15px;line-height:1.8;background:var(--panel);padding:10px 12px;border-radius:4px;max-height:640px;overflow:auto}
mark.rm{color:inherit;border-radius:2px;padding:0 1px;text-decoration:line-through;text-decoration-color:#0005}
.nl{color:#0006;font-size:11px}
ins.repl{text-decoration:none;border:1px dashed #0006;border-radius:2px;padding:0 2px;margin-left:1px;font-size:12px}
i.fs,i.fp{font-style:normal;border-bottom:2px dotted #c2410c}i.fs{color:#b42318}i.fp{color:#6941c6;background:#f4ebff}
body.bounds .minor{background:#e3e7ec;outline:1px dotted #8a94a0}
.bd{display:none}
body.bounds .bd{display:inline}
body.bounds .bp::before{content:"¶";color:#fff;background:#2f6feb;border-radius:3px;padding:0 3px;margin:0 2px;font-size:11px;vertical-align:1px}
body.bounds .bs::before{content:"";display:inline-block;width:2px;height:1.1em;background:#f79009;margin:0 2px;vertical-align:-2px}
.legend span.item{margin-right:14px;white-space:nowrap}
.toggle{user-select:none}
#report-js-error{color:#fff;background:#b42318;padding:6px 10px;white-space:pre-wrap}
"""

# Written before anything else runs: a script error becomes a visible element (and an
# attribute the browser test reads from the DOM).
_JS_ERRORS = """window.onerror=function(msg,src,line){var e=document.getElementById('report-js-error');
if(!e){e=document.createElement('pre');e.id='report-js-error';document.body.insertBefore(e,document.body.firstChild);}
e.textContent+='script error: '+msg+' (line '+line+')\\n';document.body.setAttribute('data-js-errors','1');};"""

_JS_MAIN = """(function(){
var cb=document.getElementById('show-bounds');
function sync(){document.body.classList.toggle('bounds',cb.checked);}
cb.addEventListener('change',sync);sync();
document.body.setAttribute('data-report-status','ready');
})();"""


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _category_css(categories: Sequence[str]) -> tuple[str, dict[str, str]]:
    colours: dict[str, str] = {}
    k = 0
    for c in sorted(categories):
        if c.lower() in _CATEGORY_COLOURS:
            colours[c] = _CATEGORY_COLOURS[c.lower()]
        else:
            colours[c] = _FALLBACK_COLOURS[k % len(_FALLBACK_COLOURS)]
            k += 1
    css = "".join(f".cat-{_slug(c)}{{background:{col};fill:{col}}}" for c, col in colours.items())
    return css, colours


# -- the page ------------------------------------------------------------------------------------------------------
def build_report(dataset_dir: str | os.PathLike[str], out_path: str | os.PathLike[str] | None = None, *,
                 sample_docs: int = 50, source_root: str | os.PathLike[str] | None = None) -> Path:
    """Write the review report of the dataset at ``dataset_dir`` as one self-contained HTML file.

    ``out_path`` defaults to ``report.html`` inside the dataset. At most ``sample_docs``
    documents are shown in full (chosen deterministically: a few per rule, then filled up);
    the overview covers every document. Relative source URIs are looked up under
    ``source_root`` if given, else the current directory, then the dataset's parent.
    Returns the path written.

    Raises :class:`~corpusprep.errors.InputError` naming the dataset directory when its
    manifest or a table is missing, :class:`~corpusprep.errors.OutputError` naming
    ``out_path`` when it cannot be written (checked before the work; nothing is left
    behind), and :class:`~corpusprep.errors.ConfigError` for a negative ``sample_docs``.
    """
    if sample_docs < 0:
        raise ConfigError(f"sample_docs must be 0 or more, got {sample_docs}")
    root = Path(dataset_dir)
    out = Path(out_path) if out_path is not None else root / "report.html"
    ds = _open_dataset(root)
    created = prepare_output_file(out)  # before the work: an unwritable path fails at once
    try:
        return _write_report(ds, root, out, sample_docs, source_root)
    except BaseException:
        remove_created_dirs(created)
        raise


def _write_report(ds: _Dataset, root: Path, out: Path, sample_docs: int,
                  source_root: str | os.PathLike[str] | None) -> Path:
    """Render the report of ``ds`` and write it to ``out`` atomically."""
    ov = _overview(ds)
    rule_names = [r[0] for r in ov.rules]
    sample = _choose_sample(ds, rule_names, sample_docs)

    roots = [Path(source_root)] if source_root is not None else [Path.cwd(), root.resolve().parent]
    views = _document_views(ds, sample, roots)
    cat_names = sorted({c for c, *_ in ov.categories} | {r["category"] for v in views for r in v.removals})
    cat_css, colours = _category_css(cat_names)

    body = "".join([
        _overview_html(ds, ov, colours, views),
        _documents_html(ds, views, colours, sample_docs),
    ])
    manifest = ds.manifest
    fingerprint = (manifest.get("pipeline") or {}).get("fingerprint", "?")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src {_csp_hash(_JS_ERRORS)} {_csp_hash(_JS_MAIN)}")
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="corpusprep {_e(__version__)}">
<title>corpusprep report: {_e(root.name)}</title>
<script>{_JS_ERRORS}</script>
<style>{_CSS}{cat_css}</style>
</head>
<body data-report-status="loading">
<header>
<h1>corpusprep review report</h1>
<nav><a href="#overview">Overview</a><a href="#rules">Rules</a><a href="#rejects">Rejects</a><a href="#documents">Documents</a></nav>
<label class="toggle"><input type="checkbox" id="show-bounds"> show paragraph ¶ and sentence ▏ boundaries, whitespace edits</label>
</header>
<main>
<p class="meta">dataset <code>{_e(root)}</code> · corpusprep {_e(manifest.get("corpusprep_version", "?"))} ·
pipeline <code>{_e(fingerprint)}</code> · unit {_e(manifest.get("unit", "?"))} ·
report by corpusprep {_e(__version__)}</p>
{body}
</main>
<script>{_JS_MAIN}</script>
</body>
</html>
"""
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(str(out), f"cannot write the report: {exc.strerror or exc}") from None
    return out


def _document_views(ds: _Dataset, sample: Sequence[str], roots: Sequence[Path]) -> list[_DocView]:
    if not sample:
        return []
    rows = (ds.documents.with_row_index("_order").filter(pl.col("doc_id").is_in(list(sample)))
            .sort("_order").collect().to_dicts())
    removed = (ds.removed.filter(pl.col("doc_id").is_in(list(sample)))
               .select("doc_id", "src_start", "src_end", "text", "replacement", "rule", "category", "note")
               .sort("doc_id", "src_start").collect())
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in removed.iter_rows(named=True):
        by_doc[r["doc_id"]].append(r)
    # the documents where most different rules fired come first; then input order
    rows.sort(key=lambda r: (-len({x["rule"] for x in by_doc.get(r["doc_id"], [])}), r["_order"]))
    units = (ds.corpus.filter(pl.col("doc_id").is_in(list(sample)))
             .select("doc_id", "paragraph_index", "index", "src_start", "src_end").collect()
             if ds.corpus is not None else None)
    read: dict[str, Any] = {}
    sources = _load_sources(rows, ds.manifest, roots, read)
    pipeline, pipe_note = _pipeline_for(ds.manifest)
    unit = str(ds.manifest.get("unit", ""))
    views = []
    for k, row in enumerate(rows):
        v = _DocView(k, row, by_doc.get(row["doc_id"], []))
        v.text, v.note = sources.get(row["doc_id"], (None, "source not looked up"))
        if v.text is not None and row.get("source_text") is not None and v.text != row["source_text"]:
            v.note = "the source reads differently now (other reader options?); shown as the run kept it"
            read.pop(row["doc_id"], None)
            v.text = row["source_text"]
        elif v.text is None and row.get("source_text") is not None:  # a page's text, kept by the run
            v.note = (v.note + " · " if v.note else "") + "text from documents.parquet source_text"
            v.text = row["source_text"]
        if v.text is not None:
            doc = None
            v.note = pipe_note
            if pipeline is not None:
                try:
                    src = read.get(row["doc_id"])
                    doc = (pipeline.clean_source(src) if src is not None and src.text == v.text
                           else pipeline.clean(v.text, source=row["source_uri"], doc_id=row["doc_id"]))
                except Exception as exc:  # a report must still render; say why folds are missing
                    v.note = f"re-cleaning for folds and boundaries failed: {type(exc).__name__}: {exc}"
            mine = units.filter(pl.col("doc_id") == row["doc_id"]) if units is not None else pl.DataFrame()
            drift = _drift(doc, v.removals, mine, unit)
            if drift:
                v.note = (v.note + " · " if v.note else "") + drift
            folds, minor = _folds_and_minor(v.text, doc)
            if doc is None:
                folds = _fallback_folds(v.text[:MAX_SHOWN_CHARS])
            audited = {(r["src_start"], r["src_end"]) for r in v.removals}
            minor = [m for m in minor if (m[0], m[1]) not in audited]
            v.n_folds = Counter(kind for _, kind in folds.values())
            v.body = _render_text(v.text, v.removals, folds, minor, _boundaries(mine, unit, doc), MAX_SHOWN_CHARS)
            if len(v.text) > MAX_SHOWN_CHARS:
                beyond = sum(1 for r in v.removals if r["src_start"] >= MAX_SHOWN_CHARS)
                v.note = (v.note + " · " if v.note else "") + (
                    f"showing the first {MAX_SHOWN_CHARS:,} of {len(v.text):,} characters; "
                    f"{beyond} removal(s) further on are not shown")
        views.append(v)
    return views


def _overview_html(ds: _Dataset, ov: _Overview, colours: dict[str, str], views: Sequence[_DocView]) -> str:
    m = ds.manifest.get("counts", {})
    notes = []
    if m and (m.get("documents"), m.get("rejects")) != (ov.n_documents, ov.n_rejects):
        notes.append(f"manifest counts (documents {m.get('documents')}, rejects {m.get('rejects')}) differ "
                     f"from the tables ({ov.n_documents}, {ov.n_rejects})")
    n_in = ov.n_documents + ov.n_rejects
    other = ov.chars_in - ov.chars_out - (ov.chars_removed - ov.chars_replacement)
    cards = [
        ("inputs (documents + rejects)", _num(n_in, "n-inputs")),
        ("documents cleaned", _num(ov.n_documents, "n-documents")),
        ("documents out (non-empty)", _num(ov.n_ok, "n-documents-out")),
        ("rejects", _num(ov.n_rejects, "n-rejects")),
        ("characters in", _num(ov.chars_in, "chars-in")),
        ("characters out", _num(ov.chars_out, "chars-out")),
        ("removed stretches", _num(ov.n_removed, "n-removed")),
        ("characters removed (audited)", _num(ov.chars_removed, "chars-removed")),
    ]
    parts = ['<section id="overview"><h2>Overview</h2>']
    parts += [f'<p class="note">{_e(n)}</p>' for n in notes]
    parts.append('<div class="cards">' + "".join(
        f'<div class="card"><div class="label">{label}</div>{value}</div>' for label, value in cards) + "</div>")

    # characters kept / removed, as one stacked bar
    total = max(ov.chars_in, 1)
    pieces = [("kept (characters out)", ov.chars_out, "#2f6feb")]
    pieces += [(f"removed: {c}", ch - 0, colours.get(c, "#ccc")) for c, _, ch, _ in ov.categories]
    if ov.chars_replacement:
        pieces.append(("replacement text added", -ov.chars_replacement, "#fff"))
    pieces.append(("other length changes (whitespace, re-joined breaks)", other, "#adb5bd"))
    stack = "".join(f'<span style="width:{100 * v / total:.3f}%;background:{col}" title="{_e(n)}: {v:,}"></span>'
                    for n, v, col in pieces if v > 0)
    legend = "".join(f'<span class="item"><span class="swatch" style="background:{col}"></span>{_e(n)}: '
                     f"{v:,}</span> " for n, v, col in pieces if v)
    parts.append(f'<h3>Characters kept and removed</h3><div class="stack">{stack}</div>'
                 f'<p class="legend">{legend}</p>')

    # categories and rules
    cat_rows = [(c, ch, f"cat-{_slug(c)}", None, f"{c}: {n:,} stretches, {ch:,} characters in {d:,} documents")
                for c, n, ch, d in ov.categories]
    parts.append('<div class="grid2"><div><h3>Removed characters per category</h3>'
                 + _svg_hbars(cat_rows, label_width=140, width=520, caption="removed characters per category")
                 + _table(["category", "stretches", "characters", "documents"],
                          [(f'<span class="swatch cat-{_slug(c)}"></span>{_e(c)}', _num(n), _num(ch), _num(d))
                           for c, n, ch, d in ov.categories], "categories")
                 + "</div><div><h3>Document length before and after (characters)</h3>"
                 + _svg_histogram(ov.hist_labels, [("before", ov.hist_in, "bar-in"), ("after", ov.hist_out, "bar-out")],
                                  width=560, caption="document length before and after cleaning")
                 + "</div></div>")

    rule_index = {r[0]: k for k, r in enumerate(ov.rules)}
    fired: dict[str, list[_DocView]] = defaultdict(list)
    for v in views:
        for rule in dict.fromkeys(r["rule"] for r in v.removals):
            fired[rule].append(v)
    rule_rows = [(rule, n, f"cat-{_slug(cat)}", f"#rule-{rule_index[rule]}",
                  f"{rule} ({cat}): {n:,} stretches, {ch:,} characters, {d:,} documents")
                 for rule, cat, n, ch, d in ov.rules]
    parts.append('<section id="rules"><h3>Removals per rule (stretches)</h3>'
                 + _svg_hbars(rule_rows, label_width=300, width=820, caption="removals per rule"))
    trs = []
    for rule, cat, n, ch, d in ov.rules:
        links = " ".join(f'<a href="#doc-{v.index}">doc {v.index}</a>' for v in fired.get(rule, [])[:8])
        trs.append((f'<span id="rule-{rule_index[rule]}" class="rule-id" data-count="{n}" data-chars="{ch}">{_e(rule)}</span>',
                    f'<span class="swatch cat-{_slug(cat)}"></span>{_e(cat)}', _num(n), _num(ch), _num(d),
                    links or '<span class="empty">not in the sample</span>'))
    parts.append(_table(["rule", "category", "stretches", "characters", "documents", "sampled documents"],
                        trs, "rules") + "</section>")

    # script, encoding, status, flags
    parts.append('<div class="grid2"><div><h3>Script</h3>'
                 + _svg_hbars([(s, n, "bar-plain", None, f"{s}: {n:,} documents") for s, n in ov.scripts],
                              label_width=120, width=420, caption="documents per script")
                 + "<h3>Encoding</h3>"
                 + _svg_hbars([(s, n, "bar-plain", None, f"{s}: {n:,} documents") for s, n in ov.encodings],
                              label_width=120, width=420, caption="documents per detected encoding")
                 + "</div><div><h3>Status</h3>"
                 + _table(["status", "documents"], [(_e(s), _num(n)) for s, n in ov.status])
                 + "<h3>Quality flags</h3>"
                 + (_table(["flag", "documents", "occurrences"], [(_e(f), _num(d), _num(t)) for f, d, t in ov.flags],
                           "flags") if ov.flags else '<p class="empty">no flags raised</p>')
                 + "</div></div>")

    # rejects
    parts.append(f'<section id="rejects"><h3>Rejects ({ov.n_rejects:,})</h3>')
    if ov.n_rejects:
        parts.append(_table(["kind", "inputs"], [(_e(k), _num(n)) for k, n in ov.rejects_by_kind], "reject-kinds"))
        parts.append(_table(["location", "kind", "reason"],
                            [(_e(r["location"]), _e(r["kind"]), _e(r["reason"])) for r in ov.reject_rows], "rejects"))
        if ov.n_rejects > len(ov.reject_rows):
            parts.append(f'<p class="empty">first {len(ov.reject_rows)} of {ov.n_rejects:,} listed; '
                         "all are in rejects.parquet</p>")
    else:
        parts.append('<p class="empty">every input was read and cleaned</p>')
    parts.append("</section></section>")
    return "".join(parts)


def _documents_html(ds: _Dataset, views: Sequence[_DocView], colours: dict[str, str], sample_docs: int) -> str:
    parts = [f'<section id="documents"><h2>Documents ({len(views)} shown of {_e(sample_docs)} at most)</h2>']
    legend = "".join(f'<span class="item"><mark class="rm cat-{_slug(c)}">{_e(c)}</mark></span>'
                     for c in sorted(colours))
    parts.append(f'<p class="legend">{legend}<span class="item"><i class="fs" title="國→国">國</i> '
                 'Traditional→Simplified fold</span><span class="item"><i class="fp" title=",→，">,</i> '
                 'punctuation/width fold</span><span class="item"><span class="minor"> </span> whitespace edit '
                 '(not audited; shown with the boundaries)</span><span class="item">hover a highlight for its rule</span></p>')
    if not views:
        parts.append('<p class="empty">no documents sampled</p>')
    parts.append("<ol class=\"doc-index\">" + "".join(
        f'<li><a href="#doc-{v.index}">{_e(v.row["doc_id"])}</a> — {v.row["n_removed"]:,} removals, '
        f'{v.row["chars_removed"]:,} characters</li>' for v in views) + "</ol>")
    for v in views:
        r = v.row
        flags = ", ".join(f"{f['name']}×{f['count']}" for f in (r.get("flags") or [])) or "none"
        cats = Counter(x["category"] for x in v.removals)
        parts.append(
            f'<article class="doc" id="doc-{v.index}" data-doc-id="{_e(r["doc_id"])}">'
            f"<h3>doc {v.index}: {_e(r['doc_id'])}</h3>"
            f'<p class="meta">source <code>{_e(r["source_uri"])}</code> · sha256 {_e(r["source_sha256"][:12])}… · '
            f"{_e(r['encoding'])} · script {_e(r.get('script') or 'unknown')} · status {_e(r['status'])}</p>"
            f'<p class="meta">characters {r["chars_in"]:,} → {r["chars_out"]:,} · removed '
            f'{r["n_removed"]:,} stretches ({r["chars_removed"]:,} characters: '
            f'{_e(", ".join(f"{c} {n}" for c, n in sorted(cats.items())) or "none")}) · folded '
            f"{v.n_folds.get('script', 0):,} script, {v.n_folds.get('punct', 0):,} punctuation · flags {_e(flags)}"
            + (f" · title {_e(r['title'])}" if r.get("title") else "") + "</p>")
        if v.note:
            parts.append(f'<p class="note">{_e(v.note)}</p>')
        if v.text is None:
            if v.removals:
                parts.append(_table(["source offsets", "rule", "category", "removed text"],
                                    [(f"{x['src_start']}–{x['src_end']}", _e(x["rule"]), _e(x["category"]),
                                      f'<mark class="rm cat-{_slug(x["category"])}">{_e(x["text"])}</mark>')
                                     for x in v.removals[:200]], "removals"))
        else:
            parts.append(f'<div class="src" lang="zh">{v.body}</div>')
        parts.append("</article>")
    parts.append("</section>")
    return "".join(parts)
