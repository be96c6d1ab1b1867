"""Readers: formats, compression, encodings, and a reject with a reason for every bad input."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from corpusprep.document import Source
from corpusprep.errors import DecodeError
from corpusprep.io import ReaderOptions, Reject, decode_bytes, read_inputs

TRAD = "國際時尚城建設攻勢質詢答辯會議舉行，楊軍主持會議並講話。"
SIMP = "国际时尚城建设攻势质询答辩会议举行，杨军主持会议并讲话。"


def read(*paths, **opts):
    return list(read_inputs([str(p) for p in paths], ReaderOptions(**opts)))


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMP.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SIMP.encode("utf-8"), "utf-8-sig"),
        (SIMP.encode("utf-16"), "utf-16"),
        (SIMP.encode("utf-16-le"), "utf-16"),
        (SIMP.encode("utf-16-be"), "utf-16"),
        (SIMP.encode("gb18030"), "gb18030"),
        (TRAD.encode("big5"), "big5"),
    ],
)
def test_encodings_are_detected_and_recorded(tmp_path, data, encoding):
    (tmp_path / "a.txt").write_bytes(data)
    [src] = read(tmp_path / "a.txt")
    assert isinstance(src, Source)
    assert src.encoding == encoding
    assert src.text.lstrip("\ufeff") in (SIMP, TRAD)


def test_sha256_is_of_the_raw_bytes(tmp_path):
    import hashlib

    data = SIMP.encode("gb18030")
    (tmp_path / "a.txt").write_bytes(data)
    [src] = read(tmp_path / "a.txt")
    assert src.sha256 == hashlib.sha256(data).hexdigest()


def test_gzip_and_zstd_are_transparent(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(SIMP.encode()))
    (tmp_path / "b.jsonl.zst").write_bytes(
        zstandard.ZstdCompressor().compress(json.dumps({"text": SIMP, "id": "x1"}).encode() + b"\n")
    )
    a, b = read(tmp_path)
    assert a.text == SIMP and a.uri.endswith("a.txt.gz")
    assert b.text == SIMP and b.doc_id == "x1"


def test_jsonl_bad_line_costs_only_that_line(tmp_path):
    lines = [json.dumps({"text": "第一篇。"}), "{not json", json.dumps({"body": "x"}),
             json.dumps({"text": "第二篇。", "id": 7}), '{"text": "\\ud800坏"}', ""]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = read(tmp_path / "a.jsonl")
    kinds = [x.kind if isinstance(x, Reject) else "ok" for x in items]
    assert kinds == ["ok", "malformed_json", "missing_field", "ok", "decode"]
    assert items[1].location.endswith("a.jsonl:2")
    assert items[3].doc_id == "7"
    assert items[0].doc_id.endswith("a.jsonl#L1")


def test_configurable_jsonl_fields(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"content": "正文。", "url": "u"}) + "\n", encoding="utf-8")
    [src] = read(tmp_path / "a.jsonl", text_field="content", id_field="url")
    assert (src.text, src.doc_id) == ("正文。", "u")


def test_parquet_text_column_and_missing_column(tmp_path):
    pq.write_table(pa.table({"body": ["一。", "二。"], "k": ["a", "b"]}), tmp_path / "a.parquet")
    items = read(tmp_path / "a.parquet", text_column="body", id_column="k")
    assert [(s.text, s.doc_id) for s in items] == [("一。", "a"), ("二。", "b")]
    [rej] = read(tmp_path / "a.parquet")
    assert rej.kind == "missing_field" and "'text'" in rej.reason


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("doc.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "decode"),
        ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "decode"),
        ("z.txt", b"PK\x03\x04\x14\x00\x00\x00", "decode"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("cut.txt.gz", gzip.compress(SIMP.encode() * 50)[:40], "unreadable"),
    ],
)
def test_bad_files_become_rejects_with_reasons(tmp_path, name, data, kind):
    (tmp_path / name).write_bytes(data)
    [rej] = read(tmp_path / name)
    assert isinstance(rej, Reject)
    assert rej.kind == kind
    assert name in rej.location and rej.reason


def test_missing_path_duplicate_path_and_glob(tmp_path):
    (tmp_path / "a.txt").write_text(SIMP, encoding="utf-8")
    items = read(tmp_path / "nope.txt", tmp_path / "a.txt", tmp_path / "a.txt", tmp_path / "*.none")
    assert [getattr(x, "kind", "ok") for x in items] == ["not_found", "ok", "duplicate_input", "not_found"]
    [src] = read(str(tmp_path / "*.txt"))
    assert src.text == SIMP


def test_too_large_document_is_rejected_without_loading(tmp_path):
    (tmp_path / "big.txt").write_text("长" * 5000, encoding="utf-8")
    [rej] = read(tmp_path / "big.txt", max_doc_bytes=1000)
    assert rej.kind == "too_large"


def test_symlink_loop_is_read_once(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text(SIMP, encoding="utf-8")
    (d / "loop").symlink_to(d)
    items = read(d)
    assert [getattr(x, "kind", "ok") for x in items].count("ok") == 1


def test_decode_error_names_the_file():
    with pytest.raises(DecodeError, match=r"^x\.txt: "):
        decode_bytes(b"\x00\x01\x02\xff\xfe\xfd\x80\x81" * 3 + b"\x00", "x.txt")


def test_a_walk_skips_hidden_directories_and_the_directories_it_is_told(tmp_path):
    """.git and other hidden directories are not inputs; nor is a directory in ``skip`` (a
    run's own output inside an input directory), by a walk or by a glob."""
    from corpusprep.io.readers import expand_inputs

    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.md").write_text("不是输入。", "utf-8")
    (tmp_path / "out" / "corpus").mkdir(parents=True)
    (tmp_path / "out" / "corpus" / "part-0.jsonl").write_text('{"text": "旧输出。"}\n', "utf-8")
    (tmp_path / "a.txt").write_text("正文。", "utf-8")
    names = lambda items: sorted(p.name for p in items)  # noqa: E731
    assert names(expand_inputs([tmp_path])) == ["a.txt", "part-0.jsonl"]
    assert names(expand_inputs([tmp_path], skip=[tmp_path / "out"])) == ["a.txt"]
    assert names(expand_inputs([f"{tmp_path}/**/*"], skip=[tmp_path / "out"])) == ["a.txt"]
    assert [s.text for s in read_inputs([tmp_path], skip=[tmp_path / "out"])] == ["正文。"]
