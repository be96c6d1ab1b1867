"""Build benchmarks/boilerplate/data-pending/nodebe4-waimei.parquet (kind=article).

Usage: python build_nodebe4-waimei.py MIRROR_GIT_DIR [--commit SHA] [--dump FILE] [--out PATH]

Source: the news archive of NodeBE4/waimei ("外媒" - foreign and Taiwan/HK/SG media in Chinese),
read from the fork zhouxiang93123/waimei: NodeBE4/waimei itself is 1.45 GB, over the 500 MB
fetch limit, and the fork holds the same archive up to 2021-01-22 (64,509 posts). Paths are
`_posts/*.md` and `archived/<date>/*.md`, `archived/nei.st/*.md`, in the layout of
NodeBE4/oped2 (front matter + `[title](url)` / `------` header + body HTML), see
build_nodebe4-oped2.py. Lines and labels as there (articles_common), plus the two scraper-markup
rules of nodebe4_more.py. Sampling and site naming: nodebe4_more.py and DATA-nodebe4-more.md.
"""
from __future__ import annotations

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nodebe4_more as nm  # noqa: E402

SOURCE = "nodebe4-waimei"
REPO = "zhouxiang93123/waimei"
COMMIT = "d3a932aaba0f40af659257c0d61152960c23fbeb"
LICENSE = ("MIT (LICENSE: 'The MIT License (MIT) Copyright (c) 2017 Hanju Jo' - the Jekyll theme's "
           "license file, in zhouxiang93123/waimei, a fork of NodeBE4/waimei; the archived articles "
           "themselves carry no license statement)")
QUOTA = 20  # documents per site (site = original publisher, nm.site_of)


def clean_title(title: str, url: str) -> str:
    if "rfi.fr" in url:  # rfi titles end in ' - <section>' ('… - 文化艺术')
        title = re.sub(r"\s+-\s+[^-]{1,12}$", "", title)
    return title


# cn.govopendata.com posts (新闻联播 文字版) hold only the programme's table of contents: a list of
# in-page links, no article text (in a first build all 20 drawn documents were 1 title line + links)
EXCLUDE_SITES = {"cn.govopendata.com"}


def run(git_dir, commit=None):
    commit = commit or COMMIT
    return nm.build(git_dir, commit, source=SOURCE, repo=REPO, license_=LICENSE,
                    paths=nm.candidates(git_dir, commit), quota=QUOTA, exclude=[nm.OPED2],
                    keep_url=lambda url: nm.site_of(url) not in EXCLUDE_SITES,
                    clean_title=clean_title)


if __name__ == "__main__":
    nm.main_for(SOURCE, run)
