"""Shared build code for build_nodebe4-waimei.py and build_nodebe4-teahouse.py (kind=article).

These repositories are siblings of NodeBE4/oped2 (same Jekyll scraper family, same post layout:
front matter with title/date/author/`from:` URL/tags, then `<!--ts-->`, `[title](url)`, `------`
and the body HTML as the scraper saved it). The conversion to lines and the labels are those of
build_nodebe4-oped2.py (articles_common.html_to_lines / label_lines), with additions for
markup that these scrapers inject and that articles_common has no class word for:

* `<div><i>2020-09-13T23:23:25Z</i></div>`, `<div><i>Fri, 31 Jul 2020 04:04:00 GMT</i></div>`
  and rfi's `<div>30/09/2020 - 22:00</div>`: the scraper's timestamp line at the top of
  reuters / voa / dw / rfi bodies. Given the class word `timestamp` (-> drop:byline, as post-meta
  lines are in DATA-articles.md).
* `<div><small style="color: #999;">…</small></div>` right after an image (voa, dw): the
  scraper's rendering of the picture caption. Given the class word `caption` (-> drop:caption,
  or drop:credit when the text is a credit).
* bbc.com's 2021 layout: the author list `<ul class="css-…-Person">` (name, `BBC中文驻北美记者 发自…`;
  its `…-Title` class would otherwise read as a headline) -> `byline`; the `<div>` around the
  `<time class="…-StyledTimestamp">44 分钟前</time>` -> `timestamp`.

The rewrites only add (or, inside the BBC author list, remove) class attributes; the text of the
document does not change. After articles_common.label_lines, lines left at the default keep that
match FIXES (nei.st's publisher-list footer, feedx.net's RSS pitch, bare date / `N 分钟前` lines,
rfa/dw/bitterwinter credit lines, CDT/Medium source notes, lines of decoration symbols only, the
short header of a link block) get the drop label given there (label_origin `heuristic`); a
`延伸閱讀` header kept by a title class becomes drop:recommendation; articles_common's drop:ad on a
full news sentence without any pitch word ('…支持独立…') goes back to keep. Table in
DATA-nodebe4-more.md.

Sampling (see DATA-nodebe4-more.md): posts with >= 300 Han characters in the body, not already in
data/nodebe4-oped2.parquet (same `from:` URL, or the same title as one of an oped2 document's
first six lines), not a duplicate (URL or title) of an earlier post of the same repo or of an
excluded parquet; per site at most QUOTA documents, drawn round-robin over years (year of the
post date) with one `random.Random(20261204)`; a drawn post whose text is longer than 15,000
characters or 400 lines (or has no lines) is skipped and the next one is drawn.
"""
from __future__ import annotations

import collections
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import articles_common as ac  # noqa: E402

SEED = 20261204
MAX_CHARS = 15000
MAX_LINES = 400
MIN_HAN = 300
OPED2 = os.path.join(HERE, "data", "nodebe4-oped2.parquet")

def _oped2_builder():
    """build_nodebe4-oped2.py as a module (its file name is not an identifier): these archives
    share its front matter, header and site naming."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_nodebe4_oped2", os.path.join(HERE, "build_nodebe4-oped2.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_OPED2 = _oped2_builder()
front_matter = _OPED2.front_matter
strip_header = _OPED2.strip_header

# a publisher reached both directly and through nei.st gets the site name oped2 uses for it, so
# that a leave-one-site-out split keeps it in one fold
SITE_ALIAS = {"www.economist.com": "economist.com", "cn.ft.com": "ftchinese.com",
              "www.ftchinese.com": "ftchinese.com", "www.bbc.co.uk": "www.bbc.com"}


def site_of(url: str) -> str:
    """build_nodebe4-oped2.site_of, plus SITE_ALIAS (whose keys are none of the names it maps to)."""
    site = _OPED2.site_of(url)
    return SITE_ALIAS.get(site, site)


def candidates(git_dir, commit):
    """The posts of a sibling archive: `_posts/*.md` and `archived/**.md`. A path holding a
    newline is left out: `git cat-file --batch` cannot address it."""
    return [p for p in ac.git_ls(git_dir, commit)
            if p.endswith(".md") and (p.startswith("_posts/") or p.startswith("archived/")) and "\n" not in p]


_TS = (r"\s*(<br\s*/?>)?\s*(\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z?"
       r"|(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4} \d\d:\d\d(:\d\d)? (GMT|UTC|[+-]\d{4})"
       r"|\d\d/\d\d/\d{4} - \d\d:\d\d)\s*")
RE_TS_I = re.compile(r"<div>(<i>([^<>]{1,80}<br\s*/?>)?" + _TS + r"</i>)</div>")
RE_TS_DIV = re.compile(r"<div>(" + _TS + r")</div>")
RE_SMALL_CAP = re.compile(r"<div>(<small style=\"color: ?#999;?\">)")


RE_BBC_PERSON = re.compile(r'<ul role="list" class="(css-[0-9a-z]+-Person[^"]*)">(.*?)</ul>', re.S)
RE_BBC_TIME = re.compile(r'<div dir="ltr" class="([^"]*)">(<time [^>]*class="css-[0-9a-z]+-StyledTimestamp)')


def _bbc_person(m):
    inner = re.sub(r'\sclass="[^"]*"', "", m.group(2))
    return f'<ul role="list" class="{m.group(1)} byline">{inner}</ul>'


def mark_scraper_markup(body: str) -> str:
    body = RE_BBC_PERSON.sub(_bbc_person, body)
    body = RE_BBC_TIME.sub(r'<div dir="ltr" class="\1 timestamp">\2', body)
    body = RE_TS_I.sub(r'<div class="timestamp">\1</div>', body)
    body = RE_TS_DIV.sub(r'<div class="timestamp">\1</div>', body)
    body = RE_SMALL_CAP.sub(r'<div class="caption">\1', body)
    return body


FIXES = [
    # nei.st's footer: end-of-article mark and the publisher list under `MORE`
    ("drop:recommendation", re.compile(r"^(No More\.|All the News That's Fit to Print|YiMagazine)$")),
    # cn.nytimes via feedx.net: 'get more RSS' pitch at the end
    ("drop:ad", re.compile(r"^(获取更多RSS[:：]?|https?://feedx\.net/?)$")),
    ("drop:byline", re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$|^\d{1,2}\s*(分钟|分鐘|小时|小時)前$")),
    # rfa/bbc end credits: '自由亚洲电台记者X华盛顿报道 责编：Y 网编：Z', '(编写/责编：横路)'
    ("drop:editor", re.compile(r"^.{0,40}(责编|責編|网编|網編)\s*[:：].{0,30}$")),
    # bitterwinter '寒冬記者 韓生'; dw end credit '文木 / 苗子（路透社等）' (agencies in the brackets)
    ("drop:byline", re.compile(r"^寒冬(記者|记者)\s*\S{1,8}$|^[^\s，。,]{1,6}(\s*/\s*|\s+)[^\s，。,]{1,6}\s*[（(][^）)\d]{0,20}(社|等|电台|電台|报|報)[^）)\d]{0,12}[)）]$")),
    # CDT feed footer, Medium/FT reposts
    ("drop:credit", re.compile(r"^The post .{1,200} appeared first on |^本文(刊登|發表|发表|刊載|刊载)(於|于)"
                               r"|^本文(為|为|是|係|系).{0,60}(導讀|导读|導論|导论|序言|節錄|节录|摘錄|摘录)[。.]?$")),
    # bitterwinter's in-body cross-links '閱讀全文>>…'
    ("drop:recommendation", re.compile(r"^(閱讀全文|阅读全文)\s*>>")),
    # reuters footer link text
    ("drop:other", re.compile(r"^我们的标准：汤森路透“信任原则”$")),
    # matters.news newsletter sponsor lines (Heptabase / course discount codes)
    ("drop:ad", re.compile(r"^.{0,80}(折扣碼|折扣码|優惠碼|优惠码|免費試用|免费试用).{0,60}$")),
]


def _symbols_only(t: str) -> bool:
    import unicodedata
    t = t.replace("\u2800", "").replace("\u200b", "").strip()
    return not t or all(unicodedata.category(ch) in ("So", "Sm", "Cf", "Zs") for ch in t)


#: a bare related-reading header that a title class near the top kept (cna.com.tw's '延伸閱讀')
REC_HEADER = re.compile(r"^(延伸閱讀|延伸阅读|相關閱讀|相关阅读|相關新聞|相关新闻)$")


#: articles_common's ad pattern also fires on news sentences quoting '支持独立' / '支持我们的…'
#: (Scottish referendum, HK protesters); a full sentence without any pitch word stays keep
PITCH = re.compile(r"订阅|訂閱|捐|赞助|贊助|打赏|打賞|赞赏|讚賞|会员|會員|付费|付費|解锁|解鎖|Patreon|patreon|PayPal"
                   r"|[Dd]onat|[Ss]ubscri|[Pp]aywall|wall|比特币|比特幣")


def fix_labels(lines, labs):
    out = []
    for ln, (lab, org, why) in zip(lines, labs):
        t0 = ln.text.strip()
        if (lab == "drop:ad" and why == "pattern drop:ad" and len(t0) > 40
                and re.search(r"[。！？」”\"]$", t0) and not PITCH.search(t0)):
            lab, org, why = "keep", "heuristic", "nodebe4_more not an ad: news sentence"
        if lab == "keep" and why == "title/deck class" and REC_HEADER.match(ln.text.strip()):
            lab, org, why = "drop:recommendation", "heuristic", "nodebe4_more related header"
        elif lab == "keep" and why == "default keep":
            t = ln.text.strip()
            for flab, rx in FIXES:
                if rx.search(t):
                    lab, org, why = flab, "heuristic", "nodebe4_more fix " + flab
                    break
            else:
                if _symbols_only(t):
                    lab, org, why = "drop:markup", "heuristic", "nodebe4_more symbols only"
        out.append((lab, org, why))
    # a short title-like line right before a run of link-only lines is that link block's header
    # (nei.st: 'YiMagazine', '新冠肺炎抗击实录' over the series' other articles)
    for i, (lab, org, why) in enumerate(out):
        if lab == "keep" and why == "default keep" and i + 2 < len(out):
            t = lines[i].text
            if (len(t) <= 20 and not re.search(r"[。！？!?：:]$", t)
                    and all(out[j][2].endswith("link-only line") for j in (i + 1, i + 2))):
                out[i] = ("drop:recommendation", "heuristic", "nodebe4_more header of a link block")
    return out


def norm_title(t: str) -> str:
    return ac.WS.sub("", t).strip().strip('"').lower()


def load_exclusions(parquets):
    """URLs and titles of documents already built: oped2 (+ other outputs of this family)."""
    import pyarrow.parquet as pq
    urls, titles = set(), set()
    for path in parquets:
        if not os.path.exists(path):
            raise SystemExit(f"missing exclusion parquet {path} (build it first)")
        t = pq.read_table(path, columns=["url", "text"])
        for url, text in zip(t.column("url").to_pylist(), t.column("text").to_pylist()):
            urls.add(url.strip())
            for line in text.split("\n")[:6]:  # the title is line 1 or inside the first six
                if len(line) >= 6:
                    titles.add(norm_title(line))
    return urls, titles


class Reader:
    def __init__(self, git_dir, commit):
        self.commit = commit
        self.proc = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def __call__(self, path):
        self.proc.stdin.write(f"{self.commit}:{path}\n".encode())
        self.proc.stdin.flush()
        hdr = self.proc.stdout.readline().split()
        n = int(hdr[2])
        return self.proc.stdout.read(n + 1)[:-1].decode("utf-8", "replace")

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def year_of(path: str, fm: dict) -> str:
    m = re.match(r"(\d{4})-\d\d-\d\d", os.path.basename(path))
    if m:
        return m.group(1)
    m = re.match(r"\"?(\d{4})", fm.get("date", ""))
    return m.group(1) if m else "?"


def make_doc(path, raw, source, clean_title, n):
    fm, body = front_matter(raw)
    url = fm.get("from", "").strip().strip('"')
    title = clean_title(fm.get("title", "").strip().strip('"').strip(), url)
    img_res = ac.stable_hash(path) % 3 == 0
    lines = ac.html_to_lines(mark_scraper_markup(strip_header(body)), img_residue=img_res)
    if not lines:
        return None
    firsts = " ".join(ln.text for ln in lines[:6])
    if title and title not in firsts:
        lines.insert(0, ac.Line(text=ac.WS.sub(" ", title), tag="h1", anc=("h1",)))
    text = "\n".join(ln.text for ln in lines)
    if len(text) > MAX_CHARS or len(lines) > MAX_LINES:
        return None
    labs = fix_labels(lines, ac.label_lines(lines))
    return {"doc_id": f"{source}/{n}", "source": source, "site": site_of(url), "kind": "article",
            "script": ac.script_of(text), "url": url, "path": path, "text": text,
            "labels": [l for l, _, _ in labs], "label_origin": [o for _, o, _ in labs],
            "_why": [w for _, _, w in labs]}


def build(git_dir, commit, *, source, repo, license_, paths, quota, exclude, keep_url=None,
          clean_title=lambda t, u: t):
    """paths: sorted candidate post paths; quota: int or dict site -> int (default key None)."""
    ex_urls, ex_titles = load_exclusions(exclude)
    read = Reader(git_dir, commit)
    index_of = {p: i for i, p in enumerate(paths)}
    seen_url, seen_title = set(), set()
    by_site = collections.defaultdict(list)
    stats = collections.Counter()
    for p in paths:
        raw = read(p)
        fm, body = front_matter(raw)
        url = fm.get("from", "").strip().strip('"')
        if not url:
            stats["no url"] += 1
            continue
        if keep_url is not None and not keep_url(url):
            stats["other url"] += 1
            continue
        if len(ac.HAN.findall(body)) < MIN_HAN:
            stats["< 300 han"] += 1
            continue
        nt = norm_title(clean_title(fm.get("title", "").strip().strip('"').strip(), url))
        if url in ex_urls or (len(nt) >= 6 and nt in ex_titles):
            stats["in excluded parquet"] += 1
            continue
        if url in seen_url or (len(nt) >= 6 and nt in seen_title):
            stats["duplicate in repo"] += 1
            continue
        seen_url.add(url)
        seen_title.add(nt)
        by_site[site_of(url)].append((p, year_of(p, fm)))
        stats["eligible"] += 1
    rng = random.Random(SEED)
    rows = []
    for site in sorted(by_site):
        q = quota.get(site, quota.get(None)) if isinstance(quota, dict) else quota
        strata = collections.defaultdict(list)
        for p, y in sorted(by_site[site]):
            strata[y].append(p)
        keys = sorted(strata)
        for k in keys:
            rng.shuffle(strata[k])
        picked = []
        while len(picked) < q and any(strata[k] for k in keys):
            for k in keys:
                if strata[k] and len(picked) < q:
                    p = strata[k].pop()
                    doc = make_doc(p, read(p), source, clean_title, index_of[p])
                    if doc is None:
                        stats["drawn, too long / empty"] += 1
                        continue
                    picked.append(doc)
        rows.extend(sorted(picked, key=lambda r: r["path"]))
    read.close()
    for r in rows:
        r["repo"] = repo
        r["commit"] = commit
        r["license"] = license_
    n_hand = ac.apply_hand(rows, os.path.join(HERE, "hand", f"{source}.jsonl"))
    return rows, n_hand, stats, {s: len(v) for s, v in by_site.items()}


def main_for(source, run):
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("mirror")
    ap.add_argument("--commit")
    ap.add_argument("--dump", help="write a human-readable label dump here")
    ap.add_argument("--out", default=os.path.join(HERE, "data-pending", f"{source}.parquet"))
    a = ap.parse_args()
    rows, n_hand, stats, elig = run(a.mirror, a.commit)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    if a.dump:
        ac.dump_rows(rows, a.dump)
    ac.write_parquet(rows, a.out)
    c = collections.Counter(l for r in rows for l in r["labels"] if l)
    print(f"{len(rows)} docs, {len(set(r['site'] for r in rows))} sites, hand={n_hand}")
    print("candidates:", dict(stats))
    print("eligible per site:", sorted(elig.items(), key=lambda kv: -kv[1]))
    print("docs per site:", collections.Counter(r["site"] for r in rows).most_common())
    print("labels:", c.most_common())
