"""Runs of lines: the stretches the run detectors (infographics, charts, lists of other
articles) look for.

>>> find_runs(["甲", "1", "", "2", "乙", "3"], lambda i, s: s if s.isdigit() else None,
...           lambda values: True, min_lines=2)
[(1, 3)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["find_runs"]


def find_runs(lines: Sequence[str], member: Callable[[int, str], Any], accept: Callable[[list[Any]], bool],
              min_lines: int, skip: Sequence[bool] | None = None) -> list[tuple[int, int]]:
    """Index ranges ``(first, last)`` of runs of ``min_lines`` or more member lines in a row
    that ``accept`` takes. ``member(i, stripped_line)`` is a member's value (handed to
    ``accept`` with the run's others) or None, which ends the run; blank lines and ``skip``
    lines neither join nor end one."""
    runs: list[tuple[int, int]] = []
    at: list[int] = []
    values: list[Any] = []

    def close() -> None:
        if len(at) >= min_lines and accept(values):
            runs.append((at[0], at[-1]))
        at.clear()
        values.clear()

    for i, line in enumerate(lines):
        s = line.strip()
        if not s or skip is not None and skip[i]:
            continue
        value = member(i, s)
        if value is None:
            close()
        else:
            at.append(i)
            values.append(value)
    close()
    return runs
