"""The Parquet dataset: schemas, readers of the output, reconciliation, determinism, resume."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

import corpusprep as cp
from corpusprep.schema import CORPUS, DOCUMENTS, REJECTS, REMOVED

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TABLES = {"documents.parquet": DOCUMENTS, "removed.parquet": REMOVED, "rejects.parquet": REJECTS}


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    for f in SEEDS.iterdir():
        (inputs / f.name).write_bytes(f.read_bytes())
    (inputs / "broken.txt").write_bytes(b"%PDF-1.5 binary")
    (inputs / "big5.txt").write_bytes("請輸入驗證碼\n國際新聞報道。".encode("big5"))
    out = tmp_path_factory.mktemp("out")
    summary = cp.process([inputs], out, workers=1, shard_docs=3)
    return inputs, out, summary


def test_manifest_reconciles_inputs_documents_rejects(seeds_run):
    _, out, s = seeds_run
    m = json.loads((out / "manifest.json").read_text("utf-8"))
    c = m["counts"]
    assert c["inputs"] == c["documents"] + c["rejects"] == 7
    assert (c["documents"], c["rejects"]) == (6, 1)
    assert m["pipeline"]["fingerprint"] == cp.Pipeline.default().fingerprint()
    assert pq.read_table(out / "documents.parquet").num_rows == 6
    rej = pq.read_table(out / "rejects.parquet").to_pylist()
    assert rej[0]["kind"] == "decode" and rej[0]["location"].endswith("broken.txt")


def test_tables_have_explicit_schemas_and_metadata(seeds_run):
    _, out, _ = seeds_run
    for name, schema in TABLES.items():
        f = pq.ParquetFile(out / name)
        assert f.schema_arrow.remove_metadata().equals(schema.remove_metadata())
        meta = f.schema_arrow.metadata
        assert meta[b"corpusprep.pipeline_fingerprint"] == cp.Pipeline.default().fingerprint().encode()
        assert meta[b"corpusprep.version"] == cp.__version__.encode()
        assert f.metadata.row_group(0).column(0).compression == "ZSTD" if f.metadata.num_row_groups else True
    for part in (out / "corpus").glob("part-*.parquet"):
        assert pq.read_schema(part).remove_metadata().equals(CORPUS.remove_metadata())


def test_corpus_rows_map_back_to_their_source(seeds_run):
    inputs, out, _ = seeds_run
    rows = pl.read_parquet(out / "corpus").to_dicts()
    edits_by_doc: dict[str, list] = {}
    for r in pl.read_parquet(out / "removed.parquet").to_dicts():
        edits_by_doc.setdefault(r["doc_id"], []).append(r)
    assert rows
    for row in rows:
        src = cp.io.read_inputs([row["source_uri"]]).__next__().text
        piece = src[row["src_start"] : row["src_end"]]
        # drop recorded removals inside the slice, then fold as the pipeline does
        for r in sorted(edits_by_doc.get(row["doc_id"], []), key=lambda r: -r["src_start"]):
            if row["src_start"] <= r["src_start"] and r["src_end"] <= row["src_end"]:
                a, b = r["src_start"] - row["src_start"], r["src_end"] - row["src_start"]
                piece = piece[:a] + r["replacement"] + piece[b:]
        folded = cp.clean_text(piece).replace("\n", "")
        assert row["text"].replace(" ", "") in folded.replace(" ", "") or row["text"] in cp.to_simplified(piece)


def test_polars_pyarrow_duckdb_read_every_table(seeds_run):
    duckdb = pytest.importorskip("duckdb")
    _, out, s = seeds_run
    n_corpus = pl.read_parquet(out / "corpus").height
    assert n_corpus == s.units == pq.read_table(out / "corpus").num_rows
    assert duckdb.sql(f"SELECT count(*) FROM '{out}/corpus/*.parquet'").fetchall()[0][0] == n_corpus
    for name in TABLES:
        assert duckdb.sql(f"SELECT count(*) FROM '{out / name}'").fetchall()[0][0] == pl.read_parquet(out / name).height


def test_hugging_face_datasets_reads_the_corpus(seeds_run, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    _, out, s = seeds_run
    ds = datasets.load_dataset("parquet", data_files=str(out / "corpus" / "*.parquet"), split="train")
    assert ds.num_rows == s.units


@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_units(tmp_path, unit):
    s = cp.process([SEEDS / "004_2d799a09d0bc18b1.txt"], tmp_path, workers=1, unit=unit)
    df = pl.read_parquet(tmp_path / "corpus")
    assert set(df["unit"]) == {unit} and df.height == s.units
    if unit == "document":
        assert df.height == 1


def test_output_identical_for_any_worker_count(tmp_path):
    a = cp.process([SEEDS], tmp_path / "a", workers=1, shard_docs=2)
    b = cp.process([SEEDS], tmp_path / "b", workers=2, shard_docs=2)
    assert (a.shards, b.shards) == (3, 3)
    for name in ["documents.parquet", "removed.parquet", "rejects.parquet"]:
        assert pq.read_table(tmp_path / "a" / name).equals(pq.read_table(tmp_path / "b" / name))
    for part in sorted((tmp_path / "a" / "corpus").iterdir()):
        assert pq.read_table(part).equals(pq.read_table(tmp_path / "b" / "corpus" / part.name))


def test_rerun_skips_complete_shards_and_config_change_redoes_them(tmp_path):
    first = cp.process([SEEDS], tmp_path, workers=1, shard_docs=2)
    again = cp.process([SEEDS], tmp_path, workers=1, shard_docs=2)
    assert (first.shards_skipped, again.shards_skipped) == (0, 3)
    assert again.units == first.units and again.documents == 5
    other = cp.process([SEEDS], tmp_path, cp.Pipeline.default(dedupe=False), workers=1, shard_docs=2)
    assert other.shards_skipped == 0


def test_fewer_shards_on_rerun_leave_no_stale_parts(tmp_path):
    cp.process([SEEDS], tmp_path, workers=1, shard_docs=1)
    cp.process([SEEDS], tmp_path, workers=1, shard_docs=5)
    assert len(list((tmp_path / "corpus").glob("part-*.parquet"))) == 1
    assert pl.read_parquet(tmp_path / "documents.parquet").height == 5


def test_bad_options_raise_config_errors(tmp_path):
    with pytest.raises(cp.ConfigError, match="unit"):
        cp.process([SEEDS], tmp_path, unit="chapter")
    with pytest.raises(cp.ConfigError, match="workers"):
        cp.process([SEEDS], tmp_path, workers=0)
    with pytest.raises(cp.ConfigError, match="reader option"):
        cp.process([SEEDS], tmp_path, txt_field="x")


def test_repeated_lines_corpus_pass(tmp_path):
    """On by default: a line in >= 5 documents of a site goes; repeated_lines=None turns it off."""
    site = tmp_path / "site"
    site.mkdir()
    events = ["暴雨", "展会", "马拉松", "音乐节", "招聘会", "义诊"]
    for i, event in enumerate(events):
        body = f"本市昨日举行{event}，市民踊跃参与。\n本站所有文章欢迎转发分享给朋友们\n"
        (site / f"{i}.txt").write_text(f"{event}新闻\n" + body, encoding="utf-8")
    off = cp.process([site], tmp_path / "off", workers=1, repeated_lines=None)
    on = cp.process([site], tmp_path / "on", workers=1)
    assert "repeated" not in off.removed_chars_by_category
    assert on.removed_chars_by_category["repeated"] == 6 * len("本站所有文章欢迎转发分享给朋友们\n")
    assert on.fingerprint != off.fingerprint
    texts = pl.read_parquet(tmp_path / "on" / "corpus")["text"].to_list()
    assert not any("欢迎转发" in t for t in texts) and any("马拉松" in t for t in texts)
    one = cp.process([site], tmp_path / "one", workers=1, repeated_lines=5, repeated_keep_one=True)
    assert one.removed_chars_by_category["repeated"] == 5 * len("本站所有文章欢迎转发分享给朋友们\n")
    kept = pl.read_parquet(tmp_path / "one" / "corpus").filter(pl.col("text").str.contains("欢迎转发"))
    assert kept["source_uri"].to_list() == [str(site / "0.txt")]
    with pytest.raises(cp.ConfigError, match="repeated_lines"):
        cp.process([site], tmp_path / "x", repeated_lines=1)


def test_a_site_pitch_in_quotes_goes_from_every_article(tmp_path):
    """A pitch with 「」 quotes (folded to “” by the punctuation step) in 20 articles of a site goes from all 20."""
    site = tmp_path / "site"
    site.mkdir()
    pitch = "「深度报道」每周五更新，欢迎订阅本刊，支持独立新闻。"
    for i in range(20):
        (site / f"{i:02d}.txt").write_text(f"第{i + 1}期：本周要闻\n本市第{i + 1}次会议昨日举行，代表们讨论了预算。\n{pitch}\n",
                                          encoding="utf-8")
    s = cp.process([site], tmp_path / "out", workers=1, repeated_lines=3, unit="document")
    texts = pl.read_parquet(tmp_path / "out" / "corpus")["text"].to_list()
    assert len(texts) == 20 and not any("欢迎订阅" in t for t in texts)
    assert s.removed_chars_by_category["repeated"] == 20 * len(pitch + "\n")
    # the headlines differ only in their digits: they stay
    assert all(t.startswith(f"第{i + 1}期") for i, t in enumerate(texts))


def test_records_group_by_their_site_field(tmp_path):
    """JSONL records are grouped by their site field, not by the file they share."""
    import json

    rows = [{"id": f"{site}-{i}", "site": site, "text": f"正文{i}，记者报道了一件事情。\n{site}网欢迎您的投稿"}
            for site in ("甲", "乙") for i in range(3)]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    s = cp.process([path], tmp_path / "out", workers=1, repeated_lines=3, unit="document")
    assert s.removed_chars_by_category["repeated"] == 6 * len("甲网欢迎您的投稿")


def test_doc_ids_do_not_depend_on_how_the_input_is_spelled(tmp_path, monkeypatch):
    """``in/`` and ``/abs/.../in`` give the same doc_ids: each file's path relative to its root."""
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    (inputs / "a.txt").write_text("国际新闻报道。\n今天天气很好。", encoding="utf-8")
    (inputs / "sub" / "b.jsonl").write_text('{"text": "一。"}\n{"text": "二。", "id": "k"}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cp.process(["in/"], tmp_path / "rel", workers=1, repeated_lines=None)
    cp.process([str(inputs.resolve())], tmp_path / "abs", workers=1, repeated_lines=None)
    cp.process([f"{inputs.resolve()}/**/*.*"], tmp_path / "glob", workers=1, repeated_lines=None)
    ids = [pl.read_parquet(tmp_path / run / "corpus")["doc_id"].to_list() for run in ("rel", "abs", "glob")]
    assert ids[0] == ids[1] == ids[2]
    assert sorted(set(ids[0])) == ["a.txt", "k", "sub/b.jsonl#L1"]
    docs = [pl.read_parquet(tmp_path / run / "documents.parquet")["doc_id"].to_list() for run in ("rel", "abs")]
    assert docs[0] == docs[1]
    single = cp.process(["in/a.txt"], tmp_path / "one", workers=1, repeated_lines=None)
    assert single.documents == 1
    assert pl.read_parquet(tmp_path / "one" / "documents.parquet")["doc_id"].to_list() == ["a.txt"]


def test_same_relative_name_under_two_roots_gets_distinct_ids(tmp_path):
    """A later file named like an earlier one is prefixed with its root's name; a third clash is a reject."""
    for d in ("x/in", "y/in", "z/other", "w/other"):
        (tmp_path / d).mkdir(parents=True)
    (tmp_path / "x/in/a.txt").write_text("第一篇。", encoding="utf-8")
    (tmp_path / "z/other/a.txt").write_text("第二篇。", encoding="utf-8")
    (tmp_path / "y/in/a.txt").write_text("第三篇。", encoding="utf-8")
    (tmp_path / "w/other/a.txt").write_text("第四篇。", encoding="utf-8")
    roots = [tmp_path / "x/in", tmp_path / "z/other", tmp_path / "y/in", tmp_path / "w/other"]
    s = cp.process(roots, tmp_path / "out", workers=1, repeated_lines=None)
    assert (s.documents, s.rejects) == (3, 1)
    docs = pl.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs["doc_id"].to_list() == ["a.txt", "other/a.txt", "in/a.txt"]
    assert docs["source_uri"].to_list() == [(r / "a.txt").as_posix() for r in roots[:3]]
    [rej] = pl.read_parquet(tmp_path / "out" / "rejects.parquet").to_dicts()
    assert rej["kind"] == "duplicate_id" and rej["source_uri"].endswith("w/other/a.txt")
    assert "other/a.txt" in rej["reason"] and "z/other/a.txt" in rej["reason"]


def test_manifest_records_input_roots_as_given_and_resolved(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("正文。", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cp.process(["in/", "in/*.txt", "missing.txt"], "out", workers=1, repeated_lines=None)
    m = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    resolved = str((tmp_path / "in").resolve())
    assert m["input_roots"] == [
        {"given": "in/", "root": "in/", "resolved": resolved},
        {"given": "in/*.txt", "root": "in", "resolved": resolved},
        {"given": "missing.txt", "root": ".", "resolved": str(tmp_path.resolve())},
    ]


def test_an_output_inside_the_input_directory_is_never_read_back(tmp_path):
    """corpusprep clean in -o in/out, run twice: the second run reads the same inputs, not
    the first run's tables (nor its _shards)."""
    import corpusprep

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(f"第{i}篇正文，记者从市统计局获悉，全市经济运行总体平稳。", "utf-8")
    first = corpusprep.process([src], src / "out", workers=1)
    second = corpusprep.process([src], src / "out", workers=2)
    assert (first.inputs, first.documents) == (3, 3)
    assert (second.inputs, second.documents, second.rejects) == (3, 3, 0)
