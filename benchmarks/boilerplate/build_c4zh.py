"""Build benchmarks/boilerplate/data-pending/c4zh.parquet (kind=page).

Usage: python build_c4zh.py MIRROR_GIT_DIR [--commit SHA] [--dump FILE] [--out-dir DIR]
       python build_c4zh.py MIRROR_GIT_DIR --write-hand   (hand/c4zh.jsonl from hand/c4zh.spec.txt)

Source: shjwudp/c4-dataset-script (MIT, (c) 2022 Jianbin Chang), the "Chinese C4" pipeline that downloads
Common Crawl WET files and screens them for Chinese. Commit 619df8ae (2023-01-19, "add Chinese docs sample
data") added `data/Chinese_docs_random-100.jsonl`: 100 random Chinese documents of CC-MAIN-2022-49 as the
download step wrote them, `{"url", "timestamp", "content_language", "content_type", "text"}`, where `text` is
the WET text of the page (one extracted block per line: title, menus, article, lists, footers). The file was
later removed from the repository; it is read here at that commit. The repository's two other record files
(`Chinese_Remove-Duplicated-Text_samples.jsonl`, `Chinese_bad-lines_samples.jsonl`) are Git LFS pointers in
the snapshot and are not used.

Selection (select(), no sampling, so no seed): the records with 15-120 lines whose `content_language`
starts with `zho` and that hold at least one line of >= 40 Han characters with 。！？ (a prose body):
45 records. Of these, the 20 in EXCLUDED were left out after reading (adult pages, fiction chapters,
garbled encodings, pages with no article: login, profile, tag, product, portfolio and home pages, a
keyword-snippet collage). The other 25 (25 domains, none in any other data*/*.parquet `site` column)
are the documents; the build asserts that they are exactly the records named in hand/c4zh.jsonl.

Labels: text patterns (articles_common) first, then hand/c4zh.jsonl, which gives a label for EVERY
non-blank line (all read by hand; label_origin `hand`); the build asserts it. hand/c4zh.spec.txt is the
compact form the JSONL is written from (`L<k>: <lines>=<label>[(<note>)] | ...`, lines not listed keep).
doc_id `c4zh/L<k>`, path `data/Chinese_docs_random-100.jsonl#L<k>` (1-based record line), site = the URL's host.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import articles_common as ac  # noqa: E402
import build_chinesewebtext as cwt  # noqa: E402  (record rows, hand labels, writing: as the other CC sets)

SOURCE = "c4zh"
REPO = "shjwudp/c4-dataset-script"
COMMIT = "619df8ae02d93396736fe239754c99aa84cb2fa8"
PATH = "data/Chinese_docs_random-100.jsonl"
LICENSE = ("MIT for the repository (LICENSE, (c) 2022 Jianbin Chang); the Common Crawl page texts "
           "state none beyond the sites' own copyright lines")
HAND = os.path.join(HERE, "hand", f"{SOURCE}.jsonl")
SPEC = os.path.join(HERE, "hand", f"{SOURCE}.spec.txt")

MIN_LINES, MAX_LINES = 15, 120
EXCLUDED = {  # record line -> why it was left out after reading
    6: "adult video page",
    7: "gambling site; collage of unrelated lottery sentences",
    11: "fiction chapter",
    13: "customer-case page of a company site (adult spam domain)",
    14: "fiction chapter (spun)",
    17: "portfolio page of a web agency",
    36: "adult video page",
    40: "forum user profile page, no article",
    41: "video chat room login page",
    44: "fiction chapter",
    45: "adult spam page",
    47: "garbled encoding (mojibake)",
    59: "forum login page",
    62: "collage of search-result snippets",
    70: "fiction chapter",
    72: "adult spam on a garbled product page",
    78: "file-download page, no article",
    85: "home page of a marketing service",
    88: "tag listing page",
    97: "product page",
}


def han(s: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", s))


def select(records: list[dict]) -> list[int]:
    """Record lines (1-based) of the documents, by the rule in the module docstring."""
    picked = []
    for k, rec in enumerate(records, 1):
        lines = rec["text"].split("\n")
        body = sum(1 for x in lines if han(x) >= 40 and re.search(r"[。！？]", x))
        if MIN_LINES <= len(lines) <= MAX_LINES and rec["content_language"].startswith("zho") and body >= 1:
            if k not in EXCLUDED:
                picked.append(k)
    return picked


def load(git_dir: str, commit: str) -> list[dict]:
    return [json.loads(raw) for raw in ac.git_show(git_dir, commit, PATH).split("\n") if raw.strip()]


def parse_spec(spec: str = SPEC) -> list[tuple[int, list[tuple[int, int, str, str]]]]:
    """[(record line, [(first, last, label, note)])] in spec order."""
    out = []
    with open(spec, encoding="utf-8") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if not raw.strip() or raw.startswith("#"):
                continue
            m = re.match(r"^L(\d+): (.*)$", raw)
            assert m, raw
            items = []
            for part in m.group(2).split(" | "):
                mm = re.fullmatch(r"(\d+)(?:-(\d+))?=(keep|drop:[a-z_]+)(?:\((.*)\))?", part.strip())
                assert mm, part
                a = int(mm.group(1))
                items.append((a, int(mm.group(2) or a), mm.group(3), mm.group(4) or ""))
            out.append((int(m.group(1)), items))
    return out


def write_hand(git_dir: str, commit: str) -> int:
    """hand/c4zh.jsonl from the spec: one record per non-blank line (unlisted lines keep)."""
    records = load(git_dir, commit)
    n = 0
    with open(HAND, "w", encoding="utf-8") as out:
        for k, items in parse_spec():
            for rec in cwt.hand_records(f"{SOURCE}/L{k}", records[k - 1]["text"].split("\n"), items):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def hand_records() -> list[int]:
    """The record lines of the hand JSONL's doc_ids, in first-seen order."""
    return [int(d.split("/L")[1]) for d in cwt.hand_doc_ids(HAND)]


def build(git_dir, commit):
    records = load(git_dir, commit)
    picked = select(records)
    assert sorted(hand_records()) == picked, (sorted(hand_records()), picked)
    rows = []
    for k in picked:
        rec = records[k - 1]
        # a WET text is the whole page as a plain extractor dumped it, menus and all: kind page
        rows.append(cwt.record_row(f"{SOURCE}/L{k}", SOURCE, rec["text"], rec["url"], None, f"{PATH}#L{k}", commit,
                                   repo=REPO, license=LICENSE, kind="page"))
    return cwt.fully_hand_labelled(rows, HAND)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mirror")
    ap.add_argument("--commit", default=COMMIT)
    cwt.output_args(ap, "data-pending")
    ap.add_argument("--write-hand", action="store_true", help="write hand/c4zh.jsonl from the spec, then stop")
    a = ap.parse_args()
    if a.write_hand:
        print(f"{write_hand(a.mirror, a.commit)} hand labels written to {HAND}")
        return
    cwt.write_built(build(a.mirror, a.commit), SOURCE, a)


if __name__ == "__main__":
    main()
