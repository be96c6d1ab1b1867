"""Build benchmarks/boilerplate/data/chinesewebtext2.parquet (kind=article).

Usage: python build_chinesewebtext2.py MIRROR_GIT_DIR [--commit SHA] [--dump FILE] [--out-dir DIR]

Writes data/chinesewebtext2.parquet (it waited in data-pending/ until the round that retrained
the model with site folds that do not move when sites are added; DATA.md).

Source: CASIA-LM/ChineseWebText at the same commit as build_chinesewebtext.py. Besides
`2021-43/cleared1.jsonl` (used by build_chinesewebtext.py and the devset; NOT read here), the
commit holds exactly two other record files, the fastText quality-filter samples:
- `fasttext/data/dirty.jsonl`: 10 Common Crawl extractions, `{"text", "info": {url, title,
  source_domain}}`, one extracted block per line (like `raw_content` in cleared1.jsonl);
- `fasttext/data/clean.jsonl`: 10 records `{"text"}` with no url/domain and no line breaks (each
  text is one line), so nothing to label per line and no site: not used.
None of the 10 dirty.jsonl domains occurs in any other data/*.parquet `site` column, and no
dirty.jsonl line occurs in cleared1.jsonl (checked when the set was made).

Selection: the article-like records of dirty.jsonl, in file order (one per domain; all 10
domains are distinct): L1 (construction tips on a gambling-spam site), L2 (12371.gov.cn
news), L3 (driver tutorial reposted on a spam site), L4 (school research-office notice),
L6 (aisixiang column), L8 (spun school news), L9 (web-novel chapter). Left out: L5 (blog home
page: profile, comments, snippets), L7 (idiom-dictionary collage), L10 (search facet list).
These are the records named in hand/chinesewebtext2.jsonl.

Labels: text patterns (articles_common.PAT) first, then hand/chinesewebtext2.jsonl, which gives
a label for EVERY non-blank line of the 7 records (all read by hand; label_origin `hand`).
hand/chinesewebtext2.spec.txt is the compact form those JSONL lines were written from
(`<file-stem>/L<k>: <ranges>=<label>(<note>) | …`, lines not listed are keep).
doc_id is `chinesewebtext2/<file-stem>/L<k>`, path `<file>#L<k>` (1-based record line).
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
import build_chinesewebtext as cwt  # noqa: E402  (record rows, hand labels, writing: as the first set)

SOURCE = "chinesewebtext2"
COMMIT = cwt.COMMIT
FILES = {"dirty": "fasttext/data/dirty.jsonl"}  # file stem in doc_id -> path in the repo
EXCLUDED = {"2021-43/cleared1.jsonl"}  # build_chinesewebtext.py + devset; never read here
HAND = os.path.join(HERE, "hand", f"{SOURCE}.jsonl")


def wanted_records():
    """[(stem, k)] in first-seen order, from the hand JSONL doc_ids."""
    keys = [re.fullmatch(rf"{SOURCE}/([^/]+)/L(\d+)", d).groups() for d in cwt.hand_doc_ids(HAND)]
    return [(stem, int(k)) for stem, k in keys]


def build(git_dir, commit):
    rows = []
    cache: dict = {}
    for stem, k in sorted(wanted_records()):
        path = FILES[stem]
        assert path not in EXCLUDED
        if path not in cache:
            cache[path] = ac.git_show(git_dir, commit, path).split("\n")
        rec = json.loads(cache[path][k - 1])
        info = rec.get("info") or {}
        rows.append(cwt.record_row(f"{SOURCE}/{stem}/L{k}", SOURCE, rec["text"], info.get("url"),
                                   info.get("source_domain"), f"{path}#L{k}", commit))
    return cwt.fully_hand_labelled(rows, HAND)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mirror")
    ap.add_argument("--commit", default=COMMIT)
    cwt.output_args(ap, "data")
    a = ap.parse_args()
    cwt.write_built(build(a.mirror, a.commit), SOURCE, a)

if __name__ == "__main__":
    main()
