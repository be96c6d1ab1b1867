"""How much prose the line model removes from short documents.

    python benchmarks/boilerplate/short_docs.py                       # shipped model
    python benchmarks/boilerplate/short_docs.py --model /tmp/m.npz    # another model
    python benchmarks/boilerplate/short_docs.py --heldout 0,1         # train here without folds 0, 1

Runs the default pipeline (``Pipeline.default()``, batches of ``CLEAN_BATCH_DOCS`` as a
worker does) over

- **generated**: the corpus of ``benchmarks/corpus_gen.py`` (seed 0, ``--size`` bytes):
  4-40 news paragraphs shuffled from ``seeds/``, no labels;
- **windows**: the training documents cut to short windows at line boundaries, the first
  k and the last k non-blank lines, k = 3..8 (documents with more than k non-blank lines
  only), each line with its label.

and counts the lines the model removes (``model.line`` edits, mapped to source lines):
of lines labelled ``keep`` (windows), and of *prose-like* lines: the stripped line ends
with one of ``。！？!?…”`` and has at least 30 characters. Figures per document length
(non-blank lines), and for the last two lines of a document apart, where the weakness is.

The training documents are the model's own training data unless ``--heldout F,...``:
then a model is trained here (``train.fit``, with whatever augmentation train.py does)
on the sites outside those of the 10 site folds of ``train.site_folds`` and only
documents of the held-out sites are cut into windows. The devset is never read.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parents[1]))

import corpus_gen  # noqa: E402

import corpusprep as cp  # noqa: E402
from corpusprep.cleaners.boilerplate.model import LineModel  # noqa: E402
from corpusprep.cleaners.boilerplate.step import RemoveBoilerplate  # noqa: E402
from corpusprep.document import Source  # noqa: E402
from corpusprep.parallel import batched  # noqa: E402
from corpusprep.shard import CLEAN_BATCH_DOCS  # noqa: E402

PROSE_ENDS = tuple("。！？!?…”")
PROSE_MIN_CHARS = 30
WINDOW_K = range(3, 9)


def is_prose(line: str) -> bool:
    s = line.strip()
    return len(s) >= PROSE_MIN_CHARS and s.endswith(PROSE_ENDS)


def model_removed_lines(text: str, doc: cp.Document) -> set[int]:
    """Indices of the source lines of ``text`` where a ``model.line`` edit starts."""
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out = set()
    for e in doc.edits:
        if e.reason == "model.line":
            k = bisect.bisect_right(starts, e.start) - 1
            # an edit may begin at the newline before its line
            if k + 1 < len(starts) and e.start == starts[k + 1] - 1:
                k += 1
            out.add(k)
    return out


def clean(p: cp.Pipeline, texts: list[str]) -> list[cp.Document]:
    docs: list = []
    for batch in batched([Source(f"d{i}", t, "x") for i, t in enumerate(texts)], CLEAN_BATCH_DOCS):
        docs.extend(p.clean_batch(batch))
    return docs


def pipeline(model: LineModel | None, threshold: float | None) -> cp.Pipeline:
    """The default pipeline, its boilerplate step built with ``model`` (and ``threshold``, else the
    model's own) instead of the shipped one: configured at construction, as the step validates there."""
    p = cp.Pipeline.default(model_threshold=threshold)
    if model is None:
        return p
    o = p.options
    steps = [RemoveBoilerplate(strip_leading_byline=o.strip_leading_byline, graphics=o.graphics, classify=o.classify,
                               model=model, threshold=threshold)
             if isinstance(s, RemoveBoilerplate) else s for s in p.steps]
    return cp.Pipeline(steps, options=o, splitter=p.splitter)


def length_bucket(n: int) -> str:
    for lo, hi in ((1, 3), (4, 5), (6, 8), (9, 12), (13, 20), (21, 40)):
        if n <= hi:
            return f"{lo:2d}-{hi:<3d}"
    return "41+   "


class Tally:
    """Per-bucket counts: lines, removed by the model, and of those in the last two lines."""

    def __init__(self) -> None:
        self.c: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, bucket: str, what: str, n: int = 1) -> None:
        self.c[bucket][what] += n
        self.c["all"][what] += n

    def table(self, title: str, cols: list[tuple[str, str]]) -> str:
        head = f"{'length':8s} {'docs':>5s} " + " ".join(f"{name:>22s}" for name, _ in cols)
        out = [title, head]
        for b in sorted(k for k in self.c if k != "all") + ["all"]:
            c = self.c[b]
            cells = []
            for _, key in cols:
                n, r = c[key], c[key + "_removed"]
                cells.append(f"{r:6d}/{n:6d} {100 * r / n if n else 0:6.2f}%  ")
            out.append(f"{b:8s} {c['docs']:5d} " + " ".join(f"{x:>22s}" for x in cells))
        return "\n".join(out)


COLS_GEN = [("prose removed", "prose"), ("prose last-2 removed", "prose_tail"), ("any line removed", "line")]
COLS_WIN = [("keep removed", "keep"), ("keep last-2 removed", "keep_tail"), ("prose removed", "prose"),
            ("drop removed (model)", "drop")]


def generated(p: cp.Pipeline, size: int) -> Tally:
    texts = [t for _, _, t in corpus_gen.documents(size, seed=0)]
    t = Tally()
    for text, doc in zip(texts, clean(p, texts)):
        if isinstance(doc, Exception):
            continue
        lines = text.split("\n")
        ne = [i for i, ln in enumerate(lines) if ln.strip()]
        b = length_bucket(len(ne))
        gone = model_removed_lines(text, doc)
        t.add(b, "docs")
        tail = set(ne[-2:])
        for i in ne:
            r = int(i in gone)
            t.add(b, "line")
            t.add(b, "line_removed", r)
            if is_prose(lines[i]):
                t.add(b, "prose")
                t.add(b, "prose_removed", r)
                if i in tail:
                    t.add(b, "prose_tail")
                    t.add(b, "prose_tail_removed", r)
    return t


def windows(rows: list[dict]) -> list[tuple[str, list[str], str]]:
    """(text, labels, bucket) of the first-k and last-k windows of each row."""
    from train import window_spans

    out = []
    for row in rows:
        lines, labels = row["text"].split("\n"), list(row["labels"])
        labels += [""] * (len(lines) - len(labels))
        ne = [i for i, ln in enumerate(lines) if ln.strip()]
        for k in WINDOW_K:
            if len(ne) <= k:
                continue
            for a, b in window_spans(ne, k):
                out.append(("\n".join(lines[a:b]) + "\n", labels[a:b], f"k={k}"))
    return out


def window_tally(p: cp.Pipeline, wins: list[tuple[str, list[str], str]]) -> Tally:
    t = Tally()
    for (text, labels, b), doc in zip(wins, clean(p, [w[0] for w in wins])):
        if isinstance(doc, Exception):
            continue
        lines = text.split("\n")
        gone = model_removed_lines(text, doc)
        ne = [i for i, ln in enumerate(lines) if ln.strip()]
        tail = set(ne[-2:])
        t.add(b, "docs")
        for i in ne:
            r = int(i in gone)
            lab = labels[i] if i < len(labels) else ""
            if lab == "keep":
                t.add(b, "keep")
                t.add(b, "keep_removed", r)
                if i in tail:
                    t.add(b, "keep_tail")
                    t.add(b, "keep_tail_removed", r)
                if is_prose(lines[i]):
                    t.add(b, "prose")
                    t.add(b, "prose_removed", r)
            elif lab.startswith("drop"):
                t.add(b, "drop")
                t.add(b, "drop_removed", r)
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path, default=None, help="a line model .npz (default: the shipped one)")
    ap.add_argument("--threshold", type=float, default=None, help="default: the model's own")
    ap.add_argument("--size", type=int, default=1_500_000, help="bytes of generated corpus")
    ap.add_argument("--heldout", default=None, help="site folds (of 10) to hold out: train here without them")
    ap.add_argument("--skip-generated", action="store_true")
    ap.add_argument("--window-weight", type=float, default=None,
                    help="with --heldout: weight of train.py's short-window rows (default: train.WINDOW_WEIGHT; 0: none)")
    a = ap.parse_args()
    import train

    t0 = time.perf_counter()
    rows = train.load_rows(sorted(train.DATA.glob("*.parquet")))
    model = LineModel.load(str(a.model)) if a.model else None
    if a.heldout is not None:
        held = {int(x) for x in a.heldout.split(",")}
        fold_of = train.site_folds({r["site"] for r in rows}, 10)
        steps, step = train.pre_steps(), RemoveBoilerplate(classify=False)
        train_rows = [r for r in rows if fold_of[r["site"]] not in held]
        if a.window_weight is not None:
            train.WINDOW_WEIGHT = a.window_weight
        docs = train.prepare_all(train_rows, steps, step, windows=train.WINDOW_WEIGHT > 0)
        m = train.fit(docs)
        thr = a.threshold if a.threshold is not None else (model.threshold if model else LineModel.load().threshold)
        model = LineModel(m.dense_w, m.hash_w, m.trees, thr, {})
        rows = [r for r in rows if fold_of[r["site"]] in held]
        print(f"trained on {len(docs)} documents and windows (folds other than {sorted(held)}) in "
              f"{time.perf_counter() - t0:.0f} s; windows from {len(rows)} held-out documents", file=sys.stderr)
    p = pipeline(model, a.threshold)
    bstep = next(s for s in p.steps if isinstance(s, RemoveBoilerplate))
    print(f"model {bstep.model.digest if bstep.model else None}, threshold {bstep.threshold}; "
          f"prose-like = stripped line ends with one of {''.join(PROSE_ENDS)} and has >= {PROSE_MIN_CHARS} chars")
    if not a.skip_generated:
        g = generated(p, a.size)
        print(g.table(f"\n(a) generated corpus, seed 0, {a.size} bytes: model.line removals by non-blank lines",
                      COLS_GEN))
    wins = windows(rows)
    w = window_tally(p, wins)
    print(w.table(f"\n(b) training documents cut to first/last k non-blank lines ({len(wins)} windows): "
                  "model.line removals by k", COLS_WIN))
    print(f"\n{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
