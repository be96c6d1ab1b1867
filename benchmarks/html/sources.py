"""Where every page of the HTML evaluation set comes from (pinned repositories, commits, paths).

Each function yields RawPage records read with `git --git-dir=MIRROR show COMMIT:PATH` from the bare
mirrors fetched under $MIRRORS (default /work/.mirror). Nothing here labels anything: see build_pages.py.
"""
from __future__ import annotations

import ast
import json
import os
import re
import subprocess
from dataclasses import dataclass

MIRRORS = os.environ.get("MIRRORS", "/work/.mirror")


@dataclass
class RawPage:
    page_id: str
    site: str
    url: str
    repo: str
    commit: str
    path: str
    license: str
    html: bytes
    teacher: str | None  # the source's own main text (gold / scraper output / reader output), if any
    teacher_kind: str  # what `teacher` is
    note: str = ""


def git_show(repo: str, commit: str, path: str) -> bytes:
    gdir = f"{MIRRORS}/{repo.replace('/', '+')}/repo"
    return subprocess.run(["git", "--git-dir", gdir, "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout


# --- mitul-kalariya/scrapping-webs: Hong Kong news scrapers (one branch per site) -----------------
# Each branch's test data holds the HTTP response body of an article page (raw_response.content, a
# JSON string: the page as scrapy decoded it; the original byte encoding is not kept) and the
# scraper's own parsed text (parsed_data.text), used here as the teacher.
SCRAPPING = "mitul-kalariya/scrapping-webs"
SCRAPPING_BRANCHES = [  # branch, commit (branch head when fetched), package dir, site
    ("Bastille-Post", "f47fd658bb0060041a3465e8aa83eba869d33805", "crwbastillepost", "www.bastillepost.com"),
    ("HK01-News", "7b126c7cb504574e6a7e614e279b5f02f1c9fe6f", "crwhk01", "www.hk01.com"),
    ("HKET", "58e88b1182e4a37b4cdde53eecc9e86719c2fcb5", "crwhket", "hket.com"),
    ("Oriential-Daily", "49b39fe9755389fffd12ae6fbf1ffede2d65b2b3", "crworientaldaily", "orientaldaily.on.cc"),
    ("RTHK_News", "d16e405d48839422886b0ddd703933dab58f97f5", "crwrthknews", "news.rthk.hk"),
    ("STD-Stheadline", "c74a7ae2c8f816d3f08d00a985d35749f03cbbed", "crwsingtaodaily", "std.stheadline.com"),
    ("am730", "d95d45610043feca3cf36cd9ef363bbe89801bed", "crwam730", "www.am730.com.hk"),
    ("headline-daily", "e663770134a77edcef7281e7336fd522f9ed8c7b", "crwheadlinedaily", "hd.stheadline.com"),
    ("news_tvb", "c554a0dd8e0ae307afb5538069ce601c40fd530e", "crwtvbnews", "news.tvb.com"),
]


def _test_urls(commit: str, pkg: str) -> dict[str, str]:
    """test_data_path -> url, from the branch's test/helpers/constant.py (TEST_ARTICLES)."""
    src = git_show(SCRAPPING, commit, f"{pkg}/test/helpers/constant.py").decode("utf-8")
    out = {}
    for m in re.finditer(r'"url"\s*:\s*("(?:[^"\\]|\\.)*")\s*,\s*"test_data_path"\s*:\s*"([^"]+)"', src):
        out[m.group(2)] = ast.literal_eval(m.group(1))
    return out


def scrapping_webs():
    for branch, commit, pkg, site in SCRAPPING_BRANCHES:
        urls = _test_urls(commit, pkg)
        for path in sorted(urls, key=lambda p: int(re.search(r"(\d+)\.json$", p).group(1))):
            rec = json.loads(git_show(SCRAPPING, commit, path))[0]
            content = rec["raw_response"]["content"]
            text = rec.get("parsed_data", {}).get("text") or []
            n = re.search(r"(\d+)\.json$", path).group(1)
            yield RawPage(
                page_id=f"{pkg.removeprefix('crw')}-{n}", site=site, url=urls[path], repo=SCRAPPING,
                commit=commit, path=path, license="not stated (no license file on any branch)",
                html=content.encode("utf-8"), teacher="\n".join(text), teacher_kind="scraper text",
                note=f"branch {branch}; HTML from a JSON string, re-encoded as UTF-8")


# --- mozilla/readability test pages (Chinese ones) -------------------------------------------------
READABILITY = "mozilla/readability"
READABILITY_COMMIT = "ab4027a8b37669745016869a37a504727992b2ba"
READABILITY_PAGES = [  # test-page dir, site, url (from the page's own canonical/og tags where present)
    ("qq", "tech.qq.com", ""),
    ("gmw", "tech.gmw.cn", ""),
    ("youth", "news.youth.cn", ""),
]


def _html_text(html: str) -> str:
    """readability's expected.html as lines of text."""
    import lxml.html
    from pagedump import dump  # one line per block element, as for the pages themselves
    return "\n".join(ln.text for ln in dump(lxml.html.document_fromstring(html)))


def readability_pages():
    for d, site, url in READABILITY_PAGES:
        base = f"test/test-pages/{d}"
        html = git_show(READABILITY, READABILITY_COMMIT, f"{base}/source.html")
        expected = git_show(READABILITY, READABILITY_COMMIT, f"{base}/expected.html").decode("utf-8")
        meta = json.loads(git_show(READABILITY, READABILITY_COMMIT, f"{base}/expected-metadata.json"))
        yield RawPage(page_id=f"readability-{d}", site=site, url=url, repo=READABILITY,
                      commit=READABILITY_COMMIT, path=f"{base}/source.html", license="Apache-2.0 (repository)",
                      html=html, teacher=(meta.get("title") or "") + "\n" + _html_text(expected),
                      teacher_kind="readability expected.html + title")


# --- goose3 test page ------------------------------------------------------------------------------
GOOSE = "goose3/goose3"
GOOSE_COMMIT = "c5a8902eed0c4592a1ff5ec51a0277cf73a3aca7"


def goose_pages():
    path = "tests/data/content/test_bbc_chinese.html"
    yield RawPage(page_id="goose3-bbc_chinese", site="www.bbc.co.uk", url="", repo=GOOSE, commit=GOOSE_COMMIT,
                  path=path, license="Apache-2.0 (repository)", html=git_show(GOOSE, GOOSE_COMMIT, path),
                  teacher=None, teacher_kind="none (hand)")


# --- sonyfe25cp/EventsMachine test resources (raw GB2312 pages) ----------------------------------
EVENTS = "sonyfe25cp/EventsMachine"
EVENTS_FILES = [
    ("ebaf4ff10fb1ad757779e7f7cf08328780459320", "gossip/src/test/resources/gn-news-qq.html", "news.qq.com"),
    ("ca2dd9edb72b16d2f84bb76a5999af955a4afb7a", "gossip/src/test/resources/qq2.html", "news.qq.com"),
    ("ca2dd9edb72b16d2f84bb76a5999af955a4afb7a", "gossip/src/test/resources/gn-news-chinanews.html", "www.chinanews.com"),
]


def events_pages():
    for commit, path, site in EVENTS_FILES:
        name = path.rsplit("/", 1)[1].removesuffix(".html")
        yield RawPage(page_id=f"eventsmachine-{name}", site=site, url="", repo=EVENTS, commit=commit, path=path,
                      license="not stated (no license file)", html=git_show(EVENTS, commit, path),
                      teacher=None, teacher_kind="none (hand)")


# --- lostmypillow/dms-scrape: Taiwanese news scrapers' test pages (ISC, package.json) -------------
# Each test file is a JS module `export const <name> = `<page>``: the page HTML (UTF-8) copied from the
# browser into a template literal (no `\``/`\${` escapes occur in the files used); the HTML is the bytes
# between the first and the last backtick. Two files are plain .html. Pages from sites in the training data
# (chinatimes.com: tested/chinatest.js, tested/digitest.js; setn.com: tested/setntest.js) are not used,
# nor insidetest.js (several pages in one file).
DMS = "lostmypillow/dms-scrape"
DMS_FILES = [  # commit (newest that holds the file), path, site, url (the page's og:url / canonical)
    ("fe49e41db29eabb6dee718a4a3b8b0eae9eac59a", "test/bnexttest.js", "www.bnext.com.tw",
     "https://www.bnext.com.tw/article/80873/amd-ryzen-ai-pro-300-business-ai-pc"),
    ("b8896fd91194b150222d8686221290caa6a55b2d", "test/cnyestest.js", "news.cnyes.com",
     "https://news.cnyes.com/news/id/5726840"),
    ("b8896fd91194b150222d8686221290caa6a55b2d", "test/compotechtest.js", "www.compotechasia.com", ""),
    ("fe49e41db29eabb6dee718a4a3b8b0eae9eac59a", "test/investor.html", "www.investor.com.tw", ""),
    ("b8896fd91194b150222d8686221290caa6a55b2d", "test/saydigitest.js", "saydigi.com",
     "https://www.saydigi.com/2024/09/1436938.html"),
    ("b8896fd91194b150222d8686221290caa6a55b2d", "test/techbangtest.js", "www.techbang.com",
     "https://www.techbang.com/posts/118509-meta-quest-3s-vr-xr2-gen-229999"),
    ("b8896fd91194b150222d8686221290caa6a55b2d", "test/techrangetest.js", "buzzorange.com",
     "https://buzzorange.com/techorange/2024/09/05/qualcomm-snapdragon-x-plus/"),
    ("b8896fd91194b150222d8686221290caa6a55b2d", "test/tested/cteetest.js", "www.ctee.com.tw",
     "https://www.ctee.com.tw/news/20240805700832-431207"),
    ("b8896fd91194b150222d8686221290caa6a55b2d", "test/tested/digitest.html", "www.digitimes.com.tw",
     "https://www.digitimes.com.tw/tech/dt/n/shwnws.asp?cnlid=1&id=0000700414_DTZ3HLET2I9D7N38H02NN"),
    ("b8896fd91194b150222d8686221290caa6a55b2d", "test/tested/digitimes2.js", "www.digitimes.com.tw",
     "https://www.digitimes.com.tw/tech/dt/n/shwnws.asp?id=0000703295_LE01VHKAL1C3ER46Z1DZU"),
    ("b8896fd91194b150222d8686221290caa6a55b2d", "test/tested/nextapple.js", "tw.nextapple.com",
     "https://tw.nextapple.com/finance/20240812/F374812A98AD8247B3D6649DFDF6091F"),
    ("fe49e41db29eabb6dee718a4a3b8b0eae9eac59a", "test/wealthtest.js", "www.wealth.com.tw",
     "https://www.wealth.com.tw/articles/58979cfd-28f3-408a-bdad-28dbad4af9b0"),
]


def _template_literal(js: bytes) -> bytes:
    """The bytes between the first and the last backtick of a `export const x = `...`` module."""
    a, b = js.index(b"`"), js.rindex(b"`")
    if b <= a:
        raise ValueError("no template literal")
    return js[a + 1:b]


def dms_pages():
    for commit, path, site, url in DMS_FILES:
        raw = git_show(DMS, commit, path)
        html = raw if path.endswith(".html") else _template_literal(raw)
        name = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
        yield RawPage(page_id=f"dms-{name}", site=site, url=url, repo=DMS, commit=commit, path=path,
                      license="ISC (package.json; no license file)", html=html, teacher=None,
                      teacher_kind="none (hand)",
                      note="" if path.endswith(".html") else "HTML from a JS template literal (bytes between the backticks)")


# --- amumu-dev/cx-extractor: the original cx-extractor (Google Code, 2010) demo pages -----------
# demo/Perl/html/*.html: pages saved from the browser in 2009, raw GB2312 bytes. The web-mail page, the
# Baidu home page and a corporate blog post are not news and are not used. URLs from the pages' own
# self-links (comment/share links carrying the article id).
CXE = "amumu-dev/cx-extractor"
CXE_COMMIT = "d880c8ce7d0187227f8d22fcd78a4789aae2ed8e"
CXE_FILES = [  # file name under demo/Perl/html, page id suffix, site, url
    ("BOBO组合连赶通告,T台走秀擂台比舞-搜狐音乐.html", "sohu-bobo", "music.yule.sohu.com", ""),
    ("布兰妮在澳大利亚演唱会假唱,引起歌迷强烈不满-搜狐音乐.html", "sohu-britney", "music.yule.sohu.com", ""),
    ("Sun股价持续回落,与甲骨文交易前景堪忧-业界-IT评论.html", "kuqin-sun", "www.kuqin.com",
     "http://www.kuqin.com/shuoit/20091101/72390.html"),
    ("安徽司法行政系训诫预警：“揪揪耳朵”防腐败--时政--人民网,.html", "people-anhui", "politics.people.com.cn",
     "http://politics.people.com.cn/GB/14562/10339009.html"),
    ("曹方新碟发布会创意无限,特制入场门票体现心意_大陆新闻_娱乐_腾讯网.html", "qq-caofang", "ent.qq.com", ""),
    ("爱戴掀起红盖头,庆东南劲爆音乐颁奖七周年(图)_影音娱乐_新浪网.html", "sina-aidai", "ent.sina.com.cn",
     "http://ent.sina.com.cn/y/2009-11-09/13482762951.shtml"),
    ("阿里郎全新力作《兰花指》单曲成红歌(图)_影音娱乐_新浪网.html", "sina-alilang", "ent.sina.com.cn",
     "http://ent.sina.com.cn/y/2009-11-09/13562762964.shtml"),
]


def cxe_pages():
    for fname, pid, site, url in CXE_FILES:
        path = f"demo/Perl/html/{fname}"
        yield RawPage(page_id=f"cxe-{pid}", site=site, url=url, repo=CXE, commit=CXE_COMMIT, path=path,
                      license="not stated (no license file)", html=git_show(CXE, CXE_COMMIT, path),
                      teacher=None, teacher_kind="none (hand)", note="raw GB2312 bytes as saved")


# --- hibanabo/RadarFlow: news fetcher test fixtures (MIT, README; no license file) ----------------
# fetcher/data/<source>_detail.html: article pages saved by the fetchers' authors (UTF-8), Simplified
# Chinese outlets outside mainland China. The BBC pages are not used (BBC Chinese is in training).
RADAR = "hibanabo/RadarFlow"
RADAR_FILES = [  # commit, path, site, url (the page's canonical / og:url)
    ("b4c3ff4b9c39b37018e4b98ddb797ee11916b7ac", "fetcher/data/8world_detail.html", "www.8world.com",
     "https://www.8world.com/world/india-wedding-snatch-chips-people-trample-2977571"),
    ("b4c3ff4b9c39b37018e4b98ddb797ee11916b7ac", "fetcher/data/rfi_detail.html", "www.rfi.fr",
     "https://www.rfi.fr/cn/%E6%94%BF%E6%B2%BB/20251130-%E5%8F%B0%E6%B9%BE%E5%A2%9E%E5%8A%A0400%E4%BA%BF"
     "%E7%BE%8E%E5%85%83%E5%9B%BD%E9%98%B2%E5%BC%80%E6%94%AF-%E5%8A%A0%E9%80%9F%E9%83%A8%E7%BD%B2t-dome"
     "%E9%98%B2%E7%A9%BA%E7%B3%BB%E7%BB%9F"),
    ("054a4e86a6f07727152edbe2ff1f34966ab4d8bc", "fetcher/data/zaobao_realtime_detail.html", "www.zaobao.com.sg",
     "https://www.zaobao.com.sg/realtime/singapore/story20251122-7856245"),
]


def radar_pages():
    for commit, path, site, url in RADAR_FILES:
        name = path.rsplit("/", 1)[1].removesuffix("_detail.html").removesuffix("_realtime")
        yield RawPage(page_id=f"radarflow-{name}", site=site, url=url, repo=RADAR, commit=commit, path=path,
                      license="MIT (README; no license file)", html=git_show(RADAR, commit, path),
                      teacher=None, teacher_kind="none (hand)")


def all_pages():
    yield from scrapping_webs()
    yield from readability_pages()
    yield from goose_pages()
    yield from events_pages()
    yield from dms_pages()
    yield from cxe_pages()
    yield from radar_pages()
