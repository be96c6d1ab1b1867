"""The article's main block: the densest stretch of prose lines in a page.

In the spirit of CETD (content extraction by text density) and jusText's context-sensitive
classes: every non-empty line gets a weight, positive for prose (more for longer lines),
negative for short lines without sentence punctuation; the main block is the stretch of
lines with the largest total weight (a maximum-sum subarray, found with two cumulative
scans in numpy). Menus, channel lists and share bars above it, and recommendation lists
and footers after it, fall outside; headings, list items and short quotes inside it stay
inside. The line model reads the block as features (inside, before, after, distance),
so a short line far above the block needs less other evidence to go.

>>> import numpy as np
>>> length = np.array([4, 3, 5, 80, 6, 90, 70, 5, 4, 6])
>>> prose = length >= 60
>>> main_block(length, prose, length > 0)
(3, 6)
"""

from __future__ import annotations

import numpy as np

__all__ = ["main_block", "line_weights"]

#: what a short non-prose line costs the block (a prose line earns 1 + length / PROSE_SCALE)
SHORT_COST = 1.0
PROSE_SCALE = 60
PROSE_CAP = 300


def line_weights(length: np.ndarray, prose: np.ndarray, nonempty: np.ndarray) -> np.ndarray:
    """Each line's weight toward the main block (0 for empty lines)."""
    return _scaled_weights(length, prose, nonempty) / PROSE_SCALE


def _scaled_weights(length: np.ndarray, prose: np.ndarray, nonempty: np.ndarray) -> np.ndarray:
    """:func:`line_weights` times ``PROSE_SCALE``: whole numbers, so that sums are exact."""
    w = np.where(prose, PROSE_SCALE + np.minimum(length, PROSE_CAP), -SHORT_COST * PROSE_SCALE).astype(np.int64)
    return np.where(nonempty, w, 0)


def main_block(length: np.ndarray, prose: np.ndarray, nonempty: np.ndarray) -> tuple[int, int]:
    """``(first, last)`` line indexes of the main block (inclusive), trimmed to non-empty
    lines; ``(n, -1)`` when the document has no prose line.

    >>> import numpy as np
    >>> main_block(np.array([3, 4]), np.array([False, False]), np.array([True, True]))
    (2, -1)
    """
    first, last = main_blocks(length, prose, nonempty, np.array([0, len(length)]))[0].tolist()
    return first, last


def main_blocks(length: np.ndarray, prose: np.ndarray, nonempty: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """:func:`main_block` of every document of a batch at once: ``bounds`` (``n_docs + 1``
    line indexes) delimits the documents; one ``(first, last)`` row per document, in its
    own line indexes.

    The heaviest stretch ends where the prefix sum minus the smallest prefix sum before it
    is largest (the first such line); it starts after the last place that smallest sum is
    reached (of stretches of equal weight, the one that ends first, then the shorter).
    Weights are whole numbers (:func:`line_weights` times ``PROSE_SCALE``), so sums and
    ties are exact. Prefix sums restart at each document: each document's sums are shifted
    below all of the previous documents' before one running minimum over the batch.

    >>> import numpy as np
    >>> length = np.array([4, 80, 3, 90, 5])
    >>> main_blocks(length, length >= 60, length > 0, np.array([0, 2, 2, 5])).tolist()
    [[1, 1], [0, -1], [1, 1]]
    """
    bounds = np.asarray(bounds, dtype=np.int64)
    n_docs = len(bounds) - 1
    n = int(bounds[-1])
    out = np.empty((n_docs, 2), dtype=np.int64)
    out[:, 0], out[:, 1] = np.diff(bounds), -1  # no prose: (n, -1)
    if n == 0 or not prose.any():
        return out
    sizes = np.diff(bounds)
    if (sizes == 0).any():  # an empty document has no block: the others, without it
        has_lines = sizes > 0
        out[has_lines] = main_blocks(length, prose, nonempty, np.append(bounds[:-1][has_lines], n))
        return out
    doc = np.repeat(np.arange(n_docs), np.diff(bounds))
    starts = bounds[:-1]
    w = _scaled_weights(length, prose, nonempty)
    total = np.cumsum(w)
    after = total - (total - w)[starts][doc]  # the document's sum up to and including each line
    before = after - w  # ... before each line
    shift = (int(np.abs(w).sum()) * 2 + 1) * doc  # each document's sums below the previous one's
    low = np.minimum.accumulate(before - shift) + shift  # the smallest sum before each line
    gain = after - low  # the heaviest stretch ending at each line
    idx = np.arange(n)
    end = np.minimum.reduceat(np.where(gain == np.maximum.reduceat(gain, starts)[doc], idx, n), starts)
    # the last place at or before each line where the running minimum was reached (a
    # document's first line always is one)
    reached = np.maximum.accumulate(np.where(before == low, idx, -1))
    start = reached[end]
    # trimmed to prose lines (a block starts and ends with prose)
    at = np.flatnonzero(prose)
    first = at[np.minimum(np.searchsorted(at, start), len(at) - 1)]
    last = at[np.maximum(np.searchsorted(at, end, side="right") - 1, 0)]
    has = np.add.reduceat(prose.astype(np.int64), starts) > 0
    out[has, 0] = (first - starts)[has]
    out[has, 1] = (last - starts)[has]
    return out
