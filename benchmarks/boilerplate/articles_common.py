"""Shared helpers for the kind=`article` boilerplate training sets (build_nodebe4-oped2.py,
build_duty-machine-cdt.py, build_chinesewebtext.py).

Labelling code, not shipped cleaner code: it may use site-specific knowledge.

HTML -> lines
-------------
One output line per block element (p, div, li, h1-h6, figcaption, blockquote, td, ...), plus a
line break at <br>. Whitespace inside a line is collapsed (as a browser / extractor would). An
<img> becomes, in one document out of three (deterministic, by document number), the Markdown
residue `![alt](src)` that HTML->Markdown archivers leave (label drop:markup); in the others it
becomes nothing, as text extractors (trafilatura-like) give it. script/style/iframe/video/audio/
form/button/svg/noscript are dropped entirely (no text).

Each line carries what the markup says about it (ancestor tags, class/id words, whether all of
its text is link text, whether an image came right before it); `label_line` turns that plus text
patterns into a label and a label_origin (`markup` or `heuristic`).
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass

import lxml.html

BLOCK = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "figcaption", "figure", "blockquote", "section", "article", "header", "footer", "aside",
    "nav", "main", "table", "tr", "td", "th", "thead", "tbody", "pre", "hr", "address",
    "center", "caption", "details", "summary", "form", "fieldset",
}
SKIP = {"script", "style", "noscript", "iframe", "video", "audio", "button", "svg", "form",
        "input", "select", "textarea", "link", "meta", "object", "embed", "canvas", "source",
        "template", "head", "title"}

WS = re.compile(r"\s+")


@dataclass
class Line:
    text: str
    tag: str = ""                 # innermost block tag
    anc: tuple = ()               # ancestor tags (outermost first)
    cls: str = ""                 # ancestor class/id words, lowercase, space-joined
    link_chars: int = 0
    text_chars: int = 0
    after_img: bool = False       # an <img> came right before this line (nothing in between)
    is_img: bool = False          # this line is image residue
    bold_only: bool = False       # all text inside <b>/<strong>


class _Walker:
    def __init__(self, img_residue: bool):
        self.img_residue = img_residue
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.link_chars = 0
        self.bold_chars = 0
        self.pending_img = False
        self.ctx = ("", (), "")

    def flush(self):
        text = WS.sub(" ", "".join(self.buf)).strip()
        if text:
            tag, anc, cls = self.ctx
            nonspace = len(text.replace(" ", ""))
            self.lines.append(Line(text=text, tag=tag, anc=anc, cls=cls,
                                   link_chars=min(self.link_chars, nonspace), text_chars=nonspace,
                                   after_img=self.pending_img,
                                   bold_only=self.bold_chars >= nonspace > 0))
            self.pending_img = False
        self.buf = []
        self.link_chars = 0
        self.bold_chars = 0

    def add_text(self, s, in_link, in_bold):
        if not s:
            return
        self.buf.append(s)
        n = len(WS.sub("", s))
        if in_link:
            self.link_chars += n
        if in_bold:
            self.bold_chars += n

    def walk(self, el, anc, cls, in_link=False, in_bold=False):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if not tag:  # comment / PI: only its tail counts
            return
        if tag in SKIP:
            return
        words = " ".join(filter(None, [el.get("class", ""), el.get("id", ""), el.get("role", ""),
                                       el.get("data-e2e", ""), el.get("aria-label", "")])).lower()
        words = post_taxonomy_dropped(words)
        ncls = (cls + " " + words).strip() if words else cls
        if tag == "img":
            src0 = (el.get("src") or "") + " " + words
            if re.search(r"emoji|smiley|expression|emotion|face/|/face|wp-smiley|icon", src0):
                # inline emoji / weibo expression icon: its alt text stays inline, no image block
                self.add_text(el.get("alt") or "", in_link, in_bold)
                return
            self.flush()
            if self.img_residue:
                src = el.get("src") or el.get("data-src") or ""
                alt = WS.sub(" ", el.get("alt") or "").strip()
                if src:
                    self.lines.append(Line(text=f"![{alt}]({src})", tag="img", anc=anc, cls=ncls,
                                           is_img=True, text_chars=1))
            self.pending_img = True
            return
        if tag == "br":
            self.flush()
            return
        block = tag in BLOCK
        if block:
            self.flush()
            nanc = anc + (tag,)
            prev_ctx = self.ctx
            self.ctx = (tag, nanc, ncls)
        else:
            nanc = anc
        link = in_link or tag == "a"
        bold = in_bold or tag in ("b", "strong")
        self.add_text(el.text, link, bold)
        for ch in el:
            self.walk(ch, nanc, ncls, link, bold)
            if isinstance(ch.tag, str) and ch.tag.lower() in BLOCK:
                pass
            self.add_text(ch.tail, in_link or tag == "a", in_bold or tag in ("b", "strong"))
        if block:
            self.flush()
            self.ctx = prev_ctx


def html_to_lines(html: str, img_residue: bool) -> list[Line]:
    html = html.strip()
    if not html:
        return []
    try:
        root = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - malformed fragment
        return []
    # fromstring may wrap fragments in <div>/<html>; walk from the root
    w = _Walker(img_residue)
    body = root.find("body") if root.tag == "html" else None
    w.walk(body if body is not None else root, (), "")
    w.flush()
    return w.lines


# ---------------------------------------------------------------- labelling

#: WordPress prints a post's taxonomy as classes of the element that holds the whole post
#: (``<article class="post-16050 type-post hentry category-opinion tag-subscriber …">``): words
#: of the post's tags and categories, not the name of a part of the page. Read as part names, a
#: tag `subscriber` made a whole iyouport.org article `drop:ad` (``.*subscri.*``); `tag-comments`,
#: `tag-trade-barriers` or `category-sponsored` would do the same. They are left out (relabelling
#: round quality7, DATA.md).
POST_ELEMENT = re.compile(r"(?:^|\s)(?:hentry|type-(?:post|page)|post-\d+)(?:\s|$)")
POST_TAXONOMY = re.compile(r"^(?:tag|category|format|status)-\S+$")


def post_taxonomy_dropped(words: str) -> str:
    """An element's class/id words without the post taxonomy of a WordPress post element.

    >>> post_taxonomy_dropped("post-1 type-post hentry category-opinion tag-subscriber")
    'post-1 type-post hentry'
    >>> post_taxonomy_dropped("tag-list")
    'tag-list'
    """
    if not POST_ELEMENT.search(words):
        return words
    return " ".join(w for w in words.split() if not POST_TAXONOMY.match(w))


def _has(cls, pats):
    """cls: space-joined class/id tokens of the line's ancestors; pats: one regex that must
    fullmatch a whole token (so WordPress `tag-foo category-bar` on <article> never matches)."""
    return any(pats.fullmatch(tok) for tok in cls.split())


_T = lambda s: re.compile(s)  # noqa: E731
# class/id token -> label; the innermost matching token decides (scan from the line's own element out)
CLASS_RULES = [
    ("keep", _T(r"title|.*-title|entry-title|page-title|headline|abstract|.*-abstract|blog-post__description"
                r"|dek|deck|subtitle|standfirst")),
    ("drop:credit", _T(r".*credit.*|.*-cred|.*image-source.*|photo-source|copyright-sc.*|img-source|imagesource")),
    ("drop:byline", _T(r"byline|.*-byline|entry-meta|post-meta|article-meta|meta|.*postmeta.*|submitted|author"
                       r"|author-.*|.*-author|posted-on|published-on|entry-date|date|time|timestamp"
                       r"|styledtimestamp.*|single-name|article-info|post-info|info-bar")),
    ("drop:caption", _T(r".*capt(ion|ure).*|image-desc|img-desc|pic-?info|imgtxt|img_text|photo-?text|figure-sc.*")),
    ("drop:share_prompt", _T(r"share.*|.*-share.*|social.*|sharedaddy|addtoany.*|sns.*")),
    ("drop:recommendation", _T(r".*related.*|.*recommend.*|more-?articles|yarpp.*|read-?more")),
    ("drop:ad", _T(r"advert.*|.*advertisement.*|ads?|ads_.*|adsbygoogle|ad-container|adcontainer.*|dotcom-ad"
                   r"|.*sponsor.*|.*donat.*|.*subscri.*|.*paywall.*|.*barrier.*|promo|.*-promo")),
    ("drop:other", _T(r"comments?|comment-.*|.*-comments?")),
    ("drop:navigation", _T(r".*section-name.*|.*kicker.*|.*flytitle.*|.*eyebrow.*|cat-links|tags-links|tags?|tag-list|tagcloud|post-tags|entry-tags|.*breadcrumbs?.*"
                           r"|categories|category|nav|navigation|.*pagination.*|post-navigation|nav-links"
                           r"|column-wrap|column-link|entry-footer|menu|.*-menu|topics")),
]


#: class/id tokens of chart and map markup: the text of an exported chart (ai2html artboards, as
#: economist.com, cn.wsj.com and Reuters graphics publish them; Bloomberg's `chart__title`,
#: `chart__source`, ...): map labels, axis ticks, legends, chart titles and notes. Not article text
#: (quality6: 223 such lines had the default keep; chart text already inside <figure> was `caption`)
CHART = _T(r"ai2html.*|g-artboard|g-aiabs|g-aipointtext|g-aiptransformed|chart__.*|wsj-charts|ecographics"
           r"|reutersgraphics|datawrapper.*|highcharts.*|flourish.*")
#: a comments section: its heading (class `title` inside it, pao-pao.net's Drupal `评论`) is the
#: section's header, not the article's (quality6: 70 such headings had the `keep` of the title class)
COMMENTS = _T(r"comments?|comment-wrapper|comments?-(area|section|list|block)")


def class_label(cls: str):
    toks = cls.split()
    if any(CHART.fullmatch(tok) for tok in toks):
        return "drop:caption", "chart"
    for tok in reversed(toks):
        for lab, rx in CLASS_RULES:
            if rx.fullmatch(tok):
                if lab == "keep" and any(COMMENTS.fullmatch(t) for t in toks):
                    return "drop:other", "title inside comments"
                return lab, tok
    return None, None


R = re.compile
#: a related-reading header followed on the same line by the titles it recommends:
#: '延伸阅读：《…》；《…》' (no full stop; it does not open a related block below it)
P_REC_INLINE = R(r"^[【\[]?\s*(延伸阅读|延伸閱讀|延伸閲讀|相关阅读|相關閱讀|推荐阅读|推薦閱讀)\s*[】\]]?\s*[:：丨|｜][^。！？]{1,150}$")
PAT = [
    # (label, regex) applied to the stripped line, in order
    ("drop:markup", R(r"^!\[[^\]]*\]\([^)]*\)$")),
    ("drop:markup", R(r"^[\-—=\*_~·•#＊☆★◆◇■□●○▲△▼▽…\.。\s]{3,}$")),
    ("drop:end_marker", R(r"^[\(（【\[]?\s*(完|全文完|全文完。|本文完|END|end|End|THE END|-END-|—END—)\s*[\)）】\]]?[。]?$")),
    ("drop:end_marker", R(r"^[\-—－_=~]+\s*(完|END|end|End|THE END)\s*[\-—－_=~]+$")),
    ("drop:editor", R(r"^[\(（【\[]?\s*(责任编辑|責任編輯|编辑|編輯|校对|校對|审校|審校|审核|審核|责编|責編|主编|主編|美编|美編|排版|编审|編審|值班编辑|值班編輯|策划|策劃|监制|監製)\s*[:：|｜/／丨]")),
    ("drop:credit", R(r"^[\(（【\[]?\s*(图|圖|图片|圖片|题图|題圖|头图|頭圖|封面图|封面圖|首图|首圖|配图|配圖|作图|作圖|制图|製圖|图源|圖源|图片来源|圖片來源|图片来自|圖片來自|图像来源|圖像來源|视频来源|視頻來源|影片來源|摄影|攝影|图文|圖文|视觉|視覺|Photo|photo|PHOTO|Image|image|Credit|credit)\s*[:：|｜/／丨]")),
    # picture credits with a verb instead of a colon: '题图来自：…', '图片来自于…'
    ("drop:credit", R(r"^[\(（【\[]?\s*(题图|題圖|头图|頭圖|封面图|封面圖|首图|首圖|配图|配圖|图片|圖片|图像|圖像)\s*(来自|來自|源自|来源于|來源於)")),
    # a source named after a space: '来源 新京报'
    ("drop:credit", R(r"^(来源|來源)\s+[^\s，。,]{1,20}$")),
    # where the text first appeared, in brackets: '（原文刊於端傳媒，…）'
    ("drop:credit", R(r"^[\(（【\[]\s*(原文|本文|此文|文章)(刊於|刊于|原刊|原载|原載|载于|載於|发表于|發表於|首发|首發|转载自|轉載自)")),
    ("drop:credit", R(r"[|｜/／]\s*(图|圖|图片|圖片|摄|攝|摄影|攝影)\s*[\)）】\]]?$")),
    ("drop:credit", R(r"^.{0,40}(摄|攝)\s*[\)）】\]]?$")),
    ("drop:credit", R(r"^[\(（【\[]\s*(图|圖|图片|圖片|照片)?(来源|來源|源自|提供)[:：]?.{0,40}[\)）】\]]$")),
    ("drop:credit", R(r"^[\(（【\[]?\s*(来源|來源|原标题|原標題|原文标题|原文標題|原文来自|原文來自|文章来自|文章來自|本文来自|本文來自|转载自|轉載自|转自|轉自|出处|出處|原文链接|原文連結|原文網址|原文地址|原文|原载|原載|英文原文|英文版|来源网址|Source|source|via)\s*[:：|｜丨]")),
    ("drop:credit", R(r"^[\(（【\[]?\s*本文(原载|原載|转载|轉載|首发|首發|来源|來源|来自|來自|原发|原發|经|經|由|授权|授權|选自|選自|节选自|節選自|摘自|发表于|發表於|刊于|刊於|原刊|原题|原題).{0,80}$")),
    ("drop:credit", R(r"^.{0,30}(授权转载|授權轉載|经授权|經授權|获授权|獲授權|授权发布|授權發布).{0,30}$")),
    ("drop:byline", R(r"^[\(（【\[]?\s*(作者|文|撰文|撰稿|记者|記者|采访|採訪|采写|採寫|口述|整理|翻译|翻譯|译者|譯者|译|譯|编译|編譯|特约记者|特約記者|实习记者|實習記者|通讯员|通訊員|主笔|主筆|撰文者|研究員|研究员)\s*[:：|｜/／丨]\s*[^，。？！,?!；;]{1,40}$")),
    ("drop:byline", R(r"^[^\s，。：:]{2,12}([/／、][^\s，。：:]{2,12})*\s*[（(](综合报导|綜合報導|综合报道|綜合報道|报道|報導|编译|編譯|发自.{1,8}|發自.{1,8})[)）]$")),
    ("drop:byline", R(r"^[\(（【\[]\s*[^\(（）\)]{1,40}(自由撰稿人|作者|撰稿人|记者|記者|特约|特約|专栏|專欄|评论员|評論員|研究员|研究員|教授|学者|學者|律师|律師)[^\(（）\)]{0,20}[\)）】\]]$")),
    ("drop:byline", R(r"^(文|作者|記者|记者)\s+[^\s，。]{1,12}$")),
    # translator / editor credits in English: 'Translated by X，Yeeyan' (quality6)
    ("drop:byline", R(r"^(Translated|Translation|Edited|Compiled|Proofread)( and \w+)? by\b.{0,40}$")),
    # the bare header of a 'more from this publisher' widget: 'MORE' (quality6)
    ("drop:navigation", R(r"^(MORE|More)$")),
    ("drop:copyright", R(r"^[\(（【\[]?\s*(版权|版權|©|Copyright|copyright|COPYRIGHT|本文版权|本文版權|未经授权|未經授權|未经许可|未經許可|转载请|轉載請|如需转载|如需轉載|欢迎转载|歡迎轉載|请勿转载|請勿轉載|禁止转载|禁止轉載|All rights reserved)")),
    ("drop:share_prompt", R(r"(扫码关注|掃碼關注|扫码加入|掃碼加入|扫描二维码|掃描二維碼|扫描下方|掃描下方|长按识别|長按識別|长按二维码|長按二維碼|点击上方|點擊上方|点击蓝字|點擊藍字|关注我们|關注我們|关注本号|關注本號|欢迎关注|歡迎關注|请关注|請關注|分享到|分享至|点个在看|點個在看|点赞.{0,6}(转发|在看|关注)|分享.{0,4}(朋友圈|给朋友)|follow us|Follow us|加入.{0,10}(频道|頻道|群组|群組|Telegram|telegram))")),
    ("drop:caption", R(r"^([▲△▼↑↓☝👆👇]|(图为|圖為|上图|下图|上圖|下圖|左图|右图|左圖|右圖|图中|圖中|题图为|題圖為|（图）|\(图\))\S)")),
    ("drop:other", R(r"^Feed enhanced by")),
    ("drop:recommendation", R(r"^.{0,12}(看到更多|查看更多|阅读更多|閱讀更多|更多.{0,6}(介绍|介紹|內容|内容|文章|报道|報導))[^。！？]{0,60}$")),
    ("drop:recommendation", R(r"^(相关空间词条|相關空間詞條|相关词条|相關詞條).{0,40}$")),
    ("drop:share_prompt", R(r"^(共享此文章|分享此文章|分享這篇文章|分享本文|分享文章|分享|Share this|Share|SHARE|分享到|分享至)\s*[:：]?$")),
    # WordPress like box: '赞过：' over the likers' avatars, '喜欢 加载中…' (added after the
    # first model: the default keep had labelled 92 of them content)
    ("drop:share_prompt", R(r"^(赞过|讚過)\s*[:：]$|^(喜欢|喜歡)\s*(加载中|載入中)(…|\.\.\.)$")),
    ("drop:recommendation", R(r"^(\[[^\]]+\]\(https?://[^)]+\)[\s\-—|｜/]*)+$")),
    ("drop:navigation", R(r"^(Post tags|Tags|Tagged|Filed under|Posted in|Categories|分類|分类|标签|標籤)\s*[:：]")),
    ("drop:recommendation", P_REC_INLINE),
    ("drop:ad", R(r"(订阅|訂閱).{0,20}(会员|會員|本刊|我们|我們|全文|电子报|電子報|newsletter|Newsletter|频道|頻道)|(成为|成為|加入)(会员|會員|付费|付費)|(解锁|解鎖)(全文|文章)|(捐款|捐助|捐赠|捐贈|赞助|贊助|打赏|打賞|赞赏|讚賞)(支持|我们|我們|本站|本刊|作者)|(支持|資助|资助)(我们|我們|本站|独立|獨立)|Patreon|patreon|[Dd]onate|PayPal|比特币地址|比特幣地址|hit the wall|[Pp]aywall|[Ss]ubscribe (now|to)|登录后阅读|登入後閱讀|付费阅读|付費閱讀|阅读全文请|閱讀全文請")),
    ("drop:recommendation", R(r"^[【\[\(（]?\s*(相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|相关文章|相關文章|相关报道|相關報導|相關報道|相关新闻|相關新聞|猜你喜欢|猜你喜歡|热门文章|熱門文章|往期回顾|往期回顧|往期精选|往期精選|往期推荐|往期推薦|更多文章|更多阅读|更多閱讀|你可能也喜欢|你可能也喜歡|你可能感兴趣|延伸閲讀|相关链接|相關連結|相关话题|相關話題|Related|RELATED|Read more|阅读更多|閱讀更多|点击阅读|點擊閱讀|推荐|推薦)\s*[】\]\)）]?\s*[:：]?\s*$")),
    ("drop:end_marker", R(r"^[\-—－_=~（(【\[\s]*(未完待续|未完待續|待续|待續|未完)[\-—－_=~）)】\]。\s]*$")),
    ("drop:credit", R(r"(was originally published in|originally appeared|first appeared|首发于|首發於|原载于|原載於|原刊于|原刊於|刊载于|刊載於|转载于|轉載於)")),
    ("drop:share_prompt", R(r"^.{0,8}(微信搜索|微信公众号|微信公眾號|公众号|公眾號|微信号|微信號|WeChat|Telegram|telegram|Twitter|推特|脸书|臉書|Facebook|IG|Instagram)\s*[:：「“”\"（(@]")),
    # a disclaimer that the text does not speak for the site: '…不代表本网立场'
    ("drop:copyright", R(r"^.{0,100}不代表本(网|網|站|刊|平台|号|號)的?(立场|立場|观点|觀點)[^。！？]{0,20}[。]?$")),
    ("drop:navigation", R(r"^[\(（【\[]?\s*(上一篇|下一篇|上一页|下一页|上一頁|下一頁|上篇|下篇|返回|返回首页|返回首頁|首页|首頁|回到顶部|回到頂部|标签|標籤|关键词|關鍵詞|关键字|關鍵字|Tags|TAGS|tags|分类|分類|栏目|欄目)\s*[:：】\]\)）]")),
    ("drop:navigation", R(r"^(上一篇|下一篇|上一頁|下一頁|上一页|下一页|返回顶部|返回頂部|返回首页|阅读原文|閱讀原文|查看原文|全文阅读|全文閱讀|阅读全文|閱讀全文|点击阅读全文|點擊閱讀全文|点击查看|點擊查看|Continue reading.*|Read the full.*|查看更多|展开全文|展開全文|收起)$")),
    ("drop:navigation", R(r"\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}")),
    ("drop:byline", R(r"^(Published|Posted|Updated|發佈於|发布于|發表於|发表于)\s*(on\s*)?\d{4}\s*[年\-/.]\s*\d{1,2}.{0,40}$")),
    ("drop:byline", R(r"^Published since .{0,30}$")),
    ("drop:byline", R(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}$")),
]

CREDIT_EN = re.compile(r"^(Photograph|Photo|Image|Illustration|Picture|Video|Graphic|Data|Sources?)s?\s*(by|:|courtesy|credit|via)|(Getty Images|Reuters|AFP|Associated Press|Unsplash|Shutterstock)\W{0,3}$|^(AP|AFP|Reuters|EPA|Getty)$", re.I)
SENT_END = "。！？!?…”」』\"）)"


def label_line(ln: Line, state: dict) -> tuple[str, str, str]:
    """Return (label, origin, reason)."""
    t = ln.text
    cls = ln.cls
    # ---- markup
    if ln.is_img:
        return "drop:markup", "markup", "img residue"
    lab, tok = class_label(cls)
    if lab is None and ("figcaption" in ln.anc or "figure" in ln.anc):
        lab, tok = "drop:caption", "figure/figcaption"
    if lab == "drop:caption":
        for plab, rx in PAT:
            if plab == "drop:credit" and rx.search(t):
                return "drop:credit", "markup", "credit text in caption"
        if CREDIT_EN.search(t):
            return "drop:credit", "markup", "credit text in caption"
    if lab == "keep":
        if state.get("n", 0) < 8:   # a title/deck class near the top: headline or deck
            state["n"] = state.get("n", 0) + 1
            return "keep", "markup", "title/deck class"
        lab = None
    state["n"] = state.get("n", 0) + 1
    if lab is not None:
        return lab, "markup", "class " + tok
    # ---- text patterns
    for lab, rx in PAT:
        if rx.search(t):
            if lab == "drop:ad" and len(t) > 100:
                continue  # a long body paragraph that mentions a pitch word is body
            if lab == "drop:share_prompt" and len(t) > 80:
                continue
            if lab == "drop:credit" and len(t) > 120 and "originally published" not in t:
                continue
            if lab == "drop:recommendation" and rx is not P_REC_INLINE:
                state["rec"] = True
            return lab, "heuristic", "pattern " + lab
    # ---- link-only lines (not when the previous line introduces it: `…搜索引擎是：` + `topsy.com`)
    intro = state.get("prev", "").endswith(("：", ":")) and not HAN.search(t)
    if ln.text_chars >= 2 and ln.link_chars >= 0.9 * ln.text_chars and not intro:
        if re.search(r"\.(jpe?g|png|gif|webp)$", t, re.I):
            return "drop:markup", "markup", "link-only file name"
        if re.search(r"^(Facebook|Twitter|Google|Telegram|LINE|Line|WhatsApp|Email|微博|微信|脸书|臉書|推特)( logo)?$|logo$", t):
            return "drop:share_prompt", "markup", "link-only share button"
        if re.search(r"https?://|www\.", t):
            return "drop:navigation", "markup", "link-only URL line"
        if len(t) <= 6:
            return "drop:navigation", "markup", "short link-only line"
        return "drop:recommendation", "markup", "link-only line"
    # ---- inside a related block (header seen): short lines stay recommendation
    if state.get("rec"):
        if len(t) <= 60 and not t.endswith(tuple("。！？!?")):
            return "drop:recommendation", "heuristic", "item under related header"
        state["rec"] = False
    return "keep", "heuristic", "default keep"


def label_lines(lines: list[Line]) -> list[tuple[str, str, str]]:
    state: dict = {}
    out = []
    seen_top = set()
    for i, ln in enumerate(lines):
        lab = label_line(ln, state)
        if i < 12 and len(ln.text) >= 4 and ln.text in seen_top and not ln.is_img:
            lab = ("drop:other", "heuristic", "duplicate of an earlier title/deck line")
        if i < 12:
            seen_top.add(ln.text)
        out.append(lab)
        state["prev"] = ln.text
    return out


# ---------------------------------------------------------------- script

_cc = {}


def _conv():
    if not _cc:
        import opencc
        _cc["t2s"] = opencc.OpenCC("t2s")
        _cc["s2t"] = opencc.OpenCC("s2t")
        _cc["cache"] = {}
    return _cc


HAN = re.compile(r"[\u4e00-\u9fff]")


def script_of(text: str) -> str:
    """simplified / traditional / mixed, by characters that OpenCC t2s or s2t changes."""
    c = _conv()
    cache = c["cache"]
    trad = simp = 0
    for ch in set(HAN.findall(text)):
        v = cache.get(ch)
        if v is None:
            v = (c["t2s"].convert(ch) != ch, c["s2t"].convert(ch) != ch)
            cache[ch] = v
        n = text.count(ch)
        if v[0] and not v[1]:
            trad += n
        elif v[1] and not v[0]:
            simp += n
    tot = trad + simp
    if tot == 0:
        return "simplified"
    if trad / tot >= 0.8:
        return "traditional"
    if simp / tot >= 0.8:
        return "simplified"
    return "mixed"


# ---------------------------------------------------------------- git / io

def git_bytes(git_dir: str, commit: str, path: str) -> bytes:
    """The bytes of ``path`` at ``commit`` in the bare repository ``git_dir``."""
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
                          capture_output=True, check=True).stdout


def git_show(git_dir: str, commit: str, path: str) -> str:
    return git_bytes(git_dir, commit, path).decode("utf-8", "replace")


def git_ls(git_dir: str, commit: str) -> list[str]:
    out = subprocess.run(["git", "-c", "core.quotepath=false", "--git-dir", git_dir, "ls-tree", "-r",
                          "--name-only", "-z", commit], capture_output=True, check=True).stdout
    return sorted(p.decode("utf-8") for p in out.split(b"\0") if p)


def stable_hash(s: str) -> int:
    return int(hashlib.sha1(s.encode("utf-8")).hexdigest()[:12], 16)


def apply_hand(rows: list[dict], hand_path: str) -> int:
    """Apply hand corrections {doc_id, n (1-based line), label, note}. Returns count applied."""
    import os
    if not os.path.exists(hand_path):
        return 0
    by_id = {r["doc_id"]: r for r in rows}
    n_app = 0
    with open(hand_path, encoding="utf-8") as f:
        for raw in f:
            raw = raw.strip()
            if not raw:
                continue
            h = json.loads(raw)
            r = by_id.get(h["doc_id"])
            if r is None:
                continue
            i = h["n"] - 1
            lines = r["text"].split("\n")
            if i >= len(lines) or not lines[i].strip():
                raise ValueError(f"hand label on blank/missing line: {h}")
            if "text_prefix" in h and not lines[i].startswith(h["text_prefix"]):
                raise ValueError(f"hand label text mismatch: {h} vs {lines[i][:40]!r}")
            r["labels"][i] = h["label"]
            r["label_origin"][i] = "hand"
            n_app += 1
    return n_app


def write_parquet(rows: list[dict], out_path: str):
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = pa.schema([
        ("doc_id", pa.string()), ("source", pa.string()), ("site", pa.string()), ("kind", pa.string()),
        ("script", pa.string()), ("url", pa.string()), ("repo", pa.string()), ("commit", pa.string()),
        ("path", pa.string()), ("license", pa.string()), ("text", pa.string()),
        ("labels", pa.list_(pa.string())), ("label_origin", pa.list_(pa.string())),
    ])
    for r in rows:
        n = len(r["text"].split("\n"))
        assert len(r["labels"]) == n == len(r["label_origin"]), r["doc_id"]
        for line, lab, org in zip(r["text"].split("\n"), r["labels"], r["label_origin"]):
            assert (lab == "") == (line.strip() == ""), (r["doc_id"], line, lab)
            assert (org == "") == (lab == ""), (r["doc_id"], line, lab, org)
    table = pa.Table.from_pylist([{k: r[k] for k in schema.names} for r in rows], schema=schema)
    pq.write_table(table, out_path, compression="zstd", compression_level=19)


def lines_to_doc(lines: list[Line], labels: list[tuple[str, str, str]]):
    text = "\n".join(ln.text for ln in lines)
    return text, [l for l, _, _ in labels], [o for _, o, _ in labels]


def dump_rows(rows: list[dict], path: str):
    """Human-readable dump for reading the labels: one block per doc, `n<TAB>label<TAB>why<TAB>line`."""
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(f"##### {r['doc_id']} site={r['site']} script={r['script']} path={r['path']}\n")
            why = r.get("_why") or [""] * len(r["labels"])
            for i, (line, lab, w) in enumerate(zip(r["text"].split("\n"), r["labels"], why), 1):
                if lab:
                    f.write(f"{i}\t{lab}\t{w}\t{line[:160]}\n")
