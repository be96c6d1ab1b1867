"""Freed memory kept in the process (glibc's malloc thresholds) by the CLI and the workers."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from corpusprep.allocator import MALLOC_ENV, freed_memory_kept
from corpusprep.parallel import ordered_map

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
needs_glibc = pytest.mark.skipif(not GLIBC, reason="mallopt thresholds are glibc's")

# allocate and free 100 MB in 10 MB blocks, then print how much of it the process still holds
_PROBE = """
import os, sys
import numpy as np
from corpusprep.allocator import keep_freed_memory
if sys.argv[1] == "keep":
    keep_freed_memory()
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
before = rss()
blocks = [np.ones(10 << 20, dtype=np.uint8) for _ in range(10)]
del blocks
print((rss() - before) >> 20)
"""


def _held_mb(mode: str, env: dict[str, str] | None = None) -> int:
    out = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True,
                         env={**os.environ, **(env or {})})
    return int(out.stdout.strip())


@needs_glibc
def test_freed_blocks_stay_in_the_process_only_when_asked() -> None:
    assert _held_mb("keep", {MALLOC_ENV: ""}) >= 90  # kept for the next batch's arrays
    assert _held_mb("default") <= 20  # each 10 MB block was its own mapping, handed back


@needs_glibc
def test_the_environment_can_leave_malloc_alone() -> None:
    assert _held_mb("keep", {MALLOC_ENV: "default"}) <= 20


def _kept(_: int) -> bool:
    return freed_memory_kept()


@needs_glibc
@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_pool_workers_keep_freed_memory(method: str) -> None:
    assert list(ordered_map(_kept, iter([1, 2, 3]), workers=2, method=method)) == [True, True, True]
