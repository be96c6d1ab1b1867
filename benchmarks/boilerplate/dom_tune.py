"""Measure the DOM step's rules (corpusprep.cleaners.dom) on the TRAINING pages' HTML.

The page rows of data/pages.parquet name their HTML (repo, commit, path; DATA-pages.md). This
script reads each page from its bare git mirror, lays it out with corpusprep's page reader,
aligns the reader's lines to the row's labelled lines (same text, in order) and reports, per
rule: lines removed, drop lines removed (recall over all drop lines) and keep lines removed
(content lost). With --pipeline it also scores the whole default pipeline (DOM step, rules,
line model) on the same lines. Tuning data only: never /work/shared/devset, never the
evaluation pages (benchmarks/html/).

    python benchmarks/boilerplate/dom_tune.py [--mirrors /work/.mirror] [--pipeline] [--show-lost 20]
"""
from __future__ import annotations

import argparse
import gzip
import lzma
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from corpusprep.cleaners.dom import RemoveDomBoilerplate
from corpusprep.io.pages import PageReject, page_source

HERE = Path(__file__).resolve().parent
_NORM = re.compile(r"\s+")


def raw_page(mirrors: Path, repo: str, commit: str, path: str) -> bytes:
    git = mirrors / repo.replace("/", "+")
    gd = next((d for d in (git / "repo" / ".git", git / "repo", git / ".git", git) if (d / "HEAD").exists()), git)
    raw = subprocess.run(["git", f"--git-dir={gd}", "show", f"{commit}:{path}"], check=True,
                         capture_output=True).stdout
    if path.endswith(".gz"):
        return gzip.decompress(raw)
    if path.endswith(".xz"):
        return lzma.decompress(raw)
    return raw


def align(mine: list[str], ref: list[str], labels: list[str]) -> list[str | None]:
    """The label of each of my lines: the next reference line with the same text (in order)."""
    out: list[str | None] = []
    j = 0
    index: dict[str, list[int]] = defaultdict(list)
    for k, t in enumerate(ref):
        index[_NORM.sub("", t)].append(k)
    for t in mine:
        cands = [k for k in index.get(_NORM.sub("", t), []) if k >= j]
        if cands:
            j = cands[0] + 1
            out.append(labels[cands[0]])
        else:
            out.append(None)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirrors", default="/work/.mirror")
    ap.add_argument("--pipeline", action="store_true", help="also score Pipeline.default (DOM + rules + model)")
    ap.add_argument("--show-lost", type=int, default=0, help="print this many keep lines the DOM step removes")
    args = ap.parse_args()
    rows = [r for r in pq.read_table(HERE / "data" / "pages.parquet").to_pylist() if r["kind"] == "page"]
    step = RemoveDomBoilerplate()
    pipe = None
    if args.pipeline:
        from corpusprep import Pipeline
        pipe = Pipeline.default()
    per_rule: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    lost: list[tuple[str, str, str]] = []
    for r in rows:
        try:
            raw = raw_page(Path(args.mirrors), r["repo"], r["commit"], r["path"])
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"skip {r['doc_id']}: {exc}", file=sys.stderr)
            continue
        try:
            src = page_source(raw, uri=r["path"], doc_id=r["doc_id"], fields={"url": r["url"] or ""})
        except PageReject as exc:
            print(f"reject {r['doc_id']}: {exc.reason}", file=sys.stderr)
            continue
        lines = [src.text[ln.start:ln.end] for ln in src.dom]
        labels = align(lines, r["text"].split("\n"), r["labels"])
        title = re.sub(r"[\s\W_]+", "", str(src.fields.get("title", ""))).lower()
        removed_by_pipe: set[int] = set()
        if pipe is not None:
            doc = pipe.clean_source(src)
            spans = sorted((x.src_start, x.src_end) for x in doc.removed)
            for i, ln in enumerate(src.dom):
                cov = sum(max(0, min(e, ln.end) - max(s, ln.start)) for s, e in spans)
                if cov * 2 >= ln.end - ln.start:
                    removed_by_pipe.add(i)
        for i, (ln, text, lab) in enumerate(zip(src.dom, lines, labels)):
            if lab is None:
                totals["unaligned"] += 1
                continue
            keep = lab == "keep"
            totals["keep" if keep else "drop"] += 1
            by_source[r["source"]]["keep" if keep else "drop"] += 1
            why = step.verdict(ln, text)
            if why is not None and ln.tag in ("h1", "h2", "h3") and title and len(text) >= 4 and \
                    re.sub(r"[\s\W_]+", "", text).lower() in title:
                why = None
            if why is not None:
                per_rule[(why[0], "keep" if keep else "drop")] += 1
                totals["dom_" + ("keep" if keep else "drop")] += 1
                by_source[r["source"]]["dom_" + ("keep" if keep else "drop")] += 1
                if keep:
                    lost.append((r["doc_id"], text[:60], why[2][:90]))
            if pipe is not None and i in removed_by_pipe:
                totals["pipe_" + ("keep" if keep else "drop")] += 1
                by_source[r["source"]]["pipe_" + ("keep" if keep else "drop")] += 1
    print(f"pages {len(rows)}; aligned lines keep {totals['keep']} drop {totals['drop']}; "
          f"unaligned {totals['unaligned']}")
    print("| rule | drop lines removed | keep lines removed |\n|---|---|---|")
    for rule in sorted({k[0] for k in per_rule}):
        print(f"| {rule} | {per_rule[(rule, 'drop')]} | {per_rule[(rule, 'keep')]} |")

    def report(name: str, c: Counter[str], prefix: str) -> str:
        rec = c[prefix + "drop"] / max(1, c["drop"])
        prec = c[prefix + "drop"] / max(1, c[prefix + "drop"] + c[prefix + "keep"])
        f1 = 2 * prec * rec / max(1e-9, prec + rec)
        return (f"| {name} | {prec:.3f} | {rec:.3f} | {f1:.3f} | {c[prefix + 'keep'] / max(1, c['keep']):.3%} |")

    print("\n| set | precision | recall | F1 | content lost |\n|---|---|---|---|---|")
    for prefix in ("dom_", "pipe_") if pipe is not None else ("dom_",):
        print(report(f"all ({prefix[:-1]})", totals, prefix))
        for s in sorted(by_source):
            print(report(f"{s} ({prefix[:-1]})", by_source[s], prefix))
    for doc_id, text, why in lost[: args.show_lost]:
        print(f"LOST {doc_id}: {text!r}  <- {why}")


if __name__ == "__main__":
    main()
