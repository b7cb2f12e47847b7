# ruff: noqa: E501  (lines of Chinese, Japanese and Korean text: each character is counted twice)
"""Topics for stories in Chinese, Japanese and Korean: keywords match inside text written
without spaces and before Korean particles, and the built-in topics know the beat's main
words in those languages. Synthetic stories written here."""

from __future__ import annotations

import pytest

from digest.config import DEFAULT_TOPICS
from digest.model import Article
from digest.topics import classify, keyword_pattern


def story(title: str, text: str) -> Article:
    return Article(id="x", origin="feed", location="f.xml", title=title, source_name="S",
                   body_html=f"<p>{text}</p>", paragraphs=(text,))


@pytest.mark.parametrize(("want", "title", "text"), [
    ("defi", "去中心化交易所推出新的流动性池", "该协议的稳定币储备上周增加了三成，用户存入更多资产。"),
    ("blockchain", "比特币矿工收入创新高", "区块链网络的算力持续上升，主网交易量也创下纪录。"),
    ("technology", "人工智能芯片需求大增", "多家公司扩建数据中心，以训练新的大模型。"),
    ("defi", "ステーブルコインの発行額が過去最高に", "分散型金融の利用者が増え、担保の需要も高まった。"),
    ("blockchain", "ビットコイン、半減期を前に上昇", "暗号資産の取引所では出来高が増えた。"),
    ("technology", "人工知能向け半導体の出荷が急増", "データセンターの建設が相次いでいる。"),
    ("defi", "디파이 프로토콜, 스테이블코인 담보 확대", "대출 시장에서 스테이블코인이 더 많이 쓰였다."),
    ("blockchain", "비트코인이 사상 최고가를 경신했다", "블록체인 거래량도 크게 늘었다."),
    ("technology", "인공지능 반도체 수요 급증", "반도체 업체들이 생산을 늘리고 있다."),
    ("defi", "Стейблкоин потерял привязку к доллару", "Рынок децентрализованных финансов вырос за неделю."),
    ("blockchain", "Курс биткоина обновил максимум", "Объём транзакций в сети блокчейна вырос."),
    ("technology", "Спрос на серверы для нейросетей вырос", "Производители полупроводников увеличили выпуск."),
])
def test_cjk_and_korean_stories_find_their_topic(want: str, title: str, text: str) -> None:
    topic, reason = classify([story(title, text)], DEFAULT_TOPICS)
    assert topic == want, reason


def test_an_english_word_inside_cjk_text_is_a_word() -> None:
    assert keyword_pattern("ETF").search("美国现货ETF获批")
    assert keyword_pattern("DeFi").search("DeFi协议遭攻击")
    assert keyword_pattern("ETF").search("비트코인 ETF가 승인됐다")  # before a particle


def test_a_russian_stem_takes_its_endings_and_nothing_longer() -> None:
    assert keyword_pattern("децентрализованн финанс").search("рынок децентрализованных финансов")
    assert keyword_pattern("блокчейн").search("в блокчейне")
    assert not keyword_pattern("блокчейн").search("блокчейнплатформенный")  # not a 5+ letter tail
    topic, _ = classify([story("Новые чипсы в магазинах", "Вкус с паприкой вернулся.")],
                        DEFAULT_TOPICS)
    assert topic == "other"


def test_english_word_edges_are_as_before() -> None:
    assert not keyword_pattern("ETH").search("ETHICS board")
    assert not keyword_pattern("AI").search("RAID arrays")
    assert not keyword_pattern("chip").search("microchips-maker")
    assert keyword_pattern("chip").search("a new chip, made")


def test_a_chinese_story_from_three_outlets_gets_a_brief() -> None:
    from digest.brief import make_brief, sentences

    def article(i: int, title: str, text: str) -> Article:
        return Article(id=str(i), origin="feed", location="x", title=title,
                       source_name=f"S{i}", paragraphs=(text,))

    first = "一座跨链桥周二遭到攻击，损失约1200万美元。攻击者利用了合约中的签名漏洞。团队已暂停存款并展开调查。"
    assert sentences(first) == ["一座跨链桥周二遭到攻击，损失约1200万美元。",
                                "攻击者利用了合约中的签名漏洞。", "团队已暂停存款并展开调查。"]
    brief = make_brief([
        article(1, "跨链桥遭攻击损失1200万美元", first),
        article(2, "跨链桥被盗1200万美元",
                "周二，一座跨链桥遭黑客攻击，约1200万美元被盗。团队暂停了存款，并表示正在调查事件。该项目的代币下跌了两成。"),
        article(3, "某跨链桥遭攻击", "据报道，该跨链桥损失约1200万美元。攻击者利用了签名验证的漏洞。"),
    ])
    assert brief and brief[0] == "一座跨链桥周二遭到攻击，损失约1200万美元。"
    assert all(s.endswith("。") for s in brief)
