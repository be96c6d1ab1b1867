"""Score boilerplate removal on whole Chinese news pages (benchmarks/html/data/pages.parquet).

Stable API (other branches import it):

    from score import load_pages, score
    pages = load_pages()                      # list[Page]
    result = score(extract, pages)            # extract(html: bytes, url: str) -> str

Run all baselines and print a Markdown table:

    python benchmarks/html/score.py [--systems everything,c4,trafilatura,trafilatura+title,corpusprep-text]
                                    [--json out.json]

Needs pyarrow, lxml, opencc (corpusprep's own dependencies) and, for the trafilatura baselines,
`pip install trafilatura lxml_html_clean` (not corpusprep dependencies).

How a page is scored
--------------------
* Reference lines: the page's HTML dumped with benchmarks/boilerplate/pagedump.py (one line per block
  element, empty lines dropped). Every system is scored on these same lines, whatever its own output
  segmentation.
* Reference labels (alignment to gold_text): gold lines are matched in order to reference lines with the
  same normalised text (textnorm.norm: NFKC, Traditional->Simplified, no whitespace, lower-case);
  matched lines are keep. A gold line with no equal reference line marks as keep every not-yet-matched
  reference line of >= 6 normalised characters that it contains (for gold written in another
  segmentation). Every other reference line is drop. For this set's gold (built from the same dump) the
  match is exact.
* Kept by a system: a reference line counts as kept if its normalised text occurs in the normalised
  system output (the whole output joined, so line breaks do not matter), or, for lines of >= 16
  characters, if at least half of its 8-character chunks occur there (a cleaner that trims a byline
  off a paragraph still keeps the paragraph). A short line (< 10 characters) counts as kept only if
  some output line contains it and that output line is at most 2 x its length + 10 characters, so a
  menu word such as 新聞 is not counted as kept just because the word occurs inside a body paragraph.
* Metrics per system, pooled over all lines of all pages: boilerplate precision / recall / F1 with the
  positive class "drop line removed"; content lost = keep lines not kept / keep lines (pooled), and the
  mean over pages of the per-page rate; the same per script ('simplified' | 'traditional').
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "boilerplate"))
sys.path.insert(0, str(HERE))

from pagedump import decode, dump, parse  # noqa: E402
from textnorm import norm  # noqa: E402

DATA = HERE / "data" / "pages.parquet"
Extract = Callable[[bytes, str], str]


@dataclass
class Page:
    page_id: str
    site: str
    url: str
    script: str
    source: str
    license: str
    html: bytes
    gold_text: str
    lines: list[str] = field(default_factory=list)  # reference lines
    keep: list[bool] = field(default_factory=list)  # reference labels


def reference_lines(html: bytes) -> list[str]:
    """The one fixed reference segmentation: pagedump's lines of the page."""
    return [ln.text for ln in dump(parse(decode(html)))]


def align(lines: list[str], gold_text: str) -> list[bool]:
    """Label reference lines keep (True) / drop (False) by alignment to the gold text (see module doc)."""
    n = [norm(x) for x in lines]
    keep = [False] * len(lines)
    pos = 0
    for g in (norm(x) for x in gold_text.split("\n")):
        if not g:
            continue
        j = next((k for k in range(pos, len(n)) if n[k] == g and not keep[k]), None)
        if j is None:
            j = next((k for k in range(len(n)) if n[k] == g and not keep[k]), None)
        if j is not None:
            keep[j] = True
            pos = j + 1
            continue
        for k, x in enumerate(n):
            if not keep[k] and len(x) >= 6 and x in g:
                keep[k] = True
    return keep


def load_pages(path: str | Path = DATA) -> list[Page]:
    """All pages of the set, with reference lines and labels filled in."""
    pages = []
    for r in pq.read_table(path).to_pylist():
        p = Page(**{k: r[k] for k in ("page_id", "site", "url", "script", "source", "license", "html",
                                      "gold_text")})
        p.lines = [x for x in reference_lines(p.html) if norm(x)]  # lines with no text left are not scored
        p.keep = align(p.lines, p.gold_text)
        pages.append(p)
    return pages


_CHUNK = 8


def kept_mask(lines: list[str], output: str) -> list[bool]:
    """Which reference lines the system output keeps (see module doc)."""
    out_lines = [norm(x) for x in output.split("\n")]
    whole = "".join(out_lines)
    mask = []
    for line in lines:
        x = norm(line)
        if not x:
            mask.append(False)
        elif len(x) < 10:
            lim = 2 * len(x) + 10
            mask.append(any(x in o and len(o) <= lim for o in out_lines))
        elif x in whole:
            mask.append(True)
        elif len(x) >= 16:
            chunks = [x[i:i + _CHUNK] for i in range(0, len(x) - _CHUNK + 1, _CHUNK)]
            mask.append(sum(c in whole for c in chunks) >= 0.5 * len(chunks))
        else:
            mask.append(False)
    return mask


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _summary(per_page: list[dict]) -> dict:
    tp = sum(d["drop_removed"] for d in per_page)
    fn = sum(d["drop_kept"] for d in per_page)
    fp = sum(d["keep_removed"] for d in per_page)
    keep_n = sum(d["keep_lines"] for d in per_page)
    p, r, f = _prf(tp, fp, fn)
    rates = [d["keep_removed"] / d["keep_lines"] for d in per_page if d["keep_lines"]]
    return {"pages": len(per_page), "keep_lines": keep_n, "drop_lines": tp + fn,
            "bp_precision": p, "bp_recall": r, "bp_f1": f,
            "content_lost": fp / keep_n if keep_n else 0.0,
            "content_lost_mean_page": sum(rates) / len(rates) if rates else 0.0}


def score(extract: Extract, pages: Iterable[Page] | None = None) -> dict:
    """Score `extract(html_bytes, url) -> text` on the pages (default: load_pages()).

    Returns {"all": {...}, "simplified": {...}, "traditional": {...}, "pages": [...], "errors": [...],
    "seconds": cpu-ish wall time}; see the module doc for the metrics. An exception from `extract` on a
    page counts as an empty output for that page and is listed under "errors".
    """
    pages = load_pages() if pages is None else list(pages)
    per_page, errors = [], []
    t0 = time.process_time()
    for p in pages:
        try:
            out = extract(p.html, p.url) or ""
        except Exception as e:  # a crashing system loses the page, visibly
            errors.append({"page_id": p.page_id, "error": f"{type(e).__name__}: {e}"})
            out = ""
        kept = kept_mask(p.lines, out)
        d = {"page_id": p.page_id, "site": p.site, "script": p.script,
             "keep_lines": sum(p.keep), "drop_lines": len(p.keep) - sum(p.keep),
             "drop_removed": sum(1 for k, m in zip(p.keep, kept) if not k and not m),
             "drop_kept": sum(1 for k, m in zip(p.keep, kept) if not k and m),
             "keep_removed": sum(1 for k, m in zip(p.keep, kept) if k and not m)}
        per_page.append(d)
    res = {"all": _summary(per_page), "pages": per_page, "errors": errors,
           "cpu_seconds": time.process_time() - t0}
    for s in ("simplified", "traditional"):
        res[s] = _summary([d for d in per_page if d["script"] == s])
    return res


# --- baseline systems -------------------------------------------------------------------------------

def sys_everything(html: bytes, url: str) -> str:
    """Keep every line of the page dump."""
    return "\n".join(reference_lines(html))


_C4_END = ("。", "！", "？", "…", "”")


def sys_c4(html: bytes, url: str) -> str:
    """C4-style: keep dump lines that end in 。！？…” ."""
    return "\n".join(x for x in reference_lines(html) if x.rstrip().endswith(_C4_END))


def sys_trafilatura(html: bytes, url: str) -> str:
    """trafilatura.extract with its defaults (no comments), given the raw bytes."""
    import trafilatura
    return trafilatura.extract(html, url=url or None, include_comments=False) or ""


def sys_trafilatura_title(html: bytes, url: str) -> str:
    """trafilatura's own title (metadata) on the first line, then trafilatura.extract's text.

    trafilatura.extract returns the body without the headline; the headline is in its metadata.
    """
    import trafilatura
    doc = trafilatura.bare_extraction(html, url=url or None, include_comments=False, with_metadata=True)
    if doc is None:
        return ""
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return "\n".join(x for x in (get("title"), get("text")) if x)


def sys_corpusprep_text(html: bytes, url: str) -> str:
    """The page dump joined by newlines, then corpusprep.clean_text (the current text cleaner)."""
    import corpusprep
    return corpusprep.clean_text("\n".join(reference_lines(html)))


SYSTEMS: dict[str, Extract] = {"everything": sys_everything, "c4": sys_c4, "trafilatura": sys_trafilatura,
                               "trafilatura+title": sys_trafilatura_title,
                               "corpusprep-text": sys_corpusprep_text}


def table(results: dict[str, dict]) -> str:
    head = ("| system | BP precision | BP recall | BP F1 | content lost (pooled) | content lost (mean/page) "
            "| F1 simp. | lost simp. | F1 trad. | lost trad. |\n|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for name, r in results.items():
        a, s, t = r["all"], r["simplified"], r["traditional"]
        rows.append(f"| {name} | {a['bp_precision']:.3f} | {a['bp_recall']:.3f} | {a['bp_f1']:.3f} | "
                    f"{a['content_lost']:.1%} | {a['content_lost_mean_page']:.1%} | {s['bp_f1']:.3f} | "
                    f"{s['content_lost']:.1%} | {t['bp_f1']:.3f} | {t['content_lost']:.1%} |")
    return head + "\n" + "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description="Score baseline systems on the HTML evaluation set.")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated: " + ", ".join(SYSTEMS))
    ap.add_argument("--json", help="also write all results (with per-page counts) here")
    args = ap.parse_args()
    pages = load_pages()
    keep = sum(sum(p.keep) for p in pages)
    lines = sum(len(p.keep) for p in pages)
    print(f"{len(pages)} pages, {len({p.site for p in pages})} sites, {lines} reference lines "
          f"({keep} keep, {lines - keep} drop)\n")
    results = {}
    for name in args.systems.split(","):
        results[name] = score(SYSTEMS[name], pages)
        if results[name]["errors"]:
            print(f"{name}: {len(results[name]['errors'])} pages raised errors", file=sys.stderr)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
