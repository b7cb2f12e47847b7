"""Dates and bylines as news in other languages prints them: Russian, Ukrainian, Turkish,
Polish, Czech, the Nordic languages, Finnish, Romanian, Hungarian, Greek, Indonesian,
Catalan and Spanish dates ("20 ноября 2026 г., 14:30", "20 Kasım 2026", "20 listopada
2026", "20 de noviembre de 2026"), the year-first dates of Chinese, Japanese and Korean
("2026年11月20日 下午2:30", "2026년 11월 20일 오후 2:30", "2026. 11. 20. 14:30"), and bylines
in other scripts and languages ("Автор: Иван Петров", "Von Anna Schmidt", "作者：李明",
"김민수 기자"). Before, such an item was dated by when digest first saw it and its byline
was a paragraph. Each case sits beside prose of its language that opens like it and stays.
Every fixture here is written for this file: outlets, people and text are made up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from digest.clean import clean_with_report, meta_line
from digest.ingest.dates import is_year_first, loose_date, year_first_date
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.html import parse_page_text
from digest.ingest.scraped import parse_dump_text


def at(day: int, hour: int = 0, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


# ---------------------------------------------------------------- loose_date

MONTH_NAMES = [
    # Russian, in the genitive as dates are written, with "г." and Moscow time
    ("20 ноября 2026", at(20)),
    ("20 ноября 2026 г., 14:30", at(20, 14, 30)),
    ("20 ноября 2026 года в 14:30 МСК", at(20, 11, 30)),
    ("Пт, 20 ноя 2026 14:30:00 +0300", at(20, 11, 30)),
    ("1 мая 2026", at(1, month=5)),
    # Ukrainian
    ("20 листопада 2026, 14:30", at(20, 14, 30)),
    # Turkish, with its dotless i and as capitals write it
    ("20 Kasım 2026", at(20)),
    ("20 KASIM 2026 14:30 +0300", at(20, 11, 30)),
    ("Cum, 20 Kas 2026 14:30:00 +0300", at(20, 11, 30)),
    ("3 Ağustos 2026", at(3, month=8)),
    # Polish and Czech
    ("20 listopada 2026", at(20)),
    ("20 listopada 2026 r., 14:30", at(20, 14, 30)),
    ("5 października 2026", at(5, month=10)),
    ("20. listopadu 2026 v 14:30", at(20, 14, 30)),
    ("20. září 2026", at(20, month=9)),
    # Swedish, Danish, Norwegian, Finnish
    ("20 maj 2026", at(20, month=5)),
    ("20 augusti 2026", at(20, month=8)),
    ("20. marts 2026", at(20, month=3)),
    ("20. des. 2026 kl. 14:30", at(20, 14, 30, month=12)),
    ("20. marraskuuta 2026", at(20)),
    # Romanian, Hungarian (year first, with the month's name), Greek, Indonesian
    ("20 noiembrie 2026", at(20)),
    ("2026. május 20. 14:30", at(20, 14, 30, month=5)),
    ("20 Νοεμβρίου 2026", at(20)),
    ("20 Agustus 2026", at(20, month=8)),
    # "de" between day, month and year; the French "14h30"
    ("20 de noviembre de 2026 a las 14:30", at(20, 14, 30)),
    ("20 de novembro de 2026 às 14:30", at(20, 14, 30)),
    ("20 de novembre de 2026", at(20)),
    ("20 novembre 2026 à 14h30", at(20, 14, 30)),
]


@pytest.mark.parametrize(("text", "when"), MONTH_NAMES, ids=[t for t, _ in MONTH_NAMES])
def test_a_month_name_in_another_language_is_read(text: str, when: datetime) -> None:
    """None before: the month's name was not known, or (Cyrillic, Greek, "ı") not even a
    word to the reader; "de" kept the day from its month; "14h30" was no time."""
    assert loose_date(text) == when


CJK = [
    ("2026年11月20日", at(20)),
    ("2026年11月20日 14:30", at(20, 14, 30)),
    ("2026年11月20日 14時30分", at(20, 14, 30)),
    ("2026年11月20日 下午2:30", at(20, 14, 30)),
    ("2026年11月20日 上午10:05", at(20, 10, 5)),
    ("2026年11月20日 星期五 14:30 (UTC+8)", at(20, 6, 30)),
    ("2026年11月20日(金) 午後2時30分 JST", at(20, 5, 30)),
    ("2026年11月20日 14:30:15 +09:00", datetime(2026, 11, 20, 5, 30, 15, tzinfo=UTC)),
    ("2026년 11월 20일 14:30", at(20, 14, 30)),
    ("2026년 11월 20일 오후 2:30", at(20, 14, 30)),
    ("2026년 11월 20일 (금) 오전 9시 5분 KST", at(20, 0, 5)),
    ("2026. 11. 20. 14:30", at(20, 14, 30)),
    ("2026. 11. 20. 오후 2:30", at(20, 14, 30)),
]


@pytest.mark.parametrize(("text", "when"), CJK, ids=[t for t, _ in CJK])
def test_a_chinese_japanese_or_korean_date_is_read_year_first(text: str, when: datetime) -> None:
    """None before (feedparser reads them as 1 December). No zone: read as UTC, as every
    date without one is."""
    assert loose_date(text) == when
    assert year_first_date(text) == when
    assert is_year_first(text)


@pytest.mark.parametrize("text", [
    "2026年13月20日", "2026年2月30日 14:30", "2026. 11. 32.", "2026年11月20日 14:30 XYZ",
])
def test_a_cjk_date_that_does_not_exist_is_no_date(text: str) -> None:
    """A guard for the new reader (None before too): no made-up date, no guessed zone."""
    assert loose_date(text) is None
    assert year_first_date(text) is None


@pytest.mark.parametrize("text", ["20.11.2026", "20/11/2026", "03.04.2026", "20-11-2026 14:30"])
def test_an_all_number_date_that_opens_with_its_day_stays_unread(text: str) -> None:
    """The module's rule, kept: the order of day and month is not guessed, not even where
    the day is above 12 (unchanged behaviour)."""
    assert loose_date(text) is None


def test_a_word_that_is_a_month_elsewhere_does_not_move_the_date() -> None:
    """The month is the name with a day beside it: "tem" (July in Turkish) is "has" in
    Portuguese, "mar." is Tuesday in French."""
    assert loose_date("20 de novembro de 2026, tem 3") == at(20)
    assert loose_date("mar., 3 mars 2026") == at(3, month=3)


# ---------------------------------------------------------------- feeds


def _rss(pub_date: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk</title>'
        "<link>https://desk.example/</link><description>d</description><item>"
        "<title>Сеть подняла лимит газа</title><link>https://desk.example/a</link>"
        f"<pubDate>{pub_date}</pubDate><description>Текст новости.</description>"
        "</item></channel></rss>"
    ).encode()


FEED_DATES = [
    ("20 ноября 2026 г., 14:30", at(20, 14, 30)),
    ("Пт, 20 ноя 2026 14:30:00 +0300", at(20, 11, 30)),
    ("Cum, 20 Kas 2026 14:30:00 +0300", at(20, 11, 30)),
    ("20 listopada 2026 14:30", at(20, 14, 30)),
    ("2026年11月20日 14:30", at(20, 14, 30)),
    ("2026年11月20日 下午2:30", at(20, 14, 30)),
    ("2026년 11월 20일 14:30", at(20, 14, 30)),
    ("2026. 11. 20. 오후 2:30", at(20, 14, 30)),
    ("2026-11-20 오후 2:30:00", at(20, 14, 30)),
]


@pytest.mark.parametrize(("pub_date", "when"), FEED_DATES, ids=[t for t, _ in FEED_DATES])
def test_a_feed_items_date_in_another_language_dates_it(pub_date: str, when: datetime) -> None:
    """Before: no date (the item dated by its first sighting), or feedparser's 1 December
    for the year-first CJK ones (midnight for the last: the afternoon mark lost the time)."""
    [article] = parse_feed_bytes(_rss(pub_date), "feed.xml")
    assert article.published == when


# ---------------------------------------------------------------- meta_line


BYLINES = [
    ("Иван Петров · 2 часа назад", "Иван Петров"),
    ("Автор: Иван Петров", "Иван Петров"),
    ("Автор: Иван Петров и Анна Смирнова", "Иван Петров и Анна Смирнова"),
    ("Von Anna Schmidt", "Anna Schmidt"),
    ("Por María López", "María López"),
    ("Par Jean Dupont", "Jean Dupont"),
    ("Door Jan de Vries", "Jan de Vries"),
    ("Av Anna Svensson och Erik Lind", "Anna Svensson och Erik Lind"),
    ("Auteur : Jean Dupont", "Jean Dupont"),
    ("Autor: Łukasz Nowak", "Łukasz Nowak"),
    ("Yazar: Ayşe Yılmaz", "Ayşe Yılmaz"),
    ("Émile Laurent · il y a 2 heures", "Émile Laurent"),
    ("作者：李明", "李明"),
    ("记者 李明 王芳", "李明 王芳"),
    ("文/李明", "李明"),
    ("記者 山田太郎", "山田太郎"),
    ("기자 김민수", "김민수"),
    ("김민수 기자", "김민수"),
    ("김민수 기자 minsu@news.example", "김민수"),
]


@pytest.mark.parametrize(("line", "author"), BYLINES, ids=[b for b, _ in BYLINES])
def test_a_byline_in_another_language_or_script_names_the_author(line: str, author: str) -> None:
    """A name had to open with a capital from A to Z, and only "By" and "Author:" were
    bylines: each of these was prose."""
    meta = meta_line(line)
    assert meta is not None and meta.author == author


DATELINES = [
    ("Опубликовано: 20 ноября 2026 г., 14:30", at(20, 14, 30), None),
    ("Обновлено 21 ноября 2026 в 09:15 МСК", None, at(21, 6, 15)),
    ("Yayınlanma: 20 Kasım 2026 14:30", at(20, 14, 30), None),
    ("Opublikowano: 20 listopada 2026, 14:30", at(20, 14, 30), None),
    ("Publicado el 20 de noviembre de 2026 a las 14:30", at(20, 14, 30), None),
    ("Publié le 20 novembre 2026 à 14h30", at(20, 14, 30), None),
    ("发布时间：2026年11月20日 下午2:30", at(20, 14, 30), None),
    ("公開日：2026年11月20日 14時30分", at(20, 14, 30), None),
    ("입력 2026.11.20 14:30 | 수정 2026.11.20 15:10", at(20, 14, 30), at(20, 15, 10)),
    ("Автор: Иван Петров | 20 ноября 2026, 14:30", at(20, 14, 30), None),
]


@pytest.mark.parametrize(("line", "published", "updated"), DATELINES,
                         ids=[d for d, _p, _u in DATELINES])
def test_a_dateline_with_its_label_in_another_language_dates_the_text(
    line: str, published: datetime | None, updated: datetime | None
) -> None:
    """Anywhere in the text (a label makes it a dateline); each was prose before."""
    meta = meta_line(line, top=False)
    assert meta is not None
    assert (meta.published, meta.updated) == (published, updated)


@pytest.mark.parametrize("line", ["20 ноября 2026 г., 14:30", "2026年11月20日 14:30",
                                  "2026. 11. 20. 오후 2:30", "20 Kasım 2026, 14:30"])
def test_a_bare_date_is_a_dateline_only_under_the_headline(line: str) -> None:
    """As in English: further down, "20 ноября 2026" may head a timeline's section."""
    meta = meta_line(line)
    assert meta is not None and meta.published is not None
    assert meta_line(line, top=False) is None


# Prose that opens like a byline or a dateline (unchanged behaviour: it stayed prose
# before, and must stay so)
PROSE = [
    "Иван Петров рассказал, что биткоин вырос на 5% за 2 часа.",
    "Автор идеи — Иван Петров.",
    "Von Anna Schmidt stammt die Idee, den Fonds zu öffnen.",
    "Por María López y su equipo, la red cambió de rumbo.",
    "Par ailleurs, Jean Dupont a quitté le projet.",
    "Par Jean Dupont et ses associés, le fonds a été lancé.",
    "作者：李明表示比特币价格上涨。",
    "记者李明报道，比特币价格上涨5%。",
    "김민수 기자는 20일 비트코인이 올랐다고 말했다.",
    "2026년 11월 20일 비트코인 가격이 5% 올랐다.",
    "2026年11月20日，比特币价格上涨5%。",
    "20 ноября 2026 года биткоин вырос на 5%.",
    "20 Kasım 2026'da Bitcoin yüzde 5 yükseldi.",
    "Opublikowano raport 20 listopada 2026, jak podał zespół.",
]
# Short lines that are no byline though they open like one: a section heading, the author
# box's heading, a column's name
HEADINGS = ["Von Minern", "Von Banken lernen", "Por El Momento", "Par La Suite", "作者简介",
            "记者观察", "Рынок Криптовалют", "Par For The Course", "Door To Door"]


@pytest.mark.parametrize("line", PROSE + HEADINGS)
def test_prose_and_headings_that_open_like_a_byline_are_none(line: str) -> None:
    assert meta_line(line) is None
    assert meta_line(line, top=False) is None


def test_a_word_for_by_is_a_byline_only_under_the_headline_or_beside_a_date() -> None:
    """"Von Anna Schmidt" further down may be anything (as a bare name beside a bare date
    is, in English too); beside an age or a labelled date it is a byline anywhere."""
    assert meta_line("Von Anna Schmidt", top=False) is None
    assert meta_line("Von Anna Schmidt · 20. November 2026", top=False) is None
    meta = meta_line("Von Anna Schmidt · vor 2 Stunden", top=False)
    assert meta is not None and meta.author == "Anna Schmidt"
    meta = meta_line("Von Anna Schmidt · Veröffentlicht am 20. November 2026", top=False)
    assert meta is not None and meta.author == "Anna Schmidt" and meta.published == at(20)


# ---------------------------------------------------------------- dumps

DUMP_P = [
    "Сеть подняла лимит газа на пятую часть, сообщили разработчики в понедельник.",
    "Комиссии упали примерно на десятую часть в первый час, показал трекер.",
    "Валидаторы согласовали изменение на прошлой неделе.",
]


def _dump(*meta: str, prose: tuple[str, ...] = ()) -> str:
    return "\n".join(["Рынки", "Сеть подняла лимит газа – Вестник Блоков", *meta,
                      DUMP_P[0], *prose, *DUMP_P[1:]]) + "\n"


DUMPS = [
    (("Автор: Иван Петров", "Опубликовано: 20 ноября 2026 г., 14:30"),
     "Иван Петров", at(20, 14, 30)),
    (("Иван Петров · 20 ноября 2026",), "Иван Петров", at(20)),
    (("Иван Петров · 2 часа назад", "20 ноября 2026 г., 14:30"), "Иван Петров", at(20, 14, 30)),
    (("Von Anna Schmidt | 20. November 2026, 14:30 Uhr",), "Anna Schmidt", at(20, 14, 30)),
    (("Por María López", "20 de noviembre de 2026"), "María López", at(20)),
    (("Yazar: Ayşe Yılmaz", "20 Kasım 2026, 14:30"), "Ayşe Yılmaz", at(20, 14, 30)),
    (("Jan Kowalski · 20 listopada 2026",), "Jan Kowalski", at(20)),
    (("作者：李明", "2026年11月20日 下午2:30"), "李明", at(20, 14, 30)),
    (("記者 山田太郎", "2026年11月20日 14時30分"), "山田太郎", at(20, 14, 30)),
    (("김민수 기자", "입력 2026.11.20 14:30"), "김민수", at(20, 14, 30)),
    (("기자 김민수 · 2026. 11. 20. 오후 2:30",), "김민수", at(20, 14, 30)),
]


@pytest.mark.parametrize(("meta", "author", "published"), DUMPS, ids=[m[0] for m, _a, _p in DUMPS])
def test_a_dumps_byline_and_dateline_in_its_language_name_the_author_and_date(
    meta: tuple[str, ...], author: str, published: datetime
) -> None:
    """They were the standfirst and paragraphs, and the dump was dated by when digest first
    saw it."""
    article, report = clean_with_report(parse_dump_text(_dump(*meta), "dump.txt"))
    assert article.author == author
    assert article.published == published
    assert article.summary.startswith(DUMP_P[0][:40])
    assert list(article.paragraphs) == DUMP_P[1:]
    assert {line for line, rule in report.dropped if rule in ("byline", "dateline")} == set(meta)


def test_a_korean_byline_at_the_end_of_a_dump_goes() -> None:
    """Korean stories close with the reporter's name and address."""
    text = _dump().rstrip("\n") + "\n김민수 기자 minsu@news.example\n"
    article, report = clean_with_report(parse_dump_text(text, "dump.txt"))
    assert article.author == "김민수"
    assert list(article.paragraphs) == DUMP_P[1:]


@pytest.mark.parametrize("line", PROSE)
def test_a_dumps_prose_that_opens_like_a_byline_stays(line: str) -> None:
    """Under the headline (where a bare date is a dateline) and further down alike
    (unchanged behaviour)."""
    for prose in ((line, DUMP_P[0]), (DUMP_P[0], line)):
        text = "\n".join(["Рынки", "Сеть подняла лимит газа – Вестник Блоков", *prose,
                          *DUMP_P[1:]]) + "\n"
        article, _report = clean_with_report(parse_dump_text(text, "dump.txt"))
        assert line in (article.summary, *article.paragraphs)
        assert article.author is None and article.published is None


def test_a_bare_date_further_down_a_dump_heads_its_section() -> None:
    """A timeline's "20 ноября 2026" stays; only under the headline is it the dateline."""
    text = "\n".join(["Рынки", "Сеть подняла лимит газа – Вестник Блоков", *DUMP_P[:2],
                      "20 ноября 2026", DUMP_P[2]]) + "\n"
    article, _report = clean_with_report(parse_dump_text(text, "dump.txt"))
    assert article.published is None
    assert "20 ноября 2026" in (*article.headings, *article.paragraphs)


# ---------------------------------------------------------------- pages and feed items

PAGE_P = [
    "Сеть подняла лимит газа на пятую часть, сообщили разработчики в понедельник утром.",
    "Комиссии упали примерно на десятую часть в первый час после изменения, показал трекер.",
    "Валидаторы согласовали изменение на прошлой неделе после долгого обсуждения в сети.",
]


def _page(byline: str, dateline: str, head: str = "") -> str:
    title = "Сеть подняла лимит газа"
    body = "".join(f"<p>{p}</p>" for p in PAGE_P)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{head}"
            f"</head><body><main><article><h1>{title}</h1><p>{byline}</p><p>{dateline}</p>"
            f"{body}</article></main></body></html>")


PAGES = [
    ("Автор: Иван Петров", "Опубликовано: 20 ноября 2026 г., 14:30", "Иван Петров",
     at(20, 14, 30)),
    ("作者：李明", "发布时间：2026年11月20日 下午2:30", "李明", at(20, 14, 30)),
    ("김민수 기자", "입력 2026.11.20 14:30", "김민수", at(20, 14, 30)),
    ("By Ann Writer", "Published: November 20, 2026", "Ann Writer", at(20)),
]


@pytest.mark.parametrize(("byline", "dateline", "author", "published"), PAGES,
                         ids=[p[0] for p in PAGES])
def test_a_pages_byline_and_dateline_name_its_author_and_date_when_its_tags_do_not(
    byline: str, dateline: str, author: str, published: datetime
) -> None:
    """A page with no meta tags or JSON-LD for them: the byline and dateline its text
    prints (they were dropped, or were paragraphs, and the page had no author and no
    date)."""
    article, _report = clean_with_report(parse_page_text(_page(byline, dateline), "p.html"))
    assert article.author == author
    assert article.published == published
    assert list(article.paragraphs) == PAGE_P


def test_a_pages_own_tags_win_over_its_text() -> None:
    """A guard (as a dump's .meta.toml wins over its dateline)."""
    head = ("<meta name='author' content='Редакция'>"
            "<meta property='article:published_time' content='2026-11-19T08:00:00Z'>")
    page = _page("Автор: Иван Петров", "Опубликовано: 20 ноября 2026 г., 14:30", head)
    article, _report = clean_with_report(parse_page_text(page, "p.html"))
    assert article.author == "Редакция"
    assert article.published == at(19, 8)


@pytest.mark.parametrize("byline", ["Автор: Иван Петров", "Von Anna Schmidt", "记者 李明",
                                    "김민수 기자"])
def test_a_feed_items_byline_in_another_language_leaves_its_body(byline: str) -> None:
    """As "By Jane Roe" does from the first two blocks of a feed item's body."""
    body = f"<p>{byline}</p>" + "".join(f"<p>{p}</p>" for p in PAGE_P)
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk</title>'
        "<link>https://desk.example/</link><description>d</description><item>"
        "<title>Сеть подняла лимит газа</title><link>https://desk.example/a</link>"
        "<pubDate>Fri, 20 Nov 2026 14:30:00 +0000</pubDate>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    ).encode()
    [raw] = parse_feed_bytes(feed, "feed.xml")
    article, report = clean_with_report(raw)
    assert list(article.paragraphs) == PAGE_P
    assert (byline, "byline") in report.dropped
