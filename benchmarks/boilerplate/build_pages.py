"""Build benchmarks/boilerplate/data/pages.parquet: whole web pages (kind=page) and their article bodies
(kind=article), line-labelled keep / drop:<category>, from raw HTML in public GitHub repositories.

Usage (each argument is the bare git mirror made by `fetch`; any may be omitted):

    python build_pages.py --magic-html DIR --wechatscope DIR --cx DIR --gerapy DIR --twnews DIR \
        --newspaper4k DIR [--out PATH]

Sources and pinned commits are in SOURCES below. Everything is read with `git show COMMIT:path`.
Sorted paths, no randomness (the hand-check sampler uses a fixed seed, see check_sample.py).

How a line gets its label (in this order):
 1. the page is dumped to lines by pagedump.dump() (one line per block element);
 2. main content ("keep" candidates) is decided per source:
      magic-html   - the benchmark's own gold text (label_origin "gold"), matched by normalised-text
                     containment in document order (see match_content);
      wechatscope  - the #js_content element plus the #activity-name title (label_origin "markup");
      cx / gerapy  - trafilatura (favor_precision) as a teacher, for cx also the repo's Text/*.txt
                     reference extraction (label_origin "teacher");
 3. lines inside the main content that are debris by convention (bylines, editor, credits, captions,
    source/reprint notes, end markers, follow prompts, related lists) are relabelled by the patterns in
    content_debris() (label_origin "heuristic"; figcaption -> caption is "markup");
 4. every line outside the main content is a drop; its category comes from outside_category();
 5. hand corrections in hand/check-pages.jsonl (records with a "label" field: doc_id, n, text, label,
    note) are applied last (label_origin "hand"), to the page row and its article row alike;
 6. repeats are dropped (dedupe()).

Training-data tooling only: these rules label data; they are not the shipped cleaner.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pagedump as pd  # noqa: E402

SOURCES = {
    "magic-html": {"repo": "opendatalab/magic-html", "commit": "47d4a7fed12030e906a093b074637f178cb46ef2",
                   "license": "Apache-2.0 (LICENSE)"},
    "wechatscope": {"repo": "duty-machine/wechatscope", "commit": "319de3f129be8366590aa891f829dffcc82592a6",
                    "license": "not stated"},
    "cx-extractor": {"repo": "chrislinan/cx-extractor-python",
                     "commit": "56f19b1b7a340f730a9cfd28d2e11e65709f8852",
                     "license": "MIT (LICENSE, Copyright (c) 2018 Linan)"},
    "twnews": {"repo": "virus-warnning/twnews", "commit": "4c7ef436018480d07b5f3f5f474f3843af46eb99",
               "license": "MIT (LICENSE, Copyright (c) 2018 Raymond Wu)"},
    "newspaper4k": {"repo": "AndyTheFactory/newspaper4k", "commit": "540bff3e8344cb8291c4829fafd98860f30d9692",
                    "license": "MIT (LICENSE, Copyright (c) 2013 Lucas Ou-Yang)"},
    "gerapy": {"repo": "Gerapy/GerapyAutoExtractor", "commit": "d65ddd09d4714db4615ea0d522829b20ca7805e5",
               "license": "Apache-2.0 (LICENSE)"},
}


# --------------------------------------------------------------------------------------------------
# git access
def git(mirror, *args) -> bytes:
    return subprocess.run(["git", f"--git-dir={mirror}", *args], check=True, capture_output=True).stdout


def show(mirror, commit, path) -> bytes:
    return git(mirror, "show", f"{commit}:{path}")


# --------------------------------------------------------------------------------------------------
# script detection (simplified / traditional / mixed), by characters
_t2s = _s2t = None
_cache: dict[str, tuple[bool, bool]] = {}


def script_of(text: str) -> str:
    global _t2s, _s2t
    if _t2s is None:
        import opencc
        _t2s, _s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    trad = simp = 0
    for ch in text:
        if not ("\u4e00" <= ch <= "\u9fff"):
            continue
        if ch not in _cache:
            _cache[ch] = (_t2s.convert(ch) != ch, _s2t.convert(ch) != ch)
        t, s = _cache[ch]
        trad += t
        simp += s
    if trad + simp == 0:
        return "simplified"
    frac = trad / (trad + simp)
    return "traditional" if frac >= 0.9 else "simplified" if frac <= 0.1 else "mixed"


def cjk_count(s: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", s))


# --------------------------------------------------------------------------------------------------
# Label patterns. Each is a (compiled regex, category). They are tested on the stripped line text.
# Simplified and Traditional spellings are both listed.
SEP = r"\s*[：:｜|/／丨]"
P_EDITOR = re.compile(
    r"^[【\[（(<]?\s*"
    # the channel before the title: '微信编辑：X', '微信平台编辑：X' (quality6)
    r"(?:微信|微信平台|新媒体|新媒體|网络|網絡|网站|網站|视频|視頻|公众号|公眾號)?(责任编辑|責任編輯|责编|責編|编辑|編輯|主编|主編|校对|校對|审核|審核|审校|審校|终审|終審|"
    r"初审|复审|值班编辑|排版|美编|美編|监制|監製|统筹|統籌|出品人|总监制|执行编辑|本期编辑|编审|流程编辑|"
    r"实习编辑|编辑部|責編|核稿|签发|簽發|策划|策劃|设计|設計|视觉|視覺|制作|製作)" + SEP)
P_BYLINE = re.compile(
    r"^[【\[（(]?\s*(采写记者|採寫記者|文字记者|文字記者|摄影记者|攝影記者|出镜记者|出鏡記者|作者|作\s*者|文|撰文|文字|撰稿|记者|記者|特约记者|特約記者|通讯员|通訊員|本报记者|本報記者|"
    r"口述|整理|采写|採寫|采访|採訪|翻译|翻譯|译者|譯者|译|譯|作者简介|作者簡介|撰稿人|特约作者|发布人|發布人|"
    r"发布者|投稿人|主播|播音|讲述|講述|By|by)" + SEP)
P_REPORTER = re.compile(r"^[【\[（(]?\s*[\u4e00-\u9fff]{0,10}(记者|記者|通讯员|通訊員|特约记者|特約記者|实习生|實習生)\s*[\u4e00-\u9fff·、\s]{2,24}[】\]）)]?$|"
                        r"^[\u4e00-\u9fff]{2,8}(证券|證券|研究所|研究院|基金|资本|資本|期货|期貨)\s+[\u4e00-\u9fff·]{2,4}$|"
                        r"^[（(]?(作者|本文作者)(为|系|是|為|係)")
P_CREDIT = re.compile(
    r"^[【\[（(]?\s*(来源|來源|信息来源|資訊來源|图片来源|圖片來源|图源|圖源|图片|圖片|图|圖|摄影|攝影|摄|攝|"
    r"题图|題圖|配图|配圖|封面图|封面圖|头图|頭圖|原标题|原標題|原文来自|文章来自|文章來自|文章来源|文章來源|转自|轉自|转载自|轉載自|"
    r"本文来源|本文來源|本文来自|本文來自|本文转自|本文轉自|出处|出處|资料来源|資料來源|视频来源|視頻來源|影片來源|"
    r"作图|製圖|制图|数据来源|數據來源|来源于|素材来源|原文链接|原文鏈接|原文|图文|圖文|视频|視頻|音频|音頻|"
    r"文图|文圖|Source|Photo|图片提供|圖片提供|以上信息来源|以上内容来源|信息来源|消息来源|内容来源)" + SEP)
P_CREDIT_TAIL = re.compile(r"([|｜丨/／]\s*(图|圖|摄|攝)\s*$)|^[（(]\s*(图片?|圖片?|摄影?|攝影?)[^）)]{0,20}[）)]$|"
                           r"(图片来自网络|圖片來自網絡|图片源自网络|图源网络|图片来源网络|圖片來源網路|图片来源于网络|^(网络配图)+$|^(網絡配圖)+$)")
P_PHOTO_TAIL = re.compile(r"([\u4e00-\u9fff]{2,}\s*(摄|攝|摄影|攝影|供图|供圖|/图|／图|/圖|／圖)|[\u4e00-\u9fff]{2,}\s+翻(摄|攝))\s*[）)]?$")
P_CAPTION_TAIL = re.compile(r"([（(]\s*(图源|圖源|图片来源|圖片來源|图|圖|照片|相片|翻攝|翻摄|攝影|摄影|资料照|資料照|"
                            r"示意图|示意圖|photo|Photo)[^）)]{0,30}[）)]\s*$)|([/／|｜]\s*(图|圖)\s*[：:]\s*\S{1,20}$)")
P_CAPTION = re.compile(r"^\s*(图为|圖為|图注|圖註|上图|下图|左图|右图|上圖|下圖|左圖|右圖|▲|△|↑|▼|👆|☝|"
                       r"图片说明|圖片說明|资料图|資料圖|示意图|示意圖|配图|配圖|图\d|圖\d|图片\d|圖片\d)")
P_END = re.compile(r"^[-—_=~·\s]*[（(\[【]?\s*(END|End|end|完|全文完|THE END|The End|-END-)\s*[）)\]】]?[-—_=~·\s]*$")
P_COPYRIGHT = re.compile(
    r"(版权所有|版權所有|Copyright|©|All Rights Reserved|未经授权|未經授權|未经许可|未經許可|禁止转载|禁止轉載|"
    r"转载请|轉載請|谢绝转载|謝絕轉載|版权声明|版權聲明|免责声明|免責聲明|侵删|侵刪|如有侵权|如有侵權|"
    r"不代表本站|不代表本平台|不代表本網|不代表本网|仅代表作者|僅代表作者|版权归|版權歸|授权转载|授權轉載|"
    r"转载须|轉載須|转载时|如需转载|如需轉載|联系删除|聯繫刪除|请注明出处|請註明出處|原创作品|獨家稿件|独家稿件|"
    r"仅提供信息存储|僅提供信息存儲|未经.{0,4}授权|未經.{0,4}授權|请勿转载|請勿轉載|并不表明|並不表明|不代表.{0,6}立场|"
    r"特别声明|特別聲明|Notice: The content above|观点仅代表|觀點僅代表)", re.I)
P_SHARE = re.compile(
    r"(扫码|掃碼|扫一扫|掃一掃|二维码|二維碼|长按|長按|关注我们|關注我們|点击上方|點擊上方|点击蓝字|點擊藍字|"
    r"蓝字关注|藍字關注|设为星标|設為星標|星标|点亮在看|點亮在看|在看|点个赞|點個讚|分享到|分享给|分享給|转发给|轉發給|"
    r"转发到|朋友圈|订阅号|訂閱號|关注公众号|關注公眾號|微信号|微信號|公众号|公眾號|Scan to Follow|Scan with Weixin|"
    r"点击关注|點擊關注|欢迎关注|歡迎關注|加关注|一键三连|下载APP|下載APP|下载客户端|下載客戶端|打开APP|打開APP|"
    r"分享至|点赞|點讚|正在关注|交流群|粉丝群|粉丝团|粉絲團|读者群|读者交流|进群|加群|^微博$|新浪微博|官方微博|分享到微博|QQ空间|QQ空間|豆瓣|\b(Share|Like|Wow|Facebook|Twitter|LINE|WhatsApp|Telegram)\b)", re.I)
P_AD = re.compile(r"(广告|廣告|赞助|贊助|推广|推廣|商务合作|商務合作|合作微信|商务微信|商務微信|投稿微信|投稿邮箱|投稿郵箱|合作联系|合作聯繫|招聘|"
                  r"加盟|限时|限時|优惠|優惠|折扣|抢购|搶購|报名|報名|课程|課程|进群|入群|加群|加微信|添加微信|"
                  r"客服|咨询热线|諮詢熱線|热线|熱線|购买|購買|立即|促销|促銷|sponsored|AD\b)", re.I)
P_REC_HEAD = re.compile(
    r"^[\s【\[▼▽►▶●■◆★☆#>|｜丨]*(相关新闻|相關新聞|相关阅读|相關閱讀|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|猜你喜欢|猜你喜歡|"
    r"热门推荐|熱門推薦|往期推荐|往期推薦|往期回顾|往期回顧|往期精选|往期精選|往期|精彩推荐|精彩推薦|精彩回顾|精彩回顧|"
    r"更多精彩|热点新闻|熱點新聞|热门文章|熱門文章|热文|熱文|相关文章|相關文章|今日推荐|今日推薦|编辑推荐|編輯推薦|"
    r"排行|热点|熱點|最新文章|最新新闻|最新新聞|你可能|为你推荐|為你推薦|大家都在看|More articles|Related Articles|"
    r"推荐原创|推薦原創|最新原创|最新原創|推荐|推薦|热门|熱門|热读|熱讀|精选|精選|相关|相關|更多|延伸|新闻排行|"
    r"點擊排行|点击排行|阅读排行|閱讀排行|热榜|熱榜|看点|看點|专题|專題|往期文章|历史文章|歷史文章|近期文章|"
    r"今日热点|今日熱點|要闻|要聞|头条|頭條|图片新闻|圖片新聞|视频新闻|影音)|"
    r"^\S{0,6}(推荐|推薦|头条|頭條|排行|热点|熱點|热榜|熱榜)[:：]?$")
P_NAV = re.compile(
    r"(首页|首頁|登录|登錄|注册|註冊|上一篇|下一篇|上一页|下一页|上一頁|下一頁|上一条|下一条|返回|网站地图|網站地圖|"
    r"联系我们|聯繫我們|聯絡我們|关于我们|關於我們|ICP|备案|備案|公网安备|公網安備|举报|舉報|违法和不良|違法和不良|"
    r"意见反馈|意見反饋|帮助中心|幫助中心|隐私|隱私|设为首页|加入收藏|当前位置|當前位置|您的位置|你的位置|"
    r"网站导航|網站導航|服务条款|服務條款|用户协议|使用條款|客户端|客戶端|手机版|手機版|English|繁體|简体|簡體|"
    r"标签|標籤|关键词|關鍵詞|关键字|關鍵字|Tags|搜索|搜尋|订阅|訂閱|RSS|退出|我的|会员|會員|频道|頻道|"
    r"\d\d:\d\d\s*/\s*\d\d:\d\d|时长[:：]\s*\d|時長[:：]\s*\d)", re.I)
P_FURNITURE = re.compile(
    r"(字号|字號|字体|字體|打印|列印|关闭窗口|關閉窗口|关闭|關閉|收藏|纠错|糾錯|评论|評論|参与讨论|參與討論|跟帖|跟贴|"
    r"阅读数|閱讀數|阅读量|点击数|點閱|浏览|瀏覽|打赏|打賞|赞赏|讚賞|喜欢此内容|Reads|Comment|Posted|Sending|"
    r"Loading|Cancel|^OK|Allow|Delete|Views|阅读\s*\d|閱讀\s*\d|^\d+\s*人(参与|評論|评论|阅读|閱讀|看过|看過)|写留言|寫留言|留言|复制链接|複製連結|"
    r"放大|缩小|大\s*中\s*小|预览|預覽|Top Stories|Mini Program|微信版本|已无更多|加载中|載入中|加载更多|查看更多|"
    r"展开|展開|收起|全文|点击查看|點擊查看|Got It|Close|Reply|Report|Friends)", re.I)
P_DATE = re.compile(r"(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}|\d{1,2}\s*[-/]\s*\d{1,2}\s+\d{1,2}:\d{2}|"
                    r"\d{1,2}:\d{2}(:\d{2})?|\d{1,2}月\d{1,2}日|Today|Yesterday|\d+\s*(分钟|小時|小时|天)前)")
P_META_WORD = re.compile(r"(来源|來源|作者|编辑|編輯|记者|記者|发布|發布|发表|發表|出处|出處|撰文|文／|文/|原创|原創)")
#: an outlet and its reporter in brackets closing an article: '（网易财经 张艳）' (quality6)
P_BRACKET_BYLINE = re.compile(r"^[（(]\s*[\u4e00-\u9fff]{1,8}(财经|財經|新闻|新聞|日报|日報|晚报|晚報|晨报|晨報|时报|時報|网|網|社|"
                              r"电视台|電視台|广播|廣播|记者|記者)\s+[\u4e00-\u9fff·]{2,4}(\s+[\u4e00-\u9fff·]{2,4}){0,2}\s*[）)]$")
#: a broadcaster's or account's channel list closing a WeChat post: '听广播：AM828 FM100.6',
#: '看微博：X', '读微信：X' (quality6; a follow prompt)
P_CHANNELS = re.compile(r"^(读|讀|看|听|聽|关注|關注|搜索)(微信|微博|广播|廣播|抖音|头条|頭條|视频号|視頻號|公众号|公眾號)\s*[：:]")
#: a reporter or desk with the place of the report: '記者林悅／南市報導', '社會中心／綜合報導'
P_DESK = re.compile(r"^[\u4e00-\u9fff·\s]{2,14}[/／][\u4e00-\u9fff]{0,8}(報導|报道|綜合報導|综合报道|報道)$")
P_PUNCT_ONLY = re.compile(r"^[\W_]+$")
P_LIST_DATE = re.compile(r"\s(\d{4}[/-]\d{1,2}[/-]\d{1,2}|\d{1,2}[/-]\d{1,2})(\s+\d{1,2}:\d{2})?$")
HEADLINE_END = tuple("。！？!?…”」』\"")


def is_meta_line(t: str) -> bool:
    """A post-meta line: a date/time plus source/author words, short, not a sentence."""
    return bool(P_DATE.search(t)) and len(t) <= 90 and not t.endswith(("。", "！", "？"))


def short_tokens(t: str) -> bool:
    """A menu line: several short space-separated tokens (e.g. '首页 新闻 体育 娱乐')."""
    toks = [x for x in t.split() if x not in ("|", "｜", "/", "·")]
    return len(toks) >= 3 and max(len(x) for x in toks) <= 6 and sum(len(x) for x in toks) / len(toks) <= 4.5


# --------------------------------------------------------------------------------------------------
def content_debris(t: str, line) -> str | None:
    """Category for a main-content line that is debris by the project's conventions, else None.
    Deliberately stricter than outside_category(): a false hit here removes real article text."""
    n = len(t)
    if P_PUNCT_ONLY.match(t) and not re.search(r"[0-9A-Za-z]", t):
        return "markup"
    if P_END.match(t):
        return "end_marker"
    if re.fullmatch(r"(网络配图|網絡配圖|网络图片|網絡圖片)+", t):
        return "credit"  # image placeholders '网络配图网络配图...'
    if n <= 80 and P_EDITOR.match(t):
        return "editor"
    if n <= 20 and re.match(r"^(责任编辑|責任編輯|本期编辑|本期編輯|编辑|編輯|校对|校對|审核|審核|主编|主編|美编|美編)\s+[\u4e00-\u9fff·]{2,4}$", t):
        return "editor"  # '本期编辑 邢潭'
    if n <= 60 and re.match(r"^(本文|此文)?(转自|轉自|转载自|轉載自|摘自|选自|選自|来源于|來源於)\S", t):
        return "credit"  # '转自财新网，作者X'
    if n <= 120 and (P_CREDIT.match(t) or P_CREDIT_TAIL.search(t)):
        # '原标题' / '来源' / '图/X' lines; a '视频：' line over 40 chars is probably prose
        return "credit"
    if n <= 40 and re.match(r"^(微信)?(ID|id|公众号ID|微信号)\s*[：:]\s*[A-Za-z0-9_\-]+$", t):
        return "credit"  # the ID line of a reposted account ('ID：nanyangfushang')
    if n <= 80 and P_LIST_DATE.search(t) and cjk_count(t) >= 6:
        return "recommendation"  # 'headline 2015/07/03': an item of a related list
    if n <= 160 and P_CAPTION_TAIL.search(t):
        return "credit" if len(P_CAPTION_TAIL.sub("", t).strip()) <= 4 else "caption"
    if n <= 16 and P_PHOTO_TAIL.search(t):
        return "credit"  # 'X 摄' on its own
    if n <= 160 and P_PHOTO_TAIL.search(t):
        return "caption"  # '...发表演讲。 新华社记者 X 摄': a photo caption ending in its credit
    if n <= 40 and P_DESK.match(t):
        return "byline"  # '記者林悅／南市報導', '社會中心／綜合報導'
    if n <= 60 and re.search(r"(点击|點擊).{0,6}(阅读原文|閱讀原文)", t):
        return "navigation"  # '点击“阅读原文”，观看更多精彩内容。'
    if n <= 60 and (P_BYLINE.match(t) or P_REPORTER.match(t)):
        return "byline"
    if n <= 30 and P_BRACKET_BYLINE.match(t):
        return "byline"
    if n <= 40 and P_CHANNELS.match(t):
        return "share_prompt"
    if is_meta_line(t) and P_META_WORD.search(t) and n <= 70:
        return "byline"
    if n <= 40 and is_meta_line(t) and cjk_count(re.sub(P_DATE, "", t)) <= 6:
        return "other"  # a date/time/views line on its own
    if n <= 120 and P_CAPTION.match(t):
        return "caption"
    if n <= 150 and P_COPYRIGHT.search(t):
        return "copyright"
    if n <= 40 and P_SHARE.search(t) and not t.endswith(("。", "”")):
        return "share_prompt"
    if n <= 60 and P_SHARE.search(t) and re.search(r"(关注|關注|扫|掃|长按|長按|星标|在看|转发|轉發)", t):
        return "share_prompt"
    if n <= 30 and P_REC_HEAD.match(t) and not t.endswith(HEADLINE_END):
        return "recommendation"
    if n <= 40 and re.match(r"^(合作|商务|商務|投稿|广告|廣告)(微信|邮箱|郵箱|电话|電話|联系|聯繫|QQ)", t):
        return "ad"
    if n <= 10 and P_FURNITURE.search(t) and not t.endswith(HEADLINE_END):
        return "page_furniture"  # '跟贴热词：', '展开全文' picked up by the teacher
    return None


def outside_category(t: str, line, in_rec_block: bool) -> str:
    """Category for a line outside the main content (always a drop)."""
    n = len(t)
    chain = pd.attrs_chain(line.node)
    if P_PUNCT_ONLY.match(t):
        return "markup"
    if n <= 200 and P_COPYRIGHT.search(t):
        return "copyright"
    if re.search(r"(ICP|公网安备|公網安備|备案号|備案號|许可证|許可證)", t):
        return "navigation"  # footer registration numbers
    if n <= 80 and P_EDITOR.match(t.lstrip("[ ")):
        return "editor"
    if n <= 80 and (re.search(r"\S\s*[>›»＞]\s*\S", t) and not re.search(r"[。，！？]", t) or short_tokens(t)):
        return "navigation"  # breadcrumbs 'A > B > 正文' and menu lines '新闻 体育 娱乐 ...'
    if n <= 100 and (P_CREDIT.match(t) or P_CREDIT_TAIL.search(t)):
        return "credit"
    if n <= 40 and P_DESK.match(t):
        return "byline"  # '記者林悅／南市報導', '社會中心／綜合報導'
    if n <= 60 and re.search(r"(点击|點擊).{0,6}(阅读原文|閱讀原文)", t):
        return "navigation"  # '点击“阅读原文”，观看更多精彩内容。'
    if n <= 60 and (P_BYLINE.match(t) or P_REPORTER.match(t)):
        return "byline"
    if n <= 12 and P_SHARE.search(t):
        return "share_prompt"
    if n <= 20 and P_NAV.search(t):
        return "navigation"
    if in_rec_block and (cjk_count(t) >= 6 or is_meta_line(t) or re.fullmatch(r"[\d\s,.|+跟贴帖评论人参与阅读]+", t)):
        return "recommendation"  # items of a related list, with their timestamps and counters
    if n <= 80 and P_LIST_DATE.search(t) and cjk_count(t) >= 6:
        return "recommendation"  # 'headline 2015/07/03'
    if is_meta_line(t) and n <= 100:
        if P_META_WORD.search(t):
            return "byline"
        if cjk_count(P_DATE.sub("", t)) <= 8:
            return "other"  # a date / time / views line
    if P_END.match(t):
        return "end_marker"
    if "figcaption" in chain or (n <= 80 and P_CAPTION.match(t)):
        return "caption"
    if P_REC_HEAD.match(t) and n <= 30:
        return "recommendation"
    headline_like = (line.link_ratio >= 0.5 and cjk_count(t) >= 8 and not short_tokens(t))
    if n <= 60 and P_SHARE.search(t) and not headline_like:
        return "share_prompt"
    if n <= 60 and P_AD.search(t) or re.search(r"(^|[#. ])(ad|ads|advert|gg|guanggao)([-_ #.]|$)", chain.split(" ")[0]):
        return "ad"
    if n <= 60 and P_NAV.search(t):
        return "navigation"
    if n <= 40 and P_FURNITURE.search(t):
        return "page_furniture"
    if cjk_count(t) == 0 and n <= 80 and not line.link_ratio >= 0.5:
        return "page_furniture"  # UI strings of the page (buttons, dialogs, counters)
    if re.search(r"(comment|gentie|tie-|reply|cmt|pinglun|discuss)", chain) and cjk_count(t) >= 8:
        return "other"  # readers' comments
    # headline-like link lines, or anything in a related/recommend block -> recommendation
    rec_chain = re.search(r"(relat|recom|hot|rank|tuijian|xiangguan|more\b|news_?list|article-?list|topnews|"
                          r"paihang|top10|feed|guess|youlike)", chain)
    if headline_like or (rec_chain and cjk_count(t) >= 8 and n <= 80):
        return "recommendation"
    if line.link_ratio >= 0.5 or n <= 12 or short_tokens(t) or "nav" in chain or "menu" in chain:
        return "navigation"
    return "other"


# --------------------------------------------------------------------------------------------------
def match_content(lines, ref_text: str) -> list[bool]:
    """Which dump lines belong to the reference main text (gold or teacher).

    Normalised-text containment, in two passes:
     1. anchors: lines of >= 12 normalised chars found in the reference at or after the previous
        anchor (document order, so a title repeated in a related list later on does not count twice);
        a dump line that holds a whole reference line making up >= 60% of it also anchors;
     2. short lines (< 12 chars) count only if found in the reference between the neighbouring
        anchors' positions, are not mostly link text, and - outside the first..last anchor range -
        are a whole reference line (a title or a short heading), so menu words like '新闻' do not match.
    """
    ref = pd.norm(ref_text)
    ref_lines = [pd.norm(x) for x in ref_text.split("\n")]
    ref_lines = [x for x in ref_lines if x]
    ref_set = set(ref_lines)
    long_refs = [x for x in ref_lines if len(x) >= 12]
    norms = [pd.norm(ln.text) for ln in lines]
    out = [False] * len(lines)
    pos: dict[int, tuple[int, int]] = {}
    p = 0
    for i, n in enumerate(norms):
        if len(n) < 12:
            continue
        q = ref.find(n, p)
        if q >= 0:
            out[i] = True
            pos[i] = (q, q + len(n))
            p = q + len(n)
            continue
        for r in long_refs:
            if len(r) >= 0.6 * len(n) and r in n:
                q = ref.find(r, p)
                if q >= 0:
                    out[i] = True
                    pos[i] = (q, q + len(r))
                    p = q + len(r)
                    break
    anchors = sorted(pos)
    if not anchors:
        return out
    first, last = anchors[0], anchors[-1]
    import bisect
    consumed_end = {}
    for i, n in enumerate(norms):
        if out[i] or not n or len(n) >= 12 or lines[i].link_ratio >= 0.5:
            continue
        k = bisect.bisect_left(anchors, i)
        lo = pos[anchors[k - 1]][1] if k > 0 else 0
        lo = max(lo, consumed_end.get(k, 0))
        hi = pos[anchors[k]][0] if k < len(anchors) else len(ref)
        if (i < first or i > last) and n not in ref_set:
            continue
        q = ref.find(n, lo, hi)
        if q >= 0:
            out[i] = True
            consumed_end[k] = q + len(n)
    return out


def page_title(root) -> str:
    for xp in ('//meta[@property="og:title"]/@content', '//meta[@name="og:title"]/@content',
               '//title/text()'):
        v = root.xpath(xp)
        if v and v[0].strip():
            return v[0].strip()
    return ""


def add_title(root, lines, keep, origins_hint=None) -> int | None:
    """The article title line is keep. If the main content does not already start with it, find the
    headline line just before the first main-content line: an h1/h2 or *title* element (or any line
    within 80 lines above) whose text begins og:title / <title>. Returns its index."""
    idx = [i for i, k in enumerate(keep) if k]
    if not idx:
        return None
    title = pd.norm(page_title(root))
    if len(title) < 4:
        return None
    first = idx[0]
    if pd.norm(lines[first].text) and pd.norm(lines[first].text) in title and len(pd.norm(lines[first].text)) >= 4:
        return None  # already kept
    best = None
    for i in range(max(0, first - 80), first):
        n = pd.norm(lines[i].text)
        if len(n) < 6 or not title.startswith(n) or lines[i].link_ratio >= 0.5:
            continue
        chain = pd.attrs_chain(lines[i].node, 4)
        if re.search(r"(^|\s)h[12]#|title|headline|tit", chain) or len(n) >= 0.6 * len(title):
            best = i
    return best


def label_page(lines, keep_mask, origin_keep: str, title_idx=None):
    """Labels and origins for a whole page given which lines are main content."""
    labels, origins = [], []
    in_rec = False  # inside a related/recommended block (after a header, until a non-link line)
    for i, (ln, k) in enumerate(zip(lines, keep_mask)):
        t = ln.text.strip()
        if i == title_idx:
            labels.append("keep"); origins.append("markup"); continue
        if k:
            in_rec_k = in_rec and ln.link_ratio >= 0.5
            if "figcaption" in pd.attrs_chain(ln.node, 3):
                labels.append("drop:caption"); origins.append("markup"); continue
            cat = content_debris(t, ln)
            if cat == "recommendation":
                in_rec = True
            elif in_rec_k:
                cat = "recommendation"
            else:
                in_rec = False
            if cat:
                labels.append("drop:" + cat); origins.append("heuristic")
            else:
                labels.append("keep"); origins.append(origin_keep)
        else:
            if P_REC_HEAD.match(t) and len(t) <= 12:
                in_rec = True
            elif ln.link_ratio < 0.5 and cjk_count(t) >= 8:
                in_rec = False
            cat = outside_category(t, ln, in_rec)
            labels.append("drop:" + cat); origins.append("heuristic")
    list_headers(lines, labels, origins)
    list_meta(lines, labels, origins)
    propagate_tail(lines, labels, origins, keep_mask)
    return labels, origins


def list_meta(lines, labels, origins):
    """A date / time / counter line right after a related-list item belongs to that list."""
    for i in range(1, len(lines)):
        t = lines[i].text.strip()
        if (labels[i] in ("drop:other", "drop:page_furniture", "drop:navigation") and len(t) <= 40
                and labels[i - 1] == "drop:recommendation"
                and (P_DATE.search(t) or re.fullmatch(r"[\d\s,.|+]+(跟贴|跟帖|评论|評論|阅读|閱讀|次播放)?[\d\s,.]*", t))
                and cjk_count(P_DATE.sub("", t)) <= 10):
            labels[i], origins[i] = "drop:recommendation", "heuristic"


def list_headers(lines, labels, origins):
    """A short kept line between a drop and a related-list item is that list's header
    ('证券要闻' between promo links): recommendation."""
    for i in range(1, len(lines) - 1):
        t = lines[i].text.strip()
        if (labels[i] == "keep" and len(t) <= 10 and not t.endswith(HEADLINE_END)
                and labels[i - 1].startswith("drop:") and labels[i + 1] == "drop:recommendation"):
            labels[i], origins[i] = "drop:recommendation", "heuristic"


def propagate_tail(lines, labels, origins, keep_mask):
    """After the article's last substantial paragraph, a short unpunctuated line that follows a debris
    line (e.g. the account slogan under '公众号：X', items under '推荐阅读') takes that debris category."""
    subst = [i for i, (ln, lab) in enumerate(zip(lines, labels))
             if lab == "keep" and len(ln.text) >= 30 and keep_mask[i]]
    if not subst:
        return
    last_cat = None
    for i in range(subst[-1] + 1, len(lines)):
        if not keep_mask[i]:
            continue
        lab, t = labels[i], lines[i].text.strip()
        if lab.startswith("drop:"):
            last_cat = lab if lab != "drop:markup" else last_cat
        elif last_cat and len(t) <= 25 and not t.endswith(("。", "！", "？", "”")):
            labels[i] = last_cat
            origins[i] = "heuristic"


P_PROMO = re.compile(r"(你会关注|你會關注|点击阅读|點擊閱讀|阅读原文|閱讀原文|往期|推荐|推薦|精选|精選|目录|目錄|合集|"
                     r"赞赏|讚賞|订阅|訂閱|新刊|特辑|特輯|专辑|專輯|回顾|回顧)")


def wechat_tail_promo(lines, labels, origins, keep_mask):
    """WeChat only (labelling knowledge, not a cleaner rule): accounts end an article with a block of
    short headline lines promoting their other posts, an issue's table of contents, a shop, ...
    Walking back from the end of #js_content, a run of kept lines of <= 40 chars that do not end a
    sentence with '。' holds that block; the block starts at the run's first header-like line (<= 30
    chars) with a promo word (往期, 推荐, 目录, 合集, 赞赏, 阅读原文, ...), and everything from there down
    becomes drop:recommendation. Runs over 60 lines (long name lists ending an article) are left alone."""
    idx = [i for i, k in enumerate(keep_mask) if k]
    if not idx:
        return
    run, after, i = [], [], idx[-1]
    while i >= idx[0] and keep_mask[i]:
        t = lines[i].text.strip()
        if labels[i] != "keep":
            if not run:
                after.append(i)
            i -= 1
            continue
        if len(t) > 40 or t.endswith(("。", "。”", "。」")):
            break
        run.append(i)
        i -= 1
    if not run or len(run) > 60:
        return
    run.reverse()  # top to bottom
    # the block starts at its first header-like line holding a promo word; lines above it stay content
    start = next((k for k, j in enumerate(run) if len(lines[j].text.strip()) <= 30 and P_PROMO.search(lines[j].text)), None)
    if start is None:
        return
    for j in run[start:]:
        labels[j], origins[j] = "drop:recommendation", "heuristic"


def article_span(labels, keep_mask):
    """Indices [a, b) of the article body: first..last main-content line, plus up to 3 trailing
    debris lines (editor/credit/byline/end_marker/copyright) right after it."""
    idx = [i for i, k in enumerate(keep_mask) if k]
    if not idx:
        return None
    a, b = idx[0], idx[-1] + 1
    while b < len(labels) and b - idx[-1] <= 3 and labels[b] in (
            "drop:editor", "drop:credit", "drop:byline", "drop:end_marker", "drop:copyright"):
        b += 1
    return a, b


# --------------------------------------------------------------------------------------------------
def site_from_url(url: str | None) -> str | None:
    if not url:
        return None
    m = re.match(r"^(?:https?:)?/*([^/?#]+)", url.strip())
    return m.group(1).lower() if m else None


def page_url(root) -> str | None:
    for xp in ('//meta[@property="og:url"]/@content', '//link[@rel="canonical"]/@href',
               '//meta[@name="og:url"]/@content'):
        v = root.xpath(xp)
        if v and v[0].strip().startswith(("http", "//")):
            return v[0].strip()
    return None


NETEASE_CHANNELS = {"网易财经": "money.163.com", "网易新闻": "news.163.com", "网易科技": "tech.163.com",
                    "网易体育": "sports.163.com", "网易娱乐": "ent.163.com"}


def site_fallback(root, html: str) -> str:
    """Site when the page has no og:url/canonical: the NetEase channel named in the <title> suffix, or
    the host inside a share link's url= parameter."""
    title = "".join(root.xpath("//title/text()"))
    m = re.search(r"_([^_]+)$", title.strip())
    if m and m.group(1) in NETEASE_CHANNELS:
        return NETEASE_CHANNELS[m.group(1)]
    m = re.search(r"url=https?%3A%2F%2F([a-z0-9.\-]+)", html)
    if m:
        return m.group(1)
    # else the most frequent host among the page's own links (not CDNs / static hosts)
    hosts = Counter(h for h in (site_from_url(u) for u in root.xpath("//a/@href") if u.startswith("http"))
                    if h and not re.search(r"(static|cdn|^res\.|^img|^js\.|^css\.|share|weibo|qq\.com$|facebook|twitter)", h))
    return hosts.most_common(1)[0][0] if hosts else "unknown"


def teacher_text(html: str) -> tuple[str, str]:
    """(title, main text) from trafilatura with favor_precision."""
    import trafilatura
    doc = trafilatura.bare_extraction(html, favor_precision=True, include_comments=False,
                                      include_tables=True, with_metadata=True)
    if doc is None:
        return "", ""
    d = doc if isinstance(doc, dict) else doc.as_dict()
    return (d.get("title") or ""), (d.get("text") or "")


def make_rows(src, n_doc, site, url, path, commit, lines, labels, origins, keep_mask, rows,
              article_lines=None):
    meta = SOURCES[src]
    text = "\n".join(ln.text for ln in lines)
    base = dict(source=src, site=site, url=url, repo=meta["repo"], commit=commit, path=path,
                license=meta["license"])
    rows.append(dict(doc_id=f"{src}/{n_doc}", kind="page", script=script_of(text), text=text,
                     labels=list(labels), label_origin=list(origins), **base))
    span = article_lines if article_lines is not None else article_span(labels, keep_mask)
    if span is None:
        return
    sel = list(range(*span)) if isinstance(span, tuple) else span
    if len(sel) >= len(lines) or sum(1 for i in sel if labels[i] == "keep") < 3:
        return
    atext = "\n".join(lines[i].text for i in sel)
    rows.append(dict(doc_id=f"{src}/{n_doc}a", kind="article", script=script_of(atext), text=atext,
                     labels=[labels[i] for i in sel], label_origin=[origins[i] for i in sel], **base,
                     _page=f"{src}/{n_doc}", _src=sel))  # _page/_src: line map to the page row (not written)


# --------------------------------------------------------------------------------------------------
def build_magic_html(mirror, rows):
    c = SOURCES["magic-html"]["commit"]
    base = json.loads(show(mirror, c, "benchmark/data/article/base.json"))
    # doc numbers are positions in the sorted candidate list, so a skipped file never renumbers the others
    for n, key in enumerate(sorted(base)):
        gold = base[key]["content"]
        url = base[key].get("url")
        kana = len(re.findall(r"[\u3040-\u30ff]", gold))
        if not gold.strip() or cjk_count(gold) < 0.2 * len(gold) or kana > 20:  # Chinese pages only (no Japanese)
            continue
        path = f"benchmark/data/article/htmls/{key}.html"
        root = pd.parse(pd.decode(show(mirror, c, path)))
        lines = pd.dump(root)
        keep = match_content(lines, gold)
        ti = add_title(root, lines, keep)
        if ti is not None:
            keep[ti] = True
        labels, origins = label_page(lines, keep, "gold", ti)
        make_rows("magic-html", n, site_from_url(url), url, path, c, lines, labels, origins, keep, rows)


def build_wechatscope(mirror, rows):
    """Every file under files/ that any commit up to the pinned HEAD holds with its blob present
    (the snapshot lacks blobs >= 4 MiB). Each file is read at the newest commit that has it."""
    head = SOURCES["wechatscope"]["commit"]
    where: dict[str, str] = {}
    for c in git(mirror, "rev-list", head).decode().split():  # newest first
        for row in git(mirror, "ls-tree", "-r", "-l", c, "files/").decode().splitlines():
            meta, path = row.split("\t", 1)
            if meta.split()[3] != "BAD" and path not in where:
                where[path] = c
    seen = set()
    for n, path in enumerate(sorted(where)):
        c = where[path]
        raw = show(mirror, c, path)
        h = hashlib.sha1(raw).hexdigest()
        if h in seen:
            continue
        seen.add(h)
        first = raw.split(b"\n", 1)[0].decode("utf-8", "replace")
        m = re.match(r"<!--\s*(\{.*\})\s*-->", first)
        info = json.loads(m.group(1)) if m else {}
        root = pd.parse(raw.decode("utf-8", "replace"))
        content = root.xpath('//*[@id="js_content"]')
        if not content:
            continue
        content = content[0]
        title_el = root.xpath('//*[@id="activity-name"]')
        lines = pd.dump(root)
        keep = [pd.inside(ln.node, content) or (bool(title_el) and pd.inside(ln.node, title_el[0]))
                for ln in lines]
        if sum(keep) < 3:
            continue
        labels, origins = label_page(lines, keep, "markup")
        wechat_tail_promo(lines, labels, origins, keep)
        # site knowledge (labelling only): the WeChat meta bar under the title is the account/author/date
        # byline; the account profile card ('Weixin ID', 'About Feature') is other.
        for i, ln in enumerate(lines):
            ch = pd.attrs_chain(ln.node, 12)
            if "cps_inner" in ch or "js_product" in ch or "mpcps#" in ch:
                labels[i], origins[i] = "drop:ad", "markup"  # in-article product ad card ('Ad', title, 当当)
            elif "original_area_primary" in ch or "original_primary_card" in ch:
                labels[i], origins[i] = "drop:credit", "markup"  # 'The following article is from X' card
            elif "profile_inner" in ch or "profile_meta" in ch:
                labels[i], origins[i] = "drop:other", "markup"
            elif "#meta_content" in ch or "rich_media_meta_list" in ch:
                labels[i], origins[i] = "drop:byline", "markup"
        url = info.get("url")
        url = ("https://" + url) if url and not url.startswith("http") else url
        site = info.get("nickname") or "unknown-wechat-account"
        art = [i for i, k in enumerate(keep) if k]
        make_rows("wechatscope", n, site, url, path, c, lines, labels, origins, keep, rows,
                  article_lines=art)


def build_teacher_pages(src, mirror, paths, rows, ref_for=None, reader=None):
    """paths: list of repo paths (read at the pinned commit) or (commit, path) pairs;
    reader(commit, path) -> bytes overrides `git show` (e.g. to decompress)."""
    seen = set()
    for n, item in enumerate(paths):
        c, path = item if isinstance(item, tuple) else (SOURCES[src]["commit"], item)
        raw = reader(c, path) if reader else show(mirror, c, path)
        h = hashlib.sha1(raw).hexdigest()
        if h in seen:
            continue
        seen.add(h)
        html = pd.decode(raw)
        root = pd.parse(html)
        title, body = teacher_text(html)
        ref = (title + "\n" + body) if title else body
        if cjk_count(ref) < 100:
            continue
        lines = pd.dump(root)
        keep = match_content(lines, ref)
        if ref_for:
            # the repo's own reference extraction (CX / newspaper output) is a weaker teacher: it also
            # keeps comment boxes and related lists, so it only adds lines inside the trafilatura span
            idx = [i for i, k in enumerate(keep) if k]
            keep2 = match_content(lines, ref_for(path))
            if idx:
                keep = [k or (k2 and idx[0] <= i <= idx[-1]) for i, (k, k2) in enumerate(zip(keep, keep2))]
        ti = add_title(root, lines, keep)
        if ti is not None:
            keep[ti] = True
        labels, origins = label_page(lines, keep, "teacher", ti)
        url = page_url(root)
        make_rows(src, n, site_from_url(url) or site_fallback(root, html), url, path, c, lines, labels, origins, keep, rows)


def build_cx(mirror, rows):
    c = SOURCES["cx-extractor"]["commit"]
    names = git(mirror, "ls-tree", "-r", "--name-only", c, "RawHtml/").decode().split()
    names.sort(key=lambda p: int(re.sub(r"\D", "", p) or 0))

    def ref_for(path):  # the repo's own reference extraction Text/<n>.txt (GBK), if present
        try:
            return show(mirror, c, path.replace("RawHtml/", "Text/").replace(".html", ".txt")).decode(
                "gb18030", "replace")
        except subprocess.CalledProcessError:
            return ""
    build_teacher_pages("cx-extractor", mirror, names, rows, ref_for)


def build_twnews(mirror, rows):
    """Taiwanese news pages saved as test samples (twnews/samples/*.html[.gz|.xz]) over the repo's
    history up to the pinned commit. Per sample name, the oldest and the newest distinct version
    (different page chrome, desktop vs mobile; same article). The court-auction page is skipped."""
    import gzip
    import lzma
    head = SOURCES["twnews"]["commit"]
    versions: dict[str, list] = {}
    seen = set()
    for c in reversed(git(mirror, "rev-list", head).decode().split()):  # oldest first
        for row in git(mirror, "ls-tree", "-r", c).decode().splitlines():
            meta, path = row.split("\t", 1)
            if "samples/" not in path or ".html" not in path or "judicial" in path:
                continue
            blob = meta.split()[2]
            if blob in seen:
                continue
            seen.add(blob)
            name = path.split("/")[-1].split(".")[0]
            versions.setdefault(name, []).append((c, path))

    def reader(c, path):
        raw = show(mirror, c, path)
        if path.endswith(".gz"):
            return gzip.decompress(raw)
        if path.endswith(".xz"):
            return lzma.decompress(raw)
        return raw
    picks = []
    for name in sorted(versions):
        v = [x for x in versions[name] if len(reader(*x)) > 1000]
        picks += [v[0], v[-1]] if len(v) > 1 else v
    build_teacher_pages("twnews", mirror, picks, rows, reader=reader)


def build_newspaper4k(mirror, rows):
    """The three Chinese test pages of newspaper4k; their expected extraction tests/data/txt/*.txt is a
    second teacher next to trafilatura."""
    c = SOURCES["newspaper4k"]["commit"]
    names = ["tests/data/html/chinese_article.html", "tests/data/html/chinese_article_001.html",
             "tests/data/html/chinese_article_002.html"]

    def ref_for(path):
        return show(mirror, c, path.replace("/html/", "/txt/").replace(".html", ".txt")).decode("utf-8", "replace")
    build_teacher_pages("newspaper4k", mirror, names, rows, ref_for)


def build_gerapy(mirror, rows):
    c = SOURCES["gerapy"]["commit"]
    names = sorted(git(mirror, "ls-tree", "-r", "--name-only", c, "samples/detail/").decode().split())
    build_teacher_pages("gerapy", mirror, names, rows)


# --------------------------------------------------------------------------------------------------
def apply_hand(rows, hand_path: Path):
    if not hand_path.exists():
        return 0
    by_id = {r["doc_id"]: r for r in rows}
    n = 0
    for line in hand_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        h = json.loads(line)
        if h.get("correct", True) and "label" not in h:
            continue  # a check record that found the label right: nothing to apply
        r = by_id.get(h["doc_id"])
        if r is None or "label" not in h:
            continue
        i = h["n"] - 1  # 1-based line number over text.split("\n")
        lines = r["text"].split("\n")
        if "text" in h and (i >= len(lines) or not lines[i].startswith(h["text"][:20])):
            print(f"hand: {h['doc_id']} line {h['n']} no longer holds {h['text'][:20]!r}; skipped", file=sys.stderr)
            continue
        if not 0 <= i < len(r["labels"]):
            continue
        # the same line in the page row and in its article row gets the same correction
        page = by_id[r["_page"]] if "_page" in r else r
        pi = r["_src"][i] if "_page" in r else i
        targets = [(page, pi)] + [(a, a["_src"].index(pi)) for a in rows
                                  if a.get("_page") == page["doc_id"] and pi in a["_src"]]
        for row, j in targets:
            row["labels"][j] = h["label"]
            row["label_origin"][j] = "hand"
        n += 1
    return n


def dedupe(rows):
    """Drop repeats: a document whose kept text equals an earlier document's from another site (the
    same WeChat article reposted by a second account) is dropped whole, so leave-one-site-out splits do
    not leak; for a second saved version of the same page on the same site (twnews, gerapy) the page row
    stays (its chrome differs) but an article row identical to an earlier one is dropped."""
    seen_body: dict[str, str] = {}
    seen_article: set[str] = set()
    drop_pages: set[str] = set()
    out = []
    for r in rows:
        if r["kind"] == "page":
            body = "".join(l for l, lab in zip(r["text"].split("\n"), r["labels"]) if lab == "keep")[:2000]
            if body in seen_body and seen_body[body] != r["site"]:
                drop_pages.add(r["doc_id"])
                continue
            seen_body.setdefault(body, r["site"])
        else:
            if r["_page"] in drop_pages or r["text"] in seen_article:
                continue
            seen_article.add(r["text"])
        out.append(r)
    return out


def write(rows, out: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    cols = ["doc_id", "source", "site", "kind", "script", "url", "repo", "commit", "path", "license",
            "text", "labels", "label_origin"]
    for r in rows:
        assert len(r["labels"]) == len(r["text"].split("\n")) == len(r["label_origin"]), r["doc_id"]
    schema = pa.schema([(c, pa.list_(pa.string()) if c in ("labels", "label_origin") else pa.string())
                        for c in cols])
    table = pa.Table.from_pylist([{c: r[c] for c in cols} for r in rows], schema=schema)
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out, compression="zstd")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--magic-html")
    ap.add_argument("--wechatscope")
    ap.add_argument("--cx")
    ap.add_argument("--gerapy")
    ap.add_argument("--twnews")
    ap.add_argument("--newspaper4k")
    ap.add_argument("--out", default=str(HERE / "data" / "pages.parquet"))
    ap.add_argument("--hand", default=str(HERE / "hand" / "check-pages.jsonl"))
    a = ap.parse_args(argv)
    rows: list[dict] = []
    if a.magic_html:
        build_magic_html(a.magic_html, rows)
    if a.wechatscope:
        build_wechatscope(a.wechatscope, rows)
    if a.cx:
        build_cx(a.cx, rows)
    if a.gerapy:
        build_gerapy(a.gerapy, rows)
    if a.twnews:
        build_twnews(a.twnews, rows)
    if a.newspaper4k:
        build_newspaper4k(a.newspaper4k, rows)
    nh = apply_hand(rows, Path(a.hand))
    rows = dedupe(rows)
    write(rows, Path(a.out))
    lab = Counter(l for r in rows for l in r["labels"])
    print(f"{len(rows)} rows ({Counter(r['kind'] for r in rows)}), "
          f"{len({r['site'] for r in rows})} sites, {nh} hand labels applied", file=sys.stderr)
    print(dict(lab.most_common()), file=sys.stderr)


if __name__ == "__main__":
    main()
