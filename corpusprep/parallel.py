"""Sharding and the process pool: bounded in flight, results in shard order.

Output is deterministic because shards are cut in the main process in input order and
their results are handed back in that order, whatever the number of workers.

>>> list(ordered_map(lambda x: x * x, iter([1, 2, 3]), workers=1))
[1, 4, 9]
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Any, TypeVar

from .allocator import keep_freed_memory
from .errors import ConfigError, WorkerError

__all__ = ["FORK_UNSAFE_MODULES", "START_METHODS", "WorkerPool", "batched", "call_in_worker", "check_not_starting_worker",
           "default_workers", "in_worker_process", "ordered_map", "start_method", "started_in_worker",
           "temporary_file", "worker_pool"]

#: how often a worker's fallback watcher thread checks that its parent still lives (seconds)
PARENT_POLL_SECONDS = 0.5

_NO_GUARD = (
    "a worker process exited before returning its first result. If it died while starting, most often the script that runs corpusprep has "
    "no `if __name__ == \"__main__\":` guard: each worker process (started with 'spawn') "
    "imports the script again and would run it again. Put the call under that guard. The "
    "worker's own error, if any, is printed above; otherwise it was killed (out of memory?)"
)

_DIED_STARTING = (
    "a worker process exited before returning its first result: it was killed (out of memory?) "
    "or crashed; its own error, if any, is printed above"
)

#: how worker processes may start: ``"auto"`` (fork where that is safe, else spawn), ``"fork"``, ``"spawn"``
START_METHODS = ("auto", "fork", "spawn")

#: the environment variable that sets the start method when a call does not
START_METHOD_ENV = "CORPUSPREP_START_METHOD"

#: modules a forked child cannot use once the parent has loaded them (their thread pools do
#: not survive a fork: polars hangs in the child)
FORK_UNSAFE_MODULES = frozenset({"polars"})

_IN_WORKER = False

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def start_method(requested: str | None = None, *, child_uses: Iterable[str] = ()) -> str:
    """The way worker processes start: ``"fork"`` or ``"spawn"``.

    ``requested`` (else the ``CORPUSPREP_START_METHOD`` environment variable, else
    ``"auto"``) is one of :data:`START_METHODS`. ``"auto"`` forks on Linux when nothing
    makes it unsafe: this process runs no Python thread besides the calling main thread.
    A forked worker starts at once, with the pipeline already built and its modules loaded
    (a spawned one imports them, unpickles the pipeline and compiles its patterns again:
    about a CPU-second per worker), and needs no ``if __name__ == "__main__":`` guard in
    the calling script. Elsewhere, or with threads running, ``"spawn"`` (a fresh
    interpreter) is the safe choice. ``child_uses``: modules the child will use; one that a
    fork breaks (:data:`FORK_UNSAFE_MODULES`) and that this process has loaded means spawn,
    even when fork is asked for (the child would hang).

    >>> start_method("spawn")
    'spawn'
    """
    method = requested if requested is not None else os.environ.get(START_METHOD_ENV) or "auto"
    if method not in START_METHODS:
        where = f"the {START_METHOD_ENV} environment variable" if requested is None else "start_method"
        raise ConfigError(f"{where} must be one of {START_METHODS}, got {method!r}")
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if method == "fork" and not forkable:
        raise ConfigError("start_method 'fork' is not available on this platform; use 'spawn'")
    if method == "spawn" or any(m in FORK_UNSAFE_MODULES and m in sys.modules for m in child_uses):
        return "spawn"
    if method == "fork":
        return method
    safe = (forkable and sys.platform.startswith("linux")
            and threading.current_thread() is threading.main_thread() and threading.active_count() == 1)
    return "fork" if safe else "spawn"


def in_worker_process() -> bool:
    """Whether this process is a pool worker started by :func:`ordered_map` (not the user's).

    >>> in_worker_process()
    False
    """
    return _IN_WORKER


def check_not_starting_worker() -> None:
    """Raise :class:`~corpusprep.errors.WorkerError` when called while a worker process starts.

    A spawned worker imports the main script again; a script without the
    ``if __name__ == "__main__":`` guard would start a whole run (and a pool) there. This
    stops it at once with a message naming the cause, so the worker exits and the parent
    reports a broken pool instead of waiting for it.
    """
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise WorkerError(
            "corpusprep was called while a worker process was starting: the script that runs "
            "it has no `if __name__ == \"__main__\":` guard, so each worker (started with "
            "'spawn') runs it again. Put the call under that guard"
        )


def _watch_parent(parent: int) -> None:
    """End this worker when its parent dies (the pool can no longer use or stop it).

    On Linux the kernel sends SIGKILL when the parent ends (``PR_SET_PDEATHSIG``);
    elsewhere, and as a fallback, a daemon thread polls ``os.getppid()``.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass
    if os.getppid() != parent:  # the parent died before the watch was set up
        os._exit(1)

    def poll() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=poll, name="corpusprep-parent-watch", daemon=True).start()


def _start_worker(parent: int, setup: str | None, initializer: Callable[..., Any] | None = None,
                  initargs: tuple[Any, ...] = ()) -> None:
    """Watch the parent, keep freed memory (:mod:`.allocator`), then run the pool's
    initializer: read from the file ``setup`` (a spawned worker), or given (``setup`` is
    ``None``: a forked worker, which has it in the memory it copied, nothing to read or
    unpickle)."""
    global _IN_WORKER
    _IN_WORKER = True
    _watch_parent(parent)
    keep_freed_memory()  # batch after batch, the same arrays: no faulting in fresh pages each time
    if setup is not None:
        with open(setup, "rb") as f:
            initializer, initargs = pickle.load(f)
    if initializer is not None:
        initializer(*initargs)


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


class WorkerPool:
    """Worker processes started ahead of their work (:func:`worker_pool`), for :func:`ordered_map`."""

    __slots__ = ("executor", "method", "started", "workers")

    def __init__(self, executor: ProcessPoolExecutor, workers: int, method: str = "spawn") -> None:
        self.executor = executor
        self.workers = workers
        self.method = method
        self.started = [False]  # a result came back: a later death is not a start-up failure


@contextmanager
def worker_pool(
    workers: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    worker_env: dict[str, str] | None = None,
    method: str | None = None,
) -> Iterator[WorkerPool]:
    """``workers`` processes that start now (imports, ``initializer``) while this
    process goes on with other work; give the pool to :func:`ordered_map` later. Same
    guarantees as :func:`ordered_map`'s own pool (they end with this process; a worker
    that dies gives a clear :class:`~corpusprep.errors.WorkerError`). ``method``: see
    :func:`start_method`.
    """
    if workers < 2:
        raise ConfigError(f"a worker pool needs at least 2 workers, got {workers}")
    method = start_method(method)
    with _start_pool(workers, initializer, initargs, worker_env or {}, method) as pool:
        yield WorkerPool(pool, workers, method)


def ordered_map(
    fn: Callable[[T], R],
    items: Iterator[T],
    *,
    workers: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    in_flight: int | None = None,
    worker_env: dict[str, str] | None = None,
    pool: WorkerPool | None = None,
    method: str | None = None,
) -> Iterator[R]:
    """``map(fn, items)`` over a process pool, at most ``in_flight`` items pending.

    ``items`` is consumed lazily, so memory stays bounded; results come in input order.
    With ``workers == 1``, or a single item, everything runs in this process; with
    ``pool`` (already started by :func:`worker_pool`, its initializer already run there),
    everything runs in that pool and ``workers``, ``initializer`` and ``worker_env`` are not used.

    ``worker_env`` is added to the workers' environment from their start (for settings a
    library reads once, when it is imported); this process's environment is restored
    once they have started.

    ``method``: how the workers start (:func:`start_method`; by default fork where that is
    safe). Workers end when this process dies (even by SIGKILL). A worker that dies (while
    starting, or killed) raises :class:`~corpusprep.errors.WorkerError` naming the
    likely cause, instead of leaving the run waiting.
    """
    if pool is not None:
        yield from _map_in(pool.executor, fn, items, in_flight or 2 * pool.workers, pool.started, pool.method)
        return
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
    method = start_method(method)
    with _start_pool(workers, initializer, initargs, worker_env or {}, method) as executor:
        yield from _map_in(executor, fn, chain(first, items), in_flight or 2 * workers, [False], method)


def _map_in(executor: ProcessPoolExecutor, fn: Callable[[T], R], items: Iterable[T], limit: int,
            started: list[bool], method: str) -> Iterator[R]:
    """:func:`ordered_map`'s loop over a started pool."""
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(_submit(executor, started, method, fn, item))
            if len(pending) >= limit:
                yield _result(pending.popleft(), started, method)
        while pending:
            yield _result(pending.popleft(), started, method)
    except BaseException:
        for fut in pending:
            fut.cancel()
        raise


def call_in_worker(fn: Callable[[T], R], item: T, method: str | None = None) -> R:
    """``fn(item)`` in a new worker process that ends afterwards, taking its memory with it.

    For a step whose libraries keep memory once used (polars keeps ~150 MB after one
    query): the calling process stays small. Same guarantees as :func:`ordered_map`'s
    workers (ends with this process; a clear :class:`~corpusprep.errors.WorkerError`).
    """
    with started_in_worker(fn, item, method) as result:
        return result()


@contextmanager
def started_in_worker(fn: Callable[[T], R], item: T, method: str | None = None) -> Iterator[Callable[[], R]]:
    """:func:`call_in_worker` started now, while this process goes on: the block gets a
    function that waits for ``fn(item)`` and returns it (or raises what it raised, or a
    :class:`~corpusprep.errors.WorkerError`). The process ends with the block.

    >>> with started_in_worker(abs, -3) as result:
    ...     value = result()  # after this process's own work, done meanwhile
    >>> value
    3
    """
    method = start_method(method)
    with _start_pool(1, None, (), {}, method) as pool:
        future = _submit(pool, [False], method, fn, item)
        yield lambda: _result(future, [False], method)


def _no_work() -> None:
    """A task that only makes the pool start a worker."""


@contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    """``os.environ`` updated by ``env`` inside the block (while workers are started), then as before."""
    before = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def _start_pool(workers: int, initializer: Callable[..., Any] | None, initargs: tuple[Any, ...],
                env: dict[str, str], method: str) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes started now by ``method`` (``"fork"`` or ``"spawn"``)."""
    ctx = multiprocessing.get_context(method)
    check_not_starting_worker()
    with ExitStack() as stack:
        if method == "fork":  # the workers are copies of this process: the initializer is in their memory
            start_args: tuple[Any, ...] = (os.getpid(), None, initializer, initargs)
        else:
            # The initializer's arguments (a pipeline is over 1 MB pickled) go through a file,
            # not the spawn pipe: Python writes a new process's start-up data into that pipe
            # while it still holds the pipe's read end itself, so a worker that dies while
            # starting leaves the write (and the run) blocked for ever when the data does not
            # fit the pipe buffer.
            setup = stack.enter_context(temporary_file("corpusprep-worker-setup-"))
            with open(setup, "wb") as f:
                pickle.dump((initializer, initargs), f, protocol=pickle.HIGHEST_PROTOCOL)
            start_args = (os.getpid(), setup)
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_start_worker, initargs=start_args) as pool:
            # each submit to a spawn pool short of workers starts one, now; a fork pool starts
            # all of them at its first submit
            with _environment(env), warnings.catch_warnings():
                # Python 3.12+ warns on a fork while another thread runs; the threads here
                # are native ones of numpy's BLAS and pyarrow, which prepare for a fork
                # (start_method() forks only when no Python thread but this one runs)
                warnings.filterwarnings("ignore", r"This process .* is multi-threaded", DeprecationWarning)
                for _ in range(workers):
                    _submit(pool, [False], method, _no_work)
            yield pool


@contextmanager
def temporary_file(prefix: str) -> Iterator[str]:
    """The path of a new, empty temporary file (``prefix…pickle``, in the temporary
    directory) for handing data to workers; removed when the block ends."""
    fd, path = tempfile.mkstemp(prefix=prefix, suffix=".pickle")
    os.close(fd)
    try:
        yield path
    finally:
        os.unlink(path)


def _submit(executor: ProcessPoolExecutor, started: list[bool], method: str, fn: Callable[..., R],
            *args: Any) -> Future[R]:
    """``executor.submit``; a pool a dead worker has broken already raises here (a forked
    worker can die before the tasks are all handed out), as clearly as in :func:`_result`."""
    try:
        return executor.submit(fn, *args)
    except BrokenProcessPool as exc:
        raise _worker_error(exc, started, method) from exc


def _result(future: Future[R], started: list[bool], method: str) -> R:
    try:
        result = future.result()
    except BrokenProcessPool as exc:
        raise _worker_error(exc, started, method) from exc
    started[0] = True
    return result


def _worker_error(exc: BrokenProcessPool, started: list[bool], method: str) -> WorkerError:
    """The error for a pool broken by a dead worker: at start-up (a forked worker runs no
    script again, so the missing guard cannot be the cause there) or while working."""
    if not started[0]:
        return WorkerError(_NO_GUARD if method == "spawn" else _DIED_STARTING)
    return WorkerError(f"a worker process died while working ({exc}); killed, or out of memory?")
