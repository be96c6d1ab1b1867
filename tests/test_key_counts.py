"""The exact key counts under the line features' main-text overlap."""

from __future__ import annotations

import collections

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate.key_counts import occurrences
from corpusprep.errors import CorpusprepError

# few distinct values (so keys repeat and meet), some at the ends of the range
KEYS = st.lists(st.one_of(st.integers(0, 40), st.sampled_from([0, 2**62, 2**63 - 1]),
                          st.integers(0, 2**63 - 1)), max_size=200)


@given(KEYS, KEYS)
def test_counts_are_what_counting_one_by_one_gives(keys: list[int], among: list[int]) -> None:
    seen = collections.Counter(among)
    got = occurrences(np.array(keys, dtype=np.int64), np.array(among, dtype=np.int64))
    assert got.tolist() == [seen[k] for k in keys]


def test_keys_that_share_a_hash_slot_are_told_apart() -> None:
    # multiples of a large power of two agree in their low bits: long probe chains
    keys = np.arange(1, 3000, dtype=np.int64) << 40
    among = np.concatenate([keys[::3], keys[::3], keys[1::7] + 1])
    got = occurrences(keys, among)
    expected = np.where(np.arange(len(keys)) % 3 == 0, 2, 0)
    assert got.tolist() == expected.tolist()


def test_empty_inputs_count_nothing() -> None:
    assert occurrences(np.array([], dtype=np.int64), np.array([1, 2])).tolist() == []
    assert occurrences(np.array([4, 4]), np.array([], dtype=np.int64)).tolist() == [0, 0]


def test_a_negative_key_is_refused() -> None:
    with pytest.raises(CorpusprepError, match="non-negative"):
        occurrences(np.array([-1, 3]), np.array([3]))
