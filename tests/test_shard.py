"""Cleaning a shard into tables: in small batches, with the same tables whatever their size."""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path

import pytest

import corpusprep as cp
from corpusprep.document import Document, Edit, Source
from corpusprep.errors import ConfigError
from corpusprep.io.readers import Reject
from corpusprep.shard import clean_shard
from corpusprep.steps import Context, EditStep

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


class _FailsOn(EditStep):
    """A step that raises on documents holding 坏."""

    name = "fails_on"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        if "坏" in text:
            raise ValueError("bad document")
        return []


def _items() -> list[Source | Reject]:
    """Seeds, with a reject and a document whose cleaning fails among them."""
    items: list[Source | Reject] = []
    for i, f in enumerate(SEEDS[:5]):
        text = f.read_text("utf-8")
        items.append(Source(f.name, text, hashlib.sha256(text.encode()).hexdigest(), doc_id=f.name))
        if i == 1:
            items.append(Reject("gone.txt", "gone.txt", "unreadable", "No such file"))
        if i == 3:
            items.append(Source("bad.txt", "坏的文档。", "0" * 64, doc_id="bad.txt"))
    return items


def _pipeline() -> cp.Pipeline:
    return cp.Pipeline.default().with_step(_FailsOn(), before="boilerplate")


@pytest.mark.parametrize("unit", ["paragraph", "sentence"])
def test_the_tables_do_not_depend_on_how_many_documents_are_cleaned_at_once(unit: str) -> None:
    p, items = _pipeline(), _items()
    whole = clean_shard(p, 3, items, unit, batch_docs=len(items))
    assert whole.counts["rejects"] == 2 and whole.counts["documents"] == len(items) - 2
    for n in (1, 2, 3):
        got = clean_shard(p, 3, items, unit, batch_docs=n)
        for key in ("corpus", "documents", "removed", "rejects"):
            assert getattr(got, key).equals(getattr(whole, key)), (n, key)
        assert got.counts == whole.counts and got.digest == whole.digest


def test_a_shard_cleans_a_few_documents_at_a_time_and_lets_them_go() -> None:
    """At most ``batch_docs`` documents go to the pipeline at once, and the cleaned documents
    of earlier batches are no longer alive when the next batch is cleaned (one, the last
    taken, may still be)."""
    p, items = _pipeline(), _items()
    sizes, alive = [], []
    real = p.clean_batch

    def clean_batch(sources):  # type: ignore[no-untyped-def]
        gc.collect()
        alive.append(sum(isinstance(o, Document) for o in gc.get_objects()))
        sizes.append(len(sources))
        return real(sources)

    p.clean_batch = clean_batch  # type: ignore[method-assign]
    gc.collect()
    before = sum(isinstance(o, Document) for o in gc.get_objects())
    clean_shard(p, 0, items, "paragraph", batch_docs=3)
    assert sizes == [2, 3, 1]  # 7 items: the reject takes a place in the first batch
    assert max(alive) - before <= 1, (before, alive)


def test_batch_docs_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="batch_docs"):
        clean_shard(cp.Pipeline.default(), 0, [], "paragraph", batch_docs=0)


def test_unknown_unit_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unit must be one of"):
        clean_shard(cp.Pipeline.default(), 0, [], "chapter")
