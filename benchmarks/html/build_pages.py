"""Build benchmarks/html/data/pages.parquet: whole Chinese news pages with line-level gold.

    python benchmarks/html/build_pages.py            # MIRRORS=/work/.mirror by default
    python benchmarks/html/build_pages.py --review   # print every page's lines with their labels

Steps, per page (sources.py says where each page comes from):
1. The raw HTML is dumped to lines with benchmarks/boilerplate/pagedump.py (the reference segmentation;
   score.py uses the same dump).
2. Auto labels: a line is keep if it is the headline (the <h1>, else the first line that begins the page's
   og:title / <title>) or if it is found in the source's own main text (the teacher: the scraper's parsed
   text, readability's expected output). Lines of >= 12 normalised characters found in the teacher are
   anchors; shorter lines count only between the first and last anchor. Pages without a teacher have no
   auto labels.
3. Hand labels (hand/labels.jsonl) replace the auto labels of a page: `keep` lists the line numbers of
   the gold lines, guarded by `first`/`last` (the start of the first and last kept line) so a change in
   the dump fails loudly instead of shifting labels. `exclude` drops a page with its reason.
4. gold_text = the kept lines, in page order, joined by "\n".

The build is deterministic: same mirrors + same hand file -> byte-identical Parquet.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "boilerplate"))
sys.path.insert(0, str(HERE))

from pagedump import decode, dump, parse  # noqa: E402
import sources  # noqa: E402
from textnorm import norm, script_of  # noqa: E402

OUT = HERE / "data" / "pages.parquet"
HAND = HERE / "hand" / "labels.jsonl"


def page_lines(html: bytes) -> list[str]:
    return [ln.text for ln in dump(parse(decode(html)))]


def parse_ranges(spec: str) -> list[int]:
    out: list[int] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def title_candidates(html: bytes) -> list[str]:
    s = decode(html)
    out = []
    for pat in (r'<meta[^>]+property=["\']og:title["\'][^>]+content=["\']([^"\']+)',
                r'<meta[^>]+content=["\']([^"\']+)["\'][^>]+property=["\']og:title', r"<title[^>]*>([^<]+)"):
        m = re.search(pat, s, re.I)
        if m:
            out.append(norm(m.group(1)))
    return [t for t in out if len(t) >= 4]


def auto_keep(lines: list[str], teacher: str | None, html: bytes) -> set[int]:
    if not teacher:
        return set()
    t = norm(teacher)
    n = [norm(x) for x in lines]
    anchors = [i for i, x in enumerate(n) if len(x) >= 12 and x in t]
    if not anchors:
        return set()
    lo, hi = anchors[0], anchors[-1]
    keep = set(anchors) | {i for i in range(lo, hi + 1) if len(n[i]) >= 2 and n[i] in t}
    titles = title_candidates(html)
    for i in range(max(0, lo - 60), lo):  # the headline: last title-like line above the body
        if len(n[i]) >= 4 and any(c.startswith(n[i]) or n[i].startswith(c) for c in titles):
            keep.add(i)
    return keep


def load_hand() -> dict[str, dict]:
    if not HAND.exists():
        return {}
    out = {}
    for line in HAND.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["page_id"]] = rec
    return out


def apply_hand(rec: dict, lines: list[str]) -> tuple[set[int] | None, str]:
    if rec.get("exclude"):
        return None, rec["exclude"]
    keep = parse_ranges(rec["keep"])
    for key, idx in (("first", keep[0]), ("last", keep[-1])):
        want = rec.get(key, "")
        if not lines[idx].startswith(want):
            raise SystemExit(f"hand/labels.jsonl: {rec['page_id']}: line {idx} is {lines[idx][:30]!r}, "
                             f"expected it to start with {want!r} (the dump changed?)")
    return set(keep), "hand"


def build(review: bool = False) -> list[dict]:
    hand = load_hand()
    rows = []
    for p in sources.all_pages():
        lines = page_lines(p.html)
        origin = "auto"
        keep = auto_keep(lines, p.teacher, p.html)
        if p.page_id in hand:
            keep, origin = apply_hand(hand[p.page_id], lines)
            if keep is None:
                if review:
                    print(f"\n##### {p.page_id} EXCLUDED: {origin}")
                continue
        if review:
            print(f"\n##### {p.page_id} {p.site} {origin} lines={len(lines)} keep={len(keep)}")
            lo = max(0, min(keep, default=0) - 12)
            hi = min(len(lines), max(keep, default=len(lines)) + 8)
            for i in range(lo, hi):
                print(f"{'K' if i in keep else '.'} {i:4d} {lines[i][:110]}")
        gold = "\n".join(lines[i] for i in sorted(keep))
        rows.append(dict(page_id=p.page_id, site=p.site, url=p.url, script=script_of(gold or "\n".join(lines)),
                         source=f"{p.repo}@{p.commit}:{p.path}", license=p.license, html=p.html,
                         gold_text=gold, label_origin=origin, teacher_kind=p.teacher_kind, note=p.note))
    return rows


def write(rows: list[dict]) -> None:
    schema = pa.schema([("page_id", pa.string()), ("site", pa.string()), ("url", pa.string()),
                        ("script", pa.string()), ("source", pa.string()), ("license", pa.string()),
                        ("html", pa.binary()), ("gold_text", pa.string()), ("label_origin", pa.string()),
                        ("teacher_kind", pa.string()), ("note", pa.string())])
    table = pa.Table.from_pylist(rows, schema=schema)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, OUT, compression="zstd", compression_level=19)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--review", action="store_true", help="print every page's lines and labels")
    args = ap.parse_args()
    rows = build(review=args.review)
    if not args.review:
        write(rows)
        print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB): {len(rows)} pages, "
              f"{len({r['site'] for r in rows})} sites")


if __name__ == "__main__":
    main()
