"""Keep freed memory in the process for reuse, instead of handing it back after each batch.

Cleaning a batch makes and drops many numpy arrays of a few hundred KB to tens of MB (the
line features hold several values per character). glibc's malloc by default gives memory
back to the system as soon as the free space at the top of its heap passes a threshold, and
serves larger blocks with fresh ``mmap`` calls (a threshold it raises as it sees big blocks
freed, to 32 MB at most): the next batch then faults in and zeroes the same pages again.
On the line features that is about a third of their time (measured in
``benchmarks/bench_line_model.py --default-malloc``).

:func:`keep_freed_memory` raises both thresholds with ``mallopt`` (glibc only; elsewhere it
does nothing). Peak memory does not grow: the memory kept is memory the process already
held at its peak, and it is reused by the next batch. The pool workers and the
``corpusprep`` command call it; a program that cleans in its own process can too. Set
``CORPUSPREP_MALLOC=default`` in the environment to leave glibc's settings alone everywhere.

>>> keep_freed_memory() in (True, False)
True
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys

__all__ = ["KEEP_BELOW", "MALLOC_ENV", "MMAP_FROM", "freed_memory_kept", "keep_freed_memory"]

#: set to ``default`` to leave the C library's malloc settings alone
MALLOC_ENV = "CORPUSPREP_MALLOC"

#: free memory at the top of the heap up to this size stays in the process
KEEP_BELOW = 512 << 20
#: blocks from this size get their own mapping (below it, they come from the heap and are reused)
MMAP_FROM = 256 << 20

# mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

_kept = False


def keep_freed_memory(keep_below: int = KEEP_BELOW, mmap_from: int = MMAP_FROM) -> bool:
    """Ask glibc's malloc to keep up to ``keep_below`` bytes of freed memory and to serve
    blocks below ``mmap_from`` bytes from its heap. Returns whether it applied (False on
    other C libraries and systems, where nothing changes). Calling it again changes nothing
    more. With ``CORPUSPREP_MALLOC=default`` in the environment it does nothing."""
    global _kept
    if _kept:
        return True
    if os.environ.get(MALLOC_ENV, "").strip().lower() == "default":
        return False
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    _kept = bool(mallopt(_M_MMAP_THRESHOLD, mmap_from)) and bool(mallopt(_M_TRIM_THRESHOLD, keep_below))
    return _kept


def freed_memory_kept() -> bool:
    """Whether :func:`keep_freed_memory` applied in this process."""
    return _kept
