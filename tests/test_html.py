"""Web pages: decoding as declared, lines with DOM facts, metadata, and every reader of pages
(.html files, WARC archives, JSONL and Parquet with an HTML field). Tests build their pages."""

from __future__ import annotations

import gzip
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpusprep.document import Source
from corpusprep.errors import ConfigError, DecodeError
from corpusprep.io import ReaderOptions, Reject, read_inputs
from corpusprep.io.html import decode_html, meta_charset, page_meta, parse_html, read_html, web_encoding
from corpusprep.io.pages import page_source

SIMP = "国际时尚城建设攻势质询答辩会议举行，杨军主持会议并讲话。"
TRAD = "國際時尚城建設攻勢質詢答辯會議舉行，楊軍主持會議並講話。"
HKSCS = "香港的粵語用字有「啲」和「嘅」。"  # 啲 and 嘅 are in Big5-HKSCS, not in plain Big5


def page(body: str, head: str = "", charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}{head}</head><body>{body}</body></html>"


def read(*paths, **opts):
    return list(read_inputs([str(p) for p in paths], ReaderOptions(**opts)))


# -- decoding -------------------------------------------------------------------------------


def test_gbk_page_is_read_as_gb18030():
    """A page declaring GBK (or GB2312) is read as GB18030, its superset."""
    raw = page(f"<p>{SIMP}</p>", charset="gbk").encode("gbk")
    text, enc = decode_html(raw)
    assert enc == "gb18030" and SIMP in text


def test_big5_page_is_read_as_big5_hkscs():
    """A page declaring Big5 is read as Big5-HKSCS, which also holds Hong Kong characters."""
    raw = page(f"<p>{TRAD}{HKSCS}</p>", charset="big5").encode("big5hkscs")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("big5")
    text, enc = decode_html(raw)
    assert enc == "big5hkscs" and HKSCS in text


def test_http_charset_comes_before_meta_charset():
    """The HTTP header's charset wins over the page's <meta> when both decode."""
    raw = page(f"<p>{TRAD}</p>", charset="gbk").encode("big5")
    assert decode_html(raw, "big5")[1] == "big5hkscs"


def test_misdeclared_charset_falls_through_to_what_decodes():
    """A declared charset the bytes are not in is passed over: the next source decides."""
    raw = page(f"<p>{SIMP}</p>", charset="big5").encode("gb18030")
    text, enc = decode_html(raw, http_charset="shift_jis")
    assert SIMP in text and enc == "gb18030"


def test_utf8_bytes_win_over_a_wrong_declaration():
    """Pages saved as UTF-8 keep a stale GBK meta tag: valid UTF-8 is read as UTF-8."""
    raw = page(f"<p>{SIMP}</p>", charset="gb2312").encode("utf-8")
    assert decode_html(raw) == (page(f"<p>{SIMP}</p>", charset="gb2312"), "utf-8")


def test_undecodable_page_raises_decode_error():
    """Bytes no declared or detected encoding reads raise DecodeError naming the page."""
    with pytest.raises(DecodeError, match="x.html"):
        decode_html(b"\x00\x00\xff\xfe\x00binary" * 10 + b"\x81", location="x.html")


def test_charset_labels():
    """Labels are widened to their Chinese superset; unknown labels give None."""
    assert web_encoding("gb_2312-80") == "gb18030"
    assert web_encoding("BIG5-HKSCS") == "big5hkscs"
    assert web_encoding("bogus") is None
    assert meta_charset(b"<meta charset='UTF-8'>") == "utf-8"
    assert meta_charset(b"<p>no declaration</p>") is None


# -- layout and DOM facts -----------------------------------------------------------------


def test_lines_follow_blocks_breaks_items_and_rows():
    """Block elements, <br>, list items and table cells each make a line; scripts vanish."""
    html = page("<script>var x='不是正文';</script><h1>标题</h1><p>第一段<b>加粗</b>。<br>换行</p>"
                "<ul><li>甲</li><li>乙</li></ul><table><tr><td>一</td><td>二</td></tr></table>"
                "<style>p{}</style><!-- 注释 -->")
    pt = read_html(html.encode())
    assert pt.text == "标题\n第一段加粗。\n换行\n甲\n乙\n一\n二"
    assert [pt.text[ln.start:ln.end] for ln in pt.lines] == pt.text.split("\n")
    assert [ln.tag for ln in pt.lines] == ["h1", "p", "p", "li", "li", "td", "td"]


def test_dom_facts_of_a_line():
    """A line keeps its path, class/id words by depth, link characters and landmark."""
    html = page("<header><div id='topNav'><a href='/'>首页</a> <a>国际</a></div></header>"
                "<article><header><h1>标题</h1></header><div class='article-body'><p>正文<a>链接</a>。</p></div></article>"
                "<div role='contentinfo'>版权所有</div>")
    pt = read_html(html.encode())
    nav, title, body, foot = pt.lines
    assert nav.landmark == "header" and nav.words == ((0, "top"), (0, "nav")) and nav.link_chars == 4
    assert title.landmark == "" and title.in_content  # the article's own header is not page furniture
    assert body.path == "article>div>p" and body.link_chars == 2 and (1, "article") in body.words
    assert foot.landmark == "footer"


def test_deep_pages_do_not_hit_the_recursion_limit():
    """Pages nest deeper than Python's recursion limit (and libxml2's default 256 levels)."""
    html = "<div>" * 1500 + "<p>深处的正文。</p>" + "</div>" * 1500
    assert read_html(page(html).encode()).text == "深处的正文。"


def test_page_metadata():
    """Title, publication date and author come from the page's metadata."""
    root = parse_html(page("<p>x</p>", head='<title>标题 | 报</title><meta property="og:title" content="标题">'
                           '<meta name="pubdate" content="2024-01-02 08:00"><meta name="author" content="李四">'))
    assert page_meta(root) == {"title": "标题", "published": "2024-01-02 08:00", "author": "李四"}
    root = parse_html(page('<time datetime="2023-12-31">昨天</time>'))
    assert page_meta(root) == {"published": "2023-12-31"}


# -- readers ------------------------------------------------------------------------------


def test_html_file_is_read_as_a_page(tmp_path):
    """An .html file becomes its page text, with DOM facts, raw-byte hash and metadata."""
    raw = page(f"<nav><a>首页</a></nav><p>{SIMP}</p>", head="<title>标题</title>", charset="gbk").encode("gbk")
    (tmp_path / "a.html").write_bytes(raw)
    [src] = read(tmp_path / "a.html")
    assert isinstance(src, Source)
    assert src.text == f"首页\n{SIMP}" and src.encoding == "gb18030"
    assert len(src.dom) == 2 and src.fields["title"] == "标题" and src.fields["extractor"] == "none"
    import hashlib

    assert src.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(("name", "raw", "kind"), [
    ("empty.html", page("<script>only()</script>").encode(), "empty"),
    ("blank.htm", b"   ", "decode"),
])
def test_bad_pages_are_rejects(tmp_path, name, raw, kind):
    """A page without text, or without any HTML, is a reject with its reason."""
    (tmp_path / name).write_bytes(raw)
    [rej] = read(tmp_path / name)
    assert isinstance(rej, Reject) and rej.kind == kind and rej.reason


def test_jsonl_html_field(tmp_path):
    """--html-field reads a JSONL key as a whole page; the record's url and id are kept."""
    rows = [{"id": "p1", "url": "https://news.example.cn/a.html", "html": page(f"<p>{SIMP}</p>")},
            {"id": "p2", "html": 3}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    src, rej = read(tmp_path / "a.jsonl", html_field="html")
    assert src.doc_id == "p1" and src.text == SIMP and src.fields["url"].startswith("https://")
    assert isinstance(rej, Reject) and rej.kind == "missing_field"


def test_parquet_html_field_binary_and_string(tmp_path):
    """--html-field reads a Parquet column of raw bytes (decoded as declared) or of strings."""
    t = pa.table({"html": pa.array([page(f"<p>{SIMP}</p>", charset="gbk").encode("gbk")], pa.binary()),
                  "url": ["https://a.example.cn/x"]})
    pq.write_table(t, tmp_path / "b.parquet")
    pq.write_table(pa.table({"page": [page(f"<p>{TRAD}</p>")]}), tmp_path / "s.parquet")
    [b] = read(tmp_path / "b.parquet", html_field="html")
    [s] = read(tmp_path / "s.parquet", html_field="page")
    assert (b.text, b.encoding, b.fields["url"]) == (SIMP, "gb18030", "https://a.example.cn/x")
    assert s.text == TRAD


def test_unknown_extractor_is_a_config_error():
    """extract= names a known extractor."""
    with pytest.raises(ConfigError, match="extract must be one of"):
        ReaderOptions(extract="readability")


def test_trafilatura_extraction_records_extractor():
    """extract='trafilatura': the main content is the source text; extractor and version recorded."""
    pytest.importorskip("trafilatura")
    body = "".join(f"<p>{SIMP}第{i}段。</p>" for i in range(6))
    html = page(f"<div class='nav'><a>首页</a><a>国际</a></div><article>{body}</article>"
                "<footer>版权所有 某某网</footer>", head="<title>标题</title>")
    src = page_source(html.encode(), uri="a.html", doc_id="a", extract="trafilatura")
    assert SIMP in src.text and "版权所有" not in src.text and src.dom is None
    assert src.fields["extractor"] == "trafilatura" and src.fields["extractor_version"]


def test_trafilatura_missing_is_a_clear_error(monkeypatch):
    """Asking for trafilatura without it installed names the extra to install."""
    import builtins

    real = builtins.__import__

    def no_trafilatura(name, *a, **k):
        if name == "trafilatura":
            raise ImportError("no module named trafilatura")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    with pytest.raises(ConfigError, match=r"corpusprep\[extract\]"):
        ReaderOptions(extract="trafilatura")


# -- WARC ---------------------------------------------------------------------------------


def _warc(gzip_records: bool) -> tuple[bytes, list[str]]:
    """A WARC with a warcinfo, a request, an HTML page (GBK), a Big5 page whose header says
    GBK (mis-declared), an image, a redirect, and a truncated HTML page at the end."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip_records)
    w.write_record(w.create_warcinfo_record("t.warc", {"software": "test"}))

    def response(url, status, ctype, body):
        h = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        return w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=h)

    req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "a.example.cn")], is_http_request=True)
    w.write_record(w.create_warc_record("https://a.example.cn/", "request", http_headers=req))
    recs = [
        response("https://a.example.cn/1.html", "200 OK", "text/html; charset=gbk",
                 page(f"<nav><a>首页</a></nav><p>{SIMP}</p>", head="<title>一</title>").encode("gbk")),
        response("https://b.example.tw/2.html", "200 OK", "text/html; charset=gbk",
                 page(f"<p>{TRAD}</p>", charset="big5").encode("big5")),
        response("https://a.example.cn/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50),
        response("https://a.example.cn/old", "301 Moved Permanently", "text/html", b"<p>moved</p>"),
    ]
    for r in recs:
        w.write_record(r)
    full = buf.getvalue()
    w.write_record(response("https://a.example.cn/3.html", "200 OK", "text/html",
                            page("<p>" + SIMP * 40 + "</p>").encode("utf-8")))
    data = buf.getvalue()
    cut = len(full) + (len(data) - len(full)) * 2 // 3  # inside the last record's body
    return data[:cut], ["warcinfo", "request", "page", "page", "png", "301", "truncated"]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_every_record_accounted_for(tmp_path, gz):
    """Every record is a document or a reject with its reason: HTML responses are pages
    (GBK and a mis-declared Big5 page decoded), other records are skipped, and the
    truncated last record is a truncated reject."""
    data, expect = _warc(gz)
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    path.write_bytes(data)
    out = read(path)
    kinds = [type(x).__name__ if isinstance(x, Source) else x.kind for x in out]
    if gz:  # a cut gzip member: warcio reads a short record, or stops reading the file
        assert kinds[:6] == ["warc_skipped", "warc_skipped", "Source", "Source", "warc_skipped", "warc_skipped"]
        assert kinds[6:] == ["truncated"]
    else:
        assert kinds == ["warc_skipped", "warc_skipped", "Source", "Source", "warc_skipped", "warc_skipped",
                         "truncated"]
    first, second = out[2], out[3]
    assert first.text == f"首页\n{SIMP}" and first.encoding == "gb18030"
    assert first.fields["url"] == "https://a.example.cn/1.html" and first.fields["warc_record_id"].startswith("<urn:uuid:")
    assert first.fields["title"] == "一" and first.doc_id.startswith("a.warc")
    assert second.text == TRAD and second.encoding == "big5hkscs"  # header said gbk, the bytes are Big5
    reasons = {x.reason for x in out if isinstance(x, Reject)}
    assert any("warcinfo record" in r for r in reasons) and any("image/png" in r for r in reasons)
    assert any("HTTP status 301" in r for r in reasons)


@pytest.mark.parametrize("gz", [False, True])
def test_warc_cut_anywhere_in_the_last_record_is_truncated(tmp_path, gz):
    """Wherever the file is cut inside the last record (its WARC headers, its HTTP headers,
    its body), the records before it come out as before and it ends as ``truncated``."""
    data, _ = _warc(gz)
    start = data.rfind(b"\x1f\x8b") if gz else data.rfind(b"WARC/1")
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    for cut in range(start + 1, len(data), max(1, (len(data) - start) // 40)):
        path.write_bytes(data[:cut])
        kinds = [type(x).__name__ if isinstance(x, Source) else x.kind for x in read(path)]
        assert kinds[:6] == ["warc_skipped", "warc_skipped", "Source", "Source", "warc_skipped", "warc_skipped"], cut
        assert kinds[6:] == ["truncated"], (cut, kinds)


def _raw_response(record_id: str, url: str | None, body: bytes) -> bytes:
    """One uncompressed WARC response record written by hand (``url=None``: without the
    ``WARC-Target-URI`` header the standard requires, as some crawlers write it)."""
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = [b"WARC/1.0", b"WARC-Type: response", b"WARC-Record-ID: " + record_id.encode(),
            b"Content-Type: application/http; msgtype=response"]
    if url is not None:
        head.append(b"WARC-Target-URI: " + url.encode())
    head.append(b"Content-Length: %d" % len(payload))
    return b"\r\n".join(head) + b"\r\n\r\n" + payload + b"\r\n\r\n"


@pytest.mark.parametrize("gz", [False, True])
def test_warc_record_without_target_uri_is_skipped_and_reading_goes_on(tmp_path, gz):
    """A response record without ``WARC-Target-URI`` is a skip naming the missing header,
    and the records after it are still read (warcio raises on it inside its iterator)."""
    body = page(f"<p>{SIMP}</p>").encode("utf-8")
    recs = [_raw_response("<urn:a>", "https://a.example.cn/1.html", body),
            _raw_response("<urn:b>", None, body),
            _raw_response("<urn:c>", "https://a.example.cn/3.html", body)]
    data = b"".join(gzip.compress(r) for r in recs) if gz else b"".join(recs)
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    path.write_bytes(data)
    out = read(path)
    kinds = [type(x).__name__ if isinstance(x, Source) else x.kind for x in out]
    assert kinds == ["Source", "warc_skipped", "Source"]
    assert "WARC-Target-URI" in out[1].reason
    assert [x.fields["url"] for x in (out[0], out[2])] == ["https://a.example.cn/1.html", "https://a.example.cn/3.html"]


def test_warc_garbage_is_a_truncated_reject_not_a_crash(tmp_path):
    """A file named .warc that holds no WARC records ends in one reject, not an exception."""
    (tmp_path / "x.warc").write_bytes(b"this is not a warc file\n" * 10)
    [rej] = read(tmp_path / "x.warc")
    assert isinstance(rej, Reject) and rej.kind == "truncated"


def test_warc_gz_file_of_one_gzip_stream(tmp_path):
    """A .warc.gz compressed as one stream (not per record) is read too."""
    data, _ = _warc(False)
    (tmp_path / "w.warc.gz").write_bytes(gzip.compress(data))
    out = read(tmp_path / "w.warc.gz")
    assert sum(isinstance(x, Source) for x in out) == 2


# -- end to end: a WARC through `corpusprep clean` -------------------------------------------


@pytest.mark.parametrize("extract", ["none", "trafilatura"])
def test_clean_warc_end_to_end(tmp_path, extract):
    """`corpusprep clean a.warc.gz`: every record is a document or a reject; documents.parquet
    has the page's provenance and metadata; every unit maps back into its source_text."""
    if extract == "trafilatura":
        pytest.importorskip("trafilatura")
    from corpusprep.cli import main

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    paras = "".join(f"<p>{SIMP}第{i}段落的内容。</p>" for i in range(5))
    html = (f"<html><head><title>标题一</title><meta name='author' content='王某'>"
            f"<meta property='article:published_time' content='2024-05-01'></head><body>"
            f"<div class='nav'><a>首页</a> <a>国际</a></div><article>{paras}</article>"
            f"<footer>版权所有 某某网</footer></body></html>").encode("gbk")
    h = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=gb2312")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://news.example.cn/a.html", "response",
                                        payload=io.BytesIO(html), http_headers=h))
    h = StatusAndHeaders("200 OK", [("Content-Type", "application/json")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://news.example.cn/api", "response",
                                        payload=io.BytesIO(b"{}"), http_headers=h))
    (tmp_path / "a.warc.gz").write_bytes(buf.getvalue())
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "a.warc.gz"), "-o", str(out), "--workers", "1", "-q",
                 "--extract", extract]) == 0
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    rejects = pq.read_table(out / "rejects.parquet").to_pylist()
    assert len(docs) == 1 and [r["kind"] for r in rejects] == ["warc_skipped"]
    d = docs[0]
    assert (d["url"], d["title"], d["author"], d["published"]) == (
        "https://news.example.cn/a.html", "标题一", "王某", "2024-05-01")
    assert d["warc_record_id"].startswith("<urn:uuid:") and d["extractor"] == extract
    assert d["encoding"] == "gb18030"
    import hashlib

    assert d["source_sha256"] == hashlib.sha256(html).hexdigest()
    units = pq.read_table(out / "corpus").to_pylist()
    assert units and all("首页" not in u["text"] and "版权所有" not in u["text"] for u in units)
    for u in units:  # the source slice holds the unit (up to the Simplified folding, a no-op here)
        assert u["text"] in d["source_text"][u["src_start"]:u["src_end"]]
    if extract == "none":
        removed = pq.read_table(out / "removed.parquet").to_pylist()
        assert {r["rule"] for r in removed} >= {"dom.class_word", "dom.landmark"}
        for r in removed:
            assert d["source_text"][r["src_start"]:r["src_end"]] == r["text"]


def test_cli_html_field(tmp_path):
    """`--html-field html` reads JSONL pages."""
    from corpusprep.cli import main

    rows = [{"id": f"p{i}", "url": f"https://a.example.cn/{i}", "html": f"<p>{SIMP}</p><p>第{i}篇。</p>"}
            for i in range(3)]
    (tmp_path / "p.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "p.jsonl"), "-o", str(out), "--workers", "1", "-q",
                 "--html-field", "html", "--repeated-lines", "0"]) == 0
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert [d["doc_id"] for d in docs] == ["p0", "p1", "p2"] and all(d["extractor"] == "none" for d in docs)


def test_report_shows_pages_from_a_warc(tmp_path):
    """The review report finds a WARC record's page, re-cleans it with its DOM facts (no
    drift note), and highlights the DOM step's removals."""
    from corpusprep.dataset import process
    from corpusprep.report import build_report

    data, _ = _warc(False)
    (tmp_path / "a.warc").write_bytes(data)
    out = tmp_path / "out"
    process([tmp_path / "a.warc"], out, workers=1)
    text = build_report(out).read_text("utf-8")
    assert text.count('<article class="doc"') == 2 and text.count('<div class="src"') == 2
    assert 'class="note"' not in text
    assert "dom.landmark" in text


def test_fail_on_reject_ignores_warc_records_that_are_not_pages(tmp_path):
    """Every WARC has a warcinfo record: skipping it (and images, redirects) is not a
    failure for --fail-on-reject; a truncated page still is."""
    from corpusprep.cli import main

    data, _ = _warc(False)
    whole = data[: data.rindex(b"WARC/1.0")]  # without the truncated last record
    (tmp_path / "ok.warc").write_bytes(whole)
    assert main(["clean", str(tmp_path / "ok.warc"), "-o", str(tmp_path / "o1"), "--workers", "1", "-q",
                 "--fail-on-reject"]) == 0
    (tmp_path / "cut.warc").write_bytes(data)
    assert main(["clean", str(tmp_path / "cut.warc"), "-o", str(tmp_path / "o2"), "--workers", "1", "-q",
                 "--fail-on-reject"]) == 3
