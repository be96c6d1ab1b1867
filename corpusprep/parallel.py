"""Sharding and the process pool: bounded in flight, results in shard order.

Output is deterministic because shards are cut in the main process in input order and
their results are handed back in that order, whatever the number of workers.

>>> list(ordered_map(lambda x: x * x, iter([1, 2, 3]), workers=1))
[1, 4, 9]
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Any, TypeVar

from .errors import ConfigError

__all__ = ["batched", "default_workers", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to ``size`` consecutive items.

    >>> list(batched("abcde", 2))
    [['a', 'b'], ['c', 'd'], ['e']]
    """
    if size < 1:
        raise ConfigError(f"batch size must be at least 1, got {size}")
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ordered_map(
    fn: Callable[[T], R],
    items: Iterator[T],
    *,
    workers: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    in_flight: int | None = None,
) -> Iterator[R]:
    """``map(fn, items)`` over a process pool, at most ``in_flight`` items pending.

    ``items`` is consumed lazily, so memory stays bounded; results come in input order.
    With ``workers == 1``, or a single item, everything runs in this process.
    """
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if workers == 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, items)
        return
    first = list(islice(items, 2))
    if len(first) < 2:  # a single batch: a pool would only add start-up time
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, first)
        return
    items = chain(first, items)
    limit = in_flight or 2 * workers
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=initializer, initargs=initargs) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
