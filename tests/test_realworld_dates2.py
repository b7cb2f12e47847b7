"""More dates as sites in other languages print them: Japanese era years ("令和8年11月20日",
"平成元年1月8日"), Hungarian year-first dates in a feed's pubDate ("2026. nov. 20. 14:30"),
which feedparser reads as the first of the current month, Finnish "20 marraskuuta 2026"
(November), which it reads as 20 March, Lithuanian and Latvian dates, the Korean
"2026.11.20. 14:30", and the Nordic "klo 14.30" / "kl. 14.30". Before, such an item had a
date that depended on the day of the build, a wrong month, or none. Feeds that print
RFC 822 dates keep feedparser's reading. Every fixture here is written for this file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.ingest.dates import loose_date, year_first_date
from digest.ingest.feeds import parse_feed_bytes, parse_feed_file
from digest.ingest.markdown import parse_markdown_file


def at(day: int, hour: int = 0, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# ---------------------------------------------------------------- Japanese era years

ERA_DATES = [
    ("令和8年11月20日", at(20)),
    ("令和8年11月20日 14時30分", at(20, 14, 30)),
    ("令和8年11月20日(金) 14:30", at(20, 14, 30)),
    ("令和８年１１月２０日（金）", at(20)),  # full-width digits, as Japanese pages print them
    ("令和 8 年 11 月 20 日 午後2時30分", at(20, 14, 30)),
    ("令和元年5月1日", at(1, month=5, year=2019)),  # 元年: the era's first year
    ("平成元年1月8日", at(8, month=1, year=1989)),
    ("平成31年4月30日", at(30, month=4, year=2019)),
    ("平成30年11月20日 9時05分 JST", at(20, 0, 5, year=2018)),
]


@pytest.mark.parametrize(("text", "expected"), ERA_DATES)
def test_a_japanese_era_year_reads_as_its_western_year(text: str, expected: datetime) -> None:
    assert loose_date(text) == expected
    assert year_first_date(text) == expected


def test_a_year_an_era_never_had_stays_unread() -> None:
    assert loose_date("平成31年1月1日") == at(1, month=1, year=2019)  # Heisei's last year
    assert loose_date("平成32年1月1日") is None  # Heisei ended in its 31st year
    assert loose_date("令和0年1月1日") is None
    assert loose_date("令和8年13月1日") is None


def test_a_markdown_date_with_an_era_year(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "---\ntitle: 新しいブリッジ\ndate: 令和8年11月20日 14時30分\n---\n\n本文。\n",
        encoding="utf-8",
    )
    article = parse_markdown_file(path)
    assert article is not None and article.published == at(20, 14, 30)


# ---------------------------------------------------------------- the reader itself

READ_NOW = [
    # Finnish, Danish, Norwegian, Swedish clocks: "klo 14.30", "kl. 14.30"
    ("pe 20. marraskuuta 2026 klo 14.30", at(20, 14, 30)),
    ("20. november 2026 kl. 14.30", at(20, 14, 30)),
    ("20. nov. 2026 kl 9.05", at(20, 9, 5)),
    # Lithuanian, Latvian, Estonian
    ("2026 m. lapkričio 20 d.", at(20)),
    ("2026 m. lapkričio 20 d. 14:30", at(20, 14, 30)),
    ("2026. gada 20. novembrī", at(20)),
    ("20. detsember 2026", at(20, month=12)),
]


@pytest.mark.parametrize(("text", "expected"), READ_NOW)
def test_loose_date_reads(text: str, expected: datetime) -> None:
    assert loose_date(text) == expected


def test_a_dot_makes_a_time_only_after_klo_or_kl() -> None:
    assert loose_date("20 marraskuuta 2026 klo 14.30.15") == datetime(
        2026, 11, 20, 14, 30, 15, tzinfo=UTC
    )
    # a dot alone is no time, and an all-number date stays unread
    assert loose_date("Der Zug um 14.30 am 20. November 2026") == at(20)
    assert loose_date("20.11.2026 klo 14.30") is None


def test_a_korean_or_hungarian_all_number_date_with_its_closing_dot() -> None:
    assert year_first_date("2026.11.20. 14:30") == at(20, 14, 30)
    assert year_first_date("2026.11.20.") == at(20)
    assert year_first_date("2026.13.20.") is None


# ---------------------------------------------------------------- through the feed reader


def rss(*dates: str) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><link>https://news.example.hu/{n}</link>"
        f"<pubDate>{date}</pubDate></item>"
        for n, date in enumerate(dates)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Példa Hírek</title><link>https://news.example.hu/</link>"
        f"<description>hírek</description>{items}</channel></rss>"
    ).encode()


MISREAD_BY_FEEDPARSER = [
    # Hungarian: feedparser reads the year alone, as the first of the current month
    ("2026. november 20.", at(20)),
    ("2026. nov. 20. 14:30", at(20, 14, 30)),
    ("2026. május 20. 14:30", at(20, month=5, hour=14, minute=30)),
    ("2026. december 1. 14:30", at(1, 14, 30, month=12)),
    ("2026. nov. 20. 14:30 +0100", at(20, 13, 30)),
    ("2026 Nov 20 14:30:00 GMT", at(20, 14, 30)),
    # Lithuanian and Latvian, the same way
    ("2026 m. lapkričio 20 d. 14:30", at(20, 14, 30)),
    ("2026. gada 20. novembrī", at(20)),
    # Korean and Hungarian all-number, with the closing dot
    ("2026.11.20. 14:30", at(20, 14, 30)),
    # Finnish November, 20 March to feedparser ("mar...")
    ("20 marraskuuta 2026", at(20)),
    ("pe 20. marraskuuta 2026 klo 14.30", at(20, 14, 30)),
    # Japanese era years, which feedparser drops
    ("令和8年11月20日 14時30分", at(20, 14, 30)),
    ("令和8年11月20日(金) 14:30 JST", at(20, 5, 30)),
    # a 12-hour clock: feedparser keeps the hours and drops the PM (02:30)
    ("20 Nov 2026 2:30 PM", at(20, 14, 30)),
    ("Fri, 20 Nov 2026 02:30 PM GMT", at(20, 14, 30)),
    ("Fri, 20 Nov 2026 2:30:00 p.m. EST", at(20, 19, 30)),
    ("20 Nov 2026 12:05 AM", at(20, 0, 5)),
]


@pytest.mark.parametrize(("pub_date", "expected"), MISREAD_BY_FEEDPARSER)
def test_a_feed_date_feedparser_misreads_is_read_here(pub_date: str, expected: datetime) -> None:
    [item] = parse_feed_bytes(rss(pub_date), "hirek.rss")
    assert item.published == expected


def test_a_year_first_date_nobody_reads_gets_no_date_rather_than_the_build_month() -> None:
    # feedparser reads "2026" alone and dates it on the first of the month of the build
    [item] = parse_feed_bytes(rss("2026. nov. 31."), "hirek.rss")
    assert item.published is None


def test_a_feed_file_of_dates_in_many_languages(tmp_path: Path) -> None:
    path = tmp_path / "hirek.xml"
    path.write_bytes(
        rss(
            "2026. november 20. 14:30",  # Hungarian
            "20 marraskuuta 2026 klo 9.15",  # Finnish
            "令和8年11月20日 14時30分",  # Japanese
            "20. November 2026 14:30",  # German, Polish, Czech, Russian: feedparser drops
            "20 listopada 2026 14:30",  # them and the module read them before too
            "20. listopadu 2026",
            "20 ноября 2026, 14:30",
            "Fri, 20 Nov 2026 14:30:00 +0100",  # RFC 822: feedparser's reading stands
            "Fri, 20 Nov 2026 14:30:00 MEST",  # (which knows MEST, the module does not)
            "Fri, 20 Nov 2026 14:30:00 GMT+01:00",
            "2026-11-20T14:30:00+01:00",
            "03/04/2026",  # day and month could swap: no date
        )
    )
    dated = {item.title: item.published for item in parse_feed_file(path)}
    assert dated == {
        "Item 0": at(20, 14, 30),
        "Item 1": at(20, 9, 15),
        "Item 2": at(20, 14, 30),
        "Item 3": at(20, 14, 30),
        "Item 4": at(20, 14, 30),
        "Item 5": at(20),
        "Item 6": at(20, 14, 30),
        "Item 7": at(20, 13, 30),
        "Item 8": at(20, 12, 30),
        "Item 9": at(20, 13, 30),
        "Item 10": at(20, 13, 30),
        "Item 11": None,
    }
