"""Throughput and peak memory of reading WARC archives of Chinese news pages.

Builds a WARC (one gzip member per record, as crawlers write them) from the training
pages' HTML (benchmarks/boilerplate/data/pages.parquet rows, read from their pinned git
mirrors), repeated to the size asked, then measures each stage in its own process (CPU
seconds, MB/s of raw HTML, peak RSS):

- ``warcio``: iterate the records and read the bodies (the library corpusprep uses);
- ``fastwarc``: the same with FastWARC, if installed (the alternative considered);
- ``read none``: corpusprep's reader, pages decoded and laid out with DOM facts;
- ``read trafilatura``: the reader with ``extract="trafilatura"``;
- ``clean none``: reader + ``Pipeline.default().clean_source`` on every page (one core).

Peak RSS at two archive sizes shows whether memory stays flat as the archive grows.

    python benchmarks/bench_warc.py [--mb 20] [--mirrors /work/.mirror]
"""
from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(out: Path, mb: float, mirrors: str) -> int:
    """Write the WARC; return the raw HTML bytes it holds."""
    import pyarrow.parquet as pq
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    sys.path.insert(0, str(HERE / "boilerplate"))
    from dom_tune import raw_page

    rows = [r for r in pq.read_table(HERE / "boilerplate" / "data" / "pages.parquet").to_pylist()
            if r["kind"] == "page"]
    pages = []
    for r in rows:
        try:
            pages.append((r["url"] or f"https://example.invalid/{r['doc_id']}",
                          raw_page(Path(mirrors), r["repo"], r["commit"], r["path"])))
        except Exception:  # a missing mirror: fewer distinct pages
            continue
    total = 0
    with open(out, "wb") as f:
        w = WARCWriter(f, gzip=True)
        k = 0
        while total < mb * 1e6:
            url, body = pages[k % len(pages)]
            h = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"{url}#{k}", "response", payload=io.BytesIO(body), http_headers=h))
            total += len(body)
            k += 1
    return total


def _peak_rss_mb() -> float:
    """VmHWM of this process (ru_maxrss would include the parent's peak from before exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage(name: str, path: str) -> dict:
    # imports first: the timing is of the work
    from warcio.archiveiterator import ArchiveIterator

    from corpusprep import Pipeline
    from corpusprep.io import ReaderOptions, read_inputs
    if name == "fastwarc":
        from fastwarc.warc import ArchiveIterator as FastIterator
    if "trafilatura" in name:
        import trafilatura  # noqa: F401
    pipe = Pipeline.default() if name.startswith("clean") else None
    t0 = time.process_time()
    n = 0
    if name == "warcio":
        with open(path, "rb") as f:
            for rec in ArchiveIterator(f):
                s = rec.content_stream()
                while chunk := s.read(1 << 16):
                    n += len(chunk)
    elif name == "fastwarc":
        with open(path, "rb") as f:
            for rec in FastIterator(f, parse_http=True):
                n += len(rec.reader.read())
    else:
        extract = "trafilatura" if "trafilatura" in name else "none"
        for src in read_inputs([path], ReaderOptions(extract=extract)):
            if hasattr(src, "text"):
                n += 1
                if pipe is not None:
                    pipe.clean_source(src)
    return {"cpu_s": time.process_time() - t0, "items": n,
            "peak_rss_mb": _peak_rss_mb()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20.0, help="raw HTML in the larger archive (MB)")
    ap.add_argument("--mirrors", default="/work/.mirror")
    ap.add_argument("--stage", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        print(json.dumps(stage(*args.stage)))
        return
    stages = ["warcio", "fastwarc", "read none", "read trafilatura", "clean none"]
    with tempfile.TemporaryDirectory() as d:
        sizes = {}
        for mb in (args.mb / 4, args.mb):
            p = Path(d) / f"{mb:g}.warc.gz"
            sizes[p] = build(p, mb, args.mirrors)
        print("| stage | archive | raw HTML MB | items | CPU s | MB/s | peak RSS MB |\n|---|---|---|---|---|---|---|")
        for name in stages:
            for p, raw in sizes.items():
                if name.startswith(("read trafilatura", "clean")) and p != min(sizes, key=sizes.get):
                    continue  # the slow stages: the small archive only
                r = subprocess.run([sys.executable, __file__, "--stage", name, str(p)], capture_output=True, text=True)
                if r.returncode:
                    print(f"| {name} | {p.name} | – | – | – | – | ({r.stderr.strip().splitlines()[-1][:60]}) |")
                    continue
                m = json.loads(r.stdout)
                print(f"| {name} | {p.stat().st_size / 1e6:.1f} MB gz | {raw / 1e6:.1f} | {m['items']} | {m['cpu_s']:.2f} | "
                      f"{raw / 1e6 / max(m['cpu_s'], 1e-9):.1f} | {m['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
