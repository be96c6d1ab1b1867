"""Train the boilerplate line model on the stored, line-labelled data and evaluate it.

Run from the project root (needs the training extra: ``pip install -e '.[train]'``)::

    python benchmarks/boilerplate/train.py                 # train on all data, write the shipped model
    python benchmarks/boilerplate/train.py --evaluate      # also held-out-site scores -> results.json
    python benchmarks/boilerplate/train.py --limit 40 --out /tmp/m.npz   # a quick run on a slice

The shipped model: ``--evaluate --threshold 0.92 --train-rules benchmarks/boilerplate/train_rules``
(the training documents prepared with the rule pack kept there, the held-out step run with the
package's rules; docs/boilerplate.md says why).

Scoring a change to the package's rules needs no new model: the fold models depend on the
training rules, not on the package's. Save them once, then score each change in under a minute::

    python benchmarks/boilerplate/train.py --evaluate --threshold 0.92 \
        --train-rules benchmarks/boilerplate/train_rules --out /tmp/m.npz --save-folds /tmp/folds
    python benchmarks/boilerplate/train.py --evaluate --threshold 0.92 \
        --train-rules benchmarks/boilerplate/train_rules --folds-from /tmp/folds

The second run refuses fold models trained on other data, training rules, settings, pre-steps
or feature code (a fingerprint of them is in each saved model).

Each document goes through the default pipeline's steps up to the boilerplate step (the
text the model sees at run time: whitespace, pinyin, Simplified script, full-width
punctuation), then through the rule pass; each line of that text takes the label of the
source line it comes from (through the offset map). Lines a rule removes are not training
rows (the model only ever sees the others) but rule hits are features of their neighbours.

Stage 1 is an L2 logistic regression on dense + hashed n-gram features; stage 2 gradient-
boosted trees (scikit-learn's HistGradientBoostingClassifier, exported to arrays that the
package evaluates with numpy) on the stage-1 scores of the neighbours, computed out of fold
(grouped by site, so stage 2 learns how far to trust a stage-1 score on an unseen site). The threshold is the
one with the best F1 on out-of-fold predictions whose content loss stays within budget, raised while the step
itself (which passes again over its output) loses more than the budget.

The devset (``../shared/devset``) is never read here.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from corpusprep.cleaners.boilerplate.features import DENSE_NAMES, HASH_BITS, LineTable  # noqa: E402
from corpusprep.cleaners.boilerplate.lists import content_list_lines  # noqa: E402
from corpusprep.cleaners.boilerplate.model import (  # noqa: E402
    CATEGORY_BITS,
    CONTEXT_NAMES,
    CategoryModel,
    LineModel,
    TreeEnsemble,
    context_features,
    stage1_logits,
)
from corpusprep.cleaners.boilerplate.rules import load_rules  # noqa: E402
from corpusprep.cleaners.boilerplate.step import RemoveBoilerplate, _judged, markup_free_lines  # noqa: E402
from corpusprep.cleaners.duplicates import RemoveDuplicateParagraphs  # noqa: E402
from corpusprep.document import OffsetMap  # noqa: E402
from corpusprep.pipeline import Pipeline  # noqa: E402
from corpusprep.steps import Context  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
SHIPPED = ROOT / "corpusprep" / "cleaners" / "boilerplate" / "line_model.npz"
#: the evaluation's scores (``report.py`` reads them); ``heldout.parquet`` is written beside them
RESULTS = Path(__file__).resolve().parent / "results.json"
HELDOUT = RESULTS.with_name("heldout.parquet")
SEED = 20261204
#: content-loss budget the threshold is chosen under (share of article-text keep lines removed)
LOSS_BUDGET = 0.02


@dataclass
class Prepared:
    """One document as the model sees it: features, labels and the rules' decisions."""

    doc_id: str
    site: str
    kind: str
    table: LineTable
    y: np.ndarray  # 1 drop, 0 keep, -1 unlabelled
    category: list[str]  # the drop category of each line ("" for keep and unlabelled)
    rule_removed: np.ndarray  # whole line removed by a rule or an infographic run
    lines: list[str]
    window: bool = False  # a short window cut from a document (training rows only, never scored)
    cascade: bool = False  # a document after a first pass (training rows only, never scored)
    listed: np.ndarray | None = None  # lines of content lists (lists.py): the step's model never removes them

    def model_removed(self, p: np.ndarray, threshold: float) -> np.ndarray:
        """The lines one pass of the model removes at ``threshold`` (not a content list's)."""
        out = (p >= threshold) & self.table.nonempty
        return out if self.listed is None else out & ~self.listed


def load_rows(paths: list[Path], limit: int | None = None) -> list[dict]:
    import pyarrow.parquet as pq

    rows: list[dict] = []
    for p in sorted(paths):
        rows.extend(pq.read_table(p).to_pylist())
    rows.sort(key=lambda r: r["doc_id"])
    if limit:
        rng = np.random.default_rng(SEED)
        rows = [rows[i] for i in sorted(rng.choice(len(rows), size=min(limit, len(rows)), replace=False))]
    return rows


#: short windows added to the training rows: from each document with more non-blank lines
#: than the window, its first k and its last k non-blank lines, k drawn in this range
WINDOW_LINES = (3, 8)
#: weight of a window's lines against a full document's (both times the site's weight).
#: Off (0) by default: at weight 1 the held-out short-document windows lose far less content
#: (keep lines removed 3.03% -> 1.43%) but full documents score lower F1 on both kinds
#: (article 0.848 -> 0.840, pages 0.971 -> 0.969; see the commit that added it)
WINDOW_WEIGHT = 0.0


def window_spans(nonblank: list[int], k: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Line ranges ``[a, b)`` of the first and of the last ``k`` of a document's non-blank
    lines (``nonblank``: their indices; more than ``k`` of them).

    >>> window_spans([0, 2, 3, 5], 2)
    ((0, 3), (3, 6))
    """
    return (0, nonblank[k - 1] + 1), (nonblank[-k], nonblank[-1] + 1)


def window_rows(rows: list[dict], seed: int = SEED) -> list[dict]:
    """Short documents cut from ``rows`` at line boundaries, labels sliced with them: the
    first k and the last k non-blank lines of each (k drawn per window, seeded). At run
    time the model sees news items that short (few paragraphs, the last of them prose);
    full pages alone teach it that lines near the end of a document are mostly debris."""
    rng = np.random.default_rng(seed)
    out = []
    for row in rows:
        lines = row["text"].split("\n")
        labels = list(row["labels"]) + [""] * max(0, len(lines) - len(row["labels"]))
        ne = [i for i, ln in enumerate(lines) if ln.strip()]
        for side in (0, 1):
            k = int(rng.integers(WINDOW_LINES[0], WINDOW_LINES[1] + 1))
            if len(ne) <= k:
                continue
            a, b = window_spans(ne, k)[side]
            out.append({**row, "doc_id": f"{row['doc_id']}#{('first', 'last')[side]}{k}", "text": "\n".join(lines[a:b]) + "\n",
                        "labels": labels[a:b] + [""]})
    return out


def prepare_all(rows: list[dict], steps: list, step: RemoveBoilerplate, windows: bool = True) -> list[Prepared]:
    """The documents of ``rows``, then (``windows``) their short windows (:func:`window_rows`)."""
    docs = [prepare(r, steps, step) for r in rows]
    if windows:
        for r in window_rows(rows):
            d = prepare(r, steps, step)
            d.window = True
            docs.append(d)
    return docs


def pre_steps() -> list:
    steps = Pipeline.default(classify=False).steps
    names = [s.name for s in steps]
    return list(steps[: names.index("boilerplate")])


def text_at_boilerplate(steps: list, text: str) -> tuple[str, OffsetMap]:
    """The text the boilerplate step receives, and its map back to ``text``."""
    ctx = Context("train")
    omap = OffsetMap.identity(len(text))
    cur = text
    for step in steps:
        res = step.apply(cur, ctx)
        if res.edits:
            omap = omap.compose(cur, res.edits)
        cur = res.text
    return cur, omap


def source_lines(src: str, lines: list[str], starts: list[int], omap: OffsetMap) -> list[int]:
    """For each line of the step's view (``lines`` at offsets ``starts`` of the text ``omap`` maps
    back to ``src``), the 0-based line of ``src`` its first visible character comes from; -1 for
    a blank line."""
    src_starts = [0]
    for line in src.split("\n")[:-1]:
        src_starts.append(src_starts[-1] + len(line) + 1)
    out = []
    for line, start in zip(lines, starts):
        if not line.strip():
            out.append(-1)
            continue
        lead = len(line) - len(line.lstrip())
        s, _ = omap.source_span(start + lead, start + lead + 1)
        out.append(bisect.bisect_right(src_starts, s) - 1)
    return out


def covered_lines(rp, n_lines: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The lines a rule pass ``rp`` removed whole, as a mask over a line table's ``n_lines``."""
    out = np.zeros(n_lines, dtype=bool)
    out[: len(rp.covered)] = rp.covered
    return out


def prepare(row: dict, steps: list, step: RemoveBoilerplate) -> Prepared:
    src = row["text"]
    labels = row["labels"]
    cur, omap = text_at_boilerplate(steps, src)
    rp = step.rule_pass(cur, model=True)
    table = step.line_table(cur, rp)
    y = np.full(table.n_lines, -1, dtype=np.int8)
    category = [""] * table.n_lines
    for i, k in enumerate(source_lines(src, rp.lines, rp.starts, omap)):
        if k < 0:
            continue
        lab = labels[k] if 0 <= k < len(labels) else ""
        if lab == "keep":
            y[i] = 0
        elif lab.startswith("drop"):
            y[i] = 1
            category[i] = lab.partition(":")[2] or "other"
    removed = covered_lines(rp, table.n_lines)
    listed = np.zeros(table.n_lines, dtype=bool)
    if step.content_lists:
        m = min(len(rp.lines), table.n_lines)
        listed[:m] = content_list_lines(markup_free_lines(cur, rp)[:m], table.prose[:m], table.length[:m])
    return Prepared(row["doc_id"], row["site"], row["kind"], table, y, category, removed, rp.lines, listed=listed)


def line_matrix(t: LineTable, rows: np.ndarray, bits: int, unhit: np.ndarray | None = None):  # type: ignore[no-untyped-def]
    """Sparse rows ``[dense | n-grams folded into 2**bits buckets]`` of the lines ``rows`` of a
    table; ``unhit`` (per row): rows whose own ``rule_hit`` feature reads 0."""
    from scipy import sparse

    remap = np.full(t.n_lines, -1)
    remap[rows] = np.arange(len(rows))
    g = remap[t.gram_line] >= 0
    grams = sparse.csr_matrix((t.gram_value[g], (remap[t.gram_line[g]], t.gram_index[g] & ((1 << bits) - 1))),
                              shape=(len(rows), 1 << bits))
    dense = t.dense[rows]
    if unhit is not None and unhit.any():
        dense = dense.copy()
        dense[unhit, DENSE_NAMES.index("rule_hit")] = 0
    return sparse.hstack([sparse.csr_matrix(dense), grams], format="csr")


#: the rule files the training documents are prepared with (None: the package's own). The
#: held-out figures of the step and the rules-alone rows always use the package's rules
TRAIN_RULES: list[Path] | None = None

#: stage 1 also learns from the lines the rules removed (their own rule_hit feature read as 0),
#: so the shapes a rule takes on one site teach the model those of sites no rule knows
RULE_ROWS = False

#: a site weighs at most this many lines in training (a big site must not drown the rest)
SITE_CAP = 1500


def site_weights(docs: list[Prepared]) -> dict[str, float]:
    """Per-site line weight: 1, or ``SITE_CAP / lines`` for sites with more trainable lines
    (counted in full documents; a window's lines weigh :data:`WINDOW_WEIGHT` times more)."""
    lines: dict[str, int] = {}
    for d in docs:
        lines.setdefault(d.site, 0)
        if not d.window and not d.cascade:
            lines[d.site] += int(((d.y >= 0) & ~d.rule_removed & d.table.nonempty).sum())
    return {s: min(1.0, SITE_CAP / n) if n else 1.0 for s, n in lines.items()}


def doc_weight(d: Prepared, weight: dict[str, float]) -> float:
    return weight[d.site] * (WINDOW_WEIGHT if d.window else CASCADE_WEIGHT if d.cascade else 1.0)


#: weight of the cascade rows (:func:`cascade_doc`) against a full document's (both times
#: the site's weight); 0: none. The step passes again over its own output until a pass
#: removes nothing; these rows show the model the contexts of those confirming passes
CASCADE_WEIGHT = 0.0
#: the first-pass threshold the cascade rows are cut at
CASCADE_THRESHOLD = 0.88
_CASCADE_STEP: RemoveBoilerplate | None = None


def cascade_doc(d: Prepared, removed: np.ndarray) -> Prepared | None:
    """``d`` as a confirming pass sees it: the lines of ``removed`` gone, rules and features
    recomputed over the rest (as :func:`prepare` does), labels carried over with the lines.
    None when nothing is removed or the model would not run on the rest."""
    global _CASCADE_STEP
    if not removed.any() or removed.all():
        return None
    step = _CASCADE_STEP = _CASCADE_STEP or RemoveBoilerplate(classify=False)
    keep = [i for i in range(len(d.lines)) if not removed[i]]
    text = "\n".join(d.lines[i] for i in keep)
    rp = step.rule_pass(text, model=True)
    if not _judged(rp):  # the step's own test: the model would not run on the rest
        return None
    table = step.line_table(text, rp)
    n = min(len(keep), table.n_lines)
    y = np.full(table.n_lines, -1, dtype=np.int8)
    y[:n] = d.y[keep[:n]]
    category = [d.category[keep[i]] if i < n else "" for i in range(table.n_lines)]
    covered = np.zeros(table.n_lines, dtype=bool)
    covered[: len(rp.covered)] = rp.covered
    return Prepared(d.doc_id + "#cascade", d.site, d.kind, table, y, category, covered, rp.lines,
                    window=d.window, cascade=True)


def stage1_matrix(docs: list[Prepared], weight: dict[str, float] | None = None):
    """Sparse stage-1 design matrix over the trainable lines (labelled, not rule-removed),
    with labels and site weights."""
    from scipy import sparse

    weight = weight or site_weights(docs)
    blocks = []
    ys = []
    ws = []
    for d in docs:
        rows = np.flatnonzero((d.y >= 0) & (RULE_ROWS | ~d.rule_removed) & d.table.nonempty)
        if len(rows) == 0 or doc_weight(d, weight) == 0:
            continue
        blocks.append(line_matrix(d.table, rows, HASH_BITS, d.rule_removed[rows] if RULE_ROWS else None))
        ys.append(d.y[rows])
        ws.append(np.full(len(rows), doc_weight(d, weight)))
    return sparse.vstack(blocks, format="csr"), np.concatenate(ys), np.concatenate(ws)


def fit_stage1(docs: list[Prepared], c: float, weight: dict[str, float] | None = None):
    from sklearn.linear_model import LogisticRegression

    x, y, w = stage1_matrix(docs, weight)
    clf = LogisticRegression(C=c, solver="liblinear", fit_intercept=False, max_iter=200, tol=1e-3, random_state=0)
    clf.fit(x, y, sample_weight=w)
    w = clf.coef_[0]
    return w[: len(DENSE_NAMES)].astype(np.float32), w[len(DENSE_NAMES):].astype(np.float32)


def site_folds(sites: set[str], k: int) -> dict[str, int]:
    """Fold of each site: a hash of its name alone, so adding sites (or leaving some out)
    never moves another site to another fold.

    >>> site_folds({"a.com", "b.com"}, 10) == {s: site_fold(s, 10) for s in ("a.com", "b.com")}
    True
    """
    return {s: site_fold(s, k) for s in sites}


#: salt of the site hash: of salts 0-1999, the one whose 10 folds of the 1,435 documents of
#: 2026-12-07 are most even by document count (largest fold 184 documents; chosen from the
#: sites' sizes, no label read). Sites added later keep every old site where it was.
FOLD_SALT = "122"


def site_fold(site: str, k: int) -> int:
    """Fold of ``site`` among ``k``: the SHA-256 of the salted name (first 8 bytes), modulo ``k``."""
    return int.from_bytes(hashlib.sha256(f"{FOLD_SALT}:{site}".encode()).digest()[:8], "big") % k


def folds_by_site(docs: list[Prepared], k: int) -> list[int]:
    """Fold of each document: the fold of its site (:func:`site_folds`)."""
    fold_of = site_folds({d.site for d in docs}, k)
    return [fold_of[d.site] for d in docs]


#: stage-2 trees: how many, how deep, how fast they learn
TREES = dict(max_iter=150, max_depth=6, learning_rate=0.1, min_samples_leaf=40)


def trees_from_sklearn(clf) -> TreeEnsemble:  # type: ignore[no-untyped-def]
    """A fitted HistGradientBoostingClassifier (binary) as flat arrays for numpy."""
    tables = [pred[0].nodes for pred in clf._predictors]
    offsets = np.cumsum([0] + [len(n) for n in tables[:-1]])
    nodes = np.concatenate(tables)
    shift = np.repeat(offsets, [len(n) for n in tables])
    return TreeEnsemble(
        feature=nodes["feature_idx"].astype(np.int32), threshold=nodes["num_threshold"].astype(np.float64),
        left=(nodes["left"] + shift).astype(np.int32), right=(nodes["right"] + shift).astype(np.int32),
        leaf=nodes["is_leaf"].astype(bool), value=nodes["value"].astype(np.float64),
        roots=offsets.astype(np.int32), baseline=float(np.ravel(clf._baseline_prediction)[0]),
        depth=int(nodes["depth"].max()),
    )


def fit(docs: list[Prepared], c1: float = 1.0, inner_folds: int = 3) -> LineModel:
    """Both stages on ``docs``; stage 2 on out-of-fold stage-1 scores. With
    :data:`CASCADE_WEIGHT`, both stages also train on cascade rows (:func:`cascade_doc`): each
    document with what a first pass removes from it (rules, and lines whose probability
    under models of the inner folds that did not see its site reaches :data:`CASCADE_THRESHOLD`)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    fold = folds_by_site(docs, inner_folds)
    oof: list[np.ndarray | None] = [None] * len(docs)
    stage1 = []
    for f in range(inner_folds):
        train = [d for d, g in zip(docs, fold) if g != f]
        dw, hw = fit_stage1(train, c1)
        stage1.append((dw, hw))
        for i, (d, g) in enumerate(zip(docs, fold)):
            if g == f:
                oof[i] = stage1_logits(d.table, dw, hw)
    weight = site_weights(docs)

    def stage2_rows(docs, zs):  # type: ignore[no-untyped-def]
        """Stage-2 rows of ``docs``: features, labels, weights, and the document of each row."""
        xs, ys, ws, owner = [], [], [], []
        for k, (d, z) in enumerate(zip(docs, zs)):
            ctx = context_features(z, d.table)
            rows = np.flatnonzero((d.y >= 0) & ~d.rule_removed & d.table.nonempty)
            xs.append(ctx[rows])
            ys.append(d.y[rows])
            ws.append(np.full(len(rows), doc_weight(d, weight)))
            owner.append(np.full(len(rows), k))
        return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws), np.concatenate(owner)

    x2, y2, w2, owner = stage2_rows(docs, oof)
    extra: list[Prepared] = []
    if CASCADE_WEIGHT > 0:
        # the first pass over each document, cross-fitted: stage 2 of inner fold f trained on
        # the out-of-fold scores of the other folds' documents, stage 1 the fold's own
        row_fold = np.asarray(fold)[owner]
        zs = []
        for f in range(inner_folds):
            m = row_fold != f
            clf = HistGradientBoostingClassifier(**TREES, early_stopping=False, random_state=0)
            clf.fit(x2[m], y2[m], sample_weight=w2[m])
            inner = LineModel(*stage1[f], trees_from_sklearn(clf), 0.5, {})
            for i, (d, g) in enumerate(zip(docs, fold)):
                if g != f:
                    continue
                p = inner.predict(d.table, only=~d.rule_removed)
                c = cascade_doc(d, d.rule_removed | d.model_removed(p, CASCADE_THRESHOLD))
                if c is not None:
                    extra.append(c)
                    zs.append(stage1_logits(c.table, *stage1[f]))  # scored by a stage 1 that did not see its site
        print(f"  cascade rows: {len(extra)} of {len(docs)} documents", file=sys.stderr)
        if extra:
            xc, yc, wc, _ = stage2_rows(extra, zs)
            x2, y2, w2 = np.concatenate([x2, xc]), np.concatenate([y2, yc]), np.concatenate([w2, wc])
    clf2 = HistGradientBoostingClassifier(**TREES, early_stopping=False, random_state=0)
    clf2.fit(x2, y2, sample_weight=w2)
    dense_w, hash_w = fit_stage1(docs + extra, c1, weight)
    return LineModel(dense_w, hash_w, trees_from_sklearn(clf2), 0.5, {})


def category_rows(docs: list[Prepared]):
    """Design matrix of the drop lines the model sees (dense + folded n-grams), their categories."""
    from scipy import sparse

    blocks, cats = [], []
    for d in docs:
        rows = np.flatnonzero((d.y == 1) & ~d.rule_removed & d.table.nonempty)
        if len(rows) == 0:
            continue
        blocks.append(line_matrix(d.table, rows, CATEGORY_BITS))
        cats += [d.category[i] for i in rows.tolist()]
    return sparse.vstack(blocks, format="csr"), np.array(cats)


def fit_categories(docs: list[Prepared]) -> CategoryModel:
    """The category stage: multinomial logistic regression on the drop lines, sites capped."""
    from sklearn.linear_model import LogisticRegression

    x, cats = category_rows(docs)
    weight = site_weights(docs)
    w = np.concatenate([np.full(int(((d.y == 1) & ~d.rule_removed & d.table.nonempty).sum()), weight[d.site])
                        for d in docs])
    clf = LogisticRegression(C=1.0, max_iter=300, tol=1e-3)
    clf.fit(x, cats, sample_weight=w)
    coef = clf.coef_
    return CategoryModel(tuple(str(c) for c in clf.classes_), coef[:, : len(DENSE_NAMES)].astype(np.float32),
                         coef[:, len(DENSE_NAMES):].astype(np.float32), clf.intercept_.astype(np.float32))


def category_accuracy(docs: list[Prepared], k: int = 5) -> dict:
    """Category accuracy on the drop lines of held-out sites: sites dealt into ``k`` folds
    (:func:`site_folds`), each fold's drop lines named by a category stage trained on the other
    folds, every fold scored; against the keyword closeness the step used before. Lines
    labelled ``other`` (mostly one site's reader comments) are also scored apart from the
    named categories, so that one site cannot carry the figure."""
    from corpusprep.cleaners.boilerplate.classifier import closest_category

    fold = folds_by_site(docs, k)
    count: dict[str, list[int]] = {"all": [0, 0, 0], "named": [0, 0, 0], "other": [0, 0, 0]}  # lines, model, keywords
    for f in range(k):
        train = [d for d, g in zip(docs, fold) if g != f]
        test = [d for d, g in zip(docs, fold) if g == f]
        cm = fit_categories(train)
        for d in test:
            rows = np.flatnonzero((d.y == 1) & ~d.rule_removed & d.table.nonempty).tolist()
            for li, (name, _) in zip(rows, cm.predict(d.table, rows)):
                truth = d.category[li]
                for group in ("all", "other" if truth == "other" else "named"):
                    c = count[group]
                    c[0] += 1
                    c[1] += name == truth
                    c[2] += closest_category(d.lines[li]) == truth
    out: dict = {"folds": k}
    for group, (n, right, keyword) in count.items():
        scored = {"lines": n, "model": round(right / max(n, 1), 4), "keywords": round(keyword / max(n, 1), 4)}
        if group == "all":
            out.update(scored)
        else:
            out[group] = scored
    return out


def decisions(model: LineModel, d: Prepared, threshold: float) -> np.ndarray:
    """Lines removed by rules or by the model at ``threshold``."""
    return d.rule_removed | d.model_removed(model.predict(d.table), threshold)


def scores(pairs: list[tuple[np.ndarray, np.ndarray]]) -> dict:
    """Line-level P/R/F1 of boilerplate removal and the share of content lines lost."""
    tp = fp = fn = tn = 0
    doc_loss = []
    for y, removed in pairs:
        m = y >= 0
        yy, rr = y[m] == 1, removed[m]
        tp += int((yy & rr).sum())
        fp += int((~yy & rr).sum())
        fn += int((yy & ~rr).sum())
        tn += int((~yy & ~rr).sum())
        if (~yy).any():
            doc_loss.append(float((~yy & rr).sum() / (~yy).sum()))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    lost = fp / (fp + tn) if fp + tn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "content_lost": round(lost, 4),
            "content_lost_per_doc": round(float(np.mean(doc_loss)) if doc_loss else 0.0, 4),
            "drop_lines": tp + fn, "keep_lines": fp + tn}


THRESHOLDS = [round(x, 2) for x in np.arange(0.30, 0.99, 0.01)]


def curve(probs: list[np.ndarray], docs: list[Prepared]) -> dict[float, dict]:
    """Scores of rules + model at every threshold of :data:`THRESHOLDS`."""
    return {t: scores([(d.y, d.rule_removed | d.model_removed(p, t)) for d, p in zip(docs, probs)])
            for t in THRESHOLDS}


def choose_threshold(probs: list[np.ndarray], docs: list[Prepared]) -> float:
    """The threshold with the best F1 over all lines among those whose article text loses
    at most :data:`LOSS_BUDGET` of each document's content lines on average (a per-document
    mean: one long list of names must not decide for every site); else the one losing least."""
    c = curve(probs, docs)
    arts = [(d, p) for d, p in zip(docs, probs) if d.kind == "article"] or list(zip(docs, probs))
    ca = curve([p for _, p in arts], [d for d, _ in arts])
    ok = [t for t in THRESHOLDS if ca[t]["content_lost_per_doc"] <= LOSS_BUDGET]
    if not ok:
        return min(THRESHOLDS, key=lambda t: (ca[t]["content_lost_per_doc"], -t))
    return max(ok, key=lambda t: (c[t]["f1"], t))


def deleted_lines(lines: list[str], edits: list, n_lines: int) -> np.ndarray:
    """Lines of ``"\\n".join(lines)`` that ``edits`` delete: at least half of their visible
    characters inside an edit that leaves only whitespace."""
    text = "\n".join(lines)
    gone = np.zeros(len(text) + 1, dtype=np.int32)
    for e in edits:
        if not e.new.strip():
            gone[e.start] += 1
            gone[e.end] -= 1
    covered = np.cumsum(gone)[: len(text)] > 0
    out = np.zeros(n_lines, dtype=bool)
    pos = 0
    for i, line in enumerate(lines):
        vis = [pos + j for j, c in enumerate(line) if not c.isspace()]
        if vis and covered[vis].sum() * 2 >= len(vis):
            out[i] = True
        pos += len(line) + 1
    return out


def step_removed(step: RemoveBoilerplate, d: Prepared) -> np.ndarray:
    """Lines of ``d`` the step removes (at least half of their visible characters deleted)."""
    return deleted_lines(d.lines, step.edits("\n".join(d.lines), Context(d.doc_id)), d.table.n_lines)


def dedupe_removed(d: Prepared, removed: np.ndarray) -> np.ndarray:
    """Lines the pipeline's next cleaning step takes after the boilerplate step: the later
    copies of repeated paragraphs (``RemoveDuplicateParagraphs``, on by default), run on the
    document with the step's removed lines emptied. (The pipeline reflows page-broken lines
    in between; a line joined to its neighbour there is compared here on its own.)"""
    lines = [("" if gone else line) for line, gone in zip(d.lines, removed.tolist())]
    edits = RemoveDuplicateParagraphs().edits("\n".join(lines), Context(d.doc_id))
    return deleted_lines(lines, edits, d.table.n_lines)


def c4_removed(d: Prepared) -> np.ndarray:
    """The C4-style one-liner: keep only lines ending in 。！？…” (on the same lines)."""
    ends = tuple("。！？…”!?\"")
    return np.array([bool(line.strip()) and not line.strip().endswith(ends) for line in d.lines]
                    + [False] * (d.table.n_lines - len(d.lines)))


def evaluate(docs: list[Prepared], k: int, c1: float, fixed: float | None = None,
             fold_dir: Path | None = None, reuse: bool = False, fingerprint: str = "",
             heldout: Path = HELDOUT) -> dict:
    """Held-out-site scores: sites dealt into ``k`` folds; each fold scored by a model
    trained on the other folds only (no site is ever scored by a model that saw it).
    ``fixed``: score the step at this threshold instead of choosing one. ``fold_dir``: save
    each fold's model there (``fold<f>.npz``), or with ``reuse`` load them from there instead
    of training (their ``fingerprint`` must be this run's: :func:`fold_fingerprint`).
    ``heldout``: where every scored line goes (:func:`_write_heldout`)."""
    fold_of = site_folds({d.site for d in docs}, k)
    trains = [[d for d in docs if fold_of[d.site] != f] for f in range(k)]  # windows with their site
    docs = [d for d in docs if not d.window]
    fold = [fold_of[d.site] for d in docs]
    probs: list[np.ndarray | None] = [None] * len(docs)
    models = []
    for f in range(k):
        path = fold_dir / f"fold{f}.npz" if fold_dir is not None else None
        if reuse and path is not None:
            model = load_fold(path, fingerprint)
        else:
            model = fit(trains[f], c1)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                meta = {"fingerprint": fingerprint, "fold": f, "folds": k, "dense": list(DENSE_NAMES),
                        "context": list(CONTEXT_NAMES)}
                LineModel(model.dense_w, model.hash_w, model.trees, 0.5, meta).save(str(path))
        models.append(model)
        for i, (d, g) in enumerate(zip(docs, fold)):
            if g == f:
                probs[i] = model.predict(d.table)
        print(f"  fold {f + 1}/{k} done", file=sys.stderr)
    chosen = choose_threshold(probs, docs)
    threshold = chosen if fixed is None else fixed
    # the figures at the chosen threshold come from the step itself (rules, the model, its
    # passes until nothing changes), each document with the model of its fold. The step
    # removes a little more than one pass, so the budget binds the step: while its article
    # text loses more than the budget per document, the next higher threshold is taken
    articles = [i for i, d in enumerate(docs) if d.kind == "article"]
    while True:
        steps = [RemoveBoilerplate(model=m, threshold=threshold) for m in models]
        removed = [step_removed(steps[g], d) for d, g in zip(docs, fold)]
        lost = scores([(docs[i].y, removed[i]) for i in articles])["content_lost_per_doc"] if articles else 0.0
        higher = [t for t in THRESHOLDS if t > threshold]
        print(f"  threshold {threshold}: the step loses {lost:.2%} of article content per document", file=sys.stderr)
        if lost <= LOSS_BUDGET or not higher or fixed is not None:
            break
        threshold = higher[0]
    _write_heldout(docs, probs, removed, heldout)
    corpus = corpus_removed(docs)
    if TRAIN_RULES is None:
        package_rules = [d.rule_removed for d in docs]
    else:  # what the package's rules alone remove
        pkg = RemoveBoilerplate(classify=False)
        package_rules = [covered_lines(pkg.rule_pass("\n".join(d.lines), model=True), d.table.n_lines) for d in docs]
    out: dict = {"folds": k, "threshold": threshold, "loss_budget": LOSS_BUDGET, "by_kind": {}, "by_site": {},
                 "curve": {}}
    if TRAIN_RULES is not None:
        out["notes"] = [f"The model is trained on documents prepared with the rule files of `{TRAIN_RULES[0].parent.name}/` "
                        "(`--train-rules`); the step's rows run it with the package's rules, as it ships, and so do the "
                        "*rules alone* rows. The threshold curve is one pass of the model after the training rules."]
    if fixed is not None:
        out["threshold_fixed"] = fixed
        out["threshold_chosen"] = chosen
    for kind in sorted({d.kind for d in docs}):
        sel = [(d, p) for d, p in zip(docs, probs) if d.kind == kind]
        out["curve"][kind] = {str(t): v for t, v in curve([p for _, p in sel], [d for d, _ in sel]).items()}
        out["by_kind"][kind] = {
            "model": scores([(d.y, r) for d, r in zip(docs, removed) if d.kind == kind]),
            "with_corpus_pass": scores([(d.y, r | c) for d, r, c in zip(docs, removed, corpus) if d.kind == kind]),
            "with_dedupe": scores([(d.y, r | dedupe_removed(d, r)) for d, r in zip(docs, removed) if d.kind == kind]),
            "model_one_pass": scores([(d.y, d.rule_removed | d.model_removed(p, threshold)) for d, p in sel]),
            "rules_only": scores([(d.y, package_rules[i]) for i, d in enumerate(docs) if d.kind == kind]),
            "c4": scores([(d.y, c4_removed(d)) for d, _ in sel]),
            "docs": len(sel), "sites": len({d.site for d, _ in sel}),
        }
    for site in sorted({d.site for d in docs}):
        sel = [(d, r) for d, r in zip(docs, removed) if d.site == site]
        out["by_site"][site] = {"kind": sorted({d.kind for d, _ in sel}), "docs": len(sel),
                                **scores([(d.y, r) for d, r in sel])}
    return out


def corpus_removed(docs: list[Prepared]) -> list[np.ndarray]:
    """Lines the corpus pass of ``process()`` removes (``RemoveRepeatedLines``, on by default:
    lines in at least :data:`~corpusprep.dataset.REPEATED_LINES` documents of the site, digits folded only
    where a line is neither the headline nor prose), counted over each site's documents as
    the model sees them. It reads no label, so it is as blind to a held-out site as the model."""
    from corpusprep.corpus import RemoveRepeatedLines, count_repeated_lines
    from corpusprep.dataset import REPEATED_LINES

    rep = count_repeated_lines([(d.site, "\n".join(d.lines)) for d in docs], threshold=REPEATED_LINES)
    site_of = {d.doc_id: d.site for d in docs}
    step = RemoveRepeatedLines.from_counts(rep, group_of=site_of.__getitem__)  # one step, each document's site
    out = []
    for d in docs:
        text = "\n".join(d.lines)
        gone = np.zeros(d.table.n_lines, dtype=bool)
        starts = np.cumsum([0] + [len(x) + 1 for x in d.lines[:-1]])
        for e in step.edits(text, Context(d.doc_id)):
            gone[int(np.searchsorted(starts, e.start, side="right")) - 1] = True
        out.append(gone)
    return out


def _write_heldout(docs: list[Prepared], probs: list[np.ndarray], removed: list[np.ndarray], path: Path) -> None:
    """Every labelled line not removed by a rule, with its held-out probability and whether
    the step (all its passes) removed it (``heldout.parquet``, git-ignored: for reading
    errors, not for training)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    recs: dict[str, list] = {k: [] for k in ("doc_id", "site", "kind", "line_no", "label", "p", "step_removed", "text")}
    for d, p, r in zip(docs, probs, removed):
        for i in np.flatnonzero((d.y >= 0) & ~d.rule_removed & d.table.nonempty).tolist():
            for k, v in (("doc_id", d.doc_id), ("site", d.site), ("kind", d.kind), ("line_no", i),
                         ("label", int(d.y[i])), ("p", float(p[i])), ("step_removed", bool(r[i])),
                         ("text", d.lines[i])):
                recs[k].append(v)
    pq.write_table(pa.table(recs), path, compression="zstd")


def fold_fingerprint(paths: list[Path], settings: dict, steps: list) -> str:
    """What the fold models of an evaluation depend on: the data, the training rules, the
    settings, the configurations of the pre-steps ``steps`` (:func:`pre_steps`) and the code
    of the boilerplate package (its rule pass and run detectors prepare the training rows, its
    features describe them). Saved fold models are reused (``--folds-from``) only under the same
    fingerprint; the package's rule files are not in it (scoring them is what reuse is for)."""
    h = hashlib.sha256(data_digest(paths).encode())
    for p in TRAIN_RULES or []:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    pre = [[st.name, st.version, st.config()] for st in steps]
    h.update(json.dumps({**settings, "trees": TREES, "salt": FOLD_SALT, "pre_steps": pre, "hash_bits": HASH_BITS,
                         "dense": DENSE_NAMES, "context": CONTEXT_NAMES}, sort_keys=True, default=str).encode())
    cleaners = ROOT / "corpusprep" / "cleaners"
    for code in [*sorted((cleaners / "boilerplate").glob("*.py")), cleaners / "chardata.py"]:
        h.update(code.name.encode())
        h.update(code.read_bytes())
    return h.hexdigest()[:16]


def load_fold(path: Path, fingerprint: str) -> LineModel:
    """A fold model saved by ``--save-folds``, if it was trained under ``fingerprint``."""
    if not path.exists():
        raise SystemExit(f"{path}: no saved fold model (run --evaluate --save-folds {path.parent} first)")
    model = LineModel.load(str(path))
    if model.meta.get("fingerprint") != fingerprint:
        raise SystemExit(f"{path}: trained on other data, rules, settings or features "
                         f"(fingerprint {model.meta.get('fingerprint')}, this run {fingerprint}); "
                         "train the folds again with --save-folds")
    return model


def data_digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    global WINDOW_WEIGHT, CASCADE_WEIGHT, CASCADE_THRESHOLD, RULE_ROWS, TRAIN_RULES
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, nargs="*", default=None, help="Parquet files (default: data/*.parquet)")
    ap.add_argument("--out", type=Path, default=SHIPPED)
    ap.add_argument("--limit", type=int, default=None, help="train on a deterministic sample of N documents")
    ap.add_argument("--evaluate", action="store_true", help="held-out-site evaluation -> results.json")
    ap.add_argument("--results", type=Path, default=RESULTS,
                    help="where --evaluate writes its scores (heldout.parquet goes beside them)")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--c1", type=float, default=1.0)
    ap.add_argument("--threshold", type=float, default=None,
                    help="ship and score this threshold instead of choosing one (recorded in the model's meta)")
    ap.add_argument("--window-weight", type=float, default=WINDOW_WEIGHT,
                    help="weight of the short-window training rows (0: none)")
    ap.add_argument("--train-rules", type=Path, default=None,
                    help="prepare the training documents with the rule files (*.toml) of this folder")
    ap.add_argument("--rule-rows", action="store_true",
                    help="stage 1 also trains on rule-removed lines (their own rule_hit read as 0)")
    ap.add_argument("--cascade-weight", type=float, default=CASCADE_WEIGHT,
                    help="weight of the cascade rows, documents after a first pass (0: none)")
    ap.add_argument("--save-folds", type=Path, default=None, metavar="DIR",
                    help="with --evaluate: also save each fold's model in DIR, for --folds-from")
    ap.add_argument("--folds-from", type=Path, default=None, metavar="DIR",
                    help="with --evaluate: score with the fold models saved in DIR instead of training them "
                         "(a rule change scored in under a minute); writes results.json, not the shipped model")
    a = ap.parse_args(argv)
    if (a.save_folds or a.folds_from) and not a.evaluate:
        ap.error("--save-folds and --folds-from go with --evaluate")
    RULE_ROWS = a.rule_rows
    TRAIN_RULES = sorted(a.train_rules.glob("*.toml")) if a.train_rules else None
    WINDOW_WEIGHT = a.window_weight
    CASCADE_WEIGHT = a.cascade_weight
    if a.threshold is not None:
        CASCADE_THRESHOLD = a.threshold
    paths = a.data or sorted(DATA.glob("*.parquet"))
    if not paths:
        print(f"no training data under {DATA}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    rows = load_rows(paths, a.limit)
    steps = pre_steps()
    # the training pack's rule pass as it was: a block's run then ended at another rule's line,
    # and the rules read Markdown emphasis markers as they stood
    step = RemoveBoilerplate(load_rules(TRAIN_RULES) if TRAIN_RULES else None, classify=False,
                             blocks_through_rules=TRAIN_RULES is None, markdown_emphasis=TRAIN_RULES is None)
    docs = prepare_all(rows, steps, step, windows=a.window_weight > 0)
    full = [d for d in docs if not d.window]
    print(f"prepared {len(full)} documents and {len(docs) - len(full)} windows from {len({d.site for d in docs})} sites "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    threshold = 0.5
    if a.evaluate:
        settings = {"folds": a.folds, "c1": a.c1, "window_weight": a.window_weight, "rule_rows": a.rule_rows,
                    "cascade_weight": a.cascade_weight, "cascade_threshold": CASCADE_THRESHOLD}
        fold_dir = a.folds_from or a.save_folds
        res = evaluate(docs, a.folds, a.c1, a.threshold, fold_dir, a.folds_from is not None,
                       fold_fingerprint(paths, settings, steps) if fold_dir else "",
                       a.results.with_name(HELDOUT.name))
        cats_file = (fold_dir or Path()) / "categories.json"
        if a.folds_from is not None and cats_file.exists():  # it depends on the training data alone
            res["categories"] = json.loads(cats_file.read_text())
        else:
            res["categories"] = category_accuracy(full)
            if a.save_folds is not None:
                cats_file.write_text(json.dumps(res["categories"]) + "\n")
        threshold = res["threshold"]
        a.results.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n")
        for kind, v in res["by_kind"].items():
            print(kind, json.dumps(v, ensure_ascii=False))
        if a.folds_from is not None:
            print(f"scored with the fold models of {a.folds_from} in {time.perf_counter() - t0:.1f} s "
                  "(no model trained or written)", file=sys.stderr)
            return 0
    model = fit(docs, a.c1)
    categories = fit_categories(full)
    if a.threshold is not None:
        threshold = a.threshold
    elif not a.evaluate:
        oof_free = [model.predict(d.table) for d in full]  # in-sample: only when no evaluation ran
        threshold = max(choose_threshold(oof_free, full), 0.5)
    meta = {
        "trained_on": [p.name for p in sorted(paths)], "data_sha256": data_digest(paths),
        "documents": len(full), "sites": len({d.site for d in docs}), "c1": a.c1, "trees": TREES,
        "windows": {"lines": list(WINDOW_LINES), "weight": a.window_weight, "count": len(docs) - len(full)},
        "cascade": {"weight": a.cascade_weight, "threshold": CASCADE_THRESHOLD},
        "threshold_from": ("fixed (--threshold)" if a.threshold is not None else
                           "held-out-site predictions" if a.evaluate else "in-sample predictions"),
        "dense": list(DENSE_NAMES), "context": list(CONTEXT_NAMES), "hash_bits": HASH_BITS,
    }
    model = LineModel(model.dense_w, model.hash_w, model.trees, threshold, meta, categories)
    model.save(str(a.out))
    print(f"wrote {a.out} (threshold {threshold}, {a.out.stat().st_size // 1024} KB) "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
