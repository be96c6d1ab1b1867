"""What the boilerplate line model costs: its share of the pipeline's time per MB.

    python benchmarks/bench_line_model.py                    # 1.5 MB of generated documents
    python benchmarks/bench_line_model.py --corpus training  # the stored training documents (real pages)

Times, in CPU seconds after a warm-up, inside the real ``Pipeline.clean_batch`` over
batches of :data:`~corpusprep.shard.CLEAN_BATCH_DOCS` documents (what a worker does): the
line features (``RemoveBoilerplate.line_tables``), the model's prediction, the category
stage and the explanations of its removals, against the whole default pipeline; and, in
the same run, the pipeline with the model switched off (``classify=False``) as the
baseline. "model in all" is the model's own share; "on - off" is everything the model
adds, its own time plus the step's confirming pass over documents it changed. The goal:
the model costs at most 20% of the pipeline's time per MB.

Like a pool worker, the benchmark first keeps freed memory in the process
(:func:`corpusprep.allocator.keep_freed_memory`); ``--default-malloc`` leaves glibc's
defaults, under which each batch faults its arrays' pages in afresh.
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
from stage_times import cpu_timed  # noqa: E402

import corpusprep as cp  # noqa: E402
from corpusprep.allocator import keep_freed_memory  # noqa: E402
from corpusprep.cleaners.boilerplate.model import LineModel  # noqa: E402
from corpusprep.cleaners.boilerplate.step import RemoveBoilerplate  # noqa: E402
from corpusprep.document import Source  # noqa: E402
from corpusprep.parallel import batched  # noqa: E402
from corpusprep.shard import CLEAN_BATCH_DOCS  # noqa: E402


def _texts(corpus: str, size: int) -> list[str]:
    if corpus == "generated":
        return [t for _, _, t in corpus_gen.documents(size, seed=0)]
    import pyarrow.parquet as pq

    texts: list[str] = []
    for p in sorted((HERE / "boilerplate" / "data").glob("*.parquet")):
        texts.extend(pq.read_table(p, columns=["text"])["text"].to_pylist())
    out, total = [], 0
    for t in texts:
        if total >= size:
            break
        out.append(t)
        total += len(t.encode("utf-8"))
    return out


def _clean_all(p: cp.Pipeline, texts: list[str]) -> float:
    """CPU seconds to clean ``texts`` in batches, as a worker does."""
    sources = [Source(f"d{i}", t, "x") for i, t in enumerate(texts)]
    t0 = time.process_time()
    for batch in batched(sources, CLEAN_BATCH_DOCS):
        p.clean_batch(batch)
    return time.process_time() - t0


def _run(p: cp.Pipeline, texts: list[str], warmup: int) -> float:
    _clean_all(p, texts[:warmup])
    return _clean_all(p, texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1_500_000)
    ap.add_argument("--corpus", choices=("generated", "training"), default="generated")
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--default-malloc", action="store_true",
                    help="leave glibc's malloc thresholds as they are (a worker raises them)")
    a = ap.parse_args()
    kept = False if a.default_malloc else keep_freed_memory()
    texts = _texts(a.corpus, a.size)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    times: collections.Counter[str] = collections.Counter()

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        return cpu_timed(times, name, fn)

    off = _run(cp.Pipeline.default(classify=False), texts, a.warmup)
    passes: collections.Counter[str] = collections.Counter()
    first = [True]
    edits_many, one_pass = RemoveBoilerplate.edits_many, RemoveBoilerplate._passes

    def edits_many_marked(self, texts, ctxs):  # type: ignore[no-untyped-def]
        first[0] = True  # the next pass is this call's first; the later ones confirm it
        return edits_many(self, texts, ctxs)

    timed_pass = {key: cpu_timed(passes, key, one_pass) for key in ("first", "confirming")}

    def one_pass_timed(self, texts, ctxs):  # type: ignore[no-untyped-def]
        key = "first" if first[0] else "confirming"
        first[0] = False
        return timed_pass[key](self, texts, ctxs)

    RemoveBoilerplate.edits_many, RemoveBoilerplate._passes = edits_many_marked, one_pass_timed  # type: ignore[method-assign]
    originals = (RemoveBoilerplate.line_tables, LineModel.predict, RemoveBoilerplate._categories, LineModel.explain_lines)
    RemoveBoilerplate.line_tables = timed("features", RemoveBoilerplate.line_tables)  # type: ignore[method-assign]
    LineModel.predict = timed("predict", LineModel.predict)  # type: ignore[method-assign]
    RemoveBoilerplate._categories = timed("categories", RemoveBoilerplate._categories)  # type: ignore[method-assign]
    LineModel.explain_lines = timed("explain", LineModel.explain_lines)  # type: ignore[method-assign]
    try:
        p = cp.Pipeline.default()
        _clean_all(p, texts[: a.warmup])
        times.clear()
        passes.clear()
        on = _clean_all(p, texts)
    finally:
        RemoveBoilerplate.edits_many, RemoveBoilerplate._passes = edits_many, one_pass  # type: ignore[method-assign]
        (RemoveBoilerplate.line_tables, LineModel.predict, RemoveBoilerplate._categories,  # type: ignore[method-assign]
         LineModel.explain_lines) = originals
    model = sum(times.values())
    print(f"{len(texts)} documents ({a.corpus}), {mb:.2f} MB; freed memory kept: {kept}")
    print(f"pipeline, model off   {off:7.3f} CPU-s  {mb / off:6.2f} MB/CPU-s")
    print(f"pipeline, model on    {on:7.3f} CPU-s  {mb / on:6.2f} MB/CPU-s")
    for k in ("features", "predict", "categories", "explain"):
        print(f"  {k:10s}          {times[k]:7.3f} CPU-s  {100 * times[k] / on:5.1f}% of the pipeline")
    print(f"  model in all        {model:7.3f} CPU-s  {100 * model / on:5.1f}% of the pipeline (goal <= 20%)")
    print(f"  on - off            {on - off:7.3f} CPU-s  {100 * (on - off) / on:5.1f}% of the pipeline")
    print(f"step's first pass     {passes['first']:7.3f} CPU-s  {100 * passes['first'] / on:5.1f}% of the pipeline")
    print(f"confirming passes     {passes['confirming']:7.3f} CPU-s  {100 * passes['confirming'] / on:5.1f}% "
          "of the pipeline (rules and model again over the documents a pass changed)")


if __name__ == "__main__":
    main()
