"""Build benchmarks/boilerplate/data-pending/nodebe4-teahouse.parquet (kind=article).

Usage: python build_nodebe4-teahouse.py MIRROR_GIT_DIR [--commit SHA] [--dump FILE] [--out PATH]

Source: NodeBE4/teahouse, a sibling of NodeBE4/oped2 (its README is that of NodeBE4/opinion,
"观点 - 从草根到大师"; NodeBE4/opinion itself is 0.96 GB, over the 500 MB fetch limit). Paths are
`_posts/*.md` and `archived/<date>/*.md` (29,453 posts) in the layout of NodeBE4/oped2. 25,950 of
them are YouTube video descriptions (`from: https://www.youtube.com/...`): not articles, left out.
The rest are matters.news and Medium articles, which are used. Lines and labels as in
build_nodebe4-oped2.py (articles_common) plus the scraper-markup rules of nodebe4_more.py.

Posts whose URL or title is in data/nodebe4-oped2.parquet or data-pending/nodebe4-waimei.parquet
are skipped: build build_nodebe4-waimei.py first.
"""
from __future__ import annotations

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import nodebe4_more as nm  # noqa: E402

SOURCE = "nodebe4-teahouse"
REPO = "NodeBE4/teahouse"
COMMIT = "2b27736b5c3028ae1d8fe4335f2f7f7c7c0d67f9"
LICENSE = ("MIT (LICENSE: 'The MIT License (MIT) Copyright (c) 2017 Hanju Jo' - the Jekyll theme's "
           "license file; the archived articles themselves carry no license statement)")
QUOTA = 20  # documents per site (site = original publisher, nm.site_of)


def keep_url(url: str) -> bool:
    dom = re.sub(r"^https?://", "", url).split("/")[0]
    return dom == "matters.news" or dom.endswith("medium.com")


def run(git_dir, commit=None):
    commit = commit or COMMIT
    return nm.build(git_dir, commit, source=SOURCE, repo=REPO, license_=LICENSE,
                    paths=nm.candidates(git_dir, commit), quota=QUOTA, keep_url=keep_url,
                    exclude=[nm.OPED2, os.path.join(HERE, "data-pending", "nodebe4-waimei.parquet")])


if __name__ == "__main__":
    nm.main_for(SOURCE, run)
