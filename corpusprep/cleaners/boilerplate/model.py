"""The trained boilerplate line model: a linear stage and a tree stage, evaluated with numpy.

Stage 1 (a logistic regression) scores each line from its own features (:mod:`.features`:
dense shape features and hashed character n-grams). Stage 2 reads the stage-1 scores of the line's neighbours (the
two lines before and after, the mean of a window, the share of neighbours scored as
boilerplate, the mean inside the main block and over the document) with the line's block
and position features, in a small ensemble of gradient-boosted trees, so a short line
inside a list of teasers goes and the same line between two paragraphs stays.

The weights ship in the package (``line_model.npz``, about 1.1 MB) and are evaluated with
numpy alone: no download, no scikit-learn at run time, the same result on every run.
``benchmarks/boilerplate/train.py`` rebuilds them from the stored training data.

Every decision can be explained: :meth:`LineModel.explain` lists the features that pushed
the line's stage-1 score most (n-grams by their text, dense features by name).

>>> m = LineModel.load()
>>> t = line_table("国际新闻\\n市场平稳运行，交易量比上月增长百分之五，各方反应积极。\\n分享到：微信 微博")
>>> p = m.predict(t)
>>> bool(p[1] < m.threshold)
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ...errors import ConfigError
from .features import (
    _CLASS,
    DENSE_NAMES,
    GRAM_SPAN,
    HASH_BITS,
    SPACE,
    LineTable,
    line_table,
)

__all__ = ["CONTEXT_NAMES", "CategoryModel", "LineModel", "TreeEnsemble", "context_features", "stage1_logits"]

#: stage-2 inputs beyond the dense features
CONTEXT_NAMES: tuple[str, ...] = (
    "z", "z_prev", "z_next", "z_prev2", "z_next2", "z_mean3", "drop_share5", "z_block_mean", "z_doc_mean",
)
_WINDOW = 3
_SHARE_WINDOW = 5

#: human names of dense features for explanations
_DENSE_LABEL = {
    "len_le_4": "very short line", "len_le_8": "short line", "len_le_16": "short line (≤16)",
    "len_le_32": "line ≤32 chars", "len_ge_64": "long line", "len_ge_128": "very long line",
    "no_terminal": "no sentence end", "end_statement": "ends a sentence", "prose": "prose line",
    "before_block": "above the main text", "after_block": "below the main text", "in_block": "inside the main text",
    "rule_hit": "a rule matched it", "prev_rule_hit": "after a rule-removed line",
    "next_rule_hit": "before a rule-removed line", "short_run": "in a run of short lines",
    "graphic_run": "in an infographic run", "log_doc_lines": "document length", "rel_position": "position in the document",
    "block_share": "main block's share of the text", "log_to_block": "distance to the main text",
    "block_overlap": "words shared with the main text",
    "log_from_start": "lines from the top", "log_from_end": "lines from the bottom", "doc_prose_share": "document's prose share",
    "space_ratio": "spaces in the line", "cjk_ratio": "share of Chinese characters", "digit_ratio": "share of digits",
    "latin_ratio": "share of Latin letters", "punct_ratio": "share of punctuation", "has_colon": "a colon",
    "has_pipe": "a | bar", "has_slash": "a slash", "has_url": "a URL", "has_md_link": "a Markdown link",
    "has_md_image": "a Markdown image", "end_colon": "ends with a colon", "start_bullet": "starts with a bullet",
    "enclosed": "in brackets", "first_line": "the first line", "last_line": "the last line",
}


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def _shifted(x: np.ndarray, doc: np.ndarray, k: int) -> np.ndarray:
    """``x`` moved by ``k`` places (positive: the value of the line ``k`` before), 0 where
    that line is outside the array or in another document (``doc``: the document of each
    place; a document's places are contiguous)."""
    out = np.zeros_like(x)
    if k > 0:
        out[k:] = np.where(doc[k:] == doc[:-k], x[:-k], 0)
    elif k < 0:
        out[:k] = np.where(doc[:k] == doc[-k:], x[-k:], 0)
    else:
        out[:] = x
    return out


def stage1_logits(table: LineTable, dense_w: np.ndarray, hash_w: np.ndarray) -> np.ndarray:
    """Stage-1 logit of every line of ``table`` under the weights ``dense_w`` and ``hash_w``.

    The dense part is a row-wise sum, not a matrix product: BLAS sums a row in an order
    that depends on how many rows there are, and a line must score the same whether its
    document is scored alone or in a batch.
    """
    z = (table.dense * dense_w.astype(table.dense.dtype, copy=False)).sum(axis=1)
    if len(table.gram_line):
        z = z + np.bincount(table.gram_line, weights=hash_w[table.gram_index] * table.gram_value,
                            minlength=table.n_lines)
    return z.astype(np.float64)


def _window_mean(x: np.ndarray, doc: np.ndarray, w: int) -> np.ndarray:
    """Mean of ``x`` over the ``w`` places on each side within the place's document (fewer
    at its edges), summed in one fixed order so that other documents change nothing."""
    total = x.copy()
    count = np.ones(len(x))
    ones = np.ones(len(x))
    for k in range(1, w + 1):
        for j in (k, -k):
            total += _shifted(x, doc, j)
            count += _shifted(ones, doc, j)
    return total / count


def context_features(z: np.ndarray, table: LineTable) -> np.ndarray:
    """Stage-2 inputs for every line: the stage-1 scores ``z`` around it (over the non-empty
    lines of its document) and the line's own dense features. Rows of empty lines are zeros.

    >>> t = line_table("甲\\n乙\\n丙")
    >>> context_features(np.array([1.0, 2.0, 3.0]), t).shape == (3, len(CONTEXT_NAMES) + len(DENSE_NAMES))
    True
    """
    n = table.n_lines
    out = np.zeros((n, len(CONTEXT_NAMES) + table.dense.shape[1]), dtype=np.float32)
    nz = np.flatnonzero(table.nonempty)
    if len(nz) == 0:
        return out
    zz = z[nz].astype(np.float64)
    doc = table.doc_of_line[nz]
    k_docs = len(table.bounds) - 1
    in_block = table.dense[nz, DENSE_NAMES.index("in_block")] > 0
    block_n = np.bincount(doc, weights=in_block, minlength=k_docs)
    block_mean = np.bincount(doc, weights=np.where(in_block, zz, 0.0), minlength=k_docs) / np.maximum(block_n, 1)
    doc_mean = np.bincount(doc, weights=zz, minlength=k_docs) / np.maximum(np.bincount(doc, minlength=k_docs), 1)
    k = len(CONTEXT_NAMES)
    out[nz, 0] = zz
    out[nz, 1], out[nz, 2] = _shifted(zz, doc, 1), _shifted(zz, doc, -1)
    out[nz, 3], out[nz, 4] = _shifted(zz, doc, 2), _shifted(zz, doc, -2)
    out[nz, 5] = _window_mean(zz, doc, _WINDOW)
    out[nz, 6] = _window_mean((zz > 0).astype(np.float64), doc, _SHARE_WINDOW)
    out[nz, 7] = block_mean[doc]
    out[nz, 8] = doc_mean[doc]
    out[nz, k:] = table.dense[nz]
    return out


@dataclass(frozen=True, slots=True, eq=False)
class TreeEnsemble:
    """Gradient-boosted binary trees as flat arrays (all trees' nodes in one table).

    A row goes left at a node when ``x[feature] <= threshold``; its score is ``baseline``
    plus the ``value`` of the leaf it reaches in each tree (``roots`` are the trees' first
    nodes). This is how scikit-learn's ``HistGradientBoostingClassifier`` predicts (without
    missing values or categorical splits, which the features never have).
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    baseline: float
    depth: int
    #: the walk's tables, derived in __post_init__, one per level: the level's nodes in
    #: order, two for each node of the level above (the one a row goes to when it does not
    #: go left, then the one it goes to when it does), so that a row at place ``j`` moves to
    #: ``2 * j + went_left`` and tree ``t`` holds places ``t * 2**level`` on; each level's
    #: (feature, threshold, threshold for float32 rows). A leaf above the last level stands
    #: in for both its children, comparing feature 0 against +inf.
    _levels: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...] = field(init=False, repr=False)
    #: the value of the leaf at each place of the level below the last
    _leaf_value: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        at = np.asarray(self.roots, dtype=np.intp)  # the node at each place of the level
        levels = []
        for _ in range(self.depth):
            leaf = self.leaf[at]
            threshold = np.where(leaf, np.inf, self.threshold[at])
            # the threshold for float32 rows: the largest float32 not above it, so that
            # ``x <= t32`` is ``x <= threshold`` for every float32 ``x``
            levels.append((np.where(leaf, 0, self.feature[at]).astype(np.intp), threshold,
                           _float32_at_most(threshold)))
            below = np.empty(2 * len(at), dtype=np.intp)
            below[0::2] = np.where(leaf, at, self.right[at])
            below[1::2] = np.where(leaf, at, self.left[at])
            at = below
        if not self.leaf[at].all():
            raise ConfigError(f"line model: trees deeper than their stated depth {self.depth}")
        object.__setattr__(self, "_levels", tuple(levels))
        object.__setattr__(self, "_leaf_value", np.asarray(self.value, dtype=np.float64)[at])

    def decision(self, x: np.ndarray) -> np.ndarray:
        """The ensemble's raw score (log-odds) of each row of ``x``.

        All rows walk all trees together, one level per step (:attr:`_levels`), so every
        walk takes ``depth`` steps of a few gathers. Rows go in chunks of ``_WALK_ROWS``
        through preallocated buffers: the working arrays stay in the CPU cache and no step
        allocates (about a third faster than whole arrays).
        """
        if len(x) == 0:
            return np.zeros(0)
        # which of a level's thresholds the rows compare against (see _levels)
        if np.asarray(x).dtype == np.float32:  # the features' own type: half the bytes to move
            x, thresholds = np.ascontiguousarray(x), 2
        else:
            x, thresholds = np.ascontiguousarray(x, dtype=np.float64), 1
        k = x.shape[1]
        out = np.empty(len(x))
        rows = min(len(x), _WALK_ROWS)
        shape = (rows, len(self.roots))
        place, index = np.empty(shape, dtype=np.intp), np.empty(shape, dtype=np.intp)
        value, bar = np.empty(shape, dtype=x.dtype), np.empty(shape, dtype=x.dtype)
        go_left = np.empty(shape, dtype=bool)
        base = (np.arange(rows) * k)[:, None]
        trees = np.arange(len(self.roots))
        for s in range(0, len(x), rows):
            r = min(rows, len(x) - s)
            flat = x[s : s + r].ravel()
            pl, ix, v, b, g = place[:r], index[:r], value[:r], bar[:r], go_left[:r]
            pl[:] = trees
            # (mode="clip": every index is in range, and take() with mode="raise" and out=
            # buffers its output, a copy per call)
            for level in self._levels:
                feature, threshold = level[0], level[thresholds]
                np.take(feature, pl, out=ix, mode="clip")
                ix += base[:r]
                np.take(flat, ix, out=v, mode="clip")
                np.take(threshold, pl, out=b, mode="clip")
                np.less_equal(v, b, out=g)
                pl *= 2
                pl += g
            out[s : s + r] = self._leaf_value[pl].sum(axis=1)
        return self.baseline + out

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}{k}": np.asarray(getattr(self, k)) for k in _TREE_FIELDS}

    @classmethod
    def from_arrays(cls, data: dict[str, np.ndarray], prefix: str) -> TreeEnsemble:
        vals = {k: data[f"{prefix}{k}"] for k in _TREE_FIELDS}
        return cls(**{**vals, "baseline": float(vals["baseline"]), "depth": int(vals["depth"])})


#: rows per chunk of the tree walk (its working arrays: rows x trees)
_WALK_ROWS = 128


def _float32_at_most(t: np.ndarray) -> np.ndarray:
    """Each of ``t`` (float64) as the largest float32 not above it.

    >>> _float32_at_most(np.array([0.1, 0.5, np.inf])).tolist() == [np.float32(0.099999994), 0.5, np.inf]
    True
    """
    t = np.asarray(t, dtype=np.float64)
    with np.errstate(over="ignore"):
        t32 = t.astype(np.float32)
    above = t32.astype(np.float64) > t
    t32[above] = np.nextafter(t32[above], np.float32(-np.inf))
    return t32

_TREE_FIELDS = ("feature", "threshold", "left", "right", "leaf", "value", "roots", "baseline", "depth")


#: n-gram buckets of the category model (the line model's buckets folded)
CATEGORY_BITS = 12


@dataclass(frozen=True, slots=True, eq=False)
class CategoryModel:
    """Which kind of boilerplate a removed line is: a multinomial logistic regression over
    the dense features and the line's n-grams folded into ``2 ** CATEGORY_BITS`` buckets.

    ``names``: the categories; ``dense_w``: ``(categories, dense)``; ``hash_w``:
    ``(categories, buckets)``; ``bias``: ``(categories,)``.
    """

    names: tuple[str, ...]
    dense_w: np.ndarray
    hash_w: np.ndarray
    bias: np.ndarray

    def predict(self, table: LineTable, lines: Sequence[int]) -> list[tuple[str, float]]:
        """``(category, probability)`` of each of ``lines`` of the document ``table`` describes."""
        if not lines:
            return []
        idx = np.asarray(lines)
        z = table.dense[idx].astype(np.float64) @ self.dense_w.T.astype(np.float64) + self.bias
        row_of = np.full(table.n_lines, -1, dtype=np.intp)  # each asked line's row in z
        row_of[idx] = np.arange(len(idx))
        at = row_of[table.gram_line]
        sel = at >= 0
        if sel.any():
            rows = at[sel]
            buckets = table.gram_index[sel] & ((1 << CATEGORY_BITS) - 1)
            contrib = self.hash_w[:, buckets] * table.gram_value[sel]  # (categories, grams)
            for c in range(len(self.names)):
                z[:, c] += np.bincount(rows, weights=contrib[c], minlength=len(lines))
        z = z - z.max(axis=1, keepdims=True)
        prob = np.exp(z)
        prob /= prob.sum(axis=1, keepdims=True)
        best = prob.argmax(axis=1)
        names = self.names
        return [(names[b], p) for b, p in zip(best.tolist(), prob[np.arange(len(best)), best].tolist())]


@dataclass(frozen=True, slots=True, eq=False)
class LineModel:
    """Weights of the two stages, the decision threshold and what they were trained on.

    ``dense_w``: stage-1 weights of the dense features; ``hash_w``: stage-1 weights of the
    n-gram buckets; ``trees``: the stage-2 ensemble over :func:`context_features`;
    ``threshold``: the probability from which a line is removed; ``meta``: training provenance;
    ``categories``: what kind of boilerplate a removed line is (None: keyword closeness).
    """

    dense_w: np.ndarray
    hash_w: np.ndarray
    trees: TreeEnsemble
    threshold: float
    meta: dict[str, Any]
    categories: CategoryModel | None = None
    #: the top n-gram contributions of lines explained before, by (line, top, its n-gram keys)
    _explained: dict[tuple[str, int, bytes], list[tuple[str, float]]] = field(
        default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.dense_w.shape != (len(DENSE_NAMES),):
            raise ConfigError(f"line model: {self.dense_w.shape[0]} dense weights, features have {len(DENSE_NAMES)}")
        if self.hash_w.shape != (1 << HASH_BITS,):
            raise ConfigError(f"line model: {self.hash_w.shape[0]} n-gram weights, expected {1 << HASH_BITS}")
        if len(self.trees.feature) and int(self.trees.feature.max()) >= len(CONTEXT_NAMES) + len(DENSE_NAMES):
            raise ConfigError("line model: stage-2 trees read features the context does not have")
        if not 0.0 < self.threshold < 1.0:
            raise ConfigError(f"line model: threshold must be in (0, 1), got {self.threshold}")
        # same counts but other names or order would read the wrong columns without a word
        for key, names in (("dense", DENSE_NAMES), ("context", CONTEXT_NAMES)):
            if key in self.meta and tuple(self.meta[key]) != names:
                raise ConfigError(f"line model: trained on other {key} features than this corpusprep computes "
                                  f"({len(self.meta[key])} named, {len(names)} here); retrain it "
                                  "(benchmarks/boilerplate/train.py)")

    @classmethod
    def load(cls, path: str | None = None) -> LineModel:
        """The shipped model (or the ``.npz`` file at ``path``)."""
        return _load(path)

    def save(self, path: str) -> None:
        """Write the model as a compressed ``.npz`` (what :meth:`load` reads)."""
        with open(path, "wb") as f:
            np.savez_compressed(
                f, dense_w=self.dense_w.astype(np.float32), hash_w=self.hash_w.astype(np.float32),
                **self.trees.arrays("tree_"), threshold=np.float64(self.threshold),
                **({} if self.categories is None else {
                    "cat_names": np.array(self.categories.names), "cat_dense_w": self.categories.dense_w.astype(np.float32),
                    "cat_hash_w": self.categories.hash_w.astype(np.float32), "cat_bias": self.categories.bias.astype(np.float32),
                }),
                meta=np.frombuffer(json.dumps(self.meta, sort_keys=True).encode(), dtype=np.uint8),
            )

    @property
    def digest(self) -> str:
        """A short hash of the weights (part of the pipeline fingerprint)."""
        import hashlib

        h = hashlib.sha256()
        for a in (self.dense_w, self.hash_w):
            h.update(np.ascontiguousarray(a, dtype=np.float32).tobytes())
        for a in self.trees.arrays("").values():
            h.update(np.ascontiguousarray(a).tobytes())
        if self.categories is not None:
            h.update("\x00".join(self.categories.names).encode())
            for a in (self.categories.dense_w, self.categories.hash_w, self.categories.bias):
                h.update(np.ascontiguousarray(a, dtype=np.float32).tobytes())
        h.update(repr(self.threshold).encode())
        return h.hexdigest()[:16]

    def stage1(self, table: LineTable) -> np.ndarray:
        """Stage-1 logit of every line."""
        return stage1_logits(table, self.dense_w, self.hash_w)

    def predict(self, table: LineTable, only: np.ndarray | None = None) -> np.ndarray:
        """Probability that each line is boilerplate (0 for empty lines).

        ``only``: a mask of the lines to score (the others get 0, and still are the
        context of their neighbours); each scored line gets what it gets without it.
        """
        z1 = self.stage1(table)
        ctx = context_features(z1, table)
        out = np.zeros(table.n_lines)
        nz = np.flatnonzero(table.nonempty if only is None else table.nonempty & only)
        out[nz] = _sigmoid(self.trees.decision(ctx[nz]))
        return out

    def explain(self, line: str, top: int = 3) -> list[tuple[str, float]]:
        """The stage-1 contributions that pushed ``line`` most toward removal, as
        ``(feature, weight)``: n-grams as 「text」, dense features by name.

        >>> m = LineModel.load()
        >>> len(m.explain("分享到：微信 微博", top=2))
        2
        """
        return self.explain_lines(line_table(line), {0: line}, top)[0]

    def explain_lines(self, table: LineTable, lines: dict[int, str], top: int = 3) -> dict[int, list[tuple[str, float]]]:
        """:meth:`explain` for the lines ``{index: text}`` of the document ``table`` describes."""
        if top < 1:
            raise ConfigError(f"top must be at least 1, got {top}")
        idx = list(lines)
        # dense contributions of every asked line at once (elementwise: each row as alone);
        # of each line's nonzero ones only those from its top-th largest up can be among its
        # top (ties included), so only those go on to Python
        dense = table.dense[idx] * self.dense_w
        dense[:, DENSE_NAMES.index("bias")] = 0
        nonzero = dense != 0
        if top < dense.shape[1]:
            ranked = np.where(nonzero, dense, -np.inf)
            least = -np.partition(-ranked, top - 1, axis=1)[:, top - 1]
            nonzero &= dense >= least[:, None]
        d_row, d_col = np.nonzero(nonzero)
        d_at = np.searchsorted(d_row, np.arange(len(idx) + 1)).tolist()
        d_val = dense[d_row, d_col].tolist()
        d_name = [_EXPLAIN_NAMES[k] for k in d_col.tolist()]
        # the asked lines' n-gram keys, by line (in gram_keys' order within a line), weighted
        asked = np.zeros(table.n_lines, dtype=bool)
        asked[idx] = True
        rows = np.flatnonzero(asked[table.gram_line])
        rows = rows[np.argsort(table.gram_line[rows], kind="stable")]
        g_count = np.bincount(table.gram_line[rows], minlength=table.n_lines)
        g_at = np.concatenate([[0], np.cumsum(g_count)]).tolist()
        g_key = table.gram_index[rows]
        g_val = (self.hash_w[g_key] * table.gram_value[rows]).tolist()
        g_bytes = g_key.astype(np.uint32, copy=False).tobytes()
        memo = self._explained
        out: dict[int, list[tuple[str, float]]] = {}
        for x, (i, line) in enumerate(lines.items()):
            contrib = dict(zip(d_name[d_at[x]:d_at[x + 1]], d_val[d_at[x]:d_at[x + 1]]))  # names are unique
            lo, hi = g_at[i], g_at[i + 1]
            # The n-gram part depends on the line's text and its n-gram keys alone (their
            # weights and 1/sqrt(count) values follow from the keys), and only its own top
            # entries can be among the line's top: remembered, for a site's repeated lines.
            key = (line, top, g_bytes[4 * lo:4 * hi])
            grams = memo.get(key)
            if grams is None:
                labels = _gram_labels(line)
                per_label: dict[str, float] = {}
                if len(labels) == hi - lo:  # labels follow gram_keys' order; a mismatch names nothing
                    for label, w in zip(labels, g_val[lo:hi]):
                        per_label[label] = per_label.get(label, 0.0) + w
                grams = _top(per_label, top)
                if len(memo) >= _EXPLAINED_MAX:
                    memo.clear()
                memo[key] = grams
            contrib.update(grams)  # n-gram labels are quoted: never a dense feature's name
            out[i] = [(k, round(v, 2)) for k, v in sorted(contrib.items(), key=_by_weight)[:top]]
        return out


_EXPLAIN_NAMES = [_DENSE_LABEL.get(n, n) for n in DENSE_NAMES]

#: lines whose n-gram explanations a model remembers at once (then it forgets them all)
_EXPLAINED_MAX = 10_000


def _top(contrib: dict[str, float], top: int) -> list[tuple[str, float]]:
    """The ``top`` entries by weight (ties by name), sorting only those that can be among them."""
    items: Any = contrib.items()
    if len(contrib) > top > 0:
        least = sorted(contrib.values(), reverse=True)[top - 1]
        items = [kv for kv in items if kv[1] >= least]
    return sorted(items, key=_by_weight)[:top]


def _by_weight(kv: tuple[str, float]) -> tuple[float, str]:
    return -kv[1], kv[0]


def _gram_labels(line: str) -> list[str]:
    """The text of each n-gram key of ``line``, in the order :func:`~.features.gram_keys`
    makes them: unigrams, bigrams, then the head and tail keys."""
    s = line.rstrip("\n")
    n = len(s)
    la = next((i for i in range(n - 1, -1, -1) if s[i] not in _SPACES), -1)  # the last visible
    if la < 0:
        return []
    cut = min(n, GRAM_SPAN)
    span = [i for i in range(cut) if s[i] not in _SPACES]
    labels = [f"「{s[i]}」" for i in span]
    labels += [f"「{s[i:i + 2]}」" for i in span if i + 1 < cut and s[i + 1] not in _SPACES]
    f = span[0] if span else next(i for i in range(cut, n) if s[i] not in _SPACES)
    labels += [f"starts 「{s[f:min(f + 1, la) + 1]}」", f"ends 「{s[max(la - 1, f):la + 1]}」"]
    return labels


#: the characters the features count as space (:data:`~.features.SPACE`; none outside the BMP)
_SPACES = frozenset(map(chr, np.flatnonzero(_CLASS == SPACE).tolist()))


@lru_cache(maxsize=4)
def _load(path: str | None) -> LineModel:
    if path is None:
        ref = resources.files("corpusprep.cleaners.boilerplate") / "line_model.npz"
        with ref.open("rb") as f:
            data = dict(np.load(f, allow_pickle=False))
    else:
        try:
            data = dict(np.load(path, allow_pickle=False))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read line model: {exc}") from None
    try:
        meta = json.loads(bytes(data["meta"]).decode())
        trees = TreeEnsemble.from_arrays(data, "tree_")
        cats = None
        if "cat_names" in data:
            cats = CategoryModel(tuple(str(x) for x in data["cat_names"]), data["cat_dense_w"], data["cat_hash_w"],
                                 data["cat_bias"])
        return LineModel(data["dense_w"], data["hash_w"], trees, float(data["threshold"]), meta, cats)
    except KeyError as exc:
        raise ConfigError(f"{path or 'line_model.npz'}: not a line model (missing {exc})") from None

