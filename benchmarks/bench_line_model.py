"""What the boilerplate line model costs: its share of the pipeline's time per MB.

    python benchmarks/bench_line_model.py                    # 1.5 MB of generated documents
    python benchmarks/bench_line_model.py --corpus training  # the stored training documents (real pages)

Times, in CPU seconds after a warm-up, inside the real ``clean_source``: the line features
(``RemoveBoilerplate.line_table``), the model's prediction and the explanations of its
removals, against the whole default pipeline; and, in the same run, the pipeline with the
model switched off (``classify=False``) as the baseline. The goal: the model costs at most
20% of the pipeline's time per MB.
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
from corpusprep.cleaners.boilerplate.model import LineModel  # noqa: E402
from corpusprep.cleaners.boilerplate.step import RemoveBoilerplate  # noqa: E402


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


def _run(p: cp.Pipeline, texts: list[str], warmup: int) -> float:
    for t in texts[:warmup]:
        p.clean(t, source="x")
    t0 = time.process_time()
    for t in texts:
        p.clean(t, source="x")
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1_500_000)
    ap.add_argument("--corpus", choices=("generated", "training"), default="generated")
    ap.add_argument("--warmup", type=int, default=30)
    a = ap.parse_args()
    texts = _texts(a.corpus, a.size)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    times: collections.Counter[str] = collections.Counter()

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        return cpu_timed(times, name, fn)

    off = _run(cp.Pipeline.default(classify=False), texts, a.warmup)
    originals = (RemoveBoilerplate.line_table, LineModel.predict, LineModel.explain_lines)
    RemoveBoilerplate.line_table = timed("features", RemoveBoilerplate.line_table)  # type: ignore[method-assign]
    LineModel.predict = timed("predict", LineModel.predict)  # type: ignore[method-assign]
    LineModel.explain_lines = timed("explain", LineModel.explain_lines)  # type: ignore[method-assign]
    try:
        p = cp.Pipeline.default()
        for t in texts[: a.warmup]:
            p.clean(t, source="x")
        times.clear()
        t0 = time.process_time()
        for t in texts:
            p.clean(t, source="x")
        on = time.process_time() - t0
    finally:
        RemoveBoilerplate.line_table, LineModel.predict, LineModel.explain_lines = originals  # type: ignore[method-assign]
    model = sum(times.values())
    print(f"{len(texts)} documents ({a.corpus}), {mb:.2f} MB")
    print(f"pipeline, model off   {off:7.3f} CPU-s  {mb / off:6.2f} MB/CPU-s")
    print(f"pipeline, model on    {on:7.3f} CPU-s  {mb / on:6.2f} MB/CPU-s")
    for k in ("features", "predict", "explain"):
        print(f"  {k:10s}          {times[k]:7.3f} CPU-s  {100 * times[k] / on:5.1f}% of the pipeline")
    print(f"  model in all        {model:7.3f} CPU-s  {100 * model / on:5.1f}% of the pipeline (goal <= 20%)")


if __name__ == "__main__":
    main()
