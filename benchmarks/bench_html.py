"""Score corpusprep's page reading on the held-out whole-page HTML evaluation set.

The set and its scorer live in benchmarks/html/ (pages.parquet, score.py: boilerplate
precision/recall/F1 over reference lines, and content lines lost). This script scores:

- ``trafilatura`` and ``trafilatura+title``: the scorer's own baselines (trafilatura alone);
- ``corpusprep --extract trafilatura``: trafilatura's main content, then the default pipeline;
- ``corpusprep --extract none``: the whole page, the DOM step, then rules and line model;
- ``--extract none, DOM step only`` and ``--extract none, no DOM step``: the two halves;
- each corpusprep system also ``+title``: the page's title (documents.parquet ``title``)
  on the first line, as a corpus that prints the headline above the body would hold it.

The output of a corpusprep system is the cleaned document text (``doc.text``: what the
corpus rows hold). Nothing here was tuned on these pages (the DOM rules were tuned on the
training pages: benchmarks/boilerplate/dom_tune.py).

    python benchmarks/bench_html.py [--eval benchmarks/html] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent


def systems() -> dict[str, Callable[[bytes, str], str]]:
    from corpusprep import Pipeline
    from corpusprep.cleaners.dom import RemoveDomBoilerplate
    from corpusprep.io.pages import page_source
    from corpusprep.steps import Context

    full = Pipeline.default()
    no_dom = Pipeline.default(dom_boilerplate=False)
    dom = RemoveDomBoilerplate()

    def run(pipe: Pipeline, extract: str, title: bool) -> Callable[[bytes, str], str]:
        def f(html: bytes, url: str) -> str:
            src = page_source(html, uri=url, doc_id=url, extract=extract, fields={"url": url} if url else {})
            text = pipe.clean_source(src).text
            return f"{src.fields.get('title', '')}\n{text}" if title else text
        return f

    def dom_only(html: bytes, url: str) -> str:
        src = page_source(html, uri=url, doc_id=url, extract="none")
        return dom.apply(src.text, Context(url, source=src)).text

    out = {}
    for title in (False, True):
        t = "+title" if title else ""
        out[f"corpusprep --extract trafilatura{t}"] = run(full, "trafilatura", title)
        out[f"corpusprep --extract none{t}"] = run(full, "none", title)
        out[f"--extract none, no DOM step{t}"] = run(no_dom, "none", title)
    out["--extract none, DOM step only"] = dom_only
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval", default=str(HERE / "html"), help="the directory holding score.py and data/")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    sys.path.insert(0, args.eval)
    import score as sc  # the evaluation set's scorer (benchmarks/html/score.py)

    pages = sc.load_pages()
    results: dict[str, dict] = {}
    todo = {k: sc.SYSTEMS[k] for k in ("trafilatura", "trafilatura+title") if k in sc.SYSTEMS}
    todo.update(systems())
    for name, f in todo.items():
        t0 = time.process_time()
        results[name] = sc.score(f, pages)
        print(f"{name}: {time.process_time() - t0:.1f} s CPU", file=sys.stderr)
    print(f"{len(pages)} pages; trafilatura {version('trafilatura')}, lxml {version('lxml')}\n")
    print(sc.table(results))
    if args.json:
        Path(args.json).write_text(json.dumps({k: {s: v[s] for s in ("all", "simplified", "traditional")}
                                               for k, v in results.items()}, indent=1), "utf-8")


if __name__ == "__main__":
    main()
