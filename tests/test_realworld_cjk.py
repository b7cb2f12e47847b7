"""Chinese, Japanese and Thai are written without spaces between words: dedupe cuts them into
two-character units (docs/dedupe.md, "Text without spaces"). The same story from several
outlets merges, other stories on the same topic stay apart, mixed Chinese/English headlines
work, and English is tokenised and clustered exactly as before. All text invented."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from digest.dedupe import _words, headline_cores, numbers
from tests.test_dedupe import BODY, art, groups

# ---------------------------------------------------------------- Chinese
ZH_WIRE = [
    "区块链项目青岚网络周二宣布，其主网已于当天凌晨完成升级，升级后每笔交易的平均手续费下降约八成。",
    "项目负责人林晓峰在线上发布会上表示，这次升级历时六个月，共有两百多个验证节点参与了测试。",
    "新版本引入了一套数据压缩方案，使单个区块能够容纳的交易数量提高到原来的三倍，确认时间也明显缩短。",
    "分析人士认为，手续费大幅下降有望吸引更多小额支付和游戏类应用迁移到这条链上。",
    "消息公布后，青岚网络的原生代币在两小时内上涨了百分之十二，成交量较前一日翻了一番。",
    "项目方还透露，下一阶段将重点加强跨链桥的安全审计，相关功能预计在明年上半年上线。",
]
ZH_EDITED = [  # another outlet: one sentence rewritten
    *ZH_WIRE[:3],
    "有市场观察人士指出，交易成本降低之后，小额支付和链上游戏等应用可能会陆续转向该网络。",
    *ZH_WIRE[4:],
]
ZH_OWN_LEAD = [  # a third: a first sentence of its own over the wire
    "手续费高企一直是青岚网络用户抱怨最多的问题，如今这一局面终于有了改变。",
    *ZH_WIRE[1:],
]
ZH_HEAD = "青岚网络完成主网升级 交易手续费下降八成"

ZH_OTHER_CHAIN = [  # the same topic: another chain's upgrade is postponed
    "公链项目赤霄链周三表示，原定于本月底进行的主网升级将推迟至少两周，以便修复测试中发现的漏洞。",
    "赤霄链基金会在公告中说，安全团队在最后一轮压力测试中发现，部分节点在高负载下会出现同步中断的情况。",
    "基金会强调，推迟升级不会影响现有资产的安全，用户无需采取任何操作。",
    "这已经是赤霄链今年第二次调整升级时间表，社区中有不少开发者对项目的进度表示担忧。",
    "赤霄链的代币在公告发布后小幅下跌，目前价格较月初低了约百分之五。",
]
ZH_TEMPLATE = [  # the same kind of headline about another project
    "以太坊扩容项目墨川协议周二完成了主网升级，官方数据显示，升级后的平均手续费下降约五成。",
    "墨川协议的开发团队表示，新版本主要优化了交易排序算法，并降低了向主链提交数据的成本。",
    "据介绍，这次升级前后共进行了四轮公开测试，有近百个外部团队参与了漏洞排查。",
    "墨川协议的锁仓总额在过去一个月里增长了约三成，目前在同类项目中排名第五。",
    "团队计划在今年年底前开放更多的开发者工具，以吸引新的应用部署到该网络。",
]
ZH_EXPLOIT = [  # the same company, other news
    "青岚网络的跨链桥周四遭到黑客攻击，攻击者利用签名验证环节的缺陷转走了约1200万美元的资产。",
    "青岚网络随即暂停了跨链桥的全部存取款功能，并表示正在与多家安全公司合作追踪被盗资金。",
    "项目方在社交媒体上发文称，主网本身没有受到影响，链上其他应用仍在正常运行。",
    "团队承诺将在一周内公布完整的事故报告，并研究对受影响用户进行补偿的方案。",
]
ZH_EXPLOIT_HEAD = "青岚网络跨链桥遭黑客攻击 损失约1200万美元"
ZH_SECOND_EXPLOIT = [  # two days later: another attack on the same bridge
    "青岚网络的跨链桥周六再次遭到黑客攻击，攻击者利用一个新的合约漏洞转走了约300万美元的资产。",
    "青岚网络随即再次暂停了跨链桥的全部存取款功能，并表示已经找到漏洞所在。",
    "项目方称主网没有受到影响，链上其他应用仍在正常运行，受影响的仅限跨链桥。",
    "团队表示将对两次事件合并进行调查，并在两周内公布补偿方案。",
]

# ---------------------------------------------------------------- Japanese
JA_WIRE = [
    "スマートフォン決済サービスのミナトペイは十日、全国で約三時間にわたって決済ができなくなる障害が発生したと発表した。",
    "同社によると、障害は午前十時ごろに始まり、店舗での支払いや送金、残高の確認ができない状態が続いた。",
    "原因はデータセンターで行ったシステム更新の不具合で、外部からの攻撃ではないとしている。",
    "昼食時と重なったことから、飲食店やコンビニエンスストアのレジでは利用者が現金での支払いに切り替える姿が見られた。",
    "ミナトペイは影響を受けた利用者に対し、後日ポイントを付与する方針を明らかにした。",
    "同社の広報担当者は「ご迷惑をおかけし深くおわびする。再発防止策を早急にまとめる」と話した。",
]
JA_EDITED = [
    *JA_WIRE[:3],
    "障害がちょうど昼の時間帯に重なったため、多くの飲食店では客に現金での支払いをお願いする対応に追われた。",
    *JA_WIRE[4:],
]
JA_OWN_LEAD = [
    "キャッシュレス決済への依存が進むなか、大規模な障害の影響の大きさが改めて浮き彫りになった。",
    *JA_WIRE[1:],
]
JA_HEAD = "ミナトペイ、全国で決済障害　約三時間利用できず"
JA_OTHER_COMPANY = [
    "決済サービスを手がけるサクラコインは十日、地方の商店街向けに新しい決済サービスの提供を始めると発表した。",
    "新サービスでは、加盟店が支払う手数料を従来の半分程度に抑え、小規模な店舗でも導入しやすくする。",
    "同社は今後三年間で全国の商店街のおよそ二割に導入を広げることを目標にしている。",
    "キャッシュレス決済の普及が遅れている地方では、手数料の負担が導入の障壁になっていると指摘されてきた。",
    "サクラコインの担当者は「地域の店舗が使いやすい仕組みを目指した」と説明した。",
]
JA_SAME_COMPANY = [
    "スマートフォン決済のミナトペイは十一日、登録利用者数が一千万人を超えたと発表した。",
    "サービス開始から四年での達成で、若い世代を中心に利用が広がったという。",
    "同社は記念として、今月末まで加盟店での支払いに対するポイント還元率を引き上げるキャンペーンを実施する。",
    "一方で、前日に起きた大規模な障害については、システムの監視体制を強化すると改めて説明した。",
    "業界では、利用者の獲得競争が一段と激しくなるとの見方が出ている。",
]

# ---------------------------------------------------------------- mixed Chinese/English
ETF = [
    "美国证券监管机构周三批准了首批比特币现货ETF，共有十一只产品获准在下周一开始交易。",
    "获批的发行方包括多家大型资产管理公司，它们此前为争取这一批准已经等待了将近十年。",
    "分析师预计，这些ETF在上市后的第一年可能吸引数百亿美元的资金流入。",
    "监管机构负责人在声明中强调，批准ETF并不意味着认可比特币本身，投资者仍需注意风险。",
    "消息公布后，比特币价格短线上涨，随后回落至公告前的水平附近。",
]
ETF_EDITED = [*ETF[:2], "有分析人士估计，上市第一年这些ETF或将带来数百亿美元的新增资金。", *ETF[3:]]
ETH_ETF = [
    "以太坊现货ETF的申请周四再次被美国证券监管机构推迟，最终决定最晚将在明年春天作出。",
    "监管机构表示需要更多时间评估相关产品的市场操纵风险以及托管安排。",
    "多家发行方此前已经修改了申请文件，但仍未获得明确答复。",
    "市场人士认为，在比特币ETF获批之后，以太坊ETF的前景依然不明朗。",
    "消息公布后，以太坊价格下跌约百分之三。",
]


def test_chinese_wire_story_from_three_outlets_is_one_story() -> None:
    """One sentence rewritten, an outlet's name after a full-width bar, a lead of its own
    under another outlet's name. Before, a Chinese sentence was one "word": a six-sentence
    story had 17 of them, too few to be compared at all."""
    copies = [
        art("wire", ZH_HEAD, ZH_WIRE, 0, source="新华财经"),
        art("edited", ZH_HEAD.replace(" ", "，") + "｜链闻快讯", ZH_EDITED, 2, source="链闻快讯"),
        art("lead", "青岚网络完成主网升级 交易手续费降八成 - 数字财经日报", ZH_OWN_LEAD, 5,
            source="数字财经日报"),
    ]
    assert groups(copies) == [{"wire", "edited", "lead"}]


def test_japanese_wire_story_from_three_outlets_is_one_story() -> None:
    copies = [
        art("wire", JA_HEAD, JA_WIRE, 0, source="共栄通信"),
        art("edited", JA_HEAD + "｜港経済新聞", JA_EDITED, 1, source="港経済新聞"),
        art("lead", "ミナトペイで全国的な決済障害、約三時間にわたり利用不能 - 湾岸ニュース",
            JA_OWN_LEAD, 4, source="湾岸ニュース"),
    ]
    assert groups(copies) == [{"wire", "edited", "lead"}]


def test_unrelated_chinese_stories_on_the_same_topic_stay_apart() -> None:
    """Another chain's upgrade, the same headline template about another project, and other
    news of the same company share many units with the story but are not it."""
    batch = [
        art("wire", ZH_HEAD, ZH_WIRE, 0),
        art("edited", ZH_HEAD, ZH_EDITED, 2),
        art("lead", ZH_HEAD, ZH_OWN_LEAD, 5),
        art("other-chain", "赤霄链推迟主网升级 称需修复同步漏洞", ZH_OTHER_CHAIN, 1),
        art("template", "墨川协议完成主网升级 交易手续费下降五成", ZH_TEMPLATE, 3),
        art("exploit", ZH_EXPLOIT_HEAD, ZH_EXPLOIT, 30),
        # headline-only items: the same template about another chain, the same company's
        # other news, and a headline-only copy of that other news (it joins that story)
        art("swap", "赤霄链完成主网升级 交易手续费下降八成", [], 2),
        art("holders", "青岚网络代币持有地址数突破一百万", [], 20),
        art("bridge", "青岚网络跨链桥遭黑客攻击 暂停存取款", [], 31),
    ]
    assert groups(batch) == [
        {"bridge", "exploit"}, {"wire", "edited", "lead"}, {"holders"}, {"other-chain"},
        {"swap"}, {"template"},
    ]


def test_unrelated_japanese_stories_on_the_same_topic_stay_apart() -> None:
    batch = [
        art("wire", JA_HEAD, JA_WIRE, 0),
        art("edited", JA_HEAD, JA_EDITED, 1),
        art("lead", JA_HEAD, JA_OWN_LEAD, 4),
        art("other", "サクラコイン、商店街向け新決済サービスを開始　手数料を半減",
            JA_OTHER_COMPANY, 2),
        art("users", "ミナトペイ、利用者数が一千万人を突破　還元キャンペーン実施へ",
            JA_SAME_COMPANY, 24),
        art("users-short", "ミナトペイ、利用者数が一千万人を突破", [], 25),
    ]
    assert groups(batch) == [{"wire", "edited", "lead"}, {"other"}, {"users", "users-short"}]


def test_mixed_chinese_english_headline() -> None:
    """"比特币ETF获批": the Latin word is a word of its own between the Chinese units, and
    a headline-only item with its words reordered joins the story; the Ethereum ETF's
    story, with "ETF" and "获批" in it, does not."""
    assert _words("比特币ETF获批") == ["比特", "特币", "etf", "获批"]
    batch = [
        art("a", "比特币ETF获批 首批十一只产品下周一上市", ETF, 0),
        art("b", "比特币ETF获批，首批十一只产品下周一开始交易", ETF_EDITED, 3),
        art("short", "比特币现货ETF获批，十一只产品下周一上市", [], 4),
        art("eth", "以太坊ETF申请再遭推迟 最终决定最晚明年春天作出", ETH_ETF, 2),
    ]
    assert groups(batch) == [{"a", "b", "short"}, {"eth"}]


def test_headline_only_chinese_copy_with_reordered_words_and_outlet_suffix_joins() -> None:
    """"主网升级完成" for "完成主网升级" makes units the story's headline lacks ("级完"):
    they join words the story has and are not counted as words the item adds. A
    follow-up ("再次", again) stays apart."""
    story = art("a", ZH_HEAD, ZH_WIRE, 0, source="新华财经")
    copy = art("s", "青岚网络主网升级完成 手续费下降八成｜链闻快讯", [], 1, source="链闻快讯")
    assert headline_cores([story, copy])[1] == "青岚网络主网升级完成 手续费下降八成"
    assert groups([story, copy]) == [{"a", "s"}]
    exploit = art("x", "青岚网络跨链桥遭黑客攻击 暂停存取款", ZH_EXPLOIT, 0)
    again = art("y", "青岚网络跨链桥再次遭黑客攻击 暂停存取款", [], 40)
    same = art("z", "青岚网络跨链桥遭黑客攻击，暂停存取款", [], 3)
    assert groups([exploit, again, same]) == [{"x", "z"}, {"y"}]


def test_figures_inside_chinese_text_are_read() -> None:
    """"损失约1200万美元": a figure glued to Chinese text, 万 and 亿 as units (before, no
    figure was read there, and "1.2亿" was a plain 1). The headline-figure veto then keeps
    a second attack on the same bridge, two days later, apart from the first, as a full
    report and as a headline-only item; a headline-only item with the first attack's
    figure joins it."""
    assert numbers("损失约1200万美元") == ((1.2e7, 2),)
    assert numbers("1.2亿美元") == ((1.2e8, 2),)
    assert numbers("約3時間") == ((3.0, 0),)
    first = art("first", ZH_EXPLOIT_HEAD, ZH_EXPLOIT, 0)
    for second in (
        art("second", "青岚网络跨链桥周六遭黑客攻击 损失约300万美元", ZH_SECOND_EXPLOIT, 48),
        art("second", "青岚网络跨链桥遭黑客攻击 损失约300万美元 暂停存取款", [], 48),
    ):
        assert groups([first, second]) == [{"first"}, {"second"}]
    same = art("same", "青岚网络跨链桥被盗约1200万美元", [], 2)
    assert groups([first, same]) == [{"first", "same"}]


def test_thai_copies_merge() -> None:
    wire = [
        "ธนาคารกลางประกาศคงอัตราดอกเบี้ยนโยบายไว้ที่ระดับเดิมในการประชุมเมื่อวันพุธ",
        "คณะกรรมการให้เหตุผลว่าเศรษฐกิจยังฟื้นตัวได้ช้าและอัตราเงินเฟ้ออยู่ในกรอบเป้าหมาย",
        "นักวิเคราะห์ส่วนใหญ่คาดการณ์ไว้ล่วงหน้าแล้วว่าธนาคารกลางจะไม่เปลี่ยนแปลงอัตราดอกเบี้ยในครั้งนี้",
        "ค่าเงินบาทอ่อนค่าลงเล็กน้อยหลังการประกาศ ก่อนจะกลับมาทรงตัวในช่วงบ่าย",
    ]
    copy = [*wire[:3], "หลังการประกาศ ค่าเงินบาทปรับตัวอ่อนลงเล็กน้อยแล้วจึงทรงตัวในช่วงบ่าย"]
    assert groups([
        art("a", "ธนาคารกลางคงอัตราดอกเบี้ยนโยบาย มองเศรษฐกิจฟื้นตัวช้า", wire, 0),
        art("b", "ธนาคารกลางคงดอกเบี้ยนโยบาย ชี้เศรษฐกิจยังฟื้นตัวช้า", copy, 2),
    ]) == [{"a", "b"}]


# ---------------------------------------------------------------- everything else unchanged


def _old_words(text: str) -> list[str]:
    """dedupe._words before text without spaces was cut into units."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.findall(r"\w+", "".join(ch for ch in text if not unicodedata.combining(ch)))


_UNSPACED = re.compile(
    "[\u0e01-\u0e3a\u0e40-\u0e4e\u3005-\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa"
    "\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)


_OLD_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(k|thousand|mn|mln|million|m|bn|billion|b|tn|trillion|t|x)?(?![\w])",
    re.IGNORECASE,
)
_OLD_UNITS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
              "b": 1e9, "bn": 1e9, "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12,
              "x": 1.0}


def _old_numbers(text: str) -> tuple[tuple[float, int], ...]:
    """dedupe.numbers before figures next to Chinese text were read."""
    found = set()
    for digits, unit in _OLD_NUMBER.findall(text):
        plain = digits.replace(",", "")
        scale = _OLD_UNITS.get(unit.lower(), 1.0)
        significant = len(plain.replace(".", "").strip("0")) if scale > 1 else 0
        found.add((float(plain) * scale, significant))
    return tuple(sorted(found))


@given(st.text(max_size=80))
@example("Café “naïve” — Résumé: raises $1.2bn, 3.25 percent")
@example("Москва, 5 мая; 한국은행 2.5%")
def test_text_without_those_scripts_is_tokenised_as_before(text: str) -> None:
    """Latin, Cyrillic, Greek, Korean, Arabic...: the words and the figures of before."""
    if _UNSPACED.search(text) or _UNSPACED.search(unicodedata.normalize("NFKD", text)):
        return
    assert _words(text) == _old_words(text)
    assert numbers(text) == _old_numbers(text)


def test_english_and_korean_unchanged() -> None:
    assert _words("Café “naïve” — Résumé of 2026") == ["cafe", "naive", "resume", "of", "2026"]
    korean = ["한국은행", "기준금리", "동결"]  # spaced words, whole (as jamo, after NFKD)
    assert _words(" ".join(korean)) == [unicodedata.normalize("NFKD", w) for w in korean]
    assert _words("Москва, 5 мая") == ["москва", "5", "мая"]
    assert numbers("raises $1.2bn, up 3.25 percent from 1,200,000,000") == (
        (3.25, 0), (1.2e9, 0), (1.2e9, 2)
    )
    rivals = "Rivals are likely to follow, analysts said, though none has announced a change."
    copy = [*BODY[:3], rivals, BODY[4]]
    follow_up = art("c", "Harbourline Bank raises monthly charge to $5", [], 30)
    assert groups([
        art("a", "Harbourline Bank drops international transfer fees", BODY, 0),
        art("b", "Harbourline Bank scraps fees on international transfers", copy, 2),
        follow_up,
    ]) == [{"a", "b"}, {"c"}]
