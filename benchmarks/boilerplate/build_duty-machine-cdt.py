"""Build benchmarks/boilerplate/data/duty-machine-cdt.parquet (kind=article).

Usage: python build_duty-machine-cdt.py MIRROR_GIT_DIR [--commit SHA] [--dump FILE]

Source: duty-machine/chinadigitaltimes, the duty-machine scraper's archive of China Digital Times
(中国数字时代) posts, 2020-06/07: `articles/<id>_<title>.md` = `[title](url)`, `------`,
`日期：<RFC 822 date>`, then the post body as HTML. Most posts are reposts: the title prefix
before `|`/`｜` names the original publisher or WeChat account (德国之声 | …, 立场新闻 | …);
CDT's own columns use 【中国哭墙】-style prefixes. site = that publisher name, or
chinadigitaltimes.net for CDT's own columns and unprefixed posts.
The archiver's `日期：` line is kept in the text and labelled drop:byline (post meta).
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import articles_common as ac  # noqa: E402

SOURCE = "duty-machine-cdt"
REPO = "duty-machine/chinadigitaltimes"
COMMIT = "5183a6f43e889137178dead7d1449001ab94fdc0"
LICENSE = "not stated"
MAX_CHARS = 15000
CDT_COLUMNS = {"中国哭墙", "网络民议", "立此存照", "麻辣总局", "异闻观止", "CDT导览", "CDTV", "图说天朝",
               "真理部指令", "数据吐槽中心", "1号档案馆", "CDT档案卡", "每日一语", "敏感词库", "人间思想笔记",
               "呦呦鹿鸣", "CDT周报", "404文库", "网文選摘", "网文选摘", "墙外评论", "异见时评", "翻墙技术",
               "CDS档案", "中国"}  # 中国 | … : the prefix names no publisher
ALIASES = {"立场": "立场新闻"}


def site_of(title: str) -> str:
    m = re.match(r"^【(.{1,10}?)】", title)
    if m:
        return "chinadigitaltimes.net"
    m = re.match(r"^(.{1,20}?)\s*[|｜丨]", title)
    if m:
        pub = m.group(1).strip()
        pub = ALIASES.get(pub, pub)
        if pub in CDT_COLUMNS:
            return "chinadigitaltimes.net"
        return pub
    return "chinadigitaltimes.net"


def build(git_dir, commit):
    paths = [p for p in ac.git_ls(git_dir, commit) if p.startswith("articles/") and p.endswith(".md")]
    rows = []
    for idx, p in enumerate(paths):  # all posts (227), in sorted path order; doc number = idx
        raw = ac.git_show(git_dir, commit, p)
        m = re.match(r"^\[(.*)\]\((\S+)\)\s*\n-{3,}\s*\n(日期：[^\n]*)?\n?", raw)
        if not m:
            continue
        title, url, date = m.group(1), m.group(2), m.group(3)
        body = raw[m.end():]
        if len(ac.HAN.findall(body)) < 200:
            continue
        img_res = ac.stable_hash(p) % 3 == 0
        lines = ac.html_to_lines(body, img_residue=img_res)
        if not lines:
            continue
        head = [ac.Line(text=ac.WS.sub(" ", title).strip(), tag="h1", anc=("h1",))]
        if date:
            head.append(ac.Line(text=date.strip(), tag="p", anc=("p",), cls="entry-date"))
        lines = head + lines
        text = "\n".join(ln.text for ln in lines)
        if len(text) > MAX_CHARS:
            continue
        labs = ac.label_lines(lines)
        labs[0] = ("keep", "markup", "title")
        site = site_of(title)
        norm = lambda x: re.sub(r"[\s|｜丨]", "", x)  # noqa: E731
        for i, ln in enumerate(lines):
            if 2 <= i <= 6 and norm(ln.text) == norm(title):
                labs[i] = ("drop:other", "heuristic", "duplicate title")
            elif 2 <= i <= 6 and ln.text.strip() in (site, "中国数字时代"):
                labs[i] = ("drop:credit", "heuristic", "publisher name line (source)")
            # CDT's own archive cross-links at the foot of a post
            if i > 0 and re.match(r"^(CD[ST]|CDT)\s*档案\s*[|｜]", ln.text):
                labs[i] = ("drop:recommendation", "heuristic", "CDT archive cross-link")
        rows.append({
            "doc_id": f"{SOURCE}/{idx}", "source": SOURCE, "site": site, "kind": "article",
            "script": ac.script_of(text), "url": url, "repo": REPO, "commit": commit, "path": p,
            "license": LICENSE, "text": text, "labels": [l for l, _, _ in labs],
            "label_origin": [o for _, o, _ in labs], "_why": [w for _, _, w in labs],
        })
    n_hand = ac.apply_hand(rows, os.path.join(HERE, "hand", f"{SOURCE}.jsonl"))
    return rows, n_hand


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mirror")
    ap.add_argument("--commit", default=COMMIT)
    ap.add_argument("--dump")
    a = ap.parse_args()
    rows, n_hand = build(a.mirror, a.commit)
    if a.dump:
        ac.dump_rows(rows, a.dump)
    out = os.path.join(HERE, "data", f"{SOURCE}.parquet")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    ac.write_parquet(rows, out)
    c = collections.Counter(l for r in rows for l in r["labels"] if l)
    print(f"{len(rows)} docs, {len(set(r['site'] for r in rows))} sites, hand={n_hand}", c.most_common())


if __name__ == "__main__":
    main()
