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
PROSE_SCALE = 60.0
PROSE_CAP = 300


def line_weights(length: np.ndarray, prose: np.ndarray, nonempty: np.ndarray) -> np.ndarray:
    """Each line's weight toward the main block (0 for empty lines)."""
    w = np.where(prose, 1.0 + np.minimum(length, PROSE_CAP) / PROSE_SCALE, -SHORT_COST)
    return np.where(nonempty, w, 0.0)


def main_block(length: np.ndarray, prose: np.ndarray, nonempty: np.ndarray) -> tuple[int, int]:
    """``(first, last)`` line indexes of the main block (inclusive), trimmed to non-empty
    lines; ``(n, -1)`` when the document has no prose line.

    >>> import numpy as np
    >>> main_block(np.array([3, 4]), np.array([False, False]), np.array([True, True]))
    (2, -1)
    """
    n = len(length)
    if not prose.any():
        return n, -1
    w = line_weights(length, prose, nonempty)
    c = np.concatenate([[0.0], np.cumsum(w)])  # c[j + 1] = sum of w[: j + 1]
    low = np.minimum.accumulate(c[:-1])  # the smallest prefix sum before each line
    gain = c[1:] - low
    end = int(np.argmax(gain))
    start = int(np.flatnonzero(c[: end + 1] == low[end])[-1])  # prefix c[start] ends before line start
    # trim leading/trailing non-prose lines (a block starts and ends with prose)
    idx = np.flatnonzero(prose[start:end + 1])
    return start + int(idx[0]), start + int(idx[-1])
