"""Scraped dumps, real-world shapes, round 6: a cookie banner copied above the article.

A copy of a whole page takes the consent banner the site showed over its top: a heading
("We value your privacy"), a sentence about cookies and the site's partners, and buttons
("Accept all", "Reject all", "Manage preferences", "Got it!"). Read as the dump's first
lines it became the category and the headline, and pushed the real headline, byline and
dateline into the text. The banner is skipped as a block; a story's sentence about cookies
stays. Every text here was written for these tests; outlets, people and domains are
invented.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from digest.clean import clean_article
from digest.ingest.scraped import parse_dump_text
from digest.model import Article

ARTICLE = (
    "Cloud\n"
    "Harbourline Outage Takes Down Its Western Region \u2013 Quay Ledger\n"
    "A faulty load-balancer rule at Harbourline took its western region offline for hours.\n"
    "By Mira Castell \u00b7 4 min read\n"
    "March 10, 2026 at 4:02 PM UTC\n"
    "Hundreds of shops built on Harbourline went dark on Tuesday when its western region "
    "stopped answering requests for most of the afternoon.\n"
    "Harbourline said it had rolled back the rule and that storage was never at risk.\n"
    "What went wrong\n"
    "The rule sent every request to a pool of machines that had been retired the week before.\n"
)
BANNERS = {
    "iab-style": (
        "We value your privacy\n"
        "We and our 312 partners use cookies to store and access information on your device. "
        'By clicking "Accept all", you consent to our use of cookies. You can manage your '
        "preferences at any time.\n"
        "Accept all\nReject all\nManage preferences\n"
    ),
    "one-line": "This site uses cookies to improve your experience. Read our Cookie Policy.\n"
                "Got it!\n",
    "tcf-sentence": (
        "Your privacy choices\n"
        "We and our partners store and access information on a device, such as cookies, and "
        "process personal data to show you relevant content.\n"
        "I agree\nMore options\n"
    ),
    "german": "Datenschutzeinstellungen\nWir verwenden Cookies, um Ihnen das beste "
              "Nutzungserlebnis zu bieten.\nAlle akzeptieren\nEinstellungen\n",
}


def _clean(text: str) -> Article:
    return clean_article(parse_dump_text(text, "dump.txt"))


def _text_of(article: Article) -> str:
    return "\n".join((article.title, article.summary, *article.paragraphs, *article.headings))


@pytest.mark.parametrize("banner", sorted(BANNERS))
def test_a_cookie_banner_above_a_dump_reads_as_the_dump_without_it(banner: str) -> None:
    with_banner = _clean(BANNERS[banner] + ARTICLE)
    without = _clean(ARTICLE)
    assert with_banner.title == without.title
    assert with_banner.title.startswith("Harbourline Outage Takes Down Its Western Region")
    assert with_banner.source_category == "Cloud"
    assert with_banner.summary == without.summary
    assert with_banner.summary.startswith("A faulty load-balancer rule")
    assert with_banner.author == "Mira Castell"
    assert with_banner.published == datetime(2026, 3, 10, 16, 2, tzinfo=UTC)
    assert with_banner.paragraphs == without.paragraphs
    assert with_banner.headings == without.headings == ("What went wrong",)
    assert "cookie" not in _text_of(with_banner).lower()


def test_a_banner_between_the_category_and_the_headline_is_skipped() -> None:
    label, rest = ARTICLE.split("\n", 1)
    article = _clean(f"{label}\n{BANNERS['iab-style']}{rest}")
    assert article.title.startswith("Harbourline Outage Takes Down Its Western Region")
    assert article.source_category == "Cloud"
    assert article.published == datetime(2026, 3, 10, 16, 2, tzinfo=UTC)


def test_a_banner_under_the_pages_address_is_skipped() -> None:
    raw = parse_dump_text("https://quayledger.example/cloud/harbourline-outage\n"
                          + BANNERS["one-line"] + ARTICLE, "dump.txt")
    assert raw.url == "https://quayledger.example/cloud/harbourline-outage"
    assert raw.source_category == "Cloud"
    assert raw.title.startswith("Harbourline Outage")


def test_a_scripts_header_then_a_banner_keeps_the_standfirst() -> None:
    header = "Title: Harbourline Outage Takes Down Its Western Region\nSource: Quay Ledger\n\n"
    body = ARTICLE.split("\n", 2)[2]
    raw = parse_dump_text(header + BANNERS["iab-style"] + body, "dump.txt")
    assert raw.summary.startswith("A faulty load-balancer rule")


# ---------------------------------------------------------------- prose about cookies stays

STORY_ABOUT_COOKIES = (
    "Privacy\n"
    "Regulator Fines Bramblecart Over Its Cookie Banner \u2013 Quay Ledger\n"
    "We and our partners will stop using third-party cookies next year, Bramblecart said.\n"
    "The regulator found that the shop's banner hid its reject button behind two menus.\n"
    "Accept all\n"
    "The fine is the largest the regulator has issued under the consent rules.\n"
)


def test_a_story_about_cookies_keeps_its_headline_and_standfirst() -> None:
    raw = parse_dump_text(STORY_ABOUT_COOKIES, "dump.txt")
    assert raw.source_category == "Privacy"
    assert raw.title == "Regulator Fines Bramblecart Over Its Cookie Banner \u2013 Quay Ledger"
    assert raw.summary.startswith("We and our partners will stop using third-party cookies")


def test_a_sites_sentence_about_cookies_as_a_first_line_is_no_banner_without_buttons() -> None:
    text = ("Title: Bramblecart Drops Tracking\n\n"
            "We and our partners will stop using third-party cookies next year, the shop said.\n"
            "The change covers its app and its website.\n")
    raw = parse_dump_text(text, "dump.txt")
    assert raw.summary.startswith("We and our partners will stop")


def test_a_privacy_label_and_headline_without_a_banner_stay() -> None:
    text = ("Cookies\nYour Privacy Choices Explained \u2013 Quay Ledger\n"
            "A guide to the buttons every cookie banner shows, and what each one does.\n"
            "Accept all lets every partner set cookies.\n")
    raw = parse_dump_text(text, "dump.txt")
    assert raw.source_category == "Cookies"
    assert raw.title.startswith("Your Privacy Choices Explained")
    assert raw.summary.startswith("A guide to the buttons")


def test_a_dump_of_only_a_banner_is_not_emptied() -> None:
    raw = parse_dump_text(BANNERS["one-line"], "dump.txt")
    assert raw.title  # read as before: nothing is left to be the article
