"""The Ray Data path cleans exactly as the local process pool does (needs ``corpusprep[ray]``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ray = pytest.importorskip("ray")

import corpusprep as cp  # noqa: E402
import corpusprep.ray as cpr  # noqa: E402
from corpusprep.schema import CORPUS, DOCUMENTS, REJECTS, REMOVED  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def ray_local():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def runs(ray_local, tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy(f, inputs / f.name)
    (inputs / "broken.txt").write_bytes(b"%PDF-1.5 binary")  # a reject must travel too
    local = tmp_path_factory.mktemp("local")
    remote = tmp_path_factory.mktemp("ray")
    summary = cp.process([inputs], local, workers=1, shard_docs=2)
    manifest = cpr.process(cpr.read_sources([inputs]), remote, batch_size=2)
    return local, remote, summary, manifest


def _rows(path: Path, drop: tuple[str, ...] = ()) -> list[tuple]:
    t = pq.read_table(path)
    names = [n for n in t.column_names if n not in drop]
    return sorted(tuple(json.dumps(r[n], ensure_ascii=False) for n in names) for r in t.to_pylist())


def test_ray_corpus_rows_equal_local_rows(runs):
    """Every corpus row (text, offsets, flags, provenance) is the same under Ray."""
    local, remote, summary, _ = runs
    rows = _rows(local / "corpus")
    assert len(rows) == summary.units > 0
    assert _rows(remote / "corpus") == rows


def test_ray_audit_tables_equal_local_tables(runs):
    """documents, removed and rejects match too; only ``shard`` (a batch id under Ray) differs."""
    local, remote, summary, manifest = runs
    assert _rows(remote / "removed") == _rows(local / "removed.parquet")
    assert _rows(remote / "documents", ("shard",)) == _rows(local / "documents.parquet", ("shard",))
    assert _rows(remote / "rejects", ("shard",)) == _rows(local / "rejects.parquet", ("shard",))
    c = manifest["counts"]
    assert (c["inputs"], c["documents"], c["rejects"], c["units"]) == (
        summary.inputs, summary.documents, summary.rejects, summary.units) == (6, 5, 1, summary.units)


def test_ray_tables_keep_explicit_schemas_and_metadata(runs):
    """Each Ray part has the local schema and the fingerprint in its key-value metadata."""
    _, remote, _, manifest = runs
    fp = cp.Pipeline.default().fingerprint()
    assert manifest["pipeline"]["fingerprint"] == fp
    for name, schema in (("corpus", CORPUS), ("documents", DOCUMENTS), ("removed", REMOVED), ("rejects", REJECTS)):
        parts = sorted((remote / name).glob("*.parquet"))
        assert parts, name
        for part in parts:
            s = pq.read_schema(part)
            assert s.remove_metadata().equals(schema.remove_metadata()), name
            assert s.metadata[b"corpusprep.pipeline_fingerprint"] == fp.encode()
            assert s.metadata[b"corpusprep.table"] == name.encode()


def test_from_texts_cleans_a_text_column(ray_local):
    """A Dataset with a text column (JSONL, Parquet ...) goes through the same pipeline."""
    ds = ray.data.from_items([{"id": "a", "text": "國際新聞\n請輸入驗證碼\n正文。"}, {"id": "b", "text": " "}])
    parts = cpr.clean(cpr.from_texts(ds, id_column="id"), unit="document")
    corpus = cpr.table(parts, "corpus").take_all()
    rejects = cpr.table(parts, "rejects").take_all()
    assert [(r["doc_id"], r["text"]) for r in corpus] == [("a", cp.clean("國際新聞\n請輸入驗證碼\n正文。").text)]
    assert [(r["kind"], r["location"]) for r in rejects] == [("empty", "ray#b")]
