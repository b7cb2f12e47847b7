"""More shapes real inputs take: scraped dumps copied from news pages, saved article pages,
digest.toml mistakes and command-line use. Every fixture is written here, inline."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.clean import clean_article
from digest.config import load_config
from digest.errors import DigestError
from digest.ingest.html import parse_page_file, parse_page_text
from digest.ingest.scraped import parse_dump_file, parse_dump_text

DUMP = (
    "Markets\n"
    "Harbor Chain Raises Its Gas Limit – Quay Post\n"
    "The network's validators agreed to raise the limit by a fifth.\n"
    "{extra}"
    "The change lets each block carry more transactions, the developers said on Monday.\n"
    "Fees fell by about a tenth in the first hour after the switch, a tracker showed.\n"
)
BODY = [
    "The change lets each block carry more transactions, the developers said on Monday.",
    "Fees fell by about a tenth in the first hour after the switch, a tracker showed.",
]


def clean_dump(text: str) -> tuple:
    article = clean_article(parse_dump_text(text, "dump.txt"))
    return article, list(article.paragraphs), list(article.headings)


# ---------------------------------------------------------------- encodings, invisible lines


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_dump_saved_as_utf16_or_utf32_is_read_not_called_binary(
    tmp_path: Path, encoding: str
) -> None:
    """Notepad's "Unicode" and PowerShell's ``>`` save UTF-16 (with a byte-order mark, or
    without one): every ASCII character has a NUL beside it, which read as binary before."""
    path = tmp_path / "dump.txt"
    path.write_bytes(DUMP.format(extra="Zoë’s “view”: prices held.\n").encode(encoding))
    article = parse_dump_file(path)
    assert article.source_category == "Markets"
    assert article.title == "Harbor Chain Raises Its Gas Limit – Quay Post"
    assert "Zoë’s “view”: prices held." in article.raw_lines


def test_lines_of_invisible_characters_are_blank_not_the_label_or_headline() -> None:
    """A page's zero-width spaces (and a byte-order mark) between blocks survive a copy;
    such a line took the category's place and pushed the label into the headline."""
    text = "\ufeff\u200b\r\nMarkets\r\n\u200b \r\n" + DUMP.split("\n", 1)[1].replace(
        "{extra}", "\u00a0\r\n")
    article = parse_dump_text(text, "dump.txt")
    assert article.source_category == "Markets"
    assert article.title == "Harbor Chain Raises Its Gas Limit – Quay Post"
    assert article.summary == "The network's validators agreed to raise the limit by a fifth."


def test_an_empty_dump_is_reported_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(b"\r\n  \r\n")
    with pytest.raises(DigestError, match="the file is empty"):
        parse_dump_file(path)


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("windows-1251", "Биткоин вырос до нового рекорда, сообщили аналитики рынка."),
        ("iso-8859-2", "Zażółć gęślą jaźń, powiedzieli analitycy rynku w środę."),
        ("shift_jis", "ビットコインが最高値を更新したと市場の分析者が述べた。"),
    ],
)
def test_a_saved_page_is_read_in_the_charset_its_meta_declares(
    tmp_path: Path, charset: str, text: str
) -> None:
    """A file has no HTTP header: a page in a legacy charset says so only in its <meta>.
    It was read as Windows-1252, every letter mojibake."""
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>Market Note</title></head><body><article><h1>Market Note</h1>"
        + "".join(f"<p>{n}. {text}</p>" for n in (1, 2, 3)) + "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(charset))
    article = clean_article(parse_page_file(path))
    assert article.paragraphs and article.paragraphs[0] == f"1. {text}"


def test_a_page_saved_as_utf8_is_utf8_whatever_its_meta_says(tmp_path: Path) -> None:
    """Browsers save pages as UTF-8 and may keep the old charset label."""
    page = ('<html><head><meta charset="windows-1252"><title>Café Note</title></head><body>'
            "<article><h1>Café Note</h1>" + "".join(
                f"<p>{n}. The café in Zürich now takes “stablecoins”.</p>" for n in (1, 2, 3))
            + "</article></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-8"))
    article = clean_article(parse_page_file(path))
    assert article.title == "Café Note"
    assert article.paragraphs[0] == "1. The café in Zürich now takes “stablecoins”."


# ---------------------------------------------------------------- saved pages

PARAGRAPHS = [
    "The council voted on Tuesday to adopt a framework for digital asset custody.",
    "Custodians must hold client assets in segregated accounts and publish attestations.",
    "Industry groups welcomed the clarity but warned about the cost for smaller firms.",
]


def test_a_page_whose_text_is_only_in_json_ld_keeps_its_paragraphs() -> None:
    """A script-drawn page saves its text only in JSON-LD's articleBody; it became one
    run-on paragraph (and the page's address, JSON-LD's url, was not read)."""
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "Council Adopts Custody Framework", "articleBody": "\n\n".join(PARAGRAPHS),
        "url": "https://ledger.example/2026/11/custody",
        "author": {"@type": "Person", "name": "Ann Writer"},
        "datePublished": "2026-11-23T09:00:00Z",
    }
    page = ('<!doctype html><html><head><title>Council Adopts Custody Framework</title>'
            f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
            '<body><div id="app"></div><script>window.start()</script></body></html>')
    article = clean_article(parse_page_text(page, "page.html"))
    assert list(article.paragraphs) == PARAGRAPHS
    assert article.url == "https://ledger.example/2026/11/custody"
    assert article.author == "Ann Writer"


def test_a_page_saved_by_a_browser_links_to_where_it_was_saved_from() -> None:
    page = ("<!DOCTYPE html>\n<!-- saved from url=(0041)https://ledger.example/2026/11/rules -->\n"
            "<html><head><title>Rules Adopted</title>"
            '<meta property="article:author" content="https://www.facebook.com/ledger">'
            '<meta name="parsely-author" content="Ann Writer"></head><body><article>'
            "<h1>Rules Adopted</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "</article></body></html>")
    article = clean_article(parse_page_text(page, "page.html"))
    assert article.url == "https://ledger.example/2026/11/rules"
    assert article.author == "Ann Writer"  # a profile's address names nobody


def test_a_paywall_teaser_is_not_the_articles_text() -> None:
    page = ("<html><head><title>Rules Adopted</title></head><body><article><h1>Rules Adopted"
            f"</h1><p>{PARAGRAPHS[0]}</p><div class='paywall'><p>Subscribe to continue reading."
            " Already a subscriber? Log in.</p><p>Get unlimited access for $1 a week.</p>"
            "</div></article></body></html>")
    article = clean_article(parse_page_text(page, "page.html"))
    assert list(article.paragraphs) == PARAGRAPHS[:1]
    assert article.summary == PARAGRAPHS[0]


# ---------------------------------------------------------------- dump furniture


@pytest.mark.parametrize(
    ("line", "author", "published", "updated"),
    [
        ("Jane Roe · 4 min read", "Jane Roe", None, None),
        ("By Ann One and Bob Two | November 20, 2026 | 5 min read", "Ann One and Bob Two",
         datetime(2026, 11, 20, tzinfo=UTC), None),
        ("Published: Nov 20, 2026", None, datetime(2026, 11, 20, tzinfo=UTC), None),
        ("Updated: Nov 23, 2026", None, None, datetime(2026, 11, 23, tzinfo=UTC)),
        ("Last updated: Monday, November 23, 2026 at 10:30 am", None, None,
         datetime(2026, 11, 23, 10, 30, tzinfo=UTC)),
        ("Posted on 20 November 2026", None, datetime(2026, 11, 20, tzinfo=UTC), None),
        ("November 20, 2026", None, datetime(2026, 11, 20, tzinfo=UTC), None),
        ("Jane Roe | Nov 20, 2026", "Jane Roe", datetime(2026, 11, 20, tzinfo=UTC), None),
    ],
)
def test_bylines_and_datelines_under_the_headline_go_and_fill_author_and_dates(
    line: str, author: str | None, published: datetime | None, updated: datetime | None
) -> None:
    """They were kept as section headings, or ("Updated: Nov 23, 2026") as the editorial
    note; the dates they print were lost, and the dump dated by when it was first seen."""
    article, paragraphs, headings = clean_dump(DUMP.format(extra=line + "\n"))
    assert paragraphs == BODY and headings == []
    assert article.note is None
    assert article.author == author
    assert article.published == published
    assert article.updated == updated


def test_a_date_heading_further_down_stays_and_a_real_update_note_stays() -> None:
    """A bare date is a dateline only under the headline: further down it may head a
    timeline's section. "Update:" with words after it is the editor's note."""
    article, paragraphs, headings = clean_dump(DUMP.format(extra="") + (
        "November 3, 2026\n"
        "The first test network went live with four validators.\n"
        "Update: The team has since published the full audit.\n"))
    assert "November 3, 2026" in headings
    assert article.published is None
    assert article.note == "Update: The team has since published the full audit."


@pytest.mark.parametrize(
    "line",
    [
        "Photo by Ann Example on Unsplash",
        "(Image credit: Example Agency)",
        "Credit: Example Agency",
        "Illustration by Sam Drawer",
        "1.2K shares",
        "3,400 views",
        "Get the best crypto stories delivered to your inbox every morning.",
        "Subscribe to continue reading. Already a subscriber? Log in.",
        "Get unlimited access for $1 a week.",
    ],
)
def test_credits_counters_and_sign_up_lines_are_not_the_article(line: str) -> None:
    _article, paragraphs, headings = clean_dump(DUMP.format(extra=line + "\n"))
    assert paragraphs == BODY and headings == []


@pytest.mark.parametrize(
    "line",
    [
        "Photo finish: the vote came down to a single delegate.",
        "Credit Suisse: The Fall of a Giant",
        "Credit markets tightened further on Tuesday as spreads widened.",
        "Users must log in to read their messages, the company said.",
        "By the end of the year, the fund had doubled in size.",
        "Video: how the bridge exploit unfolded",
        "The Price of Bitcoin · A Look Back",
        "Contents of the report were leaked to reporters on Monday.",
        "Carbon credits: what changes for miners in 2027",
        "Tax credits: who gains from the new rules",
    ],
)
def test_prose_and_headings_that_open_like_furniture_stay(line: str) -> None:
    _article, paragraphs, headings = clean_dump(DUMP.format(extra="") + line + "\n")
    assert line in paragraphs + headings


def test_a_related_posts_heading_takes_the_headlines_under_it() -> None:
    """"Related Posts" and "You may also like" went, the other stories' headlines under
    them stayed as this one's section headings; a short section heading of the article's
    own after such a list stays."""
    _article, paragraphs, headings = clean_dump(DUMP.format(extra="") + (
        "Related Posts\n"
        "Lending Markets Slow as Rates Rise\n"
        "Bridge Exploit Drains Two Pools\n"
        "What Comes Next\n"
        "The next upgrade is planned for the spring, the team said.\n"
        "You may also like\n"
        "Exchange Adds Three New Trading Pairs\n"))
    assert headings == ["What Comes Next"]
    assert paragraphs == [*BODY, "The next upgrade is planned for the spring, the team said."]


def test_a_table_of_contents_goes_and_the_sections_it_lists_stay() -> None:
    _article, paragraphs, headings = clean_dump(DUMP.format(extra=(
        "Table of Contents\n"
        "1. Why It Changed\n"
        "2. What Users Pay\n")) + (
        "Why It Changed\n"
        "Blocks had been full for weeks, the developers said.\n"
        "What Users Pay\n"
        "Fees depend on demand, as before.\n"))
    assert headings == ["Why It Changed", "What Users Pay"]
    assert paragraphs == [*BODY, "Blocks had been full for weeks, the developers said.",
                          "Fees depend on demand, as before."]


def test_meta_line_rejects_lines_that_only_look_like_one() -> None:
    from digest.clean import meta_line

    for line in ("Q3 2026 | Results", "Ann Writer and Bob Two", "Monday, 2026",
                 "Table 12, 2026"):
        assert meta_line(line, top=True) is None, line


# ---------------------------------------------------------------- digest.toml


def load(tmp_path: Path, text: str) -> str:
    path = tmp_path / "digest.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DigestError) as info:
        load_config(path)
    return info.value.message


def test_a_missing_key_names_the_line_of_its_own_table(tmp_path: Path) -> None:
    """Not the line of the same key in the next table (nor no line at all)."""
    message = load(tmp_path, '[[topics]]\nslug = "a"\n\n[[topics]]\nslug = "b"\nname = "B"\n')
    assert "topics[0].name" in message and "line 1" in message


def test_a_topic_with_an_empty_name_is_an_error(tmp_path: Path) -> None:
    message = load(tmp_path, '[[topics]]\nslug = "defi"\nname = " "\n')
    assert "topics[0].name" in message and "empty" in message and "line 3" in message


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ('[site]\ntitle = "Digest\n', "line 2", "not closed"),
        ('[site]\ntitle = "a"\ntitle = "b"\n', "line 3", "set twice"),
        ("[site]\ntitle = Crypto News\n", "line 2", "quotes"),
        ('[site]\ntitle = "a"\n[site]\nfeed_items = 3\n', "line 3", "declared twice"),
    ],
)
def test_toml_syntax_errors_name_the_line_and_say_what_to_do(
    tmp_path: Path, text: str, line: str, hint: str
) -> None:
    message = load(tmp_path, text)
    assert f"digest.toml, {line}:" in message
    assert hint in message


@pytest.mark.parametrize(
    ("url", "suggestion"),
    [
        ("news.example/feed.xml", 'url = "https://news.example/feed.xml"'),
        ("htps://news.example/feed", 'url = "https://news.example/feed"'),
        ("feeds/local.xml", 'path = "..."'),
    ],
)
def test_a_source_url_without_its_scheme_suggests_the_url_to_write(
    tmp_path: Path, url: str, suggestion: str
) -> None:
    message = load(tmp_path, f'[[sources]]\nurl = "{url}"\n')
    assert "sources[0].url" in message and suggestion in message


# ---------------------------------------------------------------- the command line


def test_config_may_follow_the_command(tmp_path: Path, cli) -> None:
    """``digest build --config FILE`` was a usage error: --config went before the command."""
    config = tmp_path / "site.toml"
    config.write_text('[site]\nfeed_items = "50"\n', encoding="utf-8")
    result = cli("build", "--config", str(config), "--content", str(tmp_path),
                 "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "site.feed_items" in result.stderr and "Traceback" not in result.stderr


def test_clean_reads_a_folder_and_says_a_missing_file_is_missing(tmp_path: Path, cli) -> None:
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "one.txt").write_text(DUMP.format(extra=""), encoding="utf-8")
    (folder / "two.txt").write_text(DUMP.format(extra="").replace("Gas", "Block"),
                                    encoding="utf-8")
    result = cli("clean", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [Path(item["file"]).name for item in json.loads(result.stdout)] == [
        "one.txt", "two.txt"]
    result = cli("clean", str(tmp_path / "nothere.txt"), cwd=tmp_path)
    assert result.returncode == 1
    assert "no such file" in result.stderr and "digest.toml" not in result.stderr
