"""Build benchmarks/boilerplate/data/hknews-backend.parquet (kind=page, Traditional script).

Usage: python build_hknews-backend.py BACKEND_MIRROR_GIT_DIR HKNEWS_MIRROR_GIT_DIR [--dump FILE] [--out-dir DIR]

Source: ayltai/hknews-backend (Apache-2.0, `LICENSE`, © 2019-2020 Alan Tai), the back end of a
Hong Kong news-reader app. Its parser tests keep whole article pages of Hong Kong outlets, saved
as the outlets served them in 2018-2019 (`src/test/resources/*.html`, later moved to
`src/test/resources/testdata/`). The pages are read from the mirror with `git show` at the
commits pinned in DOCS (the files' first versions; the later copies under `testdata/` are the
same articles, and the repository's HEAD, d269775, no longer holds hket/orientaldaily/wenweipo).
Its successor ayltai/hknews (MIT, `LICENSE`, © 2020-2021 Alan Tai; HEAD b8d0d226 at the fetch) keeps
fixtures of the same outlets re-saved in 2020-2021 (`src/test/resources/testdata/`, read at
commit a6d023d2); four of them are also used (stems `*-2020`, `*-2021`): other articles, and
newer page templates of the outlets, plus one new site (hk.on.cc, on.cc's instant news).

Selection (the rule, applied to every `*.html` fixture in the history): the article pages
(`*_details.html` or a page holding one article), in Chinese, one per path, whose page dump has
at most 200 lines. Left out: the list/index pages (`*_list.html`, `skypost.html`), the video
page (`appledaily_video.html`), the English outlets (`scmp.html`, `thestandard_details.html`),
and `headline.html` / `headline_details.html` (Headline Daily, 968 and 388 lines). That leaves
the 11 pages of DOCS from 10 sites, none of which occurs in any other data*/*.parquet `site`
column. No sampling was needed, so no seed. From ayltai/hknews, by the same rule, only the pages of
at most 120 lines (time allowed no more): orientaldaily_details, orientaldaily_realtime_details,
singpao_details, wenweipo_details (the others are 142-1,010 lines or English).

Text: each page dumped to one line per block element by `pagedump.py` (the dump the page builders
use: script/style/head dropped, whitespace collapsed, empty lines dropped), lines joined by "\\n".

Labels: text patterns (articles_common.PAT) first, then hand/hknews-backend.jsonl, which gives a
label for EVERY line of the 15 pages (all read by hand, in the page dump and, where the dump left
a doubt, in the HTML; label_origin `hand`). hand/hknews-backend.spec.txt is the compact form the
JSONL was written from (`<stem>: <ranges>=<label>(<note>) | …`, lines not listed are keep).
doc_id is `hknews-backend/<stem>`, path the fixture's path, commit the commit it is read at.
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import articles_common as ac  # noqa: E402
import build_chinesewebtext as cwt  # noqa: E402  (hand labels, writing: as the other hand sets)
import pagedump  # noqa: E402

SOURCE = "hknews-backend"
REPO = "ayltai/hknews-backend"
REPO2 = "ayltai/hknews"
LICENSES = {REPO: "Apache-2.0", REPO2: "MIT"}
HAND = os.path.join(HERE, "hand", f"{SOURCE}.jsonl")
C0 = "4b6e00ff574da0eb550de8ed68f1e1cada1701f1"  # Initial commit (2019-04-04)
R = "src/test/resources/"
C2 = "a6d023d2ef5d921c7915e0d8c1daf4ad50400f8f"  # ayltai/hknews, 2021-03-01
T = "src/test/resources/testdata/"
# stem -> (commit, path, site, url)
DOCS = {
    "apple": ("eead761e15547844a9e7e7706dba12c52bc8124f", R + "appledaily_details.html", "hk.news.appledaily.com",
              "https://hk.news.appledaily.com/local/daily/article/20190418/20658783"),
    "hkej": (C0, R + "hkej.html", "www2.hkej.com",
             "http://www2.hkej.com/instantnews/china/article/1878965/"),
    "hket": (C0, R + "hket.html", "topick.hket.com", "https://topick.hket.com/article/2124495"),
    "mingpao": (C0, R + "mingpao.html", "news.mingpao.com",
                "https://news.mingpao.com/pns/%e6%b8%af%e8%81%9e/article/20181217/s00002/1544984739431/"),
    "oriental": (C0, R + "orientaldaily.html", "orientaldaily.on.cc", None),
    "rthk": (C0, R + "rthk.html", "news.rthk.hk", "http://news.rthk.hk/rthk/ch/component/k2/1404750-20180702.htm"),
    "singpao": (C0, R + "singpao_details.html", "www.singpao.com.hk",
                "http://www.singpao.com.hk//index.php?fi=news1&id=78082"),
    "singtao": (C0, R + "singtao_details.html", "std.stheadline.com",
                "std.stheadline.com/daily/news-content-nocache.php?id=1848076&target=2"),
    "singtao-instant": (C0, R + "singtao_realtime_details.html", "std.stheadline.com",
                        "std.stheadline.com/instant/articles/detail/821515"),
    "skypost": ("79531212bbb9c1f907cf954ec5ec0c02201a812f", R + "skypost_details.html",
                "skypost.ulifestyle.com.hk", "https://skypost.ulifestyle.com.hk/article/2333915/"),
    "wenweipo": (C0, R + "wenweipo_details.html", "news.wenweipo.com",
                 "http://news.wenweipo.com/2018/07/30/IN1807300001.htm"),
}
# ayltai/hknews: stem -> (commit, path, site, url)
DOCS2 = {
    "oriental-2020": (C2, T + "orientaldaily_details.html", "orientaldaily.on.cc", None),
    "oriental-instant-2020": (C2, T + "orientaldaily_realtime_details.html", "hk.on.cc",
                              "https://hk.on.cc/hk/bkn/cnt/news/20200809/bkn-20200809231616005-0809_00822_001.html"),
    "singpao-2020": (C2, T + "singpao_details.html", "www.singpao.com.hk",
                     "http://www.singpao.com.hk//index.php?fi=news1&id=113658"),
    "wenweipo-2021": (C2, T + "wenweipo_details.html", "www.wenweipo.com",
                      "https://www.wenweipo.com/a/202103/01/AP603c56f0e4b04e1918c8e7a0.html"),
}
MAX_LINES = 200


#: one outlet under two host names is one site, so that both land in the same evaluation fold
#: (their pages share the outlet's menus and footers)
OUTLET = {"orientaldaily.on.cc": "on.cc", "hk.on.cc": "on.cc",
          "news.wenweipo.com": "wenweipo.com", "www.wenweipo.com": "wenweipo.com"}


def build(git_dir, git_dir2):
    rows = []
    todo = [(stem, REPO, git_dir, DOCS[stem]) for stem in DOCS]
    todo += [(stem, REPO2, git_dir2, DOCS2[stem]) for stem in DOCS2]
    for stem, repo, gd, (commit, path, site, url) in sorted(todo):
        text = pagedump.page_text(ac.git_bytes(gd, commit, path))
        n = len(text.split("\n"))
        assert n <= MAX_LINES, (stem, n)
        rows.append(cwt.record_row(f"{SOURCE}/{stem}", SOURCE, text, url, OUTLET.get(site, site), path, commit,
                                   repo=repo, license=LICENSES[repo], kind="page"))
    for r in rows:
        assert r["script"] == "traditional", (r["doc_id"], r["script"])
    return cwt.fully_hand_labelled(rows, HAND)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mirror", help="ayltai/hknews-backend bare mirror")
    ap.add_argument("mirror2", help="ayltai/hknews bare mirror")
    cwt.output_args(ap, "data")
    a = ap.parse_args()
    cwt.write_built(build(a.mirror, a.mirror2), SOURCE, a)


if __name__ == "__main__":
    main()
