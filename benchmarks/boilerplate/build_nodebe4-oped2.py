"""Build benchmarks/boilerplate/data/nodebe4-oped2.parquet (kind=article).

Usage: python build_nodebe4-oped2.py MIRROR_GIT_DIR [--commit SHA] [--dump DIR]

Source: NodeBE4/oped2, a Jekyll archive filled by the duty-machine scraper family: each
`_posts/*.md` is a front matter (title, date, author, `from:` URL, tags) followed by the
article body as the scraper saved it (HTML, sometimes after a `[title](url)` / `------` header).
The body HTML is turned into lines (see articles_common.html_to_lines) and labelled from the
markup plus text patterns; hand corrections from hand/nodebe4-oped2.jsonl are applied last.

site = the original publisher: the URL domain, except nei.st (a repost site) where the second
path segment names the publisher (nei.st/medium/<publisher>/...).
"""
from __future__ import annotations

import argparse
import collections
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import articles_common as ac  # noqa: E402

SOURCE = "nodebe4-oped2"
REPO = "NodeBE4/oped2"
COMMIT = "17cab5244554c2770507a1fa14a4dac6f7e618ee"
LICENSE = ("MIT (LICENSE: 'The MIT License (MIT) Copyright (c) 2017 Hanju Jo' - the Jekyll theme's "
           "license file; the archived articles themselves carry no license statement)")
SEED = 20261204
# documents wanted per top-level domain (nei.st is further spread over its publishers)
QUOTA = {"www.iyouport.org": 150, "nei.st": 250, "pao-pao.net": 90, "www.allnow.com": 45,
         "m.allnow.com": 45, "matters.news": 110, "medium.com": 45, "hulitw.medium.com": 35,
         "verbalflystep.com": 5, "www.chinafile.com": 10}
NEIST_SITE = {"economist": "economist.com", "caixin": "caixin.com", "initium": "theinitium.com",
              "wsj": "cn.wsj.com", "bloomberg": "bloomberg.com", "nytimes": "cn.nytimes.com",
              "southern": "infzm.com", "yimag": "yicai.com", "lifeweek": "lifeweek.com.cn",
              "ft": "ftchinese.com", "caijing": "caijing.com.cn", "21c": "21jingji.com",
              "china-newsweek": "inewsweek.cn", "southern-weekly": "infzm.com",
              "bloomberg-businessweek": "bloomberg.com"}
MAX_CHARS = 15000
MAX_LINES = 400


def front_matter(raw: str):
    m = re.match(r"^---\n(.*?)\n---\n", raw, re.S)
    if not m:
        return {}, raw
    fm = {}
    for line in m.group(1).split("\n"):
        k, _, v = line.partition(":")
        fm[k.strip()] = v.strip()
    return fm, raw[m.end():]


def strip_header(body: str) -> str:
    # duty-machine layout: <!--ts-->\n[title](url)\n------\n
    return re.sub(r"^\s*(<!--\d+-->\s*)?(\[[^\n]*\]\([^\n]*\)\s*\n-{3,}\s*\n)?", "", body, count=1)


def site_of(url: str) -> str:
    dom = re.sub(r"^https?://", "", url).split("/")[0]
    if dom == "nei.st":
        parts = url.split("/")
        pub = parts[4] if len(parts) > 4 else "?"
        return NEIST_SITE.get(pub, f"nei.st/{pub}")
    if dom.endswith("allnow.com"):
        return "allnow.com"
    if dom.endswith("medium.com") or dom == "verbalflystep.com":
        return "medium.com"
    return dom


def year_of(path: str) -> str:
    return path.split("/")[1][:4]


def candidates(git_dir, commit):
    paths = [p for p in ac.git_ls(git_dir, commit) if p.startswith("_posts/") and p.endswith(".md")]
    return paths


def build(git_dir, commit, dump=None, limit=None):
    paths = candidates(git_dir, commit)
    rng = random.Random(SEED)
    # read front matter of every post (cheap: git cat-file batch)
    import subprocess
    proc = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)

    def read(path):
        proc.stdin.write(f"{commit}:{path}\n".encode())
        proc.stdin.flush()
        hdr = proc.stdout.readline().split()
        n = int(hdr[2])
        return proc.stdout.read(n + 1)[:-1].decode("utf-8", "replace")

    by_dom = collections.defaultdict(list)
    for p in paths:
        raw = read(p)
        fm, body = front_matter(raw)
        url = fm.get("from", "")
        if not url:
            continue
        han = len(ac.HAN.findall(body))
        if han < 300:
            continue  # English-only (chinafile) or RSS stubs (medium "Continue reading")
        dom = re.sub(r"^https?://", "", url).split("/")[0]
        by_dom[dom].append(p)
    index_of = {p: i for i, p in enumerate(paths)}  # stable doc number: index in the sorted _posts list
    chosen = []
    for dom in sorted(by_dom):
        ps = sorted(by_dom[dom])
        q = QUOTA.get(dom, 5)
        # spread over sub-sites (nei.st publishers) and years: round-robin over strata
        strata = collections.defaultdict(list)
        for p in ps:
            key = year_of(p)
            strata[key].append(p)
        for k in strata:
            rng.shuffle(strata[k])
        keys = sorted(strata)
        picked = []
        while len(picked) < q and any(strata[k] for k in keys):
            for k in keys:
                if strata[k] and len(picked) < q:
                    picked.append(strata[k].pop())
        chosen.extend(sorted(picked))
    rows = []
    for p in chosen:
        raw = read(p)
        fm, body = front_matter(raw)
        url = fm.get("from", "")
        title = fm.get("title", "").strip().strip('"')
        title = re.sub(r"\s+-\s+iYouPort$", "", title)
        n = index_of[p]
        img_res = ac.stable_hash(p) % 3 == 0
        lines = ac.html_to_lines(strip_header(body), img_residue=img_res)
        if not lines:
            continue
        firsts = " ".join(ln.text for ln in lines[:6])
        if title and title not in firsts:
            lines.insert(0, ac.Line(text=ac.WS.sub(" ", title), tag="h1", anc=("h1",)))
        text = "\n".join(ln.text for ln in lines)
        if len(text) > MAX_CHARS or len(lines) > MAX_LINES:
            continue
        labs = ac.label_lines(lines)
        # the prepended / <h1> title is the headline: keep
        rows.append({
            "doc_id": f"{SOURCE}/{n}", "source": SOURCE, "site": site_of(url), "kind": "article",
            "script": ac.script_of(text), "url": url, "repo": REPO, "commit": commit, "path": p,
            "license": LICENSE, "text": text, "labels": [l for l, _, _ in labs],
            "label_origin": [o for _, o, _ in labs], "_why": [w for _, _, w in labs],
        })
        if limit and len(rows) >= limit:
            break
    proc.stdin.close()
    proc.wait()
    n_hand = ac.apply_hand(rows, os.path.join(HERE, "hand", f"{SOURCE}.jsonl"))
    return rows, n_hand


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mirror")
    ap.add_argument("--commit", default=COMMIT)
    ap.add_argument("--dump", help="write a human-readable label dump here")
    ap.add_argument("--limit", type=int)
    a = ap.parse_args()
    rows, n_hand = build(a.mirror, a.commit, limit=a.limit)
    out = os.path.join(HERE, "data", f"{SOURCE}.parquet")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if a.dump:
        ac.dump_rows(rows, a.dump)
    ac.write_parquet(rows, out)
    c = collections.Counter(l for r in rows for l in r["labels"] if l)
    print(f"{len(rows)} docs, {len(set(r['site'] for r in rows))} sites, hand={n_hand}", c.most_common())


if __name__ == "__main__":
    main()
