"""CPU time per pipeline step, quick: the loop to run while optimizing one step.

    python benchmarks/stage_times.py            # 1.5 MB of generated documents
    python benchmarks/stage_times.py --size 5000000 --step boilerplate
    python benchmarks/stage_times.py --real     # the stored training texts: real articles and pages
    python benchmarks/stage_times.py --real --variants   # the pipeline with parts of it switched off

Prints MB per CPU-second of each step (its ``apply_many``, timed inside the real
``clean_batch`` over batches of 200 documents; a worker cleans 50 at a time, which measured the same), of offset-map
composition, of the rest of ``clean_batch`` (spans, sentences, audit), and of the whole pipeline, against bare OpenCC t2s on the same texts,
after a warm-up (one-off costs such as lazily built tables are not throughput).
``--real`` times the boilerplate training data's texts instead (benchmarks/boilerplate/data:
real articles and whole pages from hundreds of sites): the generated corpus is built from
the seeds and misses costs that only real pages show (many removed lines per document).
CPU seconds (``time.process_time``) make it less sensitive to other load than wall time.
benchmarks/run.py is the full benchmark (end to end, workers, memory).
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus_gen  # noqa: E402

import corpusprep as cp  # noqa: E402
from corpusprep.document import OffsetMap, Source  # noqa: E402


def cpu_timed(times: collections.Counter[str], name: str, fn, _active: set[str] = set()):  # type: ignore[no-untyped-def]  # noqa: B006
    """``fn`` wrapped so that its CPU time adds up in ``times[name]`` (a call made while
    ``name`` is already being timed, such as ``apply`` inside ``apply_many``, is not
    counted twice)."""
    def wrapper(*args, **kw):  # type: ignore[no-untyped-def]
        if name in _active:
            return fn(*args, **kw)
        _active.add(name)
        t0 = time.process_time()
        try:
            return fn(*args, **kw)
        finally:
            times[name] += time.process_time() - t0
            _active.discard(name)
    return wrapper


def _real_texts() -> list[str]:
    """The texts of the boilerplate training data (every stored Parquet file), in file order."""
    import pyarrow.parquet as pq

    texts: list[str] = []
    for f in sorted((HERE / "boilerplate" / "data").glob("*.parquet")):
        texts += [t for t in pq.read_table(f, columns=["text"]).column("text").to_pylist() if t]
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1_500_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--warmup", type=int, default=50, help="documents cleaned before timing")
    ap.add_argument("--batch", type=int, default=200, help="documents per batch (a shard's size; 1: one by one)")
    ap.add_argument("--step", help="time only this step (its input is still produced by the steps before it)")
    ap.add_argument("--real", action="store_true", help="the stored training texts, not generated ones (--size ignored)")
    ap.add_argument("--variants", action="store_true",
                    help="clean_batch with parts of the pipeline switched off (what each costs), best of 2")
    a = ap.parse_args()
    texts = _real_texts() if a.real else [t for _, _, t in corpus_gen.documents(a.size, seed=a.seed)]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    if a.variants:
        variants(texts, mb, a.batch, a.warmup)
        return
    p = cp.Pipeline.default()
    times: collections.Counter[str] = collections.Counter()

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        return cpu_timed(times, name, fn)

    # every step's apply and the offset-map composition are timed inside the real
    # clean_batch, so "rest" is exactly what the pipeline does around them
    for st in p.steps:
        st.apply = timed(st.name, st.apply)  # type: ignore[method-assign]
        st.apply_many = timed(st.name, st.apply_many)  # type: ignore[method-assign]
    compose = OffsetMap.compose
    OffsetMap.compose = timed("(offset map)", compose)  # type: ignore[method-assign]
    srcs = [Source(f"d{i}", t, "-") for i, t in enumerate(texts)]
    p.clean_batch(srcs[: a.warmup])  # one-off costs (lazy tables, caches) are not throughput
    times.clear()
    t0 = time.process_time()
    for i in range(0, len(srcs), a.batch):  # as a worker cleans a shard, in batches
        p.clean_batch(srcs[i : i + a.batch])
    total = time.process_time() - t0
    OffsetMap.compose = compose  # type: ignore[method-assign]
    times["(rest of clean_batch)"] = max(0.0, total - sum(times.values()))
    import opencc

    cc = opencc.OpenCC("t2s")
    for t in texts[: a.warmup]:
        cc.convert(t)
    t0 = time.process_time()
    for t in texts:
        cc.convert(t)
    occ = time.process_time() - t0
    print(f"{len(texts)} documents, {mb:.2f} MB")
    print(f"pipeline     {total:7.3f} s  {mb / total:7.2f} MB/CPU-s")
    print(f"opencc t2s   {occ:7.3f} s  {mb / occ:7.2f} MB/CPU-s   (pipeline = {100 * occ / total:.1f}% of OpenCC)")
    for k, v in times.most_common():
        if a.step and k != a.step:
            continue
        print(f"  {k:24s} {v:7.3f} s  {100 * v / total:5.1f}%  {mb / max(v, 1e-9):8.1f} MB/CPU-s")


#: (name, options of Pipeline.default): each row switches off one more part
VARIANTS: tuple[tuple[str, dict[str, object]], ...] = (
    ("default", {}),
    ("rules only (classify=False)", {"classify": False}),
    ("no boilerplate step", {"boilerplate": False}),
    ("no boilerplate, no dedupe", {"boilerplate": False, "dedupe": False}),
    ("no cleaning step at all", {"boilerplate": False, "dedupe": False, "repair_encoding": False,
                                 "strip_pinyin": False, "conversion": None, "punctuation": False, "dom_boilerplate": False,
                                 "reflow": False, "front_matter": False}),
)


def variants(texts: list[str], mb: float, batch: int, warmup: int) -> None:
    """CPU time of ``clean_batch`` over ``texts`` for each of :data:`VARIANTS` (best of 2)."""
    srcs = [Source(f"d{i}", t, "-") for i, t in enumerate(texts)]
    print(f"{len(texts)} documents, {mb:.2f} MB; clean_batch only (no reading, no Parquet), best of 2")
    for name, opts in VARIANTS:
        p = cp.Pipeline.default(**opts)
        p.clean_batch(srcs[:warmup])
        best = float("inf")
        for _ in range(2):
            t0 = time.process_time()
            for i in range(0, len(srcs), batch):
                p.clean_batch(srcs[i : i + batch])
            best = min(best, time.process_time() - t0)
        print(f"  {name:30s} {best:7.3f} s  {mb / best:6.2f} MB/CPU-s")


if __name__ == "__main__":
    main()
