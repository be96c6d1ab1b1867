"""The end-of-run summary of ``corpusprep clean``: rejects that are failures apart from skips."""

from __future__ import annotations

import io

import pytest

from corpusprep.cli import format_summary
from corpusprep.dataset import RunSummary


def _summary(**kw: object) -> RunSummary:
    base = dict(out_dir="out", fingerprint="f" * 16, unit="paragraph", inputs=10, documents=10, rejects=0,
                units=20, removed=3, chars_in=1000, chars_out=900, bytes_in=3000,
                removed_chars_by_category={"ad": 100}, rejects_by_kind={}, shards=1, shards_skipped=0,
                seconds=1.0)
    base.update(kw)
    return RunSummary(**base)  # type: ignore[arg-type]


def _inputs_line(s: RunSummary) -> str:
    return next(ln for ln in format_summary(s).splitlines() if ln.startswith("inputs"))


def test_skipped_warc_records_are_counted_apart_from_failed_rejects():
    """Records skipped as not being pages (warc_skipped) are not failures: the inputs line
    shows them as skipped, and only real failures as rejects."""
    s = _summary(inputs=12, documents=7, rejects=5, rejects_by_kind={"warc_skipped": 3, "truncated": 1, "decode": 1})
    line = _inputs_line(s)
    assert line == ("inputs             12  = documents 7 + rejects 2 + skipped 3 "
                    "(WARC records that are not HTML pages)")
    assert "    warc_skipped             3" in format_summary(s)  # still listed by kind


@pytest.mark.parametrize("kinds, expect", [
    ({}, "= documents 10 + rejects 0"),
    ({"not_found": 2}, "= documents 8 + rejects 2"),
])
def test_without_skipped_records_the_line_is_unchanged(kinds, expect):
    """No skip: no ``skipped`` part, rejects as before."""
    n = sum(kinds.values())
    line = _inputs_line(_summary(documents=10 - n, rejects=n, rejects_by_kind=kinds))
    assert line.endswith(expect) and "skipped" not in line


def test_a_warc_run_prints_its_skipped_records_apart(tmp_path, capsys):
    """End to end: a WARC's warcinfo and request records are skipped, not rejects."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from corpusprep.cli import main

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    w.write_record(w.create_warcinfo_record("t.warc", {"software": "test"}))
    req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "a.example.cn")], is_http_request=True)
    w.write_record(w.create_warc_record("https://a.example.cn/", "request", http_headers=req))
    h = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    body = "<html><body><p>新华社北京电，今天的会议讨论了城市交通和公共服务的改进办法。</p></body></html>"
    w.write_record(w.create_warc_record("https://a.example.cn/1.html", "response",
                                        payload=io.BytesIO(body.encode()), http_headers=h))
    (tmp_path / "a.warc").write_bytes(buf.getvalue())
    assert main(["clean", str(tmp_path / "a.warc"), "-o", str(tmp_path / "o"), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "inputs              3  = documents 1 + rejects 0 + skipped 2 " in out
