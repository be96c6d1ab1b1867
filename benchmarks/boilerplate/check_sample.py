"""Draw the hand-check sample for data/pages.parquet (fixed seed) and print it with context.

    python check_sample.py [--n 200] [--seed 14] [--stratum all|keep|debris]

'all': uniform over every non-empty labelled line of every row (page and article rows);
'keep'/'debris': uniform over keep lines / over in-content debris lines (heuristic drops inside an
article span), to measure each direction with enough examples. The sample is printed as
`doc_id n label origin | text` with two lines of context either side; the verdicts are written by hand
to hand/check-pages.jsonl (doc_id, n, label_was, correct, [label], [note], stratum).
"""
import argparse
import random
from pathlib import Path

import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent


def population(rows, stratum):
    out = []
    for r in rows:
        for i, (lab, org) in enumerate(zip(r["labels"], r["label_origin"])):
            if not lab:
                continue
            if stratum == "keep" and lab != "keep":
                continue
            if stratum == "debris" and not (r["kind"] == "article" and lab.startswith("drop:")):
                continue
            out.append((r["doc_id"], i))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--stratum", default="all")
    ap.add_argument("--data", default=str(HERE / "data" / "pages.parquet"))
    a = ap.parse_args()
    rows = pq.read_table(a.data).to_pylist()
    by_id = {r["doc_id"]: r for r in rows}
    pop = sorted(population(rows, a.stratum))
    sample = random.Random(a.seed).sample(pop, a.n)
    for doc_id, i in sample:
        r = by_id[doc_id]
        lines = r["text"].split("\n")
        print(f"=== {doc_id} n={i + 1} [{r['site']}] {r['labels'][i]} ({r['label_origin'][i]})")
        for j in range(max(0, i - 2), min(len(lines), i + 3)):
            mark = ">>" if j == i else "  "
            print(f"{mark} {j + 1:4} {r['labels'][j][:18]:18} | {lines[j][:160]}")


if __name__ == "__main__":
    main()
