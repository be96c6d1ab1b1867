"""Output identity check for speed work: a digest of every cleaned document.

Optimizations must not change output. Save the digests of the current code once, then
check after each change:

    python benchmarks/identity.py --save /tmp/ref.json     # before
    python benchmarks/identity.py --check /tmp/ref.json    # after: lists documents that differ

Inputs (and, at the end, the tables process() writes for 600 of them): every seed, a generated corpus (benchmarks/corpus_gen.py, 2 MB, seed 7), the
seeds' lines recombined with hostile joins (blank-line runs, CRLF, tabs, full-width spaces),
every 3rd document of the boilerplate training data (real pages and articles, Simplified and
Traditional) and the devset's documents when ``../shared/devset`` is there (an equality
check only: nothing is tuned on them), each under the default pipeline and under three
non-default configurations.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus_gen  # noqa: E402

import corpusprep as cp  # noqa: E402

CONFIGS: dict[str, dict] = {
    "default": {},
    "t2s-byline": {"conversion": "t2s", "strip_leading_byline": True, "sentence_semicolon": True},
    "short-quotes": {"max_sentence_chars": 40, "sentence_quotes": "keep", "mainland_quotes": False},
    "no-classify": {"classify": False, "graphics": False, "conversion": "tw2sp"},
}


def texts(size: int = 2_000_000) -> list[tuple[str, str]]:
    out = []
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        out.append((f.name, f.read_bytes().decode("utf-8", "surrogateescape")))
    for i, (_, _, t) in enumerate(corpus_gen.documents(size, seed=7)):
        out.append((f"gen{i}", t))
    rng = random.Random(11)
    lines = [ln for _, t in out[:5] for ln in t.split("\n")]
    joins = ["\n", "\r\n", "\n\n\n", "\n \n", "\n\u3000\n", "\t\n"]
    for i in range(200):
        k = rng.randint(1, 30)
        parts = rng.sample(lines, min(k, len(lines)))
        out.append((f"mix{i}", "".join(p + rng.choice(joins) for p in parts)))
    import pyarrow.parquet as pq

    for f in sorted((HERE / "boilerplate" / "data").glob("*.parquet")):
        t = pq.read_table(f, columns=["doc_id", "text"]).to_pydict()
        out += [(f"train/{f.stem}/{d}", x) for d, x in list(zip(t["doc_id"], t["text"]))[::3]]
    devset = ROOT.parent / "shared" / "devset" / "docs"
    for f in sorted(devset.glob("*.txt")) if devset.is_dir() else ():
        out.append((f"devset/{f.name}", f.read_text("utf-8")))
    return out


def digest(doc: cp.Document) -> str:
    blob = repr((
        doc.text, doc.paragraphs, doc.sentences, doc.removed, doc.edits,
        sorted(doc.flags.items()), sorted(doc.meta.items()), sorted(doc.stats.items()),
        doc.offset_map.segments(),
    ))
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def tables(items: list[tuple[str, str]]) -> dict[str, str]:
    """Digests of the dataset tables ``process()`` writes for each unit, run with 2 workers
    and small shards so that the pool, ordering and merge paths all run."""
    import pyarrow.parquet as pq

    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "in.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for key, t in items:
                f.write(json.dumps({"id": key, "text": t}, ensure_ascii=False) + "\n")
        for unit in ("paragraph", "sentence", "document"):
            out = Path(tmp, unit)
            here = os.getcwd()
            os.chdir(tmp)  # a relative source_uri: the same in every run
            try:
                cp.process(["in.jsonl"], unit, workers=2, unit=unit, shard_docs=64)
            finally:
                os.chdir(here)
            for f in sorted(out.rglob("*.parquet")):
                t = pq.read_table(f)
                res[f"tables/{unit}/{f.relative_to(out)}"] = hashlib.sha256(
                    repr(t.to_pydict()).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return res


def run(size: int) -> dict[str, str]:
    res = {}
    items = texts(size)
    for name, opts in CONFIGS.items():
        p = cp.Pipeline.default(**opts)
        for key, t in items:
            res[f"{name}/{key}"] = digest(p.clean(t, source=key))
    res.update(tables([(k, t) for k, t in items if k.startswith(("gen", "train/"))][::2][:600]))
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--save")
    g.add_argument("--check")
    ap.add_argument("--size", type=int, default=2_000_000)
    a = ap.parse_args()
    res = run(a.size)
    if a.save:
        Path(a.save).write_text(json.dumps(res, indent=0))
        print(f"saved {len(res)} digests to {a.save}")
        return
    ref = json.loads(Path(a.check).read_text())
    bad = [k for k in ref if res.get(k) != ref[k]]
    print(f"{len(ref) - len(bad)}/{len(ref)} documents identical")
    for k in bad[:30]:
        print("DIFFERS:", k)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
