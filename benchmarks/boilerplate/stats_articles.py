"""Print the tables of DATA-articles.md from the committed Parquet files (stdlib + pyarrow)."""
import collections
import os

import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = ["nodebe4-oped2", "duty-machine-cdt", "chinesewebtext"]


def main():
    allrows = []
    for s in SOURCES:
        rows = pq.read_table(os.path.join(HERE, "data", f"{s}.parquet")).to_pylist()
        allrows += rows
        lab = collections.Counter(l for r in rows for l in r["labels"] if l)
        org = collections.Counter(o for r in rows for o in r["label_origin"] if o)
        keep = lab["keep"]
        drop = sum(v for k, v in lab.items() if k != "keep")
        print(f"## {s}: {len(rows)} docs, {len(set(r['site'] for r in rows))} sites, lines keep {keep} / drop {drop}")
        print("  scripts:", dict(collections.Counter(r["script"] for r in rows)))
        print("  origin:", dict(org))
        print("  sites:", collections.Counter(r["site"] for r in rows).most_common())
    lab = collections.Counter(l for r in allrows for l in r["labels"] if l)
    print("\n## all:", len(allrows), "docs,", len(set(r["site"] for r in allrows)), "sites")
    for k, v in lab.most_common():
        print(f"| {k} | {v} |")
    bys = collections.defaultdict(collections.Counter)
    for r in allrows:
        bys[r["script"]]["docs"] += 1
        for l in r["labels"]:
            if l:
                bys[r["script"]]["keep" if l == "keep" else "drop"] += 1
    print("\n| script | docs | sites | keep lines | drop lines |")
    for sc, c in sorted(bys.items()):
        sites = len(set(r["site"] for r in allrows if r["script"] == sc))
        print(f"| {sc} | {c['docs']} | {sites} | {c['keep']} | {c['drop']} |")
    print("\nsizes:", {s: os.path.getsize(os.path.join(HERE, "data", f"{s}.parquet")) for s in SOURCES})


if __name__ == "__main__":
    main()
