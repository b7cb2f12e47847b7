# ruff: noqa: E501  (a sentence a line)
"""The clean stage, round 5: a comment section ends the article ("34 Comments", "12
thoughts on “…”", "Leave a Reply", "Sort by: Newest", WordPress's "Your email address will
not be published."); a press release's "About ..." and legal notice read the same when the
publisher sets heading and text in one paragraph (``<strong>About Acme</strong><br>...``);
a beacon with no alt is a tracking pixel; a video's, a podcast's and a newsletter's own
lines (sponsor reads, Patreon and merch links, hashtags, "Subscribe on Apple Podcasts",
"Thanks for reading X! Subscribe for free"), author boxes, share rows, a German site's
author initials, a table of contents at the foot and a wire's dateline before the lead
are furniture.

Every text is written for this file (invented outlets and people, ``.example`` hosts)."""

from __future__ import annotations

import time

import pytest

from digest.clean import comments_start, furniture_rule, is_tracking_pixel
from tests.test_realworld_clean4 import _dump, _feed, _page, _paras
from tests.test_realworld_prose_kept import TITLE, P

WAY_NAMES = ["feed", "page", "dump"]


def _read(way: str, lines: list[str]):
    if way == "dump":
        return _dump(lines)
    return (_feed if way == "feed" else _page)(_paras(lines))


def _text(article) -> str:
    return " ".join([*article.paragraphs, *article.headings])


# ---------------------------------------------------------------- 1. comment sections

WORDPRESS_COMMENTS = [
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "3 thoughts on “Kestrel Opens a Cheaper Bridge”",
    "Harbor_dev says:",
    "November 20, 2026 at 6:30 pm",
    "Finally, the old fees were absurd.",
    "Reply",
    "m.okoye says:",
    "November 20, 2026 at 7:02 pm",
    "Who audited the new contracts? Nobody says.",
    "Reply",
]
DISQUS_COMMENTS = [
    "34 Comments",
    "Sort by: Newest",
    "Quillfeather_9",
    "2 hours ago",
    "Bridges are where the money gets stolen. Audit first, ship later.",
    "Reply · 12 likes",
    "nodewatcher",
    "3 hours ago",
    "We moved our liquidity over this morning and it worked fine.",
    "Reply · 8 likes",
    "Load more comments",
]
COMMENTERS = ["Harbor_dev", "m.okoye", "Quillfeather_9", "nodewatcher", "Sort by", "says:",
              "Nobody says", "absurd", "Audit first", "worked fine", "Load more", "thoughts on"]


@pytest.mark.parametrize("comments", [WORDPRESS_COMMENTS, DISQUS_COMMENTS],
                         ids=["wordpress", "disqus"])
@pytest.mark.parametrize("way", WAY_NAMES)
def test_a_comment_section_ends_the_article(comments: list[str], way: str) -> None:
    """The commenters' names, dates, "says:" lines, replies and comments were paragraphs and
    headings of the article; only the first heading ("Leave a Reply", "34 Comments") went."""
    article, dropped = _read(way, [*P, *comments])
    text = _text(article)
    assert not [name for name in COMMENTERS if name in text], text
    assert P[3] in article.paragraphs
    assert {rule for line, rule in dropped if line in comments} <= {
        "comments", "relative-age", "social-count", "dateline"}


def test_a_comment_section_before_a_dumps_related_posts_ends_the_article() -> None:
    article, dropped = _dump([*P, *DISQUS_COMMENTS, "-",
                              "Markets2 days agoAnother Bridge Reopens – Quay Post"])
    assert list(article.paragraphs) == P[1:]  # (the first line: the dump's standfirst)
    assert ("Markets2 days agoAnother Bridge Reopens – Quay Post", "related-posts") in dropped


PROSE_COMMENTS = [
    "The agency received 34 comments on the proposal before the deadline.",
    "Readers left hundreds of comments under the announcement, most of them angry.",
    "Leave a reply in the forum, the team wrote, and we will answer every question.",
    "Comments from the auditors are due on Friday.",
]


@pytest.mark.parametrize("line", PROSE_COMMENTS)
@pytest.mark.parametrize("way", WAY_NAMES)
def test_sentences_about_comments_stay_and_end_nothing(line: str, way: str) -> None:
    article, _dropped = _read(way, [*P[:2], line, *P[2:]])
    assert line in article.paragraphs
    assert P[3] in article.paragraphs


@pytest.mark.parametrize("way", WAY_NAMES)
def test_a_comments_heading_in_the_first_half_of_an_explainer_ends_nothing(way: str) -> None:
    """A section of a text about a public consultation, titled "Comments", with the text's
    prose after it and no reply, no "says:" line after it."""
    more = ["The second round closes in March, the regulator said.",
            "Exchanges must publish their answers within a week.",
            "A final rule is expected before the summer.",
            "Industry groups said they would ask for more time."]
    article, _dropped = _read(way, [*P[:3], "Comments", *more])
    assert all(line in article.paragraphs for line in more)


def test_comments_start_needs_prose_before_the_heading() -> None:
    assert comments_start(["34 Comments", "Reply", *P]) is None
    assert comments_start([*P, *DISQUS_COMMENTS]) == len(P)


def test_many_lines_are_read_in_linear_time() -> None:
    lines = [*P, *(["Reply", "Comments (12)"] * 5000)]
    start = time.perf_counter()
    comments_start(lines)
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------- 2. press releases

GNW_BODY = (
    '<p align="justify">BOSTONVILLE, Nov. 20, 2026 (EXAMPLE WIRE) -- Kestrel Labs, Inc., a '
    "maker of bridge software, today opened a cheaper bridge between two chains.</p>"
    f"<p>{P[1]}</p><p>{P[2]}</p>"
    '<p align="justify"><strong>About Kestrel Labs</strong><br />Kestrel Labs, Inc. is a '
    "software company headquartered in Bostonville.</p>"
    '<p align="justify"><strong>Forward-Looking Statements</strong><br />This press release '
    "contains forward-looking statements. Actual results may differ materially.</p>"
    '<img class="__GNW01__IMG" src="https://www.wire.example/newsroom/ti?nf=OTk4MQ==" />'
)


def test_a_releases_closing_sections_in_one_paragraph_each_are_dropped() -> None:
    article, dropped = _feed(GNW_BODY)
    text = _text(article)
    assert "About Kestrel" not in text and "headquartered" not in text
    assert "forward-looking" not in text.lower()
    assert {rule for _line, rule in dropped} >= {"about-company", "legal-notice"}
    assert P[2] in article.paragraphs


def test_a_bold_lead_in_with_a_line_break_stays() -> None:
    body = (f"<p>{P[0]}</p><p><strong>Why it matters</strong><br />{P[1]}</p>"
            f"<p><strong>About the bridge</strong><br />{P[2]}</p><p>{P[3]}</p>")
    article, _dropped = _feed(body)
    text = _text(article)
    assert "Why it matters" in text and P[1] in text and P[2] in text


def test_a_wire_dateline_is_no_part_of_the_lead_or_the_summary() -> None:
    article, dropped = _feed(GNW_BODY)
    assert article.paragraphs[0].startswith("Kestrel Labs, Inc., a maker")
    assert article.summary.startswith("Kestrel Labs, Inc., a maker")
    assert ("BOSTONVILLE, Nov. 20, 2026 (EXAMPLE WIRE) --", "wire-dateline") in dropped


def test_a_prwire_dateline_leaves_its_feeds_own_summary_too() -> None:
    lead = ("PORT WREN, Calif., March 10, 2026 /ExampleWire/ -- Kestrel Labs today opened a "
            "cheaper bridge between two chains.")
    article, _dropped = _feed(f"<p>{lead}</p><p>{P[1]}</p>",
                              extra=f"<description><![CDATA[<p>{lead}</p>]]></description>")
    assert article.summary == "Kestrel Labs today opened a cheaper bridge between two chains."
    assert article.paragraphs[0] == article.summary


@pytest.mark.parametrize("lead", [
    "LONDON — The bank said on Monday that it would close the bridge.",
    "BOSTONVILLE, the city the company calls home, said on Nov. 20, 2026 that it would help.",
    "Kestrel said on Nov. 20, 2026 -- a Friday -- that fees would fall.",
])
def test_a_lead_with_no_wire_dateline_is_kept_whole(lead: str) -> None:
    article, _dropped = _feed(f"<p>{lead}</p><p>{P[1]}</p>")
    assert article.paragraphs[0] == lead


@pytest.mark.parametrize("tag", [
    '<img class="__GNW01__IMG" src="https://www.wire.example/newsroom/ti?nf=OTk4MQ==" />',
    '<img src="https://www.wire.example/newsroom/ti?nf=OTk4MQ==" alt="">',
    '<img src="https://mail.example/open?id=4411" alt="">',
    '<img src="https://news.example/assets/spacer.gif">',
    '<img src="https://news.example/img/1x1.png?u=8" alt="">',
])
def test_a_beacon_with_no_alt_is_a_tracking_pixel(tag: str) -> None:
    assert is_tracking_pixel(tag)


@pytest.mark.parametrize("tag", [
    '<img src="https://www.wire.example/newsroom/ti?nf=OTk4MQ==" alt="The new bridge">',
    '<img src="https://cdn.example/photos/bridge.jpg">',
    '<img src="https://cdn.example/img/t?w=800">',
    '<img src="http://[x">',
])
def test_pictures_are_no_pixels(tag: str) -> None:
    assert not is_tracking_pixel(tag)


def test_the_releases_pixel_leaves_its_body() -> None:
    article, _dropped = _feed(GNW_BODY)
    assert "ti?nf" not in article.body_html


# ---------------------------------------------------------------- 3. lines of furniture

FURNITURE = [
    ("sponsor", "This video is sponsored by Example VPN. Use code WREN for 20% off."),
    ("sponsor", "This episode is brought to you by Ledgerly."),
    ("sponsor", "Sponsored by Quayside — the dashboard that reads your logs. Go to quayside.example/show for 3 months free."),
    ("channel-links", "Support the channel on Patreon: https://patreon.example/wrencast"),
    ("channel-links", "Merch: https://wrencast.example/shop"),
    ("channel-links", "Discord: discord.example/wrencast"),
    ("hashtags", "#kestrel #bridges #defi"),
    ("subscribe", "Subscribe on Apple Podcasts, Spotify, or wherever you get your podcasts. Leave us a review!"),
    ("subscribe", "Rate and review us on Apple Podcasts."),
    ("subscribe", "Thanks for reading Quay Notes! Subscribe for free to receive new posts and support my work."),
    ("subscribe", "Quay Notes is a reader-supported publication. To receive new posts and support my work, consider becoming a free or paid subscriber."),
    ("author-bio", "Ines Marlow covers crypto infrastructure for Quay Post. Reach her at ines@quay.example."),
    ("author-bio", "Ines Marlow covers crypto infrastructure for Quay Post."),
    ("author-bio", "Tomas Brill is Quay Post's senior markets editor."),
    ("share-widget", "Share on X · Share on LinkedIn · Copy link"),
    ("author-initials", "(jko)"),
    ("author-initials", "(bac/dpa)"),
]


@pytest.mark.parametrize(("rule", "line"), FURNITURE, ids=[f"{r}:{t[:30]}" for r, t in FURNITURE])
def test_the_lines_are_furniture(rule: str, line: str) -> None:
    assert furniture_rule(line) == rule


@pytest.mark.parametrize(("rule", "line"), FURNITURE, ids=[f"{r}:{t[:30]}" for r, t in FURNITURE])
@pytest.mark.parametrize("way", WAY_NAMES)
def test_the_lines_leave_the_text(rule: str, line: str, way: str) -> None:
    article, dropped = _read(way, [*P, line])
    assert line not in _text(article)
    assert (line, rule) in dropped
    assert P[3] in article.paragraphs


PROSE_KEPT = [
    "Sponsored by the state, the program covers 40% of the costs.",
    "The hearing was sponsored by Senator Ann Vale, a critic of the bridge.",
    "Users can subscribe on Spotify for $5 a month, the company said.",
    "Thanks for reading the filing so closely, the judge told the lawyers.",
    "Lena Varga is Kestrel's chief information security officer.",
    "Jane Roe covers the $4M shortfall for Kestrel out of her own fund.",
    "The site uses cookies to track users, the regulator said.",
    "The photo by Ann Vale on Unsplash was later removed by the agency.",
    "Support the channel on Patreon, the streamer urged, or it will close in March.",
    "The code #bridge2026 spread on social media within hours.",
    "Comments on the draft rule closed on Friday (see below).",
]


@pytest.mark.parametrize("line", PROSE_KEPT)
@pytest.mark.parametrize("way", WAY_NAMES)
def test_sentences_that_share_the_furnitures_words_stay(line: str, way: str) -> None:
    assert furniture_rule(line) is None
    article, _dropped = _read(way, [*P, line])
    assert line in article.paragraphs


def test_a_videos_description_paragraph_of_link_lines_is_dropped_whole() -> None:
    body = (f"<p>{P[0]} {P[1]}</p><p>Support the channel on Patreon: "
            "https://patreon.example/wrencast<br>Merch: https://wrencast.example/shop<br>"
            "#kestrel #bridges #defi</p>")
    article, dropped = _feed(body)
    assert "Patreon" not in article.body_html and "#kestrel" not in article.body_html
    assert list(article.paragraphs) == [f"{P[0]} {P[1]}"]
    assert any(rule == "channel-links" for _line, rule in dropped)


def test_a_paragraph_of_lines_with_one_sentence_stays() -> None:
    body = (f"<p>{P[0]}</p><p>Merch: https://wrencast.example/shop<br>{P[1]}</p>")
    article, _dropped = _feed(body)
    assert P[1] in _text(article)


def test_a_table_of_contents_at_the_foot_of_a_dump_is_dropped() -> None:
    lines = [P[0], P[1], "How it works", P[2], "Getting started", P[3],
             "Table of contents", TITLE, "How it works",
             "Getting started", "Share on X · Share on LinkedIn · Copy link"]
    article, dropped = _dump(lines)
    assert list(article.headings) == ["How it works", "Getting started"]
    assert ("Table of contents", "table-of-contents") in dropped


@pytest.mark.parametrize(("description", "summary"), [
    ("<p>The outage hit the busiest region. [&hellip;]</p>", "The outage hit the busiest region."),
    ("<p>Der Ausfall traf die größte Region. [&#8230;]</p>", "Der Ausfall traf die größte Region."),
    ("<p>The outage hit the busiest region, and [&hellip;]</p>", "The outage hit the busiest region, and…"),
    ("<p>She said “it was our busiest region.” [&hellip;]</p>", "She said “it was our busiest region.”"),
])
def test_a_wordpress_excerpt_ends_with_one_mark(description: str, summary: str) -> None:
    """WordPress's "[…]" after an excerpt: an ellipsis after a sentence cut short, nothing
    after a whole one (it read "the busiest region.…")."""
    from digest.clean import _excerpt_ellipsis, plain_text

    assert _excerpt_ellipsis(plain_text(description).strip()) == summary


@pytest.mark.parametrize("name", ["p.png", "e.gif", "t.png", "o.gif", "b.png"])
def test_a_picture_with_a_one_letter_name_is_no_beacon(name: str) -> None:
    """A beacon's name says it ("spacer.gif", "1x1.png", "/open?id="); a one-letter
    picture name is as often a site's real picture, and stays."""
    from digest.clean import is_tracking_pixel

    assert not is_tracking_pixel(f'<img src="https://pics.example/2026/{name}">')
    assert is_tracking_pixel('<img src="https://pics.example/spacer.gif">')
