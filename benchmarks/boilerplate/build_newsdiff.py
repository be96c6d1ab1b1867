"""Build benchmarks/boilerplate/data/newsdiff.parquet (kind=page, Traditional script).

Usage: python build_newsdiff.py MIRROR_GIT_DIR [--commit SHA] [--dump FILE] [--out-dir DIR]

Source: ronnywang/newsdiff (g0v NewsDiff, which tracked edits to Taiwanese news stories; README:
"以上程式碼以 BSD License 公開", BSD for the code; the saved pages state no license). Its crawler
unit tests (added December 2014, removed later from the tree) keep whole article pages of 16
Taiwanese outlets as downloaded on 2014-12-13 (`tests/models/Crawler/<Outlet>/data/<id>.html`,
each with the parser's expected title/body in `<id>.json` and the page URL in `README.md`). They
are read with `git show` at COMMIT, the last commit that touched them (960d7c35, 2014-12-16).

Selection (a rule, no sampling, so no seed): the article fixtures (`listing.html` left out) of the
outlets whose site occurs in no data*/*.parquet `site` column: BCC (中廣), CTS (華視), FTV (民視),
Newtalk (新頭殼), Nownews, PTS (公視, both fixtures), StormMediaGroup (風傳媒), TTV (台視), TVBS:
10 pages from 9 sites (26 to 319 lines; the long ones are mostly menus and headline lists). Left
out: Appledaily, CNA, Chinatimes, Ettoday, Libertytimes, SETNews, UDN (sites already in the data,
or the same outlet under an older domain).

Text: each page dumped to one line per block element by `pagedump.py` (the page builders' dump),
lines joined by "\\n".

Labels: text patterns (articles_common.PAT) first, then hand/newsdiff.jsonl, which gives a label for
EVERY line of the 10 pages (all read by hand, in the dump and, where it left a doubt, in the HTML;
label_origin `hand`). hand/newsdiff.spec.txt is the compact form the JSONL was written from
(`<stem>: <ranges>=<label>(<note>) | …`, lines not listed are keep). doc_id is `newsdiff/<stem>`.
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

SOURCE = "newsdiff"
REPO = "ronnywang/newsdiff"
COMMIT = "960d7c35606c50292e2e21a55cd99d2db096c3e5"
LICENSE = "BSD (README, for the code); the saved pages: not stated"
HAND = os.path.join(HERE, "hand", f"{SOURCE}.jsonl")
D = "tests/models/Crawler/"
# stem -> (path, site, url (from og:url, else the fixture's README.md))
DOCS = {
    "bcc": (D + "BCC/data/2470299.html", "www.bcc.com.tw", "http://www.bcc.com.tw/newsView.2469790"),
    "cts": (D + "CTS/data/201411111536296.html", "news.cts.com.tw",
            "http://news.cts.com.tw/cts/general/201411/201411111536296.html"),
    "ftv": (D + "FTV/data/2014C01L08M1.html", "news.ftv.com.tw",
            "http://news.ftv.com.tw/NewsContent.aspx?ntype=class&sno=2014C01L08M1"),
    "newtalk": (D + "Newtalk/data/52850.html", "newtalk.tw", "http://newtalk.tw/news/2014/10/24/52850.html"),
    "nownews": (D + "Nownews/data/1529819.html", "www.nownews.com", "http://www.nownews.com/n/2014/12/05/1529819"),
    "pts1": (D + "PTS/data/285779.html", "news.pts.org.tw", "http://news.pts.org.tw/detail.php?NEENO=285779"),
    "pts2": (D + "PTS/data/285812.html", "news.pts.org.tw", "http://news.pts.org.tw/detail.php?NEENO=285812"),
    "storm": (D + "StormMediaGroup/data/048c71d1.html", "www.stormmediagroup.com",
              "http://www.stormmediagroup.com/opencms/news/detail/048c71d1-8268-11e4-b7fe-ef2804cb"),
    "ttv": (D + "TTV/data/10312120017000I.html", "www.ttv.com.tw",
            "http://www.ttv.com.tw/103/12/1031212/10312120017000I.htm"),
    "tvbs": (D + "TVBS/data/556732.html", "news.tvbs.com.tw", "http://news.tvbs.com.tw/entry/556732"),
}
MAX_LINES = 320


def build(git_dir, commit):
    rows = []
    for stem in sorted(DOCS):
        path, site, url = DOCS[stem]
        text = pagedump.page_text(ac.git_bytes(git_dir, commit, path))
        assert len(text.split("\n")) <= MAX_LINES, stem
        rows.append(cwt.record_row(f"{SOURCE}/{stem}", SOURCE, text, url, site, path, commit,
                                   repo=REPO, license=LICENSE, kind="page"))
    for r in rows:
        assert r["script"] == "traditional", (r["doc_id"], r["script"])
    return cwt.fully_hand_labelled(rows, HAND)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mirror")
    ap.add_argument("--commit", default=COMMIT)
    cwt.output_args(ap, "data")
    a = ap.parse_args()
    cwt.write_built(build(a.mirror, a.commit), SOURCE, a)


if __name__ == "__main__":
    main()
