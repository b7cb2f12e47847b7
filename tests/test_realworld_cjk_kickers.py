"""Chinese, Japanese and Korean outlets label a headline with kickers of their own: "【快讯】",
"独家丨", "「速报」", "【速報】", "［速報］", "[속보]", "(종합2보)", and English wire words in
brackets ("[BREAKING]", "【UPDATE】"). Dedupe compares headlines without them
(``headline_cores``), as it does with "UPDATE 2-" or "(Reuters)": two copies of one story
that differ only by such a kicker are one story, and a kicker two other stories share does
not bring them together. Display headlines keep their kickers. All text invented."""

from __future__ import annotations

import pytest

from digest.dedupe import cluster, headline_cores
from digest.model import Article
from tests.test_dedupe import BODY, art, groups
from tests.test_realworld_cjk import JA_HEAD, JA_WIRE, ZH_HEAD, ZH_OTHER_CHAIN, ZH_WIRE

KO_HEAD = "한강은행, 해외 송금 수수료 전면 폐지"
KO_WIRE = [
    "한강은행은 월요일 개인 고객의 해외 송금 수수료를 다음 달부터 전면 폐지한다고 밝혔다.",
    "이번 조치는 은행이 영업하는 열두 개 나라의 모든 개인 계좌에 적용된다.",
    "김도윤 행장은 송금 비용이 크게 줄어든 만큼 수수료를 유지할 이유가 없어졌다고 설명했다.",
    "업계에서는 다른 은행들도 비슷한 조치를 내놓을 것으로 보고 있지만 아직 발표한 곳은 없다.",
    "한강은행은 줄어드는 수익의 일부를 소액의 월 계좌 관리비로 보전할 계획이다.",
]


def core(title: str) -> str:
    return headline_cores([art("x", title)])[0]


# ---------------------------------------------------------------- headline_cores


@pytest.mark.parametrize(
    "title",
    [
        "【快讯】青岚网络完成主网升级",
        "【独家】青岚网络完成主网升级",
        "【重磅】青岚网络完成主网升级",
        "【突发】青岚网络完成主网升级",
        "[快讯]青岚网络完成主网升级",
        "[快讯] 青岚网络完成主网升级",
        "快讯｜青岚网络完成主网升级",
        "独家丨青岚网络完成主网升级",
        "快讯 | 青岚网络完成主网升级",
        "突发：青岚网络完成主网升级",
        "「速报」青岚网络完成主网升级",
        "【快讯】【独家】青岚网络完成主网升级",
        "快訊｜青岚网络完成主网升级",
        "青岚网络完成主网升级（视频）",
        "【快讯】青岚网络完成主网升级【视频】",
    ],
)
def test_chinese_kickers_are_stripped(title: str) -> None:
    assert core(title) == "青岚网络完成主网升级"


@pytest.mark.parametrize(
    "title",
    [
        "【速報】ミナトペイ、全国で決済障害",
        "【独自】ミナトペイ、全国で決済障害",
        "【更新】ミナトペイ、全国で決済障害",
        "［速報］ミナトペイ、全国で決済障害",
        "【動画】ミナトペイ、全国で決済障害",
        "ミナトペイ、全国で決済障害【動画】",
        "【速報】ミナトペイ、全国で決済障害（写真）",
    ],
)
def test_japanese_kickers_are_stripped(title: str) -> None:
    assert core(title) == "ミナトペイ、全国で決済障害"


@pytest.mark.parametrize(
    "title",
    [
        "[속보] 한강은행, 해외 송금 수수료 폐지",
        "[단독] 한강은행, 해외 송금 수수료 폐지",
        "[영상] 한강은행, 해외 송금 수수료 폐지",
        "[종합] 한강은행, 해외 송금 수수료 폐지",
        "[1보] 한강은행, 해외 송금 수수료 폐지",
        "[2보] 한강은행, 해외 송금 수수료 폐지",
        "[속보][단독] 한강은행, 해외 송금 수수료 폐지",
        "한강은행, 해외 송금 수수료 폐지 (종합2보)",
        "한강은행, 해외 송금 수수료 폐지 (종합)",
        "한강은행, 해외 송금 수수료 폐지 [영상]",
        "[속보] 한강은행, 해외 송금 수수료 폐지 (종합 3보)",
    ],
)
def test_korean_kickers_are_stripped(title: str) -> None:
    assert core(title) == "한강은행, 해외 송금 수수료 폐지"


@pytest.mark.parametrize(
    "title",
    [
        "[BREAKING] Harbourline Bank scraps transfer fees",
        "[Breaking News] Harbourline Bank scraps transfer fees",
        "【UPDATE】Harbourline Bank scraps transfer fees",
        "[UPDATE 2] Harbourline Bank scraps transfer fees",
        "［EXCLUSIVE］Harbourline Bank scraps transfer fees",
        "[BREAKING] UPDATE 1-Harbourline Bank scraps transfer fees (Reuters)",
        "Harbourline Bank scraps transfer fees（Reuters）",
    ],
)
def test_english_wire_kickers_in_brackets_are_stripped(title: str) -> None:
    assert core(title) == "Harbourline Bank scraps transfer fees"


def test_only_known_words_and_short_labels_in_lenticular_brackets() -> None:
    """A lead of one to four CJK characters in 【】 is a section or topic label ("【财经】",
    "【比特币】") and goes; a longer one, a quotation in 「」, an unknown word in ASCII
    brackets, a kicker word glued to the headline and a headline that is only a kicker
    stay."""
    titles = [
        "【财经】青岚网络完成主网升级",
        "【比特币】现货ETF获批",
        "【青岚网络主网升级】手续费下降八成",
        "「我们不会退出」青岚网络回应传闻",
        "[Bitcoin] Spot ETF approved",
        "[青岚网络] 完成主网升级",
        "快讯青岚网络完成主网升级",
        "【快讯】",
        "Video-game maker Lumen Works cuts jobs",
        "Watchdog fines Harbourline Bank [Analysis]",
    ]
    assert headline_cores([art(str(n), t) for n, t in enumerate(titles)]) == [
        "青岚网络完成主网升级",
        "现货ETF获批",
        *titles[2:],
    ]


def test_kicker_and_outlet_suffix_together() -> None:
    """The kicker goes first, then the outlet's name after the bar, then the format tag."""
    story = art("a", ZH_HEAD, ZH_WIRE, 0, source="新华财经")
    copy = art("b", "【独家】青岚网络主网升级完成（视频）｜链闻快讯", [], 1, source="链闻快讯")
    assert headline_cores([story, copy])[1] == "青岚网络主网升级完成"


# ---------------------------------------------------------------- through cluster


@pytest.mark.parametrize(
    "kicker", ["【快讯】", "【独家】", "独家丨", "快讯｜", "[快讯]", "「速报」"]
)
def test_chinese_copy_with_a_kicker_joins_the_story(kicker: str) -> None:
    """A headline-only copy, reworded, with a kicker in front. Before, the kicker's units
    were words the copy added to the story's headline, found nowhere in the story."""
    story = art("a", ZH_HEAD, ZH_WIRE, 0, source="新华财经")
    copy = art("b", kicker + "青岚网络主网升级完成 手续费下降八成", [], 1, source="链闻快讯")
    assert groups([story, copy]) == [{"a", "b"}]


@pytest.mark.parametrize(
    "title",
    [
        "【速報】ミナトペイで決済障害 約三時間",
        "［速報］ミナトペイで決済障害 約三時間",
        "【独自】ミナトペイ、全国で決済障害",
    ],
)
def test_japanese_copy_with_a_kicker_joins_the_story(title: str) -> None:
    story = art("a", JA_HEAD, JA_WIRE, 0, source="共栄通信")
    assert groups([story, art("b", title, [], 1, source="港経済新聞")]) == [{"a", "b"}]


@pytest.mark.parametrize(
    "title",
    ["[속보] 한강은행 해외 송금 수수료 폐지", "한강은행 해외 송금 수수료 폐지 [영상]"],
)
def test_korean_copy_with_a_kicker_joins_the_story(title: str) -> None:
    story = art("a", KO_HEAD + " (종합2보)", KO_WIRE, 0, source="한빛통신")
    assert groups([story, art("b", title, [], 1, source="바다일보")]) == [{"a", "b"}]


def test_english_update_numbers_in_brackets_are_no_headline_figures() -> None:
    """ "[UPDATE 1]" and "[UPDATE 2]": before, 1 and 2 were headline figures that disagreed
    (the "raises $10M" / "raises $20M" veto), so two editions of one report, one sentence
    rewritten, were two stories. Display headlines keep their kickers."""
    first = art("a", "[UPDATE 1] Harbourline Bank scraps fees on international transfers", BODY, 0)
    second = art(
        "b",
        "[UPDATE 2] Harbourline Bank scraps fees on international transfers",
        [*BODY[:3], "The bank said a small monthly charge would make up some of the lost income."],
        1,
    )
    stories = cluster([first, second])
    assert [{a.id for a in s.articles} for s in stories] == [{"a", "b"}]
    assert sorted(a.title for a in stories[0].articles) == sorted([first.title, second.title])


def test_display_headlines_keep_their_kickers() -> None:
    story = art("a", "【重磅】" + ZH_HEAD, ZH_WIRE, 0, source="新华财经")
    copy = art("b", "快讯｜青岚网络主网升级完成 手续费下降八成", [], 1, source="链闻快讯")
    (merged,) = cluster([story, copy])
    titles: list[str] = [a.title for a in merged.articles]
    assert titles == ["【重磅】" + ZH_HEAD, "快讯｜青岚网络主网升级完成 手续费下降八成"]


def test_two_korean_stories_sharing_kickers_stay_apart() -> None:
    """The same bank, two announcements: fees scrapped, limits raised. "[속보] [단독]" in
    both made two shared words more; before, that lifted the headlines' overlap over the
    threshold and the two were one story."""
    fees = art(
        "fees", "[속보] [단독] 한강은행 다음 달부터 개인 고객 온라인 해외 송금 수수료 폐지", [], 0
    )
    limit = art(
        "limit", "[속보] [단독] 한강은행 다음 달부터 개인 고객 온라인 해외 송금 한도 상향", [], 5
    )
    assert groups([fees, limit]) == [{"fees"}, {"limit"}]


def test_an_update_number_is_no_shared_figure() -> None:
    """ "[UPDATE 2]" read as the figure 2 matched "December 2" in another story's text and
    lowered the bar for a headline-only item about other news of the same network."""
    fork = art(
        "fork",
        "Quarry Network validators approve hard fork for December 2",
        [
            "Quarry Network validators voted on Monday to approve a hard fork scheduled for "
            "December 2.",
            "The upgrade raises the block gas limit and changes how fees are burned.",
            "Quarry's foundation said 87% of staked tokens took part in the vote.",
            "Exchanges have been asked to pause deposits for two hours during the switch.",
        ],
        0,
    )
    ceo = art("ceo", "[UPDATE 2] Quarry Network foundation names new chief executive", [], 3)
    assert groups([fork, ceo]) == [{"ceo"}, {"fork"}]


def test_chinese_copies_with_kickers_merge_and_another_story_with_one_stays_apart() -> None:
    """A batch: the wire story, two headline-only copies with kickers of their own, and
    another chain's upgrade under the same kicker."""
    batch: list[Article] = [
        art("wire", "【快讯】" + ZH_HEAD, ZH_WIRE, 0, source="新华财经"),
        art("flash", "快讯｜青岚网络主网升级完成 手续费下降八成", [], 1, source="链闻快讯"),
        art("excl", "【独家】青岚网络主网升级 手续费降八成", [], 2, source="数字财经日报"),
        art(
            "other",
            "【快讯】赤霄链推迟主网升级 称需修复同步漏洞",
            ZH_OTHER_CHAIN,
            1,
            source="新华财经",
        ),
    ]
    assert groups(batch) == [{"excl", "flash", "wire"}, {"other"}]
