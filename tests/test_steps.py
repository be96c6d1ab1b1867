"""Step helpers: counting changed characters."""

from __future__ import annotations

from operator import ne

from hypothesis import given, strategies as st

from corpusprep import steps
from corpusprep.steps import changed_chars, count_changed

ALPHABET = st.sampled_from(["國", "国", "a", "b", "c", "\x00", "\ud800", "😀", "\uf600", "😁", "\u3000", "\uffff"])  # 😀 and \uf600 differ in bit 16 only


@given(st.lists(ALPHABET, max_size=50).map("".join), st.lists(ALPHABET, max_size=50).map("".join))
def test_count_changed_counts_differing_positions(a, b):
    assert count_changed(a, b) == sum(map(ne, a, b))
    assert len(changed_chars(a, b)) == count_changed(a, b)


@given(st.integers(0, 40), st.data())
def test_count_changed_beyond_the_kept_mask(n, data):
    """Texts longer than the kept mask get a mask of their own."""
    a = data.draw(st.lists(ALPHABET, min_size=n, max_size=n).map("".join))
    b = data.draw(st.lists(ALPHABET, min_size=n, max_size=n).map("".join))
    old = steps._MASK_MAX
    steps._MASK_MAX = 8
    try:
        assert count_changed(a, b) == sum(map(ne, a, b))
    finally:
        steps._MASK_MAX = old
