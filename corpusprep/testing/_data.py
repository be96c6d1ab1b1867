"""Tables the strategies draw from: news vocabulary, boilerplate templates, pinyin.

Kept apart from the logic in :mod:`corpusprep.testing.strategies` (tables live apart from
code). Everything is written in Simplified Chinese with full-width punctuation; the
strategies convert script and punctuation width afterwards. The *first* entry of every
table is what Hypothesis shrinks to, so it is chosen to be short and plain.

Slots in templates are ``{name}`` fields. Word slots are filled from :data:`FILLERS`;
number slots (:data:`NUMBER_SLOTS`) are drawn as integers by the strategies.
"""

from __future__ import annotations

__all__ = [
    "ADVERBIALS",
    "BOILERPLATE",
    "CATEGORY_PLACES",
    "CLAUSES",
    "DECOYS",
    "FILLERS",
    "HEADLINES",
    "LATIN",
    "MEASURES",
    "NUMBER_SLOTS",
    "OBJECTS",
    "PINYIN",
    "SUBJECTS",
    "TONELESS",
    "VERBS",
]

# -- prose ------------------------------------------------------------------------------
SUBJECTS = (
    "我市", "市政府", "有关部门", "该公司", "全省", "记者", "专家", "各区市", "企业",
    "居民", "工作人员", "这个项目", "本次会议", "学校", "医院", "相关负责人", "市民",
    "开发区", "合作社", "志愿者",
)
VERBS = (
    "召开", "推进", "完成", "实现", "发布", "加快", "提高", "建设", "举办", "启动",
    "落实", "加强", "调整", "发展", "创新", "转变", "参加", "支持",
)
OBJECTS = (
    "经济工作会议", "重点项目", "改革任务", "民生实事", "高质量发展", "城市更新",
    "招商引资", "科技创新", "乡村振兴", "营商环境", "新闻发布会", "数字化转型",
    "产业结构", "公共服务", "交通设施", "人才引进", "文化活动", "生态保护",
)
ADVERBIALS = (
    "今年以来", "近日", "去年", "目前", "据了解", "此外", "与此同时", "在会上",
    "截至去年底", "下一步", "记者从市统计局获悉", "据介绍",
)
#: numbers as news writes them; the slots are in :data:`NUMBER_SLOTS`
MEASURES = (
    "{n}个", "同比增长{i}.{f}%", "共{n}家", "达{i}.{f}亿元", "{n}万人次", "占全省{n}%",
    "{year}年", "{month}月{day}日", "约1/{n}", "{n}余项", "{i},{f}{f}{f}元",
)
LATIN = (
    "GDP", "5G", "APP", "PPT", "AI", "CBD", "PM2.5", "VR", "iPhone", "WiFi", "CEO",
    "Wi-Fi 6", "B2B",
)
#: a clause; a sentence is one or two clauses and an end mark
CLAUSES = (
    "{subj}提出“{obj}”的目标",
    "{subj}{verb}{obj}",
    "{adv}，{subj}{verb}{obj}",
    "{subj}{verb}{obj}{num}",
    "{subj}{verb}了{obj}",
    "{subj}表示，{subj2}将{verb}{obj}",
    "{subj}（{latin}）{verb}{obj}",
    "{obj}{num}",
    "{subj}{verb}{latin}{obj}",
    "{subj}说：“我们要{verb}{obj}。”",
    "{subj}的{obj}和{obj2}都得到了{verb}",
)
HEADLINES = (
    "{subj}{verb}{obj}",
    "{adv}{subj}{verb}{obj}",
    "{obj}{num}",
    "“{obj}”{verb}",
    "{subj}：{verb}{obj}",
)

# -- boilerplate ------------------------------------------------------------------------
FILLERS: dict[str, tuple[str, ...]] = {
    "name": ("王丽平", "王逸群", "刘兰星", "杨光", "赵波", "李飞", "李斌", "韩婷", "宁付兴",
             "曹天伟", "张伟", "陈静", "孙晓明", "周子涵"),
    "paper": ("青岛日报", "半岛都市报", "聊城日报", "大众日报", "人民日报", "齐鲁晚报"),
    "client": ("观海新闻", "青岛观", "掌上聊城", "大众新闻", "学习强国"),
    "site": ("高唐新闻网", "青岛新闻网", "大众网", "新华网", "央视新闻"),
    "site_en": ("qingdaonews.com", "dzwww.com", "xinhuanet.com", "people.com.cn"),
    "section": ("聚焦", "要闻", "时政", "社会", "经济", "体育", "文化", "国内", "国际"),
    "slogan": ("反对浪费 崇尚节约", "文明新风 从我做起", "讲文明 树新风",
               "创建文明城市 共建美好家园", "光盘行动 从我做起"),
    "org": ("青岛市精神文明建设委员会办公室", "聊城市文明办", "市委宣传部"),
    "city": ("北京", "济南", "青岛", "上海", "广州", "聊城"),
    "place": ("五四广场", "市民中心", "开发区", "会展中心", "新建成的地铁站"),
    "event": ("招聘会", "新闻发布会", "文化节", "开工仪式", "志愿服务活动"),
    "weekday": ("一", "二", "三", "四", "五", "六", "日"),
    "page": ("A", "B", "C"),
    "teaser": ("我市出台新政支持企业发展", "全市重点项目集中开工",
               "一季度经济运行情况发布", "这些新规下月起施行"),
    "url": ("http://www.qingdaonews.com/a.jpg", "https://img.dzwww.com/2021/01/21.png"),
    "tag": ("p", "div", "span", "section"),
}
NUMBER_SLOTS = ("n", "i", "f", "year", "month", "day", "phone")

#: category -> templates, realistic debris of scraped Chinese news pages
BOILERPLATE: dict[str, tuple[str, ...]] = {
    "caption": (
        "资料图",
        "制图/{name}",
        "图为{place}{event}现场。",
        "图为市民在{place}参观。（记者 {name} 摄）",
        "图/{name}",
        "▲{place}{event}现场 {name} 摄",
        "（图片来源：{site}）",
        "视频截图",
        "{paper}记者 {name} 摄",
    ),
    "ad": (
        "广告",
        "“{slogan}”公益广告",
        "{org}宣",
        "扫码下载{client}客户端",
        "欢迎订阅{paper}，订阅电话：{phone}",
        "{site}，家乡的大事、小事、新鲜事。",
        "{slogan}",
    ),
    "verification": (
        "请输入验证码",
        "请填写图片验证码：",
        "看不清？换一张",
        "点击刷新验证码",
        "请向右拖动滑块完成验证",
        "请完成安全验证",
        "验证码：",
    ),
    "editor": (
        "责任编辑：{name}",
        "（责任编辑：{name}）",
        "编辑：{name} 审核：{name2}",
        "【编辑：{name}】",
        "责编：{name}",
        "校对：{name}",
        "本版编辑：{name}",
    ),
    "page_furniture": (
        "客户端：{client}",
        "{paper} {section}",
        "主编 {name} 美编 {name2} 审读 {name3} 排版 {name4}",
        "第{page}{n}版：{section}",
        "{year}年{month}月{day}日 星期{weekday}",
        "{paper}·{section}",
    ),
    "byline": (
        "记者 {name}",
        "本报讯（记者 {name}）",
        "本报{month}月{day}日讯（{paper}全媒体记者 {name}）",
        "本报讯（记者 {name} 通讯员 {name2}）",
        "□{paper}/{client}记者 {name} {name2}",
        "文/图 记者 {name}",
        "新华社{city}{month}月{day}日电（记者{name}）",
    ),
    "recommendation": (
        "新闻推荐",
        "相关阅读",
        "延伸阅读：{teaser}",
        "推荐阅读",
        "热点推荐",
        "猜你喜欢",
        "更多精彩内容请关注{site}",
    ),
    "share_prompt": (
        "分享到：",
        "分享到：微信 微博 QQ空间",
        "点击右上角分享",
        "扫一扫分享到朋友圈",
        "转发 收藏 点赞",
        "分享让更多人看到",
    ),
    "copyright": (
        "未经授权不得转载",
        "版权所有 © {year} {paper}社",
        "本文版权归{site}所有，转载请注明出处",
        "Copyright © {year} {site_en} All Rights Reserved",
        "{site}版权所有，未经许可禁止转载",
        "（来源：{paper}）",
    ),
    "navigation": (
        "返回顶部",
        "首页 > 新闻 > {section}",
        "当前位置：首页 > {section} > 正文",
        "上一篇：{teaser}",
        "下一篇：{teaser}",
        "返回首页",
        "首页 | 新闻 | 财经 | 体育",
    ),
    "markup": (
        "<p>",
        "</{tag}>",
        "&nbsp;&nbsp;",
        "<br/>",
        "<img src=\"{url}\">",
        "[图片]",
        "&lt;p&gt;",
        "<!-- 广告位 -->",
    ),
    "end_marker": (
        "（完）",
        "【完】",
        "-END-",
        "（全文完）",
        "（本文完）",
        "—— END ——",
    ),
}

#: where a category's line may stand in an article: "head" (above the headline),
#: "top" (between headline and body), "middle" (between paragraphs), "tail" (after the
#: body), "lead" (glued before the first paragraph's text), "trail" (glued after the
#: last paragraph's text). The first place is what the strategy shrinks to.
CATEGORY_PLACES: dict[str, tuple[str, ...]] = {
    "caption": ("middle", "tail"),
    "ad": ("tail", "middle"),
    "verification": ("middle", "head", "tail"),
    "editor": ("tail", "top"),
    "page_furniture": ("head", "top"),
    "byline": ("top", "lead"),
    "recommendation": ("tail", "middle"),
    "share_prompt": ("tail", "head"),
    "copyright": ("tail",),
    "navigation": ("head", "tail"),
    "markup": ("middle", "head", "tail"),
    "end_marker": ("tail", "trail"),
}

# -- pinyin -----------------------------------------------------------------------------
#: tone-marked pinyin of characters of the vocabulary above (Simplified keys), as the
#: annotating sites write them: after the character, in ASCII parentheses
PINYIN: dict[str, str] = {
    "转": "zhuǎn", "创": "chuàng", "数": "shù", "重": "zhòng", "长": "zhǎng", "发": "fā",
    "行": "xíng", "为": "wèi", "调": "tiáo", "会": "huì", "乐": "lè", "强": "qiáng",
    "都": "dōu", "还": "hái", "和": "hé", "中": "zhōng", "处": "chù", "好": "hǎo",
    "要": "yào", "将": "jiāng", "少": "shǎo", "分": "fēn", "间": "jiān", "省": "shěng",
    "传": "chuán", "供": "gōng", "量": "liàng", "系": "xì", "种": "zhǒng", "新": "xīn",
    "经": "jīng", "济": "jì", "展": "zhǎn", "建": "jiàn", "设": "shè", "实": "shí",
    "现": "xiàn", "加": "jiā", "快": "kuài", "提": "tí", "高": "gāo", "目": "mù",
    "标": "biāo", "推": "tuī", "进": "jìn", "得": "dé", "生": "shēng", "区": "qū",
}
#: toneless annotations some sites use for particles
TONELESS: dict[str, str] = {"的": "de", "了": "le", "着": "zhe", "么": "me"}
#: real parenthesised text that is not pinyin and must survive pinyin stripping
DECOYS = ("(GDP)", "(PPT)", "(记者 王丽平)", "(APP)", "(2021)", "(试行)", "(cm)")
