"""Benchmark corpora grown from ``seeds/``: varied, deterministic, any size.

Caches must not flatter the pipeline, so documents are not copies of the seeds:

- paragraphs are shuffled across documents (each document draws 4-40 paragraphs from the
  pool of all seed paragraphs, without repeats inside a document, so duplicate removal
  does no more work than in the seeds);
- digits are permuted per paragraph (dates, counts, percentages change);
- about a third of the documents are Traditional, a third Simplified, a third mixed
  per paragraph (OpenCC t2s / s2t on the seed paragraphs, computed once);
- every document gets a random id and URL, on a site (host) of ``SITE_DOCS`` documents;
  blank lines between paragraphs vary.

The seeds' own boilerplate, pinyin annotations and mojibake travel with their paragraphs,
so each kind of damage appears at about the seeds' rate.

Output: ``part-NNNNN.jsonl`` files of about ``part_bytes`` each, one JSON object per line
(``{"id", "url", "text"}``), the usual shape of scraped news. ``bytes`` counted are the
UTF-8 bytes of the ``text`` fields (what the MB/s figures divide by).

    python benchmarks/corpus_gen.py benchmarks/data/10MB --size 10MB
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GENERATOR_VERSION = "2"
#: documents per site (URL host). The pool of seed paragraphs is small (~215), so on one
#: site every paragraph would recur in many documents and process()'s repeated-lines pass
#: would remove most of the text (65% at 10 MB, 99% at 100 MB with a single host in
#: generator 1), leaving the cleaning steps less to do the larger the corpus. With 10
#: documents a site a paragraph recurs in five of them only by chance.
SITE_DOCS = 10

_UNITS = {"KB": 10**3, "MB": 10**6, "GB": 10**9}


def parse_size(s: str) -> int:
    """``"10MB"`` → 10_000_000 (decimal units, as in MB/s)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]B)\s*", s.upper())
    if not m:
        raise ValueError(f"size must look like 5MB, 100MB or 1GB, got {s!r}")
    return int(float(m.group(1)) * _UNITS[m.group(2)])


def seed_paragraphs() -> list[tuple[str, str, str]]:
    """Every non-empty seed line as (original, Simplified, Traditional)."""
    import opencc

    t2s, s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    out = []
    for f in sorted(SEEDS.glob("*.txt")):
        for line in f.read_text("utf-8", errors="surrogateescape").split("\n"):
            if line.strip():
                try:
                    line.encode("utf-8")
                except UnicodeEncodeError:
                    continue
                out.append((line, t2s.convert(line), s2t.convert(line)))
    return out


def _digit_tables(rng: random.Random, n: int) -> list[dict[int, int]]:
    tables = []
    for _ in range(n):
        perm = list("0123456789")
        rng.shuffle(perm)
        tables.append(str.maketrans("0123456789", "".join(perm)))
    return tables


def documents(size: int, seed: int = 0):  # type: ignore[no-untyped-def]
    """Yield ``(id, url, text)`` until ``size`` UTF-8 bytes of text were produced."""
    rng = random.Random(seed)
    pool = seed_paragraphs()
    digits = _digit_tables(rng, 64)
    seps = ["\n", "\n", "\n\n", "\n\n\n"]
    produced = 0
    n = 0
    while produced < size:
        k = rng.randint(4, min(40, len(pool)))
        script = rng.random()
        parts = []
        for orig, simp, trad in rng.sample(pool, k):
            if script < 0.33:
                p = trad if rng.random() < 0.9 else orig
            elif script < 0.66:
                p = simp if rng.random() < 0.9 else orig
            else:
                p = rng.choice((orig, simp, trad))
            parts.append(p.translate(rng.choice(digits)))
        sep = rng.choice(seps)
        text = sep.join(parts) + "\n"
        doc_id = f"{rng.getrandbits(64):016x}"
        yield doc_id, f"https://news{n // SITE_DOCS}.example.cn/{doc_id}.html", text
        produced += len(text.encode("utf-8"))
        n += 1


def generate(out_dir: str | os.PathLike[str], size: int, *, seed: int = 0, part_bytes: int = 8 * 10**6) -> dict:
    """Write the corpus (skipped when ``out_dir/corpus.json`` says it is already there)."""
    out = Path(out_dir)
    info_path = out / "corpus.json"
    want = {"generator": GENERATOR_VERSION, "size": size, "seed": seed, "part_bytes": part_bytes}
    if info_path.exists():
        info = json.loads(info_path.read_text())
        if {k: info.get(k) for k in want} == want:
            return info
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.jsonl"):
        old.unlink()
    part, written, docs, text_bytes = 0, 0, 0, 0
    f = open(out / f"part-{part:05d}.jsonl", "w", encoding="utf-8")
    try:
        for doc_id, url, text in documents(size, seed):
            line = json.dumps({"id": doc_id, "url": url, "text": text}, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            text_bytes += len(text.encode("utf-8"))
            docs += 1
            if written >= part_bytes:
                f.close()
                part, written = part + 1, 0
                f = open(out / f"part-{part:05d}.jsonl", "w", encoding="utf-8")
    finally:
        f.close()
    if written == 0:
        (out / f"part-{part:05d}.jsonl").unlink()
    info = {**want, "documents": docs, "text_bytes": text_bytes,
            "files": sorted(p.name for p in out.glob("part-*.jsonl"))}
    info_path.write_text(json.dumps(info, indent=2) + "\n")
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--size", default="10MB")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    info = generate(a.out_dir, parse_size(a.size), seed=a.seed)
    print(json.dumps({k: v for k, v in info.items() if k != "files"}))


if __name__ == "__main__":
    main()
